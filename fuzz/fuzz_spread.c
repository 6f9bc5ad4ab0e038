/* libFuzzer harness of the spread and prior table reader (harness/prior.c): any bytes are read
 * or refused with a reason, never crash, leak or trip a sanitizer; what it reads is sorted, with
 * every sd and df positive and finite; a fit of the table against itself either succeeds with
 * rows of the same kind or is refused. */
#include "fuzz/fuzz_input.h"

#include <math.h>

#include "common/status.h"
#include "harness/prior.h"

static void check_rows(const pk_spread *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const pk_spread_row *r = &t->rows[i];
        if (!(r->sd > 0 && isfinite(r->sd) && r->df > 0 && isfinite(r->df)))
            abort();
        if (pk_spread_find(t, &r->key, r->judgement) != r)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_spread t, prior;
    char err[512];
    if (pk_spread_read(pk_fuzz_file(data, size), &t, err, sizeof err) != PK_OK)
        return 0;
    check_rows(&t);
    const pk_spread two[2] = {t, t};
    int rc = pk_spread_fit(two, 2, &prior, err, sizeof err);
    if (rc == PK_OK) {
        if (prior.n != t.n)
            abort();
        check_rows(&prior);
        pk_spread_free(&prior);
    } else if (rc != PK_EINVAL) {
        abort();
    }
    pk_spread_free(&t);
    return 0;
}
