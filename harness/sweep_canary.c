/* The sweep's canaries (see sweep_canary.h and sweep.h). */
#include "harness/sweep_canary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/status.h"
#include "harness/stats.h"

int pk__sweep_canary_run(const pk_backend_ops *ops, pk_backend *b, double *v, size_t *n, char *err, size_t errlen)
{
    const pk_point c = {PK_STRAT_STANDARD, 0, PK_SWEEP_CANARY_BATCH, 0, 0};
    pk_sample x;
    int rc = pk__sweep_run_once(ops, b, &c, &x, err, errlen);
    if (rc == PK_OK && isfinite(x.host_ns) && x.host_ns >= 0)
        v[(*n)++] = x.host_ns / (double)PK_SWEEP_CANARY_BATCH;
    return rc;
}

int pk_sweep_canary_runs(const pk_backend_ops *ops, pk_backend *b, double *v, size_t *n, char *err, size_t errlen)
{
    int rc = PK_OK;
    for (int i = 0; i < PK_SWEEP_CANARY_RUNS && rc == PK_OK; i++)
        rc = pk__sweep_canary_run(ops, b, v, n, err, errlen);
    return rc;
}

/* The push canary's runs on one side of resident point pt (warm: untimed ones first). */
static int push_runs(const pk_sweep *s, const pk_point *pt, int warm, pk__canary *c, char *err, size_t errlen)
{
    const pk_point p = {PK_STRAT_PERSISTENT_RESIDENT, 0, PK_SWEEP_PUSH_N, pt->grid, pt->block};
    pk_sample x;
    int rc = PK_OK;
    for (int i = 0; i < (warm ? PK_SWEEP_PUSH_WARM : 0) + PK_SWEEP_PUSH_RUNS && rc == PK_OK; i++)
        if ((rc = pk__sweep_run_once(s->ops, s->b, &p, &x, err, errlen)) == PK_OK &&
            (!warm || i >= PK_SWEEP_PUSH_WARM) && x.wall_ns > 0 && c->npush < sizeof c->push / sizeof c->push[0])
            c->push[c->npush++] = x.wall_ns;
    return rc;
}

int pk__sweep_canary_side(pk_sweep *s, const pk_point *pt, int before, pk__canary *c)
{
    const int push = pt->strategy == PK_STRAT_PERSISTENT_RESIDENT;
    int rc = PK_OK;
    if (push && !before)
        rc = push_runs(s, pt, 0, c, s->err, sizeof s->err);
    if (rc == PK_OK)
        rc = pk_sweep_canary_runs(s->ops, s->b, c->v, &c->n, s->err, sizeof s->err);
    if (rc == PK_OK && push && before)
        rc = push_runs(s, pt, 1, c, s->err, sizeof s->err);
    if (rc != PK_OK) {
        char name[128], why[sizeof s->err];
        pk_point_name(pt, name, sizeof name);
        snprintf(why, sizeof why, "%s", s->err);
        snprintf(s->err, sizeof s->err, "canary beside point %.100s: %.380s", name, why);
    }
    return rc;
}

void pk__sweep_set_canary(pk_row *r, const pk__canary *c)
{
    pk_stats st;
    pk_stats_compute(c->v, c->n, &st); /* NANs when there is no run (or no memory) */
    r->canary_host_ns = st.median;
    r->canary_host_ns_min = st.min;
    r->canary_host_ns_max = st.max;
    r->canary_push_ns = c->npush ? pk_stats_median(c->push, c->npush) : NAN;
}

/* The median of the finite ones of v[0..n) (NAN for none; v is reordered). */
static double finite_median(double *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[k++] = v[i];
    return k ? pk_stats_median(v, k) : NAN;
}

int pk__sweep_pass_canary(const pk_sweep *s, pk_row *sum)
{
    const pk_table *t = &s->table;
    double *v = malloc(2 * s->replicates * sizeof *v);
    size_t n = 0, np = 0;
    if (!v)
        return PK_ENOMEM;
    double *push = v + s->replicates;
    sum->canary_host_ns_min = sum->canary_host_ns_max = NAN;
    for (size_t i = 0; i < t->npass && np < s->replicates; i++) {
        const pk_row *p = &t->pass[i];
        if (!pk_point_equal(&p->key, &sum->key))
            continue;
        push[np++] = p->canary_push_ns; /* each list on its own: a pass may have one canary and not the other */
        if (!isfinite(p->canary_host_ns))
            continue;
        v[n++] = p->canary_host_ns;
        sum->canary_host_ns_min = fmin(sum->canary_host_ns_min, p->canary_host_ns_min); /* fmin skips a NAN */
        sum->canary_host_ns_max = fmax(sum->canary_host_ns_max, p->canary_host_ns_max);
    }
    sum->canary_host_ns = n ? pk_stats_median(v, n) : NAN;
    sum->canary_push_ns = finite_median(push, np);
    free(v);
    return PK_OK;
}
