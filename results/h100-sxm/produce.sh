#!/usr/bin/env bash
# Produces the H100 reference results: builds pkbench on the GPU machine, records the machine
# context, runs the GPU tests (compute-sanitizer memcheck, racecheck and synccheck among them:
# cuda.sanitize), times a bare launch loop and the harness-overhead A/B, then runs the main
# job, `pkbench run --backend cuda` (calibrate, default sweep, simulate, compare; plots are
# skipped where gnuplot is missing and made afterwards with `pkbench plot`).
# usage: results/h100-sxm/produce.sh OUTDIR
# Run from the repository root on a machine with one NVIDIA GPU. Build dependencies the GPU
# machine lacks (jansson and GSL headers and static archives) may be supplied through
# CMAKE_PREFIX_PATH (we carried Debian 12's copies in .deps/). Never changes GPU settings.
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR}
mkdir -p "$out"
log="$out/log.txt"
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
bin=build-gpu/harness/pkbench

step configure and build
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  -DCMAKE_PREFIX_PATH="$PWD/.deps" "${commit_arg[@]}" >>"$log" 2>&1 &&
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

step bare launch loop and harness-overhead A/B
{ build-gpu/kernels/pkb_bare_launch; echo; build-gpu/kernels/pkb_harness_overhead --pairs 20; } >"$out/launch-overhead.txt" 2>&1
echo "bare launch + A/B exit $?" | tee -a "$log"

step pkbench run --backend cuda
/usr/bin/time -f "pkbench run wall %e s" $bin run --backend cuda --out "$out/run" >>"$log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
step done
