#!/bin/sh
# Invariant: a compare whose gate is exceeded exits 1, names every failed gate on its own
# stderr line ("gate failed: ..."), and still writes its report.
# usage: expect_gate.sh pkbench compare ... --out DIR ...
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$@" >/dev/null 2>"$err"
rc=$?
out=""
prev=""
for a in "$@"; do [ "$prev" = "--out" ] && out=$a; prev=$a; done
fail=0
[ "$rc" -eq 1 ] || { echo "exit code $rc, expected 1"; fail=1; }
grep -q "gate failed: MAPE of standard .* above --max-mape" "$err" || { echo "no MAPE gate line:"; cat "$err"; fail=1; }
if grep -v "gate failed:" "$err" | grep -q .; then echo "stderr has other lines:"; cat "$err"; fail=1; fi
[ -s "$out/report.md" ] && [ -s "$out/errors.csv" ] || { echo "no report in $out"; fail=1; }
grep -q "FAIL" "$out/report.md" || { echo "report does not show the failed gate"; fail=1; }
exit $fail
