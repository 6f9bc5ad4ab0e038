/* The join of a trace's records into a replayable workload (see trace.h): GPU operations
 * matched to their launch calls by (process, correlation), put in launch order, assigned to
 * steps (markers, else synchronisations), with each launch's host gap and duration and each
 * step's span, synchronisation time and tail. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/trace.h"
#include "common/status.h"

typedef struct matched {
    size_t op, call;
} matched;

/* The working state of one build. */
typedef struct join {
    const pk_trace *t;
    size_t *keys;  /* call indexes sorted by (process, correlation, start) */
    size_t *syncs; /* indexes of synchronisation calls sorted by start */
    size_t nsync;
    matched *m; /* matched ops in launch order; op = SIZE_MAX once dropped */
    size_t nm;
    pk_trace_step *steps; /* the markers, sorted by start */
    size_t nmarkers;
    long *step_of; /* per matched op: its step index in the workload */
    long *renum;   /* per marker: 1 + its index in the workload, or -1 (no op) */
    size_t kept;   /* steps in the workload */
    int64_t *last_end; /* per step: the latest end of one of its launch calls */
} join;

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
    /* A runtime call and the driver call it wraps may start in the same ns: the outer (later
     * end) first, whatever their order in the file; then the file's order. */
    if (x->end_ns != y->end_ns)
        return x->end_ns > y->end_ns ? -1 : 1;
    return x->source < y->source ? -1 : x->source > y->source;
}

static int cmp_call_start(const void *a, const void *b)
{
    const pk_trace_call *x = &sort_trace->calls[*(const size_t *)a], *y = &sort_trace->calls[*(const size_t *)b];
    if (x->start_ns != y->start_ns)
        return x->start_ns < y->start_ns ? -1 : 1;
    return x->end_ns < y->end_ns ? -1 : x->end_ns > y->end_ns;
}

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

/* By start; of markers that start together, the longest first (it holds the others). */
static int cmp_step(const void *a, const void *b)
{
    const pk_trace_step *x = a, *y = b;
    if (x->start_ns != y->start_ns)
        return x->start_ns < y->start_ns ? -1 : 1;
    return x->end_ns > y->end_ns ? -1 : x->end_ns < y->end_ns;
}

/* The call whose key equals the op's, or SIZE_MAX; of several, the earliest-starting one (the
 * outermost, when a runtime call wraps a driver call of the same correlation). */
static size_t find_call(const join *j, const pk_trace_op *op)
{
    size_t lo = 0, hi = j->t->ncalls;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const pk_trace_call *c = &j->t->calls[j->keys[mid]];
        if (c->process < op->process || (c->process == op->process && c->correlation < op->correlation))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < j->t->ncalls) {
        const pk_trace_call *c = &j->t->calls[j->keys[lo]];
        if (c->process == op->process && c->correlation == op->correlation)
            return j->keys[lo];
    }
    return SIZE_MAX;
}

/* The marker whose [start, end] holds ts, or -1 (markers sorted by start, not overlapping). */
static long find_marker(const join *j, int64_t ts)
{
    size_t lo = 0, hi = j->nmarkers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->steps[mid].start_ns <= ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || ts > j->steps[lo - 1].end_ns)
        return -1;
    return (long)(lo - 1);
}

static void join_free(join *j)
{
    free(j->keys);
    free(j->syncs);
    free(j->m);
    free(j->steps);
    free(j->step_of);
    free(j->renum);
    free(j->last_end);
}

static int join_alloc(join *j, const pk_trace *t)
{
    memset(j, 0, sizeof *j);
    j->t = t;
    size_t nc = t->ncalls ? t->ncalls : 1, ns = t->nsteps ? t->nsteps : 1;
    j->keys = malloc(nc * sizeof *j->keys);
    j->syncs = malloc(nc * sizeof *j->syncs);
    j->m = malloc(t->nops * sizeof *j->m);
    j->steps = malloc(ns * sizeof *j->steps);
    j->step_of = malloc(t->nops * sizeof *j->step_of);
    j->renum = malloc(ns * sizeof *j->renum);
    return j->keys && j->syncs && j->m && j->steps && j->step_of && j->renum ? PK_OK : PK_ENOMEM;
}

