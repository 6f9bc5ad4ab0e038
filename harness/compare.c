/* Predicted-against-measured statistics, join, crossovers and regret (see compare.h). */
#include "harness/compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/tidy_index.h"
#include "pkbench/policy.h"
#include "sim/analytic.h"
#include "sim/model.h"

const char *const pk_cmp_policy_names[PK_POL_COUNT] = {"seed", "simulator", "overlap-aware"};

int pk_cmp_have_overlap_policy(void) { return 1; }

size_t pk_crossover_index(const int *wins, size_t n)
{
    size_t i = n;
    while (i > 0 && wins[i - 1])
        i--;
    return i;
}

int pk_cmp_shape_matches(unsigned pred, unsigned meas) { return pred == meas || pred == 0; }

/* 1 when a prediction of key pred applies to the measured key meas: the same strategy, item_ns
 * and batch, and shapes that match. */
static int key_matches(const pk_point *pred, const pk_point *meas)
{
    return pred->strategy == meas->strategy && pred->item_ns == meas->item_ns && pred->batch == meas->batch &&
           pk_cmp_shape_matches(pred->grid, meas->grid) && pk_cmp_shape_matches(pred->block, meas->block);
}

/* Keeps row when it predicts key better than *best: exact shapes are preferred. */
static void consider(const pk_row *row, const pk_point *key, const pk_row **best, int *best_score)
{
    const pk_point *k = &row->key;
    if (!key_matches(k, key))
        return;
    int score = (k->grid == key->grid) + (k->block == key->block);
    if (score > *best_score) {
        *best = row;
        *best_score = score;
    }
}

const pk_row *pk_cmp_find_pred(const pk_table *pred, const pk_point *key)
{
    const pk_row *best = NULL;
    int best_score = -1;
    for (size_t i = 0; pred && i < pred->n; i++)
        consider(&pred->rows[i], key, &best, &best_score);
    return best;
}

/* pk_cmp_find_pred through an index of the prediction. */
static const pk_row *find_pred(const pk_table_index *pi, const pk_point *key)
{
    const pk_row *const *f, *best = NULL;
    int best_score = -1;
    size_t n = pk_table_index_family(pi, key, &f);
    for (size_t i = 0; i < n; i++)
        consider(f[i], key, &best, &best_score);
    return best;
}

int pk_cmp_params_foreign(const pk_params *p, const pk_table *meas)
{
    if (!meas->n || p->backend[0] == '\0' || strcmp(p->backend, "preset") == 0)
        return 0;
    const pk_row *r = &meas->rows[0];
    return strcmp(p->backend, r->backend) != 0 || (p->device[0] && r->device[0] && strcmp(p->device, r->device) != 0);
}

double pk_cmp_seed_savings(uint64_t batch, uint64_t h, uint64_t s) { return (double)batch * (double)h - (double)s; }

static int seed_choice(uint64_t batch, uint64_t item_ns, uint64_t h, uint64_t s)
{
    pk_policy_inputs in = {batch > UINT32_MAX ? UINT32_MAX : (uint32_t)batch, h, item_ns, s};
    return pk_decide_persistent_kernel(in).kind == PK_DECISION_PERSISTENT_KERNEL;
}

static uint64_t round_ns(double v) { return isfinite(v) && v > 0 ? (uint64_t)llround(v) : 0; }

pk_overlap_inputs pk_cmp_overlap_inputs(const pk_params *p, uint64_t batch, uint64_t item_ns)
{
    pk_overlap_inputs in = {0};
    in.batch_size = batch > UINT32_MAX ? UINT32_MAX : (uint32_t)batch;
    in.per_launch_overhead_ns = round_ns(p->value[PK_P_LAUNCH_HOST]);
    in.per_item_kernel_ns = item_ns;
    in.persistent_setup_overhead_ns = round_ns(p->value[PK_P_PERSISTENT_SETUP]);
    in.kernel_gap_ns = round_ns(p->value[PK_P_KERNEL_GAP]);
    in.launch_latency_ns = round_ns(p->value[PK_P_LAUNCH_LATENCY]);
    in.launch_queue_depth = round_ns(p->value[PK_P_LAUNCH_QUEUE_DEPTH]);
    in.persistent_item_ns = round_ns(p->value[PK_P_PERSISTENT_ITEM]);
    in.persistent_teardown_ns = round_ns(p->value[PK_P_PERSISTENT_TEARDOWN]);
    in.sync_ns = round_ns(p->value[PK_P_SYNC]);
    in.persistent_batch_ns = round_ns(pk_params_fallback(p->value, PK_P_PERSISTENT_LAUNCH_TRIP)); /* its own launch */
    return in;
}

