#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease49, issue 15): lease 48 found that a graph's nodes
# cost about 1.0 us after `persistent` points and 0.82 us after any other strategy or none
# (64 nodes on the device's clock: 63.2 against 51.6 us). Which part of a persistent launch
# does it, and does it touch single launches too? One fresh sweep process each, item_ns 0,
# N = 8 and 64, the strategies in the order given at each N:
#   graph alone;
#   persistent,graph with PKB_PERSISTENT_EXIT=memop (the default), event and query, and with
#     PKB_PERSISTENT_QUEUE=device (memop);
#   standard alone and persistent,standard (device_ns per launch: the kernel gap).
# Two rounds rotating their order, 400 repetitions a point at most (no early stop). Nothing is
# decided on this lease's data. After each sweep the folder is packed into TAR.
# usage: results/h200/lease49/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/cause"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
# name | strategies | environment
cases=("alone|graph|" "memop|persistent,graph|PKB_PERSISTENT_EXIT=memop" "event|persistent,graph|PKB_PERSISTENT_EXIT=event"
  "query|persistent,graph|PKB_PERSISTENT_EXIT=query" "device|persistent,graph|PKB_PERSISTENT_QUEUE=device"
  "std-alone|standard|" "std-after|persistent,standard|")
n=${#cases[@]}
for round in 1 2; do
  for k in $(seq 0 $((n - 1))); do
    IFS='|' read -r name strat envs <<<"${cases[$(((k + (round - 1) * 3) % n))]}"
    # shellcheck disable=SC2086 # envs is one VAR=value or empty
    env $envs timeout 60 build-gpu/harness/pkbench sweep --backend cuda --strategy "$strat" --item-ns 0 \
      --batch 8,64 --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/cause/$name-r$round" \
      >"$o/cause/$name-r$round.log" 2>&1
    echo "sweep $name ($strat ${envs:-defaults}) round $round exit $? at ${SECONDS} s" | tee -a "$log"
    pack
  done
done
pkb_machine "$o/machine.txt"
pack
