/* pkbench simulate: predicts each (strategy, item_ns, batch) point from the cost model (params
 * JSON or a preset) with the discrete-event simulator, the pipelined closed form or the seed's
 * additive model (harness/predict.c), and writes one tidy-CSV row per point (source=predicted);
 * optionally the event timeline of one point (harness/timeline.c); or, with --workload, each
 * strategy's prediction of a replayed workload (harness/workload_predict.c). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/gzin.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/opts.h"
#include "harness/predict.h"
#include "harness/tidy.h"
#include "harness/timeline.h"
#include "harness/workload.h"
#include "harness/workload_predict.h"
#include "harness/run_defaults.h"
#include "sim/model.h"
#include "sim/params.h"

#define MAX_AXIS 4096

static const char *const dist_names[] = {"resample", "lognormal", NULL};

static void simulate_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench simulate (--params FILE | --preset NAME) --out FILE.csv [options]\n"
            "       pkbench simulate (--params FILE | --preset NAME) --workload FILE.csv --out FILE.csv\n\n"
            "Predicts every (strategy, item_ns, batch) point from the cost model and writes one tidy-CSV\n"
            "row per point (source=predicted): wall_ns = predicted total (the median in stochastic mode,\n"
            "with p10/p25/p75/p90), host_ns, setup_ns/teardown_ns where they apply, savings_ns against\n"
            "standard.\n\n"
            "  --params FILE         params JSON of 'pkbench calibrate'\n"
            "  --preset NAME         built-in parameters: %s",
            pk_preset_names[0]);
    for (size_t i = 1; pk_preset_names[i]; i++)
        fprintf(out, ", %s", pk_preset_names[i]);
    fprintf(out,
            "\n  --strategy LIST       standard,standard-sync,graph,persistent,persistent-resident (default: all)\n"
            "  --item-ns LIST        per-item durations d, ns (default " SWEEP_ITEMS ")\n"
            "  --batch LIST          batch sizes N (default " SWEEP_BATCH ")\n"
            "  --grid N --block N    shape written in the rows (default 1 and 0 = shape-independent)\n"
            "  --mode M              des (default), closed-form (pipelined), additive (the seed's model)\n"
            "  --draws N             stochastic runs per point (des only; default 1 = deterministic)\n"
            "  --seed N              random seed of stochastic mode (default 1; needs --draws)\n"
            "  --dist D              resample (default) or lognormal: how measured samples are drawn\n"
            "  --jitter-cv X         lognormal CV for parameters without samples (default 0: constant)\n"
            "  --item-cv X           lognormal CV of each item's duration around item_ns (default 0)\n"
            "  --host-work-ns W      host work before each launch or push (default 0)\n"
            "  --queue-depth Q       override the params' launch_queue_depth (0 = unbounded; --mode des)\n"
            "  --workload FILE.csv   replay a workload ('pkbench trace import', or a CSV naming duration_ns\n"
            "                        and optionally host_gap_ns, launch_ns, sync_before, step) instead of\n"
            "                        the grid: standard as traced, graph one replay per step, the\n"
            "                        persistent kernel one batch per step; --out then gets one row per\n"
            "                        strategy: wall_ns of the whole workload, step_ns, savings\n"
            "  --timeline FILE.csv   event timeline (strategy,actor,what,item,start_ns,end_ns) of one point\n"
            "                        (des mode; with --draws, the costs of draw 0)\n"
            "  --timeline-point P    strategy:item_ns:batch, a point of the grid (with --workload:\n"
            "                        strategy, one of --strategy); optional when there is one\n"
            "  --out FILE.csv        tidy CSV output (with --workload: the workload prediction CSV);\n"
            "                        its folder, and --timeline's, are made as needed\n"
            "  -h, --help            this text\n\n"
            "LIST: a,b,c or lo:hi:pow2, lo:hi:+step, lo:hi:*factor, mixed with commas. --item-ns and --batch\n"
            "are sorted, and a value given twice (64 in 1:64:pow2,64) is predicted once.\n"
            "Exit: 0 done, 2 bad usage or input (nothing written), 71 out of memory, 74 the output\n"
            "could not be written.\n");
}

/* ---- main ---- */

