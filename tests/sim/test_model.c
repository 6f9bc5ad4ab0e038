/* Invariants of the launch model:
 *  - with constant costs and a launch queue that never fills (Q = 0, or Q above
 *    pk_analytic_max_queued_bound), the simulator's total, host and device times equal the
 *    pipelined closed forms exactly, for every strategy, over a grid of costs that includes a
 *    nonzero persistent round trip B (resident ends B after the last item, teardown starts B
 *    after it);
 *  - in stochastic mode B is drawn like every other cost: with measured samples of B, each
 *    resident run ends exactly one resampled B after its single item, and both samples occur;
 *  - a full queue makes the simulator slower than the closed form (host blocks; device may
 *    starve), by at most N*(h + L), and host_ns grows by exactly the blocked time;
 *  - host work the closed form ignores (w = 0 in the formula) makes the simulator slower by
 *    between 0 and N*w;
 *  - jitter: with h resampled from {h - j, h + j} at the knee (h = d + g) the mean simulated
 *    total exceeds the closed form at the mean costs, and no draw exceeds the closed form at
 *    the maximum costs nor falls below the one at the minimum costs;
 *  - so does the mean with item durations jittered (lognormal, mean d) at the same knee;
 *  - stochastic runs are reproducible from their seed and draw index;
 *  - a lognormal fit keeps a parameter's zero samples as a mass at 0 of their share (L is
 *    max(0, probe - h), 0 in some runs) and refuses a negative sample;
 *  - the additive mode reproduces the seed's savings N*h - S for every persistent verdict (and
 *    gives standard-sync N*(h + d + sync) and graph h + N*(node + d)), and
 *    is the simulator with overlap removed: standard = standard-sync with L = g = sync = 0,
 *    persistent = persistent with e = T = 0 (no host work), to the nanosecond;
 *  - a long batch with a bounded queue keeps the queue's ring within 2*Q entries;
 *  - a launch call pays h_b over h in proportion to its overlap with a running kernel;
 *  - the timeline is physical: each actor's intervals of one kind never overlap, every item's
 *    kernel starts at least L after its launch call ends, and nothing ends after the total. */
#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "pkbench/policy.h"
#include "sim/analytic.h"
#include "sim/model.h"
#include "tests/pk_test.h"

static pk_model *m;

static void check_exact(const pk_costs *c, pk_strategy s, double d, uint64_t n, double w)
{
    pk_prediction sim, cf;
    pk_items it = {n, d, w, NULL, NULL, NULL};
    PK_CHECK(pk_model_run(m, c, s, &it, 0, &sim) == 0);
    PK_CHECK(pk_analytic_pipelined(c, s, d, n, w, &cf) == 0);
    if (sim.total_ns != cf.total_ns || sim.host_ns != cf.host_ns || sim.device_ns != cf.device_ns) {
        fprintf(stderr, "strategy %d d=%g n=%llu w=%g h=%g L=%g g=%g Q=%llu\n", (int)s, d, (unsigned long long)n, w,
                c->h, c->L, c->g, (unsigned long long)c->Q);
    }
    PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 0);
    PK_CHECK_NEAR(sim.host_ns, cf.host_ns, 0);
    PK_CHECK_NEAR(sim.device_ns, cf.device_ns, 0);
    PK_CHECK(sim.blocked_ns == 0);
    if (s == PK_STRAT_PERSISTENT) {
        PK_CHECK_NEAR(sim.setup_ns, c->S, 0);
        PK_CHECK_NEAR(sim.teardown_ns, c->T, 0);
    }
}

