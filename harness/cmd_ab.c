/* pkbench ab: an interleaved A/B of two pkbench builds (--a, --b) or two configurations (--a-args,
 * --b-args) on one device, in one run: two worker processes (`pkbench ab --worker`, one per side)
 * measure each point in ABBA blocks, and the paired verdicts are written as compare writes them.
 * The schedule, the worker protocol and the worker processes are in harness/ab.c, the verdicts in
 * baseline.c and verdict.c. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/ab.h"
#include "harness/cli.h"
#include "harness/compare.h"
#include "harness/commands.h"
#include "harness/opts.h"
#include "harness/progress.h"
#include "harness/resultdir.h"
#include "harness/session.h"
#include "harness/signals.h"
#include "harness/sweep.h"
#include "harness/verdict_cli.h"
#include "harness/run_defaults.h"

#define CMD "ab"
#define MAX_AXIS 4096
#define MAX_WORKER_ARGS 64

static void ab_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench ab --backend NAME --out DIR [--a PKBENCH] [--b PKBENCH]\n"
            "                  [--a-args 'ARGS'] [--b-args 'ARGS'] [--blocks R] [grid] [measuring] [verdict]\n\n"
            "An interleaved A/B on one device in one run: side A and side B are two pkbench builds (--a,\n"
            "--b; default: this pkbench) or two configurations (--a-args, --b-args: extra options for\n"
            "that side's worker, split at spaces). Each side runs as a worker process holding the\n"
            "backend open ('PKBENCH ab --worker'); only one measures at a time. Block r measures every\n"
            "point A B B A (B A A B on even blocks), each letter one adaptive measurement as in sweep,\n"
            "with a fresh pair of workers per block; a drift that is linear over a block cancels in its\n"
            "B - A. Per point the verdict of B against A (paired over the blocks): same, faster, slower\n"
            "or undecided, as compare gives them; faster and slower also need the blocks' signs to\n"
            "agree (a sign test: faster or slower needs 6 blocks at least, 12 for one changed point\n"
            "among 100; the report says when more blocks would decide a point).\n"
            "Writes DIR/a/measured.csv and DIR/b/measured.csv (pass rows 2r-1, 2r: block r),\n"
            "DIR/verdicts.csv, DIR/summary.json and DIR/report.md; a run stopped part way writes\n"
            "what it measured as DIR/a and DIR/b's measured.partial.csv, no verdicts, and leaves an\n"
            "earlier whole run's files as they were. Each point is measured 4R times: keep the grid\n"
            "small.\n\n"
            "  --backend NAME       cuda, hip or host (both sides)\n"
            "  --out DIR            output folder (created)\n"
            "  --a PATH, --b PATH   the pkbench of each side (default: this one)\n"
            "  --a-args ARGS, --b-args ARGS\n"
            "                       extra worker options of each side (e.g. '--max-time-s 0.05')\n"
            "  --blocks R           ABBA blocks per point (default 12)\n"
            "grid (as sweep): --strategy LIST, --item-ns LIST (default " SWEEP_ITEMS "),\n"
            "  --batch LIST (default " SWEEP_BATCH "), --grid LIST (default 1), --block LIST (default 0)\n"
            "measuring (both sides, as sweep): --noise F, --min-reps N, --max-reps N, --max-time-s F,\n"
            "  --hang-timeout-s F, --device N\n"
            "verdict (as compare): --threshold PCT, --fdr PCT, --min-sd PCT, --window N, --margin PCT\n\n"
            "Exit codes: 0 no point slower, 1 a point is slower (B slower than A) or a run failed\n"
            "(measured.partial.csv written), 2 bad usage or input, 71 out of memory, 74 the files could\n"
            "not be written, 77 no device visible, 128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM,\n"
            "129 SIGHUP, 141 SIGPIPE; measured.partial.csv written).\n");
}

enum { O_BACKEND, O_OUT, O_A, O_B, O_AARGS, O_BARGS, O_BLOCKS, O_STRAT, O_ITEM, O_BATCH, O_GRID, O_BLOCK, O_NOISE,
       O_MINR, O_MAXR, O_MAXT, O_HANG, O_DEV, O_THRESH, O_FDR, O_MINSD, O_WINDOW, O_MARGIN, O_WORKER, O_COUNT };
static const pk_opt table[O_COUNT] = {
    {"backend", 1},    {"out", 1},      {"a", 1},           {"b", 1},        {"a-args", 2},     {"b-args", 2},
    {"blocks", 1},     {"strategy", 1}, {"item-ns", 1},     {"batch", 1},    {"grid", 1},       {"block", 1},
    {"noise", 1},      {"min-reps", 1}, {"max-reps", 1},    {"max-time-s", 1}, {"hang-timeout-s", 1},
    {"device", 1},     {"threshold", 1}, {"fdr", 1},        {"min-sd", 1},   {"window", 1},     {"margin", 1},
    {"worker", 0},
};
/* The measuring options, handed on to both workers as given. */
static const int measuring[] = {O_NOISE, O_MINR, O_MAXR, O_MAXT, O_HANG, O_DEV};

