/* The model given the host's state (see hoststate.h). */
#include "harness/hoststate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/predict.h"
#include "harness/report.h"
#include "harness/stats.h"
#include "sim/model.h"

void pk_hoststate_costs(const pk_costs *cal, double canary_ns, pk_costs *out)
{
    *out = *cal;
    if (!isfinite(canary_ns) || canary_ns < 0)
        return;
    const double delta = canary_ns - cal->h;
    out->h = canary_ns;
    out->h_b = fmax(0, cal->h_b + delta);
    out->graph_launch = fmax(0, cal->graph_launch + delta);
    out->graph_one = cal->graph_one > 0 ? fmax(0, cal->graph_one + delta) : 0; /* a launch call too */
    out->S = fmax(0, cal->S + delta);
}

void pk_hoststate_free(pk_hoststate *hs)
{
    pk_table_free(&hs->pred);
    pk_compare_free(&hs->pooled);
    free(hs->passes);
    memset(hs, 0, sizeof *hs);
}

/* The rows judged: pass rows, or summary rows when there are none. */
static const pk_row *judged(const pk_table *t, size_t *n)
{
    *n = t->npass ? t->npass : t->n;
    return t->npass ? t->pass : t->rows;
}

int pk_hoststate_predict(pk_model *m, const pk_costs *cal, const pk_point *key, double canary_ns, double *wall,
                         char *err, size_t errlen)
{
    pk_costs c;
    pk_hoststate_costs(cal, canary_ns, &c);
    pk_items items = {key->batch, (double)key->item_ns, 0, NULL, NULL, NULL};
    pk_prediction_dist pd;
    int rc = pk_predict(m, &c, PK_PREDICT_DES, key->strategy, &items, 1, &pd);
    *wall = rc == PK_OK ? pd.median.total_ns : NAN;
    if (rc != PK_OK)
        snprintf(err, errlen, "simulating %s item_ns=%llu batch=%llu %s: %s", pk_strategy_names[key->strategy],
                 (unsigned long long)key->item_ns, (unsigned long long)key->batch,
                 isfinite(canary_ns) && canary_ns >= 0 ? "in the canary's state" : "from the calibration",
                 pk_strerror(rc));
    return rc;
}

/* Predicts row r in its state into *wall (NAN when it has no canary or mask leaves it out). */
static int predict_row(pk_model *m, const pk_costs *cal, const pk_row *r, const int *mask, double *wall, char *err,
                       size_t errlen)
{
    *wall = NAN;
    if ((mask && !mask[r->key.strategy]) || !isfinite(r->canary_host_ns) || r->canary_host_ns < 0)
        return PK_OK;
    return pk_hoststate_predict(m, cal, &r->key, r->canary_host_ns, wall, err, errlen);
}

/* The closed-form total of key with costs c into *wall. */
static int closed_form(pk_model *m, const pk_costs *c, const pk_point *key, double *wall)
{
    pk_items items = {key->batch, (double)key->item_ns, 0, NULL, NULL, NULL};
    pk_prediction_dist pd;
    int rc = pk_predict(m, c, PK_PREDICT_CLOSED_FORM, key->strategy, &items, 1, &pd);
    *wall = pd.median.total_ns;
    return rc;
}

int pk_hoststate_normalise(pk_table *t, const pk_params *params, const char *label, char *err, size_t errlen)
{
    pk_model *m = NULL;
    if (pk_model_create(&m) != PK_OK) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    pk_costs cal;
    pk_costs_from_params(params, &cal);
    int rc = PK_OK;
    for (size_t i = 0; i < t->n + t->npass && rc == PK_OK; i++) {
        pk_row *r = i < t->n ? &t->rows[i] : &t->pass[i - t->n];
        char name[160];
        pk_point_name(&r->key, name, sizeof name);
        if (!isfinite(r->canary_host_ns) || r->canary_host_ns <= 0) {
            snprintf(err, errlen, "%s: %s has no canary_host_ns, or not a positive one (made without sweep --canary)",
                     label, name);
            rc = PK_EINVAL;
            break;
        }
        pk_costs c;
        pk_hoststate_costs(&cal, r->canary_host_ns, &c);
        double at_h, at_state;
        if ((rc = closed_form(m, &cal, &r->key, &at_h)) != PK_OK ||
            (rc = closed_form(m, &c, &r->key, &at_state)) != PK_OK ||
            !(at_h > 0 && at_state > 0 && isfinite(at_h / at_state))) {
            snprintf(err, errlen, "%s: %s: the model has no positive total in the canary's state (%s)", label, name,
                     rc ? pk_strerror(rc) : "zero or not finite");
            rc = rc ? rc : PK_EINVAL;
            break;
        }
        pk_row_scale_wall(r, at_h / at_state);
    }
    pk_model_destroy(m);
    return rc;
}

