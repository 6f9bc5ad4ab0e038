#!/usr/bin/env bash
# Lease 98 (planned 2026-12-05, README.md here): the GPU tests, pkb_harness_overhead with 20 pairs,
# the idle-against-busy launch probe (pkb_launch_position --pair: twice with 30 µs busy items, once
# with 5 µs) into pair.txt and pair*.csv, then main jobs until MAIN_DEADLINE_S into the call, on
# whatever card comes. The folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h200/lease98/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
main_deadline=${3:-400}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../../h200/prelude.sh"
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_lease_start "$o" "$tarball" || exit 1
pkb_overhead "$o" --pairs 20 --raw "$o/overhead-raw.csv"
pack_all
for run in "pair1 --reps 3000" "pair2 --reps 3000" "pair5us --reps 2000 --busy-ns 5000"; do
  name=${run%% *} args=${run#* }
  echo "## $name: --pair --n 256 --window 25 $args" >>"$o/pair.txt"
  # shellcheck disable=SC2086 # the arguments split on purpose
  timeout 120 build-gpu/kernels/pkb_launch_position --pair --n 256 --window 25 $args --csv "$o/$name.csv" \
    >>"$o/pair.txt" 2>&1
  echo "pkb_launch_position --pair $args exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack_all
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pack_all
