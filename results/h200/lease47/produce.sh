#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease47, issue 15): the graph replay's cost per node at
# small graphs, for a model of the first nodes apart from the rest (lease 46: one node 6.1 us,
# two 7.4, four 9.6, the calibration's three about 8.65 and its slope from three to 3000 nodes
# 0.98 us, so one node is predicted 0.6 us too slow), and four more main jobs at the landed
# defaults. In one call:
#   1. the GPU tests;
#   2. shape/: sweeps of graph, item_ns 0 and 1000, N = 1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32,
#      48, 64 (the calibration's sizes 3 and 3000 aside, 5, 6, 12, 24 and 48 are no sweep's),
#      with the canary, 400 repetitions a point at most (no early stop), three rounds;
#   3. main jobs (`pkbench run`) run1 to run4, none started after DEADLINE_S seconds.
# Nothing is decided on this lease's data. After each step the folder is packed into TAR, so
# that a call cut short keeps what ran.
# usage: results/h200/lease47/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/shape"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
for round in 1 2 3; do
  timeout 90 build-gpu/harness/pkbench sweep --backend cuda --strategy graph --item-ns 0,1000 \
    --batch 1,2,3,4,5,6,8,12,16,24,32,48,64 --canary --noise 0 --max-reps 400 --max-time-s 0.05 \
    --out "$o/shape/r$round" >"$o/shape/r$round.log" 2>&1
  echo "shape sweep round $round exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/$r" \
    >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
