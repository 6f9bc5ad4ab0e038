/* harness/merge: the shards of a grid merge into every row once, in the grid's measuring order,
 * with the Google Benchmark benchmarks of them all and a context without the shard's own keys;
 * refused (PK_EINVAL, the folders named, nothing written): a point in two folders, a context
 * that differs (unless allow_mismatch, which names the keys and leaves them out), a shard given
 * twice, shards or points of the grid missing or a partial input (unless allow_missing: then
 * partial), JSON in some folders only, a JSON whose benchmarks are not its CSV's points each
 * once (each repetition of a point once); the device's location may differ; a merged folder
 * partial for its missing points is whole once merged with them, one that took a partial input
 * stays partial; the merged folder appears whole, only where nothing (or an empty folder) was,
 * and leaves no temporary behind. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/grid.h"
#include "harness/merge.h"
#include "harness/sweep.h"
#include "pk_files.h"
#include "pk_test.h"

static char root[256];
static unsigned passes; /* pass rows per point that shard() writes beside its summary rows */
static int stopped;     /* shard() writes a partial run's pair (measured.partial.csv/json) */
static unsigned wide;   /* shard() adds context keys wide_key_NN (NN < wide) to its CSV and JSON */
static const char *dev = "Test GPU"; /* the device shard()'s rows name */

/* shard()'s JSON: none, its points', none of them, each of them twice, one more point's; its
 * points' repetitions (2, each saying so), and the same with the first point's second lost; its
 * points' and a failed benchmark of one more (error_occurred, as a point that failed leaves it). */
enum { J_NONE, J_OK, J_EMPTY, J_TWICE, J_STRAY, J_REPS, J_LOST, J_FAILED };

/* The grid: standard and persistent, item_ns 0 and 1000, batch 1..8: 16 points, 8 cells. */
static pk_point *grid_points(size_t *n, pk_context *ctx)
{
    int strat[] = {PK_STRAT_PERSISTENT, PK_STRAT_STANDARD};
    uint64_t items[] = {0, 1000}, batches[] = {1, 2, 4, 8}, one[] = {1}, zero[] = {0};
    pk_grid g = {.strategies = {PK_STRAT_PERSISTENT, PK_STRAT_STANDARD}, .ns = 2,
                 .vals = {items, batches, one, zero}, .n = {2, 4, 1, 1}};
    char err[256];
    pk_grid_record(&g, ctx, err, sizeof err);
    return pk_sweep_points(strat, 2, items, 2, batches, 4, one, 1, zero, 1, n);
}

/* Writes ROOT/name with the points whose cell index (k / 2) % count == index, as shard
 * index/count (count 0: every point, no shard key), with extra context key=value and JSON of
 * kind json (J_*). */