/* The command line, checked. */
typedef struct sim_args {
    const char *params_path, *preset, *workload_path, *timeline_path, *tpoint, *out_path;
    pk_predict_mode mode;
    uint64_t draws, seed, qdepth;
    int qdepth_given;
    double w, jitter, item_cv;
    pk_dist dist;
    unsigned grid, block;
    int strategies[PK_STRAT_COUNT];
    size_t ns, ni, nb;
    uint64_t items[MAX_AXIS], batches[MAX_AXIS];
    int t_strat; /* the timeline's point */
    uint64_t t_item, t_batch;
} sim_args;

enum { O_PARAMS, O_PRESET, O_STRATEGY, O_ITEM, O_BATCH, O_GRID, O_BLOCK, O_MODE, O_DRAWS, O_SEED, O_DIST, O_JITTER,
       O_ITEMCV, O_WORK, O_QDEPTH, O_WORKLOAD, O_TIMELINE, O_TPOINT, O_OUT, O_COUNT };

/* The numbers and names among the options. */
static int take_values(const pk_opts *o, sim_args *a)
{
    uint64_t grid = 1, block = 0;
    int rc, mode = pk_opts_choice(o, O_MODE, pk_predict_mode_names, PK_PREDICT_DES);
    int dist = mode < 0 ? 0 : pk_opts_choice(o, O_DIST, dist_names, PK_DIST_RESAMPLE);
    if (mode < 0 || dist < 0)
        return PK_EXIT_USAGE;
    a->mode = (pk_predict_mode)mode;
    a->dist = (pk_dist)dist;
    a->draws = 1;
    a->seed = 1;
    if ((rc = pk_opts_u64(o, O_GRID, 1u << 20, &grid)) || (rc = pk_opts_u64(o, O_BLOCK, 1u << 20, &block)) ||
        (rc = pk_opts_count(o, O_DRAWS, 1000000, &a->draws)) || (rc = pk_opts_u64(o, O_SEED, UINT64_MAX, &a->seed)) ||
        (rc = pk_opts_double(o, O_JITTER, 0, 10, &a->jitter)) ||
        (rc = pk_opts_double(o, O_ITEMCV, 0, 10, &a->item_cv)) ||
        (rc = pk_opts_double(o, O_WORK, 0, 1e15, &a->w)) || (rc = pk_opts_u64(o, O_QDEPTH, UINT32_MAX, &a->qdepth)))
        return rc;
    a->grid = (unsigned)grid;
    a->block = (unsigned)block;
    a->qdepth_given = pk_opts_has(o, O_QDEPTH);
    return -1;
}

/* The options that exclude each other or need another. */
static int check_combinations(const pk_opts *o, const sim_args *a)
{
    const char *cmd = "simulate";
    if (!a->params_path == !a->preset)
        return pk_cli_usage_error(cmd, "give exactly one of --params FILE and --preset NAME");
    if (!a->out_path)
        return pk_cli_usage_error(cmd, "--out is required (see 'pkbench simulate --help')");
    if ((a->jitter > 0 || a->item_cv > 0) && a->draws <= 1)
        return pk_cli_usage_error(cmd, "%s: random costs need --draws N > 1",
                                  a->jitter > 0 ? "--jitter-cv" : "--item-cv");
    if ((pk_opts_has(o, O_DIST) || pk_opts_has(o, O_SEED)) && a->draws <= 1) /* else ignored, unsaid */
        return pk_cli_usage_error(cmd, "%s: draws need --draws N > 1", pk_opts_has(o, O_DIST) ? "--dist" : "--seed");
    if (a->draws > 1 && a->mode != PK_PREDICT_DES)
        return pk_cli_usage_error(cmd, "--draws: stochastic runs need --mode des");
    if (a->workload_path && (pk_opts_has(o, O_ITEM) || pk_opts_has(o, O_BATCH) || pk_opts_has(o, O_GRID) ||
                             pk_opts_has(o, O_BLOCK))) /* its rows hold their own shapes */
        return pk_cli_usage_error(cmd, "--workload replaces --item-ns, --batch, --grid and --block");
    if (a->workload_path && a->mode == PK_PREDICT_CLOSED_FORM)
        return pk_cli_usage_error(cmd, "--workload: the closed form needs constant durations (use --mode des)");
    if (a->workload_path && a->w > 0)
        return pk_cli_usage_error(cmd, "--workload: host work comes from its host_gap_ns column, not --host-work-ns");
    if (a->tpoint && !a->timeline_path)
        return pk_cli_usage_error(cmd, "--timeline-point needs --timeline FILE.csv");
    if (a->timeline_path && a->mode != PK_PREDICT_DES)
        return pk_cli_usage_error(cmd, "--timeline needs --mode des");
    if (a->qdepth_given && a->mode != PK_PREDICT_DES) /* the closed forms take the queue as never full */
        return pk_cli_usage_error(cmd, "--queue-depth needs --mode des");
    return -1;
}

