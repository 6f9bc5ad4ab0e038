/* A sweep folder's measured result, written and read as one unit (see measured.h). */
#include "harness/measured.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/gzin.h"
#include "common/status.h"
#include "harness/gbench_json.h"
#include "harness/grid.h"
#include "harness/tidy_index.h"

int pk_measured_publish(pk_resultdir *d, const pk_table *t, const char *gb_json, char *err, size_t errlen)
{
    const char *csv = t->partial ? "measured.partial.csv" : "measured.csv";
    const char *json = t->partial ? "measured.partial.json" : "measured.json";
    /* A gzipped file of a name put or removed goes too: readers take NAME.gz where NAME is
     * missing (common/gzin.h), and one left beside the new files is another run's. */
    const char *put[2] = {csv, json}, *del[8] = {t->partial ? "measured.partial.csv.gz" : "measured.csv.gz"};
    size_t nput = gb_json ? 2 : 1, ndel = 1;
    char path[PK_PATH_MAX];
    if (pk_resultdir_stage_path(d->dir, csv, path, sizeof path) != PK_OK) {
        snprintf(err, errlen, "%s: path too long", d->dir);
        return PK_EIO;
    }
    int rc = pk_table_write_csv(path, t, err, errlen);
    if (rc == PK_OK && gb_json) {
        if (pk_resultdir_stage_path(d->dir, json, path, sizeof path) != PK_OK) {
            snprintf(err, errlen, "%s: path too long", d->dir);
            return PK_EIO;
        }
        rc = pk_gbench_json_rewrite(gb_json, path, t->partial, &t->context, err, errlen);
    }
    if (rc != PK_OK)
        return rc;
    del[ndel++] = t->partial ? "measured.partial.json.gz" : "measured.json.gz";
    if (!gb_json)
        del[ndel++] = json;
    if (!t->partial) {
        del[ndel++] = "measured.partial.csv";
        del[ndel++] = "measured.partial.json";
        del[ndel++] = "measured.partial.csv.gz";
        del[ndel++] = "measured.partial.json.gz";
    }
    return pk_resultdir_commit(d, put, nput, del, ndel, err, errlen);
}

const char *const pk_measured_names[PK_MEASURED_NAMES] = {"measured.csv", "measured.json", "measured.partial.csv",
                                                          "measured.partial.json"};

int pk_measured_check_names(const char *dir, char *path, size_t len)
{
    struct stat st;
    for (size_t i = 0; i < PK_MEASURED_NAMES; i++)
        if (pk_path_join(path, len, dir, pk_measured_names[i], NULL, 0) == 0 && stat(path, &st) == 0 &&
            S_ISDIR(st.st_mode))
            return PK_EINVAL;
    return PK_OK;
}

/* A complete result (not marked partial) holds, for each of its points, a row for every pass
 * (the highest pass any row has), and, of one unsharded sweep, every point of the grid its
 * context records (those its --benchmark_filter selects): one that lacks some was cut short
 * after the sweep wrote it. 0, or PK_EPARSE naming how many are missing and the first. A table
 * without a recorded grid (older files, merged folders of other grids), merged from inputs
 * whose contexts disagreed (merge --allow-mismatch drops the keys they disagree on, a
 * --benchmark_filter among them, so its grid says more than it holds, and its inputs may have
 * had other --replicates), or read from measured.partial.csv, is not checked. */
