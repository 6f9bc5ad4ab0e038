/* The host backend behind common/backend.h: open, close, context, and the run and probe entry
 * points that check their arguments and hand over to the runners (see host.h). */
#define _GNU_SOURCE /* syscall (membarrier registration) */
#include "kernels/host.h"

#include <linux/membarrier.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/context.h"
#include "common/median.h"
#include "common/status.h"
#include "common/watchdog.h"

int pk__buffers(pk_backend *b, uint64_t n, char *err, size_t errlen)
{
    if (n > b->buf_cap) {
        uint64_t cap = b->buf_cap ? b->buf_cap : 1024;
        while (cap < n)
            cap *= 2;
        uint64_t *s = malloc(cap * sizeof *s), *g = malloc(cap * sizeof *g), *d = malloc(cap * sizeof *d);
        if (!s || !g || !d) {
            free(s);
            free(g);
            free(d);
            return pk__fail(err, errlen, PK_ENOMEM, "host backend: no memory for %llu result slots",
                            (unsigned long long)n);
        }
        free(b->slots);
        free(b->gap);
        free(b->dur);
        b->slots = s, b->gap = g, b->dur = d, b->buf_cap = cap;
    }
    /* Every page the run writes is written here first. Freshly mapped, the worker took their
     * faults while items ran: 62 at N = 16384, about 120 us of a 1 ms run on a 2-CPU VM, as often
     * as the heap shrank and grew again between runs. */
    memset(b->slots, 0, n * sizeof *b->slots);
    memset(b->gap, 0, n * sizeof *b->gap);
    memset(b->dur, 0, n * sizeof *b->dur);
    return PK_OK;
}

static int host_run_unguarded(pk_backend *b, const pk_point *pt, pk_sample *out, char *err, size_t errlen)
{
    if (!b || !pt || !out || (unsigned)pt->strategy >= PK_STRAT_COUNT)
        return pk__fail(err, errlen, PK_EINVAL, "host backend: run: bad arguments");
    if (pt->batch < 1 || pt->batch > PK_HOST_MAX_BATCH)
        return pk__fail(err, errlen, PK_ERANGE, "host backend: batch %llu outside 1..%u", (unsigned long long)pt->batch,
                        PK_HOST_MAX_BATCH);
    if (pt->grid > 1)
        return pk__fail(err, errlen, PK_EUNSUPPORTED,
                        "host backend: grid %u: one worker thread runs every item (use grid 1)", pt->grid);
    if (pt->block != 0)
        return pk__fail(err, errlen, PK_EUNSUPPORTED,
                        "host backend: block %u: one worker thread runs every item (use block 0)", pt->block);
    *out = (pk_sample){NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, NAN, NAN, 0};
    const int rc_buf = pk__buffers(b, pt->batch, err, errlen);
    if (rc_buf)
        return rc_buf;
    uint64_t *slots = b->slots;
    pk__stats st = {.gap = b->gap, .dur = b->dur, .cap = pt->batch};
    pk__pin_caller(b);
    b->work_ns = pk__work_ns(pt->batch, pt->item_ns);
    uint64_t wakes = b->q.wakes;
    int rc;
    if (pt->strategy == PK_STRAT_GRAPH)
        rc = pk__run_graph(b, pt, slots, &st, out, err, errlen);
    else if (pt->strategy == PK_STRAT_PERSISTENT || pt->strategy == PK_STRAT_PERSISTENT_RESIDENT)
        rc = pk__run_persistent(b, pt, slots, &st, out, err, errlen);
    else
        rc = pk__run_queue(b, pt, slots, &st, out, err, errlen);
    if (rc)
        pk__stop_all(b); /* join every worker before the slots they write are freed */
    else
        rc = pk__verify(slots, pt->batch, err, errlen);
    if (rc == 0) {
        out->device_ns = (double)(st.last_end - st.first_start);
        out->achieved_item_ns = (double)st.sum_ns / (double)st.count;
        out->item_median_ns = pk_median_u64(st.dur, st.count);
        out->gap_ns = pk_median_u64(st.gap, st.count - 1);
        out->wakeups = (int)(b->q.wakes - wakes);
    }
    b->work_ns = 0;
    return rc;
}

/* A run under the process's watchdog (common/watchdog.h), as the GPU backends' are (and the close
 * below). The host's own waits are bounded by hang_timeout_s; the test hooks
 * PKB_TEST_HANG_HOST=block:K (run call K never returns) and PKB_TEST_HANG_HOST=close stand for a
 * runtime call without a bound, so that tests reach the watchdog. */
static void host_describe(char *buf, size_t len, const void *ud)
{
    char name[160];
    pk_point_name((const pk_point *)ud, name, sizeof name);
    snprintf(buf, len, "the host backend's run of %s", name);
}

