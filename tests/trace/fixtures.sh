#!/bin/sh
# Lays out every trace fixture in DEST: the committed ones, and those made here so that no
# binary is committed: gzip copies (one of two members), a truncated JSON, a truncated and a
# corrupted gzip, an empty file, a file of neither kind, kernels whose grid or block is not an
# array, and SQLite databases built from the .sql fixtures by make_db.
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
for sql in "$src"/*.nsys.sql; do
  "$make_db" "$(basename "$sql" .sql).sqlite" "$sql"
done
