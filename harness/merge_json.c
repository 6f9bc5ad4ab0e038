/* Joining the folders' Google Benchmark JSON, and writing the merged folder whole (see
 * merge.h). */
#include "harness/merge.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/gzin.h"
#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/grid.h"
#include "harness/resultdir.h"

typedef char point_name[160];

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* A benchmark and its repetition_index (-1 for an aggregate, or where none is given). */
typedef struct bench_key {
    const char *name;
    json_int_t rep;
} bench_key;

static int by_key(const void *a, const void *b)
{
    const bench_key *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->rep > y->rep) - (x->rep < y->rep);
}

/* The point a benchmark measures: its name up to Google Benchmark's "/iterations:" (an
 * aggregate's adds _mean, _median... after it). */
static void point_of(const char *name, point_name out)
{
    const char *end = strstr(name, "/iterations:");
    snprintf(out, sizeof(point_name), "%.*s", (int)(end ? (size_t)(end - name) : strlen(name)), name);
}

/* A folder's JSON (root, read from path) must be its table t's run's (one run_id in both, or in
 * neither: a JSON copied from another run would stand beside figures it did not give), and its
 * benchmarks the points of t, each once per pass,
 * repetition or aggregate: every benchmark of a point of t, every point of t with one, no
 * benchmark twice, and (but in a partial run's JSON) each of a point's repetitions there, as many
 * as its benchmarks say it ran (a JSON of aggregates alone has none). A JSON that lost benchmarks
 * or holds them twice would otherwise make a merged JSON that lacks points or repeats them, beside
 * a CSV that looks whole. Benchmarks that failed (error_occurred) measured nothing and are left
 * alone. */
static int check_folder(json_t *root, const pk_table *t, const char *path, char *err, size_t errlen)
{
    const char *csv = t->partial ? "measured.partial.csv" : "measured.csv";
    const char *jid = json_string_value(json_object_get(json_object_get(root, "context"), "run_id")),
               *cid = pk_context_get(&t->context, "run_id");
    if ((jid || cid) && (!jid || !cid || strcmp(jid, cid) != 0)) {
        snprintf(err, errlen, "%s: run_id '%s' but %s's is '%s' (not one run's pair)", path, jid ? jid : "(none)",
                 csv, cid ? cid : "(none)");
        return PK_EPARSE;
    }
    json_t *bms = json_object_get(root, "benchmarks");
    size_t nb = json_array_size(bms), np = t->n, nk = 0;
    point_name *pts = malloc((np ? np : 1) * sizeof *pts), want;
    unsigned char *seen = calloc(np ? np : 1, 1);
    bench_key *k = malloc((nb ? nb : 1) * sizeof *k);
    size_t *iters = calloc(np ? np : 1, sizeof *iters); /* per point: its iteration benchmarks */
    json_int_t *reps = malloc((np ? np : 1) * sizeof *reps); /* and the repetitions they say it ran */
    int rc = pts && seen && k && iters && reps ? PK_OK : PK_ENOMEM;
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    for (size_t i = 0; rc == PK_OK && i < np; i++)
        pk_point_name(&t->rows[i].key, pts[i], sizeof pts[i]);
    if (rc == PK_OK)
        qsort(pts, np, sizeof *pts, by_text);
    for (size_t i = 0; rc == PK_OK && i < nb; i++) {
        json_t *b = json_array_get(bms, i), *rep = json_object_get(b, "repetition_index");
        const char *name = json_string_value(json_object_get(b, "name"));
        if (json_is_true(json_object_get(b, "error_occurred")))
            continue;
        point_of(name ? name : "", want);
        point_name *hit = bsearch(want, pts, np, sizeof *pts, by_text);
        if (!hit) {
            snprintf(err, errlen, "%s: benchmark '%s' is of no point of the folder's %s", path,
                     name ? name : "(no name)", csv);
            rc = PK_EINVAL;
            break;
        }
        const size_t at = (size_t)(hit - pts);
        json_t *nrep = json_object_get(b, "repetitions");
        const json_int_t said = json_is_integer(nrep) ? json_integer_value(nrep) : -1;
        if (!seen[at])
            reps[at] = said;
        seen[at] = 1;
        if (!json_is_string(json_object_get(b, "aggregate_name"))) { /* an iteration: one repetition */
            iters[at]++;
            if (said != reps[at] || (said > 0 && (!json_is_integer(rep) || json_integer_value(rep) < 0 ||
                                                  json_integer_value(rep) >= said))) {
                snprintf(err, errlen, "%s: benchmark '%s' is repetition %s of %s, which its point's other "
                         "benchmarks do not agree with", path, name ? name : "(no name)",
                         json_is_integer(rep) ? "given" : "(none)", said > 0 ? "those said" : "none said");
                rc = PK_EINVAL;
                break;
            }
        }
        k[nk++] = (bench_key){name, json_is_integer(rep) ? json_integer_value(rep) : -1};
    }
    /* every repetition once (none twice: below), unless the JSON holds only aggregates */
    for (size_t i = 0; rc == PK_OK && i < np && !t->partial; i++)
        if (seen[i] && iters[i] && reps[i] > 0 && (json_int_t)iters[i] != reps[i]) {
            snprintf(err, errlen, "%s: point %s has %zu of its %lld repetitions (benchmarks lost?)", path, pts[i],
                     iters[i], (long long)reps[i]);
            rc = PK_EINVAL;
        }
    if (rc == PK_OK)
        qsort(k, nk, sizeof *k, by_key);
    for (size_t i = 1; rc == PK_OK && i < nk; i++)
        if (by_key(&k[i - 1], &k[i]) == 0) {
            snprintf(err, errlen, "%s: benchmark '%s' is listed twice", path, k[i].name);
            rc = PK_EINVAL;
        }
    for (size_t i = 0; rc == PK_OK && i < np; i++)
        if (!seen[i]) {
            snprintf(err, errlen, "%s: no benchmark of point %s, which the folder's %s holds", path, pts[i], csv);
            rc = PK_EINVAL;
        }
    free(pts);
    free(seen);
    free(k);
    free(iters);
    free(reps);
    return rc;
}

