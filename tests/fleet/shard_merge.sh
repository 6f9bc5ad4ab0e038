#!/bin/sh
# A host sweep run as 3 shards and merged has exactly the keys of the same sweep run unsplit,
# each once and in the same order, and its measured.json one benchmark per point; every shard
# holds some of the grid and together they hold all of it, each expected to take its share of
# the grid's expected time. merge refuses, with one line, exit 2
# and nothing written: folders that overlap, a missing shard (named), shards of another sweep
# (a parameter differs, --benchmark_repetitions too), an --out that is not empty, a partial input
# (named). --allow-missing writes a partial folder (measured.partial.csv marked '# partial',
# measured.partial.json) and says so; merged with the missing shard, it makes the whole grid.
# Shards given a --benchmark_filter split and merge just the points it selects. --from FILE
# (or - for standard input) lists folders one a line, after those on the command line, and
# merges to the same measured.csv as the folders given as arguments; an empty line, a line
# longer than a path, a NUL byte or a FILE that cannot be read is refused like the rest. Sweeps
# of other filters merged with --allow-mismatch are read back whole, not as cut short; sweeps of
# other grids merged so record no grid, and merge again alone. A resumed shard merges with the
# others. A merge stopped by a signal while it writes leaves nothing.
# usage: shard_merge.sh PKBENCH EXPECT_SH
set -u
pk=$1 expect=$2
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
grid="--backend host --strategy standard,persistent --item-ns 0,2000 --batch 1,2,4,8 --max-time-s 0.01 --max-reps 20"

# The tidy CSV's point keys (strategy,item_ns,batch,grid,block), one a line, in file order.
keys() {
  awk -F, '/^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { print $c["strategy"] "," $c["item_ns"] "," $c["batch"] "," $c["grid"] "," $c["block"] }' "$1"
}

$pk sweep $grid --out "$tmp/unsplit" >/dev/null 2>"$tmp/log" || { no "unsplit sweep failed"; cat "$tmp/log"; }
total=0
for i in 0 1 2; do
  $pk sweep $grid --shard $i/3 --out "$tmp/shard-$i" >/dev/null 2>"$tmp/log" || { no "shard $i failed"; cat "$tmp/log"; }
  n=$(keys "$tmp/shard-$i/measured.csv" | wc -l)
  [ "$n" -gt 0 ] || no "shard $i/3 holds no point"
  total=$((total + n))
  grep -q "^# context shard=$i/3$" "$tmp/shard-$i/measured.csv" || no "shard $i: no 'shard' context line"
done
[ $total -eq 16 ] || no "the shards hold $total points, not 16"
# Each shard's expected time is its share of the grid's: less than the grid's, and the three
# add up to it (within the rounding of the three decimals each is written with).
awk -F= '$1 == "# context shard_expected_s" { e[n++] = $2; s += $2 }
  $1 == "# context grid_expected_s" { if (g != "" && g != $2) bad = 1; g = $2 }
  END { for (i = 0; i < n; i++) if (e[i] + 0 >= g + 0) bad = 1
        exit !(n == 3 && !bad && g > 0 && (s - g) ^ 2 < 0.002 ^ 2) }' \
  "$tmp/shard-0/measured.csv" "$tmp/shard-1/measured.csv" "$tmp/shard-2/measured.csv" ||
  no "the shards' expected times are not shares of the grid's: $(grep -h expected_s "$tmp"/shard-*/measured.csv | tr '\n' ' ')"
$pk merge "$tmp/shard-2" "$tmp/shard-0" "$tmp/shard-1" --out "$tmp/merged" 2>"$tmp/log" || { no "merge failed"; cat "$tmp/log"; }
keys "$tmp/unsplit/measured.csv" >"$tmp/unsplit.keys"
keys "$tmp/merged/measured.csv" >"$tmp/merged.keys"
[ "$(wc -l <"$tmp/unsplit.keys")" -eq 16 ] || no "the unsplit sweep has $(wc -l <"$tmp/unsplit.keys") points"
diff "$tmp/unsplit.keys" "$tmp/merged.keys" >"$tmp/diff" || { no "merged keys differ (< unsplit, > merged)"; cat "$tmp/diff"; }
benches=$(grep -c '"run_name"' "$tmp/merged/measured.json" 2>/dev/null)
[ "$benches" = 16 ] || no "merged measured.json has $benches benchmarks, not 16"
grep -q "shard=" "$tmp/merged/measured.csv" && no "the merged context keeps a shard key"
! grep -q "^# partial" "$tmp/merged/measured.csv" || no "a whole merge is marked partial"

