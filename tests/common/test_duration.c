/* Invariant: pk_duration_format writes a duration in the unit its size calls for, ns below 1 µs,
 * µs below 1 ms, ms from there on (past a second too), with 0, 2 and 3 decimals when fixed and
 * as few as the value needs to the nanosecond when short (never an exponent), and the next unit
 * where the rounded figure would read 1000 of this one; a negative value keeps its sign and its
 * unit by size;
 * a value that is not finite is "–". */
#include <math.h>
#include <string.h>

#include "common/duration.h"
#include "tests/pk_test.h"

static void is(double ns, pk_duration_style style, const char *want)
{
    char buf[32];
    const char *got = pk_duration_format(buf, sizeof buf, ns, style);
    if (got != buf || strcmp(got, want) != 0)
        fprintf(stderr, "%g ns (%s): '%s', wanted '%s'\n", ns, style == PK_DURATION_SHORT ? "short" : "fixed", got,
                want);
    PK_CHECK(got == buf && strcmp(got, want) == 0);
}

int main(void)
{
    is(0, PK_DURATION_FIXED, "0 ns");
    is(999, PK_DURATION_FIXED, "999 ns");
    is(1000, PK_DURATION_FIXED, "1.00 µs");
    is(12345, PK_DURATION_FIXED, "12.35 µs");
    is(999994, PK_DURATION_FIXED, "999.99 µs");
    is(999999, PK_DURATION_FIXED, "1.000 ms"); /* rounds to 1000.00 µs: the next unit */
    is(999.6, PK_DURATION_FIXED, "1.00 µs");
    is(999999.9, PK_DURATION_SHORT, "1 ms");
    is(2500000, PK_DURATION_FIXED, "2.500 ms");
    is(3.456e9, PK_DURATION_FIXED, "3456.000 ms");
    is(-2500, PK_DURATION_FIXED, "-2.50 µs");
    is(NAN, PK_DURATION_FIXED, "–");
    is(INFINITY, PK_DURATION_SHORT, "–");
    is(812, PK_DURATION_SHORT, "812 ns");
    is(12300, PK_DURATION_SHORT, "12.3 µs");
    is(5000, PK_DURATION_SHORT, "5 µs");
    is(2500000, PK_DURATION_SHORT, "2.5 ms");
    is(-40000000, PK_DURATION_SHORT, "-40 ms");
    /* short is exact to the ns: two item durations never share a label (with %g's 6 digits
     * 1000001 and 1000002 ns both read "1 ms"), and no exponent (1e12 ns read "1e+06 ms") */
    is(1000001, PK_DURATION_SHORT, "1.000001 ms");
    is(1000002, PK_DURATION_SHORT, "1.000002 ms");
    is(1234567, PK_DURATION_SHORT, "1.234567 ms");
    is(123456789, PK_DURATION_SHORT, "123.456789 ms");
    is(1e12, PK_DURATION_SHORT, "1000000 ms");
    is(0.4, PK_DURATION_SHORT, "0.4 ns");
    is(999.9996, PK_DURATION_SHORT, "1 µs"); /* to a thousandth of a ns: 1000.000 ns, the next unit */
    return pk_test_done("common.duration");
}