typedef struct ab_args {
    const char *backend, *out, *prog[2], *extra[2];
    uint64_t blocks;
    int strategies[PK_STRAT_COUNT];
    size_t ns, ni, nb, ng, nk;
    uint64_t items[MAX_AXIS], batches[MAX_AXIS], grids[MAX_AXIS], blocks_[MAX_AXIS];
    pk_sweep_opts so;
    pk_backend_config cfg;
    pk_verdict_params vp;
    char self[PK_PATH_MAX];
    char *argv[2][MAX_WORKER_ARGS + 1]; /* each worker's command line */
    char *split[2];                     /* the copies --a-args and --b-args were split in */
} ab_args;

/* The measuring options and the backend config, as sweep reads them. */
static int take_measuring(const pk_opts *o, pk_sweep_opts *so, pk_backend_config *cfg)
{
    uint64_t dev = 0;
    int rc;
    pk_sweep_opts_default(so);
    *cfg = (pk_backend_config){0, 10.0};
    if ((rc = pk_opts_double(o, O_NOISE, 0, 1, &so->noise)) ||
        (rc = pk_opts_count(o, O_MINR, PK_SWEEP_MAX_REPS, &so->min_reps)) ||
        (rc = pk_opts_count(o, O_MAXR, PK_SWEEP_MAX_REPS, &so->max_reps)) ||
        (rc = pk_opts_double(o, O_MAXT, 0, 86400, &so->max_time_s)) ||
        (rc = pk_opts_double(o, O_HANG, 1e-3, 86400, &cfg->hang_timeout_s)) || (rc = pk_opts_u64(o, O_DEV, 1024, &dev)))
        return rc;
    cfg->device_index = (int)dev;
    if (so->min_reps > so->max_reps)
        return pk_cli_usage_error(CMD, "--min-reps: %" PRIu64 " is greater than --max-reps %" PRIu64, so->min_reps,
                                  so->max_reps);
    return 0;
}

