/* Invariant: only the documented Google Benchmark flags reach it, each with a value it cannot
 * misread: repetitions 1 to 1000 (Google Benchmark aborts on -1, runs out of memory on
 * 2147483647 and writes nothing on 0), booleans from a fixed list (it takes any text as true),
 * the three formats, KEY=VALUE contexts; flags that change what a point measures (min_time,
 * min_warmup_time, time_unit, perf_counters) and unknown ones are refused with the flag named. */
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
    if (rc == 0 || !strstr(err, want))
        fprintf(stderr, "%s: rc %d, '%s' (expected '%s')\n", arg, rc, err, want);
    PK_CHECK(rc != 0 && strstr(err, want));
}

int main(void)
{
    pk_gb_flags f;
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
    return pk_test_done("harness.gbench_flags");
}
