/* PyTorch profiler Chrome traces (torch.profiler export_chrome_trace; JSON or gzip) read in
 * one streaming pass: zlib inflates, yajl parses events one at a time, and only the records the
 * workload needs (kernels, memcpy/memset, CUDA runtime/driver calls, step markers) are kept. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include <zlib.h>

#include "harness/trace.h"
#include "common/infile.h"
#include "common/status.h"

#define STACK_MAX 64
#define IN_CHUNK (1 << 16)
#define OUT_CHUNK (1 << 18)

typedef enum ctx_kind { K_TOP_MAP, K_EVENTS, K_EVENT, K_ARGS, K_DIM, K_DEVPROPS, K_DEVPROP, K_SKIP } ctx_kind;

typedef enum key_id {
    KEY_NONE, KEY_PH, KEY_CAT, KEY_NAME, KEY_TS, KEY_DUR, KEY_TID, KEY_ARGS, KEY_CORRELATION, KEY_STREAM,
    KEY_GRID, KEY_BLOCK, KEY_TRACE_EVENTS, KEY_DEVPROPS, KEY_SCHEMA_VERSION
} key_id;

/* The event being read: only the fields the workload needs. */
typedef struct event {
    char ph[8], cat[40], name[PK_TRACE_NAME_MAX + 1];
    size_t name_len;
    int has_ph, has_ts, has_dur, has_corr, has_stream, has_tid;
    unsigned keys; /* the known keys of the event and its args seen (1 << key_id): one given twice is refused */
    int64_t ts, dur, stream, tid;
    uint64_t corr;
    uint32_t dim[2][3];
    int dim_n, dim_which;
} event;

typedef struct reader {
    pk_trace *t;
    const char *marker;
    size_t marker_len;
    int allow_unknown;
    char err[400]; /* the reason alone: the caller's buffer joins it to the path, which may be long */
    int failed, seen_events, devprop_done;
    ctx_kind stack[STACK_MAX];
    int depth;
    key_id key;
    uint64_t index; /* events seen */
    event ev;
    yajl_handle h;
    unsigned char *in, *out; /* file chunks, inflated chunks */
    z_stream zs;
    int gz, zinit, member_open;
    unsigned long long offset, zoffset; /* JSON bytes parsed, compressed bytes consumed */
} reader;

/* Categories that the profiler writes and that the workload does not need. */
static const char *const ignored_cats[] = {
    "cpu_op", "user_annotation", "gpu_user_annotation", "external_correlation", "cpu_instant_event",
    "python_function", "overhead", "cuda_sync", "cuda_event", "cuda_profiler_range", "glow_runtime",
    "mtia_runtime", "mtia_ccp_events", "mtia_insight", "mtia_counters", "hpu_op", "xpu_runtime", "xpu_driver",
    "xpu_sync", "xpu_scope_profiler", "collective_comm", "privateuse1_runtime", "privateuse1_driver",
    "gpu_pm_counter", "Trace", "Operator", "Python", NULL};

/* Chrome trace event phases (the Trace Event Format); the reader's one error for memory that ran
 * out, told apart at the end for exit 71. */
static const char known_phases[] = "BEXiICbnestfPNODMVvRcSTpF()", oom[] = "out of memory";

static int fail(reader *r, const char *fmt, const char *a, const char *b)
{
    if (!r->failed) {
        snprintf(r->err, sizeof r->err, fmt, a ? a : "", b ? b : "");
        r->failed = 1;
    }
    return 0;
}

static int fail_event(reader *r, const char *what)
{
    char msg[400];
    snprintf(msg, sizeof msg, "traceEvents[%llu] ('%.60s'): %s", (unsigned long long)r->index, r->ev.name, what);
    return fail(r, "%s%s", msg, NULL);
}

static ctx_kind top(const reader *r)
{
    return r->depth > 0 && r->depth <= STACK_MAX ? r->stack[r->depth - 1] : K_SKIP;
}

static void push(reader *r, ctx_kind k)
{
    if (r->depth < STACK_MAX)
        r->stack[r->depth] = k;
    r->depth++;
    r->key = KEY_NONE;
}

