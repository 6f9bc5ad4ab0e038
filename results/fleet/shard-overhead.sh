#!/usr/bin/env bash
# What sharding costs on the host backend (issue 17's target: at most 2% of the sweep time):
#  1. a process's fixed cost: a one-point, one-repetition sweep (start, backend open and close,
#     Google Benchmark, the files), 15 times;
#  2. planning the split: pkb_bench_shard (375 and 1,000,000 points);
#  3. the default sweep unsplit, then as N shards one after another, then merging them:
#     (sum of the shards + merge - unsplit) / unsplit, which the run-to-run noise of the sweep
#     itself also moves (say so beside it);
#  4. the merge alone, 15 times.
# usage: results/fleet/shard-overhead.sh BUILD_DIR [N] (default 4); prints a report on stdout.
set -uo pipefail
build=${1:?usage: shard-overhead.sh BUILD_DIR [N]} n=${2:-4}
pk=$build/harness/pkbench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
# Median, min and max of the numbers on stdin.
stats() { sort -g | awk '{ a[NR] = $1 } END { printf "median %.4f s (min %.4f, max %.4f, %d runs)\n", a[int((NR + 1) / 2)], a[1], a[NR], NR }'; }
elapsed() { local s; s=$(now); "$@" >/dev/null 2>&1 || echo "FAILED: $*" >&2; echo "$(now) - $s" | bc; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null)"
echo
echo "1. one process's fixed cost (1 point, 1 repetition):"
for i in $(seq 1 15); do
  elapsed "$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1 --min-reps 1 --max-reps 1 --out "$tmp/fixed-$i"
done | stats
echo
echo "2. planning the split:"
"$build/tests/fleet/pkb_bench_shard" "$n"
echo
echo "3. the default sweep on the host backend, unsplit, then $n shards one after another, then merged:"
t1=$(elapsed "$pk" sweep --backend host --out "$tmp/unsplit")
sum=0
for ((i = 0; i < n; i++)); do
  ti=$(elapsed "$pk" sweep --backend host --shard "$i/$n" --out "$tmp/shard-$i")
  echo "   shard $i/$n: $ti s ($(grep -m1 '^# context shard_expected_s' "$tmp/shard-$i/measured.csv" | cut -d= -f2) s expected)"
  sum=$(echo "$sum + $ti" | bc)
done
tm=$(elapsed "$pk" merge "$tmp"/shard-* --out "$tmp/merged")
echo "   unsplit $t1 s; shards $sum s in all (longest is the wall time on $n machines); merge $tm s"
echo "   (shards + merge - unsplit) / unsplit = $(echo "scale=4; 100 * ($sum + $tm - $t1) / $t1" | bc) %"
echo
echo "4. merging the $n shards alone:"
for i in $(seq 1 15); do elapsed "$pk" merge "$tmp"/shard-* --out "$tmp/m-$i"; done | stats
