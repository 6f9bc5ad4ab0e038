/* Invariant: a build with the HIP backend registers it as "hip" (a GPU backend, every
 * operation present), and opening it either succeeds or, where no AMD GPU is visible,
 * returns PK_ENODEV with a one-line reason: it never crashes or reports another error. */
#include <stdio.h>
#include <string.h>

#include "common/status.h"
#include "kernels/registry.h"
#include "tests/pk_test.h"

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("hip");
    PK_CHECK(pk_backend_built("hip"));
    PK_CHECK(ops != NULL);
    if (!ops)
        return pk_test_done("hip.backend_registered");
    PK_CHECK_STR(ops->name, "hip");
    PK_CHECK(ops->cpu_analogue == 0);
    PK_CHECK(ops->open && ops->close && ops->context && ops->run && ops->probe);

    pk_backend_config cfg = {.device_index = 0, .hang_timeout_s = 5.0};
    pk_backend *b = NULL;
    char err[256] = "";
    int rc = ops->open(&cfg, &b, err, sizeof err);
    if (rc == PK_OK) {
        PK_CHECK(b != NULL);
        ops->close(b);
    } else {
        PK_CHECK_U64((uint64_t)(-rc), (uint64_t)(-PK_ENODEV));
        PK_CHECK(err[0] != '\0');
        PK_CHECK(strchr(err, '\n') == NULL);
        printf("open: %s\n", err);
    }
    return pk_test_done("hip.backend_registered");
}
