/* pkbench plot: reads a results folder (the measurement, a prediction, a timeline, the
 * parameters), writes the plot data (harness/plot_data.c) and drives the gnuplot scripts of
 * plots/ (harness/gnuplot.c) to write crossover, speedup, savings, accuracy, decision-map and
 * timeline as PNG (pngcairo) and SVG. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"
#include "harness/measured.h"
#include "harness/gnuplot.h"
#include "common/gzin.h"
#include "harness/opts.h"
#include "harness/plot_data.h"
#include "harness/plot_verdicts.h"
#include "harness/resultdir.h"
#include "harness/predict.h"
#include "harness/timeline.h"

#define CMD "plot"
#ifndef PKB_INSTALL_DATADIR
#define PKB_INSTALL_DATADIR "share"
#endif

static void plot_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench plot DIR [--predicted FILE] [--timeline FILE] [--params FILE] [--out DIR]\n"
            "                    [--scripts DIR]\n\n"
            "Reads DIR/measured.csv (and, unless given, DIR/predicted.csv, DIR/timeline.csv and\n"
            "DIR/params.json when present, each also as .gz; without a prediction the\n"
            "simulator predicts every measured point from the params) and writes into --out (default\n"
            "DIR), as PNG and SVG. DIR/params.json is taken as compare takes it, and refused when it is\n"
            "not a regular file:\n"
            "  crossover      total time against batch size, one panel per item duration\n"
            "  speedup        standard time over each strategy's time (above 1: faster), per panel\n"
            "  savings        measured persistent savings (quartile band) against the seed's N*h - S\n"
            "                 and the simulator's, on a symmetric log axis\n"
            "  accuracy       predicted against measured totals, per strategy (needs a prediction)\n"
            "  decision-map   best strategy measured beside each policy's choice, losing cells marked\n"
            "  timeline       the simulator's host and device activity for a small batch: the timeline\n"
            "                 CSV given ('pkbench simulate --timeline'), else simulated from the params\n"
            "Every grid x block shape measured gets its own panels (a row each in the decision map).\n"
            "Crossover batch sizes (measured, from the medians; simulated; seed) are labelled in the plots\n"
            "and listed in OUT/plot-data/crossovers.csv; where DIR/summary.json (compare's) puts the\n"
            "crossovers' paired check elsewhere, the measured label gives that too.\n"
            "A plot whose input is missing is skipped and named. Derived data goes to OUT/plot-data/;\n"
            "OUT and OUT/plot-data are created as needed.\n"
            "A comparison folder (verdicts.csv and summary.json, from compare --baseline or ab, and no\n"
            "measured.csv) gets one plot instead:\n"
            "  compare        change per point against batch size with its interval, one panel per\n"
            "                 strategy, slower and faster marked, +-threshold and +-margin drawn\n"
            "Scripts come from --scripts, else $PKBENCH_PLOTS, else <prefix>/%s/pkbench/plots beside\n"
            "the installed binary, else the source tree's plots/.\n\n"
            "Exit codes: 0 ok, 1 gnuplot failed on a script, 2 bad usage or input (or no gnuplot),\n"
            "71 out of memory, 74 the plot data or an image could not be written, 128 + signal\n"
            "interrupted while gnuplot drew (143 SIGTERM: gnuplot is stopped too).\n",
            PKB_INSTALL_DATADIR);
}

/* The command line and every path derived from it. */
typedef struct plot_args {
    const char *dir, *pred_path, *tl_path, *params_path, *out, *scripts_flag;
    char path[PK_PATH_MAX], auto_pred[PK_PATH_MAX], auto_tl[PK_PATH_MAX], auto_params[PK_PATH_MAX];
    char data[PK_PATH_MAX], gen_tl[PK_PATH_MAX], log[PK_PATH_MAX];
    char stage[PK_PATH_MAX], sdata[PK_PATH_MAX]; /* where this run's files are written before the commit */
} plot_args;

