#!/usr/bin/env bash
# Lease 94 (planned 2026-12-05, README.md here): lease 89's plan (the GPU tests, the bias sweeps of
# results/h200/analysis-bias/proposal.sh, pkb_harness_overhead with 20 pairs, main jobs), as
# results/h200/lease89/produce.sh runs it, with one part added before the main jobs: the launch
# call's cost by its place in a burst (pkb_launch_position, a few seconds) into position.txt. The
# folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h200/lease94/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_lease_start "$o" "$tarball" || exit 1
PKB_PK=build-gpu/harness/pkbench PKB_BACKEND=cuda bash results/h200/analysis-bias/proposal.sh "$o/bias" \
  "$o/bias.tgz" 130
echo "proposal exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
rm -f "$o/bias.tgz"
pack_all
pkb_overhead "$o" --pairs 20 --raw "$o/overhead-raw.csv"
pack_all
# The added part: bursts of 256 with the device idle between launches (item 0), without and with
# a 100 us pause between bursts, and busy from the second launch on (30 us items); bursts of 8
# (the sweep's small batches) with the device idle.
for args in "--n 256 --reps 200" "--n 256 --reps 200 --pause-us 100" "--n 256 --reps 100 --item-ns 30000" \
  "--n 8 --reps 2000"; do
  echo "## $args" >>"$o/position.txt"
  # shellcheck disable=SC2086 # the arguments split on purpose
  timeout 60 build-gpu/kernels/pkb_launch_position $args >>"$o/position.txt" 2>&1
  echo "pkb_launch_position $args exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
pack_all
pkb_main_jobs "$o" 440 pack_all
pkb_machine "$o/machine.txt"
pack_all