/* A predicted row for key with total wall (shape as measured: the join is then exact). */
static int push_pred(pk_table *t, const pk_params *p, const pk_point *key, double wall)
{
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "%s", p->backend);
    snprintf(r.device, sizeof r.device, "%s", p->device);
    snprintf(r.source, sizeof r.source, "predicted");
    r.key = *key;
    r.reps = 1;
    r.wall_ns = wall;
    return pk_table_push(t, &r);
}

/* Every pass alone: its rows against their own conditioned predictions. */
static int judge_passes(const pk_table *meas, const pk_params *p, const double *wall, const int *mask,
                        pk_hoststate *hs, char *err, size_t errlen)
{
    unsigned *seen = malloc(meas->npass * sizeof *seen);
    hs->passes = calloc(meas->npass, sizeof *hs->passes);
    if (!seen || !hs->passes) {
        free(seen);
        return PK_ENOMEM;
    }
    size_t nseen = 0;
    for (size_t i = 0; i < meas->npass; i++) { /* the pass numbers that occur, ascending */
        unsigned k = meas->pass[i].replicate;
        size_t j = 0;
        while (j < nseen && seen[j] < k)
            j++;
        if (j < nseen && seen[j] == k)
            continue;
        memmove(seen + j + 1, seen + j, (nseen - j) * sizeof *seen);
        seen[j] = k;
        nseen++;
    }
    int rc = PK_OK;
    for (size_t j = 0; j < nseen && nseen > 1 && rc == PK_OK; j++) {
        pk_table mt = {0}, pt = {0};
        for (size_t i = 0; i < meas->npass && rc == PK_OK; i++) {
            if (meas->pass[i].replicate != seen[j] || !isfinite(wall[i]))
                continue;
            pk_row r = meas->pass[i];
            r.replicate = 0;
            if ((rc = pk_table_push(&mt, &r)) == PK_OK)
                rc = push_pred(&pt, p, &r.key, wall[i]);
        }
        if (rc == PK_OK && mt.n) {
            pk_table_fill_savings(&pt);
            if ((rc = pk_cmp_pass_judge(&mt, &pt, mask, seen[j], &hs->passes[hs->npasses], err, errlen)) == PK_OK)
                hs->npasses++;
        }
        pk_table_free(&mt);
        pk_table_free(&pt);
    }
    free(seen);
    if (hs->npasses < 2) /* one pass judged: the pooled figures are its own */
        hs->npasses = 0;
    return rc;
}

/* Per summary row: the median of its rows' conditioned predictions, into hs->pred. */
static int pool(const pk_table *meas, const pk_params *p, const double *wall, pk_hoststate *hs)
{
    size_t n;
    const pk_row *rows = judged(meas, &n);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return PK_ENOMEM;
    int rc = PK_OK;
    for (size_t s = 0; s < meas->n && rc == PK_OK; s++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (isfinite(wall[i]) && pk_point_equal(&rows[i].key, &meas->rows[s].key))
                v[k++] = wall[i];
        if (k)
            rc = push_pred(&hs->pred, p, &meas->rows[s].key, pk_stats_median(v, k));
    }
    free(v);
    if (rc == PK_OK)
        pk_table_fill_savings(&hs->pred);
    return rc;
}

