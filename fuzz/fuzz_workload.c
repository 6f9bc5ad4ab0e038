/* libFuzzer harness of the workload reader (harness/workload.c): any bytes are read or refused;
 * what it reads holds at least one kernel, every value finite in [0, 1e12]. */
#include "fuzz/fuzz_input.h"

#include <math.h>

#include "harness/workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_workload wl;
    char err[512];
    if (pk_workload_load(pk_fuzz_file(data, size), &wl, err, sizeof err) != 0)
        return 0;
    if (wl.n == 0)
        abort();
    for (size_t i = 0; i < wl.n; i++)
        if (!(wl.d[i] >= 0 && wl.d[i] <= PK_WORKLOAD_MAX_NS) || !(wl.w[i] >= 0 && wl.w[i] <= PK_WORKLOAD_MAX_NS))
            abort();
    pk_workload_free(&wl);
    return 0;
}
