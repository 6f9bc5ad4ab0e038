#!/bin/sh
# Ctrl-C during a host calibration: exit 130 within a probe chunk, backend closed, and no
# params file (a params file always holds every parameter).
# usage: host_calibrate_interrupt.sh PKBENCH
set -u
pk=$1
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 20000 reps: 200000 launch-latency probe samples, far longer than the wait below.
"$pk" calibrate --backend host --reps 20000 --out "$tmp/params.json" >"$tmp/stdout" 2>"$tmp/stderr" &
# Up to 120 s for the step before it (h: up to three rounds of 20000 runs), which took over 30 s
# on a two-core VM busy with two builds.
signal_at_line $! INT "$tmp/stderr" 'launch_latency_ns' 1200 0.1 || { cat "$tmp/stderr"; exit 1; }
rc=$signalled_rc
if [ $rc -ne 130 ]; then echo "exit $rc, expected 130"; cat "$tmp/stderr"; exit 1; fi
tail -n 1 "$tmp/stderr" | grep -q "^pkbench calibrate: interrupted; .* not written$" ||
  { echo "no interruption line:"; tail -n 2 "$tmp/stderr"; exit 1; }
[ ! -e "$tmp/params.json" ] || { echo "an interrupted calibration wrote params"; exit 1; }
[ ! -s "$tmp/stdout" ] || { echo "an interrupted calibration printed a table"; exit 1; }