static void shard(const char *name, unsigned index, unsigned count, const char *key, const char *value, int json)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    mkdir(dir, 0777);
    pk_table t = {0};
    size_t n = 0;
    pk_context_set(&t.context, "backend", "host");
    pk_context_set(&t.context, "device_name", "Test GPU");
    pk_context_setf(&t.context, "device_pci_bus_id", "0000:%02u:00.0", index);
    pk_point *pts = grid_points(&n, &t.context);
    if (count) {
        pk_context_setf(&t.context, "shard", "%u/%u", index, count);
        pk_context_set(&t.context, "shard_plan", "00000000000000aa");
    }
    if (key)
        pk_context_set(&t.context, key, value);
    for (unsigned w = 0; w < wide; w++) {
        char k[24];
        snprintf(k, sizeof k, "wide_key_%02u", w % 100);
        pk_context_setf(&t.context, k, "%s %u", name, w);
    }
    t.partial = stopped;
    snprintf(path, sizeof path, "%s/%s", dir, stopped ? "measured.partial.json" : "measured.json");
    FILE *fp = json ? fopen(path, "w") : NULL;
    if (fp)
        fprintf(fp, "{\"context\": {\"host_name\": \"n%u\", \"shard\": \"%u/%u\", \"sweep_strategy\": "
                    "\"persistent,standard\"", index, index, count);
    for (unsigned w = 0; fp && w < wide; w++)
        fprintf(fp, ", \"wide_key_%02u\": \"%s %u\"", w, name, w);
    if (fp)
        fprintf(fp, "}, \"benchmarks\": [");
    int first = 1;
    for (size_t k = 0; k < n; k++) {
        if (count && (k / 2) % count != index)
            continue;
        pk_row r;
        pk_row_init(&r);
        r.key = pts[k];
        snprintf(r.backend, sizeof r.backend, "host");
        snprintf(r.device, sizeof r.device, "%s", dev);
        snprintf(r.source, sizeof r.source, "measured");
        r.wall_ns = 1000.0 + (double)k;
        r.reps = 5;
        pk_table_push(&t, &r);
        for (unsigned rep = 1; rep <= passes; rep++) {
            pk_row p = r;
            p.replicate = rep;
            p.wall_ns = r.wall_ns + 100.0 * rep;
            pk_table_push_pass(&t, &p);
        }
        for (int twice = 0; fp && json != J_EMPTY && twice <= (json == J_TWICE); twice++) {
            char bn[160];
            pk_point_name(&pts[k], bn, sizeof bn);
            if (json == J_REPS || json == J_LOST) {
                for (int rep = 0; rep < 2; rep++)
                    if (!(json == J_LOST && first && rep == 1)) {
                        fprintf(fp, "%s{\"name\": \"%s/iterations:1/manual_time\", \"repetition_index\": %d, "
                                    "\"repetitions\": 2}", first && rep == 0 ? "" : ",", bn, rep);
                    }
                first = 0;
                continue;
            }
            fprintf(fp, "%s{\"name\": \"%s/iterations:1/manual_time\", \"real_time\": %zu}", first ? "" : ",", bn,
                    1000 + k);
            first = 0;
        }
    }
    if (fp && json == J_STRAY) /* a point the folder's CSV lacks */
        fprintf(fp, ",{\"name\": \"standard/item_ns:7/batch:1/grid:1/block:0/iterations:1/manual_time\"}");
    if (fp && json == J_FAILED)
        fprintf(fp, ",{\"name\": \"standard/item_ns:7/batch:1/grid:1/block:0/iterations:1/manual_time\", "
                    "\"error_occurred\": true, \"error_message\": \"the backend's run failed\"}");
    if (fp) {
        fprintf(fp, "]}\n");
        fclose(fp);
    }
    snprintf(path, sizeof path, "%s/%s", dir, stopped ? "measured.partial.csv" : "measured.csv");
    char err[256];
    PK_CHECK(pk_table_write_csv(path, &t, err, sizeof err) == PK_OK);
    pk_table_free(&t);
    free(pts);
}

/* Runs the merge of the named folders (ROOT-relative, NULL-terminated). */
static int merge(const char *const *names, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen)
{
    char paths[8][512];
    const char *dirs[8];
    size_t n = 0;
    for (; names[n]; n++) {
        snprintf(paths[n], sizeof paths[n], "%s/%s", root, names[n]);
        dirs[n] = paths[n];
    }
    return pk_merge_run(dirs, n, o, m, err, errlen);
}

