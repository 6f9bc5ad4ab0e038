#!/bin/sh
# Invariant: sweep and calibrate report progress on stderr with elapsed time and ETA: off a
# terminal one plain line per point or step ("[k/n] ... (elapsed m:ss, ETA m:ss)"); on a
# terminal (PKBENCH_PROGRESS=tty, and a real pseudo-terminal where 'script' exists) a status
# line redrawn in place ("\r", erase line, "[k/n] elapsed m:ss, ETA m:ss | ...") and no plain
# lines; either way the measurement itself is unchanged (exit 0, the files written).
# usage: progress.sh PKBENCH
pk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
S="--backend host --strategy standard,persistent --item-ns 0 --batch 1,2 --max-time-s 0.01"
esc=$(printf '\033')
cr=$(printf '\r')

# shellcheck disable=SC2086
PKBENCH_PROGRESS=plain "$pk" sweep $S --out "$tmp/a" >/dev/null 2>"$tmp/err" || { echo "sweep exit $?"; fail=1; }
n=$(grep -cE '^\[[1-4]/4\] .* \(elapsed [0-9]+:[0-9]{2}(, ETA [0-9]+:[0-9]{2})?\)$' "$tmp/err")
[ "$n" -eq 4 ] || { echo "plain sweep: $n of 4 progress lines:"; cat "$tmp/err"; fail=1; }
grep -q ', ETA ' "$tmp/err" || { echo "plain sweep: no ETA"; fail=1; }

# shellcheck disable=SC2086
PKBENCH_PROGRESS=tty "$pk" sweep $S --out "$tmp/b" >/dev/null 2>"$tmp/err" || { echo "sweep exit $?"; fail=1; }
grep -q "$cr$esc\[K\[4/4\] elapsed [0-9]*:[0-9]*, ETA [0-9:]* | persistent/" "$tmp/err" ||
  { echo "tty sweep: no status line for point 4:"; cat -v "$tmp/err"; fail=1; }
if grep -q '(elapsed' "$tmp/err"; then echo "tty sweep: plain lines on a terminal"; fail=1; fi
[ -s "$tmp/b/measured.csv" ] || { echo "tty sweep: no measured.csv"; fail=1; }

PKBENCH_PROGRESS=plain "$pk" calibrate --backend host --reps 2 --out "$tmp/p.json" >/dev/null 2>"$tmp/err" ||
  { echo "calibrate exit $?"; fail=1; }
steps=$(sed -n 's|^pkbench calibrate: \[1/\([0-9]*\)\] .*|\1|p' "$tmp/err")
n=$(grep -cE "^pkbench calibrate: \[[0-9]+/${steps:-0}\] .* \(elapsed [0-9]+:[0-9]{2}(, ETA [0-9]+:[0-9]{2})?\)$" "$tmp/err")
[ -n "$steps" ] && [ "$n" -eq "$steps" ] || { echo "plain calibrate: $n of ${steps:-?} step lines:"; cat "$tmp/err"; fail=1; }

# A real terminal: isatty decides without the variable.
if command -v script >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  script -qec "'$pk' sweep $S --out '$tmp/c' >/dev/null" "$tmp/typescript" >/dev/null 2>&1 ||
    { echo "sweep under script exit $?"; fail=1; }
  grep -q "$cr$esc\[K\[[1-4]/4\] elapsed" "$tmp/typescript" || { echo "pty sweep: no status line:"; cat -v "$tmp/typescript"; fail=1; }
fi
[ $fail -eq 0 ] && echo "ok: progress"
exit $fail
