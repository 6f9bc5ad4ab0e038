#!/bin/sh
# Invariant: 'pkbench run --replicates 2' sweeps in two interleaved passes (measured.csv holds
# pass rows of replicate 1 and 2 for every point) and its report judges each pass alone
# ("Pass by pass": one row per pass, in report.md and in summary.json's per_pass); without
# --replicates the report has no such section.
# usage: run_replicates.sh PKBENCH OUT_DIR
pk=$1 out=$2
rm -rf "$out"
"$pk" run --backend host --quick --replicates 2 --out "$out" >"$out.stdout" 2>"$out.stderr" ||
  { echo "pkbench run --replicates 2 exited $?:"; cat "$out.stderr"; exit 1; }
h=$out/host
fail=0
points=$(awk -F, '!/^#/ && $1 != "backend" && $27 == 0' "$h/measured.csv" | wc -l)
for k in 1 2; do
  n=$(awk -F, -v k=$k '!/^#/ && $1 != "backend" && $27 == k' "$h/measured.csv" | wc -l)
  [ "$n" -eq "$points" ] && [ "$n" -gt 0 ] || { echo "pass $k: $n rows for $points points"; fail=1; }
  grep -q "^| $k | $points |" "$h/report.md" || { echo "report.md has no row for pass $k"; fail=1; }
done
grep -q "^### Pass by pass" "$h/report.md" || { echo "report.md lacks 'Pass by pass'"; fail=1; }
[ "$(grep -c '"pass": ' "$h/summary.json")" -eq 2 ] || { echo "summary.json: per_pass is not 2 passes"; fail=1; }
grep -q "replicates=2" "$h/measured.csv" || { echo "measured.csv context lacks replicates=2"; fail=1; }
# One pass: no section, per_pass null.
"$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1,2 --out "$out/one" >/dev/null 2>&1 ||
  { echo "one-pass sweep failed"; exit 1; }
"$pk" compare --measured "$out/one" --params "$h/params.json" --out "$out/one-cmp" >/dev/null 2>&1 ||
  [ $? -eq 1 ] || { echo "one-pass compare failed"; exit 1; }
! grep -q "Pass by pass" "$out/one-cmp/report.md" || { echo "a one-pass report has 'Pass by pass'"; fail=1; }
grep -q '"per_pass": null' "$out/one-cmp/summary.json" || { echo "one pass: per_pass is not null"; fail=1; }
exit $fail
