#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease60, issue 15): S (persistent_setup_ns) taken at the
# launch cost measured beside its runs and referred to h (harness/calibrate_persistent.c), as the
# graph's fixed cost is since lease 58. Expected, if the calibration's state explains the miss:
# the sweeps' setup_ns at item 0, N = 1-8, centred on S moved by the canary (leases 58-59: 0.1-0.9
# us below it), and persistent at small N no longer predicted 3-9% too slow. In one call: the GPU
# tests, then main jobs (`pkbench run`), none started after DEADLINE_S seconds. After each step
# the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease60/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
