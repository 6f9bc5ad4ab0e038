#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease20, issues 11 and 15): a resident kernel left waiting
# at a 4-word ring boundary before each batch (gpu_resident_align). The GPU tests, then
# pkb_harness_overhead of every strategy and of persistent-resident alone (both with --raw),
# then the main job.
# usage: results/h200/lease20/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pkb_overhead "$o" --pairs 40 --raw "$o/all-raw.csv"
pkb_overhead "$o" --pairs 60 --strategy persistent-resident --raw "$o/resident-raw.csv"
/usr/bin/time -f "pkbench run wall %e s" build-gpu/harness/pkbench run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
rm -rf "$o"/run/*/plot-data
