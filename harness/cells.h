/* Number cells of the CSV files pkbench reads back whole (verdicts.csv, spread.csv): strict, a
 * cell is one number and nothing else. */
#ifndef PK_HARNESS_CELLS_H
#define PK_HARNESS_CELLS_H

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* A real number; an empty cell is NAN. 1 when it parses, else 0. */
static inline int pk_cell_double(const char *s, double *v)
{
    char *end;
    if (!*s) {
        *v = NAN;
        return 1;
    }
    errno = 0;
    *v = strtod(s, &end);
    return !*end && !errno;
}

/* An unsigned integer of at most max. 1 when it parses, else 0. */
static inline int pk_cell_u64(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-')
        return 0;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    *v = x;
    return !*end && !errno && x <= max;
}

#endif