static int overlap_choice(const pk_params *p, uint64_t batch, uint64_t item_ns)
{
    return pk_decide_overlap(pk_cmp_overlap_inputs(p, batch, item_ns)).kind == PK_DECISION_PERSISTENT_KERNEL;
}

static int cell_cmp(const void *a, const void *b)
{
    const pk_cmp_cell *x = a, *y = b;
#define K(f)                                                                                                   \
    if (x->key.f != y->key.f)                                                                                  \
        return x->key.f < y->key.f ? -1 : 1;
    K(grid)
    K(block)
    K(item_ns)
    K(batch)
#undef K
    return 0;
}

static uint64_t batch_at(const pk_cmp_cell *c, size_t n, size_t idx) { return idx < n ? c[idx].key.batch : 0; }

static int crossovers(pk_cmp_result *r)
{
    size_t cap = r->ncells ? r->ncells : 1;
    r->cross = calloc(cap, sizeof *r->cross);
    int *wins = malloc(cap * sizeof *wins);
    if (!r->cross || !wins) {
        free(wins);
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < r->ncells;) {
        size_t j = i;
        const pk_point *k0 = &r->cells[i].key;
        while (j < r->ncells && r->cells[j].key.item_ns == k0->item_ns && r->cells[j].key.grid == k0->grid &&
               r->cells[j].key.block == k0->block)
            j++;
        const pk_cmp_cell *g = &r->cells[i];
        size_t n = j - i;
        pk_cmp_cross *x = &r->cross[r->ncross++];
        x->item_ns = g->key.item_ns;
        x->grid = g->key.grid;
        x->block = g->key.block;
        x->nbatch = n;
        for (size_t k = 0; k < n; k++)
            wins[k] = g[k].best;
        x->idx_measured = pk_crossover_index(wins, n);
        x->measured = batch_at(g, n, x->idx_measured);
        x->have_predicted = 1;
        for (size_t k = 0; k < n; k++) {
            x->have_predicted &= isfinite(g[k].p_std) && isfinite(g[k].p_pers);
            wins[k] = g[k].p_pers < g[k].p_std;
        }
        if (x->have_predicted) {
            x->idx_predicted = pk_crossover_index(wins, n);
            x->predicted = batch_at(g, n, x->idx_predicted);
            x->error_steps = x->idx_predicted > x->idx_measured ? x->idx_predicted - x->idx_measured
                                                                 : x->idx_measured - x->idx_predicted;
        }
        for (int p = 0; p < PK_POL_COUNT; p++) {
            x->have_policy[p] = 1;
            for (size_t k = 0; k < n; k++) {
                x->have_policy[p] &= g[k].choice[p] >= 0;
                wins[k] = g[k].choice[p] == 1;
            }
            if (x->have_policy[p]) {
                x->idx_policy[p] = pk_crossover_index(wins, n);
                x->policy[p] = batch_at(g, n, x->idx_policy[p]);
            }
        }
        i = j;
    }
    free(wins);
    return PK_OK;
}

static int measured_has(const pk_table_index *mi, const pk_row *p)
{
    const pk_row *const *f;
    size_t n = pk_table_index_family(mi, &p->key, &f);
    for (size_t i = 0; i < n; i++)
        if (key_matches(&p->key, &f[i]->key))
            return 1;
    return 0;
}

static double pred_total(const pk_table_index *pi, pk_strategy s, const pk_row *m)
{
    pk_point key = pk_point_with(&m->key, s);
    const pk_row *p = find_pred(pi, &key);
    return p && isfinite(p->wall_ns) ? p->wall_ns : NAN;
}

/* Cell c's measured figures from its standard row ms and persistent row mp. */
static void measured_cell(pk_cmp_cell *c, const pk_row *ms, const pk_row *mp)
{
    c->key = ms->key;
    c->m_std = ms->wall_ns;
    c->m_pers = mp->wall_ns;
    c->std_p25 = ms->wall_ns_p25;
    c->std_p75 = ms->wall_ns_p75;
    c->pers_p25 = mp->wall_ns_p25;
    c->pers_p75 = mp->wall_ns_p75;
    c->best = c->m_pers < c->m_std;
}

/* Each policy's losses over r's cells: a policy that cannot choose at some cell is not
 * available, and nothing of it is summed (its losses elsewhere would pass for a judgement). */
