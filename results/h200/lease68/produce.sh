#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease68, issue 15), at 0d76247: the first on a GPU of the
# calibration's graph_small_walls (graph replays of empty items at N = 5, 6, 7, 9 and 12, recorded
# beside N = 3's, not used by the model). In one call:
# 1. five rounds of fresh processes: `pkbench calibrate`, then the graph at item 0 and every N
#    from 1 to 16 (and 24, 32) with --canary, as lease 67 did: the calibration's small walls beside
#    a sweep of the same sizes, to design a model of the first nodes' cost on (nothing fitted here);
# 2. the GPU tests;
# 3. main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds: each carries
#    graph_small_walls in its calibrations, so a model of the first nodes can be checked on its
#    sweep's graph points, which it is not fitted on.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease68/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/nodes"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3 4 5; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/nodes/cal-r$round.json" >"$o/nodes/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 60 "$pk" sweep --backend cuda --strategy graph --item-ns 0 --batch 1:16:+1,24,32 --canary \
    --out "$o/nodes/sweep-r$round" >"$o/nodes/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
pkb_gpu_tests "$o"
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
