#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease22, issues 11 and 15): the GPU tests, harness/bare of
# every strategy once more, the main job with graph_node_busy_ns calibrated, two more
# calibrations and one more default sweep with the canary, so that the new parameter can be
# judged on sweeps it was not made with.
# usage: results/h200/lease22/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pkb_overhead "$o" --pairs 40 --raw "$o/all-raw.csv"
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
for k in 2 3; do
  timeout 60 $pk calibrate --backend cuda --out "$o/cal$k/params.json" >"$o/cal$k.log" 2>&1
  echo "calibrate $k exit $?" | tee -a "$log"
done
/usr/bin/time -f "sweep2 wall %e s" timeout 120 $pk sweep --backend cuda --canary --out "$o/sweep2" >"$o/sweep2.log" 2>&1
echo "sweep2 exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
