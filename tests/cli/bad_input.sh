#!/bin/sh
# Bad input across the commands, as a review of them found it handled: each case exits
# with its code, says one line naming what is wrong, and leaves nothing in the folder it ran in
# (no output file or folder, the input untouched).
#  - a flag whose value is missing takes no option for it ("--out --canary");
#  - a --benchmark_* flag given twice;
#  - an empty value or argument, or an empty element of a list of names;
#  - an --out that names a folder where a file goes, or that cannot be made, refused before any
#    work (calibrate, simulate, trace import, merge), a file where a folder goes, said in the same
#    words by every command that makes one, a sweep whose measured.json is a folder, and a
#    sweep --device whose worker's log is a folder (refused before any worker runs);
#  - simulate --timeline-point off the grid (or, with --workload, a strategy not simulated);
#  - trace import onto its own input, simulate onto its params file or its --out as its
#    --timeline, also through a folder that does not exist yet ("new/../in/t.json");
#  - a folder where compare (either kind), plot (plot-data/ too) or run's plot writes a file;
#  - an option that takes one name (--mode, --format) given a list, even of one name twice;
#  - compare that joins nothing leaves no --out folder;
#  - a workload cut short, a step line whose ops its rows do not match, a column named twice, or
#    a NUL byte in a line (said as such, not as a line too long), and a NUL in a params file or
#    a measured.json (said as such, not as jansson's "expected near end of file");
#  - run --results that is not a folder, or with a backend that never reads it;
#  - ab's host --device N as sweep's (2); the range, the completion shell named;
#  - stdout that cannot be written: 74, not 0;
#  - an unknown command with a newline in its name: one line, the newline escaped;
#  - plot DIR whose params.json is a folder: refused as compare refuses it;
#  - simulate --timeline whose times would pass 1e18 ns, which the timeline reader refuses;
#  - an integer with a sign: "-5" is negative, "-0" and "+5" are refused for the sign;
#  - a params file of another kind or none, or with launch_queue_depth 2^32, or decide
#    --queue-depth 2^32 (simulate takes --queue-depth up to 2^32 - 1);
#  - compare --predicted that predicts only some of the measured points (without --allow-missing),
#    and compare --inject of a strategy the candidate holds no point of;
#  - a complete result cut at a line boundary (compare, plot), by a whole point or inside a
#    point's pass rows (merge, compare);
#  - a sweep with a BENCHMARK_* variable set, which Google Benchmark would read as its flag;
#  - a tidy CSV whose device cell holds an ESC (refused; a params file's device is echoed with a
#    space for it);
#  - and, exit 0, the notes that echo a folder (partial result) stay one line, escaped, and so do
#    the success lines that echo a path, on stderr (sweep) and stdout (simulate, trace import,
#    compare, plot): an ESC byte in it is said as \x1b, and a CSI in UTF-8 as \xc2\x9b.
# usage: bad_input.sh PKBENCH EXPECT_SH SOURCE_DIR
set -u
pk=$1 expect=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
mkdir in
cp "$src/tests/trace/steps.workload.csv" in/w.csv
head -n -4 in/w.csv >in/cut.csv
sed 's/^\(# step index=0 .*\) ops=3 /\1 ops=2 /' in/w.csv >in/step.csv
sed 's/^\(# step index=0 .*\) tail_ns=[0-9]* /\1 tail_ns=9223372036854775807 /' in/w.csv >in/tail.csv
sed 's/^\(# step index=0 .*\) span_ns=[0-9]* /\1 span_ns=-1 /' in/w.csv >in/span.csv
sed 's/^index,step,launch,kind,stream,grid,block,grid_dim,block_dim,duration_ns,/index,step,launch,kind,stream,grid,block,grid_dim,duration_ns,duration_ns,/' in/w.csv >in/twice.csv
printf 'duration_ns\n10\n1\0000\n5\n' >in/nul.csv
printf 'duration_ns\n10\n1\0000' >in/nul-last.csv
printf '# pkbench workload csv, schema_version=0\nduration_ns\n10\n' >in/schema0.csv
echo '{"traceEvents": []}' >in/t.json
: >in/afile
mkdir -p in/pj/params.json
cp "$src/results/host/measured.csv" in/pj/
sed 's/"kind": "pkbench-params"/"kind": "pkbench-compare"/' "$src/results/host/params.json" >in/kind.json
grep -v '"kind": ' "$src/results/host/params.json" >in/nokind.json
sed 's/"launch_queue_depth": [0-9][0-9]*/"launch_queue_depth": 4294967296/' "$src/results/host/params.json" >in/q.json
sed 's/"launch_host_ns": [0-9][0-9.]*/"launch_host_ns": 1e15/' "$src/results/host/params.json" >in/h15.json
sed 's/"graph_instantiate_ns": *[0-9][0-9.e+-]*/"graph_instantiate_ns": 1e15/' "$src/results/h200/params.json" >in/gi.json
printf '{"schema_version": 4,\000 "kind": "pkbench-params"}' >in/nulp.json
mkdir in/nulm && cp "$src/results/host/measured.csv" in/nulm/ && printf '{"context": {}\000}' >in/nulm/measured.json
printf '{"schema_version": 4, oops\n, "kind": "x"}\n\000\n' >in/nullate.json
mkdir in/nulv && printf 'x\n' >in/nulv/verdicts.csv && printf '{"method": {}\000}' >in/nulv/summary.json
mkdir -p in/abo && : >in/abo/a
mkdir -p in/tlp/plot-data && cp "$src/results/host/measured.csv" in/tlp/ && : >in/tlp/plot-data/timeline.csv
mkdir -p in/devo/device-0.log in/cmpo/report.md in/vo/spread.csv in/plo/plot-data/crossovers.csv in/runo/host/plot-data/gnuplot.log
nl='
'
snap() { find . | sort; find in -type f -exec md5sum {} + | sort; }
snap >"$tmp.before"
# bad RC STDERR_RE command args...: the code, one line, and the folder as it was.
bad() {
  code=$1 re=$2
  shift 2
  sh "$expect" "$code" - "$re" -- "$@" >"$tmp.log" 2>&1 || { cat "$tmp.log"; fail=1; }
  snap >"$tmp.after"
  if ! cmp -s "$tmp.before" "$tmp.after"; then
    echo "left the folder changed: $*"; diff "$tmp.before" "$tmp.after"; fail=1
    snap >"$tmp.before"
  fi
}
S="$pk sweep --backend host --strategy standard --item-ns 0 --min-reps 3 --max-reps 3 --max-time-s 0.01"
bad 2 "--out: missing value \(the next argument, '--canary', is an option" $S --batch 1 --out --canary
bad 2 "--out: missing value \(the next argument, '--help'" "$pk" simulate --preset seed-native --batch 1 --out --help
bad 2 "--benchmark_repetitions given twice" $S --batch 1 --out o --benchmark_repetitions=1 --benchmark_repetitions=2
bad 2 "--out: empty value" $S --batch 1 --out=
# an empty element of a name list, said as a number list says it (not "unknown value ''")
bad 2 "^pkbench sweep: --strategy: 'standard,' has an empty list element$" "$pk" sweep --backend host --strategy standard, \
  --out o
