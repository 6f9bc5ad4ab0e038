/* The one formatter of durations for people: reports, tables, progress lines and plot labels. */
#ifndef PK_COMMON_DURATION_H
#define PK_COMMON_DURATION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How many decimals: fixed ("12.30 µs"), for columns that line up, or as few as the value
 * needs to the nanosecond, a thousandth of one below 1 µs ("12.3 µs", "5 µs", "1.000001 ms",
 * "0.4 ns"), for labels. */
typedef enum pk_duration_style { PK_DURATION_FIXED = 0, PK_DURATION_SHORT } pk_duration_style;

/* Writes ns (nanoseconds, any sign) into buf as "812 ns", "12.34 µs" or "3.456 ms" (fixed:
 * 0, 2 and 3 decimals; milliseconds beyond a second too, so that a column keeps one unit
 * past 1 ms; the next unit where the rounded figure would read 1000: "1.000 ms", not
 * "1000.00 µs"), or "–" when ns is not finite. Returns buf. */
const char *pk_duration_format(char *buf, size_t len, double ns, pk_duration_style style);

#ifdef __cplusplus
}
#endif

#endif