static void test_closed_form_exact(void)
{
    static const double hs[] = {0, 700, 5000};
    static const double Ls[] = {0, 3000};
    static const double gs[] = {0, 1200};
    static const double ds[] = {0, 1000, 5000, 20000};
    static const uint64_t ns[] = {1, 2, 3, 17, 1024};
    static const double ws[] = {0, 2500};
    static const double Bs[] = {0, 9500};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 2; b++)
            for (size_t g = 0; g < 2; g++)
                for (size_t i = 0; i < 4; i++)
                    for (size_t j = 0; j < 5; j++)
                        for (size_t k = 0; k < 2; k++)
                            for (int s = 0; s < PK_STRAT_COUNT; s++)
                                for (size_t r = 0; r < 2; r++) {
                                    pk_costs c = {.h = hs[a], .L = Ls[b], .g = gs[g], .sync = 900, .S = 40000,
                                                  .e = 300, .T = 7000, .graph_node = 400, .graph_inst = 2000,
                                                  .Q = 0, .B = Bs[r], .graph_node_b = r ? 330 : 0, .r = r ? 32 : 0,
                                                  .o = r ? 5 : 0};
                                    check_exact(&c, (pk_strategy)s, ds[i], ns[j], ws[k]);
                                    /* A bounded queue deeper than the bound behaves as unbounded. */
                                    c.Q = pk_analytic_max_queued_bound(&c, ds[i], ns[j], ws[k]) + 1;
                                    check_exact(&c, (pk_strategy)s, ds[i], ns[j], ws[k]);
                                }
}

/* A requested item runs to the device clock's step (r) and o past it: 1000 ns on a 32 ns step
 * runs 1024 + o, 20000 (a whole number of steps) 20000 + o; without r, d + o; an empty item
 * nothing. The persistent launch's total moves by exactly N times the step's share. */
static void test_clock_step(void)
{
    pk_costs c = {.h = 3000, .L = 3800, .g = 1600, .sync = 1900, .S = 8000, .e = 14, .T = 1400, .B = 3200, .o = 5,
                  .r = 32};
    PK_CHECK_NEAR(pk_costs_item(&c, 1000), 1029, 0);
    PK_CHECK_NEAR(pk_costs_item(&c, 20000), 20005, 0);
    PK_CHECK_NEAR(pk_costs_item(&c, 0), 0, 0);
    pk_costs flat = c;
    flat.r = 0;
    PK_CHECK_NEAR(pk_costs_item(&flat, 1000), 1005, 0);
    pk_prediction a, b;
    pk_items it = {4096, 5000, 0, NULL, NULL, NULL};
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &it, 0, &a) == 0);
    PK_CHECK(pk_model_run(m, &flat, PK_STRAT_PERSISTENT, &it, 0, &b) == 0);
    PK_CHECK_NEAR(a.total_ns - b.total_ns, 4096 * 24.0, 1e-6);
}

static void test_full_queue(void)
{
    /* Device-bound (d + g >> h) with a short queue: the host blocks. */
    pk_costs c = {.h = 2000, .L = 6000, .g = 1000, .sync = 500, .Q = 4};
    uint64_t n = 4096;
    double d = 3000;
    pk_items it = {n, d, 0, NULL, NULL, NULL};
    pk_prediction sim, cf;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
    PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_STANDARD, d, n, 0, &cf) == 0);
    PK_CHECK(sim.max_queued <= c.Q);
    PK_CHECK(sim.blocked_ns > 0);
    PK_CHECK_NEAR(sim.host_ns, cf.host_ns + sim.blocked_ns, 0);
    /* (h + L)/Q = 2000 < d + g = 4000: the device never starves, total unchanged. */
    PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 0);

    /* Q = 1 with h + L > d + g: the device starves, the simulator is slower. */
    c.Q = 1;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
    PK_CHECK(sim.total_ns > cf.total_ns);
    PK_CHECK(sim.total_ns - cf.total_ns <= (double)n * (c.h + c.L));
    /* In steady state one launch runs per h + L: the total is at least N*(h + L). */
    PK_CHECK(sim.total_ns >= (double)n * (c.h + c.L));
    PK_CHECK(sim.max_queued == 1);
    /* The overlap policy's starvation term predicts the same steady-state period. */
    pk_overlap_inputs oi = {.batch_size = (uint32_t)n, .per_launch_overhead_ns = 2000, .per_item_kernel_ns = 3000,
                            .kernel_gap_ns = 1000, .launch_latency_ns = 6000, .launch_queue_depth = 1, .sync_ns = 500};
    double pol = (double)pk_overlap_standard_ns(&oi);
    PK_CHECK(fabs(pol - sim.total_ns) <= c.h + c.L + d);
}

