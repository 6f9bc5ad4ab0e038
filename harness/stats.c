/* Summary statistics over the finite values of a sample set, built on GSL (see stats.h). */
#include "harness/stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

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
