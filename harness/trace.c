/* Trace records, their join into a workload (one row per GPU operation in launch order, with
 * steps, host gaps and launch durations), and the workload CSV writer (see trace.h). */
#include "harness/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli.h"
#include "sim/afile.h"
#include "sim/status.h"

const char *const pk_trace_kind_names[PK_TRACE_KIND_COUNT] = {"kernel", "memcpy", "memset"};

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

/* Grows *arr (of *cap elements of size sz) so that one more fits. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return PK_OK;
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

int pk_trace_us_to_ns(const char *text, size_t len, int64_t *ns)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (text[i] == '-' || text[i] == '+'))
        neg = text[i++] == '-';
    uint64_t mant = 0;
    int digits = 0, exp10 = 3, any = 0; /* value = mant * 10^exp10 nanoseconds */
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
    (void)dropped_nonzero;
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

/* ---- the join ---- */

static const pk_trace *sort_trace; /* qsort has no user pointer in C11 */

static int cmp_call_key(const void *a, const void *b)
{
    const pk_trace_call *x = &sort_trace->calls[*(const size_t *)a], *y = &sort_trace->calls[*(const size_t *)b];
    if (x->process != y->process)
        return x->process < y->process ? -1 : 1;
    if (x->correlation != y->correlation)
        return x->correlation < y->correlation ? -1 : 1;
    if (x->start_ns != y->start_ns)
        return x->start_ns < y->start_ns ? -1 : 1;
    return 0;
}

static int cmp_call_start(const void *a, const void *b)
{
    const pk_trace_call *x = &sort_trace->calls[*(const size_t *)a], *y = &sort_trace->calls[*(const size_t *)b];
    if (x->start_ns != y->start_ns)
        return x->start_ns < y->start_ns ? -1 : 1;
    return x->end_ns < y->end_ns ? -1 : x->end_ns > y->end_ns;
}

typedef struct matched {
    size_t op, call;
} matched;

static int cmp_matched(const void *a, const void *b)
{
    const matched *x = a, *y = b;
    const pk_trace_call *cx = &sort_trace->calls[x->call], *cy = &sort_trace->calls[y->call];
    if (cx->start_ns != cy->start_ns)
        return cx->start_ns < cy->start_ns ? -1 : 1;
    if (x->call != y->call)
        return x->call < y->call ? -1 : 1;
    const pk_trace_op *ox = &sort_trace->ops[x->op], *oy = &sort_trace->ops[y->op];
    if (ox->start_ns != oy->start_ns)
        return ox->start_ns < oy->start_ns ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

static int cmp_step(const void *a, const void *b)
{
    const pk_trace_step *x = a, *y = b;
    return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/* The call whose key equals the op's, or SIZE_MAX. keys: call indexes sorted by key. */
static size_t find_call(const pk_trace *t, const size_t *keys, size_t n, const pk_trace_op *op)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const pk_trace_call *c = &t->calls[keys[mid]];
        if (c->process < op->process || (c->process == op->process && c->correlation < op->correlation))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && t->calls[keys[lo]].process == op->process && t->calls[keys[lo]].correlation == op->correlation)
        return keys[lo]; /* the earliest-starting call of that key: the outermost one */
    return SIZE_MAX;
}

/* The step whose [start, end] holds ts, or -1 (steps sorted by start, not overlapping). */
static long find_step(const pk_trace_step *s, size_t n, int64_t ts)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].start_ns <= ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || ts > s[lo - 1].end_ns)
        return -1;
    return (long)(lo - 1);
}

void pk_workload_free(pk_workload *w)
{
    free(w->rows);
    free(w->steps);
    memset(w, 0, sizeof *w);
}

