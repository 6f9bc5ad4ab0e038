#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease62, issue 15): is the system call the sweep makes
# beside each repetition (process CPU time for cpu_ns, CLOCK_PROCESS_CPUTIME_ID) what puts the
# resident's round trip 0.2-0.4 us above a calibration's B, which makes none between its runs?
# Three rounds of fresh processes: a `pkbench calibrate`, then sweeps of standard, graph and the
# resident at item 0, N = 1-32, with --canary, once as the main job sweeps and once with
# PKB_SWEEP_CPU_NS=0 (no call between repetitions), in rotated order. If the call is the cause,
# the second sits at B. Never changes GPU settings.
# usage: results/h200/lease62/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/cpu"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pk=build-gpu/harness/pkbench
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for round in 1 2 3; do
  timeout 60 "$pk" calibrate --backend cuda --out "$o/cpu/cal-r$round.json" >"$o/cpu/cal-r$round.log" 2>&1
  echo "calibrate round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  case $round in 2) order="0 1" ;; *) order="1 0" ;; esac
  for c in $order; do
    PKB_SWEEP_CPU_NS=$c timeout 60 "$pk" sweep --backend cuda --strategy standard,graph,persistent-resident \
      --item-ns 0 --batch 1:32:pow2 --canary --out "$o/cpu/sweep-cpu$c-r$round" >"$o/cpu/sweep-cpu$c-r$round.log" 2>&1
    echo "sweep PKB_SWEEP_CPU_NS=$c round $round exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  done
done
pkb_machine "$o/machine.txt"
tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"
