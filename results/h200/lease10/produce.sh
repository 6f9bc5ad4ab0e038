#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease10): how the host should observe the persistent
# kernel's exit (PKB_PERSISTENT_EXIT: a stream query, an event query, or a host-mapped word the
# stream writes after the kernel), judged by harness/bare (pkb_harness_overhead, persistent only,
# 40 ABBA pairs, the variants run twice in mirrored order), with the GPU tests under each
# variant; then the main job `pkbench run --backend cuda` as built (issue 15: sync_ns of 82cdf05).
# usage: results/h200/lease10/produce.sh OUTDIR   (repository root, one NVIDIA GPU; build
# dependencies through CMAKE_PREFIX_PATH=.deps as in ../produce.sh; PKB_GIT_COMMIT when the tree
# travels without .git). Never changes GPU settings.
set -uo pipefail
r=${1:?usage: produce.sh OUTDIR}
mkdir -p "$r"
t0=$(date +%s)
step() { echo "== $(date -u +%H:%M:%S) +$(($(date +%s) - t0))s $*" | tee -a "$r/log.txt"; }
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
step build
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  "${commit_arg[@]}" -DCMAKE_PREFIX_PATH="$PWD/.deps" >"$r/build.log" 2>&1 &&
  cmake --build build-gpu -j16 >>"$r/build.log" 2>&1 || { tail -30 "$r/build.log"; exit 1; }
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "$0")/../cupti-lib.sh"
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-}" >>"$r/log.txt"
{
  nvidia-smi --query-gpu=name,driver_version,pci.bus_id,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv
  nvcc --version; uname -a; lscpu | head -20
} >"$r/machine.txt" 2>&1
for v in query event memop; do
  step "GPU tests, PKB_PERSISTENT_EXIT=$v"
  PKB_PERSISTENT_EXIT=$v timeout 200 ctest --test-dir build-gpu -L gpu --output-on-failure >"$r/gpu-tests-$v.txt" 2>&1
  echo "ctest -L gpu ($v) exit $?" | tee -a "$r/log.txt"
done
for v in query event memop memop event query; do
  step "harness/bare, persistent, PKB_PERSISTENT_EXIT=$v"
  PKB_PERSISTENT_EXIT=$v timeout 120 build-gpu/kernels/pkb_harness_overhead --pairs 40 --strategy persistent \
    >>"$r/overhead-$v.txt" 2>&1
  echo "pkb_harness_overhead ($v) exit $?" | tee -a "$r/log.txt"
done
step "pkbench run --backend cuda"
/usr/bin/time -f "pkbench run wall %e s" timeout 300 build-gpu/harness/pkbench run --backend cuda --out "$r/run" \
  >"$r/run.log" 2>&1
echo "pkbench run exit $?" | tee -a "$r/log.txt"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv \
  >>"$r/machine.txt" 2>&1
step done