# --from: the same folders listed in a file, on standard input, or some on the command line and
# the rest in a file without a last newline, merge to the same bytes (but the run_id that each
# merge gives its folder).
printf '%s\n' "$tmp/shard-2" "$tmp/shard-0" "$tmp/shard-1" >"$tmp/list"
printf '%s\n%s' "$tmp/shard-0" "$tmp/shard-1" >"$tmp/list-01"
for how in file stdin mixed; do
  case $how in
    file) $pk merge --from "$tmp/list" --out "$tmp/from-$how" 2>"$tmp/log" ;;
    stdin) $pk merge --from - --out "$tmp/from-$how" <"$tmp/list" 2>"$tmp/log" ;;
    mixed) $pk merge "$tmp/shard-2" --out "$tmp/from-$how" --from "$tmp/list-01" 2>"$tmp/log" ;;
  esac || { no "merge --from ($how) failed"; cat "$tmp/log"; }
  for f in measured.csv measured.json; do
    grep -v 'run_id' "$tmp/merged/$f" >"$tmp/want"
    grep -v 'run_id' "$tmp/from-$how/$f" 2>/dev/null | cmp -s "$tmp/want" - ||
      no "merge --from ($how): $f differs from the merge of the same folders as arguments"
  done
  grep -q ": 3 folders, 16 points written to .*/from-$how\$" "$tmp/log" || { no "merge --from ($how): not 3 folders"; cat "$tmp/log"; }
done

# With --benchmark_filter the shards split what it selects, and the merge expects just that.
for i in 0 1; do
  $pk sweep $grid --shard $i/2 --benchmark_filter='^persistent/' --out "$tmp/f-$i" >/dev/null 2>&1 || no "filtered shard $i failed"
done
$pk merge "$tmp/f-0" "$tmp/f-1" --out "$tmp/f-merged" 2>"$tmp/log" || { no "merge of filtered shards failed"; cat "$tmp/log"; }
[ "$(keys "$tmp/f-merged/measured.csv" 2>/dev/null | grep -c '^persistent,')" = 8 ] &&
  [ "$(keys "$tmp/f-merged/measured.csv" | wc -l)" = 8 ] || no "filtered shards merged: $(keys "$tmp/f-merged/measured.csv" | wc -l) points, not the 8 persistent"

# Refusals: exit 2, one line, no folder.
refuse() {
  re=$1; shift
  sh "$expect" 2 - "$re" -- "$pk" merge "$@" --out "$tmp/refused" >"$tmp/log" || { no "merge $*"; cat "$tmp/log"; }
  [ ! -e "$tmp/refused" ] || { no "a refused merge wrote $tmp/refused"; rm -rf "$tmp/refused"; }
}
refuse "is in both .*/unsplit" "$tmp/shard-0" "$tmp/unsplit" --allow-mismatch
refuse "points are in no folder \(shard 1/3" "$tmp/shard-0" "$tmp/shard-2"
$pk sweep $grid --noise 0.02 --shard 1/3 --out "$tmp/other-1" >/dev/null 2>&1 || no "shard of the other sweep failed"
refuse "context noise is '0.02' but .*/shard-0 has '0.01'" "$tmp/shard-0" "$tmp/other-1" "$tmp/shard-2"
sh "$expect" 2 - "not an empty folder" -- "$pk" merge "$tmp/shard-0" "$tmp/shard-1" "$tmp/shard-2" \
  --out "$tmp/merged" >"$tmp/log" || { no "merge onto a full folder"; cat "$tmp/log"; }
