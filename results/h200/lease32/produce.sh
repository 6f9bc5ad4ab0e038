#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease32, issues 12 and 15), in one call: the GPU tests; the
# main job, which now calibrates before and after its sweep and models it with their mean
# (params-before.json, params-after.json); then six sweeps of one build with the canary (base1,
# base2, base3, cand, base4, base5: lease 31's protocol, for a second lease with a history of
# five), each followed by a calibration (cal-after-NAME.json), so that every sweep is bracketed.
# After each step the folder is packed into TAR, so that a call cut short keeps what ran.
# usage: results/h200/lease32/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        no sweep starts after DEADLINE_S seconds into the script, default 500)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-500}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $? at ${SECONDS} s" | tee -a "$log"
pack
for r in base1 base2 base3 cand base4 base5; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "sweep $r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $? at ${SECONDS} s" | tee -a "$log"
  timeout 30 $pk calibrate --backend cuda --out "$o/cal-after-$r.json" >"$o/cal-after-$r.log" 2>&1
  echo "calibrate after $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