/* The worker: opens the backend, says hello, measures what it is sent until end of input. */
static int run_worker(const pk_opts *o)
{
    pk_sweep_opts so;
    pk_backend_config cfg;
    pk_session ses;
    char err[1024];
    int rc = take_measuring(o, &so, &cfg);
    if (rc)
        return rc;
    for (int i = 0; i < O_COUNT; i++)
        if (o->value[i] && i != O_WORKER && i != O_BACKEND && i != O_NOISE && i != O_MINR && i != O_MAXR &&
            i != O_MAXT && i != O_HANG && i != O_DEV)
            return pk_cli_usage_error(CMD, "--%s is not a worker option", table[i].name);
    if (!o->value[O_BACKEND])
        return pk_cli_usage_error(CMD, "--worker needs --backend");
    if (pk_session_find(&ses, o->value[O_BACKEND], err, sizeof err) != PK_OK)
        return printf("error 2 %s\n", err), PK_EXIT_USAGE;
    /* Ctrl-C is the parent's to handle: it stops between measurements and closes our stdin. */
    signal(SIGINT, SIG_IGN);
    if ((rc = pk_session_open(&ses, &cfg, err, sizeof err)) != PK_OK) {
        int code = pk_session_exit_code(&ses, rc); /* the host's device N is bad usage, as in sweep */
        printf("error %d %s%s\n", code, rc == PK_ENODEV ? "no device visible: " : "cannot open the backend: ", err);
        return code;
    }
    pk_context_setf(&ses.ctx, "noise", "%g", so.noise);
    pk_context_setf(&ses.ctx, "min_reps", "%" PRIu64, so.min_reps);
    pk_context_setf(&ses.ctx, "max_reps", "%" PRIu64, so.max_reps);
    pk_context_setf(&ses.ctx, "max_time_s", "%g", so.max_time_s);
    pk_context_setf(&ses.ctx, "hang_timeout_s", "%g", cfg.hang_timeout_s);
    printf("%s\nbackend %s\ndevice %s\n", PK_AB_HELLO, ses.ops->name, ses.device);
    for (size_t i = 0; i < ses.ctx.count; i++)
        printf("context %s=%s\n", ses.ctx.key[i], ses.ctx.value[i]);
    printf("ready\n");
    fflush(stdout);
    rc = pk_ab_serve(stdin, stdout, ses.ops, ses.b, &so, NULL);
    pk_session_close(&ses);
    return rc;
}

/* argv of side s's worker: PROGRAM ab --worker --backend B [measuring options] [extra args]. */
static int worker_argv(const pk_opts *o, ab_args *a, int s)
{
    char **v = a->argv[s];
    int n = 0;
    v[n++] = (char *)a->prog[s];
    v[n++] = "ab";
    v[n++] = "--worker";
    v[n++] = "--backend";
    v[n++] = (char *)a->backend;
    static const char *const flags[] = {"--noise", "--min-reps", "--max-reps", "--max-time-s", "--hang-timeout-s",
                                        "--device"};
    for (size_t i = 0; i < sizeof measuring / sizeof measuring[0]; i++)
        if (o->value[measuring[i]]) {
            v[n++] = (char *)flags[i];
            v[n++] = (char *)o->value[measuring[i]];
        }
    if (a->extra[s]) {
        if (!(a->split[s] = strdup(a->extra[s])))
            return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
        for (char *t = strtok(a->split[s], " \t"); t; t = strtok(NULL, " \t")) {
            if (n == MAX_WORKER_ARGS)
                return pk_cli_usage_error(CMD, "--%s-args: too many arguments", s ? "b" : "a");
            v[n++] = t;
        }
    }
    v[n] = NULL;
    return -1;
}

/* The grid, as sweep reads it. */
static int take_grid(const pk_opts *o, ab_args *a)
{
    static const char *const dflt[4] = {SWEEP_ITEMS, SWEEP_BATCH, "1", "0"};
    static const char *const names[4] = {"--item-ns", "--batch", "--grid", "--block"};
    static const uint64_t max[4] = {UINT64_C(1000000000000), UINT32_MAX, 1u << 20, 1u << 16};
    const int ids[4] = {O_ITEM, O_BATCH, O_GRID, O_BLOCK};
    uint64_t *vals[4] = {a->items, a->batches, a->grids, a->blocks_};
    size_t *n[4] = {&a->ni, &a->nb, &a->ng, &a->nk};
    char err[512];
    for (int k = 0; k < 4; k++)
        if (pk_cli_u64_list(names[k], o->value[ids[k]] ? o->value[ids[k]] : dflt[k], max[k], vals[k], MAX_AXIS, n[k],
                            err, sizeof err))
            return pk_cli_usage_error(CMD, "%s", err);
    if (a->batches[0] == 0)
        return pk_cli_usage_error(CMD, "--batch: batch sizes must be at least 1");
    pk_sweep_grid_zero(a->grids, &a->ng);
    const char *strat = o->value[O_STRAT] ? o->value[O_STRAT]
                                          : "standard,standard-sync,graph,persistent,persistent-resident";
    if (pk_cli_name_list("--strategy", strat, pk_strategy_names, a->strategies, PK_STRAT_COUNT, &a->ns, err,
                         sizeof err))
        return pk_cli_usage_error(CMD, "%s", err);
    if ((double)a->ns * (double)a->ni * (double)a->nb * (double)a->ng * (double)a->nk > 100000)
        return pk_cli_usage_error(CMD, "--batch: the grid has more than 100000 points");
    return -1;
}