static int host_run(pk_backend *b, const pk_point *pt, pk_sample *out, char *err, size_t errlen)
{
    static pk_point guarded; /* the point the armed guard names (one guard at a time per process) */
    int armed = 0;
    if (b && pt && !pk_watchdog_armed()) { /* an outer guard's record stays as it is */
        guarded = *pt;
        armed = pk_watchdog_arm(host_describe, &guarded,
                                pk_watchdog_budget_ns(b->timeout_s, (double)pk__work_ns(pt->batch, pt->item_ns)));
        if (b->runs++ == b->test_block_at)
            for (;;)
                pause();
    }
    const int rc = host_run_unguarded(b, pt, out, err, errlen);
    pk_watchdog_disarm(armed);
    return rc;
}

static int host_probe(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err, size_t errlen)
{
    if (!b || (n && !out) || kind < PK_PROBE_LAUNCH_LATENCY || kind > PK_PROBE_ITEM_KERNEL)
        return pk__fail(err, errlen, PK_EINVAL, "host backend: probe: bad arguments");
    if (kind == PK_PROBE_ITEM_KERNEL)
        return pk__fail(err, errlen, PK_EUNSUPPORTED, "the host backend has no kernel profiler");
    if (n > PK_HOST_MAX_BATCH)
        return pk__fail(err, errlen, PK_ERANGE, "host backend: probe count %zu above %u", n, PK_HOST_MAX_BATCH);
    pk__pin_caller(b);
    return n ? pk__probe_run(b, kind, item_ns, out, n, err, errlen) : 0;
}

/* One device, the CPU. PKB_TEST_HOST_DEVICES=N (1..64) makes it N copies of the CPU, so that
 * tests can run the multi-device fan-out of `pkbench sweep --device all` without GPUs. */
static int host_device_count(int *n, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    const char *t = getenv("PKB_TEST_HOST_DEVICES");
    long v = t && *t ? strtol(t, NULL, 10) : 1;
    *n = v >= 1 && v <= 64 ? (int)v : 1;
    return 0;
}

/* The plan from the affinity mask, or (test hook PKB_TEST_HOST_CPUS=A,B,...) from that list of
 * CPUs, which may name CPUs the machine lacks: the placements then fail as they would had the
 * CPUs left the mask after open. */
static void plan_cpus(pk_cpu_plan *p)
{
    const char *list = getenv("PKB_TEST_HOST_CPUS");
    int cpus[8], n = 0;
    for (char *end; list && *list && n < 8; list = *end == ',' ? end + 1 : end) {
        long c = strtol(list, &end, 10);
        if (end == list || c < 0 || c >= CPU_SETSIZE)
            break;
        cpus[n++] = (int)c;
    }
    if (n > 0)
        pk_cpu_plan_from(p, cpus, n, NULL);
    else
        pk_cpu_plan_make(p, NULL);
}

static int host_open(const pk_backend_config *cfg, pk_backend **out, char *err, size_t errlen)
{
    int ndev = 1;
    if (!cfg || !out || !(cfg->hang_timeout_s > 0))
        return pk__fail(err, errlen, PK_EINVAL, "host backend: hang_timeout_s must be > 0");
    host_device_count(&ndev, err, errlen);
    if (cfg->device_index < 0 || cfg->device_index >= ndev)
        return ndev == 1 ? pk__fail(err, errlen, PK_ENODEV, "host device %d: the host backend has only device 0",
                                    cfg->device_index)
                         : pk__fail(err, errlen, PK_ENODEV, "host device %d: PKB_TEST_HOST_DEVICES gives %d devices",
                                    cfg->device_index, ndev);
    size_t size = (sizeof(pk_backend) + 63) & ~(size_t)63; /* the queue's counters sit on their own lines */
    pk_backend *b = aligned_alloc(64, size);
    if (!b)
        return pk__fail(err, errlen, PK_ENOMEM, "host backend: no memory");
    memset(b, 0, size);
    atomic_store(&b->q.host_target, UINT64_MAX);
    /* The asymmetric fences need the expedited membarrier; registering may fail (old kernel,
     * seccomp), and then both sides use full fences. */
    b->membarrier = syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
    b->timeout_s = cfg->hang_timeout_s;
    b->timeout_ns = cfg->hang_timeout_s > 1e6 ? UINT64_C(1000000000000000) : (uint64_t)(cfg->hang_timeout_s * 1e9);
    const char *hang = getenv("PKB_TEST_HANG_HOST"), *drop = getenv("PKB_TEST_DROP_ITEM");
    b->test_hang = hang && strcmp(hang, "1") == 0;
    b->test_block_at = hang && strncmp(hang, "block:", 6) == 0 ? strtoull(hang + 6, NULL, 10) : UINT64_MAX;
    b->test_block_close = hang && strcmp(hang, "close") == 0;
    b->test_drop = drop && *drop ? strtoull(drop, NULL, 10) : UINT64_MAX;
    plan_cpus(&b->plan);
    pthread_mutex_init(&b->q.mu, NULL);
    pthread_cond_init(&b->q.cv_worker, NULL);
    pk__cond_init_monotonic(&b->q.cv_host);
    *out = b;
    return 0;
}

