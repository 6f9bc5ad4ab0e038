#!/bin/sh
# Invariant: compare of a candidate with one strategy slowed against a history flags exactly
# that strategy's points slower (all N of them) and at most M other points faster or slower;
# it exits 1, and OUT holds verdicts.csv, summary.json (whose "slower" count agrees) and report.md.
# usage: check_verdicts.sh PKBENCH OUT STRATEGY N M compare-args...
set -u
pk=$1 out=$2 strat=$3 n=$4 m=$5
shift 5
rm -rf "$out"
"$pk" compare "$@" --out "$out" >"$out.stdout" 2>"$out.stderr"
rc=$?
[ $rc -eq 1 ] || { echo "exit $rc, expected 1"; cat "$out.stderr"; exit 1; }
for f in verdicts.csv summary.json report.md; do
  [ -s "$out/$f" ] || { echo "no $out/$f"; exit 1; }
done
mine=$(awk -F, -v s="$strat" '$1 == s && $16 == "slower"' "$out/verdicts.csv" | wc -l)
others=$(awk -F, -v s="$strat" 'NR > 1 && $1 != s && ($16 == "slower" || $16 == "faster")' "$out/verdicts.csv" | wc -l)
total=$(awk -F, 'NR > 1 && $16 == "slower"' "$out/verdicts.csv" | wc -l)
echo "$strat slower: $mine (want $n); others flagged: $others (at most $m)"
[ "$mine" -eq "$n" ] && [ "$others" -le "$m" ] || exit 1
grep -q "\"slower\": $total," "$out/summary.json" || { echo "summary.json disagrees: $total slower"; exit 1; }
grep -qx "$total slower" "$out.stdout" || { echo "stdout lacks '$total slower'"; exit 1; }
