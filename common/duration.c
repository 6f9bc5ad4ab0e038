/* Durations for people (see duration.h). */
#include "common/duration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
        if (style == PK_DURATION_SHORT)
            snprintf(num, sizeof num, "%g", v);
        else
            snprintf(num, sizeof num, "%.*f", decimals[u], v);
        if (u == 2 || fabs(strtod(num, NULL)) < 1000) {
            snprintf(buf, len, "%s %s", num, units[u]);
            break;
        }
    }
    return buf;
}
