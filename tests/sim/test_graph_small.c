/* Invariant: with graph_one_node_ns (G_1) measured, a one-node graph costs G_1 + d (d + o for a
 * non-empty item), a graph below the anchor (PK_GRAPH_ANCHOR_N) the share of the discount D =
 * G + n - G_1 its size keeps, and from the anchor up the line G + N (n + d) as before; the
 * simulator and the closed form agree to the nanosecond; without G_1 (a file that leaves it out,
 * or 0), or without G, every graph is on the line; D is held so that no cost goes below 0; a G
 * below h costs h, the launch call, in both. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim/analytic.h"
#include "sim/model.h"
#include "tests/pk_test.h"
#include "tests/sim/sim_checks.h"

static pk_model *m;

/* The simulator's and the closed form's totals of a graph of n items of duration d, which must
 * agree; the simulator's returned. */
static double graph_total(const pk_costs *c, double d, uint64_t n)
{
    return sim_agree(m, c, PK_STRAT_GRAPH, d, n, 0);
}

static void params(pk_params *p)
{
    pk_params_init(p);
    p->value[PK_P_LAUNCH_HOST] = 3000;
    p->value[PK_P_GRAPH_NODE] = 980;
    p->value[PK_P_GRAPH_NODE_BUSY] = 920;
    p->value[PK_P_GRAPH_LAUNCH] = 5600;
    p->value[PK_P_ITEM_OVERSHOOT] = 16;
}

/* G 5600, n 980 (busy 920), G_1 6000: D = 580 ns empty, 520 ns busy; N = 1 costs G_1 + d,
 * N = 2 the line less D / 2, N >= 3 the line. */
static void test_small(void)
{
    pk_params p;
    params(&p);
    p.value[PK_P_GRAPH_ONE_NODE] = 6000;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(c.graph_one, 6000, 0);
    const double ds[2] = {0, 5000}, node[2] = {980, 920};
    for (int k = 0; k < 2; k++) {
        const double d = ds[k] > 0 ? ds[k] + 16 : 0, D = 5600 + node[k] - 6000;
        PK_CHECK_NEAR(pk_costs_graph_small(&c, ds[k]), D, 1e-9);
        PK_CHECK_NEAR(graph_total(&c, ds[k], 1), 6000 + d, 1e-6);
        PK_CHECK_NEAR(graph_total(&c, ds[k], 2), 5600 + 2 * (node[k] + d) - D / 2, 1e-6);
        for (uint64_t n = 3; n <= 64; n *= 2)
            PK_CHECK_NEAR(graph_total(&c, ds[k], n), 5600 + (double)n * (node[k] + d), 1e-6);
    }
    /* a replayed trace's nodes are charged as empty items' are: D of the empty node */
    double dv[2] = {2000, 2000};
    pk_items traced = {2, 0, 0, dv, NULL, NULL};
    pk_prediction t;
    PK_CHECK(pk_model_run(m, &c, PK_STRAT_GRAPH, &traced, 0, &t) == 0);
    PK_CHECK_NEAR(t.total_ns, 5600 + 2 * (980 + 2000) - 580.0 / 2, 1e-6);
    pk_params_free(&p);
}

/* Without G_1 (0, as a file that leaves it out reads) or without G, the line at every N; a G_1
 * above the line (D < 0) makes the small graphs dearer, held at -n. */
static void test_line_and_bounds(void)
{
    pk_params p;
    params(&p);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(c.graph_one, 0, 0);
    for (uint64_t n = 1; n <= 4; n++)
        PK_CHECK_NEAR(graph_total(&c, 0, n), 5600 + (double)n * 980, 1e-6);
    c.graph_one = 6000;
    c.graph_launch = 0; /* G not measured: h + L + sync, and the line */
    PK_CHECK_NEAR(pk_costs_graph_small(&c, 0), 0, 0);
    pk_costs_from_params(&p, &c);
    c.graph_one = 6900; /* 320 ns above the line at N = 1 */
    PK_CHECK_NEAR(graph_total(&c, 0, 1), 6900, 1e-6);
    PK_CHECK_NEAR(graph_total(&c, 0, 2), 5600 + 2 * 980 + 160, 1e-6);
    c.graph_one = 9000; /* far above: D held at -n */
    PK_CHECK_NEAR(pk_costs_graph_small(&c, 0), -980, 1e-9);
    PK_CHECK_NEAR(graph_total(&c, 0, 3), 5600 + 3 * 980, 1e-6);
    c.graph_one = 0;
    c.graph_launch = 2000; /* G below h (3000): the call costs h, in the closed form as in the simulator */
    for (uint64_t n = 1; n <= 4; n++)
        PK_CHECK_NEAR(graph_total(&c, 0, n), 3000 + (double)n * 980, 1e-6);
    pk_costs_from_params(&p, &c);
    c.graph_one = 100; /* far below: D held at G - h, the latency 0 */
    PK_CHECK_NEAR(pk_costs_graph_small(&c, 0), 5600 - 3000, 1e-9);
    PK_CHECK_NEAR(graph_total(&c, 0, 1), 3000 + 980, 1e-6);
    PK_CHECK_NEAR(graph_total(&c, 0, 5), 5600 + 5 * 980, 1e-6);
    pk_params_free(&p);
}

