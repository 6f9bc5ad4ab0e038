#!/bin/sh
# PKB_SWEEP_CPU_NS=0: the sweep takes no CPU time beside its repetitions; cpu_ns stays empty in
# every row and the context says why. Unset: cpu_ns measured (a number in every summary row).
# usage: sweep_cpu_ns.sh PKBENCH
set -u
pk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
args="sweep --backend host --strategy standard,persistent-resident --item-ns 0 --batch 1,4 --max-reps 20"
PKB_SWEEP_CPU_NS=0 $pk $args --out "$tmp/off" 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
$pk $args --out "$tmp/on" 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
grep -qx '# context cpu_ns=not measured (PKB_SWEEP_CPU_NS=0)' "$tmp/off/measured.csv" ||
  { echo "no cpu_ns context line with PKB_SWEEP_CPU_NS=0"; fail=1; }
grep -q '^# context cpu_ns=' "$tmp/on/measured.csv" && { echo "a cpu_ns context line without the setting"; fail=1; }
# column 26 is cpu_ns (results/SCHEMA.md)
off=$(grep -v '^#' "$tmp/off/measured.csv" | awk -F, 'NR > 1 && $26 != "" {n++} END {print n + 0}')
on=$(grep -v '^#' "$tmp/on/measured.csv" | awk -F, 'NR > 1 && $26 > 0 {n++} END {print n + 0}')
[ "$off" = 0 ] || { echo "$off rows with cpu_ns under PKB_SWEEP_CPU_NS=0"; fail=1; }
[ "$on" = 4 ] || { echo "$on of 4 rows with cpu_ns > 0 without the setting"; fail=1; }
exit $fail
