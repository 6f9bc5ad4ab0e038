/* The launch model's stochastic mode (how costs are drawn) and the distribution of a batch's
 * total over draws (see model.h). */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "sim/model.h"
#include "sim/model_state.h"

/* The samples that parameter id is drawn from: its own, or for a parameter that falls back on
 * another (pk_params_fallback: h_b on h, e_b and e_c on e, B_l on B, graph_node_busy on graph_node)
 * and was not measured, the other's, so that a file without it draws as it did before the
 * parameter existed, and as the deterministic model charges. Not measured: 0, or, without
 * samples of its own, the other's very value (what the loader fills in for a file that leaves
 * it out). A value measured but stored without samples is drawn around itself (model.h), not
 * from the other's samples: e_c of 10 ns drawn from e's of 14 made chunked items 40% dearer. */
static const pk_samples *draw_samples(const pk_params *p, int id)
{
    if (!p)
        return NULL;
    const int other = id == PK_P_LAUNCH_HOST_BUSY         ? PK_P_LAUNCH_HOST
                      : id == PK_P_PERSISTENT_ITEM_BUSY   ? PK_P_PERSISTENT_ITEM
                      : id == PK_P_PERSISTENT_LAUNCH_TRIP ? PK_P_PERSISTENT_BATCH
                      : id == PK_P_GRAPH_NODE_BUSY        ? PK_P_GRAPH_NODE
                      : id == PK_P_PERSISTENT_CHUNK_ITEM  ? PK_P_PERSISTENT_ITEM
                                                          : id;
    const int unmeasured = !(p->value[id] > 0) || (p->samples[id].n == 0 && p->value[id] == p->value[other]);
    return &p->samples[other != id && unmeasured ? other : id];
}

int pk_model_set_random(pk_model *m, const pk_params *p, const pk_model_random *r)
{
    if (!m)
        return PK_EINVAL;
    m->random = 0;
    m->item_sigma = 0;
    memset(m->samples, 0, sizeof m->samples);
    memset(m->use_logn, 0, sizeof m->use_logn);
    memset(m->p_zero, 0, sizeof m->p_zero);
    memset(m->jitter_rel, 0, sizeof m->jitter_rel);
    m->graph_parts = 0;
    if (!r)
        return PK_OK;
    if (!(r->jitter_cv >= 0) || !isfinite(r->jitter_cv) || !(r->item_cv >= 0) || !isfinite(r->item_cv) ||
        (r->dist != PK_DIST_RESAMPLE && r->dist != PK_DIST_LOGNORMAL))
        return PK_EINVAL;
    for (int id = 0; id < PK_PARAM_COUNT; id++) {
        if (id == PK_P_LAUNCH_QUEUE_DEPTH)
            continue;
        const pk_samples *sm = draw_samples(p, id);
        if (sm && sm->n > 0) {
            if (r->dist == PK_DIST_RESAMPLE) {
                m->samples[id] = *sm;
                continue;
            }
            /* Lognormal fitted by the mean and standard deviation of log(samples), with a mass
             * at 0 of the zero samples' share: a difference clamped at 0 (L = max(0, probe - h))
             * is 0 in some runs. A negative sample has no lognormal. */
            double s1 = 0, s2 = 0;
            size_t pos = 0;
            for (size_t i = 0; i < sm->n; i++) {
                if (!(sm->v[i] >= 0))
                    return PK_EINVAL;
                if (sm->v[i] == 0)
                    continue;
                double l = log(sm->v[i]);
                s1 += l;
                s2 += l * l;
                pos++;
            }
            double mean = pos ? s1 / (double)pos : 0, var = pos > 1 ? (s2 - s1 * mean) / (double)(pos - 1) : 0;
            m->mu[id] = mean;
            m->sigma[id] = var > 0 ? sqrt(var) : 0;
            m->p_zero[id] = (double)(sm->n - pos) / (double)sm->n;
            m->use_logn[id] = 1;
        } else if (r->jitter_cv > 0 && p && pk_params_fallback(p->value, (pk_param_id)id) > 0) {
            /* No samples: a lognormal factor of mean 1 and CV jitter_cv on the value the model
             * charges at the draw (which may differ from the file's: a workload's graph node) */
            double s2 = log1p(r->jitter_cv * r->jitter_cv);
            m->p_zero[id] = 0;
            m->mu[id] = -s2 / 2;
            m->sigma[id] = sqrt(s2);
            m->use_logn[id] = m->jitter_rel[id] = 1;
        }
    }
    /* A file that did not measure graph_launch_ns holds its fallback h + L + sync (the loader's
     * sum, pk_params_fallback), one constant that would not move with L's and sync's draws: drawn
     * as it was before the parameter (the latency L, then sync), as draw_samples does for the
     * others. A value measured but without samples is charged as it is. */
    if (p && p->samples[PK_P_GRAPH_LAUNCH].n == 0 && p->samples[PK_P_LAUNCH_LATENCY].n > 0) {
        double v[PK_PARAM_COUNT];
        memcpy(v, p->value, sizeof v);
        v[PK_P_GRAPH_LAUNCH] = 0; /* not measured: what the loader fills in */
        const double sum = pk_params_fallback(v, PK_P_GRAPH_LAUNCH);
        m->graph_parts = fabs(p->value[PK_P_GRAPH_LAUNCH] - sum) <= 1e-9 * sum;
    }
    m->item_sigma = r->item_cv > 0 ? sqrt(log1p(r->item_cv * r->item_cv)) : 0;
    m->rnd = *r;
    m->random = 1;
    return PK_OK;
}