static int is_ignored_cat(const char *cat)
{
    for (size_t i = 0; ignored_cats[i]; i++)
        if (strcmp(cat, ignored_cats[i]) == 0)
            return 1;
    return 0;
}

/* ---- what one finished event contributes ---- */

static int event_record(reader *r)
{
    event *e = &r->ev;
    pk_trace *t = r->t;
    t->events++;
    if (!e->has_ph)
        return fail_event(r, "no \"ph\" (phase)");
    if (strlen(e->ph) != 1 || !strchr(known_phases, e->ph[0])) {
        if (r->allow_unknown) {
            t->unknown_events++;
            return 1;
        }
        char msg[96];
        snprintf(msg, sizeof msg, "unknown event phase \"%.16s\" (not the Trace Event Format)", e->ph);
        return fail_event(r, msg);
    }
    if (e->ph[0] != 'X')
        return 1;
    if (!e->has_ts || !e->has_dur)
        return fail_event(r, e->has_ts ? "complete event without \"dur\"" : "complete event without \"ts\"");
    int kind = -1;
    /* The capitalised names are those of the first Kineto releases (PyTorch 1.8, 1.9). */
    if (strcmp(e->cat, "kernel") == 0 || strcmp(e->cat, "Kernel") == 0)
        kind = PK_WORKLOAD_KERNEL;
    else if (strcmp(e->cat, "gpu_memcpy") == 0 || strcmp(e->cat, "Memcpy") == 0)
        kind = PK_WORKLOAD_MEMCPY;
    else if (strcmp(e->cat, "gpu_memset") == 0 || strcmp(e->cat, "Memset") == 0)
        kind = PK_WORKLOAD_MEMSET;
    if (kind >= 0) {
        pk_trace_op op = {.source = r->index};
        op.start_ns = e->ts;
        op.end_ns = e->ts + e->dur;
        op.correlation = e->has_corr ? e->corr : UINT64_MAX;
        op.stream = e->has_stream ? e->stream : (e->has_tid ? e->tid : 0);
        if (kind == PK_WORKLOAD_KERNEL) {
            memcpy(op.grid, e->dim[0], sizeof op.grid);
            memcpy(op.block, e->dim[1], sizeof op.block);
        }
        op.kind = (uint8_t)kind;
        if (pk_trace_intern(t, e->name, e->name_len, &op.name) || pk_trace_add_op(t, &op))
            return fail(r, oom, NULL, NULL);
        return 1;
    }
    if (strcmp(e->cat, "cuda_runtime") == 0 || strcmp(e->cat, "cuda_driver") == 0 || strcmp(e->cat, "Runtime") == 0) {
        pk_trace_call c = {.source = r->index};
        c.start_ns = e->ts;
        c.end_ns = e->ts + e->dur;
        c.correlation = e->has_corr ? e->corr : UINT64_MAX - 1;
        c.is_sync = strstr(e->name, "Synchronize") != NULL;
        if ((e->has_corr || c.is_sync) && pk_trace_add_call(t, &c))
            return fail(r, oom, NULL, NULL);
        return 1;
    }
    if ((strcmp(e->cat, "user_annotation") == 0 || strcmp(e->cat, "cpu_op") == 0 || strcmp(e->cat, "Operator") == 0) &&
        strncmp(e->name, r->marker, r->marker_len) == 0) {
        pk_trace_step s = {e->ts, e->ts + e->dur, (int64_t)t->nsteps};
        const char *num = e->name + r->marker_len;
        if (*num >= '0' && *num <= '9' && strlen(num) < 18)
            s.number = strtoll(num, NULL, 10);
        if (pk_trace_add_step(t, &s))
            return fail(r, oom, NULL, NULL);
        return 1;
    }
    if (is_ignored_cat(e->cat))
        return 1;
    if (r->allow_unknown) {
        t->unknown_events++;
        return 1;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "unknown event kind \"%.40s\" (--allow-unknown-events skips such events)",
             e->has_ph && e->cat[0] ? e->cat : "(no cat)");
    return fail_event(r, msg);
}

/* ---- yajl callbacks ---- */

static int scalar_in_events(reader *r)
{
    char idx[32];
    snprintf(idx, sizeof idx, "%llu", (unsigned long long)r->index);
    return fail(r, "not a Chrome trace: traceEvents[%s] is not an object", idx, NULL);
}

