/* Invariant: calibration recovers every planted parameter of a deterministic backend exactly
 * (h, L, g, Q, sync, S, e, teardown, B, graph node and instantiate; L although the latency probe
 * includes h, e and B although the large-N persistent runs include one B), keeps the raw
 * samples (the queue-depth rule's own tests: test_calibrate_queue.c). Non-finite probe samples are
 * dropped (the median comes from the finite ones, and every stored sample is finite). Progress
 * announces exactly PK_CAL_STEPS steps. g is the median gap between items from the per-item
 * figures (or from device time when a backend has none), and o the median item's run beyond its
 * requested time, not the mean's; g measured at two item lengths is checked to agree, and a
 * disagreement is noted in the context, with g from the long items; runs of h in which a launch
 * woke the worker are set aside and counted in the context. item_kernel_ns is the median of the
 * item-kernel probe's timed launches, its profiler named in the context; a backend without a
 * profiler leaves it unmeasured (NAN, the reason in the context) and calibration still succeeds;
 * the probe runs last, once. sync_ns is taken against the launch cost measured at its own step,
 * not h, and so are graph_launch_ns and S (test_calibrate_state.c). With rounds, each parameter is the median of its rounds (test_rounds). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/calibrate.h"
#include "pk_test.h"

static void count_step(void *ud, const char *what)
{
    (void)what;
    ++*(unsigned *)ud;
}

/* The Q a calibration finds on the fake: its launches block from call fake.Q on, the first item
 * started when call 0 returned and one more each PK_CAL_LONG_ITEM_NS of h-long calls since. */
static double fake_pending(void)
{
    return (double)fake.Q - (1 + floor((double)(fake.Q - 1) * fake.h / PK_CAL_LONG_ITEM_NS));
}

/* The point of h's runs on the fake, N = Q / 2, as a failure names it. */
static const char *h_point(void)
{
    static char at[64];
    snprintf(at, sizeof at, "standard/item_ns:0/batch:%.0f/", floor(fake_pending() / 2));
    return at;
}

static pk_backend *plant(char *err, size_t errlen)
{
    pk_backend *b = fake_plant(err, errlen);
    PK_CHECK(b != NULL);
    return b;
}

