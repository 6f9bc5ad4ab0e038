#!/bin/sh
# pkbench sweep --resume on the host backend. A sweep stopped by SIGINT leaves a partial pair;
# a resume with another grid, another setting (--max-reps, --canary, --shard) or other Google
# Benchmark flags is refused (exit 2, one line naming the context key and both values) and leaves the
# folder byte for byte as it was; a resume stopped again by SIGINT commits a partial pair of the
# old and the new points; resumed again, it completes: every point once in measured.csv, the
# rows of each partial pair byte for byte, every benchmark once in measured.json, no partial
# pair left, and the context names the run it resumed and the points it carried; only the
# points left were measured. --resume over a complete folder measures nothing (exit 0, the
# folder as it was) and over an empty one sweeps it whole. With --replicates, a point is carried
# only with all its passes; a partial pair without JSON gives a result without it. With
# --device all, each worker resumes its own folder. With --benchmark_repetitions, a point is
# carried only with every repetition in the partial JSON, and a JSON of another run or without
# one of the CSV's points is refused.
# usage: sweep_resume.sh PKBENCH CHECK_OUTPUTS EXPECT
set -u
pk=$1 check=$2 expect=$3
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
bg=""
trap 'kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
dir=$tmp/run
# 8 points: the last two (20 us items, batch 2048, 40 repetitions) take about 1.6 s each, so a
# signal sent once an earlier point is done lands inside a point.
# grid [STRATEGIES [ITEMS [BATCHES [MAX_REPS]]]]: the flags, another value where one is given.
grid() {
  echo "--backend host --strategy ${1:-standard,graph} --item-ns ${2:-0,20000} --batch ${3:-1,2048}" \
    "--min-reps 40 --max-reps ${4:-40} --noise 0 --max-time-s 60"
}
# rows FILE: the data rows of a tidy CSV (no comments, no header), in file order.
rows() { grep -v '^#' "$1" | tail -n +2; }
# keys FILE: the point keys of its rows, STRATEGY/item_ns:I/batch:N/grid:G/block:B, sorted.
keys() {
  awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    $c["replicate"] == "" || $c["replicate"] == 0 {
      printf "%s/item_ns:%s/batch:%s/grid:%s/block:%s\n", $c["strategy"], $c["item_ns"], $c["batch"], $c["grid"],
        $c["block"] }' "$1" | sort
}
# bench_keys FILE: the points of a Google Benchmark JSON's benchmarks, one a line, sorted.
bench_keys() { sed -n 's/^ *"name": "\([^"]*\)\/iterations:.*/\1/p' "$1" | sort; }
ctx() { sed -n "s/^# context $2=//p" "$1"; }
sums() { (cd "$1" && ls -A && md5sum measured*) 2>/dev/null; }
# sweep_bg LOG ARGS...: a sweep of the grid into $dir in the background ($bg).
sweep_bg() {
  log=$1
  shift
  rm -f "$log"
  # shellcheck disable=SC2086
  "$pk" sweep $(grid) "$@" --out "$dir" >"$tmp/bg.out" 2>"$log" &
  bg=$!
}

# 1. Stopped part way: a partial pair.
sweep_bg "$tmp/1.err"
signal_at_line $bg INT "$tmp/1.err" '^\[5/' 600 0.05 || { cat "$tmp/1.err"; exit 1; }
[ "$signalled_rc" -eq 130 ] || no "the first sweep: exit $signalled_rc"
[ -f "$dir/measured.partial.csv" ] && [ -f "$dir/measured.partial.json" ] && [ ! -e "$dir/measured.csv" ] ||
  { no "no partial pair alone after SIGINT"; ls -A "$dir"; exit 1; }
rows "$dir/measured.partial.csv" >"$tmp/p1.rows"
n1=$(wc -l <"$tmp/p1.rows")
run1=$(ctx "$dir/measured.partial.csv" run_id)
[ "$n1" -ge 5 ] && [ "$n1" -le 7 ] || no "the first partial pair holds $n1 points, expected 5 to 7"

# 2. Another sweep's flags: refused, exit 2, one line naming the key and both values; the folder
# as it was.
sums "$dir" >"$tmp/sums.p1"
refuse() { # KEY_RE SWEEP_FLAGS...
  re=$1
  shift
  # shellcheck disable=SC2086
  sh "$expect" 2 - "--resume: .*measured.partial.csv was made by another sweep: its context $re" -- \
    "$pk" sweep "$@" --resume --out "$dir" >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "--resume $*"; }
  sums "$dir" | cmp -s - "$tmp/sums.p1" || no "a refused --resume $* changed the folder"
}
# shellcheck disable=SC2046 # grid's words
{
  refuse "sweep_batch is '1;2048', this one's '1;4096'" $(grid "" "" 1,4096)
  refuse "sweep_strategy is 'standard;graph', this one's 'standard'" $(grid standard)
  refuse "max_reps is '40', this one's '41'" $(grid "" "" "" 41)
  refuse "canary is '\(none\)', this one's 'standard" $(grid) --canary
  # A shard's: refused in its one line, before the shard's share is said.
  refuse "" $(grid) --shard 1/2
  refuse "benchmark_repetitions is '\(none\)', this one's '2'" $(grid) --benchmark_repetitions=2
}
# A sweep without --resume says it replaces the partial pair and how to keep it (not run here).

