#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease31, issues 12 and 15): a fold that compare --host-state
# as one family (bb7a804) has not seen, in one call (lease 30's second half was lost): the main
# job (its calibration is the --host-state parameters), three baseline sweeps with the canary and a
# candidate (lease 29's protocol), then two more baselines for a history of five while the call
# has time. After every sweep (the main job's too) one more calibration, cal-after-NAME.json, so
# that each sweep is bracketed by a calibration before it and one after it (issue 15: does a
# calibration that spans the sweep predict it better than one made before it?). After each step
# the folder is packed into TAR, so that a call cut short keeps what ran.
# usage: results/h200/lease31/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        no sweep starts after DEADLINE_S seconds into the script, default 470)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-470}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
calibrate_after() {
  timeout 30 $pk calibrate --backend cuda --out "$o/cal-after-$1.json" >"$o/cal-after-$1.log" 2>&1
  echo "calibrate after $1 exit $? at ${SECONDS} s" | tee -a "$log"
}
calibrate_after run
pack
for r in base1 base2 base3 cand base4 base5; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "sweep $r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $? at ${SECONDS} s" | tee -a "$log"
  calibrate_after "$r"
  pack
done
pkb_machine "$o/machine.txt"
pack
