/* Joining the folders' Google Benchmark JSON, and writing the merged folder whole (see
 * merge.h). */
#include "harness/merge.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/resultdir.h"

typedef struct bench_ref {
    const char *name;
    size_t input;
} bench_ref;

static int by_name(const void *a, const void *b)
{
    const bench_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->input > y->input) - (x->input < y->input);
}

/* A benchmark name in two folders is refused (the CSV check names points; this one catches a
 * JSON that does not match its CSV). */
static int check_names(json_t *bms, const size_t *input_of, const char *const *dirs, char *err, size_t errlen)
{
    size_t n = json_array_size(bms);
    bench_ref *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = json_string_value(json_object_get(json_array_get(bms, i), "name"));
        r[i] = (bench_ref){name ? name : "", input_of[i]};
    }
    qsort(r, n, sizeof *r, by_name);
    int rc = PK_OK;
    for (size_t i = 1; i < n && rc == PK_OK; i++)
        if (strcmp(r[i - 1].name, r[i].name) == 0 && r[i - 1].input != r[i].input) {
            snprintf(err, errlen, "benchmark %s is in both %s and %s", r[i].name, dirs[r[i - 1].input],
                     dirs[r[i].input]);
            rc = PK_EINVAL;
        }
    free(r);
    return rc;
}

/* The merged context: the shard's own keys and those the folders disagree on go; the keys of the
 * merged tidy context that the JSON lacks (merged_inputs, merge_mismatched) are added. */
static void merge_context(json_t *jctx, const pk_context *ctx, int partial)
{
    const char *mismatched = pk_context_get(ctx, "merge_mismatched");
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(jctx, tmp, key, v)
    {
        int shard = 0, location = 0;
        for (size_t i = 0; pk_merge_shard_keys[i]; i++)
            shard |= strcmp(key, pk_merge_shard_keys[i]) == 0;
        for (size_t i = 0; pk_merge_location_keys[i]; i++)
            location |= strcmp(key, pk_merge_location_keys[i]) == 0 && !pk_context_get(ctx, key);
        size_t klen = strlen(key);
        const char *p = mismatched;
        int listed = 0;
        while (p && (p = strstr(p, key)) != NULL && !listed) {
            listed = (p == mismatched || p[-1] == ' ') && (p[klen] == ' ' || p[klen] == '\0');
            p += klen;
        }
        if (shard || location || listed || strcmp(key, "partial") == 0)
            json_object_del(jctx, key);
    }
    for (size_t i = 0; i < ctx->count; i++) /* the JSON's own values keep their commas */
        if (!json_object_get(jctx, ctx->key[i]))
            json_object_set_new(jctx, ctx->key[i], json_string(ctx->value[i]));
    if (partial)
        json_object_set_new(jctx, "partial", json_string("true"));
}

/* Loads dir's JSON into *root (NULL when the folder has none). */
static int load_one(const char *dir, int partial, json_t **root, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    *root = NULL;
    int r = pk_resultdir_resolve(dir, partial ? "measured.partial.json" : "measured.json", path, sizeof path);
    if (r == PK_ERANGE) {
        snprintf(err, errlen, "%s: path too long", dir);
        return PK_ERANGE;
    }
    if (r != PK_OK || !pk_path_is_file(path)) /* none, as the folder's last commit left it */
        return PK_OK;
    json_error_t je;
    *root = json_load_file(path, 0, &je);
    if (!*root) {
        snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
        return PK_EPARSE;
    }
    if (!json_is_object(json_object_get(*root, "context")) || !json_is_array(json_object_get(*root, "benchmarks"))) {
        json_decref(*root);
        *root = NULL;
        snprintf(err, errlen, "%s: not Google Benchmark JSON (no context or benchmarks)", path);
        return PK_EPARSE;
    }
    return PK_OK;
}

int pk__merge_json(const char *const *dirs, size_t n, const int *partial, const pk_context *ctx, int merged_partial,
                   void **out, char *err, size_t errlen)
{
    json_t *first = NULL, *bms = json_array();
    size_t *input_of = NULL, nb = 0, cap = 0;
    int rc = bms ? PK_OK : PK_ENOMEM, have_first = 0;
    for (size_t i = 0; i < n && rc == PK_OK; i++) {
        json_t *root;
        if ((rc = load_one(dirs[i], partial[i], &root, err, errlen)) != PK_OK)
            break;
        if (i > 0 && (root != NULL) != have_first) {
            snprintf(err, errlen, "%s has %s Google Benchmark JSON but %s has %s", dirs[i], root ? "a" : "no",
                     dirs[0], have_first ? "one" : "none");
            json_decref(root);
            rc = PK_EINVAL;
            break;
        }
        have_first = root != NULL;
        json_t *b = root ? json_object_get(root, "benchmarks") : NULL;
        for (size_t k = 0; b && k < json_array_size(b) && rc == PK_OK; k++) {
            if (nb == cap) {
                size_t *grown = realloc(input_of, (cap = cap ? 2 * cap : 1024) * sizeof *grown);
                rc = grown ? PK_OK : PK_ENOMEM;
                input_of = grown ? grown : input_of;
            }
            if (rc == PK_OK && json_array_append(bms, json_array_get(b, k)) != 0)
                rc = PK_ENOMEM;
            if (rc == PK_OK)
                input_of[nb++] = i;
        }
        if (i == 0)
            first = root;
        else
            json_decref(root);
    }
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && first)
        rc = check_names(bms, input_of, dirs, err, errlen);
    if (rc == PK_OK && first) {
        merge_context(json_object_get(first, "context"), ctx, merged_partial);
        json_object_set(first, "benchmarks", bms);
        *out = first;
        first = NULL;
    }
    json_decref(first);
    json_decref(bms);
    free(input_of);
    return rc;
}