/* Parses the parent's command line. Returns -1 to go on, else the exit code. */
static int parse_args(const pk_opts *o, ab_args *a)
{
    int rc = take_measuring(o, &a->so, &a->cfg);
    if (rc)
        return rc;
    a->blocks = 12;
    if ((rc = pk_opts_count(o, O_BLOCKS, 1000, &a->blocks)))
        return rc;
    if ((rc = take_grid(o, a)) >= 0 ||
        (rc = pk_verdict_cli_options(CMD, o, (const int[5]){O_THRESH, O_FDR, O_MINSD, O_WINDOW, O_MARGIN},
                                     &a->vp)) >= 0)
        return rc;
    a->backend = o->value[O_BACKEND];
    a->out = o->value[O_OUT];
    if (!a->backend)
        return pk_cli_usage_error(CMD, "--backend is required (see 'pkbench ab --help')");
    if (!a->out)
        return pk_cli_usage_error(CMD, "--out is required (see 'pkbench ab --help')");
    const pk_backend_ops *ops = pk_backend_find(a->backend); /* unknown or not built: the worker says so */
    char err[256];
    for (size_t b = 0; ops && b < a->nb; b++) /* what the backend would refuse mid-run, refused first */
        for (size_t g = 0; g < a->ng; g++)
            for (size_t k = 0; k < a->nk; k++) {
                const pk_point p = {.batch = a->batches[b], .grid = (unsigned)a->grids[g],
                                    .block = (unsigned)a->blocks_[k]};
                if (pk_backend_check_points(ops, &p, 1, err, sizeof err) != PK_OK)
                    return pk_cli_usage_error(CMD, "%s", err);
            }
    ssize_t len = readlink("/proc/self/exe", a->self, sizeof a->self - 1);
    if (len <= 0)
        return pk_cli_fail(CMD, PK_EXIT_CHECK, "cannot find this program (/proc/self/exe): %s", strerror(errno));
    a->self[len] = '\0';
    for (int s = 0; s < 2; s++) {
        const char *p = o->value[s ? O_B : O_A];
        a->prog[s] = p ? p : a->self;
        a->extra[s] = o->value[s ? O_BARGS : O_AARGS];
        if (p && access(p, X_OK) != 0)
            return pk_cli_usage_error(CMD, "--%s: cannot run '%s': %s", s ? "b" : "a", p, strerror(errno));
        if ((rc = worker_argv(o, a, s)) >= 0)
            return rc;
    }
    return -1;
}


/* The run: both workers, both sides' tables, and how far it got. */
typedef struct ab_state {
    pk_ab_worker w[2];
    pk_table t[2];
    pk_point *points;
    size_t np, done; /* done: blocks measured whole */
    int status; /* 0, or the exit code of a failure or an interruption */
    char err[1024];
} ab_state;

/* 1 when a worker's refusal (its line without "pkbench ab: ") names an option that side s's
 * --a-args (--b-args) gave: "unknown option '--x' ..." or "--x: ...". */
static int refuses_extra(const ab_args *a, int s, const char *reason)
{
    const char *q = strstr(reason, "option '");
    const char *opt = q ? q + 8 : reason;
    size_t len = strcspn(opt, q ? "'=" : ":= ");
    if (!a->extra[s] || strncmp(opt, "--", 2) != 0 || len < 3)
        return 0;
    for (const char *t = a->extra[s]; *t; t += strcspn(t, " \t"), t += strspn(t, " \t"))
        if (strncmp(t, opt, len) == 0 && (t[len] == '\0' || t[len] == '=' || t[len] == ' ' || t[len] == '\t'))
            return 1;
    return 0;
}

