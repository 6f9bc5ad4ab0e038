/* pkbench compare: predicted against measured (report.md, errors.csv, summary.json, CI gates),
 * or candidate runs against a baseline history (same / faster / slower / undecided per point,
 * verdicts.csv and summary.json). The work is in harness/compare.c (the analysis), report.c
 * (the outputs and gates), baseline.c and verdict.c (the regression verdicts) and predict.c (the
 * simulator's prediction when only parameters are given). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/gzin.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"
#include "harness/measured.h"
#include "harness/noise.h"
#include "harness/opts.h"
#include "harness/paired.h"
#include "harness/predict.h"
#include "harness/report.h"
#include "harness/resultdir.h"
#include "harness/verdict_cli.h"

#define CMD "compare"

static void compare_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench compare --measured DIR [--predicted FILE.csv] [--params FILE] [--out DIR]\n"
            "                       [--strategy LIST] [--allow-missing] [gates...]\n"
            "       pkbench compare --baseline DIR[,DIR...] --candidate DIR[,DIR...] [--out DIR]\n"
            "                       [--threshold PCT] [--fdr PCT] [--min-sd PCT] [--window N]\n"
            "                       [--replicates-as-runs | --paired] [--inject STRATEGY:PCT]\n"
            "                       [--margin PCT] [--host-state PARAMS] [--prior FILE]\n"
            "       pkbench compare --fit-prior DIR,DIR[,DIR...] --out DIR\n\n"
            "Predicted against measured: joins DIR/measured.csv with the prediction on (strategy,\n"
            "item_ns, batch, grid, block); a predicted grid or block of 0 matches any measured shape.\n"
            "Every measured point of the judged strategies must have a prediction: a prediction that\n"
            "misses one is refused (exit 2, naming the first), unless --allow-missing.\n"
            "Writes OUT/report.md, OUT/errors.csv (per point), OUT/decisions.csv (per batch: the measured\n"
            "best and each policy's choice and loss) and OUT/summary.json (gates and their verdicts, MAPE\n"
            "per strategy, crossovers, regret); without --out, report.md goes to standard output and\n"
            "nothing is written. Without --predicted, the simulator predicts every measured point first\n"
            "from --params, else DIR/params.json (into OUT/predicted.csv). The seed policy is judged with\n"
            "the calibrated h = launch_host_ns and S = persistent_setup_ns of --params, else of\n"
            "DIR/params.json when present; so is the overlap-aware policy (pkbench/policy.h), with every\n"
            "calibrated figure. The simulator policy picks the faster predicted of standard and persistent.\n"
            "Beside DIR/measured.csv, the paired check that 'pkbench run' makes of the cells where standard\n"
            "and persistent tie (DIR/crosscheck/, used when crosscheck/of names this sweep's run_id) adds\n"
            "a section: the winner there with both measured in one state, the crossovers again with it, and\n"
            "the model against it, calibrated and (with --params) at the state the check's canaries met.\n\n"
            "  --measured DIR             directory holding measured.csv (or that file itself, by that name)\n"
            "  --predicted FILE           predicted tidy CSV ('pkbench simulate --out')\n"
            "  --params FILE              calibrated parameters (seed policy; simulate on the fly);\n"
            "                             default DIR/params.json when present\n"
            "  --out DIR                  where the files go (created); without it, report.md to stdout\n"
            "  --strategy LIST            strategies to judge (default: all measured)\n"
            "  --allow-missing            judge only the measured points that have a prediction (the\n"
            "                             report says how many: 'joined N of M')\n"
            "gates (each verdict printed as 'gate pass|fail|inconclusive (why): ...'; exit 1 when one\n"
            "fails, each failure also named on one stderr line; a gate that would fail is inconclusive\n"
            "when the params context shows a noisy machine, an unpinned host loop or a failed g check):\n"
            "  --max-mape PCT             every judged strategy's MAPE, percent (inconclusive for a\n"
            "                             strategy within it given the host's state: sweep --canary)\n"
            "  --max-aggregate PCT        overall sum|p-m|/sum m, percent\n"
            "  --max-crossover-error N    simulator crossover off by more than N grid steps (every\n"
            "                             crossover judged: each measured batch of standard and\n"
            "                             persistent predicted, else refused)\n"
            "  --max-regret PCT           simulator policy's summed loss, percent of the oracle total\n"
            "  --max-seed-regret PCT      seed policy's summed loss, percent of the oracle total\n"
            "  --max-overlap-regret PCT   overlap-aware policy's summed loss, percent of the oracle total\n\n");
    fprintf(out,
            "Baseline against candidate: a history of baseline runs (comma-separated folders) against\n"
            "one or more candidate runs. Per point: the change of the geometric mean of the runs'\n"
            "medians (a run's passes with --replicates), judged by the run-to-run spread pooled over\n"
            "batch sizes within x4 (same strategy, item_ns, shape), with false faster/slower verdicts\n"
            "controlled across all points (Benjamini-Hochberg). slower / faster: the change's interval\n"
            "lies beyond +-margin and the change itself beyond +-threshold; same: the interval lies\n"
            "within +-threshold; undecided: neither, or too few runs (3 baseline + 1 candidate, or\n"
            "2 + 2, are needed). Writes OUT/verdicts.csv, OUT/summary.json and OUT/report.md;\n"
            "exit 1 when any point is slower.\n"
            "  --threshold PCT            practical threshold (default 5)\n"
            "  --fdr PCT                  false discovery rate of faster/slower verdicts (default 5)\n"
            "  --min-sd PCT               run-to-run sd assumed at least (default 0.5)\n"
            "  --window N                 neighbours: batch within a factor 2^N, N from 0 to 64 and\n"
            "                             possibly fractional (default 2; 0: the same batch only)\n"
            "  --replicates-as-runs       with one run per side, judge by its passes (same session only)\n"
            "  --paired                   the two sides of one pkbench ab run (DIR/a, DIR/b): blocks paired\n"
            "  --inject STRATEGY:PCT      change the candidate's medians of STRATEGY by PCT percent first\n"
            "                             (a power check: what would the gate find in this data?)\n"
            "  --margin PCT               how far beyond no change the interval must lie (default: half\n"
            "                             the threshold; 0: any change told from none; the threshold:\n"
            "                             the whole interval beyond it, a change of twice the threshold\n"
            "                             then needs a run-to-run sd under about 1.5%%)\n"
            "  --host-state PARAMS        also judge the runs with the host's launch cost taken out: every\n"
            "                             row scaled by the model (PARAMS) from its canary to the calibrated\n"
            "                             h (runs made with sweep --canary); both judgements are one\n"
            "                             family at the --fdr; slower/faster if either says so, same only\n"
            "                             if the runs as measured say same\n"
            "  --prior FILE               moderate each point's run-to-run spread by a prior fitted from\n"
            "                             other histories of this machine and sweep (--fit-prior): a\n"
            "                             history of 3 runs then judges with the prior's degrees of freedom\n"
            "                             too; valid when this session is like the fitted ones (one whose\n"
            "                             spreads lie above the prior's scales the prior up to them)\n"
            "Fitting a prior: --fit-prior reads the spread.csv of two or more compare folders (one per\n"
            "history: each compare writes OUT/spread.csv, the points' spread from its runs alone) and\n"
            "writes OUT/prior.csv: per point the typical run-to-run sd and, from how much it moves between\n"
            "the histories beyond their sampling noise, its weight in degrees of freedom (empirical Bayes).\n\n"
            "Exit codes: 0 ok, 1 a gate failed or a slowdown was found, 2 bad usage or input,\n"
            "71 out of memory, 74 the outputs could not be written (none is left).\n");
}

/* The command line, checked. */
typedef struct compare_args {
    const char *measured, *predicted, *params_path, *out, *base, *cand, *strat_text, *inject, *host_state, *prior,
        *fit_prior;
    pk_verdict_params vp;
    int verdict_flags; /* a verdict option was given */
    int allow_missing; /* --allow-missing: judge the measured points that have a prediction */
    pk_gates g;
} compare_args;

