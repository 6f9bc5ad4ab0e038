#!/bin/sh
# Invariant: a candidate that lacks points the baseline has (here graph's) is judged on the
# points both hold, and stderr says how many were left unjudged on each side, so that a gate
# on "no point slower" is not passed in silence by points that were never measured.
# usage: verdict_partial.sh PKBENCH FIX OUT_DIR
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out" && cp -r "$fix-r2" "$out/cand" || exit 1
awk -F, '$4 != "graph"' "$fix-r2/measured.csv" >"$out/cand/measured.csv" || exit 1
dropped=$(awk -F, '$4 == "graph"' "$fix-r2/measured.csv" | wc -l)
"$pk" compare --baseline "$fix-r1,$fix-r3" --candidate "$out/cand" --out "$out/v" >"$out/stdout" 2>"$out/stderr"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || { echo "compare exited $rc"; cat "$out/stderr"; exit 1; }
grep -q "^pkbench compare: judged the [0-9]* points both sides hold; $dropped only the baseline has and 0 only the candidate has are not judged$" \
  "$out/stderr" || { echo "no note of the $dropped points left unjudged:"; cat "$out/stderr"; exit 1; }
"$pk" compare --baseline "$fix-r1,$fix-r3" --candidate "$fix-r2" --out "$out/w" >/dev/null 2>"$out/stderr2"
! grep -q "are not judged" "$out/stderr2" || { echo "a note where both sides hold every point"; exit 1; }
echo "ok: $dropped points only in the baseline said"
