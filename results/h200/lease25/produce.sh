#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease25, issue 11): after b97be04 (pkb_harness_overhead's
# dead resident-kernel state removed, behaviour unchanged), the program alone built and run to
# check it on the GPU: 20 ABBA pairs right after the build, then 40 pairs with the GPU's clock
# and power read after them. As run, in two device calls.
# usage: results/h200/lease25/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu pkb_harness_overhead || exit 1
timeout 120 build-gpu/kernels/pkb_harness_overhead --pairs 20 >"$o/overhead20.txt" 2>&1
echo "pairs 20 exit $?"
timeout 200 build-gpu/kernels/pkb_harness_overhead --pairs 40 >"$o/overhead40.txt" 2>&1
echo "pairs 40 exit $?"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,temperature.gpu,pstate \
  --format=csv >>"$o/overhead40.txt"