static int check_whole(const pk_table *t, const char *path, char *err, size_t errlen)
{
    pk_grid g;
    char why[256];
    /* Every point of a complete result has its summary row and a row for each pass: a file cut
     * at a line boundary inside a point's pass rows lacks some (whatever its grid and shard). */
    const unsigned k = pk_table_replicates(t);
    const int mixed = pk_context_get(&t->context, "merge_mismatched") != NULL; /* inputs of other --replicates */
    if (!t->partial && !mixed && k > 0 && t->npass != t->n * k) {
        snprintf(err, errlen, "%s holds %zu pass rows where its %zu points of %u passes make %zu: cut short after "
                 "the sweep wrote it? (a sweep stopped part way writes measured.partial.csv)",
                 path, t->npass, t->n, k, t->n * k);
        return PK_EPARSE;
    }
    if (t->partial || pk_context_get(&t->context, "shard") || pk_context_get(&t->context, "merge_mismatched") ||
        pk_grid_from_context(&t->context, &g, why, sizeof why))
        return PK_OK;
    size_t ne = 0, missing = 0;
    pk_point *exp = pk_grid_points(&g, &ne), *first = NULL;
    pk_grid_free(&g);
    pk_table_index ix;
    if (!exp || pk_table_index_build(&ix, t) != PK_OK) {
        free(exp);
        return PK_OK; /* out of memory here leaves the check out, not the result */
    }
    if (pk_grid_filter_stored(pk_context_get(&t->context, "benchmark_filter"), exp, &ne) == PK_OK)
        for (size_t i = 0; i < ne; i++)
            if (!pk_table_index_find(&ix, &exp[i]) && missing++ == 0)
                first = &exp[i];
    if (missing) {
        char name[160];
        pk_point_name(first, name, sizeof name);
        snprintf(err, errlen, "%s holds %zu of the %zu points of the grid its context records (%s is missing): cut "
                 "short after the sweep wrote it? (a sweep stopped part way writes measured.partial.csv)",
                 path, ne - missing, ne, name);
    }
    pk_table_index_free(&ix);
    free(exp);
    return missing ? PK_EPARSE : PK_OK;
}

/* What a complete result (measured.csv) must be: not marked partial (a sweep stopped part way
 * writes measured.partial.csv; the mark would turn check_whole off), and whole. */
static int check_complete(const pk_table *t, const char *path, char *err, size_t errlen)
{
    if (t->partial) {
        snprintf(err, errlen, "%s is marked '# partial: true', which only a measured.partial.csv is", path);
        return PK_EPARSE;
    }
    return check_whole(t, path, err, errlen);
}

int pk_measured_read(const char *dir, pk_table *t, char *path, size_t len, int *partial_only, char *err,
                     size_t errlen)
{
    int rc = PK_EIO;
    for (int attempt = 0; attempt < 5; attempt++) {
        *partial_only = 0;
        int r = pk_resultdir_resolve(dir, "measured.csv", path, len);
        if (r == PK_ERANGE) {
            snprintf(err, errlen, "%s/measured.csv: path too long", dir);
            return PK_EIO;
        }
        char partial[PK_PATH_MAX];
        if ((r != PK_OK || !pk_gzin_exists(path)) && /* measured.csv(.gz): the complete result */
            pk_resultdir_resolve(dir, "measured.partial.csv", partial, sizeof partial) == PK_OK &&
            pk_gzin_exists(partial)) { /* measured.partial.csv(.gz) */
            *partial_only = 1;
            if (!pk_gzin_which(partial, path, len)) /* the file read, .gz or not, for the messages */
                pk_path_fmt(path, len, "%s", partial);
        } else if (r != PK_OK) {
            pk_path_fmt(path, len, "%s/measured.csv", dir);
        }
        rc = pk_table_read_csv_as(path, "measured", t, err, errlen);
        /* A commit may have moved the file between resolving and opening it: look again. */
        if (rc != PK_EIO || pk_gzin_exists(path))
            break;
    }
    if (rc == PK_OK && !*partial_only && (rc = check_complete(t, path, err, errlen)) != PK_OK)
        pk_table_free(t);
    return rc;
}

int pk_measured_read_kind(const char *dir, int partial, pk_table *t, char *path, size_t len, char *err,
                          size_t errlen)
{
    const char *name = partial ? "measured.partial.csv" : "measured.csv";
    int rc = PK_EIO;
    for (int attempt = 0; attempt < 5; attempt++) {
        if (pk_resultdir_resolve(dir, name, path, len) == PK_ERANGE) {
            snprintf(err, errlen, "%s/%s: path too long", dir, name);
            return PK_EIO;
        }
        rc = pk_table_read_csv_as(path, "measured", t, err, errlen);
        if (rc != PK_EIO || pk_gzin_exists(path)) /* else a commit moved it: look again */
            break;
    }
    if (rc == PK_OK && !partial && (rc = check_complete(t, path, err, errlen)) != PK_OK)
        pk_table_free(t);
    return rc;
}
