/* Invariant: only the documented Google Benchmark flags reach it, each with a value it cannot
 * misread: repetitions 1 to 1000 (Google Benchmark aborts on -1, runs out of memory on
 * 2147483647 and writes nothing on 0), booleans from a fixed list (it takes any text as true),
 * the three formats, KEY=VALUE contexts; flags that change what a point measures (min_time,
 * min_warmup_time, time_unit, perf_counters) and unknown ones are refused with the flag named.
 * None reaches it through the environment either (BENCHMARK_REPETITIONS and the like, which
 * Google Benchmark reads as its flags): each set variable is refused, naming the flag to give. */
#include <stdlib.h>
#include <string.h>

#include "harness/gbench_flags.h"
#include "tests/pk_test.h"

static void ok(pk_gb_flags *f, const char *arg)
{
    char err[512] = "";
    int rc = pk_gb_flags_check(f, arg, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s refused: %s\n", arg, err);
    PK_CHECK(rc == 0);
}

static void bad(const char *arg, const char *want)
{
    pk_gb_flags f;
    char err[512] = "";
    pk_gb_flags_init(&f);
    int rc = pk_gb_flags_check(&f, arg, err, sizeof err);
    if (rc == 0) /* and against the sweep's options, once all are read (--benchmark_out's file) */
        rc = pk_gb_flags_check_sweep(&f, "o", 1, err, sizeof err);
    if (rc == 0 || !strstr(err, want))
        fprintf(stderr, "%s: rc %d, '%s' (expected '%s')\n", arg, rc, err, want);
    PK_CHECK(rc != 0 && strstr(err, want));
}

int main(void)
{
    pk_gb_flags f;
    char err0[512];
    pk_gb_flags_init(&f);
    PK_CHECK(f.repetitions == 1 && strcmp(f.out_format, "json") == 0 && !f.list_only && !f.user_out);
    ok(&f, "--benchmark_repetitions=7");
    ok(&f, "--benchmark_filter=standard/.*");
    ok(&f, "--benchmark_out_format=csv");
    ok(&f, "--benchmark_format=console");
    ok(&f, "--benchmark_list_tests");
    ok(&f, "--benchmark_color=auto");
    ok(&f, "--benchmark_counters_tabular=no");
    ok(&f, "--benchmark_context=run=nightly,host=ci");
    PK_CHECK_U64(f.repetitions, 7);
    PK_CHECK_STR(f.filter, "standard/.*");
    PK_CHECK_STR(f.out_format, "csv");
    PK_CHECK(f.list_only == 1);
    ok(&f, "--benchmark_list_tests=false");
    PK_CHECK(f.list_only == 0);

    bad("--benchmark_repetitions=-1", "--benchmark_repetitions: '-1' is negative");
    bad("--benchmark_repetitions=2147483647", "out of range (maximum 1000)");
    bad("--benchmark_repetitions=0", "must be at least 1");
    bad("--benchmark_repetitions=0x10", "not a non-negative integer");
    bad("--benchmark_repetitions", "missing value");
    bad("--benchmark_time_unit=zz", "--benchmark_time_unit: pkbench reports nanoseconds");
    bad("--benchmark_time_unit=ms", "--benchmark_time_unit");
    bad("--benchmark_min_time=0.5", "--benchmark_min_time: each benchmark is one adaptive measurement");
    bad("--benchmark_min_warmup_time=1", "--benchmark_min_warmup_time");
    bad("--benchmark_perf_counters=CYCLES", "--benchmark_perf_counters");
    bad("--benchmark_counters_tabular=zz", "'zz' is not true, false");
    bad("--benchmark_color=zz", "'zz' is not auto, true");
    bad("--benchmark_format=xml", "--benchmark_format: 'xml' is not console, json or csv");
    bad("--benchmark_context=novalue", "is not KEY=VALUE");
    bad("--benchmark_context=a=b,", "is not KEY=VALUE");
    bad("--benchmark_context=a=b\nc", "is not KEY=VALUE");
    bad("--benchmark_out=", "--benchmark_out: empty file name");
    bad("--benchmark_out=/dev/null/x.json", "--benchmark_out: cannot write '/dev/null/x.json'");
    bad("--benchmark_frobnicate=1", "'--benchmark_frobnicate' is not a Google Benchmark flag pkbench passes on");
    bad("--benchmark_filter_x=1", "'--benchmark_filter_x' is not a Google Benchmark flag");
    bad("--benchmark_filter=", "--benchmark_filter: needs a non-empty printable value");
    /* What Google Benchmark would write into its JSON as it is, or refuse after the backend opened. */
    bad("--benchmark_context=k=caf\xe9", "is not KEY=VALUE");             /* not UTF-8: jansson refuses it */
    bad("--benchmark_filter=standard|\xe9", "needs a non-empty printable value");
    bad("--benchmark_context=k=a\xc2\x9b", "is not KEY=VALUE");            /* a C1 control (CSI) */
    ok(&f, "--benchmark_context=k=caf\xc3\xa9");                           /* UTF-8 passes */
    bad("--benchmark_context=a=b=c", "has a value with '=' in it");
    bad("--benchmark_context=a=1,b=2,a=3", "gives a key twice");
    bad("--benchmark_context=context_dropped=1", "'context_dropped' is a context key");
    bad("--benchmark_out=/dev/null", "--benchmark_out: '/dev/null' is not a regular file");
    bad("--benchmark_out=.", "is not a regular file");

    /* Against the sweep's options: a file inside --out, interleaving with passes. */
    pk_gb_flags g;
    pk_gb_flags_init(&g);
    g.user_out = "o/x.json";
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) != 0 && strstr(err0, "is inside --out o"));
    g.user_out = "./o/sub/../../o/sub/x.json";
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) != 0);
    g.user_out = "o2/x.json"; /* a sibling whose name starts alike */
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) == 0);
    g.user_out = "x.json";
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) == 0);
    PK_CHECK(pk_gb_flags_check_sweep(&g, ".", 1, err0, sizeof err0) != 0); /* --out . holds ./x.json */
    g.user_out = "/dev/null"; /* a list writes nothing: its --benchmark_out is not opened, nor checked */
    g.list_only = 1;
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) == 0);
    g.list_only = 0;
    g.user_out = "x.json";
    g.interleaving = 1;
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 2, err0, sizeof err0) != 0 && strstr(err0, "not with --replicates"));
    PK_CHECK(pk_gb_flags_check_sweep(&g, "o", 1, err0, sizeof err0) == 0);

    /* The environment: nothing set passes; each variable set is named with its flag. */
    static const char *const vars[] = {"BENCHMARK_REPETITIONS", "BENCHMARK_FILTER", "BENCHMARK_MIN_TIME",
                                       "BENCHMARK_MIN_WARMUP_TIME", "BENCHMARK_TIME_UNIT", "BENCHMARK_PERF_COUNTERS",
                                       "BENCHMARK_ENABLE_RANDOM_INTERLEAVING", "BENCHMARK_REPORT_AGGREGATES_ONLY",
                                       "BENCHMARK_DISPLAY_AGGREGATES_ONLY", "BENCHMARK_LIST_TESTS", "BENCHMARK_OUT",
                                       "BENCHMARK_OUT_FORMAT", "BENCHMARK_FORMAT", "BENCHMARK_COLOR",
                                       "BENCHMARK_COUNTERS_TABULAR", "BENCHMARK_CONTEXT"};
    char err[512] = "", want[128];
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    PK_CHECK(pk_gb_flags_env(err, sizeof err) == 0);
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        setenv(vars[i], "3", 1);
        err[0] = '\0';
        PK_CHECK(pk_gb_flags_env(err, sizeof err) != 0);
        snprintf(want, sizeof want, "%s=3 is set: Google Benchmark would read it as --", vars[i]);
        if (!strstr(err, want))
            fprintf(stderr, "%s: '%s'\n", vars[i], err);
        PK_CHECK(strstr(err, want) != NULL);
        unsetenv(vars[i]);
    }
    setenv("BENCHMARK_REPETITIONS", "3", 1);
    PK_CHECK(pk_gb_flags_env(err, sizeof err) != 0);
    PK_CHECK(strstr(err, "unset it and give --benchmark_repetitions=3 instead") != NULL);
    unsetenv("BENCHMARK_REPETITIONS");
    setenv("BENCHMARK_MIN_TIME", "1", 1);
    PK_CHECK(pk_gb_flags_env(err, sizeof err) != 0);
    PK_CHECK(strstr(err, "--benchmark_min_time, which pkbench refuses (each benchmark is one adaptive") != NULL);
    unsetenv("BENCHMARK_MIN_TIME");
    PK_CHECK(pk_gb_flags_env(err, sizeof err) == 0);
    return pk_test_done("harness.gbench_flags");
}
