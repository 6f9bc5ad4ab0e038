#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease59, issue 15), lease 58's code (only results changed
# since, so its GPU tests are not run again). In one call:
# 1. the resident's gap (PKB_RESIDENT_GAP_NS) at 4000, 20000 and 100000 ns, three rounds in
#    rotated order, each a fresh `pkbench calibrate` (its B) and right after it a fresh sweep of
#    the resident alone at item_ns 0, N = 1-32, with --canary as the main job sweeps: does the
#    sweep's round trip still sit above the calibration's B when batches start further from the
#    last completion?
# 2. main jobs (`pkbench run`), none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease59/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/gap"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pk=build-gpu/harness/pkbench
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  case $round in 1) gaps="4000 20000 100000" ;; 2) gaps="20000 100000 4000" ;; 3) gaps="100000 4000 20000" ;; esac
  for g in $gaps; do
    PKB_RESIDENT_GAP_NS=$g timeout 60 "$pk" calibrate --backend cuda --out "$o/gap/cal-$g-r$round.json" \
      >"$o/gap/cal-$g-r$round.log" 2>&1
    echo "calibrate gap $g round $round exit $? at ${SECONDS} s" | tee -a "$log"
    PKB_RESIDENT_GAP_NS=$g timeout 60 "$pk" sweep --backend cuda --strategy persistent-resident --item-ns 0 \
      --batch 1:32:pow2 --canary --out "$o/gap/sweep-$g-r$round" >"$o/gap/sweep-$g-r$round.log" 2>&1
    echo "sweep gap $g round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
done
pack
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 "$pk" run --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
