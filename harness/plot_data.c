/* The data files and variables of the plot scripts (see plot_data.h). */
#include "harness/plot_data.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/gnuplot.h"
#include "harness/timeline.h"

const char *const pk_plot_names[PK_PLOT_COUNT] = {"crossover", "savings", "accuracy", "decision-map", "timeline"};

static void gp_strvar(FILE *f, const char *name, const char *s)
{
    fprintf(f, "%s = ", name);
    pk_gnuplot_str(f, s);
    fputc('\n', f);
}

static void num(FILE *f, double v) { fprintf(f, isfinite(v) ? " %.9g" : " NaN", v); }

static const char *const colours[PK_STRAT_COUNT] = {"#1f77b4", "#7f7f7f", "#2ca02c", "#d62728", "#9467bd"};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void add_unique(uint64_t *v, size_t *n, size_t cap, uint64_t x)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == x)
            return;
    if (*n < cap)
        v[(*n)++] = x;
}

static int same_shape(const pk_plot_data *c, const pk_row *r)
{
    return r->key.grid == c->grid && r->key.block == c->block;
}

static size_t rows_sorted(const pk_table *t, const pk_plot_data *c, pk_strategy s, uint64_t item, int pred,
                          const pk_row **out, size_t cap)
{
    size_t n = 0;
    if (!t)
        return 0;
    for (size_t i = 0; i < t->n && n < cap; i++) {
        const pk_row *r = &t->rows[i];
        if (r->key.strategy != s || r->key.item_ns != item || !isfinite(r->wall_ns))
            continue;
        if (pred ? !(pk_cmp_shape_matches(r->key.grid, c->grid) && pk_cmp_shape_matches(r->key.block, c->block))
                 : !same_shape(c, r))
            continue;
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= out[k]->key.batch == r->key.batch;
        if (!dup)
            out[n++] = r;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && out[k - 1]->key.batch > out[k]->key.batch; k--) {
            const pk_row *tmp = out[k];
            out[k] = out[k - 1];
            out[k - 1] = tmp;
        }
    return n;
}

typedef struct outfile {
    pk_afile f;
    int open;
} outfile;

