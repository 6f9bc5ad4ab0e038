/* The median of unsigned values by Hoare's selection, and a running median in two heaps (see
 * median.h). */
#include "common/median.h"

#include <math.h>
#include <stdlib.h>

#include "common/status.h"

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

/* Heap of n values at h, ordered by sign: +1 a max-heap (the root the largest), -1 a min-heap. */
static void heap_push(double *h, size_t n, double v, int sign)
{
    size_t i = n;
    while (i > 0 && sign * (v - h[(i - 1) / 2]) > 0) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = v;
}

/* Removes and returns the root of the heap of n > 0 values. */
static double heap_pop(double *h, size_t n, int sign)
{
    double top = h[0], v = h[--n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && sign * (h[c + 1] - h[c]) > 0)
            c++;
        if (sign * (h[c] - v) <= 0)
            break;
        h[i] = h[c];
        i = c;
    }
    if (n > 0)
        h[i] = v;
    return top;
}

int pk_running_median_add(pk_running_median *m, double v)
{
    if (m->nlo == m->cap) { /* nlo >= nhi: the larger heap is full */
        size_t cap = m->cap ? 2 * m->cap : 16;
        double *lo = realloc(m->lo, cap * sizeof *lo);
        if (!lo)
            return PK_ENOMEM;
        m->lo = lo;
        double *hi = realloc(m->hi, cap * sizeof *hi);
        if (!hi)
            return PK_ENOMEM;
        m->hi = hi;
        m->cap = cap;
    }
    if (m->nlo == 0 || v <= m->lo[0])
        heap_push(m->lo, m->nlo++, v, 1);
    else
        heap_push(m->hi, m->nhi++, v, -1);
    if (m->nlo > m->nhi + 1) {
        double t = heap_pop(m->lo, m->nlo--, 1);
        heap_push(m->hi, m->nhi++, t, -1);
    } else if (m->nhi > m->nlo) {
        double t = heap_pop(m->hi, m->nhi--, -1);
        heap_push(m->lo, m->nlo++, t, 1);
    }
    return PK_OK;
}

double pk_running_median_get(const pk_running_median *m)
{
    if (m->nlo == 0)
        return NAN;
    return m->nlo > m->nhi ? m->lo[0] : (m->lo[0] + m->hi[0]) / 2;
}

void pk_running_median_free(pk_running_median *m)
{
    free(m->lo);
    free(m->hi);
    *m = (pk_running_median){0};
}
