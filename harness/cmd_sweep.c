/* pkbench sweep: measures every (strategy, item_ns, batch, grid, block) point on a backend, each
 * as one Google Benchmark benchmark, and writes DIR/measured.json (Google Benchmark JSON) and
 * DIR/measured.csv (tidy). A failed or interrupted run keeps the finished points in files that
 * say they are partial. Needs Google Benchmark; without it the command says so and exits 2. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "harness/cli.h"
#include "harness/run_defaults.h"
#include "harness/commands.h"
#include "harness/opts.h"

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
#include "common/watchdog.h"
#include "harness/devices.h"
#include "harness/gbench_flags.h"
#include "harness/gbench_json.h"
#include "harness/gbench_shim.h"
#include "harness/measured.h"
#include "harness/progress.h"
#include "harness/resultdir.h"
#include "harness/session.h"
#include "harness/shard.h"
#include "harness/signals.h"
#include "harness/sweep.h"
#include "harness/sweep_resume.h"

#define MAX_AXIS 4096
#define MAX_POINTS PK_TIDY_MAX_ROWS /* a sweep never writes more rows than a reader takes */

typedef struct sweep_cli {
    pk_sweep sw;
    pk_session ses;
    pk_resultdir rd;  /* the --out folder, locked while the sweep runs */
    char made[PK_PATH_MAX]; /* the folders of --out this sweep made (pk_path_first_missing's; "" none) */
    int lock_made;          /* --out's lock file was not there before this sweep */
    int gb_failed;    /* Google Benchmark threw: its JSON is not whole */
    int gb_done;      /* Google Benchmark's run returned (on_hang: its JSON is written whole) */
    pk_progress prog; /* over the points the filter selects */
    pk_sweep_resume res; /* --resume: the folder's earlier result (sweep_resume.h) */
    size_t selected, measured, ran; /* ran: the benchmarks Google Benchmark ran, once it returned */
    size_t points;       /* the points the filter selects (of one pass) */
    char name[160];   /* the point being measured */
} sweep_cli;

/* "NAME median 12.30 µs cv 0.52% reps 20" */
static void point_text(char *buf, size_t len, const char *name, double median, double cv, uint64_t reps)
{
    char m[32];
    pk_duration_format(m, sizeof m, median, PK_DURATION_FIXED);
    snprintf(buf, len, "%s median %s cv %.2f%% reps %" PRIu64, name, m, isfinite(cv) ? cv * 100 : 0.0, reps);
}

static void on_rep(void *ud, const pk_point *pt, uint64_t reps, double median, double cv)
{
    sweep_cli *c = ud; /* set only when the progress goes to a terminal (run_points) */
    char t[256];
    point_text(t, sizeof t, c->name, median, cv, reps);
    pk_progress_status(&c->prog, c->measured, reps <= 1, "%s", t);
}

/* The Google Benchmark body of benchmark i: one adaptive measurement of point i, or with
 * replicates of point i % npoints in pass i / npoints + 1. */
static int gb_point(void *ud, size_t i, pk_gb_result *res, char *msg, size_t msglen)
{
    sweep_cli *c = ud;
    const pk_row *r = NULL;
    size_t k = i % c->sw.npoints;
    unsigned pass = c->sw.replicates > 1 ? (unsigned)(i / c->sw.npoints) + 1 : 0;
    pk_point_name(&c->sw.points[k], c->name, sizeof c->name);
    int rc = pass ? pk_sweep_step_pass(&c->sw, k, pass, &r) : pk_sweep_step(&c->sw, k, &r);
    pk_progress_clear(&c->prog); /* Google Benchmark prints its line next */
    if (rc != PK_OK) {
        snprintf(msg, msglen, "not measured: %s", c->sw.err);
        return 1;
    }
    c->measured++;
    if (!c->prog.tty) {
        char t[256];
        point_text(t, sizeof t, c->name, r->wall_ns, r->wall_ns_cv, r->reps);
        pk_progress_line(&c->prog, c->measured, c->measured, "%s", t);
    }
    res->seconds = r->wall_ns * 1e-9;
    pk_gb_row_counters(res, r, pass);
    return 0;
}

