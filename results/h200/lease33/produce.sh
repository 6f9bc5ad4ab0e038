#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease33, issue 15), in one call: the main job N times, back
# to back (run1, run2, ...), each calibrating before and after its sweep (812f4e6): more folds of
# the bracketing calibration, after lease 32's one. Packed into TAR after each step.
# usage: results/h200/lease33/produce.sh OUTDIR TAR [N]   (repository root, one NVIDIA GPU; N = 2)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [N]}
n=${3:-2}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
for r in $(seq -f 'run%g' 1 "$n"); do
  /usr/bin/time -f "pkbench run wall %e s" timeout 150 $pk run --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
