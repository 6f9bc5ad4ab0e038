#!/bin/sh
# Issue 15, lease 39: what reading a persistent batch as chunks (persistent_chunk_items C,
# persistent_chunk_item_ns e_c; results/SCHEMA.md) changes in the model's figures. For every sweep
# of a lease folder (the main jobs run, run1 to run4 with their own params.json, the mean of the
# calibrations before and after their sweep; the six canary sweeps with the mean of the
# calibrations that bracket them, as ../lease31/bracket.sh takes them), prints compare's two
# summary rows (calibrated h; given the host's state, the canary) with the parameters as
# measured ("chunks") and with C set to 0 ("no chunks": every empty item e, the model before
# lease 39; e, e_c and B_l stay as this calibration measured them). Nothing is fitted: the
# calibrations run on their own probe points, none of which is a sweep's.
# usage: results/h200/lease39/chunks.sh DIR [PKBENCH]
set -eu
dir=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=results/h200/params_mean.sh
. "$(dirname "$0")/../params_mean.sh"
rows() { # SWEEP PARAMS LABEL: the calibrated and the canary rows of compare's report
  "$pk" compare --measured "$1" --params "$2" 2>/dev/null |
    awk -v s="$(basename "$1")" -v m="$3" -F'|' '/^\| (calibrated h|canary|canary, pooled) \|/ {
      printf "| %s | %s | %s |%s|%s|%s|%s|%s|%s|%s|\n", s, m, $2 ~ /canary/ ? "host state" : "calibrated", $4, $5, $6, $7, $8, $10, $11 }'
}
echo "| sweep | model | prediction | standard | standard-sync | graph | persistent | persistent-resident | points over 10% | crossovers exact |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
prev=$dir/run/params-after.json # the six sweeps follow run; run2 comes last
for s in run run1 run2 run3 run4 base1 base2 base3 cand base4 base5; do
  [ -f "$dir/$s/measured.csv" ] || [ -f "$dir/$s/measured.csv.gz" ] || continue
  case $s in
  run*) cp "$dir/$s/params.json" "$tmp/p.json" ;;
  *) [ -f "$dir/cal-after-$s.json" ] || continue
     params_mean "$prev" "$dir/cal-after-$s.json" "$tmp/p.json"
     prev=$dir/cal-after-$s.json ;;
  esac
  jq '.params.persistent_chunk_items = 0' "$tmp/p.json" >"$tmp/flat.json"
  rows "$dir/$s" "$tmp/p.json" chunks
  rows "$dir/$s" "$tmp/flat.json" "no chunks"
done
