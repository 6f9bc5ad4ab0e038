/* Invariant: on an AMD GPU, every strategy runs a small batch through the HIP backend with
 * every item run exactly once (run() returns PK_OK only then) and a positive wall time; the
 * device context names a warp width of 32 or 64. Without an AMD GPU the test skips (exit 77). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/context.h"
#include "common/status.h"
#include "common/strategy.h"
#include "kernels/registry.h"
#include "tests/pk_test.h"

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("hip");
    if (!ops) {
        fprintf(stderr, "hip backend not built into this binary\n");
        return 1;
    }
    pk_backend_config cfg = {.device_index = 0, .hang_timeout_s = 10.0};
    pk_backend *b = NULL;
    char err[256] = "";
    int rc = ops->open(&cfg, &b, err, sizeof err);
    if (rc == PK_ENODEV) {
        printf("skipped: %s\n", err);
        return 77;
    }
    PK_CHECK(rc == PK_OK);
    if (rc != PK_OK) {
        fprintf(stderr, "open: %s (%s)\n", err, pk_strerror(rc));
        return pk_test_done("hip.run_strategies");
    }

    static pk_context ctx;
    PK_CHECK(ops->context(b, &ctx) == PK_OK);
    const char *ws = pk_context_get(&ctx, "device_warp_size");
    PK_CHECK(ws && (strcmp(ws, "32") == 0 || strcmp(ws, "64") == 0)); /* wave32 or wave64 */
    if (ws)
        printf("device_warp_size: %s\n", ws);

    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        pk_point pt = {.strategy = (pk_strategy)s, .item_ns = 2000, .batch = 16, .grid = 1, .block = 0};
        pk_sample out;
        rc = ops->run(b, &pt, &out, err, sizeof err);
        if (rc != PK_OK)
            fprintf(stderr, "%s: %s (%s)\n", pk_strategy_names[s], err, pk_strerror(rc));
        PK_CHECK(rc == PK_OK);
        PK_CHECK(rc != PK_OK || (isfinite(out.wall_ns) && out.wall_ns > 0));
    }
    ops->close(b);
    return pk_test_done("hip.run_strategies");
}
