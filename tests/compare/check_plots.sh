#!/bin/sh
# Invariant: 'pkbench plot' on a complete results directory exits 0 (every gnuplot run exited 0)
# and leaves all five plots as non-empty PNG and SVG files, with no temporary file behind.
# usage: check_plots.sh PKBENCH RESULTS_DIR OUT_DIR
pk=$1 dir=$2 out=$3
rm -rf "$out"
"$pk" plot "$dir" --out "$out" || { echo "pkbench plot exited $?"; exit 1; }
fail=0
for p in crossover savings accuracy decision-map timeline; do
  for f in png svg; do
    [ -s "$out/$p.$f" ] || { echo "missing $out/$p.$f"; fail=1; }
  done
  head -c 8 "$out/$p.png" | grep -q PNG || { echo "$p.png is not a PNG"; fail=1; }
  grep -q "<svg" "$out/$p.svg" || { echo "$p.svg is not an SVG"; fail=1; }
done
if ls -a "$out" | grep -q '\.tmp\.'; then echo "temporary files left in $out"; fail=1; fi
exit $fail