/* The strategies and the grid's axes (one point of the workload with --workload). */
static int take_grid(const pk_opts *o, sim_args *a)
{
    const char *strat = o->value[O_STRATEGY] ? o->value[O_STRATEGY]
                                             : "standard,standard-sync,graph,persistent,persistent-resident";
    const char *item = o->value[O_ITEM] ? o->value[O_ITEM] : SWEEP_ITEMS;
    const char *batch = o->value[O_BATCH] ? o->value[O_BATCH] : SWEEP_BATCH;
    char err[512];
    a->ni = a->nb = 1;
    if (pk_cli_name_list("--strategy", strat, pk_strategy_names, a->strategies, PK_STRAT_COUNT, &a->ns, err,
                         sizeof err))
        return pk_cli_usage_error("simulate", "%s", err);
    if (a->workload_path)
        return -1;
    if (pk_cli_u64_list("--item-ns", item, UINT64_C(1000000000000), a->items, MAX_AXIS, &a->ni, err, sizeof err) ||
        pk_cli_u64_list("--batch", batch, UINT32_MAX, a->batches, MAX_AXIS, &a->nb, err, sizeof err))
        return pk_cli_usage_error("simulate", "%s", err);
    if (a->nb > 0 && a->batches[0] == 0)
        return pk_cli_usage_error("simulate", "--batch: 0 is not a batch size (N >= 1)");
    if ((double)a->ns * (double)a->ni * (double)a->nb > PK_TIDY_MAX_ROWS) /* what a results table may hold */
        return pk_cli_usage_error("simulate", "--batch: the grid has %.0f points, more than the %d rows a results "
                                  "table holds", (double)a->ns * (double)a->ni * (double)a->nb, PK_TIDY_MAX_ROWS);
    return -1;
}

/* -1 when the timeline's point is one the run predicts (a typo's point is not drawn instead),
 * else the usage error's exit code. */
static int timeline_point_on_grid(const sim_args *a)
{
    int strat = 0, item = 0, batch = 0;
    for (size_t i = 0; i < a->ns; i++)
        strat |= a->strategies[i] == a->t_strat;
    for (size_t i = 0; i < a->ni; i++)
        item |= a->items[i] == a->t_item;
    for (size_t i = 0; i < a->nb; i++)
        batch |= a->batches[i] == a->t_batch;
    if (strat && (a->workload_path || (item && batch)))
        return -1;
    return pk_cli_usage_error("simulate", "--timeline-point: %s is not %s", a->tpoint,
                              a->workload_path ? "among --strategy" : "on the grid (--strategy, --item-ns, --batch)");
}

