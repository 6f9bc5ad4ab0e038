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
die() { echo "residentb: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: results/residentb.sh [PKBENCH] DIR..."
[ -x "$pk" ] || die "$pk: not an executable pkbench"
for l in "$@"; do [ -d "$l" ] || die "no folder $l"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')
# pick FILE...: the first of the files that exists.
pick() { for f in "$@"; do [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }; done; return 1; }
# param FILE NAME: a calibration's parameter; a file without it stops the script.
param() { gzip -dcf "$1" | jq -er ".params.$2" 2>/dev/null || { echo "residentb: $1: no parameter $2" >&2; exit 2; }; }
: >"$tmp/rows" # per resident row: job number, measured less predicted, predicted, canary less h (tab-separated)
: >"$tmp/table"
: >"$tmp/bs"
n=0
for l in "$@"; do
  v=$(sh results/archive.sh view "${l%/}" "$tmp/a")
  for d in "$v"/run*/; do
    d=${d%/}
    pj=$(pick "$d/params.json" "$d/params.json.gz") && pb=$(pick "$d/params-before.json" "$d/params-before.json.gz") &&
      pa=$(pick "$d/params-after.json" "$d/params-after.json.gz") && mc=$(pick "$d/measured.csv" "$d/measured.csv.gz") ||
      continue
    job=${d#"$tmp/a/"} job=${job#results/}
    rm -rf "$tmp/c"
    "$pk" compare --measured "$d" --params "$pj" --out "$tmp/c" >/dev/null 2>"$tmp/err" ||
      { echo "residentb: $job: $(tail -n 1 "$tmp/err")" >&2; exit 1; }
    bb=$(param "$pb" persistent_batch_ns)
    ba=$(param "$pa" persistent_batch_ns)
    bf=$(param "$pj" persistent_batch_ns)
    h=$(param "$pj" launch_host_ns)
    # The sweep's canary beside each resident row (first replicate; a sweep without the column is
    # passed over), then errors.csv's measured and predicted joined with it on the batch.
    gzip -dcf "$mc" | awk -F, '/^#/ { next } !n++ { for (i = 1; i <= NF; i++) c[$i] = i
        if (!("canary_host_ns" in c) || !("strategy" in c) || !("item_ns" in c) || !("batch" in c)) exit 3
        next }
      $c["strategy"] == "persistent-resident" && $c["item_ns"] == 0 && $c["batch"] <= 16 &&
        (!("replicate" in c) || $c["replicate"] + 0 <= 0) { print $c["batch"], $c["canary_host_ns"] }' >"$tmp/canary" ||
      continue # a sweep run without --canary: not one of the jobs this asks about
    n=$((n + 1))
    awk -F, -v OFS="$tab" -v j=$n -v h="$h" 'NR == FNR { k[$1] = $2; next }
      FNR > 1 && $1 == "persistent-resident" && $2 == 0 && $3 <= 16 {
        if (!($3 in k) || k[$3] == "") { bad = 1; exit }
        print j, $6 - $9, $9, k[$3] - h; m++ }
      END { if (bad || !m) exit 1 }' FS=' ' "$tmp/canary" FS=, "$tmp/c/errors.csv" >"$tmp/job" ||
      { echo "residentb: $job: a resident row at item 0, N <= 16, has no canary beside it (or there is none)" >&2; exit 2; }
    cat "$tmp/job" >>"$tmp/rows"
    awk -F"$tab" -v j="$job" -v bb="$bb" -v ba="$ba" -v bf="$bf" '{ y += $2; p += $3; x += $4 } END {
      printf "| %s | %.0f | %.0f | %.0f | %+.0f ns (%+.1f%%) | %+.0f ns |\n", j, bb, ba, bf, y / NR, 100 * y / p, x / NR }' \
      "$tmp/job" >>"$tmp/table"
    echo "$bb $ba" >>"$tmp/bs"
  done
done
[ "$n" -gt 0 ] || die "no main job with both calibrations and a --canary sweep in the folders given"
echo "| job | B before (ns) | B after (ns) | B fed (ns) | resident N ≤ 16, measured less predicted | canary less h |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
cat "$tmp/table"
echo
awk -F"$tab" '{ y[$1] += $2; p[$1] += $3 } END { for (j in y) { m = y[j] / p[j]; a += m < 0 ? -m : m; n++ }
  printf "- the resident at item 0, N <= 16, measured less predicted: %d jobs; mean |miss| %.1f%% of the prediction\n", n, 100 * a / n }' "$tmp/rows"
awk '{ d = ($2 - $1) / (($1 + $2) / 2); a += d < 0 ? -d : d; s += d; up += d > 0; n++ } END {
  printf "- B after less B before: %d jobs; mean |difference| %.1f%% of their mean, mean signed %+.1f%%, after above before in %d\n",
    n, 100 * a / n, 100 * s / n, up }' "$tmp/bs"
awk -F"$tab" 'function fit(label, nx, X, Y,   i, mx, my, sxy, sxx, syy) {
    for (i = 1; i <= nx; i++) { mx += X[i]; my += Y[i] }
    mx /= nx; my /= nx
    for (i = 1; i <= nx; i++) { sxy += (X[i] - mx) * (Y[i] - my); sxx += (X[i] - mx) ^ 2; syy += (Y[i] - my) ^ 2 }
    if (nx < 2 || sxx <= 0 || syy <= 0) { printf "- %s: %d; the miss (ns) on the canary less h (ns): undefined\n", label, nx; return }
    printf "- %s: %d; the miss (ns) on the canary less h (ns): slope %+.3f, r %+.2f\n", label, nx, sxy / sxx,
      sxy / sqrt(sxx * syy) }
  { j[NR] = $1; y[NR] = $2; x[NR] = $4; sy[$1] += $2; sx[$1] += $4; k[$1]++ }
  END {
    for (q in k) { m++; BX[m] = sx[q] / k[q]; BY[m] = sy[q] / k[q] }
    for (i = 1; i <= NR; i++) { WX[i] = x[i] - sx[j[i]] / k[j[i]]; WY[i] = y[i] - sy[j[i]] / k[j[i]] }
    fit("between jobs (their means)", m, BX, BY); fit("within jobs (rows from their job'"'"'s mean)", NR, WX, WY) }' "$tmp/rows"
