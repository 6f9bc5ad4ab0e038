#!/bin/sh
# Runs compute-sanitizer's memcheck, racecheck and synccheck tools (each) over the CUDA
# backend's quick workload; the invariant: every kernel (item, persistent, timer) runs clean
# under each tool. Exit 0 clean, 1 a tool reported an error, 77 no device or no sanitizer.
#   usage: sanitize.sh TEST_BINARY [CUDA_BIN_DIR]
bin=$1
cuda_bin=${2:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "usage: sanitize.sh TEST_BINARY [CUDA_BIN_DIR]" >&2
    exit 2
fi
cs=$(command -v compute-sanitizer 2>/dev/null)
for d in "$cuda_bin" "${CUDA_HOME:-}/bin" /usr/local/cuda/bin; do
    if [ -z "$cs" ] && [ -n "$d" ] && [ -x "$d/compute-sanitizer" ]; then
        cs=$d/compute-sanitizer
    fi
done
# Skip without a device: the workload itself says so with 77.
"$bin" quick >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 77 ]; then
    echo "skipped: no CUDA device visible"
    exit 77
fi
if [ -z "$cs" ]; then
    echo "skipped: compute-sanitizer not found (PATH, CUDA_HOME/bin, $cuda_bin)"
    exit 77
fi
if [ "$rc" -ne 0 ]; then
    echo "the workload fails without the sanitizer (exit $rc); run '$bin quick'" >&2
    exit 1
fi
status=0
for tool in memcheck racecheck synccheck; do
    echo "== compute-sanitizer --tool $tool"
    if "$cs" --tool "$tool" --error-exitcode 1 "$bin" quick; then
        echo "== $tool: clean"
    else
        echo "== $tool: FAILED" >&2
        status=1
    fi
done
exit $status
