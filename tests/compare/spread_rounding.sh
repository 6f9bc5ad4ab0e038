#!/bin/sh
# Invariant: runs that agree to rounding (copies of one run: their log medians' sd comes out
# about 1e-15, not 0) leave their points out of spread.csv, as points whose runs agree exactly
# are, so that --fit-prior takes the folders back (it refuses an sd under 1e-9); points whose
# runs differ (standard's, 1% and 3% slower in one copy) keep their rows and make the prior.
# usage: spread_rounding.sh PKBENCH RUN_DIR OUT_DIR
pk=$1 run=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
for z in a b c d e f; do cp -r "$run" "$out/$z" || exit 1; done
for z in b:1.01 e:1.03; do # standard's wall-time columns up in one baseline copy of each history
  awk -F, -v OFS=, -v f="${z#*:}" '$4 == "standard" { for (i = 10; i <= 16; i++) if ($i != "") $i = $i * f } { print }' \
    "$run/measured.csv" >"$out/${z%%:*}/measured.csv" || exit 1
done
"$pk" compare --baseline "$run,$out/a,$out/b" --candidate "$out/c" --out "$out/h1" >/dev/null 2>"$out/h1.err" ||
  { echo "compare h1 failed"; cat "$out/h1.err"; exit 1; }
"$pk" compare --baseline "$out/d,$out/e,$out/f" --candidate "$run" --out "$out/h2" >/dev/null 2>"$out/h2.err" ||
  { echo "compare h2 failed"; cat "$out/h2.err"; exit 1; }
for h in h1 h2; do
  bad=$(awk -F, 'NR > 2 && $7 + 0 < 1e-9' "$out/$h/spread.csv" | wc -l)
  [ "$bad" -eq 0 ] || { echo "$h/spread.csv holds $bad rows with an sd under 1e-9"; exit 1; }
  kept=$(awk -F, 'NR > 2 && $1 == "standard"' "$out/$h/spread.csv" | wc -l)
  [ "$kept" -gt 0 ] || { echo "$h/spread.csv lost standard's rows"; exit 1; }
done
"$pk" compare --fit-prior "$out/h1,$out/h2" --out "$out/prior" >/dev/null 2>"$out/fit.err" ||
  { echo "--fit-prior refused what compare wrote:"; cat "$out/fit.err"; exit 1; }
[ -s "$out/prior/prior.csv" ] || { echo "no prior.csv"; exit 1; }
echo "ok: rows at rounding left out, the prior fitted from the rest"
