#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease48, issue 15): what makes a graph node cost about
# 1.0 us in a main job and 0.82 us in a sweep of graphs alone (lease 47: 64 empty nodes 69-70 us
# against 59 us; on the device's own clock 62 against 52 us)? In a main job the strategies
# interleave (standard, standard-sync, graph, persistent, persistent-resident at each N). Here
# each sweep is a fresh process with graph and one other strategy, item_ns 0, N = 8 and 64; a
# sweep runs the strategies in the order given at each N, so every graph point follows the
# other strategy's point of the same N:
#   graph alone; standard,graph; standard-sync,graph; persistent,graph;
#   persistent-resident,graph
# three rounds rotating their order, 400 repetitions a point at most (no early stop). Nothing is
# decided on this lease's data. After each sweep the folder is packed into TAR.
# usage: results/h200/lease48/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o/order"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
sets=(graph standard,graph standard-sync,graph persistent,graph persistent-resident,graph)
names=(alone standard sync persistent resident)
for round in 1 2 3; do
  for k in 0 1 2 3 4; do
    i=$(((k + round - 1) % 5))
    timeout 60 build-gpu/harness/pkbench sweep --backend cuda --strategy "${sets[$i]}" --item-ns 0 --batch 8,64 \
      --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/order/${names[$i]}-r$round" \
      >"$o/order/${names[$i]}-r$round.log" 2>&1
    echo "order sweep ${names[$i]} round $round exit $? at ${SECONDS} s" | tee -a "$log"
    pack
  done
done
pkb_machine "$o/machine.txt"
pack
