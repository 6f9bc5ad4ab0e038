/* Regression verdicts between result folders: the points both sides measured and their values
 * per run (see baseline.h); the files are written by baseline_out.c. */
#include "harness/baseline.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

/* One table's rows sorted by key (pass rows by key, then replicate) for binary search. */
typedef struct tindex {
    const pk_row **sum, **pass;
    size_t nsum, npass;
} tindex;

static int row_cmp(const void *a, const void *b)
{
    const pk_row *x = *(const pk_row *const *)a, *y = *(const pk_row *const *)b;
    int c = pk_point_compare(&x->key, &y->key);
    return c ? c : x->replicate < y->replicate ? -1 : x->replicate > y->replicate;
}

static int index_table(const pk_table *t, tindex *ix)
{
    ix->nsum = t->n;
    ix->npass = t->npass;
    ix->sum = malloc((t->n ? t->n : 1) * sizeof *ix->sum);
    ix->pass = malloc((t->npass ? t->npass : 1) * sizeof *ix->pass);
    if (!ix->sum || !ix->pass)
        return PK_ENOMEM;
    for (size_t i = 0; i < t->n; i++)
        ix->sum[i] = &t->rows[i];
    for (size_t i = 0; i < t->npass; i++)
        ix->pass[i] = &t->pass[i];
    qsort(ix->sum, ix->nsum, sizeof *ix->sum, row_cmp);
    qsort(ix->pass, ix->npass, sizeof *ix->pass, row_cmp);
    return PK_OK;
}

static void index_free(tindex *ix)
{
    free(ix->sum);
    free(ix->pass);
}

