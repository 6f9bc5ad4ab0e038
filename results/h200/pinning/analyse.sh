#!/bin/sh
# Per configuration and strategy: the run-to-run sd of ln(median wall) over the five rounds,
# taken per point (summary rows), then its median and largest over the strategy's 8 points.
# usage: results/h200/pinning/analyse.sh DIR
set -eu
dir=${1:?usage: analyse.sh DIR}
echo "| pinning | strategy | run-to-run sd, median of points | largest |"
echo "| --- | --- | ---: | ---: |"
for cfg in none c2 c23 c9; do
  for s in standard standard-sync graph persistent; do
    for r in 1 2 3 4 5; do
      awk -F, -v s="$s" '!/^#/ && $4 == s && $27 == 0 { print $5 "/" $6, log($10) }' "$dir/$cfg-$r/measured.csv"
    done | awk '{ n[$1]++; x[$1] += $2; xx[$1] += $2 * $2 }
               END { for (k in n) { m = x[k] / n[k]; v = (xx[k] - n[k] * m * m) / (n[k] - 1); print sqrt(v > 0 ? v : 0) } }' |
      sort -g | awk -v cfg="$cfg" -v s="$s" '{ a[NR] = $1 }
        END { med = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
              printf "| %s | %s | %.1f%% | %.1f%% |\n", cfg, s, 100 * med, 100 * a[NR] }'
  done
done
