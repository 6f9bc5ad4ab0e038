/* Invariant: with persistent_resident_item_ns (e_r) measured, a resident batch of N empty items
 * pushed at once costs B, plus B_w past the window, plus (N - W) e_r, plus C (e - e_r) for each
 * full chunk of C words (floor(N / C)); the simulator and the closed form agree to the nanosecond
 * (totals and device spans); without e_r (0, as a file that leaves it out reads), with non-empty
 * items, with host work or without chunks, every item past the window costs e as before; drawn
 * costs give finite totals. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/analytic.h"
#include "sim/model.h"
#include "tests/pk_test.h"
#include "tests/sim/sim_checks.h"

static pk_model *m;

/* The simulator's and the closed form's totals of a resident batch, which must agree; the
 * simulator's returned. */
static double resident_total(const pk_costs *c, double d, uint64_t n, double w)
{
    return sim_agree(m, c, PK_STRAT_PERSISTENT_RESIDENT, d, n, w);
}

static void params(pk_params *p)
{
    pk_params_init(p);
    p->value[PK_P_LAUNCH_HOST] = 3000;
    p->value[PK_P_PERSISTENT_ITEM] = 14;
    p->value[PK_P_PERSISTENT_BATCH] = 3400;
    p->value[PK_P_PERSISTENT_WINDOW_ITEMS] = 32;
    p->value[PK_P_PERSISTENT_WINDOW] = 1600;
    p->value[PK_P_PERSISTENT_CHUNK_ITEMS] = 256;
    p->value[PK_P_PERSISTENT_CHUNK_ITEM] = 10;
    p->value[PK_P_ITEM_OVERSHOOT] = 16;
}

/* The split, N across the window and the chunks' edges: B 3400, B_w 1600, e_r 12, e 14, C 256:
 * each full chunk waits 256 * 2 = 512 ns. */
static void test_split(void)
{
    pk_params p;
    params(&p);
    p.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 12;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(c.e_r, 12, 0);
    PK_CHECK(pk_costs_resident_split(&c, PK_STRAT_PERSISTENT_RESIDENT, 0, 0));
    PK_CHECK(!pk_costs_resident_split(&c, PK_STRAT_PERSISTENT, 0, 0));
    const uint64_t ns[] = {1, 31, 32, 33, 64, 128, 255, 256, 257, 511, 512, 513, 1000, 16384};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        const double N = (double)ns[i];
        const double want = 3400 + (N > 32 ? 1600 : 0) + fmax(0, N - 32) * 12 + floor(N / 256) * 512;
        PK_CHECK_NEAR(resident_total(&c, 0, ns[i], 0), want, 1e-6);
    }
    /* e_r at or above e (calibrate keeps none such): no split, every item past the window at e */
    c.e_r = 20;
    PK_CHECK(!pk_costs_resident_split(&c, PK_STRAT_PERSISTENT_RESIDENT, 0, 0));
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 1600 + 480 * 14, 1e-6);
    c.e_r = 14;
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 1600 + 480 * 14, 1e-6);
    pk_params_free(&p);
}

/* Where the split does not apply, every item past the window costs e (d + o + e busy, all N):
 * non-empty items, host work between pushes, no chunks (C 0), no window, e_r 0. */
static void test_no_split(void)
{
    pk_params p;
    params(&p);
    p.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 12;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    const double busy = resident_total(&c, 1000, 64, 0);
    PK_CHECK_NEAR(busy, 3400 + 1600 + 64 * (1000 + 16 + 14), 1e-6);
    const double worked = resident_total(&c, 0, 64, 500);
    c.e_r = 0;
    PK_CHECK_NEAR(resident_total(&c, 0, 64, 500), worked, 1e-6);
    /* Host work under a dispatch (0 < w < e): the first item past the window waits for its push,
     * (W + 1) w, then each of the N - W is dispatched in turn (the closed form charged w once and
     * gave W w less than the simulator). */
    PK_CHECK_NEAR(resident_total(&c, 0, 40, 5), 3400 + 1600 + 33 * 5 + 8 * 14, 1e-6);
    PK_CHECK_NEAR(resident_total(&c, 0, 64, 0), 3400 + 1600 + 32 * 14, 1e-6);
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 1600 + 480 * 14, 1e-6);
    c.e_r = 12;
    c.C = 0;
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 1600 + 480 * 14, 1e-6);
    c.C = 32; /* a chunk no longer than the window */
    PK_CHECK(!pk_costs_resident_split(&c, PK_STRAT_PERSISTENT_RESIDENT, 0, 0));
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 1600 + 480 * 14, 1e-6);
    c.C = 256;
    c.W = 0; /* no window: no B_w, every item at e */
    PK_CHECK(!pk_costs_resident_split(&c, PK_STRAT_PERSISTENT_RESIDENT, 0, 0));
    PK_CHECK_NEAR(resident_total(&c, 0, 512, 0), 3400 + 512 * 14, 1e-6);
    pk_params_free(&p);
}

/* A params file without persistent_resident_item_ns (written before it existed) reads it as 0:
 * every item past the window at e; one with it keeps it and its samples. */
static void test_file(void)
{
    pk_params p, with, without;
    params(&p);
    p.value[PK_P_LAUNCH_LATENCY] = 4000;
    p.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 12;
    const double s[2] = {11.5, 12.5};
    PK_CHECK(pk_params_set_samples(&p, PK_P_PERSISTENT_RESIDENT_ITEM, s, 2) == 0);
    if (params_drop(&p, "persistent_resident_item_ns", &with, &without) == 0) {
        PK_CHECK_NEAR(with.value[PK_P_PERSISTENT_RESIDENT_ITEM], 12, 0);
        PK_CHECK_U64(with.samples[PK_P_PERSISTENT_RESIDENT_ITEM].n, 2);
        PK_CHECK_NEAR(without.value[PK_P_PERSISTENT_RESIDENT_ITEM], 0, 0);
        PK_CHECK_U64(without.samples[PK_P_PERSISTENT_RESIDENT_ITEM].n, 0);
        pk_costs c;
        pk_costs_from_params(&without, &c);
        PK_CHECK_NEAR(resident_total(&c, 0, 128, 0), 3400 + 1600 + 96 * 14, 1e-6);
    }
    pk_params_free(&with);
    pk_params_free(&without);
    pk_params_free(&p);
}

/* Stochastic: e and e_r drawn (e_r's spread reaching above e, where a chunk waits nothing) give a
 * finite total above B for every draw, and their mean near the closed form's. */
static void test_drawn(void)
{
    pk_params p;
    params(&p);
    p.value[PK_P_PERSISTENT_RESIDENT_ITEM] = 12;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    pk_model_random r = {.seed = 11, .dist = PK_DIST_LOGNORMAL, .jitter_cv = 0.05};
    PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
    pk_items it = {600, 0, 0, NULL, NULL, NULL};
    double sum = 0;
    const uint64_t draws = 400;
    for (uint64_t d = 0; d < draws; d++) {
        pk_prediction sim;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_PERSISTENT_RESIDENT, &it, d, &sim) == 0);
        PK_CHECK(isfinite(sim.total_ns) && sim.total_ns > 3400);
        sum += sim.total_ns;
    }
    const double want = 3400 + 1600 + 568 * 12 + 2 * 512;
    PK_CHECK(fabs(sum / (double)draws - want) < 0.02 * want);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

int main(void)
{
    if (pk_model_create(&m) != 0)
        return 1;
    test_split();
    test_no_split();
    test_file();
    test_drawn();
    pk_model_destroy(m);
    return pk_test_done("sim.resident_item");
}