typedef struct sweep_args {
    const char *backend, *out;
    pk_gb_flags gf; /* what the --benchmark_* flags say */
    uint64_t replicates;
    int abba; /* --abba: every second pass measures each cell's strategies in reverse order */
    int resume; /* --resume: carry the finished points of DIR's partial pair over */
    int strategies[PK_STRAT_COUNT];
    size_t ns, ni, nb, ng, nk;
    uint64_t items[MAX_AXIS], batches[MAX_AXIS], grids[MAX_AXIS], blocks[MAX_AXIS];
    pk_sweep_opts so;
    pk_backend_config cfg;
    char **gb; /* Google Benchmark's argv: its name, the --benchmark_* flags, our output */
    int ngb;
    char gb_tmp[PK_PATH_MAX], gb_flag[PK_PATH_MAX + 32];
    pk_devices devs;           /* --device */
    pk_shard shard;            /* --shard; count 0 when not sharded */
    pk_shard_plan plan;        /* the split, when sharded */
    size_t shard_points;       /* the shard's points, before --resume takes out those it finished */
    pk_grid grid;              /* recorded in the context */
    size_t grid_points;        /* the grid's points (those the filter selects) */
    const pk_opt *table;       /* the options, for the workers' arguments */
    size_t ntable;
    int argc;
    char **argv;
} sweep_args;

/* The --benchmark_* flags: checked (Google Benchmark would exit or abort on some), then passed on. */
static int take_gb_flags(const pk_opts *o, sweep_args *a)
{
    char err[PK_PATH_MAX + 128];
    pk_gb_flags_init(&a->gf);
    if (pk_gb_flags_env(err, sizeof err) != 0) /* before a fan-out makes OUT: each worker would refuse */
        return pk_cli_usage_error("sweep", "%s", err);
    a->gb = calloc(o->npassed + 5, sizeof *a->gb);
    if (!a->gb)
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    a->gb[a->ngb++] = "pkbench-sweep";
    a->gb[a->ngb++] = "--v=0"; /* the library took its verbosity from the variable V as it loaded */
    for (size_t i = 0; i < o->npassed; i++)
        if (pk_gb_flags_check(&a->gf, o->passed[i], err, sizeof err) != 0)
            return pk_cli_usage_error("sweep", "%s", err);
    for (size_t i = 0; i < o->npassed; i++) /* a list writes nothing: Google Benchmark would open the file */
        if (!a->gf.list_only || strncmp(o->passed[i], "--benchmark_out", 15) != 0)
            a->gb[a->ngb++] = o->passed[i];
    return -1;
}

/* The grid's axes and the stopping rule. Returns -1 to go on, else the exit code. */
static int take_axes(const pk_opts *o, sweep_args *a, int ids[4])
{
    const char *text[4] = {SWEEP_ITEMS, SWEEP_BATCH, "1", "0"};
    static const char *const names[4] = {"--item-ns", "--batch", "--grid", "--block"};
    static const uint64_t max[4] = {UINT64_C(1000000000000), UINT32_MAX, 1u << 20, 1u << 16};
    uint64_t *vals[4] = {a->items, a->batches, a->grids, a->blocks};
    size_t *n[4] = {&a->ni, &a->nb, &a->ng, &a->nk};
    char err[512];
    for (int k = 0; k < 4; k++)
        if (pk_cli_u64_list(names[k], o->value[ids[k]] ? o->value[ids[k]] : text[k], max[k], vals[k], MAX_AXIS, n[k],
                            err, sizeof err))
            return pk_cli_usage_error("sweep", "%s", err);
    if (a->batches[0] == 0)
        return pk_cli_usage_error("sweep", "--batch: batch sizes must be at least 1");
    pk_sweep_grid_zero(a->grids, &a->ng);
    double np = (double)a->ns * (double)a->ni * (double)a->nb * (double)a->ng * (double)a->nk;
    if (np > MAX_POINTS)
        return pk_cli_usage_error("sweep", "--batch: the sweep has more than %d points", MAX_POINTS);
    if (np * (double)a->gf.repetitions > MAX_POINTS) /* Google Benchmark keeps every run in memory */
        return pk_cli_usage_error("sweep", "--benchmark_repetitions: %.0f points x %" PRIu64 " repetitions is more "
                                  "than %d benchmark runs", np, a->gf.repetitions, MAX_POINTS);
    if (a->replicates > 1 && np * (double)(a->replicates + 1) > MAX_POINTS) /* the summary row and one per pass */
        return pk_cli_usage_error("sweep", "--replicates: %.0f points x (1 + %" PRIu64 " passes) is more than %d "
                                  "rows", np, a->replicates, MAX_POINTS);
    return -1;
}

