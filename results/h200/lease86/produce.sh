#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease86, issue 15): the model at the check's own state across
# states. Lease 85's state checks met launch costs within 0.04-0.33 us of their calibrations, so
# the state moved the model little. Here one main job (`pkbench run`: calibrate, sweep, calibrate,
# its paired check) is followed by six state checks back to back (each as lease 85's: standard and
# persistent at item 0 and 1 us, N = 1, 2, 4, 8, 20 passes of alternating order, each row with its
# canary) into run1/statecheck1..6, over two minutes or so in which the host's launch cost may
# move (3.4-4.7 us within seconds to minutes on this VM, lease 3), all judged against the main
# job's one calibration. No GPU tests (lease 84 ran them, 28 of 28). The folder is packed into TAR
# after each step. Never changes GPU settings.
# usage: results/h200/lease86/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
/usr/bin/time -f "pkbench run1 wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/run1" \
  >"$o/run1.log" 2>&1
echo "pkbench run run1 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
pack
for k in 1 2 3 4 5 6; do
  timeout 90 build-gpu/harness/pkbench sweep --backend cuda --out "$o/run1/statecheck$k" --strategy standard,persistent \
    --item-ns 0,1000 --batch 1,2,4,8 --replicates 20 --abba --canary --max-time-s 0.05 >"$o/run1/statecheck$k.log" 2>&1
  echo "statecheck$k exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  pack
done
pkb_machine "$o/machine.txt"
pack