static void whole(void)
{
    pk_merge m;
    pk_merge_opts o = {0};
    char err[1024];
    const char *const names[] = {"s1", "s0", "s2", NULL};
    PK_CHECK(merge(names, &o, &m, err, sizeof err) == PK_OK);
    PK_CHECK_U64(m.table.n, 16);
    PK_CHECK_U64(m.expected, 16);
    PK_CHECK_U64(m.missing, 0);
    PK_CHECK(!m.table.partial);
    size_t n = 0;
    pk_context scratch = {0};
    pk_point *pts = grid_points(&n, &scratch);
    for (size_t k = 0; k < n && k < m.table.n; k++) /* measuring order, whatever the folders' order */
        PK_CHECK(pk_point_equal(&m.table.rows[k].key, &pts[k]));
    free(pts);
    /* savings_ns against the standard row of the same key (the shards wrote none): persistent's
     * wall is 1 ns below standard's in every cell. */
    for (size_t k = 0; k < m.table.n; k++)
        PK_CHECK(m.table.rows[k].savings_ns == (m.table.rows[k].key.strategy == PK_STRAT_PERSISTENT ? 1.0 : 0.0));
    PK_CHECK(pk_context_get(&m.table.context, "shard") == NULL);
    PK_CHECK(pk_context_get(&m.table.context, "device_pci_bus_id") == NULL); /* differs: left out */
    PK_CHECK_STR(pk_context_get(&m.table.context, "device_name"), "Test GPU");
    PK_CHECK_STR(pk_context_get(&m.table.context, "merged_inputs"), "3");
    PK_CHECK(m.json != NULL);
    /* The folder: whole, only where nothing was. */
    char out[512], path[600];
    snprintf(out, sizeof out, "%s/out/merged", root);
    PK_CHECK(pk_merge_write(&m, out, err, sizeof err) == PK_OK);
    snprintf(path, sizeof path, "%s/measured.csv", out);
    pk_table t;
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK && t.n == 16);
    pk_table_free(&t);
    snprintf(path, sizeof path, "%s/measured.json", out);
    char buf[8192];
    pk_test_read(path, buf, sizeof buf);
    size_t benches = 0;
    for (const char *p = buf; (p = strstr(p, "manual_time")) != NULL; p++)
        benches++;
    PK_CHECK_U64(benches, 16);
    PK_CHECK(strstr(buf, "\"shard\"") == NULL && strstr(buf, "\"merged_inputs\": \"3\"") != NULL);
    PK_CHECK(strstr(buf, "\"sweep_strategy\": \"persistent,standard\"") != NULL); /* the JSON's own commas */
    PK_CHECK(strstr(buf, "\"host_name\"") == NULL); /* n0, n1, n2: not the first folder's for all */
    PK_CHECK(pk_merge_write(&m, out, err, sizeof err) == PK_EINVAL); /* not empty now */
    PK_CHECK(strstr(err, "not an empty folder") != NULL);
    snprintf(path, sizeof path, "%s/out/empty", root);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/out/empty/", root); /* a trailing '/' names the same folder */
    PK_CHECK(pk_merge_write(&m, path, err, sizeof err) == PK_OK);
    snprintf(path, sizeof path, "%s/out", root);
    DIR *d = opendir(path);
    struct dirent *e;
    size_t entries = 0;
    while (d && (e = readdir(d)) != NULL)
        entries += e->d_name[0] != '.';
    if (d)
        closedir(d);
    PK_CHECK_U64(entries, 2); /* merged, empty: no temporary left */
    pk_merge_free(&m);
}

/* A refusal: PK_EINVAL and err containing every word of want ('|'-separated). */
static void refused(const char *const *names, const pk_merge_opts *o, const char *want)
{
    pk_merge m;
    char err[1024] = "", words[256];
    PK_CHECK(merge(names, o, &m, err, sizeof err) == PK_EINVAL);
    snprintf(words, sizeof words, "%s", want);
    for (char *w = strtok(words, "|"); w; w = strtok(NULL, "|"))
        if (!strstr(err, w)) {
            PK_CHECK(strstr(err, w) != NULL);
            fprintf(stderr, "  '%s' not in: %s\n", w, err);
        }
}

static void refusals(void)
{
    pk_merge_opts o = {0}, any = {1, 1};
    pk_merge m;
    char err[1024];
    refused((const char *const[]){"s0", "s1", "all", NULL}, &any, "is in both|/s0|/all");
    refused((const char *const[]){"s0", "s1", "s2", "s2b", NULL}, &any, "shard 2/3 given twice");
    refused((const char *const[]){"s0", "s1", "s2", "s0", NULL}, &any, "given twice");
    refused((const char *const[]){"s0", "s1", "odd", NULL}, &o, "context max_reps|'7'|(none)|--allow-mismatch");
    refused((const char *const[]){"s0", "s2", NULL}, &o, "6 of the grid's 16 points|shard 1/3|--allow-missing");
    refused((const char *const[]){"s0", "s1", "nojson", NULL}, &o, "no Google Benchmark JSON");
    refused((const char *const[]){"s0", "four", NULL}, &any, "one of 3 shards");
    /* Allowed: the mismatch named and left out; the missing points make it partial. */
    PK_CHECK(merge((const char *const[]){"s0", "s1", "odd", NULL}, &any, &m, err, sizeof err) == PK_OK);
    PK_CHECK_STR(m.mismatch_text, "max_reps");
    PK_CHECK(pk_context_get(&m.table.context, "max_reps") == NULL);
    PK_CHECK_STR(pk_context_get(&m.table.context, "merge_mismatched"), "max_reps");
    pk_merge_free(&m);
    PK_CHECK(merge((const char *const[]){"s0", "s2", NULL}, &any, &m, err, sizeof err) == PK_OK);
    PK_CHECK(m.table.partial && m.missing == 6 && m.table.n == 10);
    char out[512];
    snprintf(out, sizeof out, "%s/partial", root);
    PK_CHECK(pk_merge_write(&m, out, err, sizeof err) == PK_OK);
    char path[600];
    snprintf(path, sizeof path, "%s/partial/measured.partial.json", root);
    PK_CHECK(access(path, F_OK) == 0);
    pk_merge_free(&m);
    /* Folders that record no grid: merged, missing points not checked. */
    PK_CHECK(merge((const char *const[]){"bare", NULL}, &o, &m, err, sizeof err) == PK_OK);
    PK_CHECK_U64(m.expected, 0);
    pk_merge_free(&m);
    /* A folder without measured.csv is bad input. */
    PK_CHECK(merge((const char *const[]){"s0", "nothing", NULL}, &o, &m, err, sizeof err) == PK_EIO);
}

