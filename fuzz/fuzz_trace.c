/* libFuzzer harness of the trace importer's Chrome-trace reader (harness/trace_chrome.c: JSON,
 * or gzip-compressed JSON, streamed) and the join that makes a workload of it
 * (trace_replay.c): any bytes are read or refused with a reason, never crash, leak or trip a
 * sanitizer; a workload built from a trace has its rows in launch order. */
#include "fuzz/fuzz_input.h"

#include "harness/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_trace t;
    pk_trace_replay w;
    char err[512];
    pk_trace_init(&t);
    pk_trace_opts o = {NULL, size && data[0] & 1};
    if (pk_trace_read_chrome(pk_fuzz_file(data, size), &o, &t, err, sizeof err) == 0 &&
        pk_trace_replay_build(&t, &w, err, sizeof err) == 0)
        pk_trace_replay_free(&w);
    pk_trace_free(&t);
    return 0;
}
