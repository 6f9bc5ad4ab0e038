#!/bin/sh
# Invariant: 'pkbench plot' on a comparison folder (what compare --baseline writes: no
# measured.csv) exits 0 and writes compare.png and compare.svg, non-empty, with the slower
# points' colour in the plot data and no temporary file left; the margin the compare judged by
# drawn as its own lines at +-ln(1 + margin) with its key (default: half the threshold; --margin
# 1: 1%), or, where the margin is the threshold (--margin 5, or a summary.json from before there
# was a margin), none beside the threshold's, whose key names both; a verdicts.csv from before its
# raw columns (16 or 18 of today's 20) is drawn as today's; a verdicts.csv that is not one (a row
# that is not, a cell that is not a plain decimal or is out of range, a ragged row, a point twice)
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
# The margin: MG (percent), MGU and MGL (+-ln(1 + margin), NaN where the threshold's line serves),
# the keys of both lines, and the key drawn in the SVG.
margin() { # PLOT_DIR PCT|once
  m=$1/plot-data/compare-meta.gp
  if [ "$2" = once ]; then
    grep -qx 'MGU = NaN' "$m" && grep -qx 'MGL = NaN' "$m" && grep -qx "MGKEY = ''" "$m" &&
      grep -qx "THKEY = '±5% threshold and margin'" "$m" && grep -q '±5% threshold and margin' "$1/compare.svg" &&
      ! grep -q '% margin' "$1/compare.svg" || { echo "$1: the margin is the threshold, yet drawn apart:"; cat "$m"; exit 1; }
    return
  fi
  awk -v p="$2" '$1 == "MGU" { u = $3 } $1 == "MGL" { l = $3 } $1 == "MG" { g = $3 }
    END { w = log(1 + p / 100); exit !(g == p && (u - w)^2 < 1e-16 && (l + w)^2 < 1e-16) }' "$m" &&
    grep -qx "MGKEY = '±$2% margin'" "$m" && grep -qx "THKEY = '±5% threshold'" "$m" &&
    grep -q "±$2% margin" "$1/compare.svg" || { echo "$1: no margin lines at ±$2%:"; cat "$m"; exit 1; }
}
margin "$out/plot" 2.5
for m in 1 5; do
  "$pk" compare --baseline "$base" --candidate "$cand" --margin $m --out "$out/cmp-m$m" >/dev/null
  "$pk" plot "$out/cmp-m$m" --out "$out/plot-m$m" >/dev/null 2>&1 || { echo "plot of --margin $m failed"; exit 1; }
done
margin "$out/plot-m1" 1
margin "$out/plot-m5" once
mkdir -p "$out/old" && cp "$out/cmp/verdicts.csv" "$out/old/" && sed '/"margin":/d' "$out/cmp/summary.json" >"$out/old/summary.json"
"$pk" plot "$out/old" --out "$out/plot-old" >/dev/null 2>&1 || { echo "plot of a summary without a margin failed"; exit 1; }
margin "$out/plot-old" once
# Files from before the raw interval (18 columns) and before the raw columns (16) are drawn as
# today's; a header cut between those is refused.
for cols in 18 16; do
  mkdir -p "$out/c$cols" && cp "$out/cmp/summary.json" "$out/c$cols/" && cut -d, -f1-$cols "$out/cmp/verdicts.csv" >"$out/c$cols/verdicts.csv"
  "$pk" plot "$out/c$cols" --out "$out/plot-c$cols" >/dev/null 2>&1 || { echo "plot of a $cols-column verdicts.csv failed"; exit 1; }
  cmp -s "$out/plot/plot-data/compare.dat" "$out/plot-c$cols/plot-data/compare.dat" || { echo "$cols columns drawn otherwise"; exit 1; }
done
mkdir -p "$out/c19" && cp "$out/cmp/summary.json" "$out/c19/" && cut -d, -f1-19 "$out/cmp/verdicts.csv" >"$out/c19/verdicts.csv"
"$pk" plot "$out/c19" --out "$out/plot-c19" >/dev/null 2>"$out/c19.stderr"
[ $? -eq 2 ] && grep -q 'verdicts.csv:1: not a verdicts.csv header' "$out/c19.stderr" || { echo "19 columns not refused"; exit 1; }
# A broken verdicts.csv: refused, naming its line.
mkdir -p "$out/bad" && cp "$out/cmp/summary.json" "$out/bad/" && sed '3s/slower/sideways/; 3s/same/sideways/; 3s/undecided/sideways/' "$out/cmp/verdicts.csv" >"$out/bad/verdicts.csv"
"$pk" plot "$out/bad" --out "$out/badplot" >"$out/bad.stdout" 2>"$out/bad.stderr"
rc=$?
[ $rc -eq 2 ] || { echo "bad verdicts.csv: exit $rc"; exit 1; }
grep -q 'verdicts.csv:3: not a verdicts.csv row' "$out/bad.stderr" || { cat "$out/bad.stderr"; exit 1; }
[ ! -e "$out/badplot/compare.png" ] || { echo "drew a plot from bad input"; exit 1; }
# Rows no compare writes, each refused naming its line: a cell that is not a plain decimal (nan,
# inf, hex, a leading space or sign), a negative time, spread or degrees of freedom, a p outside
# [0, 1], a raw column that is neither empty nor a figure or verdict, a ragged row, a point twice.
bad_row() { # NAME LINE SED-SCRIPT
  mkdir -p "$out/$1" && cp "$out/cmp/summary.json" "$out/$1/" && sed "$3" "$out/cmp/verdicts.csv" >"$out/$1/verdicts.csv"
  cmp -s "$out/cmp/verdicts.csv" "$out/$1/verdicts.csv" && { echo "$1: the edit changed nothing"; exit 1; }
  "$pk" plot "$out/$1" --out "$out/$1-plot" >/dev/null 2>"$out/$1.stderr"
  rc=$?
  [ $rc -eq 2 ] && [ "$(wc -l <"$out/$1.stderr")" -eq 1 ] && grep -q "verdicts.csv:$2: " "$out/$1.stderr" &&
    [ ! -e "$out/$1-plot/compare.png" ] || { echo "$1: exit $rc, not refused at line $2: $(cat "$out/$1.stderr")"; exit 1; }
}
f6='s/^\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*\),[^,]*,/\1,'
bad_row base_nan 2 "2$f6""nan,/"
bad_row base_inf 2 "2$f6""inf,/"
bad_row base_hex 2 "2$f6""0x10,/"
bad_row base_space 2 "2$f6 5,/"
bad_row base_neg 2 "2$f6-5,/"
bad_row batch_plus 2 '2s/^\([^,]*,[^,]*\),[^,]*,/\1,+4,/'
bad_row p_big 2 '2s/^\(\([^,]*,\)\{12\}\)[^,]*,/\11.5,/'
bad_row sd_neg 2 '2s/^\(\([^,]*,\)\{10\}\)[^,]*,/\1-0.1,/'
bad_row raw_verdict 2 '2s/^\(\([^,]*,\)\{17\}\)[^,]*,/\1sideways,/'
bad_row raw_change 2 '2s/^\(\([^,]*,\)\{16\}\)[^,]*,/\1nan,/'
bad_row ragged 2 '2s/$/,0/'
bad_row twice 3 '2p'
echo ok