/* A folder whose JSON lost benchmarks, holds them twice or holds another point's is refused,
 * the file named: the merged JSON would lack points or repeat them beside a whole CSV. */
static void json_checks(void)
{
    pk_merge_opts any = {1, 1};
    refused((const char *const[]){"s0", "s1", "jempty", NULL}, &any, "/jempty/measured.json: no benchmark of point");
    refused((const char *const[]){"s0", "s1", "jtwice", NULL}, &any, "/jtwice/measured.json: benchmark '|listed twice");
    refused((const char *const[]){"s0", "s1", "jstray", NULL}, &any,
            "/jstray/measured.json: benchmark 'standard/item_ns:7/|is of no point of the folder's measured.csv");
    /* every repetition of a point once: one lost is named (it merged, the CSV still claiming both) */
    pk_merge m;
    char err[1024];
    PK_CHECK(merge((const char *const[]){"s0", "s1", "jreps", NULL}, &any, &m, err, sizeof err) == PK_OK);
    pk_merge_free(&m);
    refused((const char *const[]){"s0", "s1", "jlost", NULL}, &any, "/jlost/measured.json: point |has 1 of its 2 repetitions");
    /* a failed benchmark measured nothing: passed over, not taken for a point the CSV lacks */
    PK_CHECK(merge((const char *const[]){"s0", "s1", "jfailed", NULL}, &any, &m, err, sizeof err) == PK_OK);
    pk_merge_free(&m);
}

/* Writes the merge of names (allow_missing) to ROOT/out. */
static void merged(const char *const *names, const char *out)
{
    pk_merge m;
    pk_merge_opts o = {0, 1};
    char err[1024], path[600];
    PK_CHECK(merge(names, &o, &m, err, sizeof err) == PK_OK);
    snprintf(path, sizeof path, "%s/%s", root, out);
    PK_CHECK(pk_merge_write(&m, path, err, sizeof err) == PK_OK);
    pk_merge_free(&m);
}

/* A partial input (a run that stopped part way) is refused, named, unless allow_missing: the
 * result is then partial, and says which inputs were. Merging in steps: a merged folder partial
 * only for the points it lacked is whole once the rest is added (shard labels do not count, the
 * points do); one that took a partial input stays partial. */
