/* Invariant: the crossovers' paired check picks the cells whose standard and persistent IQRs
 * overlap; it judges each cell by the median of its passes' persistent / standard ratios with
 * the sign test's 95% interval (ratios 6 and 15 of 20, 1 and 8 of 8), naming the faster only
 * when the interval leaves 1 out, and none with fewer than 6 pairs; applied to a comparison, a
 * resolved batch's winner replaces its medians' and the measured crossover moves with it, an
 * unresolved one leaves it; the sweep's axes come from the cells picked; an earlier check is
 * removed before a new one, which is marked with its sweep's run_id and taken by that sweep
 * only; bad input is refused; the model's ratio is taken calibrated and at the check's own
 * state, each pass's rows at their own canaries, and given the state, a resolved batch's
 * predicted winner is the model's at the check's state. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/hoststate.h"
#include "harness/paired.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static pk_row row(pk_strategy s, uint64_t item, uint64_t batch, double wall, double spread, unsigned rep)
{
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "cuda");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = (pk_point){s, item, batch, 1, 0};
    r.wall_ns = wall;
    r.wall_ns_p25 = wall * (1 - spread), r.wall_ns_p75 = wall * (1 + spread);
    r.reps = 100;
    r.replicate = rep;
    return r;
}

static void pick(void)
{
    pk_table t = {0};
    pk_row rows[] = {
        row(PK_STRAT_STANDARD, 0, 2, 15000, 0.1, 0),   row(PK_STRAT_PERSISTENT, 0, 2, 15500, 0.1, 0), /* overlap */
        row(PK_STRAT_STANDARD, 0, 64, 250000, 0.02, 0), row(PK_STRAT_PERSISTENT, 0, 64, 13000, 0.02, 0), /* apart */
        row(PK_STRAT_GRAPH, 0, 4, 16000, 0.1, 0),
        row(PK_STRAT_STANDARD, 1000, 4, 20000, 0.1, 0), row(PK_STRAT_PERSISTENT, 1000, 4, 21000, 0.01, 0),
        row(PK_STRAT_STANDARD, 5000, 4, 40000, 0.1, 0), /* no persistent row */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        PK_CHECK(pk_table_push(&t, &rows[i]) == PK_OK);
    pk_point out[4];
    PK_CHECK_U64(pk_paired_pick(&t, out, 4), 2);
    PK_CHECK(out[0].strategy == PK_STRAT_STANDARD && out[0].item_ns == 0 && out[0].batch == 2);
    PK_CHECK(out[1].item_ns == 1000 && out[1].batch == 4);
    PK_CHECK_U64(pk_paired_pick(&t, out, 1), 2); /* counted past max */
    t.rows[6].wall_ns_p25 = NAN;                 /* no IQR: overlaps none */
    PK_CHECK_U64(pk_paired_pick(&t, out, 4), 1);

    /* The sweep's axes, from the file. */
    t.rows[6].wall_ns_p25 = 20000;
    char path[] = "pk_test_paired_XXXXXX", err[512];
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    PK_CHECK(pk_table_write_csv(path, &t, err, sizeof err) == PK_OK);
    pk_paired_sweep s;
    PK_CHECK(pk_paired_sweep_plan(path, &s, err, sizeof err) == PK_OK && s.ncells == 2);
    PK_CHECK_STR(s.axes[PK_GRID_ITEM_NS], "0,1000");
    PK_CHECK_STR(s.axes[PK_GRID_BATCH], "2,4");
    PK_CHECK_STR(s.axes[PK_GRID_GRID], "1");
    PK_CHECK_STR(s.axes[PK_GRID_BLOCK], "0");
    /* The product holds (0, 4) and (1000, 2) too: the filter keeps the two cells alone. */
    PK_CHECK_STR(s.filter, "ns:0/batch:2/|ns:1000/batch:4/");
    PK_CHECK_U64(s.swept, 2);
    remove(path);
    PK_CHECK(pk_paired_sweep_plan(path, &s, err, sizeof err) != PK_OK && s.ncells == 0 && strstr(err, path));
    pk_table_free(&t);
}

