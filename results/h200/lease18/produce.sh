#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease18, issues 11 and 15): the GPU tests, the main job
# with persistent_launch_trip_ns (B_l) calibrated, three more calibrations, and one more default
# sweep with the canary, so that each calibration can be judged on sweeps it was not made with
# (this lease's two, and lease 17's five).
# usage: results/h200/lease18/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
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
/usr/bin/time -f "pkbench run wall %e s" $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
for k in 1 2 3; do
  $pk calibrate --backend cuda --out "$o/cal$k/params.json" >"$o/cal$k.log" 2>&1
  echo "calibrate $k exit $?" | tee -a "$log"
done
/usr/bin/time -f "sweep wall %e s" $pk sweep --backend cuda --canary --out "$o/sweep2" >"$o/sweep2.log" 2>&1
echo "sweep2 exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
