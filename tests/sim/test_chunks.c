/* Invariants of the chunked read of a persistent batch (sim/analytic.h, pk_costs_chunk_items):
 * a persistent launch's batch of empty items published at once is read as chunks of C ring
 * words, chunk j in hand j*C*e - X after the first item, each item of a chunk in hand dispatched
 * in e_c and the first window's (W = 32) in nothing.
 *  - the simulator and the closed form agree on total and device time at every batch size
 *    around the chunk and window edges, with and without the loads' lead X;
 *  - hand cases: one chunk costs (N - 32) e_c; N = 256 puts the stop word alone in chunk 1 (C e);
 *    N = 300 waits for chunk 1 (C e), then runs 44 items at e_c; with e_c > e the items set the
 *    pace ((N - 32) e_c); with X = 500 chunk 1 and every later chunk come 500 ns sooner, and a
 *    lead beyond the first chunk's load is held to it;
 *  - with e_c = e, no window and no lead the model is the one without chunks, N e;
 *  - a resident batch, non-empty items, host work, or no C leave the model as it was; a trace of
 *    empty items with no host work (dv, wv all 0) is read as chunks, as the closed form of its
 *    mean reads it;
 *  - drawn, e is drawn once per chunk: with e's samples {10, 18} a large batch's totals spread
 *    (within the bounds of all-10 and all-18 chunks), and all of them drawn at 14 give the
 *    deterministic total. */
#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "sim/analytic.h"
#include "sim/model.h"
#include "tests/pk_test.h"
#include "tests/sim/sim_checks.h"

static pk_model *m;