/* By launch call, stream and device start, then position in the trace. */
static int cmp_same_op(const void *a, const void *b)
{
    const matched *x = a, *y = b;
    const pk_trace_op *ox = &sort_trace->ops[x->op], *oy = &sort_trace->ops[y->op];
    if (x->call != y->call)
        return x->call < y->call ? -1 : 1;
    if (ox->stream != oy->stream)
        return ox->stream < oy->stream ? -1 : 1;
    if (ox->start_ns != oy->start_ns)
        return ox->start_ns < oy->start_ns ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

/* Refuses two ops of one launch call that start together on one stream: a stream runs one op at
 * a time, so the second is the first given twice (an event written twice), and replaying both
 * would double the launch's device work. A graph launch's ops differ in start or stream. */
static int refuse_repeated_ops(const join *j, char *err, size_t errlen)
{
    if (j->nm < 2)
        return PK_OK;
    matched *v = malloc(j->nm * sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    memcpy(v, j->m, j->nm * sizeof *v);
    qsort(v, j->nm, sizeof *v, cmp_same_op);
    int rc = PK_OK;
    for (size_t i = 1; i < j->nm && rc == PK_OK; i++) {
        const pk_trace_op *a = &j->t->ops[v[i - 1].op], *b = &j->t->ops[v[i].op];
        if (v[i].call != v[i - 1].call || a->stream != b->stream || a->start_ns != b->start_ns)
            continue;
        char wa[128], wb[128];
        pk_trace_where(j->t, a, NULL, wa, sizeof wa);
        pk_trace_where(j->t, b, NULL, wb, sizeof wb);
        snprintf(err, errlen, "correlation id %" PRIu64 ": two GPU operations start on stream %" PRId64 " at %" PRId64
                              " ns (%s and %s): an event given twice", b->correlation, b->stream, b->start_ns, wa, wb);
        rc = PK_EPARSE;
    }
    free(v);
    return rc;
}

/* Sorts the calls, finds each op's launch call and puts the matched ops in launch order. */
static int match_ops(join *j, pk_trace_replay *w, char *err, size_t errlen)
{
    const pk_trace *t = j->t;
    sort_trace = t;
    for (size_t i = 0; i < t->ncalls; i++) {
        j->keys[i] = i;
        if (t->calls[i].is_sync)
            j->syncs[j->nsync++] = i;
    }
    qsort(j->keys, t->ncalls, sizeof *j->keys, cmp_call_key);
    qsort(j->syncs, j->nsync, sizeof *j->syncs, cmp_call_start);
    for (size_t i = 0; i < t->nops; i++) {
        size_t c = find_call(j, &t->ops[i]);
        if (c == SIZE_MAX) {
            w->dropped_no_launch++;
            continue;
        }
        j->m[j->nm].op = i;
        j->m[j->nm].call = c;
        j->nm++;
    }
    if (j->nm == 0) {
        snprintf(err, errlen, "none of the %zu GPU operations could be matched to its launch call "
                              "(no API call with the same correlation id)", t->nops);
        return PK_EPARSE;
    }
    qsort(j->m, j->nm, sizeof *j->m, cmp_matched);
    return refuse_repeated_ops(j, err, errlen);
}

/* The markers in time order, each inside another dropped (a prefix that names a step names its
 * sub-ranges too: "train_step", "train_step/fwd"), so that find_marker's markers do not overlap;
 * two that overlap without one holding the other are refused. */
static int outermost_markers(join *j, char *err, size_t errlen)
{
    const pk_trace *t = j->t;
    memcpy(j->steps, t->steps, t->nsteps * sizeof *j->steps);
    qsort(j->steps, t->nsteps, sizeof *j->steps, cmp_step);
    size_t k = 0;
    for (size_t i = 0; i < t->nsteps; i++) {
        const pk_trace_step *s = &j->steps[i], *prev = k ? &j->steps[k - 1] : NULL;
        if (prev && s->start_ns < prev->end_ns) {
            if (s->end_ns <= prev->end_ns)
                continue;
            snprintf(err, errlen, "step markers named '%s*' overlap without one holding the other (%" PRId64
                                  " to %" PRId64 " ns and %" PRId64 " to %" PRId64 " ns on the trace's clock): "
                                  "give --step-marker a prefix that names only the steps (markers of several "
                                  "threads or processes cannot be told apart)",
                     t->step_marker, prev->start_ns, prev->end_ns, s->start_ns, s->end_ns);
            return PK_EPARSE;
        }
        j->steps[k++] = *s;
    }
    j->nmarkers = k;
    return PK_OK;
}

/* Steps from markers: ops launched outside every marker are dropped; markers that hold no op
 * are left out and the others numbered in time order. */
static int marker_steps(join *j, pk_trace_replay *w, char *err, size_t errlen)
{
    const pk_trace *t = j->t;
    int rc = outermost_markers(j, err, errlen);
    if (rc != PK_OK)
        return rc;
    w->step_source = "marker";
    for (size_t i = 0; i < j->nmarkers; i++)
        j->renum[i] = -1;
    for (size_t i = 0; i < j->nm; i++) {
        long s = find_marker(j, t->calls[j->m[i].call].start_ns);
        if (s < 0) {
            w->dropped_outside_steps++;
            j->m[i].op = SIZE_MAX;
            continue;
        }
        j->step_of[i] = s;
        j->renum[s] = 0;
    }
    for (size_t i = 0; i < j->nmarkers; i++)
        if (j->renum[i] == 0)
            j->renum[i] = (long)++j->kept;
    if (j->kept == 0) {
        snprintf(err, errlen, "none of the %zu GPU operations was launched inside a step marker "
                              "(%zu markers named '%s*')", j->nm, j->nmarkers, t->step_marker);
        return PK_EPARSE;
    }
    for (size_t i = 0; i < j->nm; i++)
        if (j->m[i].op != SIZE_MAX)
            j->step_of[i] = j->renum[j->step_of[i]] - 1;
    return PK_OK;
}

/* Steps from synchronisations: one that follows at least one launch closes the step. */
static void sync_steps(join *j, pk_trace_replay *w)
{
    const pk_trace *t = j->t;
    /* "sync" only when one follows a launch and so closes a step (as the loop below counts it:
     * one that starts with the first launch or later); those before it close none */
    const int closes =
        j->nsync && j->nm && t->calls[j->syncs[j->nsync - 1]].start_ns >= t->calls[j->m[0].call].start_ns;
    w->step_source = closes ? "sync" : "none";
    long step = 0;
    size_t si = 0, launches = 0, prev_call = SIZE_MAX;
    for (size_t i = 0; i < j->nm; i++) {
        if (j->m[i].call != prev_call) {
            int64_t ts = t->calls[j->m[i].call].start_ns;
            int synced = 0;
            for (; si < j->nsync && t->calls[j->syncs[si]].start_ns < ts; si++)
                synced = 1;
            if (synced && launches > 0) {
                step++;
                launches = 0;
            }
            launches++;
            prev_call = j->m[i].call;
        }
        j->step_of[i] = step;
    }
    j->kept = (size_t)step + 1;
}

/* The time inside synchronisation calls syncs[from, to) (sorted by start) within [lo, hi], with
 * nested or overlapping calls counted once. */
static int64_t sync_overlap(const join *j, size_t from, size_t to, int64_t lo, int64_t hi)
{
    int64_t covered = lo, sum = 0;
    for (size_t s = from; s < to; s++) {
        const pk_trace_call *c = &j->t->calls[j->syncs[s]];
        int64_t a = c->start_ns > covered ? c->start_ns : covered, b = c->end_ns < hi ? c->end_ns : hi;
        if (b > a) {
            sum += b - a;
            covered = b;
        }
    }
    return sum;
}

/* The host gap and synchronisation flag of row r, whose launch call c starts a new call. The gap
 * runs from the previous launch call's end (for a step's first launch: the step's start at the
 * earliest) to c's start, less the time inside synchronisation calls, which are device waits. */
static void launch_gap(join *j, pk_trace_replay *w, size_t r, const pk_trace_call *c, int new_step,
                       int64_t prev_end, size_t *si)
{
    pk_workload_op *row = &w->rows[r];
    pk_workload_step *ws = &w->steps[row->step];
    size_t from = *si;
    int64_t last_sync_end = INT64_MIN;
    int sync_before = 0;
    for (; *si < j->nsync && j->t->calls[j->syncs[*si]].start_ns < c->start_ns; ++*si) {
        const pk_trace_call *s = &j->t->calls[j->syncs[*si]];
        if (s->end_ns > prev_end && s->end_ns <= c->start_ns) {
            sync_before = 1;
            if (s->end_ns > last_sync_end)
                last_sync_end = s->end_ns;
        }
    }
    int64_t base = prev_end;
    if (new_step && j->nmarkers > 0 && ws->start_ns > base)
        base = ws->start_ns;
    if (new_step && j->nmarkers == 0)
        base = ws->start_ns = r == 0 || last_sync_end == INT64_MIN ? c->start_ns : last_sync_end;
    if (base == INT64_MIN || base > c->start_ns)
        base = c->start_ns;
    row->host_gap_ns = c->start_ns - base - sync_overlap(j, from, *si, base, c->start_ns);
    row->sync_before = (uint8_t)(r > 0 && sync_before);
}

/* Refuses a row that the workload reader would refuse (a time beyond PK_WORKLOAD_MAX_NS) or that
 * the writer could not write (a grid or block whose product does not fit in 64 bits), naming its
 * op or, for the launch call's duration and the host gap before it, its call c. */
static int check_row(const pk_trace *t, const pk_workload_op *row, const pk_trace_op *op, const pk_trace_call *c,
                     char *err, size_t errlen)
{
    char where[256];
    const int64_t v[3] = {row->duration_ns, row->launch_ns, row->host_gap_ns};
    static const char *const what[3] = {"device duration", "launch call's duration",
                                        "host gap before this launch call"};
    for (int k = 0; k < 3; k++)
        if (!pk_workload_ns_ok((double)v[k])) {
            pk_trace_where(t, k ? NULL : op, c, where, sizeof where);
            snprintf(err, errlen, "%s: %s, %" PRId64 " ns, is more than a workload row may hold (%.0f ns)", where,
                     what[k], v[k], PK_WORKLOAD_MAX_NS);
            return PK_EPARSE;
        }
    for (int k = 0; k < 2; k++) {
        const uint32_t *d = k ? row->block : row->grid;
        uint64_t xy = (uint64_t)d[0] * d[1]; /* fits: two 32-bit factors */
        if (d[2] && xy > UINT64_MAX / d[2]) {
            pk_trace_where(t, op, NULL, where, sizeof where);
            snprintf(err, errlen, "%s: %s %" PRIu32 "x%" PRIu32 "x%" PRIu32 ": the product does not fit in 64 bits",
                     where, k ? "block" : "grid", d[0], d[1], d[2]);
            return PK_EPARSE;
        }
    }
    return PK_OK;
}

/* The rows in launch order, with each launch call's host gap and duration; fails as check_row. */
static int fill_rows(join *j, pk_trace_replay *w, char *err, size_t errlen)
{
    const pk_trace *t = j->t;
    int markers = j->nmarkers > 0;
    int64_t prev_end = INT64_MIN, origin = 0;
    size_t si = 0, prev_call = SIZE_MAX, r = 0;
    uint64_t launch = 0;
    long cur_step = -1;
    if (markers)
        for (size_t i = 0; i < j->nmarkers; i++)
            if (j->renum[i] > 0) {
                pk_workload_step *ws = &w->steps[j->renum[i] - 1];
                ws->number = j->steps[i].number;
                ws->start_ns = j->steps[i].start_ns; /* absolute until the origin is known */
                ws->span_ns = j->steps[i].end_ns - j->steps[i].start_ns;
            }
    for (size_t i = 0; i < j->nm; i++) {
        if (j->m[i].op == SIZE_MAX)
            continue;
        const pk_trace_op *op = &t->ops[j->m[i].op];
        const pk_trace_call *c = &t->calls[j->m[i].call];
        pk_workload_op *row = &w->rows[r];
        long st = j->step_of[i];
        pk_workload_step *ws = &w->steps[st];
        row->step = (uint32_t)st;
        if (j->m[i].call != prev_call) {
            launch_gap(j, w, r, c, st != cur_step, prev_end, &si);
            cur_step = st;
            row->launch_ns = c->end_ns - c->start_ns;
            if (prev_call != SIZE_MAX)
                launch++;
            ws->launches++;
            if (c->end_ns > prev_end) /* calls of several threads may overlap: the latest end */
                prev_end = c->end_ns;
            prev_call = j->m[i].call;
        }
        if (r == 0)
            origin = ws->start_ns;
        row->launch = launch;
        row->duration_ns = op->end_ns > op->start_ns ? op->end_ns - op->start_ns : 0;
        row->launch_ts_ns = c->start_ns - origin;
        row->start_ns = op->start_ns - origin;
        row->stream = op->stream;
        memcpy(row->grid, op->grid, sizeof row->grid);
        memcpy(row->block, op->block, sizeof row->block);
        row->name = op->name;
        row->kind = op->kind;
        w->count[op->kind < PK_WORKLOAD_KIND_COUNT ? op->kind : 0]++;
        if (check_row(t, row, op, c, err, errlen) != PK_OK)
            return PK_EPARSE;
        ws->ops++;
        if (c->end_ns > j->last_end[st])
            j->last_end[st] = c->end_ns;
        r++;
    }
    w->n = r;
    for (size_t k = 0; k < j->kept; k++) {
        w->steps[k].start_ns -= origin;
        j->last_end[k] -= origin;
    }
    w->origin_ns = origin;
    return PK_OK;
}

/* The first synchronisation call (in start order) that starts at ts or later. */
static size_t first_sync_from(const join *j, int64_t ts)
{
    size_t lo = 0, hi = j->nsync;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->t->calls[j->syncs[mid]].start_ns < ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Each step's synchronisation time and tail, and the span of sync-delimited steps (from their
 * start to the end of the synchronisation that closes them, or of their last launch), so that
 * span = the host gaps + the launch calls + sync_ns + tail_ns of the step (more by their overlap
 * where launch calls of several threads overlap: results/SCHEMA.md). */
static void step_figures(join *j, pk_trace_replay *w)
{
    int markers = j->nmarkers > 0;
    int64_t o = w->origin_ns;
    for (size_t k = 0; k < j->kept; k++) {
        pk_workload_step *ws = &w->steps[k];
        /* Without markers the last step runs to the trace's last synchronisation: no bound. */
        const int open_end = !markers && k + 1 == j->kept;
        int64_t lo = ws->start_ns, hi = markers ? lo + ws->span_ns : open_end ? 0 : w->steps[k + 1].start_ns;
        size_t from = first_sync_from(j, lo + o), to = from;
        int64_t last = j->last_end[k];
        for (; to < j->nsync && (open_end || j->t->calls[j->syncs[to]].start_ns - o < hi); to++)
            if (j->t->calls[j->syncs[to]].end_ns - o > last)
                last = j->t->calls[j->syncs[to]].end_ns - o;
        if (!markers) {
            hi = last;
            ws->number = (int64_t)k;
            ws->span_ns = last - lo;
        }
        ws->sync_ns = sync_overlap(j, from, to, lo + o, hi + o);
        int64_t after = j->last_end[k];
        ws->tail_ns = hi > after ? hi - after - sync_overlap(j, from, to, after + o, hi + o) : 0;
    }
}

void pk_trace_replay_free(pk_trace_replay *w)
{
    free(w->rows);
    free(w->steps);
    memset(w, 0, sizeof *w);
}

int pk_trace_replay_build(const pk_trace *t, pk_trace_replay *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    if (t->nops == 0) {
        snprintf(err, errlen, "no kernel, memcpy or memset events (was the GPU activity recorded?)");
        return PK_EPARSE;
    }
    join j;
    int rc = join_alloc(&j, t);
    if (rc == PK_OK)
        rc = match_ops(&j, w, err, errlen);
    if (rc == PK_OK && t->nsteps)
        rc = marker_steps(&j, w, err, errlen);
    else if (rc == PK_OK)
        sync_steps(&j, w);
    if (rc == PK_OK && j.nm - w->dropped_outside_steps > PK_WORKLOAD_MAX) {
        snprintf(err, errlen, "%zu GPU operations to replay: more than a workload file may hold (%u)",
                 j.nm - (size_t)w->dropped_outside_steps, PK_WORKLOAD_MAX);
        rc = PK_EPARSE;
    }
    if (rc == PK_OK) {
        w->rows = calloc(j.nm - w->dropped_outside_steps, sizeof *w->rows);
        w->steps = calloc(j.kept, sizeof *w->steps);
        j.last_end = malloc(j.kept * sizeof *j.last_end);
        if (!w->rows || !w->steps || !j.last_end)
            rc = PK_ENOMEM;
        for (size_t k = 0; rc == PK_OK && k < j.kept; k++)
            j.last_end[k] = INT64_MIN; /* every step holds a launch, which sets it */
    }
    if (rc == PK_OK) {
        w->nsteps = j.kept;
        rc = fill_rows(&j, w, err, errlen);
    }
    if (rc == PK_OK)
        step_figures(&j, w);
    for (size_t k = 0; rc == PK_OK && k < w->nsteps; k++) { /* the reader's bound on a step's times */
        const pk_workload_step *s = &w->steps[k];
        const int64_t v[3] = {s->span_ns, s->sync_ns, s->tail_ns};
        for (int f = 0; f < 3 && rc == PK_OK; f++)
            if (!pk_workload_ns_ok((double)v[f])) {
                snprintf(err, errlen, "step %zu: %s %lld ns is beyond the %.0f ns a workload file may hold", k,
                         f == 0 ? "its span" : f == 1 ? "its synchronisation" : "its tail", (long long)v[f],
                         PK_WORKLOAD_MAX_NS);
                rc = PK_EPARSE;
            }
    }
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    join_free(&j);
    if (rc != PK_OK)
        pk_trace_replay_free(w);
    return rc;
}