# --from's refusals, naming the file (and line): one line, exit 2, no folder.
printf '%s\n\n%s\n' "$tmp/shard-0" "$tmp/shard-1" >"$tmp/list-empty"
refuse "^pkbench merge: --from: .*/list-empty:2: empty line$" --from "$tmp/list-empty"
refuse "^pkbench merge: --from: standard input:2: empty line$" --from - <"$tmp/list-empty"
refuse "^pkbench merge: --from: .*/nosuch: cannot open: No such file or directory$" "$tmp/shard-0" --from "$tmp/nosuch"
refuse "^pkbench merge: --from: .*/shard-0: cannot read: Is a directory$" --from "$tmp/shard-0"
printf '%s\n%s/%04096d\n' "$tmp/shard-0" "$tmp" 0 >"$tmp/list-long"
refuse "^pkbench merge: --from: .*/list-long:2: path too long \(more than 4095 bytes\)$" --from "$tmp/list-long"
printf 'a\000b\n' >"$tmp/list-nul"
refuse "^pkbench merge: --from: .*/list-nul:1: holds a NUL byte$" --from "$tmp/list-nul"
refuse "^pkbench merge: no folder to merge" --from - </dev/null
printf '%s\r\n' "$tmp/shard-0" >"$tmp/list-crlf"
refuse "^pkbench merge: --from: .*/list-crlf:1: ends in a carriage return \(CRLF line ends\?\)$" --from "$tmp/list-crlf"
# The notes of a merge echo OUT escaped, as its errors do.
esc=$(printf '\033')
$pk merge --from "$tmp/list" --out "$tmp/esc${esc}out" 2>"$tmp/log" || { no "merge into a name with ESC failed"; cat "$tmp/log"; }
grep -q "written to .*/esc\\\\x1bout\$" "$tmp/log" && ! grep -q "$esc" "$tmp/log" ||
  { no "merge's note did not escape OUT:"; cat -v "$tmp/log"; }

# --allow-missing: a partial folder.
$pk merge "$tmp/shard-0" "$tmp/shard-2" --allow-missing --out "$tmp/part" 2>"$tmp/log" || { no "--allow-missing failed"; cat "$tmp/log"; }
grep -q "^# partial" "$tmp/part/measured.partial.csv" 2>/dev/null || no "an --allow-missing merge is not marked partial"
[ -f "$tmp/part/measured.partial.json" ] && [ ! -e "$tmp/part/measured.json" ] || no "no measured.partial.json alone"
grep -q "grid points missing" "$tmp/log" || { no "the missing points are not named"; cat "$tmp/log"; }
grep -q "written to .*/part as partial" "$tmp/log" || { no "--allow-missing: not said to be partial"; cat "$tmp/log"; }

# In steps: a merge partial only for its missing points, merged with the rest, is whole.
$pk merge "$tmp/shard-0" "$tmp/shard-1" --allow-missing --out "$tmp/p01" 2>/dev/null || no "merge of shards 0 and 1 failed"
$pk merge "$tmp/p01" "$tmp/shard-2" --out "$tmp/full" 2>"$tmp/log" || { no "merge of p01 and shard 2 failed"; cat "$tmp/log"; }
keys "$tmp/full/measured.csv" 2>/dev/null | diff "$tmp/unsplit.keys" - >/dev/null || no "merged in steps: keys differ"
[ "$(grep -c '"run_name"' "$tmp/full/measured.json" 2>/dev/null)" = 16 ] || no "merged in steps: not 16 benchmarks"

# A partial input (shard 1 as a run that stopped part way leaves it) is refused, named, unless
# --allow-missing: then the result is partial and merge says which input was.
mkdir "$tmp/shard-1p"
sed '1a\
# partial: true (the run stopped before every point was measured)' "$tmp/shard-1/measured.csv" >"$tmp/shard-1p/measured.partial.csv"
cp "$tmp/shard-1/measured.json" "$tmp/shard-1p/measured.partial.json"
refuse "partial input .*/shard-1p; --allow-missing" "$tmp/shard-0" "$tmp/shard-1p" "$tmp/shard-2"
$pk merge "$tmp/shard-0" "$tmp/shard-1p" "$tmp/shard-2" --allow-missing --out "$tmp/mp" 2>"$tmp/log" || no "--allow-missing with a partial input failed"
grep -q "partial input .*/shard-1p" "$tmp/log" && grep -q "3 folders, 16 points written to .*/mp as partial" "$tmp/log" ||
  { no "a partial input is not named, or the result not said to be partial"; cat "$tmp/log"; }
[ -f "$tmp/mp/measured.partial.csv" ] && [ ! -e "$tmp/mp/measured.csv" ] || no "a partial input gave a complete folder"
$pk merge "$tmp/shard-0" --allow-missing --out "$tmp/one" 2>"$tmp/log"
grep -q ": 1 folder, " "$tmp/log" || { no "not '1 folder'"; cat "$tmp/log"; }

