/* The workload file: its writer and its strict reader (see workload.h). */
#include "harness/workload.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/gzin.h"
#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"

#define MAX_COLS 64
#define MAGIC "# pkbench workload csv, schema_version="

const char *const pk_workload_kind_names[PK_WORKLOAD_KIND_COUNT] = {"kernel", "memcpy", "memset"};

/* ---- writer ---- */

static void put_text(FILE *fp, const char *s)
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

static void put_meta(FILE *fp, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    fprintf(fp, "# %s=", key);
    put_text(fp, value);
    fputc('\n', fp);
}

static void write_header(FILE *fp, const pk_workload_meta *m, size_t n, uint64_t launches,
                         const pk_workload_step *steps, size_t nsteps)
{
    fprintf(fp, MAGIC "%d\n", PK_WORKLOAD_SCHEMA_VERSION);
    put_meta(fp, "source_format", m->source_format);
    put_meta(fp, "source_format_version", m->source_format_version);
    put_meta(fp, "source_file", m->source_file);
    put_meta(fp, "device", m->device);
    fprintf(fp, "# steps=%zu\n", nsteps);
    put_meta(fp, "step_source", m->step_source);
    if (m->step_source && strcmp(m->step_source, "marker") == 0)
        put_meta(fp, "step_marker", m->step_marker);
    fprintf(fp, "# ops=%zu\n# launches=%" PRIu64 "\n", n, launches);
    for (int k = 0; k < PK_WORKLOAD_KIND_COUNT; k++)
        fprintf(fp, "# %s=%" PRIu64 "\n", pk_workload_kind_names[k], m->count[k]);
    fprintf(fp, "# dropped_no_launch=%" PRIu64 "\n# dropped_outside_steps=%" PRIu64 "\n# unknown_events=%" PRIu64 "\n",
            m->dropped_no_launch, m->dropped_outside_steps, m->unknown_events);
    fprintf(fp, "# pkbench_version=%s\n", pk_version());
    for (size_t k = 0; k < nsteps; k++) {
        const pk_workload_step *s = &steps[k];
        fprintf(fp,
                "# step index=%zu number=%" PRId64 " start_ns=%" PRId64 " span_ns=%" PRId64 " sync_ns=%" PRId64
                " tail_ns=%" PRId64 " ops=%" PRIu64 " launches=%" PRIu64 "\n",
                k, s->number, s->start_ns, s->span_ns, s->sync_ns, s->tail_ns, s->ops, s->launches);
    }
    fprintf(fp, "index,step,launch,kind,stream,grid,block,grid_dim,block_dim,duration_ns,host_gap_ns,launch_ns,"
                "launch_ts_ns,start_ns,sync_before,name\n");
}