/* Parses argv into a. Returns -1 to go on, else the exit code (help, or a usage error). */
static int parse_args(int argc, char **argv, plot_args *a)
{
    enum { O_PRED, O_TL, O_PARAMS, O_OUT, O_SCRIPTS, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"predicted", 1}, {"timeline", 1}, {"params", 1}, {"out", 1}, {"scripts", 1},
    };
    pk_opts o = {.cmd = CMD, .table = table, .n = O_COUNT, .usage = plot_usage, .max_positional = 1};
    int rc = pk_opts_parse(&o, argc, argv);
    a->dir = rc < 0 && o.npositional ? o.positional[0] : NULL;
    pk_opts_free(&o);
    if (rc >= 0)
        return rc;
    if (!a->dir)
        return pk_cli_usage_error(CMD, "a results directory is required (see 'pkbench plot --help')");
    a->pred_path = o.value[O_PRED];
    a->tl_path = o.value[O_TL];
    a->params_path = o.value[O_PARAMS];
    a->out = o.value[O_OUT];
    a->scripts_flag = o.value[O_SCRIPTS];
    return -1;
}

/* Derives every path from DIR and OUT, and takes DIR's predicted.csv, timeline.csv and
 * params.json where no flag named one. Returns -1 to go on, else the exit code. */