static void test_chunks(void)
{
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_PERSISTENT_ITEM] = 14;
    p.value[PK_P_PERSISTENT_CHUNK_ITEM] = 10;
    p.value[PK_P_PERSISTENT_CHUNK_ITEMS] = 256;
    p.value[PK_P_PERSISTENT_BATCH] = 3800;
    p.value[PK_P_PERSISTENT_LAUNCH_TRIP] = 2900;
    p.value[PK_P_PERSISTENT_SETUP] = 8000;
    p.value[PK_P_PERSISTENT_TEARDOWN] = 1400;
    p.value[PK_P_PERSISTENT_WINDOW_ITEMS] = 32;
    p.value[PK_P_PERSISTENT_WINDOW] = 2100;
    pk_costs c, flat;
    pk_costs_from_params(&p, &c);
    PK_CHECK_U64(c.C, 256);
    PK_CHECK_NEAR(c.e_c, 10, 0);
    const double fixed = 8000 + 1400 + 2900, res = 3800 + 2100;
    static const uint64_t ns[] = {1, 3, 31, 32, 33, 200, 255, 256, 257, 300, 511, 512, 513, 12000, 16384};
    flat = c;
    flat.e_c = 14;
    flat.W = 0;
    pk_costs lead = c;
    lead.X = 500;
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        pk_items it = {ns[i], 0, 0, NULL, NULL, NULL};
        pk_prediction sim, cf, f, r, r_none;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT, 0, ns[i], 0, &cf) == 0);
        PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
        PK_CHECK_NEAR(sim.device_ns, cf.device_ns, 1e-6);
        PK_CHECK(pk_model_run(m, &lead, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(&lead, PK_STRAT_PERSISTENT, 0, ns[i], 0, &cf) == 0);
        PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
        PK_CHECK_NEAR(sim.device_ns, cf.device_ns, 1e-6);
        /* e_c = e, no window: the model without chunks */
        PK_CHECK(pk_model_run(m, &flat, PK_STRAT_PERSISTENT, &it, 0, &f) == 0);
        PK_CHECK_NEAR(f.total_ns, fixed + 14.0 * (double)ns[i], 1e-6);
        /* the resident: every item past the window e, as without C */
        pk_costs none = c;
        none.C = 0;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &it, 0, &r) == 0);
        PK_CHECK(pk_model_run(m, &none, PK_STRAT_PERSISTENT_RESIDENT, &it, 0, &r_none) == 0);
        PK_CHECK_NEAR(r.total_ns, r_none.total_ns, 1e-6);
        PK_CHECK_NEAR(r.total_ns, (ns[i] > 32 ? res : 3800) + 14.0 * (double)(ns[i] > 32 ? ns[i] - 32 : 0), 1e-6);
    }
    static const struct { uint64_t n; double pers, led; } hand[] = {
        {1, 0, 0},           {32, 0, 0},           {200, 1680, 1680},         {255, 2230, 2230},
        {256, 3584, 3084},   {300, 3584 + 440, 3084 + 440}, {512, 7168, 6668}, {513, 7168 + 10, 6668 + 10},
        {12000, 46 * 256 * 14.0 + 2240, 46 * 256 * 14.0 - 500 + 2240},
    };
    for (size_t i = 0; i < sizeof hand / sizeof hand[0]; i++) {
        pk_prediction a, b;
        PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT, 0, hand[i].n, 0, &a) == 0);
        PK_CHECK_NEAR(a.total_ns, fixed + hand[i].pers, 1e-6);
        PK_CHECK(pk_analytic_pipelined(&lead, PK_STRAT_PERSISTENT, 0, hand[i].n, 0, &b) == 0);
        PK_CHECK_NEAR(b.total_ns, fixed + hand[i].led, 1e-6);
    }
    /* e_c above e: the items set the pace, (N - 32) e_c (the stop word's chunk in hand before) */
    pk_costs slow = c;
    slow.e_c = 20;
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        pk_items it = {ns[i], 0, 0, NULL, NULL, NULL};
        pk_prediction sim, cf;
        PK_CHECK(pk_model_run(m, &slow, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(&slow, PK_STRAT_PERSISTENT, 0, ns[i], 0, &cf) == 0);
        PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
        const double charged = (double)ns[i] - fmin((double)ns[i], 32), stop = ns[i] % 256 ? 0 : (double)ns[i] * 14;
        PK_CHECK_NEAR(cf.total_ns, fixed + fmax(20.0 * charged, stop), 1e-6);
    }
    /* Non-empty items, host work, or no C: no chunks (every item e or e_b, as before) */
    pk_costs none = c;
    none.C = 0;
    for (int k = 0; k < 3; k++) {
        const double d = k == 0 ? 1000 : 0, w = k == 1 ? 5 : 0;
        const pk_costs *cc = k == 2 ? &none : &c;
        pk_items it = {300, d, w, NULL, NULL, NULL};
        pk_prediction sim, cf;
        PK_CHECK(pk_model_run(m, cc, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(cc, PK_STRAT_PERSISTENT, d, 300, w, &cf) == 0);
        PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
        PK_CHECK_NEAR(sim.total_ns, fixed + (k == 1 ? 5 + 300 * 14.0 : 300 * (d + 14.0)), 1e-6);
    }
    /* a trace of empty items, no host work: as its mean's closed form */
    static double zeros[600];
    pk_items tr = {600, 0, 0, zeros, zeros, NULL};
    pk_prediction ts, tc;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &tr, 0, &ts) == 0);
    PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT, 0, 600, 0, &tc) == 0);
    PK_CHECK_NEAR(ts.total_ns, tc.total_ns, 1e-6);
    /* e drawn once per chunk */
    /* e_c measured (10) without samples: charged as it is, not drawn from e's samples */
    const double es[2] = {10, 18}, e14[2] = {14, 14};
    pk_model_random r = {.seed = 3, .dist = PK_DIST_RESAMPLE, .jitter_cv = 0};
    pk_items big = {12000, 0, 0, NULL, NULL, NULL};
    for (int k = 0; k < 2; k++) {
        PK_CHECK(pk_params_set_samples(&p, PK_P_PERSISTENT_ITEM, k ? e14 : es, 2) == 0);
        PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
        double lo = INFINITY, hi = 0;
        for (uint64_t dr = 0; dr < 40; dr++) {
            pk_prediction x;
            PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &big, dr, &x) == 0);
            lo = fmin(lo, x.total_ns), hi = fmax(hi, x.total_ns);
        }
        const double items = 224 * 10.0; /* the last chunk's items at e_c */
        if (k) {
            PK_CHECK_NEAR(lo, fixed + 46 * 256 * 14.0 + items, 1e-6);
            PK_CHECK_NEAR(hi, lo, 1e-6);
        } else {
            PK_CHECK(hi - lo > 256 * 8.0); /* at least one chunk drawn each way apart */
            PK_CHECK(lo >= fixed + 46 * 256 * 10.0 + items - 1e-6 && hi <= fixed + 46 * 256 * 18.0 + items + 1e-6);
        }
    }
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

