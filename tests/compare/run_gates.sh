#!/bin/sh
# Invariant: a gate that fails does not fail a plain 'pkbench run' (exit 0: everything was
# measured and written), which prints the verdict and says the gate failed; 'pkbench run
# --gate' exits 1 on it. PKB_TEST_HOST_GATES sets a MAPE gate no model meets (0.001%); on a
# machine too noisy to judge it is inconclusive instead, and then --gate exits 0 too.
# usage: run_gates.sh PKBENCH OUT_DIR
pk=$1 out=$2
fail=0
export PKB_TEST_HOST_GATES="--max-mape 0.001"
rm -rf "$out" "$out-gate"
mkdir -p "$(dirname "$out")"
"$pk" run --backend host --quick --out "$out" >"$out.stdout" 2>"$out.stderr"
rc=$?
[ $rc -eq 0 ] || { echo "plain run exited $rc, expected 0:"; cat "$out.stderr"; fail=1; }
[ -s "$out/host/report.md" ] || { echo "no report"; fail=1; }
if grep -q "gate fail: MAPE of " "$out.stdout"; then
  grep -q "a gate failed (named above); the exit status is 0" "$out.stdout" || { echo "no note of the failed gate:"; cat "$out.stdout"; fail=1; }
else
  grep -q "gate inconclusive (.*): MAPE of " "$out.stdout" || { echo "no MAPE verdict:"; cat "$out.stdout"; fail=1; }
fi
"$pk" run --backend host --quick --gate --out "$out-gate" >"$out-gate.stdout" 2>"$out-gate.stderr"
rc=$?
want=0
grep -q "gate fail: MAPE of " "$out-gate.stdout" && want=1
[ $rc -eq $want ] || { echo "run --gate exited $rc, expected $want:"; cat "$out-gate.stdout" "$out-gate.stderr"; fail=1; }
[ $want -eq 0 ] || grep -q "pkbench run: a gate failed" "$out-gate.stderr" || { echo "--gate: no failure line"; fail=1; }
exit $fail