/* args.grid and args.block are [x, y, z] of integers in every trace the profiler writes (absent:
 * 0); another JSON type (what) there, or as a dimension, is refused (0), not read as 0. */
static int dim_type_ok(reader *r, const char *what)
{
    ctx_kind k = top(r);
    int slot = k == K_ARGS && (r->key == KEY_GRID || r->key == KEY_BLOCK);
    return (k == K_DIM ? strcmp(what, "number") == 0 : !slot || strcmp(what, "array") == 0) ||
           fail_event(r, k == K_DIM ? "args.grid / args.block hold a value that is not a dimension"
                                    : "args.grid / args.block do not hold three dimensions");
}

static int on_scalar_kind(reader *r, const char *what)
{
    ctx_kind k = top(r);
    if (r->depth == 0)
        return fail(r, "not a Chrome trace: the JSON is a %s, not an object with \"traceEvents\"", what, NULL);
    if (k == K_EVENTS)
        return scalar_in_events(r);
    if (k == K_TOP_MAP && r->key == KEY_TRACE_EVENTS)
        return fail(r, "not a Chrome trace: \"traceEvents\" is a %s, not an array", what, NULL);
    return dim_type_ok(r, what);
}

/* null and booleans: nothing the workload reads, but not where an event or an array belongs. */
static int other_scalar(void *ctx, const char *what)
{
    reader *r = ctx;
    int ok = on_scalar_kind(r, what);
    r->key = KEY_NONE;
    return ok;
}

static int cb_null(void *ctx) { return other_scalar(ctx, "null"); }
static int cb_boolean(void *ctx, int v) { return other_scalar(ctx, "boolean"); }

static int cb_number(void *ctx, const char *s, size_t len)
{
    reader *r = ctx;
    if (!on_scalar_kind(r, "number"))
        return 0;
    ctx_kind k = top(r);
    key_id key = r->key;
    r->key = KEY_NONE;
    int64_t v;
    event *e = &r->ev;
    if (k == K_EVENT) {
        if (key == KEY_TS || key == KEY_DUR) {
            const int bad = pk_trace_number(s, len, &v, 1);
            if (bad)
                return fail_event(r, bad != PK_ERANGE ? (key == KEY_TS ? "\"ts\" is not a usable number"
                                                                       : "\"dur\" is not a usable number")
                                  : key == KEY_TS ? "\"ts\" is beyond 2^61 ns (about 73 years)"
                                                  : "\"dur\" is beyond 2^61 ns (about 73 years)");
            if (key == KEY_TS) {
                e->ts = v;
                e->has_ts = 1;
            } else {
                if (v < 0)
                    return fail_event(r, "negative \"dur\"");
                e->dur = v;
                e->has_dur = 1;
            }
        } else if (key == KEY_TID && pk_trace_number(s, len, &v, 0) == 0) {
            e->tid = v;
            e->has_tid = 1;
        }
    } else if (k == K_ARGS) {
        if (key == KEY_CORRELATION || key == KEY_STREAM) {
            if (pk_trace_number(s, len, &v, 0))
                return fail_event(r, key == KEY_CORRELATION ? "args.correlation is not an integer"
                                                            : "args.stream is not an integer");
            if (key == KEY_CORRELATION) {
                if (v < 0)
                    return fail_event(r, "negative args.correlation");
                e->corr = (uint64_t)v;
                e->has_corr = 1;
            } else {
                e->stream = v;
                e->has_stream = 1;
            }
        }
    } else if (k == K_DIM) {
        if (pk_trace_number(s, len, &v, 0) || v < 0 || v > UINT32_MAX)
            return fail_event(r, "args.grid / args.block hold a value that is not a dimension");
        if (e->dim_n < 3)
            e->dim[e->dim_which][e->dim_n] = (uint32_t)v;
        e->dim_n++;
    } else if (k == K_TOP_MAP && key == KEY_SCHEMA_VERSION) {
        snprintf(r->t->format_version, sizeof r->t->format_version, "%.*s", (int)(len < 32 ? len : 32), s);
    }
    return 1;
}

