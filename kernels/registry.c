/* The backend registry: which backends exist and which were built into this binary. The host
 * backend always is; a GPU backend is when its library (whose interface defines PKB_WITH_CUDA
 * or PKB_WITH_HIP) was linked into pkb_backends. */
#include "kernels/registry.h"

#include <string.h>

#ifdef PKB_WITH_CUDA
extern const pk_backend_ops pk_backend_cuda;
#endif
#ifdef PKB_WITH_HIP
extern const pk_backend_ops pk_backend_hip;
#endif
extern const pk_backend_ops pk_backend_host;

const char *const pk_backend_names[] = {"cuda", "hip", "host", NULL};

static const pk_backend_ops *const built[] = {
#ifdef PKB_WITH_CUDA
    &pk_backend_cuda,
#endif
#ifdef PKB_WITH_HIP
    &pk_backend_hip,
#endif
    &pk_backend_host,
    NULL,
};

const pk_backend_ops *pk_backend_find(const char *name)
{
    for (size_t i = 0; built[i]; i++)
        if (strcmp(built[i]->name, name) == 0)
            return built[i];
    return NULL;
}

int pk_backend_built(const char *name)
{
    return pk_backend_find(name) != NULL;
}
