#!/bin/sh
# Invariant: Ctrl-C (SIGINT) during pkbench ab stops it after the measurement in flight: exit 130,
# one line on stderr saying so, each side's measured.csv written, marked partial, readable (every
# pass row has its summary row) and judged by compare --paired; and no verdict files.
# usage: ab_interrupt.sh PKBENCH OUT
set -u
pk=$1 out=$2
. "$(dirname "$0")/../common/interrupt.sh"
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" ab --backend host --item-ns 0,20000 --batch 1:64:pow2 --blocks 12 --max-time-s 0.01 --out "$out/ab" \
  >"$out/stdout" 2>"$out/stderr" &
# Once block 1 has started (a progress line), interrupt the parent only.
signal_at_line $! INT "$out/stderr" '^\[block 1/' 200 0.05 || { tail -3 "$out/stderr"; exit 1; }
rc=$signalled_rc
fail=0
[ $rc -eq 130 ] || { echo "exit $rc, expected 130"; cat "$out/stderr" | tail -3; fail=1; }
grep -v '^\[block' "$out/stderr" | grep -q "interrupted; .* blocks written to .*(partial)" ||
  { echo "no interruption line"; tail -3 "$out/stderr"; fail=1; }
for side in a b; do
  grep -q '^# partial: true' "$out/ab/$side/measured.csv" || { echo "$side: not marked partial"; fail=1; }
done
[ ! -e "$out/ab/verdicts.csv" ] || { echo "verdicts written for a partial run"; fail=1; }
"$pk" compare --baseline "$out/ab/a" --candidate "$out/ab/b" --paired >/dev/null 2>"$out/compare.err"
crc=$?
[ $crc -le 1 ] || { echo "compare --paired could not read the partial sides: exit $crc"; cat "$out/compare.err"; fail=1; }
exit $fail