/* --replicates K (1..1000; default 1), which Google Benchmark's own repetitions would multiply. */
static int take_replicates(const pk_opts *o, int id, sweep_args *a)
{
    a->replicates = 1;
    int rc = pk_opts_count(o, id, 1000, &a->replicates);
    if (rc == 0 && a->replicates > 1 && a->gf.repetitions > 1)
        rc = pk_cli_usage_error("sweep", "--replicates: not with --benchmark_repetitions=%" PRIu64
                                " (a pass is already a repetition)", a->gf.repetitions);
    return rc;
}

static int parse_args(int argc, char **argv, sweep_args *a)
{
    enum { O_BACKEND, O_OUT, O_STRAT, O_ITEM, O_BATCH, O_GRID, O_BLOCK, O_NOISE, O_MINR, O_MAXR, O_MAXT, O_HANG, O_DEV,
           O_SHARD, O_REPL, O_CANARY, O_ABBA, O_RESUME, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"backend", 1}, {"out", 1},      {"strategy", 1}, {"item-ns", 1},  {"batch", 1},
        {"grid", 1},    {"block", 1},    {"noise", 1},    {"min-reps", 1}, {"max-reps", 1},
        {"max-time-s", 1}, {"hang-timeout-s", 1}, {"device", 1}, {"shard", 1}, {"replicates", 1},
        {"canary", 0},  {"abba", 0},     {"resume", 0},
    };
    pk_opts o = {.cmd = "sweep", .table = table, .n = O_COUNT, .usage = pk_cmd_sweep_usage,
                 .passthrough = "--benchmark_"};
    int rc = pk_opts_parse(&o, argc, argv), axes[4] = {O_ITEM, O_BATCH, O_GRID, O_BLOCK};
    char err[512];
    if (rc < 0 && (rc = pk_progress_env_check("sweep")) < 0)
        rc = take_gb_flags(&o, a);
    pk_opts_free(&o);
    pk_sweep_opts_default(&a->so);
    a->cfg = (pk_backend_config){0, 10.0};
    if (rc >= 0 || (rc = pk_opts_double(&o, O_NOISE, 0, 1, &a->so.noise)) ||
        (rc = pk_opts_count(&o, O_MINR, PK_SWEEP_MAX_REPS, &a->so.min_reps)) ||
        (rc = pk_opts_count(&o, O_MAXR, PK_SWEEP_MAX_REPS, &a->so.max_reps)) ||
        (rc = pk_opts_double(&o, O_MAXT, 0, 86400, &a->so.max_time_s)) ||
        (rc = pk_opts_double(&o, O_HANG, 1e-3, 86400, &a->cfg.hang_timeout_s)) ||
        (rc = take_replicates(&o, O_REPL, a)))
        return rc;
    if (pk_devices_parse(o.value[O_DEV], &a->devs, err, sizeof err) != PK_OK ||
        (o.value[O_SHARD] && pk_shard_parse(o.value[O_SHARD], &a->shard, err, sizeof err) != PK_OK))
        return pk_cli_usage_error("sweep", "%s", err);
    a->cfg.device_index = a->devs.n ? a->devs.index[0] : 0;
    a->so.canary = o.value[O_CANARY] != NULL;
    a->abba = o.value[O_ABBA] != NULL;
    a->resume = o.value[O_RESUME] != NULL;
    if (a->abba && a->replicates < 2)
        return pk_cli_usage_error("sweep", "--abba: needs --replicates 2 or more");
    a->table = table;
    a->ntable = O_COUNT;
    a->backend = o.value[O_BACKEND];
    a->out = o.value[O_OUT];
    if (!a->backend)
        return pk_cli_usage_error("sweep", "--backend is required (see 'pkbench sweep --help')");
    if (!a->out && !a->gf.list_only)
        return pk_cli_usage_error("sweep", "--out is required (see 'pkbench sweep --help')");
    if (pk_gb_flags_check_sweep(&a->gf, a->out, a->replicates, err, sizeof err) != 0)
        return pk_cli_usage_error("sweep", "%s", err);
    if (a->so.min_reps > a->so.max_reps)
        return pk_cli_usage_error("sweep", "--min-reps: %" PRIu64 " is greater than --max-reps %" PRIu64,
                                  a->so.min_reps, a->so.max_reps);
    const char *strat = o.value[O_STRAT] ? o.value[O_STRAT]
                                         : "standard,standard-sync,graph,persistent,persistent-resident";
    if (pk_cli_name_list("--strategy", strat, pk_strategy_names, a->strategies, PK_STRAT_COUNT, &a->ns, err,
                         sizeof err))
        return pk_cli_usage_error("sweep", "%s", err);
    return take_axes(&o, a, axes);
}

