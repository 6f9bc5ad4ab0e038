/* What `pkbench plot` draws (shapes, item durations, panels), meta.gp, crossovers.csv and the
 * helpers every plot-data writer shares (see plot_data.h). */
#include "harness/plot_data.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/duration.h"
#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/gnuplot.h"

const char *const pk_plot_names[PK_PLOT_COUNT] = {"crossover", "speedup",      "savings",
                                                  "accuracy",  "decision-map", "timeline"};
const char *const pk_plot_data_names[PK_PLOT_DATA_COUNT] = {
    "meta.gp",      "crossovers.csv", "crossover-m.dat", "crossover-p.dat", "speedup.dat", "savings.dat",
    "accuracy.dat", "decision.dat",   "timeline.dat",    "timeline.csv",    "compare.dat", "compare-meta.gp"};

static const char *const colours[PK_STRAT_COUNT] = {"#1f77b4", "#7f7f7f", "#2ca02c", "#d62728", "#9467bd"};

const char *pk__plot_colour(int s) { return colours[s]; }

void pk__plot_num(FILE *f, double v) { fprintf(f, isfinite(v) ? " %.9g" : " NaN", v); }

void pk__plot_strvar(FILE *f, const char *name, const char *s)
{
    fprintf(f, "%s = ", name);
    pk_gnuplot_str(f, s);
    fputc('\n', f);
}

int pk__plot_open(pk__plot_out *o, const char *dir, const char *name, char *err, size_t errlen)
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

