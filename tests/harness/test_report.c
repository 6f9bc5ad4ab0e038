/* Invariant: each gate fails exactly when its figure exceeds its limit, with one line naming the
 * figure, its value and the flag, and passes otherwise with a line of its own; with a doubt (a
 * noisy machine...) every gate that would fail is inconclusive instead and no other verdict
 * changes, in summary.json too; report.md has every section and shows each verdict;
 * errors.csv has one row per measured point and decisions.csv one per cell; and the outputs are
 * written all or none (a report that cannot be written leaves no other file, nor the simulated
 * prediction); with pass rows each pass is judged alone (its own MAPE and crossovers, in
 * report.md and summary.json), and a table of one pass gets no pass section; a policy that cannot
 * choose at every cell is not judged, nor its losing cells listed or counted; a table of one
 * strategy gets sentences, not empty tables, for its crossovers and regret. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "common/status.h"
#include "harness/report.h"
#include "harness/resultdir.h"
#include "tests/pk_files.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static void push(pk_table *t, pk_strategy s, uint64_t batch, double wall)
{
    pk_rows_push(t, (pk_point){s, 1000, batch, 1, 32}, wall);
}

/* Measured standard 10,20,40,80 and persistent 30,25,30,35 at N = 1,2,4,8; predicted standard
 * 10% high and persistent 30,15,45,35: MAPE 10% and 22.5%, the simulator loses 15 of 95. */
static void tables(pk_table *meas, pk_table *pred)
{
    const uint64_t n[] = {1, 2, 4, 8};
    const double ms[] = {10, 20, 40, 80}, mp[] = {30, 25, 30, 35}, pp[] = {30, 15, 45, 35};
    memset(meas, 0, sizeof *meas);
    memset(pred, 0, sizeof *pred);
    for (int i = 0; i < 4; i++) {
        push(meas, PK_STRAT_STANDARD, n[i], ms[i]);
        push(meas, PK_STRAT_PERSISTENT, n[i], mp[i]);
        push(pred, PK_STRAT_STANDARD, n[i], ms[i] * 1.1);
        push(pred, PK_STRAT_PERSISTENT, n[i], pp[i]);
    }
}

static void gates(const pk_cmp_result *r)
{
    pk_gates g = {0};
    pk_gate_result gr;
    char v[300];
    PK_CHECK(!pk_gates_any(&g));
    pk_gates_check(r, &g, NULL, &gr);
    PK_CHECK(gr.n == 0 && gr.failed == 0);
    g.has_mape = 1;
    g.mape = 15; /* standard 10% passes, persistent 22.5% fails */
    g.has_regret = 1;
    g.regret = 100 * 15.0 / 95.0 + 0.01; /* just above the simulator's regret: passes */
    g.has_cross = 1;
    g.cross = 0; /* the simulator's crossover is one step off: fails */
    pk_gates_check(r, &g, NULL, &gr);
    PK_CHECK(gr.n == 3 && gr.failed == 2 && gr.inconclusive == 0);
    PK_CHECK_STR(gr.line[0], "MAPE of persistent is 22.50%, above --max-mape 15%");
    PK_CHECK(gr.verdict[0] == PK_GATE_FAIL && gr.verdict[1] == PK_GATE_FAIL && gr.verdict[2] == PK_GATE_PASS);
    PK_CHECK(strstr(gr.line[1], "simulator crossover is 1 grid step off at item_ns=1000") != NULL);
    PK_CHECK(strstr(gr.line[2], "simulator policy regret is 15.79% of the oracle total, within --max-regret") != NULL);
    PK_CHECK_STR(pk_gate_verdict_text(&gr, 0, v, sizeof v), "fail");
    PK_CHECK_STR(pk_gate_verdict_text(&gr, 2, v, sizeof v), "pass");
    g.regret = 10;
    pk_gates_check(r, &g, "", &gr);
    PK_CHECK(gr.n == 3 && gr.failed == 3 && strstr(gr.line[2], "simulator policy regret is 15.79% of the oracle "
                                                              "total, above --max-regret 10%") != NULL);
    /* A doubt turns every failing verdict into an inconclusive one, and leaves the passing ones. */
    g.mape = 25;
    pk_gates_check(r, &g, "noisy machine: 31.0% of CPU time lost before the loop, above 20%", &gr);
    PK_CHECK(gr.n == 3 && gr.failed == 0 && gr.inconclusive == 2);
    PK_CHECK(gr.verdict[0] == PK_GATE_PASS && strstr(gr.line[0], "MAPE of every strategy is within --max-mape 25% "
                                                                 "(largest: persistent, 22.50%)") != NULL);
    PK_CHECK(gr.verdict[1] == PK_GATE_INCONCLUSIVE && gr.verdict[2] == PK_GATE_INCONCLUSIVE);
    PK_CHECK_STR(pk_gate_verdict_text(&gr, 1, v, sizeof v),
                 "inconclusive (noisy machine: 31.0% of CPU time lost before the loop, above 20%)");
}

