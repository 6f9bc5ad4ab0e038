/* `pkbench sweep --resume`: the Google Benchmark JSON of the carried points and of this run,
 * joined into one (see sweep_resume.h); the folder's JSON is read and checked as `pkbench merge`
 * reads its inputs' (merge_json.c). */
#include "harness/sweep_resume.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/gbench_json.h"
#include "harness/merge.h"

typedef char point_name[160];

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int is_iteration(json_t *b)
{
    const char *rt = json_string_value(json_object_get(b, "run_type"));
    return !rt || strcmp(rt, "iteration") == 0;
}

/* The names of t's points, sorted (for bsearch), or NULL when out of memory. */
static point_name *sorted_names(const pk_table *t)
{
    point_name *p = malloc((t->n ? t->n : 1) * sizeof *p);
    for (size_t i = 0; p && i < t->n; i++)
        pk_point_name(&t->rows[i].key, p[i], sizeof p[i]);
    if (p)
        qsort(p, t->n, sizeof *p, by_text);
    return p;
}

/* The index in names (n sorted) of the point benchmark b measures, or -1. */
static long point_index(json_t *b, point_name *names, size_t n)
{
    const char *name = json_string_value(json_object_get(b, "name"));
    point_name want;
    pk__merge_json_point(name ? name : "", want, sizeof want);
    point_name *hit = bsearch(want, names, n, sizeof *names, by_text);
    return hit ? (long)(hit - names) : -1;
}

int pk__resume_json_load(const char *dir, const pk_table *old, void **json, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    void *root = NULL;
    *json = NULL;
    int rc = pk__merge_json_load(dir, 1, &root, path, err, errlen);
    if (rc != PK_OK || !root)
        return rc;
    rc = pk__merge_json_check(root, old, path, err, errlen);
    if (rc != PK_OK)
        json_decref(root);
    else
        *json = root;
    return rc;
}

int pk__resume_json_counts(void *json, const pk_table *old, size_t *counts)
{
    point_name *names = sorted_names(old), want;
    if (!names)
        return PK_ENOMEM;
    size_t *by_name = calloc(old->n ? old->n : 1, sizeof *by_name), i;
    json_t *b, *bms = json_object_get(json, "benchmarks");
    if (!by_name) {
        free(names);
        return PK_ENOMEM;
    }
    json_array_foreach(bms, i, b) {
        long k = point_index(b, names, old->n);
        if (k >= 0 && is_iteration(b) && !json_is_true(json_object_get(b, "error_occurred")))
            by_name[k]++;
    }
    for (i = 0; i < old->n; i++) {
        pk_point_name(&old->rows[i].key, want, sizeof want);
        point_name *hit = bsearch(want, names, old->n, sizeof *names, by_text);
        counts[i] = hit ? by_name[hit - names] : 0;
    }
    free(by_name);
    free(names);
    return PK_OK;
}

/* Appends to out the benchmarks of json whose point is one of carried's; with replicates > 1
 * their aggregates are left out (the commit computes them again over every pass). */
static int carried_benchmarks(json_t *json, const pk_table *carried, unsigned replicates, json_t *out)
{
    point_name *names = sorted_names(carried);
    if (!names)
        return PK_ENOMEM;
    size_t i;
    json_t *b;
    int rc = PK_OK;
    json_array_foreach(json_object_get(json, "benchmarks"), i, b) {
        if (point_index(b, names, carried->n) < 0 || (replicates > 1 && !is_iteration(b)))
            continue;
        if (json_array_append(out, b) != 0) {
            rc = PK_ENOMEM;
            break;
        }
    }
    free(names);
    return rc;
}

/* The context of the result when no benchmark ran in this run: ctx's keys over json's own. */
static int set_context(json_t *root, const pk_context *ctx)
{
    json_t *jc = json_object_get(root, "context");
    if (!json_is_object(jc))
        return PK_EPARSE;
    json_object_del(jc, "partial");
    for (size_t i = 0; i < ctx->count; i++)
        if (json_object_set_new(jc, ctx->key[i], json_string(ctx->value[i])) != 0)
            return PK_ENOMEM;
    return PK_OK;
}

static int write_json(json_t *root, const char *dst, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, dst) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write", dst);
        return PK_EIO;
    }
    if (json_dumpf(root, f.fp, JSON_INDENT(2)) != 0 || fputc('\n', f.fp) == EOF) {
        pk_afile_abort(&f);
        snprintf(err, errlen, "%s: write failed", dst);
        return PK_EIO;
    }
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write", dst);
        return PK_EIO;
    }
    return PK_OK;
}

int pk__resume_json_write(void *json, const pk_table *carried, unsigned replicates, const char *src,
                          const pk_context *ctx, const char *dst, char *err, size_t errlen)
{
    json_t *root = src ? pk_gbench_json_load(src, err, errlen) : json_deep_copy(json), *bms = json_array();
    json_t *own = root ? json_object_get(root, "benchmarks") : NULL;
    int rc = root && bms ? PK_OK : PK_ENOMEM;
    if (!root && src)
        rc = PK_EPARSE; /* err says why */
    else if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && (!json_is_object(json_object_get(root, "context")) || !json_is_array(own))) {
        snprintf(err, errlen, "%s: not Google Benchmark JSON (no context or benchmarks)", src ? src : "partial JSON");
        rc = PK_EPARSE;
    }
    if (rc == PK_OK && (rc = carried_benchmarks(json, carried, replicates, bms)) != PK_OK)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && src && json_array_extend(bms, own) != 0) { /* this run's after the carried ones */
        snprintf(err, errlen, "out of memory");
        rc = PK_ENOMEM;
    }
    if (rc == PK_OK && !src && (rc = set_context(root, ctx)) != PK_OK)
        snprintf(err, errlen, "%s", rc == PK_ENOMEM ? "out of memory" : "partial JSON: no context");
    if (rc == PK_OK && json_object_set(root, "benchmarks", bms) != 0) {
        snprintf(err, errlen, "out of memory");
        rc = PK_ENOMEM;
    }
    if (rc == PK_OK)
        rc = write_json(root, dst, err, errlen);
    json_decref(bms);
    json_decref(root);
    return rc;
}

void pk__resume_json_free(void *json)
{
    json_decref(json);
}