static int open_data(outfile *o, const char *dir, const char *name, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    if (pk_path_join(path, sizeof path, dir, name, err, errlen) != PK_OK)
        return PK_ERANGE;
    if (pk_afile_open(&o->f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    o->open = 1;
    return PK_OK;
}

static int close_data(outfile *o, char *err, size_t errlen)
{
    o->open = 0;
    if (pk_afile_commit(&o->f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", o->f.path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

static const pk_cmp_cross *find_cross(const pk_plot_data *c, uint64_t item)
{
    for (size_t i = 0; i < c->r->ncross; i++)
        if (c->r->cross[i].item_ns == item && c->r->cross[i].grid == c->grid && c->r->cross[i].block == c->block)
            return &c->r->cross[i];
    return NULL;
}

/* crossover-m.dat / crossover-p.dat: block (panel*NS + s): batch, median, p25, p75 (µs). */
static int write_crossover(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile m = {0}, p = {0};
    const pk_row *rows[256];
    int rc;
    if ((rc = open_data(&m, dir, "crossover-m.dat", err, errlen)) ||
        (rc = open_data(&p, dir, "crossover-p.dat", err, errlen))) {
        if (m.open)
            pk_afile_abort(&m.f);
        return rc;
    }
    int have_pred = 0;
    for (size_t i = 0; i < c->nitems; i++)
        for (size_t s = 0; s < c->nstrat; s++) {
            size_t n = rows_sorted(c->meas, c, (pk_strategy)c->strat[s], c->items[i], 0, rows, 256);
            fprintf(m.f.fp, "# item_ns=%" PRIu64 " strategy=%s: batch median_us p25_us p75_us\n", c->items[i],
                    pk_strategy_names[c->strat[s]]);
            for (size_t k = 0; k < n; k++) {
                double med = rows[k]->wall_ns / 1e3;
                double lo = isfinite(rows[k]->wall_ns_p25) ? rows[k]->wall_ns_p25 / 1e3 : med;
                double hi = isfinite(rows[k]->wall_ns_p75) ? rows[k]->wall_ns_p75 / 1e3 : med;
                fprintf(m.f.fp, "%" PRIu64, rows[k]->key.batch);
                num(m.f.fp, med), num(m.f.fp, lo), num(m.f.fp, hi);
                fputc('\n', m.f.fp);
            }
            if (!n)
                fprintf(m.f.fp, "NaN NaN NaN NaN\n");
            fprintf(m.f.fp, "\n\n");
            n = rows_sorted(c->pred, c, (pk_strategy)c->strat[s], c->items[i], 1, rows, 256);
            have_pred |= n > 0;
            fprintf(p.f.fp, "# item_ns=%" PRIu64 " strategy=%s: batch predicted_us\n", c->items[i],
                    pk_strategy_names[c->strat[s]]);
            for (size_t k = 0; k < n; k++) {
                fprintf(p.f.fp, "%" PRIu64, rows[k]->key.batch);
                num(p.f.fp, rows[k]->wall_ns / 1e3);
                fputc('\n', p.f.fp);
            }
            if (!n)
                fprintf(p.f.fp, "NaN NaN\n");
            fprintf(p.f.fp, "\n\n");
        }
    fprintf(meta, "HAVEPRED = %d\nHAVESEED = %d\n", have_pred, c->r->have_params);
    fprintf(meta, "array XM[%zu]\narray XP[%zu]\narray XS[%zu]\n", c->nitems, c->nitems, c->nitems);
    for (size_t i = 0; i < c->nitems; i++) {
        const pk_cmp_cross *x = find_cross(c, c->items[i]);
        fprintf(meta, "XM[%zu] = %" PRIu64 "; XP[%zu] = %" PRIu64 "; XS[%zu] = %" PRIu64 "\n", i + 1,
                x && x->idx_measured < x->nbatch ? x->measured : 0, i + 1,
                x && x->have_predicted && x->idx_predicted < x->nbatch ? x->predicted : 0, i + 1,
                x && x->have_policy[PK_POL_SEED] && x->idx_policy[PK_POL_SEED] < x->nbatch ? x->policy[PK_POL_SEED] : 0);
    }
    if ((rc = close_data(&m, err, errlen)) != PK_OK) {
        pk_afile_abort(&p.f);
        return rc;
    }
    return close_data(&p, err, errlen);
}

/* savings.dat: block per panel: batch, measured, seed, simulator savings of persistent (µs). */
static int write_savings(const pk_plot_data *c, const char *dir, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "savings.dat", err, errlen);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->nitems; i++) {
        fprintf(o.f.fp, "# item_ns=%" PRIu64 ": batch measured_us seed_us simulator_us\n", c->items[i]);
        size_t n = 0;
        for (size_t k = 0; k < c->r->ncells; k++) {
            const pk_cmp_cell *cl = &c->r->cells[k];
            if (cl->key.item_ns != c->items[i] || cl->key.grid != c->grid || cl->key.block != c->block)
                continue;
            fprintf(o.f.fp, "%" PRIu64, cl->key.batch);
            num(o.f.fp, (cl->m_std - cl->m_pers) / 1e3);
            num(o.f.fp, c->r->have_params ? pk_cmp_seed_savings(cl->key.batch, c->r->seed_h, c->r->seed_s) / 1e3 : NAN);
            num(o.f.fp, (cl->p_std - cl->p_pers) / 1e3);
            fputc('\n', o.f.fp);
            n++;
        }
        if (!n)
            fprintf(o.f.fp, "NaN NaN NaN NaN\n");
        fprintf(o.f.fp, "\n\n");
    }
    return close_data(&o, err, errlen);
}

/* accuracy.dat: block per strategy with joined points: measured_us predicted_us. */
static int write_accuracy(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "accuracy.dat", err, errlen);
    if (rc)
        return rc;
    int blocks[PK_STRAT_COUNT], nb = 0;
    double lo = INFINITY, hi = 0;
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        if (!c->r->per_strategy[s].n)
            continue;
        fprintf(o.f.fp, "# strategy=%s: measured_us predicted_us\n", pk_strategy_names[s]);
        for (size_t i = 0; i < c->r->npts; i++) {
            const pk_cmp_point *p = &c->r->pts[i];
            if ((int)p->key.strategy != s || !isfinite(p->p_ns))
                continue;
            fprintf(o.f.fp, "%.9g %.9g\n", p->m_ns / 1e3, p->p_ns / 1e3);
            lo = fmin(lo, fmin(p->m_ns, p->p_ns) / 1e3);
            hi = fmax(hi, fmax(p->m_ns, p->p_ns) / 1e3);
        }
        fprintf(o.f.fp, "\n\n");
        blocks[nb++] = s;
    }
    fprintf(meta, "NA = %d\n", nb);
    if (nb) {
        fprintf(meta, "array ANAME[%d]\narray ACOL[%d]\n", nb, nb);
        for (int b = 0; b < nb; b++) {
            char t[128];
            snprintf(t, sizeof t, "%s (MAPE %.1f%%)", pk_strategy_names[blocks[b]],
                     c->r->per_strategy[blocks[b]].mape_pct);
            fprintf(meta, "ANAME[%d] = ", b + 1);
            pk_gnuplot_str(meta, t);
            fprintf(meta, "; ACOL[%d] = '%s'\n", b + 1, colours[blocks[b]]);
        }
        fprintf(meta, "ALO = %.9g\nAHI = %.9g\n", lo / 1.5, hi * 1.5);
    }
    return close_data(&o, err, errlen);
}

static size_t index_of(const uint64_t *v, size_t n, uint64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

/* decision.dat: per panel p, blocks 3p (standard cells), 3p+1 (persistent), 3p+2 (lost). */
static int write_decision(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "decision.dat", err, errlen);
    if (rc)
        return rc;
    uint64_t items[64], batches[64];
    size_t ni = 0, nb = 0;
    for (size_t k = 0; k < c->r->ncells; k++)
        if (c->r->cells[k].key.grid == c->grid && c->r->cells[k].key.block == c->block) {
            add_unique(items, &ni, 64, c->r->cells[k].key.item_ns);
            add_unique(batches, &nb, 64, c->r->cells[k].key.batch);
        }
    qsort(items, ni, sizeof items[0], cmp_u64);
    qsort(batches, nb, sizeof batches[0], cmp_u64);
    int panels[1 + PK_POL_COUNT], np = 0;
    panels[np++] = -1;
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (c->r->policy[p].available)
            panels[np++] = p;
    for (int pi = 0; pi < np; pi++) {
        int p = panels[pi];
        for (int kind = 0; kind < 3; kind++) {
            fprintf(o.f.fp, "# panel %s, %s: batch_index item_index\n", p < 0 ? "measured" : pk_cmp_policy_names[p],
                    kind == 0 ? "standard" : kind == 1 ? "persistent" : "lost against the measured best");
            size_t n = 0;
            for (size_t k = 0; k < c->r->ncells; k++) {
                const pk_cmp_cell *cl = &c->r->cells[k];
                if (cl->key.grid != c->grid || cl->key.block != c->block)
                    continue;
                int choice = p < 0 ? cl->best : cl->choice[p];
                int show = kind < 2 ? choice == kind : p >= 0 && cl->loss[p] > 0;
                if (!show)
                    continue;
                fprintf(o.f.fp, "%zu %zu\n", index_of(batches, nb, cl->key.batch),
                        index_of(items, ni, cl->key.item_ns));
                n++;
            }
            if (!n)
                fprintf(o.f.fp, "NaN NaN\n");
            fprintf(o.f.fp, "\n\n");
        }
    }
    fprintf(meta, "ND = %d\nDNB = %zu\nDNI = %zu\narray DNAME[%d]\n", np, nb, ni, np);
    for (int pi = 0; pi < np; pi++) {
        char t[160];
        int p = panels[pi];
        if (p < 0)
            snprintf(t, sizeof t, "measured best of standard and persistent");
        else
            snprintf(t, sizeof t, "%s policy: %zu cells lost, regret %.2f%%", pk_cmp_policy_names[p],
                     c->r->policy[p].losing_cells, c->r->policy[p].regret_pct);
        fprintf(meta, "DNAME[%d] = ", pi + 1);
        pk_gnuplot_str(meta, t);
        fputc('\n', meta);
    }
    fprintf(meta, "DXTICS = '(");
    for (size_t i = 0; i < nb; i++)
        fprintf(meta, "%s\"%" PRIu64 "\" %zu", i ? ", " : "", batches[i], i);
    fprintf(meta, ")'\nDYTICS = '(");
    for (size_t i = 0; i < ni; i++) {
        char t[32];
        pk_duration_format(t, sizeof t, (double)items[i], PK_DURATION_SHORT);
        fprintf(meta, "%s\"%s\" %zu", i ? ", " : "", t, i);
    }
    fprintf(meta, ")'\n");
    return close_data(&o, err, errlen);
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
} tl_lanes;

static void tl_lanes_fill(tl_lanes *l, const pk_timeline *t)
{
    l->n = 0;
    l->nl = l->nk = 0;
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
        if (li < l->nl && ki < l->nk)
            l->evs[l->n++] = (tl_ev){r->start_ns / 1e3, r->end_ns / 1e3, li, ki};
    }
}

