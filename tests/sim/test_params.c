/* Invariant: pk_params_load accepts a file of kind "pkbench-params" whose values and samples are
 * finite numbers in [0, 1e15] with a whole launch_queue_depth of at most 2^32 - 1, and rejects any
 * other value (too large, fractional queue depth, huge sample) or kind (missing, another) with one
 * error naming the file and the field. item_kernel_ns is
 * optional without a fallback: a file without it (or with 0) reads as not measured (NAN), and
 * pk_params_save leaves it out again; a file with it round-trips its value and samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "sim/params.h"
#include "tests/pk_test.h"

/* Writes a params file where field `name` has text `val` (others valid), its kind member text
 * `kind` ("\"kind\": ..., " or ""), and loads it. */
static int load_kind(const char *path, const char *kind, const char *name, const char *val, const char *sample, char *err,
                     size_t errlen)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return PK_EIO;
    fprintf(fp, "{%s\"schema_version\": %d, \"params\": {", kind, PK_PARAMS_SCHEMA_VERSION);
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        fprintf(fp, "%s\"%s\": %s", i ? ", " : "", pk_param_table[i].name,
                strcmp(pk_param_table[i].name, name) == 0 ? val : "10");
    fprintf(fp, "}, \"samples\": {\"sync_ns\": [1, %s]}}\n", sample);
    fclose(fp);
    pk_params p;
    int rc = pk_params_load(path, &p, err, errlen);
    if (rc == PK_OK)
        pk_params_free(&p);
    return rc;
}

#define KIND "\"kind\": \"pkbench-params\", "

static int load_with(const char *path, const char *name, const char *val, const char *sample, char *err, size_t errlen)
{
    return load_kind(path, KIND, name, val, sample, err, errlen);
}

/* Writes a params file with every parameter at 10 but item_kernel_ns, which is `ik` (NULL:
 * left out), with samples `ik_samples` (NULL: none). */
static void write_ik(const char *path, const char *ik, const char *ik_samples)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return;
    fprintf(fp, "{" KIND "\"schema_version\": 2, \"params\": {");
    for (int i = 0, n = 0; i < PK_PARAM_COUNT; i++)
        if (i != PK_P_ITEM_KERNEL)
            fprintf(fp, "%s\"%s\": 10", n++ ? ", " : "", pk_param_table[i].name);
    if (ik)
        fprintf(fp, ", \"item_kernel_ns\": %s", ik);
    fprintf(fp, "}, \"samples\": {%s%s%s}}\n", ik_samples ? "\"item_kernel_ns\": [" : "",
            ik_samples ? ik_samples : "", ik_samples ? "]" : "");
    fclose(fp);
}

/* 1 when the file at path holds text. */
static int file_has(const char *path, const char *text)
{
    char buf[16384];
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    return strstr(buf, text) != NULL;
}

static void test_item_kernel(const char *path)
{
    char err[512], path2[80];
    snprintf(path2, sizeof path2, "%s.saved", path);
    pk_params p, q;
    /* Absent: not measured; saved without it; read back without it. */
    write_ik(path, NULL, NULL);
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(!pk_params_has(&p, PK_P_ITEM_KERNEL) && isnan(p.value[PK_P_ITEM_KERNEL]));
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE], 10, 0);
    PK_CHECK(pk_params_save(path2, &p, err, sizeof err) == PK_OK);
    PK_CHECK(!file_has(path2, "item_kernel_ns"));
    PK_CHECK(pk_params_load(path2, &q, err, sizeof err) == PK_OK);
    PK_CHECK(!pk_params_has(&q, PK_P_ITEM_KERNEL));
    pk_params_free(&p);
    pk_params_free(&q);
    /* 0: no kernel runs in no time, so not measured either. */
    write_ik(path, "0", NULL);
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(!pk_params_has(&p, PK_P_ITEM_KERNEL));
    pk_params_free(&p);
    /* Present: the value and its samples round-trip. */
    write_ik(path, "431.5", "430, 431.5, 440");
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(pk_params_has(&p, PK_P_ITEM_KERNEL));
    PK_CHECK_NEAR(p.value[PK_P_ITEM_KERNEL], 431.5, 0);
    PK_CHECK(pk_params_save(path2, &p, err, sizeof err) == PK_OK);
    PK_CHECK(file_has(path2, "\"item_kernel_ns\": 431.5"));
    PK_CHECK(pk_params_load(path2, &q, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(q.value[PK_P_ITEM_KERNEL], 431.5, 0);
    PK_CHECK_U64(q.samples[PK_P_ITEM_KERNEL].n, 3);
    PK_CHECK(q.samples[PK_P_ITEM_KERNEL].n == 3 && q.samples[PK_P_ITEM_KERNEL].v[2] == 440);
    pk_params_free(&p);
    pk_params_free(&q);
    /* A negative one is refused like any other parameter. */
    write_ik(path, "-5", NULL);
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"item_kernel_ns\"") != NULL);
    unlink(path2);
}

