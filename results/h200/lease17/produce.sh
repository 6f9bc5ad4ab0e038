#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease17), right after lease16/produce.sh on the same
# machine (build-gpu reused when there): pkb_harness_overhead after its resident fix (resident
# alone, then every strategy, with --raw; persistent alone twice), the main job at this commit
# (issues 11, 15), then the
# A/A sweeps of the regression verdicts (issue 12) with the host-state canary: three baseline
# sweeps and one candidate of the same build, the grid of ../aa/produce.sh (batch 1..4096,
# --replicates 2) plus --canary, one after another.
# usage: results/h200/lease17/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
[ -x build-gpu/harness/pkbench ] || pkb_build . build-gpu || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
pkb_overhead "$o" --pairs 60 --strategy persistent-resident --raw "$o/resident-raw.csv"
pkb_overhead "$o" --pairs 40 --raw "$o/all-raw.csv"
pkb_overhead "$o" --pairs 60 --strategy persistent
pkb_overhead "$o" --pairs 60 --strategy persistent
/usr/bin/time -f "pkbench run wall %e s" $pk run --backend cuda --out "$o/run" >"$o/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
for r in base1 base2 base3 cand; do
  /usr/bin/time -f "$r wall %e s" $pk sweep --backend cuda --batch 1:4096:pow2 --replicates 2 --canary \
    --out "$o/$r" >"$o/$r.log" 2>&1
  echo "sweep $r exit $?" | tee -a "$log"
done
pkb_machine "$o/machine.txt"
rm -rf "$o"/*/plot-data
$pk compare --baseline "$o/base1,$o/base2,$o/base3" --candidate "$o/cand" --out "$o/compare-aa" >>"$log" 2>&1
echo "compare A/A exit $?" | tee -a "$log"
