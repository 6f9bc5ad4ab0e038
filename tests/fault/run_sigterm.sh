#!/bin/sh
# SIGTERM sent to `pkbench run` alone ends its running step too: run exits 143, the sweep it
# was running stops (no pkbench process is left writing under OUT) and keeps the points it
# finished in measured.partial.csv. Before, the sweep measured on as an orphan.
# usage: run_sigterm.sh PKBENCH
set -u
pk=$1
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
run=""
trap '[ -n "$run" ] && kill -9 $run 2>/dev/null; rm -rf "$tmp"' EXIT
# The processes (other than this script) whose command line names this test's folder.
writers() {
  for d in /proc/[0-9]*; do
    [ "${d#/proc/}" = "$$" ] && continue
    { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -q "pkbench.*$tmp/out" && echo "${d#/proc/}"
  done
}
"$pk" run --backend host --quick --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr" &
run=$!
signal_at_line $run TERM "$tmp/out/host/sweep.log" '^\[1/' 1200 0.1 ||
  { run=""; echo "the sweep step never started:"; cat "$tmp/stderr"; exit 1; }
rc=$signalled_rc
run=""
fail=0
[ $rc -eq 143 ] || { echo "run exited $rc, expected 143:"; cat "$tmp/stderr"; fail=1; }
i=0
while [ $i -lt 100 ] && [ -n "$(writers)" ]; do sleep 0.1; i=$((i + 1)); done
left=$(writers)
[ -z "$left" ] || { echo "still running after run ended: $left"; for p in $left; do kill -9 "$p"; done; fail=1; }
# The points it finished, as many as its last line says it wrote (at least the one seen finished).
k=$(sed -n 's/.*interrupted; \([0-9]*\) of [0-9]* points written.*/\1/p' "$tmp/out/host/sweep.log" 2>/dev/null | tail -n 1)
rows=$(grep -v '^#' "$tmp/out/host/measured.partial.csv" 2>/dev/null | tail -n +2 | wc -l)
grep -q '^# partial: true' "$tmp/out/host/measured.partial.csv" 2>/dev/null && [ "${k:-0}" -ge 1 ] && [ "$rows" -eq "$k" ] ||
  { echo "the sweep kept no partial result of its $k points ($rows rows):"; ls -la "$tmp/out/host"; tail -3 "$tmp/out/host/sweep.log"; fail=1; }
grep -q "sweep interrupted" "$tmp/stderr" || { echo "run did not say the sweep was interrupted"; fail=1; }
[ $fail -eq 0 ] && echo "ok: SIGTERM to run ends its sweep"
exit $fail
