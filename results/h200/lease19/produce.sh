#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease19): the final commit of the session's GPU tests and
# pkb_harness_overhead after its review fixes (bounded bare waits, --raw): every strategy with
# 40 pairs and --raw, then persistent-resident alone.
# usage: results/h200/lease19/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
pkb_machine "$o/machine.txt"
timeout 240 ctest --test-dir build-gpu -L "gpu|cuda" --output-on-failure >"$o/gpu-tests.txt" 2>&1
echo "ctest -L 'gpu|cuda' exit $?" | tee -a "$log"
for args in "--pairs 40 --raw $o/all-raw.csv" "--pairs 60 --strategy persistent-resident"; do
  echo "## $args" >>"$o/overhead.txt"
  # shellcheck disable=SC2086
  timeout 100 build-gpu/kernels/pkb_harness_overhead $args >>"$o/overhead.txt" 2>&1
  echo "pkb_harness_overhead $args exit $?" | tee -a "$log"
done
pkb_machine "$o/machine.txt"
