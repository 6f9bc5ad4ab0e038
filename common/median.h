/* The median of unsigned per-item values (gaps between items, item durations) that every
 * backend reports from its per-item timestamps, found by selection in linear time; and the
 * running median of a point's wall times as its repetitions come (the sweep's progress line),
 * in two heaps: O(log n) a value, where a sorted array moved O(n) of them. */
#ifndef PK_COMMON_MEDIAN_H
#define PK_COMMON_MEDIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The median of v[0..n) (the mean of the two middle values when n is even), or NAN when n is
 * 0. Reorders v. */
double pk_median_u64(uint64_t *v, size_t n);

/* Zero-initialise; lo holds the smaller half (a max-heap), hi the larger (a min-heap), nlo equal
 * to nhi or one more. */
typedef struct pk_running_median {
    double *lo, *hi;
    size_t nlo, nhi, cap; /* cap: the size of each heap's array */
} pk_running_median;

/* Adds v (not NaN). Returns 0, or PK_ENOMEM with the values so far kept. */
int pk_running_median_add(pk_running_median *m, double v);

/* The median of the values added (the mean of the two middle ones when their count is even),
 * or NAN when none was. */
double pk_running_median_get(const pk_running_median *m);

void pk_running_median_free(pk_running_median *m);

#ifdef __cplusplus
}
#endif

#endif
