#!/bin/sh
# Lease 82's rule, fixed before the call. Per main job of LEASE_DIR (runN, judged again with
# this build's `pkbench compare`, which reads runN/crosscheck/measured.csv): the cells the
# paired check measured and how many it resolved; the crossovers exact from the medians and with
# the check, calibrated and given the host's state; and the check's time (its step's start to
# the next step's, from runN.log). Then the totals.
# Changed after the call, with the review of the check (README): compare now takes a check only
# for the sweep that crosscheck/of names, so that file is copied; it judges only the cells where
# the sweep's IQRs overlap; and "given the state" has the medians' count alone (the model given
# the state is no longer judged against the check: it puts each strategy at its own canary).
# usage: results/h200/lease82/judge_paired.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| job | cells | resolved (persistent / standard) | crossovers exact, calibrated: medians / paired | given the state: medians | check's time |"
echo "| --- | ---: | --- | --- | --- | ---: |"
for d in "$l"/run*/; do
  d=${d%/}
  [ -f "$d/crosscheck/measured.csv" ] || [ -f "$d/crosscheck/measured.csv.gz" ] || { echo "| ${d##*/} | none | | | | |"; continue; }
  rm -rf "$tmp/in" "$tmp/c"
  mkdir -p "$tmp/in/crosscheck"
  gzip -dcf "$d/measured.csv"* >"$tmp/in/measured.csv"
  gzip -dcf "$d/crosscheck/measured.csv"* >"$tmp/in/crosscheck/measured.csv"
  cp "$d/crosscheck/of" "$tmp/in/crosscheck/of" # the sweep it checks (compare matches it; added after the call)
  "$pk" compare --measured "$tmp/in" --params "$d/params.json" --out "$tmp/c" >/dev/null
  t=$(gzip -dcf "$d.log"* 2>/dev/null | awk '/paired check \(elapsed/ { split($NF, a, /[:)]/); s = a[1] * 60 + a[2]; next }
    s != "" && /\(elapsed/ { split($NF, a, /[:)]/); print a[1] * 60 + a[2] - s " s"; exit }')
  jq -r --arg j "${d##*/}" --arg t "${t:-?}" '.paired_check as $p |
    "| \($j) | \($p.cells | length) | \([$p.cells[] | select(.faster == "persistent")] | length) / \([$p.cells[] | select(.faster == "standard")] | length) | " +
    "\([.crossovers[] | select(.error_steps == 0)] | length) / \($p.crossovers_exact) of \($p.crossovers_judged) | " +
    "\(.host_state.crossovers_exact) of \(.host_state.crossovers_judged) | \($t) |"' "$tmp/c/summary.json" | tee -a "$tmp/rows"
  jq -r --arg j "${d##*/}" '.paired_check.cells[] | "- \($j): item \(.item_ns) ns, N = \(.batch): ratio \(.ratio * 10000 | round / 10000) (\(if .lo then "\(.lo * 10000 | round / 10000)–\(.hi * 10000 | round / 10000)" else "–" end), \(.pairs) pairs): \(.faster)"' "$tmp/c/summary.json" >>"$tmp/cells"
done
[ -s "$tmp/rows" ] || exit 0
awk -F'|' '{ split($3, c, " "); n += c[1]; split($4, r, "/"); p += r[1]; s += r[2]
  split($5, a, "[/ ]+"); cm += a[2]; cp += a[3]; cj += a[5]; split($6, b, "[ ]+"); sm += b[2]; sj += b[4] }
  END { printf "| all | %d | %d / %d | %d / %d of %d | %d of %d | |\n", n, p, s, cm, cp, cj, sm, sj }' "$tmp/rows"
echo
echo "Cells:"
echo
cat "$tmp/cells"
