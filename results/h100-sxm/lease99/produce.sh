#!/usr/bin/env bash
# Lease 99 (planned 2026-12-05, README.md here): the GPU tests, pkb_harness_overhead with 20 pairs,
# the idle-against-busy launch probe (pkb_launch_position --pair: twice with bursts of 256, once
# of 512, 30 µs busy items) into pair.txt and pair*.csv, idle bursts of 200 and 512 alternated
# (--mix) into position.txt, then main jobs until MAIN_DEADLINE_S into the call, on whatever card
# comes. The folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h200/lease99/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
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
for run in "pair1 --n 256 --reps 3000" "pair2 --n 256 --reps 3000" "pair512 --n 512 --reps 1500"; do
  name=${run%% *} args=${run#* }
  echo "## $name: --pair --window 25 $args" >>"$o/pair.txt"
  # shellcheck disable=SC2086 # the arguments split on purpose
  timeout 120 build-gpu/kernels/pkb_launch_position --pair --window 25 $args --csv "$o/$name.csv" \
    >>"$o/pair.txt" 2>&1
  echo "pkb_launch_position --pair $args exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
echo "## --mix 200,512 --reps 1000" >>"$o/position.txt"
timeout 120 build-gpu/kernels/pkb_launch_position --mix 200,512 --reps 1000 >>"$o/position.txt" 2>&1
echo "pkb_launch_position --mix 200,512 --reps 1000 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
pack_all
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pack_all
