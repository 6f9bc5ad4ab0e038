#!/bin/sh
# Invariant: the report's "where the model misses" table holds at most 64 item durations, and
# with more (70 here) it holds the smallest 64 and says so in its caption; it took the first 64
# met in the file, unsaid.
# usage: report_many_items.sh PKBENCH OUT
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" simulate --preset seed-native --strategy standard,persistent --item-ns 1000:70000:+1000 --batch 1,2 \
  --out "$out/pred.csv" >/dev/null || exit 1
# Measured in reverse order of item duration, so that the first 64 met are not the smallest.
{ grep '^#' "$out/pred.csv"; grep -v '^#' "$out/pred.csv" | head -n 1
  grep -v '^#' "$out/pred.csv" | tail -n +2 | sort -t, -k5,5nr; } | sed 's/,predicted,/,measured,/' >"$out/measured.csv"
"$pk" compare --measured "$out" --predicted "$out/pred.csv" --out "$out/cmp" >"$out/cmp.log" 2>&1 ||
  { cat "$out/cmp.log"; exit 1; }
r=$out/cmp/report.md
grep -qx 'MAPE per strategy (rows) and item duration (columns; the smallest 64 of 70 item durations):' "$r" ||
  { echo "no caption naming the 64 of 70:"; grep -A1 '^MAPE per strategy' "$r"; exit 1; }
head=$(grep -A2 '^MAPE per strategy' "$r" | tail -n 1)
cols=$(printf '%s\n' "$head" | awk -F'|' '{ print NF - 3 }')
[ "$cols" -eq 64 ] || { echo "$cols item columns, expected 64: $head"; exit 1; }
case $head in
  "| strategy | 1.00 µs | 2.00 µs |"*"| 64.00 µs |") ;;
  *) echo "not the smallest 64 in order: $head"; exit 1 ;;
esac
echo "ok: the smallest 64 of 70 item durations, said"
