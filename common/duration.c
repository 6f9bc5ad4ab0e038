/* Durations for people (see duration.h). */
#include "common/duration.h"

#include <math.h>
#include <stdio.h>

const char *pk_duration_format(char *buf, size_t len, double ns, pk_duration_style style)
{
    static const char *const units[3] = {"ns", "µs", "ms"};
    static const int decimals[3] = {0, 2, 3};
    double a = fabs(ns), v = ns;
    int u = a >= 1e6 ? 2 : a >= 1e3 ? 1 : 0;
    v /= u == 2 ? 1e6 : u == 1 ? 1e3 : 1;
    if (!isfinite(ns))
        snprintf(buf, len, "–");
    else if (style == PK_DURATION_SHORT)
        snprintf(buf, len, "%g %s", v, units[u]);
    else
        snprintf(buf, len, "%.*f %s", decimals[u], v, units[u]);
    return buf;
}
