#!/bin/sh
# Every 3 + 1 split of a lease's six sweeps (each sweep in turn the candidate, each three of the
# other five the history: 60 comparisons), judged with --host-state PARAMS and, when given,
# --prior PRIOR: the A/A comparisons that flag any point, and for a +PCT% slowdown injected into
# each strategy the share of its points found slower (smallest, median) and the comparisons
# that reach 90% and 70% (the last column since 8a793eb).
# usage: results/h200/lease34/combos.sh DIR PKBENCH PARAMS PCT [PRIOR]
set -eu
dir=$1 pk=$2 params=$3 pct=$4
prior=${5:+--prior $5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs="base1 base2 base3 cand base4 base5"
strategies="standard standard-sync graph persistent persistent-resident"
judge() { # judge OUT HIST CAND [--inject S:P]: exit 0 or 1 is a judgement; anything else stops
  out=$1 hist=$2 cand=$3
  shift 3
  "$pk" compare --baseline "$hist" --candidate "$dir/$cand" --host-state "$params" $prior "$@" --out "$tmp/$out" \
    >/dev/null || [ $? -eq 1 ]
}
flagged=0 n=0
for c in $runs; do
  others=$(echo $runs | tr ' ' '\n' | grep -vx "$c")
  for a in $others; do for b in $others; do for d in $others; do
    [ "$a" \< "$b" ] && [ "$b" \< "$d" ] || continue
    hist="$dir/$a,$dir/$b,$dir/$d"
    judge aa "$hist" "$c"
    n=$((n + 1))
    awk -F, 'NR > 1 && ($16 == "slower" || $16 == "faster")' "$tmp/aa/verdicts.csv" | grep -q . && flagged=$((flagged + 1))
    for s in $strategies; do
      judge inj "$hist" "$c" --inject "$s:$pct"
      awk -F, -v s="$s" 'NR > 1 && $1 == s { n++; k += $16 == "slower" } END { print k / n }' "$tmp/inj/verdicts.csv" \
        >>"$tmp/found-$s"
    done
  done; done; done
done
echo "A/A: $flagged of $n comparisons flag a point"
echo "| strategy | +$pct%: slower, smallest | median | comparisons at 90% or more | at 70% or more |"
echo "| --- | ---: | ---: | ---: | ---: |"
for s in $strategies; do
  sort -g "$tmp/found-$s" | awk -v s="$s" '{ v[NR] = $1; ok += $1 >= 0.9; ok7 += $1 >= 0.7 }
    END { printf "| %s | %.0f%% | %.0f%% | %d of %d | %d of %d |\n", s, 100 * v[1], 100 * (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), ok, NR, ok7, NR }'
done
