#!/bin/sh
# Invariant: with --workload and --draws, the timeline shows draw 0 as the prediction drew it:
# its last event ends at one of the draws' walls (with 2 draws, p10 and p90 give both). Each
# batch ran as draw index 0 before, a run of costs no draw had.
# usage: timeline_draw.sh PKBENCH WORKLOAD_CSV OUT_DIR
pk=$1 wl=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" simulate --preset seed-native --workload "$wl" --strategy graph --draws 2 --jitter-cv 0.5 --out "$out/p.csv" \
  --timeline "$out/t.csv" >"$out/log" 2>&1 || { echo "simulate failed:"; cat "$out/log"; exit 1; }
end=$(awk -F, 'NR > 1 { if ($6 + 0 > m) m = $6 + 0 } END { printf "%.3f", m }' "$out/t.csv")
awk -F, -v end="$end" '
  /^#/ { next }
  !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  { p10 = $c["wall_ns_p10"]; p90 = $c["wall_ns_p90"]; d = (p90 - p10) / 0.8; a = p10 - 0.1 * d; b = a + d
    ok = (end - a)^2 < 0.01 || (end - b)^2 < 0.01
    printf "draws %.3f and %.3f, the timeline ends at %s\n", a, b, end; exit !ok }' "$out/p.csv"
