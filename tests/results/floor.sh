#!/bin/sh
# results/floor.sh, each main job's sweep against its sibling sweeps of the same lease:
#  - on leases 72 and 73 (both archived): per lease 4 calibrated rows and 12 ordered pairs, named
#    by their folders, nothing restored in the tree;
#  - every ordered pair of lease 72's sweeps, worked out here from the two measured.csv files: every
#    strategy's MAPE, the points off by more than 10%, the crossovers (the smallest batch from
#    which persistent is faster than standard at every larger batch, per item) exact, all three;
#  - every calibrated row equal to results/targets.sh's calibrated row of the same folder (its
#    strategies, points over 10%, crossovers and all three);
#  - the summaries counted from the rows: judgements and "all three" per prediction, and lease
#    72's mean standard MAPE of each;
#  - bad input: a missing folder, every lease left out (one job), a lease with one job among
#    others (left out, said on stderr): exit 2 with one line, or the others' rows.
# usage: floor.sh SOURCE_DIR PKBENCH
set -u
src=$1 pk=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v jq >/dev/null && command -v git >/dev/null || { echo "SKIP: no jq or git"; exit 77; }
case $pk in /*) ;; *) pk=$PWD/$pk ;; esac
cd "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
before=$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)
sh results/floor.sh "$pk" 72 73 >"$tmp/out" 2>"$tmp/err" || fail "floor.sh exited $?: $(tail -n 1 "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "floor.sh said: $(cat "$tmp/err")"
[ "$(grep -c '^| h200/lease7[23]/run[1-4] | calibrated |' "$tmp/out")" -eq 8 ] &&
  [ "$(grep -c '^| h200/lease7[23]/run[1-4] | sweep run[1-4] |' "$tmp/out")" -eq 24 ] ||
  fail "not 8 calibrated and 24 sibling rows: $(head -4 "$tmp/out")"
[ "$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)" = "$before" ] || fail "files left in the tree"

# Every ordered pair of lease 72's sweeps, by hand.
sh results/archive.sh unpack results/h200/lease72 "$tmp/l" >/dev/null || fail "could not restore lease 72"
judged=0
for ra in run1 run2 run3 run4; do for rb in run1 run2 run3 run4; do
[ $ra = $rb ] && continue
for r in $ra $rb; do
  gzip -dcf "$tmp/l/$r/measured.csv"* | awk -F, -v r=$r '$3 == "measured" { print r, $4, $5, $6, $7, $8, $10 }'
done | awk -v a=$ra '
  $1 == a { k = $2 " " $3 " " $4 " " $5 " " $6; m[k] = $7; s[k] = $2; next }
  { k = $2 " " $3 " " $4 " " $5 " " $6; p[k] = $7 }
  END {
    split("standard standard-sync graph persistent persistent-resident", names, " ")
    for (k in m) { e = (p[k] - m[k]) / m[k]; e = e < 0 ? -e : e; sum[s[k]] += e; n[s[k]]++; if (e > 0.10) over++
      split(k, f, " "); if (f[1] == "standard" || f[1] == "persistent") { item[f[2]] = 1; b[f[3]] = 1; w[f[1], f[2], f[3], 1] = m[k]; w[f[1], f[2], f[3], 2] = p[k] } }
    nb = 0; for (x in b) bs[++nb] = x + 0
    for (i = 2; i <= nb; i++) for (j = i; j > 1 && bs[j - 1] > bs[j]; j--) { t = bs[j]; bs[j] = bs[j - 1]; bs[j - 1] = t }
    for (it in item) { for (r = 1; r <= 2; r++) { c[r] = "never"
        for (i = nb; i >= 1 && w["persistent", it, bs[i], r] < w["standard", it, bs[i], r]; i--) c[r] = bs[i] }
      if (c[1] != "never") { judged++; if (c[1] == c[2]) exact++ } }
    ok = over == 0 && exact == judged
    for (i = 1; i <= 5; i++) { v = 100 * sum[names[i]] / n[names[i]]; printf "%.4f ", v; if (v > 2.5) ok = 0 }
    printf "%d %d %d %s\n", over, exact + 0, judged + 0, ok ? "yes" : "no" }' >"$tmp/hand"
read -r h1 h2 h3 h4 h5 hover hexact hjudged hok <"$tmp/hand" || fail "no figures by hand"
row=$(grep "^| h200/lease72/$ra | sweep $rb |" "$tmp/out")
echo "$row" | awk -F'|' -v h="$h1 $h2 $h3 $h4 $h5" -v o="$hover" -v x="$hexact of $hjudged" -v a="$hok" '
  { split(h, v, " "); for (i = 1; i <= 5; i++) { g = $(i + 3); gsub(/[ %]/, "", g); if (g - v[i] > 0.006 || v[i] - g > 0.006) bad = bad " MAPE " i }
    g = $9; gsub(/ /, "", g); if (g != o) bad = bad " over"
    g = $10; gsub(/^ +| +$/, "", g); if (g != x) bad = bad " crossovers"
    if ((a == "yes") != ($11 ~ /yes/)) bad = bad " all-three" }
  END { if (NR != 1 || bad != "") { print bad; exit 1 } }' >"$tmp/bad" ||
  fail "lease 72 $ra against $rb:$(cat "$tmp/bad"): floor.sh '$row', by hand $(cat "$tmp/hand")"
[ "$hexact" -lt "$hjudged" ] && misses=$((${misses:-0} + 1))
judged=$((judged + 1))
done; done
[ "$judged" -eq 12 ] && [ "${misses:-0}" -ge 1 ] || fail "$judged pairs judged by hand, ${misses:-0} with a crossover missed: the check needs 12 and one"

# The calibrated rows against targets.sh's, in a repository made of leases 72 and 73 alone.
r=$tmp/repo
mkdir -p "$r/results/h200" && cp results/archive.sh results/targets.sh "$r/results/" &&
  cp -R results/h200/lease72 results/h200/lease73 "$r/results/h200/" || fail "could not make a repository"
(cd "$r" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm t) || fail "git could not commit"
(cd "$r" && sh results/targets.sh "$pk") >"$tmp/targets" 2>&1 || fail "targets.sh exited $?: $(tail -n 1 "$tmp/targets")"
# folder, strategies, over 10%, crossovers, all three: targets' columns 2, 5-12; floor's 2, 4-11
awk -F'|' '$4 ~ /calibrated/ { print $2 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $11 "|" $12 }' "$tmp/targets" | LC_ALL=C sort >"$tmp/t"
awk -F'|' '$3 ~ /calibrated/ { print $2 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $11 }' "$tmp/out" | LC_ALL=C sort >"$tmp/f"
[ "$(wc -l <"$tmp/t")" -eq 8 ] && cmp -s "$tmp/t" "$tmp/f" ||
  fail "calibrated rows differ from targets.sh's: $(diff "$tmp/t" "$tmp/f" | head -4)"

# The summaries, counted from the rows.
for k in calibrated "another sweep"; do
  if [ "$k" = calibrated ]; then sel='| calibrated |' n=8; else sel='| sweep run' n=24; fi
  yes=$(grep "^| h200/.*$sel" "$tmp/out" | grep -c '\*\*yes\*\*')
  grep -q "^- $k: $n judgements; .*, all three in $yes; " "$tmp/out" || fail "summary of $k: $(grep "^- $k" "$tmp/out")"
done
means=$(awk -F'|' '$2 ~ /lease72\// { v = $4; gsub(/[ %]/, "", v); k = ($3 ~ /calibrated/); s[k] += v; n[k]++ }
  END { printf "%.2f%% | %.2f%%", s[1] / n[1], s[0] / n[0] }' "$tmp/out")
grep -q "^| h200/lease72 | 4 | 12 | $means |" "$tmp/out" || fail "lease 72's means are not $means: $(grep '^| h200/lease72 |' "$tmp/out")"

# Bad input.
sh results/floor.sh "$pk" results/h200/no-such-lease >"$tmp/o" 2>"$tmp/e"
[ $? -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] || fail "a missing folder: not exit 2 with one line"
sh results/floor.sh "$pk" 86 >"$tmp/o" 2>"$tmp/e"
[ $? -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -q 'no lease named has two main jobs' "$tmp/e" ||
  fail "only a one-job lease: not exit 2 with one line: $(cat "$tmp/e")"
sh results/floor.sh "$pk" 72 86 >"$tmp/o" 2>"$tmp/e" || fail "leases 72 and 86: exit $?"
grep -q '^| h200/lease86' "$tmp/o" && fail "lease 86's one job judged"
grep -q 'lease86: fewer than two main jobs' "$tmp/e" || fail "lease 86 left out without a word: $(cat "$tmp/e")"
[ "$(grep -c '^| h200/lease72/run[1-4] |' "$tmp/o")" -eq 16 ] || fail "leases 72 and 86: not lease 72's 16 rows"
echo "floor: sibling sweeps judged as by hand, calibrated rows as targets.sh's, bad input refused"