/* --timeline-point STRATEGY:ITEM_NS:BATCH (with --workload: STRATEGY), or the grid's only point. */
static int take_timeline_point(sim_args *a)
{
    char buf[256], err[512];
    if (!a->tpoint) {
        if (a->ns != 1 || (!a->workload_path && (a->ni != 1 || a->nb != 1)))
            return pk_cli_usage_error("simulate", a->workload_path
                                                      ? "--timeline: name the strategy with --timeline-point STRATEGY "
                                                        "(the workload is simulated under more than one)"
                                                      : "--timeline: name the point with --timeline-point "
                                                        "STRATEGY:ITEM_NS:BATCH (the grid has more than one)");
        a->t_strat = a->strategies[0];
        a->t_item = a->items[0];
        a->t_batch = a->batches[0];
        return -1;
    }
    if (snprintf(buf, sizeof buf, "%s", a->tpoint) >= (int)sizeof buf) /* cut, it would name another point */
        return pk_cli_usage_error("simulate", "--timeline-point: longer than %zu characters", sizeof buf - 1);
    char *f1 = strchr(buf, ':'), *f2 = f1 ? strchr(f1 + 1, ':') : NULL;
    if (f1)
        *f1 = '\0';
    if (f2)
        *f2 = '\0';
    if ((a->t_strat = pk_strategy_lookup(buf)) < 0)
        return pk_cli_usage_error("simulate", "--timeline-point: unknown strategy '%s' (expected one of: %s)", buf,
                                  "standard, standard-sync, graph, persistent, persistent-resident");
    if (a->workload_path ? f1 != NULL : f2 == NULL)
        return pk_cli_usage_error("simulate", "--timeline-point: expected %s, got '%s'",
                                  a->workload_path ? "STRATEGY" : "STRATEGY:ITEM_NS:BATCH", a->tpoint);
    if (a->workload_path)
        return timeline_point_on_grid(a);
    if (pk_cli_u64("--timeline-point item_ns", f1 + 1, UINT64_C(1000000000000), &a->t_item, err, sizeof err) ||
        pk_cli_u64("--timeline-point batch", f2 + 1, UINT32_MAX, &a->t_batch, err, sizeof err))
        return pk_cli_usage_error("simulate", "%s", err);
    if (a->t_batch == 0)
        return pk_cli_usage_error("simulate", "--timeline-point: batch must be at least 1");
    return timeline_point_on_grid(a);
}

/* Each output a file of its own, none of them an input: the outputs replace their files once
 * written, so an input given as an output would be lost to the run that read it. Same file by
 * identity (./p.json, a link) as well as by name. */
static int check_apart(const sim_args *a)
{
    const char *out[2] = {a->out_path, a->timeline_path}, *out_flag[2] = {"--out", "--timeline"};
    const char *in[2] = {a->params_path, a->workload_path}, *in_flag[2] = {"--params", "--workload"};
    if (a->out_path && a->timeline_path && pk_path_same(a->out_path, a->timeline_path))
        return pk_cli_usage_error("simulate", "--timeline: '%s' is the --out file", a->timeline_path);
    char read[PK_PATH_MAX]; /* the file an input's reader takes: NAME, else NAME.gz (common/gzin.h) */
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            if (out[i] && in[j] &&
                (pk_path_same(out[i], in[j]) ||
                 (pk_gzin_which(in[j], read, sizeof read) && pk_path_same(out[i], read))))
                return pk_cli_usage_error("simulate", "%s: '%s' is the %s file", out_flag[i], out[i], in_flag[j]);
    return -1;
}

static int parse_args(int argc, char **argv, sim_args *a)
{
    static const pk_opt table[O_COUNT] = {
        {"params", 1},    {"preset", 1},       {"strategy", 1}, {"item-ns", 1},      {"batch", 1},
        {"grid", 1},      {"block", 1},        {"mode", 1},     {"draws", 1},        {"seed", 1},
        {"dist", 1},      {"jitter-cv", 1},    {"item-cv", 1},  {"host-work-ns", 1}, {"queue-depth", 1},
        {"workload", 1},  {"timeline", 1},     {"timeline-point", 1}, {"out", 1},
    };
    pk_opts o = {.cmd = "simulate", .table = table, .n = O_COUNT, .usage = simulate_usage};
    int rc = pk_opts_parse(&o, argc, argv);
    pk_opts_free(&o);
    if (rc >= 0)
        return rc;
    a->params_path = o.value[O_PARAMS];
    a->preset = o.value[O_PRESET];
    a->workload_path = o.value[O_WORKLOAD];
    a->timeline_path = o.value[O_TIMELINE];
    a->tpoint = o.value[O_TPOINT];
    a->out_path = o.value[O_OUT];
    if ((rc = check_apart(a)) >= 0 || (rc = take_values(&o, a)) >= 0 || (rc = check_combinations(&o, a)) >= 0 ||
        (rc = pk_cli_out_file("simulate", "--out", a->out_path)) >= 0 ||
        (a->timeline_path && (rc = pk_cli_out_file("simulate", "--timeline", a->timeline_path)) >= 0) ||
        (rc = take_grid(&o, a)) >= 0)
        return rc;
    return a->timeline_path ? take_timeline_point(a) : -1;
}

