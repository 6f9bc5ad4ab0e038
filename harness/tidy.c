/* Tidy CSV writer and strict reader (see tidy.h). */
#include "harness/tidy.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "common/gzin.h"
#include "harness/tidy_index.h"

typedef enum col_kind { C_STR, C_STRATEGY, C_U64, C_UINT, C_DBL } col_kind;

typedef struct col {
    const char *name;
    col_kind kind;
    size_t off;
    size_t size; /* for strings */
    int required;
} col;

#define S(f) offsetof(pk_row, f), sizeof(((pk_row *)0)->f)
#define N(f) offsetof(pk_row, f), 0
static const col cols[] = {
    {"backend", C_STR, S(backend), 1},
    {"device", C_STR, S(device), 0},
    {"source", C_STR, S(source), 1},
    {"strategy", C_STRATEGY, N(key.strategy), 1},
    {"item_ns", C_U64, N(key.item_ns), 1},
    {"batch", C_U64, N(key.batch), 1},
    {"grid", C_UINT, N(key.grid), 1},
    {"block", C_UINT, N(key.block), 1},
    {"reps", C_U64, N(reps), 0},
    {"wall_ns", C_DBL, N(wall_ns), 1},
    {"wall_ns_p10", C_DBL, N(wall_ns_p10), 0},
    {"wall_ns_p25", C_DBL, N(wall_ns_p25), 0},
    {"wall_ns_p75", C_DBL, N(wall_ns_p75), 0},
    {"wall_ns_p90", C_DBL, N(wall_ns_p90), 0},
    {"wall_ns_min", C_DBL, N(wall_ns_min), 0},
    {"wall_ns_max", C_DBL, N(wall_ns_max), 0},
    {"wall_ns_cv", C_DBL, N(wall_ns_cv), 0},
    {"host_ns", C_DBL, N(host_ns), 0},
    {"device_ns", C_DBL, N(device_ns), 0},
    {"achieved_item_ns", C_DBL, N(achieved_item_ns), 0},
    {"setup_ns", C_DBL, N(setup_ns), 0},
    {"teardown_ns", C_DBL, N(teardown_ns), 0},
    {"sm_clock_mhz", C_DBL, N(sm_clock_mhz), 0},
    {"throttled_reps", C_U64, N(throttled_reps), 0},
    {"savings_ns", C_DBL, N(savings_ns), 0},
    {"cpu_ns", C_DBL, N(cpu_ns), 0},
    {"replicate", C_UINT, N(replicate), 0},
    {"started_s", C_DBL, N(started_s), 0},
    {"canary_host_ns", C_DBL, N(canary_host_ns), 0},
    {"canary_host_ns_min", C_DBL, N(canary_host_ns_min), 0},
    {"canary_host_ns_max", C_DBL, N(canary_host_ns_max), 0},
};
#undef S
#undef N
#define NCOLS (sizeof cols / sizeof cols[0])

void pk_row_scale_wall(pk_row *r, double f)
{
    double *v[] = {&r->wall_ns, &r->wall_ns_p10, &r->wall_ns_p25, &r->wall_ns_p75, &r->wall_ns_p90,
                   &r->wall_ns_min, &r->wall_ns_max};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        *v[k] *= f;
}

void pk_row_init(pk_row *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < NCOLS; i++)
        if (cols[i].kind == C_DBL)
            *(double *)((char *)r + cols[i].off) = NAN;
}

static int push_row(pk_row **rows, size_t *n, size_t *cap, const pk_row *r)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        pk_row *p = realloc(*rows, c * sizeof *p);
        if (!p)
            return PK_ENOMEM;
        *rows = p;
        *cap = c;
    }
    (*rows)[(*n)++] = *r;
    return PK_OK;
}

int pk_table_push(pk_table *t, const pk_row *r)
{
    return push_row(&t->rows, &t->n, &t->cap, r);
}