/* Google Benchmark's JSON goes, unless the user named a file, into the staging folder of DIR
 * (harness/resultdir.h) that the sweep's files are committed from. */
static int derive_paths(sweep_args *a)
{
    if (!a->out || a->gf.user_out || a->gf.list_only) /* --benchmark_list_tests writes nothing */
        return -1;
    if (pk_resultdir_stage_path(a->out, "gbench.json", a->gb_tmp, sizeof a->gb_tmp) != PK_OK)
        return pk_cli_usage_error("sweep", "--out: '%s': path too long", a->out);
    snprintf(a->gb_flag, sizeof a->gb_flag, "--benchmark_out=%s", a->gb_tmp);
    a->gb[a->ngb++] = a->gb_flag;
    a->gb[a->ngb++] = "--benchmark_out_format=json";
    return -1;
}

/* How many of the points --benchmark_filter selects, into *selected; -1 to go on, else the exit
 * code: a filter that selects none, or no regex, is refused before anything is made. */
static int filter_selects(const sweep_args *a, const pk_point *points, size_t np, long *selected)
{
    char why[512];
    if ((*selected = pk_gb_filter_count(a->gf.filter, points, np, why, sizeof why)) < 0)
        return pk_cli_usage_error("sweep", "--benchmark_filter: '%.200s' %s: %s", a->gf.filter,
                                  *selected == -1 ? "is not a valid regex" : "is read two ways", why);
    return *selected ? -1
                     : pk_cli_usage_error("sweep", "--benchmark_filter: '%.200s' selects none of the %zu points",
                                          a->gf.filter, np);
}

/* Registers one Google Benchmark benchmark per point; refuses a filter that selects none. */
static int register_points(const sweep_args *a, sweep_cli *cli, pk_point *points, size_t np)
{
    static const char *const axis_names[] = {"N", "item_ns", "grid", "block"};
    for (size_t p = 0; p < a->replicates; p++) /* pass-major: every point once, then again */
        for (size_t j = 0; j < np; j++) {
            size_t k = a->abba && p % 2 ? pk_grid_abba_index(points, np, j) : j;
            char name[160];
            double axes[4] = {(double)points[k].batch, (double)points[k].item_ns, points[k].grid, points[k].block};
            pk_point_name(&points[k], name, sizeof name);
            if (pk_gb_register(name, axis_names, axes, 4, gb_point, cli, p * np + k) != 0)
                return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory registering %zu benchmarks", np);
        }
    long selected = 0;
    int rc = filter_selects(a, points, np, &selected);
    cli->points = selected > 0 ? (size_t)selected : 0;
    /* progress counts every pass, and every repetition of Google Benchmark's */
    cli->selected = selected > 0 ? (size_t)selected * a->replicates * a->gf.repetitions : 0;
    return rc;
}

static int write_outputs(const sweep_args *a, sweep_cli *cli);

/* With --shard, the shard's share and whether more shards would help, once every check (--resume's
 * against the folder's partial pair among them) has passed: a refused sweep says one line. With
 * --device, each worker says it in its own log. */
static void shard_note(const sweep_args *a)
{
    if (a->shard.count)
        fprintf(stderr, "pkbench sweep: shard %u/%u: %zu of %zu points, expected %.2g s of %.2g s (largest shard "
                "%.2g s)\n", a->shard.index, a->shard.count, a->shard_points, a->grid_points,
                (double)a->plan.load_ns[a->shard.index] * 1e-9, (double)a->plan.total_ns * 1e-9,
                (double)a->plan.max_load_ns * 1e-9);
    if (a->shard.count && a->plan.max_cell_ns * a->shard.count > a->plan.total_ns * 1.05)
        fprintf(stderr, "pkbench sweep: one key (all its strategies) is expected to take %.2g s, more than a "
                "shard's share: more shards will not shorten the sweep\n", (double)a->plan.max_cell_ns * 1e-9);
}

