/* Invariant: a workload's strategies run the batches harness/workload_predict.h describes:
 * standard splits at the trace's synchronisations, folds each step's tail into the next step's
 * first host gap and replays the traced launch calls, so that with free device work it predicts
 * exactly the steps' spans; graph and the persistent kernel run one batch per non-empty step
 * without host work, graph costing h + L + sum(graph_node + d) + sync per step; stochastic
 * draws are reproducible with p10 <= wall <= p90; savings are against standard; the prediction
 * file holds one row per strategy, and is not left behind when it cannot be written. With
 * item_kernel_ns in the parameters, graph's node costs the gap graph_node_ns - item_kernel_ns
 * (at least 0) instead of graph_node_ns, the other strategies are unchanged, and the context
 * says which was charged. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/workload_predict.h"
#include "tests/pk_test.h"

static const char *path = "test_workload_predict.csv";

/* Three steps: step 0 rows 0-1, step 1 rows 2-4 (a sync before row 2), step 2 empty, step 3 row
 * 5 (a sync before it); spans = gaps + launch calls + tails (no sync time). */
static const char *text = "# pkbench workload csv, schema_version=2\n"
                          "# steps=4\n"
                          "# step index=0 span_ns=3100 tail_ns=1000\n"
                          "# step index=1 span_ns=3600 tail_ns=300\n"
                          "# step index=2 span_ns=50 tail_ns=50\n"
                          "# step index=3 span_ns=700 tail_ns=400\n"
                          "step,duration_ns,host_gap_ns,launch_ns,sync_before\n"
                          "0,0,1000,500,0\n"
                          "0,0,100,500,0\n"
                          "1,0,2000,700,1\n"
                          "1,0,0,0,0\n"
                          "1,0,100,500,0\n"
                          "3,0,300,0,1\n";

static int load(pk_workload *wl)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return PK_EIO;
    fputs(text, f);
    fclose(f);
    char err[512];
    int rc = pk_workload_load(path, wl, err, sizeof err);
    if (rc != PK_OK)
        fprintf(stderr, "%s\n", err);
    return rc;
}

static void test_runs(const pk_workload *wl)
{
    pk_workload_runs r;
    PK_CHECK(pk_workload_runs_build(wl, PK_STRAT_STANDARD, &r) == PK_OK);
    PK_CHECK_U64(r.n, 3); /* rows 0-1, 2-4, 5 */
    PK_CHECK_U64(r.run[0].n, 2);
    PK_CHECK_U64(r.run[1].n, 3);
    PK_CHECK_NEAR(r.run[1].wv[0], 2000 + 1000, 0); /* step 0's tail before step 1's first launch */
    PK_CHECK_NEAR(r.run[2].wv[0], 300 + 300 + 50, 0); /* steps 1 and 2's tails */
    PK_CHECK_NEAR(r.run[1].hv[0], 700, 0);
    PK_CHECK_NEAR(r.after_ns, 400, 0);
    pk_workload_runs_free(&r);
    PK_CHECK(pk_workload_runs_build(wl, PK_STRAT_STANDARD_SYNC, &r) == PK_OK);
    PK_CHECK_U64(r.n, 1);
    PK_CHECK_U64(r.run[0].n, 6);
    pk_workload_runs_free(&r);
    PK_CHECK(pk_workload_runs_build(wl, PK_STRAT_GRAPH, &r) == PK_OK);
    PK_CHECK_U64(r.n, 3); /* the empty step makes none */
    PK_CHECK(r.run[1].n == 3 && !r.run[1].wv && !r.run[1].hv && r.after_ns == 0);
    pk_workload_runs_free(&r);
}

