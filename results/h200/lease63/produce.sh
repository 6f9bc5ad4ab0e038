#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease63, issue 15): B measured past a fresh resident
# kernel's first batches (PK_CAL_RESIDENT_WARM_ROUNDS untimed rounds before its runs). Within a
# calibration's 20 B runs the last 7 sat above the first 7 in 83 of 129 rounds (leases 58-62), and
# the sweeps, which measure the kernel long past its start, 0.2-0.4 us above B. Expected, if that
# rise is the bias: a fresh sweep of the resident sits at the B of a calibration made just before
# it. Three rounds of fresh processes: `pkbench calibrate`, then the resident alone at item 0,
# N = 1-32, with --canary, as the main job sweeps. Then the GPU tests (the code changed since
# lease 60's) and main jobs (`pkbench run`), none started after DEADLINE_S seconds. After each
# step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease63/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
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
  timeout 60 "$pk" sweep --backend cuda --strategy persistent-resident --item-ns 0 --batch 1:32:pow2 --canary \
    --out "$o/warm/sweep-r$round" >"$o/warm/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
pkb_gpu_tests "$o"
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
