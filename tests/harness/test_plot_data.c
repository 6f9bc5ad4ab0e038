/* Invariant: the plot data of a measured and predicted table hold one shape, its item durations,
 * batches and strategies in order; each plot has its input exactly when its data exists (a
 * timeline only when one was read); writing puts meta.gp and one data file per plot that has
 * its input into the folder, with one block per strategy and point per batch, no timeline.dat
 * without a timeline, and with one block per activity and a lane per strategy and actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/plot_data.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static void push(pk_table *t, pk_strategy s, uint64_t batch, double wall)
{
    pk_rows_push(t, (pk_point){s, 1000, batch, 1, 32}, wall);
}

static char *slurp(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    if (buf)
        fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static int count(const char *text, const char *s)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, s)) != NULL; p++)
        n++;
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    PK_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void remove_all(const char *dir)
{
    static const char *const names[] = {"meta.gp",  "crossover-m.dat", "crossover-p.dat", "savings.dat",
                                        "accuracy.dat", "decision.dat", "timeline.dat", "tl.csv", NULL};
    char path[256];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    pk_table meas = {0}, pred = {0};
    const uint64_t n[] = {8, 1, 4, 2};
    for (int i = 0; i < 4; i++) {
        push(&meas, PK_STRAT_PERSISTENT, n[i], 30);
        push(&meas, PK_STRAT_STANDARD, n[i], 10.0 * (double)n[i]);
        push(&pred, PK_STRAT_STANDARD, n[i], 11.0 * (double)n[i]);
    }
    pk_cmp_result r;
    char err[512];
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pk_plot_data pd;
    pk_plot_data_init(&pd, &meas, &pred, &r);
    PK_CHECK(pd.grid == 1 && pd.block == 32);
    PK_CHECK_U64(pd.nitems, 1);
    PK_CHECK_U64(pd.nbatches, 4);
    PK_CHECK_U64(pd.batches[0], 1);
    PK_CHECK_U64(pd.batches[3], 8);
    PK_CHECK_U64(pd.nstrat, 2);
    PK_CHECK(pd.strat[0] == PK_STRAT_STANDARD && pd.strat[1] == PK_STRAT_PERSISTENT);
    PK_CHECK_U64(pk_plot_data_timeline_item(&pd), 1000);
    const char *why;
    for (int p = 0; p < PK_PLOT_TIMELINE; p++)
        PK_CHECK(pk_plot_data_has(&pd, p, 0, &why));
    PK_CHECK(!pk_plot_data_has(&pd, PK_PLOT_TIMELINE, 0, &why) && strstr(why, "no timeline") != NULL);

    char dir[] = "pkb_plot_data_XXXXXX", path[256];
    PK_CHECK(mkdtemp(dir) != NULL);
    PK_CHECK(pk_plot_data_write(&pd, dir, "Test GPU (cuda)", NULL, NULL, err, sizeof err) == PK_OK);
    char *meta = slurp(dir, "meta.gp"), *cm = slurp(dir, "crossover-m.dat"), *tl = slurp(dir, "timeline.dat");
    PK_CHECK(meta && strstr(meta, "DEVICE = 'Test GPU (cuda)'") && strstr(meta, "NP = 1\nNS = 2\n") &&
             strstr(meta, "ITEM[1] = '1 µs'") && strstr(meta, "SNAME[2] = 'persistent'"));
    PK_CHECK(count(cm, "# item_ns=1000 strategy=") == 2);
    PK_CHECK(cm && strstr(cm, "1 0.01 0.01 0.01\n2 0.02") != NULL); /* batches ascending, µs */
    PK_CHECK(tl == NULL);
    free(meta);
    free(cm);

    /* A timeline: one block per activity, one lane per strategy and actor. */
    snprintf(path, sizeof path, "%s/tl.csv", dir);
    write_file(path, "strategy,actor,what,item,start_ns,end_ns\nstandard,host,launch,0,0,1000\n"
                     "standard,device,kernel,0,2000,3000\n");
    pk_timeline t;
    PK_CHECK(pk_timeline_read(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK(pk_plot_data_write(&pd, dir, "Test GPU (cuda)", &t, "a note", err, sizeof err) == PK_OK);
    pk_timeline_free(&t);
    meta = slurp(dir, "meta.gp");
    tl = slurp(dir, "timeline.dat");
    PK_CHECK(meta && strstr(meta, "NK = 2\nNL = 2\n") && strstr(meta, "TLNOTE = 'a note'") &&
             strstr(meta, "TYTICS = '(\"standard: host\" 0, \"standard: device\" 1)'"));
    PK_CHECK(tl && strstr(tl, "# activity=kernel: start_us end_us lane\n2 3 1\n") != NULL);
    PK_CHECK(count(tl, "# activity=") == 2);
    free(meta);
    free(tl);
    remove_all(dir);
    pk_compare_free(&r);
    pk_table_free(&meas);
    pk_table_free(&pred);
    return pk_test_done("harness.plot_data");
}
