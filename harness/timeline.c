/* The timeline CSV: one writer, one strict reader (see timeline.h). */
#include "harness/timeline.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/gzin.h"
#include "common/infile.h"
#include "common/status.h"
#include "harness/cli.h"

typedef struct sink {
    FILE *fp;
    const char *strategy;
    double t0;     /* added to every time: the batch's start in a sequence of batches */
    int64_t item0; /* added to every item */
    int beyond;    /* a time past PK_TIMELINE_MAX_NS was written */
} sink;

static void put_row(void *user, const char *actor, const char *what, double start, double end, int64_t item)
{
    sink *s = user;
    if (!(fabs(s->t0 + start) <= PK_TIMELINE_MAX_NS && fabs(s->t0 + end) <= PK_TIMELINE_MAX_NS))
        s->beyond = 1;
    fprintf(s->fp, "%s,%s,%s,", s->strategy, actor, what);
    if (item >= 0)
        fprintf(s->fp, "%" PRId64, s->item0 + item);
    fprintf(s->fp, ",%.17g,%.17g\n", s->t0 + start, s->t0 + end);
}

int pk_timeline_emit(FILE *fp, pk_model *m, const pk_costs *c, const pk_strategy *s, size_t ns,
                     const pk_items *items)
{
    fprintf(fp, "%s\n", PK_TIMELINE_HEADER);
    int rc = PK_OK;
    for (size_t k = 0; k < ns && rc == PK_OK; k++) {
        sink out = {fp, pk_strategy_names[s[k]], 0, 0, 0};
        pk_prediction one;
        pk_model_set_timeline(m, put_row, &out);
        rc = pk_model_run(m, c, s[k], items, 0, &one);
        if (rc == PK_OK && out.beyond)
            rc = PK_ERANGE;
    }
    pk_model_set_timeline(m, NULL, NULL);
    return rc;
}

int pk_timeline_emit_runs(FILE *fp, pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *runs,
                          size_t nruns, double after_ns)
{
    fprintf(fp, "%s\n", PK_TIMELINE_HEADER);
    sink out = {fp, pk_strategy_names[s], 0, 0, 0};
    int rc = PK_OK;
    pk_model_set_timeline(m, put_row, &out);
    for (size_t k = 0; k < nruns && rc == PK_OK; k++) {
        pk_prediction one;
        rc = pk_model_run(m, c, s, &runs[k], k, &one); /* draw 0's batch k, as the prediction draws it */
        out.t0 += one.total_ns;
        out.item0 += (int64_t)runs[k].n;
    }
    pk_model_set_timeline(m, NULL, NULL);
    if (rc == PK_OK && after_ns > 0)
        put_row(&out, "host", "work", 0, after_ns, -1);
    return rc == PK_OK && out.beyond ? PK_ERANGE : rc;
}

int pk_timeline_write(const char *path, pk_model *m, const pk_costs *c, const pk_strategy *s, size_t ns,
                      const pk_items *items, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    int rc = pk_timeline_emit(f.fp, m, c, s, ns, items);
    if (rc != PK_OK) {
        pk_afile_abort(&f);
        if (rc == PK_ERANGE)
            snprintf(err, errlen, "simulating the timeline: " PK_TIMELINE_BEYOND);
        else
            snprintf(err, errlen, "simulating the timeline: %s", pk_strerror(rc));
        return rc;
    }
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

/* Splits line at commas into at most cap fields; returns how many it had (more than cap:
 * cap + 1). */
static size_t split(char *line, char **f, size_t cap)
{
    size_t n = 0;
    for (char *s = line;;) {
        if (n == cap)
            return cap + 1;
        f[n++] = s;
        s = strchr(s, ',');
        if (!s)
            return n;
        *s++ = '\0';
    }
}

static int parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(text, &end);
    return pk_cli_is_decimal(text) && !*end && !errno && isfinite(*out);
}

