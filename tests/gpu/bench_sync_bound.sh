#!/bin/sh
# The benchmarks' stream synchronizes are bounded: pkb_bare_launch with one item of 60 s after
# its warm-up (PKB_TEST_BENCH_HANG_NS), its watchdog's 30 s budget capped at 3 s
# (PKB_TEST_WATCHDOG_NS), must stop with exit 1 and one line naming the wait, after 3 s and well
# before the item would end, and print no figures. Exits 77 (skipped) where no CUDA device is
# visible.
# usage: bench_sync_bound.sh PKB_BARE_LAUNCH
set -u
probe=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
t0=$(date +%s.%N)
PKB_TEST_BENCH_HANG_NS=60000000000 PKB_TEST_WATCHDOG_NS=3000000000 timeout 45 "$probe" --reps 5 --max-n 4 \
    > "$dir/out" 2> "$dir/err"
rc=$?
t1=$(date +%s.%N)
if [ "$rc" -eq 77 ] && grep -q "^pkb_bare_launch: no cuda device" "$dir/err"; then
    cat "$dir/err"
    exit 77
fi
cat "$dir/out" "$dir/err"
took=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
echo "exit $rc after $took s"
[ "$rc" -ne 124 ] || { echo "FAIL: still waiting after 45 s: the synchronize is not bounded"; exit 1; }
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc, not 1"; exit 1; }
line="^pkb_bare_launch: the wait on the GPU did not return within 3 s (a hung kernel or a lost device); ending the process$"
[ "$(wc -l < "$dir/err")" -eq 1 ] && grep -q "$line" "$dir/err" || { echo "FAIL: not the one line naming the wait"; exit 1; }
awk -v t="$took" 'BEGIN { exit !(t >= 3 && t < 10) }' || { echo "FAIL: stopped after $took s, not in [3, 10)"; exit 1; }
[ ! -s "$dir/out" ] || { echo "FAIL: figures printed"; exit 1; }
echo "ok"
