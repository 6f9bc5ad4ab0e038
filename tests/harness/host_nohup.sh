#!/bin/sh
# Invariant: a run started with SIGHUP ignored (nohup, `trap '' HUP`: the user asked that it
# outlive its terminal) is not stopped by SIGHUP: a sweep sent one mid-run, and pkbench run sent
# one in its calibration (a step it runs as a child, its signals forwarded), both go on to the
# end and exit 0 with their whole results. Before, both caught it as a Ctrl-C (exit 129, a
# partial sweep).
# usage: host_nohup.sh PKBENCH
set -u
pk=$1
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# shellcheck disable=SC2016 # $0 and $@ are the inner shell's
nohup_sh='trap "" HUP; exec "$0" "$@"'
sh -c "$nohup_sh" "$pk" sweep --backend host --strategy standard,persistent --item-ns 0,20000 --batch 1,64,1024 \
  --max-time-s 0.1 --out "$tmp/sweep" >"$tmp/sweep.out" 2>"$tmp/sweep.err" &
signal_at_line $! HUP "$tmp/sweep.err" '^\[1/' 300 0.1 || { cat "$tmp/sweep.err"; exit 1; }
[ "$signalled_rc" -eq 0 ] && [ -s "$tmp/sweep/measured.csv" ] && [ ! -e "$tmp/sweep/measured.partial.csv" ] ||
  { echo "sweep under nohup: exit $signalled_rc after SIGHUP:"; tail -3 "$tmp/sweep.err"; fail=1; }
sh -c "$nohup_sh" "$pk" run --backend host --quick --out "$tmp/run" >"$tmp/run.out" 2>&1 &
signal_at_line $! HUP "$tmp/run.out" 'host (CPU analogue): calibrate the cost-model parameters' 600 0.1 ||
  { cat "$tmp/run.out"; exit 1; }
# Whole: its gates judged (they pass about 9 runs in 10, results/host/README.md: 0 or 1), nothing
# said interrupted.
{ [ "$signalled_rc" -eq 0 ] || [ "$signalled_rc" -eq 1 ]; } && [ -s "$tmp/run/host/measured.csv" ] &&
  grep -q '^pkbench run: gates: ' "$tmp/run.out" && ! grep -q 'interrupted' "$tmp/run.out" ||
  { echo "run under nohup: exit $signalled_rc after SIGHUP:"; tail -3 "$tmp/run.out"; fail=1; }
[ $fail -eq 0 ] && echo "ok: SIGHUP ignored at start stays ignored"
exit $fail