/* A check of one cell per item: pass p's persistent wall is standard's times ratio(item, p). */
static double ratio_of(uint64_t item, unsigned p)
{
    static const double spread[20] = {-9, -7, -6, -5, -4, -3, -2, -1, -.5, 0, .5, 1, 2, 3, 4, 5, 6, 7, 8, 10};
    double centre = item == 0 ? 0.97 : item == 1000 ? 1.03 : 1.0;
    return centre + spread[p - 1] * (item == 5000 ? 0.01 : 0.002);
}

static void judge(void)
{
    pk_table t = {0};
    const uint64_t items[] = {0, 1000, 5000, 20000, 2000};
    for (unsigned p = 1; p <= 20; p++)
        for (size_t i = 0; i < 5; i++) {
            if ((items[i] == 20000 && p > 5) || (items[i] == 2000 && p > 8)) /* five pairs, eight */
                continue;
            double s = 10000 + 100 * p; /* the host's state moves from pass to pass; the ratio does not */
            pk_row a = row(PK_STRAT_STANDARD, items[i], 2, s, 0.1, p), b = row(PK_STRAT_PERSISTENT, items[i], 2,
                                                                                 s * ratio_of(items[i], p), 0.1, p);
            PK_CHECK(pk_table_push_pass(&t, &a) == PK_OK && pk_table_push_pass(&t, &b) == PK_OK);
            if (p == 1) {
                a.replicate = b.replicate = 0;
                PK_CHECK(pk_table_push(&t, &a) == PK_OK && pk_table_push(&t, &b) == PK_OK);
            }
        }
    pk_paired *v = NULL;
    size_t n = 0;
    char err[256];
    PK_CHECK(pk_paired_judge(&t, &v, &n, err, sizeof err) == PK_OK && n == 5);
    pk_point k0 = {PK_STRAT_PERSISTENT, 0, 2, 1, 0}, k1 = {PK_STRAT_STANDARD, 1000, 2, 1, 0},
             k5 = {PK_STRAT_STANDARD, 5000, 2, 1, 0}, k20 = {PK_STRAT_STANDARD, 20000, 2, 1, 0};
    const pk_paired *a = pk_paired_find(v, n, &k0), *b = pk_paired_find(v, n, &k1), *c = pk_paired_find(v, n, &k5),
                    *d = pk_paired_find(v, n, &k20);
    PK_CHECK(a && a->pairs == 20 && a->verdict == 1);
    PK_CHECK_NEAR(a->ratio, 0.97 + 0.002 * (0 + 0.5) / 2, 1e-12);  /* the 10th and 11th of 20 */
    PK_CHECK_NEAR(a->lo, 0.97 - 0.002 * 3, 1e-12);                 /* the 6th */
    PK_CHECK_NEAR(a->hi, 0.97 + 0.002 * 4, 1e-12);                 /* the 15th */
    PK_CHECK(b && b->verdict == 0 && b->lo > 1);
    PK_CHECK(c && c->verdict == -1 && c->lo < 1 && c->hi > 1);     /* 0.97 .. 1.04: not resolved */
    PK_CHECK(d && d->pairs == 5 && d->verdict == -1 && isnan(d->lo) && isnan(d->hi));
    /* Eight pairs: the 95% interval is the least and the most of them (a 90% one would be the
     * 2nd and the 7th; at 20 pairs the two levels agree). */
    const pk_paired *e = pk_paired_find(v, n, &(pk_point){PK_STRAT_PERSISTENT, 2000, 2, 1, 0});
    PK_CHECK(e && e->pairs == 8 && e->verdict == 1);
    PK_CHECK(e && fabs(e->lo - (1 - 0.002 * 9)) < 1e-12 && fabs(e->hi - (1 - 0.002 * 1)) < 1e-12);
    pk_point none = {PK_STRAT_STANDARD, 0, 4, 1, 0};
    PK_CHECK(pk_paired_find(v, n, &none) == NULL);

    /* Applied: item 0's medians had standard winning at 2 (persistent from 4); the check says
     * persistent at 2, so the measured crossover moves to 2, where the simulator put it. Item
     * 5000's check is unresolved: its medians stand. */
    pk_cmp_cell cells[6] = {0};
    const uint64_t batches[3] = {1, 2, 4};
    const int best0[3] = {0, 0, 1}, best5[3] = {0, 1, 1};
    for (size_t i = 0; i < 3; i++) {
        cells[i].key = (pk_point){PK_STRAT_STANDARD, 0, batches[i], 1, 0};
        cells[i].best = best0[i];
        cells[3 + i].key = (pk_point){PK_STRAT_STANDARD, 5000, batches[i], 1, 0};
        cells[3 + i].best = best5[i];
    }
    pk_cmp_cross cross[2] = {{.item_ns = 0, .grid = 1, .nbatch = 3, .measured = 4, .idx_measured = 2,
                              .predicted = 2, .idx_predicted = 1, .have_predicted = 1, .error_steps = 1},
                             {.item_ns = 5000, .grid = 1, .nbatch = 3, .measured = 2, .idx_measured = 1,
                              .predicted = 4, .idx_predicted = 2, .have_predicted = 1, .error_steps = 1}};
    pk_cmp_result r = {0};
    r.cells = cells, r.ncells = 6, r.cross = cross, r.ncross = 2;
    size_t judged;
    PK_CHECK(pk_paired_cross_exact(&r, &judged) == 0 && judged == 2); /* before: the medians' */
    PK_CHECK(pk_paired_apply(&r, v, n, 0) == PK_OK);
    PK_CHECK(cross[0].paired_checked == 1 && cross[0].paired_resolved == 1 && cross[0].measured_paired == 2 &&
             cross[0].idx_paired == 1 && cross[0].error_steps_paired == 0);
    PK_CHECK(cross[1].paired_checked == 1 && cross[1].paired_resolved == 0 && cross[1].measured_paired == 2 &&
             cross[1].error_steps_paired == 1);
    PK_CHECK(pk_paired_cross_exact(&r, &judged) == 1 && judged == 2);
    PK_CHECK(pk_cmp_cross_exact(&r, &judged) == 0); /* the medians' count is unchanged */
    free(v);

    /* Refused: no pass rows; no cell with both strategies in one pass. */
    pk_table empty = {0};
    PK_CHECK(pk_paired_judge(&empty, &v, &n, err, sizeof err) == PK_EINVAL && strstr(err, "no pass rows"));
    pk_table one = {0};
    pk_row s = row(PK_STRAT_STANDARD, 0, 2, 1000, 0.1, 0), sp = row(PK_STRAT_STANDARD, 0, 2, 1000, 0.1, 1);
    PK_CHECK(pk_table_push(&one, &s) == PK_OK && pk_table_push_pass(&one, &sp) == PK_OK);
    PK_CHECK(pk_paired_judge(&one, &v, &n, err, sizeof err) == PK_EINVAL && strstr(err, "both standard and persistent"));
    pk_table_free(&one);
    pk_table_free(&t);
}