/* The parameters (a file or a preset) with the queue depth given, and the workload. */
static int load_inputs(const sim_args *a, pk_params *p, pk_workload *wl)
{
    char err[PK_PATH_MAX + 256];
    if (a->preset) {
        if (pk_params_preset(a->preset, p) != 0) {
            char known[256] = "";
            for (size_t i = 0; pk_preset_names[i]; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                         pk_preset_names[i]);
            return pk_cli_usage_error("simulate", "--preset: unknown preset '%s' (known: %s)", a->preset, known);
        }
    } else {
        int rc = pk_params_load(a->params_path, p, err, sizeof err);
        if (rc != PK_OK)
            return pk_cli_fail("simulate", pk_cli_exit_read(rc), "--params: %s", err);
    }
    if (a->qdepth_given)
        p->value[PK_P_LAUNCH_QUEUE_DEPTH] = (double)a->qdepth;
    int rc = a->workload_path ? pk_workload_load(a->workload_path, wl, err, sizeof err) : PK_OK;
    if (rc != PK_OK)
        return pk_cli_fail("simulate", pk_cli_exit_read(rc), "--workload: %s", err);
    return -1;
}

/* The model, in stochastic mode with --draws. */
static int make_model(const sim_args *a, const pk_params *p, pk_model **m)
{
    int rc = pk_model_create(m);
    if (rc != PK_OK)
        return pk_cli_fail("simulate", pk_cli_exit_read(rc), "cannot start the simulator: %s", pk_strerror(rc));
    if (a->draws > 1) {
        pk_model_random r = {a->seed, a->dist, a->jitter, a->item_cv};
        if (pk_model_set_random(*m, p, &r) != PK_OK)
            return pk_cli_usage_error("simulate",
                                      "--dist lognormal: a parameter has a negative sample, which no lognormal draws");
    }
    return -1;
}

/* The context every row's file carries: the parameters' and how they were simulated. */
static void set_context(const sim_args *a, const pk_params *p, const pk_costs *c, pk_context *ctx)
{
    *ctx = p->context;
    pk_context_set(ctx, "prediction_source", p->source);
    pk_context_set(ctx, "simulate_mode", pk_predict_mode_names[a->mode]);
    pk_context_setf(ctx, "simulate_draws", "%" PRIu64, a->draws);
    if (a->draws > 1) {
        pk_context_setf(ctx, "simulate_seed", "%" PRIu64, a->seed);
        pk_context_set(ctx, "simulate_dist", dist_names[a->dist]);
        pk_context_setf(ctx, "simulate_jitter_cv", "%g", a->jitter);
        pk_context_setf(ctx, "simulate_item_cv", "%g", a->item_cv);
    }
    pk_context_setf(ctx, "simulate_host_work_ns", "%g", a->w);
    /* the closed forms take the queue as never full: 0, unbounded, whatever the parameters say */
    pk_context_setf(ctx, "simulate_queue_depth", "%" PRIu64, a->mode == PK_PREDICT_DES ? c->Q : 0);
    if (a->workload_path)
        pk_context_set_tail(ctx, "simulate_workload", a->workload_path); /* a long one: its tail */
    pk_context_setf(ctx, "pkbench_version", "%s", pk_version());
}

/* The items of one batch: n of duration d. */
static pk_items batch_items(const sim_args *a, uint64_t n, uint64_t d)
{
    pk_items it = {n, (double)d, a->w, NULL, NULL, NULL};
    return it;
}