/* The merged context: the shard's own keys, those the folders disagree on and a grid the merged
 * tidy context does not keep go, as does every key of the first folder's tidy context (first)
 * that the merged one left out (merge_mismatched names at most what fits in one value); the keys
 * of the merged tidy context that the JSON lacks (merged_inputs, merge_mismatched) are added. */
static void merge_context(json_t *jctx, const pk_context *first, const pk_context *ctx, int partial)
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
        /* a grid the folders did not share (pk_merge.grid_left_out) */
        location |= pk_grid_is_key(key) && !pk_context_get(ctx, key);
        size_t klen = strlen(key);
        const char *p = mismatched;
        int listed = 0;
        while (p && (p = strstr(p, key)) != NULL && !listed) {
            listed = (p == mismatched || p[-1] == ' ') && (p[klen] == ' ' || p[klen] == '\0');
            p += klen;
        }
        listed |= pk_context_get(first, key) && !pk_context_get(ctx, key);
        if (shard || location || listed || strcmp(key, "partial") == 0)
            json_object_del(jctx, key);
    }
    for (size_t i = 0; i < ctx->count; i++) /* the JSON's own values keep their commas */
        if (!json_object_get(jctx, ctx->key[i]))
            json_object_set_new(jctx, ctx->key[i], json_string(ctx->value[i]));
    if (partial)
        json_object_set_new(jctx, "partial", json_string("true"));
}

/* Google Benchmark's own context keys (those the tidy context lacks: host_name, date, num_cpus,
 * load_avg, caches...) that another folder's JSON gives otherwise, or not at all, go from the
 * first folder's (jctx): the merge was not all measured on its host, at its date. */
static void drop_differing(json_t *jctx, const json_t *other, const pk_context *tidy)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(jctx, tmp, key, v)
    {
        if (!pk_context_get(tidy, key) && !json_equal(v, json_object_get(other, key)))
            json_object_del(jctx, key);
    }
}

/* Loads dir's JSON, found at path, into *root (NULL when the folder has none). */
static int load_one(const char *dir, int partial, json_t **root, char path[PK_PATH_MAX], char *err, size_t errlen)
{
    *root = NULL;
    int r = pk_resultdir_resolve(dir, partial ? "measured.partial.json" : "measured.json", path, PK_PATH_MAX);
    if (r == PK_ERANGE) {
        snprintf(err, errlen, "%s: path too long", dir);
        return PK_ERANGE;
    }
    struct stat st;
    char used[PK_PATH_MAX]; /* measured.json, or measured.json.gz (as the committed folders keep it) */
    if (r != PK_OK || !pk_gzin_which(path, used, sizeof used)) /* none, as the folder's last commit left it */
        return PK_OK;
    if (stat(used, &st) != 0) {
        snprintf(err, errlen, "%s: cannot read: %s", used, strerror(errno));
        return PK_EIO;
    }
    if (!S_ISREG(st.st_mode)) { /* a FIFO would hang the reader, a folder is no JSON */
        snprintf(err, errlen, "%s: not a regular file", used);
        return PK_EINVAL;
    }
    FILE *fp;
    if (pk_gzin_open(path, &fp, used, sizeof used, err, errlen) != PK_OK)
        return PK_EIO;
    snprintf(path, PK_PATH_MAX, "%s", used);
    json_error_t je;
    *root = json_loadf(fp, 0, &je);
    if (!*root)
        pk_json_failure(err, errlen, path, fp, je.line, je.position, je.text);
    fclose(fp);
    if (!*root)
        return PK_EPARSE;
    if (!json_is_object(json_object_get(*root, "context")) || !json_is_array(json_object_get(*root, "benchmarks"))) {
        json_decref(*root);
        *root = NULL;
        snprintf(err, errlen, "%s: not Google Benchmark JSON (no context or benchmarks)", path);
        return PK_EPARSE;
    }
    return PK_OK;
}

