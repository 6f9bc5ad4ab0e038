#!/usr/bin/env bash
# One lease of the H200, planned in the session of 2026-12-05 that had no device (not run yet;
# README.md here): the GPU tests at the code of that session (the watchdog on every backend call,
# kernels/gpu_guard.inc, with its test gpu.cuda_watchdog; the warp barrier before the persistent
# kernel's idle report), then the bias lease proposed by results/h200/analysis-bias (proposal.sh:
# calibrate --reps 100, sweeps of item 0 at N = 1-8 with N = 3, in two companies, calibrate
# again; jobs until PROPOSAL_DEADLINE_S into that part); then (parts 3 and 4, added before any
# call) pkb_harness_overhead with 20 pairs and main jobs until MAIN_DEADLINE_S into the call. The
# folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h200/lease89/produce.sh OUTDIR TAR [PROPOSAL_DEADLINE_S [MAIN_DEADLINE_S]]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [PROPOSAL_DEADLINE_S [MAIN_DEADLINE_S]]}
tarball=${2:?usage: produce.sh OUTDIR TAR [PROPOSAL_DEADLINE_S [MAIN_DEADLINE_S]]}
deadline=${3:-130}
main_deadline=${4:-440}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_lease_start "$o" "$tarball" || exit 1
PKB_PK=build-gpu/harness/pkbench PKB_BACKEND=cuda bash results/h200/analysis-bias/proposal.sh "$o/bias" \
  "$o/bias.tgz" "$deadline"
echo "proposal exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
rm -f "$o/bias.tgz"
pkb_pack "$o" "$tarball"
# Part 3 (added on 2026-12-05, before any call): harness/bare with every backend call guarded.
pkb_overhead "$o" --pairs 20 --raw "$o/overhead-raw.csv"
pkb_pack "$o" "$tarball"
# Part 4: main jobs at this code, none started after MAIN_DEADLINE_S into the call (each at most
# 130 s, so the call ends within 600 s).
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pkb_pack "$o" "$tarball"
