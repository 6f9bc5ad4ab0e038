/* libFuzzer harness of the timeline reader (harness/timeline.c): any bytes are read or refused;
 * every interval read is finite and ends no earlier than it starts. */
#include "fuzz/fuzz_input.h"

#include <math.h>

#include "harness/timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_timeline t;
    char err[512];
    if (pk_timeline_read(pk_fuzz_file(data, size), &t, err, sizeof err) != 0)
        return 0;
    for (size_t i = 0; i < t.n; i++)
        if (!isfinite(t.rows[i].start_ns) || !(t.rows[i].end_ns >= t.rows[i].start_ns))
            abort();
    pk_timeline_free(&t);
    return 0;
}
