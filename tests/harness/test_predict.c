/* Invariant: the prediction picks the model its mode names: des gives the simulator's own
 * prediction, closed-form the pipelined closed form and additive the seed's additive
 * arithmetic, the last two with per-item durations, host work and launch calls replaced by
 * their means (both models are linear in them); a prediction's tidy row carries its key, source and draws, with
 * quantiles only when stochastic; and predicting a measured table gives one shape-independent
 * row per (strategy, item_ns, batch), limited by the mask, equal to the closed form for constant
 * costs while the launch queue never fills. */
#include <math.h>
#include <string.h>

#include "common/status.h"
#include "harness/predict.h"
#include "sim/analytic.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static const double values[PK_PARAM_COUNT] = {2000, 3000, 800, 0, 1500, 20000, 60, 4000, 700, 3000};

static void params(pk_params *p)
{
    pk_params_init(p);
    memcpy(p->value, values, sizeof values);
    snprintf(p->backend, sizeof p->backend, "cuda");
    snprintf(p->device, sizeof p->device, "Test GPU");
}

static void modes(void)
{
    pk_params p;
    params(&p);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    pk_model *m = NULL;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    const double dv[4] = {1000, 3000, 0, 4000}, wv[4] = {100, 0, 300, 0}; /* means 2000 and 100 */
    pk_items it = {4, 0, 0, dv, wv, NULL};
    pk_items mean = {4, 2000, 100, NULL, NULL, NULL};
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        pk_prediction_dist got, want;
        pk_prediction exact;
        PK_CHECK(pk_predict(m, &c, PK_PREDICT_ADDITIVE, (pk_strategy)s, &it, 1, &got) == PK_OK);
        PK_CHECK(pk_analytic_additive(&c, (pk_strategy)s, 2000, 4, 100, &exact) == PK_OK);
        PK_CHECK_NEAR(got.p50, exact.total_ns, 1e-6);
        PK_CHECK_U64(got.draws, 1);
        PK_CHECK(pk_predict(m, &c, PK_PREDICT_CLOSED_FORM, (pk_strategy)s, &mean, 1, &got) == PK_OK);
        PK_CHECK(pk_analytic_pipelined(&c, (pk_strategy)s, 2000, 4, 100, &exact) == PK_OK);
        PK_CHECK_NEAR(got.p50, exact.total_ns, 1e-6);
        PK_CHECK(pk_predict(m, &c, PK_PREDICT_DES, (pk_strategy)s, &it, 1, &got) == PK_OK);
        PK_CHECK(pk_model_predict(m, &c, (pk_strategy)s, &it, 1, &want) == PK_OK);
        PK_CHECK_NEAR(got.p50, want.p50, 0);
        /* Per-item launch calls: the additive model charges their mean as h. */
        const double hv[4] = {1000, 2000, 3000, 6000};
        pk_items ith = it;
        ith.hv = hv;
        pk_costs c3 = c;
        c3.h = 3000;
        PK_CHECK(pk_predict(m, &c, PK_PREDICT_ADDITIVE, (pk_strategy)s, &ith, 1, &got) == PK_OK);
        PK_CHECK(pk_analytic_additive(&c3, (pk_strategy)s, 2000, 4, 100, &exact) == PK_OK);
        PK_CHECK_NEAR(got.p50, exact.total_ns, 1e-6);
    }
    PK_CHECK_STR(pk_predict_mode_names[PK_PREDICT_CLOSED_FORM], "closed-form");
    pk_model_destroy(m);
    pk_params_free(&p);
}

static void rows(void)
{
    pk_params p;
    params(&p);
    pk_prediction_dist pd = {0};
    pd.median.total_ns = 5000;
    pd.median.host_ns = 100;
    pk_prediction_dist_point(&pd);
    pk_row r;
    const pk_point key = {PK_STRAT_GRAPH, 1000, 64, 1, 32};
    pk_predict_row(&r, &p, &key, &pd, 1000);
    PK_CHECK_STR(r.source, "predicted");
    PK_CHECK_STR(r.device, "Test GPU");
    PK_CHECK(r.key.strategy == PK_STRAT_GRAPH);
    PK_CHECK_U64(r.key.batch, 64);
    PK_CHECK_U64(r.key.block, 32);
    PK_CHECK_U64(r.reps, 1);
    PK_CHECK_NEAR(r.wall_ns, 5000, 0);
    PK_CHECK(isnan(r.wall_ns_p10) && isnan(r.wall_ns_cv)); /* deterministic: no spread */
    pd.draws = 10;
    pd.p10 = 4000;
    pd.cv = 0.1;
    pk_predict_row(&r, &p, &key, &pd, 1000);
    PK_CHECK_U64(r.reps, 10);
    PK_CHECK_NEAR(r.wall_ns_p10, 4000, 0);
    PK_CHECK_NEAR(r.wall_ns_cv, 0.1, 0);
    pk_params_free(&p);
}

static void push(pk_table *t, pk_strategy s, unsigned grid)
{
    pk_rows_push(t, (pk_point){s, 1000, 64, grid, 32}, 1);
}

static void measured(void)
{
    pk_table meas = {0}, pred;
    push(&meas, PK_STRAT_STANDARD, 1);
    push(&meas, PK_STRAT_PERSISTENT, 1);
    push(&meas, PK_STRAT_PERSISTENT, 2); /* same key but shape: predicted once */
    push(&meas, PK_STRAT_GRAPH, 1);
    int mask[PK_STRAT_COUNT] = {0};
    mask[PK_STRAT_STANDARD] = mask[PK_STRAT_PERSISTENT] = 1;
    pk_params p;
    params(&p);
    char err[256];
    PK_CHECK(pk_predict_measured(&meas, mask, &p, &pred, err, sizeof err) == PK_OK);
    PK_CHECK_U64(pred.n, 2);
    pk_costs c;
    pk_costs_from_params(&p, &c);
    for (size_t i = 0; i < pred.n; i++) {
        pk_prediction want;
        PK_CHECK(pk_analytic_pipelined(&c, pred.rows[i].key.strategy, 1000, 64, 0, &want) == PK_OK);
        PK_CHECK_NEAR(pred.rows[i].wall_ns, want.total_ns, 1e-6);
        PK_CHECK_U64(pred.rows[i].key.grid, 0);
        PK_CHECK_U64(pred.rows[i].key.block, 0);
    }
    /* Savings are filled against the standard row of the same key. */
    PK_CHECK_NEAR(pred.rows[1].savings_ns, pred.rows[0].wall_ns - pred.rows[1].wall_ns, 1e-9);
    pk_table_free(&pred);
    pk_table_free(&meas);
    pk_params_free(&p);
}

int main(void)
{
    modes();
    rows();
    measured();
    return pk_test_done("harness.predict");
}
