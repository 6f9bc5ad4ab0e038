/* A workload's prediction under each strategy, and the prediction file (see workload_predict.h). */
#include "harness/workload_predict.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/stats.h"

void pk_workload_costs(const pk_params *p, pk_costs *c, pk_context *ctx)
{
    pk_costs_from_params(p, c);
    const double node = p->value[PK_P_GRAPH_NODE];
    char note[PK_CONTEXT_VALUE];
    if (pk_params_has(p, PK_P_ITEM_KERNEL)) {
        const double k = p->value[PK_P_ITEM_KERNEL];
        c->graph_node = node > k ? node - k : 0;
        snprintf(note, sizeof note, "gap: graph_node_ns %.1f - item_kernel_ns %.1f = %.1f ns per node%s", node, k,
                 c->graph_node, node > k ? "" : " (clamped at 0)");
    } else {
        snprintf(note, sizeof note, "graph_node_ns: %.1f ns per node (no item_kernel_ns: the item kernel's own run "
                 "is charged beside each traced duration)", node);
    }
    c->graph_node_b = 0; /* a traced kernel's node: the gap above, whatever its duration */
    c->graph_one = 0;    /* no small graph's discount: G_1 holds a whole empty node, not the gap */
    if (ctx)
        pk_context_set(ctx, "workload_graph_node", note);
}

void pk_workload_gap_samples(pk_params *p)
{
    if (!pk_params_has(p, PK_P_ITEM_KERNEL))
        return;
    const double k = p->value[PK_P_ITEM_KERNEL];
    pk_samples *s = &p->samples[PK_P_GRAPH_NODE];
    for (size_t i = 0; i < s->n; i++)
        s->v[i] = s->v[i] > k ? s->v[i] - k : 0;
}

void pk_workload_runs_free(pk_workload_runs *r)
{
    free(r->run);
    free(r->w);
    memset(r, 0, sizeof *r);
}

/* The tail of step k as host work (0 when the file does not give it). */
static double tail(const pk_workload *wl, size_t k)
{
    return wl->steps[k].span_ns >= 0 ? (double)wl->steps[k].tail_ns : 0;
}

/* standard and standard-sync: the host gaps with each step's tail (and those of empty steps
 * between) folded into the next launch's gap; one batch, or one per synchronisation. */
static int traced_runs(const pk_workload *wl, int split_at_syncs, pk_workload_runs *r)
{
    r->w = malloc(wl->n * sizeof *r->w);
    r->run = malloc(wl->n * sizeof *r->run);
    if (!r->w || !r->run)
        return PK_ENOMEM;
    size_t first = 0;
    for (size_t i = 0; i < wl->n; i++) {
        r->w[i] = wl->w[i];
        for (size_t k = i ? wl->step[i - 1] : wl->step[0]; i > 0 && k < wl->step[i]; k++)
            r->w[i] += tail(wl, k);
        if (i == wl->n - 1 || (split_at_syncs && wl->sync[i + 1])) {
            pk_items it = {.n = i + 1 - first, .dv = wl->d + first, .wv = r->w + first,
                           .hv = wl->has_launch ? wl->h + first : NULL};
            r->run[r->n++] = it;
            first = i + 1;
        }
    }
    for (size_t k = wl->step[wl->n - 1]; k < wl->nsteps; k++)
        r->after_ns += tail(wl, k);
    return PK_OK;
}

/* graph and the persistent kernel: one batch of durations per step that holds a row. */
static int step_runs(const pk_workload *wl, pk_workload_runs *r)
{
    r->run = malloc(wl->nsteps * sizeof *r->run);
    if (!r->run)
        return PK_ENOMEM;
    size_t first = 0;
    for (size_t i = 0; i < wl->n; i++)
        if (i == wl->n - 1 || wl->step[i + 1] != wl->step[i]) {
            pk_items it = {.n = i + 1 - first, .dv = wl->d + first};
            r->run[r->n++] = it;
            first = i + 1;
        }
    return PK_OK;
}

int pk_workload_runs_build(const pk_workload *wl, pk_strategy s, pk_workload_runs *r)
{
    memset(r, 0, sizeof *r);
    int rc;
    switch (s) {
    case PK_STRAT_STANDARD:
    case PK_STRAT_STANDARD_SYNC:
        rc = traced_runs(wl, s == PK_STRAT_STANDARD, r);
        break;
    case PK_STRAT_GRAPH:
    case PK_STRAT_PERSISTENT:
    case PK_STRAT_PERSISTENT_RESIDENT:
        rc = step_runs(wl, r);
        break;
    default:
        rc = PK_EINVAL;
    }
    if (rc != PK_OK)
        pk_workload_runs_free(r);
    return rc;
}

/* The sums over one draw's batches. */
enum { S_WALL, S_HOST, S_DEVICE, S_SETUP, S_TEARDOWN, S_COUNT };
typedef struct sums {
    double v[S_COUNT];
} sums;

static void add(double *acc, double v)
{
    if (isfinite(v))
        *acc = isfinite(*acc) ? *acc + v : v;
}

