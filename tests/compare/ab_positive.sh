#!/bin/sh
# Invariant: pkbench ab finds a real slowdown. Side B is this pkbench behind a filter that makes
# every wall it reports 10 times longer (a much slower build): with 6 blocks ab exits 1, and
# stdout, verdicts.csv and summary.json agree on how many points are slower (all 4 unless the
# host's noise stretched one of A's runs 10 times; at least one either way). With fewer blocks than --fdr lets a sign
# test pass (2 at 5%), ab says before measuring that its exit code cannot report a slowdown, and
# with 6 it says nothing of the kind. compare --paired refuses sides of two runs, or one side
# twice. (The A/A runs, ab_host.sh, only check that nothing is
# flagged; this is the check that the verdicts can flag at all.)
# usage: ab_positive.sh PKBENCH OUT
set -u
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
# A line at a time: awk (mawk) would wait for a block of input while the worker waits for a command.
# A row line's fields 3-9 are its walls (median, p10, p25, p75, p90, min, max: harness/ab.c).
cat >"$out/slow10x.sh" <<EOS
#!/bin/sh
"$pk" "\$@" | while IFS= read -r line; do
  case "\$line" in
  "row "*) printf '%s\\n' "\$line" | awk '{ for (i = 3; i <= 9; i++) \$i = sprintf("%.17g", \$i * 10); print }' ;;
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
# compare --paired takes the two sides of one ab run only: not B of another run, not A twice.
"$pk" compare --baseline "$out/ab/a" --candidate "$out/ab2/b" --paired >"$out/cross.out" 2>"$out/cross.err"
rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench compare: --paired: .*ab/a and .*ab2/b are sides of two ab runs (ab_run_id .* and .*): their blocks were not interleaved$" "$out/cross.err" ||
  { echo "two runs' sides judged as one (exit $rc):"; cat "$out/cross.err"; fail=1; }
cp -r "$out/ab/a" "$out/a-copy"
"$pk" compare --baseline "$out/ab/a" --candidate "$out/a-copy" --paired >"$out/twice.out" 2>"$out/twice.err"
rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench compare: --paired: .*ab/a and .*a-copy are both side A of an ab run$" "$out/twice.err" ||
  { echo "side A judged against itself (exit $rc):"; cat "$out/twice.err"; fail=1; }
exit $fail