int pk_table_push_pass(pk_table *t, const pk_row *r)
{
    return push_row(&t->pass, &t->npass, &t->pass_cap, r);
}

void pk_table_free(pk_table *t)
{
    free(t->rows);
    free(t->pass);
    t->rows = t->pass = NULL;
    t->n = t->cap = t->npass = t->pass_cap = 0;
}

const pk_row *pk_table_find(const pk_table *t, const pk_point *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (pk_point_equal(&t->rows[i].key, key))
            return &t->rows[i];
    return NULL;
}

const pk_row *pk_table_find_pass(const pk_table *t, const pk_point *key, unsigned replicate)
{
    for (size_t i = 0; i < t->npass; i++)
        if (t->pass[i].replicate == replicate && pk_point_equal(&t->pass[i].key, key))
            return &t->pass[i];
    return NULL;
}

unsigned pk_table_replicates(const pk_table *t)
{
    unsigned k = 0;
    for (size_t i = 0; i < t->npass; i++)
        k = t->pass[i].replicate > k ? t->pass[i].replicate : k;
    return k;
}

void pk_table_fill_savings(pk_table *t)
{
    pk_table_index ix, px;
    int indexed = pk_table_index_build(&ix, t) == PK_OK; /* else linear lookups: slower, same result */
    int pass_indexed = pk_table_index_build_rows(&px, t->pass, t->npass) == PK_OK;
    for (size_t i = 0; i < t->n; i++) {
        pk_row *r = &t->rows[i];
        pk_point std_key = pk_point_with(&r->key, PK_STRAT_STANDARD);
        const pk_row *std_ = indexed ? pk_table_index_find(&ix, &std_key) : pk_table_find(t, &std_key);
        r->savings_ns = std_ ? std_->wall_ns - r->wall_ns : NAN;
    }
    for (size_t i = 0; i < t->npass; i++) {
        pk_row *r = &t->pass[i];
        pk_point std_key = pk_point_with(&r->key, PK_STRAT_STANDARD);
        const pk_row *std_ = pass_indexed ? pk_table_index_find_rep(&px, &std_key, r->replicate)
                                          : pk_table_find_pass(t, &std_key, r->replicate);
        r->savings_ns = std_ ? std_->wall_ns - r->wall_ns : NAN;
    }
    pk_table_index_free(&ix);
    pk_table_index_free(&px);
}

/* Strings are written bare; commas, quotes and newlines are replaced so every cell stays one
 * field without quoting (gnuplot does not parse quoted commas). */
static void put_str(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(*s == ',' || *s == '"' || (unsigned char)*s < 0x20 || *s == 0x7f ? ';' : *s, fp);
}

/* first: the line's first cell, where a '#' would make the row a comment line when read back. */
static void put_cell(FILE *fp, const pk_row *r, const col *c, int first)
{
    const char *p = (const char *)r + c->off;
    switch (c->kind) {
    case C_STR:
        if (first && *p == '#') {
            fputc(';', fp);
            p++;
        }
        put_str(fp, p);
        break;
    case C_STRATEGY: fputs(pk_strategy_names[*(const pk_strategy *)p], fp); break;
    case C_U64: fprintf(fp, "%" PRIu64, *(const uint64_t *)p); break;
    case C_UINT: fprintf(fp, "%u", *(const unsigned *)p); break;
    case C_DBL: {
        double d = *(const double *)p;
        if (isfinite(d))
            fprintf(fp, "%.10g", d);
        break;
    }
    }
}