int pk_hoststate_compare(const pk_table *meas, const pk_params *params, const int *mask, pk_hoststate *hs, char *err,
                         size_t errlen)
{
    memset(hs, 0, sizeof *hs);
    size_t n;
    const pk_row *rows = judged(meas, &n);
    double *wall = malloc((n ? n : 1) * sizeof *wall), *canary = malloc((n ? n : 1) * sizeof *canary), items = 0;
    pk_model *m = NULL;
    int rc = PK_ENOMEM;
    if (!wall || !canary || pk_model_create(&m) != PK_OK)
        goto out;
    pk_costs cal;
    pk_costs_from_params(params, &cal);
    hs->h_ns = cal.h;
    for (size_t i = 0; i < n; i++) {
        if (mask && !mask[rows[i].key.strategy])
            continue;
        hs->rows++;
        if (isfinite(rows[i].canary_host_ns)) {
            canary[hs->rows_with++] = rows[i].canary_host_ns;
            items += (double)rows[i].key.batch;
        }
    }
    rc = PK_OK;
    if (hs->rows_with == 0)
        goto out;
    if (items > PK_PREDICT_MAX_ITEMS_ON_THE_FLY) {
        snprintf(err, errlen, "simulating the %zu rows with a canary would replay %.3g items (more than the %.0e that "
                 "compare simulates on the fly): compare fewer points (--strategy)",
                 hs->rows_with, items, PK_PREDICT_MAX_ITEMS_ON_THE_FLY);
        rc = PK_ERANGE;
        goto out;
    }
    pk_stats st;
    if ((rc = pk_stats_compute(canary, hs->rows_with, &st)) != PK_OK)
        goto out;
    hs->canary_min_ns = st.min;
    hs->canary_median_ns = st.median;
    hs->canary_max_ns = st.max;
    for (size_t i = 0; i < n && rc == PK_OK; i++)
        rc = predict_row(m, &cal, &rows[i], mask, &wall[i], err, errlen);
    if (rc == PK_OK && (rc = pool(meas, params, wall, hs)) == PK_OK &&
        (rc = pk_compare_run(meas, &hs->pred, NULL, mask, &hs->pooled, err, errlen)) == PK_OK && meas->npass)
        rc = judge_passes(meas, params, wall, mask, hs, err, errlen);
    hs->have = rc == PK_OK;
out:
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    pk_model_destroy(m);
    free(wall);
    free(canary);
    if (rc != PK_OK)
        pk_hoststate_free(hs);
    return rc;
}

const pk_cmp_point *pk_hoststate_point(const pk_hoststate *hs, const pk_point *key)
{
    for (size_t i = 0; hs && hs->have && i < hs->pooled.npts; i++)
        if (pk_point_equal(&hs->pooled.pts[i].key, key))
            return &hs->pooled.pts[i];
    return NULL;
}

void pk_gates_host_state(const pk_hoststate *hs, const pk_cmp_result *r, const pk_gates *g, pk_gate_result *gr)
{
    if (!hs || !hs->have || !g->has_mape || gr->doubt[0])
        return;
    char names[128] = "";
    for (int i = 0; i < gr->n; i++) {
        const int s = gr->mape_strategy[i] - 1;
        if (s < 0 || gr->verdict[i] != PK_GATE_FAIL || hs->pooled.per_strategy[s].n != r->per_strategy[s].n ||
            !(hs->pooled.per_strategy[s].mape_pct <= g->mape))
            continue;
        gr->verdict[i] = PK_GATE_INCONCLUSIVE;
        gr->failed--;
        gr->inconclusive++;
        char a[32];
        size_t len = strlen(gr->line[i]);
        snprintf(gr->line[i] + len, sizeof gr->line[i] - len, "; %s given the host's state",
                 pk_report_pct(a, sizeof a, hs->pooled.per_strategy[s].mape_pct));
        len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", pk_strategy_names[s]);
        snprintf(gr->state_doubt, sizeof gr->state_doubt,
                 "the host's launch cost beside the sweep's points was %.2f-%.2f us (median %.2f us) against h = "
                 "%.2f us at calibration, and in that state the model is within the limit for %s",
                 hs->canary_min_ns / 1e3, hs->canary_max_ns / 1e3, hs->canary_median_ns / 1e3, hs->h_ns / 1e3, names);
    }
}

/* The host-state model's error at key (pooled), or NAN. */
double pk_hoststate_err(const pk_hoststate *hs, const pk_point *key)
{
    const pk_cmp_point *p = pk_hoststate_point(hs, key);
    return p ? p->rel_err : NAN;
}

void pk_hoststate_spread_split(const pk_hoststate *hs, const pk_table *meas, pk_hoststate_spread *out)
{
    memset(out, 0, sizeof *out);
    if (!hs || !hs->have)
        return;
    for (size_t i = 0; i < hs->pooled.npts; i++) {
        const pk_cmp_point *p = &hs->pooled.pts[i];
        if (!isfinite(p->rel_err))
            continue;
        const int over = !(fabs(p->rel_err) <= 0.10);
        const pk_row *m = meas ? pk_table_find(meas, &p->key) : NULL;
        const double lo = m ? m->canary_host_ns_min : NAN, hi = m ? m->canary_host_ns_max : NAN;
        if (!(lo > 0) || !isfinite(hi)) {
            out->unknown++;
            out->unknown_over += over;
        } else if (hi / lo - 1 <= PK_CANARY_STEADY) {
            out->steady++;
            out->steady_over += over;
        } else {
            out->moving++;
            out->moving_over += over;
        }
    }
}