static void policy_sums(pk_cmp_result *r)
{
    for (int p = 0; p < PK_POL_COUNT; p++) {
        pk_cmp_policy_sum *ps = &r->policy[p];
        ps->available = r->ncells > 0;
        for (size_t i = 0; i < r->ncells; i++)
            ps->available &= r->cells[i].choice[p] >= 0;
        for (size_t i = 0; ps->available && i < r->ncells; i++) {
            ps->loss_ns += r->cells[i].loss[p];
            ps->losing_cells += r->cells[i].loss[p] > 0;
            double oracle = fmin(r->cells[i].m_std, r->cells[i].m_pers);
            ps->worst_cell_pct = fmax(ps->worst_cell_pct, 100.0 * r->cells[i].loss[p] / oracle);
        }
        ps->regret_pct = ps->available && r->oracle_ns > 0 ? 100.0 * ps->loss_ns / r->oracle_ns : NAN;
    }
}

/* pk_cmp_check_totals, a total of 0 allowed where zero_ok. */
static int check_totals(const pk_table *t, const char *path, int zero_ok, char *err, size_t errlen)
{
    if (t->n == 0) {
        snprintf(err, errlen, "%s has no points", path);
        return PK_EINVAL;
    }
    for (size_t i = 0; i < t->n; i++) {
        const pk_row *m = &t->rows[i];
        if ((m->wall_ns > 0 || (zero_ok && m->wall_ns == 0)) && isfinite(m->wall_ns))
            continue;
        char what[64];
        if (isnan(m->wall_ns))
            snprintf(what, sizeof what, "empty or nan");
        else
            snprintf(what, sizeof what, "%g", m->wall_ns);
        snprintf(err, errlen, "%s: row %zu (%s item_ns=%llu batch=%llu grid=%u block=%u): wall_ns is %s, not a "
                              "%s finite number",
                 path, i + 1, pk_strategy_names[m->key.strategy], (unsigned long long)m->key.item_ns,
                 (unsigned long long)m->key.batch, m->key.grid, m->key.block, what,
                 zero_ok ? "non-negative" : "positive");
        return PK_EINVAL;
    }
    return PK_OK;
}

int pk_cmp_check_totals(const pk_table *t, const char *path, char *err, size_t errlen)
{
    return check_totals(t, path, 0, err, errlen);
}

int pk_cmp_check_predicted(const pk_table *t, const char *path, char *err, size_t errlen)
{
    return check_totals(t, path, 1, err, errlen);
}