static void test_predictions(const pk_workload *wl, pk_model *m)
{
    pk_costs c = {.h = 2000, .L = 0, .g = 0, .sync = 0, .S = 9000, .e = 100, .T = 4000, .graph_node = 300,
                  .B = 5000};
    pk_workload_prediction p[PK_STRAT_COUNT];
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, (pk_strategy)s, wl, 1, &p[s]) == PK_OK);
    /* Device work free: standard replays the host's time exactly, the spans' sum. */
    PK_CHECK_NEAR(p[PK_STRAT_STANDARD].wall_ns, 3100 + 3600 + 50 + 700, 1e-6);
    PK_CHECK_NEAR(p[PK_STRAT_STANDARD].step_ns, (3100 + 3600 + 50 + 700) / 4.0, 1e-6);
    PK_CHECK_NEAR(p[PK_STRAT_STANDARD].host_ns, 500 + 500 + 700 + 500, 1e-6);
    PK_CHECK(isnan(p[PK_STRAT_STANDARD].setup_ns));
    /* graph: per step h + L + n * graph_node + sync. */
    PK_CHECK_NEAR(p[PK_STRAT_GRAPH].wall_ns, 3 * 2000 + 6 * 300, 1e-6);
    PK_CHECK_U64(p[PK_STRAT_GRAPH].runs, 3);
    /* persistent-resident: per step B + n * e; persistent adds S and T per step. */
    PK_CHECK_NEAR(p[PK_STRAT_PERSISTENT_RESIDENT].wall_ns, 3 * 5000 + 6 * 100, 1e-6);
    PK_CHECK_NEAR(p[PK_STRAT_PERSISTENT].wall_ns, 3 * (9000 + 4000 + 5000) + 6 * 100, 1e-6);
    PK_CHECK_NEAR(p[PK_STRAT_PERSISTENT].setup_ns, 3 * 9000, 1e-6);

    /* Device work: graph's nodes run back to back at graph_node + d each. */
    double d[6] = {1000, 2000, 3000, 4000, 5000, 6000};
    pk_workload w2 = *wl;
    w2.d = d;
    pk_workload_prediction g;
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 1, &g) == PK_OK);
    PK_CHECK_NEAR(g.wall_ns, 3 * 2000 + 6 * 300 + 21000, 1e-6);

    pk_workload_fill_savings(p, PK_STRAT_COUNT);
    PK_CHECK_NEAR(p[PK_STRAT_STANDARD].savings_ns, 0, 0);
    PK_CHECK_NEAR(p[PK_STRAT_GRAPH].savings_ns, p[PK_STRAT_STANDARD].wall_ns - p[PK_STRAT_GRAPH].wall_ns, 1e-6);
    PK_CHECK_NEAR(p[PK_STRAT_GRAPH].savings_pct,
                  100 * p[PK_STRAT_GRAPH].savings_ns / p[PK_STRAT_STANDARD].wall_ns, 1e-9);
    pk_workload_fill_savings(&p[PK_STRAT_GRAPH], 1);
    PK_CHECK(isnan(p[PK_STRAT_GRAPH].savings_ns));

    char err[512];
    PK_CHECK(pk_workload_prediction_write(path, NULL, wl, p, PK_STRAT_COUNT, err, sizeof err) == PK_OK);
    FILE *f = fopen(path, "r");
    char line[512];
    int lines = 0, header = 0;
    while (f && fgets(line, sizeof line, f)) {
        lines++;
        header |= strncmp(line, "strategy,steps,ops,runs,draws,wall_ns,step_ns,", 46) == 0;
    }
    if (f)
        fclose(f);
    PK_CHECK_U64(lines, 1 + 1 + PK_STRAT_COUNT);
    PK_CHECK(header);
    PK_CHECK(pk_workload_prediction_write("no-such-dir/p.csv", NULL, wl, p, 1, err, sizeof err) == PK_EIO);
    PK_CHECK(access("no-such-dir/p.csv", F_OK) != 0);
}