static void test_host_work_parts(void)
{
    pk_costs c = {.h = 1000, .L = 2000, .g = 500, .sync = 300, .S = 20000, .e = 200, .T = 1000, .Q = 0};
    uint64_t n = 512;
    for (double w = 500; w <= 8000; w *= 4)
        for (int s = 0; s < PK_STRAT_COUNT; s++) {
            pk_items it = {n, 3000, w, NULL, NULL, NULL};
            pk_prediction sim, cf0;
            PK_CHECK(pk_model_run(m, &c, (pk_strategy)s, &it, 0, &sim) == 0);
            PK_CHECK(pk_analytic_pipelined(&c, (pk_strategy)s, 3000, n, 0, &cf0) == 0);
            PK_CHECK(sim.total_ns >= cf0.total_ns);
            PK_CHECK(sim.total_ns - cf0.total_ns <= (double)n * w);
        }
    /* When host work exceeds the device period it is no longer hidden: strictly slower. */
    pk_items it = {n, 3000, 8000, NULL, NULL, NULL};
    pk_prediction sim, cf0;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
    PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_STANDARD, 3000, n, 0, &cf0) == 0);
    PK_CHECK(sim.total_ns > cf0.total_ns);
}

static void test_jitter(void)
{
    const double h = 4000, j = 1000, d = 3000, g = 1000;
    double hs[2] = {h - j, h + j};
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = h;
    p.value[PK_P_KERNEL_GAP] = g;
    PK_CHECK(pk_params_set_samples(&p, PK_P_LAUNCH_HOST, hs, 2) == 0);
    pk_costs c, lo, hi;
    pk_costs_from_params(&p, &c);
    lo = hi = c;
    lo.h = h - j;
    hi.h = h + j;
    pk_model_random r = {.seed = 42, .dist = PK_DIST_RESAMPLE, .jitter_cv = 0};
    PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
    uint64_t n = 1000, draws = 400;
    pk_items it = {n, d, 0, NULL, NULL, NULL};
    pk_prediction cf, cf_lo, cf_hi, sim, again;
    pk_analytic_pipelined(&c, PK_STRAT_STANDARD, d, n, 0, &cf);
    pk_analytic_pipelined(&lo, PK_STRAT_STANDARD, d, n, 0, &cf_lo);
    pk_analytic_pipelined(&hi, PK_STRAT_STANDARD, d, n, 0, &cf_hi);
    double sum = 0;
    int within = 1;
    for (uint64_t k = 0; k < draws; k++) {
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, k, &sim) == 0);
        sum += sim.total_ns;
        within &= sim.total_ns >= cf_lo.total_ns && sim.total_ns <= cf_hi.total_ns;
    }
    PK_CHECK(within);
    double mean = sum / (double)draws;
    PK_CHECK(mean > cf.total_ns);
    PK_CHECK(mean - cf.total_ns <= (double)n * j);
    /* Same seed, same draw: same total; another draw differs. */
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 7, &sim) == 0);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 7, &again) == 0);
    PK_CHECK(sim.total_ns == again.total_ns);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 8, &again) == 0);
    PK_CHECK(sim.total_ns != again.total_ns);
    pk_prediction_dist dist;
    PK_CHECK(pk_model_predict(m, &c, PK_STRAT_STANDARD, &it, 101, &dist) == 0);
    PK_CHECK(dist.p10 <= dist.p50 && dist.p50 <= dist.p90 && dist.p10 < dist.p90);
    PK_CHECK_U64(dist.draws, 101);
    /* Lognormal fit and jitter on sample-less parameters are reproducible too. */
    pk_model_random r2 = {.seed = 42, .dist = PK_DIST_LOGNORMAL, .jitter_cv = 0.2};
    PK_CHECK(pk_model_set_random(m, &p, &r2) == 0);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &it, 3, &sim) == 0);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &it, 3, &again) == 0);
    PK_CHECK(sim.total_ns == again.total_ns);
    /* Item-duration jitter at the knee (h = d + g): the mean total exceeds the closed form. */
    pk_params_free(&p);
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = h;
    p.value[PK_P_KERNEL_GAP] = g;
    pk_costs_from_params(&p, &c);
    pk_model_random r3 = {.seed = 9, .dist = PK_DIST_RESAMPLE, .jitter_cv = 0, .item_cv = 0.3};
    PK_CHECK(pk_model_set_random(m, &p, &r3) == 0);
    sum = 0;
    for (uint64_t k = 0; k < draws; k++) {
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, k, &sim) == 0);
        sum += sim.total_ns;
    }
    PK_CHECK(sum / (double)draws > cf.total_ns);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_GRAPH, &it, 5, &sim) == 0);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_GRAPH, &it, 5, &again) == 0);
    PK_CHECK(sim.total_ns == again.total_ns);
    r3.item_cv = NAN;
    PK_CHECK(pk_model_set_random(m, &p, &r3) == PK_EINVAL);
    r2.jitter_cv = -1;
    PK_CHECK(pk_model_set_random(m, &p, &r2) == PK_EINVAL);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_lognormal_zero_mass(void)
{
    /* Half the samples 0; the positive ones 500 and 2000: log mean ln 1000, sd of the logs
     * sqrt(2) ln 2 = 0.98 (n - 1 in the denominator; n would give 0.69). */
    const double ls[4] = {0, 0, 500, 2000};
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = 4000;
    p.value[PK_P_LAUNCH_LATENCY] = 500;
    PK_CHECK(pk_params_set_samples(&p, PK_P_LAUNCH_LATENCY, ls, 4) == 0);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    pk_model_random r = {.seed = 5, .dist = PK_DIST_LOGNORMAL};
    PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
    pk_items it = {1, 0, 0, NULL, NULL, NULL};
    pk_prediction sim;
    enum { DRAWS = 1000 };
    static double tot[DRAWS];
    for (uint64_t k = 0; k < DRAWS; k++) {
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, k, &sim) == 0);
        tot[k] = sim.total_ns;
    }
    qsort(tot, DRAWS, sizeof tot[0], dbl_cmp);
    size_t zeros = 0; /* draws of L = 0: the smallest total exactly */
    while (zeros < DRAWS && tot[zeros] == tot[0])
        zeros++;
    PK_CHECK(zeros > DRAWS * 4 / 10 && zeros < DRAWS * 6 / 10);
    size_t npos = DRAWS - zeros;
    const double *l = tot + zeros, base = tot[0];
    double med = l[npos / 2] - base, p10 = l[npos / 10] - base, p90 = l[npos * 9 / 10] - base;
    PK_CHECK(med > 800 && med < 1250);           /* exp(ln 1000) */
    PK_CHECK(p90 / p10 > 8 && p90 / p10 < 20);   /* exp(2 x 1.2816 x 0.98) = 12.3; sd 0.69 gives 5.9 */
    const double neg[2] = {-5, 1000};
    PK_CHECK(pk_params_set_samples(&p, PK_P_LAUNCH_LATENCY, neg, 2) == 0);
    PK_CHECK(pk_model_set_random(m, &p, &r) == PK_EINVAL);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

