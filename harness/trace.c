/* Trace records (GPU operations, API calls, step markers, interned names), the microsecond
 * reader the Chrome format needs, and the choice of reader from a file's first bytes (see
 * trace.h), and the workload file written from a join. The join lives in trace_replay.c. */
#include "harness/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/infile.h"
#include "common/status.h"

void pk_trace_init(pk_trace *t)
{
    memset(t, 0, sizeof *t);
}

void pk_trace_free(pk_trace *t)
{
    free(t->ops);
    free(t->calls);
    free(t->steps);
    for (size_t i = 0; i < t->nnames; i++)
        free(t->names[i]);
    free(t->names);
    free(t->name_hash);
    pk_trace_init(t);
}

/* PKB_TEST_TRACE_NOMEM=K: the K-th growth of a trace's arrays fails as a realloc would, so that
 * the import's exit on running out of memory (71) is tested without exhausting it. */
static int test_nomem(void)
{
    static long at = -1, grows;
    if (at == -1) {
        const char *e = getenv("PKB_TEST_TRACE_NOMEM");
        at = e ? atol(e) : 0;
    }
    return at > 0 && ++grows == at;
}

/* Grows *arr (of *cap elements of size sz) so that one more fits. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return PK_OK;
    if (test_nomem())
        return PK_ENOMEM;
    size_t c = *cap ? *cap * 2 : 1024;
    if (c > SIZE_MAX / sz)
        return PK_ENOMEM;
    void *p = realloc(*arr, c * sz);
    if (!p)
        return PK_ENOMEM;
    *arr = p;
    *cap = c;
    return PK_OK;
}

int pk_trace_add_op(pk_trace *t, const pk_trace_op *op)
{
    if (grow((void **)&t->ops, &t->capops, t->nops, sizeof *op))
        return PK_ENOMEM;
    t->ops[t->nops++] = *op;
    return PK_OK;
}

int pk_trace_add_call(pk_trace *t, const pk_trace_call *call)
{
    if (grow((void **)&t->calls, &t->capcalls, t->ncalls, sizeof *call))
        return PK_ENOMEM;
    t->calls[t->ncalls++] = *call;
    return PK_OK;
}

int pk_trace_add_step(pk_trace *t, const pk_trace_step *step)
{
    if (grow((void **)&t->steps, &t->capsteps, t->nsteps, sizeof *step))
        return PK_ENOMEM;
    t->steps[t->nsteps++] = *step;
    return PK_OK;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int pk_trace_intern(pk_trace *t, const char *name, size_t len, uint32_t *index)
{
    if (len > PK_TRACE_NAME_MAX)
        len = PK_TRACE_NAME_MAX;
    if (t->nnames * 2 >= t->hash_cap) {
        size_t cap = t->hash_cap ? t->hash_cap * 2 : 256;
        uint32_t *h = calloc(cap, sizeof *h);
        if (!h)
            return PK_ENOMEM;
        for (size_t i = 0; i < t->nnames; i++) {
            size_t j = hash_bytes(t->names[i], strlen(t->names[i])) & (cap - 1);
            while (h[j])
                j = (j + 1) & (cap - 1);
            h[j] = (uint32_t)(i + 1);
        }
        free(t->name_hash);
        t->name_hash = h;
        t->hash_cap = cap;
    }
    size_t j = hash_bytes(name, len) & (t->hash_cap - 1);
    while (t->name_hash[j]) {
        const char *s = t->names[t->name_hash[j] - 1];
        if (strlen(s) == len && memcmp(s, name, len) == 0) {
            *index = t->name_hash[j] - 1;
            return PK_OK;
        }
        j = (j + 1) & (t->hash_cap - 1);
    }
    if (t->nnames >= UINT32_MAX - 1 || grow((void **)&t->names, &t->capnames, t->nnames, sizeof *t->names))
        return PK_ENOMEM;
    char *copy = malloc(len + 1);
    if (!copy)
        return PK_ENOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    t->names[t->nnames] = copy;
    t->name_hash[j] = (uint32_t)(t->nnames + 1);
    *index = (uint32_t)t->nnames++;
    return PK_OK;
}

/* The decimal text times 10^exp0, rounded to nearest; *inexact set when a nonzero digit was
 * rounded away (a fraction of the unit). */
static int scaled_decimal(const char *text, size_t len, int exp0, int64_t *ns, int *inexact)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (text[i] == '-' || text[i] == '+'))
        neg = text[i++] == '-';
    uint64_t mant = 0;
    int digits = 0, exp10 = exp0, any = 0; /* value = mant * 10^exp10 units */
    int dropped_nonzero = 0;
    for (int frac = 0; i < len; i++) {
        char c = text[i];
        if (c == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        any = 1;
        if (digits < 19) {
            mant = mant * 10 + (uint64_t)(c - '0');
            if (mant)
                digits++;
            if (frac)
                exp10--;
        } else {
            dropped_nonzero |= c != '0';
            if (!frac)
                exp10++;
        }
    }
    if (!any)
        return PK_EPARSE;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        int eneg = 0;
        long e = 0;
        if (i < len && (text[i] == '-' || text[i] == '+'))
            eneg = text[i++] == '-';
        if (i >= len)
            return PK_EPARSE;
        for (; i < len && text[i] >= '0' && text[i] <= '9'; i++)
            if (e < 100000)
                e = e * 10 + (text[i] - '0');
        exp10 += (int)(eneg ? -e : e);
    }
    if (i != len)
        return PK_EPARSE;
    *inexact = dropped_nonzero && exp10 <= 0; /* past 19 digits, below the unit */
    if (mant == 0) {
        *ns = 0;
        return PK_OK;
    }
    while (exp10 > 0) {
        if (mant > UINT64_MAX / 10)
            return PK_ERANGE;
        mant *= 10;
        exp10--;
    }
    while (exp10 < 0 && mant) {
        uint64_t q = mant / 10, r = mant % 10;
        *inexact |= r != 0;
        mant = q;
        exp10++;
        if (exp10 == 0 && r >= 5)
            mant++;
    }
    if (mant > (uint64_t)INT64_MAX)
        return PK_ERANGE;
    *ns = neg ? -(int64_t)mant : (int64_t)mant;
    return PK_OK;
}