static void test_recovers_planted(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    pk_params p;
    pk_params_init(&p);
    unsigned steps = 0;
    pk_calibrate_opts o = {4, NULL, count_step, &steps, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_U64(steps, PK_CAL_STEPS);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], fake.h, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_LATENCY], fake.L, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_KERNEL_GAP], fake.g, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_QUEUE_DEPTH], fake_pending(), 0);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST_BUSY], fake.h, 1e-6); /* no busy cost planted: h */
    PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_TEARDOWN], fake.teardown, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE], fake.gnode, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_INSTANTIATE], fake.ginst, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6); /* none planted: the same trip */
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE_BUSY], fake.gnode, 1e-6);     /* none planted: the same node */
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_BATCH].n, 4);
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_ITEM].n, 4);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_HOST].n, 4);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_LATENCY].n, 40);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_QUEUE_DEPTH].n, 3);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW_ITEMS], 0, 0); /* no window given: none measured */
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], 0, 0);

    /* A poll window of 32 items: B_w is what a resident batch of 48 costs beyond 15 items and
     * its 16 dispatches past the window; B is the 3-item batch itself (its items ride in the
     * round trip); e is unchanged. */
    fake.W = 32, fake.Bw = 3100;
    o.window_items = 32;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW_ITEMS], 32, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], fake.Bw, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
    /* no chunk given: e_r not measured, no walls noted */
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_RESIDENT_ITEM], 0, 0);
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_RESIDENT_ITEM].n, 0);
    PK_CHECK(pk_context_get(&p.context, "persistent_window_walls") == NULL);
    fake.W = 0, fake.Bw = 0;
    o.window_items = 0;

    /* A batch published with its launch costs B_l = 4200 there, not B: both recovered, and e
     * (and e_b) are unchanged. */
    fake.Bl = 4200;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.Bl, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM_BUSY], fake.e, 1e-6);
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].n, 4);
    fake.Bl = 0;

    /* A graph node of a non-empty item costs 590 beside its run, an empty item's 650: both
     * recovered, and the graph's fixed cost and instantiation unchanged. */
    fake.gnode_busy = 590;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE_BUSY], fake.gnode_busy, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE], fake.gnode, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_INSTANTIATE], fake.ginst, 1e-6);
    PK_CHECK_U64(p.samples[PK_P_GRAPH_NODE_BUSY].n, 4);
    fake.gnode_busy = 0;

    /* A setup that the host reports only after writing the batch (1.1 ns a word) leaves e, the
     * walls' slope, exact; S is what the small batch reports. */
    fake.setup_per_item = 1.1;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S + 3 * 1.1, 1e-6);
    fake.setup_per_item = 0;

    /* Every 4th latency and sync sample NaN: dropped, the values still exact. */
    fake.probe_nan_every = 4;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_LATENCY], fake.L, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync, 1e-6);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_LATENCY].n, 30);
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        for (size_t j = 0; j < p.samples[i].n; j++)
            PK_CHECK(isfinite(p.samples[i].v[j]));
    /* No finite sample at all: calibration fails, naming the parameter. */
    fake.probe_nan_every = 1;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_ECHECK);
    PK_CHECK(strstr(err, "no finite sample") != NULL);
    fake.probe_nan_every = 0;

    /* A failing run names the call and the point; nothing is claimed measured. */
    fake_run_calls = 0;
    fake.fail_at_call = 2;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_EDEVICE);
    PK_CHECK(strstr(err, "fakeLaunch()") != NULL && strstr(err, h_point()) != NULL);

    /* A stop request ends it with PK_EINTR. */
    static volatile sig_atomic_t stop = SIGINT;
    fake.fail_at_call = 0;
    o.stop = &stop;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_EINTR);
    pk_params_free(&p);
    fake_backend.close(b);
}

/* Calibrates with the fake model as set, into p (freed and re-initialised first). */
static int calibrate_fake(pk_params *p, char *err, size_t errlen)
{
    pk_backend *b = NULL;
    pk_backend_config cfg = {0, 1.0};
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    pk_params_free(p);
    pk_params_init(p);
    PK_CHECK(fake_backend.open(&cfg, &b, err, errlen) == PK_OK);
    int rc = pk_calibrate(&fake_backend, b, &o, p, err, errlen);
    fake_backend.close(b);
    return rc;
}

