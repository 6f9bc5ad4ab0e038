#!/bin/sh
# Issue 15's third target, a calibration from one lease predicting another lease's sweep: every
# main job of the leases named (results/h200/leaseNN/runK, measured with --canary beside its
# calibrations) judged with this build's `pkbench compare` against the calibration of every job
# of every other lease named. Per pair: the overall MAPE calibrated and given the host's state,
# the worst strategy's MAPE given the state, and the crossovers exact given the state; then, per
# sweep, the same from its own calibration, for the scale. Nothing is fitted.
# usage: results/crosslease.sh [PKBENCH] LEASE...   (repository root; e.g. 78 79 80: a number
#        is results/h200/leaseNN, anything else a lease's folder, e.g. results/h100-sxm/lease89)
set -eu
pk=build/harness/pkbench
case ${1:-} in *[!0-9]*) [ -d "$1" ] || { pk=$1; shift; } ;; esac
[ $# -ge 2 ] || { echo "usage: results/crosslease.sh [PKBENCH] LEASE LEASE..." >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jobs=
for l in "$@"; do
  case $l in *[!0-9]*) f=${l%/} ;; *) f=results/h200/lease$l ;; esac
  [ -d "$f" ] || { echo "crosslease: no folder $f" >&2; exit 2; }
  v=$(sh results/archive.sh view "$f" "$tmp/a") # an archived lease, restored under $tmp/a
  for d in "$v"/run*/; do
    d=${d%/}
    [ -f "$d/params.json" ] || [ -f "$d/params.json.gz" ] || continue
    jobs="$jobs $d"
  done
done
lease_of() { dirname "${1#"$tmp/a/"}"; }
# One judgement: sweep $1 against calibration $2, a table row with label $3.
judge() {
  rm -rf "$tmp/c"
  if ! "$pk" compare --measured "$1" --params "$2/params.json" --out "$tmp/c" >/dev/null 2>"$tmp/err"; then
    echo "crosslease: $1 against $2: $(tail -n 1 "$tmp/err")" >&2
    exit 1
  fi
  js=${1#"$tmp/a/"} jp=${2#"$tmp/a/"} # the names shown: the folders' own, results/h200/ cut
  js=${js#results/} jp=${jp#results/}
  jq -r --arg s "${js#h200/}" --arg p "${jp#h200/}" --arg k "$3" '
    .host_state as $h |
    ([$h.per_strategy | to_entries[] | {k: .key, m: .value.mape_pct}] | max_by(.m)) as $w |
    "| \($s) | \($p) | \($k) | \(.accuracy.mape_pct * 100 | round / 100)% | \($h.accuracy.mape_pct * 100 | round / 100)% | " +
    "\($w.k) \($w.m * 100 | round / 100)% | \($h.crossovers_exact) of \($h.crossovers_judged) |"' "$tmp/c/summary.json"
}
{
echo "| sweep | calibration | pair | MAPE calibrated | MAPE given the state | worst strategy given the state | crossovers given the state |"
echo "| --- | --- | --- | ---: | ---: | --- | ---: |"
for s in $jobs; do
  judge "$s" "$s" own
  for p in $jobs; do
    [ "$(lease_of "$s")" = "$(lease_of "$p")" ] && continue
    judge "$s" "$p" across
  done
done
} >"$tmp/table.md"
cat "$tmp/table.md"
echo
# Per kind of pair: how many, the range and median of each overall MAPE, how many within 5%.
awk -F'|' 'NR > 2 { k = $4; gsub(/ /, "", k); n[k]++
  a = $5; gsub(/[ %]/, "", a); b = $6; gsub(/[ %]/, "", b)
  ca[k, n[k]] = a + 0; cb[k, n[k]] = b + 0; if (a + 0 <= 5) wa[k]++; if (b + 0 <= 5) wb[k]++ }
  function med(arr, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = arr[k, i]
    for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
  function lo(arr, k, m,   i, x) { x = arr[k, 1]; for (i = 2; i <= m; i++) if (arr[k, i] < x) x = arr[k, i]; return x }
  function hi(arr, k, m,   i, x) { x = arr[k, 1]; for (i = 2; i <= m; i++) if (arr[k, i] > x) x = arr[k, i]; return x }
  END { for (k in n) printf "- %s: %d pairs; MAPE calibrated %.2f-%.2f%% (median %.2f%%), within 5%% in %d; given the state %.2f-%.2f%% (median %.2f%%), within 5%% in %d\n",
    k, n[k], lo(ca, k, n[k]), hi(ca, k, n[k]), med(ca, k, n[k]), wa[k] + 0, lo(cb, k, n[k]), hi(cb, k, n[k]), med(cb, k, n[k]), wb[k] + 0 }' "$tmp/table.md" | sort
