/* Durations for people (see duration.h). */
#include "common/duration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pk_duration_format(char *buf, size_t len, double ns, pk_duration_style style)
{
    static const char *const units[3] = {"ns", "µs", "ms"};
    static const int decimals[3] = {0, 2, 3};
    static const double scale[3] = {1, 1e3, 1e6};
    const double a = fabs(ns);
    if (!isfinite(ns)) {
        snprintf(buf, len, "–");
        return buf;
    }
    /* The unit by size, then the next one where the rounded figure reaches 1000 of this one
     * (999999 ns is "1.000 ms", not "1000.00 µs"). */
    for (int u = a >= 1e6 ? 2 : a >= 1e3 ? 1 : 0; u < 3; u++) {
        const double v = ns / scale[u];
        char num[64];
        /* short: to the nanosecond (3 decimals a unit past ns, and 3 below it), trailing zeros
         * dropped; %g kept 6 digits, so 1000001 ns read "1 ms" as 1000002 ns did, and 1e12 ns
         * "1e+06 ms" */
        snprintf(num, sizeof num, "%.*f", style == PK_DURATION_SHORT ? (u ? 3 * u : 3) : decimals[u], v);
        if (style == PK_DURATION_SHORT && strchr(num, '.')) {
            char *end = num + strlen(num);
            while (end[-1] == '0')
                *--end = '\0';
            if (end[-1] == '.')
                end[-1] = '\0';
        }
        if (u == 2 || fabs(strtod(num, NULL)) < 1000) {
            snprintf(buf, len, "%s %s", num, units[u]);
            break;
        }
    }
    return buf;
}
