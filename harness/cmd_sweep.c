/* pkbench sweep: measures every (strategy, item_ns, batch, grid, block) point on a backend, each
 * as one Google Benchmark benchmark, and writes DIR/measured.json (Google Benchmark JSON) and
 * DIR/measured.csv (tidy). A failed or interrupted run keeps the finished points in files that
 * say they are partial. Needs Google Benchmark; without it the command says so and exits 2. */
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "harness/cli.h"
#include "harness/commands.h"

#ifndef PKB_HAVE_GBENCH

int pk_cmd_sweep(int argc, char **argv)
{
    return pk_cli_usage_error("sweep", "this pkbench was built without Google Benchmark "
                                       "(install libbenchmark-dev and reconfigure)");
}

#else

#include "common/afile.h"
#include "common/duration.h"
#include "common/status.h"
#include "harness/gbench_json.h"
#include "harness/gbench_shim.h"
#include "harness/session.h"
#include "harness/signals.h"
#include "harness/sweep.h"

#define MAX_AXIS 4096
#define MAX_POINTS 1000000

static void sweep_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench sweep --backend NAME --out DIR [options] [--benchmark_* ...]\n\n"
            "Measures every (strategy, item_ns, batch, grid, block) point on the backend, each as one\n"
            "Google Benchmark benchmark, and writes DIR/measured.json (Google Benchmark JSON) and\n"
            "DIR/measured.csv (tidy CSV). A failed or interrupted run (Ctrl-C) writes the points it\n"
            "finished to DIR/measured.csv marked '# partial' and DIR/measured.partial.json.\n\n"
            "  --backend NAME       cuda, hip or host\n"
            "  --out DIR            output folder (created if missing)\n"
            "  --strategy LIST      standard,standard-sync,graph,persistent,persistent-resident (default: all)\n"
            "  --item-ns LIST       per-item kernel durations, ns (default 0,1000,5000,20000,50000)\n"
            "  --batch LIST         batch sizes N (default 1:16384:pow2)\n"
            "  --grid LIST          blocks per kernel / persistent grid (default 1; 0 = backend default)\n"
            "  --block LIST         threads per block (default 0 = backend default)\n"
            "  --noise F            stop a point once CV(wall) <= F (default 0.01)\n"
            "  --min-reps N         repetitions before the noise rule may stop (default 5)\n"
            "  --max-reps N         repetition cap per point (default 1000)\n"
            "  --max-time-s F       time cap per point, after at least %d repetitions (default 0.1)\n"
            "  --hang-timeout-s F   bounded wait on a kernel or worker (default 10)\n"
            "  --device N           device index (default 0)\n"
            "  --benchmark_*        Google Benchmark flags (filter, repetitions, format, out...)\n"
            "  -h, --help           this text\n\n"
            "LIST: a,b,c or lo:hi:pow2, lo:hi:+step, lo:hi:*factor, mixed with commas.\n"
            "Exit: 0 done, 1 a run failed (partial files written), 2 bad usage or no device,\n"
            "130 interrupted (partial files written).\n",
            PK_SWEEP_TIME_FLOOR_REPS);
}

typedef struct sweep_cli {
    pk_sweep sw;
    pk_session ses;
    int tty;
    double last_progress;
    char name[160];
} sweep_cli;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress_line(sweep_cli *c, size_t k, const char *name, double median, double cv, uint64_t reps)
{
    char m[32];
    pk_duration_format(m, sizeof m, median, PK_DURATION_FIXED);
    fprintf(stderr, "%s[%zu/%zu] %s median %s cv %.2f%% reps %" PRIu64 "%s", c->tty ? "\r\033[K" : "", k + 1,
            c->sw.npoints, name, m, isfinite(cv) ? cv * 100 : 0.0, reps, c->tty ? "" : "\n");
    fflush(stderr);
}

static size_t current_k;