static void host_describe_close(char *buf, size_t len, const void *ud)
{
    (void)ud;
    snprintf(buf, len, "the host backend's close");
}

static void host_close(pk_backend *b)
{
    if (!b)
        return;
    const int armed = pk_watchdog_arm(host_describe_close, NULL, pk_watchdog_budget_ns(b->timeout_s, 0));
    if (b->test_block_close) /* PKB_TEST_HANG_HOST=close: a close that never returns */
        for (;;)
            pause();
    pk__stop_all(b);
    pk__unpin_caller(b);
    free(b->caller_mask);
    free(b->spare);
    free(b->slots);
    free(b->gap);
    free(b->dur);
    pthread_cond_destroy(&b->q.cv_host);
    pthread_cond_destroy(&b->q.cv_worker);
    pthread_mutex_destroy(&b->q.mu);
    free(b);
    pk_watchdog_disarm(armed);
}

static void cpu_model(char *buf, size_t len)
{
    snprintf(buf, len, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon += strspn(colon + 1, " \t") + 1;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, len, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static int host_context(pk_backend *b, pk_context *ctx)
{
    char model[PK_CONTEXT_VALUE - 32], libc[64] = "unknown";
    cpu_model(model, sizeof model);
#ifdef _CS_GNU_LIBC_VERSION
    if (confstr(_CS_GNU_LIBC_VERSION, libc, sizeof libc) == 0)
        snprintf(libc, sizeof libc, "unknown");
#endif
    struct utsname u;
    if (uname(&u) != 0)
        memset(&u, 0, sizeof u);
    int rc = 0;
    rc = rc ? rc : pk_context_set(ctx, "backend", "host");
    rc = rc ? rc : pk_context_set(ctx, "cpu_analogue", "true");
    rc = rc ? rc
            : pk_context_set(ctx, "note", "CPU-analogue figures from worker threads on this CPU; never GPU figures");
    rc = rc ? rc : pk_context_setf(ctx, "device", "%s (CPU analogue)", model);
    rc = rc ? rc : pk_context_set(ctx, "cpu_model", model);
    rc = rc ? rc : pk_context_setf(ctx, "cpu_cores", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    rc = rc ? rc : pk_context_setf(ctx, "kernel", "%.40s %.60s %.20s", u.sysname, u.release, u.machine);
    rc = rc ? rc : pk_context_set(ctx, "libc", libc);
    rc = rc ? rc : pk_context_set(ctx, "clock", "CLOCK_MONOTONIC");
    rc = rc ? rc : pk_context_setf(ctx, "launch_queue_depth", "%u", PK_HOST_QUEUE_DEPTH);
    rc = rc ? rc : pk_context_setf(ctx, "persistent_ring_depth", "%u", PK_HOST_RING_DEPTH);
    rc = rc ? rc : pk_context_setf(ctx, "host_spin_ns", "%u", b ? (unsigned)pk__spin_ns(b) : PK_HOST_SPIN_NS);
    rc = rc ? rc : pk_context_setf(ctx, "host_poll_ns", "%u", PK_HOST_POLL_NS);
    rc = rc ? rc : pk_context_set(ctx, "dekker_fences", b && b->membarrier ? "membarrier" : "seq_cst");
    if (b) {
        char cpus[32];
        pk_cpu_plan_list(&b->plan, cpus, sizeof cpus);
        rc = rc ? rc : pk_context_set(ctx, "pinning", b->plan.why);
        rc = rc ? rc : pk_context_set(ctx, "pinned_cpus", b->plan.n ? cpus : "none");
    }
    return rc;
}

/* What the runs made of the plan: a placement that did not hold is named in pinning. */
static int host_settled(pk_backend *b, pk_context *ctx)
{
    if (!b->pin_miss[0])
        return PK_OK;
    int rc = pk_context_setf(ctx, "pinning", "%.150s; not held: %s", b->plan.why, b->pin_miss);
    return rc ? rc : pk_context_set(ctx, "pinned_cpus", "not held (see pinning)");
}

const pk_backend_ops pk_backend_host = {
    .name = "host",
    .cpu_analogue = 1,
    .max_batch = PK_HOST_MAX_BATCH,
    .max_grid = 1, /* one worker thread runs every item */
    .open = host_open,
    .close = host_close,
    .context = host_context,
    .settled = host_settled,
    .run = host_run,
    .probe = host_probe,
    .device_count = host_device_count,
};