static void test_batch_round_trip_drawn(void)
{
    double bs[2] = {1000, 20000};
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_PERSISTENT_ITEM] = 300;
    p.value[PK_P_PERSISTENT_BATCH] = 9500;
    PK_CHECK(pk_params_set_samples(&p, PK_P_PERSISTENT_BATCH, bs, 2) == 0);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(c.B, 9500, 0);
    pk_model_random r = {.seed = 5, .dist = PK_DIST_RESAMPLE, .jitter_cv = 0};
    PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
    pk_items it = {1, 2000, 0, NULL, NULL, NULL};
    int seen[2] = {0, 0};
    for (uint64_t k = 0; k < 64; k++) {
        pk_prediction sim;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &it, k, &sim) == 0);
        double b = sim.total_ns - (300 + 2000);
        PK_CHECK(b == bs[0] || b == bs[1]);
        seen[0] |= b == bs[0];
        seen[1] |= b == bs[1];
    }
    PK_CHECK(seen[0] && seen[1]);

    /* The persistent (launched) mode charges B_l; a file without it draws B's samples, as the
     * mode did before B_l existed, and one with it draws its own while resident keeps B's. */
    for (int with_bl = 0; with_bl < 2; with_bl++) {
        double bl[2] = {2000, 4000};
        if (with_bl) {
            p.value[PK_P_PERSISTENT_LAUNCH_TRIP] = 3000;
            PK_CHECK(pk_params_set_samples(&p, PK_P_PERSISTENT_LAUNCH_TRIP, bl, 2) == 0);
            pk_costs_from_params(&p, &c);
            PK_CHECK_NEAR(c.B_l, 3000, 0);
        }
        const double *want = with_bl ? bl : bs;
        PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
        int got[2] = {0, 0};
        for (uint64_t k = 0; k < 64; k++) {
            pk_prediction sim;
            PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT, &it, k, &sim) == 0);
            double b = sim.total_ns - (300 + 2000);
            PK_CHECK(b == want[0] || b == want[1]);
            got[0] |= b == want[0];
            got[1] |= b == want[1];
        }
        PK_CHECK(got[0] && got[1]);
    }
    pk_prediction res;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &it, 1, &res) == 0);
    PK_CHECK(res.total_ns - 2300 == bs[0] || res.total_ns - 2300 == bs[1]);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