static void test_gap_and_wakeups(void)
{
    memset(&fake, 0, sizeof fake);
    fake.h = 200, fake.L = 100, fake.g = 60, fake.sync = 50, fake.S = 40000, fake.e = 150;
    fake.teardown = 20000, fake.gnode = 30, fake.ginst = 3, fake.Q = 1024, fake.B = 400;
    pk_params p;
    char err[512];
    pk_params_init(&p);
    /* g = the gap between items; the item body beyond its requested time (15 ns, seen only in
     * the median item: the mean stays item_ns) is o, apart from g. */
    fake.body = 15;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_KERNEL_GAP], 60, 1e-9);
    PK_CHECK_NEAR(p.value[PK_P_ITEM_OVERSHOOT], 15, 1e-9);
    PK_CHECK_U64(p.samples[PK_P_KERNEL_GAP].n, 8); /* both lengths agree: their runs pooled */
    const char *check = pk_context_get(&p.context, "kernel_gap_check");
    PK_CHECK(check && strncmp(check, "agree: 60 ns at 30 us items, 60 ns at 7 us", 42) == 0);
    /* The short items' gap 200 ns longer: disagreement noted, g from the long items alone. */
    fake.gap_drift = 200;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_KERNEL_GAP], 60, 1e-9);
    PK_CHECK_U64(p.samples[PK_P_KERNEL_GAP].n, 4);
    check = pk_context_get(&p.context, "kernel_gap_check");
    PK_CHECK(check && strncmp(check, "disagree: 60 ns at 30 us items, 260 ns at 7 us", 46) == 0);
    /* 40 ns apart: within the 50 ns tolerance. */
    fake.gap_drift = 40;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    check = pk_context_get(&p.context, "kernel_gap_check");
    PK_CHECK(check && strncmp(check, "agree", 5) == 0);
    fake.gap_drift = 0;
    /* 70 ns apart at 300 ns: within 25% of the larger. */
    fake.g = 300, fake.gap_drift = 70;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    check = pk_context_get(&p.context, "kernel_gap_check");
    PK_CHECK(check && strncmp(check, "agree: 300 ns at 30 us items, 370 ns at 7 us", 44) == 0);
    fake.g = 60, fake.gap_drift = 0;
    /* No per-item figures: g from device time, (device_ns - N achieved) / (N - 1). */
    fake.no_item_figures = 1;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_KERNEL_GAP], 60, 1e-9);
    /* Nor device time: (wall_ns - h - L - N d) / (N - 1), where the fake's wall is
     * L + N (d + g) + sync: g itself with sync = h - g. */
    fake.no_device_time = 1, fake.sync = fake.h - fake.g;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_KERNEL_GAP], 60, 1e-9);
    fake.no_item_figures = fake.no_device_time = 0, fake.sync = 50;
    fake.hb = 300; /* h_b: (host_ns - h) / (N - 1), the first call on an idle device (host_ns / N: 1% low) */
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK(fabs(p.value[PK_P_LAUNCH_HOST_BUSY] - 300) < 1e-6 && fabs(p.value[PK_P_LAUNCH_HOST] - 200) < 1e-6);
    fake.hb = 0;
    /* Every 3rd run wakes the worker (host time 10x): set aside, h exact, the count noted. */
    fake.wake_every = 3;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], 200, 1e-9);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_HOST].n, 4);
    const char *runs = pk_context_get(&p.context, "launch_host_runs");
    PK_CHECK(runs && strstr(runs, "4 timed;") == runs && strstr(runs, "set aside (a launch woke the worker)"));
    PK_CHECK(strstr(runs, " 0 of ") == NULL);
    /* Every run wakes it: every run of the last round is timed as it is, and the context says so. */
    fake.wake_every = 1;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], 2000, 1e-9);
    runs = pk_context_get(&p.context, "launch_host_runs");
    PK_CHECK(runs && strstr(runs, "every one of 12 runs woke the worker") != NULL);
    pk_params_free(&p);
}

static void test_item_kernel(void)
{
    memset(&fake, 0, sizeof fake);
    fake.h = 2100, fake.L = 4300, fake.g = 900, fake.sync = 1700, fake.S = 21000, fake.e = 45;
    fake.teardown = 6000, fake.gnode = 650, fake.ginst = 1300, fake.Q = 1024, fake.B = 9500;
    pk_params p;
    char err[512];
    pk_params_init(&p);
    /* No profiler: not measured, the reason noted, everything else calibrated. */
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK(!pk_params_has(&p, PK_P_ITEM_KERNEL) && isnan(p.value[PK_P_ITEM_KERNEL]));
    PK_CHECK_U64(p.samples[PK_P_ITEM_KERNEL].n, 0);
    const char *why = pk_context_get(&p.context, "item_kernel_probe");
    PK_CHECK(why && strcmp(why, "not measured: fake backend: no kernel profiler") == 0);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE], 650, 1e-6);
    /* A profiler: the median of the timed launches (every 10th has no record and is dropped). */
    fake.item_kernel = 420;
    PK_CHECK(calibrate_fake(&p, err, sizeof err) == PK_OK);
    PK_CHECK(pk_params_has(&p, PK_P_ITEM_KERNEL));
    PK_CHECK_NEAR(p.value[PK_P_ITEM_KERNEL], 420, 1e-9);
    PK_CHECK_U64(p.samples[PK_P_ITEM_KERNEL].n, PK_CAL_ITEM_KERNEL_N - PK_CAL_ITEM_KERNEL_N / 10);
    why = pk_context_get(&p.context, "item_kernel_probe");
    PK_CHECK(why && strcmp(why, "fake profiler, 200 launches, 180 timed") == 0);
    pk_params_free(&p);
}

