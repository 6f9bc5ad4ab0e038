#!/bin/sh
# Issue 15, lease 42: the poll sweeps (DIR/poll/VARIANT-rROUND/measured.csv, produce.sh step 3)
# as one table per strategy and item_ns: per variant and N, the median over rounds of each
# round's median wall, p10, p25, p75 and p90 (ns), and the IQR (p75 - p25). A two-level round
# trip shows as an IQR near the gap between the levels; a poll that sees the host's word
# sooner, as a lower median.
# usage: results/h200/lease42/poll.sh DIR
set -eu
dir=$1
for f in "$dir"/poll/*-r*/measured.csv*; do # measured.csv.gz as committed
  v=$(basename "$(dirname "$f")")
  gzip -dcf "$f" | awk -F, -v v="${v%-r*}" '!/^#/ && $1 != "backend" && $27 == 0 {print v, $4, $5, $6, $10, $11, $12, $13, $14}'
done | sort -k2,2 -k3,3n -k1,1 -k4,4n | awk '
function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
{ k = $2 SUBSEP $3 SUBSEP $1 SUBSEP $4; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
  for (c = 5; c <= 9; c++) val[k, c] = val[k, c] " " $c }
END {
  for (i = 1; i <= nk; i++) {
    split(keys[i], p, SUBSEP)
    if (p[1] != last1 || p[2] != last2) {
      printf "\n%s, item_ns %s: median over rounds of each round'"'"'s figure (ns)\n\n", p[1], p[2]
      print "| variant | N | median | p10 | p25 | p75 | p90 | IQR |"
      print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
      last1 = p[1]; last2 = p[2]
    }
    m = med(val[keys[i], 5]); p10 = med(val[keys[i], 6]); q1 = med(val[keys[i], 7]); q3 = med(val[keys[i], 8]); p90 = med(val[keys[i], 9])
    printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", p[3], p[4], m, p10, q1, q3, p90, q3 - q1
  }
}'