void pk_table_write_fp(FILE *fp, const pk_table *t)
{
    fprintf(fp, "# pkbench tidy csv, schema_version=%d\n", PK_TIDY_SCHEMA_VERSION);
    if (t->partial)
        fprintf(fp, "# partial: true (the run stopped before every point was measured)\n");
    for (size_t i = 0; i < t->context.count; i++) {
        fputs("# context ", fp);
        put_str(fp, t->context.key[i]);
        fputc('=', fp);
        put_str(fp, t->context.value[i]);
        fputc('\n', fp);
    }
    for (size_t c = 0; c < NCOLS; c++)
        fprintf(fp, "%s%s", c ? "," : "", cols[c].name);
    fputc('\n', fp);
    for (size_t i = 0; i < t->n + t->npass; i++) {
        const pk_row *r = i < t->n ? &t->rows[i] : &t->pass[i - t->n];
        for (size_t c = 0; c < NCOLS; c++) {
            if (c)
                fputc(',', fp);
            put_cell(fp, r, &cols[c], c == 0);
        }
        fputc('\n', fp);
    }
}

int pk_table_write_csv(const char *path, const pk_table *t, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    pk_table_write_fp(f.fp, t);
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

/* 1 when s holds no control byte: the writer turns them into ';' (put_str), so a cell with one
 * is not this pkbench's, and echoing it would garble a report (context values: pk_context_set). */
static int plain_text(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return 0;
    return 1;
}

static int parse_cell(const col *c, char *text, pk_row *r)
{
    char *p = (char *)r + c->off;
    char *end = NULL;
    errno = 0;
    switch (c->kind) {
    case C_STR:
        if (strlen(text) >= c->size || !plain_text(text))
            return 0;
        memcpy(p, text, strlen(text) + 1);
        return 1;
    case C_STRATEGY: {
        int s = pk_strategy_lookup(text);
        if (s < 0)
            return 0;
        *(pk_strategy *)p = (pk_strategy)s;
        return 1;
    }
    case C_U64:
    case C_UINT: {
        if (!*text || text[0] < '0' || text[0] > '9')
            return 0;
        unsigned long long v = strtoull(text, &end, 10);
        if (*end || errno || (c->kind == C_UINT && v > UINT32_MAX))
            return 0;
        if (c->kind == C_U64)
            *(uint64_t *)p = v;
        else
            *(unsigned *)p = (unsigned)v;
        return 1;
    }
    case C_DBL:
        if (!*text) {
            *(double *)p = NAN;
            return 1;
        }
        /* Plain decimals only: strtod would also take hex, "inf" and "nan". */
        if (!pk_cli_is_decimal(text))
            return 0;
        *(double *)p = strtod(text, &end);
        return *end == '\0' && !errno && isfinite(*(double *)p);
    }
    return 0;
}

typedef struct keyed {
    const pk_row *r;
    unsigned long line;
} keyed;

static int key_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = pk_point_compare(&x->r->key, &y->r->key);
    if (c != 0)
        return c;
    if (x->r->replicate != y->r->replicate)
        return x->r->replicate < y->r->replicate ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Rejects a table with two rows of one (strategy, item_ns, batch, grid, block) key and
 * replicate, or a pass row whose point has no summary row, naming the offending row's line;
 * sorting keeps it O(n log n). */
static int check_unique_keys(const char *path, const pk_table *t, const unsigned long *lines, char *err,
                             size_t errlen)
{
    keyed *k = malloc((t->n ? t->n : 1) * sizeof *k);
    if (!k) {
        snprintf(err, errlen, "%s: out of memory", path);
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < t->n; i++)
        k[i] = (keyed){&t->rows[i], lines[i]};
    qsort(k, t->n, sizeof *k, key_cmp);
    int rc = PK_OK;
    for (size_t i = 0; i < t->n && rc == PK_OK; i++) {
        const pk_row *p = i ? k[i - 1].r : NULL, *q = k[i].r;
        char name[160];
        pk_point_name(&q->key, name, sizeof name);
        int same_key = p && pk_point_equal(&p->key, &q->key);
        if (same_key && p->replicate == q->replicate) {
            char rep[32] = "";
            if (q->replicate)
                snprintf(rep, sizeof rep, " replicate %u", q->replicate);
            snprintf(err, errlen, "%s:%lu: duplicate row for %s%s (first at line %lu)", path, k[i].line, name, rep,
                     k[i - 1].line);
            rc = PK_EPARSE;
        } else if (!same_key && q->replicate != 0) {
            snprintf(err, errlen, "%s:%lu: %s replicate %u has no summary row (replicate 0)", path, k[i].line, name,
                     q->replicate);
            rc = PK_EPARSE;
        }
    }
    free(k);
    return rc;
}

/* Moves the pass rows (replicate >= 1) out of t->rows into t->pass, keeping both in file order. */
static int split_passes(pk_table *t)
{
    size_t w = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->rows[i].replicate == 0)
            t->rows[w++] = t->rows[i];
        else if (pk_table_push_pass(t, &t->rows[i]) != PK_OK)
            return PK_ENOMEM;
    }
    t->n = w;
    return PK_OK;
}

