/* Invariant: the tidy CSV reader refuses, naming "path:line", what a measurement or a
 * prediction cannot be: an unknown schema version, a column named twice, batch 0 or a batch
 * beyond 2^32 - 1, a negative time, quantile or CV (a negative predicted total too), quantiles
 * out of order, cells that are not plain decimals (inf, nan, hex, an overflow), more throttled
 * repetitions than repetitions (than 0 too); and it reads a plain row, schema 1 or 2 (2's
 * replicate column ignored), and a negative savings_ns. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/tidy.h"
#include "tests/pk_files.h"
#include "tests/pk_test.h"

#define HEAD "backend,device,source,strategy,item_ns,batch,grid,block,reps,throttled_reps,wall_ns,wall_ns_p25,wall_ns_p75,wall_ns_cv,savings_ns\n"
#define ROW(batch, reps, thr, wall, p25, p75, cv, sav) \
    "host,cpu,measured,standard,0," batch ",1,0," reps "," thr "," wall "," p25 "," p75 "," cv "," sav "\n"

static char path[64];

/* Reads text; checks the outcome and, for a refusal, that the message names path:line and
 * holds want. */
static void check(const char *text, int ok, int line, const char *want)
{
    pk_table t;
    char err[512] = "", where[96];
    pk_test_put(path, text);
    int rc = pk_table_read_csv(path, &t, err, sizeof err);
    snprintf(where, sizeof where, "%s:%d: ", path, line);
    if ((rc == PK_OK) != ok || (!ok && (strncmp(err, where, strlen(where)) != 0 || !strstr(err, want))))
        fprintf(stderr, "input:\n%s-> rc %d, '%s' (expected %s '%s%s')\n", text, rc, err, ok ? "ok" : "refusal",
                where, want);
    PK_CHECK((rc == PK_OK) == ok);
    if (!ok)
        PK_CHECK(strncmp(err, where, strlen(where)) == 0 && strstr(err, want));
    if (rc == PK_OK)
        pk_table_free(&t);
}

int main(void)
{
    snprintf(path, sizeof path, "tidy_checks.%ld.csv", (long)getpid());
    check("# pkbench tidy csv, schema_version=1\n" HEAD ROW("4", "5", "0", "100", "90", "110", "0.1", "-20"), 1, 0, "");
    check("# pkbench tidy csv, schema_version=2\nreplicate," HEAD "0," ROW("4", "5", "0", "100", "90", "110", "0.1", ""),
          1, 0, "");
    const char *const unknown[] = {"99", "3", "0", "2.0", "12"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char text[1024], want[64];
        snprintf(text, sizeof text, "# pkbench tidy csv, schema_version=%s\n" HEAD "%s", unknown[i],
                 ROW("4", "5", "0", "100", "90", "110", "0.1", ""));
        snprintf(want, sizeof want, "schema_version '%s' is not one this pkbench reads", unknown[i]);
        check(text, 0, 1, want);
    }
    check("backend,device,source,strategy,item_ns,batch,grid,block,wall_ns,wall_ns\n"
          "host,cpu,measured,standard,0,4,1,0,100,2.9e8\n", 0, 1, "column 'wall_ns' appears twice");
    check(HEAD ROW("0", "5", "0", "100", "90", "110", "0.1", ""), 0, 2, "batch 0,");
    check(HEAD ROW("18446744073709551615", "5", "0", "100", "90", "110", "0.1", ""), 0, 2, "out of range");
    check(HEAD ROW("4", "5", "0", "300", "-1", "310", "0.1", ""), 0, 2, "wall_ns_p25 is -1: it cannot be negative");
    check(HEAD ROW("4", "5", "0", "100", "120", "110", "0.1", ""), 0, 2,
          "wall_ns_p25 (120) is above wall_ns (100): quantiles out of order");
    check(HEAD ROW("4", "5", "0", "100", "90", "95", "0.1", ""), 0, 2, "wall_ns (100) is above wall_ns_p75 (95)");
    check(HEAD ROW("4", "5", "0", "100", "90", "110", "-0.5", ""), 0, 2, "wall_ns_cv is -0.5");
    check("backend,device,source,strategy,item_ns,batch,grid,block,wall_ns\n"
          "preset,seed,predicted,persistent,0,4,1,0,-42\n", 0, 2, "wall_ns is -42");
    check(HEAD ROW("4", "5", "0", "inf", "90", "110", "0.1", ""), 0, 2, "bad value 'inf' in column 'wall_ns'");
    check(HEAD ROW("4", "5", "0", "nan", "90", "110", "0.1", ""), 0, 2, "bad value 'nan'");
    check(HEAD ROW("4", "5", "0", "1e999", "90", "110", "0.1", ""), 0, 2, "bad value '1e999'");
    check(HEAD ROW("4", "5", "0", "0x10", "", "", "", ""), 0, 2, "bad value '0x10'");
    check(HEAD ROW("0x10", "5", "0", "100", "", "", "", ""), 0, 2, "bad value '0x10' in column 'batch'");
    check(HEAD ROW("4", "5", "0", " 100", "", "", "", ""), 0, 2, "bad value ' 100'");
    check(HEAD ROW("4", "+5", "0", "100", "", "", "", ""), 0, 2, "bad value '+5' in column 'reps'");
    check(HEAD ROW("4", "5", "6", "100", "", "", "", ""), 0, 2, "throttled_reps 6 exceeds reps 5");
    check(HEAD ROW("4", "0", "3", "100", "", "", "", ""), 0, 2, "throttled_reps 3 exceeds reps 0");
    check(HEAD ROW("4", "0", "0", "100", "", "", "", ""), 1, 0, "");
    unlink(path);
    return pk_test_done("harness.tidy_checks");
}
