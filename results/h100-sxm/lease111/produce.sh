#!/usr/bin/env bash
# Lease 111 (README.md here): on an H200, lease 100's script unchanged (the GPU tests, the
# idle-against-busy probe, main jobs until MAIN_DEADLINE_S into the call); on any other card the
# GPU tests alone (the build, the machine's context, `ctest -L 'gpu|cuda'`), packed into TAR.
# Never changes GPU settings.
# usage: results/h200/lease111/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
name=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)
case $name in
*H200*) exec bash "$(dirname "$0")/../../h100-sxm/lease100/produce.sh" "$o" "$tarball" "${3:-420}" ;;
esac
echo "not an H200 ($name): the GPU tests alone" >&2
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../../h200/prelude.sh"
pkb_lease_start "$o" "$tarball"
