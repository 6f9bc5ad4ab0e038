/* Invariant: the model given the host's state moves h to the canary and every other launch call
 * (h_b, the graph launch and one-node replay, the persistent setup) by the same difference,
 * never below 0, and nothing else; rows measured as the model predicts in each row's state are
 * judged exact, pooled and pass by pass, where the calibrated model misses them; rows without a
 * canary give nothing; the report and summary.json carry it. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/hoststate.h"
#include "harness/predict.h"
#include "harness/report.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static void costs(void)
{
    pk_costs cal = {0};
    cal.h = 3000, cal.h_b = 3200, cal.graph_launch = 6000, cal.S = 8000, cal.sync = 1700, cal.L = 3500;
    cal.B = 3600, cal.g = 1500, cal.T = 2000;
    pk_costs c;
    pk_hoststate_costs(&cal, 4200, &c);
    PK_CHECK(c.h == 4200 && c.h_b == 4400 && c.graph_launch == 7200 && c.S == 9200);
    PK_CHECK(c.sync == 1700 && c.L == 3500 && c.B == 3600 && c.g == 1500 && c.T == 2000);
    PK_CHECK(c.graph_one == 0); /* not measured: stays so */
    cal.graph_one = 6500;       /* a one-node replay holds a launch call too */
    pk_hoststate_costs(&cal, 4200, &c);
    PK_CHECK(c.graph_one == 7700);
    pk_hoststate_costs(&cal, 1000, &c);
    PK_CHECK(c.graph_one == 4500);
    cal.graph_one = 0;
    pk_hoststate_costs(&cal, 1000, &c);
    PK_CHECK(c.h == 1000 && c.h_b == 1200 && c.graph_launch == 4000 && c.S == 6000);
    cal.h_b = 100;
    cal.graph_one = 2000;
    pk_hoststate_costs(&cal, 0, &c); /* a delta larger than a cost: 0, not negative */
    PK_CHECK(c.h == 0 && c.h_b == 0 && c.graph_launch == 3000 && c.S == 5000 && c.graph_one == 0);
    pk_hoststate_costs(&cal, NAN, &c); /* no canary: the calibrated costs */
    PK_CHECK(memcmp(&c, &cal, sizeof c) == 0);
}

/* A row of strategy s at (item, batch), measured as the model predicts in the state canary. */
static pk_row row(pk_model *m, const pk_costs *cal, int s, uint64_t item, uint64_t batch, unsigned pass,
                  double canary)
{
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "cuda");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = (pk_point){(pk_strategy)s, item, batch, 1, 0};
    r.replicate = pass;
    r.canary_host_ns = canary;
    pk_costs c;
    pk_hoststate_costs(cal, canary, &c);
    pk_items it = {batch, (double)item, 0, NULL, NULL, NULL};
    pk_prediction_dist pd;
    PK_CHECK(pk_predict(m, &c, PK_PREDICT_DES, r.key.strategy, &it, 1, &pd) == PK_OK);
    r.wall_ns = pd.median.total_ns;
    r.reps = 5;
    return r;
}

/* errors.csv: each row's prediction in its state beside the calibrated one. The summary row of
 * standard at item 0, N = 64 is measured at the mean of its passes (the host-bound rows' states),
 * so the calibrated model (h = 2000) misses it and the model in its state does not. */
static void errors_csv(const pk_cmp_result *r, const pk_hoststate *hs)
{
    char *csv = NULL;
    size_t clen = 0;
    FILE *o = open_memstream(&csv, &clen);
    pk_report_write_errors(o, r, hs);
    fclose(o);
    PK_CHECK(csv && strstr(csv, ",rel_err,abs_err_ns,state_predicted_ns,state_rel_err\n"));
    const char *line = csv ? strstr(csv, "\nstandard,0,64,1,0,") : NULL;
    PK_CHECK(line != NULL);
    if (line) {
        double v[10];
        const char *c = line + strlen("\nstandard,0,64,1,0,");
        int k = 0;
        for (; k < 10; k++) { /* an empty cell is NAN */
            char *end;
            v[k] = strtod(c, &end);
            if (end == c)
                v[k] = NAN;
            if (*end != ',' && *end != '\n')
                break;
            c = end + 1;
        }
        PK_CHECK_U64(k, 10);
        PK_CHECK(v[6] < -0.10 && fabs(v[9]) < 0.02 && fabs(v[8] - v[0]) < 0.02 * v[0]);
    }
    free(csv);
    csv = NULL;
    o = open_memstream(&csv, &clen); /* without the state: the two cells are empty */
    pk_report_write_errors(o, r, NULL);
    fclose(o);
    PK_CHECK(csv && strstr(csv, "\nstandard,0,64,1,0,") && strstr(strstr(csv, "\nstandard,0,64,1,0,"), ",,\n"));
    free(csv);
}