/* summary.json and report.md with a doubt: the gate that would fail is inconclusive in both, the
 * reason is given, and the overall verdict is "inconclusive", not "fail". */
static void doubted(const pk_table *meas, const pk_cmp_result *r)
{
    pk_gates g = {.has_mape = 1, .mape = 15, .has_regret = 1, .regret = 50};
    pk_gate_result gr;
    pk_gates_check(r, &g, "noisy machine: 31.0% of CPU time lost before the loop, above 20%", &gr);
    pk_report_inputs in = {meas, "DIR", "`pred.csv`", NULL, NULL, &g, &gr, NULL, 0, NULL, NULL, 0, NULL, 0, 0};
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    PK_CHECK(pk_report_write_json(o, &in, r) == PK_OK);
    fclose(o);
    static const char *const json[] = {"\"verdict\": \"inconclusive\"", "\"gates_failed\": 0",
                                       "\"gates_inconclusive\": 1", "\"doubt\": \"noisy machine: 31.0%", NULL};
    for (int i = 0; json[i]; i++)
        PK_CHECK(strstr(text, json[i]) != NULL);
    PK_CHECK(strstr(text, "\"verdict\": \"fail\"") == NULL);
    free(text);
    o = open_memstream(&text, &len);
    pk_report_write_md(o, &in, r);
    fclose(o);
    PK_CHECK(strstr(text, "- **inconclusive**: MAPE of persistent is 22.50%") != NULL);
    PK_CHECK(strstr(text, "inconclusive** here, not failed: noisy machine") != NULL);
    PK_CHECK(strstr(text, "- pass: simulator policy regret") != NULL);
    free(text);
    /* Several strategies over --max-mape are several lines but one gate: summary.json counts
     * the gates it lists. */
    g.mape = 0.001;
    pk_gates_check(r, &g, "noisy machine: 31.0% of CPU time lost before the loop, above 20%", &gr);
    PK_CHECK(gr.inconclusive > 1);
    o = open_memstream(&text, &len);
    PK_CHECK(pk_report_write_json(o, &in, r) == PK_OK);
    fclose(o);
    PK_CHECK(strstr(text, "\"gates_inconclusive\": 1,") != NULL && strstr(text, "\"gates_failed\": 0,") != NULL);
    free(text);
}

static char *render(const pk_report_inputs *in, const pk_cmp_result *r, int which)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    if (which == 0)
        pk_report_write_md(o, in, r);
    else if (which == 1)
        pk_report_write_errors(o, r, in->hs);
    else
        pk_report_write_decisions(o, r);
    fclose(o);
    return text;
}

