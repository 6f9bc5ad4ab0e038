/* The sweep driver: adaptive repetitions per point and the tidy rows they give (see sweep.h). */
#include "harness/sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/median.h"
#include "common/status.h"
#include "harness/stats.h"
#include "harness/sweep_canary.h"

void pk_sweep_opts_default(pk_sweep_opts *o)
{
    o->noise = 0.01;
    o->min_reps = 5;
    o->max_reps = 1000;
    o->max_time_s = 0.1;
    o->warmup_reps = 1;
    o->canary = 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Growable per-figure sample arrays of one point. */
struct pk__samples {
    double *wall, *host, *device, *achieved, *setup, *teardown, *clock, *cpu;
    size_t n, cap;
    uint64_t throttled;
};
typedef struct pk__samples samples;

static double process_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void samples_free(samples *s)
{
    free(s->cpu);
    free(s->wall);
    free(s->host);
    free(s->device);
    free(s->achieved);
    free(s->setup);
    free(s->teardown);
    free(s->clock);
}

static int samples_push(samples *s, const pk_sample *x, double cpu_ns)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        double **f[] = {&s->wall, &s->host, &s->device, &s->achieved, &s->setup, &s->teardown, &s->clock, &s->cpu};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
            double *p = realloc(*f[i], cap * sizeof *p);
            if (!p)
                return PK_ENOMEM;
            *f[i] = p;
        }
        s->cap = cap;
    }
    s->wall[s->n] = x->wall_ns;
    s->host[s->n] = x->host_ns;
    s->device[s->n] = x->device_ns;
    s->achieved[s->n] = x->achieved_item_ns;
    s->setup[s->n] = x->setup_ns;
    s->teardown[s->n] = x->teardown_ns;
    s->clock[s->n] = x->sm_clock_mhz;
    s->cpu[s->n] = cpu_ns;
    s->n++;
    if (x->throttled)
        s->throttled++;
    return PK_OK;
}

static void sample_clear(pk_sample *x)
{
    x->wall_ns = x->host_ns = x->device_ns = x->achieved_item_ns = NAN;
    x->setup_ns = x->teardown_ns = x->sm_clock_mhz = NAN;
    x->throttled = 0;
}

int pk__sweep_run_once(const pk_backend_ops *ops, pk_backend *b, const pk_point *pt, pk_sample *x, char *err,
                       size_t errlen)
{
    char why[384] = "";
    sample_clear(x);
    int rc = ops->run(b, pt, x, why, sizeof why);
    if (rc == PK_OK && !(x->wall_ns >= 0 && isfinite(x->wall_ns))) {
        rc = PK_ECHECK;
        snprintf(why, sizeof why, "run() returned no finite wall_ns");
    }
    if (rc != PK_OK) {
        char name[128];
        pk_point_name(pt, name, sizeof name);
        snprintf(err, errlen, "%s at point %s: %s", why[0] ? why : "run() failed", name, pk_strerror(rc));
    }
    return rc;
}

void pk_sweep_grid_zero(uint64_t *grids, size_t *ng)
{
    if (*ng == 0 || grids[0] != 0)
        return;
    grids[0] = 1;
    if (*ng > 1 && grids[1] == 1)
        memmove(grids, grids + 1, --*ng * sizeof *grids);
}

/* The repetitions of one point by the stopping rule, appended to s (empty on entry). The canary
 * between them (sweep --canary; bw NULL: none): one launch canary run into bw whenever the point
 * has run ten times as long as the last canary run took, at most PK_SWEEP_CANARY_BETWEEN of them,
 * so that a long point's canary follows the host's state through it at a tenth of its time (a
 * short point gets none: its canary is the runs beside it). */
