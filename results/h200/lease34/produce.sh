#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease34, issues 12 and 15), in one call: lease 32's
# protocol (the GPU tests, a bracketing main job `run`, six sweeps of one build with the canary,
# each followed by a calibration), then one more bracketing main job `run2` if the call has time.
# A fold recorded before the verdict method it will judge was changed (see README.md).
# usage: results/h200/lease34/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
here=$(dirname "$0")
bash "$here/../lease32/produce.sh" "$o" "$tarball" 470
if [ "$SECONDS" -lt 480 ]; then
  /usr/bin/time -f "pkbench run2 wall %e s" timeout 110 build-gpu/harness/pkbench run --backend cuda --out "$o/run2" \
    >"$o/run2.log" 2>&1
  echo "pkbench run run2 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
else
  echo "run2 skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"
fi
tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"
