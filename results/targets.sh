#!/bin/sh
# Issue 15's targets, folder by folder: every committed GPU result folder that holds a sweep and
# the calibration of its own run (measured.csv and params.json side by side, either gzipped: the main jobs, the
# top-level reference folders) judged with this build's `pkbench compare`, calibrated and, where
# the sweep measured the host's launch cost beside every point (--canary), given the host's
# state. Per folder: the commit that measured it, the MAPE of every strategy, the points off by
# more than 10%, the crossovers exact; and whether it meets all three targets (every strategy
# within 2.5%, no point over 10%, every crossover exact). Where `pkbench run` left a paired check
# of the tied cells beside the sweep (crosscheck/, lease 82 on), the crossovers again with it
# (calibrated: the check's winners at the batches it resolved; given the host's state: those
# against the model at the check's own state, where the check has canaries, lease 84 on), and all
# three with those crossovers. Nothing is fitted; folders whose
# sweeps were judged against other calibrations (A/A sweeps, canary sweeps) are left out.
# usage: results/targets.sh [PKBENCH]   (repository root)
set -eu
pk=${1:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
echo "| folder | commit | prediction | standard | standard-sync | graph | persistent | persistent-resident | over 10% | crossovers | all three | crossovers, paired check | all three, paired check |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
# Every sweep, as "ITS PATH<tab>WHERE TO READ IT", in git's order: archived folders
# (results/archive.sh) restored under $tmp/a first (in this shell, so that a failure stops it).
git ls-files 'results/*measured.csv' 'results/*measured.csv.gz' | while read -r f; do printf '%s\t%s\n' "$f" "$f"; done >"$tmp/list"
git ls-files 'results/*archive.tar.xz' >"$tmp/arcs"
while read -r a; do
  v=$(sh results/archive.sh view "$(dirname "$a")" "$tmp/a")
  (cd "$v" && find . -type f \( -name '*measured.csv' -o -name '*measured.csv.gz' \)) | while read -r f; do
    printf '%s\t%s\n' "$(dirname "$a")/${f#./}" "$v/${f#./}"
  done >>"$tmp/list"
done <"$tmp/arcs"
LC_ALL=C sort "$tmp/list" >"$tmp/sweeps"
while IFS="$(printf '\t')" read -r p f; do
  d=$(dirname "$p") r=$(dirname "$f")
  case $d in results/host* | results/fault* | results/sim-bench* | results/trace-bench*) continue ;; esac
  [ -f "$r/params.json" ] || [ -f "$r/params.json.gz" ] || continue # pkbench reads either as params.json
  rm -rf "$tmp/c"
  if ! "$pk" compare --measured "$r" --params "$r/params.json" --out "$tmp/c" >/dev/null 2>"$tmp/err"; then
    echo "| ${d#results/} | | not judged: $(tail -n 1 "$tmp/err" | sed 's/^pkbench compare: //; s/|/\\|/g') | | | | | | | | | | |"
    continue
  fi
  commit=$(gzip -dcf "$f" | sed -n 's/^# context git_commit=//p' | cut -c1-7)
  for k in calibrated state; do
    if [ $k = calibrated ]; then col=12 sel='.'; else col=15 sel='.host_state'; fi
    [ $k = state ] && [ "$(jq '.host_state.rows_with_canary // 0' "$tmp/c/summary.json")" = 0 ] && continue
    over=$(awk -F, -v c=$col 'NR > 1 && $c != "" && ($c > 0.10 || $c < -0.10) {n++} END {print n + 0}' "$tmp/c/errors.csv")
    if [ $k = calibrated ]; then
      xo=$(jq -r '[.crossovers[] | select(.measured != null)] | "\(map(select(.error_steps == 0)) | length) of \(length)"' "$tmp/c/summary.json")
      xp=$(jq -r '.paired_check | if . == null then "–" else "\(.crossovers_exact) of \(.crossovers_judged)" end' "$tmp/c/summary.json")
    else
      xo=$(jq -r '"\(.host_state.crossovers_exact) of \(.host_state.crossovers_judged)"' "$tmp/c/summary.json")
      jq -r '.host_state.canary_spread | "\(.steady) \(.steady_over_10) \(.moving) \(.moving_over_10) \(.unknown) \(.unknown_over_10)"' \
        "$tmp/c/summary.json" >>"$tmp/spread"
      xp=$(jq -r '.paired_check | if . == null or .crossovers_exact_given_state == null then "–"
        else "\(.crossovers_exact_given_state) of \(.crossovers_judged_given_state)" end' "$tmp/c/summary.json")
    fi
    jq -r --arg d "${d#results/}" --arg c "$commit" --arg k "$k" --arg o "$over" --arg x "$xo" --arg xp "$xp" "$sel"' as $s |
      ["standard", "standard-sync", "graph", "persistent", "persistent-resident"] as $names |
      [$names[] | $s.per_strategy[.].mape_pct // null] as $m |
      ($x | split(" of ")) as $xs |
      (([$m[] | select(. != null and . > 2.5)] | length) == 0 and ($o | tonumber) == 0) as $mo |
      ($mo and $xs[0] == $xs[1]) as $ok |
      ($xp | split(" of ")) as $ps |
      "| \($d) | \($c) | \(if $k == "state" then "host state" else "calibrated" end) | " +
      ([$m[] | if . == null then "–" else "\(. * 100 | round / 100)%" end] | join(" | ")) +
      " | \($o) | \($x) | \(if $ok then "**yes**" else "no" end) | \($xp) | " +
      "\(if $xp == "–" then "–" elif $mo and $ps[0] == $ps[1] then "**yes**" else "no" end) |"' "$tmp/c/summary.json"
  done
done <"$tmp/sweeps"
} >"$tmp/table.md"
cat "$tmp/table.md"
echo
# The summary: per prediction, how many folders meet each target and all three.
awk -F'|' 'NR > 2 && $4 !~ /not judged/ {
  k = $4; gsub(/^ +| +$/, "", k); n[k]++; ok = 1
  for (i = 5; i <= 9; i++) { v = $i; gsub(/[ %]/, "", v); if (v != "–" && v + 0 > 2.5) ok = 0 }
  if (ok) m[k]++
  o = $10; gsub(/ /, "", o); if (o == 0) z[k]++
  split($11, x, " of "); if (x[1] + 0 == x[2] + 0) c[k]++
  if ($12 ~ /yes/) y[k]++
  if ($14 !~ /–/) { pn[k]++; if ($14 ~ /yes/) py[k]++; if ($12 ~ /yes/) pm[k]++ } }
  END { for (k in n) printf "- %s: %d folders; every strategy within 2.5%% in %d, no point over 10%% in %d, crossovers exact in %d, all three in %d; of the %d with a paired check, all three in %d with the crossovers from the medians and in %d with those from the check\n", k, n[k], m[k] + 0, z[k] + 0, c[k] + 0, y[k] + 0, pn[k] + 0, pm[k] + 0, py[k] + 0 }' "$tmp/table.md" | sort
# Given the host's state, the points over 10% by the canary's spread beside them (summary.json's
# host_state.canary_spread: most / least - 1 of its runs, steady at 10% or less).
if [ -f "$tmp/spread" ]; then awk '{ s += $1; so += $2; m += $3; mo += $4; u += $5; uo += $6; if ($1 > 0) { f++; if ($2 == 0) z++ } }
  END { printf "- host state, by the canary'"'"'s spread beside each point (most / least − 1 of its runs): %d points at a steady canary (10%% or less), %d of them over 10%%, no such point over 10%% in %d of %d folders; %d points at a moving one, %d of them over 10%%; %d points with no spread (older sweeps), %d of them over 10%%\n", s, so, z, f, m, mo, u, uo }' "$tmp/spread"; fi
