#!/bin/sh
# Invariant: the amd-mi300x-published preset reproduces the figure it was built from: one
# empty item launched and synchronised (h + L + sync) predicts the 16.9 us launch-and-sync
# round trip published for a bare-metal MI325X (results/README.md, source 2).
# usage: preset_amd.sh PKBENCH
set -u
pk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$pk" simulate --preset amd-mi300x-published --strategy standard-sync --item-ns 0 --batch 1 \
  --out "$tmp/p.csv" >/dev/null || { echo "simulate failed"; exit 1; }
wall=$(grep -v '^#' "$tmp/p.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_ns") c = i; next }
                                        $4 == "standard-sync" { print $c }')
if [ "$wall" != "16900" ]; then
  echo "standard-sync N=1 item_ns=0 predicted wall_ns '$wall', expected 16900"; exit 1
fi
echo "ok: predicted launch-and-sync round trip $wall ns"
