#!/bin/sh
# A run() that fails part way (here the host backend's bounded wait, 0.15 s, below the 0.2 s
# that a 4096 x 50 us batch needs at least, and far above what the points before it need): exit 1, one line naming the failed wait and the point, the points
# finished before it kept in measured.partial.csv (marked partial) and measured.partial.json.
# usage: host_failure.sh PKBENCH CHECK_OUTPUTS
set -u
pk=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=standard,persistent I=0,50000 B=1,4096
"$pk" sweep --backend host --strategy $S --item-ns $I --batch $B --max-time-s 0.01 --hang-timeout-s 0.15 \
  --out "$tmp/run" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc -ne 1 ]; then echo "exit $rc, expected 1"; cat "$tmp/stderr"; exit 1; fi
tail -n 1 "$tmp/stderr" |
  grep -Eq "^pkbench sweep: .* at point (standard|persistent)/item_ns:50000/batch:4096/grid:1/block:0: .*; [0-9]+ of 8 points written to .* \(partial\)$" ||
  { echo "the failure line does not name the point:"; tail -n 1 "$tmp/stderr"; exit 1; }
[ ! -e "$tmp/run/measured.json" ] && [ ! -e "$tmp/run/measured.csv" ] ||
  { echo "a failed run wrote measured.json or measured.csv"; exit 1; }
"$check" "$tmp/run" $S $I $B partial
