#!/bin/sh
# Lease 83's rule, fixed before the call: lease 82's findings about the paired check, tested on
# fresh main jobs with the check as reviewed. Per main job of LEASE_DIR (runN, judged again with
# this build's `pkbench compare`, which reads runN/crosscheck/ when its `of` names the sweep):
#  - the tied cells checked, and resolved;
#  - the crossovers exact calibrated, from the medians and with the check;
#  - over the checked cells, the mean |ln| distance of the check's ratio (persistent / standard)
#    and of the sweep's medians' ratio from the calibrated model's ratio;
#  - the order: per cell, the median ratio of the passes with standard first (odd) less that of
#    the passes with persistent first (even), averaged over the cells;
#  - the check's time (its step's start to the next step's, from runN.log).
# Then the totals (the distances and the order over all cells).
# usage: results/h200/lease83/judge_confirm.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| job | tied cells checked | resolved | crossovers exact, calibrated: medians / paired | distance from the model: check / medians | order: standard first less persistent first | check's time |"
echo "| --- | ---: | ---: | --- | --- | ---: | ---: |"
for d in "$l"/run*/; do
  d=${d%/}
  if [ ! -f "$d/crosscheck/of" ]; then
    echo "| ${d##*/} | none | | | | | |"
    continue
  fi
  rm -rf "$tmp/in" "$tmp/c"
  mkdir -p "$tmp/in/crosscheck"
  gzip -dcf "$d/measured.csv"* >"$tmp/in/measured.csv"
  gzip -dcf "$d/crosscheck/measured.csv"* >"$tmp/in/crosscheck/measured.csv"
  cp "$d/crosscheck/of" "$tmp/in/crosscheck/"
  "$pk" compare --measured "$tmp/in" --params "$d/params.json" --out "$tmp/c" >/dev/null
  jq -r '.paired_check.cells[] | "\(.item_ns) \(.batch) \(.ratio)"' "$tmp/c/summary.json" >"$tmp/cells"
  # Per checked cell: |ln(check / model)|, |ln(medians / model)|, and odd less even passes' median ratio.
  awk -F, -v cells="$tmp/cells" 'BEGIN { while ((getline line < cells) > 0) { split(line, f, " "); chk[f[1] "/" f[2]] = f[3] } }
    FNR == 1 { file++ }
    /^#/ { next }
    !hdr[file]++ { for (i = 1; i <= NF; i++) c[file, $i] = i; next }
    file == 1 { k = $c[1, "item_ns"] "/" $c[1, "batch"]; s = $c[1, "strategy"]
      m[k, s] = $c[1, "measured_ns"]; p[k, s] = $c[1, "predicted_ns"] }
    file == 2 && $c[2, "replicate"] > 0 { k = $c[2, "item_ns"] "/" $c[2, "batch"]; w[k, $c[2, "replicate"], $c[2, "strategy"]] = $c[2, "wall_ns"]
      if ($c[2, "replicate"] + 0 > np) np = $c[2, "replicate"] + 0 }
    function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function ab(x) { return x < 0 ? -x : x }
    END { for (k in chk) { model = p[k, "persistent"] / p[k, "standard"]; sweep = m[k, "persistent"] / m[k, "standard"]
        no = ne = 0; delete odd; delete even
        for (r = 1; r <= np; r++) if ((k, r, "standard") in w && (k, r, "persistent") in w) {
          q = w[k, r, "persistent"] / w[k, r, "standard"]; if (r % 2) odd[++no] = q; else even[++ne] = q }
        printf "%s %.6f %.6f %.6f\n", k, 100 * ab(log(chk[k] / model)), 100 * ab(log(sweep / model)),
          (no && ne) ? 100 * (med(odd, no) - med(even, ne)) : 0 } }' "$tmp/c/errors.csv" "$tmp/in/crosscheck/measured.csv" >"$tmp/dist"
  sed "s|^|${d##*/} |" "$tmp/dist" >>"$tmp/all"
  t=$(gzip -dcf "$d.log"* 2>/dev/null | awk '/paired check \(elapsed/ { split($NF, a, /[:)]/); s = a[1] * 60 + a[2]; next }
    s != "" && /\(elapsed/ { split($NF, a, /[:)]/); print a[1] * 60 + a[2] - s " s"; exit }')
  dist=$(awk '{ a += $2; b += $3; o += $4; n++ } END { if (n) printf "%.2f%% / %.2f%% | %+.2f points", a / n, b / n, o / n; else printf "– | –" }' "$tmp/dist")
  jq -r --arg j "${d##*/}" --arg t "${t:-?}" --arg dist "$dist" '.paired_check as $p |
    "| \($j) | \($p.cells | length) | \([$p.cells[] | select(.faster != "unresolved")] | length) | " +
    "\([.crossovers[] | select(.error_steps == 0)] | length) / \($p.crossovers_exact) of \($p.crossovers_judged) | \($dist) | \($t) |"' \
    "$tmp/c/summary.json" | tee -a "$tmp/rows"
done
[ -s "$tmp/rows" ] || exit 0
awk -F'|' '{ n += $3; r += $4; split($5, a, "[/ ]+"); cm += a[2]; cp += a[3]; cj += a[5] }
  END { printf "| all | %d | %d | %d / %d of %d |", n, r, cm, cp, cj }' "$tmp/rows"
awk '{ a += $3; b += $4; o += $5; n++ } END { if (n) printf " %.2f%% / %.2f%% | %+.2f points | |\n", a / n, b / n, o / n; else print " – | – | |" }' "$tmp/all"
