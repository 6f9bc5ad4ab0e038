#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease87, issue 15): does persistent's small-batch bias come
# from a calibration that times its small batch before the runs have settled? Over the 32 main
# jobs of leases 78-85 the sweeps' persistent at item 0, N <= 8, lay on average 99 ns below the
# model given the host's state, and within a calibration's rounds (after their ten untimed rounds)
# S + B_l still falls: the median of the first 7 of 20 runs lies above that of the last 7 in 245
# of 414 rounds of leases 64-85 (by a median of 105 ns for S). A sweep's point is the median of
# up to 1000 runs. Here each job makes four calibrations around one small sweep, two of the
# default kind (`--reps 20`, A) and two with five times the runs (`--reps 100`, B: 1010 untimed
# and 100 timed runs of the small batch instead of 210 and 20), in the order A B sweep B A in odd
# jobs and B A sweep A B in even ones, so that each kind brackets the sweep; the sweep is
# standard and persistent at item 0 and 1 us, N = 1-16, with a canary beside every point. Jobs
# repeat until DEADLINE_S (default 360) seconds into the call, at most 6. The folder is packed
# into TAR after each job. No GPU tests (lease 84 ran them, 28 of 28). Never changes GPU settings.
# usage: results/h200/lease87/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU)
#   PKB_PK=PKBENCH PKB_BACKEND=host: use that binary and backend and build nothing (a dry run)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-360}
backend=${PKB_BACKEND:-cuda}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
if [ -n "${PKB_PK:-}" ]; then
  pk=$PKB_PK
else
  pk=build-gpu/harness/pkbench
  pkb_build . build-gpu || exit 1
  echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
  pkb_machine "$o/machine.txt"
fi
cal() { # cal JOB NAME REPS
  timeout 120 "$pk" calibrate --backend "$backend" --reps "$3" --out "$o/$1/$2.json" >"$o/$1/$2.log" 2>&1
  echo "$1 calibrate $2 (--reps $3) exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
}
for k in 1 2 3 4 5 6; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "job$k skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"; break; fi
  j=job$k
  mkdir -p "$o/$j"
  if [ $((k % 2)) -eq 1 ]; then cal $j a1 20; cal $j b1 100; else cal $j b1 100; cal $j a1 20; fi
  timeout 90 "$pk" sweep --backend "$backend" --out "$o/$j/sweep" --strategy standard,persistent --item-ns 0,1000 \
    --batch 1:16:pow2 --canary >"$o/$j/sweep.log" 2>&1
  echo "$j sweep exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  if [ $((k % 2)) -eq 1 ]; then cal $j b2 100; cal $j a2 20; else cal $j a2 20; cal $j b2 100; fi
  pack
done
[ -n "${PKB_PK:-}" ] || pkb_machine "$o/machine.txt"
pack