bad 2 "--measured: empty value" "$pk" compare --measured ''
bad 2 "an empty argument" "$pk" merge in '' --out o
bad 2 "--out: o/: is a folder; give a file name" "$pk" simulate --preset seed-native --batch 1 --out o/
bad 2 "--out: o/: is a folder" "$pk" calibrate --backend host --reps 1 --rounds 1 --out o/
bad 2 "--out: in: is a folder" "$pk" trace import in/t.json --out in
bad 2 "--out: in/afile/p.csv: cannot write" "$pk" simulate --preset seed-native --batch 1 --out in/afile/p.csv
# a .gz name, which a reader would take for gzip: pkbench writes plain text
bad 2 "^pkbench simulate: --out: o.csv.gz: pkbench writes plain text, not gzip; give the name without .gz" "$pk" simulate \
  --preset seed-native --batch 1 --out o.csv.gz
bad 2 "^pkbench calibrate: --out: o/p.json.gz: pkbench writes plain text" "$pk" calibrate --backend host --out o/p.json.gz
bad 2 "^pkbench trace import: --out: w.csv.gz: pkbench writes plain text" "$pk" trace import in/t.json --out w.csv.gz
bad 2 "^pkbench sweep: --benchmark_out: 'b.json.gz': Google Benchmark writes plain text, not gzip" $S --batch 1 --out o \
  --benchmark_out=b.json.gz