# 3. Resumed, then stopped again: a partial pair of the old points (byte for byte) and new ones.
sweep_bg "$tmp/2.err" --resume
signal_at_line $bg INT "$tmp/2.err" '^\[1/' 600 0.05 || { cat "$tmp/2.err"; exit 1; }
[ "$signalled_rc" -eq 130 ] || no "the resumed sweep stopped again: exit $signalled_rc"
grep -q "^pkbench sweep: --resume: $n1 points of $dir/measured.partial.csv carried over from run $run1; $((8 - n1)) left" \
  "$tmp/2.err" || { no "the resume did not say what it carried:"; grep pkbench "$tmp/2.err"; }
[ -f "$dir/measured.partial.csv" ] && [ -f "$dir/measured.partial.json" ] && [ ! -e "$dir/measured.csv" ] ||
  no "no partial pair alone after the resumed sweep was stopped"
rows "$dir/measured.partial.csv" >"$tmp/p2.rows"
n2=$(wc -l <"$tmp/p2.rows")
run2=$(ctx "$dir/measured.partial.csv" run_id)
[ "$n2" -gt "$n1" ] && [ "$n2" -lt 8 ] || no "the second partial pair holds $n2 points, expected $((n1 + 1)) to 7"
[ "$(grep -Fxc -f "$tmp/p1.rows" "$tmp/p2.rows")" -eq "$n1" ] || no "the second partial pair lost or changed carried rows"
[ "$(ctx "$dir/measured.partial.csv" resumed_from_run_id)" = "$run1" ] || no "resumed_from_run_id is not the first run's"
[ "$(ctx "$dir/measured.partial.csv" resumed_points)" = "$n1" ] || no "resumed_points is not $n1"
"$check" "$dir" standard,graph 0,20000 1,2048 partial >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "the second partial pair"; }
[ "$(bench_keys "$dir/measured.partial.json")" = "$(keys "$dir/measured.partial.csv")" ] ||
  no "measured.partial.json's benchmarks are not its CSV's points, each once"

# 4. Resumed to the end: every point once, the carried rows byte for byte, every benchmark once.
"$pk" sweep $(grid) --resume --out "$dir" >/dev/null 2>"$tmp/3.err" || { no "the last resume: exit $?"; cat "$tmp/3.err"; }
left=$((8 - n2)) s=s
[ $left -eq 1 ] && s=
grep -q "^pkbench sweep: 8 points ($left benchmark$s run) written to $dir\$" "$tmp/3.err" ||
  { no "the last resume did not measure just the $((8 - n2)) points left:"; grep pkbench "$tmp/3.err"; }
[ -f "$dir/measured.csv" ] && [ -f "$dir/measured.json" ] || no "no complete pair"
[ ! -e "$dir/measured.partial.csv" ] && [ ! -e "$dir/measured.partial.json" ] || no "the complete resume left a partial pair"
grep -q '^# partial' "$dir/measured.csv" && no "the complete result is marked partial"
rows "$dir/measured.csv" >"$tmp/final.rows"
[ "$(wc -l <"$tmp/final.rows")" -eq 8 ] || no "measured.csv has $(wc -l <"$tmp/final.rows") rows, not 8"
[ "$(keys "$dir/measured.csv" | uniq | wc -l)" -eq 8 ] || no "measured.csv does not hold 8 distinct points"
[ "$(grep -Fxc -f "$tmp/p2.rows" "$tmp/final.rows")" -eq "$n2" ] || no "the result lost or changed carried rows"
[ "$(grep -Fxc -f "$tmp/p1.rows" "$tmp/final.rows")" -eq "$n1" ] || no "the result changed the first run's rows"
[ "$(bench_keys "$dir/measured.json")" = "$(keys "$dir/measured.csv")" ] ||
  { no "measured.json's benchmarks are not the 8 points, each once"; bench_keys "$dir/measured.json"; }
grep -q '"resumed_points": "'"$n2"'"' "$dir/measured.json" || no "measured.json's context lacks resumed_points"
[ "$(ctx "$dir/measured.csv" resumed_from_run_id)" = "$run2" ] || no "resumed_from_run_id is not the second run's"
[ "$(ctx "$dir/measured.csv" resumed_points)" = "$n2" ] || no "resumed_points is not $n2"
"$check" "$dir" standard,graph 0,20000 1,2048 >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "the resumed result"; }

