/* Invariant: the bare non-finite numbers Google Benchmark writes become null outside strings
 * and stay as they are inside them, so the result parses as strict JSON; a rewrite keeps every
 * benchmark of a whole run, and for a partial one drops those that report an error and marks
 * the context partial; and a file that is not JSON, or not Google Benchmark's, is refused
 * naming it. */
#include <jansson.h>
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
    if (pk_gbench_json_rewrite(src, dst, partial, err, sizeof err) != PK_OK)
        return 0;
    json_error_t je;
    json_t *j = json_load_file(dst, 0, &je);
    size_t n = json_array_size(json_object_get(j, "benchmarks"));
    *marked = json_is_string(json_object_get(json_object_get(j, "context"), "partial"));
    json_decref(j);
    return n;
}

int main(void)
{
    nulls();
    put(src, "{\"context\": {\"date\": \"now\"}, \"benchmarks\": [{\"name\": \"a\", \"cv\": NaN},"
             " {\"name\": \"b\", \"error_occurred\": true}, {\"name\": \"c\"}]}");
    int marked;
    PK_CHECK_U64(benchmarks(0, &marked), 3);
    PK_CHECK(!marked);
    PK_CHECK_U64(benchmarks(1, &marked), 2);
    PK_CHECK(marked);
    char err[256];
    put(src, "{\"context\": {}, \"benchmarks\": [}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_gbench_json.in.json:1: Google Benchmark JSON does not parse") != NULL);
    put(src, "{\"results\": []}");
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "not Google Benchmark JSON") != NULL);
    unlink(src);
    unlink(dst);
    PK_CHECK(pk_gbench_json_rewrite(src, dst, 0, err, sizeof err) == PK_EPARSE);
    PK_CHECK(access(dst, F_OK) != 0);
    return pk_test_done("harness.gbench_json");
}
