#!/bin/sh
# Issue 12 with a history of five: each of lease 31's six A/A sweeps (base1-base5, cand; one
# build, one session) in turn is the candidate and the other five the baseline history, judged
# with --host-state (the main job's calibration). Prints per rotation the A/A points flagged and,
# per strategy, the points found slower of 65 when PCT% is injected into that strategy's
# candidate points, and the other strategies' points flagged.
# usage: results/h200/lease31/rotate.sh DIR [PKBENCH [PCT]]
set -eu
dir=$1
pk=${2:-build/harness/pkbench}
pct=${3:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs="base1 base2 base3 cand base4 base5"
strategies="standard standard-sync graph persistent persistent-resident"
judge() {
  jb=$1 jc=$2
  shift 2
  "$pk" compare --baseline "$jb" --candidate "$jc" --host-state "$dir/run/params.json" "$@" --out "$tmp/v" \
    >/dev/null 2>&1 || [ $? -eq 1 ]
}
flagged() { awk -F, -v s="$1" 'NR > 1 && $1 != s && ($16 == "slower" || $16 == "faster")' "$tmp/v/verdicts.csv" | wc -l; }
slower() { awk -F, -v s="$1" '$1 == s && $16 == "slower"' "$tmp/v/verdicts.csv" | wc -l; }
printf '| candidate | A/A flagged |'
for s in $strategies; do printf ' +%s%% %s: slower, others flagged |' "$pct" "$s"; done
printf '\n| --- | ---: |'
for s in $strategies; do printf ' ---: |'; done
echo
for c in $runs; do
  hist=$(for r in $runs; do [ "$r" = "$c" ] || printf '%s/%s,' "$dir" "$r"; done)
  hist=${hist%,}
  judge "$hist" "$dir/$c"
  printf '| %s | %s of 325 |' "$c" "$(flagged '')"
  for s in $strategies; do
    judge "$hist" "$dir/$c" --inject "$s:$pct"
    printf ' %s of 65, %s of 260 |' "$(slower "$s")" "$(flagged "$s")"
  done
  echo
done