/* Writes a params file of schema `ver` with every parameter at 10 but e = 14, B = 3700,
 * B_w = 1500 and W = `w`, and B's samples 3690 and 3710. */
/* Writes a params file of schema ver with e = 14, B = 3700, B_w = 1500, W = w, the others 10;
 * parameter skip (-1: none) left out. */
static void write_window_without(const char *path, int ver, const char *w, int skip)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return;
    fprintf(fp, "{" KIND "\"schema_version\": %d, \"params\": {", ver);
    for (int i = 0, n = 0; i < PK_PARAM_COUNT; i++) {
        const char *v = i == PK_P_PERSISTENT_ITEM ? "14" : i == PK_P_PERSISTENT_BATCH ? "3700"
                        : i == PK_P_PERSISTENT_WINDOW ? "1500" : i == PK_P_PERSISTENT_WINDOW_ITEMS ? w : "10";
        if (i != skip)
            fprintf(fp, "%s\"%s\": %s", n++ ? ", " : "", pk_param_table[i].name, v);
    }
    fprintf(fp, "}, \"samples\": {\"persistent_batch_ns\": [3690, 3710]}}\n");
    fclose(fp);
}

static void write_window(const char *path, int ver, const char *w)
{
    write_window_without(path, ver, w, -1);
}

/* Schema 2 calibrations with a poll window charged every resident item: read as schema 3 defines
 * B (the 3-item round trip: + 3 e) and B_w (less only the 0.5 W dispatches past the window:
 * + (0.5 W + 1) e), samples alike; without a window, or written as schema 3, nothing moves. */
static void test_window_v2(const char *path)
{
    char err[512];
    pk_params p;
    write_window(path, 2, "32");
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], 3700 + 3 * 14, 1e-9);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], 1500 + 17 * 14, 1e-9);
    PK_CHECK(p.samples[PK_P_PERSISTENT_BATCH].n == 2 && p.samples[PK_P_PERSISTENT_BATCH].v[1] == 3710 + 3 * 14);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], 14, 0);
    pk_params_free(&p);
    write_window(path, 2, "0");
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(p.value[PK_P_PERSISTENT_BATCH] == 3700 && p.value[PK_P_PERSISTENT_WINDOW] == 1500);
    pk_params_free(&p);
    write_window(path, PK_PARAMS_SCHEMA_VERSION, "32");
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(p.value[PK_P_PERSISTENT_BATCH] == 3700 && p.value[PK_P_PERSISTENT_WINDOW] == 1500);
    pk_params_free(&p);
    /* Without B_l, it reads as the file's own B (its 3 items' dispatch left out, as B_l leaves
     * it), not as B's re-expression moves it, and the stochastic mode draws it from B's samples
     * as the file gave them: both modes charge the same B_l. */
    write_window_without(path, 2, "32", PK_P_PERSISTENT_LAUNCH_TRIP);
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], 3700, 1e-9);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], 3700 + 3 * 14, 1e-9);
    PK_CHECK(p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].n == 2 && p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].v[0] == 3690 &&
             p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].v[1] == 3710);
    pk_params_free(&p);
}

/* What the file says of where it was measured: a field of the wrong type, or a context key or
 * value too long to carry, refused naming it (read as "" or dropped, it would turn off compare's
 * wrong-device warning or its noise doubts); item_clock_ns 0 or at least 0.001 ns. */
static void test_about(const char *path)
{
    char err[512], kind[400];
    static const struct { const char *member, *says; } bad[] = {
        {"\"backend\": [\"cuda\"], ", "\"backend\" must be a string"},
        {"\"device\": 7, ", "\"device\" must be a string"},
        {"\"cpu_analogue\": \"yes\", ", "\"cpu_analogue\" must be true or false"},
        {"\"context\": [1], ", "\"context\" must be an object"},
        {"\"context\": {\"noise_cv\": 3}, ", "\"context\".\"noise_cv\" must be a string"},
        {"\"context\": {\"kernel_gap_check\": \"disagree: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}, ",
         "\"context\".\"kernel_gap_check\" must be a string of under 160 bytes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(kind, sizeof kind, KIND "%s", bad[i].member);
        PK_CHECK(load_kind(path, kind, "sync_ns", "5", "2", err, sizeof err) == PK_EPARSE);
        PK_CHECK(strstr(err, path) && strstr(err, bad[i].says));
    }
    PK_CHECK(load_kind(path, KIND "\"backend\": \"cuda\", \"cpu_analogue\": false, \"context\": {\"a\": \"b\"}, ",
                       "sync_ns", "5", "2", err, sizeof err) == PK_OK);
    PK_CHECK(load_with(path, "item_clock_ns", "1e-310", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"item_clock_ns\" must be 0 or at least 0.001 ns") != NULL);
    PK_CHECK(load_with(path, "item_clock_ns", "0", "2", err, sizeof err) == PK_OK);
    PK_CHECK(load_with(path, "item_clock_ns", "0.001", "2", err, sizeof err) == PK_OK);
}

/* Schema 3 calibrations with chunks took B_l less the small batch's 3 items at e_c: read as schema
 * 4 defines it (none charged within the window: + 3 e_c, here e_c = 10 and C = 10 as every other
 * parameter); without a window, or written as schema 4, nothing moves. */
static void test_launch_trip_v3(const char *path)
{
    char err[512];
    pk_params p;
    static const struct { int ver; const char *w; double bl; } cases[] = {{3, "32", 40}, {3, "2", 30}, {3, "0", 10}, {4, "32", 10}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_window(path, cases[i].ver, cases[i].w);
        PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], cases[i].bl, 1e-9);
        pk_params_free(&p);
    }
}

