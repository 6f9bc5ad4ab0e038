#!/bin/sh
# How fast the host's launch cost moves: for each --pair CSV given (pkb_launch_position --pair
# --csv), the autocorrelation of the per-round idle call (bursts of empty items, the canary's
# measure of h) at lags of 1 to 1000 rounds, said in milliseconds (the rounds' mean spacing), with
# its standard deviation over the run. Describes; fits and predicts nothing.
# usage: results/h100-sxm/lease98/timescale.sh PAIR.csv[.gz]...
set -eu
[ $# -ge 1 ] || { echo "usage: timescale.sh PAIR.csv[.gz]..." >&2; exit 2; }
for f in "$@"; do
  gzip -dcf "$f" | awk -F, -v name="$(basename "$f")" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { n++; t[n] = $col["started_s"]; x[n] = $col["idle_call_ns"]; s += x[n] }
    END {
      if (n < 3) { print name ": fewer than 3 rounds"; exit 1 }
      m = s / n
      for (i = 1; i <= n; i++) v += (x[i] - m) ^ 2
      v /= n
      dt = (t[n] - t[1]) / (n - 1)
      printf "%s: %d rounds, one every %.1f ms; idle call mean %.0f ns, sd %.0f ns (%.1f%%)\n", name, n, dt * 1000, m, sqrt(v), 100 * sqrt(v) / m
      printf "  lag (ms) and autocorrelation:"
      split("1 2 5 10 20 50 100 200 500 1000", lags, " ")
      for (k = 1; k in lags; k++) {
        L = lags[k]
        if (L >= n) break
        c = 0
        for (i = 1; i + L <= n; i++) c += (x[i] - m) * (x[i + L] - m)
        printf " %.0f: %.2f", L * dt * 1000, c / ((n - L) * v)
      }
      printf "\n"
    }'
done
