#!/bin/sh
# A backend call that never returns (the host backend's test hook PKB_TEST_HANG_HOST=block:K
# stands for a runtime synchronisation without a bound) ends a sweep through the watchdog
# (common/watchdog.h) within its budget (capped here by PKB_TEST_WATCHDOG_NS): one line naming
# the call, exit 1, the points finished before it in measured.partial.csv, an earlier complete
# pair untouched; a close that hangs after the last point commits the sweep whole; a
# calibration ends the same way with nothing written; a sweep that hangs before its first point
# leaves no folder it made, nor its lock file.
# usage: watchdog.sh PKBENCH CHECK_OUTPUTS
set -u
pk=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/run
fail=0
sweep() {
  timeout 120 "$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1,2,4,8 --min-reps 3 --max-reps 3 \
    --noise 0 --out "$dir" "$@"
}

sweep >/dev/null 2>"$tmp/err" || { echo "first sweep failed: $(cat "$tmp/err")"; exit 1; }
(cd "$dir" && md5sum measured.csv measured.json) >"$tmp/before"

# Run call 7 blocks: points finished before it are kept. 2 s cap, so that a loaded machine's
# ordinary runs stay far inside it.
PKB_TEST_HANG_HOST=block:7 PKB_TEST_WATCHDOG_NS=2000000000 sweep >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "hung sweep: exit $rc (expected 1)"; cat "$tmp/err"; fail=1; }
grep -q "^pkbench: the host backend's run of standard/item_ns:0/batch:[0-9]*/grid:[0-9]*/block:[0-9]* did not return within 2 s (a hung kernel or a lost device); ending the process$" "$tmp/err" ||
  { echo "no watchdog line naming the call:"; cat "$tmp/err"; fail=1; }
grep -q "^pkbench sweep: .*[1-9][0-9]* of 4 points written to .* (partial)$" "$tmp/err" ||
  { echo "no line saying what was kept:"; cat "$tmp/err"; fail=1; }
(cd "$dir" && md5sum measured.csv measured.json) | cmp -s - "$tmp/before" ||
  { echo "the hang changed the earlier complete result"; fail=1; }
"$check" "$dir" standard 0 1,2,4,8 partial || fail=1
rows=$(grep -v '^#' "$dir/measured.partial.csv" | tail -n +2 | wc -l)
[ "$rows" -ge 1 ] && [ "$rows" -lt 4 ] || { echo "measured.partial.csv holds $rows points (expected 1 to 3)"; fail=1; }

# What was kept is said against the sweep's own points: those --benchmark_filter selects (4 of
# the 8 registered), and with --replicates the passes too (every point has a row once its first
# pass is in). 4 run calls a point (a warm-up and 3 repetitions): call 8 is the third point's.
few="--backend host --item-ns 0 --min-reps 3 --max-reps 3 --noise 0"
# shellcheck disable=SC2086 # few's words
PKB_TEST_HANG_HOST=block:8 PKB_TEST_WATCHDOG_NS=2000000000 timeout 120 "$pk" sweep $few --strategy standard,graph \
  --batch 1,2,4,8 --benchmark_filter=^graph --out "$tmp/filtered" >"$tmp/out" 2>"$tmp/err"
grep -q "^pkbench sweep: .* 2 of 4 points written to $tmp/filtered (partial)$" "$tmp/err" ||
  { echo "a filtered sweep's hang did not say 2 of its 4 points:"; cat "$tmp/err"; fail=1; }
# shellcheck disable=SC2086
PKB_TEST_HANG_HOST=block:12 PKB_TEST_WATCHDOG_NS=2000000000 timeout 120 "$pk" sweep $few --strategy standard \
  --batch 1,2 --replicates 2 --out "$tmp/passes" >"$tmp/out" 2>"$tmp/err"
grep -q "^pkbench sweep: .* 2 of 2 points written to $tmp/passes (partial: 3 of 4 passes)$" "$tmp/err" ||
  { echo "a hang in the second pass did not say 3 of 4 passes:"; cat "$tmp/err"; fail=1; }

# The backend's close hangs after the last point: the sweep is committed whole (a new complete
# pair, its JSON as Google Benchmark ended it), the line names the close, exit 1.
PKB_TEST_HANG_HOST=close PKB_TEST_WATCHDOG_NS=2000000000 sweep >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "sweep whose close hung: exit $rc (expected 1)"; cat "$tmp/err"; fail=1; }
grep -q "^pkbench: the host backend's close did not return within 2 s" "$tmp/err" ||
  { echo "no watchdog line naming the close:"; cat "$tmp/err"; fail=1; }
grep -q "^pkbench sweep: 4 points (4 benchmarks run) written to " "$tmp/err" ||
  { echo "the finished sweep was not committed whole:"; cat "$tmp/err"; fail=1; }
(cd "$dir" && md5sum measured.csv measured.json) | cmp -s - "$tmp/before" &&
  { echo "the complete pair is still the earlier one"; fail=1; }
"$check" "$dir" standard 0 1,2,4,8 || fail=1

# With --replicates its closing line counts every pass's benchmark, as after a close that returned.
# shellcheck disable=SC2086
PKB_TEST_HANG_HOST=close PKB_TEST_WATCHDOG_NS=2000000000 timeout 120 "$pk" sweep $few --strategy standard --batch 1,2 \
  --replicates 2 --out "$tmp/passes-close" >"$tmp/out" 2>"$tmp/err"
grep -q "^pkbench sweep: 2 points (4 benchmarks run) written to " "$tmp/err" ||
  { echo "a sweep with replicates whose close hung did not say its 4 benchmarks:"; cat "$tmp/err"; fail=1; }

# A calibration that hangs: one line, exit 1, no params.json.
PKB_TEST_HANG_HOST=block:3 PKB_TEST_WATCHDOG_NS=2000000000 timeout 120 "$pk" calibrate --backend host \
  --out "$tmp/p.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "hung calibration: exit $rc (expected 1)"; cat "$tmp/err"; fail=1; }
grep -q "^pkbench: the host backend's run of .* did not return within 2 s" "$tmp/err" ||
  { echo "no watchdog line for the calibration:"; cat "$tmp/err"; fail=1; }
[ ! -e "$tmp/p.json" ] || { echo "a hung calibration wrote params.json"; fail=1; }

# A sweep that hangs before its first point finishes: "as it was" holds, into a folder it would
# have made (none left, its parent neither) and into an empty one (still empty, no lock file).
mkdir "$tmp/empty"
for out in "$tmp/new/deep" "$tmp/empty"; do
  PKB_TEST_HANG_HOST=1 timeout 120 "$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1 \
    --hang-timeout-s 1 --out "$out" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 1 ] || { echo "sweep hung before its first point into $out: exit $rc (expected 1)"; cat "$tmp/err"; fail=1; }
  grep -q "no point finished; $out is as it was$" "$tmp/err" || { echo "no 'as it was' line:"; cat "$tmp/err"; fail=1; }
done
[ ! -e "$tmp/new" ] || { echo "a sweep that finished nothing left the folders it made: $(find "$tmp/new")"; fail=1; }
[ -z "$(ls -A "$tmp/empty")" ] || { echo "a sweep that finished nothing left in an empty folder: $(ls -A "$tmp/empty")"; fail=1; }
exit $fail
