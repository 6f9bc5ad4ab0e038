#!/bin/sh
# Lease 81's canary rule, fixed before the call. Per main job of LEASE_DIR (runN with
# errors.csv.gz or errors.csv from its own `pkbench compare`, and measured.csv.gz with
# canary_host_ns_min and _max), every summary row's canary spread, max / min - 1, and:
#  - rows whose canary is not min <= median <= max (must be none);
#  - the spread's median and p90 over all points;
#  - the points over 10% given the host's state: how many, and their median spread;
#  - how often a point is over 10% given the state when its spread is above 10%, and when not.
# Then the same pooled over the jobs.
# usage: results/h200/lease81/judge_canary.sh LEASE_DIR   (repository root)
set -eu
l=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "$l"/run*/; do
  d=${d%/}
  [ -f "$d/measured.csv.gz" ] || continue
  e=$d/errors.csv.gz
  [ -f "$e" ] || e=$d/errors.csv
  [ -f "$e" ] || continue
  # key -> state_rel_err, then key -> spread (summary rows: replicate 0 or no replicate column).
  gzip -dcf "$e" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["state_rel_err"] != "" { print $c["strategy"] "/" $c["item_ns"] "/" $c["batch"], $c["state_rel_err"] }' | sort >"$tmp/err"
  gzip -dc "$d/measured.csv.gz" | awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    (!c["replicate"] || $c["replicate"] == 0) && $c["canary_host_ns"] != "" {
      lo = $c["canary_host_ns_min"]; hi = $c["canary_host_ns_max"]; m = $c["canary_host_ns"]
      bad = (lo == "" || hi == "" || lo + 0 > m + 0 || m + 0 > hi + 0)
      print $c["strategy"] "/" $c["item_ns"] "/" $c["batch"], (lo > 0 ? hi / lo - 1 : -1), bad }' | sort >"$tmp/spread"
  join "$tmp/err" "$tmp/spread" | sed "s|^|${d##*/} |" >>"$tmp/all"
done
[ -s "$tmp/all" ] || { echo "judge_canary: no job of $l has errors and a canary" >&2; exit 2; }
summ() { # $1 label; stdin: job key err spread bad
  sort -k4 -g | awk -v lab="$1" '{ k = NR; s[k] = $4; bad += $5; e = $3 < 0 ? -$3 : $3
    if (e > 0.10) { o++; os[o] = $4 }
    if ($4 > 0.10) { w++; if (e > 0.10) wo++ } else { n++; if (e > 0.10) no++ } }
    END { if (!NR) exit
      for (i = 2; i <= o; i++) for (j = i; j > 1 && os[j - 1] > os[j]; j--) { t = os[j]; os[j] = os[j - 1]; os[j - 1] = t }
      printf "| %s | %d | %d | %.1f%% | %.1f%% | %d | %s | %d of %d | %d of %d |\n", lab, NR, bad, 100 * s[int((NR + 1) / 2)],
        100 * s[int(0.9 * (NR - 1)) + 1], o + 0, o ? sprintf("%.1f%%", 100 * (o % 2 ? os[(o + 1) / 2] : (os[o / 2] + os[o / 2 + 1]) / 2)) : "–",
        wo + 0, w + 0, no + 0, n + 0 }'
}
echo "| job | points | canary out of order | spread, median | spread, p90 | over 10% given the state | their median spread | over 10% where spread > 10% | over 10% where spread ≤ 10% |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for j in $(cut -d' ' -f1 "$tmp/all" | sort -u -V); do
  grep "^$j " "$tmp/all" | summ "$j"
done
summ "all" <"$tmp/all"
echo
echo "Points over 10% given the state (job, point, error, spread):"
echo
awk '{ e = $3 < 0 ? -$3 : $3; if (e > 0.10) printf "- %s %s: %+.1f%%, spread %.1f%%\n", $1, $2, 100 * $3, 100 * $4 }' "$tmp/all"
