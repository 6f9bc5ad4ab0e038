#!/bin/sh
# A GPU sweep whose stream synchronisation never returns in time ends through the watchdog
# (common/watchdog.h, kernels/gpu_guard.inc): an item of 60 s under a budget capped at 8 s
# (PKB_TEST_WATCHDOG_NS) gives one line naming the run, exit 1 within the cap plus the process's
# end, and the point finished before it in measured.partial.csv and .json. Without a visible
# device the sweep exits 77 and the test is skipped.
# usage: gpu_watchdog.sh PKBENCH CHECK_OUTPUTS BACKEND
set -u
pk=$1 check=$2 be=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
PKB_TEST_WATCHDOG_NS=8000000000 timeout 120 "$pk" sweep --backend "$be" --strategy standard \
  --item-ns 0,60000000000 --batch 1 --min-reps 3 --max-reps 3 --out "$tmp/run" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$? took=$(($(date +%s) - start))
if [ $rc -eq 77 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "no .* device visible" "$tmp/stderr"; then
  cat "$tmp/stderr"; exit 77
fi
fail=0
[ $rc -eq 1 ] || { echo "sweep exit $rc (expected 1)"; fail=1; }
grep -q "^pkbench: the $be backend's run of standard/item_ns:60000000000/batch:1/grid:1/block:0 on device 0 did not return within 8 s (a hung kernel or a lost device); ending the process$" "$tmp/stderr" ||
  { echo "no watchdog line naming the run"; fail=1; }
[ "$took" -lt 60 ] || { echo "took $took s: the item ran out, the watchdog did not end it"; fail=1; }
"$check" "$tmp/run" standard 0,60000000000 1 partial || fail=1
[ "$(grep -v '^#' "$tmp/run/measured.partial.csv" | tail -n +2 | wc -l)" -eq 1 ] ||
  { echo "expected the item_ns 0 point alone in measured.partial.csv"; fail=1; }
[ $fail -eq 0 ] || cat "$tmp/stderr"
exit $fail
