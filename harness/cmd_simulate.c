/* pkbench simulate: predicts each (strategy, item_ns, batch) point from the cost model (params
 * JSON or a preset) with the discrete-event simulator, the pipelined closed form or the seed's
 * additive model, and writes one tidy-CSV row per point (source=predicted); optionally the
 * event timeline of one point, or the totals of a replayed workload (one row per kernel). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/predict.h"
#include "harness/tidy.h"
#include "harness/timeline.h"
#include "harness/workload.h"
#include "sim/analytic.h"
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
            "\n"
            "  --strategy LIST       standard,standard-sync,graph,persistent,persistent-resident (default: all)\n"
            "  --item-ns LIST        per-item durations d, ns (default 0,1000,5000,20000,50000)\n"
            "  --batch LIST          batch sizes N (default 1:16384:pow2)\n"
            "  --grid N --block N    shape written in the rows (default 1 and 0 = shape-independent)\n"
            "  --mode M              des (default), closed-form (pipelined), additive (the seed's model)\n"
            "  --draws N             stochastic runs per point (des only; default 1 = deterministic)\n"
            "  --seed N              random seed of stochastic mode (default 1)\n"
            "  --dist D              resample (default) or lognormal: how measured samples are drawn\n"
            "  --jitter-cv X         lognormal CV for parameters without samples (default 0: constant)\n"
            "  --item-cv X           lognormal CV of each item's duration around item_ns (default 0)\n"
            "  --host-work-ns W      host work before each launch or push (default 0)\n"
            "  --queue-depth Q       override the params' launch_queue_depth (0 = unbounded)\n"
            "  --workload FILE.csv   replay a kernel sequence: header with duration_ns and optionally\n"
            "                        host_gap_ns, one row per kernel (replaces --item-ns/--batch)\n"
            "  --timeline FILE.csv   event timeline (strategy,actor,what,item,start_ns,end_ns) of one point\n"
            "                        (des mode; with --draws, the costs of draw 0)\n"
            "  --timeline-point P    strategy:item_ns:batch (with --workload: strategy); optional\n"
            "                        when the grid has one point\n"
            "  --out FILE.csv        tidy CSV output\n"
            "  -h, --help            this text\n\n"
            "LIST: a,b,c or lo:hi:pow2, lo:hi:+step, lo:hi:*factor, mixed with commas.\n"
            "Exit: 0 done, 2 bad usage or input (nothing written).\n");
}

/* ---- main ---- */

typedef struct sim_opts {
    pk_predict_mode mode;
    uint64_t draws;
    double w;
    unsigned grid, block;
} sim_opts;