/* The reader's state between lines. */
typedef struct reader {
    const char *path;
    unsigned long lineno;
    int map[64]; /* header position -> column index, or -1 for an unknown column (ignored) */
    size_t nfields;
    int have_header;
    unsigned long *lines; /* lines[i]: the line of row i */
    size_t nlines;
    const char *source; /* pk_table_read_csv_as: every row's source, and one backend; NULL: any */
    char *err;
    size_t errlen;
} reader;

/* A comment line: the schema version, the partial marker or a context entry (others are
 * ignored). A version this reader does not know is an error. */
static int comment(reader *rd, pk_table *t, char *line)
{
    static const char version[] = "# pkbench tidy csv, schema_version=";
    char *eq;
    if (strncmp(line, version, sizeof version - 1) == 0) {
        const char *v = line + sizeof version - 1;
        if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0) {
            snprintf(rd->err, rd->errlen, "%s:%lu: schema_version '%.40s' is not one this pkbench reads (1 or 2)",
                     rd->path, rd->lineno, v);
            return PK_EPARSE;
        }
    } else if (strncmp(line, "# partial:", 10) == 0) {
        t->partial = 1;
    } else if (strncmp(line, "# context ", 10) == 0 && (eq = strchr(line + 10, '=')) != NULL) {
        *eq = '\0';
        pk_context_set(&t->context, line + 10, eq + 1);
    }
    return PK_OK;
}

/* The header: maps each field to its column and checks the required ones are there. */
static int header(reader *r, char **fields, size_t nf)
{
    r->nfields = nf;
    for (size_t i = 0; i < nf; i++) {
        for (size_t k = 0; k < i; k++)
            if (strcmp(fields[k], fields[i]) == 0) {
                snprintf(r->err, r->errlen, "%s:%lu: column '%.64s' appears twice in the header", r->path, r->lineno,
                         fields[i]);
                return PK_EPARSE;
            }
        r->map[i] = -1;
        for (size_t c = 0; c < NCOLS; c++)
            if (strcmp(fields[i], cols[c].name) == 0)
                r->map[i] = (int)c;
    }
    for (size_t c = 0; c < NCOLS; c++) {
        int found = 0;
        for (size_t i = 0; i < nf; i++)
            found |= r->map[i] == (int)c;
        if (cols[c].required && !found) {
            snprintf(r->err, r->errlen, "%s:%lu: header lacks column '%s'", r->path, r->lineno, cols[c].name);
            return PK_EPARSE;
        }
    }
    r->have_header = 1;
    return PK_OK;
}

/* Rejects a row whose figures cannot be: a key out of range, a negative time, count or CV, a figure
 * beyond 1e18, quantiles out of order (min <= p10 <= p25 <= median <= p75 <= p90 <= max, among
 * those given), more throttled repetitions than repetitions. */