bad 2 "--out: in/afile: is a file; give a folder$" "$pk" merge in --out in/afile
# A table the reader could not read back (a time past 1e18 ns) is not written, nor the timeline.
bad 2 "^pkbench simulate: --out: the prediction of standard at item_ns 0, batch 2000: wall_ns is .*: beyond 1e18, which a results table may not hold$" "$pk" simulate \
  --params in/h15.json --strategy standard --item-ns 0 --batch 2000 --out s.csv --timeline t.csv \
  --timeline-point standard:0:2000
# Nor one with a setup outside the wall past 1e18 ns (graph's instantiation), nor more rows than
# a results table holds; and --queue-depth, which only the event-by-event mode simulates.
bad 2 "^pkbench simulate: --out: the prediction of graph at item_ns 0, batch 16384: setup_ns is .*: beyond 1e18" \
  "$pk" simulate --params in/gi.json --strategy graph --item-ns 0 --batch 16384 --out s.csv
bad 2 "^pkbench simulate: --batch: the grid has 1005000 points, more than the 1000000 rows a results table holds$" \
  "$pk" simulate --preset amd-mi300x-published --mode closed-form --item-ns 0:999:+1 --batch 1:201:+1 --out s.csv
bad 2 "^pkbench simulate: --queue-depth needs --mode des$" "$pk" simulate --preset seed-native --mode closed-form \
  --queue-depth 1 --batch 1 --out s.csv
# Nor a timeline or a workload in a mode that cannot give them, nor --host-work-ns beside the
# workload's own host gaps.
bad 2 "^pkbench simulate: --timeline needs --mode des$" "$pk" simulate --preset seed-native --mode closed-form \
  --batch 1 --timeline t.csv --out s.csv
bad 2 "^pkbench simulate: --workload: the closed form needs constant durations \(use --mode des\)$" "$pk" simulate \
  --preset seed-native --workload in/w.csv --mode closed-form --out s.csv
bad 2 "^pkbench simulate: --workload: host work comes from its host_gap_ns column, not --host-work-ns$" "$pk" simulate \
  --preset seed-native --workload in/w.csv --host-work-ns 5 --out s.csv
bad 2 "--out: in/afile/o: cannot make the folder: Not a directory" "$pk" merge in --out in/afile/o
# The same words wherever an output folder is made: sweep, its --device fan-out, ab, plot, run.
bad 2 "^pkbench sweep: --out: in/afile: is a file; give a folder$" $S --batch 1 --out in/afile
bad 2 "^pkbench sweep: --out: in/afile: is a file; give a folder$" $S --batch 1 --device all --out in/afile
bad 2 "^pkbench sweep: --out: in/devo/device-0.log: is a folder; give a file name$" $S --batch 1 --device all \
  --out in/devo
bad 2 "^pkbench ab: --out: in/afile: is a file; give a folder$" "$pk" ab --backend host --out in/afile
bad 2 "^pkbench ab: --out: in/abo/a: is a file; give a folder$" "$pk" ab --backend host --strategy standard --item-ns 0 \
  --batch 1 --blocks 2 --out in/abo
mkdir in/pl && cp "$src/results/host/measured.csv" in/pl/ && snap >"$tmp.before"
bad 2 "^pkbench plot: --out: in/afile: is a file; give a folder$" "$pk" plot in/pl --out in/afile
bad 2 "^pkbench run: --out: in/afile: is a file; give a folder$" "$pk" run --backend host --out in/afile
if [ "$(id -u)" = 0 ]; then # root passes access() everywhere: the check must still see /proc
  bad 2 "--out: /proc/nope/x.csv: cannot make its folder: " "$pk" simulate --preset seed-native --batch 1 --out /proc/nope/x.csv
fi
bad 2 "--out: 'in/t.json' is the trace being imported" "$pk" trace import in/t.json --out in/t.json
bad 2 "--out: './in/t.json' is the trace being imported" "$pk" trace import in/t.json --out ./in/t.json
# through a folder that does not exist yet: "new/.." is where the output would be once made
bad 2 "--out: 'new/../in/t.json' is the trace being imported" "$pk" trace import in/t.json --out new/../in/t.json
bad 2 "--out: 'new/../in/q.json' is the --params file" "$pk" simulate --params in/q.json --batch 1 --out new/../in/q.json
bad 2 "--timeline: './new/x.csv' is the --out file" "$pk" simulate --preset seed-native --batch 1 --out new/x.csv \
  --timeline ./new/x.csv
