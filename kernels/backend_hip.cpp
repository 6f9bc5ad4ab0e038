/* The HIP backend: the one kernel source and the neutral backend glue that the CUDA backend
 * runs, compiled by hipcc for AMD GPUs (cmake/PkbHip.cmake) and exported as pk_backend_hip
 * for harness/backend.c. Everything runtime-specific is in pk_gpu.h's HIP branch. */
#include "kernels/pk_gpu.h"

/* The kernels get internal linkage here, so that a binary holding both backends does not see
 * two definitions of each kernel's host stub (the CUDA backend defines the same names). */
namespace {
#include "kernels/pk_kernels.inc"
}

#include "kernels/backend_gpu.inc"

/* Host pass only: clang would otherwise also emit this const table on the device, where the
 * host functions it points to do not exist. */
#if !defined(__HIP_DEVICE_COMPILE__)
extern "C" const pk_backend_ops pk_backend_hip = {
    "hip",         /* name */
    0,             /* cpu_analogue */
    pk__gpu_open,  /* open */
    pk__gpu_close, /* close */
    pk__gpu_context,
    pk__gpu_run,
    pk__gpu_probe,
};
#endif