# 5. Over a complete folder: nothing measured, exit 0, the folder as it was; another sweep's
# flags are refused there too.
sums "$dir" >"$tmp/sums.done"
"$pk" sweep $(grid) --resume --out "$dir" >"$tmp/4.out" 2>"$tmp/4.err" || no "--resume over a complete folder: exit $?"
[ "$(cat "$tmp/4.err")" = "pkbench sweep: $dir is already complete; nothing to resume (without --resume a sweep measures it again)" ] ||
  { no "--resume over a complete folder said:"; cat "$tmp/4.err"; }
[ -s "$tmp/4.out" ] && no "--resume over a complete folder ran Google Benchmark: $(head -2 "$tmp/4.out")"
sums "$dir" | cmp -s - "$tmp/sums.done" || no "--resume over a complete folder changed it"
sh "$expect" 2 - "measured.csv was made by another sweep: its context sweep_item_ns is '0;20000', this one's '0'" -- \
  "$pk" sweep $(grid "" 0) --resume --out "$dir" >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "another grid over a complete folder"; }
sums "$dir" | cmp -s - "$tmp/sums.done" || no "a refused --resume changed a complete folder"

# 6. Over nothing: the whole sweep, said so.
quick="--backend host --strategy standard,graph --item-ns 0 --batch 1,2 --max-time-s 0.01 --max-reps 20"
"$pk" sweep $quick --resume --out "$tmp/new" >/dev/null 2>"$tmp/5.err" || no "--resume into a new folder: exit $?"
grep -q "^pkbench sweep: --resume: $tmp/new holds no earlier sweep; measuring every point\$" "$tmp/5.err" ||
  no "--resume into a new folder did not say so"
[ "$(rows "$tmp/new/measured.csv" 2>/dev/null | wc -l)" -eq 4 ] || no "--resume into a new folder did not sweep it whole"

# 7. Replicates: a point is carried only with every pass. The partial pair is made from a
# complete run: pass 2 of the last two points left out, and no JSON (as when Google Benchmark
# failed): those two are measured again, and the result has no measured.json.
r=$tmp/repl
"$pk" sweep $quick --replicates 2 --out "$r" >/dev/null 2>&1 || no "a sweep with replicates failed"
awk -F, '/^#/ { print; if (/^# pkbench tidy csv/) print "# partial: true"; next } !h { h = 1; print; next }
  $27 == 2 && $4 == "standard" && $6 == 2 { next } $27 == 2 && $4 == "graph" && $6 == 2 { next } { print }' \
  "$r/measured.csv" >"$r/measured.partial.csv"
rm "$r/measured.csv" "$r/measured.json"
awk -F, '!/^#/ && $6 == 1' "$r/measured.partial.csv" >"$tmp/repl.kept"
"$pk" sweep $quick --replicates 2 --resume --out "$r" >/dev/null 2>"$tmp/6.err" || { no "resume with replicates: exit $?"; cat "$tmp/6.err"; }
grep -q "^pkbench sweep: --resume: 2 points of $r/measured.partial.csv carried over .* 2 left to measure\$" "$tmp/6.err" ||
  { no "the resume with replicates did not carry the 2 whole points:"; grep pkbench "$tmp/6.err"; }
grep -q "measured.json not written: the resumed partial pair had no Google Benchmark JSON" "$tmp/6.err" ||
  no "the resume without JSON did not say measured.json is not written"
[ "$(rows "$r/measured.csv" | wc -l)" -eq 12 ] || no "with replicates: $(rows "$r/measured.csv" | wc -l) rows, not 4 + 8"
[ "$(grep -Fxc -f "$tmp/repl.kept" "$r/measured.csv")" -eq 6 ] || no "with replicates: the carried rows changed"
[ ! -e "$r/measured.json" ] && [ ! -e "$r/measured.partial.csv" ] || no "with replicates: a JSON or a partial pair left"

# 8. --device all: each worker resumes its own folder. device-1's pair is made partial with all
# its points: nothing is measured there, the pair is committed whole. Each log keeps the earlier
# run's lines.
d=$tmp/devs
PKB_TEST_HOST_DEVICES=2 "$pk" sweep $quick --device all --out "$d" >/dev/null 2>&1 || no "--device all failed"
sed '1a # partial: true' "$d/device-1/measured.csv" >"$d/device-1/measured.partial.csv"
mv "$d/device-1/measured.json" "$d/device-1/measured.partial.json"
rm "$d/device-1/measured.csv"
rows "$d/device-1/measured.partial.csv" >"$tmp/dev1.rows"
cp "$d/device-0/measured.csv" "$tmp/dev0.csv"
cp "$d/device-1.log" "$tmp/dev1.log"
PKB_TEST_HOST_DEVICES=2 "$pk" sweep $quick --device all --resume --out "$d" >/dev/null 2>"$tmp/7.err" ||
  { no "--device all --resume: exit $?"; cat "$tmp/7.err"; }