double pk__model_draw(pk_model *m, int ent, pk_param_id id, double v)
{
    gsl_rng *r = m->rng[ent];
    if (m->use_logn[id]) {
        if (m->p_zero[id] > 0 && gsl_rng_uniform(r) < m->p_zero[id])
            return 0;
        return m->p_zero[id] < 1 ? gsl_ran_lognormal(r, m->mu[id], m->sigma[id]) * (m->jitter_rel[id] ? v : 1) : 0;
    }
    const pk_samples *sm = &m->samples[id];
    if (sm->n > 0)
        return sm->v[gsl_rng_uniform_int(r, sm->n)];
    return v;
}

static double quant(double *v, size_t n, double q)
{
    return gsl_stats_quantile_from_sorted_data(v, 1, n, q);
}

void pk_prediction_dist_point(pk_prediction_dist *d)
{
    double t = d->median.total_ns;
    d->p10 = d->p25 = d->p50 = d->p75 = d->p90 = d->min = d->max = t;
    d->cv = 0;
    d->draws = 1;
}

int pk_model_predict(pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *items, uint64_t draws,
                     pk_prediction_dist *out)
{
    if (!m || !out)
        return PK_EINVAL;
    if (!m->random || draws <= 1) {
        int rc = pk_model_run(m, c, s, items, 0, &out->median);
        if (rc != 0)
            return rc;
        pk_prediction_dist_point(out);
        return PK_OK;
    }
    enum { F_TOTAL, F_HOST, F_DEVICE, F_SETUP, F_TEARDOWN, F_BLOCKED, F_N };
    if (draws > SIZE_MAX / (F_N * sizeof(double)))
        return PK_ERANGE;
    size_t need = (size_t)draws * F_N;
    if (need > m->scratch_cap) {
        double *sc = realloc(m->scratch, need * sizeof *sc);
        if (!sc)
            return PK_ENOMEM;
        m->scratch = sc;
        m->scratch_cap = need;
    }
    double *f[F_N];
    for (int i = 0; i < F_N; i++)
        f[i] = m->scratch + (size_t)i * draws;
    pk_prediction p = {0};
    uint64_t max_q = 0, events = 0;
    for (uint64_t k = 0; k < draws; k++) {
        int rc = pk_model_run(m, c, s, items, k, &p);
        if (rc != 0)
            return rc;
        f[F_TOTAL][k] = p.total_ns;
        f[F_HOST][k] = p.host_ns;
        f[F_DEVICE][k] = p.device_ns;
        f[F_SETUP][k] = p.setup_ns;
        f[F_TEARDOWN][k] = p.teardown_ns;
        f[F_BLOCKED][k] = p.blocked_ns;
        if (p.max_queued > max_q)
            max_q = p.max_queued;
        events += p.events;
    }
    size_t n = (size_t)draws;
    out->cv = gsl_stats_mean(f[F_TOTAL], 1, n) > 0
                  ? gsl_stats_sd(f[F_TOTAL], 1, n) / gsl_stats_mean(f[F_TOTAL], 1, n)
                  : 0;
    double med[F_N];
    for (int i = 0; i < F_N; i++) {
        gsl_sort(f[i], 1, n);
        med[i] = isnan(f[i][0]) ? NAN : quant(f[i], n, 0.5);
    }
    out->p10 = quant(f[F_TOTAL], n, 0.10);
    out->p25 = quant(f[F_TOTAL], n, 0.25);
    out->p50 = med[F_TOTAL];
    out->p75 = quant(f[F_TOTAL], n, 0.75);
    out->p90 = quant(f[F_TOTAL], n, 0.90);
    out->min = f[F_TOTAL][0];
    out->max = f[F_TOTAL][n - 1];
    out->median.total_ns = med[F_TOTAL];
    out->median.host_ns = med[F_HOST];
    out->median.device_ns = med[F_DEVICE];
    out->median.setup_ns = med[F_SETUP];
    out->median.teardown_ns = med[F_TEARDOWN];
    out->median.blocked_ns = med[F_BLOCKED];
    out->median.max_queued = max_q;
    out->median.events = events;
    out->draws = draws;
    return PK_OK;
}

uint64_t pk_model_queue_capacity(const pk_model *m)
{
    return m->q ? m->q_mask + 1 : 0;
}