/* A check of cell (0, 2): 20 passes, persistent at 0.9 of standard, each pass's two rows with the
 * canaries cs (standard) and cp (persistent) plus 10 ns a pass (NAN: none). */
static void check_table(pk_table *t, double cs, double cp)
{
    memset(t, 0, sizeof *t);
    pk_row s = row(PK_STRAT_STANDARD, 0, 2, 10000, 0.1, 0), q = row(PK_STRAT_PERSISTENT, 0, 2, 9000, 0.1, 0);
    PK_CHECK(pk_table_push(t, &s) == PK_OK && pk_table_push(t, &q) == PK_OK);
    for (unsigned k = 1; k <= 20; k++) {
        s.replicate = q.replicate = k;
        s.canary_host_ns = cs + 10.0 * k;
        q.canary_host_ns = cp + 10.0 * k;
        PK_CHECK(pk_table_push_pass(t, &s) == PK_OK && pk_table_push_pass(t, &q) == PK_OK);
    }
}

/* The model against the check: calibrated, at the check's state (each pass's rows at their own
 * canaries), the agreement and distance, and the crossovers given the state with the check. */
static void model(void)
{
    pk_params p;
    pk_rows_params(&p);
    const double h = p.value[PK_P_LAUNCH_HOST];
    pk_table t;
    pk_paired *v = NULL;
    size_t n = 0;
    char err[256];
    /* At the calibrated h in every pass, the model at the state is the calibrated model. */
    check_table(&t, h - 105, h - 105); /* + 10 k: the median pass's canary is h */
    PK_CHECK(pk_paired_judge(&t, &v, &n, err, sizeof err) == PK_OK && n == 1);
    PK_CHECK(isnan(v[0].model_cal) && isnan(v[0].model_state)); /* not run yet */
    PK_CHECK(pk_paired_model(&t, &p, v, n, err, sizeof err) == PK_OK);
    PK_CHECK(isfinite(v[0].model_cal) && v[0].model_cal > 0 && v[0].model_pairs == 20);
    PK_CHECK_NEAR(v[0].model_state, v[0].model_cal, 1e-3 * v[0].model_cal);
    const double cal = v[0].model_cal;
    pk_table_free(&t);
    free(v);
    /* A slower launch call in both rows: standard (two launch calls) loses more than persistent
     * (one), so persistent's ratio falls; the calibrated ratio stays. */
    check_table(&t, h + 2000, h + 2000);
    PK_CHECK(pk_paired_judge(&t, &v, &n, err, sizeof err) == PK_OK && pk_paired_model(&t, &p, v, n, err, sizeof err) == PK_OK);
    PK_CHECK(v[0].model_state < cal - 1e-3 && fabs(v[0].model_cal - cal) < 1e-12);
    const double slow = v[0].model_state;
    pk_table_free(&t);
    free(v);
    /* Each row at its own canary: persistent's alone slow makes persistent's ratio rise above the
     * calibrated one. */
    check_table(&t, h, h + 2000);
    PK_CHECK(pk_paired_judge(&t, &v, &n, err, sizeof err) == PK_OK && pk_paired_model(&t, &p, v, n, err, sizeof err) == PK_OK);
    PK_CHECK(v[0].model_state > cal + 1e-3 && v[0].model_state != slow);
    pk_table_free(&t);
    free(v);
    /* No canary: calibrated only. */
    check_table(&t, NAN, NAN);
    PK_CHECK(pk_paired_judge(&t, &v, &n, err, sizeof err) == PK_OK && pk_paired_model(&t, &p, v, n, err, sizeof err) == PK_OK);
    PK_CHECK(isfinite(v[0].model_cal) && isnan(v[0].model_state) && v[0].model_pairs == 0);
    pk_table_free(&t);
    free(v);
    pk_params_free(&p);

    /* The agreement: three cells, two resolved. */
    pk_paired c[3] = {{.ratio = 0.9, .verdict = 1, .model_cal = 1.1, .model_state = 0.95},
                      {.ratio = 1.2, .verdict = 0, .model_cal = 1.2, .model_state = NAN},
                      {.ratio = 1.0, .verdict = -1, .model_cal = 0.8, .model_state = 1.0}};
    pk_paired_agree g;
    pk_paired_agreement(c, 3, &g);
    PK_CHECK(g.resolved == 2 && g.cal_judged == 2 && g.cal_agree == 1 && g.state_judged == 1 && g.state_agree == 1);
    PK_CHECK_NEAR(g.cal_dist, 100 * (fabs(log(0.9 / 1.1)) + 0 + fabs(log(1.0 / 0.8))) / 3, 1e-9);
    PK_CHECK_NEAR(g.state_dist, 100 * (fabs(log(0.9 / 0.95)) + 0) / 2, 1e-9);

    /* Given the state: batches 1, 2, 4; the model at the sweep's state had persistent from 4; the
     * check resolves persistent at 2, and the model at the check's state agrees: predicted and
     * measured both move to 2. Calibrated (at_state 0), the prediction stays at 4. */
    pk_cmp_cell cells[3] = {0};
    const uint64_t batches[3] = {1, 2, 4};
    for (size_t i = 0; i < 3; i++) {
        cells[i].key = (pk_point){PK_STRAT_STANDARD, 0, batches[i], 1, 0};
        cells[i].best = i == 2;
        cells[i].p_std = 100, cells[i].p_pers = i == 2 ? 90 : 110;
    }
    pk_cmp_cross x = {.item_ns = 0, .grid = 1, .nbatch = 3, .measured = 4, .idx_measured = 2, .predicted = 4,
                      .idx_predicted = 2, .have_predicted = 1};
    pk_cmp_result r = {0};
    r.cells = cells, r.ncells = 3, r.cross = &x, r.ncross = 1;
    pk_paired one = {.key = {PK_STRAT_STANDARD, 0, 2, 1, 0}, .pairs = 20, .ratio = 0.9, .verdict = 1,
                     .model_cal = 1.1, .model_state = 0.95};
    size_t judged;
    PK_CHECK(pk_paired_apply(&r, &one, 1, 0) == PK_OK && x.measured_paired == 2 && x.idx_pred_paired == 2 &&
             x.error_steps_paired == 1 && pk_paired_cross_exact(&r, &judged) == 0);
    PK_CHECK(pk_paired_apply(&r, &one, 1, 1) == PK_OK && x.measured_paired == 2 && x.idx_pred_paired == 1 &&
             x.error_steps_paired == 0 && pk_paired_cross_exact(&r, &judged) == 1);
    one.model_state = NAN; /* no state: the sweep's prediction stands */
    PK_CHECK(pk_paired_apply(&r, &one, 1, 1) == PK_OK && x.idx_pred_paired == 2 && x.error_steps_paired == 1);
    one.verdict = -1, one.model_state = 0.95; /* unresolved: neither moves */
    PK_CHECK(pk_paired_apply(&r, &one, 1, 1) == PK_OK && x.measured_paired == 4 && x.idx_pred_paired == 2 &&
             x.error_steps_paired == 0);
}

