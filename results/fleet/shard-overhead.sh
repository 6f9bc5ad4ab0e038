#!/usr/bin/env bash
# What sharding costs on the host backend (issue 17's target: at most 2% of the sweep time):
#  1. a process's fixed cost: a one-point, one-repetition sweep (start, backend open and close,
#     Google Benchmark, the files), 15 times;
#  2. planning the split: pkb_bench_shard (375 and 1,000,000 points);
#  3. a grid whose every point runs a fixed number of repetitions (so that the stopping rule
#     adds no noise), unsplit, then as N shards one after another, then merged, in interleaved
#     rounds: (sum of the shards + merge - unsplit) / unsplit per round, whose spread is the
#     machine's run-to-run noise;
#  4. the merge alone, 15 times (of the last round's shards).
# usage: results/fleet/shard-overhead.sh BUILD_DIR [N [ROUNDS [REPS]]] (default 4, 5, 20); prints
# a report on stdout.
set -uo pipefail
build=${1:?usage: shard-overhead.sh BUILD_DIR [N [ROUNDS [REPS]]]} n=${2:-4} rounds=${3:-5} reps=${4:-20}
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
echo "3. a fixed-repetition grid (every point exactly $reps repetitions, so the stopping rule adds no"
echo "   noise), unsplit and as $n shards one after another plus the merge, in $rounds interleaved rounds:"
fixed=(--backend host --item-ns 0,5000 --batch 1:256:pow2 --noise 0 --min-reps "$reps" --max-reps "$reps" --max-time-s 1000)
for ((r = 1; r <= rounds; r++)); do
  t1=$(elapsed "$pk" sweep "${fixed[@]}" --out "$tmp/r$r-unsplit")
  sum=0
  for ((i = 0; i < n; i++)); do
    ti=$(elapsed "$pk" sweep "${fixed[@]}" --shard "$i/$n" --out "$tmp/r$r-shard-$i")
    sum=$(echo "$sum + $ti" | bc)
  done
  tm=$(elapsed "$pk" merge "$tmp"/r$r-shard-* --out "$tmp/r$r-merged")
  printf "   round %d: unsplit %.2f s, shards %.2f s + merge %.3f s: %+.1f %%\n" "$r" "$t1" "$sum" "$tm" \
    "$(echo "scale=6; 100 * ($sum + $tm - $t1) / $t1" | bc)"
done
echo
echo "4. merging the $n shards alone:"
for i in $(seq 1 15); do elapsed "$pk" merge "$tmp"/r$rounds-shard-* --out "$tmp/m-$i"; done | stats
