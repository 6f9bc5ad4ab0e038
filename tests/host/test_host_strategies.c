/* Invariant: every strategy of the host backend runs every item exactly once for several batch
 * sizes (below and above the launch queue and ring depths) and item durations, and its sample
 * is consistent: items spin at least item_ns, serial items span at least N*item_ns, the wall
 * time covers the device time, setup/teardown are present exactly where backend.h says.
 * A lost item (PKB_TEST_DROP_ITEM) is reported as PK_ECHECK naming that item. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host_util.h"
#include "tests/pk_test.h"

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    PK_CHECK(ops && ops->cpu_analogue == 1 && strcmp(ops->name, "host") == 0);
    pk_backend *b = host_open(30);
    const uint64_t batches[] = {1, 7, 1500, 5000};
    const uint64_t items[] = {0, 3000};
    char err[256];
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t bi = 0; bi < sizeof batches / sizeof *batches; bi++)
            for (size_t ii = 0; ii < sizeof items / sizeof *items; ii++) {
                uint64_t n = batches[bi], d = items[ii];
                if (n * d > 5000000) /* keep a run under ~5 ms of items */
                    continue;
                pk_point pt = {.strategy = (pk_strategy)s, .item_ns = d, .batch = n};
                pk_sample x;
                err[0] = '\0';
                int rc = ops->run(b, &pt, &x, err, sizeof err);
                if (rc != 0)
                    fprintf(stderr, "%s N=%llu d=%llu: %s\n", pk_strategy_names[s], (unsigned long long)n,
                            (unsigned long long)d, err);
                PK_CHECK_U64(rc, 0);
                PK_CHECK(x.achieved_item_ns >= (double)d);
                PK_CHECK(x.device_ns >= (double)(n * d));
                PK_CHECK(x.wall_ns >= x.device_ns);
                PK_CHECK(x.host_ns >= 0 && x.host_ns <= x.wall_ns);
                int has_setup = s == PK_STRAT_PERSISTENT || s == PK_STRAT_GRAPH;
                PK_CHECK(has_setup ? x.setup_ns >= 0 : isnan(x.setup_ns));
                PK_CHECK(s == PK_STRAT_PERSISTENT ? x.teardown_ns >= 0 : isnan(x.teardown_ns));
                if (s == PK_STRAT_PERSISTENT)
                    PK_CHECK(x.wall_ns >= x.setup_ns + x.teardown_ns);
                PK_CHECK(isnan(x.sm_clock_mhz) && x.throttled == 0);
            }
    pk_point big = {.strategy = PK_STRAT_STANDARD, .batch = 4, .grid = 2};
    pk_sample x;
    PK_CHECK_U64(ops->run(b, &big, &x, err, sizeof err), (uint64_t)PK_EUNSUPPORTED);
    big.grid = 1;
    big.batch = 0;
    PK_CHECK_U64(ops->run(b, &big, &x, err, sizeof err), (uint64_t)PK_ERANGE);
    ops->close(b);

    setenv("PKB_TEST_DROP_ITEM", "3", 1);
    b = host_open(30);
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        pk_point pt = {.strategy = (pk_strategy)s, .item_ns = 1000, .batch = 10};
        err[0] = '\0';
        PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), (uint64_t)PK_ECHECK);
        PK_CHECK(strstr(err, "item 3 of 10 never ran") != NULL);
    }
    ops->close(b);
    return pk_test_done("host.strategies");
}