/* cells[i] = (item[i], batch[i]), shape 1x0. */
static size_t cells_of(pk_point *c, const uint64_t *item, const uint64_t *batch, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c[i] = (pk_point){PK_STRAT_STANDARD, item[i], batch[i], 1, 0};
    return n;
}

/* Whether filter selects, of every point of standard and persistent over items x batches x grids
 * (block 0), exactly both strategies of each of cells[0..n). */
static int selects_exactly(const char *filter, const pk_point *cells, size_t n, const uint64_t *items, size_t ni,
                           const uint64_t *batches, size_t nb, const uint64_t *grids, size_t ng)
{
    int kept = 0, ok = 1;
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < ni; i++)
            for (size_t b = 0; b < nb; b++)
                for (size_t g = 0; g < ng; g++) {
                    pk_point p = {s ? PK_STRAT_PERSISTENT : PK_STRAT_STANDARD, items[i], batches[b],
                                  (unsigned)grids[g], 0};
                    pk_point c = pk_point_with(&p, PK_STRAT_STANDARD);
                    size_t one = 1;
                    int want = 0;
                    for (size_t k = 0; k < n; k++)
                        want |= pk_point_equal(&c, &cells[k]);
                    PK_CHECK(pk_grid_filter(filter, &p, &one) == PK_OK);
                    ok &= (int)one == want;
                    kept += (int)one;
                }
    return ok && kept == (int)(2 * n);
}