static void copy_str(char *dst, size_t cap, const unsigned char *s, size_t len, size_t *out_len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
    if (out_len)
        *out_len = len;
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    reader *r = ctx;
    if (!on_scalar_kind(r, "string"))
        return 0;
    ctx_kind k = top(r);
    key_id key = r->key;
    r->key = KEY_NONE;
    event *e = &r->ev;
    if (k == K_EVENT) {
        if (key == KEY_PH) {
            copy_str(e->ph, sizeof e->ph, s, len, NULL);
            e->has_ph = 1;
        } else if (key == KEY_CAT) {
            copy_str(e->cat, sizeof e->cat, s, len, NULL);
        } else if (key == KEY_NAME) {
            copy_str(e->name, sizeof e->name, s, len, &e->name_len);
        } else if (key == KEY_TS || key == KEY_DUR) {
            return fail_event(r, key == KEY_TS ? "\"ts\" is not a number" : "\"dur\" is not a number");
        }
    } else if (k == K_DEVPROP && key == KEY_NAME && !r->devprop_done) {
        copy_str(r->t->device, sizeof r->t->device, s, len, NULL);
    }
    return 1;
}

/* The keys the reader looks at, by the container they appear in. */
static const struct {
    ctx_kind in;
    const char *name;
    key_id key;
} known_keys[] = {
    {K_EVENT, "ph", KEY_PH}, {K_EVENT, "cat", KEY_CAT}, {K_EVENT, "name", KEY_NAME}, {K_EVENT, "ts", KEY_TS},
    {K_EVENT, "dur", KEY_DUR}, {K_EVENT, "tid", KEY_TID}, {K_EVENT, "args", KEY_ARGS},
    {K_ARGS, "correlation", KEY_CORRELATION}, {K_ARGS, "stream", KEY_STREAM}, {K_ARGS, "grid", KEY_GRID},
    {K_ARGS, "block", KEY_BLOCK}, {K_TOP_MAP, "traceEvents", KEY_TRACE_EVENTS},
    {K_TOP_MAP, "deviceProperties", KEY_DEVPROPS}, {K_TOP_MAP, "schemaVersion", KEY_SCHEMA_VERSION},
    {K_DEVPROP, "name", KEY_NAME},
};

static int cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
    reader *r = ctx;
    ctx_kind k = top(r);
    r->key = KEY_NONE;
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
        if (known_keys[i].in == k && strlen(known_keys[i].name) == len && memcmp(known_keys[i].name, s, len) == 0) {
            r->key = known_keys[i].key;
            break;
        }
    if ((k == K_EVENT || k == K_ARGS) && r->key != KEY_NONE && (r->ev.keys & (1u << r->key)))
        return fail_event(r, "a key given twice in one event");
    if (k == K_EVENT || k == K_ARGS)
        r->ev.keys |= 1u << r->key;
    return 1;
}

static int cb_start_map(void *ctx)
{
    reader *r = ctx;
    ctx_kind k = top(r), nk = K_SKIP;
    if (r->depth == 0)
        nk = K_TOP_MAP;
    else if (k == K_EVENTS) {
        nk = K_EVENT;
        memset(&r->ev, 0, sizeof r->ev);
    } else if (k == K_EVENT && r->key == KEY_ARGS)
        nk = K_ARGS;
    else if (k == K_DEVPROPS)
        nk = K_DEVPROP;
    else if (k == K_TOP_MAP && r->key == KEY_TRACE_EVENTS)
        return fail(r, "not a Chrome trace: \"traceEvents\" is an object, not an array", NULL, NULL);
    else if (!dim_type_ok(r, "object"))
        return 0;
    push(r, nk);
    return 1;
}

static int cb_end_map(void *ctx)
{
    reader *r = ctx;
    ctx_kind k = top(r);
    r->depth--;
    r->key = KEY_NONE;
    if (k == K_EVENT) {
        int ok = event_record(r);
        r->index++;
        return ok;
    }
    if (k == K_DEVPROP)
        r->devprop_done = 1;
    return 1;
}