static int check_row(const reader *rd, const pk_row *r)
{
    static const char *const order_names[] = {"wall_ns_min", "wall_ns_p10", "wall_ns_p25", "wall_ns",
                                               "wall_ns_p75", "wall_ns_p90", "wall_ns_max"};
    const double order[] = {r->wall_ns_min, r->wall_ns_p10, r->wall_ns_p25, r->wall_ns,
                            r->wall_ns_p75, r->wall_ns_p90, r->wall_ns_max};
    const pk_point *k = &r->key;
    if (k->batch < 1 || k->batch > PK_TIDY_MAX_BATCH || k->item_ns > PK_TIDY_MAX_ITEM_NS || k->grid > PK_TIDY_MAX_SHAPE ||
        k->block > PK_TIDY_MAX_SHAPE) {
        snprintf(rd->err, rd->errlen, "%s:%lu: batch %" PRIu64 ", item_ns %" PRIu64 ", grid %u or block %u is out of "
                 "range (batch 1 to %u, item_ns at most %.0f, grid and block at most %u)", rd->path, rd->lineno,
                 k->batch, k->item_ns, k->grid, k->block, PK_TIDY_MAX_BATCH, (double)PK_TIDY_MAX_ITEM_NS,
                 PK_TIDY_MAX_SHAPE);
        return PK_ERANGE;
    }
    for (size_t c = 0; c < NCOLS; c++) {
        const double v = cols[c].kind == C_DBL ? *(const double *)((const char *)r + cols[c].off) : 0;
        const int neg = v < 0 && strcmp(cols[c].name, "savings_ns") != 0;
        if (neg || fabs(v) > PK_TIDY_MAX_FIGURE) {
            snprintf(rd->err, rd->errlen, "%s:%lu: %s is %g: %s", rd->path, rd->lineno, cols[c].name, v,
                     neg ? "it cannot be negative" : "beyond 1e18");
            return PK_ERANGE;
        }
    }
    for (size_t i = 0; i < 7; i++)
        for (size_t j = i + 1; j < 7; j++)
            if (order[i] > order[j] * (1 + 1e-9)) { /* false when either is missing (NAN) */
                snprintf(rd->err, rd->errlen, "%s:%lu: %s (%g) is above %s (%g): quantiles out of order", rd->path,
                         rd->lineno, order_names[i], order[i], order_names[j], order[j]);
                return PK_ERANGE;
            }
    if (r->reps && r->throttled_reps > r->reps) {
        snprintf(rd->err, rd->errlen, "%s:%lu: throttled_reps %" PRIu64 " exceeds reps %" PRIu64, rd->path,
                 rd->lineno, r->throttled_reps, r->reps);
        return PK_ERANGE;
    }
    return PK_OK;
}

/* pk_table_read_csv_as's rules (tidy.h): the source asked for, the first row's backend throughout. */
static int check_labels(const reader *rd, const pk_table *t, const pk_row *r)
{
    if (!rd->source)
        return PK_OK;
    if (strcmp(r->source, rd->source) != 0) {
        snprintf(rd->err, rd->errlen, "%s:%lu: source is '%s', not '%s'", rd->path, rd->lineno, r->source,
                 rd->source);
        return PK_EPARSE;
    }
    if (t->n && strcmp(r->backend, t->rows[0].backend) != 0) {
        snprintf(rd->err, rd->errlen, "%s:%lu: backend is '%s' but line %lu's is '%s': one table, one backend",
                 rd->path, rd->lineno, r->backend, rd->lines[0], t->rows[0].backend);
        return PK_EPARSE;
    }
    return PK_OK;
}

