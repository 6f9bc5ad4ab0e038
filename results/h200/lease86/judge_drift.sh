#!/bin/sh
# Lease 86's rule, fixed before the call: the model against six state checks made one after
# another after one main job (run1/statecheck1..6), all against the job's one calibration. Per
# check, this build's `pkbench compare` reads it as the sweep's paired check (a copy of run1's
# measured.csv with crosscheck/ = the check, marked with the sweep's run_id) and judges the model
# over every cell it measured (summary.json paired_check.all_cells):
#  - the check's launch cost (its rows' median canary) against the calibrated h;
#  - the cells resolved, and where the calibrated model and the model at the check's state name
#    the check's winner;
#  - the mean over the cells of 100 |ln(check's ratio / model's)|, calibrated and at the check's
#    state, over all cells and over item 0 alone.
# Then the same pooled over the checks whose launch cost lay more than 0.3 us from h, and, over
# all six, the slope against the check's launch cost of the ratio persistent / standard at item 0,
# N = 8 (the cell the launch cost moves most): the check's, and the model's at the check's state.
# usage: results/h200/lease86/judge_drift.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$l/run1
h=$(gzip -dcf "$d/params.json"* | jq -r '.params.launch_host_ns')
echo "| check | canary / calibrated h | cells | resolved | calibrated names the winner | at the check's state names the winner | distance: calibrated / at the check's state | item 0 alone | item 0, N = 8: check / calibrated / at the check's state |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |"
for c in "$d"/statecheck*/; do
  c=${c%/}
  k=${c##*/}
  if [ ! -f "$c/measured.csv" ]; then
    echo "| $k | none | | | | | | | |"
    continue
  fi
  rm -rf "$tmp/in" "$tmp/c"
  mkdir -p "$tmp/in/crosscheck"
  gzip -dcf "$d/measured.csv"* >"$tmp/in/measured.csv"
  cp "$c/measured.csv" "$tmp/in/crosscheck/measured.csv"
  sed -n 's/^# context run_id=//p' "$tmp/in/measured.csv" >"$tmp/in/crosscheck/of"
  "$pk" compare --measured "$tmp/in" --params "$d/params.json" --out "$tmp/c" >/dev/null
  can=$(awk -F, '/^#/ { next } !hd { for (i = 1; i <= NF; i++) f[$i] = i; hd = 1; next }
    $f["replicate"] > 0 && $f["canary_host_ns"] != "" { print $f["canary_host_ns"] }' "$c/measured.csv" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  jq -r '.paired_check | (.cells + .all_cells.other_cells)[] | "\(.item_ns) \(.batch) \(.ratio) \(.model_calibrated // "nan") \(.model_at_state // "nan")"' \
    "$tmp/c/summary.json" >"$tmp/cells"
  sed "s|^|$k $can |" "$tmp/cells" >>"$tmp/all"
  dist=$(awk 'function ab(x) { return x < 0 ? -x : x }
    function pct(s, n) { return n ? sprintf("%.2f%%", s / n) : "–" }
    $4 != "nan" { a += 100 * ab(log($3 / $4)); na++; if ($1 == 0) { a0 += 100 * ab(log($3 / $4)); na0++ } }
    $5 != "nan" { b += 100 * ab(log($3 / $5)); nb++; if ($1 == 0) { b0 += 100 * ab(log($3 / $5)); nb0++ } }
    $1 == 0 && $2 == 8 { r8 = sprintf("%.4f / %.4f / %.4f", $3, $4, $5) }
    END { printf "%s / %s | %s / %s | %s", pct(a, na), pct(b, nb), pct(a0, na0), pct(b0, nb0), r8 }' "$tmp/cells")
  jq -r --arg k "$k" --arg dist "$dist" --arg can "$can" --arg h "$h" '.paired_check.all_cells as $a |
    "| \($k) | \($can | tonumber / 1000 * 100 | round / 100) / \($h | tonumber / 1000 * 100 | round / 100) us | \($a.cells) | \($a.resolved) | " +
    "\($a.calibrated.agree) of \($a.calibrated.judged) | \($a.at_state.agree) of \($a.at_state.judged) | \($dist) |"' "$tmp/c/summary.json" |
    tee -a "$tmp/rows"
done
[ -s "$tmp/all" ] || exit 0
echo
awk -v h="$h" 'function ab(x) { return x < 0 ? -x : x }
  function pct(s, n) { return n ? sprintf("%.2f%%", s / n) : "–" }
  ab($2 - h) > 300 && $6 != "nan" && $7 != "nan" { a += 100 * ab(log($5 / $6)); b += 100 * ab(log($5 / $7)); n++; if (!(($1) in seen)) { seen[$1] = 1; k++ } }
  END { printf "- Checks more than 0.3 us from h: %d; over their %d cells, distance calibrated %s, at the check'"'"'s state %s.\n", k, n, pct(a, n), pct(b, n) }' "$tmp/all"
awk '$3 == 0 && $4 == 8 && $7 != "nan" { x = $2 / 1000; n++; sx += x; sxx += x * x; sy += $5; sxy += x * $5; sz += $7; sxz += x * $7
    if (n == 1 || x < lo) lo = x; if (n == 1 || x > hi) hi = x }
  END { if (n < 2 || n * sxx - sx * sx <= 0) { print "- Slope at item 0, N = 8: not enough spread in the checks'"'"' launch costs"; exit }
    den = n * sxx - sx * sx
    printf "- Slope of the ratio at item 0, N = 8 against the check'"'"'s launch cost, over %d checks spanning %.2f us: check %+.4f per us, model at the check'"'"'s state %+.4f per us.\n",
      n, hi - lo, (n * sxy - sx * sy) / den, (n * sxz - sx * sz) / den }' "$tmp/all"