static int measure_into(const pk_backend_ops *ops, pk_backend *b, const pk_point *pt, const pk_sweep_opts *o,
                        const volatile sig_atomic_t *stop, pk_sweep_rep_fn on_rep, void *ud, samples *s,
                        pk__canary *bw, char *err, size_t errlen)
{
    pk_sample x;
    int rc = PK_OK;
    /* Running mean and sum of squared deviations of wall_ns (Welford) for the stopping rule,
     * and, only for on_rep, the running median of the wall times in two heaps: O(log n) a
     * repetition (a sorted array's insertions made a point of a million repetitions quadratic). */
    double mean = 0, m2 = 0;
    pk_running_median med = {0};
    double t0 = now_s(), canary_at = t0, canary_cost = 1e-3;
    size_t canaries = 0;
    uint64_t floor_reps = o->min_reps < PK_SWEEP_TIME_FLOOR_REPS ? o->min_reps : PK_SWEEP_TIME_FLOOR_REPS;
    if (floor_reps < 1)
        floor_reps = 1;

    for (uint64_t w = 0; w < o->warmup_reps; w++) {
        if ((rc = pk__sweep_run_once(ops, b, pt, &x, err, errlen)) != PK_OK)
            goto out;
        if (stop && *stop) {
            rc = PK_EINTR;
            goto out;
        }
    }
    for (;;) {
        double cpu0 = process_cpu_ns();
        if ((rc = pk__sweep_run_once(ops, b, pt, &x, err, errlen)) != PK_OK)
            goto out;
        if ((rc = samples_push(s, &x, process_cpu_ns() - cpu0)) != PK_OK) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        uint64_t reps = s->n;
        double delta = x.wall_ns - mean;
        mean += delta / (double)reps;
        m2 += delta * (x.wall_ns - mean);
        /* As pk_stats_cv: sample sd over |mean|; 0 for one sample. */
        double sd = reps > 1 ? sqrt(m2 / (double)(reps - 1)) : 0.0;
        double cv = mean != 0.0 ? sd / fabs(mean) : (reps > 1 ? NAN : 0.0);
        if (on_rep) {
            if ((rc = pk_running_median_add(&med, x.wall_ns)) != PK_OK) {
                snprintf(err, errlen, "out of memory");
                goto out;
            }
            on_rep(ud, pt, reps, pk_running_median_get(&med), cv);
        }
        if (bw && canaries < PK_SWEEP_CANARY_BETWEEN && now_s() - canary_at >= 10 * canary_cost) {
            double c0 = now_s();
            if ((rc = pk__sweep_canary_run(ops, b, bw->v, &bw->n, err, errlen)) != PK_OK)
                goto out;
            canaries++;
            canary_at = now_s();
            canary_cost = canary_at - c0;
            t0 += canary_cost; /* the time cap is the point's own: a canary beside it takes none of it */
        }
        if (reps >= o->max_reps)
            break;
        if (reps >= o->min_reps && reps >= 2 && cv <= o->noise) /* one repetition's CV of 0 measured no noise */
            break;
        if (reps >= floor_reps && now_s() - t0 >= o->max_time_s)
            break;
        if (stop && *stop) {
            rc = PK_EINTR;
            goto out;
        }
    }
out:
    if (rc == PK_EINTR) {
        char name[128];
        pk_point_name(pt, name, sizeof name);
        snprintf(err, errlen, "interrupted during point %s", name);
    }
    pk_running_median_free(&med);
    return rc;
}

/* The canary between point pt's repetitions: none without --canary, nor for a resident point,
 * whose kernel a launch canary would stop (the next repetition then measures a fresh kernel's
 * first batches; its push canary runs beside it instead, sweep_canary.h). */
static pk__canary *between_of(const pk_sweep *s, const pk_point *pt, pk__canary *c)
{
    return s->opts.canary && pt->strategy != PK_STRAT_PERSISTENT_RESIDENT ? c : NULL;
}