/* The writer keeps what the loader takes back: a value or a sample past 1e15 or below 0 is
 * refused, naming it, and no file is left (one was written that no command could read). */
static void test_save_range(const char *path)
{
    char err[512], path2[80];
    snprintf(path2, sizeof path2, "%s.saved", path);
    pk_params p;
    write_ik(path, "431.5", "430, 431.5, 440");
    PK_CHECK(pk_params_load(path, &p, err, sizeof err) == PK_OK);
    p.value[PK_P_SYNC] = 2e15;
    PK_CHECK(pk_params_save(path2, &p, err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "parameter sync_ns is not a number from 0 to 1e+15") != NULL);
    PK_CHECK(access(path2, F_OK) != 0);
    p.value[PK_P_SYNC] = 10;
    p.samples[PK_P_ITEM_KERNEL].v[1] = -1;
    PK_CHECK(pk_params_save(path2, &p, err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "a sample of item_kernel_ns is not a number from 0 to 1e+15") != NULL);
    PK_CHECK(access(path2, F_OK) != 0);
    p.samples[PK_P_ITEM_KERNEL].v[1] = 431.5;
    PK_CHECK(pk_params_save(path2, &p, err, sizeof err) == PK_OK);
    pk_params_free(&p);
    unlink(path2);
}

int main(void)
{
    char path[64], err[512];
    snprintf(path, sizeof path, "test_params.%ld.json", (long)getpid());

    PK_CHECK(load_with(path, "sync_ns", "1e15", "2", err, sizeof err) == PK_OK);
    PK_CHECK(load_with(path, "launch_queue_depth", "1024", "2", err, sizeof err) == PK_OK);

    PK_CHECK(load_with(path, "launch_queue_depth", "1.5", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, path) && strstr(err, "\"launch_queue_depth\" must be a whole number"));
    PK_CHECK(load_with(path, "launch_queue_depth", "1e30", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"launch_queue_depth\" must be a finite number in [0, 1e15]") != NULL);
    PK_CHECK(load_with(path, "launch_host_ns", "1e300", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, path) && strstr(err, "\"launch_host_ns\""));
    PK_CHECK(load_with(path, "launch_host_ns", "-1", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(load_with(path, "sync_ns", "5", "1e300", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"samples\".\"sync_ns\"[1]") != NULL);
    PK_CHECK(strchr(err, '\n') == NULL);

    /* launch_queue_depth: at most 2^32 - 1, as simulate --queue-depth takes it. */
    PK_CHECK(load_with(path, "launch_queue_depth", "4294967295", "2", err, sizeof err) == PK_OK);
    PK_CHECK(load_with(path, "launch_queue_depth", "4294967296", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, path) && strstr(err, "\"launch_queue_depth\" must be at most 4294967295"));
    /* The kind: missing, another pkbench file's, or not a string, is refused naming the file. */
    PK_CHECK(load_kind(path, "", "sync_ns", "5", "2", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, path) && strstr(err, "missing \"kind\" (\"pkbench-params\"): not a pkbench params file"));
    PK_CHECK(load_kind(path, "\"kind\": \"pkbench-compare\", ", "sync_ns", "5", "2", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "\"kind\" is \"pkbench-compare\", not \"pkbench-params\"") != NULL);
    PK_CHECK(load_kind(path, "\"kind\": 4, ", "sync_ns", "5", "2", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "non-string \"kind\"") != NULL);

    test_item_kernel(path);
    test_window_v2(path);
    test_launch_trip_v3(path);
    test_about(path);
    test_save_range(path);
    unlink(path);
    return pk_test_done("sim.params");
}