/* graph's per-node cost from parameters with and without item_kernel_ns. */
static void test_node_gap(const pk_workload *wl, pk_model *m)
{
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = 2000; /* graph_launch_ns falls back to h + L + sync = 2000 */
    p.value[PK_P_GRAPH_NODE] = 812;
    p.value[PK_P_PERSISTENT_ITEM] = 100;
    p.value[PK_P_PERSISTENT_BATCH] = 5000;
    for (int id = 0; id < PK_PARAM_COUNT; id++)
        if (pk_param_optional((pk_param_id)id))
            p.value[id] = pk_params_fallback(p.value, (pk_param_id)id);
    double d[6] = {1000, 2000, 3000, 4000, 5000, 6000};
    pk_workload w2 = *wl;
    w2.d = d;
    pk_costs c;
    pk_context ctx = {0};
    pk_workload_prediction g, std0, std1;
    /* Not measured: graph_node_ns per node, as calibrated. */
    pk_workload_costs(&p, &c, &ctx);
    PK_CHECK_NEAR(c.graph_node, 812, 0);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 1, &g) == PK_OK);
    PK_CHECK_NEAR(g.wall_ns, 3 * 2000 + 6 * 812 + 21000, 1e-6);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_STANDARD, &w2, 1, &std0) == PK_OK);
    const char *note = pk_context_get(&ctx, "workload_graph_node");
    PK_CHECK(note && strncmp(note, "graph_node_ns: 812.0 ns per node (no item_kernel_ns", 51) == 0);
    /* Measured: the gap alone, 812 - 500 = 312 ns per node; standard unchanged. */
    p.value[PK_P_ITEM_KERNEL] = 500;
    pk_workload_costs(&p, &c, &ctx);
    PK_CHECK_NEAR(c.graph_node, 312, 0);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 1, &g) == PK_OK);
    PK_CHECK_NEAR(g.wall_ns, 3 * 2000 + 6 * 312 + 21000, 1e-6);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_STANDARD, &w2, 1, &std1) == PK_OK);
    PK_CHECK_NEAR(std1.wall_ns, std0.wall_ns, 0);
    note = pk_context_get(&ctx, "workload_graph_node");
    PK_CHECK(note && strcmp(note, "gap: graph_node_ns 812.0 - item_kernel_ns 500.0 = 312.0 ns per node") == 0);
    /* A kernel that runs longer than a node: the gap is clamped at 0, and the context says so. */
    p.value[PK_P_ITEM_KERNEL] = 900;
    pk_workload_costs(&p, &c, NULL);
    PK_CHECK_NEAR(c.graph_node, 0, 0);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 1, &g) == PK_OK);
    PK_CHECK_NEAR(g.wall_ns, 3 * 2000 + 21000, 1e-6);
    pk_workload_costs(&p, &c, &ctx);
    note = pk_context_get(&ctx, "workload_graph_node");
    PK_CHECK(note && strstr(note, "= 0.0 ns per node (clamped at 0)") != NULL);

    /* Drawn node costs are gaps too: samples 800 and 824 less item_kernel_ns 500 give 300 and
     * 324, so every draw's six nodes cost between 1800 and 1944 ns in all (not 4800-4944). */
    const double ns[2] = {800, 824};
    PK_CHECK(pk_params_set_samples(&p, PK_P_GRAPH_NODE, ns, 2) == PK_OK);
    p.value[PK_P_ITEM_KERNEL] = 500;
    pk_workload_costs(&p, &c, NULL);
    pk_workload_gap_samples(&p);
    PK_CHECK_NEAR(p.samples[PK_P_GRAPH_NODE].v[0], 300, 0);
    PK_CHECK_NEAR(p.samples[PK_P_GRAPH_NODE].v[1], 324, 0);
    pk_model_random r = {3, PK_DIST_RESAMPLE, 0, 0};
    PK_CHECK(pk_model_set_random(m, &p, &r) == PK_OK);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 21, &g) == PK_OK);
    PK_CHECK(g.wall_ns_p10 >= 3 * 2000 + 21000 + 1800 - 1e-6 && g.wall_ns_p90 <= 3 * 2000 + 21000 + 1944 + 1e-6);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == PK_OK);
    pk_params_free(&p);
}

static void test_draws(const pk_workload *wl, pk_model *m)
{
    pk_costs c = {.h = 2000, .L = 1000, .g = 500, .sync = 300, .graph_node = 300};
    pk_model_random r = {7, PK_DIST_LOGNORMAL, 0, 0.3}; /* durations drawn around d */
    double d[6] = {1000, 2000, 3000, 4000, 5000, 6000};
    pk_workload w2 = *wl;
    w2.d = d;
    PK_CHECK(pk_model_set_random(m, NULL, &r) == PK_OK);
    pk_workload_prediction a, b;
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 41, &a) == PK_OK);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_DES, PK_STRAT_GRAPH, &w2, 41, &b) == PK_OK);
    PK_CHECK_NEAR(a.wall_ns, b.wall_ns, 0);
    PK_CHECK(a.wall_ns_p10 <= a.wall_ns && a.wall_ns <= a.wall_ns_p90 && a.wall_ns_p10 < a.wall_ns_p90);
    PK_CHECK_U64(a.draws, 41);
    PK_CHECK(pk_workload_predict(m, &c, PK_PREDICT_ADDITIVE, PK_STRAT_GRAPH, wl, 2, &a) == PK_EINVAL);
    PK_CHECK(pk_model_set_random(m, NULL, NULL) == PK_OK);
}

int main(void)
{
    pk_workload wl;
    pk_model *m = NULL;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    if (load(&wl) != PK_OK || !m)
        return pk_test_done("harness.workload_predict") | 1;
    test_runs(&wl);
    test_predictions(&wl, m);
    test_node_gap(&wl, m);
    test_draws(&wl, m);
    pk_workload_free(&wl);
    pk_model_destroy(m);
    unlink(path);
    return pk_test_done("harness.workload_predict");
}
