#!/bin/sh
# Lease 72's rule for persistent_resident_item_ns (e_r), fixed before the call: for each main job,
# the resident at item 0, N = 64, 128, 256 and 512, given the host's state and calibrated, mean
# absolute error with e_r as calibrated ("with") and with the model before it ("before": e_r
# taken out, B_w as the calibration's 1.5 W batch with e gives it, the mean of the context's
# figure in params-before and params-after, each its last round's); and the resident's MAPE over
# every point, both ways.
# usage: results/h200/lease72/judge.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bw48() { gzip -dcf "$1" | jq -r '.context.persistent_window_walls // ""' | sed -n 's/.*B_w at [0-9]* with e: \([0-9.]*\) ns.*/\1/p'; }
echo "| job | e_r (ns) | B_w with / before (ns) | item 0, N = 64-512, state: with / before | calibrated: with / before | resident MAPE, state: with / before |"
echo "| --- | ---: | --- | --- | --- | --- |"
for d in "$l"/run?; do
  [ -f "$d/params.json" ] || continue
  b1=$(bw48 "$d/params-before.json.gz"); b2=$(bw48 "$d/params-after.json.gz")
  old=$(echo "$b1 $b2" | awk '{print ($1 + $2) / 2}')
  jq --argjson bw "$old" 'del(.params.persistent_resident_item_ns) | del(.samples.persistent_resident_item_ns) |
    .params.persistent_window_ns = $bw | del(.samples.persistent_window_ns)' "$d/params.json" >"$tmp/before.json"
  for k in with before; do
    p=$d/params.json
    [ $k = before ] && p=$tmp/before.json
    rm -rf "$tmp/$k"
    "$pk" compare --measured "$d" --params "$p" --out "$tmp/$k" >/dev/null 2>&1
  done
  er=$(jq '.params.persistent_resident_item_ns // 0' "$d/params.json")
  bw=$(jq '.params.persistent_window_ns' "$d/params.json")
  m() { gzip -dcf "$tmp/$1/errors.csv"* 2>/dev/null || cat "$tmp/$1/errors.csv"; }
  row() { m "$1" | awk -F, -v c="$2" '$1 == "persistent-resident" && $2 == 0 && ($3 == 64 || $3 == 128 || $3 == 256 || $3 == 512) {
      v = $c < 0 ? -$c : $c; s += v; n++ } END { printf "%.2f%%", 100 * s / n }'; }
  mape() { m "$1" | awk -F, '$1 == "persistent-resident" && $15 != "" { v = $15 < 0 ? -$15 : $15; s += v; n++ } END { printf "%.2f%%", 100 * s / n }'; }
  printf "| %s | %.2f | %.0f / %.0f | %s / %s | %s / %s | %s / %s |\n" "$(basename "$d")" "$er" "$bw" "$old" \
    "$(row with 15)" "$(row before 15)" "$(row with 12)" "$(row before 12)" "$(mape with)" "$(mape before)"
done
