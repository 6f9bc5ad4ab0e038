/* Helper for the HIP integration tests (not a test itself): exits 0 when the HIP backend can
 * open an AMD GPU, 3 when none is visible (PK_ENODEV), 1 on any other outcome. */
#include <stdio.h>

#include "common/status.h"
#include "kernels/registry.h"

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("hip");
    if (!ops)
        return 1;
    pk_backend_config cfg = {.device_index = 0, .hang_timeout_s = 5.0};
    pk_backend *b = NULL;
    char err[256] = "";
    int rc = ops->open(&cfg, &b, err, sizeof err);
    if (rc == PK_OK) {
        ops->close(b);
        return 0;
    }
    return rc == PK_ENODEV ? 3 : 1;
}