/* The watchdog's hook (common/watchdog.h), on its thread while a backend call that never returned
 * holds the sweep's: the points finished so far are committed as after a failed run (Google
 * Benchmark's JSON closed at its last reported benchmark, or left out), and its exit code ends
 * the process. */
static struct sweep_hang {
    const sweep_args *a;
    sweep_cli *cli;
} sweep_hang;

static int on_hang(void *ud)
{
    const struct sweep_hang *h = (const struct sweep_hang *)ud;
    sweep_cli *cli = h->cli;
    char err[PK_PATH_MAX + 128];
    const char *gb = h->a->gf.user_out ? h->a->gf.user_out : h->a->gb_tmp;
    pk_progress_clear(&cli->prog);
    if (!cli->gb_done) { /* a point's run: what was finished, as after a failed run */
        cli->sw.status = PK_ETIMEDOUT;
        snprintf(cli->sw.err, sizeof cli->sw.err, "a backend call did not return (the line above)");
        if (!cli->gb_failed && pk_gbench_json_close_stream(gb, gb, err, sizeof err) != PK_OK)
            cli->gb_failed = 1; /* the partial CSV alone */
    } /* else the backend's close after the last point: the sweep as it ended */
    const int rc = write_outputs(h->a, cli);
    return rc == PK_EXIT_OK ? PK_EXIT_CHECK : rc;
}

/* Opens the backend, creates DIR and runs the benchmarks; the backend is closed after. Returns
 * -1 when Google Benchmark ran (cli->sw holds the rows), else the exit code. */
