/* The workload file reader (see workload.h). */
#include "harness/workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

#define MAX_COLS 64

void pk_workload_free(pk_workload *wl)
{
    free(wl->d);
    free(wl->w);
    memset(wl, 0, sizeof *wl);
}

double pk_workload_mean_duration(const pk_workload *wl)
{
    double sum = 0;
    for (size_t k = 0; k < wl->n; k++)
        sum += wl->d[k];
    return wl->n ? sum / (double)wl->n : 0;
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

static int parse_cell(const char *text, double *out)
{
    if (!*text)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*end || errno || !isfinite(v) || v < 0 || v > PK_WORKLOAD_MAX_NS)
        return -1;
    *out = v;
    return 0;
}

/* The reader's state between lines. */
typedef struct reader {
    const char *path;
    size_t lineno;
    int col_d, col_w, ncols; /* col_d < 0 until the header */
    char *err;
    size_t errlen;
} reader;

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
    for (int i = 0; i < nc; i++) {
        if (strcmp(cells[i], "duration_ns") == 0)
            r->col_d = i;
        else if (strcmp(cells[i], "host_gap_ns") == 0)
            r->col_w = i;
    }
    if (r->col_d < 0) {
        snprintf(r->err, r->errlen, "%s:%zu: header must name a duration_ns column", r->path, r->lineno);
        return PK_EPARSE;
    }
    r->ncols = nc;
    wl->has_gap = r->col_w >= 0;
    return PK_OK;
}

static int grow(reader *r, pk_workload *wl)
{
    if (wl->n == PK_WORKLOAD_MAX) {
        snprintf(r->err, r->errlen, "%s:%zu: more than %u kernels", r->path, r->lineno, PK_WORKLOAD_MAX);
        return PK_ERANGE;
    }
    size_t cap = wl->cap ? 2 * wl->cap : 1024;
    if (cap > PK_WORKLOAD_MAX)
        cap = PK_WORKLOAD_MAX;
    double *nd = realloc(wl->d, cap * sizeof *nd), *nw;
    if (nd)
        wl->d = nd;
    nw = nd ? realloc(wl->w, cap * sizeof *nw) : NULL;
    if (!nd || !nw) {
        snprintf(r->err, r->errlen, "%s:%zu: out of memory", r->path, r->lineno);
        return PK_ENOMEM;
    }
    wl->w = nw;
    wl->cap = cap;
    return PK_OK;
}

static int row(reader *r, char **cells, int nc, pk_workload *wl)
{
    if (nc != r->ncols) {
        snprintf(r->err, r->errlen, "%s:%zu: %d cells, header has %d", r->path, r->lineno, nc, r->ncols);
        return PK_EPARSE;
    }
    double d, w = 0;
    if (parse_cell(cells[r->col_d], &d) != 0) {
        snprintf(r->err, r->errlen, "%s:%zu: duration_ns '%s' is not a number in [0, 1e12]", r->path, r->lineno,
                 cells[r->col_d]);
        return PK_EPARSE;
    }
    if (r->col_w >= 0 && *cells[r->col_w] && parse_cell(cells[r->col_w], &w) != 0) {
        snprintf(r->err, r->errlen, "%s:%zu: host_gap_ns '%s' is not a number in [0, 1e12]", r->path, r->lineno,
                 cells[r->col_w]);
        return PK_EPARSE;
    }
    int rc = wl->n == wl->cap ? grow(r, wl) : PK_OK;
    if (rc != PK_OK)
        return rc;
    wl->d[wl->n] = d;
    wl->w[wl->n] = w;
    wl->n++;
    return PK_OK;
}

/* Every line of fp; 0 or the first error. */
static int read_lines(reader *r, FILE *fp, pk_workload *wl)
{
    char line[4096], *cells[MAX_COLS];
    int rc = PK_OK;
    while (rc == PK_OK && fgets(line, sizeof line, fp)) {
        r->lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            snprintf(r->err, r->errlen, "%s:%zu: line too long", r->path, r->lineno);
            return PK_EPARSE;
        }
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        int nc = split(s, cells);
        if (nc < 0) {
            snprintf(r->err, r->errlen, "%s:%zu: more than %d columns", r->path, r->lineno, MAX_COLS);
            return PK_EPARSE;
        }
        rc = r->col_d < 0 ? header(r, cells, nc, wl) : row(r, cells, nc, wl);
    }
    if (rc == PK_OK && ferror(fp)) {
        snprintf(r->err, r->errlen, "%s: read error", r->path);
        rc = PK_EIO;
    }
    return rc;
}

int pk_workload_load(const char *path, pk_workload *wl, char *err, size_t errlen)
{
    memset(wl, 0, sizeof *wl);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    reader r = {path, 0, -1, -1, 0, err, errlen};
    int rc = read_lines(&r, fp, wl);
    fclose(fp);
    if (rc == PK_OK && r.col_d < 0) {
        snprintf(err, errlen, "%s:%zu: no header (expected a duration_ns column)", path, r.lineno + 1);
        rc = PK_EPARSE;
    }
    if (rc == PK_OK && wl->n == 0) {
        snprintf(err, errlen, "%s:%zu: no kernel rows after the header", path, r.lineno);
        rc = PK_EPARSE;
    }
    if (rc != PK_OK)
        pk_workload_free(wl);
    return rc;
}
