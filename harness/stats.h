/* Summary statistics of a set of repetitions (median, quantiles, spread, CV), computed with GSL
 * over the finite values only, so NAN samples (figures a backend does not report) are skipped. */
#ifndef PK_HARNESS_STATS_H
#define PK_HARNESS_STATS_H

#include <stddef.h>

typedef struct pk_stats {
    size_t n; /* finite values used */
    double median, p10, p25, p75, p90, min, max;
    double mean, sd; /* sd: sample standard deviation (n - 1); 0 for one value */
    double cv;       /* sd / mean; 0 for one value, NAN when mean is 0 */
} pk_stats;

/* Fills st from v[0..n). NAN and infinite values are ignored. Returns 0, PK_EINVAL when no
 * finite value remains (st then holds n = 0 and NANs), or PK_ENOMEM. v is not modified. */
int pk_stats_compute(const double *v, size_t n, pk_stats *st);

/* The median of the finite values of v[0..n), or NAN when there is none. */
double pk_stats_median(const double *v, size_t n);

/* The coefficient of variation (sample sd / mean) of the finite values; 0 for one value,
 * NAN for none or a zero mean. */
double pk_stats_cv(const double *v, size_t n);

#endif
