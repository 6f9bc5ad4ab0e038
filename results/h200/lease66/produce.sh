#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease66, issue 15), lease 64's code (only results changed
# since). Where does the rest of S's distance from the sweeps come from? In the main jobs of leases
# 60-65 a calibration's S less h sat above the sweep's setup_ns less its canary in 14 of 16 (median
# about 0.3 us), while teardown and B_l agreed within 0.1 us; ten more warm-up rounds did not
# lower it (lease 65). A calibration takes S from 20 back-to-back runs, the sweep from up to 1000,
# each in the sweep's loop (Google Benchmark's iteration, the process's CPU time read around it,
# canaries between long points' repetitions). Three rounds of fresh processes: `pkbench
# calibrate`, then persistent and the resident at item 0, N = 3 (the calibration's own point),
# with --canary, swept at exactly 20 repetitions and at exactly 1000 (--noise 0), in rotated order.
# Expected, if the loop is the cause: both sweeps below the calibration; if the length is, the
# 20-repetition sweep at it. Never changes GPU settings.
# usage: results/h200/lease66/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/loop"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/loop/cal-r$round.json" >"$o/loop/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  case $round in 2) order="1000 20" ;; *) order="20 1000" ;; esac
  for m in $order; do
    timeout 60 "$pk" sweep --backend cuda --strategy persistent,persistent-resident --item-ns 0 --batch 3 --canary \
      --noise 0 --min-reps "$m" --max-reps "$m" --max-time-s 10 --out "$o/loop/sweep-$m-r$round" \
      >"$o/loop/sweep-$m-r$round.log" 2>&1
    echo "sweep $m repetitions round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  done
done
pkb_machine "$o/machine.txt"
tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"