static int derive_paths(plot_args *a)
{
    char err[PK_PATH_MAX + 64];
    if (!a->out)
        a->out = a->dir;
    if (pk_path_join(a->path, sizeof a->path, a->dir, "measured.csv", err, sizeof err) != PK_OK ||
        pk_path_join(a->auto_pred, sizeof a->auto_pred, a->dir, "predicted.csv", err, sizeof err) != PK_OK ||
        pk_path_join(a->auto_tl, sizeof a->auto_tl, a->dir, "timeline.csv", err, sizeof err) != PK_OK ||
        pk_path_join(a->auto_params, sizeof a->auto_params, a->dir, "params.json", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "%s", err);
    if (pk_path_join(a->data, sizeof a->data, a->out, "plot-data", err, sizeof err) != PK_OK ||
        pk_path_join(a->gen_tl, sizeof a->gen_tl, a->data, "timeline.csv", err, sizeof err) != PK_OK ||
        pk_path_join(a->log, sizeof a->log, a->data, PK_PLOT_DATA_LOG, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    /* predicted.csv or its .gz (read as the tidy-CSV readers read either), as measured.csv is taken:
     * in any form, as params.json is (below), so that a folder of that name is refused, not passed
     * over; the error then names the file, not a flag that was not given. */
    if (!a->pred_path && pk_gzin_exists(a->auto_pred))
        a->pred_path = a->auto_pred;
    if (!a->tl_path && pk_gzin_exists(a->auto_tl))
        a->tl_path = a->auto_tl;
    /* As compare takes it: there (or as params.json.gz) in any form, so that one that is not a
     * regular file (a folder, a FIFO) is refused by pk_params_load rather than passed over. */
    if (!a->params_path && pk_gzin_exists(a->auto_params))
        a->params_path = a->auto_params;
    return -1;
}

/* An input that is also one of the files plot writes (DIR/plot-data/timeline.csv given back as
 * --timeline, say) would be replaced or removed when the new files are put in place: refused,
 * as simulate refuses its own. Returns -1 to go on, else the exit code. */
static int check_inputs_not_outputs(const plot_args *a)
{
    const char *in[4] = {a->path, a->pred_path, a->tl_path, a->params_path};
    const char *flag[4] = {"DIR", a->pred_path == a->auto_pred ? "DIR" : "--predicted",
                           a->tl_path == a->auto_tl ? "DIR" : "--timeline",
                           a->params_path == a->auto_params ? "DIR" : "--params"};
    char out[PK_PATH_MAX], read[PK_PATH_MAX];
    for (size_t k = 0; k < PK_PLOT_DATA_COUNT + 1 + 2 * (PK_PLOT_COUNT + 1); k++) {
        const size_t j = k - PK_PLOT_DATA_COUNT - 1; /* an image: (plot j / 2, PNG or SVG) */
        int st = k < PK_PLOT_DATA_COUNT    ? pk_path_fmt(out, sizeof out, "%s/%s", a->data, pk_plot_data_names[k])
                 : k == PK_PLOT_DATA_COUNT ? pk_path_fmt(out, sizeof out, "%s", a->log)
                                           : pk_path_fmt(out, sizeof out, "%s/%s.%s", a->out,
                                                         j / 2 < PK_PLOT_COUNT ? pk_plot_names[j / 2] : "compare",
                                                         j % 2 ? "svg" : "png");
        for (size_t i = 0; st == PK_OK && i < 4; i++)
            if (in[i] && (pk_path_same(out, in[i]) ||
                          (pk_gzin_which(in[i], read, sizeof read) && pk_path_same(out, read))))
                return pk_cli_usage_error(CMD, "%s: '%s' is %s, a file this plot writes; copy it elsewhere first",
                                          flag[i], in[i], out);
    }
    return -1;
}

/* What is plotted, read before anything is written under --out. */
typedef struct plot_inputs {
    pk_table meas, pred;
    pk_params params;
    int have_params, have_pred;
    pk_cmp_result r;
    pk_timeline tl;
    int have_tl;
    char tl_note[300];
    int partial;         /* only DIR/measured.partial.csv (or its .gz) was there to read */
    int foreign;         /* the params come from another backend or device than the measured rows */
    char params_dev[220]; /* theirs, "NAME (backend)", when foreign */
} plot_inputs;

static void inputs_free(plot_inputs *in)
{
    pk_timeline_free(&in->tl);
    pk_compare_free(&in->r);
    pk_table_free(&in->meas);
    pk_table_free(&in->pred);
    pk_params_free(&in->params);
}

/* Reads the measurement, the prediction (or simulates it from the parameters), the parameters
 * and the timeline, and compares. Returns -1 to go on, else the exit code. */
static int load_inputs(plot_args *a, plot_inputs *in)
{
    char err[PK_PATH_MAX + 256];
    int rc;
    if ((rc = pk_measured_read(a->dir, &in->meas, a->path, sizeof a->path, &in->partial, err, sizeof err)) != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    if (in->partial) /* said here, and in every title (pk_plot_data's shape_note) */
        pk_cli_note(CMD, "%s holds only a partial result: reading %s", a->dir, a->path);
    if (in->meas.n == 0)
        return pk_cli_usage_error(CMD, "%s has no points", a->path);
    if (a->pred_path && ((rc = pk_table_read_csv_as(a->pred_path, "predicted", &in->pred, err, sizeof err)) != PK_OK ||
                         (rc = pk_cmp_check_predicted(&in->pred, a->pred_path, err, sizeof err)) != PK_OK))
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s%s", a->pred_path == a->auto_pred ? "" : "--predicted: ", err);
    if (a->params_path) {
        if ((rc = pk_params_load(a->params_path, &in->params, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
        in->have_params = 1;
        /* As compare judges it: drawn from, but said (a warning, and in the plots' titles). */
        in->foreign = pk_cmp_params_foreign(&in->params, &in->meas);
        if (in->foreign)
            snprintf(in->params_dev, sizeof in->params_dev, "%s (%s)",
                     in->params.device[0] ? in->params.device : "an unknown device", in->params.backend);
    }
    /* Without a predicted CSV, the simulator predicts every measured point from the params. */
    in->have_pred = a->pred_path != NULL;
    if (!in->have_pred && in->have_params) {
        if ((rc = pk_predict_measured(&in->meas, NULL, &in->params, &in->pred, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
        in->have_pred = 1;
    }
    if ((rc = pk_compare_run(&in->meas, in->have_pred ? &in->pred : NULL, in->have_params ? &in->params : NULL, NULL,
                       &in->r, err, sizeof err)) != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    if (a->pred_path && in->r.matched == 0) /* as compare refuses it: the accuracy plot would be empty */
        return pk_cli_usage_error(CMD, "no measured point of %s has a prediction in %s", a->path, a->pred_path);
    /* The crossovers' paired check, as compare's summary.json beside the sweep gives it (report.md's
     * "measured (paired)"), labelled beside the medians' crossover where it differs. */
    char summary[PK_PATH_MAX];
    if (pk_path_join(summary, sizeof summary, a->dir, "summary.json", NULL, 0) == PK_OK && pk_path_is_file(summary) &&
        pk_plot_data_paired(summary, &in->r, err, sizeof err) < 0)
        pk_cli_note(CMD, "note: the paired check's crossovers are not labelled: %s", err);
    if (a->tl_path) {
        if ((rc = pk_timeline_read(a->tl_path, &in->tl, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s%s", a->tl_path == a->auto_tl ? "" : "--timeline: ", err);
        in->have_tl = 1;
    }
    return -1;
}

/* Without a timeline CSV, the simulator draws one from the params into plot-data: 8 items of
 * the smallest non-zero measured duration, standard and persistent. */
static int simulate_timeline(const plot_args *a, const pk_plot_data *pd, plot_inputs *in)
{
    char err[PK_PATH_MAX + 256];
    static const pk_strategy which[2] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT};
    uint64_t d = pk_plot_data_timeline_item(pd);
    pk_items items = {8, (double)d, 0, NULL, NULL, NULL};
    pk_costs c;
    pk_costs_from_params(&in->params, &c);
    pk_model *m = NULL;
    if (pk_model_create(&m) != PK_OK)
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    int rc = pk_timeline_write(a->gen_tl, m, &c, which, 2, &items, err, sizeof err);
    pk_model_destroy(m);
    if (rc != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_write(rc), "%s", err);
    if ((rc = pk_timeline_read(a->gen_tl, &in->tl, err, sizeof err)) != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    in->have_tl = 1;
    char ds[32];
    snprintf(in->tl_note, sizeof in->tl_note, "8 items of %s, simulated from the params%s%s",
             pk_duration_format(ds, sizeof ds, (double)d, PK_DURATION_SHORT), in->foreign ? " of " : "",
             in->foreign ? in->params_dev : "");
    return -1;
}

/* OUT, OUT/plot-data with its files and log, then OUT/NAME.png and OUT/NAME.svg for each of
 * names (n), checked before anything is written: -1, or the one-line usage error's exit code. */
static int check_images(const plot_args *a, const char *const *names, size_t n)
{
    char path[PK_PATH_MAX];
    int rc = pk_cli_out_dir(CMD, "--out", a->out);
    if (rc < 0)
        rc = pk_cli_out_files(CMD, "--out", a->data, pk_plot_data_names, PK_PLOT_DATA_COUNT);
    if (rc < 0)
        rc = pk_cli_out_file(CMD, "--out", a->log);
    for (size_t i = 0; rc < 0 && i < 2 * n; i++)
        rc = pk_path_fmt(path, sizeof path, "%s/%s.%s", a->out, names[i / 2], i % 2 ? "svg" : "png") != PK_OK
                 ? pk_cli_usage_error(CMD, "--out: %s: path too long", a->out)
                 : pk_cli_out_file(CMD, "--out", path);
    return rc;
}

/* A gnuplot run that failed (pk_gnuplot_run's status g): its exit code after one line. */
static int gnuplot_failed(const plot_args *a, const char *scripts, const char *name, const char *fmt, int g)
{
    if (pk_cli_run_interrupted()) /* gnuplot was stopped with this process (on SIGINT it exits 1) */
        return pk_cli_fail(CMD, 128 + pk_cli_run_interrupted(), "interrupted while drawing %s/%s.%s", a->out, name,
                           fmt);
    if (g == PK_GNUPLOT_CUT)
        return pk_cli_fail(CMD, PK_EXIT_IOERR, "%s/%s.%s: cannot write: gnuplot's image ends cut short (its writes "
                           "failed: a full disk?)", a->out, name, fmt);
    if (g == PK_GNUPLOT_UNWRITTEN)
        return pk_cli_fail(CMD, PK_EXIT_IOERR, "%s/%s.%s: cannot write: %s", a->out, name, fmt, strerror(errno));
    return pk_cli_fail(CMD, PK_EXIT_CHECK, "gnuplot failed on %s/%s.gp for %s (status %d); see %s", scripts, name, fmt,
                       g, a->log);
}

/* Draws every plot that has its input, PNG then SVG, into the stage: drawn[p] says which. */
static int draw(const plot_args *a, const pk_plot_data *pd, int have_tl, const char *dev, const char *gnuplot,
                const char *scripts, int *drawn)
{
    char ed[PK_CLI_ESC_MAX], es[PK_CLI_ESC_MAX];
    unlink(a->log);
    printf("plot %s: scripts from %s\n", pk_cli_esc(dev, ed, sizeof ed), pk_cli_esc(scripts, es, sizeof es));
    if (pd->shapes_total > pd->nshapes || pd->panels_total > pd->npanels)
        printf("note: %zu of %zu grid x block shapes and %zu of %zu panels are drawn (at most %d and %d)\n",
               pd->nshapes, pd->shapes_total, pd->npanels, pd->panels_total, PK_PLOT_MAX_SHAPES, PK_PLOT_MAX_PANELS);
    if (pd->items_total > pd->nitems)
        printf("note: the smallest %zu of %zu item durations are drawn (at most %d)\n", pd->nitems, pd->items_total,
               PK_PLOT_MAX_AXIS);
    if (pd->batches_total > pd->nbatches)
        printf("note: the smallest %zu of %zu batch sizes are drawn (at most %d)\n", pd->nbatches, pd->batches_total,
               PK_PLOT_MAX_AXIS);
    for (int p = 0; p < PK_PLOT_COUNT; p++) {
        const char *why;
        if (!pk_plot_data_has(pd, p, have_tl, &why)) {
            printf("skipped %s: %s\n", pk_plot_names[p], why);
            continue;
        }
        for (int f = 0; f < 2; f++) {
            const char *fmt = f ? "svg" : "png";
            int g = pk_gnuplot_run(gnuplot, scripts, a->sdata, a->stage, pk_plot_names[p], fmt, a->log);
            if (g != 0)
                return gnuplot_failed(a, scripts, pk_plot_names[p], fmt, g);
        }
        drawn[p] = 1;
    }
    return -1;
}

/* The files of --out that plot staged (drawn[p]: pk_plot_names[p]'s images, and drawn[PK_PLOT_COUNT]
 * compare's; every data file in the staged plot-data), put in place, and every other image and
 * data file of plot's removed: one unit (pk_resultdir_commit), so that an image an earlier plot
 * drew never stands beside this one's as if it were drawn from these data. */
static int commit_plots(const plot_args *a, pk_resultdir *rd, const int *drawn)
{
    enum { N = 2 * (PK_PLOT_COUNT + 1) + PK_PLOT_DATA_COUNT };
    char names[N][64], err[PK_PATH_MAX + 256], path[PK_PATH_MAX], eo[PK_CLI_ESC_MAX];
    const char *put[N], *del[N];
    size_t nput = 0, ndel = 0, k = 0;
    for (int p = 0; p <= PK_PLOT_COUNT; p++)
        for (int f = 0; f < 2; f++, k++) {
            snprintf(names[k], sizeof names[k], "%s.%s", p < PK_PLOT_COUNT ? pk_plot_names[p] : "compare",
                     f ? "svg" : "png");
            if (drawn[p])
                put[nput++] = names[k];
            else
                del[ndel++] = names[k];
        }
    for (size_t i = 0; i < PK_PLOT_DATA_COUNT; i++, k++) {
        snprintf(names[k], sizeof names[k], "plot-data/%s", pk_plot_data_names[i]);
        int staged = pk_path_join(path, sizeof path, a->sdata, pk_plot_data_names[i], NULL, 0) == PK_OK &&
                     pk_path_is_file(path);
        if (staged)
            put[nput++] = names[k];
        else
            del[ndel++] = names[k];
    }
    if (pk_resultdir_commit(rd, put, nput, del, ndel, err, sizeof err) != PK_OK)
        return pk_cli_fail(CMD, PK_EXIT_IOERR, "%s", err);
    for (size_t i = 0; i < nput; i++)
        if (strncmp(put[i], "plot-data/", 10) != 0)
            printf("wrote %s/%s\n", pk_cli_esc(a->out, eo, sizeof eo), put[i]);
    return PK_EXIT_OK;
}

/* The stage of rd (the lock of --out, held) and its plot-data, where this run writes. Returns -1
 * to go on, else the exit code. */
static int stage_paths(plot_args *a, const pk_resultdir *rd)
{
    char err[PK_PATH_MAX + 64];
    snprintf(a->stage, sizeof a->stage, "%s", rd->stage);
    if (pk_path_join(a->sdata, sizeof a->sdata, a->stage, "plot-data", err, sizeof err) != PK_OK ||
        pk_path_join(a->gen_tl, sizeof a->gen_tl, a->sdata, "timeline.csv", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    if (mkdir(a->sdata, 0777) != 0)
        return pk_cli_fail(CMD, PK_EXIT_IOERR, "%s: cannot write: %s", a->sdata, strerror(errno));
    return pk_cli_mkdir_out(CMD, "--out", a->data); /* the final plot-data: gnuplot.log goes there at once */
}

/* A comparison folder: DIR/verdicts.csv and DIR/summary.json into OUT/compare.{png,svg}. */
static int plot_compare(plot_args *a, const char *verdicts, const char *gnuplot, const char *scripts)
{
    char err[PK_PATH_MAX + 256], summary[PK_PATH_MAX];
    pk_plot_verdicts_info info;
    pk_baseline b;
    if (pk_path_join(summary, sizeof summary, a->dir, "summary.json", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "%s", err);
    if (!pk_path_is_file(summary))
        return pk_cli_usage_error(CMD, "%s: cannot open: no such file (a comparison folder has summary.json)", summary);
    int rc = pk_plot_verdicts_info_read(summary, &info, err, sizeof err);
    if (rc != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    if ((rc = pk_baseline_read_csv(verdicts, &b, err, sizeof err)) != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    pk_resultdir rd;
    int locked = 0;
    static const char *const compare_name[1] = {"compare"};
    if (b.n == 0) {
        rc = pk_cli_usage_error(CMD, "%s has no points", verdicts);
    } else if ((rc = check_images(a, compare_name, 1)) < 0 &&
               (rc = pk_cli_lock_out(CMD, a->out, &rd)) < 0) { /* two writers would mix files */
        locked = 1;
        if ((rc = stage_paths(a, &rd)) >= 0)
            ;
        else if ((rc = pk_plot_verdicts_write(&b, &info, a->sdata, err, sizeof err)) != PK_OK)
            rc = pk_cli_fail(CMD, pk_cli_exit_write(rc), "%s", err);
        else
            rc = -1;
    }
    pk_baseline_free(&b);
    char ed[PK_CLI_ESC_MAX], es[PK_CLI_ESC_MAX];
    for (int f = 0; rc < 0 && f < 2; f++) {
        const char *fmt = f ? "svg" : "png";
        if (f == 0) {
            unlink(a->log);
            printf("plot %s: scripts from %s\n", pk_cli_esc(info.device, ed, sizeof ed),
                   pk_cli_esc(scripts, es, sizeof es));
        }
        int g = pk_gnuplot_run(gnuplot, scripts, a->sdata, a->stage, "compare", fmt, a->log);
        if (g != 0)
            rc = gnuplot_failed(a, scripts, "compare", fmt, g);
    }
    const int drawn[PK_PLOT_COUNT + 1] = {[PK_PLOT_COUNT] = 1};
    if (rc < 0)
        rc = commit_plots(a, &rd, drawn);
    if (locked)
        pk_resultdir_close(&rd);
    return rc < 0 ? PK_EXIT_OK : rc;
}

/* Parameters from another device (in->foreign), said as compare says it, once the plots are in
 * place, with what they drew. */
static void warn_foreign(const plot_args *a, const plot_inputs *in)
{
    char ep[PK_CLI_ESC_MAX], ed[PK_CLI_ESC_MAX], em[PK_CLI_ESC_MAX], mdev[300], what[160] = "the seed line";
    const char *more[3] = {"the overlap-aware policy", a->pred_path ? NULL : "the simulated lines",
                           a->tl_path ? NULL : "the timeline"};
    int last = 0;
    for (int i = 0; i < 3; i++)
        last = more[i] ? i : last;
    for (int i = 0; i < 3; i++)
        if (more[i])
            snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", i == last ? " and " : ", ", more[i]);
    pk_cmp_device_label(&in->meas, mdev, sizeof mdev);
    pk_cli_note(CMD, "warning: %s comes from %s, not from the measured device, %s: %s are drawn from its costs",
                pk_cli_esc(a->params_path, ep, sizeof ep), pk_cli_esc(in->params_dev, ed, sizeof ed),
                pk_cli_esc(mdev, em, sizeof em), what);
}

/* Everything plot writes, once its inputs are read and the folder's lock is held. */
static int plot_write(plot_args *a, plot_inputs *in, pk_resultdir *rd, const char *gnuplot, const char *scripts)
{
    char err[PK_PATH_MAX + 256], dev[300], note[300] = "";
    int rc, drawn[PK_PLOT_COUNT + 1] = {0};
    pk_plot_data pd;
    pk_plot_data_init(&pd, &in->meas, in->have_pred ? &in->pred : NULL, &in->r);
    snprintf(note, sizeof note, "%s%s%s%s", in->partial ? " (partial sweep)" : "",
             in->foreign ? "; params from " : "", in->foreign ? in->params_dev : "",
             in->foreign ? ", not the measured device" : "");
    pd.shape_note = note;
    if ((rc = stage_paths(a, rd)) >= 0)
        return rc;
    if (!in->have_tl && in->have_params && (rc = simulate_timeline(a, &pd, in)) >= 0)
        return rc;
    pk_cmp_device_label(&in->meas, dev, sizeof dev);
    if ((rc = pk_plot_data_write(&pd, a->sdata, dev, in->have_tl ? &in->tl : NULL, in->tl_note, err, sizeof err)))
        return pk_cli_fail(CMD, pk_cli_exit_write(rc), "%s", err);
    if ((rc = draw(a, &pd, in->have_tl, dev, gnuplot, scripts, drawn)) >= 0)
        return rc;
    if ((rc = commit_plots(a, rd, drawn)) == PK_EXIT_OK && in->foreign)
        warn_foreign(a, in);
    return rc;
}

static int plot(plot_args *a, plot_inputs *in, const char *gnuplot, const char *scripts)
{
    int rc = load_inputs(a, in);
    if (rc >= 0 || (rc = check_images(a, pk_plot_names, PK_PLOT_COUNT)) >= 0)
        return rc;
    pk_resultdir rd;
    if ((rc = pk_cli_lock_out(CMD, a->out, &rd)) >= 0) /* two writers would mix files */
        return rc;
    rc = plot_write(a, in, &rd, gnuplot, scripts);
    pk_resultdir_close(&rd);
    return rc;
}

int pk_cmd_plot(int argc, char **argv)
{
    plot_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char gnuplot[PK_PATH_MAX], scripts[PK_PATH_MAX];
    if (!pk_gnuplot_find(gnuplot, sizeof gnuplot))
        return pk_cli_usage_error(CMD, "%s", pk_gnuplot_missing());
    if (!a.scripts_flag && (rc = pk_gnuplot_env_check(CMD)) >= 0)
        return rc;
    if (!pk_gnuplot_scripts(a.scripts_flag, scripts, sizeof scripts))
        return pk_cli_usage_error(CMD, "%s", a.scripts_flag ? "--scripts: no crossover.gp there"
                                                             : "plot scripts not found (use --scripts DIR)");
    if ((rc = derive_paths(&a)) >= 0 || (rc = check_inputs_not_outputs(&a)) >= 0)
        return rc;
    char verdicts[PK_PATH_MAX];
    if (!pk_gzin_exists(a.path) && pk_path_fmt(verdicts, sizeof verdicts, "%s/verdicts.csv", a.dir) == PK_OK &&
        pk_path_is_file(verdicts))
        return plot_compare(&a, verdicts, gnuplot, scripts);
    plot_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    pk_params_init(&in->params);
    rc = plot(&a, in, gnuplot, scripts);
    inputs_free(in);
    free(in);
    return rc;
}
