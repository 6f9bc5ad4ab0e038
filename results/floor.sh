#!/bin/sh
# Issue 15's targets against the measurement's own repeat: within each lease named, every main
# job's sweep (runK/measured.csv) judged with this build's `pkbench compare` against another job's
# sweep of the same lease (the same code, machine, process start and device, minutes apart) taken
# as the prediction, for every ordered pair; beside each, the calibrated model's judgement of the
# same sweep (its own params.json), as in results/targets.md. Per pair: every strategy's MAPE, the
# points off by more than 10%, the crossovers exact (each measured crossover against the other
# sweep's), and whether all three targets hold (every strategy within 2.5%, no point over 10%,
# every crossover exact). A sibling sweep is the closest a second measurement gets to the first;
# how far it lies from it is how far the host moved between the two, which no calibration taken
# before or after a sweep can know. Nothing is fitted; the other sweep's rows are read as they
# were measured (only their source column is relabelled "predicted", which compare requires).
# usage: results/floor.sh [PKBENCH] LEASE...   (repository root; a lease's folder, e.g.
#        results/h100-sxm/lease105, or a number: results/h200/leaseNN)
set -eu
pk=build/harness/pkbench
if [ -f "${1:-}" ] && [ -x "$1" ]; then pk=$1; shift; fi
[ $# -ge 1 ] || { echo "usage: results/floor.sh [PKBENCH] LEASE..." >&2; exit 2; }
[ -x "$pk" ] || { echo "floor: $pk: not an executable pkbench" >&2; exit 2; }
command -v jq >/dev/null || { echo "floor: jq: not found" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One judgement into $tmp/c: sweep folder $1 against the prediction file $2, or, with $2 empty,
# against the model fed $1's own calibration.
judge() {
  rm -rf "$tmp/c"
  if [ -n "$2" ]; then set -- "$1" --predicted "$2"; else set -- "$1" --params "$1/params.json"; fi
  "$pk" compare --measured "$@" --out "$tmp/c" >/dev/null 2>"$tmp/err" ||
    { echo "floor: $1: $(tail -n 1 "$tmp/err")" >&2; exit 1; }
}
# The row's cells from $tmp/c: every strategy's MAPE, the points over 10%, the crossovers, all three.
cells() {
  over=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "rel_err") c = i; next }
    $c != "" && ($c > 0.10 || $c < -0.10) {n++} END {print n + 0}' "$tmp/c/errors.csv")
  jq -r --arg o "$over" '. as $s |
    ["standard", "standard-sync", "graph", "persistent", "persistent-resident"] as $names |
    [$names[] | $s.per_strategy[.].mape_pct // null] as $m |
    [$s.crossovers[] | select(.measured != null)] as $x |
    ($x | map(select(.error_steps == 0)) | length) as $xe |
    (([$m[] | select(. != null and . > 2.5)] | length) == 0 and ($o | tonumber) == 0 and $xe == ($x | length)) as $ok |
    ([$m[] | if . == null then "–" else "\(. * 100 | round / 100)%" end] | join(" | ")) +
    " | \($o) | \($xe) of \($x | length) | \(if $ok then "**yes**" else "no" end)"' "$tmp/c/summary.json"
}
{
echo "| sweep | prediction | standard | standard-sync | graph | persistent | persistent-resident | over 10% | crossovers | all three |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for l in "$@"; do
  case $l in *[!0-9]*) f=${l%/} ;; *) f=results/h200/lease$l ;; esac
  [ -d "$f" ] || { echo "floor: no folder $f" >&2; exit 2; }
  case $f in *[[:space:]]*) echo "floor: $f: a folder whose path has a space is not supported" >&2; exit 2 ;; esac
  v=$(sh results/archive.sh view "$f" "$tmp/a") # an archived lease, restored under $tmp/a
  runs=
  for d in "$v"/run*/; do
    d=${d%/}
    { [ -f "$d/measured.csv" ] || [ -f "$d/measured.csv.gz" ]; } && { [ -f "$d/params.json" ] || [ -f "$d/params.json.gz" ]; } &&
      runs="$runs $d"
  done
  [ "$(echo $runs | wc -w)" -ge 2 ] || { echo "floor: $f: fewer than two main jobs with their calibrations; left out" >>"$tmp/left"; continue; }
  for s in $runs; do
    name=${s#"$tmp/a/"} name=${name#"$PWD/"} name=${name#results/}
    judge "$s" ""
    row=$(cells)
    echo "| $name | calibrated | $row |"
    for p in $runs; do
      [ "$p" = "$s" ] && continue
      # the other sweep as a prediction: its rows as measured, the source column (found by its
      # name in the header) relabelled
      gzip -dcf "$(ls "$p"/measured.csv "$p"/measured.csv.gz 2>/dev/null | head -n 1)" |
        awk -F, -v OFS=, '/^#/ { print; next } !c { for (i = 1; i <= NF; i++) if ($i == "source") c = i; print; next }
          $c == "measured" { $c = "predicted" } { print }' >"$tmp/other.csv"
      judge "$s" "$tmp/other.csv"
      row=$(cells)
      echo "| $name | sweep ${p##*/} | $row |"
    done
  done
done
} >"$tmp/table.md"
[ "$(wc -l <"$tmp/table.md")" -gt 2 ] || { echo "floor: no lease named has two main jobs with their calibrations" >&2; exit 2; }
[ -f "$tmp/left" ] && cat "$tmp/left" >&2
# Per prediction (the calibrated model, another sweep): how many judgements meet each target.
awk -F'|' 'NR > 2 { k = $3; gsub(/^ +| +$/, "", k); if (k != "calibrated") k = "another sweep"; n[k]++; ok = 1
  for (i = 4; i <= 8; i++) { v = $i; gsub(/[ %]/, "", v); if (v != "–" && v + 0 > 2.5) ok = 0; if (v != "–") { s[k, i] += v; c[k, i]++ } }
  if (ok) m[k]++
  o = $9; gsub(/ /, "", o); if (o == 0) z[k]++
  split($10, x, " of "); if (x[1] + 0 == x[2] + 0) e[k]++
  if ($11 ~ /yes/) y[k]++ }
  END { for (k in n) printf "- %s: %d judgements; every strategy within 2.5%% in %d, no point over 10%% in %d, crossovers exact in %d, all three in %d; mean MAPE standard %.2f%%, standard-sync %.2f%%, graph %.2f%%, persistent %.2f%%, persistent-resident %.2f%%\n",
    k, n[k], m[k] + 0, z[k] + 0, e[k] + 0, y[k] + 0, s[k, 4] / c[k, 4], s[k, 5] / c[k, 5], s[k, 6] / c[k, 6], s[k, 7] / c[k, 7], s[k, 8] / c[k, 8] }' "$tmp/table.md" | sort
echo
# Per lease, in the order named: the mean standard and standard-sync MAPE of each prediction.
echo "| lease | jobs | ordered pairs | standard, calibrated | standard, another sweep | standard-sync, calibrated | standard-sync, another sweep | all three, calibrated | all three, another sweep |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'|' 'NR > 2 { l = $2; gsub(/ /, "", l); sub(/\/[^\/]*$/, "", l); if (!(l in seen)) { seen[l] = 1; order[++nl] = l }
  k = ($3 ~ /calibrated/) ? 1 : 2; n[l, k]++; if ($11 ~ /yes/) y[l, k]++
  for (c = 4; c <= 5; c++) { v = $c; gsub(/[ %]/, "", v); s[l, k, c] += v } }
  END { for (i = 1; i <= nl; i++) { l = order[i]
    printf "| %s | %d | %d | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %d of %d | %d of %d |\n", l, n[l, 1], n[l, 2],
      s[l, 1, 4] / n[l, 1], s[l, 2, 4] / n[l, 2], s[l, 1, 5] / n[l, 1], s[l, 2, 5] / n[l, 2], y[l, 1], n[l, 1], y[l, 2], n[l, 2] } }' "$tmp/table.md"
echo
cat "$tmp/table.md"
