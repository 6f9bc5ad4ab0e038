/* Invariant: the host launch queue is bounded at the depth Q its context states. With items much
 * longer than a push, the first Q pushes return at once while pushes beyond Q block for about
 * one item each: the median late push is many times the median early push and a sizeable
 * fraction of an item, and the depth is Q - 3 to Q + 4: the last 8 pushes before Q are fast
 * (their median, the 5th fastest), the first 8 from Q on blocked. Medians and up to three attempts make the check
 * robust to preemption on a loaded machine; a queue that never blocks fails every attempt. */
#include <stdlib.h>

#include "host_util.h"
#include "tests/pk_test.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, size_t n)
{
    double *c = malloc(n * sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = v[i];
    qsort(c, n, sizeof *c, cmp);
    double m = c[n / 2];
    free(c);
    return m;
}

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    pk_backend *b = host_open(30);
    pk_context ctx = {0};
    PK_CHECK_U64(ops->context(b, &ctx), 0);
    const char *qs = pk_context_get(&ctx, "launch_queue_depth");
    PK_CHECK(qs != NULL);
    size_t q = qs ? strtoul(qs, NULL, 10) : 0, late = 32, n = q + late;
    PK_CHECK(q >= 16);
    if (q < 16)
        return pk_test_done("host.queue");
    /* A long preemption of the host lets the worker drain the queue and hides the jump, so
     * on a loaded machine a few attempts are allowed; a queue that never blocks fails them all. */
    const uint64_t item_ns = 1000000;
    double *t = calloc(n, sizeof *t), early = 0, blocked = 0, last_free = 0, first_full = 0;
    char err[256] = "";
    int rc = 0;
    for (int attempt = 0; attempt < 3 && rc == 0; attempt++) {
        rc = ops->probe(b, PK_PROBE_LAUNCH_TIMES, item_ns, t, n, err, sizeof err);
        early = median(t, q / 2);
        blocked = median(t + q + 1, late - 1);
        last_free = median(t + q - 8, 8);
        first_full = median(t + q, 8);
        printf("median push: first Q/2 %.0f ns, beyond Q %.0f ns, the 8 before Q %.0f ns, the 8 from Q %.0f ns "
               "(item %llu ns)\n", early, blocked, last_free, first_full, (unsigned long long)item_ns);
        if (blocked > 10 * early && blocked > item_ns / 4.0 && early < item_ns / 4.0 && last_free < item_ns / 4.0 &&
            first_full > item_ns / 4.0)
            break;
    }
    if (rc)
        fprintf(stderr, "probe: %s\n", err);
    PK_CHECK_U64(rc, 0);
    PK_CHECK(blocked > 10 * early);
    PK_CHECK(blocked > item_ns / 4.0);
    PK_CHECK(early < item_ns / 4.0);
    PK_CHECK(last_free < item_ns / 4.0); /* a queue shallower than Q - 3 blocks here */
    PK_CHECK(first_full > item_ns / 4.0); /* one deeper than Q + 4 does not block here */
    free(t);
    ops->close(b);
    return pk_test_done("host.queue");
}
