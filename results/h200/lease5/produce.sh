#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease5): two default sweeps with 3 interleaved passes and
# the canary beside every point (`--replicates 3 --canary`), each between two calibrations
# (calibrate, sweep a, calibrate, sweep b, calibrate), for the model given the host's state
# (harness/hoststate.h, issue 15).
# usage: results/h200/lease5/produce.sh OUTDIR   (repository root, one NVIDIA GPU; build
# dependencies the GPU machine lacks through CMAKE_PREFIX_PATH=.deps as in ../produce.sh; set
# PKB_GIT_COMMIT when the tree travels without .git). Never changes GPU settings.
# Afterwards, here: cp OUTDIR/sweep-X/measured.csv DIR/X/ and
#   pkbench compare --measured DIR/X --params DIR/params-N.json --out DIR/X/compare...
set -uo pipefail
r=${1:?usage: produce.sh OUTDIR}
mkdir -p "$r"
t0=$(date +%s)
step() { echo "== $(date -u +%H:%M:%S) +$(($(date +%s) - t0))s $*" | tee -a "$r/log.txt"; }
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
step build
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  -DPKB_BUILD_TESTS=OFF "${commit_arg[@]}" -DCMAKE_PREFIX_PATH="$PWD/.deps" >"$r/build.log" 2>&1 &&
  cmake --build build-gpu -j16 --target pkbench >>"$r/build.log" 2>&1 ||
  { tail -30 "$r/build.log"; exit 1; }
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "$0")/../cupti-lib.sh"
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-}" >>"$r/log.txt"
{
  nvidia-smi --query-gpu=name,driver_version,pci.bus_id,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv
  nvcc --version; uname -a; lscpu | head -20
} >"$r/machine.txt" 2>&1
bin=build-gpu/harness/pkbench
cal() {
  step "calibrate $1"
  timeout 60 $bin calibrate --backend cuda --out "$r/params-$1.json" >"$r/calibrate-$1.txt" 2>&1
  echo "calibrate $1 exit $?" | tee -a "$r/log.txt"
}
sweep() {
  step "sweep $1: replicates 3, canary"
  timeout 250 $bin sweep --backend cuda --replicates 3 --canary --out "$r/sweep-$1" >"$r/sweep-$1.log" 2>&1
  echo "sweep $1 exit $?" | tee -a "$r/log.txt"
}
cal 1
sweep a
cal 2
sweep b
cal 3
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv \
  >>"$r/machine.txt" 2>&1
step done
