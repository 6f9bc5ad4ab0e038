#!/bin/sh
# Runs every libFuzzer harness of a PKB_FUZZ build (fuzz_trace where the trace import is built)
# over its committed corpus (fuzz/corpus/NAME,
# read only: new inputs go to a temporary folder) for RUNS inputs each, and fails on the first
# crash, leak, sanitizer report or timeout. Prints each harness's time.
# usage: fuzz/run.sh BUILD_DIR [RUNS]   (RUNS default 100000)
# The seed is fixed (PKB_FUZZ_SEED, default 1) so that a CI gate gives the same verdict on the
# same code and a failure reproduces; PKB_FUZZ_SEED=0 lets libFuzzer pick a new one each run, to
# explore further by hand.
set -eu
build=$1 runs=${2:-100000} seed=${PKB_FUZZ_SEED:-1}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in params tidy workload timeline list spread trace; do
  exe=$build/fuzz/fuzz_$name
  if [ "$name" = trace ] && [ ! -x "$exe" ]; then
    echo "fuzz_trace: not built (no Chrome-trace import: yajl or zlib missing)"; continue
  fi
  [ -x "$exe" ] || { echo "fuzz/run.sh: $exe is missing (build with -DPKB_FUZZ=ON --target fuzz)" >&2; exit 2; }
  mkdir -p "$tmp/$name"
  maxlen=4096
  [ "$name" = trace ] && maxlen=16384 # the seed traces are up to 9 KB
  start=$(date +%s)
  if ! "$exe" -seed="$seed" -runs="$runs" -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$tmp/" "$tmp/$name" "$here/corpus/$name" >"$tmp/$name.log" 2>&1; then
    tail -n 40 "$tmp/$name.log"
    for a in "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* "$tmp"/oom-*; do
      [ -e "$a" ] && { echo "input that failed ($a):"; od -c "$a" | head -n 20; }
    done
    echo "fuzz/run.sh: fuzz_$name failed" >&2
    exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name.log")
  echo "fuzz_$name: $execs inputs (seed $seed), $(($(date +%s) - start)) s, no sanitizer report"
done
