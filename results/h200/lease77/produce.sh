#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease77): a smoke check of the resident benchmarks after
# their ring set-up moved into bench_common.inc (behaviour unchanged): pkb_resident_sm (8
# launches of 50 batches) and pkb_resident_phase (1 round of 20 per pause), their output and exit
# status into OUTDIR, packed into TAR. Never changes GPU settings.
# usage: results/h200/lease77/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu pkb_resident_sm pkb_resident_phase || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
timeout 60 build-gpu/kernels/pkb_resident_sm --reps 50 --rounds 8 >"$o/resident_sm.txt" 2>&1
echo "pkb_resident_sm exit $?" | tee -a "$o/log.txt"
timeout 60 build-gpu/kernels/pkb_resident_phase --reps 20 --rounds 1 >"$o/resident_phase.txt" 2>&1
echo "pkb_resident_phase exit $?" | tee -a "$o/log.txt"
tar czf "$tarball" -C "$(dirname "$o")" "$(basename "$o")"
