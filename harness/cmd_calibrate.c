/* pkbench calibrate: measures the cost-model parameters (DESIGN.md §2) on a live backend and
 * writes them, with their raw samples and the machine context, to one params JSON file. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/afile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/calibrate.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/opts.h"
#include "harness/progress.h"
#include "harness/session.h"
#include "harness/signals.h"
#include "harness/stats.h"

static void calibrate_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench calibrate --backend NAME --out params.json [options]\n\n"
            "Measures every cost-model parameter (h, L, g, Q, sync, S, e, teardown, graph node and\n"
            "instantiate) on the live backend and writes them, with their raw samples and the\n"
            "machine context, to a params JSON file that 'pkbench simulate' reads. Prints the\n"
            "parameters as a table on stdout.\n\n"
            "  --backend NAME       cuda, hip or host\n"
            "  --out FILE           params JSON to write (its folder is created if missing)\n"
            "  --reps N             repetitions per measurement; probes take 10x (default 20)\n"
            "  --rounds K           every step (the profiler's once) K times, one round after\n"
            "                       another; each parameter is the median of its rounds' values\n"
            "                       (1-20, default 3)\n"
            "  --hang-timeout-s F   bounded wait on a kernel or worker (default 10)\n"
            "  --device N           device index (default 0)\n"
            "  -h, --help           this text\n\n"
            "Progress goes to stderr: one line per step with elapsed time and ETA; on a terminal, one\n"
            "status line redrawn in place.\n\n"
            "Exit: 0 done, 1 a measurement failed, 2 bad usage (a host --device other than its\n"
            "devices too), 71 out of memory, 74 the file could not be written, 77 no GPU visible\n"
            "(none, or not --device N), 128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM; no\n"
            "file is written unless every parameter was measured).\n");
}

typedef struct cal_progress {
    pk_progress p;
    size_t step;
} cal_progress;

/* A step starts: a status line on a terminal, else a line that stays. */
static void on_step(void *ud, const char *what)
{
    cal_progress *c = ud;
    c->step++;
    if (c->p.tty)
        pk_progress_status(&c->p, c->step - 1, 1, "%s", what);
    else
        pk_progress_line(&c->p, c->step, c->step - 1, "%s", what);
}

/* One row per parameter; one the backend could not measure (no value, or 0 with no samples:
 * the calibration's way of saying so, calibrate_rounds.c) reads "not measured", without a unit. */
static void print_table(const pk_params *p)
{
    printf("%-27s %-4s %14s %-9s %7s %8s\n", "parameter", "sym", "value", "unit", "samples", "cv");
    for (int i = 0; i < PK_PARAM_COUNT; i++) {
        const pk_samples *s = &p->samples[i];
        double cv = pk_stats_cv(s->v, s->n);
        char cvs[16] = "-";
        if (isfinite(cv))
            snprintf(cvs, sizeof cvs, "%.1f%%", cv * 100);
        char val[32] = "not measured";
        const int measured = pk_params_has(p, (pk_param_id)i) && (s->n > 0 || p->value[i] != 0);
        if (measured)
            snprintf(val, sizeof val, "%.1f", p->value[i]);
        printf("%-27s %-4s %14s %-9s %7zu %8s\n", pk_param_table[i].name, pk_param_table[i].symbol, val,
               measured ? pk_param_table[i].unit : "", s->n, cvs);
    }
}

/* Measures every parameter on the open session into p. Returns -1 when done, else the exit
 * code (the reason printed); the backend is closed either way. */
static int measure(pk_session *ses, uint64_t reps, unsigned rounds, const char *out, pk_params *p)
{
    char err[1024];
    cal_progress prog = {.step = 0};
    pk_progress_start(&prog.p, stderr, "pkbench calibrate: ", pk_calibrate_steps(rounds));
    pk_calibrate_opts co = {reps, &pk_signal_caught, on_step, &prog, 0, rounds, 0, 0};
    const char *warp = pk_context_get(&ses->ctx, "device_warp_size"); /* GPU backends: the poll window */
    if (warp && atoi(warp) > 0)
        co.window_items = (unsigned)atoi(warp);
    const char *chunk = pk_context_get(&ses->ctx, "persistent_chunk_words"); /* GPU backends */
    if (chunk && atoi(chunk) > 0)
        co.chunk_items = (unsigned)atoi(chunk);
    const char *step = pk_context_get(&ses->ctx, "device_clock_resolution_ns"); /* GPU backends */
    if (step && atof(step) > 0 && atof(step) < 1e6)
        co.clock_ns = atof(step);
    int rc = pk_calibrate(ses->ops, ses->b, &co, p, err, sizeof err);
    pk_progress_clear(&prog.p);
    pk_session_settle(ses, &ses->ctx);
    pk_session_close(ses); /* joins the backend's workers before anything is written */
    pk_signals_restore();
    if (rc == PK_EINTR) {
        pk_cli_note("calibrate", "interrupted; %s not written", out);
        return pk_signals_exit_code();
    }
    if (rc != PK_OK)
        return pk_cli_fail("calibrate", rc == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_CHECK, "%s; %s not written", err,
                           out);
    return -1;
}

