#!/bin/sh
# Real host-backend runs for the regression-verdict tests (tests/compare: compare.host_*): three
# baseline sweeps and two candidate sweeps of the same build, one after another on one machine,
# and one interleaved A/A (pkbench ab, the same build on both sides). Only measured.csv is kept
# (the tests read nothing else). Re-run from the repository root after a change to the host
# backend or the sweep:
#   results/host/aa/produce.sh build/harness/pkbench
# Grid: every strategy, item_ns 0 and 20000, batch 1..256 (90 points), 3 interleaved passes per
# sweep; the ab run: batch 1, 4, 16, 64 (40 points), 8 ABBA blocks.
set -eu
pk=${1:-build/harness/pkbench}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grid="--strategy standard,standard-sync,graph,persistent,persistent-resident --item-ns 0,20000"
for run in base1 base2 base3 cand cand2; do
  "$pk" sweep --backend host $grid --batch 1:256:pow2 --replicates 3 --max-time-s 0.02 --out "$tmp/$run" \
    >"$tmp/$run.log" 2>&1
  mkdir -p "$here/$run"
  cp "$tmp/$run/measured.csv" "$here/$run/measured.csv"
done
"$pk" ab --backend host $grid --batch 1,4,16,64 --blocks 8 --max-time-s 0.01 --out "$tmp/ab" >"$tmp/ab.log" 2>&1 ||
  [ $? -eq 1 ]
for side in a b; do
  mkdir -p "$here/ab/$side"
  cp "$tmp/ab/$side/measured.csv" "$here/ab/$side/measured.csv"
done
tail -3 "$tmp/ab.log"
