#!/bin/sh
# Does the resident kernel's small-batch miss follow the host's launch cost? For every main job
# of the lease folders named (DIR/run*/: a sweep with --canary beside its params.json,
# params-before.json and params-after.json): the round trip B (persistent_batch_ns) of the
# calibration before the sweep, of the one after, and the bracket the model is fed; the sweep's
# persistent-resident at item 0, N <= 16 (inside one window, where the model charges B alone)
# less this build's prediction (`pkbench compare`), in ns and in %; and the launch cost its
# canary met there less the calibrated h. Then, over the jobs: how far apart the two
# calibrations' B lie, and the slope and correlation of the resident's miss on the canary's
# distance from h, between jobs (their means) and within jobs (each row from its job's mean).
# Nothing is fitted but those two descriptive slopes, which predict nothing here.
# usage: results/residentb.sh [PKBENCH] DIR...   (repository root; e.g. results/h200/lease80)
set -eu
pk=build/harness/pkbench
if [ $# -ge 1 ] && [ ! -d "$1" ] && [ -f "$1" ] && [ -x "$1" ]; then pk=$1; shift; fi
[ $# -ge 1 ] || { echo "usage: results/residentb.sh [PKBENCH] DIR..." >&2; exit 2; }
[ -x "$pk" ] || { echo "residentb: $pk: not an executable pkbench" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
param() { gzip -dcf "$1" | jq -er ".params.$2"; }
: >"$tmp/rows"
echo "| job | B before (ns) | B after (ns) | B fed (ns) | resident N ≤ 16, measured less predicted | canary less h |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for l in "$@"; do
  [ -d "$l" ] || { echo "residentb: no folder $l" >&2; exit 2; }
  v=$(sh results/archive.sh view "${l%/}" "$tmp/a")
  for d in "$v"/run*/; do
    d=${d%/}
    set -- "$d"/params.json* "$d"/params-before.json* "$d"/params-after.json* "$d"/measured.csv*
    [ -f "$1" ] && [ -f "$2" ] && [ -f "$3" ] && [ -f "$4" ] || continue
    job=${d#"$tmp/a/"} job=${job#results/}
    rm -rf "$tmp/c"
    "$pk" compare --measured "$d" --params "$1" --out "$tmp/c" >/dev/null 2>"$tmp/err" ||
      { echo "residentb: $job: $(tail -n 1 "$tmp/err")" >&2; exit 1; }
    bb=$(param "$2" persistent_batch_ns) ba=$(param "$3" persistent_batch_ns) bf=$(param "$1" persistent_batch_ns)
    h=$(param "$1" launch_host_ns)
    # errors.csv's measured and predicted, joined with the sweep's canary on (batch).
    gzip -dcf "$4" | awk -F, '/^#/ { next } !n++ { for (i = 1; i <= NF; i++) c[$i] = i; next }
      $c["strategy"] == "persistent-resident" && $c["item_ns"] == 0 && $c["batch"] <= 16 && $c["replicate"] + 0 <= 0 {
        print $c["batch"], $c["canary_host_ns"] }' | sort -n >"$tmp/canary"
    awk -F, 'NR > 1 && $1 == "persistent-resident" && $2 == 0 && $3 <= 16 { print $3, $6, $9 }' "$tmp/c/errors.csv" |
      sort -n >"$tmp/pred"
    [ -s "$tmp/pred" ] || { echo "residentb: $job: no persistent-resident at item 0, N <= 16" >&2; exit 1; }
    join "$tmp/pred" "$tmp/canary" | awk -v j="$job" -v h="$h" '$4 == "" { bad = 1 } { print j, $2 - $3, $3, $4 - h }
      END { if (bad || !NR) exit 1 }' >"$tmp/job" ||
      { echo "residentb: $job: the sweep has no canary beside its resident rows (run it with --canary)" >&2; exit 1; }
    cat "$tmp/job" >>"$tmp/rows"
    awk -v j="$job" -v bb="$bb" -v ba="$ba" -v bf="$bf" '{ y += $2; p += $3; x += $4 } END {
      printf "| %s | %.0f | %.0f | %.0f | %+.0f ns (%+.1f%%) | %+.0f ns |\n", j, bb, ba, bf, y / NR, 100 * y / p, x / NR }' "$tmp/job"
    echo "$bb $ba" >>"$tmp/bs"
  done
done
echo
[ -s "$tmp/rows" ] || { echo "residentb: no main job with both calibrations and a --canary sweep in $*" >&2; exit 2; }
awk '{ y[$1] += $2; p[$1] += $3 } END { for (j in y) { m = y[j] / p[j]; a += m < 0 ? -m : m; n++ }
  printf "- the resident at item 0, N <= 16, measured less predicted: %d jobs; mean |miss| %.1f%% of the prediction\n", n, 100 * a / n }' "$tmp/rows"
awk '{ d = ($2 - $1) / (($1 + $2) / 2); a += d < 0 ? -d : d; s += d; up += d > 0; n++ } END {
  printf "- B after less B before: %d jobs; mean |difference| %.1f%% of their mean, mean signed %+.1f%%, after above before in %d\n",
    n, 100 * a / n, 100 * s / n, up }' "$tmp/bs"
awk 'function fit(label, nx, X, Y,   i, mx, my, sxy, sxx, syy, slope, r) {
    for (i = 1; i <= nx; i++) { mx += X[i]; my += Y[i] }
    mx /= nx; my /= nx
    for (i = 1; i <= nx; i++) { sxy += (X[i] - mx) * (Y[i] - my); sxx += (X[i] - mx) ^ 2; syy += (Y[i] - my) ^ 2 }
    slope = sxx > 0 ? sxy / sxx : 0
    r = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0
    printf "- %s: %d; the miss (ns) on the canary less h (ns): slope %+.3f, r %+.2f\n", label, nx, slope, r }
  { j[NR] = $1; y[NR] = $2; x[NR] = $4; sy[$1] += $2; sx[$1] += $4; k[$1]++ }
  END {
    for (q in k) { m++; BX[m] = sx[q] / k[q]; BY[m] = sy[q] / k[q] }
    for (i = 1; i <= NR; i++) { WX[i] = x[i] - sx[j[i]] / k[j[i]]; WY[i] = y[i] - sy[j[i]] / k[j[i]] }
    fit("between jobs (their means)", m, BX, BY); fit("within jobs (rows from their job'"'"'s mean)", NR, WX, WY) }' "$tmp/rows"
