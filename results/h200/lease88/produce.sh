#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease88, issue 15): three main jobs at the code where
# `pkbench run` calibrates a GPU with --reps 100 (100 timed runs a step; ee10bb9), chosen on
# lease 87's sweeps and judged here on main jobs it did not shape. Each main job as every lease's
# (calibrate, sweep, calibrate again, the paired check, compare, plot) into run1..run3. No GPU
# tests (lease 87's hold ran them, 28 of 28; the backends have not changed since). The folder is
# packed into TAR after each step. Never changes GPU settings.
# usage: results/h200/lease88/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
mkdir -p "$o"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for k in 1 2 3; do
  /usr/bin/time -f "pkbench run run$k wall %e s" timeout 170 build-gpu/harness/pkbench run --backend cuda \
    --out "$o/run$k" >"$o/run$k.log" 2>&1
  echo "pkbench run run$k exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  pack
done
pkb_machine "$o/machine.txt"
pack
