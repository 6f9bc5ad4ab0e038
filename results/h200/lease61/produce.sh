#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease61, issue 15), lease 60's code (only results changed
# since, so its GPU tests are not run again). In one call:
# 1. does the resident's round trip drift up within a point? Three rounds of fresh processes: a
#    `pkbench calibrate` (its B from 20 runs a round), then sweeps of the resident alone at item 0,
#    N = 1-32, with --canary, of at most 20 repetitions a point (as many as a calibration's) and of
#    at most 1000 (the main job's), in rotated order. If the sweeps' +0.2 us over B comes from the
#    length of a point's burst of batches, the 20-repetition sweeps sit at B and the 1000 above it.
# 2. main jobs (`pkbench run`), none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease61/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 130)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-130}
mkdir -p "$o/reps"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/reps/cal-r$round.json" >"$o/reps/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  case $round in 2) order="1000 20" ;; *) order="20 1000" ;; esac
  for m in $order; do
    timeout 60 "$pk" sweep --backend cuda --strategy persistent-resident --item-ns 0 --batch 1:32:pow2 --canary \
      --max-reps "$m" --out "$o/reps/sweep-$m-r$round" >"$o/reps/sweep-$m-r$round.log" 2>&1
    echo "sweep max-reps $m round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  done
done
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
