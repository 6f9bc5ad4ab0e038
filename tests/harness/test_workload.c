/* Invariant: the workload reader finds duration_ns and host_gap_ns by name among other columns,
 * trims cells, skips comments and empty lines, takes an empty gap as 0 and a missing gap column
 * as none; and it refuses a header without duration_ns, a ragged row, a cell that is not a
 * number in [0, 1e12], a file without kernel rows and a missing file, naming the line. */
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
    PK_CHECK_NEAR(pk_workload_mean_duration(&wl), 2000, 0);
    pk_workload_free(&wl);
    PK_CHECK(load("duration_ns\n7\n", &wl, err, sizeof err) == PK_OK);
    PK_CHECK(!wl.has_gap && wl.n == 1 && wl.w[0] == 0);
    pk_workload_free(&wl);

    PK_CHECK(load("name,time\na,1\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:1: header must name a duration_ns column") != NULL);
    PK_CHECK(load("duration_ns,host_gap_ns\n1,2\n3\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_workload.csv:3: 1 cells, header has 2") != NULL);
    PK_CHECK(load("duration_ns\n1e300\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: duration_ns '1e300' is not a number in [0, 1e12]") != NULL);
    PK_CHECK(load("duration_ns,host_gap_ns\n1,-2\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: host_gap_ns '-2'") != NULL);
    PK_CHECK(load("duration_ns\n# none\n", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "no kernel rows after the header") != NULL);
    PK_CHECK(load("", &wl, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":1: no header") != NULL);
    unlink(path);
    PK_CHECK(pk_workload_load(path, &wl, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot read 'test_workload.csv'") != NULL);
    return pk_test_done("harness.workload");
}
