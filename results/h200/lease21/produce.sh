#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease21, issues 11, 12 and 15): the GPU tests;
# pkb_harness_overhead of every strategy twice and of persistent-resident alone, now that each
# side's resident kernel runs alone and is timed warm; the main job; then four sweeps of one build
# (three baselines and a candidate, with the canary) for the regression verdicts and for judging
# one lease's calibration on another's sweeps.
# usage: results/h200/lease21/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pkb_overhead "$o" --pairs 40 --raw "$o/all1-raw.csv"
pkb_overhead "$o" --pairs 40 --raw "$o/all2-raw.csv"
pkb_overhead "$o" --pairs 60 --strategy persistent-resident --raw "$o/resident-raw.csv"
/usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
for r in base1 base2 base3 cand; do
  /usr/bin/time -f "$r wall %e s" timeout 90 $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $?" | tee -a "$log"
done
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data "$o"/run/*/plot-data
