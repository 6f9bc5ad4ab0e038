#!/bin/sh
# Invariant: compare of a candidate with one strategy changed against a history gives that
# strategy between MIN and MAX slower points and flags at most OTHERS other points faster or
# slower; with NOSAME=1 none of that strategy's points is called same (a change twice the
# threshold or more is never "same"); it exits RC, and OUT holds verdicts.csv, summary.json
# (whose "slower" count agrees; method.shared_bound present) and report.md.
# usage: check_verdicts.sh PKBENCH OUT STRATEGY MIN MAX OTHERS RC NOSAME compare-args...
set -u
pk=$1 out=$2 strat=$3 min=$4 max=$5 m=$6 want=$7 nosame=$8
shift 8
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" compare "$@" --out "$out" >"$out/stdout" 2>"$out/stderr"
rc=$?
[ $rc -eq "$want" ] || { echo "exit $rc, expected $want"; cat "$out/stderr"; exit 1; }
for f in verdicts.csv summary.json report.md; do
  [ -s "$out/$f" ] || { echo "no $out/$f"; exit 1; }
done
mine=$(awk -F, -v s="$strat" '$1 == s && $16 == "slower"' "$out/verdicts.csv" | wc -l)
same=$(awk -F, -v s="$strat" '$1 == s && $16 == "same"' "$out/verdicts.csv" | wc -l)
others=$(awk -F, -v s="$strat" 'NR > 1 && $1 != s && ($16 == "slower" || $16 == "faster")' "$out/verdicts.csv" | wc -l)
total=$(awk -F, 'NR > 1 && $16 == "slower"' "$out/verdicts.csv" | wc -l)
echo "$strat slower: $mine (want $min..$max), same: $same; others flagged: $others (at most $m)"
[ "$mine" -ge "$min" ] && [ "$mine" -le "$max" ] && [ "$others" -le "$m" ] || exit 1
[ "$nosame" -eq 0 ] || [ "$same" -eq 0 ] || { echo "$same of the changed points called same"; exit 1; }
grep -q "\"slower\": $total," "$out/summary.json" || { echo "summary.json disagrees: $total slower"; exit 1; }
grep -Eq '"shared_bound": ([0-9.e+-]+|null),' "$out/summary.json" || { echo "summary.json has no method.shared_bound"; exit 1; }
grep -qx "$total slower" "$out/stdout" || { echo "stdout lacks '$total slower'"; exit 1; }
