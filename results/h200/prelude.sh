# shellcheck shell=bash
# Sourced by the lease scripts from lease 16 on (earlier ones repeat it inline, as they ran):
# the build on the GPU machine and its machine context. Run from the repository root.
#   pkb_build SRC BUILD [TARGET...]  configure SRC into BUILD (Release, sm_90, no HIP, tests on,
#                                    dependencies from ./.deps (unpacked from the .deps.txz that
#                                    results/h200/pack-deps.sh makes), PKB_GIT_COMMIT
#                                    when set) and build TARGETs (default: all); 1 on failure,
#                                    with the log's tail
#   pkb_machine FILE                 append the GPU's name, driver, clocks, power, temperature,
#                                    P-state and throttle reasons to FILE
#   pkb_gpu_tests OUT, pkb_overhead OUT ARGS...   the GPU tests, one harness/bare run (below)
#   pkb_main_jobs OUT DEADLINE_S PACK              main jobs run1-run4 (below; lease 60 on)
#   pkb_pack OUT TAR, pkb_lease_start OUT TAR      OUT packed; a lease's build, machine, GPU tests (lease 89 on)
#   pkb_lease OUT TAR DEADLINE_S                   a whole lease of GPU tests and main jobs (below; lease 81 on)
# Also exports PKB_CUPTI_LIB (cupti-lib.sh). Never changes GPU settings.
# shellcheck source=results/h200/cupti-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/cupti-lib.sh"

pkb_build() {
  local src=$1 bld=$2 log=$2.log
  shift 2
  local commit_arg=() targets=()
  [ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
  for t in "$@"; do targets+=(--target "$t"); done
  cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
    -DPKB_BUILD_TESTS=ON "${commit_arg[@]}" -DCMAKE_PREFIX_PATH="$PWD/.deps" >"$log" 2>&1 &&
    cmake --build "$bld" -j16 "${targets[@]}" >>"$log" 2>&1 || { tail -30 "$log"; return 1; }
}

pkb_machine() {
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active \
    --format=csv >>"$1" 2>&1
}

# pkb_gpu_tests OUT: the GPU tests of build-gpu (labels gpu and cuda) into OUT/gpu-tests.txt,
# their exit status logged in OUT/log.txt. This machine has a GPU: a GPU test that skips fails
# (PKB_REQUIRE_GPU, cmake/pkb-gpu-slot.sh).
pkb_gpu_tests() {
  PKB_REQUIRE_GPU=1 timeout 240 ctest --test-dir build-gpu -L "gpu|cuda" --output-on-failure >"$1/gpu-tests.txt" 2>&1
  echo "ctest -L 'gpu|cuda' exit $?" | tee -a "$1/log.txt"
}

# pkb_overhead OUT ARGS...: one run of build-gpu's pkb_harness_overhead ARGS, appended to
# OUT/overhead.txt under a '## ARGS' line, its exit status logged in OUT/log.txt.
pkb_overhead() {
  local o=$1
  shift
  echo "## $*" >>"$o/overhead.txt"
  timeout 100 build-gpu/kernels/pkb_harness_overhead "$@" >>"$o/overhead.txt" 2>&1
  echo "pkb_harness_overhead $* exit $?" | tee -a "$o/log.txt"
}

# pkb_main_jobs OUT DEADLINE_S PACK: main jobs (`pkbench run --backend cuda`) into OUT/run1..run4,
# none started after DEADLINE_S seconds of the call, each bounded at 130 s, with its log in
# OUT/runN.log and its exit status in OUT/log.txt; the command PACK after each.
pkb_main_jobs() {
  local o=$1 deadline=$2 pack=$3 r
  for r in run1 run2 run3 run4; do
    if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$o/log.txt"; continue; fi
    /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run --backend cuda --out "$o/$r" \
      >"$o/$r.log" 2>&1
    echo "pkbench run $r exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
    $pack
  done
}

# pkb_pack OUT TAR: OUT packed into TAR (plot data and measured.json left out).
pkb_pack() {
  tar czf "$2" -C "$(dirname "$1")" --exclude=plot-data --exclude=measured.json "$(basename "$1")"
}

# pkb_lease_start OUT TAR: a lease's opening: the build, the machine, the GPU tests, OUT packed
# into TAR; 1 when the build fails.
pkb_lease_start() {
  mkdir -p "$1"
  pkb_build . build-gpu || return 1
  echo "built at ${SECONDS} s" | tee -a "$1/log.txt"
  pkb_machine "$1/machine.txt"
  pkb_gpu_tests "$1"
  pkb_pack "$1" "$2"
}

# pkb_lease OUT TAR DEADLINE_S: the lease that leases 70-80 wrote out in their produce.sh: the
# opening above, then main jobs run1-run4 (none started after DEADLINE_S seconds), with OUT
# packed into TAR after each step.
pkb_lease() {
  local o=$1 tarball=$2 deadline=$3
  pack() { pkb_pack "$o" "$tarball"; }
  pkb_lease_start "$o" "$tarball" || return 1
  pkb_main_jobs "$o" "$deadline" pack
  pkb_machine "$o/machine.txt"
  pack
}
