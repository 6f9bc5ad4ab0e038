/* Number cells of the CSV files pkbench reads back whole (verdicts.csv, spread.csv): strict, a
 * cell is one number and nothing else. */
#ifndef PK_HARNESS_CELLS_H
#define PK_HARNESS_CELLS_H

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness/cli.h"

/* A finite plain decimal (pk_cli_is_decimal: no inf, nan, hex or spaces; the writers print
 * %g); an empty cell is NAN. 1 when it parses, else 0. */
static inline int pk_cell_double(const char *s, double *v)
{
    char *end;
    if (!*s) {
        *v = NAN;
        return 1;
    }
    if (!pk_cli_is_decimal(s))
        return 0;
    *v = strtod(s, &end);
    return !*end && isfinite(*v); /* an overflow is not; an underflow (a p of 1e-320) reads as the value */
}

/* An unsigned integer of at most max, digits alone. 1 when it parses, else 0. */
static inline int pk_cell_u64(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    *v = x;
    return !*end && !errno && x <= max;
}

#endif
