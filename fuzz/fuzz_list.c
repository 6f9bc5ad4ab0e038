/* libFuzzer harness of the command-line value parsers (harness/cli.c): axis lists, name lists,
 * integers and decimals. Any text is parsed or refused with a reason; an axis list comes back
 * sorted, without duplicates, within its cap and its maximum. */
#include "fuzz/fuzz_input.h"

#include <math.h>

#include "common/strategy.h"
#include "harness/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = pk_fuzz_string(data, size), err[512];
    static uint64_t vals[4096];
    size_t n = 0;
    const uint64_t max = size && data[0] & 1 ? UINT32_MAX : UINT64_MAX;
    if (pk_cli_u64_list("--batch", text, max, vals, 4096, &n, err, sizeof err) == 0) {
        if (n > 4096)
            abort();
        for (size_t i = 0; i < n; i++)
            if (vals[i] > max || (i && vals[i] <= vals[i - 1]))
                abort();
    }
    int idx[PK_STRAT_COUNT];
    if (pk_cli_name_list("--strategy", text, pk_strategy_names, idx, PK_STRAT_COUNT, &n, err, sizeof err) == 0)
        for (size_t i = 0; i < n; i++)
            if (idx[i] < 0 || idx[i] >= PK_STRAT_COUNT)
                abort();
    uint64_t u;
    double d;
    pk_cli_u64("--n", text, UINT64_MAX, &u, err, sizeof err);
    if (pk_cli_double("--x", text, -1e300, 1e300, &d, err, sizeof err) == 0 && (!isfinite(d) || !pk_cli_is_decimal(text)))
        abort();
    free(text);
    return 0;
}
