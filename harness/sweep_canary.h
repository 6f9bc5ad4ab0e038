/* The sweep's canaries (pk_sweep_opts.canary), private to the sweep driver (harness/sweep.c):
 * the launch canary beside every point (harness/sweep.h) and, beside a persistent-resident
 * point, the push canary. */
#ifndef PK_HARNESS_SWEEP_CANARY_H
#define PK_HARNESS_SWEEP_CANARY_H

#include <stddef.h>

#include "harness/sweep.h"

/* A point's canary runs: the launch canary's host time per call, and the push canary's totals. */
typedef struct pk__canary {
    double v[PK_SWEEP_CANARY_MAX];
    size_t n;
    double push[2 * PK_SWEEP_PUSH_RUNS];
    size_t npush;
} pk__canary;

/* One run of pt (err naming the point on failure); as the sweep runs every repetition. */
int pk__sweep_run_once(const pk_backend_ops *ops, pk_backend *b, const pk_point *pt, pk_sample *x, char *err,
                       size_t errlen);
/* One launch canary run, its host time per call appended to c->v (room checked by the caller). */
int pk__sweep_canary_run(const pk_backend_ops *ops, pk_backend *b, double *v, size_t *n, char *err, size_t errlen);
/* The canaries on one side of point pt (before: 1, after: 0), into *c; a failure names the point
 * in s->err. */
int pk__sweep_canary_side(pk_sweep *s, const pk_point *pt, int before, pk__canary *c);
/* Row r's canaries from c: the launch canary's median, least and most, the push canary's median
 * (NAN for none). */
void pk__sweep_set_canary(pk_row *r, const pk__canary *c);
/* Summary row sum's canaries from its point's pass rows of s: the medians of their medians, the
 * least of their least and the most of their most. Returns 0, or PK_ENOMEM. */
int pk__sweep_pass_canary(const pk_sweep *s, pk_row *sum);

#endif