/* 1 when path is a folder with nothing in it. */
static int empty_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

static int write_json(const char *dir, const pk_merge *m, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    if (pk_path_join(path, sizeof path, dir, m->table.partial ? "measured.partial.json" : "measured.json", err,
                     errlen))
        return PK_ERANGE;
    FILE *fp = fopen(path, "w");
    int bad = !fp || json_dumpf(m->json, fp, JSON_INDENT(2)) != 0 || fputc('\n', fp) == EOF;
    if (fp)
        bad |= fclose(fp) != 0;
    if (bad)
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    return bad ? PK_EIO : PK_OK;
}

/* Removes the temporary folder and what merge put in it. */
static void remove_tmp(const char *tmp)
{
    static const char *const names[] = {"measured.csv", "measured.json", "measured.partial.csv",
                                        "measured.partial.json"};
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (pk_path_join(path, sizeof path, tmp, names[i], NULL, 0) == PK_OK)
            unlink(path);
    rmdir(tmp);
}

/* Creates the folder that will hold out (out's parent). */
static int make_parent(const char *out, char *err, size_t errlen)
{
    char parent[PK_PATH_MAX];
    snprintf(parent, sizeof parent, "%s", out);
    char *slash = strrchr(parent, '/');
    if (!slash || slash == parent)
        return PK_OK;
    *slash = '\0';
    if (pk_path_mkdirs(parent) != 0) {
        snprintf(err, errlen, "--out: cannot create '%s': %s", parent, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

int pk_merge_write(const pk_merge *m, const char *out_arg, char *err, size_t errlen)
{
    struct stat st;
    char out[PK_PATH_MAX], tmp[PK_PATH_MAX], csv[PK_PATH_MAX];
    if (pk_path_fmt(out, sizeof out, "%s", out_arg) != PK_OK) {
        snprintf(err, errlen, "--out: '%s': path too long", out_arg);
        return PK_ERANGE;
    }
    for (size_t len = strlen(out); len > 1 && out[len - 1] == '/'; len--) /* "merged/" is "merged" */
        out[len - 1] = '\0';
    if (stat(out, &st) == 0 && (!S_ISDIR(st.st_mode) || !empty_dir(out))) {
        snprintf(err, errlen, "--out: '%s' exists and is not an empty folder (merge writes a new one)", out);
        return PK_EINVAL;
    }
    if (pk_path_fmt(tmp, sizeof tmp, "%s.merge.tmp.%ld", out, (long)getpid()) != PK_OK ||
        pk_path_join(csv, sizeof csv, tmp, "measured.partial.json", NULL, 0) != PK_OK) {
        snprintf(err, errlen, "--out: '%s': path too long", out);
        return PK_ERANGE;
    }
    int rc = make_parent(out, err, errlen);
    if (rc != PK_OK)
        return rc;
    if (mkdir(tmp, 0777) != 0) {
        snprintf(err, errlen, "--out: cannot create '%s': %s", tmp, strerror(errno));
        return PK_EIO;
    }
    /* A partial merge is the folder's partial pair, as a sweep's (results/SCHEMA.md). */
    pk_path_join(csv, sizeof csv, tmp, m->table.partial ? "measured.partial.csv" : "measured.csv", NULL, 0);
    rc = pk_table_write_csv(csv, &m->table, err, errlen);
    if (rc == PK_OK && m->json)
        rc = write_json(tmp, m, err, errlen);
    if (rc == PK_OK && rename(tmp, out) != 0) {
        int e = errno;
        if (e == ENOTEMPTY || e == EEXIST || e == ENOTDIR) {
            snprintf(err, errlen, "--out: '%s' exists and is not an empty folder (merge writes a new one)", out);
            rc = PK_EINVAL;
        } else {
            snprintf(err, errlen, "--out: cannot rename '%s' to '%s': %s", tmp, out, strerror(e));
            rc = PK_EIO;
        }
    }
    if (rc != PK_OK)
        remove_tmp(tmp);
    return rc;
}

void pk_merge_free(pk_merge *m)
{
    pk_table_free(&m->table);
    json_decref(m->json);
    m->json = NULL;
}
