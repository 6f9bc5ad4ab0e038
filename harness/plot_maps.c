/* The data of the plots that are not one panel per item duration: accuracy.dat (predicted
 * against measured), decision.dat (the decision map, a row of panels per shape) and
 * timeline.dat (the Gantt chart). See plot_data.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/duration.h"
#include "common/status.h"
#include "harness/gnuplot.h"
#include "harness/plot_data.h"
#include "harness/report.h"

/* accuracy.dat: a block per strategy with joined points whose prediction is positive:
 * measured_us predicted_us; then one block (index NA) of those predicted at 0 or less, which a
 * log axis cannot show: measured_us predicted_us colour, drawn at the axis floor ALO (taken over
 * positive figures alone) with a marker of their own, and counted (ANZ) in the title. */
int pk__plot_write_accuracy(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "accuracy.dat", err, errlen);
    if (rc)
        return rc;
    int blocks[PK_STRAT_COUNT], nb = 0;
    size_t nz = 0;
    double lo = INFINITY, hi = 0;
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        if (!c->r->per_strategy[s].n)
            continue;
        fprintf(o.f.fp, "# strategy=%s: measured_us predicted_us\n", pk_strategy_names[s]);
        size_t n = 0;
        for (size_t i = 0; i < c->r->npts; i++) {
            const pk_cmp_point *p = &c->r->pts[i];
            if ((int)p->key.strategy != s || !isfinite(p->p_ns))
                continue;
            nz += !(p->p_ns > 0);
            if (!(p->p_ns > 0))
                continue;
            fprintf(o.f.fp, "%.9g %.9g\n", p->m_ns / 1e3, p->p_ns / 1e3);
            n++;
            lo = fmin(lo, fmin(p->m_ns, p->p_ns) / 1e3);
            hi = fmax(hi, fmax(p->m_ns, p->p_ns) / 1e3);
        }
        fprintf(o.f.fp, "%s\n\n", n ? "" : "NaN NaN\n");
        blocks[nb++] = s;
    }
    fprintf(o.f.fp, "# predicted 0 or less (drawn at the axis floor): measured_us predicted_us colour\n");
    for (size_t i = 0; i < c->r->npts; i++) {
        const pk_cmp_point *p = &c->r->pts[i];
        if (!isfinite(p->p_ns) || p->p_ns > 0)
            continue;
        fprintf(o.f.fp, "%.9g %.9g %ld\n", p->m_ns / 1e3, p->p_ns / 1e3,
                strtol(pk__plot_colour((int)p->key.strategy) + 1, NULL, 16));
        if (p->m_ns > 0)
            lo = fmin(lo, p->m_ns / 1e3);
        hi = fmax(hi, p->m_ns / 1e3);
    }
    fprintf(o.f.fp, "%s\n\n", nz ? "" : "NaN NaN NaN\n");
    fprintf(meta, "NA = %d\nANZ = %zu\n", nb, nz);
    if (nb) {
        fprintf(meta, "array ANAME[%d]\narray ACOL[%d]\n", nb, nb);
        for (int b = 0; b < nb; b++) {
            char t[128], pct[32];
            snprintf(t, sizeof t, "%s (MAPE %s)", pk_strategy_names[blocks[b]],
                     pk_report_pct(pct, sizeof pct, c->r->per_strategy[blocks[b]].mape_pct));
            fprintf(meta, "ANAME[%d] = ", b + 1);
            pk_gnuplot_str(meta, t);
            fprintf(meta, "; ACOL[%d] = '%s'\n", b + 1, pk__plot_colour(blocks[b]));
        }
        if (!isfinite(lo) || !(hi > 0)) /* no positive figure at all: any decade */
            lo = 1, hi = 10;
        fprintf(meta, "ALO = %.9g\nAHI = %.9g\n", lo / 1.5, hi * 1.5);
    }
    return pk__plot_close(&o, err, errlen);
}

