#!/bin/sh
# A sweep folder keeps its promises under random faults. ROUNDS times, into one folder on a small
# tmpfs, a host sweep meets one fault: SIGKILL at a random moment, SIGKILL just before a random
# one of its first 16 file-system steps (the writing, commit and clean-up: KILL_AT_LIB, an
# LD_PRELOAD library), SIGINT/TERM/HUP/PIPE at a random moment, a full disk (the tmpfs filled
# to a random 0-48 KB of free space), a read-only folder (the tmpfs remounted read-only), or
# a second sweep started beside it. After every round the folder, read through its commit
# journal (check_folder), must hold files that agree (measured.csv with measured.json of one
# run, and the same for the partial pair), and its complete result must still be there: the
# earlier one, or one this round's sweep committed. At the end one more sweep must leave no
# staging folder and no temporary file. Prints a tally. Needs root (tmpfs); exits 77 otherwise.
# usage: random_faults.sh PKBENCH CHECK_FOLDER KILL_AT_LIB ROUNDS
set -u
pk=$1 check=$2 killat=$3 rounds=$4
[ "$(id -u)" -eq 0 ] || { echo "random_faults.sh: needs root for a tmpfs; skipped"; exit 77; }
tmp=$(mktemp -d)
mnt=$tmp/mnt
pids=""
cleanup() {
  for p in $pids; do kill -9 "$p" 2>/dev/null; done
  mount -o remount,rw "$mnt" 2>/dev/null
  umount "$mnt" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$mnt" && mount -t tmpfs -o size=1m tmpfs "$mnt" || { echo "cannot mount a tmpfs"; exit 1; }
dir=$mnt/run
rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; } # 0..65535
sweep() { # background sweep into $dir; its pid in $!
  "$pk" sweep --backend host --strategy standard,persistent --item-ns 0 --batch 1,2,4 --max-time-s 0.01 \
    --max-reps 20 --out "$dir" >>"$tmp/sweeps.log" 2>&1 &
}
complete_id() { "$check" "$dir" 2>>"$tmp/check.log" | sed -n 's/^complete //p'; }

sweep; wait $! || { echo "the first sweep failed:"; cat "$tmp/sweeps.log"; exit 1; }
start=$(date +%s%N)
sweep; wait $!
span=$((($(date +%s%N) - start) / 1000000)) # ms of one sweep, the window for random faults
have=$(complete_id)
[ "$have" != none ] || { echo "no complete result to start from"; exit 1; }
echo "one sweep takes $span ms; faults land in [0, $((span * 13 / 10))] ms"
disagree=0 lost=0 i=0
n_kill=0 n_step=0 n_sig=0 n_full=0 n_ro=0 n_two=0 n_new=0
while [ $i -lt "$rounds" ]; do
  i=$((i + 1))
  delay=$(($(rand) % (span * 13 / 10 + 1)))
  pause=$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))
  mode=$(($(rand) % 6))
  case $mode in
    0) sweep; p=$!; pids=$p; sleep "$pause"; kill -KILL $p 2>/dev/null; wait $p; n_kill=$((n_kill + 1)) ;;
    1) set -- INT TERM HUP PIPE; shift $(($(rand) % 4)); sweep; p=$!; pids=$p
       sleep "$pause"; kill -"$1" $p 2>/dev/null; wait $p; n_sig=$((n_sig + 1)) ;;
    2) free=$(($(rand) % 49152))
       avail=$(df -B1 --output=avail "$mnt" | tail -n 1)
       [ "$avail" -gt "$free" ] && head -c $((avail - free)) /dev/zero >"$mnt/filler" 2>/dev/null
       sweep; p=$!; pids=$p; wait $p; rm -f "$mnt/filler"; n_full=$((n_full + 1)) ;;
    3) mount -o remount,ro "$mnt"; sweep; p=$!; pids=$p; wait $p; rc=$?
       mount -o remount,rw "$mnt"
       [ $rc -eq 2 ] || { echo "round $i: a sweep into a read-only folder exited $rc"; disagree=$((disagree + 1)); }
       n_ro=$((n_ro + 1)) ;;
    4) sweep; p=$!; sweep; q=$!; pids="$p $q"; sleep "$pause"; kill -KILL $p 2>/dev/null; wait $p; wait $q
       n_two=$((n_two + 1)) ;;
    5) # (ASan would refuse to run after another preloaded library: the order check is off.)
       LD_PRELOAD=$killat PKB_KILL_AT_STEP=$(($(rand) % 16 + 1)) ASAN_OPTIONS=verify_asan_link_order=0 sweep
       p=$!; pids=$p; wait $p; n_step=$((n_step + 1)) ;;
  esac
  pids=""
  now=$("$check" "$dir" 2>>"$tmp/check.log")
  [ $? -eq 0 ] || { echo "round $i (fault $mode): the folder's files disagree:"; tail -n 2 "$tmp/check.log"
                     disagree=$((disagree + 1)); }
  id=$(echo "$now" | sed -n 's/^complete //p')
  if [ "$id" = none ] || [ -z "$id" ]; then
    echo "round $i (fault $mode): the earlier complete result ($have) is gone"; lost=$((lost + 1))
  elif [ "$id" != "$have" ]; then
    n_new=$((n_new + 1)); have=$id
  fi
done
sweep; wait $! || { echo "the last sweep failed:"; tail -n 3 "$tmp/sweeps.log"; disagree=$((disagree + 1)); }
stray=$(ls -A "$dir" | grep -E '^\.pkbench-commit\.|\.tmp\.' || true)
[ -z "$stray" ] || { echo "left behind after a clean sweep: $stray"; disagree=$((disagree + 1)); }
echo "$rounds rounds: $n_kill SIGKILL at a random moment, $n_step at a random file-system step, $n_sig other signals, $n_full full disk, $n_ro read-only, $n_two two writers;" \
     "$n_new new complete results committed; $disagree folders whose files disagree; $lost earlier results lost"
[ $disagree -eq 0 ] && [ $lost -eq 0 ]
