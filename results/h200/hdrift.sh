#!/bin/sh
# Can a calibration know the launch cost its sweep will see? For every main job of the H200
# leases that calibrated before and after its sweep (params-before.json, params-after.json) and
# ran the sweep with --canary: the launch cost h that the model is fed (params.json, the
# bracket's mean), and other estimates from the same two calibrations, each against the median
# of the sweep's canaries (the host's launch cost measured beside its 375 points). Estimates:
#   bracket  params.json's launch_host_ns (the mean of before's and after's medians of rounds)
#   before   params-before.json's alone (a calibration made only before the sweep)
#   rounds   the median of every round's h, before and after (context calibrate_rounds*)
#   all      the median of every round's h and every launch cost measured beside a step's runs
#            (context "launch cost N ns beside"), before and after
# Per job the sweep's own spread is shown too: its canaries' p10 and p90 over their median.
# usage: results/h200/hdrift.sh   (repository root)
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat_any() { if [ -f "$1" ]; then cat "$1"; else gzip -dc "$1.gz"; fi; }
echo "| job | canary median (ns) | p10 / p90 of the median | bracket | before | rounds | all |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
# Every job as "JOB<tab>WHERE TO READ IT": archived leases (results/archive.sh) restored under $tmp/a
# (in this shell, so that a failure stops it).
git ls-files 'results/h200/lease*/run*/params-before.json*' | xargs -r -n 1 dirname | sort -u | sed 's|.*|&	&|' >"$tmp/list"
git ls-files 'results/h200/lease*/archive.tar.xz' >"$tmp/arcs"
while read -r a; do
  v=$(sh results/archive.sh view "$(dirname "$a")" "$tmp/a")
  (cd "$v" && find . -path './run*/params-before.json*' -type f) | xargs -r -n 1 dirname | sort -u |
    while read -r j; do printf '%s/%s\t%s/%s\n' "$(dirname "$a")" "${j#./}" "$v" "${j#./}"; done >>"$tmp/list"
done <"$tmp/arcs"
sort -t "$(printf '\t')" -k1,1V "$tmp/list" >"$tmp/jobs"
while IFS="$(printf '\t')" read -r job d; do
  [ -f "$d/params-after.json" ] || [ -f "$d/params-after.json.gz" ] || continue
  [ -f "$d/measured.csv.gz" ] || continue
  gzip -dc "$d/measured.csv.gz" | awk -F, '/^#/ { next } !c { for (i = 1; i <= NF; i++) if ($i == "canary_host_ns") c = i; if (!c) exit; next }
    $c != "" { print $c }' | sort -g >"$tmp/canary"
  [ -s "$tmp/canary" ] || continue
  cat_any "$d/params.json" | jq -r '.params.launch_host_ns' >"$tmp/bracket"
  cat_any "$d/params-before.json" | jq -r '.params.launch_host_ns' >"$tmp/before"
  for w in before after; do cat_any "$d/params-$w.json" | jq -r '.context | to_entries[] | .value'; done >"$tmp/ctx"
  sed -n 's/.*h per round: \([0-9 ]*\) ns.*/\1/p' "$tmp/ctx" | tr ' ' '\n' | grep . | sort -g >"$tmp/rounds"
  { cat "$tmp/rounds"; grep -o 'launch cost [0-9]* ns beside' "$tmp/ctx" | awk '{ print $3 }'; } | sort -g >"$tmp/all"
  med() { awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }' "$1"; }
  awk -v d="${job#results/h200/}" -v m="$(med "$tmp/canary")" -v b="$(cat "$tmp/bracket")" -v f="$(cat "$tmp/before")" \
      -v r="$(med "$tmp/rounds")" -v a="$(med "$tmp/all")" '{ v[NR] = $1 } END {
    p10 = v[int(0.1 * (NR - 1)) + 1]; p90 = v[int(0.9 * (NR - 1)) + 1]
    printf "| %s | %.0f | %.2f / %.2f | %+.1f%% | %+.1f%% | %s | %s |\n", d, m, p10 / m, p90 / m, 100 * (b / m - 1),
      100 * (f / m - 1), r == "" ? "–" : sprintf("%+.1f%%", 100 * (r / m - 1)), a == "" ? "–" : sprintf("%+.1f%%", 100 * (a / m - 1)) }' "$tmp/canary"
done <"$tmp/jobs" >"$tmp/table.md"
cat "$tmp/table.md"
echo
# Per estimate: the jobs it has, its mean distance from the sweep's median, and how many within 2.5% and 5%.
awk -F'|' '{ for (i = 5; i <= 8; i++) { v = $i; gsub(/[ %+]/, "", v); if (v == "–") continue
    n[i]++; a = v < 0 ? -v : v; s[i] += a; if (a <= 2.5) w2[i]++; if (a <= 5) w5[i]++ } }
  END { split("bracket before rounds all", nm, " ")
    for (i = 5; i <= 8; i++) printf "- %s: %d jobs; mean distance from the sweep'"'"'s canary median %.1f%%; within 2.5%% in %d, within 5%% in %d\n",
      nm[i - 4], n[i], s[i] / n[i], w2[i] + 0, w5[i] + 0 }' "$tmp/table.md"
