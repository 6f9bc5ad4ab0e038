#!/bin/sh
# pkb-gpu-slot.sh shows a GPU test only the GPU that CTest gave it: allocation id:K makes GPU K
# of those visible (the K-th entry of CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES, or K when
# unset) the only one; an empty list stays empty (no GPU); without an allocation nothing
# changes; the test's exit code (77) is passed on, and with PKB_REQUIRE_GPU=1 a skip fails (1)
# while other codes pass through.
# usage: gpu_slot.sh PKB_GPU_SLOT_SH
set -u
slot=$1
fail=0
show='echo "${CUDA_VISIBLE_DEVICES-unset}/${HIP_VISIBLE_DEVICES-unset}"'
check() { # want, then env assignments
  want=$1; shift
  got=$(env -u CUDA_VISIBLE_DEVICES -u HIP_VISIBLE_DEVICES -u CTEST_RESOURCE_GROUP_0_GPUS "$@" sh "$slot" sh -c "$show")
  [ "$got" = "$want" ] || { echo "FAIL: $* gave '$got', expected '$want'"; fail=1; }
}
check "1/1" CTEST_RESOURCE_GROUP_0_GPUS=id:1,slots:1
check "GPU-b/1" CTEST_RESOURCE_GROUP_0_GPUS=id:1,slots:1 CUDA_VISIBLE_DEVICES=GPU-a,GPU-b
check "3/2" CTEST_RESOURCE_GROUP_0_GPUS=id:0,slots:1 CUDA_VISIBLE_DEVICES=3,5 HIP_VISIBLE_DEVICES=2
check "/0" CTEST_RESOURCE_GROUP_0_GPUS=id:0,slots:1 CUDA_VISIBLE_DEVICES=
check "unset/unset"
check "4,5/unset" CUDA_VISIBLE_DEVICES=4,5
env -u PKB_REQUIRE_GPU sh "$slot" sh -c 'exit 77'
[ $? -eq 77 ] || { echo "FAIL: exit 77 not passed on"; fail=1; }
PKB_REQUIRE_GPU=1 sh "$slot" sh -c 'exit 77' >/dev/null
[ $? -eq 1 ] || { echo "FAIL: PKB_REQUIRE_GPU=1 let a skip pass"; fail=1; }
PKB_REQUIRE_GPU=1 sh "$slot" sh -c 'exit 3'
[ $? -eq 3 ] || { echo "FAIL: PKB_REQUIRE_GPU=1 changed exit 3"; fail=1; }
PKB_REQUIRE_GPU=1 sh "$slot" sh -c 'exit 0'
[ $? -eq 0 ] || { echo "FAIL: PKB_REQUIRE_GPU=1 changed exit 0"; fail=1; }
[ $fail -eq 0 ] && echo "ok: pkb-gpu-slot.sh"
exit $fail
