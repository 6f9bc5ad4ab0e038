/* Checks the files of a real sweep and calibration: measured.csv parses (tidy reader), has one
 * complete row per expected point and the right partial marker; measured.json is strict JSON in
 * Google Benchmark's shape with one entry per point, its counters and the pkbench context, and
 * cpu_time is the per-repetition CPU time (the cpu_ns counter); the params file loads; no
 * staging folder or temporary file is left. A sweep with replicates K (its context says so) has
 * K pass rows per point, and in the JSON K repetitions per point (repetition_index = pass - 1)
 * and the four aggregates. usage: check_outputs DIR STRATEGIES ITEMS BATCHES [partial[=K]] [PARAMS]
 * (lists comma-separated; with "partial", measured.partial.csv and measured.partial.json are
 * read and rows may be missing, but the marker must be there and at least one point, as a sweep
 * that finished none writes no files; "partial=K": exactly K points, the count the sweep said it
 * wrote). Exit 0 ok, 1 a check failed. */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/tidy.h"
#include "pk_test.h"
#include "sim/params.h"

/* No staging folder or temporary file of a sweep is left in dir. */
static void check_no_stray(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        int stray = strncmp(e->d_name, ".pkbench-commit.", 16) == 0 || strstr(e->d_name, ".tmp.") != NULL;
        if (stray)
            fprintf(stderr, "%s/%s: left behind\n", dir, e->d_name);
        PK_CHECK(!stray);
    }
    if (d)
        closedir(d);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: check_outputs DIR STRATEGIES ITEMS BATCHES [partial[=K]] [PARAMS]\n");
        return 2;
    }
    const char *dir = argv[1];
    int partial = argc > 5 && strncmp(argv[5], "partial", 7) == 0 && (argv[5][7] == '\0' || argv[5][7] == '=');
    const long want_found = partial && argv[5][7] == '=' ? strtol(argv[5] + 8, NULL, 10) : -1;
    const char *params = argc > 5 + partial ? argv[5 + partial] : NULL;
    int strat[PK_STRAT_COUNT];
    uint64_t items[64], batches[64];
    size_t ns, ni, nb;
    char err[512], path[4096];
    if (pk_cli_name_list("strategies", argv[2], pk_strategy_names, strat, PK_STRAT_COUNT, &ns, err, sizeof err) ||
        pk_cli_u64_list("items", argv[3], UINT64_MAX, items, 64, &ni, err, sizeof err) ||
        pk_cli_u64_list("batches", argv[4], UINT64_MAX, batches, 64, &nb, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }

    pk_table t = {0};
    snprintf(path, sizeof path, "%s/%s", dir, partial ? "measured.partial.csv" : "measured.csv");
    int rc = pk_table_read_csv(path, &t, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    PK_CHECK(rc == 0);
    PK_CHECK(t.partial == partial);
    PK_CHECK(pk_context_get(&t.context, "git_commit") != NULL);
    PK_CHECK(pk_context_get(&t.context, "pkbench_version") != NULL);
    size_t found = 0;
    for (size_t a = 0; a < ns; a++)
        for (size_t i = 0; i < ni; i++)
            for (size_t j = 0; j < nb; j++) {
                const pk_row *r = pk_table_find(&t, &(pk_point){(pk_strategy)strat[a], items[i], batches[j], 1, 0});
                if (!r) {
                    if (!partial)
                        fprintf(stderr, "missing row %s item_ns %llu batch %llu\n", pk_strategy_names[strat[a]],
                                (unsigned long long)items[i], (unsigned long long)batches[j]);
                    PK_CHECK(partial);
                    continue;
                }
                found++;
                PK_CHECK(r->reps >= 1);
                PK_CHECK(isfinite(r->wall_ns) && r->wall_ns > 0);
                PK_CHECK(r->wall_ns_min <= r->wall_ns && r->wall_ns <= r->wall_ns_max);
                PK_CHECK(strcmp(r->source, "measured") == 0);
                PK_CHECK(isfinite(r->savings_ns));
            }
    PK_CHECK_U64(t.n, found);
    if (partial) /* some points, not all; exactly those the sweep said it wrote where given */
        PK_CHECK(found >= 1 && found < ns * ni * nb && (want_found < 0 || found == (size_t)want_found));
    const char *kv = pk_context_get(&t.context, "replicates");
    unsigned long reps = kv ? strtoul(kv, NULL, 10) : 1;
    if (!partial)
        PK_CHECK_U64(t.npass, reps > 1 ? reps * found : 0);
    for (size_t i = 0; i < t.npass; i++) {
        const pk_row *s = pk_table_find(&t, &t.pass[i].key);
        PK_CHECK(t.pass[i].replicate >= 1 && t.pass[i].replicate <= reps && isfinite(t.pass[i].started_s));
        PK_CHECK(s && s->reps >= t.pass[i].reps && isfinite(t.pass[i].wall_ns));
    }

    snprintf(path, sizeof path, "%s/%s", dir, partial ? "measured.partial.json" : "measured.json");
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
    PK_CHECK(root != NULL);
    if (root) {
        json_t *ctx = json_object_get(root, "context"), *bms = json_object_get(root, "benchmarks");
        PK_CHECK(json_is_object(ctx) && json_is_array(bms));
        PK_CHECK(json_is_string(json_object_get(ctx, "schema_version")));
        PK_CHECK(json_is_string(json_object_get(ctx, "git_commit")));
        PK_CHECK(json_is_string(json_object_get(ctx, "backend")));
        const char *pv = json_string_value(json_object_get(ctx, "partial"));
        PK_CHECK(partial ? pv && strcmp(pv, "true") == 0 : pv == NULL);
        size_t k, iters = 0, aggs = 0;
        json_t *bm;
        json_array_foreach(bms, k, bm) {
            const char *rt = json_string_value(json_object_get(bm, "run_type"));
            int agg = rt && strcmp(rt, "aggregate") == 0;
            aggs += agg;
            iters += !agg;
            json_t *cpu = json_object_get(bm, "cpu_ns"), *rep = json_object_get(bm, "replicate");
            PK_CHECK(json_is_number(cpu) || (agg && json_is_null(cpu)));
            if (!agg && json_is_number(cpu))
                PK_CHECK(json_number_value(json_object_get(bm, "cpu_time")) == json_number_value(cpu));
            if (!agg && reps > 1)
                PK_CHECK(json_integer_value(json_object_get(bm, "repetitions")) == (json_int_t)reps &&
                         json_is_number(rep) &&
                         json_integer_value(json_object_get(bm, "repetition_index")) ==
                             (json_int_t)json_number_value(rep) - 1);
            const char *name = json_string_value(json_object_get(bm, "name"));
            PK_CHECK(name && strstr(name, "/item_ns:") && strstr(name, "/manual_time"));
            PK_CHECK(json_is_number(json_object_get(bm, "real_time")));
            if (agg) /* a counter's cv is null where its mean is 0 (item_ns 0) */
                continue;
            PK_CHECK(json_is_number(json_object_get(bm, "N")));
            PK_CHECK(json_is_number(json_object_get(bm, "item_ns")));
            PK_CHECK(json_is_number(json_object_get(bm, "reps")));
            PK_CHECK(json_object_get(bm, "error_occurred") == NULL);
        }
        PK_CHECK_U64(iters, reps * found);
        PK_CHECK_U64(aggs, reps > 1 ? 4 * found : 0);
        json_decref(root);
    }
    if (params) {
        pk_params p;
        pk_params_init(&p);
        rc = pk_params_load(params, &p, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "%s\n", err);
        PK_CHECK(rc == 0);
        PK_CHECK(strcmp(p.source, "calibrate") == 0);
        PK_CHECK(p.samples[PK_P_LAUNCH_HOST].n >= 1);
        pk_params_free(&p);
    }
    pk_table_free(&t);
    check_no_stray(dir);
    return pk_test_done("harness.outputs");
}