/* The tidy row of point pt from its samples s. */
static int summarise(const samples *s, const pk_point *pt, pk_row *row, char *err, size_t errlen)
{
    pk_stats st;
    pk_row_init(row);
    row->key = *pt;
    snprintf(row->source, sizeof row->source, "measured");
    row->reps = s->n;
    if (pk_stats_compute(s->wall, s->n, &st) != PK_OK) {
        snprintf(err, errlen, "no finite wall time measured");
        return PK_ECHECK;
    }
    row->wall_ns = st.median;
    row->wall_ns_p10 = st.p10;
    row->wall_ns_p25 = st.p25;
    row->wall_ns_p75 = st.p75;
    row->wall_ns_p90 = st.p90;
    row->wall_ns_min = st.min;
    row->wall_ns_max = st.max;
    row->wall_ns_cv = st.cv;
    row->host_ns = pk_stats_median(s->host, s->n);
    row->device_ns = pk_stats_median(s->device, s->n);
    row->achieved_item_ns = pk_stats_median(s->achieved, s->n);
    row->setup_ns = pk_stats_median(s->setup, s->n);
    row->teardown_ns = pk_stats_median(s->teardown, s->n);
    row->sm_clock_mhz = pk_stats_median(s->clock, s->n);
    row->cpu_ns = pk_stats_median(s->cpu, s->n);
    row->throttled_reps = s->throttled;
    return PK_OK;
}

int pk_sweep_measure(const pk_backend_ops *ops, pk_backend *b, const pk_point *pt, const pk_sweep_opts *o,
                     const volatile sig_atomic_t *stop, pk_sweep_rep_fn on_rep, void *ud, pk_row *row, char *err,
                     size_t errlen)
{
    samples s = {0};
    int rc = measure_into(ops, b, pt, o, stop, on_rep, ud, &s, NULL, err, errlen);
    if (rc == PK_OK)
        rc = summarise(&s, pt, row, err, errlen);
    samples_free(&s);
    return rc;
}

void pk_sweep_init(pk_sweep *s, const pk_backend_ops *ops, pk_backend *b, const char *device, const pk_point *points,
                   size_t npoints, const pk_sweep_opts *o)
{
    memset(s, 0, sizeof *s);
    s->ops = ops;
    s->b = b;
    s->points = points;
    s->npoints = npoints;
    s->opts = *o;
    snprintf(s->backend, sizeof s->backend, "%s", ops ? ops->name : "");
    snprintf(s->device, sizeof s->device, "%s", device ? device : "");
    s->replicates = 1;
    s->t0 = now_s();
}

int pk_sweep_set_replicates(pk_sweep *s, unsigned k)
{
    s->replicates = k ? k : 1;
    if (s->replicates == 1 || s->npoints == 0)
        return PK_OK;
    s->pool = calloc(s->npoints, sizeof *s->pool);
    return s->pool ? PK_OK : PK_ENOMEM;
}

/* Appends every sample of src to dst. */
static int samples_append(samples *dst, const samples *src)
{
    for (size_t i = 0; i < src->n; i++) {
        pk_sample x = {.wall_ns = src->wall[i], .host_ns = src->host[i], .device_ns = src->device[i],
                       .achieved_item_ns = src->achieved[i], .setup_ns = src->setup[i],
                       .teardown_ns = src->teardown[i], .sm_clock_mhz = src->clock[i]};
        if (samples_push(dst, &x, src->cpu[i]) != PK_OK)
            return PK_ENOMEM;
    }
    dst->throttled += src->throttled;
    return PK_OK;
}

/* Keeps savings_ns filled after row cur changed, in one pass (pk_table_fill_savings after every
 * point would be quadratic per point): a standard row sets the savings of its whole key, any
 * other row takes its savings from its key's standard row. */
static void update_savings(pk_table *t, pk_row *cur)
{
    if (cur->key.strategy != PK_STRAT_STANDARD) {
        pk_point std_key = pk_point_with(&cur->key, PK_STRAT_STANDARD);
        const pk_row *std_ = pk_table_find(t, &std_key);
        cur->savings_ns = std_ ? std_->wall_ns - cur->wall_ns : NAN;
        return;
    }
    for (size_t i = 0; i < t->n; i++) {
        pk_row *r = &t->rows[i];
        pk_point same = pk_point_with(&cur->key, r->key.strategy); /* cur's key, r's strategy */
        if (pk_point_equal(&r->key, &same))
            r->savings_ns = cur->wall_ns - r->wall_ns;
    }
}