/* The poll window: a resident batch longer than W items costs B_w more, in the simulator and in
 * the closed form alike; a batch of W items, and the persistent (launched) mode, do not. The
 * resident batch's empty items within the window are dispatched free (only those past it cost
 * e); non-empty ones, and every item of the launched mode, cost their dispatch. */
static void test_window_round_trip(void)
{
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_PERSISTENT_ITEM] = 15;
    p.value[PK_P_PERSISTENT_BATCH] = 3800;
    p.value[PK_P_PERSISTENT_SETUP] = 9000;
    p.value[PK_P_PERSISTENT_TEARDOWN] = 2000;
    p.value[PK_P_PERSISTENT_WINDOW_ITEMS] = 32;
    p.value[PK_P_PERSISTENT_WINDOW] = 3100;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_U64(c.W, 32);
    const uint64_t ns[3] = {1, 32, 33};
    for (int k = 0; k < 3; k++) {
        pk_items it = {ns[k], 0, 0, NULL, NULL, NULL};
        pk_prediction sim, cf, full;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &it, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT_RESIDENT, 0, ns[k], 0, &cf) == 0);
        PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT, 0, ns[k], 0, &full) == 0);
        const double want = 3800 + (k == 2 ? 3100 + 15 : 0);
        PK_CHECK_NEAR(sim.total_ns, want, 1e-6);
        PK_CHECK_NEAR(cf.total_ns, want, 1e-6);
        PK_CHECK_NEAR(full.total_ns, 9000 + 2000 + 3800 + (double)ns[k] * 15, 1e-6);
        /* 1 us items: each costs its run and its dispatch, window or not */
        pk_items busy = {ns[k], 1000, 0, NULL, NULL, NULL};
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &busy, 0, &sim) == 0);
        PK_CHECK(pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT_RESIDENT, 1000, ns[k], 0, &cf) == 0);
        PK_CHECK_NEAR(sim.total_ns, 3800 + (k == 2 ? 3100 : 0) + (double)ns[k] * 1015, 1e-6);
        PK_CHECK_NEAR(cf.total_ns, sim.total_ns, 1e-6);
    }
    pk_params_free(&p);
}

