#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease56): the GPU tests at the session's last code, with
# cuda.resident_gap (the resident's wait after the last completion happens, outside the timed
# region) among them. Never changes GPU settings.
# usage: results/h200/lease56/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pkb_machine "$o/machine.txt"
tar czf "$tarball" -C "$(dirname "$o")" "$(basename "$o")"