/* e_c a little above e (15 against 14: chunk 1's arrival, not chunk 0's items, sets the end past
 * a free window), and a window wider than a chunk (W = 300 > C = 256): the simulator and the
 * closed form agree, with and without the lead. */
static void test_agree_edges(void)
{
    static const uint64_t ns[] = {1, 3, 31, 32, 33, 200, 255, 256, 257, 300, 511, 512, 513, 12000, 16384};
    for (int k = 0; k < 4; k++) {
        pk_costs v = {.S = 8000, .T = 1400, .B_l = 2900, .B = 3800, .e = 14, .C = 256};
        v.e_c = k < 2 ? 15 : 10, v.W = k < 2 ? 32 : 300, v.X = k % 2 ? 500 : 0;
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            pk_items it = {ns[i], 0, 0, NULL, NULL, NULL};
            pk_prediction sim, cf;
            PK_CHECK(pk_model_run(m, &v, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
            PK_CHECK(pk_analytic_pipelined(&v, PK_STRAT_PERSISTENT, 0, ns[i], 0, &cf) == 0);
            PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
            PK_CHECK_NEAR(sim.device_ns, cf.device_ns, 1e-6);
        }
    }
}

/* A lead beyond the first chunk's load (C e = 3584 ns) is held to it: chunk 1 with the first item. */
static void test_far_lead(void)
{
    pk_costs far = {.S = 8000, .T = 1400, .B_l = 2900, .B = 3800, .e = 14, .e_c = 10, .C = 256, .W = 32, .X = 1e6};
    pk_prediction fa, fs;
    pk_items it300 = {300, 0, 0, NULL, NULL, NULL};
    PK_CHECK(pk_analytic_pipelined(&far, PK_STRAT_PERSISTENT, 0, 300, 0, &fa) == 0);
    PK_CHECK(pk_model_run(m, &far, PK_STRAT_PERSISTENT, &it300, 0, &fs) == 0);
    PK_CHECK_NEAR(fa.total_ns, 8000 + 1400 + 2900 + 268 * 10.0, 1e-6);
    PK_CHECK_NEAR(fs.total_ns, fa.total_ns, 1e-6);
}

/* A file that leaves B_l out: the loader fills in B's value, and B_l is drawn from B's samples
 * ({3000, 5000}), as before it existed, not charged as a constant (a measured value without
 * samples): a launch of one item moves by 2000 ns between draws. */
static void test_borrowed_samples(void)
{
    pk_model_random r = {.seed = 3, .dist = PK_DIST_RESAMPLE, .jitter_cv = 0};
    pk_params q, with, without;
    pk_params_init(&q);
    q.value[PK_P_PERSISTENT_ITEM] = 14;
    q.value[PK_P_PERSISTENT_BATCH] = 4000;
    q.value[PK_P_PERSISTENT_LAUNCH_TRIP] = 4000;
    const double bs[2] = {3000, 5000};
    PK_CHECK(pk_params_set_samples(&q, PK_P_PERSISTENT_BATCH, bs, 2) == 0);
    PK_CHECK(pk_params_set_samples(&q, PK_P_PERSISTENT_LAUNCH_TRIP, bs, 2) == 0); /* dropped with it */
    if (params_drop(&q, "persistent_launch_trip_ns", &with, &without) == 0) {
        PK_CHECK_NEAR(without.value[PK_P_PERSISTENT_LAUNCH_TRIP], 4000, 0);
        pk_costs cw;
        pk_costs_from_params(&without, &cw);
        PK_CHECK(pk_model_set_random(m, &without, &r) == 0);
        pk_items one = {1, 0, 0, NULL, NULL, NULL};
        double lo = INFINITY, hi = 0;
        for (uint64_t dr = 0; dr < 40; dr++) {
            pk_prediction x;
            PK_CHECK(pk_model_run(m, &cw, PK_STRAT_PERSISTENT, &one, dr, &x) == 0);
            lo = fmin(lo, x.total_ns), hi = fmax(hi, x.total_ns);
        }
        PK_CHECK_NEAR(hi - lo, 2000, 1e-6);
    }
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&q);
    pk_params_free(&with);
    pk_params_free(&without);
}

int main(void)
{
    if (pk_model_create(&m) != 0)
        return 1;
    test_chunks();
    test_borrowed_samples();
    test_far_lead();
    test_agree_edges();
    pk_model_destroy(m);
    return pk_test_done("sim.chunks");
}
