/* Invariant: the plot data of a measured and predicted table hold every grid x block shape (in
 * order of first appearance, at most PK_PLOT_MAX_SHAPES drawn and the rest counted), the item
 * durations, batches and strategies in order, and one panel per (shape, item duration); each
 * plot has its input exactly when its data exists (a timeline only when one was read); writing
 * puts meta.gp (panel titles naming the shape, the crossover of each panel: measured,
 * simulated, seed; the decision-map titles in words that add up: cells lost, time lost, share
 * of the best total), crossovers.csv (the crossover batch sizes as numbers) and one data file
 * per plot that has its input into the folder: totals per batch in µs, speedup as standard over
 * the strategy, savings with their quartile band, accuracy as measured then predicted in µs,
 * decision cells spanning halfway to their neighbours on a log axis, and a timeline block per
 * activity with a lane per strategy and actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/plot_data.h"
#include "tests/pk_rows.h"
#include "tests/pk_test.h"

static char *slurp(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    if (buf && fread(buf, 1, (1 << 16) - 1, f) == 0 && ferror(f)) {
        free(buf);
        buf = NULL;
    }
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
    static const char *const names[] = {"meta.gp",      "crossover-m.dat", "crossover-p.dat", "speedup.dat",
                                        "savings.dat",  "accuracy.dat",    "decision.dat",    "timeline.dat",
                                        "crossovers.csv", "tl.csv",        NULL};
    char path[256];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* More shapes than are drawn: the first PK_PLOT_MAX_SHAPES, and the count of all. */
