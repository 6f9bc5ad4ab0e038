#!/usr/bin/env bash
# How even `pkbench sweep --shard I/N` splits a grid that was measured whole: each point of
# MEASURED_CSV costs (reps + 1) x wall_ns (its repetitions and warm-up), and each shard's points
# are the ones `pkbench sweep --shard I/N --benchmark_list_tests` names (no device needed; the
# backend must be built). Prints, per N, every shard's share of the real total and the
# costliest shard against the mean, beside a split by count (every N-th key).
# usage: results/fleet/balance.sh PKBENCH BACKEND MEASURED_CSV [N...]   (default N: 2 3 4 8)
# e.g.   results/fleet/balance.sh build/harness/pkbench cuda results/h100-sxm/measured.csv
set -uo pipefail
pk=$1 backend=$2 csv=$3
shift 3
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(2 3 4 8)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# "name cost" per measured point, with the name Google Benchmark lists.
awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  { printf "%s/item_ns:%s/batch:%s/grid:%s/block:%s %.0f\n", $c["strategy"], $c["item_ns"], $c["batch"],
      $c["grid"], $c["block"], ($c["reps"] + 1) * $c["wall_ns"] }' "$csv" | sort >"$tmp/cost"
# The sweep's axes as the CSV holds them, so that the listed grid is the measured one.
axis() { awk -F, -v col="$1" '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  { print $c[col] }' "$csv" | sort -un | paste -sd,; }
strategies=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  !seen[$c["strategy"]]++ { print $c["strategy"] }' "$csv" | paste -sd,)
grid=(--backend "$backend" --strategy "$strategies" --item-ns "$(axis item_ns)" --batch "$(axis batch)"
      --grid "$(axis grid)" --block "$(axis block)")
for n in "${counts[@]}"; do
  for ((i = 0; i < n; i++)); do
    "$pk" sweep "${grid[@]}" --shard "$i/$n" --benchmark_list_tests 2>/dev/null |
      sed 's|/iterations:1/manual_time$||' | sort | join - "$tmp/cost" | awk -v i=$i '{ print i, $2 }'
  done >"$tmp/split"
  awk -v n=$n '{ load[$1] += $2; total += $2; k++ }
    END { max = 0; for (s in load) if (load[s] > max) max = load[s];
          printf "N=%d: %d points, %.1f s measured in all; shards", n, k, total / 1e9;
          for (s = 0; s < n; s++) printf " %.1f", load[s] / 1e9;
          printf " s; costliest shard %.3f of the mean\n", max / (total / n) }' "$tmp/split"
done
# A split by count: every N-th key (item_ns, batch) in measuring order.
for n in "${counts[@]}"; do
  awk -F, -v n=$n '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { key = $c["item_ns"] "/" $c["batch"]; if (!(key in idx)) idx[key] = m++;
      load[idx[key] % n] += ($c["reps"] + 1) * $c["wall_ns"]; total += ($c["reps"] + 1) * $c["wall_ns"] }
    END { max = 0; for (s in load) if (load[s] > max) max = load[s];
          printf "N=%d by count: costliest shard %.3f of the mean\n", n, max / (total / n) }' "$csv"
done
