#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease52, issue 15): more main jobs on the settled device
# (lease 51 had two), and the small batches where the settled state might matter. In one call:
#   1. the GPU tests;
#   2. small/: fresh sweep processes, item_ns 0, N = 1-6, 8, 12, 16, graph and
#      persistent-resident, settled (the default) and with PKB_SETTLE_LAUNCHES=0, two rounds in
#      alternating order (lease 51's resident at N <= 16 ran 0.3-0.4 us above its calibration's B;
#      the graph's first nodes cost more than the rest, lease 47);
#   3. main jobs (`pkbench run`), none started after DEADLINE_S seconds.
# Nothing is decided on this lease's data. After each step the folder is packed into TAR.
# usage: results/h200/lease52/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/small"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
# name | settle launches (empty: the default)
cases=("settled|" "unsettled|0")
for round in 1 2; do
  for k in 0 1; do
    IFS='|' read -r name settle <<<"${cases[$(((k + round - 1) % 2))]}"
    PKB_SETTLE_LAUNCHES=$settle timeout 90 build-gpu/harness/pkbench sweep --backend cuda \
      --strategy graph,persistent-resident --item-ns 0 --batch 1,2,3,4,5,6,8,12,16 --canary \
      --max-reps 400 --max-time-s 0.05 --out "$o/small/$name-r$round" >"$o/small/$name-r$round.log" 2>&1
    echo "sweep $name (PKB_SETTLE_LAUNCHES=${settle:-default}) round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
done
pack
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/$r" \
    >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