static void partial_inputs(void)
{
    pk_merge m;
    pk_merge_opts o = {0}, take = {0, 1};
    char err[1024];
    refused((const char *const[]){"s0", "s1p", "s2", NULL}, &o, "partial input |/s1p|--allow-missing");
    PK_CHECK(merge((const char *const[]){"s0", "s1p", "s2", NULL}, &take, &m, err, sizeof err) == PK_OK);
    PK_CHECK(m.table.partial && m.missing == 0 && m.table.n == 16 && m.partial_inputs == 1);
    PK_CHECK(strstr(m.partial_text, "/s1p") != NULL && strstr(m.partial_text, "/s0") == NULL);
    const char *said = pk_context_get(&m.table.context, "merge_partial_inputs");
    PK_CHECK(said && strcmp(said, "1") == 0);
    pk_merge_free(&m);

    merged((const char *const[]){"s0", "s1", NULL}, "p01");
    if (merge((const char *const[]){"p01", "s2", NULL}, &o, &m, err, sizeof err) != PK_OK) {
        PK_CHECK(!"the merge of p01 and s2 is refused");
        fprintf(stderr, "  %s\n", err);
        return;
    }
    PK_CHECK(!m.table.partial && m.missing == 0 && m.table.n == 16 && m.partial_inputs == 0);
    PK_CHECK(pk_context_get(&m.table.context, "merge_missing") == NULL);
    PK_CHECK_STR(pk_context_get(&m.table.context, "merged_inputs"), "2");
    PK_CHECK_STR(pk_context_get(&m.table.context, "shard_plan"), "00000000000000aa");
    char out[512], path[600];
    snprintf(out, sizeof out, "%s/full", root);
    PK_CHECK(pk_merge_write(&m, out, err, sizeof err) == PK_OK);
    snprintf(path, sizeof path, "%s/measured.json", out);
    PK_CHECK(access(path, F_OK) == 0);
    pk_merge_free(&m);
    refused((const char *const[]){"p01", NULL}, &o, "4 of the grid's 16 points are in no folder");

    merged((const char *const[]){"s0", "s1p", NULL}, "q01");
    refused((const char *const[]){"q01", "s2", NULL}, &o, "partial input |/q01|--allow-missing");
    PK_CHECK(merge((const char *const[]){"q01", "s2", NULL}, &take, &m, err, sizeof err) == PK_OK);
    PK_CHECK(m.table.partial && m.missing == 0 && m.partial_inputs == 1);
    pk_merge_free(&m);
}

/* Shards of a sweep with --replicates 2: the merged pass rows run pass by pass, each over the
 * whole grid in measuring order, as the unsplit sweep measured them, their savings filled. */
static void pass_order(void)
{
    pk_merge m;
    pk_merge_opts o = {0};
    char err[1024];
    PK_CHECK(merge((const char *const[]){"p1", "p0", NULL}, &o, &m, err, sizeof err) == PK_OK);
    size_t n = 0;
    pk_context scratch = {0};
    pk_point *pts = grid_points(&n, &scratch);
    PK_CHECK_U64(m.table.npass, 2 * n);
    for (size_t i = 0; i < m.table.npass && i < 2 * n; i++) {
        const pk_row *r = &m.table.pass[i];
        PK_CHECK(r->replicate == 1 + i / n && pk_point_equal(&r->key, &pts[i % n]));
        PK_CHECK(r->savings_ns == (r->key.strategy == PK_STRAT_PERSISTENT ? 1.0 : 0.0));
    }
    free(pts);
    pk_merge_free(&m);
}

/* Folders differing in more context keys than one value can name (an H100's sweep beside an
 * H200's differs in about ten): merge_mismatched still marks the merge, cut to the whole keys
 * that fit, the rows' device first (it came last, and was cut first), and
 * every differing key leaves the merged JSON's context too (they stayed there with the first
 * folder's values, and the merged folder, unmarked, was refused by pkbench's own readers).
 * Folders of different devices keep each its own savings_ns: none is paired with another
 * device's standard row. */
