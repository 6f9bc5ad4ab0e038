#!/bin/sh
# Ctrl-C (or SIGTERM, SIGHUP, SIGPIPE) during a host sweep: exit 128 + signal (130 for INT, 143
# for TERM), the backend's threads joined (the process ends), and the finished points kept in
# measured.partial.csv (marked partial) and measured.partial.json, with no measured.csv or
# measured.json. The sweep is long (large batches, no noise target) so the signal lands mid-run.
# usage: host_interrupt.sh PKBENCH CHECK_OUTPUTS [SIGNAL EXIT]
set -u
pk=$1 check=$2 sig=${3:-INT} want=${4:-130}
. "$(dirname "$0")/../common/interrupt.sh"
# Started with SIGHUP ignored (nohup ctest), the sweep keeps it ignored (host_nohup.sh): no test.
if [ "$sig" = HUP ] && awk '/^SigIgn:/ { exit !(index("13579bdfBDF", substr($2, length($2))) > 0) }' /proc/$$/status; then
  echo "SIGHUP is ignored in this shell (nohup): skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=standard,standard-sync I=0,50000 B=1,4096,8192
"$pk" sweep --backend host --strategy $S --item-ns $I --batch $B --min-reps 20 --noise 0 --max-time-s 60 \
  --out "$tmp/run" >"$tmp/stdout" 2>"$tmp/stderr" &
# Once at least one point is done (its progress line), interrupt.
signal_at_line $! "$sig" "$tmp/stderr" '^\[1/' 300 0.1 || { cat "$tmp/stderr"; exit 1; }
rc=$signalled_rc
if [ $rc -ne "$want" ]; then echo "exit $rc, expected $want"; cat "$tmp/stderr"; exit 1; fi
k=$(tail -n 1 "$tmp/stderr" | sed -n 's/.*interrupted; \([0-9]*\) of 12 points written.*/\1/p')
[ -n "$k" ] || { echo "no interruption summary:"; tail -n 3 "$tmp/stderr"; exit 1; }
[ ! -e "$tmp/run/measured.json" ] && [ ! -e "$tmp/run/measured.csv" ] ||
  { echo "an interrupted run wrote measured.json or measured.csv"; exit 1; }
# The files hold the k points the summary says were written (at least the one seen finished).
"$check" "$tmp/run" $S $I $B "partial=$k"
