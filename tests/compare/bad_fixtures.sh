#!/bin/sh
# Derives unusable results directories from the synthetic one (FIX), for the tests of
# compare's bad input: FIX-nowall (every wall_ns, p25 and p75 empty), FIX-empty (header only),
# FIX-disjoint (no point in common with FIX: every item_ns moved, in measured.csv and in
# predicted.csv), FIX-negwall (row 3's wall_ns
# is -5), FIX-stdonly (standard rows only: no batch has standard and persistent) and
# FIX-predgap (predicted.csv only: FIX's prediction less one persistent row), FIX-hugewall (row
# 3's wall_ns is 1e300, its quantiles empty).
# Invariant checked here: each derived file differs from FIX as described (else exit 1).
# usage: bad_fixtures.sh FIX
set -eu
fix=$1
m=$fix/measured.csv
# awk program prefix: pass comment lines and the header through, edit data rows.
derive() {
  rm -rf "$fix-$1" && mkdir "$fix-$1"
  awk -F, -v OFS=, "/^#/ || !h { if (!/^#/) h = 1; print; next } $2" "$m" >"$fix-$1/measured.csv"
}
derive nowall '{ $10 = ""; $12 = ""; $13 = ""; print }'
derive empty '{ }'
derive disjoint '{ $5 = $5 + 1000000007; print }'
# and its prediction (source=predicted: a measured table is no prediction), as disjoint.
awk -F, -v OFS=, '/^#/ || !h { if (!/^#/) h = 1; print; next } { $5 = $5 + 1000000007; print }' \
  "$fix/predicted.csv" >"$fix-disjoint/predicted.csv"
derive negwall '{ if (++n == 3) $10 = -5; print }'
# FIX-predgap: FIX's prediction without the persistent row of the first item_ns at batch 1, so
# that that item's crossover cannot be judged.
mkdir -p "$fix-predgap"
awk -F, '/^#/ || !h { if (!/^#/) h = 1; print; next }
  $4 == "persistent" && $6 == 1 && !cut { cut = 1; next } { print }' "$fix/predicted.csv" >"$fix-predgap/predicted.csv"
[ "$(grep -vc '^#' "$fix-predgap/predicted.csv")" -eq "$(($(grep -vc '^#' "$fix/predicted.csv") - 1))" ]
derive stdonly '$4 == "standard" { print }'
derive hugewall '{ if (++n == 3) { $10 = "1e300"; for (i = 11; i <= 16; i++) $i = "" } print }'
rows() { grep -vc '^#' "$1"; }
[ "$(rows "$fix-empty/measured.csv")" -eq 1 ]
[ "$(rows "$fix-nowall/measured.csv")" -eq "$(rows "$m")" ]
# One test a line: under set -e a failing test that is not the last of an && list ends nothing.
[ "$(rows "$fix-stdonly/measured.csv")" -gt 1 ]
[ "$(rows "$fix-stdonly/measured.csv")" -lt "$(rows "$m")" ]
grep -q ',-5,' "$fix-negwall/measured.csv"
grep -q ',1e300,' "$fix-hugewall/measured.csv"
! grep -q ',persistent,' "$fix-stdonly/measured.csv"
