/* Tidy CSV writer and strict reader (see tidy.h). */
#include "harness/tidy.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/tidy_cols.h"
#include "harness/tidy_index.h"

#define S(f) offsetof(pk_row, f), sizeof(((pk_row *)0)->f)
#define N(f) offsetof(pk_row, f), 0
const pk__tidy_col pk__tidy_cols[] = {
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
    {"canary_push_ns", C_DBL, N(canary_push_ns), 0},
};
#undef S
#undef N
const size_t pk__tidy_ncols = sizeof pk__tidy_cols / sizeof pk__tidy_cols[0];

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
    for (size_t i = 0; i < pk__tidy_ncols; i++)
        if (pk__tidy_cols[i].kind == C_DBL)
            *(double *)((char *)r + pk__tidy_cols[i].off) = NAN;
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
static void put_cell(FILE *fp, const pk_row *r, const pk__tidy_col *c, int first)
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
    for (size_t c = 0; c < pk__tidy_ncols; c++)
        fprintf(fp, "%s%s", c ? "," : "", pk__tidy_cols[c].name);
    fputc('\n', fp);
    for (size_t i = 0; i < t->n + t->npass; i++) {
        const pk_row *r = i < t->n ? &t->rows[i] : &t->pass[i - t->n];
        for (size_t c = 0; c < pk__tidy_ncols; c++) {
            if (c)
                fputc(',', fp);
            put_cell(fp, r, &pk__tidy_cols[c], c == 0);
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