static void test_additive_matches_seed(void)
{
    static const char *const presets[] = {"seed-native", "seed-portable"};
    for (int pi = 0; pi < 2; pi++) {
        pk_params p;
        PK_CHECK(pk_params_preset(presets[pi], &p) == 0);
        pk_costs c;
        pk_costs_from_params(&p, &c);
        c.sync = 300, c.graph_node = 700; /* standard-sync N (h + d + sync), graph h + N (node + d) */
        for (uint64_t n = 2; n <= 16384; n *= 2)
            for (double d = 0; d <= 50000; d += 12500) {
                pk_prediction st, ps, ss, gr;
                PK_CHECK(pk_analytic_additive(&c, PK_STRAT_STANDARD, d, n, 0, &st) == 0);
                PK_CHECK(pk_analytic_additive(&c, PK_STRAT_PERSISTENT, d, n, 0, &ps) == 0);
                PK_CHECK(pk_analytic_additive(&c, PK_STRAT_STANDARD_SYNC, d, n, 0, &ss) == 0 &&
                         pk_analytic_additive(&c, PK_STRAT_GRAPH, d, n, 0, &gr) == 0);
                PK_CHECK(ss.total_ns == (double)n * (c.h + d + 300) && gr.total_ns == c.h + (double)n * (700 + d));
                pk_policy_inputs in = {(uint32_t)n, (uint64_t)c.h, (uint64_t)d, (uint64_t)c.S};
                pk_decision v = pk_decide_persistent_kernel(in);
                double savings = st.total_ns - ps.total_ns;
                if (v.kind == PK_DECISION_PERSISTENT_KERNEL)
                    PK_CHECK_NEAR(savings, (double)v.savings_ns, 0);
                else
                    PK_CHECK(savings <= 0);
            }
        pk_params_free(&p);
    }
}

static void test_additive_is_des_without_overlap(void)
{
    pk_params p;
    PK_CHECK(pk_params_preset("seed-native", &p) == 0);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    pk_costs serial = c;
    serial.L = serial.g = serial.sync = serial.e = serial.T = serial.B = 0;
    for (uint64_t n = 1; n <= 4096; n *= 4)
        for (double d = 0; d <= 50000; d += 25000) {
            pk_items it = {n, d, 0, NULL, NULL, NULL};
            pk_prediction add, sim;
            PK_CHECK(pk_analytic_additive(&c, PK_STRAT_STANDARD, d, n, 0, &add) == 0);
            PK_CHECK(pk_model_run(m, &serial, PK_STRAT_STANDARD_SYNC, &it, 0, &sim) == 0);
            PK_CHECK_NEAR(sim.total_ns, add.total_ns, 0);
            PK_CHECK(pk_analytic_additive(&c, PK_STRAT_PERSISTENT, d, n, 0, &add) == 0);
            PK_CHECK(pk_model_run(m, &serial, PK_STRAT_PERSISTENT, &it, 0, &sim) == 0);
            PK_CHECK_NEAR(sim.total_ns, add.total_ns, 0);
            /* With overlap (async launches) the simulator is never slower than the additive model. */
            PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
            PK_CHECK(pk_analytic_additive(&c, PK_STRAT_STANDARD, d, n, 0, &add) == 0);
            PK_CHECK(sim.total_ns <= add.total_ns);
        }
    pk_params_free(&p);
}