/* Items the run replays event by event (draws included; the closed forms cost nothing). */
static double work_items(const sim_args *a, const pk_workload *wl)
{
    double batches = 0;
    for (size_t bi = 0; bi < a->nb; bi++)
        batches += (double)a->batches[bi];
    if (a->workload_path)
        batches = (double)wl->n;
    return a->mode == PK_PREDICT_DES ? (double)a->ns * (double)(a->workload_path ? 1 : a->ni) * batches *
                                           (double)a->draws
                                     : 0;
}

/* Refuses a run beyond PK_PREDICT_MAX_ITEMS or a timeline beyond PK_TIMELINE_MAX_ITEMS items. */
static int check_work(const sim_args *a, const pk_workload *wl)
{
    double work = work_items(a, wl);
    uint64_t tl_items = a->workload_path ? wl->n : a->t_batch;
    if (work > PK_PREDICT_MAX_ITEMS)
        return pk_cli_usage_error("simulate", "%s: the run would replay %.3g items event by event, more than the "
                                  "limit of %.0e (minutes): give fewer or smaller batches, fewer --draws, or "
                                  "--mode closed-form", a->draws > 1 ? "--draws" : a->workload_path ? "--workload"
                                  : "--batch", work, PK_PREDICT_MAX_ITEMS);
    if (a->timeline_path && tl_items > PK_TIMELINE_MAX_ITEMS)
        return pk_cli_usage_error("simulate", "--timeline: a timeline of %" PRIu64 " items is more than the limit of "
                                  "%d (some tens of MB)", tl_items, PK_TIMELINE_MAX_ITEMS);
    return -1;
}

/* A progress line on stderr, at most every two seconds, for runs of more than 5e7 items. */
static void progress(double total, double done, size_t k, size_t n, double *last)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    if (total < 5e7 || now - *last < 2)
        return;
    *last = now;
    fprintf(stderr, "pkbench simulate: %zu of %zu points, %.3g of %.3g items\n", k, n, done, total);
}

/* One row per (strategy, item_ns, batch) of the grid. */
static int predict_all(sim_args *a, const pk_params *p, pk_model *m, const pk_costs *c, pk_table *t)
{
    double total = work_items(a, NULL), done = 0, last = 0;
    for (size_t si = 0; si < a->ns; si++)
        for (size_t ii = 0; ii < a->ni; ii++)
            for (size_t bi = 0; bi < a->nb; bi++) {
                pk_point key = {(pk_strategy)a->strategies[si], a->items[ii], a->batches[bi], a->grid, a->block};
                progress(total, done, t->n, a->ns * a->ni * a->nb, &last);
                done += a->mode == PK_PREDICT_DES ? (double)key.batch * (double)a->draws : 0;
                pk_items it = batch_items(a, key.batch, key.item_ns);
                pk_prediction_dist pd;
                pk_row row;
                int rc = pk_predict(m, c, a->mode, key.strategy, &it, a->draws, &pd);
                if (rc != PK_OK)
                    return pk_cli_fail("simulate", pk_cli_exit_read(rc), "point %s:%" PRIu64 ":%" PRIu64 ": %s",
                                       pk_strategy_names[key.strategy], key.item_ns, key.batch, pk_strerror(rc));
                pk_predict_row(&row, p, &key, &pd, (double)key.item_ns);
                if (pk_table_push(t, &row) != PK_OK)
                    return pk_cli_fail("simulate", PK_EXIT_OSERR, "out of memory");
            }
    return -1;
}

/* One prediction per strategy of the workload, savings against standard. */
static int predict_workload(const sim_args *a, const pk_workload *wl, pk_model *m, const pk_costs *c,
                            pk_workload_prediction *wp)
{
    for (size_t si = 0; si < a->ns; si++) {
        pk_strategy s = (pk_strategy)a->strategies[si];
        int rc = pk_workload_predict(m, c, a->mode, s, wl, a->draws, &wp[si]);
        if (rc != PK_OK)
            return pk_cli_fail("simulate", pk_cli_exit_read(rc), "--workload: %s: %s", pk_strategy_names[s],
                               pk_strerror(rc));
    }
    pk_workload_fill_savings(wp, a->ns);
    return -1;
}

