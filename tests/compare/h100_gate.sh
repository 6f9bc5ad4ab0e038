#!/bin/sh
# Invariant (the CI gate): on the committed H100 reference results, the simulator driven by the
# committed calibration predicts the committed sweep within the gates passed as arguments, and
# every plot regenerates from those results. Both files are committed: one missing fails the
# gate, it does not skip it.
# usage: h100_gate.sh PKBENCH RESULTS_DIR OUT_DIR [compare gate flags...]
pk=$1 res=$2 out=$3
shift 3
[ -f "$res/measured.csv" ] && [ -f "$res/params.json" ] || { echo "no committed H100 results in $res (measured.csv and params.json)"; exit 1; }
rm -rf "$out"
"$pk" compare --measured "$res" --params "$res/params.json" --out "$out" "$@"
rc=$?
[ $rc -eq 0 ] || { echo "pkbench compare exited $rc; the report is $out/report.md"; exit 1; }
"$pk" plot "$res" --predicted "$out/predicted.csv" --out "$out" || { echo "pkbench plot exited $?"; exit 1; }
for p in crossover savings accuracy decision-map timeline; do
  for f in png svg; do [ -s "$out/$p.$f" ] || { echo "missing $out/$p.$f"; exit 1; }; done
done
