/* The paired check of a crossover (see paired.h). */
#include "harness/paired.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/infile.h"
#include "common/status.h"
#include "harness/compare.h"
#include "harness/grid.h"
#include "harness/hoststate.h"
#include "harness/predict.h"
#include "harness/sweep.h"

static int iqr_overlap(const pk_row *a, const pk_row *b)
{
    if (!isfinite(a->wall_ns_p25) || !isfinite(a->wall_ns_p75) || !isfinite(b->wall_ns_p25) ||
        !isfinite(b->wall_ns_p75))
        return 0;
    return a->wall_ns_p25 <= b->wall_ns_p75 && b->wall_ns_p25 <= a->wall_ns_p75;
}

size_t pk_paired_pick(const pk_table *meas, pk_point *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < meas->n; i++) {
        const pk_row *s = &meas->rows[i];
        if (s->key.strategy != PK_STRAT_STANDARD)
            continue;
        pk_point pk = pk_point_with(&s->key, PK_STRAT_PERSISTENT);
        const pk_row *p = pk_table_find(meas, &pk);
        if (!p || !iqr_overlap(s, p))
            continue;
        if (n < max)
            out[n] = s->key;
        n++;
    }
    return n;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* v[0..n) sorted, its repeats dropped; returns how many are left. */
static size_t distinct(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, by_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

/* Appends printf's text to buf[*used..len); PK_ERANGE when it does not fit. */
static int put(char *buf, size_t len, size_t *used, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int put(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = *used < len ? vsnprintf(buf + *used, len - *used, fmt, ap) : -1;
    va_end(ap);
    if (w < 0 || (size_t)w >= len - *used)
        return PK_ERANGE;
    *used += (size_t)w;
    return PK_OK;
}

/* v[0..n) as one value or a group of them: "4", "(4|8|16)". */
static int put_values(char *buf, size_t len, size_t *used, const uint64_t *v, size_t n)
{
    int rc = n > 1 ? put(buf, len, used, "(") : PK_OK;
    for (size_t i = 0; i < n && rc == PK_OK; i++)
        rc = put(buf, len, used, "%s%" PRIu64, i ? "|" : "", v[i]);
    return rc == PK_OK && n > 1 ? put(buf, len, used, ")") : rc;
}

/* One line of the filter: a shape and a value of one axis (item or batch: the key), with the
 * values of the other axis its cells have, ascending. */
typedef struct filter_line {
    unsigned grid, block;
    uint64_t key, other[PK_PAIRED_MAX_CELLS];
    size_t nother;
    int taken; /* written, in a group with an earlier line */
} filter_line;

static int line_same(const filter_line *a, const filter_line *b)
{
    return a->grid == b->grid && a->block == b->block && a->nother == b->nother &&
           memcmp(a->other, b->other, a->nother * sizeof a->other[0]) == 0;
}

/* By shape, then key. */
static int line_order(const void *pa, const void *pb)
{
    const filter_line *a = pa, *b = pb;
    if (a->grid != b->grid)
        return a->grid < b->grid ? -1 : 1;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

/* cells[0..n) (n <= PK_PAIRED_MAX_CELLS) into lines keyed by batch (by_batch) or by item, in
 * ascending order; returns how many. */
static size_t filter_lines(const pk_point *cells, size_t n, int by_batch, filter_line *l)
{
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = by_batch ? cells[i].batch : cells[i].item_ns;
        uint64_t other = by_batch ? cells[i].item_ns : cells[i].batch;
        size_t j = 0;
        while (j < nl && !(l[j].key == key && l[j].grid == cells[i].grid && l[j].block == cells[i].block))
            j++;
        if (j == nl)
            l[nl++] = (filter_line){.grid = cells[i].grid, .block = cells[i].block, .key = key};
        size_t k = l[j].nother++; /* insert other in order (the cells are distinct) */
        for (; k > 0 && l[j].other[k - 1] > other; k--)
            l[j].other[k] = l[j].other[k - 1];
        l[j].other[k] = other;
    }
    qsort(l, nl, sizeof *l, line_order);
    return nl;
}

/* The filter of cells[0..n) with lines keyed by batch or by item; shape: each alternative names
 * its grid and block. */
static int filter_by(const pk_point *cells, size_t n, int by_batch, int shape, char *buf, size_t len)
{
    filter_line l[PK_PAIRED_MAX_CELLS];
    size_t nl = filter_lines(cells, n, by_batch, l), used = 0;
    int rc = PK_OK;
    buf[0] = '\0';
    for (size_t i = 0; i < nl && rc == PK_OK; i++) {
        if (l[i].taken)
            continue;
        uint64_t keys[PK_PAIRED_MAX_CELLS];
        size_t nk = 0;
        for (size_t j = i; j < nl; j++) /* the lines with the same shape and the same other values */
            if (!l[j].taken && line_same(&l[i], &l[j])) {
                keys[nk++] = l[j].key;
                l[j].taken = 1;
            }
        const uint64_t *items = by_batch ? l[i].other : keys, *batches = by_batch ? keys : l[i].other;
        size_t ni = by_batch ? l[i].nother : nk, nb = by_batch ? nk : l[i].nother;
        if ((rc = put(buf, len, &used, "%sns:", used ? "|" : "")) == PK_OK &&
            (rc = put_values(buf, len, &used, items, ni)) == PK_OK && (rc = put(buf, len, &used, "/batch:")) == PK_OK &&
            (rc = put_values(buf, len, &used, batches, nb)) == PK_OK && (rc = put(buf, len, &used, "/")) == PK_OK &&
            shape)
            rc = put(buf, len, &used, "grid:%u/block:%u/", l[i].grid, l[i].block);
    }
    if (rc != PK_OK)
        buf[0] = '\0';
    return rc;
}

int pk_paired_filter(const pk_point *cells, size_t n, char *buf, size_t len)
{
    char by_batch[1024];
    int shape = 0;
    if (!len)
        return PK_ERANGE;
    buf[0] = '\0';
    n = n < PK_PAIRED_MAX_CELLS ? n : PK_PAIRED_MAX_CELLS;
    for (size_t i = 1; i < n; i++)
        shape |= cells[i].grid != cells[0].grid || cells[i].block != cells[0].block;
    int ri = filter_by(cells, n, 0, shape, buf, len), rb = filter_by(cells, n, 1, shape, by_batch, sizeof by_batch);
    if (rb == PK_OK && (ri != PK_OK || strlen(by_batch) < strlen(buf)) && strlen(by_batch) < len)
        memcpy(buf, by_batch, strlen(by_batch) + 1);
    return buf[0] ? PK_OK : PK_ERANGE;
}

/* Whether filter selects, of the points of the product of vals[0..4) (standard and persistent),
 * exactly those of cells[0..n): both strategies of each, nothing else. */
static int filter_selects_cells(const char *filter, uint64_t vals[4][PK_PAIRED_MAX_CELLS], const size_t nv[4],
                                const pk_point *cells, size_t n)
{
    static const int strat[2] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT};
    size_t np = 0;
    pk_point *pts = pk_sweep_points(strat, 2, vals[PK_GRID_ITEM_NS], nv[PK_GRID_ITEM_NS], vals[PK_GRID_BATCH],
                                    nv[PK_GRID_BATCH], vals[PK_GRID_GRID], nv[PK_GRID_GRID], vals[PK_GRID_BLOCK],
                                    nv[PK_GRID_BLOCK], &np);
    int ok = pts && pk_grid_filter(filter, pts, &np) == PK_OK && np == 2 * n;
    for (size_t k = 0; ok && k < np; k++) {
        pk_point c = pk_point_with(&pts[k], cells[0].strategy);
        ok = 0;
        for (size_t i = 0; i < n && !ok; i++)
            ok = pk_point_equal(&c, &cells[i]);
    }
    free(pts);
    return ok;
}

int pk_paired_sweep_plan(const char *path, pk_paired_sweep *s, char *err, size_t errlen)
{
    pk_table t = {0};
    pk_point cells[PK_PAIRED_MAX_CELLS];
    uint64_t vals[PK_GRID_AXES][PK_PAIRED_MAX_CELLS];
    size_t nv[PK_GRID_AXES] = {0}, product = 1;
    memset(s, 0, sizeof *s);
    int rc = pk_table_read_csv(path, &t, err, errlen);
    if (rc != PK_OK)
        return rc;
    size_t n = pk_paired_pick(&t, cells, PK_PAIRED_MAX_CELLS);
    n = n < PK_PAIRED_MAX_CELLS ? n : PK_PAIRED_MAX_CELLS;
    pk_table_free(&t);
    for (int a = 0; a < PK_GRID_AXES && n && rc == PK_OK; a++) {
        for (size_t i = 0; i < n; i++)
            vals[a][i] = a == PK_GRID_ITEM_NS ? cells[i].item_ns
                         : a == PK_GRID_BATCH ? cells[i].batch
                         : a == PK_GRID_GRID  ? cells[i].grid
                                              : cells[i].block;
        product *= nv[a] = distinct(vals[a], n);
        if ((rc = pk_grid_axis_format(vals[a], nv[a], s->axes[a], sizeof s->axes[a])) != PK_OK)
            snprintf(err, errlen, "%s: the paired check's axes do not fit", path);
    }
    if (rc != PK_OK || !n) {
        memset(s, 0, sizeof *s);
        return rc;
    }
    s->ncells = n;
    s->swept = product;
    /* The product is the cells, or a filter keeps just them; else (none fits) the product is swept. */
    if (product > n && pk_paired_filter(cells, n, s->filter, sizeof s->filter) == PK_OK) {
        if (filter_selects_cells(s->filter, vals, nv, cells, n))
            s->swept = n;
        else
            s->filter[0] = '\0';
    }
    return PK_OK;
}

int pk_paired_prepare(const char *out, char dir[PK_PATH_MAX], pk_paired_sweep *s, char *err, size_t errlen)
{
    static const char *const old[3] = {"measured.csv", "measured.csv.gz", "of"};
    char f[PK_PATH_MAX];
    memset(s, 0, sizeof *s);
    int rc = pk_path_join(dir, PK_PATH_MAX, out, "crosscheck", err, errlen);
    for (int i = 0; i < 3 && rc == PK_OK; i++)
        if ((rc = pk_path_join(f, sizeof f, dir, old[i], err, errlen)) == PK_OK && unlink(f) != 0 && errno != ENOENT) {
            snprintf(err, errlen, "cannot remove the earlier check %s: %s", f, strerror(errno));
            rc = PK_EIO;
        }
    if (rc == PK_OK && (rc = pk_path_join(f, sizeof f, out, "measured.csv", err, errlen)) == PK_OK)
        rc = pk_paired_sweep_plan(f, s, err, errlen);
    return rc;
}

int pk_paired_mark(const char *out, char *err, size_t errlen)
{
    char f[PK_PATH_MAX];
    pk_table t = {0};
    int rc = pk_path_join(f, sizeof f, out, "measured.csv", err, errlen);
    if (rc == PK_OK)
        rc = pk_table_read_csv(f, &t, err, errlen);
    const char *id = rc == PK_OK ? pk_context_get(&t.context, "run_id") : NULL;
    if (rc == PK_OK && !id) {
        snprintf(err, errlen, "%s has no run_id to mark the check with", f);
        rc = PK_EINVAL;
    }
    if (rc == PK_OK && (rc = pk_path_join(f, sizeof f, out, "crosscheck/of", err, errlen)) == PK_OK) {
        FILE *o = fopen(f, "w");
        if (!o || fprintf(o, "%s\n", id) < 0 || fclose(o) != 0) {
            snprintf(err, errlen, "cannot write %s: %s", f, strerror(errno));
            rc = PK_EIO;
        }
    }
    pk_table_free(&t);
    return rc;
}

int pk_paired_is_of(const char *dir, const pk_table *meas, char *err, size_t errlen)
{
    char f[PK_PATH_MAX], line[256] = "";
    const char *id = pk_context_get(&meas->context, "run_id");
    if (pk_path_join(f, sizeof f, dir, "of", err, errlen) != PK_OK)
        return 0;
    FILE *in = NULL; /* a regular file only: a FIFO there would block the read */
    char why[PK_PATH_MAX + 64];
    if (pk_input_open(f, &in, why, sizeof why) != PK_OK)
        in = NULL;
    if (!in || !fgets(line, sizeof line, in)) {
        snprintf(err, errlen, "no record of the sweep it checks (%s)", f);
        if (in)
            fclose(in);
        return 0;
    }
    fclose(in);
    line[strcspn(line, "\r\n")] = '\0';
    if (!id || strcmp(id, line) != 0) {
        snprintf(err, errlen, "made for run %s, the sweep is run %s", line, id ? id : "(none recorded)");
        return 0;
    }
    return 1;
}

/* The check of one cell from its ratios r[0..k) (sorted here). */
static void judge_cell(pk_paired *c, double *r, size_t k)
{
    gsl_sort(r, 1, k);
    c->pairs = k;
    c->ratio = gsl_stats_median_from_sorted_data(r, 1, k);
    c->lo = c->hi = c->model_cal = c->model_state = NAN;
    c->model_pairs = 0;
    c->verdict = -1;
    if (k < PK_PAIRED_MIN_PAIRS)
        return;
    size_t j = 1; /* the largest j with 2 P(X <= j - 1) <= 0.05: the interval is r_(j) .. r_(k + 1 - j) */
    while (j + 1 <= k / 2 && 2 * gsl_cdf_binomial_P((unsigned)j, 0.5, (unsigned)k) <= 0.05)
        j++;
    c->lo = r[j - 1];
    c->hi = r[k - j];
    c->verdict = c->hi < 1 ? 1 : c->lo > 1 ? 0 : -1;
}

int pk_paired_read(const char *path, pk_table *t, pk_paired **out, size_t *n, char *err, size_t errlen)
{
    char why[256];
    int rc = pk_table_read_csv(path, t, err, errlen); /* its err names the file */
    if (rc == PK_OK)
        rc = pk_cmp_check_totals(t, path, err, errlen);
    if (rc == PK_OK && (rc = pk_paired_judge(t, out, n, why, sizeof why)) != PK_OK)
        snprintf(err, errlen, "%.*s: %s", (int)(errlen > sizeof why + 4 ? errlen - sizeof why - 4 : 0), path, why);
    return rc;
}

int pk_paired_judge(const pk_table *check, pk_paired **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    if (!check->npass) {
        snprintf(err, errlen, "the paired check has no pass rows (a sweep with --replicates)");
        return PK_EINVAL;
    }
    for (size_t a = 0; a < check->npass; a++) {
        const pk_row *x = &check->pass[a];
        if ((x->key.strategy == PK_STRAT_STANDARD || x->key.strategy == PK_STRAT_PERSISTENT) &&
            !(isfinite(x->wall_ns) && x->wall_ns > 0)) {
            char name[128];
            pk_point_name(&x->key, name, sizeof name);
            snprintf(err, errlen, "%s in pass %u: wall_ns %g is not a positive number", name, x->replicate, x->wall_ns);
            return PK_EINVAL;
        }
    }
    pk_paired *v = calloc(check->n ? check->n : 1, sizeof *v);
    double *r = malloc(check->npass * sizeof *r);
    if (!v || !r) {
        free(v);
        free(r);
        return PK_ENOMEM;
    }
    size_t nv = 0;
    for (size_t i = 0; i < check->n; i++) {
        const pk_point *key = &check->rows[i].key;
        if (key->strategy != PK_STRAT_STANDARD)
            continue;
        pk_point pk = pk_point_with(key, PK_STRAT_PERSISTENT);
        size_t k = 0;
        for (size_t a = 0; a < check->npass; a++) {
            const pk_row *s = &check->pass[a];
            if (!pk_point_equal(&s->key, key))
                continue;
            const pk_row *p = pk_table_find_pass(check, &pk, s->replicate);
            if (p)
                r[k++] = p->wall_ns / s->wall_ns;
        }
        if (!k)
            continue;
        v[nv].key = *key;
        judge_cell(&v[nv++], r, k);
    }
    free(r);
    if (!nv) {
        free(v);
        snprintf(err, errlen, "the paired check has no cell with both standard and persistent in one pass");
        return PK_EINVAL;
    }
    *out = v;
    *n = nv;
    return PK_OK;
}

/* Cell c's model ratios from check (pk_paired_model); r: room for check->npass ratios. */
static int model_cell(pk_model *m, const pk_costs *cal, const pk_table *check, pk_paired *c, double *r, char *err,
                      size_t errlen)
{
    pk_point pk = pk_point_with(&c->key, PK_STRAT_PERSISTENT);
    double ws, wp;
    int rc = pk_hoststate_predict(m, cal, &c->key, NAN, &ws, err, errlen);
    if (rc == PK_OK && (rc = pk_hoststate_predict(m, cal, &pk, NAN, &wp, err, errlen)) == PK_OK)
        c->model_cal = ws > 0 ? wp / ws : NAN;
    size_t k = 0;
    for (size_t a = 0; a < check->npass && rc == PK_OK; a++) {
        const pk_row *s = &check->pass[a];
        if (!pk_point_equal(&s->key, &c->key) || !(isfinite(s->canary_host_ns) && s->canary_host_ns >= 0))
            continue;
        const pk_row *p = pk_table_find_pass(check, &pk, s->replicate);
        if (!p || !(isfinite(p->canary_host_ns) && p->canary_host_ns >= 0))
            continue;
        if ((rc = pk_hoststate_predict(m, cal, &s->key, s->canary_host_ns, &ws, err, errlen)) == PK_OK &&
            (rc = pk_hoststate_predict(m, cal, &p->key, p->canary_host_ns, &wp, err, errlen)) == PK_OK && ws > 0)
            r[k++] = wp / ws;
    }
    if (rc == PK_OK && k) {
        gsl_sort(r, 1, k);
        c->model_state = gsl_stats_median_from_sorted_data(r, 1, k);
        c->model_pairs = k;
    }
    return rc;
}

int pk_paired_model(const pk_table *check, const pk_params *params, pk_paired *v, size_t n, char *err,
                    size_t errlen)
{
    double items = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].model_cal = v[i].model_state = NAN;
        v[i].model_pairs = 0;
        items += 2.0 * (double)v[i].key.batch * (double)(v[i].pairs + 1);
    }
    if (items > PK_PREDICT_MAX_ITEMS_ON_THE_FLY) {
        snprintf(err, errlen, "the model at the paired check's state would replay %.3g items (more than the %.0e that "
                 "compare simulates on the fly)", items, PK_PREDICT_MAX_ITEMS_ON_THE_FLY);
        return PK_ERANGE;
    }
    pk_model *m = NULL;
    double *r = malloc((check->npass ? check->npass : 1) * sizeof *r);
    if (!r || pk_model_create(&m) != PK_OK) {
        free(r);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    pk_costs cal;
    pk_costs_from_params(params, &cal);
    int rc = PK_OK;
    for (size_t i = 0; i < n && rc == PK_OK; i++)
        rc = model_cell(m, &cal, check, &v[i], r, err, errlen);
    pk_model_destroy(m);
    free(r);
    return rc;
}

