#!/bin/sh
# Invariant: compare --out and plot --out take the folder's lock while they write
# (results/SCHEMA.md), and ab holds it for its whole run: with another process holding
# DIR/.pkbench.lock, both compare modes, plot and ab exit 2 with one line naming the folder and
# write no file (ab before measuring anything); once the lock is free the same command writes
# its files.
# usage: out_busy.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
command -v flock >/dev/null || { echo "flock(1) is missing"; exit 1; }
rm -rf "$out" "$out-v"
mkdir -p "$out"
# A comparison folder to plot, made before the lock is taken.
"$pk" compare --baseline "$fix-r1,$fix-r2,$fix-r3" --candidate "$fix-r4" --out "$out-v" >/dev/null 2>&1 ||
  [ $? -eq 1 ] || { echo "cannot make the comparison folder"; exit 1; }
# -o: the lock is held by flock itself, not by sleep, so that killing flock frees it.
flock -o "$out/.pkbench.lock" sleep 20 >/dev/null 2>&1 &
holder=$!
trap 'kill $holder 2>/dev/null' EXIT
i=0
until ! flock -n "$out/.pkbench.lock" true; do # wait until the holder has the lock
  i=$((i + 1)); [ $i -lt 100 ] || { echo "the holder never took the lock"; exit 1; }; sleep 0.05
done
fail=0
"$pk" compare --measured "$fix" --params "$fix/params.json" --out "$out" >/dev/null 2>"$out.err"
rc=$?
[ $rc -eq 2 ] || { echo "predicted mode: exit $rc, expected 2"; fail=1; }
grep -q "^pkbench compare: --out: .*: another pkbench (pid .*) is writing this folder$" "$out.err" &&
  [ "$(wc -l <"$out.err")" -eq 1 ] || { echo "predicted mode: stderr:"; cat "$out.err"; fail=1; }
"$pk" compare --baseline "$fix-r1,$fix-r2,$fix-r3" --candidate "$fix-r4" --out "$out" >/dev/null 2>"$out.err"
rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench compare: --out: .*: another pkbench (pid .*) is writing this folder$" "$out.err" ||
  { echo "verdict mode: exit $rc, expected 2:"; cat "$out.err"; fail=1; }
# plot refuses before gnuplot runs: a stand-in gnuplot is enough.
for src in "$fix" "$out-v"; do
  GNUPLOT=/bin/true "$pk" plot "$src" --out "$out" >/dev/null 2>"$out.err"
  rc=$?
  [ $rc -eq 2 ] && grep -q "^pkbench plot: --out: .*another pkbench" "$out.err" ||
    { echo "plot $src: exit $rc, expected 2:"; cat "$out.err"; fail=1; }
done
# ab: refused at once, before it measures anything.
"$pk" ab --backend host --strategy standard --item-ns 0 --batch 1 --blocks 6 --out "$out" >/dev/null 2>"$out.err"
rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench ab: --out: .*: another pkbench (pid .*) is writing this folder$" "$out.err" ||
  { echo "ab: exit $rc, expected 2:"; cat "$out.err"; fail=1; }
[ -z "$(find "$out" ! -type d ! -name .pkbench.lock)" ] || { echo "files written while locked:"; find "$out"; fail=1; }
kill $holder; wait $holder 2>/dev/null
"$pk" compare --measured "$fix" --params "$fix/params.json" --out "$out" >/dev/null 2>"$out.err" ||
  { echo "after the lock: exit $?"; cat "$out.err"; fail=1; }
[ -s "$out/report.md" ] || { echo "after the lock: no report.md"; fail=1; }
exit $fail