static int run_points(const sweep_args *a, sweep_cli *cli, const pk_point *points, size_t np)
{
    char err[1024], msg[1100];
    int rc;
    char named[PK_PATH_MAX]; /* a file the sweep commits that is a folder */
    if (pk_measured_check_names(a->out, named, sizeof named) != PK_OK)
        return pk_cli_usage_error("sweep", "--out: %s is a folder; a sweep writes a file there", named);
    pk_signals_install();
    rc = pk_session_open(&cli->ses, &a->cfg, err, sizeof err);
    if (rc != PK_OK) {
        pk_signals_restore();
        if (rc == PK_ENODEV)
            return pk_cli_fail("sweep", pk_session_exit_code(&cli->ses, rc), "%s",
                               pk_session_nodev(&cli->ses, err, msg, sizeof msg));
        return pk_cli_fail("sweep", pk_session_exit_code(&cli->ses, rc), "cannot open backend %s: %s", a->backend,
                           err);
    }
    /* The folders once the backend is open (no device: none made); --benchmark_out's may still fail. */
    if (a->gf.user_out && pk_path_mkparent(a->gf.user_out) != 0) {
        int e = errno;
        pk_session_close(&cli->ses);
        pk_signals_restore();
        return pk_cli_usage_error("sweep", "--benchmark_out: cannot create '%s': %s", a->gf.user_out, strerror(e));
    }
    char inside[PK_PATH_MAX]; /* the lock file, for what opening --out makes */
    cli->made[0] = '\0';
    cli->lock_made = 0;
    if (pk_path_join(inside, sizeof inside, a->out, PK_RESULTDIR_LOCK, NULL, 0) == PK_OK) {
        pk_path_first_missing(inside, cli->made, sizeof cli->made);
        cli->lock_made = access(inside, F_OK) != 0;
    }
    if ((rc = pk_resultdir_open(&cli->rd, a->out, err, sizeof err)) != PK_OK) {
        pk_path_remove_made(inside, cli->made); /* those a failed open made on its way, still empty */
        pk_session_close(&cli->ses);
        pk_signals_restore();
        return pk_cli_usage_error("sweep", "--out: %s", err);
    }
    static const char *const partial[2] = {"measured.partial.csv", "measured.partial.csv.gz"}; /* locked */
    if (!cli->res.on && pk_resultdir_holds(a->out, partial, 2))
        pk_cli_note("sweep", "%s holds an earlier partial sweep: this one replaces it, stopped or done (--resume "
                             "would carry its finished points over)", a->out);
    else if (!cli->res.on && pk_resultdir_holds(a->out, (const char *const[]){"measured.csv", "measured.csv.gz"}, 2))
        pk_cli_note("sweep", "%s holds an earlier sweep: this one replaces it once done", a->out);
    pk_sweep_init(&cli->sw, cli->ses.ops, cli->ses.b, cli->ses.device, points, np, &a->so);
    if (pk_sweep_set_replicates(&cli->sw, (unsigned)a->replicates) != PK_OK) {
        pk_resultdir_close(&cli->rd);
        pk_session_close(&cli->ses);
        pk_signals_restore();
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    }
    cli->sw.stop = &pk_signal_caught;
    cli->sw.ud = cli;
    pk_progress_start(&cli->prog, stderr, "", cli->selected);
    cli->sw.on_rep = cli->prog.tty ? on_rep : NULL; /* a running median only for a line on a terminal */
    pk_context *ctx = &cli->sw.table.context;
    *ctx = cli->ses.ctx;
    pk_context_setf(ctx, "schema_version", "%d", PK_TIDY_SCHEMA_VERSION);
    pk_context_setf(ctx, "noise", "%g", a->so.noise);
    pk_context_setf(ctx, "min_reps", "%" PRIu64, a->so.min_reps);
    pk_context_setf(ctx, "max_reps", "%" PRIu64, a->so.max_reps);
    pk_context_setf(ctx, "max_time_s", "%g", a->so.max_time_s);
    pk_context_setf(ctx, "replicates", "%" PRIu64, a->replicates);
    if (a->abba)
        pk_context_setf(ctx, "pass_order", "abba: each cell's strategies in reverse order in every second pass");
    pk_context_setf(ctx, "hang_timeout_s", "%g", a->cfg.hang_timeout_s);
    if (a->so.canary)
        pk_context_setf(ctx, "canary", "standard item_ns 0 batch %u: %d runs before and %d after every point; "
                        "resident item_ns 0 batch %u: %d before (after %d untimed) and %d after a resident one",
                        PK_SWEEP_CANARY_BATCH, PK_SWEEP_CANARY_RUNS, PK_SWEEP_CANARY_RUNS,
                        PK_SWEEP_PUSH_N, PK_SWEEP_PUSH_RUNS, PK_SWEEP_PUSH_WARM, PK_SWEEP_PUSH_RUNS);
    pk_gb_flags_record(&a->gf, pk_gb_version(), ctx); /* with the flags that change what is measured */
    pk_shard_record(ctx, &a->grid, a->gf.filter, &a->shard, &a->plan, a->grid_points, err, sizeof err);
    struct timespec now; /* names the run in both files of the folder, so that readers can match them */
    clock_gettime(CLOCK_REALTIME, &now);
    pk_context_setf(ctx, "run_id", "%lld.%09ld-%ld", (long long)now.tv_sec, now.tv_nsec, (long)getpid());
    if ((rc = pk_sweep_resume_start(&cli->res, &cli->rd, ctx)) >= 0) { /* another sweep's, or done */
        pk_resultdir_close(&cli->rd);
        pk_session_close(&cli->ses);
        pk_signals_restore();
        pk_sweep_free(&cli->sw);
        return rc;
    }
    shard_note(a);
    for (size_t i = 0; i < ctx->count; i++)
        pk_gb_add_context(ctx->key[i], ctx->value[i]);
    sweep_hang = (struct sweep_hang){a, cli};
    pk_watchdog_set_hook(on_hang, &sweep_hang);
    if (pk_gb_run(&cli->ran, err, sizeof err) != 0) {
        /* What was measured is kept (partial, without Google Benchmark's JSON). */
        cli->gb_failed = 1;
        if (cli->sw.status == PK_OK) {
            cli->sw.status = PK_EINVAL;
            snprintf(cli->sw.err, sizeof cli->sw.err, "%.500s", err);
        }
    }
    cli->gb_done = 1; /* before the close's guard is armed, which publishes it to on_hang */
    pk_progress_clear(&cli->prog);
    pk_session_settle(&cli->ses, &cli->sw.table.context);
    pk_session_close(&cli->ses); /* joins the backend's workers before anything is written */
    pk_watchdog_set_hook(NULL, NULL);
    return -1; /* the handlers stay until the files are written: a repeated signal must not cut them */
}

/* Commits measured.csv and measured.json (or their partial forms) as one unit and says how it
 * went; the folder's lock is released after. */
