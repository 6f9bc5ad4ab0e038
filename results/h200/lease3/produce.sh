#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease3 and lease4): the harness/bare A/B of every strategy
# with 60 ABBA pairs, a calibration, the default sweep with 3 interleaved passes
# (`--replicates 3`), and a second calibration after it, about 3.5 minutes later.
# usage: results/h200/lease3/produce.sh OUTDIR   (repository root, one NVIDIA GPU; build
# dependencies the GPU machine lacks through CMAKE_PREFIX_PATH=.deps as in ../produce.sh; set
# PKB_GIT_COMMIT when the tree travels without .git). Never changes GPU settings.
# Afterwards, here: cp OUTDIR/sweep/measured.csv DIR/ and
#   pkbench compare --measured DIR --params DIR/params.json --out DIR/compare
#   pkbench compare --measured DIR --params DIR/params-after.json --out DIR/compare-after
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
  cmake --build build-gpu -j16 --target pkbench pkb_harness_overhead >>"$r/build.log" 2>&1 ||
  { tail -30 "$r/build.log"; exit 1; }
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "$0")/../cupti-lib.sh"
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-}" >>"$r/log.txt"
{
  nvidia-smi --query-gpu=name,driver_version,pci.bus_id,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv
  nvcc --version; uname -a; lscpu | head -20
} >"$r/machine.txt" 2>&1
bin=build-gpu/harness/pkbench
step harness/bare 60 pairs
timeout 150 build-gpu/kernels/pkb_harness_overhead --pairs 60 >"$r/overhead.txt" 2>&1
echo "overhead exit $?" | tee -a "$r/log.txt"
step calibrate 1
timeout 120 $bin calibrate --backend cuda --out "$r/params.json" >"$r/calibrate.txt" 2>&1
echo "calibrate exit $?" | tee -a "$r/log.txt"
step sweep replicates 3
timeout 300 $bin sweep --backend cuda --replicates 3 --out "$r/sweep" >"$r/sweep.log" 2>&1
echo "sweep exit $?" | tee -a "$r/log.txt"
step calibrate 2
timeout 60 $bin calibrate --backend cuda --out "$r/params-after.json" >"$r/calibrate-after.txt" 2>&1
echo "calibrate2 exit $?" | tee -a "$r/log.txt"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv \
  >>"$r/machine.txt" 2>&1
step done