/* timeline.dat: block per activity kind: start_us end_us lane; the kind names and lane tics go
 * into meta. Returns 0, PK_ENOMEM or PK_EIO (reason in err). */
static int write_timeline(const pk_timeline *t, const char *dir, FILE *meta, char *err, size_t errlen)
{
    tl_lanes *ls = malloc(sizeof *ls);
    if (!ls) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    tl_lanes_fill(ls, t);
    const tl_ev *evs = ls->evs;
    char(*lanes)[96] = ls->lanes, (*kinds)[48] = ls->kinds;
    int nl = ls->nl, nk = ls->nk;
    size_t n = ls->n;
    outfile o = {0};
    int rc = open_data(&o, dir, "timeline.dat", err, errlen);
    if (rc == PK_OK) {
        for (int k = 0; k < nk; k++) {
            fprintf(o.f.fp, "# activity=%s: start_us end_us lane\n", kinds[k]);
            for (size_t i = 0; i < n; i++)
                if (evs[i].kind == k)
                    fprintf(o.f.fp, "%.9g %.9g %d\n", evs[i].a, evs[i].b, evs[i].lane);
            fprintf(o.f.fp, "\n\n");
        }
        fprintf(meta, "NK = %d\nNL = %d\narray KNAME[%d]\n", nk, nl, nk);
        for (int k = 0; k < nk; k++) {
            fprintf(meta, "KNAME[%d] = ", k + 1);
            pk_gnuplot_str(meta, kinds[k]);
            fputc('\n', meta);
        }
        fprintf(meta, "TYTICS = '(");
        for (int l = 0; l < nl; l++) {
            fprintf(meta, "%s", l ? ", " : "");
            fputc('"', meta);
            for (const char *s = lanes[l]; *s; s++)
                if (*s != '"' && *s != '\'')
                    fputc(*s, meta);
            fprintf(meta, "\" %d", l);
        }
        fprintf(meta, ")'\n");
        rc = close_data(&o, err, errlen);
    }
    free(ls);
    return rc;
}