# A shard swept with --benchmark_repetitions (and the other flags that change what is measured
# or reported) records them, so shards without them do not merge.
$pk sweep $grid --shard 1/3 --benchmark_repetitions=2 --benchmark_enable_random_interleaving \
  --benchmark_report_aggregates_only=yes --out "$tmp/reps-1" >/dev/null 2>&1 || no "shard with repetitions failed"
for kv in benchmark_repetitions=2 benchmark_enable_random_interleaving=true benchmark_report_aggregates_only=true; do
  grep -q "^# context $kv$" "$tmp/reps-1/measured.csv" || no "context $kv not recorded"
done
refuse "reps-1: context benchmark_repetitions is '2' but .*/shard-0 has '\(none\)'" "$tmp/shard-0" "$tmp/reps-1" "$tmp/shard-2"
# Rows of another backend are refused even with --allow-mismatch (devices alone may differ): one
# table, one backend, or no reader could take the merged folder back.
mkdir "$tmp/other"
sed 's/^host,/cuda,/; s/^# context backend=host$/# context backend=cuda/' "$tmp/shard-2/measured.csv" >"$tmp/other/measured.csv"
refuse "rows of backend 'cuda' but .*/shard-0 has 'host'$" "$tmp/shard-0" "$tmp/shard-1" "$tmp/other" --allow-mismatch
# Without a recorded grid, a merge that lacked shards stays partial when merged again alone.
for i in 0 1; do
  mkdir "$tmp/ng-$i"
  grep -v '^# context \(sweep_\|grid_\)' "$tmp/shard-$i/measured.csv" >"$tmp/ng-$i/measured.csv"
done
$pk merge "$tmp/ng-0" "$tmp/ng-1" --allow-missing --out "$tmp/ng-01" >/dev/null 2>&1 &&
  [ -f "$tmp/ng-01/measured.partial.csv" ] || no "two of three grid-less shards did not merge as partial"
$pk merge "$tmp/ng-01" --allow-missing --out "$tmp/ng-again" >/dev/null 2>&1
[ -f "$tmp/ng-again/measured.partial.csv" ] && [ ! -e "$tmp/ng-again/measured.csv" ] ||
  no "a grid-less partial merge merged again alone came out whole: $(ls "$tmp/ng-again" 2>&1)"
# Two sweeps of one grid under different filters, merged with --allow-mismatch: whole, though the
# grid its context records is more than it holds (the filters dropped), so compare reads it
# rather than refuse it as cut short.
$pk sweep $grid --benchmark_filter='^persistent/' --out "$tmp/fp" >/dev/null 2>&1 || no "the persistent sweep failed"
$pk sweep $grid --benchmark_filter='^standard/item_ns:0/' --out "$tmp/fs" >/dev/null 2>&1 || no "the standard sweep failed"
$pk merge "$tmp/fp" "$tmp/fs" --allow-mismatch --out "$tmp/fps" >/dev/null 2>&1 && [ -f "$tmp/fps/measured.csv" ] ||
  no "two sweeps of other filters did not merge whole with --allow-mismatch"
$pk simulate --preset seed-native --strategy standard,persistent --item-ns 0,2000 --batch 1,2,4,8 \
  --out "$tmp/pred.csv" >/dev/null 2>&1 || no "simulate failed"
$pk compare --measured "$tmp/fps" --predicted "$tmp/pred.csv" >/dev/null 2>"$tmp/log" ||
  no "compare refused their merge: $(cat "$tmp/log")"
# Sweeps of other grids (--batch) merged with --allow-mismatch: the points form no one grid, so
# the merged folder records none (neither file keeps a grid key) and names the key that differed;
# merged again alone it comes out whole, its points not checked against a grid.
small="--backend host --strategy standard --item-ns 0 --max-time-s 0.01 --max-reps 10"
$pk sweep $small --batch 1,2 --out "$tmp/b12" >/dev/null 2>&1 && $pk sweep $small --batch 4 --out "$tmp/b4" >/dev/null 2>&1 ||
  no "the --batch sweeps failed"
$pk merge "$tmp/b12" "$tmp/b4" --allow-mismatch --out "$tmp/bm" >/dev/null 2>"$tmp/log" || no "other grids: $(cat "$tmp/log")"
grep -qx '# context merge_mismatched=sweep_batch' "$tmp/bm/measured.csv" || no "merge_mismatched is not sweep_batch"
grep -q '^# context sweep_' "$tmp/bm/measured.csv" && no "the merge of other grids kept a grid key in measured.csv"
grep -q '"sweep_[a-z_]*": ' "$tmp/bm/measured.json" && no "the merge of other grids kept a grid key in measured.json"
$pk merge "$tmp/bm" --out "$tmp/bm-again" >/dev/null 2>"$tmp/log" || no "merged again alone: $(cat "$tmp/log")"
[ "$(keys "$tmp/bm-again/measured.csv" | tr '\n' ' ')" = "standard,0,1,1,0 standard,0,2,1,0 standard,0,4,1,0 " ] ||
  no "merged again alone: $(keys "$tmp/bm-again/measured.csv" | tr '\n' ' ')"