static void many_mismatches(void)
{
    pk_merge m;
    pk_merge_opts any = {1, 1};
    char err[1024], out[512], path[600];
    PK_CHECK(merge((const char *const[]){"w0", "w1", "w2", NULL}, &any, &m, err, sizeof err) == PK_OK);
    const char *said = pk_context_get(&m.table.context, "merge_mismatched");
    PK_CHECK(said && strlen(said) < PK_CONTEXT_VALUE && strncmp(said, "device wide_key_00 ", 19) == 0);
    PK_CHECK(said && strlen(said) > PK_CONTEXT_VALUE - 20); /* as many whole keys as fit */
    PK_CHECK(said && strlen(said) > 3 && strcmp(said + strlen(said) - 4, " ...") == 0);
    PK_CHECK(pk_context_get(&m.table.context, "wide_key_19") == NULL);
    snprintf(out, sizeof out, "%s/wide", root);
    PK_CHECK(pk_merge_write(&m, out, err, sizeof err) == PK_OK);
    pk_merge_free(&m);
    snprintf(path, sizeof path, "%s/measured.json", out);
    char buf[8192];
    size_t got = pk_test_read(path, buf, sizeof buf);
    PK_CHECK(got > 0 && strstr(buf, "\"w0 ") == NULL); /* no wide key's value kept, listed or not */
    PK_CHECK(strstr(buf, "merge_mismatched") != NULL);
    /* the merged folder reads back as a merged folder: merged again without complaint */
    const char *dirs[] = {out};
    PK_CHECK(pk_merge_run(dirs, 1, &(pk_merge_opts){1, 0}, &m, err, sizeof err) == PK_OK); /* two devices: allowed */
    pk_merge_free(&m);

    PK_CHECK(merge((const char *const[]){"s0", "s1", "s2", NULL}, &any, &m, err, sizeof err) == PK_OK);
    for (size_t i = 0; i < m.table.n; i++)
        if (m.table.rows[i].key.strategy == PK_STRAT_PERSISTENT)
            PK_CHECK(isfinite(m.table.rows[i].savings_ns)); /* one device: filled against its standard row */
    pk_merge_free(&m);
    PK_CHECK(merge((const char *const[]){"s0", "s1", "d2", NULL}, &any, &m, err, sizeof err) == PK_OK);
    PK_CHECK(m.devices_differ);
    for (size_t i = 0; i < m.table.n; i++)
        if (m.table.rows[i].key.strategy == PK_STRAT_PERSISTENT)
            PK_CHECK(!isfinite(m.table.rows[i].savings_ns)); /* their own: none written */
    pk_merge_free(&m);
}

int main(void)
{
    snprintf(root, sizeof root, "pkb-merge-XXXXXX"); /* beside the test, in its build folder */
    if (!mkdtemp(root))
        return 1;
    for (unsigned i = 0; i < 3; i++) {
        char name[8];
        snprintf(name, sizeof name, "s%u", i);
        shard(name, i, 3, NULL, NULL, J_OK);
    }
    shard("s2b", 2, 3, NULL, NULL, J_OK);
    shard("all", 0, 0, NULL, NULL, J_OK);
    shard("odd", 2, 3, "max_reps", "7", J_OK);
    shard("nojson", 2, 3, NULL, NULL, J_NONE);
    shard("four", 3, 4, NULL, NULL, J_OK);
    shard("jempty", 2, 3, NULL, NULL, J_EMPTY);
    shard("jtwice", 2, 3, NULL, NULL, J_TWICE);
    shard("jstray", 2, 3, NULL, NULL, J_STRAY);
    shard("jreps", 2, 3, NULL, NULL, J_REPS);
    shard("jlost", 2, 3, NULL, NULL, J_LOST);
    shard("jfailed", 2, 3, NULL, NULL, J_FAILED);
    stopped = 1;
    shard("s1p", 1, 3, NULL, NULL, J_OK);
    stopped = 0;
    passes = 2;
    shard("p0", 0, 2, NULL, NULL, J_OK);
    shard("p1", 1, 2, NULL, NULL, J_OK);
    passes = 0;
    wide = 20;
    for (unsigned i = 0; i < 3; i++) {
        char name[8];
        snprintf(name, sizeof name, "w%u", i);
        dev = i == 2 ? "Other GPU" : "Test GPU";
        shard(name, i, 3, NULL, NULL, J_OK);
    }
    wide = 0;
    dev = "Test GPU";
    dev = "Other GPU";
    shard("d2", 2, 3, NULL, NULL, J_OK);
    dev = "Test GPU";
    char bare[300];
    snprintf(bare, sizeof bare, "%s/nothing", root);
    mkdir(bare, 0777);
    {
        /* "bare": rows without a recorded grid. */
        pk_table t = {0};
        pk_row r;
        pk_row_init(&r);
        r.key = (pk_point){PK_STRAT_STANDARD, 0, 1, 1, 0};
        snprintf(r.backend, sizeof r.backend, "host");
        snprintf(r.source, sizeof r.source, "measured");
        r.wall_ns = 1;
        pk_table_push(&t, &r);
        char path[400], err[256];
        snprintf(bare, sizeof bare, "%s/bare", root);
        mkdir(bare, 0777);
        snprintf(path, sizeof path, "%s/measured.csv", bare);
        pk_table_write_csv(path, &t, err, sizeof err);
        pk_table_free(&t);
    }
    whole();
    refusals();
    json_checks();
    partial_inputs();
    pass_order();
    many_mismatches();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return pk_test_done("fleet.merge");
}
