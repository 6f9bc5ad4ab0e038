#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease65, issue 15), lease 64's code (only results changed
# since, so its GPU tests are not run again). In one call:
# 1. does S fall further past the ten warm-up rounds? Three rounds of fresh processes: a
#    `pkbench calibrate` as the main job's (20 runs a measurement, after 10 untimed rounds of 21),
#    one of a single round at --reps 100 (its 100 runs after 1010 untimed ones, in run order in the
#    file), then persistent and the resident at item 0, N = 1-64, with --canary. In lease 64 the
#    calibrations' setup_ns less the launch cost beside their runs was 3.3-4.3 us, the sweeps'
#    setup_ns less their canary 3.3-4.1 us.
# 2. main jobs (`pkbench run`), none started after DEADLINE_S seconds: with lease 64's, a
#    calibration from one lease against the other's sweeps.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease65/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
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
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/warm/cal-r$round.json" >"$o/warm/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 120 "$pk" calibrate --backend cuda --reps 100 --rounds 1 --out "$o/warm/cal100-r$round.json" \
    >"$o/warm/cal100-r$round.log" 2>&1
  echo "calibrate --reps 100 round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 60 "$pk" sweep --backend cuda --strategy persistent,persistent-resident --item-ns 0 --batch 1:64:pow2 --canary \
    --out "$o/warm/sweep-r$round" >"$o/warm/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
