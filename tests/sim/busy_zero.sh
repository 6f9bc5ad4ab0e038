#!/bin/sh
# Invariant: a calibration whose busy launch cost holds a sample of 0 (a clamped difference, which
# SCHEMA allows) is simulated: the share of a launch call the device is busy never passes 1, so
# the call's cost never goes below 0 (it did by rounding, and the run failed with "invalid
# argument", exit 2).
# usage: busy_zero.sh PKBENCH PARAMS_JSON OUT_DIR
pk=$1 params=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
jq '.samples.launch_host_busy_ns = [0.0, 3800.0, 3900.0]' "$params" >"$out/p.json" || exit 1
"$pk" simulate --params "$out/p.json" --out "$out/p.csv" --batch 1,7,33 --item-ns 5000 --draws 20 --strategy standard \
  >"$out/log" 2>&1 || { echo "simulate failed:"; cat "$out/log"; exit 1; }
[ "$(grep -vc '^#' "$out/p.csv")" -eq 4 ] || { echo "not 3 rows:"; cat "$out/p.csv"; exit 1; }