/* The first of the n sorted rows with key k (replicate ignored), or n. */
static size_t lower_bound(const pk_row *const *rows, size_t n, const pk_point *k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pk_point_compare(&rows[mid]->key, k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const pk_row *find_sum(const tindex *ix, const pk_point *k)
{
    size_t i = lower_bound(ix->sum, ix->nsum, k);
    return i < ix->nsum && pk_point_equal(&ix->sum[i]->key, k) ? ix->sum[i] : NULL;
}

/* The pass rows of key k: *first and the count (sorted by replicate). */
static size_t find_passes(const tindex *ix, const pk_point *k, const pk_row *const **first)
{
    size_t i = lower_bound(ix->pass, ix->npass, k), j = i;
    while (j < ix->npass && pk_point_equal(&ix->pass[j]->key, k))
        j++;
    *first = ix->pass + i;
    return j - i;
}

/* A key and where it first appeared (for the output order). */
typedef struct seen {
    pk_point key;
    size_t order;
} seen;

static int seen_cmp(const void *a, const void *b)
{
    const seen *x = a, *y = b;
    int c = pk_point_compare(&x->key, &y->key);
    return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

static int order_cmp(const void *a, const void *b)
{
    const seen *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The distinct keys of the summary rows of runs t[0..n), each with its first appearance, sorted by
 * key. Returns the count, or (size_t)-1 when out of memory. */
static size_t distinct_keys(const pk_table *t, size_t n, seen **out)
{
    size_t total = 0, k = 0;
    for (size_t j = 0; j < n; j++)
        total += t[j].n;
    seen *s = malloc((total ? total : 1) * sizeof *s);
    if (!s)
        return (size_t)-1;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < t[j].n; i++, k++)
            s[k] = (seen){t[j].rows[i].key, k};
    qsort(s, total, sizeof *s, seen_cmp);
    size_t u = 0;
    for (size_t i = 0; i < total; i++)
        if (u == 0 || !pk_point_equal(&s[u - 1].key, &s[i].key))
            s[u++] = s[i];
    *out = s;
    return u;
}

static int in_any(const tindex *ix, size_t n, const pk_point *k)
{
    for (size_t j = 0; j < n; j++)
        if (find_sum(&ix[j], k))
            return 1;
    return 0;
}

/* Points pool their spread only within (strategy, item_ns, grid, block). */
static int group_cmp(const void *a, const void *b)
{
    const pk_point *x = *(const pk_point *const *)a, *y = *(const pk_point *const *)b;
    if (x->strategy != y->strategy)
        return x->strategy < y->strategy ? -1 : 1;
    if (x->item_ns != y->item_ns)
        return x->item_ns < y->item_ns ? -1 : 1;
    if (x->grid != y->grid)
        return x->grid < y->grid ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

/* groups[i]: the group number of keys[i]. */
static int assign_groups(const pk_point *keys, size_t n, long *groups)
{
    const pk_point **p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        return PK_ENOMEM;
    for (size_t i = 0; i < n; i++)
        p[i] = &keys[i];
    qsort(p, n, sizeof *p, group_cmp);
    long g = -1;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || group_cmp(&p[i - 1], &p[i]) != 0)
            g++;
        groups[p[i] - keys] = g;
    }
    free(p);
    return PK_OK;
}

/* The values of all points, side by side: per point, its baseline values then its candidate
 * values, each with its run label. */
typedef struct values {
    double *v;
    unsigned *lab;
    size_t n, cap;
} values;

static int values_push(values *vs, double v, unsigned lab)
{
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? 2 * vs->cap : 1024;
        double *nv = realloc(vs->v, cap * sizeof *nv);
        if (nv)
            vs->v = nv;
        unsigned *nl = realloc(vs->lab, cap * sizeof *nl);
        if (nl)
            vs->lab = nl;
        if (!nv || !nl)
            return PK_ENOMEM;
        vs->cap = cap;
    }
    vs->v[vs->n] = v;
    vs->lab[vs->n++] = lab;
    return PK_OK;
}

static int check_value(const pk_row *r, const char *side, size_t run, char *err, size_t errlen)
{
    if (r->wall_ns > 0 && isfinite(r->wall_ns))
        return PK_OK;
    char name[160];
    pk_point_name(&r->key, name, sizeof name);
    snprintf(err, errlen, "%s run %zu: %s replicate %u: wall_ns is %g, not a positive finite number", side, run + 1,
             name, r->replicate, r->wall_ns);
    return PK_EINVAL;
}

/* Appends run `run`'s values of key k (its pass rows, else its summary row) with label lab;
 * *passes grows to the most pass rows seen. */
static int run_values(const tindex *ix, const pk_point *k, const char *side, size_t run, unsigned lab, values *vs,
                      unsigned *passes, char *err, size_t errlen)
{
    const pk_row *const *p;
    size_t np = find_passes(ix, k, &p);
    const pk_row *s = np ? NULL : find_sum(ix, k);
    int rc = PK_OK;
    for (size_t i = 0; i < np && rc == PK_OK; i++)
        if ((rc = check_value(p[i], side, run, err, errlen)) == PK_OK)
            rc = values_push(vs, p[i]->wall_ns, lab);
    if (s && (rc = check_value(s, side, run, err, errlen)) == PK_OK)
        rc = values_push(vs, s->wall_ns, lab);
    *passes = np > *passes ? (unsigned)np : *passes;
    return rc;
}

/* Everything pk_verdict_compute needs, built from the tables. */
typedef struct build {
    tindex *ix; /* nbase + ncand indexes */
    seen *keys;
    size_t nkeys;
    long *groups;
    values vs;
    size_t *start; /* per point: where its baseline values start in vs; then its candidate values */
    size_t *nb;    /* per point: baseline values */
    double *prior; /* per point: prior sd and df (two each), or NULL for none */
    pk_verdict_point *pts;
} build;

static void build_free(build *b, size_t nix)
{
    for (size_t j = 0; b->ix && j < nix; j++)
        index_free(&b->ix[j]);
    free(b->ix);
    free(b->keys);
    free(b->groups);
    free(b->vs.v);
    free(b->vs.lab);
    free(b->start);
    free(b->nb);
    free(b->prior);
    free(b->pts);
}

/* The judged keys: in some baseline run and some candidate run, in order of first appearance. */
static int judged_keys(const pk_table *base, size_t nbase, const pk_table *cand, size_t ncand, build *b,
                       pk_baseline *out)
{
    seen *ck = NULL;
    size_t nk = distinct_keys(base, nbase, &b->keys), nc = distinct_keys(cand, ncand, &ck);
    if (nk == (size_t)-1 || nc == (size_t)-1) {
        free(ck);
        return PK_ENOMEM;
    }
    size_t w = 0;
    for (size_t i = 0; i < nk; i++) {
        if (in_any(b->ix + nbase, ncand, &b->keys[i].key))
            b->keys[w++] = b->keys[i];
        else
            out->only_base++;
    }
    for (size_t i = 0; i < nc; i++)
        out->only_cand += !in_any(b->ix, nbase, &ck[i].key);
    free(ck);
    qsort(b->keys, w, sizeof *b->keys, order_cmp);
    b->nkeys = w;
    return PK_OK;
}

/* Allocates the per-point arrays of b and of out for b->nkeys points. */
static int alloc_points(build *b, pk_baseline *out)
{
    size_t n = b->nkeys ? b->nkeys : 1;
    b->groups = malloc(n * sizeof *b->groups);
    b->start = malloc(n * sizeof *b->start);
    b->nb = malloc(n * sizeof *b->nb);
    b->pts = malloc(n * sizeof *b->pts);
    out->keys = malloc(n * sizeof *out->keys);
    out->res = malloc(n * sizeof *out->res);
    out->n = b->nkeys;
    if (!b->groups || !b->start || !b->nb || !b->pts || !out->keys || !out->res)
        return PK_ENOMEM;
    for (size_t i = 0; i < b->nkeys; i++)
        out->keys[i] = b->keys[i].key;
    return assign_groups(out->keys, out->n, b->groups);
}

/* Points into b->vs, once every value is in (vs may have moved while growing). */
static void fill_points(build *b, const pk_baseline *out)
{
    for (size_t i = 0; i < b->nkeys; i++) {
        size_t s = b->start[i], nb = b->nb[i];
        size_t end = i + 1 < b->nkeys ? b->start[i + 1] : b->vs.n;
        b->pts[i] = (pk_verdict_point){.group = b->groups[i],
                                       .pos = log2((double)out->keys[i].batch),
                                       .base = b->vs.v + s,
                                       .base_run = b->vs.lab + s,
                                       .nbase = nb,
                                       .cand = b->vs.v + s + nb,
                                       .cand_run = b->vs.lab + s + nb,
                                       .ncand = end - s - nb,
                                       .prior_sd = b->prior ? b->prior[2 * i] : 0,
                                       .prior_df = b->prior ? b->prior[2 * i + 1] : 0};
    }
}

static int judge(build *b, const pk_verdict_params *par, pk_baseline *out, char *err, size_t errlen)
{
    if (b->nkeys == 0) {
        if (out->incomplete)
            snprintf(err, errlen, "no point has a complete ABBA block (%zu held by both sides, each missing a pass "
                     "of every block)", out->incomplete);
        else
            snprintf(err, errlen, "no point is in both sides");
        return PK_EINVAL;
    }
    fill_points(b, out);
    return pk_verdict_compute(b->pts, b->nkeys, par, out->res, &out->sum, err, errlen);
}

/* The values of the judged points, taken from the tables (copied: the tables may change
 * after), and the comparison they will fill. */
struct pk_baseline_runs {
    build b;
    pk_baseline out;
};

void pk_baseline_runs_free(pk_baseline_runs *r)
{
    if (!r)
        return;
    build_free(&r->b, 0);
    pk_baseline_free(&r->out);
    free(r);
}

int pk_baseline_take(const pk_table *base, size_t nbase, const pk_table *cand, size_t ncand, pk_baseline_runs **runs,
                     char *err, size_t errlen)
{
    pk_baseline_runs *r = calloc(1, sizeof *r);
    *runs = NULL;
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    pk_baseline *out = &r->out;
    build *b = &r->b;
    out->design = PK_DESIGN_RUNS;
    out->nbase = nbase;
    out->ncand = ncand;
    size_t nix = nbase + ncand;
    int rc = (b->ix = calloc(nix ? nix : 1, sizeof *b->ix)) ? PK_OK : PK_ENOMEM;
    for (size_t j = 0; rc == PK_OK && j < nix; j++)
        rc = index_table(j < nbase ? &base[j] : &cand[j - nbase], &b->ix[j]);
    if (rc == PK_OK)
        rc = judged_keys(base, nbase, cand, ncand, b, out);
    if (rc == PK_OK)
        rc = alloc_points(b, out);
    for (size_t i = 0; rc == PK_OK && i < b->nkeys; i++) {
        b->start[i] = b->vs.n;
        for (size_t j = 0; rc == PK_OK && j < nix; j++) {
            if (j == nbase)
                b->nb[i] = b->vs.n - b->start[i];
            int bs = j < nbase;
            rc = run_values(&b->ix[j], &out->keys[i], bs ? "baseline" : "candidate", bs ? j : j - nbase,
                            (unsigned)j, &b->vs, bs ? &out->passes_base : &out->passes_cand, err, errlen);
        }
    }
    for (size_t j = 0; b->ix && j < nix; j++) /* the values are copied: the tables are no longer read */
        index_free(&b->ix[j]);
    free(b->ix);
    b->ix = NULL;
    if (rc == PK_OK && b->nkeys == 0) {
        snprintf(err, errlen, "no point is in both sides");
        rc = PK_EINVAL;
    } else if (rc == PK_ENOMEM) {
        snprintf(err, errlen, "out of memory");
    }
    if (rc != PK_OK)
        pk_baseline_runs_free(r);
    else
        *runs = r;
    return rc;
}

int pk_baseline_runs_prior(pk_baseline_runs *r, const pk_spread *prior, pk_judgement j)
{
    build *b = &r->b;
    if (!b->prior && !(b->prior = calloc(2 * (b->nkeys ? b->nkeys : 1), sizeof *b->prior)))
        return PK_ENOMEM;
    for (size_t i = 0; i < b->nkeys; i++) {
        const pk_spread_row *p = pk_spread_find(prior, &r->out.keys[i], j);
        b->prior[2 * i] = p ? p->sd : 0;
        b->prior[2 * i + 1] = p ? p->df : 0;
    }
    return PK_OK;
}

int pk_baseline_judge_runs(pk_baseline_runs *const *runs, size_t k, const pk_verdict_params *par, pk_baseline *out,
                           char *err, size_t errlen)
{
    if (k == 0 || !runs[0]) {
        snprintf(err, errlen, "no runs to judge");
        return PK_EINVAL;
    }
    memset(out, 0, k * sizeof *out);
    const size_t n = runs[0]->b.nkeys;
    long span = 0; /* group ids of judgement j are shifted by j * span: no pooling across judgements */
    for (size_t j = 0; j < k; j++) {
        if (!runs[j] || !runs[j]->out.keys) {
            snprintf(err, errlen, "a taking of the runs is missing or judged already");
            return PK_EINVAL;
        }
        for (size_t i = 0; i < j; i++)
            if (runs[i] == runs[j]) {
                snprintf(err, errlen, "a taking of the runs is given twice");
                return PK_EINVAL;
            }
        if (runs[j]->b.nkeys != n) {
            snprintf(err, errlen, "the judgements hold different points");
            return PK_EINVAL;
        }
        for (size_t i = 0; i < n; i++) {
            if (!pk_point_equal(&runs[j]->out.keys[i], &runs[0]->out.keys[i])) {
                snprintf(err, errlen, "the judgements hold different points");
                return PK_EINVAL;
            }
            span = runs[j]->b.groups[i] >= span ? runs[j]->b.groups[i] + 1 : span;
        }
    }
    pk_verdict_point *pts = malloc(k * n * sizeof *pts);
    pk_verdict_result *res = malloc(k * n * sizeof *res);
    if (!pts || !res) {
        free(pts);
        free(res);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    for (size_t j = 0; j < k; j++) {
        fill_points(&runs[j]->b, &runs[j]->out);
        for (size_t i = 0; i < n; i++) {
            pts[j * n + i] = runs[j]->b.pts[i];
            pts[j * n + i].group += (long)j * span;
        }
    }
    pk_verdict_summary sum;
    pk_verdict_params family = *par;
    family.takings = (double)k; /* the same runs k times: their groups hold no more information */
    int rc = pk_verdict_compute(pts, k * n, &family, res, &sum, err, errlen);
    for (size_t j = 0; rc == PK_OK && j < k; j++) {
        pk_baseline *o = &out[j];
        *o = runs[j]->out; /* the keys and results move to out[j] */
        runs[j]->out.keys = NULL;
        runs[j]->out.res = NULL;
        runs[j]->out.n = 0;
        memcpy(o->res, res + j * n, n * sizeof *res);
        o->sum = sum; /* the family's level, tests and discoveries; this judgement's counts */
        memset(o->sum.count, 0, sizeof o->sum.count);
        o->prior_points = 0;
        for (size_t i = 0; i < n; i++) {
            o->sum.count[o->res[i].verdict]++;
            o->prior_points += pts[j * n + i].prior_df > 0 && o->res[i].own_df > 0; /* tested, moderated */
        }
    }
    free(pts);
    free(res);
    return rc;
}

int pk_baseline_judge(const pk_table *base, size_t nbase, const pk_table *cand, size_t ncand,
                      const pk_verdict_params *par, pk_baseline *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    pk_baseline_runs *r;
    int rc = pk_baseline_take(base, nbase, cand, ncand, &r, err, errlen);
    if (rc == PK_OK)
        rc = pk_baseline_judge_runs(&r, 1, par, out, err, errlen);
    pk_baseline_runs_free(r);
    return rc;
}

/* Appends the complete ABBA blocks of point k: block r is pass rows 2r-1 and 2r of both sides. */
static int abba_values(const tindex *ix, const pk_point *k, build *b, size_t i, pk_baseline *out)
{
    const pk_row *const *pa, *const *pb;
    size_t na = find_passes(&ix[0], k, &pa), nb = find_passes(&ix[1], k, &pb);
    int rc = PK_OK;
    b->start[i] = b->vs.n;
    for (int side = 0; side < 2 && rc == PK_OK; side++) {
        const pk_row *const *p = side ? pb : pa, *const *q = side ? pa : pb;
        size_t np = side ? nb : na, nq = side ? na : nb;
        if (side)
            b->nb[i] = b->vs.n - b->start[i];
        for (size_t j = 0; j < np && rc == PK_OK; j++) {
            unsigned rep = p[j]->replicate, mate = rep % 2 ? rep + 1 : rep - 1;
            int complete = 0, other = 0;
            for (size_t x = 0; x < np; x++)
                complete |= p[x]->replicate == mate;
            for (size_t x = 0; x < nq; x++)
                other += q[x]->replicate == rep || q[x]->replicate == mate;
            if (complete && other == 2 && p[j]->wall_ns > 0 && isfinite(p[j]->wall_ns))
                rc = values_push(&b->vs, p[j]->wall_ns, (rep + 1) / 2);
        }
    }
    unsigned blocks = (unsigned)(b->nb[i] / 2);
    out->passes_base = blocks > out->passes_base ? blocks : out->passes_base;
    out->passes_cand = out->passes_base;
    return rc;
}

int pk_baseline_judge_abba(const pk_table *a, const pk_table *b_, const pk_verdict_params *par, pk_baseline *out,
                           char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->design = PK_DESIGN_ABBA;
    out->nbase = out->ncand = 1;
    build b = {0};
    pk_verdict_params p = *par;
    p.paired = 1;
    int rc = (b.ix = calloc(2, sizeof *b.ix)) ? PK_OK : PK_ENOMEM;
    if (rc == PK_OK && (rc = index_table(a, &b.ix[0])) == PK_OK && (rc = index_table(b_, &b.ix[1])) == PK_OK)
        rc = judged_keys(a, 1, b_, 1, &b, out);
    if (rc == PK_OK)
        rc = alloc_points(&b, out);
    size_t w = 0;
    for (size_t i = 0; rc == PK_OK && i < b.nkeys; i++) {
        rc = abba_values(b.ix, &out->keys[i], &b, w, out);
        if (b.vs.n == b.start[w]) { /* both sides hold it, but no block is whole: not judged */
            out->incomplete++;
            continue;
        }
        out->keys[w] = out->keys[i];
        b.groups[w] = b.groups[i];
        w++;
    }
    b.nkeys = out->n = w;
    if (rc == PK_OK)
        rc = judge(&b, &p, out, err, errlen);
    else
        snprintf(err, errlen, "out of memory");
    build_free(&b, 2);
    if (rc != PK_OK)
        pk_baseline_free(out);
    return rc;
}

void pk_baseline_free(pk_baseline *b)
{
    free(b->keys);
    free(b->res);
    free(b->raw);
    b->keys = NULL;
    b->res = NULL;
    b->raw = NULL;
    b->n = 0;
}

int pk_baseline_combine(pk_baseline *state, const pk_baseline *raw)
{
    if (state->n != raw->n)
        return PK_EINVAL;
    for (size_t i = 0; i < state->n; i++)
        if (!pk_point_equal(&state->keys[i], &raw->keys[i]))
            return PK_EINVAL;
    free(state->raw);
    if (!(state->raw = malloc((state->n ? state->n : 1) * sizeof *state->raw)))
        return PK_ENOMEM;
    memcpy(state->raw, raw->res, state->n * sizeof *state->raw);
    memcpy(state->raw_count, raw->sum.count, sizeof state->raw_count);
    state->raw_prior_points = raw->prior_points;
    memcpy(state->state_count, state->sum.count, sizeof state->state_count);
    memset(state->sum.count, 0, sizeof state->sum.count);
    for (size_t i = 0; i < state->n; i++) {
        const pk_verdict r = raw->res[i].verdict, s = state->res[i].verdict;
        int slow = r == PK_VERDICT_SLOWER || s == PK_VERDICT_SLOWER;
        int fast = r == PK_VERDICT_FASTER || s == PK_VERDICT_FASTER;
        pk_verdict v = slow && fast ? PK_VERDICT_UNDECIDED
                       : slow       ? PK_VERDICT_SLOWER
                       : fast       ? PK_VERDICT_FASTER
                       : r == PK_VERDICT_SAME ? PK_VERDICT_SAME
                                              : PK_VERDICT_UNDECIDED;
        state->res[i].verdict = v;
        state->res[i].why = v != PK_VERDICT_UNDECIDED ? PK_UNDECIDED_NOT
                            : slow && fast            ? PK_UNDECIDED_DISAGREE
                                                      : raw->res[i].why;
        state->sum.count[v]++;
    }
    state->host_state = 1;
    return PK_OK;
}
