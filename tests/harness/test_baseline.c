/* Invariant: a comparison of result folders judges exactly the points that both sides measured
 * (counting those only one side has), takes a run's pass rows as its values (else its summary
 * row) with the run as label, so that base_ns / cand_ns are geometric means of run means; a
 * strategy slowed by 20% against a 3-run history with 1% run-to-run noise is slower everywhere
 * while the unchanged points are never flagged; a history of 1 run leaves every point undecided;
 * an ABBA run pairs pass rows 2r-1 and 2r of both sides as block r, dropping incomplete blocks;
 * a non-positive value is refused naming its run and point; takings of the same runs judged as
 * one family keep each one's verdicts when they agree; and verdicts.csv, summary.json and
 * report.md are written all or none, the terminal summary listing only faster and slower points. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/baseline.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static const double noise[4][8] = {
    {1.000, 1.010, 0.992, 1.004, 0.997, 1.008, 0.995, 1.002},
    {1.006, 0.994, 1.009, 0.998, 1.003, 0.991, 1.007, 0.996},
    {0.993, 1.004, 1.001, 0.990, 1.010, 0.999, 0.994, 1.005},
    {1.003, 0.998, 0.996, 1.008, 0.992, 1.004, 1.009, 0.993},
};

/* Run j of a grid of 2 strategies x 8 batches: wall = batch * 1000 * noise, standard scaled. Run
 * 3 is the candidate. */
static void make_run(pk_table *t, int j, double std_scale)
{
    memset(t, 0, sizeof *t);
    for (int s = 0; s < 2; s++)
        for (int b = 0; b < 8; b++) {
            pk_strategy st = s ? PK_STRAT_GRAPH : PK_STRAT_STANDARD;
            /* noise[][] is +-1%; graph's is a third of it. */
            double e = s ? 1 + (noise[3 - j][7 - b] - 1) / 3 : noise[j][b];
            double w = (double)(1u << b) * 1000 * e * (s ? 1 : std_scale);
            pk_row r = pk_rows_make((pk_point){st, 1000, 1u << b, 1, 32}, w);
            PK_CHECK(pk_table_push(t, &r) == PK_OK);
        }
}

static void free_runs(pk_table *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pk_table_free(&t[i]);
}