/* The success line, "simulate:WHAT written to OUT[, timeline to FILE]", its paths escaped. */
static void print_written(const sim_args *a, const char *what)
{
    char eo[PK_CLI_ESC_MAX], et[PK_CLI_ESC_MAX];
    const char *tl = a->timeline_path ? pk_cli_esc(a->timeline_path, et, sizeof et) : NULL;
    printf("simulate:%s written to %s%s%s\n", what, pk_cli_esc(a->out_path, eo, sizeof eo), tl ? ", timeline to " : "",
           tl ? tl : "");
}

/* The predictions as a table on stdout, in microseconds; a strategy's one-time setup (graph:
 * capture and instantiation, once per step's shape) is its own column, outside the wall. */
static void print_workload(const sim_args *a, const pk_workload *wl, const pk_workload_prediction *wp)
{
    char ew[PK_CLI_ESC_MAX];
    printf("simulate: %zu ops in %zu steps from %s (%s), times in µs:\n", wl->n, wl->nsteps,
           pk_cli_esc(a->workload_path, ew, sizeof ew), pk_predict_mode_names[a->mode]);
    printf("  %-20s %12s %12s %12s %8s %14s\n", "strategy", "wall", "per step", "savings", "savings", "setup");
    int graph_setup = 0;
    for (size_t i = 0; i < a->ns; i++) {
        printf("  %-20s %12.1f %12.1f", pk_strategy_names[wp[i].strategy], wp[i].wall_ns / 1e3, wp[i].step_ns / 1e3);
        if (isfinite(wp[i].savings_ns))
            printf(" %12.1f %7.1f%%", wp[i].savings_ns / 1e3, wp[i].savings_pct);
        else
            printf(" %12s %8s", "-", "-");
        const int setup = wp[i].strategy == PK_STRAT_GRAPH && isfinite(wp[i].setup_ns);
        if (setup)
            printf(" %14.1f\n", wp[i].setup_ns / 1e3);
        else
            printf(" %14s\n", "-");
        graph_setup |= setup;
    }
    if (graph_setup)
        printf("  (graph's setup, capturing and instantiating its graphs, is outside its wall: paid once, "
               "before the replays)\n");
    print_written(a, "");
}

/* Opens the timeline file and writes the timeline of the chosen point (of the whole workload
 * under the chosen strategy with --workload) into it; nothing is left behind on failure. */
static int write_timeline(const sim_args *a, const pk_workload *wl, pk_model *m, const pk_costs *c, pk_afile *tlf)
{
    const pk_strategy which = (pk_strategy)a->t_strat;
    if (pk_afile_open(tlf, a->timeline_path) != PK_OK)
        return pk_cli_fail("simulate", PK_EXIT_IOERR, "--timeline: cannot write '%s': %s", a->timeline_path,
                           strerror(errno));
    int rc;
    if (a->workload_path) {
        pk_workload_runs r;
        rc = pk_workload_runs_build(wl, which, &r);
        if (rc == PK_OK)
            rc = pk_timeline_emit_runs(tlf->fp, m, c, which, r.run, r.n, r.after_ns);
        pk_workload_runs_free(&r);
    } else {
        pk_items it = batch_items(a, a->t_batch, a->t_item);
        rc = pk_timeline_emit(tlf->fp, m, c, &which, 1, &it);
    }
    if (rc != PK_OK) {
        pk_afile_abort(tlf);
        return rc == PK_ERANGE ? pk_cli_usage_error("simulate", "--timeline: " PK_TIMELINE_BEYOND)
                               : pk_cli_fail("simulate", pk_cli_exit_read(rc), "--timeline-point: %s", pk_strerror(rc));
    }
    return -1;
}

/* The CSV (a tidy table, or with --workload the workload's predictions) and the timeline, both
 * or neither: each is written to a temporary file, and only when both are whole are they
 * renamed together; a failure leaves every earlier file as it was. */
