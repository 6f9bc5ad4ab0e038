#!/bin/sh
# Invariant: a real interleaved A/A on the host backend (the same pkbench on both sides) exits 0
# with no point slower (the method's promise for an unchanged build; the host's noise leaves most
# points undecided); each side's measured.csv holds one summary row and 2R pass rows per point
# (replicates 1..2R, started_s increasing within a side) and names its side, its program, its own
# extra arguments (B's --b-args, a setting that does not move a figure), the blocks and the
# design; verdicts.csv has one
# row per point; summary.json says design abba, paired, and agrees with stdout's "0 slower"; and
# re-judging the two sides with compare --paired gives the same verdicts.
# usage: ab_host.sh PKBENCH OUT
set -u
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
S=standard,standard-sync,graph,persistent,persistent-resident R=10
"$pk" ab --backend host --strategy $S --item-ns 0,20000 --batch 1,16 --blocks $R --max-time-s 0.005 \
  --b-args '--hang-timeout-s 9' --out "$out/ab" >"$out/stdout" 2>"$out/stderr"
rc=$?
cat "$out/stdout"
[ $rc -eq 0 ] || { echo "ab exit $rc"; tail -3 "$out/stderr"; exit 1; }
grep -qx "0 slower" "$out/stdout" || { echo "no '0 slower' line"; exit 1; }
fail=0
for side in a b; do
  f=$out/ab/$side/measured.csv
  s=$(echo $side | tr ab AB)
  grep -qx "# context ab_side=$s" "$f" || { echo "$f: not side $s"; fail=1; }
  args=; [ $side = b ] && args='--hang-timeout-s 9'
  grep -qx "# context ab_args=$args" "$f" && grep -qx "# context ab_program=$pk" "$f" &&
    grep -qx "# context ab_blocks=$R" "$f" && grep -qx "# context ab_design=ABBA" "$f" ||
    { echo "$f: not side $s's program, arguments ('$args'), blocks and design"; fail=1; }
  grep -qx "# context replicates=$((2 * R))" "$f" || { echo "$f: no replicates=$((2 * R))"; fail=1; }
  awk -F, -v R=$R '
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) col[$i] = i; h = 1; next }
    { rep = $col["replicate"]; if (rep == 0) sum++; else { pass++; if (rep > 2 * R) bad = 1
      t = $col["started_s"]; if (t < last) bad = 1; last = t } }
    END { if (sum != 20 || pass != 20 * 2 * R || bad) { print FILENAME ": " sum " summary rows, " pass " pass rows"; exit 1 } }
  ' "$f" || fail=1
done
[ "$(($(wc -l <"$out/ab/verdicts.csv") - 1))" -eq 20 ] || { echo "verdicts.csv: not 20 rows"; fail=1; }
grep -q '"design": "abba"' "$out/ab/summary.json" && grep -q '"paired": true' "$out/ab/summary.json" &&
  grep -q '"slower": 0,' "$out/ab/summary.json" || { echo "summary.json"; fail=1; }
"$pk" compare --baseline "$out/ab/a" --candidate "$out/ab/b" --paired --out "$out/rejudged" >/dev/null ||
  { echo "compare --paired exit $?"; fail=1; }
cmp -s "$out/ab/verdicts.csv" "$out/rejudged/verdicts.csv" || { echo "compare --paired judged otherwise"; fail=1; }
exit $fail
