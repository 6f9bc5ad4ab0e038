#!/bin/sh
# Lease 80's rule for item_clock_ns (r), fixed before the call: per main job, the MAPE of every
# strategy given the host's state, with the params as calibrated ("step") and with the step
# re-expressed out ("no step": r removed, o plus ceil(30000/r) r - 30000, sync_ns less
# (ceil(30000/r) r - 30000) - (ceil(3000/r) r - 3000), as calibrate took them before r), and the
# calibrated r and o.
# usage: results/h200/lease80/judge_step.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| job | r (ns) | o (ns) | state MAPE, step / no step: standard | standard-sync | graph | persistent | persistent-resident |"
echo "| --- | ---: | ---: | --- | --- | --- | --- | --- |"
for d in "$l"/run?; do
  [ -f "$d/params.json" ] || continue
  jq '(.params.item_clock_ns // 0) as $r | if $r > 0 then
        ((30000 / $r | ceil) * $r - 30000) as $o | ($o - ((3000 / $r | ceil) * $r - 3000)) as $s |
        .params.item_overshoot_ns += $o | (.samples.item_overshoot_ns // []) |= map(. + $o) |
        .params.sync_ns -= $s | (.samples.sync_ns // []) |= map(. - $s) | del(.params.item_clock_ns)
      else . end' "$d/params.json" >"$tmp/nostep.json"
  for k in step nostep; do
    p=$d/params.json
    [ $k = nostep ] && p=$tmp/nostep.json
    rm -rf "$tmp/$k"
    "$pk" compare --measured "$d" --params "$p" --out "$tmp/$k" >/dev/null 2>&1 || true
  done
  cell() { printf "%s / %s" "$(jq -r --arg s "$1" '.host_state.per_strategy[$s].mape_pct // "–" | if type == "number" then "\(. * 100 | round / 100)%" else . end' "$tmp/step/summary.json")" \
      "$(jq -r --arg s "$1" '.host_state.per_strategy[$s].mape_pct // "–" | if type == "number" then "\(. * 100 | round / 100)%" else . end' "$tmp/nostep/summary.json")"; }
  printf "| %s | %s | %.1f | %s | %s | %s | %s | %s |\n" "$(basename "$d")" "$(jq '.params.item_clock_ns // 0' "$d/params.json")" \
    "$(jq '.params.item_overshoot_ns' "$d/params.json")" "$(cell standard)" "$(cell standard-sync)" "$(cell graph)" \
    "$(cell persistent)" "$(cell persistent-resident)"
done