/* Stores summary row r of point k (replacing its earlier one), its savings kept right. */
static int store_summary(pk_sweep *s, pk_row *r, const pk_row **stored)
{
    const pk_row *old = pk_table_find(&s->table, &r->key);
    if (old) {
        *(pk_row *)old = *r;
    } else {
        if (pk_table_push(&s->table, r) != PK_OK)
            return PK_ENOMEM;
        s->done++;
        old = pk_table_find(&s->table, &r->key);
    }
    update_savings(&s->table, (pk_row *)old);
    if (stored)
        *stored = old;
    return PK_OK;
}

/* Appends pass row r and keeps the savings of its pass right (against standard of that pass). */
static int store_pass(pk_sweep *s, const pk_row *r, const pk_row **stored)
{
    if (pk_table_push_pass(&s->table, r) != PK_OK)
        return PK_ENOMEM;
    pk_row *cur = &s->table.pass[s->table.npass - 1];
    for (size_t i = 0; i < s->table.npass; i++) {
        pk_row *o = &s->table.pass[i];
        pk_point same = pk_point_with(&o->key, cur->key.strategy); /* o's key, cur's strategy */
        if (o->replicate != cur->replicate || !pk_point_equal(&same, &cur->key))
            continue;
        if (cur->key.strategy == PK_STRAT_STANDARD)
            o->savings_ns = cur->wall_ns - o->wall_ns;
        else if (o->key.strategy == PK_STRAT_STANDARD)
            cur->savings_ns = o->wall_ns - cur->wall_ns;
    }
    if (stored)
        *stored = cur;
    return PK_OK;
}

/* One pass of point k: its pass row, and its summary row from all its passes so far. */
static int measure_pass(pk_sweep *s, size_t k, unsigned pass, const pk_row **row)
{
    samples one = {0};
    pk_row r, sum;
    const pk_point *pt = &s->points[k];
    double started = now_s() - s->t0;
    pk__canary c = {.n = 0};
    int rc = s->opts.canary ? pk__sweep_canary_side(s, pt, 1, &c) : PK_OK;
    if (rc == PK_OK)
        rc = measure_into(s->ops, s->b, pt, &s->opts, s->stop, s->on_rep, s->ud, &one, between_of(s, pt, &c),
                          s->err, sizeof s->err);
    if (rc == PK_OK && s->opts.canary)
        rc = pk__sweep_canary_side(s, pt, 0, &c);
    if (rc == PK_OK)
        rc = summarise(&one, pt, &r, s->err, sizeof s->err);
    if (rc == PK_OK && samples_append(&s->pool[k], &one) != PK_OK)
        rc = PK_ENOMEM;
    if (rc == PK_OK)
        rc = summarise(&s->pool[k], pt, &sum, s->err, sizeof s->err);
    samples_free(&one);
    if (rc != PK_OK)
        return rc;
    snprintf(r.backend, sizeof r.backend, "%s", s->backend);
    snprintf(r.device, sizeof r.device, "%s", s->device);
    r.replicate = pass;
    r.started_s = started;
    pk__sweep_set_canary(&r, &c);
    sum.key = r.key;
    memcpy(sum.backend, r.backend, sizeof sum.backend);
    memcpy(sum.device, r.device, sizeof sum.device);
    if (store_pass(s, &r, row) != PK_OK)
        goto nomem;
    if (pk__sweep_pass_canary(s, &sum) != PK_OK || store_summary(s, &sum, NULL) != PK_OK)
        goto nomem;
    return PK_OK;
nomem:
    snprintf(s->err, sizeof s->err, "out of memory");
    return PK_ENOMEM;
}

/* Measures point k, alone (pass 0) or in a pass of a sweep with replicates, unless the sweep has
 * stopped; a failure or an interruption stops it and marks the table partial. */
