/* The HIP backend: the one kernel source and the neutral backend glue that the CUDA backend
 * runs, compiled by hipcc for AMD GPUs (cmake/PkbHip.cmake) and exported as pk_backend_hip
 * for the registry (kernels/registry.c). Everything runtime-specific is in pk_gpu.h's HIP branch. */
#include "kernels/pk_gpu.h"

/* The kernels get internal linkage here, so that a binary holding both backends does not see
 * two definitions of each kernel's host stub (the CUDA backend defines the same names). */
namespace {
#include "kernels/pk_kernels.inc"
}

#define PK_GPU_OPS_NAME pk_backend_hip
#include "kernels/backend_gpu.inc"
