/* The noise probe and the judgement of whether a gate may fail (see noise.h). */
#include "harness/noise.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/status.h"

typedef struct spinner {
    int cpu; /* -1: not pinned */
    uint64_t spin_ns;
    _Atomic int *go; /* 0 wait, 1 spin, -1 give up */
    double lost_pct, runq_pct, max_pause_us;
    uint64_t pauses;
} spinner;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Nanoseconds this thread has waited on a run queue (the second figure of schedstat), or -1. */
static double runq_wait_ns(void)
{
    FILE *f = fopen("/proc/thread-self/schedstat", "r");
    unsigned long long run = 0, wait = 0;
    int ok = f && fscanf(f, "%llu %llu", &run, &wait) == 2;
    if (f)
        fclose(f);
    return ok ? (double)wait : -1;
}

static void *spin(void *arg)
{
    spinner *s = arg;
    if (s->cpu >= 0)
        pk_cpu_pin_self(s->cpu);
    int go;
    while ((go = atomic_load(s->go)) == 0) /* every thread pinned before any spins */
        ;
    if (go < 0)
        return NULL;
    uint64_t tw0 = now_ns();
    double w0 = runq_wait_ns();
    uint64_t t0 = now_ns(), prev = t0, t, lost = 0, worst = 0;
    do { /* the gap before the last reading counted too: a pause across the end is lost time */
        t = now_ns();
        uint64_t d = t - prev;
        if (d > PK_NOISE_PAUSE_NS) {
            lost += d;
            s->pauses++;
            worst = d > worst ? d : worst;
        }
        prev = t;
    } while (t - t0 < s->spin_ns);
    double w1 = runq_wait_ns(), wall = (double)(t - t0);
    /* The run-queue wait over the window of its own two readings: a thread preempted between the
     * spin's end and the second reading waits there too. */
    double wall_w = (double)(now_ns() - tw0);
    s->lost_pct = 100.0 * (double)lost / wall;
    s->runq_pct = w0 >= 0 && w1 >= w0 ? 100.0 * (w1 - w0) / wall_w : NAN;
    s->max_pause_us = (double)worst / 1e3;
    return NULL;
}

int pk_noise_probe(const pk_cpu_plan *plan, double ms, pk_noise *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->ms = ms;
    out->ncpu = plan->n == 2 ? 2 : 1;
    spinner s[2];
    pthread_t th[2];
    _Atomic int go = 0;
    int started = 0, rc = PK_OK;
    for (int i = 0; i < out->ncpu; i++) {
        s[i] = (spinner){.cpu = plan->n == 2 ? plan->cpu[i] : -1, .spin_ns = (uint64_t)(ms * 1e6), .go = &go};
        if (pthread_create(&th[i], NULL, spin, &s[i]) != 0) {
            snprintf(err, errlen, "noise probe: pthread_create failed");
            rc = PK_EDEVICE;
            break;
        }
        started++;
    }
    atomic_store(&go, rc == PK_OK ? 1 : -1);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (rc != PK_OK)
        return rc;
    for (int i = 0; i < out->ncpu; i++) {
        out->cpu[i] = s[i].cpu;
        out->lost_pct[i] = s[i].lost_pct;
        out->runq_pct[i] = s[i].runq_pct;
        out->pauses[i] = s[i].pauses;
        out->max_pause_us[i] = s[i].max_pause_us;
    }
    return PK_OK;
}

static double largest(const double *v, int n)
{
    double m = NAN;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && !(v[i] <= m))
            m = v[i];
    return m;
}

double pk_noise_lost_pct(const pk_noise *n)
{
    return largest(n->lost_pct, n->ncpu);
}

double pk_noise_runq_pct(const pk_noise *n)
{
    return largest(n->runq_pct, n->ncpu);
}

int pk_noise_to_context(const pk_noise *n, const char *when, pk_context *ctx)
{
    char key[PK_CONTEXT_KEY], line[PK_CONTEXT_VALUE] = "";
    size_t used = 0;
    for (int i = 0; i < n->ncpu && used < sizeof line; i++) {
        char cpu[24] = "unpinned";
        if (n->cpu[i] >= 0)
            snprintf(cpu, sizeof cpu, "CPU %d", n->cpu[i]);
        int k = snprintf(line + used, sizeof line - used, "%s%s lost %.1f%% (%llu pauses, longest %.0f us), "
                         "run-queue wait %.1f%%", i ? "; " : "", cpu, n->lost_pct[i],
                         (unsigned long long)n->pauses[i], n->max_pause_us[i], n->runq_pct[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    int rc = pk_context_set(ctx, when, line);
    snprintf(key, sizeof key, "%s_lost_pct", when);
    rc = rc ? rc : pk_context_setf(ctx, key, "%.2f", pk_noise_lost_pct(n));
    snprintf(key, sizeof key, "%s_runq_pct", when);
    rc = rc ? rc : pk_context_setf(ctx, key, "%.2f", pk_noise_runq_pct(n));
    rc = rc ? rc : pk_context_setf(ctx, "noise_probe", "%.0f ms of spinning on every CPU of the loop; pauses "
                                   "above %d ns count as lost; noisy above %g%% lost", n->ms, PK_NOISE_PAUSE_NS,
                                   PK_NOISE_LIMIT_LOST_PCT);
    return rc;
}

int pk_noise_doubt(const pk_context *ctx, char *why, size_t len)
{
    static const char *const when[] = {"noise_before", "noise_after"};
    for (int i = 0; i < 2; i++) {
        char key[PK_CONTEXT_KEY];
        snprintf(key, sizeof key, "%s_lost_pct", when[i]);
        const char *v = pk_context_get(ctx, key);
        double lost = v ? strtod(v, NULL) : NAN;
        if (isfinite(lost) && lost > PK_NOISE_LIMIT_LOST_PCT) {
            snprintf(why, len, "noisy machine: %.1f%% of CPU time lost %s the loop, above %g%%", lost,
                     i ? "after" : "before", PK_NOISE_LIMIT_LOST_PCT);
            return 1;
        }
    }
    const char *pinned = pk_context_get(ctx, "pinned_cpus");
    if (pinned && strcmp(pinned, "none") == 0) {
        const char *how = pk_context_get(ctx, "pinning");
        snprintf(why, len, "%s", how ? how : "nothing pinned");
        return 1;
    }
    const char *check = pk_context_get(ctx, "kernel_gap_check");
    if (check && strncmp(check, "disagree", 8) == 0) {
        snprintf(why, len, "calibration check failed: kernel_gap_ns %s", check);
        return 1;
    }
    return 0;
}

int pk_noise_record(pk_context *ctx, const pk_noise *before, const pk_noise *after)
{
    pk_context was = *ctx;
    if ((before && pk_noise_to_context(before, "noise_before", ctx)) ||
        (after && pk_noise_to_context(after, "noise_after", ctx))) {
        *ctx = was; /* neither probe, but said under context_dropped */
        if (before)
            pk_context_note_dropped(ctx, "noise_before");
        if (after)
            pk_context_note_dropped(ctx, "noise_after");
        return PK_ERANGE;
    }
    return PK_OK;
}
