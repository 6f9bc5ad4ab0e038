/* The CUDA backend: the one kernel source and the neutral backend glue compiled with nvcc,
 * exported as pk_backend_cuda for the registry (kernels/registry.c). */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define PK_GPU_OPS_NAME pk_backend_cuda
#include "kernels/backend_gpu.inc"
