/* libFuzzer harness of the trace importer's Chrome-trace reader (harness/trace_chrome.c: JSON,
 * or gzip-compressed JSON, streamed) and the join that makes a workload of it
 * (trace_replay.c): any bytes are read or refused with a reason, never crash, leak or trip a
 * sanitizer; a workload built from a trace has its rows in launch order. */
#include "fuzz/fuzz_input.h"

#include <stdlib.h>

#include "harness/trace.h"

/* Launch order: launch calls start in order, and the rows' launch index starts at 0 and grows by
 * 0 (another op of the same call) or 1; every row is counted under one kind. */
static void check_order(const pk_trace_replay *w)
{
    uint64_t counted = 0;
    for (size_t k = 0; k < PK_WORKLOAD_KIND_COUNT; k++)
        counted += w->count[k];
    if (counted != w->n)
        abort();
    for (size_t i = 0; i < w->n; i++) {
        const pk_workload_op *r = &w->rows[i], *p = i ? &w->rows[i - 1] : NULL;
        if (p ? r->launch_ts_ns < p->launch_ts_ns || r->launch < p->launch || r->launch > p->launch + 1
              : r->launch != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_trace t;
    pk_trace_replay w;
    char err[512];
    pk_trace_init(&t);
    pk_trace_opts o = {NULL, size && data[0] & 1};
    if (pk_trace_read_chrome(pk_fuzz_file(data, size), &o, &t, err, sizeof err) == 0 &&
        pk_trace_replay_build(&t, &w, err, sizeof err) == 0) {
        check_order(&w);
        pk_trace_replay_free(&w);
    }
    pk_trace_free(&t);
    return 0;
}