static void on_rep(void *ud, const pk_point *pt, uint64_t reps, double median, double cv)
{
    sweep_cli *c = ud;
    if (!c->tty)
        return;
    double t = mono_s();
    if (t - c->last_progress < 0.1 && reps > 1)
        return;
    c->last_progress = t;
    progress_line(c, current_k, c->name, median, cv, reps);
}

/* The Google Benchmark body of point k: one adaptive measurement. */
static int gb_point(void *ud, size_t k, pk_gb_result *res, char *msg, size_t msglen)
{
    sweep_cli *c = ud;
    const pk_row *r = NULL;
    current_k = k;
    pk_point_name(&c->sw.points[k], c->name, sizeof c->name);
    int rc = pk_sweep_step(&c->sw, k, &r);
    if (c->tty)
        fprintf(stderr, "\r\033[K");
    if (rc != PK_OK) {
        snprintf(msg, msglen, "not measured: %s", c->sw.err);
        return 1;
    }
    if (!c->tty)
        progress_line(c, k, c->name, r->wall_ns, r->wall_ns_cv, r->reps);
    res->seconds = r->wall_ns * 1e-9;
    pk_gb_result_counter(res, "wall_ns", r->wall_ns);
    pk_gb_result_counter(res, "host_ns", r->host_ns);
    pk_gb_result_counter(res, "device_ns", r->device_ns);
    pk_gb_result_counter(res, "achieved_item_ns", r->achieved_item_ns);
    pk_gb_result_counter(res, "setup_ns", r->setup_ns);
    pk_gb_result_counter(res, "teardown_ns", r->teardown_ns);
    pk_gb_result_counter(res, "cv", r->wall_ns_cv);
    pk_gb_result_counter(res, "reps", (double)r->reps);
    pk_gb_result_counter(res, "sm_clock_mhz", r->sm_clock_mhz);
    pk_gb_result_counter(res, "throttled_reps", (double)r->throttled_reps);
    return 0;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Checks the --benchmark_* flags that Google Benchmark would otherwise reject by exiting. */
static int check_gb_flag(const char *a, const char **user_out, const char **out_format, int *list_only,
                         const char **filter)
{
    static const char *const fmts[] = {"console", "json", "csv", NULL};
    const char *v = strchr(a, '=');
    if (has_prefix(a, "--benchmark_format=") || has_prefix(a, "--benchmark_out_format=")) {
        for (size_t i = 0; fmts[i]; i++)
            if (strcmp(v + 1, fmts[i]) == 0) {
                if (has_prefix(a, "--benchmark_out_format="))
                    *out_format = v + 1;
                return 0;
            }
        return pk_cli_usage_error("sweep", "%.*s: '%s' is not console, json or csv", (int)(v - a), a, v + 1);
    }
    if (has_prefix(a, "--benchmark_filter="))
        *filter = v + 1;
    if (has_prefix(a, "--benchmark_out=")) {
        if (!v[1])
            return pk_cli_usage_error("sweep", "--benchmark_out: empty file name");
        /* Google Benchmark exits on a file it cannot open, after the backend is open: check
         * first (a file this check creates is removed again). */
        int existed = access(v + 1, F_OK) == 0;
        FILE *fp = fopen(v + 1, "a");
        if (!fp)
            return pk_cli_usage_error("sweep", "--benchmark_out: cannot write '%s': %s", v + 1, strerror(errno));
        fclose(fp);
        if (!existed)
            remove(v + 1);
        *user_out = v + 1;
    }
    if (strcmp(a, "--benchmark_list_tests") == 0 || strcmp(a, "--benchmark_list_tests=true") == 0 ||
        strcmp(a, "--benchmark_list_tests=1") == 0)
        *list_only = 1;
    return 0;
}

/* How many registered names --benchmark_filter selects (POSIX extended regex, as Google
 * Benchmark's; a leading '-' negates), so that a filter matching nothing is a usage error
 * before anything runs. Returns -1 with err set when the regex does not compile. */
static long filter_count(const char *filter, const pk_point *pts, size_t np, char *err, size_t errlen)
{
    if (!filter || !*filter || strcmp(filter, "all") == 0)
        return (long)np;
    int neg = filter[0] == '-';
    regex_t re;
    int rc = regcomp(&re, filter + neg, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char why[128];
        regerror(rc, &re, why, sizeof why);
        snprintf(err, errlen, "--benchmark_filter: '%.200s' is not a valid regex: %s", filter, why);
        return -1;
    }
    long n = 0;
    for (size_t k = 0; k < np; k++) {
        char name[200];
        pk_point_name(&pts[k], name, sizeof name - 40);
        strcat(name, "/iterations:1/manual_time");
        n += (regexec(&re, name, 0, NULL, 0) == 0) != neg;
    }
    regfree(&re);
    return n;
}

int pk_cmd_sweep(int argc, char **argv)
{
    enum { O_BACKEND = 256, O_OUT, O_STRAT, O_ITEM, O_BATCH, O_GRID, O_BLOCK, O_NOISE, O_MINR, O_MAXR, O_MAXT,
           O_HANG, O_DEV };
    static const struct option opts[] = {
        {"backend", required_argument, NULL, O_BACKEND}, {"out", required_argument, NULL, O_OUT},
        {"strategy", required_argument, NULL, O_STRAT},  {"item-ns", required_argument, NULL, O_ITEM},
        {"batch", required_argument, NULL, O_BATCH},     {"grid", required_argument, NULL, O_GRID},
        {"block", required_argument, NULL, O_BLOCK},     {"noise", required_argument, NULL, O_NOISE},
        {"min-reps", required_argument, NULL, O_MINR},   {"max-reps", required_argument, NULL, O_MAXR},
        {"max-time-s", required_argument, NULL, O_MAXT}, {"hang-timeout-s", required_argument, NULL, O_HANG},
        {"device", required_argument, NULL, O_DEV},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static uint64_t items[MAX_AXIS], batches[MAX_AXIS], grids[MAX_AXIS], blocks[MAX_AXIS];
    int strategies[PK_STRAT_COUNT];
    size_t ns = 0, ni = 0, nb = 0, ng = 0, nk = 0;
    const char *backend = NULL, *out = NULL, *strat_text = NULL;
    const char *item_text = "0,1000,5000,20000,50000", *batch_text = "1:16384:pow2", *grid_text = "1",
               *block_text = "0";
    pk_sweep_opts so;
    pk_sweep_opts_default(&so);
    pk_backend_config cfg = {0, 10.0};
    char err[1024];

    /* Split: --benchmark_* flags go to Google Benchmark, the rest to getopt. */
    char **mine = calloc((size_t)argc + 1, sizeof *mine);
    char **gb = calloc((size_t)argc + 4, sizeof *gb);
    if (!mine || !gb) {
        free(mine);
        free(gb);
        return pk_cli_usage_error("sweep", "out of memory");
    }
    int nmine = 0, ngb = 0, rc = PK_EXIT_USAGE;
    const char *user_out = NULL, *out_format = "json", *filter = NULL;
    int list_only = 0;
    mine[nmine++] = argv[0];
    gb[ngb++] = "pkbench-sweep";
    for (int i = 1; i < argc; i++) {
        if (has_prefix(argv[i], "--benchmark_")) {
            if (check_gb_flag(argv[i], &user_out, &out_format, &list_only, &filter) != 0)
                goto done_args;
            gb[ngb++] = argv[i];
        } else {
            mine[nmine++] = argv[i];
        }
    }

    int c;
    opterr = 0;
    optind = 1;
    unsigned seen = 0; /* bit per value option: a repeated flag is an error, not "last wins" */
    while ((c = getopt_long(nmine, mine, ":h", opts, NULL)) != -1) {
        int bad = 0;
        if (c >= O_BACKEND && c <= O_DEV) {
            unsigned bit = 1u << (c - O_BACKEND);
            if (seen & bit) {
                pk_cli_usage_error("sweep", "--%s given twice", opts[c - O_BACKEND].name);
                goto done_args;
            }
            seen |= bit;
        }
        switch (c) {
        case 'h':
            sweep_usage(stdout);
            rc = PK_EXIT_OK;
            goto done_args;
        case ':':
            pk_cli_usage_error("sweep", "%s: missing value", mine[optind - 1]);
            goto done_args;
        case '?':
            pk_cli_usage_error("sweep", "unknown option '%s' (see 'pkbench sweep --help')", mine[optind - 1]);
            goto done_args;
        case O_BACKEND: backend = optarg; break;
        case O_OUT:
            if (!*optarg) {
                pk_cli_usage_error("sweep", "--out: empty directory name");
                goto done_args;
            }
            out = optarg;
            break;
        case O_STRAT: strat_text = optarg; break;
        case O_ITEM: item_text = optarg; break;
        case O_BATCH: batch_text = optarg; break;
        case O_GRID: grid_text = optarg; break;
        case O_BLOCK: block_text = optarg; break;
        case O_NOISE: bad = pk_cli_double("--noise", optarg, 0, 1, &so.noise, err, sizeof err); break;
        case O_MINR:
            bad = pk_session_parse_count("--min-reps", optarg, 1000000000, &so.min_reps, err, sizeof err);
            break;
        case O_MAXR:
            bad = pk_session_parse_count("--max-reps", optarg, 1000000000, &so.max_reps, err, sizeof err);
            break;
        case O_MAXT: bad = pk_cli_double("--max-time-s", optarg, 0, 86400, &so.max_time_s, err, sizeof err); break;
        case O_HANG: bad = pk_session_parse_flag(PK_SESSION_HANG_TIMEOUT, optarg, &cfg, err, sizeof err); break;
        case O_DEV: bad = pk_session_parse_flag(PK_SESSION_DEVICE, optarg, &cfg, err, sizeof err); break;
        default: break;
        }
        if (bad) {
            pk_cli_usage_error("sweep", "%s", err);
            goto done_args;
        }
    }
    if (optind < nmine) {
        pk_cli_usage_error("sweep", "unexpected argument '%s'", mine[optind]);
        goto done_args;
    }
    if (!backend) {
        pk_cli_usage_error("sweep", "--backend is required (see 'pkbench sweep --help')");
        goto done_args;
    }
    if (!out && !list_only) {
        pk_cli_usage_error("sweep", "--out is required (see 'pkbench sweep --help')");
        goto done_args;
    }
    if (so.min_reps > so.max_reps) {
        pk_cli_usage_error("sweep", "--min-reps: %" PRIu64 " is greater than --max-reps %" PRIu64, so.min_reps,
                           so.max_reps);
        goto done_args;
    }
    if (strat_text) {
        if (pk_cli_name_list("--strategy", strat_text, pk_strategy_names, strategies, PK_STRAT_COUNT, &ns, err,
                             sizeof err) != 0) {
            pk_cli_usage_error("sweep", "%s", err);
            goto done_args;
        }
    } else {
        for (ns = 0; ns < PK_STRAT_COUNT; ns++)
            strategies[ns] = (int)ns;
    }
    if (pk_cli_u64_list("--item-ns", item_text, UINT64_C(1000000000000), items, MAX_AXIS, &ni, err, sizeof err) ||
        pk_cli_u64_list("--batch", batch_text, UINT32_MAX, batches, MAX_AXIS, &nb, err, sizeof err) ||
        pk_cli_u64_list("--grid", grid_text, 1u << 20, grids, MAX_AXIS, &ng, err, sizeof err) ||
        pk_cli_u64_list("--block", block_text, 1u << 16, blocks, MAX_AXIS, &nk, err, sizeof err)) {
        pk_cli_usage_error("sweep", "%s", err);
        goto done_args;
    }
    if (batches[0] == 0) {
        pk_cli_usage_error("sweep", "--batch: batch sizes must be at least 1");
        goto done_args;
    }
    if ((double)ns * (double)ni * (double)nb * (double)ng * (double)nk > MAX_POINTS) {
        pk_cli_usage_error("sweep", "--batch: the sweep has more than %d points", MAX_POINTS);
        goto done_args;
    }

    sweep_cli cli;
    memset(&cli, 0, sizeof cli);
    if (pk_session_find(&cli.ses, backend, err, sizeof err) != PK_OK) {
        pk_cli_usage_error("sweep", "%s", err);
        goto done_args;
    }

    /* Google Benchmark writes its JSON to a temporary file in DIR unless the user chose a file. */
    char gb_tmp[PK_PATH_MAX] = "", gb_flag[PK_PATH_MAX + 32], final_json[PK_PATH_MAX], partial_json[PK_PATH_MAX];
    char csv[PK_PATH_MAX];
    if (out) {
        if (pk_path_join(final_json, sizeof final_json, out, "measured.json", err, sizeof err) != PK_OK ||
            pk_path_join(partial_json, sizeof partial_json, out, "measured.partial.json", err, sizeof err) != PK_OK ||
            pk_path_join(csv, sizeof csv, out, "measured.csv", err, sizeof err) != PK_OK ||
            /* The temporary name's length with the longest pid: the real one below then fits. */
            pk_path_join(gb_tmp, sizeof gb_tmp, out, ".measured.gbench.XXXXXXXXXX.json", err, sizeof err) != PK_OK) {
            pk_cli_usage_error("sweep", "--out: %s", err);
            goto done_args;
        }
        if (user_out)
            gb_tmp[0] = '\0';
        else
            pk_path_fmt(gb_tmp, sizeof gb_tmp, "%s/.measured.gbench.%ld.json", out, (long)getpid());
        if (!user_out) {
            snprintf(gb_flag, sizeof gb_flag, "--benchmark_out=%s", gb_tmp);
            gb[ngb++] = gb_flag;
            gb[ngb++] = "--benchmark_out_format=json";
        }
    }
    if (pk_gb_init(ngb, gb, err, sizeof err) != 0) {
        pk_cli_usage_error("sweep", "%s", err);
        goto done_args;
    }

    size_t np = 0;
    pk_point *points = pk_sweep_points(strategies, ns, items, ni, batches, nb, grids, ng, blocks, nk, &np);
    if (!points) {
        pk_cli_usage_error("sweep", "out of memory");
        goto done_args;
    }
    static const char *const axis_names[] = {"N", "item_ns", "grid", "block"};
    for (size_t k = 0; k < np; k++) {
        char name[160];
        double axes[4] = {(double)points[k].batch, (double)points[k].item_ns, points[k].grid, points[k].block};
        pk_point_name(&points[k], name, sizeof name);
        pk_gb_register(name, axis_names, axes, 4, gb_point, &cli, k);
    }
    long selected = filter_count(filter, points, np, err, sizeof err);
    if (selected <= 0) {
        if (selected == 0)
            snprintf(err, sizeof err, "--benchmark_filter: '%.200s' selects none of the %zu points", filter, np);
        pk_gb_shutdown();
        free(points);
        pk_cli_usage_error("sweep", "%s", err);
        goto done_args;
    }
    if (list_only) {
        pk_gb_run();
        pk_gb_shutdown();
        free(points);
        rc = PK_EXIT_OK;
        goto done_args;
    }

    pk_signals_install();
    int orc = pk_session_open(&cli.ses, &cfg, err, sizeof err);
    if (orc != PK_OK) {
        pk_signals_restore();
        pk_gb_shutdown();
        free(points);
        if (orc == PK_ENODEV)
            rc = pk_cli_usage_error("sweep", "no %s device visible: %s", pk_session_kind(&cli.ses), err);
        else {
            fprintf(stderr, "pkbench sweep: cannot open backend %s: %s\n", backend, err);
            rc = PK_EXIT_CHECK;
        }
        goto done_args;
    }
    if (pk_path_mkdirs(out) != 0) {
        int e = errno;
        pk_session_close(&cli.ses);
        pk_signals_restore();
        pk_gb_shutdown();
        free(points);
        rc = pk_cli_usage_error("sweep", "--out: cannot create '%s': %s", out, strerror(e));
        goto done_args;
    }

    pk_sweep_init(&cli.sw, cli.ses.ops, cli.ses.b, cli.ses.device, points, np, &so);
    cli.sw.stop = &pk_signal_caught;
    cli.sw.on_rep = on_rep;
    cli.sw.ud = &cli;
    cli.tty = isatty(STDERR_FILENO);
    pk_context *ctx = &cli.sw.table.context;
    *ctx = cli.ses.ctx;
    pk_context_setf(ctx, "schema_version", "%d", PK_TIDY_SCHEMA_VERSION);
    pk_context_setf(ctx, "noise", "%g", so.noise);
    pk_context_setf(ctx, "min_reps", "%" PRIu64, so.min_reps);
    pk_context_setf(ctx, "max_reps", "%" PRIu64, so.max_reps);
    pk_context_setf(ctx, "max_time_s", "%g", so.max_time_s);
    pk_context_setf(ctx, "hang_timeout_s", "%g", cfg.hang_timeout_s);
    pk_context_setf(ctx, "google_benchmark", "%s", pk_gb_version());
    for (size_t i = 0; i < ctx->count; i++)
        pk_gb_add_context(ctx->key[i], ctx->value[i]);

    size_t ran = pk_gb_run();
    if (cli.tty)
        fprintf(stderr, "\r\033[K");
    pk_session_close(&cli.ses); /* joins the backend's workers before anything is written */
    pk_signals_restore();
    pk_gb_shutdown();

    int status = cli.sw.status;
    if (ran == 0 && status == PK_OK) {
        if (gb_tmp[0])
            remove(gb_tmp);
        pk_sweep_free(&cli.sw);
        free(points);
        rc = pk_cli_usage_error("sweep", "--benchmark_filter: Google Benchmark ran no point; nothing written");
        goto done_args;
    }
    int partial = status != PK_OK;
    cli.sw.table.partial = partial;
    char werr[1024] = "";
    int wrc = pk_table_write_csv(csv, &cli.sw.table, werr, sizeof werr);
    const char *json_src = user_out ? user_out : gb_tmp;
    int json_ok = !user_out || strcmp(out_format, "json") == 0;
    if (wrc == PK_OK && json_ok)
        wrc = pk_gbench_json_rewrite(json_src, partial ? partial_json : final_json, partial, werr, sizeof werr);
    if (gb_tmp[0])
        remove(gb_tmp);
    remove(partial ? final_json : partial_json); /* no stale file that contradicts this run */

    if (wrc != PK_OK) {
        fprintf(stderr, "pkbench sweep: %s\n", werr);
        rc = PK_EXIT_CHECK;
    } else if (status == PK_EINTR) {
        fprintf(stderr, "pkbench sweep: interrupted; %zu of %zu points written to %s (partial)\n", cli.sw.done, np,
                out);
        rc = pk_signals_exit_code();
    } else if (status != PK_OK) {
        fprintf(stderr, "pkbench sweep: %s; %zu of %zu points written to %s (partial)\n", cli.sw.err, cli.sw.done,
                np, out);
        rc = PK_EXIT_CHECK;
    } else {
        if (!json_ok)
            fprintf(stderr, "pkbench sweep: measured.json not written (--benchmark_out_format=%s)\n", out_format);
        fprintf(stderr, "pkbench sweep: %zu points (%zu benchmarks run) written to %s\n", cli.sw.done, ran, out);
        rc = PK_EXIT_OK;
    }
    pk_sweep_free(&cli.sw);
    free(points);
done_args:
    free(mine);
    free(gb);
    return rc;
}

#endif
