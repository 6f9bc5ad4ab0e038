#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease26, issues 12 and 15): the main job (its calibration is
# the --host-state parameters of the verdicts); five sweeps of one build with the canary (three
# baselines and two candidates) for the regression verdicts as measured and with the host's state
# taken out; a sweep of the persistent kernels at item_ns 0 on batch sizes off the power-of-two
# grid (how a small batch's cost grows with N); a second calibration at the end (drift).
# usage: results/h200/lease26/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu pkbench || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
for r in base1 base2 base3 cand cand2; do
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $?" | tee -a "$log"
done
/usr/bin/time -f "shape wall %e s" timeout 60 $pk sweep --backend cuda --strategy persistent,persistent-resident \
  --item-ns 0 --batch 1,8,16,24,32,40,48,56,64,80,96,112,128,160,192,224,256,320,384,448,512 --replicates 2 \
  --canary --out "$o/shape" >"$o/shape.log" 2>&1
echo "sweep shape exit $?" | tee -a "$log"
/usr/bin/time -f "cal2 wall %e s" timeout 60 $pk calibrate --backend cuda --out "$o/cal2/params.json" >"$o/cal2.log" 2>&1
echo "calibrate cal2 exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
