/* The backend registry: which backends exist and which were built into this binary. The one
 * header of kernels/ that harness/ includes. */
#ifndef PK_KERNELS_REGISTRY_H
#define PK_KERNELS_REGISTRY_H

#include "common/backend.h"

/* The backend registered under name, or NULL when unknown or not built. */
const pk_backend_ops *pk_backend_find(const char *name);
/* Names of all known backends ("cuda", "hip", "host"), NULL-terminated, built or not. */
extern const char *const pk_backend_names[];
/* 1 if the named backend was compiled into this binary. */
int pk_backend_built(const char *name);

#endif