int pk_cmd_calibrate(int argc, char **argv)
{
    enum { O_BACKEND, O_OUT, O_REPS, O_HANG, O_DEV, O_ROUNDS, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"backend", 1}, {"out", 1}, {"reps", 1}, {"hang-timeout-s", 1}, {"device", 1}, {"rounds", 1},
    };
    pk_opts o = {.cmd = "calibrate", .table = table, .n = O_COUNT, .usage = calibrate_usage};
    int rc = pk_opts_parse(&o, argc, argv);
    pk_opts_free(&o);
    if (rc >= 0 || (rc = pk_progress_env_check("calibrate")) >= 0)
        return rc;
    const char *backend = o.value[O_BACKEND], *out = o.value[O_OUT];
    uint64_t reps = 20, dev = 0, rounds = 3;
    pk_backend_config cfg = {0, 10.0};
    if ((rc = pk_opts_count(&o, O_REPS, 100000, &reps)) ||
        (rc = pk_opts_count(&o, O_ROUNDS, PK_CAL_MAX_ROUNDS, &rounds)) ||
        (rc = pk_opts_double(&o, O_HANG, 1e-3, 86400, &cfg.hang_timeout_s)) ||
        (rc = pk_opts_u64(&o, O_DEV, 1024, &dev)))
        return rc;
    cfg.device_index = (int)dev;
    if (!backend)
        return pk_cli_usage_error("calibrate", "--backend is required (see 'pkbench calibrate --help')");
    if (!out)
        return pk_cli_usage_error("calibrate", "--out is required (see 'pkbench calibrate --help')");

    pk_session ses;
    char err[1024], msg[1100];
    if (pk_session_find(&ses, backend, err, sizeof err) != PK_OK)
        return pk_cli_usage_error("calibrate", "%s", err);
    if ((rc = pk_cli_out_file("calibrate", "--out", out)) >= 0)
        return rc;
    pk_signals_install();
    rc = pk_session_open(&ses, &cfg, err, sizeof err);
    if (rc != PK_OK) {
        pk_signals_restore();
        if (rc == PK_ENODEV)
            return pk_cli_fail("calibrate", pk_session_exit_code(&ses, rc), "%s",
                               pk_session_nodev(&ses, err, msg, sizeof msg));
        return pk_cli_fail("calibrate", pk_session_exit_code(&ses, rc), "cannot open backend %s: %s", backend, err);
    }

    pk_params p;
    pk_params_init(&p);
    if ((rc = measure(&ses, reps, (unsigned)rounds, out, &p)) >= 0) {
        pk_params_free(&p);
        return rc;
    }
    snprintf(p.backend, sizeof p.backend, "%s", ses.ops->name);
    snprintf(p.device, sizeof p.device, "%s", ses.device);
    snprintf(p.source, sizeof p.source, "calibrate");
    p.cpu_analogue = ses.ops->cpu_analogue;
    pk_context notes = p.context; /* calibration's own notes follow the machine's context */
    p.context = ses.ctx;
    for (size_t i = 0; i < notes.count; i++)
        pk_context_set(&p.context, notes.key[i], notes.value[i]);
    pk_context_setf(&p.context, "calibrate_reps", "%" PRIu64, reps);
    pk_context_setf(&p.context, "hang_timeout_s", "%g", cfg.hang_timeout_s);
    char made[PK_PATH_MAX]; /* the folders made for out, taken back when it is not written */
    pk_path_first_missing(out, made, sizeof made);
    if (pk_path_mkparent(out) != 0) {
        int e = errno;
        pk_path_remove_made(out, made);
        pk_params_free(&p);
        return pk_cli_fail("calibrate", PK_EXIT_IOERR, "--out: cannot create the folder of '%s': %s", out,
                           strerror(e));
    }
    if ((rc = pk_params_save(out, &p, err, sizeof err)) != PK_OK) {
        pk_path_remove_made(out, made);
        pk_params_free(&p);
        /* PK_ERANGE here is a measured figure that is not finite: a failed measurement. */
        return pk_cli_fail("calibrate", rc == PK_ERANGE ? PK_EXIT_CHECK : pk_cli_exit_write(rc), "%s", err);
    }
    print_table(&p);
    const char *check = pk_context_get(&p.context, "kernel_gap_check");
    if (check && strncmp(check, "disagree", 8) == 0)
        pk_cli_note("calibrate", "warning: kernel_gap_ns (g) %s; gates judged with these parameters are inconclusive",
                    check);
    if (p.cpu_analogue)
        printf("(host backend: a CPU analogue, never GPU figures)\n");
    pk_params_free(&p);
    return PK_EXIT_OK;
}
