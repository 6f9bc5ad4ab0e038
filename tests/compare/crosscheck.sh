#!/bin/sh
# compare and the crossovers' paired check beside a sweep (crosscheck/measured.csv, as `pkbench
# run` leaves it). SWEEP is a sweep with two passes per point (the state fixture), PARAMS the
# parameters it was made from: with its own file as the check, the report gains "Crossovers, paired check"
# and summary.json its paired_check (every cell unresolved: two pairs are fewer than six). A
# check without pass rows is refused: exit 2, one line naming the file, no output folder.
# usage: crosscheck.sh PKBENCH SWEEP PARAMS OUT
set -u
pk=$1 sweep=$2 params=$3 out=$4
fail=0
rm -rf "$out"
mkdir -p "$out/in/crosscheck"
cp "$sweep/measured.csv" "$out/in/"
cp "$params" "$out/in/params.json"
cp "$sweep/measured.csv" "$out/in/crosscheck/measured.csv"
"$pk" compare --measured "$out/in" --params "$out/in/params.json" --out "$out/c" >"$out/log" 2>&1 || { echo "compare failed:"; cat "$out/log"; fail=1; }
grep -q "^## Crossovers, paired check" "$out/c/report.md" || { echo "report.md lacks the paired check"; fail=1; }
grep -q "| unresolved |" "$out/c/report.md" || { echo "report.md names no unresolved cell"; fail=1; }
n=$(jq '.paired_check.cells | length' "$out/c/summary.json")
[ "$n" -gt 0 ] || { echo "summary.json has no paired_check cells"; fail=1; }
m=$(jq '[.paired_check.cells[] | select(.faster != "unresolved" or .pairs != 2)] | length' "$out/c/summary.json")
[ "$m" = 0 ] || { echo "a cell of two pairs was resolved"; fail=1; }
[ "$(jq '.paired_check.crossovers_exact == ([.crossovers[] | select(.error_steps == 0)] | length)' "$out/c/summary.json")" = true ] ||
  { echo "nothing resolved, yet the crossovers exact changed"; fail=1; }

# Without pass rows: refused before anything is written.
grep -v '^#' "$sweep/measured.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "replicate") c = i; print; next }
  $c == 0' >"$out/in/crosscheck/measured.csv"
"$pk" compare --measured "$out/in" --params "$out/in/params.json" --out "$out/bad" >"$out/log" 2>&1
rc=$?
[ $rc -eq 2 ] || { echo "a check without pass rows: exit $rc, expected 2"; fail=1; }
[ "$(wc -l <"$out/log")" -eq 1 ] && grep -q "^pkbench compare: the crossovers' paired check: .*crosscheck/measured.csv: .*no pass rows" "$out/log" ||
  { echo "a check without pass rows: not one line naming it:"; cat "$out/log"; fail=1; }
[ ! -e "$out/bad" ] || { echo "a refused check left $out/bad"; fail=1; }
exit $fail