/* Starts both workers for block r, A first on odd blocks and B first on even ones (so that being
 * started first is no side's lasting trait). Returns -1, or on failure the worker's exit code
 * with the reason, naming the side, in err (the other worker stopped). */
static int start_workers(const ab_args *a, ab_state *st, unsigned r, char *err, size_t errlen)
{
    char why[768];
    for (int i = 0; i < 2; i++) {
        int s = r % 2 ? i : !i;
        if (pk_ab_worker_start(&st->w[s], a->argv[s], a->cfg.hang_timeout_s, why, sizeof why) == PK_OK)
            continue;
        int code = st->w[s].exit_code;
        pk_ab_worker_stop(&st->w[s]);
        if (i)
            pk_ab_worker_stop(&st->w[!s]);
        /* A worker that refused its options said so as "pkbench ab: ...": the side's --a-args
         * (--b-args) when the option it names came from them, else its program, without a
         * second "pkbench ab: ". */
        static const char own[] = "pkbench ab: ";
        const int refused = strncmp(why, own, sizeof own - 1) == 0;
        const char *reason = refused ? why + sizeof own - 1 : why;
        if (refused && code == PK_EXIT_USAGE && refuses_extra(a, s, reason))
            snprintf(err, errlen, "--%s-args: %s", s ? "b" : "a", reason);
        else if (a->extra[s]) /* its options may be the cause (a --device the side has not): shown */
            snprintf(err, errlen, "--%s: %s with --%s-args '%.200s': %s", s ? "b" : "a", a->prog[s], s ? "b" : "a",
                     a->extra[s], reason);
        else if (a->prog[s] == a->self) /* no --a (--b) given: not a flag's fault */
            snprintf(err, errlen, "side %s (this pkbench): %s", s ? "B" : "A", reason);
        else
            snprintf(err, errlen, "--%s: %s: %s", s ? "b" : "a", a->prog[s], reason);
        return code;
    }
    if (strcmp(st->w[0].device, st->w[1].device) != 0 || strcmp(st->w[0].backend, st->w[1].backend) != 0)
        pk_cli_note("ab", "warning: A measures on %s (%s), B on %s (%s)", st->w[0].device, st->w[0].backend,
                    st->w[1].device, st->w[1].backend);
    return -1;
}

/* Each side's table context: its worker's, and how the ab run measured it. */
static void set_context(const ab_args *a, ab_state *st)
{
    struct timespec now; /* names the run in both sides, so that compare --paired can match them */
    clock_gettime(CLOCK_REALTIME, &now);
    for (int s = 0; s < 2; s++) {
        pk_context *c = &st->t[s].context;
        *c = st->w[s].ctx;
        pk_context_setf(c, "schema_version", "%d", PK_TIDY_SCHEMA_VERSION);
        pk_context_setf(c, "replicates", "%" PRIu64, 2 * a->blocks);
        pk_context_setf(c, "ab_design", "ABBA");
        pk_context_setf(c, "ab_side", "%s", s ? "B" : "A");
        pk_context_setf(c, "ab_blocks", "%" PRIu64, a->blocks);
        pk_context_setf(c, "ab_program", "%s", a->prog[s]);
        pk_context_setf(c, "ab_args", "%s", a->extra[s] ? a->extra[s] : "");
        pk_context_setf(c, "ab_run_id", "%lld.%09ld-%ld", (long long)now.tv_sec, now.tv_nsec, (long)getpid());
    }
}

/* One line per point and block: both sides' medians in this block and B's change. */
static void progress(const ab_args *a, const ab_state *st, size_t k, unsigned r)
{
    char name[160], ma[32], mb[32];
    pk_point_name(&st->points[k], name, sizeof name);
    const pk_row *pa = &st->t[0].pass[st->t[0].npass - 2], *pb = &st->t[1].pass[st->t[1].npass - 2];
    double wa = sqrt(pa[0].wall_ns * pa[1].wall_ns), wb = sqrt(pb[0].wall_ns * pb[1].wall_ns);
    fprintf(stderr, "[block %u/%" PRIu64 ", %zu/%zu] %s A %s B %s (%+.1f%%)\n", r, a->blocks, k + 1, st->np, name,
            pk_duration_format(ma, sizeof ma, wa, PK_DURATION_FIXED),
            pk_duration_format(mb, sizeof mb, wb, PK_DURATION_FIXED), 100 * (wb / wa - 1));
}

