/* The CUDA backend: the one kernel source and the neutral backend glue compiled with nvcc,
 * exported as pk_backend_cuda for harness/backend.c. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#include "kernels/backend_gpu.inc"

extern "C" const pk_backend_ops pk_backend_cuda = {
    "cuda",        /* name */
    0,             /* cpu_analogue */
    pk__gpu_open,  /* open */
    pk__gpu_close, /* close */
    pk__gpu_context,
    pk__gpu_run,
    pk__gpu_probe,
};
