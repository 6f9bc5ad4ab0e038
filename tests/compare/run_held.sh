#!/bin/sh
# Invariant: 'pkbench run' holds its folder (OUT/host) for its whole run, between its steps too:
# a writer outside it is refused (exit 2, naming run's pid) while its steps write there as
# before. Here run is stopped (SIGSTOP) once its sweep has committed measured.csv (the step then
# running may go on; run cannot start the next); a sweep into OUT/host then must be refused, and
# measured.csv stay the run's. Before, nothing
# held the folder between steps: that sweep replaced the run's, and the run's gates judged it.
# usage: run_held.sh PKBENCH OUT_DIR
pk=$1 out=$2
. "$(dirname "$0")/../common/interrupt.sh"
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" run --backend host --quick --out "$out/r" >"$out/stdout" 2>"$out/stderr" &
pid=$!
i=0
while [ ! -e "$out/r/host/measured.csv" ] && [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null; do
  sleep 0.05
  i=$((i + 1))
done
kill -STOP $pid 2>/dev/null || { echo "run ended before its sweep was seen"; cat "$out/stderr"; exit 1; }
before=$(ls -i "$out/r/host/measured.csv")
"$pk" sweep --backend host --out "$out/r/host" --strategy standard --item-ns 0 --batch 1 >"$out/other.out" 2>"$out/other.err"
orc=$?
kill -CONT $pid
wait $pid
rc=$?
fail=0
[ $orc -eq 2 ] || { echo "the other sweep exited $orc, expected 2 (refused)"; fail=1; }
grep -q "^pkbench sweep: --out: $out/r/host: another pkbench (pid $pid) is writing this folder$" "$out/other.err" ||
  { echo "the refusal does not name run's pid $pid:"; cat "$out/other.err"; fail=1; }
[ "$(ls -i "$out/r/host/measured.csv")" = "$before" ] || { echo "measured.csv was replaced"; fail=1; }
[ $rc -eq 0 ] || { echo "run exited $rc, expected 0"; cat "$out/stderr"; fail=1; }
# released at its end: a writer after it is let in
"$pk" sweep --backend host --out "$out/r/host" --strategy standard --item-ns 0 --batch 1 --max-reps 5 >/dev/null 2>&1 ||
  { echo "a sweep after the run could not write its folder"; fail=1; }
# What a pkbench runs keeps none of the locks it inherited (a step passes them to no gnuplot, no
# worker): here a descriptor named in PKB_HELD_LOCKS is not open in the program ab starts as A
# (the script lists its descriptors and fails, which ends ab).
printf '#!/bin/sh\nls /proc/$$/fd >"%s/fds"\nexit 1\n' "$out" >"$out/lister.sh" && chmod +x "$out/lister.sh"
(exec 7<>"$out/lk" && PKB_HELD_LOCKS=7 exec "$pk" ab --backend host --strategy standard --item-ns 0 --batch 1 --blocks 1 \
  --a "$out/lister.sh" --out "$out/ab") >/dev/null 2>&1
[ -s "$out/fds" ] || { echo "the program ab runs listed no descriptors"; fail=1; }
! grep -qx 7 "$out/fds" || { echo "a held descriptor reached the program ab runs: $(tr '\n' ' ' <"$out/fds")"; fail=1; }
exit $fail