# a folder where compare, plot or run writes a file, refused before any input is read or step run
bad 2 "^pkbench compare: --out: in/cmpo/report.md: is a folder; give a file name$" "$pk" compare \
  --measured "$src/results/host" --out in/cmpo
bad 2 "^pkbench compare: --out: in/vo/spread.csv: is a folder; give a file name$" "$pk" compare \
  --baseline "$src/results/host" --candidate "$src/results/h100-sxm" --out in/vo
bad 2 "^pkbench plot: --out: in/plo/plot-data/crossovers.csv: is a folder; give a file name$" "$pk" plot \
  "$src/results/host" --out in/plo
bad 2 "^pkbench run: --out: in/runo/host/plot-data/gnuplot.log: is a folder; give a file name$" "$pk" run \
  --backend host --quick --out in/runo
# an option that takes one name refuses a list, even of one name twice
bad 2 "^pkbench simulate: --mode: takes one value, not a list: 'des,des'$" "$pk" simulate --preset seed-native \
  --batch 1 --mode des,des --out o.csv
bad 2 "^pkbench trace import: --format: takes one value, not a list: 'auto,auto'$" "$pk" trace import in/t.json \
  --format auto,auto --out o.csv
bad 2 "the header says ops=7 but 3 rows follow it" "$pk" simulate --preset seed-native --workload in/cut.csv --out o.csv
bad 2 "step 0's line says ops=2 but 3 rows have it" "$pk" simulate --preset seed-native --workload in/step.csv --out o.csv
# A step's durations are bounded as a row's are (a tail of 9.2e18 ns predicted 9.2e18 ns, exit 0);
# a bad value is named with its key.
bad 2 "in/tail.csv:[0-9]*: step line: tail_ns=9223372036854775807 is not a count of ns up to 1000000000000$" \
  "$pk" simulate --preset seed-native --workload in/tail.csv --out o.csv
bad 2 "in/span.csv:[0-9]*: step line: span_ns=-1 is not a count of ns up to 1000000000000$" \
  "$pk" simulate --preset seed-native --workload in/span.csv --out o.csv
# jansson reads a NUL as the end of the text ("expected near end of file"); the readers name it.
bad 2 "^pkbench simulate: --params: in/nulp.json: invalid JSON: a NUL byte at offset 21$" "$pk" simulate --params in/nulp.json --batch 1 --out o.csv
bad 2 "in/nulm/measured.json: invalid JSON: a NUL byte at offset 14$" "$pk" merge in/nulm --out o
bad 2 "^pkbench plot: in/nulv/summary.json: invalid JSON: a NUL byte at offset 13$" "$pk" plot in/nulv --out o
# ... but a syntax error before a NUL is said as the reader found it.
bad 2 "^pkbench simulate: --params: in/nullate.json:1: invalid JSON: string or '}' expected near 'oops'$" "$pk" simulate \
  --params in/nullate.json --batch 1 --out o.csv
bad 2 "in/nul.csv:3: a NUL byte in the line" "$pk" simulate --preset seed-native --workload in/nul.csv --out o.csv
# ...also on the last line without its newline (it was read as "1"), and schema 0 is none.
bad 2 "in/nul-last.csv:3: a NUL byte in the line" "$pk" simulate --preset seed-native --workload in/nul-last.csv --out o.csv
bad 2 "in/schema0.csv:1: schema_version '0' is not one this pkbench reads \(1 to 2\)$" "$pk" simulate --preset seed-native \
  --workload in/schema0.csv --out o.csv
bad 2 "header names duration_ns twice" "$pk" simulate --preset seed-native --workload in/twice.csv --out o.csv
# A --timeline-point off the grid (a typo's batch, a strategy not swept) is refused, not drawn.
bad 2 "^pkbench simulate: --timeline-point: standard:0:7 is not on the grid \\(--strategy, --item-ns, --batch\\)$" \
  "$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 1,8 --timeline t.csv \
  --timeline-point standard:0:7 --out o.csv
bad 2 "^pkbench simulate: --timeline-point: graph is not among --strategy$" "$pk" simulate --preset seed-native \
  --strategy standard --workload "$src/tests/sim/workload_ok.csv" --timeline t.csv --timeline-point graph --out o.csv