void pk_plot_data_init(pk_plot_data *c, const pk_table *meas, const pk_table *pred, const pk_cmp_result *r)
{
    memset(c, 0, sizeof *c);
    c->meas = meas;
    c->pred = pred;
    c->r = r;
    c->grid = meas->rows[0].key.grid;
    c->block = meas->rows[0].key.block;
    for (size_t i = 0; i < meas->n; i++)
        if (same_shape(c, &meas->rows[i])) {
            add_unique(c->items, &c->nitems, 64, meas->rows[i].key.item_ns);
            add_unique(c->batches, &c->nbatches, 64, meas->rows[i].key.batch);
        }
    qsort(c->items, c->nitems, sizeof c->items[0], cmp_u64);
    qsort(c->batches, c->nbatches, sizeof c->batches[0], cmp_u64);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t i = 0; i < meas->n; i++)
            if (meas->rows[i].key.strategy == (pk_strategy)s) {
                c->strat[c->nstrat++] = s;
                break;
            }
}

int pk_plot_data_has(const pk_plot_data *c, int p, int have_timeline, const char **why)
{
    static const char *const reasons[PK_PLOT_COUNT] = {
        "", "no batch has both standard and persistent measured",
        "no prediction (give --predicted or --params, or put predicted.csv or params.json in DIR)",
        "no batch has both standard and persistent measured",
        "no timeline (give --timeline or --params, or put timeline.csv or params.json in DIR)"};
    const int has[PK_PLOT_COUNT] = {1, c->r->ncells > 0, c->r->matched > 0, c->r->ncells > 0, have_timeline};
    *why = reasons[p];
    return has[p];
}

