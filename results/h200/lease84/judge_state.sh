#!/bin/sh
# Lease 84's rule, fixed before the call: the model against the crossovers' paired check at the
# check's own state. Per main job of LEASE_DIR (runN, judged again with this build's `pkbench
# compare`, which reads runN/crosscheck/ when its `of` names the sweep), from summary.json's
# paired_check:
#  - the tied cells checked, those whose every pass row had a canary (model_pairs = pairs), and
#    those the check resolved;
#  - of the resolved, where the calibrated model and the model at the check's state name the
#    check's winner;
#  - the mean over the checked cells of 100 |ln(check's ratio / model's)|, calibrated and at the
#    check's state;
#  - crossovers exact, calibrated (from the medians / with the check) and given the host's state
#    (from the medians / with the check, its batches at the check's state).
# Then the totals (the distances as the mean over all checked cells of all jobs).
# usage: results/h200/lease84/judge_state.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| job | tied cells checked | with canaries | resolved | calibrated names the winner | at the check's state names the winner | distance: calibrated / at the check's state | crossovers exact, calibrated: medians / check | crossovers exact, given the state: medians / check |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
for d in "$l"/run*/; do
  d=${d%/}
  if [ ! -f "$d/crosscheck/of" ]; then
    echo "| ${d##*/} | none | | | | | | | |"
    continue
  fi
  rm -rf "$tmp/in" "$tmp/c"
  mkdir -p "$tmp/in/crosscheck"
  gzip -dcf "$d/measured.csv"* >"$tmp/in/measured.csv"
  gzip -dcf "$d/crosscheck/measured.csv"* >"$tmp/in/crosscheck/measured.csv"
  cp "$d/crosscheck/of" "$tmp/in/crosscheck/"
  "$pk" compare --measured "$tmp/in" --params "$d/params.json" --out "$tmp/c" >/dev/null
  jq -r '.paired_check.cells[] | "\(.ratio) \(.model_calibrated // "nan") \(.model_at_state // "nan")"' \
    "$tmp/c/summary.json" >>"$tmp/cells"
  jq -r --arg j "${d##*/}" '.paired_check as $p | .host_state as $h |
    def dist(k): [$p.cells[] | select(.[k] != null) | 100 * ((.ratio / .[k]) | log | fabs)] |
      if length > 0 then "\(add / length * 100 | round / 100)%" else "–" end;
    "| \($j) | \($p.cells | length) | \([$p.cells[] | select(.model_pairs == .pairs and .pairs > 0)] | length) | \($p.resolved) | " +
    "\($p.calibrated.agree) of \($p.calibrated.judged) | \($p.at_state.agree) of \($p.at_state.judged) | " +
    "\(dist("model_calibrated")) / \(dist("model_at_state")) | " +
    "\([.crossovers[] | select(.error_steps == 0)] | length) / \($p.crossovers_exact) of \($p.crossovers_judged) | " +
    "\($h.crossovers_exact // "–") / \($p.crossovers_exact_given_state // "–") of \($p.crossovers_judged_given_state // $h.crossovers_judged // "–") |"' \
    "$tmp/c/summary.json" | tee -a "$tmp/rows"
done
[ -s "$tmp/rows" ] || exit 0
awk -F'|' '{ n += $3; w += $4; r += $5; split($6, a, " of "); ca += a[1]; cj += a[2]; split($7, b, " of "); sa += b[1]; sj += b[2]
    split($9, x, "[/ ]+"); xm += x[2]; xc += x[3]; xj += x[5]; split($10, y, "[/ ]+"); ym += y[2]; yc += y[3]; yj += y[5]; ys += y[3] ~ /^[0-9]+$/ }
  END { printf "| all | %d | %d | %d | %d of %d | %d of %d |", n, w, r, ca, cj, sa, sj
    printf "%s| %d / %d of %d | %d / %s of %d |\n", dist, xm, xc, xj, ym, ys ? yc : "–", yj }' dist="$(awk '
    function ab(x) { return x < 0 ? -x : x }
    $2 != "nan" { a += 100 * ab(log($1 / $2)); na++ } $3 != "nan" { b += 100 * ab(log($1 / $3)); nb++ }
    END { printf " %s / %s ", na ? sprintf("%.2f%%", a / na) : "–", nb ? sprintf("%.2f%%", b / nb) : "–" }' "$tmp/cells")" "$tmp/rows"