/* Rounds: a sync_ns that one round measures in an odd state (9000 ns against 1800 and 1700):
 * each parameter is the median of its rounds' values, with every round's samples; the steps are
 * announced once per round, the profiler's once; the context names the rounds and their h. */
typedef struct round_ctl {
    unsigned steps, rounds;
} round_ctl;

static void round_step(void *ud, const char *what)
{
    static const double sync[3] = {9000, 1800, 1700}; /* the median round is neither the first nor the last */
    round_ctl *r = ud;
    r->steps++;
    if (strncmp(what, "sync_ns", 7) == 0)
        fake.sync = sync[r->rounds++ % 3];
}

static void test_rounds(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    fake.item_kernel = 700;
    pk_params p;
    pk_params_init(&p);
    round_ctl ctl = {0, 0};
    pk_calibrate_opts o = {4, NULL, round_step, &ctl, 0, 3, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_U64(ctl.rounds, 3);
    PK_CHECK_U64(ctl.steps, pk_calibrate_steps(3));
    PK_CHECK_U64(pk_calibrate_steps(3), 3 * (PK_CAL_STEPS - 1) + 1);
    PK_CHECK_U64(pk_calibrate_steps(0), PK_CAL_STEPS);
    PK_CHECK_NEAR(p.value[PK_P_SYNC], 1800, 1e-6); /* the median round, not the odd one nor a mean */
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], fake.h, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_QUEUE_DEPTH], fake_pending(), 0);
    PK_CHECK_U64(p.samples[PK_P_SYNC].n, 12);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_LATENCY].n, 120);
    PK_CHECK_U64(p.samples[PK_P_ITEM_KERNEL].n, PK_CAL_ITEM_KERNEL_N - PK_CAL_ITEM_KERNEL_N / 10); /* the profiler once */
    const char *note = pk_context_get(&p.context, "calibrate_rounds");
    PK_CHECK(note && strstr(note, "3, each parameter the median") && strstr(note, "2100 2100 2100 ns"));
    /* A failure in round 2 names the round. */
    pk_params_free(&p);
    pk_params_init(&p);
    o.rounds = 1;
    o.on_step = NULL;
    fake_run_calls = 0;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    const long per_round = fake_run_calls;
    pk_params_free(&p);
    pk_params_init(&p);
    o.rounds = 3;
    fake_run_calls = 0;
    fake.fail_at_call = per_round + 2;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_EDEVICE);
    PK_CHECK(strncmp(err, "round 2 of 3: ", 14) == 0 && strstr(err, "fakeLaunch()") != NULL);
    fake.fail_at_call = 0;
    pk_params_free(&p);
    pk_params_init(&p);
    o.rounds = PK_CAL_MAX_ROUNDS + 1;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_EINVAL);
    pk_params_free(&p);
    fake_backend.close(b);

    /* Q over rounds: 0 (unbounded) when most rounds found no blocking, else the median of the
     * depths found; r the median of the rounds that stored it; X 0 without chunks; a round count
     * out of range is refused. */
    pk_params r[3], q;
    static const double depth[2][3] = {{0, 1096, 0}, {0, 1096, 1100}};
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 3; i++) {
            pk_params_init(&r[i]);
            r[i].value[PK_P_LAUNCH_HOST] = 3000 + i;
            r[i].value[PK_P_LAUNCH_QUEUE_DEPTH] = depth[t][i];
            r[i].value[PK_P_ITEM_CLOCK] = i ? 0 : 32;                  /* stored by one round of three */
            r[i].value[PK_P_PERSISTENT_CHUNK_LEAD] = i < 2 ? 500 - 100 * i : 0; /* X, but no round's chunks */
        }
        pk_params_init(&q);
        PK_CHECK(pk_calibrate_combine(r, 3, &q, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(q.value[PK_P_LAUNCH_QUEUE_DEPTH], t ? 1098 : 0, 0);
        PK_CHECK_NEAR(q.value[PK_P_LAUNCH_HOST], 3001, 0);
        PK_CHECK_NEAR(q.value[PK_P_ITEM_CLOCK], 32, 0);            /* the median of those that stored it */
        PK_CHECK_NEAR(q.value[PK_P_PERSISTENT_CHUNK_LEAD], 0, 0);  /* X only with chunks */
        pk_params_free(&q);
        for (int i = 0; i < 3; i++)
            pk_params_free(&r[i]);
    }
    pk_params_init(&q);
    PK_CHECK(pk_calibrate_combine(r, 0, &q, err, sizeof err) == PK_EINVAL);
    pk_params_free(&q);
}