# A --timeline-point past its buffer was cut and named another point (batch 12 for 12345).
long_point="standard:0:$(printf '%0250d' 12345)"
bad 2 "^pkbench simulate: --timeline-point: longer than 255 characters$" "$pk" simulate --preset seed-native \
  --strategy standard --item-ns 0 --batch 12345 --timeline t.csv --timeline-point "$long_point" --out o.csv
bad 2 "^pkbench sweep: --block 64: the host backend has no blocks .one worker thread runs every item.; give 0 or leave --block out$" \
  $S --batch 1 --block 64 --out o
bad 2 "^pkbench ab: --block 32: the host backend has no blocks" "$pk" ab --backend host --strategy standard --item-ns 0 \
  --batch 1 --block 32 --blocks 1 --out o
bad 2 "^pkbench simulate: --jitter-cv: '1e-400' is too small to hold" "$pk" simulate --preset seed-native --batch 1 \
  --draws 10 --jitter-cv 1e-400 --out o.csv
bad 2 "--dist: draws need --draws" "$pk" simulate --preset seed-native --batch 1 --dist lognormal --out o.csv
bad 2 "--results: nowhere: not a folder" "$pk" run --results nowhere --out o
bad 2 "--results: read only with --backend auto" "$pk" run --backend host --results in --out o
bad 2 "--batch: range ':16:pow2' needs a start and an end" $S --batch :16:pow2 --out o
bad 2 "unknown shell 'zsh'" "$pk" completion zsh
bad 2 "host device 5" "$pk" ab --backend host --strategy standard --item-ns 0 --batch 1 --blocks 2 --out o --device 5
bad 2 "^pkbench: unknown command 'fo\\\\no' \\(see 'pkbench --help'\\)$" "$pk" "fo${nl}o"
# (plot reads its inputs before it runs gnuplot: any program stands in for it)
bad 2 "^pkbench plot: --params: in/pj/params.json: is a directory$" env GNUPLOT=/bin/true "$pk" plot in/pj \
  --scripts "$src/plots" --out o
# An input that plot writes (its own timeline given back) would be removed when its files are put
# in place; a plot scripts folder from the environment is taken as --scripts is, and a progress
# mode the environment names must be one there is.
bad 2 "^pkbench plot: --timeline: 'in/tlp/plot-data/timeline.csv' is in/tlp/plot-data/timeline.csv, a file this plot writes; copy it elsewhere first$" \
  env GNUPLOT=/bin/true "$pk" plot in/tlp --timeline in/tlp/plot-data/timeline.csv --scripts "$src/plots"
bad 2 "^pkbench plot: PKBENCH_PLOTS=in: no crossover.gp there$" env GNUPLOT=/bin/true PKBENCH_PLOTS=in "$pk" plot in/pj --out o
bad 2 "^pkbench run: PKBENCH_PLOTS=in: no crossover.gp there$" env GNUPLOT=/bin/true PKBENCH_PLOTS=in "$pk" run \
  --backend host --out o
bad 2 "^pkbench sweep: PKBENCH_PROGRESS=bogus: unknown mode \\(plain or tty, or unset for the default\\)$" \
  env PKBENCH_PROGRESS=bogus $S --batch 1 --out o
bad 2 "^pkbench calibrate: PKBENCH_PROGRESS=TTY: unknown mode" env PKBENCH_PROGRESS=TTY "$pk" calibrate --backend host \
  --reps 1 --rounds 1 --out o/p.json
bad 2 "^pkbench simulate: --params: in/kind.json: \"kind\" is \"pkbench-compare\", not \"pkbench-params\"" \
  "$pk" simulate --params in/kind.json --batch 1 --out o.csv
bad 2 "^pkbench decide: --params: in/nokind.json: missing \"kind\"" "$pk" decide --batch 1 --item-ns 0 --params in/nokind.json
# A sign on an integer: "-5" is negative; "-0" and "+5" are not, and are refused for the sign.
bad 2 "^pkbench decide: --batch: '-5' is negative; expected a non-negative integer$" "$pk" decide --batch -5 --item-ns 0 \
  --launch-overhead-ns 100 --setup-ns 50
bad 2 "^pkbench sweep: --item-ns: '-0' has a sign; expected a non-negative integer without one$" "$pk" sweep --backend host \
  --item-ns -0 --batch 1 --out o