static void test_constant_memory(void)
{
    pk_costs c = {.h = 2000, .L = 3000, .g = 500, .sync = 100, .Q = 64};
    pk_items it = {2000000, 20000, 0, NULL, NULL, NULL};
    pk_prediction sim;
    pk_model *fresh;
    PK_CHECK(pk_model_create(&fresh) == 0);
    PK_CHECK(pk_model_run(fresh, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
    PK_CHECK(pk_model_queue_capacity(fresh) <= 2 * c.Q);
    pk_model_destroy(fresh);
    PK_CHECK(sim.max_queued == c.Q);
    /* The device is the bottleneck: the total is N*(d + g) plus a bounded start and end. */
    PK_CHECK(sim.total_ns >= 2000000.0 * 20500);
    PK_CHECK(sim.total_ns <= 2000000.0 * 20500 + c.h + c.L + c.sync);
}

static void test_workload_items(void)
{
    /* Per-item arrays equal to constants give the constant run's totals, also where a launch
     * call meets a busy device (h_b) while the next kernel is about to start: that kernel is
     * the replayed item's own duration, not the grid's d (0 in a replay). */
    double dv[100], wv[100];
    pk_costs c = {.h = 1000, .L = 2000, .g = 500, .sync = 300, .S = 20000, .e = 200, .T = 1000};
    for (int busy = 0; busy < 2; busy++) {
        for (double d = 1000; d <= 4000; d += 1000) {
            pk_costs cb = c;
            cb.h_b = busy ? 2500 : 0;
            for (int i = 0; i < 100; i++) {
                dv[i] = d;
                wv[i] = 600;
            }
            for (int s = 0; s < PK_STRAT_COUNT; s++) {
                pk_items a = {100, d, 600, NULL, NULL, NULL}, b = {100, 0, 0, dv, wv, NULL};
                pk_prediction pa, pb;
                PK_CHECK(pk_model_run(m, &cb, (pk_strategy)s, &a, 0, &pa) == 0);
                PK_CHECK(pk_model_run(m, &cb, (pk_strategy)s, &b, 0, &pb) == 0);
                PK_CHECK_NEAR(pa.total_ns, pb.total_ns, 0);
                PK_CHECK_NEAR(pa.host_ns, pb.host_ns, 0);
            }
        }
    }
    pk_items bad = {0, 1, 0, NULL, NULL, NULL};
    pk_prediction x;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &bad, 0, &x) == PK_EINVAL);
    /* Per-item launch calls replace h: a host-bound batch ends after every host gap and launch
     * call, then L, the last item and the sync. */
    double hv[100], hsum = 0;
    for (int i = 0; i < 100; i++) {
        dv[i] = 100;
        hsum += hv[i] = 1000 + 10 * i;
    }
    pk_items h = {.n = 100, .dv = dv, .wv = wv, .hv = hv};
    c.h = 1;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &h, 0, &x) == 0);
    PK_CHECK_NEAR(x.total_ns, 100 * 600 + hsum + c.L + 100 + c.sync, 1e-6);
    PK_CHECK_NEAR(x.host_ns, hsum, 1e-6);
    /* They are the traced calls: a busy device's h_b does not change them; and replayed
     * durations run as long as they ran, without the overshoot o of requested ones. */
    for (int i = 0; i < 100; i++)
        dv[i] = 5000;
    pk_costs busy = c;
    busy.h_b = 3000;
    busy.o = 700;
    pk_prediction y;
    PK_CHECK(pk_model_run(m, &busy, PK_STRAT_STANDARD, &h, 0, &x) == 0);
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &h, 0, &y) == 0);
    PK_CHECK_NEAR(x.host_ns, hsum, 1e-6);
    PK_CHECK_NEAR(x.total_ns, y.total_ns, 1e-6);
    pk_items req = {100, 5000, 600, NULL, NULL, NULL};
    PK_CHECK(pk_model_run(m, &busy, PK_STRAT_GRAPH, &req, 0, &x) == 0);
    PK_CHECK(pk_model_run(m, &busy, PK_STRAT_GRAPH, &h, 0, &y) == 0);
    PK_CHECK_NEAR(x.device_ns - y.device_ns, 100 * 700, 1e-6);
}

