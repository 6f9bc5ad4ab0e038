#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease51, issue 15): the settled device (f7c895a: 64
# untimed persistent launches before the first measurement, PKB_SETTLE_LAUNCHES) checked. In
# one call:
#   1. the GPU tests (cuda.strategies_settle_0 among them);
#   2. settle/: fresh sweep processes, item_ns 0, N = 8 and 64: graph alone and persistent,graph
#      (settled: both should put 64 nodes at about 63.1 us on the device's clock, leases 48-49),
#      graph alone with PKB_SETTLE_LAUNCHES=0 (about 51.6 us), two rounds;
#   3. main jobs (`pkbench run`), none started after DEADLINE_S seconds.
# Nothing is decided on this lease's data. After each step the folder is packed into TAR.
# usage: results/h200/lease51/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 190)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-190}
mkdir -p "$o/settle"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
# name | strategies | settle launches (empty: the default)
cases=("alone|graph|" "after|persistent,graph|" "unsettled|graph|0")
for round in 1 2; do
  for k in 0 1 2; do
    IFS='|' read -r name strat settle <<<"${cases[$(((k + round - 1) % 3))]}"
    PKB_SETTLE_LAUNCHES=$settle timeout 60 build-gpu/harness/pkbench sweep --backend cuda --strategy "$strat" \
      --item-ns 0 --batch 8,64 --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/settle/$name-r$round" \
      >"$o/settle/$name-r$round.log" 2>&1
    echo "sweep $name ($strat, PKB_SETTLE_LAUNCHES=${settle:-default}) round $round exit $? at ${SECONDS} s" | tee -a "$log"
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
