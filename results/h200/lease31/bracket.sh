#!/bin/sh
# Issue 15's question for lease 31: does a calibration that brackets a sweep (one made before it,
# one after, each parameter their mean) predict the sweep better than the one made before it?
# Every sweep of the lease (the main job's and the A/A folders') was followed by a calibration
# (cal-after-NAME.json; from lease 32 the main job's own run/params-after.json); the one before a
# sweep is the previous sweep's after (the main job's own for the main job). Prints, per sweep, the calibrated MAPE per strategy, points over 10% and the
# crossovers: with the calibration before, the one after, and their mean. Nothing is fitted: the
# calibrations run on their own probe points, none of which is a sweep's.
# usage: results/h200/lease31/bracket.sh DIR [PKBENCH]   (lease 31, lease 32)
set -eu
dir=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=results/h200/params_mean.sh
. "$(dirname "$0")/../params_mean.sh"
row() { "$pk" compare --measured "$1" --params "$2" 2>/dev/null | grep '^| calibrated h |' | cut -d'|' -f4-11 || true; }
echo "| sweep | calibration | h (ns) | standard | standard-sync | graph | persistent | persistent-resident | all | points over 10% | crossovers exact |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
before=$dir/run/params.json
first_after=$dir/cal-after-run.json
if [ -f "$dir/run/params-before.json" ]; then # a main job that brackets its own sweep (lease 32 on)
  before=$dir/run/params-before.json
  first_after=$dir/run/params-after.json
fi
for s in run base1 base2 base3 cand base4 base5; do
  after=$dir/cal-after-$s.json
  [ "$s" = run ] && after=$first_after
  { [ -f "$dir/$s/measured.csv" ] || [ -f "$dir/$s/measured.csv.gz" ]; } && [ -f "$after" ] && [ -f "$before" ] || break
  params_mean "$before" "$after" "$tmp/mean.json"
  for c in before after mean; do
    case $c in before) f=$before ;; after) f=$after ;; mean) f=$tmp/mean.json ;; esac
    h=$(jq '.params.launch_host_ns | floor' "$f")
    echo "| $s | $c | $h |$(row "$dir/$s" "$f")|"
  done
  before=$after
done