int pk_cmd_simulate(int argc, char **argv)
{
    enum {
        OPT_PARAMS = 256, OPT_PRESET, OPT_STRATEGY, OPT_ITEM, OPT_BATCH, OPT_GRID, OPT_BLOCK, OPT_MODE, OPT_DRAWS,
        OPT_SEED, OPT_DIST, OPT_JITTER, OPT_ITEMCV, OPT_WORK, OPT_QDEPTH, OPT_WORKLOAD, OPT_TIMELINE, OPT_TPOINT, OPT_OUT
    };
    static const struct option opts[] = {
        {"params", required_argument, NULL, OPT_PARAMS},
        {"preset", required_argument, NULL, OPT_PRESET},
        {"strategy", required_argument, NULL, OPT_STRATEGY},
        {"item-ns", required_argument, NULL, OPT_ITEM},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"grid", required_argument, NULL, OPT_GRID},
        {"block", required_argument, NULL, OPT_BLOCK},
        {"mode", required_argument, NULL, OPT_MODE},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"dist", required_argument, NULL, OPT_DIST},
        {"jitter-cv", required_argument, NULL, OPT_JITTER},
        {"item-cv", required_argument, NULL, OPT_ITEMCV},
        {"host-work-ns", required_argument, NULL, OPT_WORK},
        {"queue-depth", required_argument, NULL, OPT_QDEPTH},
        {"workload", required_argument, NULL, OPT_WORKLOAD},
        {"timeline", required_argument, NULL, OPT_TIMELINE},
        {"timeline-point", required_argument, NULL, OPT_TPOINT},
        {"out", required_argument, NULL, OPT_OUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *params_path = NULL, *preset = NULL, *strat_text = "standard,standard-sync,graph,persistent,persistent-resident";
    const char *item_text = "0,1000,5000,20000,50000", *batch_text = "1:16384:pow2";
    const char *workload_path = NULL, *timeline_path = NULL, *tpoint = NULL, *out_path = NULL;
    int item_given = 0, batch_given = 0, qdepth_given = 0;
    uint64_t v, seed = 1, qdepth = 0;
    double jitter = 0, item_cv = 0;
    pk_dist dist = PK_DIST_RESAMPLE;
    sim_opts o = {PK_PREDICT_DES, 1, 0, 1, 0};
    char err[512];
    int c;
    uint32_t seen = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c >= OPT_PARAMS && c <= OPT_OUT) {
            if (seen & (UINT32_C(1) << (c - OPT_PARAMS)))
                return pk_cli_usage_error("simulate", "--%s given twice", opts[c - OPT_PARAMS].name);
            seen |= UINT32_C(1) << (c - OPT_PARAMS);
        }
        if ((c == OPT_OUT || c == OPT_TIMELINE) && !*optarg)
            return pk_cli_usage_error("simulate", "--%s: empty path", opts[c - OPT_PARAMS].name);
        switch (c) {
        case 'h':
            simulate_usage(stdout);
            return PK_EXIT_OK;
        case ':':
            return pk_cli_usage_error("simulate", "%s: missing value", argv[optind - 1]);
        case '?':
            return pk_cli_usage_error("simulate", "unknown option '%s' (see 'pkbench simulate --help')",
                                      argv[optind - 1]);
        case OPT_PARAMS: params_path = optarg; break;
        case OPT_PRESET: preset = optarg; break;
        case OPT_STRATEGY: strat_text = optarg; break;
        case OPT_ITEM: item_text = optarg; item_given = 1; break;
        case OPT_BATCH: batch_text = optarg; batch_given = 1; break;
        case OPT_WORKLOAD: workload_path = optarg; break;
        case OPT_TIMELINE: timeline_path = optarg; break;
        case OPT_TPOINT: tpoint = optarg; break;
        case OPT_OUT: out_path = optarg; break;
        case OPT_MODE: {
            int idx[1];
            size_t n;
            if (pk_cli_name_list("--mode", optarg, pk_predict_mode_names, idx, 1, &n, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            o.mode = (pk_predict_mode)idx[0];
            break;
        }
        case OPT_DIST: {
            int idx[1];
            size_t n;
            if (pk_cli_name_list("--dist", optarg, dist_names, idx, 1, &n, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            dist = idx[0] ? PK_DIST_LOGNORMAL : PK_DIST_RESAMPLE;
            break;
        }
        case OPT_GRID:
        case OPT_BLOCK:
            if (pk_cli_u64(c == OPT_GRID ? "--grid" : "--block", optarg, 1u << 20, &v, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            if (c == OPT_GRID)
                o.grid = (unsigned)v;
            else
                o.block = (unsigned)v;
            break;
        case OPT_DRAWS:
            if (pk_cli_u64("--draws", optarg, 1000000, &o.draws, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            if (o.draws == 0)
                return pk_cli_usage_error("simulate", "--draws: must be at least 1");
            break;
        case OPT_SEED:
            if (pk_cli_u64("--seed", optarg, UINT64_MAX, &seed, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            break;
        case OPT_JITTER:
            if (pk_cli_double("--jitter-cv", optarg, 0, 10, &jitter, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            break;
        case OPT_ITEMCV:
            if (pk_cli_double("--item-cv", optarg, 0, 10, &item_cv, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            break;
        case OPT_WORK:
            if (pk_cli_double("--host-work-ns", optarg, 0, 1e15, &o.w, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            break;
        case OPT_QDEPTH:
            if (pk_cli_u64("--queue-depth", optarg, UINT32_MAX, &qdepth, err, sizeof err))
                return pk_cli_usage_error("simulate", "%s", err);
            qdepth_given = 1;
            break;
        default:
            return pk_cli_usage_error("simulate", "unexpected option");
        }
    }
    if (optind < argc)
        return pk_cli_usage_error("simulate", "unexpected argument '%s'", argv[optind]);
    if (!params_path == !preset)
        return pk_cli_usage_error("simulate", "give exactly one of --params FILE and --preset NAME");
    if (!out_path)
        return pk_cli_usage_error("simulate", "--out is required (see 'pkbench simulate --help')");
    if ((jitter > 0 || item_cv > 0) && o.draws <= 1)
        return pk_cli_usage_error("simulate", "%s: random costs need --draws N > 1", jitter > 0 ? "--jitter-cv" : "--item-cv");
    if (o.draws > 1 && o.mode != PK_PREDICT_DES)
        return pk_cli_usage_error("simulate", "--draws: stochastic runs need --mode des");
    if (workload_path && (item_given || batch_given))
        return pk_cli_usage_error("simulate", "--workload replaces --item-ns and --batch");
    if (workload_path && o.mode == PK_PREDICT_CLOSED_FORM)
        return pk_cli_usage_error("simulate", "--workload: the closed form needs constant durations (use --mode des)");
    if (workload_path && o.w > 0)
        return pk_cli_usage_error("simulate", "--workload: host work comes from its host_gap_ns column, not --host-work-ns");
    if (tpoint && !timeline_path)
        return pk_cli_usage_error("simulate", "--timeline-point needs --timeline FILE.csv");
    if (timeline_path && o.mode != PK_PREDICT_DES)
        return pk_cli_usage_error("simulate", "--timeline needs --mode des");

    int strategies[PK_STRAT_COUNT];
    size_t ns = 0, ni = 1, nb = 1;
    static uint64_t items[MAX_AXIS], batches[MAX_AXIS];
    if (pk_cli_name_list("--strategy", strat_text, pk_strategy_names, strategies, PK_STRAT_COUNT, &ns, err, sizeof err))
        return pk_cli_usage_error("simulate", "%s", err);
    if (!workload_path) {
        if (pk_cli_u64_list("--item-ns", item_text, UINT64_C(1000000000000), items, MAX_AXIS, &ni, err, sizeof err) ||
            pk_cli_u64_list("--batch", batch_text, UINT32_MAX, batches, MAX_AXIS, &nb, err, sizeof err))
            return pk_cli_usage_error("simulate", "%s", err);
        if (nb > 0 && batches[0] == 0)
            return pk_cli_usage_error("simulate", "--batch: 0 is not a batch size (N >= 1)");
    }

    /* The timeline point. */
    int t_strat = -1;
    uint64_t t_item = 0, t_batch = 0;
    if (timeline_path) {
        if (tpoint) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", tpoint);
            char *f1 = strchr(buf, ':'), *f2 = f1 ? strchr(f1 + 1, ':') : NULL;
            if (f1)
                *f1 = '\0';
            if (f2)
                *f2 = '\0';
            t_strat = pk_strategy_lookup(buf);
            if (t_strat < 0)
                return pk_cli_usage_error("simulate", "--timeline-point: unknown strategy '%s'", buf);
            if (workload_path ? f1 != NULL : f2 == NULL)
                return pk_cli_usage_error("simulate", "--timeline-point: expected %s, got '%s'",
                                          workload_path ? "STRATEGY" : "STRATEGY:ITEM_NS:BATCH", tpoint);
            if (!workload_path) {
                if (pk_cli_u64("--timeline-point item_ns", f1 + 1, UINT64_C(1000000000000), &t_item, err, sizeof err) ||
                    pk_cli_u64("--timeline-point batch", f2 + 1, UINT32_MAX, &t_batch, err, sizeof err))
                    return pk_cli_usage_error("simulate", "%s", err);
                if (t_batch == 0)
                    return pk_cli_usage_error("simulate", "--timeline-point: batch must be at least 1");
            }
        } else if (ns == 1 && (workload_path || (ni == 1 && nb == 1))) {
            t_strat = strategies[0];
            t_item = items[0];
            t_batch = batches[0];
        } else {
            return pk_cli_usage_error("simulate", "--timeline: name the point with --timeline-point "
                                                  "(the grid has more than one)");
        }
    }

    pk_params p;
    if (preset) {
        if (pk_params_preset(preset, &p) != 0) {
            char known[256] = "";
            for (size_t i = 0; pk_preset_names[i]; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", pk_preset_names[i]);
            return pk_cli_usage_error("simulate", "--preset: unknown preset '%s' (known: %s)", preset, known);
        }
    } else if (pk_params_load(params_path, &p, err, sizeof err) != 0) {
        return pk_cli_usage_error("simulate", "--params: %s", err);
    }
    if (qdepth_given)
        p.value[PK_P_LAUNCH_QUEUE_DEPTH] = (double)qdepth;

    pk_workload wl = {0};
    if (workload_path && pk_workload_load(workload_path, &wl, err, sizeof err) != 0) {
        pk_params_free(&p);
        return pk_cli_usage_error("simulate", "--workload: %s", err);
    }

    int exit_code = PK_EXIT_OK;
    pk_model *m = NULL;
    pk_table t = {0};
    pk_afile tlf = {0};
    pk_costs costs;
    pk_costs_from_params(&p, &costs);
    int rc = pk_model_create(&m);
    if (rc == 0 && o.draws > 1) {
        pk_model_random r = {seed, dist, jitter, item_cv};
        rc = pk_model_set_random(m, &p, &r);
        if (rc) {
            exit_code = pk_cli_usage_error("simulate", "--dist lognormal: the params' samples must all be > 0");
            goto done;
        }
    }
    if (rc) {
        exit_code = pk_cli_usage_error("simulate", "cannot start the simulator: %s", pk_strerror(rc));
        goto done;
    }
    t.context = p.context;
    pk_context_set(&t.context, "prediction_source", p.source);
    pk_context_set(&t.context, "simulate_mode", pk_predict_mode_names[o.mode]);
    pk_context_setf(&t.context, "simulate_draws", "%" PRIu64, o.draws);
    if (o.draws > 1) {
        pk_context_setf(&t.context, "simulate_seed", "%" PRIu64, seed);
        pk_context_set(&t.context, "simulate_dist", dist_names[dist]);
        pk_context_setf(&t.context, "simulate_jitter_cv", "%g", jitter);
        pk_context_setf(&t.context, "simulate_item_cv", "%g", item_cv);
    }
    pk_context_setf(&t.context, "simulate_host_work_ns", "%g", o.w);
    pk_context_setf(&t.context, "simulate_queue_depth", "%" PRIu64, costs.Q);
    if (workload_path)
        pk_context_set(&t.context, "simulate_workload", workload_path);
    pk_context_setf(&t.context, "pkbench_version", "%s", pk_version());

    double d_mean = 0;
    if (workload_path) {
        d_mean = pk_workload_mean_duration(&wl);
        ni = nb = 1;
        items[0] = (uint64_t)llround(d_mean);
        batches[0] = wl.n;
    }
    int timeline_done = 0;
    for (size_t si = 0; si < ns; si++)
        for (size_t ii = 0; ii < ni; ii++)
            for (size_t bi = 0; bi < nb; bi++) {
                pk_strategy s = (pk_strategy)strategies[si];
                pk_items it = {batches[bi], (double)items[ii], o.w, NULL, NULL};
                if (workload_path) {
                    it.dv = wl.d;
                    it.wv = wl.has_gap ? wl.w : NULL;
                }
                pk_prediction_dist pd;
                rc = pk_predict(m, &costs, o.mode, s, &it, o.draws, &pd);
                if (rc) {
                    exit_code = pk_cli_usage_error("simulate", "point %s:%" PRIu64 ":%" PRIu64 ": %s",
                                                   pk_strategy_names[s], items[ii], batches[bi], pk_strerror(rc));
                    goto done;
                }
                pk_row row;
                pk_point key = {s, items[ii], batches[bi], o.grid, o.block};
                pk_predict_row(&row, &p, &key, &pd,
                               workload_path ? d_mean : (double)items[ii]);
                if (pk_table_push(&t, &row) != 0) {
                    exit_code = pk_cli_usage_error("simulate", "out of memory");
                    goto done;
                }
            }
    if (timeline_path) {
        pk_items it = {workload_path ? wl.n : t_batch, (double)t_item, o.w, NULL, NULL};
        if (workload_path) {
            it.dv = wl.d;
            it.wv = wl.has_gap ? wl.w : NULL;
        }
        if (pk_afile_open(&tlf, timeline_path) != 0) {
            exit_code = pk_cli_usage_error("simulate", "--timeline: cannot write '%s': %s", timeline_path, strerror(errno));
            goto done;
        }
        const pk_strategy which = (pk_strategy)t_strat;
        if ((rc = pk_timeline_emit(tlf.fp, m, &costs, &which, 1, &it)) != PK_OK) {
            exit_code = pk_cli_usage_error("simulate", "--timeline-point: %s", pk_strerror(rc));
            goto done;
        }
        timeline_done = 1;
    }
    pk_table_fill_savings(&t);
    if (pk_table_write_csv(out_path, &t, err, sizeof err) != 0) {
        exit_code = pk_cli_usage_error("simulate", "--out: %s", err);
        goto done;
    }
    if (timeline_done && pk_afile_commit(&tlf) != 0) {
        remove(out_path);
        exit_code = pk_cli_usage_error("simulate", "--timeline: cannot write '%s': %s", timeline_path, strerror(errno));
        goto done;
    }
    printf("simulate: %zu predicted rows (%s) written to %s%s%s\n", t.n, pk_predict_mode_names[o.mode], out_path,
           timeline_done ? ", timeline to " : "", timeline_done ? timeline_path : "");
done:
    pk_afile_abort(&tlf);
    pk_table_free(&t);
    pk_model_destroy(m);
    pk_workload_free(&wl);
    pk_params_free(&p);
    return exit_code;
}
