#!/bin/sh
# Invariant: pkbench ab finds a real slowdown. Side B is this pkbench behind a filter that makes
# every wall it reports 10 times longer (a much slower build): with 6 blocks ab exits 1, and
# stdout, verdicts.csv and summary.json agree on how many points are slower (all 4 unless the
# host's noise stretched one of A's runs 10 times; at least one either way). With fewer blocks than --fdr lets a sign
# test pass (2 at 5%), ab says before measuring that its exit code cannot report a slowdown, and
# with 6 it says nothing of the kind. (The A/A runs, ab_host.sh, only check that nothing is
# flagged; this is the check that the verdicts can flag at all.)
# usage: ab_positive.sh PKBENCH OUT
set -u
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
# A line at a time: awk (mawk) would wait for a block of input while the worker waits for a command.
cat >"$out/slow10x.sh" <<EOS
#!/bin/sh
"$pk" "\$@" | while IFS= read -r line; do
  case "\$line" in
  "row "*) printf '%s\\n' "\$line" | awk '{ \$3 = sprintf("%.17g", \$3 * 10); print }' ;;
  *) printf '%s\\n' "\$line" ;;
  esac
done
EOS
chmod +x "$out/slow10x.sh"
grid="--backend host --strategy standard,graph --item-ns 20000 --batch 1,4 --max-time-s 0.002"
fail=0
# shellcheck disable=SC2086 # the grid splits on purpose
"$pk" ab $grid --blocks 6 --b "$out/slow10x.sh" --out "$out/ab" >"$out/stdout" 2>"$out/stderr"
rc=$?
[ $rc -eq 1 ] || { echo "ab exit $rc, not 1:"; tail -3 "$out/stderr"; fail=1; }
n=$(sed -n 's/^\([1-4]\) slower$/\1/p' "$out/stdout")
[ -n "$n" ] || { echo "stdout does not say 1 to 4 slower:"; cat "$out/stdout"; exit 1; }
[ "$(grep -c ',slower,' "$out/ab/verdicts.csv")" -eq "$n" ] || { echo "verdicts.csv: not $n slower rows"; fail=1; }
grep -q "\"slower\": $n," "$out/ab/summary.json" || { echo "summary.json: not $n slower"; fail=1; }
! grep -q "cannot report a slowdown" "$out/stderr" || { echo "a note on 6 blocks"; fail=1; }
# shellcheck disable=SC2086
"$pk" ab $grid --blocks 2 --b "$out/slow10x.sh" --out "$out/ab2" >"$out/stdout2" 2>"$out/stderr2"
rc=$?
[ $rc -eq 0 ] || { echo "ab --blocks 2 exit $rc"; fail=1; }
grep -q "^pkbench ab: --blocks 2: no point can be judged slower or faster (a sign test of 2 blocks gives p 0.5 at least, above --fdr 5%): this run measures, but its exit code cannot report a slowdown; 6 blocks or more can$" "$out/stderr2" ||
  { echo "no note on 2 blocks:"; cat "$out/stderr2"; fail=1; }
exit $fail
