#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease30, issues 12 and 15), after compare --host-state
# judged its two takings as one family (bb7a804): a fold it has not seen. Phase 1: the GPU tests;
# the main job (its calibration is the --host-state parameters); three baseline sweeps with the
# canary. Phase 2: the candidate sweep (so base1-3 + cand repeat lease 29's protocol), then two
# more baselines, for a history of five.
# usage: results/h200/lease30/produce.sh OUTDIR 1|2   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR 1|2}
phase=${2:?usage: produce.sh OUTDIR 1|2}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
if [ "$phase" = 1 ]; then
  pkb_gpu_tests "$o"
  /usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
  echo "pkbench run exit $?" | tee -a "$log"
  sweeps="base1 base2 base3"
else
  sweeps="cand base4 base5"
fi
for r in $sweeps; do
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $?" | tee -a "$log"
done
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
