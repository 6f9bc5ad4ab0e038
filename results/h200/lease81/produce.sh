#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease81, issue 15): lease 80's model unchanged (the clock's
# step, the chunk lead, the calibration past the canary's wake), with the canary's spread now
# recorded beside every point (canary_host_ns_min, _max): fresh main jobs, to judge that model
# across leases against the calibrations of leases 78-80 and the points it misses against the
# host's state moving under them: the
# GPU tests, then main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease81/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 300)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_lease "$o" "$tarball" "${3:-300}"
