/* Invariant: the compare library's crossover search (including a non-monotone win pattern),
 * join with shape-independent predictions and policy regret (seed, simulator, overlap-aware)
 * equal values computed by hand; a missed crossover's measured margin is the largest at the
 * batches between the two crossovers, a tie only when both IQRs are known and overlap (whichever
 * strategies the error statistics judge); a policy that cannot choose at every cell is not judged
 * at any. */
#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "harness/compare.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static void crossover(void)
{
    PK_CHECK_U64(pk_crossover_index((const int[]){0, 0, 1, 1, 1}, 5), 2);
    /* Persistent wins, loses, then wins for good: the crossover is where it keeps winning. */
    PK_CHECK_U64(pk_crossover_index((const int[]){0, 1, 0, 1, 1}, 5), 3);
    PK_CHECK_U64(pk_crossover_index((const int[]){1, 1, 0}, 3), 3); /* never for good */
    PK_CHECK_U64(pk_crossover_index((const int[]){1, 1, 1}, 3), 0);
    PK_CHECK_U64(pk_crossover_index(NULL, 0), 0);
}

static void push(pk_table *t, const char *source, pk_strategy s, uint64_t batch, unsigned grid, unsigned block,
                 double wall)
{
    pk_row r = pk_rows_make((pk_point){s, 1000, batch, grid, block}, wall);
    snprintf(r.source, sizeof r.source, "%s", source);
    PK_CHECK(pk_table_push(t, &r) == PK_OK);
}

