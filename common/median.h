/* The median of unsigned per-item values (gaps between items, item durations) that every
 * backend reports from its per-item timestamps, found by selection in linear time. */
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

#ifdef __cplusplus
}
#endif

#endif