int pk__plot_close(pk__plot_out *o, char *err, size_t errlen)
{
    o->open = 0;
    if (pk_afile_commit(&o->f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", o->f.path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

void pk__plot_abort(pk__plot_out *o)
{
    if (o->open)
        pk_afile_abort(&o->f);
    o->open = 0;
}

const pk_row *pk__plot_row(const pk_plot_data *c, const pk_plot_panel *p, pk_strategy s, uint64_t batch, int pred)
{
    const pk_plot_shape *sh = &c->shapes[p->shape];
    pk_point key = {s, p->item_ns, batch, sh->grid, sh->block};
    if (!pred)
        return pk_table_find(c->meas, &key);
    return c->pred ? pk_cmp_find_pred(c->pred, &key) : NULL;
}

const pk_cmp_cross *pk__plot_cross(const pk_plot_data *c, const pk_plot_panel *p)
{
    const pk_plot_shape *sh = &c->shapes[p->shape];
    for (size_t i = 0; i < c->r->ncross; i++) {
        const pk_cmp_cross *x = &c->r->cross[i];
        if (x->item_ns == p->item_ns && x->grid == sh->grid && x->block == sh->block && x->nbatch > 0)
            return x;
    }
    return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Appends x to v (n entries, at most cap) unless it is there. */
static void add_unique(uint64_t *v, size_t *n, size_t cap, uint64_t x)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == x)
            return;
    if (*n < cap)
        v[(*n)++] = x;
}

/* The smallest PK_PLOT_MAX_AXIS distinct item durations (which 0) or batches (1) of meas into v
 * (*n of them), ascending; returns how many there are in all. */
static size_t smallest_distinct(const pk_table *meas, int which, uint64_t *v, size_t *n)
{
    uint64_t *all = malloc((meas->n ? meas->n : 1) * sizeof *all);
    size_t m = 0, total = 0;
    *n = 0;
    if (!all) { /* out of memory: the first ones met, as many as fit */
        for (size_t i = 0; i < meas->n; i++)
            add_unique(v, n, PK_PLOT_MAX_AXIS, which ? meas->rows[i].key.batch : meas->rows[i].key.item_ns);
        qsort(v, *n, sizeof *v, cmp_u64);
        return *n;
    }
    for (size_t i = 0; i < meas->n; i++)
        all[m++] = which ? meas->rows[i].key.batch : meas->rows[i].key.item_ns;
    qsort(all, m, sizeof *all, cmp_u64);
    for (size_t i = 0; i < m; i++)
        if (i == 0 || all[i] != all[i - 1]) {
            if (*n < PK_PLOT_MAX_AXIS)
                v[(*n)++] = all[i];
            total++;
        }
    free(all);
    return total;
}

static void init_shapes(pk_plot_data *c)
{
    for (size_t i = 0; i < c->meas->n; i++) {
        const pk_point *k = &c->meas->rows[i].key;
        int seen = 0;
        for (size_t s = 0; s < c->nshapes && !seen; s++)
            seen = c->shapes[s].grid == k->grid && c->shapes[s].block == k->block;
        if (seen)
            continue;
        /* Shapes beyond the cap are counted once each: compare with the earlier rows. */
        for (size_t j = 0; j < i && !seen; j++)
            seen = c->meas->rows[j].key.grid == k->grid && c->meas->rows[j].key.block == k->block;
        if (seen)
            continue;
        c->shapes_total++;
        if (c->nshapes < PK_PLOT_MAX_SHAPES)
            c->shapes[c->nshapes++] = (pk_plot_shape){k->grid, k->block};
    }
}

/* The panels: every (shape, item duration) with a measured row, shape-major. */
static void init_panels(pk_plot_data *c)
{
    for (size_t s = 0; s < c->nshapes; s++)
        for (size_t i = 0; i < c->nitems; i++) {
            int has = 0;
            for (size_t k = 0; k < c->meas->n && !has; k++) {
                const pk_point *key = &c->meas->rows[k].key;
                has = key->item_ns == c->items[i] && key->grid == c->shapes[s].grid &&
                      key->block == c->shapes[s].block;
            }
            if (!has)
                continue;
            c->panels_total++;
            if (c->npanels < PK_PLOT_MAX_PANELS)
                c->panels[c->npanels++] = (pk_plot_panel){s, c->items[i]};
        }
}

void pk_plot_data_init(pk_plot_data *c, const pk_table *meas, const pk_table *pred, const pk_cmp_result *r)
{
    memset(c, 0, sizeof *c);
    c->meas = meas;
    c->pred = pred;
    c->r = r;
    init_shapes(c);
    c->items_total = smallest_distinct(meas, 0, c->items, &c->nitems);
    c->batches_total = smallest_distinct(meas, 1, c->batches, &c->nbatches);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t i = 0; i < meas->n; i++)
            if (meas->rows[i].key.strategy == (pk_strategy)s) {
                c->strat[c->nstrat++] = s;
                break;
            }
    init_panels(c);
}

int pk_plot_data_has(const pk_plot_data *c, int p, int have_timeline, const char **why)
{
    static const char *const reasons[PK_PLOT_COUNT] = {
        "",
        "no batch has standard and another strategy measured",
        "no batch has both standard and persistent measured",
        "no prediction (give --predicted or --params, or put predicted.csv or params.json in DIR)",
        "no batch has both standard and persistent measured",
        "no timeline (give --timeline or --params, or put timeline.csv or params.json in DIR)"};
    int speedup = 0;
    for (size_t i = 0; i < c->r->npts && !speedup; i++)
        speedup = c->r->pts[i].key.strategy != PK_STRAT_STANDARD && isfinite(c->r->pts[i].m_save);
    const int has[PK_PLOT_COUNT] = {1, speedup, c->r->ncells > 0, c->r->matched > 0, c->r->ncells > 0, have_timeline};
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

void pk__plot_shape_label(char *buf, size_t len, const pk_plot_shape *s)
{
    char g[24] = "default grid", b[24] = "default block";
    if (s->grid)
        snprintf(g, sizeof g, "grid %u", s->grid);
    if (s->block)
        snprintf(b, sizeof b, "block %u", s->block);
    snprintf(buf, len, "%s × %s", g, b);
}

/* A crossover for the plots: the batch, 0 when the strategy never wins for good, -1 when not
 * known (no prediction, no params, no cell). */
static long long cross_value(const pk_cmp_cross *x, int have, size_t idx, uint64_t batch)
{
    if (!x || !have)
        return -1;
    return idx < x->nbatch ? (long long)batch : 0;
}

static void cross_values(const pk_cmp_cross *x, long long v[4])
{
    v[0] = cross_value(x, 1, x ? x->idx_measured : 0, x ? x->measured : 0);
    v[1] = cross_value(x, x && x->have_predicted, x ? x->idx_predicted : 0, x ? x->predicted : 0);
    v[2] = cross_value(x, x && x->have_policy[PK_POL_SEED], x ? x->idx_policy[PK_POL_SEED] : 0,
                       x ? x->policy[PK_POL_SEED] : 0);
    v[3] = cross_value(x, x && x->have_policy[PK_POL_OVERLAP], x ? x->idx_policy[PK_POL_OVERLAP] : 0,
                       x ? x->policy[PK_POL_OVERLAP] : 0);
}

/* A crossover batch of summary.json: an integer, or 0 for null (never). -1 when neither. */
static long long json_batch(const json_t *v)
{
    return json_is_integer(v) ? (long long)json_integer_value(v) : json_is_null(v) ? 0 : -1;
}

int pk_plot_data_paired(const char *path, pk_cmp_result *r, char *err, size_t errlen)
{
    FILE *fp;
    if (pk_input_open(path, &fp, err, errlen) != PK_OK)
        return -1;
    json_error_t je;
    json_t *j = json_loadf(fp, 0, &je);
    if (!j)
        pk_json_failure(err, errlen, path, fp, je.line, je.position, je.text);
    fclose(fp);
    if (!j)
        return -1;
    const char *kind = json_string_value(json_object_get(j, "kind"));
    json_t *xs = json_object_get(j, "crossovers"), *np = json_object_get(j, "points_measured");
    int taken = 0;
    if (!kind || strcmp(kind, "pkbench-compare") != 0 || !json_is_array(xs)) {
        snprintf(err, errlen, "%s: not compare's summary of measured points (no crossovers)", path);
        taken = -1;
    } else if (json_is_integer(np) && (size_t)json_integer_value(np) == r->npts) { /* else other points' */
        for (size_t i = 0; i < json_array_size(xs); i++) {
            const json_t *o = json_array_get(xs, i), *pv = json_object_get(o, "measured_paired");
            long long checked = json_integer_value(json_object_get(o, "paired_checked"));
            long long item = json_integer_value(json_object_get(o, "item_ns"));
            long long grid = json_integer_value(json_object_get(o, "grid"));
            long long block = json_integer_value(json_object_get(o, "block"));
            long long m = json_batch(json_object_get(o, "measured")), paired = json_batch(pv);
            for (size_t c = 0; pv && checked > 0 && paired >= 0 && c < r->ncross; c++) {
                pk_cmp_cross *x = &r->cross[c];
                long long mine = x->idx_measured < x->nbatch ? (long long)x->measured : 0;
                if ((long long)x->item_ns == item && x->grid == grid && x->block == block && mine == m) {
                    x->paired_checked = (size_t)checked;
                    x->measured_paired = (uint64_t)paired;
                    taken++;
                }
            }
        }
    }
    json_decref(j);
    return taken;
}

/* The variables every script uses: device, shapes, panels and their titles and crossovers,
 * strategies, axis range, seed figures. */
static void write_meta_head(const pk_plot_data *c, FILE *mf, const char *device, const char *tl_note)
{
    char title[520], shape[80];
    fprintf(mf, "# Variables for the pkbench plot scripts, written by 'pkbench plot'.\n");
    pk__plot_strvar(mf, "DEVICE", device);
    pk__plot_shape_label(shape, sizeof shape, &c->shapes[0]);
    if (c->nshapes > 1)
        snprintf(shape, sizeof shape, "%zu grid × block shapes, a row of panels each", c->nshapes);
    snprintf(title, sizeof title, "%s%s%.300s", shape,
             pk_cmp_is_cpu_analogue(c->meas) ? " (host backend: a CPU analogue, not GPU figures)" : "",
             c->shape_note ? c->shape_note : "");
    pk__plot_strvar(mf, "SHAPE", title);
    /* Panel plots: one panel per (shape, item duration), then the legend's: three columns for
     * one shape; else a row per shape, the legend at the end of the last, PSKIP[p] empty slots
     * after panel p to end a shorter row. */
    size_t per_shape[PK_PLOT_MAX_SHAPES] = {0}, cols = 0, rows;
    for (size_t p = 0; p < c->npanels; p++)
        per_shape[c->panels[p].shape]++;
    for (size_t s = 0; s < c->nshapes; s++)
        cols = per_shape[s] + 1 > cols ? per_shape[s] + 1 : cols;
    if (c->nshapes == 1)
        cols = c->npanels + 1 < 3 ? c->npanels + 1 : 3;
    rows = c->nshapes > 1 ? c->nshapes : (c->npanels + cols) / cols;
    fprintf(mf, "NP = %zu\nPCOLS = %zu\nPROWS = %zu\nNSHAPES = %zu\n", c->npanels, cols, rows, c->nshapes);
    fprintf(mf, "array PTITLE[%zu]\narray PSKIP[%zu]\narray XM[%zu]\narray XP[%zu]\narray XS[%zu]\narray XMP[%zu]\n",
            c->npanels, c->npanels, c->npanels, c->npanels, c->npanels, c->npanels);
    for (size_t p = 0; p < c->npanels; p++) {
        int row_end = c->nshapes > 1 && p + 1 < c->npanels && c->panels[p + 1].shape != c->panels[p].shape;
        fprintf(mf, "PSKIP[%zu] = %zu; ", p + 1, row_end ? cols - per_shape[c->panels[p].shape] : 0);
        char t[200], d[32];
        pk_duration_format(d, sizeof d, (double)c->panels[p].item_ns, PK_DURATION_SHORT);
        pk__plot_shape_label(shape, sizeof shape, &c->shapes[c->panels[p].shape]);
        if (c->nshapes > 1)
            snprintf(t, sizeof t, "item duration %s, %s", d, shape);
        else
            snprintf(t, sizeof t, "item duration %s", d);
        fprintf(mf, "PTITLE[%zu] = ", p + 1);
        pk_gnuplot_str(mf, t);
        long long v[4];
        const pk_cmp_cross *x = pk__plot_cross(c, &c->panels[p]);
        cross_values(x, v);
        /* The paired check's measured crossover where it differs from the medians' (else -1). */
        long long paired = x && x->paired_checked ? (long long)x->measured_paired : -1;
        fprintf(mf, "; XM[%zu] = %lld; XP[%zu] = %lld; XS[%zu] = %lld; XMP[%zu] = %lld\n", p + 1, v[0], p + 1, v[1],
                p + 1, v[2], p + 1, paired != v[0] ? paired : -1);
    }
    fprintf(mf, "NS = %zu\narray SNAME[%zu]\narray SCOL[%zu]\n", c->nstrat, c->nstrat, c->nstrat);
    for (size_t s = 0; s < c->nstrat; s++)
        fprintf(mf, "SNAME[%zu] = '%s'; SCOL[%zu] = '%s'\n", s + 1, pk_strategy_names[c->strat[s]], s + 1,
                colours[c->strat[s]]);
    if (c->nbatches)
        fprintf(mf, "XMIN = %.6g\nXMAX = %.6g\n", (double)c->batches[0] / 1.4,
                (double)c->batches[c->nbatches - 1] * 1.4);
    fprintf(mf, "HAVESEED = %d\n", c->r->have_params);
    if (c->r->have_params)
        fprintf(mf, "SEEDH = %" PRIu64 "\nSEEDS = %" PRIu64 "\n", c->r->seed_h, c->r->seed_s);
    pk__plot_strvar(mf, "TLNOTE", tl_note && tl_note[0] ? tl_note : "from the given timeline CSV");
}

/* crossovers.csv: the crossover batch sizes of every shape and item duration, as numbers. */
static int write_crossovers(const pk_plot_data *c, const char *dir, char *err, size_t errlen)
{
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "crossovers.csv", err, errlen);
    if (rc)
        return rc;
    fprintf(o.f.fp, "# pkbench plot: the smallest batch from which persistent beats standard at every larger "
                    "batch; 'never' when it does not win for good; empty when unknown\n"
                    "grid,block,item_ns,measured,simulated,seed,overlap\n");
    for (size_t p = 0; p < c->npanels; p++) {
        const pk_plot_shape *sh = &c->shapes[c->panels[p].shape];
        const pk_cmp_cross *x = pk__plot_cross(c, &c->panels[p]);
        if (!x)
            continue;
        long long v[4];
        cross_values(x, v);
        fprintf(o.f.fp, "%u,%u,%" PRIu64, sh->grid, sh->block, c->panels[p].item_ns);
        for (int k = 0; k < 4; k++) {
            if (v[k] > 0)
                fprintf(o.f.fp, ",%lld", v[k]);
            else
                fprintf(o.f.fp, ",%s", v[k] == 0 ? "never" : "");
        }
        fputc('\n', o.f.fp);
    }
    return pk__plot_close(&o, err, errlen);
}

int pk_plot_data_write(const pk_plot_data *c, const char *dir, const char *device, const pk_timeline *tl,
                       const char *tl_note, char *err, size_t errlen)
{
    pk__plot_out meta = {0};
    int rc = pk__plot_open(&meta, dir, "meta.gp", err, errlen);
    if (rc != PK_OK)
        return rc;
    FILE *mf = meta.f.fp;
    const char *why;
    write_meta_head(c, mf, device, tl_note);
    rc = pk__plot_write_crossover(c, dir, mf, err, errlen);
    if (rc == PK_OK)
        rc = write_crossovers(c, dir, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_SPEEDUP, tl != NULL, &why))
        rc = pk__plot_write_speedup(c, dir, mf, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_SAVINGS, tl != NULL, &why))
        rc = pk__plot_write_savings(c, dir, mf, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_ACCURACY, tl != NULL, &why))
        rc = pk__plot_write_accuracy(c, dir, mf, err, errlen);
    if (rc == PK_OK && pk_plot_data_has(c, PK_PLOT_DECISION_MAP, tl != NULL, &why))
        rc = pk__plot_write_decision(c, dir, mf, err, errlen);
    if (rc == PK_OK && tl)
        rc = pk__plot_write_timeline(tl, dir, mf, err, errlen);
    if (rc != PK_OK) {
        pk__plot_abort(&meta);
        return rc;
    }
    return pk__plot_close(&meta, err, errlen);
}