static void analysis(void)
{
    /* Measured standard 10,20,40,80 and persistent 30,25,30,35 at N = 1,2,4,8: best S,S,P,P,
     * oracle 10+20+30+35 = 95. Predicted persistent 30,15,45,35 (the simulator picks S,P,S,P and
     * loses 5 at N=2 and 10 at N=4). The seed with h=5, S=8 goes persistent from N=2 (10 > 8)
     * and loses 5 at N=2. */
    const uint64_t n[] = {1, 2, 4, 8};
    const double ms[] = {10, 20, 40, 80}, mp[] = {30, 25, 30, 35}, pp[] = {30, 15, 45, 35};
    pk_table meas = {0}, pred = {0};
    for (int i = 0; i < 4; i++) {
        push(&meas, "measured", PK_STRAT_STANDARD, n[i], 1, 32, ms[i]);
        push(&meas, "measured", PK_STRAT_PERSISTENT, n[i], 1, 32, mp[i]);
        push(&pred, "predicted", PK_STRAT_STANDARD, n[i], 0, 0, ms[i] * 1.1); /* shape-independent */
        push(&pred, "predicted", PK_STRAT_PERSISTENT, n[i], 1, 32, pp[i]);
    }
    push(&pred, "predicted", PK_STRAT_PERSISTENT, 8, 2, 32, 1e9); /* another shape: must not join */
    push(&pred, "predicted", PK_STRAT_GRAPH, 8, 0, 0, 1);         /* nothing measured: unmatched */
    pk_params prm;
    pk_params_init(&prm);
    prm.value[PK_P_LAUNCH_HOST] = 5.2; /* rounds to 5 */
    prm.value[PK_P_PERSISTENT_SETUP] = 8;
    pk_cmp_result r;
    char err[256];
    PK_CHECK(pk_compare_run(&meas, &pred, &prm, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.matched, 8);
    PK_CHECK_U64(r.unmatched_predicted, 2);
    PK_CHECK_NEAR(r.per_strategy[PK_STRAT_STANDARD].mape_pct, 10.0, 1e-9);
    /* persistent: |0|/30 + |10|/25 + |15|/30 + 0 = 0.4 + 0.5 = 0.9 over 4 points */
    PK_CHECK_NEAR(r.per_strategy[PK_STRAT_PERSISTENT].mape_pct, 22.5, 1e-9);
    PK_CHECK_U64(r.overall.n, 8);
    PK_CHECK_NEAR(r.oracle_ns, 95, 1e-12);
    PK_CHECK_U64(r.seed_h, 5);
    PK_CHECK_NEAR(r.policy[PK_POL_SEED].loss_ns, 5, 1e-12);
    PK_CHECK_NEAR(r.policy[PK_POL_SEED].regret_pct, 500.0 / 95.0, 1e-9);
    PK_CHECK_U64(r.policy[PK_POL_SEED].losing_cells, 1);
    PK_CHECK_NEAR(r.policy[PK_POL_SEED].worst_cell_pct, 25.0, 1e-9); /* 5 lost on an oracle of 20 */
    PK_CHECK_NEAR(r.policy[PK_POL_SIM].worst_cell_pct, 100.0 / 3.0, 1e-9); /* 10 lost on 30 */
    PK_CHECK_NEAR(r.policy[PK_POL_SIM].loss_ns, 15, 1e-12);
    PK_CHECK_NEAR(r.policy[PK_POL_SIM].regret_pct, 1500.0 / 95.0, 1e-9);
    /* Overlap-aware with h=5, S=8 and every other figure 0, d=1000: standard = N*1000 + 5,
     * persistent = N*1000 + 8, so it always picks standard and loses 10 + 45 at N=4, 8. */
    PK_CHECK(r.policy[PK_POL_OVERLAP].available);
    PK_CHECK_NEAR(r.policy[PK_POL_OVERLAP].loss_ns, 55, 1e-12);
    PK_CHECK_U64(r.cross[0].idx_policy[PK_POL_OVERLAP], 4); /* never */
    PK_CHECK_U64(r.ncross, 1);
    if (r.ncross == 1) {
        PK_CHECK_U64(r.cross[0].measured, 4);
        PK_CHECK_U64(r.cross[0].predicted, 8); /* S,P,S,P: wins for good only from N=8 */
        PK_CHECK_U64(r.cross[0].error_steps, 1);
        PK_CHECK_U64(r.cross[0].policy[PK_POL_SEED], 2);
        /* The miss is at N = 4 alone, where persistent measured 30 against 40. */
        double m;
        uint64_t at;
        int overlap;
        PK_CHECK(pk_cmp_cross_margin(&r, &r.cross[0], &m, &at, &overlap) == 1);
        PK_CHECK_NEAR(m, -0.25, 1e-12);
        PK_CHECK_U64(at, 4);
        PK_CHECK(overlap == 0); /* no IQR measured: not called a tie */
    }
    /* IQRs known: 40 in [35, 45] against 30 in [28, 36] overlap (a tie the measurement leaves open);
     * against 30 in [28, 33] they do not, nor [28, 36] against a standard IQR of [20, 27] below it
     * (each side's quartiles against the other's). An exact crossover has no margin. */
    for (int w = 0; w < 3; w++) {
        meas.rows[4].wall_ns_p25 = w == 2 ? 20 : 35, meas.rows[4].wall_ns_p75 = w == 2 ? 27 : 45; /* standard */
        meas.rows[5].wall_ns_p25 = 28, meas.rows[5].wall_ns_p75 = w == 1 ? 33 : 36; /* persistent, N = 4 */
        pk_cmp_result r2;
        PK_CHECK(pk_compare_run(&meas, &pred, &prm, NULL, &r2, err, sizeof err) == PK_OK);
        double m;
        uint64_t at;
        int overlap = -1;
        PK_CHECK(r2.ncross == 1 && pk_cmp_cross_margin(&r2, &r2.cross[0], &m, &at, &overlap) == 1 && overlap == !w);
        r2.cross[0].error_steps = 0;
        PK_CHECK(pk_cmp_cross_margin(&r2, &r2.cross[0], &m, &at, &overlap) == 0 && at == 0 && isnan(m));
        pk_compare_free(&r2);
        /* The crossover's cells are judged whatever --strategy judges: with graph alone in the
         * error statistics (no standard or persistent point among them) the IQRs are the same. */
        int graph_only[PK_STRAT_COUNT] = {0};
        graph_only[PK_STRAT_GRAPH] = 1;
        overlap = -1;
        PK_CHECK(pk_compare_run(&meas, &pred, &prm, graph_only, &r2, err, sizeof err) == PK_OK);
        PK_CHECK(r2.npts == 0 && r2.ncross == 1);
        PK_CHECK(r2.ncross == 1 && pk_cmp_cross_margin(&r2, &r2.cross[0], &m, &at, &overlap) == 1 && overlap == !w);
        PK_CHECK_NEAR(m, -0.25, 1e-12);
        pk_compare_free(&r2);
    }
    /* Savings against standard: measured 10 - 30 = -20 at N=1 persistent. */
    for (size_t i = 0; i < r.npts; i++)
        if (r.pts[i].key.strategy == PK_STRAT_PERSISTENT && r.pts[i].key.batch == 1) {
            PK_CHECK_NEAR(r.pts[i].m_save, -20, 1e-12);
            PK_CHECK_NEAR(r.pts[i].p_save, 11 - 30, 1e-9);
        }
    pk_compare_free(&r);

    /* Restricting to standard leaves the persistent points out of the statistics. */
    int mask[PK_STRAT_COUNT] = {0};
    mask[PK_STRAT_STANDARD] = 1;
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, mask, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.overall.n, 4);
    PK_CHECK(!r.policy[PK_POL_SEED].available);
    pk_compare_free(&r);

    /* A policy that cannot choose at some cell is not judged, nor are its cells counted: the
     * simulator without a prediction of persistent at N = 8 (--allow-missing) loses 5 and 10 at
     * N = 2 and 4 of what it does predict, but has no losing cells, loss or worst cell. */
    pred.rows[7].wall_ns = NAN;
    PK_CHECK(pred.rows[7].key.strategy == PK_STRAT_PERSISTENT && pred.rows[7].key.batch == 8);
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK(!r.policy[PK_POL_SIM].available && isnan(r.policy[PK_POL_SIM].regret_pct));
    PK_CHECK_U64(r.policy[PK_POL_SIM].losing_cells, 0);
    PK_CHECK(r.policy[PK_POL_SIM].loss_ns == 0 && r.policy[PK_POL_SIM].worst_cell_pct == 0);
    pk_compare_free(&r);
    pred.rows[7].wall_ns = 35;

    meas.rows[0].wall_ns = 0; /* a non-positive measured total is bad input */
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_EINVAL);
    pk_table_free(&meas);
    pk_table_free(&pred);
}

int main(void)
{
    crossover();
    analysis();
    return pk_test_done("compare.stats");
}