static void history(void)
{
    pk_table base[3], cand[1];
    for (int j = 0; j < 3; j++)
        make_run(&base[j], j, 1);
    make_run(&cand[0], 3, 1.2);
    /* One point only in the baseline's run 2, one only in the candidate. */
    pk_row extra = pk_rows_make((pk_point){PK_STRAT_PERSISTENT, 0, 1, 1, 32}, 5000);
    PK_CHECK(pk_table_push(&base[1], &extra) == PK_OK);
    extra.key.strategy = PK_STRAT_STANDARD_SYNC;
    PK_CHECK(pk_table_push(&cand[0], &extra) == PK_OK);

    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_baseline b;
    char err[256];
    PK_CHECK(pk_baseline_judge(base, 3, cand, 1, &par, &b, err, sizeof err) == PK_OK);
    PK_CHECK_U64(b.n, 16);
    PK_CHECK_U64(b.only_base, 1);
    PK_CHECK_U64(b.only_cand, 1);
    PK_CHECK(b.sum.scale == PK_VSCALE_RUNS);
    PK_CHECK(b.keys[0].strategy == PK_STRAT_STANDARD && b.keys[0].batch == 1); /* the first run's order */
    for (size_t i = 0; i < b.n; i++) {
        PK_CHECK(b.res[i].base_runs == 3 && b.res[i].cand_runs == 1);
        int std_ = b.keys[i].strategy == PK_STRAT_STANDARD;
        PK_CHECK(b.res[i].verdict == (std_ ? PK_VERDICT_SLOWER : PK_VERDICT_SAME));
        if (b.res[i].verdict != (std_ ? PK_VERDICT_SLOWER : PK_VERDICT_SAME))
            fprintf(stderr, "point %zu: %s change %g [%g, %g] sd %g df %g\n", i, pk_verdict_names[b.res[i].verdict],
                    b.res[i].change, b.res[i].lo, b.res[i].hi, b.res[i].sd, b.res[i].df);
    }
    /* base_ns: the geometric mean of the three runs' medians. */
    double g = 1000 * cbrt(noise[0][0] * noise[1][0] * noise[2][0]);
    PK_CHECK_NEAR(b.res[0].base_ns, g, 1e-9 * g);
    PK_CHECK_U64(b.sum.count[PK_VERDICT_SLOWER], 8);
    pk_baseline_free(&b);

    /* A history of one run: no spread to judge by. */
    PK_CHECK(pk_baseline_judge(base, 1, cand, 1, &par, &b, err, sizeof err) == PK_OK);
    PK_CHECK(b.sum.scale == PK_VSCALE_NONE);
    PK_CHECK_U64(b.sum.count[PK_VERDICT_UNDECIDED], b.n);
    pk_baseline_free(&b);

    /* A run's pass rows are its values: run 1 with passes 0.5x and 2x of the median keeps the
     * same run mean (geometric), so base_ns does not move. */
    pk_row p = base[0].rows[3];
    double w = p.wall_ns;
    for (unsigned k = 1; k <= 2; k++) {
        p.replicate = k;
        p.wall_ns = k == 1 ? w / 2 : w * 2;
        PK_CHECK(pk_table_push_pass(&base[0], &p) == PK_OK);
    }
    PK_CHECK(pk_baseline_judge(base, 3, cand, 1, &par, &b, err, sizeof err) == PK_OK);
    double g3 = 8000 * cbrt(noise[0][3] * noise[1][3] * noise[2][3]);
    PK_CHECK_NEAR(b.res[3].base_ns, g3, 1e-9 * g3);
    PK_CHECK_U64(b.passes_base, 2);
    pk_baseline_free(&b);
    /* ... and a pass row without a positive value is refused, naming it. */
    base[0].pass[1].wall_ns = 0;
    PK_CHECK(pk_baseline_judge(base, 3, cand, 1, &par, &b, err, sizeof err) == PK_EINVAL);
    PK_CHECK(strstr(err, "baseline run 1: standard/item_ns:1000/batch:8/grid:1/block:32 replicate 2: wall_ns is 0") ==
             err);
    /* Nothing in common. */
    PK_CHECK(pk_baseline_judge(base + 1, 1, cand, 0, &par, &b, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "no point is in both sides");
    free_runs(base, 3);
    free_runs(cand, 1);
}

/* Side A and B of an ABBA run: 10 blocks (pass rows 1..20) per point, B slower by ratio. */
static void make_abba(pk_table *a, pk_table *b, double ratio)
{
    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    for (int k = 0; k < 4; k++) {
        pk_row r = pk_rows_make((pk_point){PK_STRAT_GRAPH, 0, 1u << k, 1, 32}, 1000);
        PK_CHECK(pk_table_push(a, &r) == PK_OK);
        PK_CHECK(pk_table_push(b, &r) == PK_OK);
        for (unsigned rep = 1; rep <= 20; rep++) {
            /* A drift of 3% per block that ABBA cancels, and 0.1% noise. */
            double drift = 1 + 0.03 * ((rep + 1) / 2), e = noise[k][rep % 8] * 0.1 + 0.9;
            r.replicate = rep;
            r.wall_ns = 1000 * drift * e;
            PK_CHECK(pk_table_push_pass(a, &r) == PK_OK);
            r.wall_ns = 1000 * drift * ratio * (noise[3 - k][(rep + 3) % 8] * 0.1 + 0.9);
            PK_CHECK(pk_table_push_pass(b, &r) == PK_OK);
        }
    }
}

static void abba(void)
{
    pk_table a, b;
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_baseline v;
    char err[256];
    make_abba(&a, &b, 1.10);
    PK_CHECK(pk_baseline_judge_abba(&a, &b, &par, &v, err, sizeof err) == PK_OK);
    PK_CHECK(v.design == PK_DESIGN_ABBA && v.sum.scale == PK_VSCALE_PAIRS && v.sum.params.paired);
    PK_CHECK_U64(v.n, 4);
    PK_CHECK_U64(v.passes_base, 10);
    PK_CHECK_U64(v.sum.count[PK_VERDICT_SLOWER], 4);
    PK_CHECK(v.res[0].base_runs == 10 && v.res[0].cand_runs == 10);
    pk_baseline_free(&v);
    pk_table_free(&a);
    pk_table_free(&b);

    /* B lacks pass 20 of the first point: its block 10 is dropped on both sides (9 blocks left). */
    make_abba(&a, &b, 1.0);
    for (size_t i = 0; i < b.npass; i++)
        if (b.pass[i].key.batch == 1 && b.pass[i].replicate == 20)
            b.pass[i] = b.pass[--b.npass];
    PK_CHECK(pk_baseline_judge_abba(&a, &b, &par, &v, err, sizeof err) == PK_OK);
    PK_CHECK(v.res[0].base_runs == 9 && v.res[0].cand_runs == 9);
    PK_CHECK(v.res[1].base_runs == 10);
    PK_CHECK_U64(v.sum.count[PK_VERDICT_SLOWER] + v.sum.count[PK_VERDICT_FASTER], 0);
    pk_baseline_free(&v);
    pk_table_free(&a);
    pk_table_free(&b);

    /* B lacks every even pass of the first point (stopped within each block): both sides hold it,
     * no block of it is whole; it is counted apart, not as "only in A", and the rest is judged. */
    make_abba(&a, &b, 1.0);
    for (size_t i = b.npass; i-- > 0;)
        if (b.pass[i].key.batch == 1 && b.pass[i].replicate % 2 == 0)
            b.pass[i] = b.pass[--b.npass];
    PK_CHECK(pk_baseline_judge_abba(&a, &b, &par, &v, err, sizeof err) == PK_OK);
    PK_CHECK(v.only_base == 0 && v.only_cand == 0 && v.incomplete == 1);
    PK_CHECK_U64(v.n, 3);
    pk_baseline_free(&v);
    /* every point so: refused, naming why (not "no point is in both sides") */
    for (size_t i = b.npass; i-- > 0;)
        if (b.pass[i].replicate % 2 == 0)
            b.pass[i] = b.pass[--b.npass];
    PK_CHECK(pk_baseline_judge_abba(&a, &b, &par, &v, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "no point has a complete ABBA block (4 held by both sides, each missing a pass of every block)");
    pk_table_free(&a);
    pk_table_free(&b);
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    return buf;
}

static int count(const char *text, const char *s)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, s)) != NULL; p++)
        n++;
    return n;
}