/* One data row into t, remembering its line. */
static int row(reader *rd, pk_table *t, char **fields, size_t nf)
{
    if (nf != rd->nfields) {
        snprintf(rd->err, rd->errlen, "%s:%lu: %zu fields, the header has %zu", rd->path, rd->lineno, nf,
                 rd->nfields);
        return PK_EPARSE;
    }
    pk_row r;
    pk_row_init(&r);
    for (size_t i = 0; i < nf; i++) {
        if (rd->map[i] < 0)
            continue;
        const col *c = &cols[rd->map[i]];
        if (!parse_cell(c, fields[i], &r) || (c->required && c->kind != C_DBL && !*fields[i])) {
            snprintf(rd->err, rd->errlen, "%s:%lu: bad value '%s' in column '%s'", rd->path, rd->lineno, fields[i],
                     c->name);
            return PK_EPARSE;
        }
    }
    if (t->n == PK_TIDY_MAX_ROWS) {
        snprintf(rd->err, rd->errlen, "%s:%lu: more than %d rows", rd->path, rd->lineno, PK_TIDY_MAX_ROWS);
        return PK_ERANGE;
    }
    int rc = check_row(rd, &r);
    if (rc == PK_OK)
        rc = check_labels(rd, t, &r);
    if (rc != PK_OK)
        return rc;
    if (t->n == rd->nlines) {
        size_t cap = rd->nlines ? 2 * rd->nlines : 256;
        unsigned long *nl = realloc(rd->lines, cap * sizeof *nl);
        if (!nl) {
            snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
            return PK_ENOMEM;
        }
        rd->lines = nl;
        rd->nlines = cap;
    }
    if (pk_table_push(t, &r) != PK_OK) {
        snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
        return PK_ENOMEM;
    }
    rd->lines[t->n - 1] = rd->lineno;
    return PK_OK;
}

/* Every line of fp; 0 or the first error. */
static int read_lines(reader *rd, FILE *fp, pk_table *t)
{
    char line[8192], *fields[64];
    int rc = PK_OK;
    while (rc == PK_OK && fgets(line, sizeof line, fp)) {
        rd->lineno++;
        size_t len = strlen(line), nf = 0;
        if (len && line[len - 1] != '\n' && !feof(fp)) {
            snprintf(rd->err, rd->errlen, "%s:%lu: %s", rd->path, rd->lineno, /* fgets stopped short of a full buffer */
                     len + 1 < sizeof line ? "a NUL byte in the line (not a text file?)" : "line too long");
            return PK_EPARSE;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (rd->lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) { /* an editor's UTF-8 mark */
            memmove(line, line + 3, len - 2);
            len -= 3;
        }
        if (len == 0)
            continue;
        if (line[0] == '#') {
            rc = comment(rd, t, line);
            continue;
        }
        for (char *s = line;; s++) {
            if (nf == 64) {
                snprintf(rd->err, rd->errlen, "%s:%lu: more than 64 fields", rd->path, rd->lineno);
                return PK_EPARSE;
            }
            fields[nf++] = s;
            if (!(s = strchr(s, ',')))
                break;
            *s = '\0';
        }
        rc = rd->have_header ? row(rd, t, fields, nf) : header(rd, fields, nf);
    }
    if (rc == PK_OK && ferror(fp)) {
        snprintf(rd->err, rd->errlen, "%s: read error", rd->path);
        rc = PK_EIO;
    }
    return rc;
}

int pk_table_read_csv_as(const char *path, const char *source, pk_table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *fp;
    char used[PK_PATH_MAX];
    if (pk_gzin_open(path, &fp, used, sizeof used, err, errlen) != PK_OK)
        return PK_EIO;
    path = used; /* messages name the file read: PATH or PATH.gz */
    reader rd = {.path = path, .err = err, .errlen = errlen, .source = source};
    int rc = read_lines(&rd, fp, t);
    fclose(fp);
    if (rc == PK_OK && rd.have_header)
        rc = check_unique_keys(path, t, rd.lines, err, errlen);
    if (rc == PK_OK && (rc = split_passes(t)) != PK_OK)
        snprintf(err, errlen, "%s: out of memory", path);
    free(rd.lines);
    if (rc == PK_OK && !rd.have_header) {
        snprintf(err, errlen, "%s: no header line", path);
        rc = PK_EPARSE;
    }
    if (rc != PK_OK)
        pk_table_free(t);
    return rc;
}

int pk_table_read_csv(const char *path, pk_table *t, char *err, size_t errlen)
{
    return pk_table_read_csv_as(path, NULL, t, err, errlen);
}
