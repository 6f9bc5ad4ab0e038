#!/bin/sh
# Invariant: Ctrl-C (SIGINT) during pkbench ab stops it after the measurement in flight: exit 130,
# one line on stderr saying so, each side's measured.partial.csv written, marked partial, readable
# (every pass row has its summary row) and judged by compare --paired; no verdict files, and no
# measured.csv. Over an earlier whole run, a stopped one leaves that run's tables and verdicts as
# they were (its partial tables beside them); the next whole run removes those.
# usage: ab_interrupt.sh PKBENCH OUT
set -u
pk=$1 out=$2
. "$(dirname "$0")/../common/interrupt.sh"
rm -rf "$out" && mkdir -p "$out" || exit 1
grid="--backend host --item-ns 0,20000 --batch 1:64:pow2 --max-time-s 0.01"
# ab DIR BLOCKS: interrupted once block 1 has started (a progress line), the parent only.
stopped_ab() {
  # shellcheck disable=SC2086 # the grid splits on purpose
  "$pk" ab $grid --blocks "$2" --out "$1" >"$out/stdout" 2>"$out/stderr" &
  signal_at_line $! INT "$out/stderr" '^\[block 1/' 200 0.05 || { tail -3 "$out/stderr"; exit 1; }
  rc=$signalled_rc
}
fail=0
stopped_ab "$out/ab" 12
[ $rc -eq 130 ] || { echo "exit $rc, expected 130"; cat "$out/stderr" | tail -3; fail=1; }
grep -v '^\[block' "$out/stderr" | grep -q "interrupted; 0 of 12 blocks whole; .* as measured.partial.csv" ||
  { echo "no interruption line"; tail -3 "$out/stderr"; fail=1; }
for side in a b; do
  grep -q '^# partial: true' "$out/ab/$side/measured.partial.csv" || { echo "$side: not marked partial"; fail=1; }
  [ ! -e "$out/ab/$side/measured.csv" ] || { echo "$side: measured.csv written for a stopped run"; fail=1; }
done
[ ! -e "$out/ab/verdicts.csv" ] || { echo "verdicts written for a partial run"; fail=1; }
"$pk" compare --baseline "$out/ab/a" --candidate "$out/ab/b" --paired >/dev/null 2>"$out/compare.err"
crc=$?
[ $crc -le 1 ] || { echo "compare --paired could not read the partial sides: exit $crc"; cat "$out/compare.err"; fail=1; }

# whole_ab WHAT: a whole run into OUT/whole. Exit 1 with its verdicts written is a point judged
# slower (A and B are the same build: a false alarm the verdicts' error rate allows on a busy
# machine), not a failed run; anything else is.
whole_ab() {
  # shellcheck disable=SC2086 # the grid splits on purpose
  "$pk" ab $grid --blocks 6 --out "$out/whole" >"$out/whole.out" 2>"$out/whole.err"
  _rc=$?
  [ $_rc -eq 0 ] || { [ $_rc -eq 1 ] && [ -s "$out/whole/verdicts.csv" ] && grep -q "^[1-9][0-9]* slower$" "$out/whole.out"; } ||
    { echo "$1 failed (exit $_rc):"; tail -5 "$out/whole.err"; fail=1; }
}
# A whole run, then a stopped one over it: the whole run's files stay as they were.
whole_ab "the whole run"
(cd "$out/whole" && cksum a/measured.csv b/measured.csv verdicts.csv summary.json report.md) >"$out/sums"
stopped_ab "$out/whole" 6
[ $rc -eq 130 ] || { echo "over a whole run: exit $rc, expected 130"; fail=1; }
(cd "$out/whole" && cksum a/measured.csv b/measured.csv verdicts.csv summary.json report.md) | cmp -s - "$out/sums" ||
  { echo "a stopped run changed the whole run's files"; fail=1; }
[ -f "$out/whole/a/measured.partial.csv" ] && [ -f "$out/whole/b/measured.partial.csv" ] ||
  { echo "a stopped run over a whole one left no partial tables"; fail=1; }
whole_ab "the second whole run"
[ ! -e "$out/whole/a/measured.partial.csv" ] && [ ! -e "$out/whole/b/measured.partial.csv" ] ||
  { echo "a whole run left an earlier stopped run's partial tables"; fail=1; }
[ -z "$(find "$out/whole" -name '*.tmp.*')" ] || { echo "temporary tables left: $(find "$out/whole" -name '*.tmp.*')"; fail=1; }
[ $fail -eq 0 ] && echo "ok: a stopped ab writes partial tables and keeps a whole run's"
exit $fail
