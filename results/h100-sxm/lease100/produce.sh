#!/usr/bin/env bash
# Lease 100 (planned 2026-12-05, README.md here): the GPU tests, one idle-against-busy probe run
# (pkb_launch_position --pair, bursts of 256, 1000 rounds: how much the host's launch cost moves
# from burst to burst) into pair.txt and pair.csv, then main jobs until MAIN_DEADLINE_S into the
# call, on whatever card comes. The folder is packed into TAR after each part. Never changes GPU
# settings.
# usage: results/h200/lease100/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
main_deadline=${3:-420}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../../h200/prelude.sh"
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_lease_start "$o" "$tarball" || exit 1
echo "## pair: --pair --window 25 --n 256 --reps 1000" >>"$o/pair.txt"
timeout 60 build-gpu/kernels/pkb_launch_position --pair --window 25 --n 256 --reps 1000 --csv "$o/pair.csv" \
  >>"$o/pair.txt" 2>&1
echo "pkb_launch_position --pair --n 256 --reps 1000 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
pack_all
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pack_all
