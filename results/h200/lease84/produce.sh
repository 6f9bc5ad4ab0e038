#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease84, issue 15): the model at the paired check's own state
# (harness/paired.h: tied cells only, passes of alternating order, each row with the canary it met,
# judged against the model in that state by compare) on lease 80's model: the GPU tests, then main jobs
# (`pkbench run`) run1-run4, none started after DEADLINE_S seconds. After each step the folder is
# packed into TAR. Never changes GPU settings.
# usage: results/h200/lease84/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 300)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_lease "$o" "$tarball" "${3:-300}"