/* summary.json's max-mape verdict. */
static const char *mape_verdict(pk_report_inputs in, const pk_cmp_result *r)
{
    static char v[32];
    char *js = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&js, &len);
    PK_CHECK(pk_report_write_json(o, &in, r) == PK_OK);
    fclose(o);
    json_error_t je;
    json_t *root = json_loads(js ? js : "", 0, &je);
    json_t *first = json_array_get(json_object_get(root, "gates"), 0);
    snprintf(v, sizeof v, "%s", json_string_value(json_object_get(first, "verdict")));
    json_decref(root);
    free(js);
    return v;
}

/* A MAPE gate that the calibrated model fails only because the host's state moved (every row
 * here is exact in its state) is inconclusive, with the move as its reason; one that the model
 * fails in that state too stays failed; a noisy machine's doubt, or no canary, leaves it as is. */
static void gates_state(const pk_cmp_result *r, pk_hoststate *hs, pk_report_inputs in)
{
    pk_gates g = {0};
    g.has_mape = 1, g.mape = 5, g.has_cross = 1, g.cross = 100;
    pk_gate_result gr;
    in.gates = &g, in.gr = &gr;
    pk_gates_check(r, &g, NULL, &gr);
    const int failed = gr.failed;
    PK_CHECK(failed >= 1 && gr.inconclusive == 0 && strcmp(mape_verdict(in, r), "fail") == 0);
    pk_gates_host_state(hs, r, &g, &gr);
    PK_CHECK(gr.failed == 0 && gr.inconclusive == failed && strcmp(mape_verdict(in, r), "inconclusive") == 0);
    PK_CHECK(strstr(gr.state_doubt, "was 2.50-4.00 us (median 3.25 us) against h = 2.00 us") != NULL);
    PK_CHECK(strstr(gr.state_doubt, "within the limit for standard") != NULL);
    PK_CHECK(strstr(gr.line[0], "given the host's state") != NULL);
    char v[512];
    PK_CHECK(strncmp(pk_gate_verdict_text(&gr, 0, v, sizeof v), "inconclusive (the host's launch cost beside", 43) == 0);

    /* Judged in the state on fewer points than calibrated (a row without a canary): as is. */
    const size_t all = hs->pooled.per_strategy[PK_STRAT_STANDARD].n;
    hs->pooled.per_strategy[PK_STRAT_STANDARD].n = all - 1;
    pk_gates_check(r, &g, NULL, &gr);
    pk_gates_host_state(hs, r, &g, &gr);
    PK_CHECK(gr.failed == 1 && gr.mape_strategy[0] == PK_STRAT_STANDARD + 1 && gr.verdict[0] == PK_GATE_FAIL);
    hs->pooled.per_strategy[PK_STRAT_STANDARD].n = all;

    const double keep = hs->pooled.per_strategy[PK_STRAT_STANDARD].mape_pct;
    hs->pooled.per_strategy[PK_STRAT_STANDARD].mape_pct = 50; /* as if it missed in its state too */
    pk_gates_check(r, &g, NULL, &gr);
    pk_gates_host_state(hs, r, &g, &gr);
    PK_CHECK(gr.failed == 1 && gr.inconclusive == failed - 1 && strcmp(mape_verdict(in, r), "fail") == 0);
    hs->pooled.per_strategy[PK_STRAT_STANDARD].mape_pct = keep;

    pk_gates_check(r, &g, "noisy machine", &gr);
    pk_gates_host_state(hs, r, &g, &gr);
    PK_CHECK(gr.inconclusive == failed && gr.state_doubt[0] == '\0' && strstr(gr.line[0], "host's state") == NULL);
    pk_gates_check(r, &g, NULL, &gr);
    pk_gates_host_state(NULL, r, &g, &gr);
    PK_CHECK(gr.failed == failed && gr.inconclusive == 0);
}

/* report.md and summary.json of r into *md and *js (free both). */
static void reports(const pk_report_inputs *in, const pk_cmp_result *r, char **md, char **js)
{
    size_t len = 0, jlen = 0;
    FILE *o = open_memstream(md, &len);
    pk_report_write_md(o, in, r);
    fclose(o);
    o = open_memstream(js, &jlen);
    PK_CHECK(pk_report_write_json(o, in, r) == PK_OK);
    fclose(o);
}

