/* Tidy CSV strict reader (see tidy.h); the writer is tidy.c. */
#include "harness/tidy.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/gzin.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/tidy_cols.h"

/* 1 when s holds no control byte and no quote: the writer turns them into ';' (put_str), so a
 * cell with one is not this pkbench's (a quoted cell would keep its quotes in the value), and
 * echoing it would garble a report (context values: pk_context_set). */
static int plain_text(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '"')
            return 0;
    return 1;
}

static int parse_cell(const pk__tidy_col *c, char *text, pk_row *r)
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
    } else if (strncmp(line, "# partial: true", 15) == 0) {
        t->partial = 1;
    } else if (strncmp(line, "# context ", 10) == 0 && (eq = strchr(line + 10, '=')) != NULL) {
        /* The writer puts each key once, before the header: one after it, or twice, or one too
         * long to carry, is not its file, and would silently replace or lose what a check reads. */
        *eq = '\0';
        const char *why = rd->have_header                          ? "after the header"
                          : pk_context_get(&t->context, line + 10) ? "given twice"
                          : !pk_context_fits(line + 10, eq + 1)    ? "too long (a key under 48 bytes, "
                                                                     "a value under 160)"
                                                                   : NULL;
        if (why) {
            snprintf(rd->err, rd->errlen, "%s:%lu: context key '%.48s' %s", rd->path, rd->lineno, line + 10, why);
            return PK_EPARSE;
        }
        pk_context_set(&t->context, line + 10, eq + 1); /* only a full context refuses: counted */
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
        for (size_t c = 0; c < pk__tidy_ncols; c++)
            if (strcmp(fields[i], pk__tidy_cols[c].name) == 0)
                r->map[i] = (int)c;
    }
    for (size_t c = 0; c < pk__tidy_ncols; c++) {
        int found = 0;
        for (size_t i = 0; i < nf; i++)
            found |= r->map[i] == (int)c;
        if (pk__tidy_cols[c].required && !found) {
            snprintf(r->err, r->errlen, "%s:%lu: header lacks column '%s'", r->path, r->lineno, pk__tidy_cols[c].name);
            return PK_EPARSE;
        }
    }
    r->have_header = 1;
    return PK_OK;
}

int pk_tidy_check_row(const pk_row *r, char *err, size_t errlen)
{
    static const char *const order_names[] = {"wall_ns_min", "wall_ns_p10", "wall_ns_p25", "wall_ns",
                                               "wall_ns_p75", "wall_ns_p90", "wall_ns_max"};
    const double order[] = {r->wall_ns_min, r->wall_ns_p10, r->wall_ns_p25, r->wall_ns,
                            r->wall_ns_p75, r->wall_ns_p90, r->wall_ns_max};
    const pk_point *k = &r->key;
    if (k->batch < 1 || k->batch > PK_TIDY_MAX_BATCH || k->item_ns > PK_TIDY_MAX_ITEM_NS ||
        k->grid > PK_TIDY_MAX_SHAPE || k->block > PK_TIDY_MAX_SHAPE) {
        snprintf(err, errlen, "batch %" PRIu64 ", item_ns %" PRIu64 ", grid %u or block %u is out of range (batch 1 "
                 "to %u, item_ns at most %.0f, grid and block at most %u)", k->batch, k->item_ns, k->grid, k->block,
                 PK_TIDY_MAX_BATCH, (double)PK_TIDY_MAX_ITEM_NS, PK_TIDY_MAX_SHAPE);
        return PK_ERANGE;
    }
    for (size_t c = 0; c < pk__tidy_ncols; c++) {
        const double v = pk__tidy_cols[c].kind == C_DBL ? *(const double *)((const char *)r + pk__tidy_cols[c].off) : 0;
        const int neg = v < 0 && strcmp(pk__tidy_cols[c].name, "savings_ns") != 0;
        if (neg || fabs(v) > PK_TIDY_MAX_FIGURE) {
            snprintf(err, errlen, "%s is %g: %s", pk__tidy_cols[c].name, v,
                     neg ? "it cannot be negative" : "beyond 1e18");
            return PK_ERANGE;
        }
    }
    for (size_t i = 0; i < 7; i++)
        for (size_t j = i + 1; j < 7; j++)
            if (order[i] > order[j] * (1 + 1e-9)) { /* false when either is missing (NAN) */
                snprintf(err, errlen, "%s (%g) is above %s (%g): quantiles out of order", order_names[i], order[i],
                         order_names[j], order[j]);
                return PK_ERANGE;
            }
    const double canary[3] = {r->canary_host_ns_min, r->canary_host_ns, r->canary_host_ns_max};
    for (size_t i = 0; i < 3; i++)
        if (canary[i] <= 0 || (i && canary[i - 1] > canary[i] * (1 + 1e-9))) { /* false when missing (NAN) */
            snprintf(err, errlen, "the canary (min %g, median %g, max %g) is not above 0 and in order", canary[0],
                     canary[1], canary[2]);
            return PK_ERANGE;
        }
    if (r->canary_push_ns <= 0) { /* false when missing (NAN) */
        snprintf(err, errlen, "canary_push_ns is 0: a resident batch takes time");
        return PK_ERANGE;
    }
    if (!(r->wall_ns > 0) && !(r->wall_ns == 0 && strcmp(r->source, "predicted") == 0)) { /* a model may cost 0 */
        snprintf(err, errlen, "wall_ns is %s: every measured row needs a total above 0",
                 isnan(r->wall_ns) ? "empty" : "0");
        return PK_ERANGE;
    }
    if (r->throttled_reps > r->reps) { /* reps 0 too: no repetition was throttled */
        snprintf(err, errlen, "throttled_reps %" PRIu64 " exceeds reps %" PRIu64, r->throttled_reps, r->reps);
        return PK_ERANGE;
    }
    return PK_OK;
}

/* pk_tidy_check_row at the reader's line: "PATH:LINE: why". */
static int check_row(const reader *rd, const pk_row *r)
{
    char why[512];
    const int rc = pk_tidy_check_row(r, why, sizeof why);
    if (rc != PK_OK)
        snprintf(rd->err, rd->errlen, "%s:%lu: %s", rd->path, rd->lineno, why);
    return rc;
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
        const pk__tidy_col *c = &pk__tidy_cols[rd->map[i]];
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
    /* The buffer is filled with 1s before each line, so that the last NUL in it is the one fgets
     * ended the line with: a NUL before it was read (even first, or in a last line). */
    while (rc == PK_OK && (memset(line, 1, sizeof line), fgets(line, sizeof line, fp))) {
        rd->lineno++;
        size_t got = sizeof line - 1, len = strlen(line), nf = 0;
        while (line[got] != '\0')
            got--;
        if (len != got || (len && line[len - 1] != '\n' && !feof(fp))) {
            snprintf(rd->err, rd->errlen, "%s:%lu: %s", rd->path, rd->lineno,
                     len != got ? "a NUL byte in the line (not a text file?)" : "line too long");
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
