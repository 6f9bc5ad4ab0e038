/* Invariant: a point is SLOWER only when its median rose by more than the threshold and the
 * interquartile ranges do not overlap (FASTER symmetrically, the threshold alone without
 * quartiles); a baseline run against a candidate counts every verdict and the points that only
 * one run has; the terminal summary lists only the points that changed while the file lists
 * every judged point, the CSV has one row per judged point; and the two files are written both
 * or neither. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/baseline.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static pk_row q(double med, double p25, double p75)
{
    pk_row r;
    pk_row_init(&r);
    r.wall_ns = med;
    r.wall_ns_p25 = p25;
    r.wall_ns_p75 = p75;
    return r;
}

static void classify(void)
{
    pk_row base = q(100, 95, 105);
    pk_row a = q(110, 106, 115), b = q(110, 104, 115), c = q(103, 102, 104), d = q(90, 85, 94), e = q(110, NAN, NAN);
    PK_CHECK(pk_change_classify(&base, &a, 0.05) == PK_CHANGE_SLOWER);
    PK_CHECK(pk_change_classify(&base, &b, 0.05) == PK_CHANGE_SAME); /* IQRs overlap */
    PK_CHECK(pk_change_classify(&base, &c, 0.05) == PK_CHANGE_SAME); /* within the threshold */
    PK_CHECK(pk_change_classify(&base, &d, 0.05) == PK_CHANGE_FASTER);
    PK_CHECK(pk_change_classify(&base, &e, 0.05) == PK_CHANGE_SLOWER); /* no quartiles: threshold alone */
    PK_CHECK(pk_change_classify(&base, &a, 0.20) == PK_CHANGE_SAME);
}

static void push(pk_table *t, uint64_t batch, double med)
{
    pk_row r = pk_rows_make((pk_point){PK_STRAT_STANDARD, 1000, batch, 1, 32}, med);
    r.wall_ns_p25 = med * 0.99;
    r.wall_ns_p75 = med * 1.01;
    PK_CHECK(pk_table_push(t, &r) == PK_OK);
}

/* Lines of a stream's text that contain s. */
static int count_lines(const char *text, const char *s)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, s)) != NULL; p++)
        n++;
    return n;
}

static void run(void)
{
    pk_table a = {0}, b = {0};
    push(&a, 1, 100); /* SAME */
    push(&a, 2, 100); /* SLOWER */
    push(&a, 4, 100); /* FASTER */
    push(&a, 8, 100); /* only in the baseline */
    push(&b, 1, 101);
    push(&b, 2, 150);
    push(&b, 4, 50);
    push(&b, 16, 100); /* only in the candidate */
    pk_baseline bl;
    PK_CHECK(pk_baseline_run(&a, &b, 5, &bl) == PK_OK);
    PK_CHECK_U64(pk_baseline_compared(&bl), 3);
    PK_CHECK_U64(bl.count[PK_CHANGE_SAME], 1);
    PK_CHECK_U64(bl.count[PK_CHANGE_SLOWER], 1);
    PK_CHECK_U64(bl.count[PK_CHANGE_FASTER], 1);
    PK_CHECK_U64(bl.only_base, 1);
    PK_CHECK_U64(bl.only_cand, 1);

    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    pk_baseline_write_md(o, &bl, "A", "B", 0);
    fclose(o);
    PK_CHECK(count_lines(text, "| standard |") == 2); /* SAME is left out on the terminal */
    PK_CHECK(strstr(text, "3 points compared: 1 SAME, 1 FASTER, 1 SLOWER; 1 only in the baseline") != NULL);
    free(text);
    o = open_memstream(&text, &len);
    pk_baseline_write_md(o, &bl, "A", "B", 1);
    fclose(o);
    PK_CHECK(count_lines(text, "| standard |") == 3);
    PK_CHECK(strncmp(text, "- baseline `A`: Test GPU (cuda)", 31) == 0);
    free(text);
    o = open_memstream(&text, &len);
    pk_baseline_write_csv(o, &bl);
    fclose(o);
    PK_CHECK(count_lines(text, "\n") == 4); /* header + 3 points */
    PK_CHECK(strstr(text, "standard,1000,2,1,32,100,99,101,150,148.5,151.5,1.5,SLOWER\n") != NULL);
    free(text);

    char dir[] = "pkb_baseline_XXXXXX", md[64], csv[64], bad[64], err[256];
    PK_CHECK(mkdtemp(dir) != NULL);
    snprintf(md, sizeof md, "%s/baseline.md", dir);
    snprintf(csv, sizeof csv, "%s/baseline.csv", dir);
    snprintf(bad, sizeof bad, "%s/no/such/baseline.csv", dir);
    PK_CHECK(pk_baseline_write_files(&bl, "A", "B", md, bad, err, sizeof err) == PK_EIO);
    PK_CHECK(access(md, F_OK) != 0); /* neither */
    PK_CHECK(pk_baseline_write_files(&bl, "A", "B", md, csv, err, sizeof err) == PK_OK);
    PK_CHECK(access(md, F_OK) == 0 && access(csv, F_OK) == 0);
    unlink(md);
    unlink(csv);
    rmdir(dir);
    pk_baseline_free(&bl);
    pk_table_free(&a);
    pk_table_free(&b);
}

int main(void)
{
    classify();
    run();
    return pk_test_done("harness.baseline");
}
