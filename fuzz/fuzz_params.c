/* libFuzzer harness of the params JSON reader (sim/params.c): any bytes are read or refused
 * with a reason, never crash, leak or trip a sanitizer; what it reads is finite and >= 0
 * (item_kernel_ns: or NAN, not measured). */
#include "fuzz/fuzz_input.h"

#include <math.h>

#include "sim/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_params p;
    char err[512];
    if (pk_params_load(pk_fuzz_file(data, size), &p, err, sizeof err) == 0) {
        for (int i = 0; i < PK_PARAM_COUNT; i++)
            if ((!isfinite(p.value[i]) && !(i == PK_P_ITEM_KERNEL && isnan(p.value[i]))) || p.value[i] < 0)
                abort();
        pk_params_free(&p);
    }
    return 0;
}