/* Parses argv into a. Returns -1 to go on, else the exit code (help, or a usage error). */
static int parse_args(int argc, char **argv, compare_args *a)
{
    enum { O_MEAS, O_PRED, O_PARAMS, O_OUT, O_STRAT, O_MAPE, O_AGG, O_CROSS, O_REGRET, O_SEED_REGRET, O_OVL_REGRET,
           O_BASE, O_CAND, O_THRESH, O_FDR, O_MINSD, O_WINDOW, O_REPRUNS, O_PAIRED, O_INJECT, O_MARGIN, O_HOST_STATE,
           O_PRIOR, O_FIT_PRIOR, O_ALLOW_MISSING, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"measured", 1},        {"predicted", 1},  {"params", 1},          {"out", 1},
        {"strategy", 1},        {"max-mape", 1},   {"max-aggregate", 1},   {"max-crossover-error", 1},
        {"max-regret", 1},      {"max-seed-regret", 1}, {"max-overlap-regret", 1}, {"baseline", 1},
        {"candidate", 1},       {"threshold", 1},      {"fdr", 1},             {"min-sd", 1},
        {"window", 1},          {"replicates-as-runs", 0}, {"paired", 0},        {"inject", 1},
        {"margin", 1},          {"host-state", 1},      {"prior", 1},          {"fit-prior", 1},
        {"allow-missing", 0},
    };
    pk_opts o = {.cmd = CMD, .table = table, .n = O_COUNT, .usage = compare_usage};
    int rc = pk_opts_parse(&o, argc, argv);
    pk_opts_free(&o);
    if (rc >= 0)
        return rc;
    memset(a, 0, sizeof *a);
    pk_gates *g = &a->g;
    static const int verdict_ids[5] = {O_THRESH, O_FDR, O_MINSD, O_WINDOW, O_MARGIN};
    if ((rc = pk_opts_double(&o, O_MAPE, 0, 1e9, &g->mape)) ||
        (rc = pk_opts_double(&o, O_AGG, 0, 1e9, &g->aggregate)) ||
        (rc = pk_opts_u64(&o, O_CROSS, 1000, &g->cross)) || (rc = pk_opts_double(&o, O_REGRET, 0, 1e9, &g->regret)) ||
        (rc = pk_opts_double(&o, O_SEED_REGRET, 0, 1e9, &g->seed_regret)) ||
        (rc = pk_opts_double(&o, O_OVL_REGRET, 0, 1e9, &g->overlap_regret)) ||
        (rc = pk_verdict_cli_options(CMD, &o, verdict_ids, &a->vp)) >= 0)
        return rc;
    a->vp.replicate_scale = pk_opts_has(&o, O_REPRUNS);
    a->vp.paired = pk_opts_has(&o, O_PAIRED);
    a->inject = o.value[O_INJECT];
    a->host_state = o.value[O_HOST_STATE];
    a->prior = o.value[O_PRIOR];
    a->fit_prior = o.value[O_FIT_PRIOR];
    a->allow_missing = pk_opts_has(&o, O_ALLOW_MISSING);
    for (int i = O_THRESH; i <= O_PRIOR; i++)
        a->verdict_flags |= pk_opts_has(&o, i);
    g->has_mape = pk_opts_has(&o, O_MAPE);
    g->has_aggregate = pk_opts_has(&o, O_AGG);
    g->has_cross = pk_opts_has(&o, O_CROSS);
    g->has_regret = pk_opts_has(&o, O_REGRET);
    g->has_seed_regret = pk_opts_has(&o, O_SEED_REGRET);
    g->has_overlap_regret = pk_opts_has(&o, O_OVL_REGRET);
    a->measured = o.value[O_MEAS];
    a->predicted = o.value[O_PRED];
    a->params_path = o.value[O_PARAMS];
    a->out = o.value[O_OUT];
    a->strat_text = o.value[O_STRAT];
    a->base = o.value[O_BASE];
    a->cand = o.value[O_CAND];
    return -1;
}

