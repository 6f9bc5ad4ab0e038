/* Invariant: pk_median_u64 gives the middle value of an odd count and the mean of the two
 * middle values of an even one, for any order and with ties (checked against sorting), and
 * NAN for no values; so does pk_running_median after every value added, in every order. */
#include <math.h>
#include <stdlib.h>

#include "common/median.h"
#include "pk_test.h"

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double sorted_median(const uint64_t *v, size_t n)
{
    uint64_t *c = malloc(n * sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = v[i];
    qsort(c, n, sizeof *c, cmp);
    double m = n % 2 ? (double)c[n / 2] : ((double)c[n / 2 - 1] + (double)c[n / 2]) / 2;
    free(c);
    return m;
}

int main(void)
{
    PK_CHECK(isnan(pk_median_u64(NULL, 0)));
    uint64_t one[] = {7}, two[] = {9, 4}, three[] = {5, 1, 3};
    PK_CHECK_NEAR(pk_median_u64(one, 1), 7, 0);
    PK_CHECK_NEAR(pk_median_u64(two, 2), 6.5, 0);
    PK_CHECK_NEAR(pk_median_u64(three, 3), 3, 0);
    uint64_t state = 12345;
    enum { MAX = 257 };
    uint64_t v[MAX], w[MAX];
    for (int trial = 0; trial < 2000; trial++) {
        size_t n = 1 + (size_t)(trial % MAX);
        int shape = trial % 4; /* random, few distinct values (ties), ascending, descending */
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            v[i] = shape == 0 ? state >> 20 : shape == 1 ? (state >> 40) % 3 : shape == 2 ? i : n - i;
            w[i] = v[i];
        }
        double want = sorted_median(w, n), got = pk_median_u64(v, n);
        if (got != want)
            fprintf(stderr, "trial %d (n %zu, shape %d): %.1f != %.1f\n", trial, n, shape, got, want);
        PK_CHECK(got == want);
    }
    /* The running median after each value, against sorting the values so far: random, ties,
     * ascending, descending, and alternating low and high (every value moves between heaps). */
    static uint64_t all[1000];
    pk_running_median rm = {0};
    PK_CHECK(isnan(pk_running_median_get(&rm)));
    for (int shape = 0; shape < 5; shape++) {
        for (size_t n = 0; n < 1000; n++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            uint64_t x = shape == 0   ? state >> 20
                         : shape == 1 ? (state >> 40) % 3
                         : shape == 2 ? n
                         : shape == 3 ? 1000 - n
                                      : (n % 2 ? 2000 + n : 1000 - n);
            all[n] = x;
            PK_CHECK(pk_running_median_add(&rm, (double)x) == 0);
            double want = sorted_median(all, n + 1), got = pk_running_median_get(&rm);
            if (got != want)
                fprintf(stderr, "running, shape %d, after %zu: %.1f != %.1f\n", shape, n + 1, got, want);
            PK_CHECK(got == want);
        }
        PK_CHECK(rm.nlo + rm.nhi == 1000 && (rm.nlo == rm.nhi || rm.nlo == rm.nhi + 1));
        pk_running_median_free(&rm);
        PK_CHECK(rm.lo == NULL && rm.nlo == 0);
    }
    return pk_test_done("common.median");
}
