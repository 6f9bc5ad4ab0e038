#!/bin/sh
# Invariant: a host placement that did not hold is said in every file that states the plan. The
# plan is made at open and written into the context; when a CPU leaves the mask afterwards (here
# PKB_TEST_HOST_CPUS plans CPUs the machine lacks), the runs go on unpinned, and the sweep's
# measured.csv and measured.json and the calibration's params.json say "not held" in pinning and
# pinned_cpus, not the plan alone; sweep --resume does not take that record for another sweep's.
# usage: pinning_settled.sh PKBENCH OUT_DIR
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0
export PKB_TEST_HOST_CPUS=1022,1023
$pk sweep --backend host --strategy standard,persistent --item-ns 0 --batch 1,4 --max-time-s 0.01 --max-reps 10 \
  --out "$out/s" >/dev/null 2>"$out/log" || { echo "the sweep failed:"; tail -3 "$out/log"; exit 1; }
want='host thread on CPU 1022, workers on CPU 1023 (distinct cores; 2 CPUs allowed); not held: the host thread could not be pinned to CPU 1022 ('
# measured.csv's context values hold no comma: it writes them as ';'.
grep -qxF "# context pinned_cpus=not held (see pinning)" "$out/s/measured.csv" &&
  grep -qF "# context pinning=$(printf %s "$want" | tr , ';')" "$out/s/measured.csv" || { echo "measured.csv states the plan as held:"; grep pinn "$out/s/measured.csv"; fail=1; }
case "$(jq -r '.context.pinning' "$out/s/measured.json")" in
"$want"*) [ "$(jq -r '.context.pinned_cpus' "$out/s/measured.json")" = "not held (see pinning)" ] || fail=1 ;;
*) echo "measured.json states the plan as held:"; jq .context.pinning "$out/s/measured.json"; fail=1 ;;
esac
# The settled pinning is the run's own record, as where a device sits: --resume of the finished
# sweep with the same flags finds the folder complete (exit 0), not "made by another sweep".
$pk sweep --backend host --strategy standard,persistent --item-ns 0 --batch 1,4 --max-time-s 0.01 --max-reps 10 \
  --resume --out "$out/s" >/dev/null 2>"$out/rlog" || { echo "--resume refused the folder:"; cat "$out/rlog"; fail=1; }
$pk calibrate --backend host --reps 20 --out "$out/params.json" >/dev/null 2>"$out/clog" ||
  { echo "calibrate failed:"; tail -3 "$out/clog"; exit 1; }
case "$(jq -r '.context.pinning' "$out/params.json")" in
"$want"*) ;;
*) echo "params.json states the plan as held:"; jq .context.pinning "$out/params.json"; fail=1 ;;
esac
exit $fail
