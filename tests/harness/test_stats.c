/* Invariant: pk_stats matches hand-computed median, GSL-convention quantiles (linear
 * interpolation at f*(n-1)), min, max, mean, sample sd and CV; ignores NAN; leaves its input
 * untouched; reports no finite value as PK_EINVAL with NANs. The errors of predicted against
 * measured values (MAPE, aggregate error, Pearson, Spearman with a tie, share within 10%, 10%
 * itself within) equal values computed by hand, NAN where undefined, and a non-positive measured
 * value is refused. */
#include <math.h>

#include "common/status.h"
#include "harness/stats.h"
#include "pk_test.h"

static void errors(void)
{
    const double m[] = {100, 200, 400}, p[] = {105, 150, 400};
    PK_CHECK_NEAR(pk_stats_mape(m, p, 3), 10.0, 1e-12);              /* (5% + 25% + 0) / 3 */
    PK_CHECK_NEAR(pk_stats_aggregate(m, p, 3), 55.0 / 700.0, 1e-15); /* (5 + 50 + 0) / 700 */
    pk_err_stats st;
    PK_CHECK(pk_stats_errors(m, p, 3, &st) == PK_OK);
    PK_CHECK_NEAR(st.within10, 2.0 / 3.0, 1e-15);
    PK_CHECK_U64(st.n, 3);
    /* Off by exactly 10% either way is within 10% (a point is counted over only past it). */
    PK_CHECK(pk_stats_errors(m, (const double[]){110, 180, 441}, 3, &st) == PK_OK);
    PK_CHECK_NEAR(st.within10, 2.0 / 3.0, 1e-15);
    const double x[] = {1, 2, 3, 4}, y[] = {2, 4, 5, 9};
    PK_CHECK_NEAR(pk_stats_pearson(x, y, 4), 11.0 / sqrt(130.0), 1e-12);
    /* Spearman with a tie: ranks of y are 1, 2, 3.5, 5, 3.5, so r = 8 / sqrt(10 * 9.5). */
    const double xs[] = {1, 2, 3, 4, 5}, ys[] = {5, 6, 7, 8, 7};
    PK_CHECK_NEAR(pk_stats_spearman(xs, ys, 5), 8.0 / sqrt(95.0), 1e-12);
    PK_CHECK(isnan(pk_stats_pearson(x, (const double[]){3, 3, 3, 3}, 4)));
    PK_CHECK(isnan(pk_stats_spearman(x, y, 1)));
    PK_CHECK(isnan(pk_stats_mape(m, p, 0)));
    const double bad[] = {0, 1};
    PK_CHECK(pk_stats_errors(bad, bad, 2, &st) == PK_EINVAL);
}

int main(void)
{
    errors();
    /* 1..10 shuffled, with two NANs and an infinity that must be skipped. */
    double v[] = {7, NAN, 3, 10, 1, INFINITY, 5, 9, 2, NAN, 8, 4, 6};
    size_t n = sizeof v / sizeof v[0];
    pk_stats st;
    PK_CHECK(pk_stats_compute(v, n, &st) == PK_OK);
    PK_CHECK_U64(st.n, 10);
    PK_CHECK_NEAR(st.median, 5.5, 1e-12);
    PK_CHECK_NEAR(st.p10, 1.9, 1e-12);  /* index 0.9: 1 + 0.9 * (2 - 1) */
    PK_CHECK_NEAR(st.p25, 3.25, 1e-12); /* index 2.25 */
    PK_CHECK_NEAR(st.p75, 7.75, 1e-12); /* index 6.75 */
    PK_CHECK_NEAR(st.p90, 9.1, 1e-12);  /* index 8.1 */
    PK_CHECK_NEAR(st.min, 1, 0);
    PK_CHECK_NEAR(st.max, 10, 0);
    PK_CHECK_NEAR(st.mean, 5.5, 1e-12);
    PK_CHECK_NEAR(st.sd, sqrt(82.5 / 9), 1e-12); /* sum of squared deviations 82.5, n - 1 = 9 */
    PK_CHECK_NEAR(st.cv, sqrt(82.5 / 9) / 5.5, 1e-12);
    PK_CHECK_NEAR(v[0], 7, 0); /* input not sorted in place */
    PK_CHECK(isnan(v[1]));

    /* Odd count: the middle value. */
    double odd[] = {30, 10, 20};
    PK_CHECK_NEAR(pk_stats_median(odd, 3), 20, 0);
    PK_CHECK_NEAR(pk_stats_cv(odd, 3), 10.0 / 20.0, 1e-12); /* sd 10, mean 20 */

    /* One value: no spread. */
    double one[] = {42};
    PK_CHECK(pk_stats_compute(one, 1, &st) == PK_OK);
    PK_CHECK_NEAR(st.median, 42, 0);
    PK_CHECK_NEAR(st.p10, 42, 0);
    PK_CHECK_NEAR(st.sd, 0, 0);
    PK_CHECK_NEAR(st.cv, 0, 0);

    /* Nothing finite. */
    double none[] = {NAN, NAN};
    PK_CHECK(pk_stats_compute(none, 2, &st) == PK_EINVAL);
    PK_CHECK_U64(st.n, 0);
    PK_CHECK(isnan(st.median) && isnan(st.cv));
    PK_CHECK(pk_stats_compute(none, 0, &st) == PK_EINVAL);
    PK_CHECK(isnan(pk_stats_median(none, 2)));
    PK_CHECK(isnan(pk_stats_cv(none, 0)));
    return pk_test_done("harness.stats");
}
