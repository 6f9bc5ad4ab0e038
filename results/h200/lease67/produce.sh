#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease67, issue 15), lease 64's code (only results and docs
# changed since). In one call:
# 1. the graph's cost per node at every N from 1 to 16 (and 24, 32), item 0, with --canary, after
#    a fresh calibration, three rounds of fresh processes: in the main jobs of leases 63-65 the
#    sweeps' cost per node fell from about 1.08-1.10 us up to N = 8 to 0.95 between 8 and 16 and
#    0.98-1.00 beyond, and the model, with one node cost, predicts N = 1-2 2-12% too slow. This
#    measures the shape, for a model of it; nothing here is fitted.
# 2. one main job (`pkbench run`), started only if no more than DEADLINE_S seconds have passed.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease67/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 60)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-60}
mkdir -p "$o/nodes"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/nodes/cal-r$round.json" >"$o/nodes/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 60 "$pk" sweep --backend cuda --strategy graph --item-ns 0 --batch 1:16:+1,24,32 --canary \
    --out "$o/nodes/sweep-r$round" >"$o/nodes/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
if [ "$SECONDS" -le "$deadline" ]; then
  /usr/bin/time -f "pkbench run1 wall %e s" timeout 130 "$pk" run --backend cuda --out "$o/run1" >"$o/run1.log" 2>&1
  echo "pkbench run run1 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
else
  echo "run1 skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"
fi
pkb_machine "$o/machine.txt"
pack