/* The inputs of predicted against measured, read and checked before anything is written. */
typedef struct compare_inputs {
    char path[PK_PATH_MAX], auto_params[PK_PATH_MAX], sim_path[PK_PATH_MAX], pred_desc[2 * PK_PATH_MAX + 96];
    const char *pred_path, *params_path;
    int mask[PK_STRAT_COUNT], *maskp;
    pk_table meas, pred;
    pk_params params;
    int have_params;
    int replaces_pred; /* OUT, a results folder (measured.csv: plot reads it), held a predicted.csv */
    char check_path[PK_PATH_MAX]; /* the crossovers' paired check beside measured.csv, when used */
    pk_table check;               /* as read */
    pk_paired *paired;            /* its judgement of the cells where the sweep's two strategies tie */
    size_t npaired, tied;         /* those cells, and how many tie in the sweep (PK_PAIRED_MAX_CELLS checked) */
    size_t npaired_all;           /* paired[npaired..npaired_all): the check's other cells (its sweep spans more) */
} compare_inputs;

static void inputs_free(compare_inputs *in)
{
    pk_table_free(&in->meas);
    pk_table_free(&in->pred);
    pk_params_free(&in->params);
    pk_table_free(&in->check);
    free(in->paired);
}

/* The crossovers' paired check that `pkbench run` leaves beside the sweep (crosscheck/measured.csv
 * or .gz in the folder of measured.csv, harness/paired.h), judged, and kept to the cells where
 * the sweep's standard and persistent tie (their IQRs overlapping; the check's sweep spans more).
 * A check made for another sweep (crosscheck/of) is left out with a note. Returns -1 when all is
 * well, else the exit code (the reason printed). */