static void files(void)
{
    pk_table base[3], cand[1];
    for (int j = 0; j < 3; j++)
        make_run(&base[j], j, 1);
    make_run(&cand[0], 3, 1.2);
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_baseline b;
    char err[256], dir[64], path[128];
    PK_CHECK(pk_baseline_judge(base, 3, cand, 1, &par, &b, err, sizeof err) == PK_OK);
    const char *bd[] = {"r1", "r2", "r3"}, *cd[] = {"c1"};
    pk_baseline_desc d = {bd, 3, cd, 1, "GPU (cuda)", "GPU (cuda)", "", NULL, NULL};

    /* The terminal lists the 8 slower points only; the file every point. */
    FILE *o = tmpfile();
    pk_baseline_write_md(o, &b, &d, PK_MD_TERMINAL);
    rewind(o);
    char text[1 << 14];
    size_t n = fread(text, 1, sizeof text - 1, o);
    text[n] = '\0';
    fclose(o);
    PK_CHECK_U64(count(text, "| slower |\n"), 8);
    PK_CHECK_U64(count(text, "| same |\n"), 0);
    /* The verdicts per strategy come first. */
    PK_CHECK(strstr(text, "| strategy | same | faster | slower | undecided |\n| --- | ---: | ---: | ---: | ---: |\n"
                          "| standard | 0 | 0 | 8 | 0 |\n| graph | 8 | 0 | 0 | 0 |\n") != NULL);
    PK_CHECK(strstr(text, "Method: ") != NULL);
    PK_CHECK(strstr(text, "16 points judged: 8 same, 0 faster, 8 slower, 0 undecided") != NULL);
    PK_CHECK(strstr(text, "`r1`, `r2`, `r3`") != NULL);

    snprintf(dir, sizeof dir, "test_baseline.%ld", (long)getpid());
    snprintf(path, sizeof path, "%s/no/such", dir);
    PK_CHECK(pk_baseline_write_files(&b, &d, NULL, path, err, sizeof err) == PK_EIO);
    mkdir(dir, 0777);
    /* report.md cannot be written (a folder in its place): neither other file is left. */
    snprintf(path, sizeof path, "%s/report.md", dir);
    mkdir(path, 0777);
    PK_CHECK(pk_baseline_write_files(&b, &d, NULL, dir, err, sizeof err) == PK_EIO);
    snprintf(path, sizeof path, "%s/verdicts.csv", dir);
    PK_CHECK(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/report.md", dir);
    rmdir(path);
    PK_CHECK(pk_baseline_write_files(&b, &d, NULL, dir, err, sizeof err) == PK_OK);
    snprintf(path, sizeof path, "%s/verdicts.csv", dir);
    const char *csv = slurp(path);
    PK_CHECK(strncmp(csv, "strategy,item_ns,batch,grid,block,baseline_ns,candidate_ns,change,change_lo,change_hi,sd,"
                          "df,p,baseline_runs,candidate_runs,verdict,raw_change,raw_verdict,raw_change_lo,"
                          "raw_change_hi\n", 182) == 0);
    PK_CHECK_U64(count(csv, "\n"), 17);
    PK_CHECK_U64(count(csv, ",slower,,,,\n"), 8); /* no --host-state: the raw columns are empty */
    snprintf(path, sizeof path, "%s/summary.json", dir);
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    PK_CHECK(j != NULL);
    json_t *v = json_object_get(j, "verdicts"), *m = json_object_get(j, "method");
    PK_CHECK(json_integer_value(json_object_get(v, "slower")) == 8 && json_integer_value(json_object_get(v, "same")) == 8);
    PK_CHECK(json_integer_value(json_object_get(v, "faster")) == 0 &&
             json_integer_value(json_object_get(v, "undecided")) == 0);
    PK_CHECK(json_number_value(json_object_get(m, "threshold")) == 0.05);
    PK_CHECK(strcmp(json_string_value(json_object_get(m, "scale")), "runs") == 0);
    PK_CHECK(json_array_size(json_object_get(j, "baseline")) == 3);
    PK_CHECK(strcmp(json_string_value(json_object_get(j, "design")), "runs") == 0);
    json_decref(j);
    const char *names[] = {"verdicts.csv", "summary.json", "report.md", "spread.csv"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    pk_baseline_free(&b);
    free_runs(base, 3);
    free_runs(cand, 1);
}

/* Combining the runs as measured (raw) with the runs with the host state taken out (state):
 * slower or faster when either says so, undecided when they disagree in direction, same only
 * when raw says same; both tallies kept, the combined one recounted; other points: an error. */
static void combine(void)
{
#define S PK_VERDICT_SAME
#define F PK_VERDICT_FASTER
#define L PK_VERDICT_SLOWER
#define U PK_VERDICT_UNDECIDED
    static const pk_verdict raw[] = {S, U, U, S, L, U, F, L, S}, st[] = {S, S, L, L, U, U, U, F, F},
                            want[] = {S, U, L, L, L, U, F, U, F};
    const size_t n = sizeof raw / sizeof raw[0];
    pk_baseline r = {0}, s = {0};
    r.n = s.n = n;
    r.keys = calloc(n, sizeof *r.keys), s.keys = calloc(n, sizeof *s.keys);
    r.res = calloc(n, sizeof *r.res), s.res = calloc(n, sizeof *s.res);
    for (size_t i = 0; i < n; i++) {
        r.keys[i] = s.keys[i] = (pk_point){PK_STRAT_STANDARD, 0, (uint64_t)1 << i, 1, 0};
        r.res[i].verdict = raw[i], s.res[i].verdict = st[i];
        r.res[i].change = 0.01 * (double)i;
        r.sum.count[raw[i]]++, s.sum.count[st[i]]++;
    }
    PK_CHECK(pk_baseline_combine(&s, &r) == PK_OK);
    for (size_t i = 0; i < n; i++)
        PK_CHECK(s.res[i].verdict == want[i] && s.raw[i].verdict == raw[i] && s.raw[i].change == r.res[i].change);
    PK_CHECK(s.host_state == 1 && s.sum.count[S] == 1 && s.sum.count[F] == 2 && s.sum.count[L] == 3 &&
             s.sum.count[U] == 3);
    PK_CHECK(s.raw_count[S] == 3 && s.raw_count[U] == 3 && s.state_count[U] == 3 && s.state_count[F] == 2);
    r.keys[4].batch = 3;
    PK_CHECK(pk_baseline_combine(&s, &r) == PK_EINVAL);
    pk_baseline_free(&r);
    pk_baseline_free(&s);
#undef S
#undef F
#undef L
#undef U
}

/* Equal to 1e-12 of their size (both NaN counts as equal). */
static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/* Judging takings of the same runs as one family (pk_baseline_judge_runs): two identical
 * takings give each the verdicts, intervals and level of the one judged alone (R and m
 * both double, so the Benjamini-Hochberg level is the same); a change that only the second
 * taking holds is reported there only, and the tables may change after a taking; takings of
 * different points are refused. */
static void family(void)
{
    pk_table base[3], cand[1];
    for (int j = 0; j < 3; j++)
        make_run(&base[j], j, 1);
    make_run(&cand[0], 3, 1.2);
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    char err[256];
    pk_baseline one, two[2];
    PK_CHECK(pk_baseline_judge(base, 3, cand, 1, &par, &one, err, sizeof err) == PK_OK);
    pk_baseline_runs *r[2];
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[0], err, sizeof err) == PK_OK);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[1], err, sizeof err) == PK_OK);
    PK_CHECK(pk_baseline_judge_runs(r, 2, &par, two, err, sizeof err) == PK_OK);
    for (int j = 0; j < 2; j++) {
        PK_CHECK_U64(two[j].n, one.n);
        PK_CHECK_U64(two[j].sum.tested, 2 * one.sum.tested);
        PK_CHECK_U64(two[j].sum.discoveries, 2 * one.sum.discoveries);
        PK_CHECK_NEAR(two[j].sum.level, one.sum.level, 1e-12);
        PK_CHECK_U64(two[j].sum.count[PK_VERDICT_SLOWER], 8);
        for (size_t i = 0; i < one.n; i++) /* to rounding: the bound sums each taking's windows in turn */
            PK_CHECK(two[j].res[i].verdict == one.res[i].verdict && same(two[j].res[i].lo, one.res[i].lo) &&
                     same(two[j].res[i].hi, one.res[i].hi) && same(two[j].res[i].p, one.res[i].p));
        pk_baseline_free(&two[j]);
    }
    pk_baseline_runs_free(r[0]);
    pk_baseline_runs_free(r[1]);
    pk_baseline_free(&one);

    /* As measured, graph is unchanged; the second taking (the tables changed after the first)
     * has graph 20% slower in the candidate: only it says so. */
    free_runs(cand, 1);
    make_run(&cand[0], 3, 1);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[0], err, sizeof err) == PK_OK);
    for (size_t i = 0; i < cand[0].n; i++)
        if (cand[0].rows[i].key.strategy == PK_STRAT_GRAPH)
            pk_row_scale_wall(&cand[0].rows[i], 1.2);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[1], err, sizeof err) == PK_OK);
    PK_CHECK(pk_baseline_judge_runs(r, 2, &par, two, err, sizeof err) == PK_OK);
    PK_CHECK_U64(two[0].sum.count[PK_VERDICT_SLOWER] + two[0].sum.count[PK_VERDICT_FASTER], 0);
    PK_CHECK_U64(two[1].sum.count[PK_VERDICT_SLOWER], 8);
    for (size_t i = 0; i < two[1].n; i++)
        PK_CHECK((two[1].res[i].verdict == PK_VERDICT_SLOWER) == (two[1].keys[i].strategy == PK_STRAT_GRAPH));
    pk_baseline_free(&two[0]);
    pk_baseline_free(&two[1]);
    pk_baseline_runs_free(r[1]);

    /* A taking judged already or given twice, or another set of points: refused. */
    PK_CHECK(pk_baseline_judge_runs(r, 1, &par, two, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "a taking of the runs is missing or judged already");
    pk_baseline_runs_free(r[0]);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[0], err, sizeof err) == PK_OK);
    pk_baseline_runs *twice[2] = {r[0], r[0]};
    PK_CHECK(pk_baseline_judge_runs(twice, 2, &par, two, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "a taking of the runs is given twice");
    PK_CHECK(two[0].res == NULL && two[1].keys == NULL && two[0].n == 0);
    pk_baseline_runs_free(r[0]);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[0], err, sizeof err) == PK_OK);
    pk_row extra = pk_rows_make((pk_point){PK_STRAT_PERSISTENT, 0, 1, 1, 32}, 5000);
    PK_CHECK(pk_table_push(&base[0], &extra) == PK_OK && pk_table_push(&cand[0], &extra) == PK_OK);
    PK_CHECK(pk_baseline_take(base, 3, cand, 1, &r[1], err, sizeof err) == PK_OK);
    PK_CHECK(pk_baseline_judge_runs(r, 2, &par, two, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "the judgements hold different points");
    pk_baseline_runs_free(r[0]);
    pk_baseline_runs_free(r[1]);
    /* Nothing in common: no taking. */
    PK_CHECK(pk_baseline_take(base + 1, 1, cand, 0, &r[0], err, sizeof err) == PK_EINVAL && r[0] == NULL);
    PK_CHECK_STR(err, "no point is in both sides");
    free_runs(base, 3);
    free_runs(cand, 1);
}