/* A params file without graph_one_node_ns (written before it existed) reads it as 0, the line;
 * one with it keeps it. */
static void test_file(void)
{
    pk_params p, with, without;
    params(&p);
    p.value[PK_P_LAUNCH_LATENCY] = 4000;
    p.value[PK_P_GRAPH_ONE_NODE] = 6000;
    const double s[2] = {5900, 6100};
    PK_CHECK(pk_params_set_samples(&p, PK_P_GRAPH_ONE_NODE, s, 2) == 0);
    if (params_drop(&p, "graph_one_node_ns", &with, &without) == 0) {
        PK_CHECK_NEAR(with.value[PK_P_GRAPH_ONE_NODE], 6000, 0);
        PK_CHECK_U64(with.samples[PK_P_GRAPH_ONE_NODE].n, 2);
        PK_CHECK_NEAR(without.value[PK_P_GRAPH_ONE_NODE], 0, 0);
        PK_CHECK_U64(without.samples[PK_P_GRAPH_ONE_NODE].n, 0);
        pk_costs c;
        pk_costs_from_params(&without, &c);
        PK_CHECK_NEAR(graph_total(&c, 0, 1), 5600 + 980, 1e-6);
    }
    pk_params_free(&with);
    pk_params_free(&without);
    pk_params_free(&p);
}

/* Stochastic: node costs drawn around n with the discount given back (D < 0 here, G_1 above the
 * line) never start a node before the last one ended: every run succeeds with a finite total. */
static void test_drawn(void)
{
    pk_params p;
    params(&p);
    p.value[PK_P_GRAPH_ONE_NODE] = 9000; /* D held at -980 */
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(pk_costs_graph_small(&c, 0), -980, 1e-9);
    pk_model_random r = {.seed = 7, .dist = PK_DIST_LOGNORMAL, .jitter_cv = 1.0};
    PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
    pk_items it = {2, 0, 0, NULL, NULL, NULL};
    int failed = 0;
    for (uint64_t d = 0; d < 2000; d++) {
        pk_prediction sim;
        failed += pk_model_run(m, &c, PK_STRAT_GRAPH, &it, d, &sim) != 0;
        PK_CHECK(isfinite(sim.total_ns) && sim.total_ns > 0);
    }
    PK_CHECK(failed == 0);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    pk_params_free(&p);
}

/* Stochastic, from a file that did not measure G (h + L + sync stands for it, L and sync drawn
 * apart): D comes off L and, past L, off the sync, as off the G they stand for; with draws that
 * do not move (L's samples all 2000, no jitter) every run costs what the deterministic model and
 * the closed form give: G_1 at N = 1, G + N n from the anchor. D was added there (12000 at N = 3,
 * 7000 at N = 1). */
static void test_drawn_parts(void)
{
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = 3000;
    p.value[PK_P_LAUNCH_LATENCY] = 2000;
    p.value[PK_P_SYNC] = 1000;
    p.value[PK_P_GRAPH_NODE] = 1000;
    p.value[PK_P_GRAPH_ONE_NODE] = 4000;
    p.value[PK_P_GRAPH_LAUNCH] = pk_params_fallback(p.value, PK_P_GRAPH_LAUNCH); /* as the loader fills it */
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_LAUNCH], 6000, 1e-9);
    const double L[3] = {2000, 2000, 2000};
    PK_CHECK(pk_params_set_samples(&p, PK_P_LAUNCH_LATENCY, L, 3) == 0);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    PK_CHECK_NEAR(pk_costs_graph_small(&c, 0), 3000, 1e-9);
    const double want[4] = {0, 4000, 6000 + 2 * 1000 - 1500, 9000};
    pk_model_random r = {.seed = 3, .dist = PK_DIST_LOGNORMAL};
    for (uint64_t n = 1; n <= 3; n++) {
        PK_CHECK_NEAR(graph_total(&c, 0, n), want[n], 1e-6);
        PK_CHECK(pk_model_set_random(m, &p, &r) == 0);
        pk_items it = {n, 0, 0, NULL, NULL, NULL};
        for (uint64_t d = 0; d < 5; d++) {
            pk_prediction sim;
            PK_CHECK(pk_model_run(m, &c, PK_STRAT_GRAPH, &it, d, &sim) == 0);
            if (fabs(sim.total_ns - want[n]) > 0.01) /* draws of a lognormal fit of equal samples: 1e-7 relative */
                fprintf(stderr, "drawn, N = %llu: %.9f, not %.9f\n", (unsigned long long)n, sim.total_ns, want[n]);
            PK_CHECK_NEAR(sim.total_ns, want[n], 0.01);
        }
        PK_CHECK(pk_model_set_random(m, NULL, NULL) == 0);
    }
    pk_params_free(&p);
}

int main(void)
{
    if (pk_model_create(&m) != 0)
        return 1;
    test_small();
    test_line_and_bounds();
    test_file();
    test_drawn();
    test_drawn_parts();
    pk_model_destroy(m);
    return pk_test_done("sim.graph_small");
}
