#!/usr/bin/env bash
# A PROPOSED lease (not run; README.md here says why and what it should show). Per job: a
# calibration (--reps 100, as `pkbench run` now calibrates a GPU), two small sweeps of item 0 at
# every N = 1-8 (N = 3 is the calibration's own small batch, on no sweep so far), each in 6
# passes of at most 0.05 s a point (as the state checks) with a canary on every pass row: M with the main job's five strategies in its order,
# P with standard and persistent alone (lease 87's and the state checks' company); M then P in
# odd jobs, P then M in even ones; then a calibration again. No job starts after DEADLINE_S
# (default 130) seconds into the call; at most 4. About 46 s a job on an H200 (two calibrations
# of about 13 s; M about 40 points x 6 passes x 0.06 s, P 16 x 6 x 0.06 s), so three or four
# jobs, and with the machine's start (about 110 s) and the build (about 13 s) about 5 minutes.
# usage: results/h200/analysis-bias/proposal.sh OUTDIR TAR [DEADLINE_S]   (repository root)
#   PKB_PK=PKBENCH PKB_BACKEND=host PKB_REPS=20: a dry run of the plumbing (never GPU figures)
set -uo pipefail
o=${1:?usage: proposal.sh OUTDIR TAR [DEADLINE_S]}
tarball=${2:?usage: proposal.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-130}
backend=${PKB_BACKEND:-cuda}
reps=${PKB_REPS:-100}
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"; }
if [ -n "${PKB_PK:-}" ]; then
  pk=$PKB_PK
else
  # shellcheck source=results/h200/prelude.sh
  . results/h200/prelude.sh
  pk=build-gpu/harness/pkbench
  pkb_build . build-gpu || exit 1
  echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
  pkb_machine "$o/machine.txt"
fi
cal() { # cal JOB NAME
  timeout 60 "$pk" calibrate --backend "$backend" --reps "$reps" --out "$o/$1/$2.json" >"$o/$1/$2.log" 2>&1
  echo "$1 calibrate $2 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
}
sw() { # sw JOB M|P
  local s=standard,persistent
  [ "$2" = M ] && s=standard,standard-sync,graph,persistent,persistent-resident
  timeout 60 "$pk" sweep --backend "$backend" --out "$o/$1/$2" --strategy "$s" --item-ns 0 \
    --batch 1:8:+1 --replicates 6 --max-time-s 0.05 --canary >"$o/$1/$2.log" 2>&1
  echo "$1 sweep $2 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
}
for k in 1 2 3 4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "job$k skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"; break; fi
  j=job$k
  mkdir -p "$o/$j"
  cal $j before
  if [ $((k % 2)) -eq 1 ]; then sw $j M; sw $j P; else sw $j P; sw $j M; fi
  cal $j after
  pack
done
pack
