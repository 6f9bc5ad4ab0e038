#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease29, issue 12), after the canary between a long point's
# repetitions (9c5f551): the GPU tests; the main job (its calibration is the --host-state
# parameters); four sweeps of one build with the canary (three baselines and a candidate) for the
# verdicts as measured and with --host-state.
# usage: results/h200/lease29/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
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
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