static int load_check(compare_inputs *in)
{
    char dir[PK_PATH_MAX], err[PK_PATH_MAX + 256], why[256];
    const char *slash = strrchr(in->path, '/'); /* in->path: the measured table read */
    if ((slash ? pk_path_fmt(dir, sizeof dir, "%.*s/crosscheck", (int)(slash - in->path), in->path)
               : pk_path_fmt(dir, sizeof dir, "crosscheck")) != PK_OK ||
        pk_path_join(in->check_path, sizeof in->check_path, dir, "measured.csv", err, sizeof err) != PK_OK ||
        !pk_gzin_exists(in->check_path)) {
        in->check_path[0] = '\0';
        return -1;
    }
    if (!pk_paired_is_of(dir, &in->meas, why, sizeof why)) {
        pk_cli_note(CMD, "note: %s left out: not this sweep's paired check: %s", dir, why);
        in->check_path[0] = '\0';
        return -1;
    }
    pk_table *t = &in->check;
    pk_point tied[PK_PAIRED_MAX_CELLS];
    int rc = pk_paired_read(in->check_path, t, &in->paired, &in->npaired, err, sizeof err);
    if (rc != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "the crossovers' paired check: %s", err);
    in->tied = pk_paired_pick(&in->meas, tied, PK_PAIRED_MAX_CELLS);
    size_t m = 0, covered = in->tied < PK_PAIRED_MAX_CELLS ? in->tied : PK_PAIRED_MAX_CELLS;
    for (size_t i = 0; i < in->npaired; i++) /* the tied cells first, in order; the others after */
        for (size_t k = 0; k < covered; k++)
            if (pk_point_equal(&in->paired[i].key, &tied[k])) {
                pk_paired x = in->paired[i];
                memmove(&in->paired[m + 1], &in->paired[m], (i - m) * sizeof x);
                in->paired[m++] = x;
                break;
            }
    in->npaired_all = in->npaired;
    in->npaired = m;
    return -1;
}

/* Reads the measured table, the parameters and the prediction (or simulates it), and creates
 * OUT. Returns -1 when all is well, else the exit code (the reason printed). */