/* Two passes, the host slow (4000 ns a call) in the first and fast (2500) in the second, against
 * a calibration that saw 2000. */
static void judged(void)
{
    pk_params p;
    pk_rows_params(&p);
    pk_costs cal;
    pk_costs_from_params(&p, &cal);
    pk_model *m = NULL;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    static const uint64_t items[] = {0, 1000, 20000}, batches[] = {1, 4, 16, 64, 256};
    const double canary[2] = {4000, 2500};
    pk_table t = {0};
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 5; j++) {
                pk_row a = row(m, &cal, s, items[i], batches[j], 1, canary[0]);
                pk_row b = row(m, &cal, s, items[i], batches[j], 2, canary[1]);
                pk_row sum = a;
                sum.replicate = 0;
                sum.wall_ns = (a.wall_ns + b.wall_ns) / 2; /* the pooled median of two passes' samples */
                sum.canary_host_ns = (canary[0] + canary[1]) / 2;
                sum.canary_host_ns_min = canary[1], sum.canary_host_ns_max = canary[0];
                PK_CHECK(pk_table_push(&t, &sum) == PK_OK);
                PK_CHECK(pk_table_push_pass(&t, &a) == PK_OK && pk_table_push_pass(&t, &b) == PK_OK);
            }
    pk_model_destroy(m);
    char err[256];
    pk_hoststate hs;
    PK_CHECK(pk_hoststate_compare(&t, &p, NULL, &hs, err, sizeof err) == PK_OK);
    PK_CHECK(hs.have && hs.rows == t.npass && hs.rows_with == t.npass && hs.h_ns == 2000);
    PK_CHECK(hs.canary_min_ns == 2500 && hs.canary_max_ns == 4000);
    PK_CHECK_U64(hs.pooled.matched, t.n);
    PK_CHECK(hs.pooled.overall.mape_pct < 1e-9);
    PK_CHECK_U64(hs.npasses, 2);
    for (size_t k = 0; k < hs.npasses; k++)
        PK_CHECK(hs.passes[k].pass == k + 1 && hs.passes[k].matched == t.n && hs.passes[k].overall.mape_pct < 1e-9);
    pk_point std16 = {PK_STRAT_STANDARD, 0, 16, 1, 0};
    PK_CHECK(fabs(pk_hoststate_err(&hs, &std16)) < 1e-12);

    /* The calibrated model misses the host-bound standard rows by the state's difference. */
    pk_table pred;
    PK_CHECK(pk_predict_measured(&t, NULL, &p, &pred, err, sizeof err) == PK_OK);
    pk_cmp_result r;
    PK_CHECK(pk_compare_run(&t, &pred, &p, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK(r.per_strategy[PK_STRAT_STANDARD].mape_pct > 10);

    /* The report and summary.json say so. */
    pk_gates g = {0};
    pk_gate_result gr;
    pk_gates_check(&r, &g, NULL, &gr);
    pk_report_inputs in = {&t, "DIR", "`pred.csv`", "params.json", &p, &g, &gr, NULL, 0, &hs, NULL, 0, NULL, 0, 0};
    char *md = NULL, *js = NULL;
    reports(&in, &r, &md, &js);
    PK_CHECK(md && strstr(md, "## Given the host's state") && strstr(md, "| canary, pass 2 | 75 |") &&
             strstr(md, "from 2.50 µs to 4.00 µs") && strstr(md, " given the host's state | canary |") &&
             strstr(md, " | 2.50 µs / 3.25 µs / 4.00 µs |\n")); /* the worst points' canary: least / median / most */
    /* The calibrated row's points over 10%, counted here from the comparison's own points. */
    size_t over = 0;
    for (size_t i = 0; i < r.npts; i++)
        over += isfinite(r.pts[i].p_ns) && fabs(r.pts[i].p_ns - r.pts[i].m_ns) > 0.1 * r.pts[i].m_ns;
    char row[64];
    snprintf(row, sizeof row, "| 7.93%% | %zu | 2 of 3 |", over);
    PK_CHECK(over == 23 && md && strstr(md, "| calibrated h | 75 |") && strstr(md, row));
    json_error_t je;
    json_t *root = json_loads(js ? js : "", 0, &je), *h = json_object_get(root, "host_state");
    PK_CHECK(json_is_object(h) && json_real_value(json_object_get(h, "calibrated_h_ns")) == 2000);
    PK_CHECK(json_array_size(json_object_get(h, "per_pass")) == 2);
    PK_CHECK(json_real_value(json_object_get(json_object_get(h, "accuracy"), "mape_pct")) < 1e-9);
    json_decref(root);
    errors_csv(&r, &hs);
    gates_state(&r, &hs, in);
    free(md);
    free(js);
    pk_compare_free(&r);
    pk_table_free(&pred);
    pk_hoststate_free(&hs);

    /* Only standard, by the mask. */
    int mask[PK_STRAT_COUNT] = {0};
    mask[PK_STRAT_STANDARD] = 1;
    PK_CHECK(pk_hoststate_compare(&t, &p, mask, &hs, err, sizeof err) == PK_OK);
    PK_CHECK(hs.have && hs.pooled.per_strategy[PK_STRAT_STANDARD].n == 15 && hs.pooled.per_strategy[PK_STRAT_GRAPH].n == 0);
    PK_CHECK(hs.rows == 30 && hs.rows_with == 30); /* the rows the mask keeps */
    pk_hoststate_free(&hs);

    /* Pass numbers as a file has them (2 renumbered 7): judged by the numbers that occur. */
    for (size_t i = 0; i < t.npass; i++)
        if (t.pass[i].replicate == 2)
            t.pass[i].replicate = 7;
    PK_CHECK(pk_hoststate_compare(&t, &p, NULL, &hs, err, sizeof err) == PK_OK);
    PK_CHECK(hs.npasses == 2 && hs.passes[0].pass == 1 && hs.passes[1].pass == 7 && hs.passes[1].overall.mape_pct < 1e-9);
    pk_hoststate_free(&hs);
    /* One pass alone with canaries: its figures are the pooled ones, and no pass rows. */
    for (size_t i = 0; i < t.npass; i++)
        if (t.pass[i].replicate == 7)
            t.pass[i].canary_host_ns = NAN;
    PK_CHECK(pk_hoststate_compare(&t, &p, NULL, &hs, err, sizeof err) == PK_OK);
    PK_CHECK(hs.have && hs.npasses == 0 && hs.rows_with == t.npass / 2 && hs.pooled.matched == t.n);
    pk_hoststate_free(&hs);

    /* No canary: nothing to judge, and no section. */
    for (size_t i = 0; i < t.npass; i++)
        t.pass[i].canary_host_ns = NAN;
    PK_CHECK(pk_hoststate_compare(&t, &p, NULL, &hs, err, sizeof err) == PK_OK);
    PK_CHECK(!hs.have && hs.rows_with == 0 && isnan(pk_hoststate_err(&hs, &std16)));
    pk_hoststate_free(&hs);
    pk_table_free(&t);
    pk_params_free(&p);
}

/* Normalising: rows measured as the closed form predicts in their states read, once the state is
 * taken out, as the calibrated model's totals (host-bound and device-bound alike); every
 * quantile moves with the median; a row without a canary is an error naming the run and point. */
static void normalise(void)
{
    pk_params p;
    pk_rows_params(&p);
    pk_costs cal;
    pk_costs_from_params(&p, &cal);
    pk_model *m;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    pk_table t = {0};
    static const double canaries[] = {2000, 2900, 1500, 4000};
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t k = 0; k < 4; k++) {
            pk_row r;
            pk_row_init(&r);
            r.key = (pk_point){(pk_strategy)s, k % 2 ? 20000 : 0, 16 << k, 1, 0};
            r.canary_host_ns = canaries[k];
            pk_costs c;
            pk_hoststate_costs(&cal, canaries[k], &c);
            pk_items it = {r.key.batch, (double)r.key.item_ns, 0, NULL, NULL, NULL};
            pk_prediction_dist pd;
            PK_CHECK(pk_predict(m, &c, PK_PREDICT_CLOSED_FORM, r.key.strategy, &it, 1, &pd) == PK_OK);
            r.wall_ns = pd.median.total_ns;
            r.wall_ns_p25 = 0.9 * r.wall_ns;
            PK_CHECK(pk_table_push(&t, &r) == PK_OK);
        }
    char err[512];
    PK_CHECK(pk_hoststate_normalise(&t, &p, "run", err, sizeof err) == PK_OK);
    for (size_t i = 0; i < t.n; i++) {
        const pk_row *r = &t.rows[i];
        pk_items it = {r->key.batch, (double)r->key.item_ns, 0, NULL, NULL, NULL};
        pk_prediction_dist pd;
        PK_CHECK(pk_predict(m, &cal, PK_PREDICT_CLOSED_FORM, r->key.strategy, &it, 1, &pd) == PK_OK);
        PK_CHECK(fabs(r->wall_ns / pd.median.total_ns - 1) < 1e-9);
        PK_CHECK(fabs(r->wall_ns_p25 / r->wall_ns - 0.9) < 1e-9);
    }
    /* standard at item 0, N = 32, canary 2900: host-bound, so it moved */
    PK_CHECK(t.rows[1].canary_host_ns == 2900 && t.rows[1].key.strategy == PK_STRAT_STANDARD);
    t.rows[2].canary_host_ns = NAN;
    PK_CHECK(pk_hoststate_normalise(&t, &p, "base2", err, sizeof err) == PK_EINVAL);
    PK_CHECK(strstr(err, "base2: standard/item_ns:0/batch:64") && strstr(err, "has no canary_host_ns"));
    pk_table_free(&t);
    pk_model_destroy(m);
}

