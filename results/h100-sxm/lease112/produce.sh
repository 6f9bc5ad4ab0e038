#!/usr/bin/env bash
# Lease 112 (README.md here): on an H200, lease 100's script unchanged (the GPU tests, the
# idle-against-busy probe, main jobs until MAIN_DEADLINE_S into the call); then, on any card, the
# wedge test printed (wedge.txt) and the same test against the GPU backend with the wedged
# resident kernel's stop taken out again (mutation.txt: it is expected to fail), packed into TAR.
# The mutation is made in the GPU machine's copy of the tree, after the main jobs, and built
# apart (build-mut). Never changes GPU settings.
# usage: results/h200/lease112/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
here=$(dirname "$0")
name=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)
case $name in
*H200*) bash "$here/../../h100-sxm/lease100/produce.sh" "$o" "$tarball" "${3:-380}" ;;
*) echo "not an H200 ($name): the wedge test and its mutation alone" >&2 ;;
esac
# shellcheck source=results/h200/prelude.sh
. "$here/../../h200/prelude.sh"
mkdir -p "$o"
[ -x build-gpu/tests/gpu/pkb_test_cuda ] || { pkb_build . build-gpu pkb_test_cuda && pkb_machine "$o/machine.txt"; }
PKB_TEST_HANG_PERSISTENT=4 timeout 60 build-gpu/tests/gpu/pkb_test_cuda wedge >"$o/wedge.txt" 2>&1
echo "pkb_test_cuda wedge exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
# The mutation: a wedged resident kernel reused, as before the fix.
sed -i 's/b->p_wedged || !b->p_resident/!b->p_resident/' kernels/gpu_strategies.inc
grep -c 'b->p_wedged || !b->p_resident' kernels/gpu_strategies.inc | sed 's/^/fix lines left after the mutation: /' >>"$o/mutation.txt"
pkb_build . build-mut pkb_test_cuda || echo "mutation build failed" >>"$o/mutation.txt"
PKB_TEST_HANG_PERSISTENT=4 timeout 60 build-mut/tests/gpu/pkb_test_cuda wedge >>"$o/mutation.txt" 2>&1
echo "mutated pkb_test_cuda wedge exit $? at ${SECONDS} s (expected non-zero)" | tee -a "$o/log.txt"
pkb_pack "$o" "$tarball"