# A shard stopped part way and resumed (a Slurm requeue) carries resumed_from_run_id and
# resumed_points in its context: a record of its own run, not a parameter, so it merges with the
# other shards (merge refused it: "context resumed_from_run_id is '(none)'") and the merged
# folder keeps neither key.
slow="--backend host --strategy standard --item-ns 1000000 --batch 8,16,32,64 --min-reps 10 --max-reps 10"
$pk sweep $slow --shard 0/2 --out "$tmp/rs-0" >/dev/null 2>&1 || no "the slow shard 0 failed"
$pk sweep $slow --shard 1/2 --out "$tmp/rs-1" >/dev/null 2>"$tmp/rs.log" &
if signal_at_line $! INT "$tmp/rs.log" '^\[1/' 400 0.02; then
  [ "$signalled_rc" -eq 130 ] && [ -f "$tmp/rs-1/measured.partial.csv" ] ||
    no "the stopped shard: exit $signalled_rc, $(ls "$tmp/rs-1")"
  $pk sweep $slow --shard 1/2 --resume --out "$tmp/rs-1" >/dev/null 2>"$tmp/log" || no "the resume failed: $(cat "$tmp/log")"
  grep -q '^# context resumed_from_run_id=' "$tmp/rs-1/measured.csv" || no "the resumed shard has no resumed_from_run_id"
  $pk merge "$tmp/rs-0" "$tmp/rs-1" --out "$tmp/rs-m" >/dev/null 2>"$tmp/log" || no "a resumed shard: $(cat "$tmp/log")"
  [ "$(keys "$tmp/rs-m/measured.csv" | wc -l)" -eq 4 ] || no "the merge with a resumed shard lacks points"
  grep -q 'resumed_' "$tmp/rs-m/measured.csv" "$tmp/rs-m/measured.json" && no "the merge kept a resumed_ key"
else
  no "the slow shard 1 was not stopped part way"
fi
# A folder whose measured.json is another run's (its run_id differs from measured.csv's) would
# merge one run's figures with another's benchmarks: refused, as --resume refuses it. A FIFO in
# measured.json's place is refused, not read as "no JSON".
mkdir "$tmp/mixed" && cp "$tmp/shard-0/measured.csv" "$tmp/shard-1/measured.json" "$tmp/mixed/"
sh "$expect" 2 - "mixed/measured.json: run_id '.*' but measured.csv's is '.*' \\(not one run's pair\\)$" -- \
  $pk merge "$tmp/mixed" --allow-missing --out "$tmp/mixed-m" >/dev/null || no "a folder of two runs' files was merged"
mkdir "$tmp/fifo" && cp "$tmp/shard-0/measured.csv" "$tmp/fifo/" && mkfifo "$tmp/fifo/measured.json"
sh "$expect" 2 - "fifo/measured.json: not a regular file$" -- timeout 20 $pk merge "$tmp/fifo" --allow-missing --out "$tmp/fifo-m" >/dev/null ||
  no "a FIFO at measured.json"
[ ! -e "$tmp/mixed-m" ] && [ ! -e "$tmp/fifo-m" ] || no "a refused merge wrote its folder"
# --replicates 2 --abba: merged shards list the pass rows in the unsplit sweep's measuring order,
# pass 2's cells in reverse (pass 2 listed standard before graph).
abba="--backend host --strategy standard,graph --item-ns 0 --batch 1,2 --max-time-s 0.01 --max-reps 10 --replicates 2 --abba"
$pk sweep $abba --out "$tmp/abba-u" >/dev/null 2>&1 && $pk sweep $abba --shard 0/2 --out "$tmp/abba-0" >/dev/null 2>&1 &&
  $pk sweep $abba --shard 1/2 --out "$tmp/abba-1" >/dev/null 2>&1 &&
  $pk merge "$tmp/abba-0" "$tmp/abba-1" --out "$tmp/abba-m" >/dev/null 2>&1 || no "the --abba sweeps or merge failed"
