#!/bin/sh
# A tiny real sweep and calibration on the host backend: both exit 0 and their files parse
# with every point present (check_outputs); a sweep with --replicates 3 too, with three pass
# rows per point and three Google Benchmark repetitions plus aggregates per point, also after
# two shards of such a sweep are merged; with --canary, compare judges the model given the
# host's state (not beside a --predicted file); with --abba, every second pass measures each
# cell's strategies in reverse order (by the pass rows' start times).
# usage: host_sweep.sh PKBENCH CHECK_OUTPUTS
set -u
pk=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=standard,standard-sync,graph,persistent,persistent-resident I=0,2000 B=1,8
"$pk" sweep --backend host --strategy $S --item-ns $I --batch $B --max-time-s 0.02 --max-reps 50 \
  --out "$tmp/run" --benchmark_format=json >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc -ne 0 ]; then echo "sweep exit $rc"; cat "$tmp/stderr"; exit 1; fi
# --benchmark_format=json reached Google Benchmark: its display output is JSON too.
grep -q '"benchmarks"' "$tmp/stdout" || { echo "--benchmark_format=json was not honoured"; exit 1; }
[ ! -e "$tmp/run/measured.partial.json" ] || { echo "a complete run left a partial file"; exit 1; }
"$pk" calibrate --backend host --reps 3 --out "$tmp/params.json" >"$tmp/cal.out" 2>"$tmp/cal.err"
rc=$?
if [ $rc -ne 0 ]; then echo "calibrate exit $rc"; cat "$tmp/cal.err"; exit 1; fi
grep -q '^launch_host_ns' "$tmp/cal.out" || { echo "no parameter table on stdout"; cat "$tmp/cal.out"; exit 1; }
"$check" "$tmp/run" $S $I $B "$tmp/params.json" || exit 1
"$pk" sweep --backend host --strategy standard,graph --item-ns 0 --batch 1,8 --max-time-s 0.01 --max-reps 20 \
  --replicates 3 --out "$tmp/rep" >"$tmp/rep.out" 2>"$tmp/rep.err" || { echo "sweep --replicates failed"; cat "$tmp/rep.err"; exit 1; }
grep -q '^# context replicates=3$' "$tmp/rep/measured.csv" || { echo "no replicates context"; exit 1; }
"$check" "$tmp/rep" standard,graph 0 1,8 || exit 1
# Two shards of a sweep with --replicates merge into one folder that keeps every pass row.
for i in 0 1; do
  "$pk" sweep --backend host --strategy standard,graph --item-ns 0 --batch 1,8 --max-time-s 0.01 --max-reps 20 \
    --replicates 2 --shard $i/2 --out "$tmp/sh$i" >/dev/null 2>"$tmp/sh$i.err" || { echo "shard $i failed"; cat "$tmp/sh$i.err"; exit 1; }
done
"$pk" merge "$tmp/sh0" "$tmp/sh1" --out "$tmp/merged" >/dev/null 2>"$tmp/merge.err" || { echo "merge failed"; cat "$tmp/merge.err"; exit 1; }
"$check" "$tmp/merged" standard,graph 0 1,8 || { echo "the merged folder lost or doubled rows"; exit 1; }
# The canary (--canary): every row carries canary_host_ns, and compare judges the model given
# the host's state beside the calibrated one: its section in report.md, host_state in
# summary.json, a line on stdout.
"$pk" sweep --backend host --strategy standard,persistent --item-ns 0,2000 --batch 1,8 --max-time-s 0.01 --max-reps 20 \
  --replicates 2 --canary --out "$tmp/can" >/dev/null 2>"$tmp/can.err" || { echo "sweep --canary failed"; cat "$tmp/can.err"; exit 1; }
grep -q '^# context canary=standard item_ns 0 batch 256' "$tmp/can/measured.csv" || { echo "no canary context"; exit 1; }
awk -F, '/^backend,/ { for (i = 1; i <= NF; i++) if ($i == "canary_host_ns") c = i; next }
  /^#/ { next } { n++; if (!c || $c == "" || $c + 0 <= 0) bad++ } END { exit !(n == 24 && !bad) }' \
  "$tmp/can/measured.csv" || { echo "a row without a positive canary_host_ns"; exit 1; }
"$pk" compare --measured "$tmp/can" --params "$tmp/params.json" --out "$tmp/can/cmp" >"$tmp/cmp.out" 2>"$tmp/cmp.err" ||
  { echo "compare of the canary sweep failed"; cat "$tmp/cmp.err"; exit 1; }
grep -q "^given the host's state (canary beside 16 of 16 rows)" "$tmp/cmp.out" || { echo "no host-state line"; cat "$tmp/cmp.out"; exit 1; }
grep -q "^## Given the host's state" "$tmp/can/cmp/report.md" || { echo "no host-state section"; exit 1; }
grep -q '"host_state": {' "$tmp/can/cmp/summary.json" || { echo "no host_state in summary.json"; exit 1; }
"$pk" compare --measured "$tmp/run" --params "$tmp/params.json" --out "$tmp/run/cmp" >/dev/null 2>&1 &&
  grep -q '"host_state": null' "$tmp/run/cmp/summary.json" || { echo "a sweep without canary: host_state not null"; exit 1; }
# With --predicted the figures are the file's: no host-state section beside them.
"$pk" simulate --params "$tmp/params.json" --strategy standard,persistent --item-ns 0,2000 --batch 1,8 \
  --out "$tmp/pred.csv" >/dev/null 2>&1 || { echo "simulate failed"; exit 1; }
"$pk" compare --measured "$tmp/can" --predicted "$tmp/pred.csv" --params "$tmp/params.json" --out "$tmp/can/cmp2" \
  >/dev/null 2>&1 || { echo "compare --predicted of the canary sweep failed"; exit 1; }
! grep -q "^## Given the host's state" "$tmp/can/cmp2/report.md" && grep -q '"host_state": null' "$tmp/can/cmp2/summary.json" ||
  { echo "compare --predicted judged the host's state"; exit 1; }
# --abba: passes 1 and 3 measure standard before persistent in each cell, pass 2 after it.
"$pk" sweep --backend host --strategy standard,persistent --item-ns 0 --batch 2,4 --replicates 3 --abba \
  --max-time-s 0.01 --max-reps 20 --out "$tmp/abba" >/dev/null 2>&1 || { echo "sweep --abba failed"; exit 1; }
grep -q '^# context pass_order=abba' "$tmp/abba/measured.csv" || { echo "--abba: no pass_order context"; exit 1; }
order=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  $c["replicate"] > 0 { print $c["replicate"], $c["batch"], $c["started_s"], $c["strategy"] }' "$tmp/abba/measured.csv" |
  sort -k1,1n -k2,2n -k3,3g | awk '{ printf "%s%s", sep, substr($4, 1, 1); sep = " " }')
[ "$order" = "s p s p p s p s s p s p" ] || { echo "--abba: measured in the order '$order'"; exit 1; }