typedef struct tl_check {
    double last_end[8];
    double launch_end[64];
    double total_bound;
    double L;
    int ok;
    int kernels, launches;
} tl_check;

static int slot(const char *actor, const char *what)
{
    static const char *const k[][2] = {{"host", "launch"}, {"host", "work"},  {"device", "kernel"},
                                        {"persistent", "item"}, {"graph", "node"}, {"host", "blocked"}};
    for (int i = 0; i < 6; i++)
        if (strcmp(actor, k[i][0]) == 0 && strcmp(what, k[i][1]) == 0)
            return i;
    return 7;
}

static void tl_cb(void *user, const char *actor, const char *what, double start, double end, int64_t item)
{
    tl_check *t = user;
    int s = slot(actor, what);
    if (end < start || end > t->total_bound)
        t->ok = 0;
    if (s < 7) {
        if (start < t->last_end[s])
            t->ok = 0;
        t->last_end[s] = end;
    }
    if (s == 0 && item >= 0 && item < 64) {
        t->launch_end[item] = end;
        t->launches++;
    }
    if (s == 2) {
        t->kernels++;
        if (item < 0 || item >= 64 || start < t->launch_end[item] + t->L)
            t->ok = 0;
    }
}

/* h_b in proportion to the call's overlap with a running kernel: of two launches (h 1000, L 500,
 * d 1000), the second's call [1000, 2000] overlaps item 0's run [1500, 2500] by half, so it
 * costs 1000 + (3000 - 1000) / 2; one that ends before the kernel starts (L 1000) costs h. */
static void test_busy_share(void)
{
    pk_costs c = {.h = 1000, .h_b = 3000, .L = 500, .sync = 300};
    pk_items it = {2, 1000, 0, NULL, NULL, NULL};
    pk_prediction p;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &p) == 0);
    PK_CHECK_NEAR(p.host_ns, 1000 + 2000, 1e-9);
    c.L = 1000;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &p) == 0);
    PK_CHECK_NEAR(p.host_ns, 2000, 1e-9);
}

static void test_timeline(void)
{
    pk_costs c = {.h = 2000, .L = 3000, .g = 700, .sync = 400, .S = 9000, .e = 300, .T = 800, .B = 1500,
                  .graph_node = 500, .graph_inst = 100, .Q = 3};
    static const double ds[] = {500, 6000};
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (int i = 0; i < 2; i++) {
            pk_items it = {64, ds[i], 250, NULL, NULL, NULL};
            pk_prediction p;
            PK_CHECK(pk_model_run(m, &c, (pk_strategy)s, &it, 0, &p) == 0);
            tl_check t = {.total_bound = p.total_ns, .L = c.L, .ok = 1};
            pk_model_set_timeline(m, tl_cb, &t);
            PK_CHECK(pk_model_run(m, &c, (pk_strategy)s, &it, 0, &p) == 0);
            pk_model_set_timeline(m, NULL, NULL);
            PK_CHECK(t.ok);
            if (s == PK_STRAT_STANDARD || s == PK_STRAT_STANDARD_SYNC) {
                PK_CHECK(t.kernels == 64);
                PK_CHECK(t.launches == 64);
            }
        }
}

int main(void)
{
    if (pk_model_create(&m) != 0)
        return 1;
    test_closed_form_exact();
    test_clock_step();
    test_full_queue();
    test_host_work_parts();
    test_jitter();
    test_lognormal_zero_mass();
    test_batch_round_trip_drawn();
    test_window_round_trip();
    test_additive_matches_seed();
    test_additive_is_des_without_overlap();
    test_constant_memory();
    test_workload_items();
    test_busy_share();
    test_timeline();
    pk_model_destroy(m);
    return pk_test_done("sim.model");
}
