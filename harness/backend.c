/* The backend registry: which backends exist and which were built into this binary. */
#include "harness/backend.h"

#include <string.h>

#ifdef PKB_WITH_CUDA
extern const pk_backend_ops pk_backend_cuda;
#endif
#ifdef PKB_WITH_HIP
extern const pk_backend_ops pk_backend_hip;
#endif
#ifdef PKB_WITH_HOST
extern const pk_backend_ops pk_backend_host;
#endif

const char *const pk_backend_names[] = {"cuda", "hip", "host", NULL};

static const pk_backend_ops *const built[] = {
#ifdef PKB_WITH_CUDA
    &pk_backend_cuda,
#endif
#ifdef PKB_WITH_HIP
    &pk_backend_hip,
#endif
#ifdef PKB_WITH_HOST
    &pk_backend_host,
#endif
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
