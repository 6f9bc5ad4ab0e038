#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease69, issue 15), lease 68's code. In one call:
# 1. whether the graph's lumpy cost per N is the N's or the process's history: in lease 68 the
#    calibration's replays at N = 3, 7, 9 and 12 sat 0.4-0.9 us off the sweep's at the same N,
#    the same way in all five rounds (N = 3, 7, 12 above, 9 below). Two rounds of: the graph at
#    item 0 in a fresh process for each N from 1 to 16 alone (--batch N, the process's only graph),
#    then one sweep of N = 1-16 in order, all with --canary;
# 2. main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease69/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 380)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-380}
mkdir -p "$o/alone"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2; do
  for n in $(seq 1 16); do
    timeout 30 "$pk" sweep --backend cuda --strategy graph --item-ns 0 --batch "$n" --canary \
      --out "$o/alone/r$round-n$n" >>"$o/alone/r$round.log" 2>&1 || echo "alone round $round N $n exit $?" | tee -a "$o/log.txt"
  done
  echo "alone round $round done at ${SECONDS} s" | tee -a "$o/log.txt"
  timeout 60 "$pk" sweep --backend cuda --strategy graph --item-ns 0 --batch 1:16:+1 --canary \
    --out "$o/alone/sweep-r$round" >"$o/alone/sweep-r$round.log" 2>&1
  echo "sweep round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
