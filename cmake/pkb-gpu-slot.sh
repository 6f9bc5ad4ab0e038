#!/bin/sh
# Runs a GPU test on the one GPU CTest gave it: with a resource allocation (the test's
# RESOURCE_GROUPS "gpus:1"; CTest sets CTEST_RESOURCE_GROUP_0_GPUS=id:K,slots:1), GPU K of
# those visible (the K-th entry of CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES when set, else
# K) becomes the only GPU the test sees, as its device 0. Without one (ctest given no resource
# spec) the test runs as it is. The test's exit code (77: skipped) is passed on.
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
exec "$@"