static int write_outputs(const sweep_args *a, sweep_cli *cli)
{
    int status = cli->sw.status, rc;
    char werr[PK_PATH_MAX + 512] = "";
    if ((cli->ran == 0 || cli->sw.done == 0) && status == PK_OK) {
        pk_resultdir_close(&cli->rd);
        return pk_cli_usage_error("sweep", "--benchmark_filter: Google Benchmark ran no point; nothing written");
    }
    cli->sw.table.partial = status != PK_OK;
    int json_ok = !cli->gb_failed && (!a->gf.user_out || strcmp(a->gf.out_format, "json") == 0), wrc = PK_OK;
    const char *gb_json = !json_ok ? NULL : a->gf.user_out ? a->gf.user_out : a->gb_tmp;
    char jerr[PK_PATH_MAX + 512] = ""; /* why Google Benchmark's JSON was left out */
    if (cli->sw.done > 0 && /* a run that finished no point leaves the folder as it was */
        (wrc = pk_sweep_resume_join(&cli->res, &cli->rd, &cli->sw.table, &gb_json, werr, sizeof werr)) == PK_OK &&
        (wrc = pk_measured_publish(&cli->rd, &cli->sw.table, gb_json, werr, sizeof werr)) == PK_EPARSE && gb_json) {
        snprintf(jerr, sizeof jerr, "%s", werr); /* the measured rows are kept, without it */
        wrc = pk_measured_publish(&cli->rd, &cli->sw.table, NULL, werr, sizeof werr);
    }
    if (cli->sw.done > 0)
        pk_resultdir_close(&cli->rd);
    else /* nothing written: the lock file and folders this sweep made go, so that it is "as it was" */
        pk_resultdir_close_unused(&cli->rd, cli->lock_made, cli->made);
    size_t carried = cli->sw.done ? pk_sweep_resume_carried(&cli->res) : 0; /* --resume: the earlier run's */
    size_t np = cli->points + carried; /* the sweep's points, those the filter selects */
    cli->sw.done += carried;
    char tail[PK_PATH_MAX + 128];
    if (cli->sw.done && a->replicates > 1) /* a point has its row once one pass of it is in */
        snprintf(tail, sizeof tail, "%zu of %zu points written to %s (partial: %zu of %zu passes)", cli->sw.done, np,
                 a->out, cli->sw.table.npass, np * (size_t)a->replicates);
    else if (cli->sw.done)
        snprintf(tail, sizeof tail, "%zu of %zu points written to %s (partial)", cli->sw.done, np, a->out);
    else
        snprintf(tail, sizeof tail, "no point finished; %s is as it was", a->out);
    if (wrc != PK_OK) {
        /* A Google Benchmark output that does not parse is a failed run, not a failed write. */
        rc = pk_cli_fail("sweep", wrc == PK_EPARSE ? PK_EXIT_CHECK : pk_cli_exit_write(wrc), "%s; %s", werr,
                         wrc == PK_EIO && !strstr(werr, "cannot put") ? "the folder is as it was"
                                                                       : "the next sweep into it finishes the commit");
    } else if (jerr[0]) { /* a stopped sweep still exits as stopped */
        rc = pk_cli_fail("sweep", status == PK_EINTR ? pk_signals_exit_code() : PK_EXIT_CHECK,
                         "%s; %s written without measured.json", jerr, status == PK_OK ? a->out : tail);
    } else if (status == PK_EINTR) {
        pk_cli_note("sweep", "interrupted; %s", tail);
        rc = pk_signals_exit_code();
    } else if (status != PK_OK) {
        rc = pk_cli_fail("sweep", PK_EXIT_CHECK, "%s; %s", cli->sw.err, tail);
    } else {
        if (!json_ok)
            pk_cli_note("sweep", "measured.json not written (--benchmark_out_format=%s)", a->gf.out_format);
        pk_cli_note("sweep", "%zu point%s (%zu benchmark%s run) written to %s", cli->sw.done,
                    cli->sw.done == 1 ? "" : "s", cli->ran, cli->ran == 1 ? "" : "s", a->out);
        rc = PK_EXIT_OK;
    }
    return rc;
}