int pk_compare_run(const pk_table *meas, const pk_table *pred, const pk_params *params, const int *strategies,
                   pk_cmp_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    int rc = PK_ENOMEM;
    double *mv = NULL, *pv = NULL;
    if (params) {
        r->have_params = 1;
        r->seed_h = (uint64_t)llround(params->value[PK_P_LAUNCH_HOST]);
        r->seed_s = (uint64_t)llround(params->value[PK_P_PERSISTENT_SETUP]);
    }
    for (size_t i = 0; i < meas->n; i++) {
        const pk_row *m = &meas->rows[i];
        if (!(m->wall_ns > 0) || !isfinite(m->wall_ns)) {
            snprintf(err, errlen, "measured point %s item_ns=%llu batch=%llu has no positive wall_ns",
                     pk_strategy_names[m->key.strategy], (unsigned long long)m->key.item_ns,
                     (unsigned long long)m->key.batch);
            return PK_EINVAL;
        }
    }
    r->pts = calloc(meas->n ? meas->n : 1, sizeof *r->pts);
    r->cells = calloc(meas->n ? meas->n : 1, sizeof *r->cells);
    mv = malloc((meas->n + 1) * sizeof *mv);
    pv = malloc((meas->n + 1) * sizeof *pv);
    pk_table_index mi = {0}, pi = {0}; /* lookups in n log n: tables of 1e5 rows join at once */
    if (!r->pts || !r->cells || !mv || !pv || pk_table_index_build(&mi, meas) || pk_table_index_build(&pi, pred))
        goto out;

    for (size_t i = 0; i < meas->n; i++) {
        const pk_row *m = &meas->rows[i];
        if (strategies && !strategies[m->key.strategy])
            continue;
        pk_cmp_point *pt = &r->pts[r->npts++];
        pt->key = m->key;
        pt->m_ns = m->wall_ns;
        pt->m_p25 = m->wall_ns_p25;
        pt->m_p75 = m->wall_ns_p75;
        pk_point std_key = pk_point_with(&m->key, PK_STRAT_STANDARD);
        const pk_row *ms = pk_table_index_find(&mi, &std_key);
        pt->m_save = ms ? ms->wall_ns - m->wall_ns : NAN;
        pt->p_ns = pred_total(&pi, m->key.strategy, m);
        pt->p_save = pred_total(&pi, PK_STRAT_STANDARD, m) - pt->p_ns;
        if (isfinite(pt->p_ns)) {
            pt->rel_err = (pt->p_ns - pt->m_ns) / pt->m_ns;
            pt->abs_err = fabs(pt->p_ns - pt->m_ns);
            r->matched++;
        } else {
            pt->rel_err = pt->abs_err = NAN;
            r->unmatched_measured++;
        }
    }
    if (pred)
        for (size_t i = 0; i < pred->n; i++)
            if ((!strategies || strategies[pred->rows[i].key.strategy]) && !measured_has(&mi, &pred->rows[i]))
                r->unmatched_predicted++;

    for (int s = -1; s < PK_STRAT_COUNT; s++) {
        size_t n = 0;
        for (size_t i = 0; i < r->npts; i++)
            if (isfinite(r->pts[i].p_ns) && (s < 0 || r->pts[i].key.strategy == (pk_strategy)s)) {
                mv[n] = r->pts[i].m_ns;
                pv[n] = r->pts[i].p_ns;
                n++;
            }
        pk_err_stats *st = s < 0 ? &r->overall : &r->per_strategy[s];
        if ((rc = pk_stats_errors(mv, pv, n, st)) != PK_OK) {
            snprintf(err, errlen, "a predicted total is not finite");
            goto out;
        }
    }

    for (size_t i = 0; i < meas->n; i++) {
        const pk_row *ms = &meas->rows[i];
        if (ms->key.strategy != PK_STRAT_STANDARD)
            continue;
        pk_point pers_key = pk_point_with(&ms->key, PK_STRAT_PERSISTENT);
        const pk_row *mp = pk_table_index_find(&mi, &pers_key);
        if (!mp)
            continue;
        pk_cmp_cell *c = &r->cells[r->ncells++];
        measured_cell(c, ms, mp);
        c->p_std = pred_total(&pi, PK_STRAT_STANDARD, ms);
        c->p_pers = pred_total(&pi, PK_STRAT_PERSISTENT, ms);
        double oracle = fmin(c->m_std, c->m_pers);
        r->oracle_ns += oracle;
        c->choice[PK_POL_SEED] = r->have_params ? seed_choice(c->key.batch, c->key.item_ns, r->seed_h, r->seed_s) : -1;
        c->choice[PK_POL_SIM] = isfinite(c->p_std) && isfinite(c->p_pers) ? c->p_pers < c->p_std : -1;
        c->choice[PK_POL_OVERLAP] = params ? overlap_choice(params, c->key.batch, c->key.item_ns) : -1;
        for (int p = 0; p < PK_POL_COUNT; p++)
            c->loss[p] = c->choice[p] < 0 ? NAN : (c->choice[p] ? c->m_pers : c->m_std) - oracle;
    }
    qsort(r->cells, r->ncells, sizeof *r->cells, cell_cmp);
    policy_sums(r);
    rc = crossovers(r);
out:
    free(mv);
    free(pv);
    pk_table_index_free(&mi);
    pk_table_index_free(&pi);
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (rc != PK_OK)
        pk_compare_free(r);
    return rc;
}

size_t pk_cmp_cross_exact(const pk_cmp_result *r, size_t *judged)
{
    size_t exact = 0;
    *judged = 0;
    for (size_t c = 0; c < r->ncross; c++)
        if (r->cross[c].have_predicted) {
            (*judged)++;
            exact += r->cross[c].error_steps == 0;
        }
    return exact;
}

int pk_cmp_pass_judge(const pk_table *meas, const pk_table *pred, const int *strategies, unsigned pass,
                      pk_cmp_pass *p, char *err, size_t errlen)
{
    pk_cmp_result r;
    int rc = pk_compare_run(meas, pred, NULL, strategies, &r, err, errlen);
    if (rc != PK_OK)
        return rc;
    memset(p, 0, sizeof *p);
    p->pass = pass;
    p->matched = r.matched;
    p->overall = r.overall;
    memcpy(p->per_strategy, r.per_strategy, sizeof p->per_strategy);
    p->cross_exact = pk_cmp_cross_exact(&r, &p->cross_judged);
    pk_compare_free(&r);
    return PK_OK;
}

