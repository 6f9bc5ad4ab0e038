#!/bin/sh
# Invariant: on the synthetic directory, compare writes a report naming the device with every
# section, and errors.csv with one row per measured point (4 items x 11 batches x 5 strategies)
# whose relative errors stay within the fixture's +-3% noise, and decisions.csv with one row per
# batch where standard and persistent were both measured.
# usage: check_report.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
"$pk" compare --measured "$fix" --predicted "$fix/predicted.csv" --out "$out" >/dev/null || { echo "compare failed"; exit 1; }
fail=0
for s in "Synthetic GPU (test fixture)" "## Accuracy" "## Where the model misses" "## Crossover" "## Policy regret" \
         "| persistent |" "h = launch_host_ns = 2000 ns"; do
  grep -qF "$s" "$out/report.md" || { echo "report lacks '$s'"; fail=1; }
done
rows=$(($(wc -l <"$out/errors.csv") - 1))
[ "$rows" -eq 220 ] || { echo "errors.csv has $rows rows, expected 220"; fail=1; }
cells=$(($(wc -l <"$out/decisions.csv") - 1))
[ "$cells" -eq 44 ] || { echo "decisions.csv has $cells rows, expected 44 (4 items x 11 batches)"; fail=1; }
awk -F, 'NR > 1 && ($12 > 0.031 || $12 < -0.031) { bad = 1; print "error out of range: " $0 } END { exit bad }' \
  "$out/errors.csv" || fail=1
exit $fail