/* summary.json of in and r, parsed (NULL when it is not JSON). */
static json_t *summary_json(const pk_report_inputs *in, const pk_cmp_result *r)
{
    char *js = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&js, &len);
    PK_CHECK(pk_report_write_json(o, in, r) == PK_OK);
    fclose(o);
    json_error_t jerr;
    json_t *root = json_loads(js, 0, &jerr);
    PK_CHECK(root != NULL);
    free(js);
    return root;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void outputs(const pk_table *meas, const pk_table *pred, const pk_cmp_result *r)
{
    pk_gates g = {.has_mape = 1, .mape = 15};
    pk_gate_result gr;
    pk_gates_check(r, &g, NULL, &gr);
    pk_report_inputs in = {meas, "DIR", "`pred.csv`", NULL, NULL, &g, &gr, NULL, 0, NULL, NULL, 0, NULL, 0, 0};
    char *md = render(&in, r, 0);
    static const char *const sections[] = {"# pkbench compare: Test GPU (cuda)", "- predicted: `pred.csv`",
                                           "## Gates", "- **FAIL**: MAPE of persistent", "## Accuracy",
                                           "## Where the model misses", "## Crossover", "## Policy regret",
                                           "| simulator | 2 | 15 ns |",
                                           /* the two cells it loses: the measured best, its choice */
                                           "| 1.00 µs | 2 | 20 ns | 25 ns | S | P, 5 ns |",
                                           "| 1.00 µs | 4 | 40 ns | 30 ns | P | S, 10 ns |", NULL};
    for (int i = 0; sections[i]; i++)
        PK_CHECK(strstr(md, sections[i]) != NULL);
    free(md);
    char *csv = render(&in, r, 1);
    PK_CHECK(lines(csv) == 1 + 8);
    free(csv);
    csv = render(&in, r, 2);
    PK_CHECK(lines(csv) == 1 + 4);
    free(csv);

    char dir[] = "pkb_report_XXXXXX", path[64], err[256];
    PK_CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/report.md", dir);
    PK_CHECK(mkdir(path, 0777) == 0); /* a directory where report.md goes */
    char pred_path[64];
    snprintf(pred_path, sizeof pred_path, "%s/predicted.csv", dir);
    PK_CHECK(pk_report_write_all(NULL, dir, &in, r, pred, pred_path, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "report.md: cannot write") != NULL);
    snprintf(path, sizeof path, "%s/errors.csv", dir);
    PK_CHECK(access(path, F_OK) != 0);
    PK_CHECK(access(pred_path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/report.md", dir);
    rmdir(path);
    PK_CHECK(pk_report_write_all(NULL, dir, &in, r, pred, pred_path, err, sizeof err) == PK_OK);
    static const char *const names[] = {"errors.csv", "decisions.csv", "report.md", "predicted.csv", "summary.json",
                                        NULL};
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        PK_CHECK(access(path, F_OK) == 0);
        unlink(path);
    }
    /* Under the folder's lock the set is staged and committed as one unit with the removal of
     * the other kind's files: a folder at report.md changes nothing, not even the removal; then
     * the five are in place, the stale verdicts.csv and spread.csv gone, no staging folder left. */
    static const char *const stale[] = {"verdicts.csv", "spread.csv", NULL};
    for (int i = 0; stale[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, stale[i]);
        pk_test_put(path, "stale\n");
    }
    snprintf(path, sizeof path, "%s/report.md", dir);
    PK_CHECK(mkdir(path, 0777) == 0);
    pk_resultdir rd;
    PK_CHECK(pk_resultdir_open(&rd, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_report_write_all(&rd, dir, &in, r, pred, pred_path, err, sizeof err) == PK_EIO);
    pk_resultdir_close(&rd);
    PK_CHECK(strstr(err, "report.md: cannot write") != NULL);
    PK_CHECK(access(pred_path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/verdicts.csv", dir);
    PK_CHECK(access(path, F_OK) == 0);
    snprintf(path, sizeof path, "%s/report.md", dir);
    rmdir(path);
    PK_CHECK(pk_resultdir_open(&rd, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_report_write_all(&rd, dir, &in, r, pred, pred_path, err, sizeof err) == PK_OK);
    pk_resultdir_close(&rd);
    PK_CHECK(access(rd.stage, F_OK) != 0);
    for (int i = 0; stale[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, stale[i]);
        PK_CHECK(access(path, F_OK) != 0);
    }
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        PK_CHECK(access(path, F_OK) == 0);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s", dir, PK_RESULTDIR_LOCK);
    unlink(path);
    rmdir(dir);
}

static void pass_row(pk_table *t, pk_strategy s, uint64_t batch, double wall, unsigned pass)
{
    pk_row r = pk_rows_make((pk_point){s, 1000, batch, 1, 32}, wall);
    r.replicate = pass;
    PK_CHECK(pk_table_push_pass(t, &r) == PK_OK);
}

/* Pass 1 holds the summary's medians; pass 2 the prediction itself (MAPE 0, every crossover
 * exact); pass 3 exists for standard alone. */
static void passes(pk_table *meas, const pk_table *pred)
{
    char err[256];
    pk_cmp_pass *ps;
    size_t n;
    PK_CHECK(pk_compare_passes(meas, pred, NULL, &ps, &n, err, sizeof err) == PK_OK);
    PK_CHECK(n == 0 && ps == NULL); /* no pass rows: no pass section */
    for (size_t i = 0; i < meas->n; i++) {
        const pk_row *m = &meas->rows[i];
        pass_row(meas, m->key.strategy, m->key.batch, m->wall_ns, 1);
        const pk_row *p = pk_table_find(pred, &m->key);
        PK_CHECK(p != NULL);
        pass_row(meas, m->key.strategy, m->key.batch, p->wall_ns, 2);
        if (m->key.strategy == PK_STRAT_STANDARD)
            pass_row(meas, m->key.strategy, m->key.batch, p->wall_ns * 2, 3);
    }
    PK_CHECK(pk_compare_passes(meas, pred, NULL, &ps, &n, err, sizeof err) == PK_OK);
    PK_CHECK(n == 3);
    PK_CHECK(ps[0].pass == 1 && ps[0].matched == 8);
    PK_CHECK(fabs(ps[0].per_strategy[PK_STRAT_STANDARD].mape_pct - 10) < 1e-9);
    PK_CHECK(fabs(ps[0].per_strategy[PK_STRAT_PERSISTENT].mape_pct - 22.5) < 1e-9);
    PK_CHECK(ps[1].pass == 2 && ps[1].overall.mape_pct == 0);
    PK_CHECK(ps[1].cross_judged == 1 && ps[1].cross_exact == 1);
    PK_CHECK(ps[2].pass == 3 && ps[2].matched == 4 && ps[2].per_strategy[PK_STRAT_PERSISTENT].n == 0);
    PK_CHECK(fabs(ps[2].per_strategy[PK_STRAT_STANDARD].mape_pct - 50) < 1e-9); /* 1.1 / 2.2 - 1 */
    pk_cmp_result r;
    PK_CHECK(pk_compare_run(meas, pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pk_gates g = {0};
    pk_gate_result gr;
    pk_gates_check(&r, &g, NULL, &gr);
    pk_report_inputs in = {meas, "DIR", "`pred.csv`", NULL, NULL, &g, &gr, ps, n, NULL, NULL, 0, NULL, 0, 0};
    char *md = render(&in, &r, 0);
    PK_CHECK(strstr(md, "### Pass by pass") != NULL);
    PK_CHECK(strstr(md, "| 1 | 8 | 10.00% | 22.50% |") != NULL);
    PK_CHECK(strstr(md, "| 3 | 4 | 50.00% | – |") != NULL);
    /* The worst points, each against every pass: persistent N = 4 misses by +50% in pass 1 (the
     * summary's medians), 0 in pass 2 (the prediction itself), and pass 3 has no persistent row;
     * standard: +10%, 0, then -50% against twice the prediction. */
    PK_CHECK(strstr(md, "| error | error per pass |") != NULL);
    PK_CHECK(strstr(md, "| +50.0% | +50.0% / +0.0% / – |") != NULL);
    PK_CHECK(strstr(md, "| +10.0% | +10.0% / +0.0% / -50.0% |") != NULL);
    free(md);
    json_t *root = summary_json(&in, &r), *pp = json_object_get(root, "per_pass");
    PK_CHECK(json_is_array(pp) && json_array_size(pp) == 3);
    json_t *p1 = json_array_get(pp, 0), *p2 = json_array_get(pp, 1);
    PK_CHECK(json_integer_value(json_object_get(p1, "pass")) == 1);
    PK_CHECK(fabs(json_real_value(json_object_get(
                      json_object_get(json_object_get(p1, "per_strategy"), "standard"), "mape_pct")) - 10) < 1e-9);
    PK_CHECK(json_integer_value(json_object_get(p2, "crossovers_judged")) == 1);
    PK_CHECK(json_integer_value(json_object_get(p2, "crossovers_exact")) == 1);
    PK_CHECK(json_integer_value(json_object_get(p1, "crossovers_exact")) == 0); /* measured 4, simulated 8 */
    json_decref(root);
    in.npasses = 0;
    md = render(&in, &r, 0);
    PK_CHECK(strstr(md, "Pass by pass") == NULL);
    PK_CHECK(strstr(md, "error per pass") == NULL);
    free(md);
    root = summary_json(&in, &r);
    PK_CHECK(json_is_null(json_object_get(root, "per_pass")));
    json_decref(root);
    pk_compare_free(&r);
    free(ps);
}

/* No policy judged (no parameters, and the simulator lacks a prediction: --allow-missing): the
 * regret section says so in a sentence, with no empty table and no cell "where a policy loses",
 * and summary.json gives no count of losing cells for a policy it does not judge. */
static void unjudged(const pk_table *meas, pk_table *pred)
{
    char err[256];
    pk_cmp_result r;
    pred->rows[7].wall_ns = NAN; /* persistent, N = 8 */
    PK_CHECK(pk_compare_run(meas, pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pred->rows[7].wall_ns = 35;
    pk_gates g = {0};
    pk_gate_result gr;
    pk_gates_check(&r, &g, NULL, &gr);
    pk_report_inputs in = {meas, "DIR", "`pred.csv`", NULL, NULL, &g, &gr, NULL, 0, NULL, NULL, 0, NULL, 0, 0};
    char *md = render(&in, &r, 0);
    PK_CHECK(strstr(md, "| policy | cells lost |") == NULL);
    PK_CHECK(strstr(md, "Cells where a policy loses") == NULL);
    PK_CHECK(strstr(md, "No policy is judged: ") != NULL);
    PK_CHECK(strstr(md, "none given, so neither the seed nor the overlap-aware policy is judged") != NULL);
    free(md);
    json_t *root = summary_json(&in, &r);
    json_t *sim = json_object_get(json_object_get(root, "policies"), "simulator");
    PK_CHECK(json_is_false(json_object_get(sim, "available")) && json_is_null(json_object_get(sim, "losing_cells")));
    json_decref(root);
    pk_compare_free(&r);
}

/* One strategy measured (graph): no crossover and no regret, each said in a sentence, with no
 * table under either heading. */
static void one_strategy(void)
{
    pk_table meas = {0}, pred = {0};
    for (uint64_t n = 1; n <= 2; n++) {
        push(&meas, PK_STRAT_GRAPH, n, 100.0 * (double)n);
        push(&pred, PK_STRAT_GRAPH, n, 110.0 * (double)n);
    }
    char err[256];
    pk_cmp_result r;
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pk_gates g = {0};
    pk_gate_result gr;
    pk_gates_check(&r, &g, NULL, &gr);
    pk_report_inputs in = {&meas, "DIR", "`pred.csv`", NULL, NULL, &g, &gr, NULL, 0, NULL, NULL, 0, NULL, 0, 0};
    char *md = render(&in, &r, 0);
    PK_CHECK(strstr(md, "| graph | 2 | 10.00% |") != NULL);
    PK_CHECK(strstr(md, "No batch has both standard and persistent measured, so there is no crossover.") != NULL);
    PK_CHECK(strstr(md, "| item | grid×block | batches |") == NULL);
    PK_CHECK(strstr(md, "No cell has both standard and persistent measured") != NULL);
    free(md);
    pk_compare_free(&r);
    pk_table_free(&meas);
    pk_table_free(&pred);
}

int main(void)
{
    char a[32];
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 4.031), "4.03%");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 0.0123), "0.012%");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 0.020125), "0.020%"); /* two digits, the second a 0 too */
    PK_CHECK_STR(pk_report_pct(a, sizeof a, -0.0797), "-0.080%");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 4.4e-7), "0.00000044%");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, NAN), "–");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 123456789.0), "123456789.00%");
    PK_CHECK_STR(pk_report_pct(a, sizeof a, 5e297), "5e+297%"); /* whole digits would not fit */
    pk_table meas, pred;
    tables(&meas, &pred);
    pk_cmp_result r;
    char err[256];
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    gates(&r);
    doubted(&meas, &r);
    outputs(&meas, &pred, &r);
    pk_compare_free(&r);
    passes(&meas, &pred);
    unjudged(&meas, &pred);
    one_strategy();
    pk_table_free(&meas);
    pk_table_free(&pred);
    return pk_test_done("harness.report");
}
