#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease27, issues 12 and 15), after the resident window model
# and params schema 3 (745e858): the GPU tests; the main job (a fresh calibration under the new
# B and B_w, judged on its own sweep); four sweeps of one build with the canary (three baselines
# and a candidate) for the verdicts as measured and with --host-state; the off-grid shape sweep
# of the persistent kernels again.
# usage: results/h200/lease27/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
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
for r in base1 base2 base3 cand; do
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $?" | tee -a "$log"
done
/usr/bin/time -f "shape wall %e s" timeout 60 $pk sweep --backend cuda --strategy persistent,persistent-resident \
  --item-ns 0 --batch 1,8,16,24,32,40,48,56,64,80,96,112,128,160,192,224,256,320,384,448,512 --replicates 2 \
  --canary --out "$o/shape" >"$o/shape.log" 2>&1
echo "sweep shape exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
