#!/bin/sh
# A tiny real sweep and calibration on a GPU backend: on a machine without a visible device the
# sweep must say so in one line and exit 77, and the test is skipped (77); with a device both
# commands exit 0 and their files parse with every point present; the params hold item_kernel_ns
# exactly when their context says CUPTI timed it.
# usage: gpu_sweep.sh PKBENCH CHECK_OUTPUTS BACKEND
set -u
pk=$1 check=$2 be=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=standard,standard-sync,graph,persistent,persistent-resident I=0,5000 B=1,64
"$pk" sweep --backend "$be" --strategy $S --item-ns $I --batch $B --out "$tmp/run" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc -eq 77 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "no .* device visible" "$tmp/stderr"; then
  cat "$tmp/stderr"; exit 77
fi
if [ $rc -ne 0 ]; then echo "sweep exit $rc"; cat "$tmp/stderr"; exit 1; fi
"$pk" calibrate --backend "$be" --reps 5 --out "$tmp/params.json" >"$tmp/cal.out" 2>"$tmp/cal.err"
rc=$?
if [ $rc -ne 0 ]; then echo "calibrate exit $rc"; cat "$tmp/cal.err"; exit 1; fi
cat "$tmp/cal.out"
# item_kernel_ns: in the params where CUPTI timed it (the context names the library), else the
# context says why not (the cuda backend without libcupti; the hip backend always).
if grep -q '"item_kernel_probe": "cupti ' "$tmp/params.json"; then
  grep -q '"item_kernel_ns": [0-9]' "$tmp/params.json" || { echo "item_kernel_probe says cupti, no item_kernel_ns"; exit 1; }
else
  grep -q '"item_kernel_probe": "not measured: ' "$tmp/params.json" || { echo "no item_kernel_probe note"; exit 1; }
  if grep -q '"item_kernel_ns"' "$tmp/params.json"; then echo "item_kernel_ns without CUPTI"; exit 1; fi
fi
grep '"item_kernel_probe"' "$tmp/params.json"
"$check" "$tmp/run" $S $I $B "$tmp/params.json"