/* One model's ratio x against the check's cell c: its agreement and distance tallied. */
static void agree_one(const pk_paired *c, double x, size_t *judged, size_t *agree, double *dist, size_t *ndist)
{
    if (!isfinite(x) || !(x > 0))
        return;
    *dist += 100 * fabs(log(c->ratio / x));
    (*ndist)++;
    if (c->verdict < 0)
        return;
    (*judged)++;
    *agree += (x < 1) == (c->verdict == 1);
}

void pk_paired_agreement(const pk_paired *v, size_t n, pk_paired_agree *a)
{
    size_t nc = 0, ns = 0;
    double dc = 0, ds = 0;
    memset(a, 0, sizeof *a);
    for (size_t i = 0; i < n; i++) {
        a->resolved += v[i].verdict >= 0;
        agree_one(&v[i], v[i].model_cal, &a->cal_judged, &a->cal_agree, &dc, &nc);
        agree_one(&v[i], v[i].model_state, &a->state_judged, &a->state_agree, &ds, &ns);
    }
    a->cal_dist = nc ? dc / (double)nc : NAN;
    a->state_dist = ns ? ds / (double)ns : NAN;
}

int pk_paired_have_state(const pk_paired *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i].model_state))
            return 1;
    return 0;
}

const pk_paired *pk_paired_find(const pk_paired *v, size_t n, const pk_point *key)
{
    pk_point k = pk_point_with(key, PK_STRAT_STANDARD);
    for (size_t i = 0; i < n; i++)
        if (pk_point_equal(&v[i].key, &k))
            return &v[i];
    return NULL;
}

