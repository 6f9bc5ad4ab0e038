#!/bin/sh
# --device all|LIST on the host backend (made 2 devices by PKB_TEST_HOST_DEVICES=2): one worker
# per device, at once, each writing the whole grid into OUT/device-K/ with its log beside it,
# and OUT/devices.csv naming each device's folder, exit code and points; a single index keeps
# the folder layout of one device; without the test variable 'all' is device 0 alone; a bad
# filter or shard is refused before anything is made; a --resume every worker refuses (other
# flags) is said once and leaves the index as it was; one refused by some workers only leaves
# their folders as they were and their rows counting what those hold. Ctrl-C
# reaches every worker: exit 130, each folder partial, the index written.
# usage: devices.sh PKBENCH
set -u
pk=$1
. "$(dirname "$0")/../common/interrupt.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
grid="--backend host --strategy standard,persistent --item-ns 0 --batch 1,2,4 --max-time-s 0.01 --max-reps 10"
rows() { grep -v '^#' "$1" | tail -n +2 | wc -l; }

PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --device all --out "$tmp/all" >"$tmp/out" 2>"$tmp/err" ||
  { no "--device all exit $?"; cat "$tmp/err"; }
for k in 0 1; do
  [ "$(rows "$tmp/all/device-$k/measured.csv" 2>/dev/null)" = 6 ] || no "device-$k/measured.csv lacks its 6 rows"
  [ -f "$tmp/all/device-$k/measured.json" ] || no "no device-$k/measured.json"
  grep -q "points .* written to $tmp/all/device-$k" "$tmp/all/device-$k.log" || no "device-$k.log lacks the summary"
done
# --resume with other flags is refused by every worker: exit 2, the refusal said once (after the
# fan-out's note), and the index left as it was (it named the complete results).
cp "$tmp/all/devices.csv" "$tmp/index.before"
PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --device all --noise 0.02 --resume --out "$tmp/all" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || no "--resume with other flags: exit $rc, expected 2"
[ "$(grep -c "was made by another sweep" "$tmp/err")" = 1 ] || { no "the refusal is not said once:"; cat "$tmp/err"; }
[ "$(wc -l <"$tmp/err")" -le 2 ] || { no "more than the note and the refusal:"; cat "$tmp/err"; }
cmp -s "$tmp/index.before" "$tmp/all/devices.csv" || no "a refused --resume rewrote devices.csv"
[ ! -e "$tmp/all/measured.csv" ] || no "the fan-out wrote OUT/measured.csv"
want="device_index,dir,exit_code,points,partial,device,pci_bus_id,log
0,device-0,0,6,false,XX,,device-0.log
1,device-1,0,6,false,XX,,device-1.log"
got=$(grep -v '^#' "$tmp/all/devices.csv" 2>/dev/null | sed 's/,false,[^,]*,/,false,XX,/')
[ "$got" = "$want" ] || { no "devices.csv:"; cat "$tmp/all/devices.csv"; }
[ -s "$tmp/out" ] && no "the fan-out printed on stdout: $(head -3 "$tmp/out")"
# Refused by one worker only (device-1's folder was made by another sweep): device 0 resumes,
# device 1's folder stays as it was, and its index row still counts the result it holds.
PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --noise 0.02 --device 1 --out "$tmp/all/device-1" >/dev/null 2>&1 ||
  no "--device 1 into device-1 failed"
cp "$tmp/all/device-1/measured.csv" "$tmp/one.before"
PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --device all --resume --out "$tmp/all" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || no "--resume refused by device 1 only: exit $rc, expected 1 (the workers differ)"
grep -q "device 1 exit 2: .*was made by another sweep" "$tmp/err" || { no "device 1's refusal not said:"; cat "$tmp/err"; }
cmp -s "$tmp/one.before" "$tmp/all/device-1/measured.csv" || no "the refused worker changed device-1/measured.csv"
grep -q '^0,device-0,0,6,false,' "$tmp/all/devices.csv" || { no "index row 0:"; cat "$tmp/all/devices.csv"; }
grep -q '^1,device-1,2,6,false,' "$tmp/all/devices.csv" || { no "index row 1 hides device-1's result:"; cat "$tmp/all/devices.csv"; }

PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --device 1 --out "$tmp/one" >/dev/null 2>&1 || no "--device 1 failed"
[ "$(rows "$tmp/one/measured.csv" 2>/dev/null)" = 6 ] && [ ! -e "$tmp/one/devices.csv" ] || no "--device 1 is not one plain folder"
$pk sweep $grid --device all --out "$tmp/host" >/dev/null 2>&1 || no "--device all on one device failed"
[ "$(grep -vc '^#' "$tmp/host/devices.csv" 2>/dev/null)" = 2 ] && [ -f "$tmp/host/device-0/measured.csv" ] ||
  no "--device all without the test variable is not device 0 alone"

# A filter that selects none, no regex, or more shards than cells: refused before the fan-out
# makes OUT (exit 2, one line); over a finished fan-out, its index and logs stay as they were.
cp "$tmp/all/devices.csv" "$tmp/index.before"
for bad in --benchmark_filter=nomatch --benchmark_filter='[' '--shard 0/7'; do
  for out in "$tmp/bad" "$tmp/all"; do
    # shellcheck disable=SC2086
    PKB_TEST_HOST_DEVICES=2 $pk sweep $grid --device all $bad --out "$out" >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] || { no "--device all $bad into $out: exit $rc:"; cat "$tmp/err"; }
  done
  [ ! -e "$tmp/bad" ] || no "--device all $bad made OUT"
  cmp -s "$tmp/all/devices.csv" "$tmp/index.before" || no "--device all $bad rewrote a finished fan-out's index"
done

# Interrupted: every worker stops with its finished points (partial), the index says so.
PKB_TEST_HOST_DEVICES=2 $pk sweep --backend host --strategy standard,standard-sync --item-ns 0,50000 \
  --batch 1,4096,8192 --min-reps 20 --noise 0 --max-time-s 60 --device 0,1 --out "$tmp/int" >/dev/null 2>"$tmp/err" &
pid=$!
wait_for_line "$tmp/int/device-0.log" '^\[1/' 600 0.1 $pid || { stop_child $pid; cat "$tmp/err"; exit 1; }
signal_at_line $pid INT "$tmp/int/device-1.log" '^\[1/' 600 0.1 || { cat "$tmp/err"; exit 1; }
rc=$signalled_rc
[ $rc -eq 130 ] || { no "interrupted fan-out exit $rc, expected 130"; cat "$tmp/err"; }
for k in 0 1; do
  grep -q '^# partial' "$tmp/int/device-$k/measured.partial.csv" 2>/dev/null || no "device-$k is not partial"
  grep -q "^$k,device-$k,130,[0-9][0-9]*,true," "$tmp/int/devices.csv" 2>/dev/null || no "index row $k: $(grep "^$k," "$tmp/int/devices.csv")"
done
[ $fail -eq 0 ] && echo "ok: one worker per device, index, interruption"
exit $fail
