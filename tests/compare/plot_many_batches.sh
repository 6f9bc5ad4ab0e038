#!/bin/sh
# Invariant: a grid of more batch sizes than the plots hold (70 against 64) draws the smallest
# 64, says so in one note, and leaves no decision-map cell or panel row beyond them.
# usage: plot_many_batches.sh PKBENCH OUT
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" simulate --preset seed-native --strategy standard,persistent --item-ns 0,1000 --batch 1:70:+1 \
  --out "$out/pred.csv" >/dev/null || exit 1
sed 's/,predicted,/,measured,/' "$out/pred.csv" >"$out/measured.csv"
"$pk" plot "$out" --out "$out/plots" >"$out/plot.log" 2>&1 || { cat "$out/plot.log"; exit 1; }
grep -qx "note: the smallest 64 of 70 batch sizes are drawn (at most 64)" "$out/plot.log" ||
  { echo "no note of the batch sizes left out:"; cat "$out/plot.log"; exit 1; }
grep -q "item durations are drawn" "$out/plot.log" && { echo "a note of item durations, none left out"; exit 1; }
d=$out/plots/plot-data
for f in decision speedup savings crossover-m; do
  [ -s "$d/$f.dat" ] || { echo "no $f.dat"; exit 1; }
done
beyond=$(cat "$d/decision.dat" "$d/speedup.dat" "$d/savings.dat" "$d/crossover-m.dat" |
  awk '$1 ~ /^[0-9]+$/ && $1 > 64' | wc -l)
[ "$beyond" -eq 0 ] || { echo "$beyond plotted rows beyond batch 64"; exit 1; }
[ "$(awk '$1 ~ /^[0-9]+$/ && $1 == 64' "$d/decision.dat" | wc -l)" -gt 0 ] || { echo "no cell at batch 64"; exit 1; }
echo "ok: the smallest 64 of 70 batch sizes drawn, and said"
