#!/bin/sh
# Invariant: the compare plot spreads the points of one batch by item duration without leaving
# the x range or reaching the next batch's: with 13 item durations every x of compare.dat lies
# within [XMIN, XMAX], and the points of batch N stay between N/sqrt(2) and N*sqrt(2) (batches a
# factor 2 apart do not interleave). With one strategy the image is at least 1100 px wide, so
# that the subtitle (which lists the 13 durations) is not clipped.
# usage: plot_compare_items.sh PKBENCH OUT_DIR
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out/cmp"
fail=0
no() { echo "FAIL: $*"; fail=1; }
# A comparison folder by hand: verdicts.csv (the 16 columns of its oldest form) and summary.json.
awk 'BEGIN {
  print "strategy,item_ns,batch,grid,block,baseline_ns,candidate_ns,change,change_lo,change_hi,sd,df,p,baseline_runs,candidate_runs,verdict"
  split("0 100 200 500 1000 2000 5000 10000 20000 50000 100000 200000 500000", items, " ")
  for (i = 1; i <= 13; i++)
    for (b = 1; b <= 4096; b *= 2)
      printf "standard,%d,%d,1,0,1000,1010,0.01,-0.02,0.04,0.01,4,1,3,3,same\n", items[i], b
}' >"$out/cmp/verdicts.csv"
cat >"$out/cmp/summary.json" <<'J'
{"schema_version": 1, "kind": "pkbench-verdicts", "design": "runs", "candidate_device": "Test GPU (cuda)",
 "method": {"threshold": 0.05, "level": 0.95, "margin": 0.025}}
J
"$pk" plot "$out/cmp" --out "$out/p" >"$out/plot.out" 2>&1 || { no "plot exited $?: $(cat "$out/plot.out")"; exit 1; }
m=$out/p/plot-data/compare-meta.gp d=$out/p/plot-data/compare.dat
n=$(awk '/^[0-9]/' "$d" | wc -l)
[ "$n" -eq 169 ] || no "compare.dat holds $n points, not 169"
awk -v lo="$(awk '$1 == "XMIN" { print $3 }' "$m")" -v hi="$(awk '$1 == "XMAX" { print $3 }' "$m")" '
  /^[0-9]/ { if (!($1 >= lo && $1 <= hi)) { print "x " $1 " outside [" lo ", " hi "]"; bad = 1 } }
  END { exit bad || lo == "" || hi == "" }' "$d" || no "a point lies outside the x range"
# Batch of each point: its batches' points do not interleave, so in x order the k-th 13 are batch
# 2^k's (1 to 4096), each within a factor sqrt(2) of it. (The power of 2 nearest each x cannot
# tell: a point past its batch's bound is nearest the next batch, and was taken for one of it.)
awk '/^[0-9]/ { print $1 }' "$d" | sort -g | awk '{ b = 2^int((NR - 1) / 13)
    if (!($1 >= b / sqrt(2) && $1 <= b * sqrt(2))) { print "x " $1 " lies beyond its batch " b " by more than sqrt(2)"; bad = 1 } }
  END { exit bad || NR != 169 }' || no "points of adjacent batches interleave"
w=$(sed -n 's/^ *viewBox="0 0 \([0-9]*\) [0-9]*".*/\1/p' "$out/p/compare.svg" | head -n 1)
[ "${w:-0}" -ge 1100 ] || no "compare.svg is $w px wide, under 1100"
[ $fail -eq 0 ] && echo "ok: 13 item durations stay within the x range and their batch"
exit $fail