passes() {
  awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    $c["replicate"] > 0 { print $c["replicate"], $c["strategy"], $c["batch"] }' "$1"
}
[ "$(passes "$tmp/abba-u/measured.csv")" = "$(passes "$tmp/abba-m/measured.csv")" ] ||
  no "--abba: merged pass rows $(passes "$tmp/abba-m/measured.csv" | tr '\n' ' ')"
# A filter with a comma (an interval) is stored with ';' for the comma, as every context value
# is: the readers still read it as the regex it was ("not a valid regex" before), and a folder
# cut short under it is still found.
$pk sweep $small --batch 1:16:pow2 '--benchmark_filter=batch:[0-9]{1,1}/' --out "$tmp/fc" >/dev/null 2>&1 ||
  no "the sweep with an interval filter failed"
$pk merge "$tmp/fc" --out "$tmp/fc-m" >/dev/null 2>"$tmp/log" || no "an interval filter: $(cat "$tmp/log")"
[ "$(keys "$tmp/fc-m/measured.csv" | wc -l)" -eq 4 ] || no "an interval filter: $(keys "$tmp/fc-m/measured.csv" | wc -l) points"
grep -v ',8,1,0,' "$tmp/fc/measured.csv" >"$tmp/fc/cut" && mv "$tmp/fc/cut" "$tmp/fc/measured.csv"
sh "$expect" 2 - "measured.csv holds 3 of the 4 points .*batch:8" -- $pk merge "$tmp/fc" --out "$tmp/fc-cut" >/dev/null ||
  no "a folder cut short under an interval filter was not found"
# A merge killed before its rename left OUT.merge.tmp.PID (its files and their temporaries): the
# next merge beside it removes it once untouched for 10 minutes, and keeps a live merge's.
dead=$(sh -c 'echo $$')
mkdir "$tmp/st-m.merge.tmp.$dead" "$tmp/st-m.merge.tmp.$$" "$tmp/st-keep"
# A link of that name is not followed: the folder it points to keeps its files.
: >"$tmp/st-keep/measured.csv" && ln -s st-keep "$tmp/st-m.merge.tmp.${dead}1"
: >"$tmp/st-m.merge.tmp.$dead/measured.csv" && : >"$tmp/st-m.merge.tmp.$dead/measured.json.tmp.$dead.0"
touch -d '1 hour ago' "$tmp/st-m.merge.tmp.$dead" "$tmp/st-m.merge.tmp.$dead"/* "$tmp/st-m.merge.tmp.$$"
touch -d "1 hour ago" "$tmp/st-keep" && touch -h -d "1 hour ago" "$tmp/st-m.merge.tmp.${dead}1"
$pk merge "$tmp/shard-0" "$tmp/shard-1" "$tmp/shard-2" --out "$tmp/st-m" >/dev/null 2>&1 || no "the merge beside a stale one failed"
[ ! -e "$tmp/st-m.merge.tmp.$dead" ] || no "a dead merge's folder was left: $(ls -a "$tmp/st-m.merge.tmp.$dead")"
[ -d "$tmp/st-m.merge.tmp.$$" ] && rmdir "$tmp/st-m.merge.tmp.$$" || no "a live merge's folder was removed"
[ -f "$tmp/st-keep/measured.csv" ] || no "a link named as a dead merge's folder was followed"
rm -rf "$tmp/st-keep" "$tmp/st-m.merge.tmp.${dead}1"
# Stopped by a signal while it writes (a file size limit: SIGXFSZ, deterministic where a timed
# SIGINT is not): no OUT and no OUT.merge.tmp.PID, whose whole files stood beside OUT until a
# later merge into OUT, 10 minutes on.
(ulimit -f 1 && exec $pk merge "$tmp/shard-0" "$tmp/shard-1" "$tmp/shard-2" --out "$tmp/sig-m") >/dev/null 2>&1
[ ! -e "$tmp/sig-m" ] && [ -z "$(ls -a "$tmp" | grep '^sig-m')" ] || no "a merge stopped while it wrote left: $(ls -a "$tmp" | grep '^sig-m')"
[ -z "$(ls -a "$tmp" | grep 'tmp\.')" ] || no "temporary files left: $(ls -a "$tmp")"
[ $fail -eq 0 ] && echo "ok: 3 shards merged equal the unsplit sweep; refusals hold"
exit $fail
