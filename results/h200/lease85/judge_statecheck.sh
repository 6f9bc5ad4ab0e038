#!/bin/sh
# Lease 85's rule, fixed before the call: the model against the state check (runN/statecheck/:
# standard and persistent at item 0 and 1 us, N = 1, 2, 4, 8, in 20 passes of alternating order,
# each row with its canary), calibrated and at the check's own state. Per main job of LEASE_DIR,
# this build's `pkbench compare` reads the state check as the sweep's paired check (a copy of the
# job's measured.csv with crosscheck/ = the state check, marked with the sweep's run_id) and
# judges the model over every cell it measured (summary.json paired_check.all_cells):
#  - the cells, and those the check resolved;
#  - of the resolved, where the calibrated model and the model at the check's state name the
#    check's winner;
#  - the mean over the cells of 100 |ln(check's ratio / model's)|, calibrated and at the check's
#    state, over all cells and over item 0 alone;
#  - the state check's canary (the median of its rows') against the job's calibrated h.
# Then the totals (the distances as the mean over all cells of all jobs).
# usage: results/h200/lease85/judge_statecheck.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| job | cells | resolved | calibrated names the winner | at the check's state names the winner | distance: calibrated / at the check's state | item 0 alone | canary / calibrated h |"
echo "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |"
for d in "$l"/run*/; do
  d=${d%/}
  if [ ! -f "$d/statecheck/measured.csv" ] && [ ! -f "$d/statecheck/measured.csv.gz" ]; then
    echo "| ${d##*/} | none | | | | | | |"
    continue
  fi
  rm -rf "$tmp/in" "$tmp/c"
  mkdir -p "$tmp/in/crosscheck"
  gzip -dcf "$d/measured.csv"* >"$tmp/in/measured.csv"
  gzip -dcf "$d/statecheck/measured.csv"* >"$tmp/in/crosscheck/measured.csv"
  sed -n 's/^# context run_id=//p' "$tmp/in/measured.csv" >"$tmp/in/crosscheck/of"
  "$pk" compare --measured "$tmp/in" --params "$d/params.json" --out "$tmp/c" >/dev/null
  jq -r '.paired_check | (.cells + .all_cells.other_cells)[] | "\(.item_ns) \(.ratio) \(.model_calibrated // "nan") \(.model_at_state // "nan")"' \
    "$tmp/c/summary.json" >"$tmp/cells"
  sed "s|^|${d##*/} |" "$tmp/cells" >>"$tmp/all"
  can=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    $c["replicate"] > 0 && $c["canary_host_ns"] != "" { v[++n] = $c["canary_host_ns"] }
    END { if (!n) { print "–"; exit } for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      printf "%.2f", (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) / 1000 }' "$tmp/in/crosscheck/measured.csv")
  h=$(jq -r '.launch_host_ns // .params.launch_host_ns // empty' "$d/params.json" | awk '{ printf "%.2f", $1 / 1000 }')
  dist=$(awk 'function ab(x) { return x < 0 ? -x : x }
    function pct(s, n) { return n ? sprintf("%.2f%%", s / n) : "–" }
    $3 != "nan" { a += 100 * ab(log($2 / $3)); na++; if ($1 == 0) { a0 += 100 * ab(log($2 / $3)); na0++ } }
    $4 != "nan" { b += 100 * ab(log($2 / $4)); nb++; if ($1 == 0) { b0 += 100 * ab(log($2 / $4)); nb0++ } }
    END { printf "%s / %s | %s / %s", pct(a, na), pct(b, nb), pct(a0, na0), pct(b0, nb0) }' "$tmp/cells")
  jq -r --arg j "${d##*/}" --arg dist "$dist" --arg can "$can" --arg h "${h:-?}" '.paired_check.all_cells as $a |
    "| \($j) | \($a.cells) | \($a.resolved) | \($a.calibrated.agree) of \($a.calibrated.judged) | " +
    "\($a.at_state.agree) of \($a.at_state.judged) | \($dist) | \($can) / \($h) us |"' "$tmp/c/summary.json" | tee -a "$tmp/rows"
done
[ -s "$tmp/rows" ] || exit 0
dist=$(awk 'function ab(x) { return x < 0 ? -x : x }
  function pct(s, n) { return n ? sprintf("%.2f%%", s / n) : "–" }
  $4 != "nan" { a += 100 * ab(log($3 / $4)); na++; if ($2 == 0) { a0 += 100 * ab(log($3 / $4)); na0++ } }
  $5 != "nan" { b += 100 * ab(log($3 / $5)); nb++; if ($2 == 0) { b0 += 100 * ab(log($3 / $5)); nb0++ } }
  END { printf "%s / %s | %s / %s", pct(a, na), pct(b, nb), pct(a0, na0), pct(b0, nb0) }' "$tmp/all")
awk -F'|' -v dist="$dist" '{ n += $3; r += $4; split($5, a, " of "); ca += a[1]; cj += a[2]; split($6, b, " of "); sa += b[1]; sj += b[2] }
  END { printf "| all | %d | %d | %d of %d | %d of %d | %s | |\n", n, r, ca, cj, sa, sj, dist }' "$tmp/rows"