/* Two calibrations around a sweep: every parameter their mean, samples of both, Q only where
 * both found it; the notes of both rounds and of the bracket; different devices refused. */
static void test_bracket(void)
{
    char err[512];
    pk_params b, a, p;
    pk_params_init(&b);
    pk_params_init(&a);
    for (int id = 0; id < PK_PARAM_COUNT; id++) {
        b.value[id] = 100 + id;
        a.value[id] = 300 + 3 * id;
    }
    b.value[PK_P_LAUNCH_QUEUE_DEPTH] = 1000;
    a.value[PK_P_LAUNCH_QUEUE_DEPTH] = 1003;
    b.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 10; /* below e, as calibrate keeps it */
    a.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 14;
    double sb[2] = {1, 2}, sa[3] = {3, 4, 5};
    PK_CHECK(pk_params_set_samples(&b, PK_P_LAUNCH_HOST, sb, 2) == PK_OK);
    PK_CHECK(pk_params_set_samples(&a, PK_P_LAUNCH_HOST, sa, 3) == PK_OK);
    snprintf(b.backend, sizeof b.backend, "cuda");
    snprintf(a.backend, sizeof a.backend, "cuda");
    snprintf(b.device, sizeof b.device, "GPU X");
    snprintf(a.device, sizeof a.device, "GPU X");
    snprintf(b.source, sizeof b.source, "calibrate");
    PK_CHECK(pk_context_set(&b.context, "calibrate_rounds", "3, before") == PK_OK);
    PK_CHECK(pk_context_set(&a.context, "calibrate_rounds", "3, after") == PK_OK);
    PK_CHECK(pk_context_set(&a.context, "kernel_gap_check", "disagree: x") == PK_OK);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    for (int id = 0; id < PK_PARAM_COUNT; id++)
        if (id != PK_P_LAUNCH_QUEUE_DEPTH && id != PK_P_PERSISTENT_RESIDENT_ITEM)
            PK_CHECK_NEAR(p.value[id], 200 + 2 * id, 1e-9);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_QUEUE_DEPTH], 1002, 0); /* 1001.5, rounded */
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_RESIDENT_ITEM], 12, 1e-9);
    PK_CHECK_U64(p.samples[PK_P_LAUNCH_HOST].n, 5);
    PK_CHECK(strcmp(p.backend, "cuda") == 0 && strcmp(p.device, "GPU X") == 0 && strcmp(p.source, "calibrate") == 0);
    const char *rb = pk_context_get(&p.context, "calibrate_rounds");
    const char *ra = pk_context_get(&p.context, "calibrate_rounds_after");
    const char *note = pk_context_get(&p.context, "calibrate_bracket");
    const char *g = pk_context_get(&p.context, "kernel_gap_check");
    PK_CHECK(rb && strcmp(rb, "3, before") == 0);
    PK_CHECK(ra && strcmp(ra, "3, after") == 0);
    PK_CHECK(note &&
             strcmp(note, "before and after the sweep, each parameter the mean of the two; h 100 and 300 ns") == 0);
    PK_CHECK(g && strncmp(g, "disagree", 8) == 0); /* a failed check in either is kept */
    pk_params_free(&p);
    /* Q: unbounded (0) when one of the two found no blocking. */
    a.value[PK_P_LAUNCH_QUEUE_DEPTH] = 0;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_QUEUE_DEPTH], 0, 0);
    pk_params_free(&p);
    /* C and e_c: one side found chunks, the other none (0): the chunked side's, not a chunk of
     * half the size; neither side: none. */
    b.value[PK_P_PERSISTENT_CHUNK_ITEMS] = 256, b.value[PK_P_PERSISTENT_CHUNK_ITEM] = 10;
    a.value[PK_P_PERSISTENT_CHUNK_ITEMS] = 0, a.value[PK_P_PERSISTENT_CHUNK_ITEM] = 0;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEMS], 256, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEM], 10, 0);
    pk_params_free(&p);
    b.value[PK_P_PERSISTENT_CHUNK_ITEMS] = 0, b.value[PK_P_PERSISTENT_CHUNK_ITEM] = 0;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEMS], 0, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEM], 0, 0);
    pk_params_free(&p);
    /* G_1: one side measured it, the other not (0, older code): the measured side's, not half of
     * it; neither side: 0. */
    a.value[PK_P_GRAPH_ONE_NODE] = 0;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_ONE_NODE], b.value[PK_P_GRAPH_ONE_NODE], 0);
    pk_params_free(&p);
    const double g1 = b.value[PK_P_GRAPH_ONE_NODE];
    b.value[PK_P_GRAPH_ONE_NODE] = 0;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_ONE_NODE], 0, 0);
    pk_params_free(&p);
    b.value[PK_P_GRAPH_ONE_NODE] = g1;
    /* W stays whole; item_kernel_ns measured before only: before's value and note; a
     * calibration without rounds noted as 1. */
    b.value[PK_P_PERSISTENT_WINDOW_ITEMS] = 3;
    a.value[PK_P_PERSISTENT_WINDOW_ITEMS] = 4;
    a.value[PK_P_ITEM_KERNEL] = NAN;
    PK_CHECK(pk_context_set(&b.context, "item_kernel_probe", "cupti, before") == PK_OK);
    PK_CHECK(pk_context_set(&a.context, "item_kernel_probe", "not measured: after") == PK_OK);
    pk_params before_alone; /* b's values, no context */
    pk_params_init(&before_alone);
    memcpy(before_alone.value, b.value, sizeof b.value);
    snprintf(before_alone.device, sizeof before_alone.device, "GPU X");
    snprintf(before_alone.backend, sizeof before_alone.backend, "cuda");
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW_ITEMS], 4, 0); /* 3.5, rounded */
    PK_CHECK_NEAR(p.value[PK_P_ITEM_KERNEL], b.value[PK_P_ITEM_KERNEL], 0);
    const char *probe = pk_context_get(&p.context, "item_kernel_probe");
    PK_CHECK(probe && strcmp(probe, "cupti, before") == 0);
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&before_alone, &a, &p, err, sizeof err) == PK_OK);
    rb = pk_context_get(&p.context, "calibrate_rounds");
    PK_CHECK(rb && strcmp(rb, "1") == 0);
    pk_params_free(&p);
    pk_params_free(&before_alone);
    snprintf(a.device, sizeof a.device, "GPU Y");
    pk_params_init(&p);
    PK_CHECK(pk_calibrate_bracket(&b, &a, &p, err, sizeof err) == PK_EINVAL);
    PK_CHECK(strstr(err, "different devices") != NULL);
    pk_params_free(&p);
    pk_params_free(&a);
    pk_params_free(&b);
}