static int step(pk_sweep *s, size_t k, unsigned pass, const pk_row **row)
{
    if (s->status != PK_OK)
        return s->status;
    if (k >= s->npoints || pass > s->replicates || (pass && !s->pool)) {
        snprintf(s->err, sizeof s->err, "no point %zu in pass %u", k, pass);
        return PK_EINVAL;
    }
    pk_row r;
    int rc = PK_OK;
    if (s->stop && *s->stop) {
        rc = PK_EINTR;
        snprintf(s->err, sizeof s->err, "interrupted before the point started");
    } else if (pass) {
        rc = measure_pass(s, k, pass, row);
    } else {
        pk__canary c = {.n = 0};
        samples one = {0};
        if (s->opts.canary)
            rc = pk__sweep_canary_side(s, &s->points[k], 1, &c);
        if (rc == PK_OK)
            rc = measure_into(s->ops, s->b, &s->points[k], &s->opts, s->stop, s->on_rep, s->ud, &one,
                              between_of(s, &s->points[k], &c), s->err, sizeof s->err);
        if (rc == PK_OK)
            rc = summarise(&one, &s->points[k], &r, s->err, sizeof s->err);
        samples_free(&one);
        if (rc == PK_OK && s->opts.canary)
            rc = pk__sweep_canary_side(s, &s->points[k], 0, &c);
        if (rc == PK_OK) {
            snprintf(r.backend, sizeof r.backend, "%s", s->backend);
            snprintf(r.device, sizeof r.device, "%s", s->device);
            pk__sweep_set_canary(&r, &c);
            if ((rc = store_summary(s, &r, row)) != PK_OK)
                snprintf(s->err, sizeof s->err, "out of memory");
        }
    }
    if (rc != PK_OK) {
        s->status = rc;
        s->table.partial = 1;
    }
    return rc;
}

int pk_sweep_step(pk_sweep *s, size_t k, const pk_row **row)
{
    return step(s, k, 0, row);
}

int pk_sweep_step_pass(pk_sweep *s, size_t k, unsigned pass, const pk_row **row)
{
    if (pass == 0) {
        snprintf(s->err, sizeof s->err, "pass 0: passes count from 1");
        return PK_EINVAL;
    }
    return step(s, k, pass, row);
}

int pk_sweep_run(pk_sweep *s)
{
    if (s->replicates > 1) {
        const pk_row *r;
        for (unsigned p = 1; p <= s->replicates && s->status == PK_OK; p++)
            for (size_t k = 0; k < s->npoints && s->status == PK_OK; k++)
                pk_sweep_step_pass(s, k, p, &r);
        return s->status;
    }
    for (size_t k = 0; k < s->npoints && s->status == PK_OK; k++)
        pk_sweep_step(s, k, NULL);
    return s->status;
}

void pk_sweep_free(pk_sweep *s)
{
    pk_table_free(&s->table);
    for (size_t k = 0; s->pool && k < s->npoints; k++)
        samples_free(&s->pool[k]);
    free(s->pool);
    s->pool = NULL;
}

pk_point *pk_sweep_points(const int *strategies, size_t ns, const uint64_t *items, size_t ni, const uint64_t *batches,
                          size_t nb, const uint64_t *grids, size_t ng, const uint64_t *blocks, size_t nk, size_t *n)
{
    *n = 0;
    size_t total = ns * ni * nb * ng * nk;
    if (total == 0)
        return NULL;
    pk_point *p = malloc(total * sizeof *p);
    if (!p)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < nb; j++)
            for (size_t g = 0; g < ng; g++)
                for (size_t c = 0; c < nk; c++)
                    for (size_t t = 0; t < ns; t++) {
                        p[k].strategy = (pk_strategy)strategies[t];
                        p[k].item_ns = items[i];
                        p[k].batch = batches[j];
                        p[k].grid = (unsigned)grids[g];
                        p[k].block = (unsigned)blocks[c];
                        k++;
                    }
    *n = k;
    return p;
}
