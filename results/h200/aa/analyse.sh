#!/bin/sh
# Turns an A/A folder (base1, base2, base3, cand: sweeps of one build in one session; ab: an
# interleaved A/A, `pkbench ab`) into the tables of its README: the A/A verdicts of the sweeps,
# each strategy's run-to-run spread, what a 10% and a 20% slowdown injected into that strategy's
# candidate points (`compare --inject`) gets, and the slower points of the ab A/A.
# With PARAMS, the sweeps are judged with --host-state PARAMS (sweeps made with --canary); with
# PRIOR too, with --prior PRIOR (a prior.csv of compare --fit-prior).
# usage: results/h200/aa/analyse.sh DIR [PKBENCH [PARAMS [PRIOR]]]    (also for results/host/aa)
set -eu
dir=$1
pk=${2:-build/harness/pkbench}
state="${3:+--host-state $3}${4:+ --prior $4}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hist="$dir/base1,$dir/base2,$dir/base3"
strategies="standard standard-sync graph persistent persistent-resident"
# verdicts.csv columns: 1 strategy ... 11 sd ... 16 verdict
count() { awk -F, -v s="$2" -v v="$3" 'NR > 1 && (s == "" || $1 == s) && (v == "" || $16 == v)' "$1" | wc -l; }
others() { awk -F, -v s="$2" 'NR > 1 && $1 != s && ($16 == "slower" || $16 == "faster")' "$1" | wc -l; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }'; }

"$pk" compare --baseline "$hist" --candidate "$dir/cand" $state --out "$tmp/aa" >/dev/null || [ $? -eq 1 ]
v=$tmp/aa/verdicts.csv
n=$(count "$v" "" "")
flag=$(( $(count "$v" "" slower) + $(count "$v" "" faster) ))
echo "A/A, 3 baseline sweeps + 1 candidate: $flag of $n points flagged ($(pct "$flag" "$n")); slower $(count "$v" "" slower), faster $(count "$v" "" faster), same $(count "$v" "" same), undecided $(count "$v" "" undecided)."
echo
echo "| strategy | points | run-to-run sd (median) | A/A same / undecided | +10%: slower | others flagged | +20%: slower | others flagged |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for s in $strategies; do
  ns=$(count "$v" "$s" "")
  [ "$ns" -gt 0 ] || continue
  sd=$(awk -F, -v s="$s" 'NR > 1 && $1 == s && $11 != "" { print $11 }' "$v" | sort -g |
       awk '{ a[NR] = $1 } END { if (NR) printf "%.1f%%", 100 * (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2); else printf "–" }')
  row="| $s | $ns | $sd | $(count "$v" "$s" same) / $(count "$v" "$s" undecided)"
  for p in 10 20; do
    "$pk" compare --baseline "$hist" --candidate "$dir/cand" $state --inject "$s:$p" --out "$tmp/$s-$p" >/dev/null || [ $? -eq 1 ]
    w=$tmp/$s-$p/verdicts.csv
    k=$(count "$w" "$s" slower)
    row="$row | $k ($(pct "$k" "$ns")) | $(others "$w" "$s") of $((n - ns))"
  done
  echo "$row |"
done
if [ -d "$dir/ab/a" ]; then
  "$pk" compare --baseline "$dir/ab/a" --candidate "$dir/ab/b" --paired --out "$tmp/ab" >/dev/null || [ $? -eq 1 ]
  w=$tmp/ab/verdicts.csv
  echo
  echo "ab A/A (interleaved, $(sed -n 's/^# context ab_blocks=//p' "$dir/ab/a/measured.csv") ABBA blocks): $(count "$w" "" slower) of $(count "$w" "" "") points slower, $(count "$w" "" faster) faster, $(count "$w" "" same) same, $(count "$w" "" undecided) undecided."
  for p in 10 20; do
    for s in $strategies; do
      "$pk" compare --baseline "$dir/ab/a" --candidate "$dir/ab/b" --paired --inject "$s:$p" --out "$tmp/ab-$s-$p" \
        >/dev/null || [ $? -eq 1 ]
      w=$tmp/ab-$s-$p/verdicts.csv
      printf '%s' "${sep:-ab, +$p% injected into B: }$s $(count "$w" "$s" slower) of $(count "$w" "$s" "")"
      sep=", "
    done
    unset sep
    echo " slower."
  done
fi