/* Block r of every point, by a fresh pair of workers: A B B A (B A A B on even blocks) per point.
 * A failure sets st->status and st->err; the measurements made are kept. */
static void measure_block(const ab_args *a, ab_state *st, unsigned r, double t0)
{
    int rc = start_workers(a, st, r, st->err, sizeof st->err);
    if (rc >= 0 && pk_signal_caught) { /* a worker that the signal ended as it started */
        st->status = pk_signals_exit_code();
        snprintf(st->err, sizeof st->err, "interrupted");
        return;
    }
    if (rc >= 0) {
        st->status = rc;
        return;
    }
    for (size_t k = 0; k < st->np && !st->status; k++) {
        const pk_point *p = &st->points[k];
        for (unsigned slot = 0; slot < 4 && !st->status; slot++) {
            int s = pk_ab_side(r, slot);
            pk_row row;
            char err[768];
            if (pk_signal_caught) {
                st->status = pk_signals_exit_code();
                snprintf(st->err, sizeof st->err, "interrupted");
            } else if (pk_ab_worker_measure(&st->w[s], p, pk_ab_measure_wait_s(&st->w[s], p), &row, err,
                                            sizeof err) != PK_OK) {
                st->status = pk_signal_caught ? pk_signals_exit_code()
                             : st->w[s].exit_code == PK_EXIT_SKIP ? PK_EXIT_SKIP
                                                                   : PK_EXIT_CHECK;
                if (pk_signal_caught) /* the signal broke the wait for the answer */
                    snprintf(st->err, sizeof st->err, "interrupted");
                else
                    snprintf(st->err, sizeof st->err, "side %s (%s): %s", s ? "B" : "A", a->prog[s], err);
            } else {
                row.replicate = pk_ab_replicate(r, slot);
                row.started_s = pk_progress_now() - t0;
                if (pk_table_push_pass(&st->t[s], &row) != PK_OK)
                    st->status = PK_EXIT_OSERR, snprintf(st->err, sizeof st->err, "out of memory");
            }
        }
        if (!st->status)
            progress(a, st, k, r);
    }
    for (int s = 0; s < 2; s++)
        pk_ab_worker_stop(&st->w[s]);
    if (!st->status)
        st->done = r;
}

/* Each side's summary row of every point it measured, from its pass rows. */
static int summarise(ab_state *st)
{
    pk_row *tmp = malloc((st->t[0].npass + st->t[1].npass + 1) * sizeof *tmp);
    if (!tmp)
        return PK_ENOMEM;
    int rc = PK_OK;
    for (int s = 0; s < 2 && rc == PK_OK; s++)
        for (size_t k = 0; k < st->np && rc == PK_OK; k++) {
            size_t n = 0;
            pk_row sum;
            for (size_t i = 0; i < st->t[s].npass; i++)
                if (pk_point_equal(&st->t[s].pass[i].key, &st->points[k]))
                    tmp[n++] = st->t[s].pass[i];
            if (n && ((rc = pk_ab_summary(tmp, n, &sum)) == PK_OK))
                rc = pk_table_push(&st->t[s], &sum);
        }
    free(tmp);
    return rc;
}

/* What a run writes: each side's table, whole or partial, and the verdicts. */
static const char *const ab_outputs[] = {"a/measured.csv", "a/measured.partial.csv", "b/measured.csv",
                                         "b/measured.partial.csv", "verdicts.csv", "summary.json", "report.md"};

/* OUT, OUT/a, OUT/b and every file a run writes, checked before anything is measured: -1, or the
 * one-line usage error's exit code. */
