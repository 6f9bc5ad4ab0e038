#!/bin/sh
# Issue 15's cross-lease target: a calibration from one lease predicts another lease's sweep.
# Every main job of leases 39, 40 and 41 (its params.json, the mean of the calibrations around
# its own sweep) predicts every main job of the other leases; prints compare's two summary rows
# (calibrated h; given the host's state, the canary) per pair. Nothing is fitted.
# usage: results/h200/lease40/cross.sh [PKBENCH [JOB...]]   (repository root; JOB: leaseNN/runK,
#        default the main jobs of leases 39-41 as above)
set -eu
pk=${1:-build/harness/pkbench}
[ $# -gt 0 ] && shift
r=results/h200
echo "| sweep | calibration | prediction | standard | standard-sync | graph | persistent | persistent-resident | all | points over 10% | crossovers exact |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
jobs="lease39/run lease39/run2 lease40/run1 lease40/run2 lease40/run3 lease40/run4 lease41/run1 lease41/run2 lease41/run3 lease41/run4"
[ $# -gt 0 ] && jobs="$*"
for m in $jobs; do
  for p in $jobs; do
    [ "${m%%/*}" = "${p%%/*}" ] && continue
    "$pk" compare --measured "$r/$m" --params "$r/$p/params.json" 2>/dev/null |
      awk -v s="$m" -v c="$p (h $(jq '.params.launch_host_ns | floor' "$r/$p/params.json"))" -F'|' \
        '/^\| (calibrated h|canary) \|/ { printf "| %s | %s | %s |%s|%s|%s|%s|%s|%s|%s|%s|\n", s, c,
          $2 ~ /canary/ ? "host state" : "calibrated", $4, $5, $6, $7, $8, $9, $10, $11 }'
  done
done
