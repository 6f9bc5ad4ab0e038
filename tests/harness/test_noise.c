/* Invariant: the noise probe spins one thread per CPU of the plan (one unpinned without a plan)
 * and reports shares of wall time between 0 and 100% (over 10% where a spinning thread shares
 * its one CPU); its figures land in a context, and in the
 * parameters' context both probes or neither (everything else of the parameters kept, through
 * their file); and a gate is in doubt exactly when
 * a probe lost more than PK_NOISE_LIMIT_LOST_PCT, when nothing was pinned, or when the g check
 * disagreed, with the reason. */
#define _GNU_SOURCE /* sched_setaffinity */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/noise.h"
#include "tests/pk_test.h"
#include "sim/params.h"

static void *hog(void *arg)
{
    _Atomic int *stop = arg;
    while (!atomic_load(stop))
        ;
    return NULL;
}

static void probe(void)
{
    pk_cpu_plan plan;
    pk_noise n;
    char err[256];
    pk_cpu_plan_make(&plan, NULL);
    PK_CHECK(pk_noise_probe(&plan, 5, &n, err, sizeof err) == PK_OK);
    PK_CHECK(n.ncpu == (plan.n == 2 ? 2 : 1));
    for (int i = 0; i < n.ncpu; i++) {
        PK_CHECK(n.lost_pct[i] >= 0 && n.lost_pct[i] <= 100);
        PK_CHECK(isnan(n.runq_pct[i]) || n.runq_pct[i] >= 0);
        PK_CHECK(n.cpu[i] == (plan.n == 2 ? plan.cpu[i] : -1));
    }
    pk_cpu_plan none = {0};
    PK_CHECK(pk_noise_probe(&none, 5, &n, err, sizeof err) == PK_OK && n.ncpu == 1 && n.cpu[0] == -1);
    /* A spinning thread sharing the probe's one CPU takes a large share of its 50 ms (about half;
     * more on a loaded machine), reported in percent. */
    cpu_set_t orig, one;
    PK_CHECK(sched_getaffinity(0, sizeof orig, &orig) == 0);
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &orig)) {
            CPU_SET(c, &one);
            break;
        }
    PK_CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
    _Atomic int stop = 0;
    pthread_t t;
    PK_CHECK(pthread_create(&t, NULL, hog, &stop) == 0);
    PK_CHECK(pk_noise_probe(&none, 50, &n, err, sizeof err) == PK_OK);
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    PK_CHECK(sched_setaffinity(0, sizeof orig, &orig) == 0);
    printf("a probe sharing its CPU with a spinning thread lost %.1f%%\n", n.lost_pct[0]);
    PK_CHECK(n.lost_pct[0] > 10 && n.lost_pct[0] <= 100);
}

static void doubt(void)
{
    pk_noise n = {.ncpu = 2, .cpu = {0, 1}, .lost_pct = {5.5, 25.25}, .runq_pct = {0, 12}, .ms = 150};
    pk_context ctx = {0};
    char why[256] = "";
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 0);
    PK_CHECK(pk_noise_to_context(&n, "noise_after", &ctx) == PK_OK);
    PK_CHECK_STR(pk_context_get(&ctx, "noise_after_lost_pct"), "25.25");
    PK_CHECK_STR(pk_context_get(&ctx, "noise_after_runq_pct"), "12.00");
    PK_CHECK(strstr(pk_context_get(&ctx, "noise_after"), "CPU 1 lost 25.2") != NULL);
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 1);
    PK_CHECK_STR(why, "noisy machine: 25.2% of CPU time lost after the loop, above 20%");
    n.lost_pct[1] = PK_NOISE_LIMIT_LOST_PCT; /* at the limit: not above it */
    PK_CHECK(pk_noise_to_context(&n, "noise_after", &ctx) == PK_OK);
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 0);
    pk_context_set(&ctx, "noise_before_lost_pct", "31");
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 1 && strstr(why, "31.0% of CPU time lost before") != NULL);
    pk_context_set(&ctx, "noise_before_lost_pct", "3");
    pk_context_set(&ctx, "pinned_cpus", "0,1");
    pk_context_set(&ctx, "kernel_gap_check", "agree: 50 ns at 50 us items, 45 ns at 10 us");
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 0);
    pk_context_set(&ctx, "kernel_gap_check", "disagree: 50 ns at 50 us items, 450 ns at 10 us");
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 1);
    PK_CHECK_STR(why, "calibration check failed: kernel_gap_ns disagree: 50 ns at 50 us items, 450 ns at 10 us");
    pk_context_set(&ctx, "pinned_cpus", "none");
    pk_context_set(&ctx, "pinning", "nothing pinned: 1 CPU in the affinity mask (CPU 0)");
    PK_CHECK(pk_noise_doubt(&ctx, why, sizeof why) == 1);
    PK_CHECK_STR(why, "nothing pinned: 1 CPU in the affinity mask (CPU 0)");
}

static void record(void)
{
    char path[] = "pkb_noise_params.json", err[512];
    pk_params p;
    pk_params_init(&p);
    PK_CHECK(pk_params_preset("seed-native", &p) == PK_OK);
    pk_context_set(&p.context, "device", "kept");
    double h = p.value[PK_P_LAUNCH_HOST];
    pk_noise before = {.ncpu = 1, .cpu = {-1}, .lost_pct = {4}, .runq_pct = {NAN}, .ms = 150};
    pk_noise after = {.ncpu = 1, .cpu = {3}, .lost_pct = {40}, .runq_pct = {1}, .ms = 150};
    PK_CHECK(pk_noise_record(&p.context, &before, &after) == PK_OK);
    PK_CHECK(pk_params_save(path, &p, err, sizeof err) == PK_OK);
    pk_params_free(&p);
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK_STR(pk_context_get(&p.context, "device"), "kept");
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], h, 0);
    PK_CHECK_STR(pk_context_get(&p.context, "noise_before_lost_pct"), "4.00");
    PK_CHECK_STR(pk_context_get(&p.context, "noise_after_lost_pct"), "40.00");
    PK_CHECK(strstr(pk_context_get(&p.context, "noise_before"), "unpinned lost 4.0%") != NULL);
    pk_params_free(&p);
    unlink(path);
    /* Room for the probe before the loop (4 keys) but not for the one after: neither is
     * recorded, and context_dropped says so. */
    pk_context full = {0};
    char key[16];
    for (int i = 0; i < PK_CONTEXT_MAX - 5; i++) {
        snprintf(key, sizeof key, "key%d", i);
        pk_context_set(&full, key, "x");
    }
    size_t n = full.count;
    PK_CHECK(n == PK_CONTEXT_MAX - 5);
    pk_context room = full;
    PK_CHECK(pk_noise_record(&room, &before, NULL) == PK_OK); /* the one before alone fits */
    PK_CHECK(pk_context_get(&room, "noise_before_lost_pct") != NULL);
    PK_CHECK(pk_noise_record(&full, &before, &after) == PK_ERANGE);
    PK_CHECK(full.count == n + 1);
    PK_CHECK(pk_context_get(&full, "noise_before_lost_pct") == NULL);
    PK_CHECK_STR(pk_context_get(&full, PK_CONTEXT_DROPPED), "2 (the first: noise_before)");
}

int main(void)
{
    probe();
    doubt();
    record();
    return pk_test_done("harness.noise");
}