static int write_outputs(const sim_args *a, const pk_workload *wl, pk_model *m, const pk_costs *c, pk_table *t,
                         const pk_workload_prediction *wp)
{
    pk_afile f[2] = {0}; /* the CSV, then the timeline */
    const char *flag[2] = {"--out", "--timeline"}, *path[2] = {a->out_path, a->timeline_path};
    size_t n = a->timeline_path ? 2 : 1, bad = 0;
    char made[2][PK_PATH_MAX] = {"", ""}; /* the folders made for them, removed again on failure */
    int rc;
    char why[512];
    for (size_t i = 0; !a->workload_path && i < t->n; i++) /* what the tidy reader would refuse */
        if (pk_tidy_check_row(&t->rows[i], why, sizeof why) != PK_OK)
            return pk_cli_usage_error("simulate", "--out: the prediction of %s at item_ns %" PRIu64 ", batch %" PRIu64
                                      ": %s, which a results table may not hold",
                                      pk_strategy_names[t->rows[i].key.strategy], t->rows[i].key.item_ns,
                                      t->rows[i].key.batch, why);
    for (size_t i = 0; i < n; i++) { /* their folders are made as needed */
        pk_path_first_missing(path[i], made[i], sizeof made[i]);
        if (pk_path_mkparent(path[i]) != 0) {
            int e = errno;
            for (size_t j = i + 1; j-- > 0;)
                pk_path_remove_made(path[j], made[j]);
            return pk_cli_fail("simulate", PK_EXIT_IOERR, "%s: cannot create the folder of '%s': %s", flag[i], path[i],
                               strerror(e));
        }
    }
    if (a->timeline_path && (rc = write_timeline(a, wl, m, c, &f[1])) >= 0) {
        for (size_t i = n; i-- > 0;)
            pk_path_remove_made(path[i], made[i]);
        return rc;
    }
    rc = pk_afile_open(&f[0], a->out_path);
    if (rc == PK_OK) {
        if (a->workload_path) {
            pk_workload_prediction_write_fp(f[0].fp, &t->context, wl, wp, a->ns);
        } else {
            pk_table_fill_savings(t);
            pk_table_write_fp(f[0].fp, t);
        }
        rc = pk_afile_commit_all(f, n, &bad);
    }
    if (rc != PK_OK) {
        int e = errno;
        for (size_t i = 0; i < n; i++)
            pk_afile_abort(&f[i]);
        for (size_t i = n; i-- > 0;)
            pk_path_remove_made(path[i], made[i]);
        return pk_cli_fail("simulate", PK_EXIT_IOERR, "%s: cannot write '%s': %s (no file changed)", flag[bad],
                           path[bad], strerror(e));
    }
    if (a->workload_path) {
        print_workload(a, wl, wp);
    } else {
        char rows[96];
        snprintf(rows, sizeof rows, " %zu predicted rows (%s)", t->n, pk_predict_mode_names[a->mode]);
        print_written(a, rows);
    }
    return PK_EXIT_OK;
}

static int simulate(sim_args *a)
{
    pk_params p;
    pk_workload wl = {0};
    pk_workload_prediction wp[PK_STRAT_COUNT];
    pk_model *m = NULL;
    pk_table t = {0};
    pk_costs c;
    pk_params_init(&p);
    int rc = load_inputs(a, &p, &wl);
    if (rc < 0)
        rc = check_work(a, &wl);
    if (rc < 0) {
        pk_costs_from_params(&p, &c);
        set_context(a, &p, &c, &t.context);
        if (a->workload_path) { /* graph's per-node cost: the gap alone where item_kernel_ns is known */
            pk_workload_costs(&p, &c, &t.context);
            pk_workload_gap_samples(&p); /* and in every draw of --draws */
        }
        if ((rc = make_model(a, &p, &m)) < 0)
            rc = a->workload_path ? predict_workload(a, &wl, m, &c, wp) : predict_all(a, &p, m, &c, &t);
        if (rc < 0)
            rc = write_outputs(a, &wl, m, &c, &t, wp);
    }
    pk_table_free(&t);
    pk_model_destroy(m);
    pk_workload_free(&wl);
    pk_params_free(&p);
    return rc;
}

int pk_cmd_simulate(int argc, char **argv)
{
    sim_args *a = calloc(1, sizeof *a);
    if (!a)
        return pk_cli_fail("simulate", PK_EXIT_OSERR, "out of memory");
    int rc = parse_args(argc, argv, a);
    if (rc < 0)
        rc = simulate(a);
    free(a);
    return rc;
}