/* Chunks of 256 words (given by the backend), an item of a chunk in hand 30 ns, the loads 45 ns
 * a word: e_c from the device's clock at N = 200 and 3, e from the walls as the chunked model
 * charges N = 12000 (46 chunks at C e, then 224 items at e_c), B_l and B unchanged; with a
 * window of 32, B_w as without chunks (a resident batch is not read as chunks). Then a backend
 * whose items cost no less within a chunk (the fake's device_ns is N (d + g) without chunks):
 * no chunks, e the plain slope. */
static void test_chunks_recovered(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    fake.C = 256, fake.ec = 30;
    o.chunk_items = 256;
    for (int win = 0; win < 2; win++) {
        fake.W = win ? 32 : 0, fake.Bw = win ? 3100 : 0;
        o.window_items = win ? 32 : 0;
        pk_params_free(&p);
        pk_params_init(&p);
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEMS], 256, 0);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEM], fake.ec, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM_BUSY], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], fake.Bw, 1e-6);
        /* with a window, e_r from 96 and 224 items: e here (the fake's every item past the window
         * at e), not below e, so not kept; B_w from 96 with e, as planted */
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_RESIDENT_ITEM], 0, 0);
        PK_CHECK_U64(p.samples[PK_P_PERSISTENT_RESIDENT_ITEM].n, 0);
        const char *walls = pk_context_get(&p.context, "persistent_window_walls");
        PK_CHECK(win ? walls && strstr(walls, "; e_r not below e, not kept") : walls == NULL);
        PK_CHECK_U64(p.samples[PK_P_PERSISTENT_CHUNK_ITEM].n, 4);
        const char *note = pk_context_get(&p.context, "persistent_chunk");
        PK_CHECK(note && strstr(note, "device's clock") && strstr(note, "N = 3 and 200"));
    }
    fake.W = 0, fake.Bw = 0, fake.C = 0, fake.ec = 0;
    o.window_items = 0;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEMS], 0, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEM], 0, 0);
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_CHUNK_ITEM].n, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6);
    const char *nochunk = pk_context_get(&p.context, "persistent_chunk");
    PK_CHECK(nochunk && strstr(nochunk, "no chunks"));

    pk_params_free(&p);
    fake_backend.close(b);
}

