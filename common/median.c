/* The median of unsigned values by Hoare's selection (see median.h). */
#include "common/median.h"

#include <math.h>

static void swap(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k-th smallest of v[0..n) to v[k], smaller ones before it, larger ones after. */
static void select_kth(uint64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2; /* median of three as the pivot: sorted runs stay linear */
        if (v[mid] < v[lo])
            swap(&v[mid], &v[lo]);
        if (v[hi] < v[lo])
            swap(&v[hi], &v[lo]);
        if (v[hi] < v[mid])
            swap(&v[hi], &v[mid]);
        uint64_t pivot = v[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                swap(&v[i], &v[j]);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

double pk_median_u64(uint64_t *v, size_t n)
{
    if (n == 0)
        return NAN;
    size_t k = n / 2;
    select_kth(v, n, k);
    if (n % 2)
        return (double)v[k];
    uint64_t below = v[0]; /* the largest of v[0..k) */
    for (size_t i = 1; i < k; i++)
        if (v[i] > below)
            below = v[i];
    return ((double)below + (double)v[k]) / 2;
}