static int cb_start_array(void *ctx)
{
    reader *r = ctx;
    ctx_kind k = top(r), nk = K_SKIP;
    if (r->depth == 0 || (k == K_TOP_MAP && r->key == KEY_TRACE_EVENTS)) {
        if (r->seen_events) /* a second "traceEvents" would import every op twice */
            return fail(r, "%s", "not a Chrome trace: \"traceEvents\" given twice", NULL);
        nk = K_EVENTS;
        r->seen_events = 1;
    } else if (k == K_TOP_MAP && r->key == KEY_DEVPROPS) {
        nk = K_DEVPROPS;
    } else if (k == K_ARGS && (r->key == KEY_GRID || r->key == KEY_BLOCK)) {
        nk = K_DIM;
        r->ev.dim_which = r->key == KEY_BLOCK;
        r->ev.dim_n = 0;
    } else if (k == K_EVENTS) {
        return scalar_in_events(r);
    } else if (!dim_type_ok(r, "array")) {
        return 0;
    }
    push(r, nk);
    return 1;
}

static int cb_end_array(void *ctx)
{
    reader *r = ctx;
    ctx_kind k = top(r);
    r->depth--;
    r->key = KEY_NONE;
    if (k == K_DIM && r->ev.dim_n != 3)
        return fail_event(r, "args.grid / args.block do not hold three dimensions");
    return 1;
}

static const yajl_callbacks callbacks = {
    cb_null, cb_boolean, NULL, NULL, cb_number, cb_string, cb_start_map, cb_map_key, cb_end_map,
    cb_start_array, cb_end_array,
};

/* ---- the byte stream: plain or gzip ---- */

/* yajl's description of its last error, on one line. */
static void yajl_reason(yajl_handle h, char *text, size_t cap)
{
    unsigned char *msg = yajl_get_error(h, 0, NULL, 0);
    snprintf(text, cap, "%s", msg ? (const char *)msg : "parse error");
    if (msg)
        yajl_free_error(h, msg);
    text[strcspn(text, "\n")] = '\0';
}

/* Sets the reader's error to text unless one is set; returns PK_EPARSE. */
static int stream_fail(reader *r, const char *text)
{
    fail(r, "%s%s", text, NULL);
    return PK_EPARSE;
}

static int feed(reader *r, const unsigned char *buf, size_t n)
{
    yajl_status st = yajl_parse(r->h, buf, n);
    if (st == yajl_status_ok) {
        r->offset += n;
        return PK_OK;
    }
    if (!r->failed) {
        char text[200], msg[300];
        yajl_reason(r->h, text, sizeof text);
        snprintf(msg, sizeof msg, "malformed JSON at byte %llu: %s",
                 r->offset + (unsigned long long)yajl_get_bytes_consumed(r->h), text);
        stream_fail(r, msg);
    }
    return PK_EPARSE;
}

/* Inflates one chunk of compressed input into the parser; gzip members may follow each other. */
static int inflate_chunk(reader *r, size_t n)
{
    z_stream *zs = &r->zs;
    zs->next_in = r->in;
    zs->avail_in = (uInt)n;
    while (zs->avail_in > 0) {
        if (!r->member_open) { /* another gzip member follows the last one */
            inflateReset(zs);
            r->member_open = 1;
        }
        zs->next_out = r->out;
        zs->avail_out = OUT_CHUNK;
        uInt before = zs->avail_in;
        int z = inflate(zs, Z_NO_FLUSH);
        r->zoffset += before - zs->avail_in;
        if (z != Z_OK && z != Z_STREAM_END && z != Z_BUF_ERROR) {
            char msg[200];
            snprintf(msg, sizeof msg, "corrupt gzip data near compressed byte %llu: %s", r->zoffset,
                     zs->msg ? zs->msg : "inflate failed");
            return stream_fail(r, msg);
        }
        if (OUT_CHUNK - zs->avail_out > 0 && feed(r, r->out, OUT_CHUNK - zs->avail_out))
            return PK_EPARSE;
        if (z == Z_STREAM_END)
            r->member_open = 0;
        else if (z == Z_BUF_ERROR && before == zs->avail_in && zs->avail_out == OUT_CHUNK)
            break; /* no progress possible without more input */
    }
    return PK_OK;
}

/* At the end of the input: drains what inflate holds and insists on the member's end (where
 * zlib checks the CRC), so that a truncated file is refused rather than half read. */
