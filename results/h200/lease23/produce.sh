#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease23, issues 11 and 15): the GPU tests at the session's
# last code, the main job with e calibrated as the slope of the persistent mode's walls, one more
# calibration and one more default sweep with the canary (to judge e, graph_node_busy_ns and
# the gates on sweeps a calibration was not made with), harness/bare of every strategy.
# usage: results/h200/lease23/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
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
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
timeout 60 $pk calibrate --backend cuda --out "$o/cal2/params.json" >"$o/cal2.log" 2>&1
echo "calibrate 2 exit $?" | tee -a "$log"
/usr/bin/time -f "sweep2 wall %e s" timeout 120 $pk sweep --backend cuda --canary --out "$o/sweep2" >"$o/sweep2.log" 2>&1
echo "sweep2 exit $?" | tee -a "$log"
pkb_overhead "$o" --pairs 40 --raw "$o/all-raw.csv"
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
