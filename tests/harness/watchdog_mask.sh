#!/bin/sh
# Invariant: the watchdog thread runs on the CPUs the process was started on (a taskset's mask),
# not on every CPU of the machine, though the host backend pins the thread that starts it.
# Skipped (77) without taskset or with fewer than 2 CPUs allowed.
# usage: watchdog_mask.sh PKBENCH OUT_DIR
pk=$1 out=$2
command -v taskset >/dev/null 2>&1 || { echo "skip: no taskset"; exit 77; }
[ "$(nproc)" -ge 2 ] || { echo "skip: fewer than 2 CPUs"; exit 77; }
rm -rf "$out" && mkdir -p "$out"
cpu=$(taskset -cp $$ | sed 's/.*: *//; s/[-,].*//')
taskset -c "$cpu" "$pk" sweep --backend host --strategy standard --item-ns 300000000 --batch 8 --min-reps 1 \
  --max-reps 1 --out "$out/run" >/dev/null 2>&1 &
pid=$!
fail=1 seen=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  sleep 0.2
  for t in /proc/$pid/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = pkb-watchdog ] || continue
    seen=1
    mask=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "$t/status")
    if [ "$mask" = "$cpu" ]; then fail=0; else echo "FAIL: the watchdog runs on CPUs $mask, the process on $cpu"; fi
  done
  [ $seen -eq 1 ] && break
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ $seen -eq 1 ] || echo "FAIL: no watchdog thread was seen"
[ $fail -eq 0 ] && echo "ok: the watchdog keeps to CPU $cpu"
exit $fail
