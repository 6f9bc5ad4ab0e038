/* Invariant: every host-backend wait is bounded. With a stalled worker (PKB_TEST_HANG_HOST=1)
 * each strategy and each probe returns PK_ETIMEDOUT with a message naming hang_timeout_s,
 * every worker thread has been joined when the call returns, and close() returns. */
#include <stdlib.h>
#include <string.h>

#include "host_util.h"
#include "tests/pk_test.h"

int main(void)
{
    setenv("PKB_TEST_HANG_HOST", "1", 1);
    const pk_backend_ops *ops = pk_backend_find("host");
    int threads = thread_baseline();
    pk_backend *b = host_open(0.2);
    char err[256];
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        pk_point pt = {.strategy = (pk_strategy)s, .item_ns = 1000, .batch = 3};
        pk_sample x;
        err[0] = '\0';
        PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), (uint64_t)PK_ETIMEDOUT);
        PK_CHECK(strstr(err, "hang_timeout_s") != NULL);
        PK_CHECK(thread_count() == threads);
    }
    double out[4];
    for (int k = PK_PROBE_LAUNCH_LATENCY; k <= PK_PROBE_LAUNCH_TIMES; k++) {
        err[0] = '\0';
        PK_CHECK_U64(ops->probe(b, (pk_probe)k, 1000, out, 4, err, sizeof err), (uint64_t)PK_ETIMEDOUT);
        PK_CHECK(strstr(err, "hang_timeout_s") != NULL);
        PK_CHECK(thread_count() == threads);
    }
    /* A resident worker left mid-run by a timeout is joined too, and close() still returns. */
    pk_point pt = {.strategy = PK_STRAT_PERSISTENT_RESIDENT, .item_ns = 1000, .batch = 2};
    pk_sample x;
    PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), (uint64_t)PK_ETIMEDOUT);
    ops->close(b);
    PK_CHECK(thread_count() == threads);
    return pk_test_done("host.hang");
}