/* The check's --benchmark_filter: the cells and nothing else, grouped by item or by batch
 * (the shorter), with the shape where the cells have more than one; too long: refused. */
static void filter(void)
{
    pk_point c[PK_PAIRED_MAX_CELLS];
    char f[PK_PAIRED_FILTER_MAX + 1];
    static const uint64_t items[] = {0, 1000, 2000, 5000, 10000, 20000, 50000},
                          batches[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384},
                          grids[] = {1, 2};
    /* the host run's 14 tied cells of one run (item 0: 1024; 2 us: 256-1024; 10 us: 16-512; 50 us: 8-64) */
    static const uint64_t hi[] = {0,     2000,  2000,  2000,  10000, 10000, 10000,
                                  10000, 10000, 10000, 50000, 50000, 50000, 50000},
                          hb[] = {1024, 256, 512, 1024, 16, 32, 64, 128, 256, 512, 8, 16, 32, 64};
    size_t n = cells_of(c, hi, hb, 14);
    PK_CHECK(pk_paired_filter(c, n, f, sizeof f) == PK_OK);
    PK_CHECK_STR(f, "ns:0/batch:1024/|ns:2000/batch:(256|512|1024)/|ns:10000/batch:(16|32|64|128|256|512)/"
                    "|ns:50000/batch:(8|16|32|64)/");
    PK_CHECK(selects_exactly(f, c, n, items, 7, batches, 15, grids, 1));
    /* items with the same batches share an alternative; by batch it would be longer */
    static const uint64_t mi[] = {0, 0, 0, 1000, 1000, 1000, 5000}, mb[] = {1, 2, 4, 4, 2, 1, 1};
    n = cells_of(c, mi, mb, 7);
    PK_CHECK(pk_paired_filter(c, n, f, sizeof f) == PK_OK);
    PK_CHECK_STR(f, "ns:(0|1000)/batch:(1|2|4)/|ns:5000/batch:1/");
    PK_CHECK(selects_exactly(f, c, n, items, 7, batches, 15, grids, 1));
    /* by batch is shorter here */
    static const uint64_t bi[] = {0, 1000, 5000, 0}, bb[] = {1, 1, 1, 2};
    n = cells_of(c, bi, bb, 4);
    PK_CHECK(pk_paired_filter(c, n, f, sizeof f) == PK_OK);
    PK_CHECK_STR(f, "ns:(0|1000|5000)/batch:1/|ns:0/batch:2/");
    PK_CHECK(selects_exactly(f, c, n, items, 7, batches, 15, grids, 1));
    /* two shapes: each alternative names its own */
    c[1].grid = 2;
    PK_CHECK(pk_paired_filter(c, n, f, sizeof f) == PK_OK);
    PK_CHECK_STR(f, "ns:0/batch:(1|2)/grid:1/block:0/|ns:5000/batch:1/grid:1/block:0/|ns:1000/batch:1/grid:2/block:0/");
    PK_CHECK(selects_exactly(f, c, n, items, 7, batches, 15, grids, 2));
    /* random sets of cells of a GPU's grid: always exactly them, or refused as too long */
    unsigned long x = 12345;
    int fitted = 0, refused = 0;
    for (int trial = 0; trial < 300; trial++) {
        n = 0;
        size_t want = 1 + (size_t)(trial % PK_PAIRED_MAX_CELLS);
        while (n < want) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            pk_point p = {PK_STRAT_STANDARD, items[(x >> 33) % 7], batches[(x >> 40) % 15],
                          trial % 4 ? 1 : (unsigned)grids[(x >> 20) % 2], 0}; /* a quarter with two shapes */
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                dup |= pk_point_equal(&p, &c[k]);
            if (!dup)
                c[n++] = p;
        }
        if (pk_paired_filter(c, n, f, sizeof f) != PK_OK) {
            PK_CHECK(f[0] == '\0');
            refused++;
            continue;
        }
        fitted++;
        uint64_t g[2] = {c[0].grid, 0}; /* the sweep's grids: the cells' own (one: no shape in the filter) */
        size_t ng = 1;
        for (size_t k = 1; k < n && ng == 1; k++)
            if (c[k].grid != g[0])
                g[ng++] = c[k].grid;
        PK_CHECK(strlen(f) <= PK_PAIRED_FILTER_MAX && selects_exactly(f, c, n, items, 7, batches, 15, g, ng));
    }
    printf("random cells: %d filters, %d too long\n", fitted, refused);
    PK_CHECK(fitted > 100 && refused > 0); /* both ways taken */
}

