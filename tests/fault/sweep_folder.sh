#!/bin/sh
# A sweep's folder under concurrent writers and signals keeps its promises: a second sweep into
# a folder being written is refused (exit 2, one line naming the holder's pid) and changes
# nothing; Ctrl-C of a re-sweep keeps the earlier complete measured.csv and measured.json
# byte for byte and puts the finished points in measured.partial.csv/.json, also when two SIGINTs
# come at once; after SIGKILL the
# earlier pair is intact too, and the next sweep leaves no staging folder or temporary file and
# removes the stale partial pair when it completes; a resume reads a gzipped partial pair.
# usage: sweep_folder.sh PKBENCH CHECK_OUTPUTS
set -u
pk=$1 check=$2
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
trap 'kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
bg=""
dir=$tmp/run
fail=0
quick() { "$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1,2 --max-time-s 0.01 --out "$dir" "$@"; }
# A long sweep in the background; returns once its first point (or point $1) is done, or ends the
# test. Its last point's repetitions take about 0.2 s each.
long() {
  rm -f "$tmp/long.err" # else the wait below could read the last run's lines before this one starts
  "$pk" sweep --backend host --strategy standard --item-ns 0,50000 --batch 1,4096 --min-reps 20 --noise 0 \
    --max-time-s 60 --out "$dir" >"$tmp/long.out" 2>"$tmp/long.err" &
  bg=$!
  wait_for_line "$tmp/long.err" "^\\[${1:-1}/" 600 0.1 $bg || { stop_child $bg; cat "$tmp/long.err"; exit 1; }
}
sums() { (cd "$dir" && md5sum measured.csv measured.json); }

quick >/dev/null 2>"$tmp/err" || { echo "first sweep failed: $(cat "$tmp/err")"; exit 1; }
sums >"$tmp/before"

long
"$pk" sweep --backend host --strategy standard --item-ns 0 --batch 1 --out "$dir" >"$tmp/c.out" 2>"$tmp/c.err"
rc=$?
if [ $rc -ne 2 ] || [ "$(wc -l <"$tmp/c.err")" -ne 1 ] ||
   ! grep -q "^pkbench sweep: --out: .*: another pkbench (pid $bg) is writing this folder$" "$tmp/c.err"; then
  echo "second writer: exit $rc:"; cat "$tmp/c.err"; fail=1
fi
kill -INT $bg
wait $bg
rc=$?
[ $rc -eq 130 ] || { echo "interrupted sweep: exit $rc"; cat "$tmp/long.err"; fail=1; }
sums | cmp -s - "$tmp/before" || { echo "Ctrl-C changed the earlier complete result"; fail=1; }
"$check" "$dir" standard 0,50000 1,4096 partial || fail=1

# Two in quick succession, as `timeout` (the command, then its group) and scancel send them,
# during a 0.2 s repetition: the repeat is the same request, and the run still writes its
# partial pair.
long 3
kill -INT $bg; sleep 0.05; kill -INT $bg 2>/dev/null
wait $bg
rc=$?
[ $rc -eq 130 ] || { echo "sweep sent two SIGINTs: exit $rc"; cat "$tmp/long.err"; fail=1; }
grep -q "interrupted" "$tmp/long.err" || { echo "two SIGINTs killed the sweep before it wrote:"; cat "$tmp/long.err"; fail=1; }
"$check" "$dir" standard 0,50000 1,4096 partial || fail=1
[ "$(grep -v '^#' "$dir/measured.partial.csv" | tail -n +2 | wc -l)" -eq 3 ] ||
  { echo "expected the 3 finished points in measured.partial.csv"; fail=1; }

long
grep -q "holds an earlier partial sweep: this one replaces it, stopped or done (--resume would carry its finished points over)" "$tmp/long.err" ||
  { echo "a sweep over a partial pair did not say it replaces it and that --resume would keep its points"; fail=1; }
kill -KILL $bg
wait $bg 2>/dev/null
sums | cmp -s - "$tmp/before" || { echo "SIGKILL changed the earlier complete result"; fail=1; }
ls -A "$dir" | grep -q '^\.pkbench-commit\.' || { echo "expected the killed sweep's staging folder"; fail=1; }

quick >/dev/null 2>"$tmp/err" || { echo "sweep after SIGKILL failed: $(cat "$tmp/err")"; fail=1; }
"$check" "$dir" standard 0 1,2 || fail=1
[ ! -e "$dir/measured.partial.csv" ] && [ ! -e "$dir/measured.partial.json" ] ||
  { echo "a complete sweep left the stale partial pair"; fail=1; }
# Gzipped, as the committed leases keep them (readers take NAME.gz where NAME is missing): a
# resume carries the points of a gzipped partial CSV over, and its complete commit leaves no
# gzipped file of the names it puts or removes, which would be another run's.
(cd "$dir" && sed '1a # partial: true (the run stopped before every point was measured)' measured.csv | sed '$d' \
  >measured.partial.csv && rm -f measured.json && gzip -n measured.csv measured.partial.csv && echo x | gzip >measured.json.gz)
quick --resume >/dev/null 2>"$tmp/err" || { echo "resume of a gzipped partial pair failed: $(cat "$tmp/err")"; fail=1; }
[ "$(sed -n 's/^# context resumed_points=//p' "$dir/measured.csv")" = 1 ] ||
  { echo "a resume did not carry the gzipped partial CSV's point over: $(cat "$tmp/err")"; fail=1; }
left=$(cd "$dir" && ls measured*.gz 2>/dev/null)
[ -z "$left" ] || { echo "a complete commit left gzipped files beside its own: $left"; fail=1; }
[ $fail -eq 0 ] && echo "ok: sweep folder"
exit $fail