int pk_workload_write(const char *path, const pk_workload_meta *meta, const pk_workload_op *ops, size_t n,
                      const pk_workload_step *steps, size_t nsteps, const char *const *names, size_t nnames,
                      char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    FILE *fp = f.fp;
    write_header(fp, meta, n, n ? ops[n - 1].launch + 1 : 0, steps, nsteps);
    for (size_t i = 0; i < n; i++) {
        const pk_workload_op *r = &ops[i];
        uint64_t grid = (uint64_t)r->grid[0] * r->grid[1] * r->grid[2];
        uint64_t block = (uint64_t)r->block[0] * r->block[1] * r->block[2];
        fprintf(fp,
                "%zu,%" PRIu32 ",%" PRIu64 ",%s,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 "x%" PRIu32 "x%" PRIu32
                ",%" PRIu32 "x%" PRIu32 "x%" PRIu32 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%u,",
                i, r->step, r->launch, pk_workload_kind_names[r->kind < PK_WORKLOAD_KIND_COUNT ? r->kind : 0],
                r->stream, grid, block, r->grid[0], r->grid[1], r->grid[2], r->block[0], r->block[1], r->block[2],
                r->duration_ns, r->host_gap_ns, r->launch_ns, r->launch_ts_ns, r->start_ns, (unsigned)r->sync_before);
        put_text(fp, r->name < nnames && names[r->name] ? names[r->name] : "");
        fputc('\n', fp);
    }
    if (pk_afile_commit(&f) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

/* ---- reader ---- */

void pk_workload_free(pk_workload *wl)
{
    free(wl->d);
    free(wl->w);
    free(wl->h);
    free(wl->sync);
    free(wl->step);
    free(wl->steps);
    memset(wl, 0, sizeof *wl);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

int pk_workload_ns_ok(double v)
{
    return isfinite(v) && v >= 0 && v <= PK_WORKLOAD_MAX_NS;
}

static int parse_cell(const char *text, double *out)
{
    if (!*text)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*end || errno || !pk_cli_is_decimal(text) || !pk_workload_ns_ok(v))
        return -1;
    *out = v;
    return 0;
}

/* A decimal integer in [0, max], the whole text. */
static int parse_count(const char *text, uint64_t max, uint64_t *out)
{
    if (*text < '0' || *text > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno || v > max)
        return -1;
    *out = v;
    return 0;
}

enum { C_D, C_W, C_H, C_SYNC, C_STEP, C_COUNT };
static const char *const col_names[C_COUNT] = {"duration_ns", "host_gap_ns", "launch_ns", "sync_before", "step"};

/* The reader's state between lines. */
typedef struct reader {
    const char *path;
    size_t lineno;
    int col[C_COUNT]; /* header positions; col[C_D] < 0 until the header */
    int ncols;
    int schema2;      /* the schema line names 2: its "# steps" and "# step" lines count */
    long declared;    /* "# steps=N", or -1 */
    long declared_ops; /* "# ops=N", or -1 */
    size_t capsteps;
    uint64_t held;    /* steps that hold a row so far */
    char *err;
    size_t errlen;
} reader;

/* Writes "PATH:LINE: reason" into the caller's err and returns rc. */
static int fail(reader *r, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(reader *r, int rc, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "%s:%zu: %s", r->path, r->lineno, why);
    return rc;
}

/* Splits s at commas, keeping empty cells, and trims them; returns the count or -1 (too many). */
static int split(char *s, char **cells)
{
    int nc = 0;
    for (char *p = s;;) {
        if (nc == MAX_COLS)
            return -1;
        cells[nc++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    for (int i = 0; i < nc; i++)
        cells[i] = trim(cells[i]);
    return nc;
}

static int header(reader *r, char **cells, int nc, pk_workload *wl)
{
    for (int i = 0; i < nc; i++)
        for (int c = 0; c < C_COUNT; c++)
            if (strcmp(cells[i], col_names[c]) == 0) {
                if (r->col[c] >= 0)
                    return fail(r, PK_EPARSE, "header names %s twice", col_names[c]);
                r->col[c] = i;
            }
    if (r->col[C_D] < 0)
        return fail(r, PK_EPARSE, "header must name a duration_ns column");
    r->ncols = nc;
    wl->has_gap = r->col[C_W] >= 0;
    wl->has_launch = r->col[C_H] >= 0;
    wl->has_sync = r->col[C_SYNC] >= 0;
    if (r->declared >= 0 && (size_t)r->declared != wl->nsteps) /* none given is a count too */
        return fail(r, PK_EPARSE, "the header says steps=%ld but has %zu step lines", r->declared, wl->nsteps);
    return PK_OK;
}

static int grow_rows(reader *r, pk_workload *wl)
{
    if (wl->n == PK_WORKLOAD_MAX)
        return fail(r, PK_ERANGE, "more than %u rows", PK_WORKLOAD_MAX);
    size_t cap = wl->cap ? 2 * wl->cap : 1024;
    if (cap > PK_WORKLOAD_MAX)
        cap = PK_WORKLOAD_MAX;
    double **dbl[3] = {&wl->d, &wl->w, &wl->h};
    for (int i = 0; i < 3; i++) {
        double *p = realloc(*dbl[i], cap * sizeof *p);
        if (!p)
            return fail(r, PK_ENOMEM, "out of memory");
        *dbl[i] = p;
    }
    uint8_t *s = realloc(wl->sync, cap);
    if (s)
        wl->sync = s;
    uint32_t *st = s ? realloc(wl->step, cap * sizeof *st) : NULL;
    if (!st)
        return fail(r, PK_ENOMEM, "out of memory");
    wl->step = st;
    wl->cap = cap;
    return PK_OK;
}

/* The row's optional cells into w, h, sync and step. */
static int row_extras(reader *r, char **cells, const pk_workload *wl, double *w, double *h, uint64_t *sync,
                      uint64_t *step)
{
    if (r->col[C_W] >= 0 && *cells[r->col[C_W]] && parse_cell(cells[r->col[C_W]], w) != 0)
        return fail(r, PK_EPARSE, "host_gap_ns '%s' is not a number in [0, 1e12]", cells[r->col[C_W]]);
    if (r->col[C_H] >= 0 && *cells[r->col[C_H]] && parse_cell(cells[r->col[C_H]], h) != 0)
        return fail(r, PK_EPARSE, "launch_ns '%s' is not a number in [0, 1e12]", cells[r->col[C_H]]);
    if (r->col[C_SYNC] >= 0 && *cells[r->col[C_SYNC]] && parse_count(cells[r->col[C_SYNC]], 1, sync) != 0)
        return fail(r, PK_EPARSE, "sync_before '%s' is not 0 or 1", cells[r->col[C_SYNC]]);
    if (r->col[C_STEP] < 0)
        return PK_OK;
    uint64_t max = wl->nsteps ? wl->nsteps - 1 : UINT32_MAX - 1;
    if (parse_count(cells[r->col[C_STEP]], max, step) != 0)
        return fail(r, PK_EPARSE, "step '%s' is not a step index%s", cells[r->col[C_STEP]],
                    wl->nsteps ? " of the header's step lines" : "");
    if (wl->n > 0 && *step < wl->step[wl->n - 1])
        return fail(r, PK_EPARSE, "step '%s' comes after a later step (rows are in launch order)",
                    cells[r->col[C_STEP]]);
    /* Without step lines the rows name the steps, counted from 0 (a trace's step numbers would
     * add empty steps before the first, each a divisor of the wall). */
    if (!wl->nsteps && wl->n == 0 && *step != 0)
        return fail(r, PK_EPARSE, "the first row's step is %s, not 0: the step column counts steps from 0",
                    cells[r->col[C_STEP]]);
    /* Every step up to the row's is held one by one (derive_steps, and the replay after it), so
     * the steps the column skips are bounded, by PK_WORKLOAD_MAX_EMPTY_STEPS or the rows so far,
     * whichever is more: memory and time follow the rows, not the numbers. */
    uint64_t held = r->held + (wl->n == 0 || *step != wl->step[wl->n - 1]);
    const uint64_t rows = (uint64_t)wl->n + 1,
                   allowed = rows > PK_WORKLOAD_MAX_EMPTY_STEPS ? rows : PK_WORKLOAD_MAX_EMPTY_STEPS;
    if (!wl->nsteps && *step + 1 - held > allowed)
        return fail(r, PK_ERANGE, "step '%s' leaves %" PRIu64 " steps without a row, more than %" PRIu64 " (the "
                    "larger of %u and the rows so far; every number below it is a step)", cells[r->col[C_STEP]],
                    *step + 1 - held, allowed, PK_WORKLOAD_MAX_EMPTY_STEPS);
    r->held = held;
    return PK_OK;
}

static int row(reader *r, char **cells, int nc, pk_workload *wl)
{
    if (nc != r->ncols)
        return fail(r, PK_EPARSE, "%d cell%s, the header has %d", nc, nc == 1 ? "" : "s", r->ncols);
    double d, w = 0, h = 0;
    uint64_t sync = 0, step = 0;
    if (parse_cell(cells[r->col[C_D]], &d) != 0)
        return fail(r, PK_EPARSE, "duration_ns '%s' is not a number in [0, 1e12]", cells[r->col[C_D]]);
    int rc = row_extras(r, cells, wl, &w, &h, &sync, &step);
    if (rc == PK_OK && wl->n == wl->cap)
        rc = grow_rows(r, wl);
    if (rc != PK_OK)
        return rc;
    wl->d[wl->n] = d;
    wl->w[wl->n] = w;
    wl->h[wl->n] = h;
    wl->sync[wl->n] = (uint8_t)sync;
    wl->step[wl->n] = (uint32_t)step;
    wl->n++;
    return PK_OK;
}

/* One "key=value" of a step line into s; unknown keys are skipped. Returns 1 for index, 2 for
 * span_ns, 4 for tail_ns (the required ones), 8 for ops, 0 for others, -1 when the value is bad. */
static int step_field(char *tok, pk_workload_step *s, uint64_t *index)
{
    char *eq = strchr(tok, '=');
    if (!eq)
        return -1;
    *eq = '\0';
    static const char *const keys[] = {"index", "number", "start_ns", "span_ns", "sync_ns", "tail_ns", "ops",
                                       "launches"};
    uint64_t v;
    for (int k = 0; k < 8; k++) {
        if (strcmp(tok, keys[k]) != 0)
            continue;
        /* a step's durations are bounded as a row's are; its start (an offset into the trace) and
         * its counts are not */
        const int duration = k == 3 || k == 4 || k == 5;
        if (parse_count(eq + 1, duration ? (uint64_t)PK_WORKLOAD_MAX_NS : INT64_MAX, &v) != 0)
            return -1;
        int64_t *field[] = {NULL, &s->number, &s->start_ns, &s->span_ns, &s->sync_ns, &s->tail_ns, NULL, NULL};
        if (k == 0)
            *index = v;
        else if (k == 6)
            s->ops = v;
        else if (k == 7)
            s->launches = v;
        else
            *field[k] = (int64_t)v;
        return k == 0 ? 1 : k == 3 ? 2 : k == 5 ? 4 : k == 6 ? 8 : 0;
    }
    return 0;
}

/* "# step index=K number=N start_ns=.. span_ns=.. sync_ns=.. tail_ns=.. ops=.. launches=..". */
static int step_line(reader *r, char *s, pk_workload *wl)
{
    pk_workload_step st = {0};
    uint64_t index = 0;
    int seen = 0;
    for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
        char *eq = strchr(tok, '=');
        int f = step_field(tok, &st, &index);
        if (f < 0 && eq && (strcmp(tok, "span_ns") == 0 || strcmp(tok, "sync_ns") == 0 || strcmp(tok, "tail_ns") == 0))
            return fail(r, PK_EPARSE, "step line: %s=%s is not a count of ns up to %.0f", tok, eq + 1,
                        PK_WORKLOAD_MAX_NS);
        if (f < 0 && eq) /* step_field cut tok at its '=' */
            return fail(r, PK_EPARSE, "step line: %s=%s is not KEY=COUNT", tok, eq + 1);
        if (f < 0)
            return fail(r, PK_EPARSE, "step line: '%s' is not KEY=COUNT", tok);
        seen |= f;
    }
    if ((seen & 7) != 7)
        return fail(r, PK_EPARSE, "step line: index, span_ns and tail_ns are required");
    if (!(seen & 8))
        st.ops = UINT64_MAX; /* not said: counted from the rows */
    if (index != wl->nsteps)
        return fail(r, PK_EPARSE, "step line: index out of order");
    if (wl->nsteps == r->capsteps) {
        size_t cap = r->capsteps ? 2 * r->capsteps : 16;
        pk_workload_step *p = realloc(wl->steps, cap * sizeof *p);
        if (!p)
            return fail(r, PK_ENOMEM, "out of memory");
        wl->steps = p;
        r->capsteps = cap;
    }
    wl->steps[wl->nsteps++] = st;
    return PK_OK;
}

/* A '#' line before the header: schema 2's version line (the first one that names a schema,
 * blank lines and other comments before it or not), step count and step lines. */
static int comment(reader *r, char *s, pk_workload *wl)
{
    if (r->col[C_D] < 0 && !r->schema2 && wl->nsteps == 0 && strncmp(s, MAGIC, strlen(MAGIC)) == 0) {
        uint64_t v;
        if (parse_count(s + strlen(MAGIC), 1000000, &v) != 0 || v < 1 || v > PK_WORKLOAD_SCHEMA_VERSION)
            return fail(r, PK_EPARSE, "schema_version '%s' is not one this pkbench reads (1 to %d)",
                        s + strlen(MAGIC), PK_WORKLOAD_SCHEMA_VERSION);
        r->schema2 = v == 2;
        return PK_OK;
    }
    if (!r->schema2 || r->col[C_D] >= 0)
        return PK_OK;
    if (strncmp(s, "# steps=", 8) == 0) {
        uint64_t v;
        if (parse_count(s + 8, UINT32_MAX, &v) != 0)
            return fail(r, PK_EPARSE, "steps '%s' is not a count", s + 8);
        r->declared = (long)v;
    } else if (strncmp(s, "# ops=", 6) == 0) {
        uint64_t v;
        if (parse_count(s + 6, INT32_MAX, &v) != 0)
            return fail(r, PK_EPARSE, "ops '%s' is not a count", s + 6);
        r->declared_ops = (long)v;
    } else if (strncmp(s, "# step ", 7) == 0) {
        return step_line(r, s + 7, wl);
    }
    return PK_OK;
}

/* Every line of fp; 0 or the first error. */
static int read_lines(reader *r, FILE *fp, pk_workload *wl)
{
    char line[4096], *cells[MAX_COLS];
    int rc = PK_OK;
    for (long at = ftell(fp); rc == PK_OK && fgets(line, sizeof line, fp); at = ftell(fp)) {
        r->lineno++;
        const long next = ftell(fp); /* the last line, without its newline, has no other sign of a NUL */
        if (!strchr(line, '\n') && (!feof(fp) || (at >= 0 && next >= 0 && (long)strlen(line) < next - at)))
            return fail(r, PK_EPARSE, "%s",
                        strlen(line) + 1 < sizeof line ? "a NUL byte in the line (not a text file?)" : "line too long");
        char *s = trim(line);
        if (*s == '#') {
            rc = comment(r, s, wl);
            continue;
        }
        if (*s == '\0')
            continue;
        int nc = split(s, cells);
        if (nc < 0)
            return fail(r, PK_EPARSE, "more than %d columns", MAX_COLS);
        rc = r->col[C_D] < 0 ? header(r, cells, nc, wl) : row(r, cells, nc, wl);
    }
    if (rc == PK_OK && ferror(fp)) {
        snprintf(r->err, r->errlen, "%s: read error", r->path);
        rc = PK_EIO;
    }
    return rc;
}

/* Without step lines: the steps the rows name, their ops counted, spans unknown. */
static int derive_steps(pk_workload *wl)
{
    size_t ns = wl->step[wl->n - 1] + (size_t)1;
    wl->steps = calloc(ns, sizeof *wl->steps);
    if (!wl->steps)
        return PK_ENOMEM;
    wl->nsteps = ns;
    for (size_t k = 0; k < ns; k++) {
        wl->steps[k].number = (int64_t)k;
        wl->steps[k].span_ns = -1;
    }
    for (size_t i = 0; i < wl->n; i++)
        wl->steps[wl->step[i]].ops++;
    return PK_OK;
}

/* The rows against the counts the header says: "# ops=N" and each step line's ops (a file cut
 * short, or rows lost, would replay as a shorter workload). */
static int check_counts(const reader *r, pk_workload *wl)
{
    if (r->declared_ops >= 0 && (size_t)r->declared_ops != wl->n) {
        snprintf(r->err, r->errlen, "%s: the header says ops=%ld but %zu rows follow it (cut short?)", r->path,
                 r->declared_ops, wl->n);
        return PK_EPARSE;
    }
    uint64_t *count = wl->nsteps ? calloc(wl->nsteps, sizeof *count) : NULL;
    if (wl->nsteps && !count) {
        snprintf(r->err, r->errlen, "%s: out of memory", r->path);
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < wl->n && wl->nsteps; i++)
        count[wl->step[i]]++; /* a row's step is below nsteps (row_extras) */
    for (size_t k = 0; k < wl->nsteps; k++) {
        uint64_t n = count[k];
        if (wl->steps[k].ops == UINT64_MAX) {
            wl->steps[k].ops = n;
        } else if (wl->steps[k].ops != n) {
            snprintf(r->err, r->errlen, "%s: step %zu's line says ops=%" PRIu64 " but %" PRIu64 " rows have it",
                     r->path, k, wl->steps[k].ops, n);
            free(count);
            return PK_EPARSE;
        }
    }
    free(count);
    return PK_OK;
}

int pk_workload_load(const char *path, pk_workload *wl, char *err, size_t errlen)
{
    memset(wl, 0, sizeof *wl);
    FILE *fp;
    char why[4096 + 128];
    char used[PK_PATH_MAX];
    if (pk_gzin_open(path, &fp, used, sizeof used, why, sizeof why) != PK_OK) { /* plain or gzipped */
        size_t skip = strlen(path) + 2; /* why: "PATH: reason" */
        snprintf(err, errlen, "cannot read '%s': %s", path,
                 strncmp(why, path, strlen(path)) == 0 && strlen(why) > skip ? why + skip : why);
        return PK_EIO;
    }
    reader r = {.path = path, .col = {-1, -1, -1, -1, -1}, .declared = -1, .declared_ops = -1, .err = err,
                .errlen = errlen};
    int rc = read_lines(&r, fp, wl);
    fclose(fp);
    if (rc == PK_OK && r.col[C_D] < 0) {
        snprintf(err, errlen, "%s:%zu: no header (expected a duration_ns column)", path, r.lineno + 1);
        rc = PK_EPARSE;
    }
    if (rc == PK_OK && wl->n == 0) {
        snprintf(err, errlen, "%s:%zu: no kernel rows after the header", path, r.lineno);
        rc = PK_EPARSE;
    }
    if (rc == PK_OK)
        rc = check_counts(&r, wl);
    if (rc == PK_OK && wl->nsteps == 0 && derive_steps(wl) != PK_OK) {
        snprintf(err, errlen, "%s: out of memory", path);
        rc = PK_ENOMEM;
    }
    if (rc != PK_OK)
        pk_workload_free(wl);
    return rc;
}
