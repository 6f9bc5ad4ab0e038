#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease54, issue 15): the resident batch that waits 4000 ns
# after the last completion before its drawn pause (PKB_RESIDENT_GAP_NS, the default since this
# commit) checked. In one call:
#   1. the GPU tests (cuda.strategies_gap_0 among them);
#   2. resident/: two rounds, in rotated order, of fresh processes: the resident alone at item_ns
#      0, N = 1, 2, 4, 8, 16, with --canary, and a calibration (its B at N = 3), each with the
#      default gap and with PKB_RESIDENT_GAP_NS=0 (as lease 53);
#   3. main jobs (`pkbench run`), none started after DEADLINE_S seconds.
# Nothing is decided on this lease's data. After each step the folder is packed into TAR.
# usage: results/h200/lease54/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 300)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-300}
mkdir -p "$o/resident"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
pk=build-gpu/harness/pkbench
# name | what | PKB_RESIDENT_GAP_NS (empty: the default)
cases=("sweep-gap|sweep|" "cal-gap|cal|" "sweep-nogap|sweep|0" "cal-nogap|cal|0")
for round in 1 2; do
  for k in 0 1 2 3; do
    IFS='|' read -r name what gap <<<"${cases[$(((k + 2 * (round - 1)) % 4))]}"
    out="$o/resident/$name-r$round"
    if [ "$what" = sweep ]; then
      PKB_RESIDENT_GAP_NS=$gap timeout 60 $pk sweep --backend cuda --strategy persistent-resident --item-ns 0 \
        --batch 1,2,4,8,16 --canary --out "$out" >"$out.log" 2>&1
    else
      PKB_RESIDENT_GAP_NS=$gap timeout 90 $pk calibrate --backend cuda --out "$out.json" >"$out.log" 2>&1
    fi
    echo "$name (PKB_RESIDENT_GAP_NS=${gap:-default}) round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
  pack
done
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 $pk run --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
