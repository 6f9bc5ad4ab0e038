#!/bin/sh
# Writes DST: the results directory SRC with every measured point repeated for a second grid x
# block shape (grid 4, block 128, totals 10% higher), and SRC's prediction and params.
# usage: shapes_fixture.sh SRC DST
src=$1 dst=$2
rm -rf "$dst" && mkdir -p "$dst" || exit 1
cp "$src/predicted.csv" "$src/params.json" "$dst/" || exit 1
# Columns 7 and 8 are grid and block; 10 to 16 wall_ns and its quantiles (results/SCHEMA.md).
awk -F, 'BEGIN { OFS = "," } /^#/ || /^backend,/ { print; next } { print; $7 = 4; $8 = 128; for (i = 10; i <= 16; i++) if ($i != "") $i = $i * 1.1; print }' \
  "$src/measured.csv" >"$dst/measured.csv"