bad 2 "^pkbench simulate: --batch: '\\+8' has a sign; expected a non-negative integer without one$" "$pk" simulate \
  --preset seed-native --item-ns 0 --batch 1,+8 --out o.csv
bad 2 "^pkbench decide: --queue-depth: '4294967296' is out of range \(maximum 4294967295\)" "$pk" decide --batch 10 \
  --launch-overhead-ns 100 --item-ns 5 --setup-ns 50 --model overlap --queue-depth 4294967296
bad 2 "in/q.json: parameter \"launch_queue_depth\" must be at most 4294967295$" \
  "$pk" simulate --params in/q.json --batch 1 --out o.csv
bad 2 "^pkbench sweep: BENCHMARK_REPETITIONS=3 is set: .* give --benchmark_repetitions=3 instead$" \
  env BENCHMARK_REPETITIONS=3 $S --batch 1 --out o
# A sweep into a folder whose measured.json is a folder: refused before measuring, nothing added.
mkdir -p o/measured.json
snap >"$tmp.before"
bad 2 "--out: o/measured.json is a folder" $S --batch 1 --out o
rm -r o
snap >"$tmp.before"
# compare joining nothing: no --out folder left.
"$pk" simulate --preset seed-native --strategy graph --item-ns 0 --batch 1 --out in/graph.csv >/dev/null 2>&1 || fail=1
$S --batch 1 --out in/m >/dev/null 2>&1 || { echo "the sweep into in/m failed"; fail=1; }
snap >"$tmp.before"
bad 2 "no measured point of in/m/measured.csv has a prediction" "$pk" compare --measured in/m --predicted in/graph.csv --out o
bad 2 "^pkbench compare: --strategy graph: in/m/measured.csv holds no point of graph$" "$pk" compare \
  --measured in/m --params "$src/results/host/params.json" --strategy graph --out o
# One strategy of two missing: refused too (the judgement would cover fewer than were named).
bad 2 "^pkbench compare: --strategy standard,graph: in/m/measured.csv holds no point of graph$" "$pk" compare \
  --measured in/m --params "$src/results/host/params.json" --strategy standard,graph --out o
# --inject of a strategy the candidate does not hold would report a change it never made.
for x in 1 2 3; do # copies, each its own run (one run_id twice is refused as one run given twice)
  cp -r in/m in/mb$x && sed -i "s/^# context run_id=.*/# context run_id=copy-$x/" in/mb$x/measured.csv
done
snap >"$tmp.before"
bad 2 "^pkbench compare: --inject: the candidate holds no graph points$" "$pk" compare --baseline in/mb1,in/mb2,in/mb3 \
  --candidate in/m --inject graph:10 --out o
# compare --predicted of 1 of 2 measured points: refused, unless --allow-missing.
"$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 1 --out in/one.csv >/dev/null 2>&1 || fail=1
$S --batch 1,2 --out in/m2 >/dev/null 2>&1 || { echo "the sweep into in/m2 failed"; fail=1; }
snap >"$tmp.before"
bad 2 "^pkbench compare: in/one.csv predicts 1 of the 2 measured points of in/m2/measured.csv \\(the first without: standard item_ns=0 batch=2 .*--allow-missing" \
  "$pk" compare --measured in/m2 --predicted in/one.csv --out o
"$pk" compare --measured in/m2 --predicted in/one.csv --allow-missing >"$tmp.out" 2>"$tmp.log" &&
  grep -q "joined 1 of 2 measured points" "$tmp.out" ||
  { echo "compare --allow-missing:"; cat "$tmp.log"; fail=1; }
# A complete result cut at a line (its last row gone): refused by compare and plot, naming the
# point its grid lacks; a copy marked partial is read.
mkdir in/cut && head -n -1 in/m2/measured.csv >in/cut/measured.csv
snap >"$tmp.before"
bad 2 "^pkbench compare: --measured: in/cut/measured.csv holds 1 of the 2 points of the grid its context records \\(standard/item_ns:0/batch:2/grid:1/block:0 is missing\\): cut short" \
  "$pk" compare --measured in/cut --predicted in/one.csv --out o
