#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease85, issue 15): the model at the paired check's own state
# where the launch cost matters. Lease 84's tied cells lay at 5-50 us items, where the two models
# barely differ; here, after each main job (`pkbench run`, its own paired check of the tied cells as
# ever), a state check measures standard and persistent at item 0 and 1 us, N = 1, 2, 4, 8, as the
# paired check does (20 passes of alternating order, each row with the canary it met) into
# runN/statecheck/. No GPU tests: lease 84 ran them (28 of 28) at e0dc867, and what changed since
# is compare's judgement alone. Main jobs run1-run4, none started after DEADLINE_S seconds; after
# each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease85/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 360)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-360}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/$r" \
    >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 90 build-gpu/harness/pkbench sweep --backend cuda --out "$o/$r/statecheck" --strategy standard,persistent \
    --item-ns 0,1000 --batch 1,2,4,8 --replicates 20 --abba --canary --max-time-s 0.05 >"$o/$r/statecheck.log" 2>&1
  echo "statecheck $r exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  pack
done
pkb_machine "$o/machine.txt"
pack
