#!/usr/bin/env bash
# Leases 95 (an H100) and 96 (an H200), planned 2026-12-05 (README.md here and ../../h200/lease96/):
# the launch call's cost by the burst's size, sizes alternated burst by burst (pkb_launch_position
# --mix), item 0, twice, around the same settings as lease 94's by-place runs, with 30 µs items,
# and with a 100 µs pause; into position.txt. Builds pkb_launch_position alone. About a minute of
# the GPU. Never changes GPU settings.
# usage: results/h100-sxm/lease95/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../../h200/prelude.sh"
mkdir -p "$o"
pkb_build . build-gpu pkb_launch_position || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
mix="--mix 1,2,3,4,8,16,64,256"
for args in "$mix --reps 2000" "--n 256 --reps 200" "--n 256 --reps 200 --pause-us 100" \
  "--n 256 --reps 100 --item-ns 30000" "--n 8 --reps 2000" "--mix 1,2,4,8,256 --reps 100 --item-ns 30000" \
  "--mix 1,2,4,8,256 --reps 1000 --pause-us 100" "$mix --reps 2000"; do
  echo "## $args" >>"$o/position.txt"
  # shellcheck disable=SC2086 # the arguments split on purpose
  timeout 120 build-gpu/kernels/pkb_launch_position $args >>"$o/position.txt" 2>&1
  echo "pkb_launch_position $args exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pkb_machine "$o/machine.txt"
pkb_pack "$o" "$tarball"
