/* Statistics, on GSL: the summary of a set of repetitions (median, quantiles, spread, CV, over
 * the finite values only, so NAN samples of figures a backend does not report are skipped), and
 * the errors of predicted against measured values (MAPE, aggregate, correlations). */
#ifndef PK_HARNESS_STATS_H
#define PK_HARNESS_STATS_H

#include <stddef.h>

typedef struct pk_stats {
    size_t n; /* finite values used */
    double median, p10, p25, p75, p90, min, max;
    double mean, sd; /* sd: sample standard deviation (n - 1); 0 for one value */
    double cv;       /* sd / |mean|; 0 for one value, NAN for several whose mean is 0 */
} pk_stats;

/* Fills st from v[0..n). NAN and infinite values are ignored. Returns 0, PK_EINVAL when no
 * finite value remains (st then holds n = 0 and NANs), or PK_ENOMEM. v is not modified. */
int pk_stats_compute(const double *v, size_t n, pk_stats *st);

/* The median of the finite values of v[0..n), or NAN when there is none. */
double pk_stats_median(const double *v, size_t n);

/* The coefficient of variation (sample sd / mean) of the finite values; 0 for one value,
 * NAN for none or a zero mean. */
double pk_stats_cv(const double *v, size_t n);

/* ---- errors of paired values: measured m against predicted p ---- */

typedef struct pk_err_stats {
    size_t n;         /* points */
    double mape_pct;  /* mean of |p - m| / m, in percent */
    double aggregate; /* sum |p - m| / sum m (a fraction) */
    double pearson;   /* Pearson r of (m, p); NAN when n < 2 or a side is constant */
    double spearman;  /* Spearman rank r; NAN likewise */
    double within10;  /* share (0..1) of points with |p - m| <= 0.10 m */
} pk_err_stats;

/* Mean absolute percentage error of p against m, in percent (m > 0 required; NAN if n == 0). */
double pk_stats_mape(const double *m, const double *p, size_t n);
/* sum |p - m| / sum m; NAN if n == 0 or sum m == 0. */
double pk_stats_aggregate(const double *m, const double *p, size_t n);
/* Pearson and Spearman correlation (GSL); NAN when undefined. */
double pk_stats_pearson(const double *x, const double *y, size_t n);
double pk_stats_spearman(const double *x, const double *y, size_t n);
/* All of the above. Returns 0, PK_ENOMEM, or PK_EINVAL when some m <= 0 or a value is not finite. */
int pk_stats_errors(const double *m, const double *p, size_t n, pk_err_stats *out);

#endif
