/* Invariant: the host backend pins the thread that calls it to one CPU of its affinity mask and
 * every worker to another, gives the caller its own mask back at close, and says so in its
 * context (pinning, pinned_cpus); with one CPU in the mask it pins nothing, still runs every
 * strategy, and its context says that nothing could be pinned and that its waits do not spin
 * (host_spin_ns 0); a plan that does not hold (its CPUs out of the mask) still runs every strategy
 * and its settled context says it did not hold. A run's per-item figures are
 * consistent: the median item lasts at least item_ns, the median gap is finite from two items on
 * (NAN for one), and a push that wakes the worker is counted (never negative). */
#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "common/context.h"
#include "host_util.h"
#include "tests/pk_test.h"

static int only(const cpu_set_t *cs, int cpu)
{
    return CPU_COUNT(cs) == 1 && CPU_ISSET(cpu, cs);
}

/* 1 when every thread of this process but the caller and the watchdog is pinned to exactly `cpu`. */
static int workers_on(int cpu)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int ok = d != NULL, seen = 0;
    pid_t self = gettid();
    while (d && (e = readdir(d))) {
        pid_t tid = (pid_t)atoi(e->d_name);
        cpu_set_t cs;
        if (tid <= 0 || tid == self || is_watchdog_thread(e->d_name) || sched_getaffinity(tid, sizeof cs, &cs) != 0)
            continue;
        seen++;
        ok &= only(&cs, cpu);
    }
    if (d)
        closedir(d);
    return ok && seen > 0;
}

static void run_all(const pk_backend_ops *ops, pk_backend *b)
{
    char err[256];
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (uint64_t n = 1; n <= 16; n *= 4) {
            pk_point pt = {.strategy = (pk_strategy)s, .item_ns = 2000, .batch = n};
            pk_sample x;
            err[0] = '\0';
            int rc = ops->run(b, &pt, &x, err, sizeof err);
            if (rc)
                fprintf(stderr, "%s N=%llu: %s\n", pk_strategy_names[s], (unsigned long long)n, err);
            PK_CHECK_U64(rc, 0);
            PK_CHECK(x.item_median_ns >= 2000);
            PK_CHECK(n == 1 ? isnan(x.gap_ns) : x.gap_ns >= 0);
            PK_CHECK(x.wakeups >= 0);
        }
}

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    cpu_set_t orig, now;
    PK_CHECK(sched_getaffinity(0, sizeof orig, &orig) == 0);
    int first = -1;
    for (int i = 0; i < CPU_SETSIZE && first < 0; i++)
        if (CPU_ISSET(i, &orig))
            first = i;

    if (CPU_COUNT(&orig) >= 2) {
        pk_backend *b = host_open(30);
        pk_context ctx = {0};
        PK_CHECK(ops->context(b, &ctx) == 0);
        const char *cpus = pk_context_get(&ctx, "pinned_cpus"), *how = pk_context_get(&ctx, "pinning");
        int host = -1, worker = -1;
        PK_CHECK(cpus && sscanf(cpus, "%d,%d", &host, &worker) == 2 && host != worker);
        PK_CHECK(how && strstr(how, "host thread on CPU") == how);
        const char *spin = pk_context_get(&ctx, "host_spin_ns");
        PK_CHECK(spin && strcmp(spin, "20000") == 0);
        run_all(ops, b);
        PK_CHECK(sched_getaffinity(0, sizeof now, &now) == 0 && only(&now, host));
        PK_CHECK(workers_on(worker));
        PK_CHECK(ops->settled(b, &ctx) == 0); /* every placement held: the context stays */
        PK_CHECK(strcmp(pk_context_get(&ctx, "pinning"), how) == 0);
        PK_CHECK(strcmp(pk_context_get(&ctx, "pinned_cpus"), cpus) == 0);
        ops->close(b);
        PK_CHECK(sched_getaffinity(0, sizeof now, &now) == 0 && CPU_EQUAL(&now, &orig));
    }

    /* A plan whose CPUs are not in the mask (PKB_TEST_HOST_CPUS: as if they had left it after
     * open): every strategy still runs, unpinned, and the settled context says the plan did not
     * hold where the open's context stated it. */
    if (!CPU_ISSET(CPU_SETSIZE - 2, &orig) && !CPU_ISSET(CPU_SETSIZE - 1, &orig)) {
        char list[32];
        snprintf(list, sizeof list, "%d,%d", CPU_SETSIZE - 2, CPU_SETSIZE - 1);
        setenv("PKB_TEST_HOST_CPUS", list, 1);
        pk_backend *b = host_open(30);
        unsetenv("PKB_TEST_HOST_CPUS");
        pk_context ctx = {0};
        PK_CHECK(ops->context(b, &ctx) == 0);
        PK_CHECK(strcmp(pk_context_get(&ctx, "pinned_cpus"), list) == 0);
        run_all(ops, b);
        PK_CHECK(sched_getaffinity(0, sizeof now, &now) == 0 && CPU_EQUAL(&now, &orig));
        PK_CHECK(ops->settled(b, &ctx) == 0);
        const char *how = pk_context_get(&ctx, "pinning");
        char want[96];
        snprintf(want, sizeof want, "; not held: the host thread could not be pinned to CPU %d (", CPU_SETSIZE - 2);
        PK_CHECK(how && strstr(how, "host thread on CPU") == how && strstr(how, want));
        PK_CHECK(strcmp(pk_context_get(&ctx, "pinned_cpus"), "not held (see pinning)") == 0);
        ops->close(b);
        PK_CHECK(sched_getaffinity(0, sizeof now, &now) == 0 && CPU_EQUAL(&now, &orig));
    }

    /* One CPU: nothing pinned, the context says so, every strategy still runs. */
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    PK_CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
    pk_backend *b = host_open(30);
    pk_context ctx = {0};
    PK_CHECK(ops->context(b, &ctx) == 0);
    const char *cpus = pk_context_get(&ctx, "pinned_cpus"), *how = pk_context_get(&ctx, "pinning");
    PK_CHECK(cpus && strcmp(cpus, "none") == 0);
    PK_CHECK(how && strstr(how, "nothing pinned: 1 CPU in the affinity mask") == how);
    const char *spin = pk_context_get(&ctx, "host_spin_ns"); /* the host's waits yield at once */
    PK_CHECK(spin && strcmp(spin, "0") == 0);
    run_all(ops, b);
    ops->close(b);
    PK_CHECK(sched_setaffinity(0, sizeof orig, &orig) == 0);
    return pk_test_done("host.pinning");
}