static size_t index_of(const uint64_t *v, size_t n, uint64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

/* One shape's cells: their batches (ascending) and how each policy fared there. */
typedef struct shape_cells {
    uint64_t batches[PK_PLOT_MAX_AXIS];
    size_t nb, ncells, persistent_best, lost[PK_POL_COUNT];
    double loss_ns[PK_POL_COUNT], oracle_ns, worst_pct[PK_POL_COUNT];
} shape_cells;

static int cell_in(const pk_cmp_cell *cl, const pk_plot_shape *sh)
{
    return cl->key.grid == sh->grid && cl->key.block == sh->block;
}

static void shape_cells_fill(const pk_plot_data *c, const pk_plot_shape *sh, shape_cells *sc)
{
    memset(sc, 0, sizeof *sc);
    for (size_t k = 0; k < c->r->ncells; k++) {
        const pk_cmp_cell *cl = &c->r->cells[k];
        if (!cell_in(cl, sh))
            continue;
        if (index_of(c->batches, c->nbatches, cl->key.batch) == c->nbatches ||
            index_of(c->items, c->nitems, cl->key.item_ns) == c->nitems)
            continue; /* not plotted: beyond PK_PLOT_MAX_AXIS */
        if (index_of(sc->batches, sc->nb, cl->key.batch) == sc->nb && sc->nb < PK_PLOT_MAX_AXIS)
            sc->batches[sc->nb++] = cl->key.batch;
        double oracle = fmin(cl->m_std, cl->m_pers);
        sc->ncells++;
        sc->persistent_best += cl->best == 1;
        sc->oracle_ns += oracle;
        for (int p = 0; p < PK_POL_COUNT; p++)
            if (isfinite(cl->loss[p])) {
                sc->lost[p] += cl->loss[p] > 0;
                sc->loss_ns[p] += cl->loss[p];
                sc->worst_pct[p] = fmax(sc->worst_pct[p], 100.0 * cl->loss[p] / oracle);
            }
    }
    for (size_t i = 1; i < sc->nb; i++) /* cells come sorted by batch within an item: nearly sorted */
        for (size_t k = i; k > 0 && sc->batches[k - 1] > sc->batches[k]; k--) {
            uint64_t t = sc->batches[k];
            sc->batches[k] = sc->batches[k - 1];
            sc->batches[k - 1] = t;
        }
}

/* The x extent of the cell at batch b on a log axis: halfway (geometrically) to its neighbours. */
static void cell_bounds(const shape_cells *sc, uint64_t b, double *lo, double *hi)
{
    size_t i = index_of(sc->batches, sc->nb, b);
    double x = (double)b;
    double prev = i > 0 ? (double)sc->batches[i - 1] : 0, next = i + 1 < sc->nb ? (double)sc->batches[i + 1] : 0;
    double rl = prev > 0 ? sqrt(x / prev) : next > 0 ? sqrt(next / x) : sqrt(2.0);
    double rh = next > 0 ? sqrt(next / x) : rl;
    *lo = x / rl;
    *hi = x * rh;
}

/* A duration to three significant digits ("74.8 µs"): a title's figure, not a column. */
static const char *duration3(char *buf, size_t len, double ns)
{
    double a = fabs(ns);
    const char *unit = a >= 1e9 ? "s" : a >= 1e6 ? "ms" : a >= 1e3 ? "µs" : "ns";
    double div = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
    snprintf(buf, len, "%.3g %s", ns / div, unit);
    return buf;
}

/* The panel's title: what it shows and, for a policy, how it fared in words that add up: the
 * cells it lost, the time they lost, and what share of the best total that is. */
static void decision_title(FILE *meta, const pk_plot_data *c, size_t s, int p, const shape_cells *sc)
{
    char l1[200], l2[200], shape[80], lost[32], pct[32], worst[32];
    if (c->nshapes > 1) { /* a first line names the shape */
        pk__plot_shape_label(shape, sizeof shape, &c->shapes[s]);
        pk_gnuplot_str(meta, shape);
        fputs(".\"\\n\".", meta);
    }
    if (p < 0) {
        snprintf(l1, sizeof l1, "measured best of standard and persistent");
        snprintf(l2, sizeof l2, "standard in %zu of %zu cells, persistent in %zu", sc->ncells - sc->persistent_best,
                 sc->ncells, sc->persistent_best);
    } else if (sc->lost[p] == 0) {
        snprintf(l1, sizeof l1, "%s policy: the best choice in all %zu cells", pk_cmp_policy_names[p], sc->ncells);
        snprintf(l2, sizeof l2, "no time lost");
    } else {
        snprintf(l1, sizeof l1, "%s policy: slower than the best in %zu of %zu cells", pk_cmp_policy_names[p],
                 sc->lost[p], sc->ncells);
        snprintf(l2, sizeof l2, "lost %s = %s of the best total (worst cell %s)",
                 duration3(lost, sizeof lost, sc->loss_ns[p]),
                 pk_report_pct(pct, sizeof pct, sc->oracle_ns > 0 ? 100.0 * sc->loss_ns[p] / sc->oracle_ns : NAN),
                 pk_report_pct(worst, sizeof worst, sc->worst_pct[p]));
    }
    pk_gnuplot_str(meta, l1);
    fputs(".\"\\n\".", meta);
    pk_gnuplot_str(meta, l2);
}

/* decision.dat: for shape s and panel q (the measured best, then each policy), blocks
 * 3*(s*ND + q) + {0 standard, 1 persistent, 2 lost}: batch item_index cell_lo cell_hi. */
int pk__plot_write_decision(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "decision.dat", err, errlen);
    if (rc)
        return rc;
    shape_cells *sc = malloc(sizeof *sc);
    if (!sc) {
        pk__plot_abort(&o);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    int panels[1 + PK_POL_COUNT], np = 0;
    panels[np++] = -1;
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (c->r->policy[p].available)
            panels[np++] = p;
    double xmin = INFINITY, xmax = 0;
    fprintf(meta, "ND = %d\nDROWS = %zu\nDNI = %zu\narray DNAME[%zu]\n", np, c->nshapes, c->nitems, np * c->nshapes);
    for (size_t s = 0; s < c->nshapes; s++) {
        shape_cells_fill(c, &c->shapes[s], sc);
        for (int pi = 0; pi < np; pi++) {
            int p = panels[pi];
            fprintf(meta, "DNAME[%zu] = ", s * (size_t)np + (size_t)pi + 1);
            decision_title(meta, c, s, p, sc);
            fputc('\n', meta);
            for (int kind = 0; kind < 3; kind++) {
                fprintf(o.f.fp, "# shape grid=%u block=%u, panel %s, %s: batch item_index cell_lo cell_hi\n",
                        c->shapes[s].grid, c->shapes[s].block, p < 0 ? "measured" : pk_cmp_policy_names[p],
                        kind == 0 ? "standard" : kind == 1 ? "persistent" : "lost against the measured best");
                size_t n = 0;
                for (size_t k = 0; k < c->r->ncells; k++) {
                    const pk_cmp_cell *cl = &c->r->cells[k];
                    if (!cell_in(cl, &c->shapes[s]))
                        continue;
                    int choice = p < 0 ? cl->best : cl->choice[p];
                    if (kind < 2 ? choice != kind : p < 0 || !(cl->loss[p] > 0))
                        continue;
                    if (index_of(sc->batches, sc->nb, cl->key.batch) == sc->nb ||
                        index_of(c->items, c->nitems, cl->key.item_ns) == c->nitems)
                        continue; /* not plotted */
                    double lo, hi;
                    cell_bounds(sc, cl->key.batch, &lo, &hi);
                    xmin = fmin(xmin, lo);
                    xmax = fmax(xmax, hi);
                    fprintf(o.f.fp, "%" PRIu64 " %zu %.9g %.9g\n", cl->key.batch,
                            index_of(c->items, c->nitems, cl->key.item_ns), lo, hi);
                    n++;
                }
                if (!n)
                    fprintf(o.f.fp, "NaN NaN NaN NaN\n");
                fprintf(o.f.fp, "\n\n");
            }
        }
    }
    free(sc);
    fprintf(meta, "DXMIN = %.9g\nDXMAX = %.9g\nDYTICS = '(", isfinite(xmin) ? xmin : 0.5, xmax > 0 ? xmax : 2.0);
    for (size_t i = 0; i < c->nitems; i++) {
        char t[32];
        pk_duration_format(t, sizeof t, (double)c->items[i], PK_DURATION_SHORT);
        fprintf(meta, "%s\"%s\" %zu", i ? ", " : "", t, i);
    }
    fprintf(meta, ")'\n");
    return pk__plot_close(&o, err, errlen);
}

/* The timeline's intervals (µs) with their lane ("strategy: actor") and activity kind, in
 * order of first appearance: at most TL_MAXR intervals, TL_MAXL lanes, TL_MAXK kinds. */
enum { TL_MAXR = 20000, TL_MAXL = 32, TL_MAXK = 16 };
typedef struct tl_ev {
    double a, b;
    int lane, kind;
} tl_ev;
typedef struct tl_lanes {
    tl_ev evs[TL_MAXR];
    size_t n;
    char lanes[TL_MAXL][96], kinds[TL_MAXK][48];
    int nl, nk;
    double end;
} tl_lanes;

static void tl_lanes_fill(tl_lanes *l, const pk_timeline *t)
{
    l->n = 0;
    l->nl = l->nk = 0;
    l->end = 0;
    for (size_t i = 0; i < t->n && l->n < TL_MAXR; i++) {
        const pk_timeline_row *r = &t->rows[i];
        char lane[96];
        snprintf(lane, sizeof lane, "%.40s: %.40s", pk_strategy_names[r->strategy], r->actor);
        int li = 0, ki = 0;
        while (li < l->nl && strcmp(l->lanes[li], lane) != 0)
            li++;
        if (li == l->nl && l->nl < TL_MAXL)
            snprintf(l->lanes[l->nl++], sizeof l->lanes[0], "%s", lane);
        while (ki < l->nk && strcmp(l->kinds[ki], r->what) != 0)
            ki++;
        if (ki == l->nk && l->nk < TL_MAXK)
            snprintf(l->kinds[l->nk++], sizeof l->kinds[0], "%.47s", r->what);
        if (li < l->nl && ki < l->nk) {
            l->evs[l->n++] = (tl_ev){r->start_ns / 1e3, r->end_ns / 1e3, li, ki};
            l->end = fmax(l->end, r->end_ns / 1e3);
        }
    }
}

/* The timeline's lanes and kinds, and its time unit (µs, or ms past 10 ms, so that tick labels
 * stay short), into meta. */
static void timeline_meta(FILE *meta, const tl_lanes *ls)
{
    fprintf(meta, "NK = %d\nNL = %d\narray KNAME[%d]\n", ls->nk, ls->nl, ls->nk);
    for (int k = 0; k < ls->nk; k++) {
        fprintf(meta, "KNAME[%d] = ", k + 1);
        pk_gnuplot_str(meta, ls->kinds[k]);
        fputc('\n', meta);
    }
    fprintf(meta, "TLDIV = %d\nTLUNIT = '%s'\n", ls->end > 1e4 ? 1000 : 1, ls->end > 1e4 ? "ms" : "µs");
    fprintf(meta, "TYTICS = '(");
    for (int l = 0; l < ls->nl; l++) {
        fprintf(meta, "%s", l ? ", " : "");
        fputc('"', meta);
        for (const char *s = ls->lanes[l]; *s; s++)
            if (*s != '"' && *s != '\'' && *s != '\\') /* a backslash would escape in gnuplot's string */
                fputc(*s, meta);
        fprintf(meta, "\" %d", l);
    }
    fprintf(meta, ")'\n");
}

/* timeline.dat: block per activity kind: start_us end_us lane. */
int pk__plot_write_timeline(const pk_timeline *t, const char *dir, FILE *meta, char *err, size_t errlen)
{
    tl_lanes *ls = malloc(sizeof *ls);
    if (!ls) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    tl_lanes_fill(ls, t);
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "timeline.dat", err, errlen);
    if (rc == PK_OK) {
        for (int k = 0; k < ls->nk; k++) {
            fprintf(o.f.fp, "# activity=%s: start_us end_us lane\n", ls->kinds[k]);
            for (size_t i = 0; i < ls->n; i++)
                if (ls->evs[i].kind == k)
                    fprintf(o.f.fp, "%.9g %.9g %d\n", ls->evs[i].a, ls->evs[i].b, ls->evs[i].lane);
            fprintf(o.f.fp, "\n\n");
        }
        timeline_meta(meta, ls);
        rc = pk__plot_close(&o, err, errlen);
    }
    free(ls);
    return rc;
}