/* The undecided points' reasons in one sentence, each with what would decide it: an ABBA run of
 * 6 blocks at a level that needs p <= 0.0125 (2 points of 4 beyond the threshold). */
static void undecided(void)
{
    pk_point keys[4] = {{PK_STRAT_STANDARD, 0, 1, 1, 0},
                        {PK_STRAT_STANDARD, 0, 2, 1, 0},
                        {PK_STRAT_PERSISTENT, 0, 1, 1, 0},
                        {PK_STRAT_PERSISTENT, 0, 2, 1, 0}};
    pk_verdict_result res[4] = {
        {.verdict = PK_VERDICT_UNDECIDED, .change = 0.5, .lo = 0.45, .hi = 0.55, .base_runs = 6, .cand_runs = 6,
         .why = PK_UNDECIDED_BLOCKS},
        {.verdict = PK_VERDICT_UNDECIDED, .change = 0.4, .lo = 0.35, .hi = 0.45, .base_runs = 5, .cand_runs = 5,
         .why = PK_UNDECIDED_BLOCKS},
        {.verdict = PK_VERDICT_UNDECIDED, .change = 0.01, .lo = -0.03, .hi = 0.05, .why = PK_UNDECIDED_SPREAD},
        {.verdict = PK_VERDICT_SAME, .change = 0.0, .lo = -0.01, .hi = 0.01}};
    pk_baseline b = {.design = PK_DESIGN_ABBA, .nbase = 1, .ncand = 1, .keys = keys, .res = res, .n = 4,
                     .passes_base = 6, .passes_cand = 6};
    b.sum = (pk_verdict_summary){.count = {1, 0, 0, 3}, .tested = 4, .level = 1 - 0.0125, .scale = PK_VSCALE_PAIRS,
                                 .params = (pk_verdict_params)PK_VERDICT_PARAMS_DEFAULT};
    const char *bd[] = {"ab/a"}, *cd[] = {"ab/b"};
    pk_baseline_desc d = {bd, 1, cd, 1, "GPU (cuda)", "GPU (cuda)", "", NULL, NULL};
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    pk_baseline_write_md(o, &b, &d, PK_MD_FILE);
    fclose(o);
    PK_CHECK(strstr(text, "Undecided: 1 whose interval reaches across the margin (±2.5%) or the threshold (±5%) "
                          "(median half-width 4.0%): more blocks would narrow it; 2 beyond the threshold whose "
                          "blocks' sign test cannot reject: with at most 6 blocks its least p is 0.0312, above the 0.0125 "
                          "the level needs; 8 blocks or more can.\n") != NULL);
    free(text);
    o = open_memstream(&text, &len);
    PK_CHECK(pk_baseline_write_json(o, &b, &d) == PK_OK);
    fclose(o);
    PK_CHECK(strstr(text, "\"undecided_why\": {\n    \"runs\": 0,\n    \"spread\": 1,\n    \"blocks\": 2,\n"
                          "    \"signs\": 0,\n    \"disagree\": 0\n  }") != NULL);
    free(text);
}

int main(void)
{
    history();
    family();
    combine();
    abba();
    files();
    undecided();
    return pk_test_done("harness.baseline");
}
