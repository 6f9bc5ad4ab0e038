#!/bin/sh
# Invariant: decide --params takes each figure from the calibration into its own flag's place:
# the overlap model's verdict from --params alone equals the one with every figure given again
# by its flag, rounded to integer ns as --params rounds it (a figure read into another's place,
# sync_ns into teardown's, changes the savings), at items of 0 and 1000 ns and batches 4 and 256.
# Every figure the overlap model takes is given, the batch's own round trip (B_l, else B) and no
# host work among them, so that no slot can take another's figure unseen.
# usage: decide_params.sh PKBENCH PARAMS_JSON
set -u
pk=$1 params=$2
flags=$(python3 -c "import json, sys
p = json.load(open(sys.argv[1]))['params']
r = lambda k: max(0, round(p[k]))
print('--launch-overhead-ns', r('launch_host_ns'), '--setup-ns', r('persistent_setup_ns'), '--gap-ns', r('kernel_gap_ns'),
      '--latency-ns', r('launch_latency_ns'), '--queue-depth', r('launch_queue_depth'), '--persistent-item-ns',
      r('persistent_item_ns'), '--teardown-ns', r('persistent_teardown_ns'), '--sync-ns', r('sync_ns'),
      '--persistent-batch-ns', r('persistent_launch_trip_ns') if p.get('persistent_launch_trip_ns', 0) > 0
      else r('persistent_batch_ns'), '--host-work-ns', 0)" "$params") ||
  { echo "cannot read $params"; exit 1; }
fail=0
for item in 0 1000; do
  for n in 4 256; do
    a=$("$pk" decide --model overlap --params "$params" --batch $n --item-ns $item) || { echo "decide --params failed"; exit 1; }
    # shellcheck disable=SC2086 # the flags' words
    b=$("$pk" decide --model overlap --params "$params" --batch $n --item-ns $item $flags) || { echo "decide failed"; exit 1; }
    echo "item $item, N = $n: $a (flags again: $b)"
    [ "$a" = "$b" ] || fail=1
  done
done
exit $fail
