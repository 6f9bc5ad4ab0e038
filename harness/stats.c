/* Summary statistics of a sample set and errors of predictions, on GSL (see stats.h). */
#include "harness/stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

static void stats_nan(pk_stats *st)
{
    st->n = 0;
    st->median = st->p10 = st->p25 = st->p75 = st->p90 = st->min = st->max = NAN;
    st->mean = st->sd = st->cv = NAN;
}

int pk_stats_compute(const double *v, size_t n, pk_stats *st)
{
    stats_nan(st);
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return PK_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            s[m++] = v[i];
    if (m == 0) {
        free(s);
        return PK_EINVAL;
    }
    gsl_sort(s, 1, m);
    st->n = m;
    st->min = s[0];
    st->max = s[m - 1];
    st->median = gsl_stats_median_from_sorted_data(s, 1, m);
    st->p10 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.10);
    st->p25 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.25);
    st->p75 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.75);
    st->p90 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.90);
    st->mean = gsl_stats_mean(s, 1, m);
    st->sd = m > 1 ? gsl_stats_sd_m(s, 1, m, st->mean) : 0.0;
    st->cv = st->mean != 0.0 ? st->sd / fabs(st->mean) : (m > 1 ? NAN : 0.0);
    free(s);
    return PK_OK;
}

double pk_stats_median(const double *v, size_t n)
{
    pk_stats st;
    return pk_stats_compute(v, n, &st) == PK_OK ? st.median : NAN;
}

double pk_stats_cv(const double *v, size_t n)
{
    pk_stats st;
    return pk_stats_compute(v, n, &st) == PK_OK ? st.cv : NAN;
}

double pk_stats_mape(const double *m, const double *p, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += fabs(p[i] - m[i]) / m[i];
    return 100.0 * s / (double)n;
}

double pk_stats_aggregate(const double *m, const double *p, size_t n)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        num += fabs(p[i] - m[i]);
        den += m[i];
    }
    return n == 0 || den == 0 ? NAN : num / den;
}

static int constant(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return 0;
    return 1;
}

double pk_stats_pearson(const double *x, const double *y, size_t n)
{
    if (n < 2 || constant(x, n) || constant(y, n))
        return NAN;
    return gsl_stats_correlation(x, 1, y, 1, n);
}

double pk_stats_spearman(const double *x, const double *y, size_t n)
{
    if (n < 2 || constant(x, n) || constant(y, n))
        return NAN;
    double *work = malloc(2 * n * sizeof *work);
    if (!work)
        return NAN;
    double r = gsl_stats_spearman(x, 1, y, 1, n, work);
    free(work);
    return r;
}

int pk_stats_errors(const double *m, const double *p, size_t n, pk_err_stats *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    size_t within = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(m[i] > 0) || !isfinite(m[i]) || !isfinite(p[i]))
            return PK_EINVAL;
        within += fabs(p[i] - m[i]) <= 0.10 * m[i];
    }
    out->mape_pct = pk_stats_mape(m, p, n);
    out->aggregate = pk_stats_aggregate(m, p, n);
    out->pearson = pk_stats_pearson(m, p, n);
    out->spearman = pk_stats_spearman(m, p, n);
    out->within10 = n ? (double)within / (double)n : NAN;
    return PK_OK;
}
