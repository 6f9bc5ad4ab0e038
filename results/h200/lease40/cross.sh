#!/bin/sh
# Issue 15's cross-lease target: a calibration from one lease predicts another lease's sweep.
# Every main job of leases 39 and 40 (its params.json, the mean of the calibrations around its
# own sweep) predicts every main job of the other lease; prints compare's two summary rows
# (calibrated h; given the host's state, the canary) per pair. Nothing is fitted.
# usage: results/h200/lease40/cross.sh [PKBENCH]   (repository root)
set -eu
pk=${1:-build/harness/pkbench}
r=results/h200
echo "| sweep | calibration | prediction | standard | standard-sync | graph | persistent | persistent-resident | all | points over 10% | crossovers exact |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for m in lease39/run lease39/run2 lease40/run1 lease40/run2 lease40/run3 lease40/run4; do
  for p in lease39/run lease39/run2 lease40/run1 lease40/run2 lease40/run3 lease40/run4; do
    [ "${m%%/*}" = "${p%%/*}" ] && continue
    "$pk" compare --measured "$r/$m" --params "$r/$p/params.json" 2>/dev/null |
      awk -v s="$m" -v c="$p (h $(jq '.params.launch_host_ns | floor' "$r/$p/params.json"))" -F'|' \
        '/^\| (calibrated h|canary) \|/ { printf "| %s | %s | %s |%s|%s|%s|%s|%s|%s|%s|%s|\n", s, c,
          $2 ~ /canary/ ? "host state" : "calibrated", $4, $5, $6, $7, $8, $9, $10, $11 }'
  done
done