int pk_paired_apply(pk_cmp_result *r, const pk_paired *v, size_t n, int at_state)
{
    int *wins = malloc(2 * (r->ncells ? r->ncells : 1) * sizeof *wins), *pwins = wins + (r->ncells ? r->ncells : 1);
    if (!wins)
        return PK_ENOMEM;
    for (size_t i = 0, c = 0; i < r->ncells && c < r->ncross; c++) { /* the cells of crossover c: i..j */
        pk_cmp_cross *x = &r->cross[c];
        size_t j = i;
        while (j < r->ncells && r->cells[j].key.item_ns == x->item_ns && r->cells[j].key.grid == x->grid &&
               r->cells[j].key.block == x->block)
            j++;
        x->paired_checked = x->paired_resolved = 0;
        for (size_t k = i; k < j; k++) {
            const pk_paired *p = pk_paired_find(v, n, &r->cells[k].key);
            wins[k - i] = r->cells[k].best;
            pwins[k - i] = r->cells[k].p_pers < r->cells[k].p_std;
            x->paired_checked += p != NULL;
            if (p && p->verdict >= 0) {
                x->paired_resolved++;
                wins[k - i] = p->verdict;
                if (at_state && isfinite(p->model_state))
                    pwins[k - i] = p->model_state < 1;
            }
        }
        x->idx_paired = pk_crossover_index(wins, j - i);
        x->measured_paired = x->idx_paired < j - i ? r->cells[i + x->idx_paired].key.batch : 0;
        x->idx_pred_paired = x->have_predicted && at_state ? pk_crossover_index(pwins, j - i) : x->idx_predicted;
        if (x->have_predicted)
            x->error_steps_paired = x->idx_pred_paired > x->idx_paired ? x->idx_pred_paired - x->idx_paired
                                                                       : x->idx_paired - x->idx_pred_paired;
        i = j;
    }
    free(wins);
    return PK_OK;
}

size_t pk_paired_cross_exact(const pk_cmp_result *r, size_t *judged)
{
    size_t exact = 0;
    *judged = 0;
    for (size_t c = 0; c < r->ncross; c++)
        if (r->cross[c].have_predicted) {
            (*judged)++;
            exact += (r->cross[c].paired_checked ? r->cross[c].error_steps_paired : r->cross[c].error_steps) == 0;
        }
    return exact;
}
