#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease64, issue 15): S, B_l and B measured past a point's
# first runs (PK_CAL_WARM_ROUNDS untimed rounds before the timed runs of persistent and of the
# resident at the small batch). Within a calibration's 20 runs of persistent at N = 3, setup_ns's
# last 7 sat below its first 7 in 107 of 126 rounds (leases 58-63, median -404 ns), and the main
# jobs' persistent at item 0 was predicted 0.3-1.2 us too slow given the host's state at every N.
# Expected, if that fall is the bias: persistent at item 0, N = 1-64, swept right after a fresh
# calibration, within a few percent of the model given the host's state, and no longer above it at
# every N. Three rounds of fresh processes: `pkbench calibrate`, then persistent and the resident
# at item 0, N = 1-64, with --canary, as the main job sweeps. Then the GPU tests and main jobs
# (`pkbench run`), none started after DEADLINE_S seconds. After each step the folder is packed
# into TAR. Never changes GPU settings.
# usage: results/h200/lease64/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 130)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-130}
mkdir -p "$o/warm"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/warm/cal-r$round.json" >"$o/warm/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 60 "$pk" sweep --backend cuda --strategy persistent,persistent-resident --item-ns 0 --batch 1:64:pow2 --canary \
    --out "$o/warm/sweep-r$round" >"$o/warm/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
pkb_gpu_tests "$o"
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