bad 2 "^pkbench plot: in/cut/measured.csv holds 1 of the 2 points" "$pk" plot in/cut --out o
mv in/cut/measured.csv in/cut/measured.partial.csv
"$pk" compare --measured in/cut --predicted in/one.csv >/dev/null 2>&1 || { echo "compare refused a cut partial result"; fail=1; }
# A result of passes cut inside the last point's pass rows: every point is there, a pass row is not.
$S --batch 1,2 --replicates 2 --out in/r2 >/dev/null 2>&1 || { echo "the sweep into in/r2 failed"; fail=1; }
mkdir in/r2cut && head -n -1 in/r2/measured.csv >in/r2cut/measured.csv
snap >"$tmp.before"
bad 2 "^pkbench merge: in/r2cut/measured.csv holds 3 pass rows where its 2 points of 2 passes make 4: cut short" \
  "$pk" merge in/r2cut --out o
bad 2 "^pkbench compare: --measured: in/r2cut/measured.csv holds 3 pass rows" "$pk" compare --measured in/r2cut \
  --predicted in/one.csv --out o
# ... but a merge of sweeps of other --replicates (--allow-mismatch) is read.
$S --batch 4 --replicates 3 --out in/r3 >/dev/null 2>&1 || { echo "the sweep into in/r3 failed"; fail=1; }
"$pk" merge in/r2 in/r3 --allow-mismatch --out in/r23 >/dev/null 2>&1 &&
  "$pk" compare --measured in/r23 --params "$src/results/host/params.json" >/dev/null 2>"$tmp.log" ||
  { echo "a merge of 2 and 3 passes was refused:"; cat "$tmp.log"; fail=1; }
snap >"$tmp.before"
# Notes that echo a folder name with a newline stay one line (its partial result read).
mkdir "p${nl}q"
cp in/m2/measured.csv "p${nl}q/measured.partial.csv"
"$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 1,2 --out in/two.csv >/dev/null 2>&1 || fail=1
"$pk" compare --measured "p${nl}q" --predicted in/two.csv >/dev/null 2>"$tmp.log" &&
  [ "$(wc -l <"$tmp.log")" -eq 1 ] && grep -q "^pkbench compare: --measured: p\\\\nq holds only a partial result" "$tmp.log" ||
  { echo "compare's partial note is not one line:"; cat "$tmp.log"; fail=1; }
if command -v gnuplot >/dev/null 2>&1; then
  "$pk" plot "p${nl}q" --scripts "$src/plots" --out o >/dev/null 2>"$tmp.log" &&
    [ "$(wc -l <"$tmp.log")" -eq 1 ] && grep -q "^pkbench plot: p\\\\nq holds only a partial result" "$tmp.log" ||
    { echo "plot's partial note is not one line:"; cat "$tmp.log"; fail=1; }
fi
# Success lines echo the paths they name escaped: no raw ESC byte reaches the terminal.
esc=$(printf '\033')
# escaped WHAT LOG RE: LOG has a line matching RE and no raw ESC byte.
escaped() {
  grep -q "$3" "$2" && ! grep -q "$esc" "$2" || { echo "$1 echoes a path unescaped:"; cat -v "$2"; fail=1; }
}
$S --batch 1 --out "a${esc}b" >/dev/null 2>"$tmp.log" || fail=1
escaped sweep "$tmp.log" "^pkbench sweep: 1 point (1 benchmark run) written to a\\\\x1bb$"
# A C1 control in UTF-8 (CSI, which a terminal obeys as ESC [): both bytes said as \xHH.
csi=$(printf '\302\233')
$S --batch 1 --out "c${csi}d" >/dev/null 2>"$tmp.log" || fail=1
grep -q "^pkbench sweep: 1 point (1 benchmark run) written to c\\\\xc2\\\\x9bd$" "$tmp.log" && ! grep -q "$csi" "$tmp.log" ||
  { echo "sweep echoes a CSI raw:"; cat -v "$tmp.log"; fail=1; }
