#!/usr/bin/env bash
# Does pinning the pkbench process to one or two CPUs narrow the run-to-run spread of a sweep
# on the GPU machine (issue 12's drift)? Five rounds; in each, four sweeps one after another:
# unpinned, `taskset -c 2`, `taskset -c 2,3`, `taskset -c 9`. Each sweep: standard,
# standard-sync, graph, persistent x item_ns 0,1000 x batch 1,4,64,1024, 3 interleaved passes.
# usage: results/h200/pinning/produce.sh OUTDIR   (repository root, one NVIDIA GPU; build
# dependencies the GPU machine lacks through CMAKE_PREFIX_PATH=.deps as in ../produce.sh)
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR}
mkdir -p "$out"
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  -DPKB_BUILD_TESTS=OFF -DCMAKE_PREFIX_PATH="$PWD/.deps" >"$out/build.log" 2>&1 &&
  cmake --build build-gpu -j16 --target pkbench >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
{ nproc; lscpu; cat /sys/devices/system/clocksource/clocksource0/current_clocksource
  grep -i cpus_allowed /proc/self/status
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,pstate --format=csv; } >"$out/machine.txt" 2>&1
args=(sweep --backend cuda --strategy standard,standard-sync,graph,persistent --item-ns 0,1000
      --batch 1,4,64,1024 --replicates 3)
for round in 1 2 3 4 5; do
  for cfg in none c2 c23 c9; do
    case $cfg in none) pre=() ;; c2) pre=(taskset -c 2) ;; c23) pre=(taskset -c 2,3) ;; c9) pre=(taskset -c 9) ;; esac
    ${pre[@]+"${pre[@]}"} build-gpu/harness/pkbench "${args[@]}" --out "$out/$cfg-$round" >"$out/$cfg-$round.log" 2>&1 ||
      echo "$cfg-$round exit $?"
  done
done
