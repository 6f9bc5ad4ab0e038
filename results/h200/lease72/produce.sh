#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease72, issue 15): persistent_resident_item_ns (e_r) on a GPU.
# In one call:
#   1. the GPU tests;
#   2. shape/: the resident at item 0 over a dense grid of N (whole and partial warps, the
#      calibration's own 15, 48, 96 and 224, the chunk's edge at 256), two replicates, with the
#      canary, in fresh processes: alone, and after persistent points (the main job's order), two
#      rounds each;
#   3. main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease72/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 420)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-420}
mkdir -p "$o/shape"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
pk=build-gpu/harness/pkbench
grid=15,16,24,32,40,48,56,64,80,96,112,128,160,192,224,240,255,256,257,288,384,512,1024
for round in 1 2; do
  for k in 0 1; do
    name=$([ $(((k + round) % 2)) = 1 ] && echo alone || echo after)
    out="$o/shape/$name-r$round"
    case $name in
      alone) timeout 90 $pk sweep --backend cuda --strategy persistent-resident --item-ns 0 --batch $grid \
        --replicates 2 --canary --out "$out" >"$out.log" 2>&1 ;;
      after) timeout 90 $pk sweep --backend cuda --strategy persistent,persistent-resident --item-ns 0 \
        --batch $grid --replicates 2 --canary --out "$out" >"$out.log" 2>&1 ;;
    esac
    echo "shape $name round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  done
  pack
done
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
