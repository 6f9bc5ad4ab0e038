/* The prediction of a point and its tidy row (see predict.h). */
#include "harness/predict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/tidy.h"
#include "sim/analytic.h"

const char *const pk_predict_mode_names[] = {"des", "additive", "closed-form", NULL};

int pk_predict(pk_model *m, const pk_costs *c, pk_predict_mode mode, pk_strategy s, const pk_items *it,
               uint64_t draws, pk_prediction_dist *out)
{
    if (mode == PK_PREDICT_DES)
        return pk_model_predict(m, c, s, it, draws, out);
    double d = it->d, w = it->w;
    pk_costs mean = *c;
    if (it->dv) {
        double sd = 0, sw = 0, sh = 0;
        for (uint64_t k = 0; k < it->n; k++) {
            sd += it->dv[k];
            sw += it->wv ? it->wv[k] : 0;
            sh += it->hv ? it->hv[k] : 0;
        }
        d = sd / (double)it->n;
        w = sw / (double)it->n;
        if (it->hv)
            mean.h = sh / (double)it->n;
        mean.o = mean.r = 0; /* per-item durations are as they ran */
    }
    int rc = mode == PK_PREDICT_ADDITIVE ? pk_analytic_additive(&mean, s, d, it->n, w, &out->median)
                                         : pk_analytic_pipelined(&mean, s, d, it->n, w, &out->median);
    if (rc)
        return rc;
    pk_prediction_dist_point(out);
    return PK_OK;
}

void pk_predict_row(pk_row *r, const pk_params *p, const pk_point *key, const pk_prediction_dist *pd,
                    double achieved_item_ns)
{
    pk_row_init(r);
    snprintf(r->backend, sizeof r->backend, "%s", p->backend);
    snprintf(r->device, sizeof r->device, "%s", p->device);
    snprintf(r->source, sizeof r->source, "predicted");
    r->key = *key;
    r->reps = pd->draws;
    r->wall_ns = pd->p50;
    if (pd->draws > 1) {
        r->wall_ns_p10 = pd->p10;
        r->wall_ns_p25 = pd->p25;
        r->wall_ns_p75 = pd->p75;
        r->wall_ns_p90 = pd->p90;
        r->wall_ns_min = pd->min;
        r->wall_ns_max = pd->max;
        r->wall_ns_cv = pd->cv;
    }
    r->host_ns = pd->median.host_ns;
    r->device_ns = pd->median.device_ns;
    r->achieved_item_ns = achieved_item_ns;
    r->setup_ns = pd->median.setup_ns;
    r->teardown_ns = pd->median.teardown_ns;
}

/* The distinct shape-independent keys of meas (strategies limited by mask), sorted, with a
 * flag each for "predicted already"; *work gets the items they simulate. NULL when out of
 * memory. */
typedef struct todo {
    pk_point key;
    int done;
} todo;

static int todo_cmp(const void *a, const void *b)
{
    return pk_point_compare(&((const todo *)a)->key, &((const todo *)b)->key);
}

static todo *distinct_keys(const pk_table *meas, const int *mask, size_t *n, double *work)
{
    todo *t = malloc((meas->n ? meas->n : 1) * sizeof *t);
    size_t k = 0;
    *work = 0;
    for (size_t i = 0; t && i < meas->n; i++)
        if (!mask || mask[meas->rows[i].key.strategy]) {
            t[k].key = meas->rows[i].key;
            t[k].key.grid = t[k].key.block = 0; /* predictions are shape-independent */
            t[k++].done = 0;
        }
    if (!t)
        return NULL;
    qsort(t, k, sizeof *t, todo_cmp);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (*n == 0 || !pk_point_equal(&t[*n - 1].key, &t[i].key)) {
            t[(*n)++] = t[i];
            *work += (double)t[i].key.batch;
        }
    return t;
}

int pk_predict_measured(const pk_table *meas, const int *mask, const pk_params *params, pk_table *pred, char *err,
                        size_t errlen)
{
    memset(pred, 0, sizeof *pred);
    size_t nkeys = 0;
    double work;
    pk_model *m = NULL;
    todo *keys = distinct_keys(meas, mask, &nkeys, &work);
    if (keys && work > PK_PREDICT_MAX_ITEMS_ON_THE_FLY) {
        snprintf(err, errlen, "simulating the %zu measured points would replay %.3g items (more than the %.0e that "
                 "compare and plot simulate on the fly): run 'pkbench simulate' on them and pass --predicted",
                 nkeys, work, PK_PREDICT_MAX_ITEMS_ON_THE_FLY);
        free(keys);
        return PK_ERANGE;
    }
    if (!keys || pk_model_create(&m) != PK_OK) {
        free(keys);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    pk_costs c;
    pk_costs_from_params(params, &c);
    pred->context = params->context;
    int rc = PK_OK;
    for (size_t i = 0; i < meas->n && rc == PK_OK; i++) { /* in the order of meas */
        todo probe = {meas->rows[i].key, 0};
        probe.key.grid = probe.key.block = 0;
        todo *k = (!mask || mask[probe.key.strategy]) ? bsearch(&probe, keys, nkeys, sizeof *keys, todo_cmp) : NULL;
        if (!k || k->done)
            continue;
        k->done = 1;
        pk_point key = k->key;
        pk_items items = {key.batch, (double)key.item_ns, 0, NULL, NULL, NULL};
        pk_prediction_dist pd;
        if ((rc = pk_predict(m, &c, PK_PREDICT_DES, key.strategy, &items, 1, &pd)) != PK_OK) {
            snprintf(err, errlen, "simulating %s item_ns=%llu batch=%llu: %s", pk_strategy_names[key.strategy],
                     (unsigned long long)key.item_ns, (unsigned long long)key.batch, pk_strerror(rc));
            break;
        }
        pk_row r;
        pk_predict_row(&r, params, &key, &pd, (double)key.item_ns);
        if (r.wall_ns > PK_TIDY_MAX_FIGURE) { /* what the tidy reader would refuse in OUT/predicted.csv */
            snprintf(err, errlen, "simulating %s item_ns=%llu batch=%llu: a predicted time past 1e18 ns, which a "
                     "results table may not hold", pk_strategy_names[key.strategy], (unsigned long long)key.item_ns,
                     (unsigned long long)key.batch);
            rc = PK_ERANGE;
        } else if ((rc = pk_table_push(pred, &r)) != PK_OK)
            snprintf(err, errlen, "out of memory");
    }
    pk_model_destroy(m);
    free(keys);
    if (rc != PK_OK) {
        pk_table_free(pred);
        return rc;
    }
    pk_table_fill_savings(pred);
    return PK_OK;
}
