#!/bin/sh
# Lease 78's rules, fixed before the call. Per main job of LEASE_DIR:
#  - wake: over the rounds of params-before and params-after (20 runs a round), the median of
#    (median of the last 7 runs - median of the first 7) and in how many rounds it is below 0,
#    for persistent_setup_ns (S), graph_one_node_ns (G_1) and graph_launch_ns;
#  - S: the calibration's S - h against the sweep's setup_ns - canary_host_ns at item 0 and
#    1000, N = 1-8 (the median over those rows);
#  - X as calibrated (persistent_chunk_lead_ns);
#  - persistent at item 0, given the host's state: the mean error at N = 16-128 and at N =
#    256-2048, and persistent's MAPE over every point, three ways: "new" (the params as
#    calibrated), "no X" (X taken out), and "old" (the model before b885d2f: OLD_PKBENCH, a
#    pkbench built at 0fa76be, fed the params as schema 3 with B_l less min(3, W) e_c and no X;
#    left out without OLD_PKBENCH).
# usage: results/h200/lease78/judge.sh LEASE_DIR [PKBENCH [OLD_PKBENCH]]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
old=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wake() { # $1: parameter; prints "median below/rounds"
  for f in "$2/params-before.json.gz" "$2/params-after.json.gz"; do
    gzip -dc "$f" | jq -r --arg k "$1" '(.samples[$k] // []) as $s | range(0; ($s | length) / 20 | floor) as $r |
      $s[$r * 20:$r * 20 + 20] | [(.[13:] | sort | .[3]) - (.[:7] | sort | .[3])] | .[0]'
  done | sort -g | awk '{v[n++] = $1; if ($1 < 0) b++} END { if (!n) { print "–"; exit } printf "%+.0f ns, below in %d of %d", (n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2), b, n }'
}
echo "## Wake: last 7 runs less the first 7, per calibration round (median; rounds below 0)"
echo
echo "| job | S | G_1 | graph_launch_ns |"
echo "| --- | --- | --- | --- |"
for d in "$l"/run?; do
  [ -f "$d/params.json" ] || continue
  echo "| $(basename "$d") | $(wake persistent_setup_ns "$d") | $(wake graph_one_node_ns "$d") | $(wake graph_launch_ns "$d") |"
done
echo
echo "## S, X and persistent at item 0 given the host's state (new / no X / old)"
echo
echo "| job | S - h (ns) | sweep setup - canary (ns) | X (ns) | N = 16-128 mean error | N = 256-2048 mean error | persistent MAPE |"
echo "| --- | ---: | ---: | ---: | --- | --- | --- |"
for d in "$l"/run?; do
  [ -f "$d/params.json" ] || continue
  jq 'del(.params.persistent_chunk_lead_ns) | del(.samples.persistent_chunk_lead_ns)' "$d/params.json" >"$tmp/nox.json"
  jq '.schema_version = 3 | (.params.persistent_window_items) as $w |
      (if (.params.persistent_chunk_items // 0) > 0 and (.params.persistent_chunk_item_ns // 0) > 0 and $w > 0
       then ([3, $w] | min) * .params.persistent_chunk_item_ns else 0 end) as $s |
      .params.persistent_launch_trip_ns -= $s | (.samples.persistent_launch_trip_ns // []) |= map(. - $s) |
      del(.params.persistent_chunk_lead_ns) | del(.samples.persistent_chunk_lead_ns)' "$d/params.json" >"$tmp/old.json"
  for k in new nox old; do
    rm -rf "$tmp/$k"
    case $k in
      new) "$pk" compare --measured "$d" --params "$d/params.json" --out "$tmp/$k" >/dev/null 2>&1 || true ;;
      nox) "$pk" compare --measured "$d" --params "$tmp/nox.json" --out "$tmp/$k" >/dev/null 2>&1 || true ;;
      old) [ -n "$old" ] && "$old" compare --measured "$d" --params "$tmp/old.json" --out "$tmp/$k" >/dev/null 2>&1 || true ;;
    esac
  done
  m() { [ -f "$tmp/$1/errors.csv" ] && cat "$tmp/$1/errors.csv" || true; }
  band() { m "$1" | awk -F, -v lo="$2" -v hi="$3" '$1 == "persistent" && $2 == 0 && $3 >= lo && $3 <= hi && $15 != "" { s += $15; n++ }
      END { if (n) printf "%+.2f%%", 100 * s / n; else printf "–" }'; }
  mape() { m "$1" | awk -F, '$1 == "persistent" && $15 != "" { v = $15 < 0 ? -$15 : $15; s += v; n++ } END { if (n) printf "%.2f%%", 100 * s / n; else printf "–" }'; }
  sh=$(jq '.params.persistent_setup_ns - .params.launch_host_ns' "$d/params.json")
  sw=$(gzip -dc "$d/measured.csv.gz" | grep -v '^#' | awk -F, 'NR > 1 && $4 == "persistent" && ($5 == 0 || $5 == 1000) && $6 <= 8 &&
      $27 == 0 && $29 != "" { print $21 - $29 }' | sort -g | awk '{v[n++] = $1} END { print n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2 }')
  x=$(jq '.params.persistent_chunk_lead_ns // 0' "$d/params.json")
  printf "| %s | %.0f | %.0f | %.0f | %s / %s / %s | %s / %s / %s | %s / %s / %s |\n" "$(basename "$d")" "$sh" "$sw" "$x" \
    "$(band new 16 128)" "$(band nox 16 128)" "$(band old 16 128)" "$(band new 256 2048)" "$(band nox 256 2048)" \
    "$(band old 256 2048)" "$(mape new)" "$(mape nox)" "$(mape old)"
done
