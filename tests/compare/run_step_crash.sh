#!/bin/sh
# Invariant: a step of 'pkbench run' that dies of a signal of its own (a crash, the OOM killer;
# here SIGKILL sent to the sweep alone, as the OOM killer sends it: a sanitizer build would catch a
# SIGSEGV and exit 1) is a failed step: run names the signal and the step's log and exits 1 ("a
# step failed"). It was reported as "sweep interrupted", the steps after it were skipped as after
# Ctrl-C, and run exited 128 + the signal.
# usage: run_step_crash.sh PKBENCH OUT_DIR
pk=$1 out=$2
. "$(dirname "$0")/../common/interrupt.sh"
rm -rf "$out" && mkdir -p "$out" || exit 1
"$pk" run --backend host --quick --out "$out/r" >"$out/stdout" 2>"$out/stderr" &
pid=$!
sweep=
i=0
while [ -z "$sweep" ] && [ $i -lt 600 ] && kill -0 $pid 2>/dev/null; do # the sweep step, once it runs
  for c in $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p=$pid '$4 == p { print $1 }'); do # its children
    tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -q ' sweep ' && sweep=$c
  done
  [ -n "$sweep" ] || sleep 0.05
  i=$((i + 1))
done
[ -n "$sweep" ] || { echo "no sweep step seen"; stop_child $pid; cat "$out/stderr"; exit 1; }
kill -KILL "$sweep"
wait $pid
rc=$?
fail=0
[ $rc -eq 1 ] || { echo "run exited $rc, expected 1 (a step failed)"; fail=1; }
grep -q "^pkbench run: host (CPU analogue): 'pkbench sweep' failed (ended by signal 9, .*; its output is in $out/r/host/sweep.log)" \
  "$out/stderr" || { echo "the crash is not named"; fail=1; }
! grep -q "interrupted" "$out/stderr" || { echo "the crash was read as an interruption"; fail=1; }
[ $fail -eq 0 ] || cat "$out/stderr"
exit $fail
