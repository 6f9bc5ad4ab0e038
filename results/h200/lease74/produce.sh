#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease74, issue 15): whether the resident round trip's level
# is set when the kernel is launched, and by the SM its block lands on. In one call:
#   1. sm/: pkb_resident_sm in five fresh processes, 64 launches of 300 timed batches each (raw
#      round trips in sm/pN.csv);
#   2. main jobs (`pkbench run`) run1-run2, none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease74/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 200)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-200}
mkdir -p "$o/sm"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu pkbench pkb_resident_sm || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for p in 1 2 3 4 5; do
  timeout 120 build-gpu/kernels/pkb_resident_sm --reps 300 --rounds 64 --raw "$o/sm/p$p.csv" >"$o/sm/p$p.txt" 2>&1
  echo "pkb_resident_sm p$p exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack
for r in run1 run2; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"; continue; fi
  /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/$r" \
    >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  pack
done
pkb_machine "$o/machine.txt"
pack
