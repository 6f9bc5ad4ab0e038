#!/usr/bin/env bash
# The trace-import benchmark (not a test): generates synthetic PyTorch profiler traces with
# pkb_bench_trace and times `pkbench trace import` on each (wall time, max RSS from
# /usr/bin/time), three runs each. Series: file size with the kernel density of a real trace
# (memory grows with the kernels kept, not the bytes), and file size with the kernel count held
# at 5,000 (memory must stay flat), and the 100 MiB trace gzipped.
# usage: results/trace-bench/run.sh BUILD_DIR WORK_DIR   (BUILD_DIR: a Release build)
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR WORK_DIR} work=${2:?usage: run.sh BUILD_DIR WORK_DIR}
pk=$build/harness/pkbench gen=$build/harness/pkb_bench_trace
mkdir -p "$work"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
echo "# $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # NAME FILE
  for i in 1 2 3; do
    /usr/bin/time -f "$1 run $i: %e s wall, %U s user, %M KiB max RSS" "$pk" trace import "$2" --out "$work/out.csv" \
      2>&1 >"$work/import.log" | tail -1
  done
  head -c 300 "$work/import.log"
}
for mb in 10 100 400; do
  "$gen" "$work/t$mb.json" $mb
  run "${mb}MiB" "$work/t$mb.json"
done
for mb in 10 100 400; do
  "$gen" "$work/k$mb.json" $mb --kernels 5000
  run "${mb}MiB-5000k" "$work/k$mb.json"
  rm -f "$work/k$mb.json"
done
gzip -6 -c "$work/t100.json" >"$work/t100.json.gz"
ls -l "$work/t100.json.gz" | awk '{printf "# t100.json.gz: %.1f MiB\n", $5/1048576}'
run "100MiB-gzip" "$work/t100.json.gz"
rm -f "$work"/t*.json "$work"/t*.json.gz "$work/out.csv" "$work/import.log"
