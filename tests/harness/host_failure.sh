#!/bin/sh
# A run() that fails part way (here the host backend's check of its items, told by
# PKB_TEST_DROP_ITEM=4000 that item 4000 never ran, which only the 4096-item batches have: a slow
# run is no failure, each wait being bounded by hang_timeout_s plus its work): exit 1, one line
# naming the failure and the point, the points finished before it kept in measured.partial.csv
# (marked partial) and measured.partial.json.
# usage: host_failure.sh PKBENCH CHECK_OUTPUTS
set -u
pk=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=standard,persistent I=0,50000 B=1,4096
PKB_TEST_DROP_ITEM=4000 "$pk" sweep --backend host --strategy $S --item-ns $I --batch $B --max-time-s 0.01 \
  --out "$tmp/run" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc -ne 1 ]; then echo "exit $rc, expected 1"; cat "$tmp/stderr"; exit 1; fi
k=$(tail -n 1 "$tmp/stderr" |
  sed -En "s/^pkbench sweep: .* item 4000 of 4096 never ran at point (standard|persistent)\/item_ns:(0|50000)\/batch:4096\/grid:1\/block:0: .*; ([0-9]+) of 8 points written to .* \(partial\)$/\3/p")
[ -n "$k" ] || { echo "the failure line does not name the point:"; tail -n 1 "$tmp/stderr"; exit 1; }
[ ! -e "$tmp/run/measured.json" ] && [ ! -e "$tmp/run/measured.csv" ] ||
  { echo "a failed run wrote measured.json or measured.csv"; exit 1; }
# The files hold the k points the failure line says were written.
"$check" "$tmp/run" $S $I $B "partial=$k"