/* The points over 10% given the state, split by the canary's spread beside them: one pass, the
 * host at 3000 ns a call; standard's rows off the model by a factor where the test says so, each
 * with its runs' least and most (steady: 3%, moving: 20%, or none). */
static void spread(void)
{
    pk_params p;
    pk_rows_params(&p);
    pk_costs cal;
    pk_costs_from_params(&p, &cal);
    pk_model *m = NULL;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    static const uint64_t batches[] = {1, 4, 16, 64, 256};
    static const double factor[] = {1, 1.25, 0.8, 1, 1.5}, most[] = {3090, 3090, 3600, 3600, NAN};
    pk_table t = {0};
    static const int strat[] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT};
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 5; j++) {
            pk_row r = row(m, &cal, strat[i], 0, batches[j], 0, 3000);
            const int std = strat[i] == PK_STRAT_STANDARD;
            r.wall_ns *= std ? factor[j] : 1;
            r.canary_host_ns_min = std && isnan(most[j]) ? NAN : 3000;
            r.canary_host_ns_max = std ? most[j] : 3090;
            PK_CHECK(pk_table_push(&t, &r) == PK_OK);
        }
    pk_model_destroy(m);
    char err[256];
    pk_hoststate hs;
    PK_CHECK(pk_hoststate_compare(&t, &p, NULL, &hs, err, sizeof err) == PK_OK);
    pk_hoststate_spread sp;
    pk_hoststate_spread_split(&hs, &t, &sp);
    PK_CHECK(sp.steady == 7 && sp.steady_over == 1 && sp.moving == 2 && sp.moving_over == 1 && sp.unknown == 1 &&
             sp.unknown_over == 1);
    pk_hoststate_spread_split(&hs, NULL, &sp); /* no table: no spread known */
    PK_CHECK(sp.unknown == 10 && sp.unknown_over == 3 && sp.steady == 0);
    pk_hoststate_spread_split(NULL, &t, &sp);
    PK_CHECK(sp.unknown == 0 && sp.steady == 0 && sp.moving == 0);

    pk_table pred;
    PK_CHECK(pk_predict_measured(&t, NULL, &p, &pred, err, sizeof err) == PK_OK);
    pk_cmp_result r;
    PK_CHECK(pk_compare_run(&t, &pred, &p, NULL, &r, err, sizeof err) == PK_OK);
    pk_gates g = {0};
    pk_gate_result gr;
    pk_gates_check(&r, &g, NULL, &gr);
    pk_report_inputs in = {&t, "DIR", "`pred.csv`", "params.json", &p, &g, &gr, NULL, 0, &hs, NULL, 0, NULL, 0, 0};
    char *md = NULL, *js = NULL;
    reports(&in, &r, &md, &js);
    PK_CHECK(md && strstr(md, "by 10% or less at 7 points, 1 of them over 10% given the host's state; by more at 2, "
                              "1 of them over 10%; 1 points have no spread, 1 of them over 10%. Where the spread is "
                              "small the state is known"));
    json_error_t je;
    json_t *root = json_loads(js ? js : "", 0, &je);
    json_t *c = json_object_get(json_object_get(root, "host_state"), "canary_spread");
    PK_CHECK(json_integer_value(json_object_get(c, "steady")) == 7 &&
             json_integer_value(json_object_get(c, "steady_over_10")) == 1 &&
             json_integer_value(json_object_get(c, "moving_over_10")) == 1 &&
             json_integer_value(json_object_get(c, "unknown")) == 1 &&
             json_real_value(json_object_get(c, "steady_limit")) == PK_CANARY_STEADY);
    json_decref(root);
    free(md);
    free(js);
    pk_compare_free(&r);
    pk_table_free(&pred);
    pk_hoststate_free(&hs);
    pk_table_free(&t);
    pk_params_free(&p);
}

int main(void)
{
    costs();
    normalise();
    judged();
    spread();
    return pk_test_done("harness.hoststate");
}
