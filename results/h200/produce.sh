#!/usr/bin/env bash
# Produces the H200 reference results: builds pkbench on the GPU machine, records the machine
# context, runs the GPU tests (compute-sanitizer memcheck, racecheck and synccheck among them:
# cuda.sanitize), times the bare launch loop (in a fresh process and after a graph replay),
# pairs a bare reference with the harness for every strategy (ABBA), prints the per-point
# bench, then runs the main job, `pkbench run --backend cuda` (calibrate, default sweep,
# simulate, compare; plots are made afterwards with gnuplot, which the GPU machine lacks).
# usage: results/h200/produce.sh OUTDIR
# Run from the repository root on a machine with one NVIDIA GPU. Build dependencies the GPU
# machine lacks (jansson and GSL headers and static archives) may be supplied through
# CMAKE_PREFIX_PATH (Debian 12's copies in .deps/: include/ and lib/). Set PKB_GIT_COMMIT when
# the tree travels without .git. Never changes GPU settings.
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR}
mkdir -p "$out"
log="$out/log.txt"
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
bin=build-gpu/harness/pkbench
# The libcupti that calibration (and the GPU test cuda.cupti) times the item kernel with.
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "$0")/cupti-lib.sh"
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-}" >>"$log"

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
timeout 300 ctest --test-dir build-gpu -L gpu --output-on-failure >"$out/gpu-tests.txt" 2>&1
echo "ctest -L gpu exit $?" | tee -a "$log"

step bare launch loop, after a graph replay, and the harness/bare A/B of every strategy
{
  build-gpu/kernels/pkb_bare_launch --reps 11 --max-n 4096; echo
  build-gpu/kernels/pkb_bare_launch --reps 11 --max-n 4096 --after-graph; echo
  build-gpu/kernels/pkb_harness_overhead --pairs 40; echo
  build-gpu/tests/gpu/pkb_test_cuda bench
} >"$out/launch-overhead.txt" 2>&1
echo "bare launch + A/B + bench exit $?" | tee -a "$log"

step pkbench run --backend cuda
/usr/bin/time -f "pkbench run wall %e s" $bin run --backend cuda --out "$out/run" >>"$log" 2>&1
echo "pkbench run exit $?" | tee -a "$log"
step done
