#!/bin/sh
# Invariant: every compare of separate runs writes OUT/spread.csv (each point's run-to-run sd and
# degrees of freedom from its runs alone, under its judgement: measured, and state with
# --host-state); compare --fit-prior fits a prior from two such folders into OUT/prior.csv; and
# compare --prior judges with it: the points it moderates are counted in summary.json and named
# in report.md, their degrees of freedom exceed the runs' own, and the verdicts keep their
# promise (the A/A flags nothing; 20% slower everywhere is found everywhere). A copied run (one
# run_id) and a copied spread.csv are refused.
# usage: check_prior.sh PKBENCH FIXTURE OUT STATE_DIR
set -u
pk=$1 fix=$2 out=$3 st=$4
rm -rf "$out" && mkdir -p "$out" || exit 1
fail() { echo "$*"; exit 1; }
"$pk" compare --baseline "$fix-r1,$fix-r2,$fix-r3" --candidate "$fix-r4" --out "$out/s1" >"$out/s1.txt" || fail "compare s1"
grep -qx "wrote $out/s1/verdicts.csv, $out/s1/summary.json, $out/s1/report.md and $out/s1/spread.csv" "$out/s1.txt" ||
  fail "compare of runs: its 'wrote' line does not name spread.csv"
"$pk" compare --baseline "$fix-r2,$fix-r3,$fix-r4" --candidate "$fix-r1" --out "$out/s2" >/dev/null || fail "compare s2"
head -2 "$out/s1/spread.csv" | tail -1 | grep -qx "strategy,item_ns,batch,grid,block,judgement,sd,df" ||
  fail "spread.csv header"
n=$(awk -F, 'NR > 2 && $6 == "measured" && $7 > 0 && $8 > 0' "$out/s1/spread.csv" | wc -l)
[ "$n" -eq 220 ] || fail "spread.csv: $n measured rows, want 220"
"$pk" compare --baseline "$st/b1,$st/b2,$st/b3" --candidate "$st/c" --host-state "$fix/params.json" \
  --out "$out/state" >/dev/null || fail "compare --host-state"
grep -q ",state," "$out/state/spread.csv" && grep -q ",measured," "$out/state/spread.csv" ||
  fail "spread.csv with --host-state lacks a judgement"
# A copied run (another path, one run_id) would pass for a second that agrees exactly, as would a
# copied spread.csv for a second history: both refused, naming the two.
for k in 1 2; do
  mkdir -p "$out/copy$k" && sed '1a # context run_id=1.000000001-7' "$fix-r1/measured.csv" >"$out/copy$k/measured.csv" ||
    fail "copy$k"
done
sh "$(dirname "$0")/../cli/expect.sh" 2 - "^pkbench compare: --baseline: $out/copy2 holds the same run as $out/copy1 \\(run_id 1.000000001-7\\)" \
  -- "$pk" compare --baseline "$out/copy1,$out/copy2,$fix-r3" --candidate "$fix-r4" >"$out/copy.txt" 2>&1 ||
  { cat "$out/copy.txt"; fail "a copied run was not refused"; }
mkdir -p "$out/s1copy" && cp "$out/s1/spread.csv" "$out/s1copy/" || fail "s1copy"
sh "$(dirname "$0")/../cli/expect.sh" 2 - "^pkbench compare: --fit-prior: $out/s1copy/spread.csv holds the same spreads as $out/s1/spread.csv" \
  -- "$pk" compare --fit-prior "$out/s1,$out/s1copy" --out "$out/fitcopy" >"$out/copy.txt" 2>&1 ||
  { cat "$out/copy.txt"; fail "a copied spread.csv was not refused"; }
[ ! -e "$out/fitcopy" ] || fail "the refused fit left $out/fitcopy"
"$pk" compare --fit-prior "$out/s1,$out/s2" --out "$out/fit" >"$out/fit.txt" || fail "fit-prior exit $?"
grep -q "^wrote $out/fit/prior.csv" "$out/fit.txt" || fail "fit-prior did not say what it wrote"
p=$(awk -F, 'NR > 2' "$out/fit/prior.csv" | wc -l)
[ "$p" -eq 220 ] || fail "prior.csv: $p rows, want 220"
"$pk" compare --baseline "$fix-r1,$fix-r2,$fix-r3" --candidate "$fix-r4" --prior "$out/fit/prior.csv" \
  --out "$out/aa" >"$out/aa.txt" || fail "A/A with the prior: exit $?"
grep -qx "0 slower" "$out/aa.txt" || fail "A/A with the prior flags a point"
grep -q '"points": 220' "$out/aa/summary.json" || fail "summary.json does not count the prior's points"
grep -q "^Prior (--prior" "$out/aa/report.md" || fail "report.md does not name the prior"
# The same runs judged with the prior: every tested point's df beyond its runs' own (spread.csv
# of the same comparison), and a spread.csv row for every tested point of verdicts.csv.
more=$(awk -F, 'NR == FNR { if (FNR > 2 && $6 == "measured") own[$1","$2","$3","$4","$5] = $8; next }
                FNR > 1 && $12 != "" { k = $1","$2","$3","$4","$5; if (!(k in own) || $12 <= own[k]) print k }' \
  "$out/aa/spread.csv" "$out/aa/verdicts.csv" | wc -l)
[ "$more" -eq 0 ] || fail "$more points judged with no more degrees of freedom than their runs alone, or without a spread row"
cmp -s "$out/aa/spread.csv" "$out/s1/spread.csv" || [ "$(tail -n +2 "$out/aa/spread.csv")" = "$(tail -n +2 "$out/s1/spread.csv")" ] ||
  fail "spread.csv changed with the prior: it must be the runs' own"
"$pk" compare --baseline "$fix-r1,$fix-r2,$fix-r3" --candidate "$fix-r4slow" --prior "$out/fit/prior.csv" \
  >"$out/slow.txt"
[ $? -eq 1 ] && grep -qx "220 slower" "$out/slow.txt" || fail "20% slower with the prior: not 220 slower"
echo "spread.csv, prior.csv and --prior: ok"