uint64_t pk_plot_data_timeline_item(const pk_plot_data *c)
{
    uint64_t d = 0;
    for (size_t i = 0; i < c->nitems && !d; i++)
        d = c->items[i];
    return d;
}

/* The variables every script uses: device, shape, panels, strategies, axis range, seed figures. */
static void write_meta_head(const pk_plot_data *c, FILE *mf, const char *device, const char *tl_note)
{
    char title[400];
    fprintf(mf, "# Variables for the pkbench plot scripts, written by 'pkbench plot'.\n");
    gp_strvar(mf, "DEVICE", device);
    snprintf(title, sizeof title, "grid %u × block %u%s", c->grid, c->block,
             pk_cmp_is_cpu_analogue(c->meas) ? " (host backend: a CPU analogue, not GPU figures)" : "");
    gp_strvar(mf, "SHAPE", title);
    fprintf(mf, "NP = %zu\nNS = %zu\narray ITEM[%zu]\narray SNAME[%zu]\narray SCOL[%zu]\n", c->nitems, c->nstrat,
            c->nitems, c->nstrat, c->nstrat);
    for (size_t i = 0; i < c->nitems; i++) {
        char t[32];
        fprintf(mf, "ITEM[%zu] = '%s'\n", i + 1,
                pk_duration_format(t, sizeof t, (double)c->items[i], PK_DURATION_SHORT));
    }
    for (size_t s = 0; s < c->nstrat; s++)
        fprintf(mf, "SNAME[%zu] = '%s'; SCOL[%zu] = '%s'\n", s + 1, pk_strategy_names[c->strat[s]], s + 1,
                colours[c->strat[s]]);
    if (c->nbatches)
        fprintf(mf, "XMIN = %.6g\nXMAX = %.6g\n", (double)c->batches[0] / 1.4,
                (double)c->batches[c->nbatches - 1] * 1.4);
    if (c->r->have_params)
        fprintf(mf, "SEEDH = %" PRIu64 "\nSEEDS = %" PRIu64 "\n", c->r->seed_h, c->r->seed_s);
    gp_strvar(mf, "TLNOTE", tl_note && tl_note[0] ? tl_note : "from the given timeline CSV");
}

int pk_plot_data_write(const pk_plot_data *c, const char *dir, const char *device, const pk_timeline *tl,
                       const char *tl_note, char *err, size_t errlen)
{
    outfile meta = {0};
    int rc = open_data(&meta, dir, "meta.gp", err, errlen);
    if (rc != PK_OK)
        return rc;
    FILE *mf = meta.f.fp;
    const char *why;
    write_meta_head(c, mf, device, tl_note);
    rc = write_crossover(c, dir, mf, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_SAVINGS, tl != NULL, &why))
        rc = write_savings(c, dir, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_ACCURACY, tl != NULL, &why))
        rc = write_accuracy(c, dir, mf, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_DECISION_MAP, tl != NULL, &why))
        rc = write_decision(c, dir, mf, err, errlen);
    if (rc == PK_OK && tl)
        rc = write_timeline(tl, dir, mf, err, errlen);
    if (rc != PK_OK) {
        pk_afile_abort(&meta.f);
        return rc;
    }
    return close_data(&meta, err, errlen);
}