static int exists(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return access(p, F_OK) == 0;
}

/* The run's side: an earlier check is removed before the new one; the new one is marked with
 * the sweep's run_id, and only that sweep takes it. */
static void files(void)
{
    char out[] = "pk_test_paired_dir_XXXXXX", cc[64], p[128], err[512], dir[PK_PATH_MAX];
    pk_paired_sweep s;
    PK_CHECK(mkdtemp(out) != NULL);
    snprintf(cc, sizeof cc, "%s/crosscheck", out);
    PK_CHECK(mkdir(cc, 0700) == 0);
    static const char *const stale[3] = {"measured.csv", "measured.csv.gz", "of"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", cc, stale[i]);
        FILE *f = fopen(p, "w");
        PK_CHECK(f && fputs("stale\n", f) >= 0 && fclose(f) == 0);
    }
    pk_table t = {0};
    pk_row a = row(PK_STRAT_STANDARD, 0, 2, 15000, 0.1, 0), b = row(PK_STRAT_PERSISTENT, 0, 2, 15500, 0.1, 0);
    PK_CHECK(pk_table_push(&t, &a) == PK_OK && pk_table_push(&t, &b) == PK_OK);
    snprintf(p, sizeof p, "%s/measured.csv", out);
    PK_CHECK(pk_table_write_csv(p, &t, err, sizeof err) == PK_OK); /* no run_id yet */
    PK_CHECK(pk_paired_prepare(out, dir, &s, err, sizeof err) == PK_OK && s.ncells == 1 && strcmp(dir, cc) == 0);
    PK_CHECK(s.filter[0] == '\0' && s.swept == 1); /* one cell: the product is the cell */
    PK_CHECK(!exists(cc, "measured.csv") && !exists(cc, "measured.csv.gz") && !exists(cc, "of"));
    PK_CHECK(pk_paired_mark(out, err, sizeof err) == PK_EINVAL && strstr(err, "no run_id"));
    pk_context_setf(&t.context, "run_id", "%s", "r1");
    PK_CHECK(pk_table_write_csv(p, &t, err, sizeof err) == PK_OK);
    PK_CHECK(!pk_paired_is_of(cc, &t, err, sizeof err) && strstr(err, "no record of the sweep it checks"));
    PK_CHECK(pk_paired_mark(out, err, sizeof err) == PK_OK && exists(cc, "of"));
    PK_CHECK(pk_paired_is_of(cc, &t, err, sizeof err) == 1);
    pk_context_setf(&t.context, "run_id", "%s", "r2"); /* a later sweep into the folder */
    PK_CHECK(!pk_paired_is_of(cc, &t, err, sizeof err) && strstr(err, "made for run r1, the sweep is run r2"));
    pk_table_free(&t);
    snprintf(p, sizeof p, "%s/of", cc);
    remove(p);
    rmdir(cc);
    snprintf(p, sizeof p, "%s/measured.csv", out);
    remove(p);
    rmdir(out);
}

int main(void)
{
    pick();
    filter();
    judge();
    model();
    files();
    return pk_test_done("harness.paired");
}
