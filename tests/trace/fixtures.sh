#!/bin/sh
# Lays out every trace fixture in DEST: the committed ones, and those made here so that no
# binary is committed: gzip copies (one of two members), a truncated JSON, a truncated and a
# corrupted gzip, an empty file, a file of neither kind, kernels whose grid or block is not an
# array, traces whose workload simulate would refuse or the writer could not write, SQLite
# databases built from the .sql fixtures by make_db (and variants of steps.nsys.sql), and a
# workload whose step column jumps far.
# usage: fixtures.sh SRCDIR MAKE_DB DEST
set -eu
src=$1 make_db=$2 dest=$3
cp "$src"/*.json "$dest"/
cd "$dest"
gzip -9 -c steps.trace.json >steps.trace.json.gz
# Two gzip members (what `cat a.gz b.gz` makes) hold one JSON text split in two.
head -c 1500 steps.trace.json | gzip -c >two_members.trace.json.gz
tail -c +1501 steps.trace.json | gzip -c >>two_members.trace.json.gz
head -c 3000 steps.trace.json >truncated.trace.json
size=$(wc -c <steps.trace.json.gz)
head -c $((size / 2)) steps.trace.json.gz >truncated.trace.json.gz
cp steps.trace.json.gz corrupt.trace.json.gz
# Overwrite 16 bytes in the middle of the deflate data.
printf 'GARBAGEGARBAGE!!' | dd of=corrupt.trace.json.gz bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
: >empty.trace.json
printf 'PK\003\004 this is a zip archive, not a trace\n' >zip.trace
# A kernel's args.grid or args.block of another type than [x, y, z] (integers), which the
# profiler never writes: a string, an object, null, a fourth "dimension" that is null.
sed 's/"grid": \[4, 1, 1\]/"grid": "4,1,1"/' steps.trace.json >grid_string.trace.json
sed 's/"grid": \[4, 1, 1\]/"grid": {"x": 4}/' steps.trace.json >grid_object.trace.json
sed 's/"grid": \[4, 1, 1\]/"grid": null/' steps.trace.json >grid_null.trace.json
sed 's/"block": \[256, 1, 1\]/"block": [256, 1, 1, null]/' steps.trace.json >block_dim_null.trace.json
# A kernel of 2e9 us (2e12 ns) and a launch call of 1e12 us: beyond the 1e12 ns a workload row
# may hold (PK_WORKLOAD_MAX_NS); a grid of 2^96 blocks, whose product no 64 bits hold.
sed 's/"ts": 1016.000, "dur": 2.500/"ts": 1016.000, "dur": 2e9/' steps.trace.json >kernel_long.trace.json
sed 's/"ts": 1010.000, "dur": 4.000/"ts": 1010.000, "dur": 1e12/' steps.trace.json >launch_long.trace.json
sed 's/"grid": \[4, 1, 1\]/"grid": [4294967295, 4294967295, 4294967295]/' steps.trace.json >grid_huge.trace.json
for sql in "$src"/*.nsys.sql; do
  "$make_db" "$(basename "$sql" .sql).sqlite" "$sql"
done
# steps.nsys.sql changed by one statement: a kernel of 5e12 ns, a kernel or a runtime call that
# ends before it starts, a grid dimension that is not an unsigned 32-bit count, a grid of 2^93
# blocks.
nsys_variant() { # NAME SQL
  { cat "$src/steps.nsys.sql"; echo "$2"; } >"$1.nsys.sql"
  "$make_db" "$1.nsys.sqlite" "$1.nsys.sql"
  rm "$1.nsys.sql"
}
nsys_variant kernel_long "UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET end = start + 5000000000000 WHERE correlationId = 101;"
nsys_variant kernel_backwards "UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET end = start - 1 WHERE correlationId = 102;"
nsys_variant call_backwards "UPDATE CUPTI_ACTIVITY_KIND_RUNTIME SET end = start - 1 WHERE correlationId = 102;"
nsys_variant grid_negative "UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET gridX = -1;"
nsys_variant grid_huge \
  "UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET gridX = 2147483647, gridY = 2147483647, gridZ = 2147483647;"
# The runtime table replaced by a view of the same name that never returns a row (a recursive
# query): refused as a view, not read (the import spun forever).
nsys_variant runtime_view "ALTER TABLE CUPTI_ACTIVITY_KIND_RUNTIME RENAME TO R0; CREATE VIEW CUPTI_ACTIVITY_KIND_RUNTIME AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT R0.* FROM R0, c WHERE x < 0 LIMIT 1;"
# A step marker that ends before it starts: refused as other tables' rows are (it was dropped).
nsys_variant marker_backwards "UPDATE NVTX_EVENTS SET end = start - 1 WHERE text = 'ProfilerStep#1';"
# ...and one added last that starts first: its row is 4, its place in time order 1.
nsys_variant marker_rowid "INSERT INTO NVTX_EVENTS (start, end, eventType, text, globalTid, domainId)
  VALUES (5000900000, 5000800000, 59, 'ProfilerStep#0', 71168954514, 0);"
# A NULL thread id, a fractional start: named by their table's column, not the reader's SQL.
nsys_variant tid_null "UPDATE CUPTI_ACTIVITY_KIND_RUNTIME SET globalTid = NULL WHERE correlationId = 102;"
nsys_variant start_real "UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET start = start + 0.5 WHERE correlationId = 102;"
# The graph launch (correlation 106) traced whole, as nsys --cuda-graph-trace=graph records it: one
# row of CUPTI_ACTIVITY_KIND_GRAPH_TRACE and no kernel of it (its launch was taken for host time).
nsys_variant graph_whole "DELETE FROM CUPTI_ACTIVITY_KIND_KERNEL WHERE correlationId = 106;
  CREATE TABLE CUPTI_ACTIVITY_KIND_GRAPH_TRACE (start INTEGER NOT NULL, end INTEGER NOT NULL, deviceId INTEGER,
  contextId INTEGER, greenContextId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER,
  graphId INTEGER, graphExecId INTEGER);
  INSERT INTO CUPTI_ACTIVITY_KIND_GRAPH_TRACE VALUES (5001120000, 5001127000, 0, 1, NULL, 9, 106, 71168950272, 1, 1);"
# "traceEvents" twice: every op would be imported twice.
k='{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 10, "dur": 1, "args": {"correlation": 5}}'
printf '{"traceEvents": [%s], "traceEvents": [%s]}\n' "$k" "$k" >events_twice.trace.json
# Two rows, steps 0 and 4e9: 4e9 - 1 steps without a row, far more than the reader holds.
printf 'duration_ns,step\n100,0\n100,4000000000\n' >step_gap.workload.csv
