#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease53, issue 15): why a main job's sweep measures the
# resident's small batches 0.1-0.5 us above the B of the calibrations around it (leases 45-52).
# In one call:
#   1. the GPU tests;
#   2. resident/: three rounds, in rotated order, of fresh processes: the resident alone at
#      item_ns 0, N = 1, 2, 4, 8, 16, without and with --canary; persistent,persistent-resident
#      with --canary (the main job's order); and a calibration (its B at N = 3).
# Nothing is decided on this lease's data. After each step the folder is packed into TAR.
# usage: results/h200/lease53/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/resident"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
pk=build-gpu/harness/pkbench
cases=(alone canary after cal)
for round in 1 2 3; do
  for k in 0 1 2 3; do
    name=${cases[$(((k + round - 1) % 4))]}
    out="$o/resident/$name-r$round"
    case $name in
      alone) timeout 60 $pk sweep --backend cuda --strategy persistent-resident --item-ns 0 --batch 1,2,4,8,16 \
        --out "$out" >"$out.log" 2>&1 ;;
      canary) timeout 60 $pk sweep --backend cuda --strategy persistent-resident --item-ns 0 --batch 1,2,4,8,16 \
        --canary --out "$out" >"$out.log" 2>&1 ;;
      after) timeout 60 $pk sweep --backend cuda --strategy persistent,persistent-resident --item-ns 0 \
        --batch 1,2,4,8,16 --canary --out "$out" >"$out.log" 2>&1 ;;
      cal) timeout 90 $pk calibrate --backend cuda --out "$out.json" >"$out.log" 2>&1 ;;
    esac
    echo "$name round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
  pack
done
pkb_machine "$o/machine.txt"
pack
