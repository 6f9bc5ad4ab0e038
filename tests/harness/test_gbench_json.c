/* Invariant: the bare non-finite numbers Google Benchmark writes become null outside strings
 * and stay as they are inside them, so the result parses as strict JSON; a rewrite keeps every
 * benchmark of a whole run, and for a partial one drops those that report an error and marks
 * the context partial; and a file that is not JSON, or not Google Benchmark's, is refused
 * naming it. cpu_time becomes the per-repetition CPU time (cpu_ns); with replicates (context
 * "replicates": "K") each pass of a point is a repetition (repetitions K, repetition_index =
 * replicate - 1) and each point gets Google Benchmark's four aggregates; Google Benchmark's own
 * aggregates get the cpu_time of the repetitions' cpu_ns. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/gbench_json.h"
#include "tests/pk_test.h"

static const char *src = "test_gbench_json.in.json", *dst = "test_gbench_json.out.json";

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    PK_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void nulls(void)
{
    char *s = pk_gbench_json_null_non_finite("{\"a\": NaN, \"s\": \"NaN \\\" inf\", \"b\": [-Infinity, -nan, inf]}");
    PK_CHECK_STR(s, "{\"a\": null, \"s\": \"NaN \\\" inf\", \"b\": [null, null, null]}");
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    PK_CHECK(j != NULL);
    json_decref(j);
    free(s);
}

static size_t benchmarks(int partial, int *marked)
{
    char err[256];
    *marked = 0;
    if (pk_gbench_json_rewrite(src, dst, partial, NULL, err, sizeof err) != PK_OK)
        return 0;
    json_error_t je;
    json_t *j = json_load_file(dst, 0, &je);
    size_t n = json_array_size(json_object_get(j, "benchmarks"));
    *marked = json_is_string(json_object_get(json_object_get(j, "context"), "partial"));
    json_decref(j);
    return n;
}

static json_t *find(json_t *bms, const char *name, json_int_t index)
{
    size_t i;
    json_t *b;
    json_array_foreach(bms, i, b) {
        json_t *ri = json_object_get(b, "repetition_index");
        if (strcmp(json_string_value(json_object_get(b, "name")), name) == 0 && (index < 0 || json_integer_value(ri) == index))
            return b;
    }
    return NULL;
}

static double num(json_t *b, const char *field)
{
    return json_number_value(json_object_get(b, field));
}

static void replicates(void)
{
    char err[256];
    /* Two points, passes 1 and 2 interleaved as a sweep registers them. */
    put(src, "{\"context\": {\"replicates\": \"2\"}, \"benchmarks\": ["
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"repetitions\": 1, \"repetition_index\": 0,"
             " \"family_index\": 0, \"real_time\": 100, \"cpu_time\": 9e6, \"time_unit\": \"ns\", \"cpu_ns\": 50,"
             " \"replicate\": 1, \"item_ns\": 0},"
             "{\"name\": \"b\", \"run_name\": \"b\", \"run_type\": \"iteration\", \"repetitions\": 1, \"repetition_index\": 0,"
             " \"family_index\": 1, \"real_time\": 10, \"cpu_time\": 9e6, \"time_unit\": \"ns\", \"cpu_ns\": 5, \"replicate\": 1,"
             " \"item_ns\": 0},"
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"repetitions\": 1, \"repetition_index\": 0,"
             " \"family_index\": 2, \"real_time\": 300, \"cpu_time\": 9e6, \"time_unit\": \"ns\", \"cpu_ns\": 70,"
             " \"replicate\": 2, \"item_ns\": 0},"
             "{\"name\": \"b\", \"run_name\": \"b\", \"run_type\": \"iteration\", \"repetitions\": 1, \"repetition_index\": 0,"
             " \"family_index\": 3, \"real_time\": 10, \"cpu_time\": 9e6, \"time_unit\": \"ns\", \"cpu_ns\": 5, \"replicate\": 2,"
             " \"item_ns\": 0}]}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, NULL, err, sizeof err) == PK_OK);
    json_error_t je;
    json_t *j = json_load_file(dst, 0, &je), *bms = json_object_get(j, "benchmarks");
    PK_CHECK_U64(json_array_size(bms), 4 + 8);
    json_t *a1 = find(bms, "a", 1), *mean = find(bms, "a_mean", -1), *sd = find(bms, "a_stddev", -1);
    json_t *cv = find(bms, "a_cv", -1), *bcv = find(bms, "b_cv", -1), *med = find(bms, "b_median", -1);
    PK_CHECK(a1 && num(a1, "real_time") == 300 && num(a1, "cpu_time") == 70);
    PK_CHECK(a1 && json_integer_value(json_object_get(a1, "repetitions")) == 2);
    PK_CHECK(a1 && json_integer_value(json_object_get(a1, "family_index")) == 0); /* one family per point */
    PK_CHECK(find(bms, "a", 0) && num(find(bms, "a", 0), "cpu_time") == 50);
    PK_CHECK(mean && num(mean, "real_time") == 200 && num(mean, "cpu_time") == 60);
    PK_CHECK(mean && strcmp(json_string_value(json_object_get(mean, "run_type")), "aggregate") == 0);
    PK_CHECK(mean && strcmp(json_string_value(json_object_get(mean, "run_name")), "a") == 0);
    PK_CHECK(mean && json_integer_value(json_object_get(mean, "iterations")) == 2);
    PK_CHECK(mean && json_object_get(mean, "replicate") == NULL);
    PK_CHECK(sd && fabs(num(sd, "real_time") - sqrt(20000)) < 1e-9);
    PK_CHECK(cv && fabs(num(cv, "real_time") - sqrt(20000) / 200) < 1e-12);
    PK_CHECK(cv && strcmp(json_string_value(json_object_get(cv, "aggregate_unit")), "percentage") == 0);
    PK_CHECK(cv && json_is_null(json_object_get(cv, "item_ns"))); /* cv of a zero mean */
    PK_CHECK(bcv && num(bcv, "real_time") == 0);
    PK_CHECK(med && num(med, "real_time") == 10);
    json_decref(j);

    /* Google Benchmark's repetitions: its aggregates' cpu_time from the repetitions' cpu_ns. The
     * context's keys that the sweep's settled context also holds take its values; others stay,
     * and the sweep's keys that the JSON lacks are not added. */
    put(src, "{\"context\": {\"pinning\": \"planned\", \"host_name\": \"m\"}, \"benchmarks\": ["
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"real_time\": 1, \"cpu_time\": 9e6, \"cpu_ns\": 4},"
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"real_time\": 1, \"cpu_time\": 9e6, \"cpu_ns\": 8},"
             "{\"name\": \"a_mean\", \"run_name\": \"a\", \"run_type\": \"aggregate\", \"aggregate_name\": \"mean\","
             " \"real_time\": 1, \"cpu_time\": 9e6}]}");
    pk_context settled = {0};
    pk_context_set(&settled, "pinning", "planned; not held");
    pk_context_set(&settled, "extra", "x");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, &settled, err, sizeof err) == PK_OK);
    j = json_load_file(dst, 0, &je);
    json_t *jc = json_object_get(j, "context");
    PK_CHECK(strcmp(json_string_value(json_object_get(jc, "pinning")), "planned; not held") == 0);
    PK_CHECK(strcmp(json_string_value(json_object_get(jc, "host_name")), "m") == 0);
    PK_CHECK(json_object_get(jc, "extra") == NULL);
    bms = json_object_get(j, "benchmarks");
    PK_CHECK_U64(json_array_size(bms), 3);
    PK_CHECK(num(json_array_get(bms, 1), "cpu_time") == 8);
    PK_CHECK(num(json_array_get(bms, 2), "cpu_time") == 6);
    json_decref(j);

    /* --benchmark_report_aggregates_only: no iterations; an aggregate's cpu_time is its own cpu_ns
     * (it was Google Benchmark's clock over the whole adaptive measurement). */
    put(src, "{\"context\": {}, \"benchmarks\": ["
             "{\"name\": \"a_mean\", \"run_name\": \"a\", \"run_type\": \"aggregate\", \"aggregate_name\": \"mean\","
             " \"real_time\": 1, \"cpu_time\": 9e6, \"cpu_ns\": 7},"
             "{\"name\": \"a_cv\", \"run_name\": \"a\", \"run_type\": \"aggregate\", \"aggregate_name\": \"cv\","
             " \"real_time\": 1, \"cpu_time\": 9e6, \"cpu_ns\": 0.02}]}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, NULL, err, sizeof err) == PK_OK);
    j = json_load_file(dst, 0, &je);
    bms = json_object_get(j, "benchmarks");
    PK_CHECK(num(json_array_get(bms, 0), "cpu_time") == 7);
    PK_CHECK(num(json_array_get(bms, 1), "cpu_time") == 0.02);
    json_decref(j);

    /* A stopped sweep of 2 passes: a point measured in one pass only gets no aggregates (a
     * standard deviation of one run would read as 0), as Google Benchmark writes none. */
    put(src, "{\"context\": {\"replicates\": \"2\"}, \"benchmarks\": ["
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"real_time\": 100, \"cpu_ns\": 5,"
             " \"replicate\": 1},"
             "{\"name\": \"b\", \"run_name\": \"b\", \"run_type\": \"iteration\", \"real_time\": 10, \"cpu_ns\": 5,"
             " \"replicate\": 1},"
             "{\"name\": \"a\", \"run_name\": \"a\", \"run_type\": \"iteration\", \"real_time\": 300, \"cpu_ns\": 5,"
             " \"replicate\": 2}]}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 1, NULL, err, sizeof err) == PK_OK);
    j = json_load_file(dst, 0, &je);
    bms = json_object_get(j, "benchmarks");
    PK_CHECK_U64(json_array_size(bms), 3 + 4);
    PK_CHECK(find(bms, "a_stddev", -1) != NULL && find(bms, "b_stddev", -1) == NULL);
    json_decref(j);
}

int main(void)
{
    nulls();
    replicates();
    put(src, "{\"context\": {\"date\": \"now\"}, \"benchmarks\": [{\"name\": \"a\", \"cv\": NaN},"
             " {\"name\": \"b\", \"error_occurred\": true}, {\"name\": \"c\"}]}");
    int marked;
    PK_CHECK_U64(benchmarks(0, &marked), 3);
    PK_CHECK(!marked);
    PK_CHECK_U64(benchmarks(1, &marked), 2);
    PK_CHECK(marked);
    char err[256];
    put(src, "{\"context\": {}, \"benchmarks\": [}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, NULL, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_gbench_json.in.json:1: Google Benchmark JSON does not parse") != NULL);
    put(src, "{\"results\": []}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, NULL, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "not Google Benchmark JSON") != NULL);
    /* A stream stopped after a benchmark, or before any, closes into JSON the rewrite takes; one
     * stopped inside a benchmark, or already whole, is refused and dst not made. */
    put(src, "{\n  \"context\": {\"caches\": [1], \"x\": 1},\n  \"benchmarks\": [\n    {\"name\": \"a\", \"v\": 1}");
    PK_CHECK(pk_gbench_json_close_stream(src, dst, err, sizeof err) == PK_OK);
    PK_CHECK(pk_gbench_json_rewrite(dst, dst, 1, NULL, err, sizeof err) == PK_OK);
    put(src, "{\n  \"context\": {\"x\": 1},\n  \"benchmarks\": [\n");
    PK_CHECK(pk_gbench_json_close_stream(src, dst, err, sizeof err) == PK_OK);
    PK_CHECK(pk_gbench_json_rewrite(dst, dst, 1, NULL, err, sizeof err) == PK_OK);
    unlink(dst);
    put(src, "{\n  \"context\": {\"x\": 1},\n  \"benchmarks\": [\n    {\"name\": \"a\", \"v\": 1");
    PK_CHECK(pk_gbench_json_close_stream(src, dst, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "stops inside a benchmark") != NULL && access(dst, F_OK) != 0);
    put(src, "{\n  \"context\": {\"x\": 1},\n  \"benchmarks\": [\n    {\"name\": \"a\", \"v\": 1}\n  ]\n}\n");
    PK_CHECK(pk_gbench_json_close_stream(src, dst, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "already whole") != NULL && access(dst, F_OK) != 0);
    unlink(src);
    unlink(dst);
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, NULL, err, sizeof err) == PK_EPARSE);
    PK_CHECK(access(dst, F_OK) != 0);
    return pk_test_done("harness.gbench_json");
}
