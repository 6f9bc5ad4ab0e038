#!/bin/sh
# Invariant: the main job calibrates before and after its sweep and models the sweep with the two
# calibrations' mean: OUT/host keeps params-before.json and params-after.json, params.json says so
# in its context (calibrate_bracket, both h), and its h is their mean. When the calibration after
# the sweep fails (here by the test hook PKB_TEST_FAIL_STEP=calibrate-after: the step is spawned
# with a flag it refuses, since run refuses up front a folder where a step writes) in a second run
# into the same folder, nothing measured is lost and nothing of the first run stands for the
# second: the run exits 1 naming the failed step, and writes params.json from the calibration
# before the sweep alone (its context says so), the sweep, report and errors of this run, and no
# earlier paired check (crosscheck/) stands. So does
# a third run, interrupted (SIGINT) in that step, which exits 130, and leaves none of the reports,
# images or plot data the earlier runs derived from their sweeps beside its own sweep; a fourth,
# whose plot fails, lists no image as written. A run whose sweep fails before it replaces
# measured.csv leaves the folder as the first run left it, its calibrations too.
# usage: run_bracket.sh PKBENCH OUT_DIR
pk=$1 out=$2
. "$(dirname "$0")/../common/interrupt.sh"
fail=0
h_of() { sed -n 's/^ *"launch_host_ns": *\([0-9.e+-]*\),*$/\1/p' "$1" | head -1; }
rm -rf "$out" && mkdir -p "$out"
"$pk" run --backend host --quick --out "$out/ok" >"$out/ok.stdout" 2>"$out/ok.stderr"
rc=$?
[ $rc -eq 0 ] || { echo "run exited $rc:"; cat "$out/ok.stderr"; fail=1; }
d=$out/ok/host
for f in params-before.json params-after.json params.json calibrate.log calibrate-after.log report.md; do
  [ -s "$d/$f" ] || { echo "missing $d/$f"; fail=1; }
done
grep -q '"calibrate_bracket": "before and after the sweep, each parameter the mean of the two; h [0-9]* and [0-9]* ns"' \
  "$d/params.json" || { echo "params.json does not say it is the bracket's mean"; fail=1; }
grep -q '"calibrate_rounds_after": "3, each parameter' "$d/params.json" || { echo "no calibrate_rounds_after"; fail=1; }
grep -Eq '^pkbench run: \[3/6\] host \(CPU analogue\): calibrate again, after the sweep' "$out/ok.stdout" ||
  { echo "no step for the calibration after the sweep:"; cat "$out/ok.stdout"; fail=1; }
hb=$(h_of "$d/params-before.json") ha=$(h_of "$d/params-after.json") hm=$(h_of "$d/params.json")
awk -v b="$hb" -v a="$ha" -v m="$hm" 'BEGIN { exit !(b > 0 && a > 0 && (m - (a + b) / 2)^2 < 1e-6 * m * m) }' ||
  { echo "h of params.json ($hm) is not the mean of before ($hb) and after ($ha)"; fail=1; }

# Again, the sweep failing before it replaces measured.csv: the folder stays the first run's, its
# two calibrations with it (this run's calibration went back out), not its measured.csv and
# params.json beside this run's params-before.json and no params-after.json.
sums() { (cd "$d" && cksum measured.csv params.json params-before.json params-after.json); }
was=$(sums)
PKB_TEST_FAIL_STEP=sweep "$pk" run --backend host --quick --out "$out/ok" >"$out/nosweep.stdout" 2>"$out/nosweep.stderr"
rc=$?
[ $rc -eq 1 ] || { echo "run with a failing sweep exited $rc, expected 1"; fail=1; }
[ "$(sums 2>&1)" = "$was" ] || { echo "a failed sweep left the folder mixed:"; sums; echo "was:"; echo "$was"; fail=1; }
[ -z "$(find "$d" -name '*.prev')" ] || { echo "set-aside files left: $(find "$d" -name '*.prev')"; fail=1; }
# As a run killed (SIGKILL) between setting them aside and putting them back leaves them: the
# .prev files are the earlier run's and go back, the killed run's params-before.json does not.
cp "$d/params-before.json" "$d/params-before.json.prev" && mv "$d/params-after.json" "$d/params-after.json.prev" &&
  echo '{"killed": true}' >"$d/params-before.json" || fail=1
