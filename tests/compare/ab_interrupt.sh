#!/bin/sh
# Invariant: Ctrl-C (SIGINT) during pkbench ab stops it after the measurement in flight: exit 130,
# one line on stderr saying so, each side's measured.csv written, marked partial, readable (every
# pass row has its summary row) and judged by compare --paired; and no verdict files.
# usage: ab_interrupt.sh PKBENCH OUT
set -u
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" ab --backend host --item-ns 0,20000 --batch 1:64:pow2 --blocks 12 --max-time-s 0.01 --out "$out/ab" \
  >"$out/stdout" 2>"$out/stderr" &
pid=$!
# Once block 1 has started (a progress line), interrupt the parent only.
for i in $(seq 1 200); do
  grep -q '^\[block 1/' "$out/stderr" 2>/dev/null && break
  sleep 0.05
done
kill -INT $pid
wait $pid
rc=$?
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
