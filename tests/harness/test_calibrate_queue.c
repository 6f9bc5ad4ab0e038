/* The launch queue depth Q from the launch-times probe (harness/calibrate_queue.c): the first
 * blocking call found in the probe's call times, the launches pending then as the simulator means
 * Q, one Q from several probes or rounds, and 3 probes, or the repetitions where fewer. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/calibrate.h"
#include "pk_test.h"
#include "sim/analytic.h"
#include "sim/model.h"

/* Two repetitions: calibration's launch-time probes for Q are 3, or the repetitions where fewer. */
static void test_queue_reps(void)
{
    char err[512];
    pk_backend *b = fake_plant(err, sizeof err);
    PK_CHECK(b != NULL);
    if (!b)
        return;
    pk_params p4, p2;
    pk_params_init(&p4);
    pk_params_init(&p2);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p4, err, sizeof err) == PK_OK);
    o.reps = 2;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p2, err, sizeof err) == PK_OK);
    PK_CHECK_U64(p4.samples[PK_P_LAUNCH_QUEUE_DEPTH].n, 3);
    PK_CHECK_U64(p2.samples[PK_P_LAUNCH_QUEUE_DEPTH].n, 2);
    PK_CHECK(p2.value[PK_P_LAUNCH_QUEUE_DEPTH] > 0 &&
             p2.value[PK_P_LAUNCH_QUEUE_DEPTH] == p4.value[PK_P_LAUNCH_QUEUE_DEPTH]);
    pk_params_free(&p4);
    pk_params_free(&p2);
    fake_backend.close(b);
}

/* Q from several probes or rounds: never a median with those that found no blocking (0); 0
 * unless more than half found it. */
static void test_depth_of(void)
{
    PK_CHECK(pk_calibrate_depth_of((const double[]){0, 1100, 1110}, 3) == 1105);
    PK_CHECK(pk_calibrate_depth_of((const double[]){0, 1100}, 2) == 0); /* not 550, a depth never seen */
    PK_CHECK(pk_calibrate_depth_of((const double[]){1100, 1110, 0, 0}, 4) == 0);
    PK_CHECK(pk_calibrate_depth_of((const double[]){1100, 1110, 1120, 0}, 4) == 1110);
    PK_CHECK(pk_calibrate_depth_of((const double[]){1106}, 1) == 1106);
    PK_CHECK(pk_calibrate_depth_of((const double[]){0}, 1) == 0);
}

/* The probe's call times as the simulator makes them (tl: each launch call's own time plus any
 * time it was blocked), keyed by item. */
static void probe_calls(void *user, const char *actor, const char *what, double start, double end, int64_t item)
{
    double *t = user;
    if (strcmp(actor, "host") == 0 && item >= 0 && item < 4096 &&
        (strcmp(what, "launch") == 0 || strcmp(what, "blocked") == 0))
        t[item] += end - start;
}

/* Q means what the simulator means by it: the probe simulated at queue depth Q (launches pending,
 * not yet started) gives back Q from its first blocking call, exactly with no kernel gap and
 * within 3 at a gap of 1 us (left out of the count of items started, as calibrate.h says); the
 * call index itself lies about 7% deeper. */
static void test_queue_pending(void)
{
    static double t[4096];
    const double gaps[2] = {0, 1000};
    for (int k = 0; k < 2; k++) {
        pk_costs c = {0};
        c.h = 3500, c.L = 4000, c.g = gaps[k], c.Q = 1000;
        pk_model *m = NULL;
        PK_CHECK(pk_model_create(&m) == PK_OK);
        if (!m)
            return;
        memset(t, 0, sizeof t);
        pk_model_set_timeline(m, probe_calls, t);
        pk_items items = {4096, PK_CAL_LONG_ITEM_NS, 0, NULL, NULL, NULL};
        pk_prediction out;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &items, 0, &out) == PK_OK);
        pk_model_destroy(m);
        const uint64_t j = pk_calibrate_queue_depth(t, 4096, PK_CAL_LONG_ITEM_NS);
        const uint64_t q = pk_calibrate_queue_pending(t, 4096, PK_CAL_LONG_ITEM_NS, j);
        PK_CHECK(j > 1050 && j < 1100); /* the index: about 75 items ran while the queue filled */
        PK_CHECK(k ? q + 3 >= 1000 && q <= 1003 : q == 1000); /* the gap left out of the count: within 3 */
    }
    const double flat[4] = {3500, 3500, 3500, 3500};
    PK_CHECK_U64(pk_calibrate_queue_pending(flat, 4, 50000, 0), 0); /* no block: unbounded, as found */
    PK_CHECK_U64(pk_calibrate_queue_pending(flat, 4, 50000, 3), 2); /* one started, two pending */
    PK_CHECK_U64(pk_calibrate_queue_pending(flat, 4, 3000, 3), 1);  /* all three started: the least queue */
}

static void test_queue_rule(void)
{
    enum { N = 4096 };
    static double t[N];
    const double d = 50000;
    for (size_t i = 0; i < N; i++)
        t[i] = 2000;
    PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), 0); /* never blocks: unbounded */

    for (size_t i = 700; i < N; i++)
        t[i] = d + 1000;
    PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), 700);

    t[100] = 3e6; /* a preemption spike with room left in the queue */
    PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), 700);

    /* A first block at 1024 that frees ~50 slots at once, then steady blocking from 1074. */
    for (size_t i = 0; i < N; i++)
        t[i] = i < 1024 ? 70 : i == 1024 ? 2.5e6 : i < 1074 ? 70 : 55000;
    PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), 1024);

    /* The first blocked call waits only for the rest of a running item. */
    for (size_t i = 0; i < N; i++)
        t[i] = i < 300 ? 2000 : i == 300 ? 9000 : d;
    PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), 300);
    PK_CHECK_U64(pk_calibrate_queue_depth(t, 10, d), 0); /* too short to tell */

    for (size_t q = 1; q <= 7; q++) { /* a queue of 4 or fewer read as unbounded (the first calls' median) */
        for (size_t i = 0; i < N; i++)
            t[i] = i < q ? 70 : d + 1000;
        PK_CHECK_U64(pk_calibrate_queue_depth(t, N, d), q);
    }
}

int main(void)
{
    test_depth_of();
    test_queue_reps();
    test_queue_rule();
    test_queue_pending();
    return pk_test_done("harness.calibrate_queue");
}
