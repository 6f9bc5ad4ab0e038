#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease80, issue 15): the device clock's step (item_clock_ns) and the review's fixes (929393c) on top of lease 78's code: the calibration past the canary's
# wake (0fa76be) and the persistent launch's free window and chunk lead (b885d2f, schema 4): the
# GPU tests, then main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR. Never changes GPU settings.
# usage: results/h200/lease80/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 300)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-300}
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