static int check_outputs(const ab_args *a)
{
    char path[PK_PATH_MAX];
    int rc = pk_cli_out_dir(CMD, "--out", a->out);
    for (int s = 0; rc < 0 && s < 2; s++)
        rc = pk_path_fmt(path, sizeof path, "%s/%c", a->out, "ab"[s]) != PK_OK
                 ? pk_cli_usage_error(CMD, "--out: %s: path too long", a->out)
                 : pk_cli_out_dir(CMD, "--out", path);
    return rc < 0 ? pk_cli_out_files(CMD, "--out", a->out, ab_outputs, sizeof ab_outputs / sizeof *ab_outputs) : rc;
}

/* Writes both sides' tables and replaces their earlier versions together (pk_afile_commit_all:
 * a rename that fails puts back the files the others replaced). A whole run's tables are
 * measured.csv (any measured.partial.csv of an earlier stopped run removed); a stopped run's are
 * measured.partial.csv, marked partial, beside an earlier whole run's files, which stay as they
 * were. Returns -1 or the exit code. */
static int write_tables(const ab_args *a, ab_state *st)
{
    char path[2][PK_PATH_MAX], stale[PK_PATH_MAX];
    const char *name = st->status ? "measured.partial.csv" : "measured.csv";
    pk_afile f[2] = {0};
    size_t opened = 0, bad = 0;
    for (int s = 0; s < 2; s++) {
        st->t[s].partial = st->status != 0;
        pk_table_fill_savings(&st->t[s]);
        if (pk_path_fmt(path[s], sizeof path[s], "%s/%c/%s", a->out, "ab"[s], name) != PK_OK)
            return pk_cli_usage_error(CMD, "--out: %s: path too long", a->out);
    }
    for (; opened < 2 && pk_afile_open(&f[opened], path[opened]) == PK_OK; opened++)
        pk_table_write_fp(f[opened].fp, &st->t[opened]);
    if (opened < 2 || pk_afile_commit_all(f, 2, &bad) != PK_OK) {
        int e = errno;
        for (size_t s = 0; s < opened; s++)
            pk_afile_abort(&f[s]);
        return pk_cli_fail(CMD, PK_EXIT_IOERR, "%s: cannot write: %s (neither side's table changed)",
                           path[opened < 2 ? opened : bad], strerror(e));
    }
    for (int s = 0; s < 2 && !st->status; s++)
        if (pk_path_fmt(stale, sizeof stale, "%s/%c/measured.partial.csv", a->out, "ab"[s]) == PK_OK)
            unlink(stale);
    /* A whole run replaced measured.csv: an earlier run's verdicts judged the tables replaced, and
     * go, so that a judgement that fails now leaves the new tables alone, not beside another run's
     * verdicts (a stopped run's partial tables leave the whole run's tables and verdicts as they were). */
    static const char *const judged[] = {"verdicts.csv", "summary.json", "report.md"};
    for (int k = 0; k < 3 && !st->status; k++)
        if (pk_path_fmt(stale, sizeof stale, "%s/%s", a->out, judged[k]) == PK_OK)
            unlink(stale);
    return -1;
}

/* Judges B against A and reports as compare does. */
static int verdicts(const ab_args *a, ab_state *st, pk_resultdir *rd)
{
    char da[PK_PATH_MAX + 8], db[PK_PATH_MAX + 8], err[512];
    pk_path_fmt(da, sizeof da, "%s/a", a->out);
    pk_path_fmt(db, sizeof db, "%s/b", a->out);
    const char *dirs[2] = {da, db};
    pk_baseline_desc d = {dirs, 1, dirs + 1, 1, "", "", "", NULL, NULL};
    pk_cmp_device_label(&st->t[0], d.base_device, sizeof d.base_device);
    pk_cmp_device_label(&st->t[1], d.cand_device, sizeof d.cand_device);
    pk_baseline b;
    int rc = pk_baseline_judge_abba(&st->t[0], &st->t[1], &a->vp, &b, err, sizeof err);
    if (rc != PK_OK)
        return pk_cli_fail(CMD, rc == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_CHECK, "%s", err);
    rc = pk_verdict_cli_report(CMD, &b, &d, a->out, rd); /* ab_run holds OUT's lock */
    pk_baseline_free(&b);
    return rc;
}