/* The chunk loads' lead: with chunks of 256 words, a window of 32 and the loads running 500 ns
 * ahead, X from the 768-item batch, e from the slope past it and B_l from N = 3 (all within the
 * window) come out as planted, with and without the rounds' combination; with no lead, X is not
 * kept (0, no samples) and the context says so; without chunks X is not measured. */
static void test_chunk_lead(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    o.chunk_items = 256, o.window_items = 32;
    for (int k = 0; k < 3; k++) {
        fake.C = k < 2 ? 256 : 0, fake.ec = k < 2 ? 30 : 0, fake.W = 32, fake.lead = k ? 0 : 500;
        o.chunk_items = k < 2 ? 256 : 0;
        o.rounds = k ? 1 : 3;
        pk_params p;
        pk_params_init(&p);
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_LEAD], k ? 0 : 500, 1e-6);
        PK_CHECK_U64(p.samples[PK_P_PERSISTENT_CHUNK_LEAD].n, k ? 0 : 12);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6);
        const char *note = pk_context_get(&p.context, "persistent_chunk_lead");
        PK_CHECK(k == 2 ? note == NULL
                 : note && strstr(note, k ? "X 0 ns, not above 0: not kept" : "N = 768: median wall") &&
                       (k || strstr(note, "X 500 ns")));
        pk_params_free(&p);
    }
    /* A lead past C e (256 x e, e as calibrated beside it): X held to C e, as the note says. */
    fake.C = 256, fake.ec = 30, fake.W = 32, fake.lead = 20000;
    o.chunk_items = 256, o.rounds = 1;
    pk_params p;
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_LEAD], 256 * p.value[PK_P_PERSISTENT_ITEM], 1e-6);
    const char *note = pk_context_get(&p.context, "persistent_chunk_lead");
    PK_CHECK(note && strstr(note, ", held to C e"));
    pk_params_free(&p);
    fake_backend.close(b);
}

int main(void)
{
    test_recovers_planted();
    test_gap_and_wakeups();
    test_item_kernel();
    test_rounds();
    test_bracket();
    test_chunks_recovered();
    test_chunk_lead();
    return pk_test_done("harness.calibrate");
}
