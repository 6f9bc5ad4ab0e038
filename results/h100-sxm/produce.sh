#!/usr/bin/env bash
# Produces the H100 reference results: builds pkbench on the GPU machine, runs the GPU tests
# (compute-sanitizer memcheck, racecheck and synccheck among them: cuda.sanitize), calibrates, runs the default sweep, and times a bare launch loop.
# usage: results/h100-sxm/produce.sh OUTDIR [quick]
# Run from the repository root on a machine with one NVIDIA GPU. Build dependencies the GPU
# machine lacks (jansson and GSL headers and static archives) may be supplied through
# CMAKE_PREFIX_PATH (we carried Debian 12's copies in .deps/). Never changes GPU settings.
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR [quick]}
mode=${2:-full}
mkdir -p "$out"
log="$out/log.txt"
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }
commit=${PKB_GIT_COMMIT:-unknown}
bin=build-gpu/harness/pkbench

step configure and build
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  -DCMAKE_PREFIX_PATH="$PWD/.deps" -DPKB_GIT_COMMIT="$commit" >>"$log" 2>&1 &&
  cmake --build build-gpu -j16 >>"$log" 2>&1 || { echo "build failed"; tail -40 "$log"; exit 1; }

step machine context
{
  nvidia-smi --query-gpu=name,driver_version,pci.bus_id,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv
  nvidia-smi -q -d CLOCK,PERFORMANCE,POWER,TEMPERATURE
  nvcc --version; uname -a; lscpu | head -20
} >"$out/machine.txt" 2>&1

step GPU tests
ctest --test-dir build-gpu -L gpu --output-on-failure >"$out/gpu-tests.txt" 2>&1
echo "ctest -L gpu exit $?" | tee -a "$log"
tail -5 "$out/gpu-tests.txt"

step bare launch loop
build-gpu/kernels/pkb_bare_launch >"$out/bare-launch.txt" 2>&1
echo "bare launch exit $?" | tee -a "$log"

if [ "$mode" = quick ]; then
  step quick calibrate
  $bin calibrate --backend cuda --out "$out/params.json" 2>&1 | tee -a "$log"
  step quick sweep
  $bin sweep --backend cuda --item-ns 0,5000 --batch 1,64,4096 --out "$out/sweep" 2>>"$log" | tail -5
  echo "sweep exit ${PIPESTATUS[0]}" | tee -a "$log"
  exit 0
fi

step calibrate
/usr/bin/time -f "calibrate wall %e s" $bin calibrate --backend cuda --out "$out/params.json" 2>&1 | tee -a "$log"
step default sweep
/usr/bin/time -f "sweep wall %e s" $bin sweep --backend cuda --out "$out/sweep" >>"$log" 2>&1
echo "sweep exit $?" | tee -a "$log"
step done
