/* Invariant: pk_stats matches hand-computed median, GSL-convention quantiles (linear
 * interpolation at f*(n-1)), min, max, mean, sample sd and CV; ignores NAN; leaves its input
 * untouched; reports no finite value as PK_EINVAL with NANs. */
#include <math.h>

#include "common/status.h"
#include "harness/stats.h"
#include "pk_test.h"

int main(void)
{
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
