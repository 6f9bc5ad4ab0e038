/* Invariant: the workload reader finds duration_ns and host_gap_ns by name among other columns,
 * trims cells, skips comments and empty lines, takes an empty gap as 0 and a missing gap column
 * as none; and it refuses a header without duration_ns, a ragged row, a cell that is not a
 * number in [0, 1e12], a file without kernel rows and a missing file, naming the line. What the
 * writer writes (schema 2) reads back the same: rows, steps, launch calls, synchronisations; a
 * step column without step lines gives steps of unknown span; bad steps, step lines, flags and
 * schema versions are refused; a file that cannot be written is not left behind. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/workload.h"
#include "tests/pk_test.h"

static const char *path = "test_workload.csv";

static int load(const char *text, pk_workload *wl, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return PK_EIO;
    fputs(text, f);
    fclose(f);
    return pk_workload_load(path, wl, err, errlen);
}

/* Schema 2: written, then read back. */
static void test_round_trip(void)
{
    pk_workload_op ops[3] = {
        {.duration_ns = 1000, .host_gap_ns = 50, .launch_ns = 7, .launch = 0, .step = 0, .kind = PK_WORKLOAD_KERNEL},
        {.duration_ns = 2000, .host_gap_ns = 60, .launch_ns = 8, .launch = 1, .step = 1, .kind = PK_WORKLOAD_MEMSET,
         .sync_before = 1, .name = 1},
        {.duration_ns = 3000, .launch = 1, .step = 1, .name = 5},
    };
    pk_workload_step steps[2] = {{.number = 4, .span_ns = 900, .sync_ns = 10, .tail_ns = 33, .ops = 1, .launches = 1},
                                 {.number = 5, .start_ns = 950, .span_ns = 800, .tail_ns = 44, .ops = 2, .launches = 1}};
    const char *names[] = {"k, the \"first\"", "memset"};
    pk_workload_meta meta = {.source_format = "pytorch-chrome-trace", .source_file = "m.json", .step_source = "marker",
                             .step_marker = "ProfilerStep#", .count = {2, 0, 1}};
    char err[512];
    PK_CHECK(pk_workload_write(path, &meta, ops, 3, steps, 2, names, 2, err, sizeof err) == PK_OK);
    pk_workload wl;
    PK_CHECK(pk_workload_load(path, &wl, err, sizeof err) == PK_OK);
    PK_CHECK_U64(wl.n, 3);
    PK_CHECK(wl.has_gap && wl.has_launch && wl.has_sync);
    PK_CHECK_NEAR(wl.d[2], 3000, 0);
    PK_CHECK_NEAR(wl.w[1], 60, 0);
    PK_CHECK_NEAR(wl.h[0], 7, 0);
    PK_CHECK_NEAR(wl.h[2], 0, 0);
    PK_CHECK_U64(wl.sync[1], 1);
    PK_CHECK_U64(wl.step[2], 1);
    PK_CHECK_U64(wl.nsteps, 2);
    PK_CHECK_U64(wl.steps[1].number, 5);
    PK_CHECK_U64(wl.steps[1].start_ns, 950);
    PK_CHECK_U64(wl.steps[0].span_ns, 900);
    PK_CHECK_U64(wl.steps[0].sync_ns, 10);
    PK_CHECK_U64(wl.steps[1].tail_ns, 44);
    PK_CHECK_U64(wl.steps[1].ops, 2);
    pk_workload_free(&wl);
    FILE *f = fopen(path, "r");
    char line[512];
    int named = 0;
    while (f && fgets(line, sizeof line, f))
        named |= strstr(line, ",k; the 'first'\n") != NULL;
    if (f)
        fclose(f);
    PK_CHECK(named);
    PK_CHECK(pk_workload_write("no-such-dir/w.csv", &meta, ops, 3, steps, 2, names, 2, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot write 'no-such-dir/w.csv'") != NULL);
}

/* Steps: from a step column alone, and what is refused. */
static void test_steps(void)
{
    pk_workload wl;
    char err[512];
    PK_CHECK(load("duration_ns,step\n1,0\n2,0\n3,2\n", &wl, err, sizeof err) == PK_OK);
    PK_CHECK_U64(wl.nsteps, 3);
    PK_CHECK_U64(wl.steps[0].ops, 2);
    PK_CHECK_U64(wl.steps[1].ops, 0);
    PK_CHECK(wl.steps[2].span_ns == -1);
    pk_workload_free(&wl);
    PK_CHECK(load("duration_ns\n1\n", &wl, err, sizeof err) == PK_OK);
    PK_CHECK_U64(wl.nsteps, 1);
    PK_CHECK_U64(wl.steps[0].ops, 1);
    pk_workload_free(&wl);
    /* A schema-1 file's comments are comments, whatever they say. */
    PK_CHECK(load("# step what\nduration_ns\n1\n", &wl, err, sizeof err) == PK_OK);
    pk_workload_free(&wl);

    const char *v2 = "# pkbench workload csv, schema_version=2\n";
    char text[512];
    snprintf(text, sizeof text, "%sduration_ns,step\n1,0\n1,1\n2,0\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:5: step '0' comes after a later step") != NULL);
    /* Steps count from 0: a trace's step numbers in the column would add empty steps first. */
    PK_CHECK(load("duration_ns,step\n1,3\n2,4\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:2: the first row's step is 3, not 0") != NULL);
    /* The schema line need not be the first: a blank line and a comment before it change nothing. */
    snprintf(text, sizeof text, "\n# a note\n%s# steps=1\n# step index=0 span_ns=9 tail_ns=4\nduration_ns\n1\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_OK);
    PK_CHECK(wl.nsteps == 1 && wl.steps[0].tail_ns == 4 && wl.steps[0].span_ns == 9);
    pk_workload_free(&wl);
    snprintf(text, sizeof text, "%s# step index=0 span_ns=5 tail_ns=0\nduration_ns,step\n1,1\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":4: step '1' is not a step index of the header's step lines") != NULL);
    snprintf(text, sizeof text, "%s# step index=0 span_ns=5\nduration_ns\n1\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: step line: index, span_ns and tail_ns are required") != NULL);
    snprintf(text, sizeof text, "%s# step index=0 span_ns=-5 tail_ns=0\nduration_ns\n1\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: step line: span_ns=-5 is not a count of ns up to 1000000000000") != NULL);
    snprintf(text, sizeof text, "%s# steps=2\n# step index=0 span_ns=5 tail_ns=0\nduration_ns\n1\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":4: the header says steps=2 but has 1 step lines") != NULL);
    snprintf(text, sizeof text, "%s# steps=4\nduration_ns,step\n1000,0\n", v2); /* a count, no step lines */
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":3: the header says steps=4 but has 0 step lines") != NULL);
    snprintf(text, sizeof text, "%sduration_ns,sync_before\n1,2\n", v2);
    PK_CHECK(load(text, &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":3: sync_before '2' is not 0 or 1") != NULL);
    PK_CHECK(load("# pkbench workload csv, schema_version=3\nduration_ns\n1\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":1: schema_version '3' is not one this pkbench reads (1 to 2)") != NULL);
}

int main(void)
{
    pk_workload wl;
    char err[512];
    PK_CHECK(load("# kernels\nname, duration_ns ,host_gap_ns\r\n\na, 1000, 5\r\nb,3000,\n", &wl, err, sizeof err) ==
             PK_OK);
    PK_CHECK_U64(wl.n, 2);
    PK_CHECK(wl.has_gap);
    PK_CHECK_NEAR(wl.d[1], 3000, 0);
    PK_CHECK_NEAR(wl.w[0], 5, 0);
    PK_CHECK_NEAR(wl.w[1], 0, 0);
    PK_CHECK_NEAR(wl.d[0], 1000, 0);
    pk_workload_free(&wl);
    PK_CHECK(load("duration_ns\n7\n", &wl, err, sizeof err) == PK_OK);
    PK_CHECK(!wl.has_gap && wl.n == 1 && wl.w[0] == 0);
    pk_workload_free(&wl);

    PK_CHECK(load("name,time\na,1\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:1: header must name a duration_ns column") != NULL);
    PK_CHECK(load("duration_ns,host_gap_ns\n1,2\n3\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:3: 1 cell, the header has 2") != NULL);
    PK_CHECK(load("duration_ns\n1e300\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: duration_ns '1e300' is not a number in [0, 1e12]") != NULL);
    PK_CHECK(load("duration_ns,host_gap_ns\n1,-2\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: host_gap_ns '-2'") != NULL);
    PK_CHECK(load("duration_ns\n# none\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "no kernel rows after the header") != NULL);
    PK_CHECK(load("", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":1: no header") != NULL);
    test_round_trip();
    test_steps();
    unlink(path);
    PK_CHECK(pk_workload_load(path, &wl, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot read 'test_workload.csv'") != NULL);
    return pk_test_done("harness.workload");
}