"$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 1 --out "s${esc}.csv" >"$tmp.log" 2>&1
escaped simulate "$tmp.log" "^simulate: 1 predicted rows (.*) written to s\\\\x1b\\.csv$"
"$pk" trace import "$src/tests/trace/steps.trace.json" --out "t${esc}/w.csv" >"$tmp.log" 2>&1
escaped "trace import" "$tmp.log" "; written to t\\\\x1b/w\\.csv$"
"$pk" compare --measured in/m2 --predicted in/two.csv --out "c${esc}" >"$tmp.log" 2>&1
escaped compare "$tmp.log" "^wrote c\\\\x1b/report\\.md, c\\\\x1b/errors\\.csv, "
# A device's name with an ESC: a tidy CSV's cell is refused (pkbench never writes one; exit 2, the
# byte escaped), and a params file's is a space where the report echoes it.
awk -F, -v OFS=, -v e="$esc" '!/^#/ && $1 == "host" { $2 = "CPU" e "[31mX" } 1' in/m2/measured.csv >in/m2/esc.csv
mkdir -p in/e && mv in/m2/esc.csv in/e/measured.csv
snap >"$tmp.before"
bad 2 "in/e/measured.csv:[0-9]*: bad value 'CPU\\\\x1b\\[31mX' in column 'device'" "$pk" compare --measured in/e --predicted in/two.csv --out o
sed "s/\"device\": \"Intel/\"device\": \"\\\\u001b[31mIntel/" "$src/results/host/params.json" >in/esc.json
grep -q 'u001b' in/esc.json || { echo "no ESC put into the params file"; fail=1; }
"$pk" compare --measured in/m2 --params in/esc.json >"$tmp.log" 2>&1
grep -q "(CPU analogue), " "$tmp.log" && ! grep -q "$esc" "$tmp.log" || { echo "compare echoes a params device raw:"; cat -v "$tmp.log"; fail=1; }
# Paths typed with an ESC, a backtick and a C1 control: the reports show them as '?', "'" and '?'
# inside their code spans (the compare report, and the baseline report's list of runs).
bq='`'
csi=$(printf '\302\233') # U+009B, CSI as a C1 control in UTF-8
mkdir "in/m${esc}${bq}x${csi}" && sed "s/^# context run_id=.*/# context run_id=copy-esc/" in/m2/measured.csv \
  >"in/m${esc}${bq}x${csi}/measured.csv" && cp "$src/results/host/params.json" "in/p${esc}${bq}.json"
"$pk" compare --measured "in/m${esc}${bq}x${csi}" --params "in/p${esc}${bq}.json" --out r >"$tmp.log" 2>&1 &&
  grep -qF -- "- measured: ${bq}in/m?'x?/measured.csv${bq} (" r/report.md && ! grep -qF "$csi" r/report.md &&
  grep -qF -- "${bq}r/predicted.csv${bq}, simulated (discrete-event model, deterministic) from ${bq}in/p?'.json${bq}" r/report.md &&
  grep -qF -- "- parameters: ${bq}in/p?'.json${bq} (" r/report.md && ! grep -q "$esc" r/report.md ||
  { echo "compare's report shows typed paths raw:"; cat -v "$tmp.log"; grep -n "^- " r/report.md | cat -v; fail=1; }
"$pk" compare --baseline "in/m${esc}${bq}x${csi}" --candidate in/m2 --out rb >"$tmp.log" 2>&1
grep -qF "(${bq}in/m?'x?${bq})" rb/report.md && ! grep -q "$esc" rb/report.md && ! grep -qF "$csi" rb/report.md ||
  { echo "the baseline report shows a typed path raw:"; cat -v "$tmp.log"; head -5 rb/report.md | cat -v; fail=1; }
if command -v gnuplot >/dev/null 2>&1; then
  "$pk" plot in/m2 --predicted in/two.csv --scripts "$src/plots" --out "p${esc}" >"$tmp.log" 2>&1
  escaped plot "$tmp.log" "^wrote p\\\\x1b/crossover\\.png$"
fi
# trace import makes the folder of its --out, as every command does (checked before the trace is read).
"$pk" trace import "$src/tests/trace/steps.trace.json" --out new/w.csv >/dev/null 2>"$tmp.log" && [ -s new/w.csv ] ||
  { echo "trace import into a new folder:"; cat "$tmp.log"; fail=1; }
if [ -w /dev/full ]; then
  "$pk" decide --batch 10 --launch-overhead-ns 100 --item-ns 5 --setup-ns 50 >/dev/full 2>"$tmp.log"
  rc=$?
  [ $rc -eq 74 ] && grep -q "cannot write to stdout" "$tmp.log" || { echo "decide >/dev/full: exit $rc"; cat "$tmp.log"; fail=1; }
fi
[ $fail -eq 0 ] && echo "bad input: every case refused as it should be"
exit $fail
