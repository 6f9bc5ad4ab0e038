#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease28, issue 15): does warming each calibration point up
# bring the calibration's persistent setup S (and the rest) to what a sweep measures? Three
# calibrations without warm-up and three with 20 ms, interleaved, then one sweep with the canary
# (every strategy, item_ns 0, 1000, 5000, N = 1..1024) that each calibration is judged on.
# usage: results/h200/lease28/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu pkbench || exit 1
pk=build-gpu/harness/pkbench
pkb_machine "$o/machine.txt"
for i in 1 2 3; do
  for w in 0 20; do
    /usr/bin/time -f "cal w$w-$i wall %e s" timeout 60 $pk calibrate --backend cuda --warmup-ms $w \
      --out "$o/cal-w$w-$i/params.json" >"$o/cal-w$w-$i.log" 2>&1
    echo "calibrate w$w-$i exit $?" | tee -a "$log"
  done
done
/usr/bin/time -f "sweep wall %e s" timeout 120 $pk sweep --backend cuda --item-ns 0,1000,5000 --batch 1:1024:pow2 \
  --canary --out "$o/sweep" >"$o/sweep.log" 2>&1
echo "sweep exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
