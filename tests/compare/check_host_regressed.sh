#!/bin/sh
# Invariant: with --host-state, a candidate whose host launch cost itself moved far beyond the
# history's (its canary) never has a host-bound point (standard, item_ns 0) called same: the
# state taken out would call them same, the runs as measured cannot, and same needs both. Every
# row carries the as-measured interval (raw_change_lo, raw_change_hi) around raw_change, within
# +-5% where it says same. The summary says the host state was taken out, with both tallies.
# usage: check_host_regressed.sh PKBENCH OUT compare-args...
set -u
pk=$1 out=$2
shift 2
rm -rf "$out" && mkdir -p "$(dirname "$out")"
"$pk" compare "$@" --out "$out" >"$out.stdout" 2>"$out.stderr"
rc=$?
[ $rc -le 1 ] || { echo "exit $rc"; cat "$out.stderr"; exit 1; }
v=$out/verdicts.csv
[ -s "$v" ] || { echo "no $v"; exit 1; }
n=$(awk -F, '$1 == "standard" && $2 == 0' "$v" | wc -l)
same=$(awk -F, '$1 == "standard" && $2 == 0 && $16 == "same"' "$v" | wc -l)
echo "host-bound standard points: $n, called same: $same"
[ "$n" -gt 0 ] && [ "$same" -eq 0 ] || exit 1
# Every row has the runs-as-measured interval around their change, and a same sits on an
# as-measured interval within +-5% (the threshold, -4.76% below in log space).
bad=$(awk -F, 'NR > 1 && ($19 == "" || $20 == "" || $19 > $17 || $17 > $20 ||
  ($16 == "same" && ($19 < 1 / 1.05 - 1 - 1e-9 || $20 > 0.05 + 1e-9)))' "$v" | wc -l)
head -1 "$v" | grep -q ',raw_change,raw_verdict,raw_change_lo,raw_change_hi$' && [ "$bad" -eq 0 ] ||
  { echo "$bad rows without a raw interval around raw_change, or a same outside +-5%"; exit 1; }
grep -q '"host_state": {' "$out/summary.json" && grep -q '"raw_verdicts": {' "$out/summary.json" &&
  grep -q '"family": "joint"' "$out/summary.json" ||
  { echo "summary.json lacks host_state"; exit 1; }
grep -q '^Host state taken out' "$out/report.md" || { echo "report.md does not say so"; exit 1; }