/* --device all|LIST: one worker process per device (cmd_sweep_devices.c). */
static int sweep_devices(sweep_args *a, const sweep_cli *cli)
{
    char err[512];
    if (a->gf.user_out)
        return pk_cli_usage_error("sweep", "--benchmark_out: not with several devices (each device's Google "
                                           "Benchmark JSON is DIR/device-K/measured.json)");
    const int rc = pk_devices_resolve(&a->devs, cli->ses.ops, err, sizeof err);
    if (rc != PK_OK)
        return pk_cli_fail("sweep", pk_session_exit_code(&cli->ses, rc), "%s", err);
    return pk_cmd_sweep_devices(&a->devs, a->out, a->resume, a->table, a->ntable, a->argc, a->argv);
}

/* The grid to record and, with --shard, the shard's points (shard.h). -1 to go on, else the exit code. */
static int plan_points(sweep_args *a, const sweep_cli *cli, pk_point **points, size_t *np)
{
    char err[512];
    pk_grid g = {.ns = a->ns, .vals = {a->items, a->batches, a->grids, a->blocks}, .n = {a->ni, a->nb, a->ng, a->nk}};
    memcpy(g.strategies, a->strategies, sizeof g.strategies);
    a->grid = g;
    int rc = pk_shard_sweep_points(&a->grid, a->gf.filter, &a->shard, cli->ses.ops->cpu_analogue, &a->so, points, np,
                                   &a->grid_points, &a->plan, err, sizeof err);
    if (rc != PK_OK)
        return rc == PK_ENOMEM ? pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory")
                               : pk_cli_usage_error("sweep", "%s", err);
    if (pk_backend_check_points(cli->ses.ops, *points, *np, err, sizeof err) != PK_OK) /* before any point */
        return pk_cli_usage_error("sweep", "%s", err);
    a->shard_points = *np;
    return -1;
}

/* Every step after the arguments: the backend, Google Benchmark, the points, the outputs. */
static int sweep(sweep_args *a, sweep_cli *cli)
{
    char err[1024];
    int rc;
    if (pk_session_find(&cli->ses, a->backend, err, sizeof err) != PK_OK)
        return pk_cli_usage_error("sweep", "%s", err);
    size_t np = 0, ran = 0;
    long sel;
    pk_point *points = pk_sweep_points(a->strategies, a->ns, a->items, a->ni, a->batches, a->nb, a->grids, a->ng,
                                       a->blocks, a->nk, &np);
    if (!points)
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    /* the shard and the filter checked before a fan-out makes OUT, as each worker checks them */
    if ((rc = plan_points(a, cli, &points, &np)) < 0 && a->devs.fan_out && !a->gf.list_only &&
        (rc = filter_selects(a, points, np, &sel)) < 0)
        rc = sweep_devices(a, cli); /* each worker, given --shard too, says its share in its log */
    if (rc < 0) /* --resume: the points DIR's partial pair finished are taken out (each worker's own) */
        rc = pk_sweep_resume_plan(&cli->res, a->resume && !a->gf.list_only, a->out, &a->gf, (unsigned)a->replicates,
                                  &points, &np);
    if (rc < 0 && ((rc = derive_paths(a)) < 0 && pk_gb_init(a->ngb, a->gb, err, sizeof err) != 0))
        rc = pk_cli_usage_error("sweep", "%s", err);
    if (rc >= 0) {
        free(points);
        return rc;
    }
    if ((rc = register_points(a, cli, points, np)) < 0 && a->gf.list_only) {
        shard_note(a);
        if (pk_gb_run(&ran, err, sizeof err) != 0)
            rc = pk_cli_fail("sweep", PK_EXIT_CHECK, "%s", err);
        else
            rc = PK_EXIT_OK;
    } else if (rc < 0 && (rc = run_points(a, cli, points, np)) < 0) {
        pk_gb_shutdown();
        rc = write_outputs(a, cli);
        pk_signals_restore();
        pk_sweep_free(&cli->sw);
        free(points);
        return rc;
    }
    pk_gb_shutdown();
    free(points);
    return rc;
}

int pk_cmd_sweep(int argc, char **argv)
{
    sweep_args *a = calloc(1, sizeof *a);
    sweep_cli *cli = calloc(1, sizeof *cli);
    int rc = a && cli ? parse_args(argc, argv, a) : pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    if (rc < 0) {
        a->argc = argc;
        a->argv = argv;
        rc = sweep(a, cli);
    }
    if (a) {
        free(a->gb);
        pk_shard_plan_free(&a->plan);
    }
    if (cli)
        pk_sweep_resume_free(&cli->res);
    free(a);
    free(cli);
    return rc;
}

#endif
