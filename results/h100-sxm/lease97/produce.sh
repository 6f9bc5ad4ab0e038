#!/usr/bin/env bash
# Lease 97 (planned 2026-12-05, README.md here): the GPU tests, pkb_harness_overhead with 20 pairs,
# then main jobs until MAIN_DEADLINE_S into the call (three or four), on whatever card comes. The
# folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h100-sxm/lease97/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
main_deadline=${3:-390}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../../h200/prelude.sh"
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_lease_start "$o" "$tarball" || exit 1
pkb_overhead "$o" --pairs 20 --raw "$o/overhead-raw.csv"
pack_all
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pack_all