static int ab_run(ab_args *a)
{
    ab_state *st = calloc(1, sizeof *st);
    if (!st || !(st->points = pk_sweep_points(a->strategies, a->ns, a->items, a->ni, a->batches, a->nb, a->grids, a->ng,
                                              a->blocks_, a->nk, &st->np))) {
        free(st);
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    }
    struct sigaction ign = {0}, old_pipe;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, NULL, &old_pipe);
    pk_signals_install();
    sigaction(SIGPIPE, &ign, NULL); /* after: a worker that died is an error answer, not an interruption */
    char path[PK_PATH_MAX];
    /* A first pair of workers is started before anything is created: bad worker options or no
     * device leave no folder behind. */
    int rc = start_workers(a, st, 1, st->err, sizeof st->err);
    if (rc >= 0)
        rc = pk_signal_caught ? pk_cli_fail(CMD, pk_signals_exit_code(), "interrupted")
                              : pk_cli_fail(CMD, rc, "%s", st->err);
    else {
        for (int s = 0; s < 2; s++)
            pk_ab_worker_stop(&st->w[s]);
        set_context(a, st);
    }
    /* OUT's lock for the whole run (harness/resultdir.h), so that a busy folder is refused
     * before any measuring, not after it. */
    pk_resultdir rd;
    int locked = 0;
    if (rc < 0) /* checked before the lock is taken (it makes a file in OUT) */
        rc = check_outputs(a);
    if (rc < 0)
        locked = (rc = pk_cli_lock_out(CMD, a->out, &rd)) < 0;
    for (int s = 0; rc < 0 && s < 2; s++)
        rc = pk_path_fmt(path, sizeof path, "%s/%c", a->out, "ab"[s]) != PK_OK ? PK_EXIT_USAGE
                                                                                : pk_cli_mkdir_out(CMD, "--out", path);
    if (rc < 0 && ldexp(1.0, 1 - (int)a->blocks) > a->vp.fdr) { /* the sign test's least p: a gate that cannot fail */
        unsigned need = 1;
        while (ldexp(1.0, 1 - (int)need) > a->vp.fdr)
            need++;
        pk_cli_note(CMD, "--blocks %" PRIu64 ": no point can be judged slower or faster (a sign test of %" PRIu64
                    " blocks gives p %g at least, above --fdr %g%%): this run measures, but its exit code cannot "
                    "report a slowdown; %u blocks or more can", a->blocks, a->blocks, ldexp(1.0, 1 - (int)a->blocks),
                    100 * a->vp.fdr, need);
    }
    double t0 = pk_progress_now();
    for (unsigned r = 1; rc < 0 && r <= a->blocks && !st->status; r++)
        measure_block(a, st, r, t0);
    pk_signals_restore();
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (rc < 0 && summarise(st) != PK_OK)
        rc = pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    if (rc < 0)
        rc = write_tables(a, st);
    if (rc < 0 && st->status)
        rc = pk_cli_fail(CMD, st->status,
                         "%s; %zu of %" PRIu64 " blocks whole; what was measured is written to "
                         "%s/a and %s/b as measured.partial.csv",
                         st->err, st->done, a->blocks, a->out, a->out);
    if (rc < 0)
        rc = verdicts(a, st, &rd);
    if (locked)
        pk_resultdir_close(&rd);
    pk_table_free(&st->t[0]);
    pk_table_free(&st->t[1]);
    free(st->points);
    free(st);
    return rc;
}

int pk_cmd_ab(int argc, char **argv)
{
    pk_opts o = {.cmd = CMD, .table = table, .n = O_COUNT, .usage = ab_usage};
    int rc = pk_opts_parse(&o, argc, argv);
    pk_opts_free(&o);
    if (rc >= 0)
        return rc;
    if (o.value[O_WORKER])
        return run_worker(&o);
    ab_args *a = calloc(1, sizeof *a);
    if (!a)
        return pk_cli_fail(CMD, PK_EXIT_OSERR, "out of memory");
    rc = parse_args(&o, a);
    if (rc < 0)
        rc = ab_run(a);
    free(a->split[0]);
    free(a->split[1]);
    free(a);
    return rc;
}