int pk_trace_us_to_ns(const char *text, size_t len, int64_t *ns)
{
    int inexact = 0;
    return scaled_decimal(text, len, 3, ns, &inexact);
}

const char *const pk_trace_nsys_tables[PK_WORKLOAD_KIND_COUNT] = {
    "CUPTI_ACTIVITY_KIND_KERNEL", "CUPTI_ACTIVITY_KIND_MEMCPY", "CUPTI_ACTIVITY_KIND_MEMSET"};

void pk_trace_where(const pk_trace *t, const pk_trace_op *op, const pk_trace_call *call, char *buf, size_t cap)
{
    const char *name = op && op->name < t->nnames ? t->names[op->name] : NULL;
    unsigned long long at = op ? op->source : call->source;
    char named[80] = "";
    if (name)
        snprintf(named, sizeof named, " ('%.60s')", name);
    if (strcmp(t->format, "nsys-sqlite") == 0)
        snprintf(buf, cap, "%s row %llu%s",
                 op ? pk_trace_nsys_tables[op->kind < PK_WORKLOAD_KIND_COUNT ? op->kind : 0]
                    : "CUPTI_ACTIVITY_KIND_RUNTIME", at, named);
    else
        snprintf(buf, cap, "traceEvents[%llu]%s", at, named);
}

/* ---- format detection ---- */

#define DETECT_MAX (64 * 1024) /* the bytes read to tell the format */

int pk_trace_read(const char *path, pk_trace_format format, const pk_trace_opts *o, pk_trace *t, char *err,
                  size_t errlen)
{
    if (format == PK_TRACE_AUTO) {
        FILE *fp;
        if (pk_input_open_max(path, 0, &fp, err, errlen) != PK_OK) /* a FIFO or device: refused, not read */
            return PK_EIO;
        /* JSON may open with any amount of whitespace: up to DETECT_MAX bytes of it are looked past. */
        unsigned char *head = malloc(DETECT_MAX);
        if (!head) {
            fclose(fp);
            snprintf(err, errlen, "%s: out of memory", path);
            return PK_ENOMEM;
        }
        size_t n = fread(head, 1, DETECT_MAX, fp);
        size_t i = 0;
        fclose(fp);
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
            i++;
        if (n >= 16 && memcmp(head, "SQLite format 3", 16) == 0)
            format = PK_TRACE_NSYS;
        else if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            format = PK_TRACE_CHROME;
        else if (i < n && (head[i] == '{' || head[i] == '['))
            format = PK_TRACE_CHROME;
        free(head);
        if (format == PK_TRACE_AUTO) {
            snprintf(err, errlen, "%s: %s%s", path,
                     n == 0 ? "empty file" : "neither a Chrome trace (JSON, or gzip) nor an SQLite database",
                     n == DETECT_MAX && i == n ? " (its first 64 KiB are whitespace)" : "");
            return PK_EPARSE;
        }
    }
#ifndef PKB_HAVE_TRACE_CHROME
    if (format == PK_TRACE_CHROME) {
        snprintf(err, errlen, "%s: this pkbench was built without Chrome-trace import (needs yajl and zlib)", path);
        return PK_EUNSUPPORTED;
    }
#else
    if (format == PK_TRACE_CHROME)
        return pk_trace_read_chrome(path, o, t, err, errlen);
#endif
#ifndef PKB_HAVE_TRACE_NSYS
    snprintf(err, errlen, "%s: this pkbench was built without Nsight Systems import (needs SQLite 3)", path);
    return PK_EUNSUPPORTED;
#else
    return pk_trace_read_nsys(path, o, t, err, errlen);
#endif
}

int pk_trace_replay_write(const char *path, const pk_trace *t, const pk_trace_replay *w, const char *source_name,
                          char *err, size_t errlen)
{
    pk_workload_meta m = {
        .source_format = t->format,
        .source_format_version = t->format_version,
        .source_file = source_name,
        .device = t->device,
        .step_source = w->step_source,
        .step_marker = t->step_marker,
        .dropped_no_launch = w->dropped_no_launch,
        .dropped_outside_steps = w->dropped_outside_steps,
        .unknown_events = t->unknown_events,
    };
    memcpy(m.count, w->count, sizeof m.count);
    return pk_workload_write(path, &m, w->rows, w->n, w->steps, w->nsteps, (const char *const *)t->names,
                             t->nnames, err, errlen);
}

int pk_trace_number(const char *s, size_t len, int64_t *out, int us)
{
    int64_t v = 0;
    int inexact = 0, rc = scaled_decimal(s, len, us ? 3 : 0, &v, &inexact);
    if (rc == PK_OK && !us && inexact) /* an id or a dimension: any fraction at all, not one of a ns */
        rc = PK_EPARSE;
    if (rc == PK_OK && us && (v > PK_TRACE_NS_MAX || v < -PK_TRACE_NS_MAX))
        rc = PK_ERANGE;
    *out = v;
    return rc;
}
