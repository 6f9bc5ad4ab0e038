#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease73, issue 15), lease 72's code (ff65572; only results
# changed since): main jobs (`pkbench run`) run1-run4, none started after DEADLINE_S seconds, to
# check persistent_resident_item_ns (e_r) on jobs other than those it was kept on. After each the folder is
# packed into TAR. Never changes GPU settings.
# usage: results/h200/lease73/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 260)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-260}
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_main_jobs "$o" "$deadline" pack
pkb_machine "$o/machine.txt"
pack
