#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease24, issues 11 and 12): the GPU tests at the session's
# last commit, then an interleaved A/A of this build, `pkbench ab` with the arguments of
# results/h200/aa/produce.sh (item_ns 0 and 5000, batches 1, 16 and 256, 12 ABBA blocks).
# usage: results/h200/lease24/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
/usr/bin/time -f "ab wall %e s" timeout 240 $pk ab --backend cuda --item-ns 0,5000 --batch 1,16,256 --blocks 12 \
  --out "$o/ab" >"$o/ab.log" 2>&1
echo "ab exit $? (0: no point slower)" | tee -a "$log"
pkb_machine "$o/machine.txt"
