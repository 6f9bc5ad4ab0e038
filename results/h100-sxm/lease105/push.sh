#!/bin/sh
# Lease 105's push canary, judged as its README planned: for every main job of DIR (DIR/run*/:
# compare's errors.csv beside the sweep's measured.csv and the calibrations), persistent-resident
# at item 0, N = 1-32: the error calibrated and given the host's state (errors.csv's rel_err and
# state_rel_err, in %), and the push canary's median (canary_push_ns) against the calibrated B;
# then per job the signs and the resident MAPE both ways over every resident point. Nothing is fitted.
# usage: results/h200/lease105/push.sh DIR   (repository root)
set -eu
d=${1:?usage: push.sh DIR}
[ -d "$d" ] || { echo "push.sh: no folder $d" >&2; exit 2; }
for j in "$d"/run*/; do
  j=${j%/}
  [ -f "$j/errors.csv.gz" ] && [ -f "$j/measured.csv.gz" ] && [ -f "$j/params.json.gz" ] || continue
  B=$(gzip -dc "$j/params.json.gz" | jq -er '.params.persistent_batch_ns')
  Bb=$(gzip -dc "$j/params-before.json.gz" | jq -er '.params.persistent_batch_ns' 2>/dev/null || echo nan)
  Ba=$(gzip -dc "$j/params-after.json.gz" | jq -er '.params.persistent_batch_ns' 2>/dev/null || echo nan)
  echo "## ${j##*/}: calibrated B $B ns (before $Bb, after $Ba)"
  gzip -dc "$j/measured.csv.gz" | grep -v '^#' >"$j.m.tmp"
  gzip -dc "$j/errors.csv.gz" | awk -F, -v B="$B" -v mf="$j.m.tmp" '
    BEGIN {
      while ((getline l < mf) > 0) {
        n = split(l, f, ",")
        if (!h) { for (i = 1; i <= n; i++) c[f[i]] = i; h = 1; continue }
        if (f[c["replicate"]] != "" && f[c["replicate"]] != 0) continue
        push[f[c["strategy"]] "," f[c["item_ns"]] "," f[c["batch"]]] = f[c["canary_push_ns"]]
      }
      print "| N | measured ns | calibrated | given the state | push canary ns | push / B - 1 |"
      print "| ---: | ---: | ---: | ---: | ---: | ---: |"
    }
    NR == 1 { for (i = 1; i <= NF; i++) e[$i] = i; next }
    $e["strategy"] != "persistent-resident" { next }
    {
      r = $e["rel_err"] * 100; s = $e["state_rel_err"]; s = s == "" ? "" : s * 100
      nr++; mr += (r < 0 ? -r : r); if (s != "") { ns++; ms += (s < 0 ? -s : s) }
    }
    $e["item_ns"] == 0 && $e["batch"] <= 32 {
      p = push["persistent-resident,0," $e["batch"]]
      printf "| %d | %.0f | %+.1f%% | %s | %s | %s |\n", $e["batch"], $e["measured_ns"], r,
        s == "" ? "–" : sprintf("%+.1f%%", s), p == "" ? "–" : sprintf("%.0f", p), p == "" ? "–" : sprintf("%+.1f%%", (p / B - 1) * 100)
      sc += (r > 0); if (s != "") ss += (s > 0); small++
    }
    END {
      printf "\nsmall batches (item 0, N = 1-32): %d; the model too slow at %d calibrated, at %d given the state\n", small, sc, ss
      printf "persistent-resident MAPE over %d points: calibrated %.2f%%, given the state %s\n", nr, mr / (nr ? nr : 1),
        ns ? sprintf("%.2f%% (%d points)", ms / ns, ns) : "–"
    }'
  rm -f "$j.m.tmp"
  echo
done