PKB_TEST_FAIL_STEP=sweep "$pk" run --backend host --quick --out "$out/ok" >"$out/nosweep2.stdout" 2>&1
[ "$(sums 2>&1)" = "$was" ] && [ -z "$(find "$d" -name '*.prev')" ] ||
  { echo "after a killed run's leftovers, a failed sweep left the folder mixed:"; sums; fail=1; }

# Again into the same folder, the calibration after the sweep failing this time: the earlier
# run's params.json must not stay beside this run's measurements.
old=$(md5sum <"$d/params.json")
[ -s "$d/params-after.json" ] || { echo "no params-after.json before the failing run"; fail=1; }
mkdir -p "$d/crosscheck" && echo stale >"$d/crosscheck/measured.csv" && echo stale >"$d/crosscheck/of"
PKB_TEST_FAIL_STEP=calibrate-after "$pk" run --backend host --quick --out "$out/ok" >"$out/bad.stdout" 2>"$out/bad.stderr"
rc=$?
[ $rc -eq 1 ] || { echo "run with a failing calibration after the sweep exited $rc, expected 1"; fail=1; }
grep -q "'pkbench calibrate' failed (exit 2; its output is in $d/calibrate-after.log)" "$out/bad.stderr" ||
  { echo "the failed step is not named:"; cat "$out/bad.stderr"; fail=1; }
grep -q -- "--pkb-test-fail-step" "$d/calibrate-after.log" || { echo "the step did not fail by the hook"; fail=1; }
[ ! -e "$d/params-after.json" ] || { echo "the earlier run's params-after.json was left"; fail=1; }
grep -q '"calibrate_bracket": "the calibration before the sweep alone: the one after it failed"' "$d/params.json" ||
  { echo "params.json does not say the calibration after the sweep failed"; fail=1; }
[ "$(md5sum <"$d/params.json")" != "$old" ] || { echo "the earlier run's params.json was left"; fail=1; }
[ "$(h_of "$d/params.json")" = "$(h_of "$d/params-before.json")" ] || { echo "params.json is not the calibration before"; fail=1; }
for f in measured.csv report.md errors.csv; do
  [ "$d/$f" -nt "$out/ok.stdout" ] || { echo "$d/$f is not this run's after the failed calibration"; fail=1; }
done
# An earlier run's paired check never stands for this one's: gone, or this run's.
! grep -qx stale "$d/crosscheck/measured.csv" "$d/crosscheck/of" 2>/dev/null ||
  { echo "the earlier run's crosscheck/ was left"; fail=1; }

# Once more, interrupted (SIGINT) during the calibration after the sweep: exit 130, and again
# params.json is this run's, from the calibration before the sweep alone, saying the one after
# it was interrupted (not that it failed).
old=$(md5sum <"$d/params.json")
"$pk" run --backend host --quick --out "$out/ok" >"$out/int.stdout" 2>"$out/int.stderr" &
signal_at_line $! INT "$out/int.stdout" '^pkbench run: \[3/6\]' 1200 0.05 || { cat "$out/int.stdout"; exit 1; }
rc=$signalled_rc
[ $rc -eq 130 ] || { echo "run interrupted during the calibration after the sweep exited $rc, expected 130"; fail=1; }
grep -q '"calibrate_bracket": "the calibration before the sweep alone: the one after it was interrupted"' "$d/params.json" &&
  [ "$(md5sum <"$d/params.json")" != "$old" ] && [ ! -e "$d/params-after.json" ] ||
  { echo "after an interrupt in the calibration after the sweep, params.json is not this run's:"; cat "$out/int.stdout"; fail=1; }
# What the earlier runs derived from their sweeps went once this run's sweep replaced theirs.
for f in report.md errors.csv decisions.csv summary.json predicted.csv crossover.png crossover.svg plot-data/meta.gp; do
  [ ! -e "$d/$f" ] || { echo "the earlier run's $f stands beside this run's measured.csv"; fail=1; }
done

# A plot that fails: its images are not listed as written (those there would be an earlier run's).
PKB_TEST_FAIL_STEP=plot "$pk" run --backend host --quick --out "$out/ok" >"$out/plot.stdout" 2>"$out/plot.stderr"
rc=$?
[ $rc -eq 1 ] || { echo "run with a failing plot exited $rc, expected 1"; fail=1; }
! grep -q 'crossover\.png' "$out/plot.stdout" || { echo "a failed plot's images were listed as written"; fail=1; }
exit $fail