static int one_draw(pk_model *m, const pk_costs *c, pk_predict_mode mode, pk_strategy s, const pk_workload_runs *r,
                    uint64_t draw, sums *out)
{
    *out = (sums){{r->after_ns, 0, 0, NAN, NAN}};
    for (size_t b = 0; b < r->n; b++) {
        pk_prediction p;
        int rc;
        if (mode == PK_PREDICT_DES) {
            rc = pk_model_run(m, c, s, &r->run[b], draw * r->n + b, &p);
        } else {
            pk_prediction_dist pd;
            rc = pk_predict(m, c, mode, s, &r->run[b], 1, &pd);
            p = pd.median;
        }
        if (rc != PK_OK)
            return rc;
        out->v[S_WALL] += p.total_ns;
        out->v[S_HOST] += p.host_ns;
        out->v[S_DEVICE] += p.device_ns;
        add(&out->v[S_SETUP], p.setup_ns);
        add(&out->v[S_TEARDOWN], p.teardown_ns);
    }
    return PK_OK;
}

/* The medians over draws of each sum, and the total's p10 and p90. */
static int summarise(const sums *v, uint64_t draws, pk_workload_prediction *out)
{
    double *x = malloc(draws * sizeof *x);
    if (!x)
        return PK_ENOMEM;
    double *field[S_COUNT] = {&out->wall_ns, &out->host_ns, &out->device_ns, &out->setup_ns, &out->teardown_ns};
    for (int f = 0; f < S_COUNT; f++) {
        for (uint64_t k = 0; k < draws; k++)
            x[k] = v[k].v[f];
        *field[f] = pk_stats_median(x, draws);
    }
    for (uint64_t k = 0; k < draws; k++)
        x[k] = v[k].v[S_WALL];
    pk_stats st;
    if (draws > 1 && pk_stats_compute(x, draws, &st) == PK_OK) {
        out->wall_ns_p10 = st.p10;
        out->wall_ns_p90 = st.p90;
    }
    free(x);
    return PK_OK;
}

int pk_workload_predict(pk_model *m, const pk_costs *c, pk_predict_mode mode, pk_strategy s, const pk_workload *wl,
                        uint64_t draws, pk_workload_prediction *out)
{
    if (draws < 1 || (mode != PK_PREDICT_DES && draws > 1))
        return PK_EINVAL;
    pk_workload_runs r;
    int rc = pk_workload_runs_build(wl, s, &r);
    if (rc != PK_OK)
        return rc;
    sums *v = malloc(draws * sizeof *v);
    rc = v ? PK_OK : PK_ENOMEM;
    for (uint64_t k = 0; k < draws && rc == PK_OK; k++)
        rc = one_draw(m, c, mode, s, &r, k, &v[k]);
    *out = (pk_workload_prediction){.strategy = s, .draws = draws, .runs = r.n, .wall_ns_p10 = NAN,
                                    .wall_ns_p90 = NAN, .savings_ns = NAN, .savings_pct = NAN};
    if (rc == PK_OK)
        rc = summarise(v, draws, out);
    out->step_ns = out->wall_ns / (double)wl->nsteps;
    free(v);
    pk_workload_runs_free(&r);
    return rc;
}

void pk_workload_fill_savings(pk_workload_prediction *p, size_t n)
{
    const pk_workload_prediction *std = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i].strategy == PK_STRAT_STANDARD)
            std = &p[i];
    for (size_t i = 0; i < n; i++) {
        p[i].savings_ns = std ? std->wall_ns - p[i].wall_ns : NAN;
        p[i].savings_pct = std && std->wall_ns > 0 ? 100 * p[i].savings_ns / std->wall_ns : NAN;
    }
}

static void put_num(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.10g", v);
}

static void put_text(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(*s == ',' ? ';' : *s == '"' ? '\'' : (unsigned char)*s < 0x20 ? ' ' : *s, fp);
}

void pk_workload_prediction_write_fp(FILE *fp, const pk_context *ctx, const pk_workload *wl,
                                     const pk_workload_prediction *p, size_t n)
{
    fprintf(fp, "# pkbench workload prediction csv, schema_version=%d\n", PK_WORKLOAD_PREDICTION_SCHEMA_VERSION);
    for (size_t i = 0; ctx && i < ctx->count; i++) {
        fprintf(fp, "# context %s=", ctx->key[i]);
        put_text(fp, ctx->value[i]);
        fputc('\n', fp);
    }
    fprintf(fp, "strategy,steps,ops,runs,draws,wall_ns,step_ns,wall_ns_p10,wall_ns_p90,host_ns,device_ns,setup_ns,"
                "teardown_ns,savings_ns,savings_pct\n");
    for (size_t i = 0; i < n; i++) {
        const pk_workload_prediction *r = &p[i];
        fprintf(fp, "%s,%zu,%zu,%zu,%llu", pk_strategy_names[r->strategy], wl->nsteps, wl->n, r->runs,
                (unsigned long long)r->draws);
        const double v[] = {r->wall_ns, r->step_ns, r->wall_ns_p10, r->wall_ns_p90, r->host_ns, r->device_ns,
                            r->setup_ns, r->teardown_ns, r->savings_ns, r->savings_pct};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            fputc(',', fp);
            put_num(fp, v[k]);
        }
        fputc('\n', fp);
    }
}

int pk_workload_prediction_write(const char *path, const pk_context *ctx, const pk_workload *wl,
                                 const pk_workload_prediction *p, size_t n, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    pk_workload_prediction_write_fp(f.fp, ctx, wl, p, n);
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}