/* One data row into r; 0, or -1 with the reason in why. */
static int parse_row(char *line, pk_timeline_row *r, const char **why)
{
    char *f[6];
    if (split(line, f, 6) != 6)
        return *why = "not 6 fields", -1;
    int s = pk_strategy_lookup(f[0]);
    if (s < 0)
        return *why = "unknown strategy", -1;
    r->strategy = (pk_strategy)s;
    if (!*f[1] || !*f[2] || strlen(f[1]) >= sizeof r->actor || strlen(f[2]) >= sizeof r->what)
        return *why = "actor or what empty or too long", -1;
    memcpy(r->actor, f[1], strlen(f[1]) + 1);
    memcpy(r->what, f[2], strlen(f[2]) + 1);
    char *end;
    errno = 0;
    r->item = -1;
    if (*f[3]) {
        unsigned long long v = strtoull(f[3], &end, 10);
        if (*end || errno || f[3][0] < '0' || f[3][0] > '9' || v > INT64_MAX)
            return *why = "item is not a count", -1;
        r->item = (int64_t)v;
    }
    if (!parse_double(f[4], &r->start_ns) || !parse_double(f[5], &r->end_ns) || r->end_ns < r->start_ns)
        return *why = "not an interval (start_ns <= end_ns, both finite)", -1;
    if (fabs(r->start_ns) > PK_TIMELINE_MAX_NS || fabs(r->end_ns) > PK_TIMELINE_MAX_NS)
        return *why = "a time past " PK_TIMELINE_MAX_TEXT " ns", -1;
    return 0;
}

static int push(pk_timeline *t, const pk_timeline_row *r)
{
    if (t->n == PK_TIMELINE_MAX_ROWS)
        return PK_ERANGE;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        pk_timeline_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows)
            return PK_ENOMEM;
        t->rows = rows;
        t->cap = cap;
    }
    t->rows[t->n++] = *r;
    return PK_OK;
}

int pk_timeline_read(const char *path, pk_timeline *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *fp;
    char used[PK_PATH_MAX]; /* path, or path.gz (a committed folder's timeline.csv.gz) */
    if (pk_gzin_open(path, &fp, used, sizeof used, err, errlen) != PK_OK)
        return PK_EIO;
    char line[1024];
    unsigned long lineno = 0;
    int rc = PK_OK, header = 0;
    while (rc == PK_OK && fgets(line, sizeof line, fp)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            snprintf(err, errlen, "%s:%lu: %s", path, lineno, /* fgets stopped short of a full buffer */
                     strlen(line) + 1 < sizeof line ? "a NUL byte in the line (not a text file?)" : "line too long");
            rc = PK_EPARSE;
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        if (!header) {
            header = 1;
            if (strcmp(line, PK_TIMELINE_HEADER) != 0) {
                snprintf(err, errlen, "%s:%lu: header lacks the timeline columns (expected %s)", path, lineno,
                         PK_TIMELINE_HEADER);
                rc = PK_EPARSE;
            }
            continue;
        }
        pk_timeline_row r;
        const char *why = NULL;
        if (parse_row(line, &r, &why) != 0) {
            snprintf(err, errlen, "%s:%lu: bad row: %s", path, lineno, why);
            rc = PK_EPARSE;
        } else if ((rc = push(t, &r)) != PK_OK) {
            if (rc == PK_ERANGE)
                snprintf(err, errlen, "%s:%lu: more than %d intervals", path, lineno, PK_TIMELINE_MAX_ROWS);
            else
                snprintf(err, errlen, "%s: out of memory", path);
        }
    }
    if (rc == PK_OK && ferror(fp)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = PK_EIO;
    }
    fclose(fp);
    if (rc == PK_OK && t->n == 0) {
        snprintf(err, errlen, "%s has no intervals", path);
        rc = PK_EPARSE;
    }
    if (rc != PK_OK)
        pk_timeline_free(t);
    return rc;
}

void pk_timeline_free(pk_timeline *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}
