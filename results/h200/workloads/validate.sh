#!/usr/bin/env bash
# Validates `pkbench simulate --workload` on real PyTorch models (issue 16): captures the models
# (capture.py: eager steps, CUDA-graph replays, profiler traces), calibrates pkbench in the same
# lease, imports the traces, predicts every strategy and compares with what was measured
# (compare.py).
#
# usage: results/h200/workloads/validate.sh OUTDIR
#            on the GPU machine, from the repository root: capture, calibrate, compare
#        results/h200/workloads/validate.sh --compare DIR [--params P.json]
#            anywhere: the comparison again from DIR's summary.json[.gz], traces (traces.tar or
#            traces/*.trace.json.gz) and params.json (or P.json)
# PKBENCH names the pkbench binary (default: build-gpu/harness/pkbench when it exists, else
# build/harness/pkbench; in the first form it is built like results/h100-sxm/produce.sh when
# neither exists). It must have trace import (yajl and zlib) for the comparison; without it the
# first form still captures and calibrates, and says to run the second form elsewhere.
# PARAMS names a params.json calibrated earlier in the same lease (results/h200/produce.sh's
# `pkbench run` makes one) to use instead of calibrating again; CAPTURE_ARGS adds options to
# capture.py (e.g. --no-nsys); PKB_GIT_COMMIT is passed to the build as in produce.sh.
# PKB_CUPTI_LIB names the libcupti calibration loads; unset, ../cupti-lib.sh looks for torch's
# (pip nvidia-cuda-cupti) or the CUDA toolkit's.
# OUTDIR gets at most 7 files: summary.json, traces.tar, log.txt (capture.py's), params.json,
# validate.log, comparison.md, comparison.csv. Never changes GPU settings.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

pick_pkbench() {
  if [ -n "${PKBENCH:-}" ]; then echo "$PKBENCH"
  elif [ -x build-gpu/harness/pkbench ]; then echo build-gpu/harness/pkbench
  else echo build/harness/pkbench
  fi
}

# compare DIR PARAMS [LOG]: import, predict, compare.py; 0 when the comparison was written. The
# commands' output goes to LOG (without one, to a temporary file shown when a step fails).
compare() {
  local dir=$1 params=$2 log=${3:-} pk work summary
  pk=$(pick_pkbench)
  summary=$dir/summary.json
  [ -f "$summary" ] || summary=$dir/summary.json.gz
  for f in "$summary" "$params"; do
    [ -f "$f" ] || { echo "validate.sh: $f: missing" >&2; return 2; }
  done
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  [ -n "$log" ] || log=$work/validate.log
  if [ -f "$dir/traces.tar" ]; then
    tar -xf "$dir/traces.tar" -C "$work" || return 2
  else
    cp "$dir"/traces/*.trace.json.gz "$work"/ || return 2
  fi
  local t m rc=0
  local first
  for first in "$work"/*.trace.json.gz; do break; done
  if "$pk" trace import "$first" --format chrome --out "$work/probe.csv" 2>&1 |
      grep -q "built without"; then
    echo "validate.sh: $pk has no Chrome-trace import; run 'validate.sh --compare $dir' where it has" |
      tee -a "$log" >&2
    return 3
  fi
  for t in "$work"/*.trace.json.gz; do
    m=$(basename "$t" .trace.json.gz) # M or M.graph
    { "$pk" trace import "$t" --out "$work/$m.workload.csv" &&
      if [ "${m%.graph}" = "$m" ]; then
        "$pk" simulate --params "$params" --workload "$work/$m.workload.csv" --out "$work/$m.prediction.csv"
      else
        "$pk" simulate --params "$params" --workload "$work/$m.workload.csv" --strategy graph \
          --out "$work/$m.prediction.csv"
      fi; } >>"$log" 2>&1 || { echo "validate.sh: $m: import or simulate failed:" >&2; tail -5 "$log" >&2; rc=1; }
  done
  python3 "$here/compare.py" --summary "$summary" --params "$params" --work "$work" \
    --out-md "$dir/comparison.md" --out-csv "$dir/comparison.csv" || return 2
  return $rc
}

if [ "${1:-}" = "--compare" ]; then
  dir=${2:?usage: validate.sh --compare DIR [--params P.json]}
  params=$dir/params.json
  [ "${3:-}" = "--params" ] && params=${4:?--params needs a file}
  compare "$dir" "$params"
  exit $?
fi

out=${1:?usage: validate.sh OUTDIR | validate.sh --compare DIR [--params P.json]}
mkdir -p "$out"
log=$out/validate.log
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }

if [ -z "${PKBENCH:-}" ] && [ ! -x build-gpu/harness/pkbench ]; then
  step configure and build
  commit_arg=()
  [ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
    -DCMAKE_PREFIX_PATH="$PWD/.deps" "${commit_arg[@]}" >>"$log" 2>&1 &&
    cmake --build build-gpu -j16 --target pkbench >>"$log" 2>&1 || { echo "build failed"; tail -40 "$log"; exit 1; }
fi

# The libcupti that pkbench calibrate times the item kernel with (item_kernel_ns, which the
# graph prediction subtracts from graph_node_ns).
# shellcheck source=results/h200/cupti-lib.sh
. "$here/../cupti-lib.sh" >/dev/null
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-(none found)}" | tee -a "$log"

step capture.py
# shellcheck disable=SC2086 # CAPTURE_ARGS is a list of options
PYTHONUNBUFFERED=1 python3 "$here/capture.py" "$out" ${CAPTURE_ARGS:-}
rc=$?
echo "capture.py exit $rc" | tee -a "$log"
[ $rc -eq 77 ] && exit 77
if [ ! -f "$out/summary.json" ] || [ ! -f "$out/traces.tar" ]; then
  echo "validate.sh: capture.py wrote no traces"
  exit 1
fi

if [ -n "${PARAMS:-}" ]; then
  step "parameters from $PARAMS (calibrated earlier in this lease)"
  cp "$PARAMS" "$out/params.json" || exit 1
else
  step pkbench calibrate
  "$(pick_pkbench)" calibrate --backend cuda --out "$out/params.json" >>"$log" 2>&1
  rc=$?
  echo "pkbench calibrate exit $rc" | tee -a "$log"
  [ $rc -eq 0 ] || exit 1
fi

step compare
compare "$out" "$out/params.json" "$log"
rc=$?
step "done"
exit $rc