int pk_workload_build(const pk_trace *t, pk_workload *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    if (t->nops == 0) {
        snprintf(err, errlen, "no kernel, memcpy or memset events (was the GPU activity recorded?)");
        return PK_EPARSE;
    }
    int rc = PK_ENOMEM;
    size_t *keys = malloc((t->ncalls ? t->ncalls : 1) * sizeof *keys);
    size_t *syncs = malloc((t->ncalls ? t->ncalls : 1) * sizeof *syncs);
    matched *m = malloc(t->nops * sizeof *m);
    pk_trace_step *steps = malloc((t->nsteps ? t->nsteps : 1) * sizeof *steps);
    long *step_of = malloc(t->nops * sizeof *step_of);
    long *renum = malloc((t->nsteps ? t->nsteps : 1) * sizeof *renum);
    if (!keys || !syncs || !m || !steps || !step_of || !renum) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    sort_trace = t;
    size_t nsync = 0;
    for (size_t i = 0; i < t->ncalls; i++) {
        keys[i] = i;
        if (t->calls[i].is_sync)
            syncs[nsync++] = i;
    }
    qsort(keys, t->ncalls, sizeof *keys, cmp_call_key);
    qsort(syncs, nsync, sizeof *syncs, cmp_call_start);

    size_t nm = 0;
    for (size_t i = 0; i < t->nops; i++) {
        size_t c = find_call(t, keys, t->ncalls, &t->ops[i]);
        if (c == SIZE_MAX) {
            w->dropped_no_launch++;
            continue;
        }
        m[nm].op = i;
        m[nm].call = c;
        nm++;
    }
    if (nm == 0) {
        snprintf(err, errlen, "none of the %zu GPU operations could be matched to its launch call "
                              "(no API call with the same correlation id)", t->nops);
        rc = PK_EPARSE;
        goto done;
    }
    qsort(m, nm, sizeof *m, cmp_matched);

    /* Steps: markers when the trace has them, else synchronisations between launches. */
    size_t nsteps_in = t->nsteps;
    memcpy(steps, t->steps, nsteps_in * sizeof *steps);
    qsort(steps, nsteps_in, sizeof *steps, cmp_step);
    size_t kept = 0;
    if (nsteps_in) {
        w->step_source = "marker";
        for (size_t i = 0; i < nsteps_in; i++)
            renum[i] = -1;
        for (size_t i = 0; i < nm; i++) {
            long s = find_step(steps, nsteps_in, t->calls[m[i].call].start_ns);
            if (s < 0) {
                w->dropped_outside_steps++;
                m[i].op = SIZE_MAX;
                continue;
            }
            step_of[i] = s;
        }
        for (size_t i = 0; i < nm; i++)
            if (m[i].op != SIZE_MAX && renum[step_of[i]] < 0)
                renum[step_of[i]] = 0;
        for (size_t i = 0; i < nsteps_in; i++)
            if (renum[i] == 0)
                renum[i] = (long)kept++ + 1;
        for (size_t i = 0; i < nm; i++)
            if (m[i].op != SIZE_MAX)
                step_of[i] = renum[step_of[i]] - 1;
        if (kept == 0) {
            snprintf(err, errlen, "none of the %zu GPU operations was launched inside a step marker "
                                  "(%zu markers named '%s*')", nm, nsteps_in, t->step_marker);
            rc = PK_EPARSE;
            goto done;
        }
    } else {
        w->step_source = nsync ? "sync" : "none";
        long step = 0;
        size_t si = 0, launches_in_step = 0, prev_call = SIZE_MAX;
        int synced = 0;
        for (size_t i = 0; i < nm; i++) {
            if (m[i].call != prev_call) {
                int64_t ts = t->calls[m[i].call].start_ns;
                while (si < nsync && t->calls[syncs[si]].start_ns < ts) {
                    synced = 1;
                    si++;
                }
                if (synced && launches_in_step > 0) {
                    step++;
                    launches_in_step = 0;
                }
                synced = 0;
                launches_in_step++;
                prev_call = m[i].call;
            }
            step_of[i] = step;
        }
        kept = (size_t)step + 1;
    }

    size_t nrows = nm - w->dropped_outside_steps;
    w->rows = calloc(nrows, sizeof *w->rows);
    w->steps = calloc(kept, sizeof *w->steps);
    if (!w->rows || !w->steps) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    w->nsteps = kept;
    if (nsteps_in) {
        for (size_t i = 0; i < nsteps_in; i++)
            if (renum[i] > 0) {
                pk_workload_step *ws = &w->steps[renum[i] - 1];
                ws->number = steps[i].number;
                ws->start_ns = steps[i].start_ns; /* absolute until the origin is known */
                ws->span_ns = steps[i].end_ns - steps[i].start_ns;
            }
    }

    /* Rows in launch order: host gaps against the previous launch or sync, whichever ended later. */
    int64_t prev_end = INT64_MIN, origin = 0;
    size_t si = 0, prev_call = SIZE_MAX, r = 0;
    uint64_t launch = 0;
    long cur_step = -1;
    int64_t *step_last_end = calloc(kept, sizeof *step_last_end);
    if (!step_last_end) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nm; i++) {
        if (m[i].op == SIZE_MAX)
            continue;
        const pk_trace_op *op = &t->ops[m[i].op];
        const pk_trace_call *c = &t->calls[m[i].call];
        pk_workload_row *row = &w->rows[r];
        long st = step_of[i];
        pk_workload_step *ws = &w->steps[st];
        if (r == 0)
            origin = nsteps_in ? ws->start_ns : c->start_ns;
        if (m[i].call != prev_call) {
            int64_t ref = prev_end;
            int sync_before = 0;
            while (si < nsync && t->calls[syncs[si]].start_ns < c->start_ns) {
                const pk_trace_call *s = &t->calls[syncs[si]];
                if (s->end_ns <= c->start_ns && s->end_ns > ref) {
                    ref = s->end_ns;
                    sync_before = 1;
                }
                si++;
            }
            if (r == 0 && !nsteps_in) { /* nothing of the workload precedes its first launch */
                ref = c->start_ns;
                sync_before = 0;
            }
            if (st != cur_step) {
                if (nsteps_in) {
                    if (ref < ws->start_ns)
                        ref = ws->start_ns;
                } else {
                    ws->start_ns = r == 0 ? c->start_ns : ref;
                }
                cur_step = st;
            }
            if (ref == INT64_MIN || ref > c->start_ns)
                ref = c->start_ns;
            row->host_gap_ns = c->start_ns - ref;
            row->launch_ns = c->end_ns - c->start_ns;
            row->sync_before = (uint8_t)sync_before;
            if (prev_call != SIZE_MAX)
                launch++;
            ws->launches++;
            prev_end = c->end_ns;
            prev_call = m[i].call;
        }
        row->launch = launch;
        row->step = (uint32_t)st;
        row->duration_ns = op->end_ns - op->start_ns;
        if (row->duration_ns < 0)
            row->duration_ns = 0;
        row->launch_ts_ns = c->start_ns - origin;
        row->start_ns = op->start_ns - origin;
        row->stream = op->stream;
        memcpy(row->grid, op->grid, sizeof row->grid);
        memcpy(row->block, op->block, sizeof row->block);
        row->name = op->name;
        row->kind = op->kind;
        w->count[op->kind < PK_TRACE_KIND_COUNT ? op->kind : 0]++;
        ws->ops++;
        if (c->end_ns > step_last_end[st])
            step_last_end[st] = c->end_ns;
        r++;
    }
    w->n = r;

    /* Step figures: sync time inside each step, tail after the last launch or sync, and the
     * span of sync-delimited steps (start to the end of the sync that closes them). */
    for (size_t k = 0; k < kept; k++) {
        pk_workload_step *ws = &w->steps[k];
        int64_t end = nsteps_in ? ws->start_ns + ws->span_ns : INT64_MAX;
        int64_t next_start = k + 1 < kept ? w->steps[k + 1].start_ns : INT64_MAX;
        int64_t last = step_last_end[k];
        for (size_t s = 0; s < nsync; s++) {
            const pk_trace_call *c = &t->calls[syncs[s]];
            if (c->start_ns < ws->start_ns || c->start_ns >= end)
                continue;
            if (!nsteps_in && c->start_ns >= next_start)
                continue;
            ws->sync_ns += c->end_ns - c->start_ns;
            if (c->end_ns > last)
                last = c->end_ns;
        }
        if (!nsteps_in) {
            ws->number = (int64_t)k;
            ws->span_ns = last - ws->start_ns;
        }
        ws->tail_ns = nsteps_in ? (end - last > 0 ? end - last : 0) : 0;
        ws->start_ns -= origin;
    }
    free(step_last_end);
    rc = PK_OK;
