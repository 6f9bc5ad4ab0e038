#!/bin/sh
# Invariant: a Google Benchmark flag cannot make a sweep lose or mix its results, and every such
# flag is refused before the backend opens (exit 2, one line, nothing made):
# - --benchmark_out inside --out (Google Benchmark truncated it as the run started, outside the
#   folder's commit: a stopped sweep left the earlier result unreadable);
# - --benchmark_out that is not a regular file (/dev/null: its JSON could not be read back, and
#   the whole sweep was lost after every point ran);
# - a filter that Google Benchmark's regex engine reads otherwise than the POSIX one the sweep
#   plans with (\< selected every standard point for the plan and none in the run);
# - random interleaving with --replicates (it reordered the passes that --abba orders).
# --benchmark_list_tests writes nothing, --benchmark_out's file included (it was truncated), and
# the variable V (Google Benchmark's verbosity, read as the library loads) no longer adds lines.
# usage: gb_outputs.sh PKBENCH EXPECT_SH OUT_DIR
pk=$1 expect=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
cd "$out" || exit 1
fail=0
grid="--backend host --strategy standard --item-ns 0 --batch 1,2 --max-time-s 0.01 --max-reps 10"
# shellcheck disable=SC2086 # the grid splits on purpose
$pk sweep $grid --out o >/dev/null 2>log || { echo "the first sweep failed:"; tail -3 log; exit 1; }
cp o/measured.csv before.csv
refused() { # RE ARGS...: exit 2, one line matching RE, o as it was, nothing else made
  re=$1
  shift
  # shellcheck disable=SC2086
  sh "$expect" 2 - "^pkbench sweep: $re" -- $pk sweep $grid "$@" >/dev/null || fail=1
  cmp -s o/measured.csv before.csv || { echo "o changed: $*"; fail=1; }
  [ ! -e new ] || { echo "new made: $*"; fail=1; }
}
refused "--benchmark_out: 'o/measured.csv' is inside --out o" --out o --benchmark_out=o/measured.csv
refused "--benchmark_out: 'o/../o/x.json' is inside --out o" --out o --benchmark_out=o/../o/x.json
refused "--benchmark_out: 'new/sub/x.json' is inside --out new" --out new --benchmark_out=new/sub/x.json
ln -s o link
refused "--benchmark_out: 'link/x.json' is inside --out o" --out o --benchmark_out=link/x.json
ln -s o/measured.json file-link.json # a link to a file inside, and a hard link to one
refused "--benchmark_out: 'file-link.json' is inside --out o" --out o --benchmark_out=file-link.json
ln o/measured.csv hard.csv
refused "--benchmark_out: 'hard.csv' is inside --out o" --out o --benchmark_out=hard.csv
refused "--benchmark_out: 'new' is inside --out new" --out new --benchmark_out=new
refused "--benchmark_out: '/dev/null' is not a regular file" --out o --benchmark_out=/dev/null
refused "--benchmark_filter: '\\\\<standard' is read two ways: " --out o '--benchmark_filter=\<standard'
refused "--benchmark_filter: '\\(std' is not a valid regex" --out o '--benchmark_filter=(std'
refused "--benchmark_enable_random_interleaving: not with --replicates" --out o --replicates 2 \
  --benchmark_enable_random_interleaving
# A file beside the folder is taken (a name that only starts like it is not inside).
# shellcheck disable=SC2086
$pk sweep $grid --out o --benchmark_out=o2.json >/dev/null 2>log && [ -s o2.json ] ||
  { echo "--benchmark_out beside --out failed:"; tail -3 log; fail=1; }
echo keep >keep.json
# shellcheck disable=SC2086
$pk sweep $grid --benchmark_list_tests --benchmark_out=keep.json --out o >/dev/null 2>log &&
  [ "$(cat keep.json)" = keep ] || { echo "--benchmark_list_tests touched --benchmark_out's file"; fail=1; }
# shellcheck disable=SC2086
$pk sweep $grid --benchmark_list_tests --benchmark_out=/dev/null >/dev/null 2>log ||
  { echo "--benchmark_list_tests refused a --benchmark_out it does not open: $(cat log)"; fail=1; }
# shellcheck disable=SC2086
$pk sweep $grid --benchmark_list_tests --benchmark_out=nd/new.json >/dev/null 2>log && [ ! -e nd ] ||
  { echo "--benchmark_list_tests made --benchmark_out's folder"; fail=1; }
# shellcheck disable=SC2086
V=2 $pk sweep $grid --out v >/dev/null 2>log || { echo "the sweep with V=2 failed"; fail=1; }
! grep -q 'LOG(' log || { echo "V=2 made Google Benchmark log: $(grep 'LOG(' log | head -1)"; fail=1; }
[ $fail -eq 0 ] && echo "ok: Google Benchmark's outputs and filters"
exit $fail
