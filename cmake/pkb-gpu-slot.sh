#!/bin/sh
# Runs a GPU test on the one GPU CTest gave it: with a resource allocation (the test's
# RESOURCE_GROUPS "gpus:1"; CTest sets CTEST_RESOURCE_GROUP_0_GPUS=id:K,slots:1), GPU K of
# those visible (the K-th entry of CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES when set, else
# K) becomes the only GPU the test sees, as its device 0. Without one (ctest given no resource
# spec) the test runs as it is. The test's exit code (77: skipped) is passed on, except with
# PKB_REQUIRE_GPU=1 (a machine known to have a GPU, as the lease scripts' GPU tests run): there
# a skip means the test found no usable GPU (a broken driver, a runtime it does not match, a
# slot past the GPUs present), and it fails instead.
# usage: pkb-gpu-slot.sh COMMAND [ARGS...]
set -u
case ${CTEST_RESOURCE_GROUP_0_GPUS:-} in
  id:*)
    k=${CTEST_RESOURCE_GROUP_0_GPUS#id:}
    k=${k%%,*}
    # The K-th (from 0) comma-separated entry of $1, or K when $1 is unset.
    pick() { if [ -n "${1+set}" ]; then echo "$1" | cut -d, -f$((k + 1)); else echo "$k"; fi; }
    CUDA_VISIBLE_DEVICES=$(pick ${CUDA_VISIBLE_DEVICES+"$CUDA_VISIBLE_DEVICES"})
    HIP_VISIBLE_DEVICES=$(pick ${HIP_VISIBLE_DEVICES+"$HIP_VISIBLE_DEVICES"})
    export CUDA_VISIBLE_DEVICES HIP_VISIBLE_DEVICES ;;
esac
[ "${PKB_REQUIRE_GPU:-}" = 1 ] || exec "$@"
"$@"
rc=$?
if [ $rc -eq 77 ]; then
  echo "pkb-gpu-slot.sh: the test skipped (exit 77) though PKB_REQUIRE_GPU=1 says this machine has a GPU" \
    "(CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES-unset}, HIP_VISIBLE_DEVICES=${HIP_VISIBLE_DEVICES-unset})"
  exit 1
fi
exit $rc