static void check_shape_cap(void)
{
    pk_table meas = {0};
    for (unsigned g = 1; g <= PK_PLOT_MAX_SHAPES + 2; g++)
        for (int rep = 0; rep < 2; rep++)
            pk_rows_push(&meas, (pk_point){PK_STRAT_STANDARD, 0, 1 + (uint64_t)rep, g, 32}, 10);
    pk_cmp_result r;
    char err[256];
    PK_CHECK(pk_compare_run(&meas, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pk_plot_data pd;
    pk_plot_data_init(&pd, &meas, NULL, &r);
    PK_CHECK_U64(pd.nshapes, PK_PLOT_MAX_SHAPES);
    PK_CHECK_U64(pd.shapes_total, PK_PLOT_MAX_SHAPES + 2);
    PK_CHECK_U64(pd.npanels, PK_PLOT_MAX_SHAPES);
    PK_CHECK(pd.shapes[PK_PLOT_MAX_SHAPES - 1].grid == PK_PLOT_MAX_SHAPES);
    pk_compare_free(&r);
    pk_table_free(&meas);
}

/* Two shapes, 1 µs items, N = 1..8: standard 10 N ns (p25 1 less, p75 2 more), persistent 30
 * ns in [29, 32] measured (persistent wins from N = 4); predicted standard 11 N and persistent 15, shape-independent (from N = 2). */
static void fill(pk_table *meas, pk_table *pred)
{
    const uint64_t n[] = {8, 1, 4, 2};
    const unsigned grid[2] = {1, 4}, block[2] = {32, 128};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < 4; i++) {
            pk_row q = pk_rows_make((pk_point){PK_STRAT_PERSISTENT, 1000, n[i], grid[s], block[s]}, 30);
            q.wall_ns_p25 = 29, q.wall_ns_p75 = 32;
            PK_CHECK(pk_table_push(meas, &q) == 0);
            pk_row r = pk_rows_make((pk_point){PK_STRAT_STANDARD, 1000, n[i], grid[s], block[s]}, 10.0 * (double)n[i]);
            r.wall_ns_p25 = r.wall_ns - 1;
            r.wall_ns_p75 = r.wall_ns + 2;
            PK_CHECK(pk_table_push(meas, &r) == 0);
        }
    for (int i = 0; i < 4; i++) {
        pk_rows_push(pred, (pk_point){PK_STRAT_STANDARD, 1000, n[i], 0, 0}, 11.0 * (double)n[i]);
        pk_rows_push(pred, (pk_point){PK_STRAT_PERSISTENT, 1000, n[i], 0, 0}, 15);
    }
}

static void check_data(const char *dir)
{
    char *meta = slurp(dir, "meta.gp"), *cm = slurp(dir, "crossover-m.dat"), *sp = slurp(dir, "speedup.dat");
    char *sv = slurp(dir, "savings.dat"), *dm = slurp(dir, "decision.dat"), *xc = slurp(dir, "crossovers.csv");
    PK_CHECK(meta && strstr(meta, "DEVICE = 'Test GPU (cuda)'") && strstr(meta, "NP = 2\nPCOLS = 2\nPROWS = 2\n") &&
             strstr(meta, "SNAME[2] = 'persistent'"));
    PK_CHECK(meta && strstr(meta, "SHAPE = '2 grid × block shapes, a row of panels each'"));
    PK_CHECK(meta && strstr(meta, "PSKIP[1] = 1; PTITLE[1] = 'item duration 1 µs, grid 1 × block 32'; XM[1] = 4; "
                                  "XP[1] = 2; XS[1] = -1; XMP[1] = -1\n"));
    PK_CHECK(meta && strstr(meta, "PSKIP[2] = 0; PTITLE[2] = 'item duration 1 µs, grid 4 × block 128'; XM[2] = 4"));
    PK_CHECK(xc && strstr(xc, "grid,block,item_ns,measured,simulated,seed,overlap\n1,32,1000,4,2,,\n4,128,1000,4,2,,\n"));
    /* Totals in µs, batches ascending, p25 and p75 beside the median. */
    PK_CHECK(count(cm, "item_ns=1000 strategy=") == 4);
    PK_CHECK(cm && strstr(cm, "strategy=standard: batch median_us p25_us p75_us\n1 0.01 0.009 0.012\n2 0.02") != NULL);
    /* Speedup: standard over persistent, with the band from the quartiles; simulated beside. */
    PK_CHECK(meta && strstr(meta, "SPN = 1\n") && strstr(meta, "SPNAME[1] = 'persistent'"));
    PK_CHECK(sp && strstr(sp, "strategy=persistent: batch speedup low high simulated\n1 0.333333333 0.28125 "
                              "0.413793103 0.733333333\n") != NULL); /* 10/30, 9/32, 12/29, 11/15 */
    PK_CHECK(meta && strstr(meta, "SPLO[1] = 0.28125; SPHI[1] = 5.86667\n"));
    /* Savings: standard minus persistent, its quartile band, no seed without params, the
     * simulator's. */
    PK_CHECK(sv && strstr(sv, "1 -0.02 -0.023 -0.017 NaN -0.004\n") != NULL); /* 10-30, 9-32, 12-29 */
    PK_CHECK(meta && strstr(meta, "SYMIN = -1\nSYMAX = 1\n"));
    /* Decision map: a row per shape, the measured best and the simulator's policy (no params: no
     * seed or overlap-aware panel); the simulator picks persistent at N = 2 and loses 10 ns of
     * the 90 ns best total there, half the best time of that cell. */
    PK_CHECK(meta && strstr(meta, "ND = 2\nDROWS = 2\nDNI = 1\n"));
    PK_CHECK(meta && strstr(meta, "DNAME[2] = 'grid 1 × block 32'.\"\\n\".'simulator policy: slower than the best "
                                  "in 1 of 4 cells'.\"\\n\".'lost 10 ns = 11.11% of the best total (worst cell "
                                  "50.00%)'\n"));
    PK_CHECK(meta && strstr(meta, "'standard in 2 of 4 cells, persistent in 2'"));
    PK_CHECK(count(dm, "# shape grid=") == 12);
    PK_CHECK(dm && strstr(dm, "panel simulator, lost against the measured best: batch item_index cell_lo cell_hi\n"
                              "2 0 1.41421356 2.82842712\n") != NULL);
    PK_CHECK(dm && strstr(dm, "panel measured, standard: batch item_index cell_lo cell_hi\n1 0 0.707106781 "
                              "1.41421356\n") != NULL);
    /* Accuracy: measured then predicted, in µs (standard at N = 8: 80 ns measured, 88 predicted;
     * persistent: 30 and 15). */
    char *ac = slurp(dir, "accuracy.dat");
    PK_CHECK(ac && strstr(ac, "# strategy=standard: measured_us predicted_us\n") && strstr(ac, "\n0.08 0.088\n") &&
             strstr(ac, "# strategy=persistent: measured_us predicted_us\n0.03 0.015\n") && !strstr(ac, "0.088 0.08"));
    free(ac);
    free(meta);
    free(cm);
    free(sp);
    free(sv);
    free(dm);
    free(xc);
}

int main(void)
{
    check_shape_cap();
    pk_table meas = {0}, pred = {0};
    fill(&meas, &pred);
    pk_cmp_result r;
    char err[512];
    PK_CHECK(pk_compare_run(&meas, &pred, NULL, NULL, &r, err, sizeof err) == PK_OK);
    pk_plot_data pd;
    pk_plot_data_init(&pd, &meas, &pred, &r);
    PK_CHECK_U64(pd.nshapes, 2);
    PK_CHECK(pd.shapes[0].grid == 1 && pd.shapes[0].block == 32 && pd.shapes[1].grid == 4);
    PK_CHECK_U64(pd.nitems, 1);
    PK_CHECK_U64(pd.nbatches, 4);
    PK_CHECK_U64(pd.batches[0], 1);
    PK_CHECK_U64(pd.batches[3], 8);
    PK_CHECK_U64(pd.npanels, 2);
    PK_CHECK(pd.panels[1].shape == 1 && pd.panels[1].item_ns == 1000);
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
    check_data(dir);
    char *tl = slurp(dir, "timeline.dat");
    PK_CHECK(tl == NULL);

    /* A timeline: one block per activity, one lane per strategy and actor, in µs. */
    snprintf(path, sizeof path, "%s/tl.csv", dir);
    write_file(path, "strategy,actor,what,item,start_ns,end_ns\nstandard,host,launch,0,0,1000\n"
                     "standard,device,kernel,0,2000,3000\n");
    pk_timeline t;
    PK_CHECK(pk_timeline_read(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK(pk_plot_data_write(&pd, dir, "Test GPU (cuda)", &t, "a note", err, sizeof err) == PK_OK);
    pk_timeline_free(&t);
    char *meta = slurp(dir, "meta.gp");
    tl = slurp(dir, "timeline.dat");
    PK_CHECK(meta && strstr(meta, "NK = 2\nNL = 2\n") && strstr(meta, "TLNOTE = 'a note'") &&
             strstr(meta, "TLDIV = 1\nTLUNIT = 'µs'\n") &&
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
