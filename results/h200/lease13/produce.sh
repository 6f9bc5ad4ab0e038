#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease13): the GPU tests (labels gpu and cuda) and
# harness/bare after the exit word's review fixes (1e7cc2b): every strategy with 40 ABBA pairs,
# then persistent alone twice with 60, and the per-point bench (issue 11).
# usage: results/h200/lease13/produce.sh OUTDIR   (repository root, one NVIDIA GPU; build
# dependencies through CMAKE_PREFIX_PATH=.deps as in ../produce.sh; PKB_GIT_COMMIT when the tree
# travels without .git). Never changes GPU settings.
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF -DPKB_BUILD_TESTS=ON \
  "${commit_arg[@]}" -DCMAKE_PREFIX_PATH="$PWD/.deps" >"$o/build.log" 2>&1 &&
  cmake --build build-gpu -j16 >>"$o/build.log" 2>&1 || { tail -20 "$o/build.log"; exit 1; }
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "$0")/../cupti-lib.sh"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active \
  --format=csv >"$o/machine.txt" 2>&1
timeout 200 ctest --test-dir build-gpu -L "gpu|cuda" --output-on-failure >"$o/gpu-tests.txt" 2>&1
echo "ctest -L 'gpu|cuda' exit $?" | tee -a "$o/log.txt"
timeout 150 build-gpu/kernels/pkb_harness_overhead --pairs 40 >"$o/overhead-all.txt" 2>&1
echo "pkb_harness_overhead --pairs 40 exit $?" | tee -a "$o/log.txt"
for k in 1 2; do
  timeout 100 build-gpu/kernels/pkb_harness_overhead --pairs 60 --strategy persistent >>"$o/overhead-persistent.txt" 2>&1
  echo "pkb_harness_overhead --pairs 60 --strategy persistent ($k) exit $?" | tee -a "$o/log.txt"
done
timeout 100 build-gpu/tests/gpu/pkb_test_cuda bench >"$o/bench.txt" 2>&1
echo "pkb_test_cuda bench exit $?" | tee -a "$o/log.txt"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv \
  >>"$o/machine.txt" 2>&1