grep -q "already complete; nothing to resume" "$d/device-0.log" || no "device-0 was not left as complete"
cmp -s "$d/device-0/measured.csv" "$tmp/dev0.csv" || no "device-0's complete result changed"
grep -q "4 points written to $d/device-1, every one carried over" "$d/device-1.log" ||
  { no "device-1 was not committed from its partial pair:"; cat "$d/device-1.log"; }
[ -f "$d/device-1/measured.csv" ] && [ ! -e "$d/device-1/measured.partial.csv" ] || no "device-1 is not complete"
[ "$(rows "$d/device-1/measured.csv")" = "$(cat "$tmp/dev1.rows")" ] || no "device-1's rows changed"
"$check" "$d/device-1" standard,graph 0 1,2 >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "device-1's result"; }
grep -q '^1,device-1,0,4,false,' "$d/devices.csv" || { no "devices.csv:"; cat "$d/devices.csv"; }
[ -s "$tmp/dev1.log" ] && head -c "$(wc -c <"$tmp/dev1.log")" "$d/device-1.log" | cmp -s - "$tmp/dev1.log" ||
  no "device-1.log lost the stopped run's lines on resume"

# 9. --benchmark_repetitions: a point is carried only with every repetition in the partial JSON
# (one of graph at N = 2 lacks its second: measured again, two in the result); a partial JSON of
# another run, or without one of the CSV's points, is refused (exit 2, one line, the folder as
# it was).
rq="$quick --benchmark_repetitions=2"
"$pk" sweep $rq --out "$tmp/rq" >/dev/null 2>&1 || no "a sweep with --benchmark_repetitions=2 failed"
for c in rep runid miss; do
  cp -r "$tmp/rq" "$tmp/rq-$c" && sed -i '1a # partial: true' "$tmp/rq-$c/measured.csv" &&
    mv "$tmp/rq-$c/measured.csv" "$tmp/rq-$c/measured.partial.csv" &&
    python3 -c "import json, sys
j = json.load(open(sys.argv[1] + '/measured.json'))
g = lambda b: b['name'].startswith('graph/item_ns:0/batch:2/')
if sys.argv[2] == 'rep':
    j['benchmarks'] = [b for b in j['benchmarks'] if not (g(b) and (b.get('repetition_index') == 1 or b['run_type'] == 'aggregate'))]
elif sys.argv[2] == 'runid':
    j['context']['run_id'] = 'another-run'
else:
    j['benchmarks'] = [b for b in j['benchmarks'] if not g(b)]
json.dump(j, open(sys.argv[1] + '/measured.partial.json', 'w'), indent=2)" "$tmp/rq-$c" $c &&
    rm "$tmp/rq-$c/measured.json" || no "the partial pair $c not made"
done
"$pk" sweep $rq --resume --out "$tmp/rq-rep" >/dev/null 2>"$tmp/9.err" || { no "resume with repetitions: exit $?"; cat "$tmp/9.err"; }
grep -q "^pkbench sweep: --resume: 3 points of $tmp/rq-rep/measured.partial.csv carried over .*; 1 left to measure\$" "$tmp/9.err" ||
  { no "a point short of a repetition was carried:"; grep pkbench "$tmp/9.err"; }
[ "$(grep -c '"name": "graph/item_ns:0/batch:2/grid:1/block:0/iterations:1/manual_time",' "$tmp/rq-rep/measured.json")" -eq 2 ] ||
  no "graph at N = 2 does not have its two repetitions in measured.json"
sums "$tmp/rq-runid" >"$tmp/sums.runid"
sh "$expect" 2 - "--resume: .*measured.partial.json: run_id 'another-run' but measured.partial.csv's is .* \(not one run's pair\)" -- \
  "$pk" sweep $rq --resume --out "$tmp/rq-runid" >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "a partial JSON of another run"; }
sums "$tmp/rq-runid" | cmp -s - "$tmp/sums.runid" || no "a refused partial JSON of another run changed the folder"
sh "$expect" 2 - "--resume: .*measured.partial.json: no benchmark of point graph/item_ns:0/batch:2/grid:1/block:0, which" -- \
  "$pk" sweep $rq --resume --out "$tmp/rq-miss" >"$tmp/log" 2>&1 || { cat "$tmp/log"; no "a partial JSON without a point"; }

[ $fail -eq 0 ] && echo "ok: sweep --resume"
exit $fail