int pk__merge_json_load(const char *dir, int partial, void **root, char *path, char *err, size_t errlen)
{
    json_t *r = NULL;
    int rc = load_one(dir, partial, &r, path, err, errlen);
    *root = r;
    return rc;
}

int pk__merge_json_check(void *root, const pk_table *t, const char *path, char *err, size_t errlen)
{
    return check_folder(root, t, path, err, errlen);
}

void pk__merge_json_point(const char *name, char *out, size_t len)
{
    point_name p;
    point_of(name, p);
    snprintf(out, len, "%s", p);
}

int pk__merge_json(const char *const *dirs, const pk_table *const *t, size_t n, const pk_context *ctx,
                   int merged_partial, void **out, char *err, size_t errlen)
{
    json_t *first = NULL, *bms = json_array();
    int rc = bms ? PK_OK : PK_ENOMEM, have_first = 0;
    for (size_t i = 0; i < n && rc == PK_OK; i++) {
        json_t *root;
        char path[PK_PATH_MAX];
        if ((rc = load_one(dirs[i], t[i]->partial, &root, path, err, errlen)) != PK_OK)
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
        if (b)
            rc = check_folder(root, t[i], path, err, errlen);
        for (size_t k = 0; b && k < json_array_size(b) && rc == PK_OK; k++)
            if (json_array_append(bms, json_array_get(b, k)) != 0) {
                snprintf(err, errlen, "out of memory");
                rc = PK_ENOMEM;
            }
        if (i == 0)
            first = root;
        else {
            if (root && first)
                drop_differing(json_object_get(first, "context"), json_object_get(root, "context"), &t[0]->context);
            json_decref(root);
        }
    }
    if (rc == PK_ENOMEM && !bms)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && first) {
        merge_context(json_object_get(first, "context"), &t[0]->context, ctx, merged_partial);
        json_object_set(first, "benchmarks", bms);
        *out = first;
        first = NULL;
    }
    json_decref(first);
    json_decref(bms);
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

/* Removes an OUT.merge.tmp.PID folder whose merge no longer runs and that has been untouched for
 * PK_AFILE_STALE_S (pk_afile_each_stale; a live merge on another host sharing the file system has
 * no pid here): a merge killed before its rename leaves one (with its files, and their
 * temporaries). A link of that name is not followed. */
static void remove_stale_tmp(const pk_afile_stale *s, void *arg)
{
    (void)arg;
    char path[PK_PATH_MAX];
    if (*s->rest || !S_ISDIR(s->st.st_mode) || pk_path_join(path, sizeof path, s->dir, s->name, NULL, 0) != PK_OK)
        return;
    pk_afile_clean_stale(path);
    remove_tmp(path);
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
        char why[160];
        snprintf(err, errlen, "--out: %s: %s", parent, pk_path_mkdirs_why(parent, errno, why, sizeof why));
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
    pk_afile_each_stale(out, ".merge.tmp.", remove_stale_tmp, NULL);
    /* Ctrl-C, a kill or a file size limit waits until the folder is in place or removed: the
     * temporary folder, whole files and all, stood beside OUT until a later merge into OUT. */
    sigset_t was;
    pk_afile_hold_signals(&was);
    if (mkdir(tmp, 0777) != 0) {
        snprintf(err, errlen, "--out: cannot create '%s': %s", tmp, strerror(errno));
        sigprocmask(SIG_SETMASK, &was, NULL);
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
    sigprocmask(SIG_SETMASK, &was, NULL); /* a signal held meanwhile acts now */
    return rc;
}

void pk_merge_free(pk_merge *m)
{
    pk_table_free(&m->table);
    json_decref(m->json);
    m->json = NULL;
}
