#!/bin/sh
# Invariant: 'pkbench plot' on a comparison folder (what compare --baseline writes: no
# measured.csv) exits 0 and writes compare.png and compare.svg, non-empty, with the slower
# points' colour in the plot data and no temporary file left; a verdicts.csv that is not one
# is refused (exit 2, one line naming the file and line) and nothing is drawn.
# usage: check_compare_plot.sh PKBENCH OUT BASELINE_LIST CANDIDATE
set -u
pk=$1 out=$2 base=$3 cand=$4
rm -rf "$out"
"$pk" compare --baseline "$base" --candidate "$cand" --out "$out/cmp" >/dev/null
[ $? -eq 1 ] || { echo "compare did not find the slowdown"; exit 1; }
"$pk" plot "$out/cmp" --out "$out/plot" >"$out/plot.stdout" 2>&1 || { echo "plot failed"; cat "$out/plot.stdout"; exit 1; }
for f in png svg; do
  [ -s "$out/plot/compare.$f" ] || { echo "no compare.$f"; exit 1; }
done
head -c 8 "$out/plot/compare.png" | grep -q PNG || { echo "compare.png is not a PNG"; exit 1; }
grep -q "<svg" "$out/plot/compare.svg" || { echo "compare.svg is not an SVG"; exit 1; }
# 14034728 = 0xd62728, the slower colour: every slower point is drawn as one.
slower=$(awk -F, '$16 == "slower"' "$out/cmp/verdicts.csv" | wc -l)
red=$(grep -c ' 14034728 ' "$out/plot/plot-data/compare.dat")
[ "$slower" -gt 0 ] && [ "$slower" -eq "$red" ] || { echo "$slower slower points, $red drawn red"; exit 1; }
if ls -a "$out/plot" | grep -q '\.tmp\.'; then echo "temporary files left"; exit 1; fi
# A broken verdicts.csv: refused, naming its line.
mkdir -p "$out/bad" && cp "$out/cmp/summary.json" "$out/bad/" && sed '3s/slower/sideways/; 3s/same/sideways/; 3s/undecided/sideways/' "$out/cmp/verdicts.csv" >"$out/bad/verdicts.csv"
"$pk" plot "$out/bad" --out "$out/badplot" >"$out/bad.stdout" 2>"$out/bad.stderr"
rc=$?
[ $rc -eq 2 ] || { echo "bad verdicts.csv: exit $rc"; exit 1; }
grep -q 'verdicts.csv:3: not a verdicts.csv row' "$out/bad.stderr" || { cat "$out/bad.stderr"; exit 1; }
[ ! -e "$out/badplot/compare.png" ] || { echo "drew a plot from bad input"; exit 1; }
echo ok