static int inflate_finish(reader *r)
{
    while (r->member_open) {
        r->zs.next_out = r->out;
        r->zs.avail_out = OUT_CHUNK;
        int z = inflate(&r->zs, Z_FINISH);
        if (OUT_CHUNK - r->zs.avail_out > 0 && feed(r, r->out, OUT_CHUNK - r->zs.avail_out))
            return PK_EPARSE;
        if (z == Z_STREAM_END)
            r->member_open = 0;
        else if (z == Z_BUF_ERROR || (z == Z_OK && r->zs.avail_out != 0))
            return stream_fail(r, "truncated gzip data (the compressed stream ends early)");
        else if (z != Z_OK)
            return stream_fail(r, r->zs.msg ? r->zs.msg : "corrupt gzip data");
    }
    return PK_OK;
}

/* Reads the file through the parser, inflating it when it starts with the gzip magic. */
static int pump(reader *r, FILE *fp)
{
    size_t n;
    int first = 1;
    while ((n = fread(r->in, 1, IN_CHUNK, fp)) > 0) {
        if (first) {
            first = 0;
            r->gz = n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b;
            if (r->gz) {
                if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK)
                    return stream_fail(r, oom);
                r->zinit = r->member_open = 1;
            }
        }
        if (r->gz ? inflate_chunk(r, n) : feed(r, r->in, n))
            return PK_EPARSE;
    }
    if (ferror(fp)) {
        char msg[200];
        snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
        stream_fail(r, msg);
        return PK_EIO;
    }
    if (first)
        return stream_fail(r, "empty file");
    if (r->gz && inflate_finish(r))
        return PK_EPARSE;
    if (yajl_complete_parse(r->h) != yajl_status_ok) {
        char text[200], msg[300];
        yajl_reason(r->h, text, sizeof text);
        if (strstr(text, "premature EOF"))
            snprintf(msg, sizeof msg, "truncated JSON (the text ends at byte %llu inside a value)", r->offset);
        else
            snprintf(msg, sizeof msg, "malformed JSON at byte %llu: %s", r->offset, text);
        return stream_fail(r, msg);
    }
    if (!r->failed && !r->seen_events)
        return stream_fail(r, "not a Chrome trace: no \"traceEvents\" array");
    return r->failed ? PK_EPARSE : PK_OK;
}

int pk_trace_read_chrome(const char *path, const pk_trace_opts *o, pk_trace *t, char *err, size_t errlen)
{
    reader *r = calloc(1, sizeof *r);
    unsigned char *in = malloc(IN_CHUNK), *out = malloc(OUT_CHUNK);
    int rc = PK_ENOMEM;
    if (!r || !in || !out || !(r->h = yajl_alloc(&callbacks, NULL, r))) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    r->t = t;
    r->in = in;
    r->out = out;
    r->marker = o && o->step_marker ? o->step_marker : "ProfilerStep#";
    r->marker_len = strlen(r->marker);
    r->allow_unknown = o && o->allow_unknown;
    snprintf(t->format, sizeof t->format, "pytorch-chrome-trace");
    snprintf(t->step_marker, sizeof t->step_marker, "%s", r->marker);
    yajl_config(r->h, yajl_dont_validate_strings, 1);
    FILE *fp;
    if (pk_input_open_max(path, 0, &fp, err, errlen) != PK_OK) { /* streamed: no size bound */
        rc = PK_EIO;
        goto done;
    }
    rc = pump(r, fp);
    fclose(fp);
    if (rc == PK_EPARSE && strcmp(r->err, oom) == 0) /* the parse stopped for memory, not for the text */
        rc = PK_ENOMEM;
    if (rc != PK_OK) { /* the path shortened where the buffer is too small, never the reason */
        size_t room = strlen(r->err) + 3 < errlen ? errlen - strlen(r->err) - 3 : 0;
        snprintf(err, errlen, "%.*s: %s", (int)(room < strlen(path) ? room : strlen(path)), path, r->err);
    }
done:
    if (r && r->zinit)
        inflateEnd(&r->zs);
    if (r && r->h)
        yajl_free(r->h);
    free(r);
    free(in);
    free(out);
    return rc;
}