static int load_inputs(const compare_args *a, compare_inputs *in)
{
    char err[PK_PATH_MAX + 256];
    in->pred_path = a->predicted ? a->predicted : in->sim_path;
    in->params_path = a->params_path;
    if (pk_path_join(in->auto_params, sizeof in->auto_params, a->measured, "params.json", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--measured: %s", err);
    if (!a->predicted && a->out &&
        pk_path_join(in->sim_path, sizeof in->sim_path, a->out, "predicted.csv", err, sizeof err))
        return pk_cli_usage_error(CMD, "--out: %s", err);
    char shown[PK_PATH_MAX], shown_params[PK_PATH_MAX]; /* the paths as the report shows them */
    if (pk_path_fmt(in->pred_desc, sizeof in->pred_desc, "`%s`", pk_path_shown(in->pred_path, shown, sizeof shown)) !=
        PK_OK)
        return pk_cli_usage_error(CMD, "--predicted: %s: path too long", in->pred_path);
    int rc = pk_verdict_cli_read(CMD, "--measured", a->measured, in->path, sizeof in->path, &in->meas);
    if (rc != PK_EXIT_OK)
        return rc;
    if ((rc = load_check(in)) >= 0) /* rows of one backend, source=measured: pk_measured_read's rule */
        return rc;
    if (!in->params_path && pk_gzin_exists(in->auto_params))
        in->params_path = in->auto_params;
    if (!in->params_path && !a->predicted)
        return pk_cli_usage_error(CMD, "--predicted or --params is required: %s holds no params.json", a->measured);
    if (in->params_path) {
        if ((rc = pk_params_load(in->params_path, &in->params, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
        in->have_params = 1;
    }
    if (a->predicted) {
        if ((rc = pk_table_read_csv_as(in->pred_path, "predicted", &in->pred, err, sizeof err)) != PK_OK ||
            (rc = pk_cmp_check_predicted(&in->pred, in->pred_path, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--predicted: %s", err);
    } else {
        /* Simulated now, written to OUT/predicted.csv only with the report. */
        if ((rc = pk_predict_measured(&in->meas, in->maskp, &in->params, &in->pred, err, sizeof err)) != PK_OK)
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
        pk_path_shown(in->params_path, shown_params, sizeof shown_params);
        in->replaces_pred = a->out && pk_gzin_exists(in->sim_path) &&
                            pk_resultdir_holds(a->out, (const char *const[]){"measured.csv", "measured.csv.gz"}, 2);
        if (a->out)
            snprintf(in->pred_desc, sizeof in->pred_desc,
                     "`%s`, simulated (discrete-event model, deterministic) from `%s`", shown, shown_params);
        else
            snprintf(in->pred_desc, sizeof in->pred_desc, "simulated (discrete-event model, deterministic) from `%s`",
                     shown_params);
    }
    /* OUT is created only when the report is written (pk_cli_lock_out), once every input has been
     * read and judged; whether it could be was checked first (pk_cmd_compare). */
    return -1;
}

/* Names the first gate whose precondition r does not meet; 0 when all are met. */
static int check_preconditions(const compare_args *a, const pk_cmp_result *r, const char *path,
                               const char *pred_path)
{
    const pk_gates *g = &a->g;
    if (r->matched == 0)
        return pk_cli_usage_error(CMD, "no measured point of %s has a prediction in %s", path,
                                  a->predicted ? pred_path : "the simulation");
    /* Every gate judges the points joined: a prediction of a few of them would pass for all. */
    for (size_t i = 0; i < r->npts && r->unmatched_measured && !a->allow_missing; i++) {
        const pk_point *k = &r->pts[i].key;
        if (!isfinite(r->pts[i].p_ns))
            return pk_cli_usage_error(CMD, "%s predicts %zu of the %zu measured points of %s (the first without: %s "
                                           "item_ns=%" PRIu64 " batch=%" PRIu64 " grid=%" PRIu64 " block=%" PRIu64 "); "
                                           "predict every point, "
                                           "or pass --allow-missing to judge those predicted alone",
                                      a->predicted ? pred_path : "the simulation", r->matched, r->npts, path,
                                      pk_strategy_names[k->strategy], (uint64_t)k->item_ns, (uint64_t)k->batch,
                                      (uint64_t)k->grid, (uint64_t)k->block);
    }
    if (g->has_seed_regret && !r->policy[PK_POL_SEED].available)
        return pk_cli_usage_error(CMD, "--max-seed-regret needs --params (or %s/params.json) and standard and "
                                       "persistent points", a->measured);
    if (g->has_overlap_regret && !r->policy[PK_POL_OVERLAP].available)
        return pk_cli_usage_error(CMD, "--max-overlap-regret needs --params (or %s/params.json) and standard and "
                                       "persistent points", a->measured);
    for (size_t c = 0; g->has_regret && c < r->ncells; c++) /* --allow-missing: a cell the simulator cannot judge */
        if (r->cells[c].choice[PK_POL_SIM] < 0)
            return pk_cli_usage_error(CMD, "--max-regret needs standard and persistent predicted at every batch where "
                                           "both are measured: item_ns=%" PRIu64 " batch=%" PRIu64 " grid=%u block=%u "
                                           "lacks one",
                                      r->cells[c].key.item_ns, r->cells[c].key.batch, r->cells[c].key.grid,
                                      r->cells[c].key.block);
    if (g->has_regret && !r->policy[PK_POL_SIM].available)
        return pk_cli_usage_error(CMD, "--max-regret needs standard and persistent points measured and predicted");
    /* A crossover whose series lacks a prediction (--allow-missing) is not judged: the gate
     * would pass on the others, or on none. */
    size_t judged = 0;
    for (size_t c = 0; c < r->ncross; c++) {
        judged += r->cross[c].have_predicted != 0;
        if (g->has_cross && !r->cross[c].have_predicted)
            return pk_cli_usage_error(CMD, "--max-crossover-error needs standard and persistent predicted at every "
                                           "measured batch: item_ns=%" PRIu64 " grid=%u block=%u lacks some",
                                      r->cross[c].item_ns, r->cross[c].grid, r->cross[c].block);
    }
    if (g->has_cross && !judged)
        return pk_cli_usage_error(CMD, "--max-crossover-error needs standard and persistent points measured and "
                                       "predicted");
    return 0;
}

/* The crossovers' paired check against the model: its ratios (calibrated, and at the check's
 * state; simulated from parameters only, as hs), and the crossovers with the check, calibrated
 * (r) and given the host's state (hs, the checked batches at the check's). Returns -1, or the
 * exit code (the reason printed). */
static int paired_model(const compare_args *a, compare_inputs *in, pk_cmp_result *r, pk_hoststate *hs)
{
    char err[PK_PATH_MAX + 256];
    int rc = in->have_params && !a->predicted
                 ? pk_paired_model(&in->check, &in->params, in->paired, in->npaired_all, err, sizeof err)
                 : PK_OK;
    if (rc == PK_ERANGE)
        pk_cli_note(CMD, "note: the paired check not judged against the model: %s", err);
    else if (rc != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
    if (pk_paired_apply(r, in->paired, in->npaired, 0) != PK_OK ||
        (hs->have && pk_paired_apply(&hs->pooled, in->paired, in->npaired, 1) != PK_OK))
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    return -1;
}

/* Predicted against measured: OUT/report.md, errors.csv and decisions.csv; exit 1 when a gate
 * fails. */
static int run_predicted(const compare_args *a, compare_inputs *in)
{
    char err[PK_PATH_MAX + 256], dev[256], pct[32];
    pk_cmp_result r;
    int rc = pk_compare_run(&in->meas, &in->pred, in->have_params ? &in->params : NULL, in->maskp, &r, err,
                            sizeof err);
    if (rc != PK_OK)
        return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
    int status = check_preconditions(a, &r, in->path, in->pred_path);
    if (status == 0) {
        pk_gate_result gr;
        char doubt[256] = "";
        /* Test hook PKB_TEST_NO_DOUBT=1: no doubt from the machine's state, so that a gate that
         * fails is judged failed on any machine (tests/compare/run_gates.sh). */
        const char *no_doubt = getenv("PKB_TEST_NO_DOUBT");
        if (in->have_params && !(no_doubt && strcmp(no_doubt, "1") == 0))
            pk_noise_doubt(&in->params.context, doubt, sizeof doubt);
        pk_gates_check(&r, &a->g, doubt, &gr);
        pk_cmp_pass *passes = NULL;
        size_t npasses = 0;
        rc = pk_compare_passes(&in->meas, &in->pred, in->maskp, &passes, &npasses, err, sizeof err);
        if (rc != PK_OK) {
            pk_compare_free(&r);
            return pk_cli_fail(CMD, pk_cli_exit_read(rc), "%s", err);
        }
        /* The model given the host's state: a sweep with --canary, simulated from parameters (with
         * --predicted the figures above are the file's, not the simulator's, and it is left out). */
        pk_hoststate hs = {0};
        if (in->have_params && !a->predicted &&
            (rc = pk_hoststate_compare(&in->meas, &in->params, in->maskp, &hs, err, sizeof err)) != PK_OK) {
            if (rc != PK_ERANGE) {
                free(passes);
                pk_compare_free(&r);
                return pk_cli_fail(CMD, pk_cli_exit_read(rc), "--params: %s", err);
            }
            pk_cli_note(CMD, "note: no \"Given the host's state\": %s", err);
        }
        pk_gates_host_state(&hs, &r, &a->g, &gr);
        if (in->check_path[0] && (rc = paired_model(a, in, &r, &hs)) >= 0) {
            free(passes);
            pk_hoststate_free(&hs);
            pk_compare_free(&r);
            return rc;
        }
        pk_report_inputs ri = {&in->meas, a->measured, in->pred_desc, in->params_path,
                               in->have_params ? &in->params : NULL, &a->g, &gr, passes, npasses, &hs,
                               in->paired, in->npaired, in->check_path[0] ? in->check_path : NULL, in->tied,
                               in->npaired_all};
        /* The folder's lock for the writing (resultdir.h): two writers of one folder would mix files. */
        pk_resultdir rd;
        if (a->out && (rc = pk_cli_lock_out(CMD, a->out, &rd)) >= 0) {
            free(passes);
            pk_hoststate_free(&hs);
            pk_compare_free(&r);
            return rc;
        }
        rc = a->out ? pk_report_write_all(&rd, a->out, &ri, &r, a->predicted ? NULL : &in->pred, in->pred_path, err,
                                          sizeof err)
                    : PK_OK;
        if (a->out)
            pk_resultdir_close(&rd);
        if (rc == PK_OK && in->replaces_pred) /* plot reads it: said, not replaced unseen */
            pk_cli_note(CMD, "%s was replaced by this comparison's simulation (to judge that file instead, give "
                             "--predicted and another --out)", in->sim_path);
        if (rc == PK_OK && in->have_params && pk_cmp_params_foreign(&in->params, &in->meas))
            pk_cli_note(CMD, "warning: %s comes from %s (%s), not from the measured device: the model is not fed its "
                             "costs",
                        in->params_path, in->params.device[0] ? in->params.device : "an unknown device",
                        in->params.backend);
        if (rc == PK_OK && !a->out) {
            pk_report_write_md(stdout, &ri, &r);
            for (int i = 0; i < gr.n; i++)
                if (gr.verdict[i] == PK_GATE_FAIL)
                    fprintf(stderr, "pkbench compare: gate failed: %s\n", gr.line[i]);
            status = gr.failed ? PK_EXIT_CHECK : PK_EXIT_OK;
        } else if (rc != PK_OK) {
            status = pk_cli_fail(CMD, pk_cli_exit_write(rc), "%s", err);
        } else {
            char e[2][PK_CLI_ESC_MAX];
            pk_cmp_device_label(&in->meas, dev, sizeof dev);
            printf("compare %s: %zu points joined, MAPE %s overall\n", pk_cli_esc(dev, e[0], sizeof e[0]), r.matched,
                   pk_report_pct(pct, sizeof pct, r.overall.mape_pct));
            if (hs.have)
                printf("given the host's state (canary beside %zu of %zu rows): MAPE %s overall\n", hs.rows_with,
                       hs.rows, pk_report_pct(pct, sizeof pct, hs.pooled.overall.mape_pct));
            for (int i = 0; i < gr.n; i++) {
                char v[300];
                printf("gate %s: %s\n", pk_cli_esc(pk_gate_verdict_text(&gr, i, v, sizeof v), e[0], sizeof e[0]),
                       gr.line[i]);
                if (gr.verdict[i] == PK_GATE_FAIL)
                    fprintf(stderr, "pkbench compare: gate failed: %s\n", gr.line[i]);
            }
            const char *out = pk_cli_esc(a->out, e[1], sizeof e[1]);
            if (a->predicted) /* the prediction read, not written */
                printf("wrote %s/report.md, %s/errors.csv, %s/decisions.csv and %s/summary.json\n", out, out, out, out);
            else
                printf("wrote %s/report.md, %s/errors.csv, %s/decisions.csv, %s/summary.json and %s/predicted.csv\n",
                       out, out, out, out, out);
            status = gr.failed ? PK_EXIT_CHECK : PK_EXIT_OK;
        }
        free(passes);
        pk_hoststate_free(&hs);
    }
    pk_compare_free(&r);
    return status;
}

/* --measured names the folder of measured.csv; a path to that file itself (or its gzipped or
 * partial form; a NAME whose NAME.gz alone is there, as every reader takes it) stands for its
 * folder, written into out, when the folder's read takes that file (names[] is the order it
 * looks in). Returns -1 to go on, else the exit code of the usage error (another file, or one
 * the folder's read would pass over). */
static int measured_folder(const char *measured, char *out, size_t len)
{
    static const char *const names[] = {"measured.csv", "measured.csv.gz", "measured.partial.csv",
                                        "measured.partial.csv.gz", NULL};
    char gz[PK_PATH_MAX];
    struct stat st;
    if (snprintf(out, len, "%s", measured) >= (int)len)
        return pk_cli_usage_error(CMD, "--measured: %s: path too long", measured);
    const int file = pk_path_is_file(measured), gone = !file && stat(measured, &st) != 0 && errno == ENOENT;
    if (!file && !gone)
        return -1; /* a folder (or what the folder's read will say it cannot open) */
    const int gz_only = gone && pk_path_fmt(gz, sizeof gz, "%s.gz", measured) == PK_OK && pk_path_is_file(gz);
    char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    for (int i = 0; names[i]; i++)
        if (strcmp(base, names[i]) == 0) {
            if (gone && !gz_only)
                return pk_cli_usage_error(CMD, "--measured: %s: no such file%s", measured,
                                          pk_path_gz_name(base) ? "" : " (nor its .gz)");
            if (slash == out)
                out[1] = '\0'; /* /measured.csv: the root */
            else if (slash)
                *slash = '\0';
            else
                snprintf(out, len, ".");
            char first[PK_PATH_MAX];
            for (int j = 0; j < i; j++)
                if (pk_path_join(first, sizeof first, out, names[j], NULL, 0) == PK_OK && pk_path_is_file(first))
                    return pk_cli_usage_error(CMD, "--measured: %s is not what compare would read there: %s is",
                                              measured, first);
            return -1;
        }
    if (gone && !gz_only)
        return -1; /* a folder not there: its read says so */
    return pk_cli_usage_error(CMD, "--measured: %s%s is a file not named measured.csv (nor measured.csv.gz, "
                              "measured.partial.csv or its .gz); give the folder that holds measured.csv",
                              measured, gz_only ? ".gz" : "");
}

int pk_cmd_compare(int argc, char **argv)
{
    compare_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const pk_gates *g = &a.g;
    if (a.fit_prior) {
        if (a.base || a.cand || a.verdict_flags || a.measured || a.predicted || a.params_path || a.strat_text ||
            a.allow_missing || pk_gates_any(g))
            return pk_cli_usage_error(CMD, "--fit-prior takes only --out");
        return pk_verdict_cli_fit_prior(CMD, a.fit_prior, a.out);
    }
    /* Every file either kind of comparison writes into OUT or removes from it (an earlier
     * comparison's of the other kind), checked before any input is read. */
    static const char *const out_names[] = {"report.md",    "errors.csv",   "decisions.csv", "predicted.csv",
                                            "summary.json", "verdicts.csv", "spread.csv"};
    if (a.out && (rc = pk_cli_out_files(CMD, "--out", a.out, out_names, sizeof out_names / sizeof *out_names)) >= 0)
        return rc;
    if (a.base || a.cand) {
        if (!a.base || !a.cand)
            return pk_cli_usage_error(CMD, "%s is required with %s", a.base ? "--candidate" : "--baseline",
                                      a.base ? "--baseline" : "--candidate");
        if (a.measured || a.predicted || a.params_path || a.strat_text || a.allow_missing || pk_gates_any(g))
            return pk_cli_usage_error(CMD, "--baseline/--candidate take only --out and the verdict options");
        return pk_verdict_cli_compare(CMD, a.base, a.cand, &a.vp, a.inject, a.host_state, a.prior, a.out);
    }
    if (a.verdict_flags)
        return pk_cli_usage_error(CMD, "--threshold, --fdr, --min-sd, --window, --replicates-as-runs, --paired, "
                                       "--inject, --margin, --host-state and --prior need --baseline and --candidate");
    if (!a.measured)
        return pk_cli_usage_error(CMD, "--measured is required (see 'pkbench compare --help')");
    char mdir[PK_PATH_MAX];
    if ((rc = measured_folder(a.measured, mdir, sizeof mdir)) >= 0)
        return rc;
    a.measured = mdir; /* without --predicted or --params, load_inputs wants DIR/params.json */
    compare_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    pk_params_init(&in->params);
    if (a.strat_text) {
        int idx[PK_STRAT_COUNT];
        size_t n;
        char err[512];
        if (pk_cli_name_list("--strategy", a.strat_text, pk_strategy_names, idx, PK_STRAT_COUNT, &n, err,
                             sizeof err)) {
            free(in);
            return pk_cli_usage_error(CMD, "%s", err);
        }
        for (size_t i = 0; i < n; i++)
            in->mask[idx[i]] = 1;
        in->maskp = in->mask;
    }
    rc = load_inputs(&a, in);
    int held[PK_STRAT_COUNT] = {0}; /* every strategy --strategy names must be measured: a judgement of
                                     * fewer than asked for would pass as one of them all */
    for (size_t i = 0; rc < 0 && in->maskp && i < in->meas.n; i++)
        held[in->meas.rows[i].key.strategy] = 1;
    for (int k = 0; rc < 0 && in->maskp && k < PK_STRAT_COUNT; k++)
        if (in->mask[k] && !held[k])
            rc = pk_cli_usage_error(CMD, "--strategy %s: %s holds no point of %s", a.strat_text, in->path,
                                    pk_strategy_names[k]);
    if (rc < 0)
        rc = run_predicted(&a, in);
    inputs_free(in);
    free(in);
    return rc;
}
