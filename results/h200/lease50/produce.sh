#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease50, issue 15): after `persistent` points a graph's
# nodes cost 0.18 us more on the device's clock, whatever the exit wait or the queue (leases 48,
# 49), while one resident launch leaves nothing. Does it take many persistent launches, and do
# single launches whose items keep the device busy (their gap between kernels, g) pay it too?
# One fresh sweep process each, N = 8 and 64, the strategies in the order given at each N:
#   graph alone, item_ns 0, 400 repetitions;
#   persistent,graph, item_ns 0, with 3, 30 and 400 repetitions a point (min = max: the
#     persistent point launches its kernel that many times, plus Google Benchmark's own);
#   standard alone and persistent,standard, item_ns 5000 (device-bound: device_ns / N less
#     the item is the gap), 400 repetitions.
# Two rounds rotating their order. Nothing is decided on this lease's data. After each sweep the
# folder is packed into TAR.
# usage: results/h200/lease50/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/count"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
# name | strategies | item_ns | repetitions
cases=("alone|graph|0|400" "p3|persistent,graph|0|3" "p30|persistent,graph|0|30" "p400|persistent,graph|0|400"
  "std-alone|standard|5000|400" "std-after|persistent,standard|5000|400")
n=${#cases[@]}
for round in 1 2; do
  for k in $(seq 0 $((n - 1))); do
    IFS='|' read -r name strat item reps <<<"${cases[$(((k + (round - 1) * 3) % n))]}"
    min=5
    [ "$reps" -lt 5 ] && min=$reps
    timeout 60 build-gpu/harness/pkbench sweep --backend cuda --strategy "$strat" --item-ns "$item" --batch 8,64 \
      --noise 0 --min-reps "$min" --max-reps "$reps" --max-time-s 0.1 --out "$o/count/$name-r$round" \
      >"$o/count/$name-r$round.log" 2>&1
    echo "sweep $name ($strat, item_ns $item, $reps reps) round $round exit $? at ${SECONDS} s" | tee -a "$log"
    pack
  done
done
pkb_machine "$o/machine.txt"
pack