/* Pass rows ordered by replicate, then as measured. */
static int pass_cmp(const void *a, const void *b)
{
    const pk_row *x = *(const pk_row *const *)a, *y = *(const pk_row *const *)b;
    if (x->replicate != y->replicate)
        return x->replicate < y->replicate ? -1 : 1;
    return x < y ? -1 : x > y;
}

int pk_compare_passes(const pk_table *meas, const pk_table *pred, const int *strategies, pk_cmp_pass **out,
                      size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    if (meas->npass == 0 || pk_table_replicates(meas) < 2)
        return PK_OK;
    /* The passes that occur, each once, whatever their numbers: a file may skip some. */
    const pk_row **order = malloc(meas->npass * sizeof *order);
    pk_cmp_pass *ps = calloc(meas->npass, sizeof *ps);
    if (!order || !ps) {
        free(order);
        free(ps);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < meas->npass; i++)
        order[i] = &meas->pass[i];
    qsort(order, meas->npass, sizeof *order, pass_cmp);
    int rc = PK_OK;
    for (size_t i = 0; rc == PK_OK && i < meas->npass;) {
        size_t j = i;
        pk_table t = {0};
        for (; rc == PK_OK && j < meas->npass && order[j]->replicate == order[i]->replicate; j++) {
            pk_row r = *order[j];
            r.replicate = 0;
            rc = pk_table_push(&t, &r);
        }
        if (rc != PK_OK) {
            snprintf(err, errlen, "out of memory");
        } else if ((rc = pk_cmp_pass_judge(&t, pred, strategies, order[i]->replicate, &ps[*n], err, errlen)) ==
                   PK_OK) {
            (*n)++;
        }
        free(t.rows);
        i = j;
    }
    free(order);
    if (rc != PK_OK || *n < 2) { /* one pass among pass rows: nothing to set beside the pooled figures */
        free(ps);
        *n = 0;
        return rc;
    }
    *out = ps;
    return PK_OK;
}

int pk_cmp_cross_margin(const pk_cmp_result *r, const pk_cmp_cross *x, double *margin, uint64_t *batch, int *overlap)
{
    *margin = NAN;
    *batch = 0;
    *overlap = 1;
    if (!x->have_predicted || x->error_steps == 0)
        return 0;
    size_t g = 0; /* the crossover's cells: contiguous, by batch (crossovers()) */
    while (g < r->ncells && !(r->cells[g].key.item_ns == x->item_ns && r->cells[g].key.grid == x->grid &&
                              r->cells[g].key.block == x->block))
        g++;
    size_t lo = x->idx_predicted < x->idx_measured ? x->idx_predicted : x->idx_measured;
    size_t hi = x->idx_predicted < x->idx_measured ? x->idx_measured : x->idx_predicted;
    for (size_t k = lo; k < hi && g + k < r->ncells; k++) {
        const pk_cmp_cell *c = &r->cells[g + k];
        double m = (c->m_pers - c->m_std) / c->m_std;
        if (*batch == 0 || fabs(m) > fabs(*margin))
            *margin = m, *batch = c->key.batch;
        /* The cell's own rows' IQRs: the points r judges may leave standard or persistent out. */
        *overlap &= isfinite(c->std_p25) && isfinite(c->pers_p25) && isfinite(c->std_p75) && isfinite(c->pers_p75) &&
                    c->std_p25 <= c->pers_p75 && c->pers_p25 <= c->std_p75;
    }
    return *batch != 0;
}

void pk_compare_free(pk_cmp_result *r)
{
    free(r->pts);
    free(r->cells);
    free(r->cross);
    memset(r, 0, sizeof *r);
}

int pk_cmp_is_cpu_analogue(const pk_table *t)
{
    const char *b = t->n ? t->rows[0].backend : pk_context_get(&t->context, "backend");
    return b && strcmp(b, "host") == 0;
}

void pk_cmp_device_label(const pk_table *t, char *buf, size_t len)
{
    const char *dev = t->n && t->rows[0].device[0] ? t->rows[0].device : NULL;
    static const char *const keys[] = {"device", "device_name", "gpu", "cpu_model", NULL};
    for (int i = 0; !dev && keys[i]; i++)
        dev = pk_context_get(&t->context, keys[i]);
    const char *be = t->n ? t->rows[0].backend : pk_context_get(&t->context, "backend");
    int said = dev && strstr(dev, "CPU analogue") != NULL;
    snprintf(buf, len, "%s (%s%s)", dev && *dev ? dev : "unknown device", be && *be ? be : "unknown backend",
             pk_cmp_is_cpu_analogue(t) && !said ? ", CPU analogue" : "");
}