done:
    free(keys);
    free(syncs);
    free(m);
    free(steps);
    free(step_of);
    free(renum);
    if (rc != PK_OK)
        pk_workload_free(w);
    return rc;
}

/* ---- the CSV ---- */

static void put_name(FILE *fp, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ',')
            c = ';';
        else if (c == '"')
            c = '\'';
        else if (c < 0x20 || c == 0x7f)
            c = ' ';
        fputc(c, fp);
    }
}

int pk_workload_write_csv(const char *path, const pk_trace *t, const pk_workload *w, const char *source_name,
                          char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    FILE *fp = f.fp;
    uint64_t launches = w->n ? w->rows[w->n - 1].launch + 1 : 0;
    fprintf(fp, "# pkbench workload csv, schema_version=%d\n", PK_WORKLOAD_SCHEMA_VERSION);
    fprintf(fp, "# source_format=%s\n", t->format);
    if (t->format_version[0])
        fprintf(fp, "# source_format_version=%s\n", t->format_version);
    fprintf(fp, "# source_file=");
    put_name(fp, source_name);
    fprintf(fp, "\n");
    if (t->device[0]) {
        fprintf(fp, "# device=");
        put_name(fp, t->device);
        fprintf(fp, "\n");
    }
    fprintf(fp, "# steps=%zu\n# step_source=%s\n", w->nsteps, w->step_source);
    if (strcmp(w->step_source, "marker") == 0) {
        fprintf(fp, "# step_marker=");
        put_name(fp, t->step_marker);
        fprintf(fp, "\n");
    }
    fprintf(fp, "# ops=%zu\n# launches=%" PRIu64 "\n", w->n, launches);
    for (int k = 0; k < PK_TRACE_KIND_COUNT; k++)
        fprintf(fp, "# %s=%" PRIu64 "\n", pk_trace_kind_names[k], w->count[k]);
    fprintf(fp, "# dropped_no_launch=%" PRIu64 "\n# dropped_outside_steps=%" PRIu64 "\n# unknown_events=%" PRIu64 "\n",
            w->dropped_no_launch, w->dropped_outside_steps, t->unknown_events);
    fprintf(fp, "# pkbench_version=%s\n", pk_version());
    for (size_t k = 0; k < w->nsteps; k++) {
        const pk_workload_step *s = &w->steps[k];
        fprintf(fp,
                "# step index=%zu number=%" PRId64 " start_ns=%" PRId64 " span_ns=%" PRId64 " sync_ns=%" PRId64
                " tail_ns=%" PRId64 " ops=%" PRIu64 " launches=%" PRIu64 "\n",
                k, s->number, s->start_ns, s->span_ns, s->sync_ns, s->tail_ns, s->ops, s->launches);
    }
    fprintf(fp, "index,step,launch,kind,stream,grid,block,grid_dim,block_dim,duration_ns,host_gap_ns,launch_ns,"
                "launch_ts_ns,start_ns,sync_before,name\n");
    for (size_t i = 0; i < w->n; i++) {
        const pk_workload_row *r = &w->rows[i];
        uint64_t grid = (uint64_t)r->grid[0] * r->grid[1] * r->grid[2];
        uint64_t block = (uint64_t)r->block[0] * r->block[1] * r->block[2];
        fprintf(fp,
                "%zu,%" PRIu32 ",%" PRIu64 ",%s,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 "x%" PRIu32 "x%" PRIu32
                ",%" PRIu32 "x%" PRIu32 "x%" PRIu32 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%u,",
                i, r->step, r->launch, pk_trace_kind_names[r->kind], r->stream, grid, block, r->grid[0], r->grid[1],
                r->grid[2], r->block[0], r->block[1], r->block[2], r->duration_ns, r->host_gap_ns, r->launch_ns,
                r->launch_ts_ns, r->start_ns, (unsigned)r->sync_before);
        put_name(fp, r->name < t->nnames ? t->names[r->name] : "");
        fputc('\n', fp);
    }
    if (pk_afile_commit(&f) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

/* ---- format detection ---- */

int pk_trace_read(const char *path, pk_trace_format format, const pk_trace_opts *o, pk_trace *t, char *err,
                  size_t errlen)
{
    if (format == PK_TRACE_AUTO) {
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            return PK_EIO;
        }
        unsigned char head[16] = {0};
        size_t n = fread(head, 1, sizeof head, fp);
        size_t i = 0;
        fclose(fp);
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
            i++;
        if (n == 16 && memcmp(head, "SQLite format 3", 16) == 0)
            format = PK_TRACE_NSYS;
        else if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            format = PK_TRACE_CHROME;
        else if (i < n && (head[i] == '{' || head[i] == '['))
            format = PK_TRACE_CHROME;
        else {
            snprintf(err, errlen, "%s: %s", path,
                     n == 0 ? "empty file" : "neither a Chrome trace (JSON, or gzip) nor an SQLite database");
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
