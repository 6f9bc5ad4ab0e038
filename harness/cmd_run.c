/* pkbench run: the main job. On the best backend present (CUDA, else HIP, when a GPU is
 * visible) it calibrates, sweeps, simulates, compares and plots into one folder. With no GPU it
 * says so, then (a) compares and plots the committed H100 reference results against the
 * simulator driven by their committed calibration, and (b) runs the whole loop for real on the
 * host backend (a CPU analogue) with a grid sized for a 2-core CI machine, gated with
 * tolerances that hold there (results/host/README.md says how they were chosen). Each step is
 * this same binary run as a subcommand; the run ends by naming the reports and plots. Around
 * each live loop a noise probe (harness/noise.h) spins the loop's CPUs; its figures go into the
 * params context, where compare reads them to judge a gate that would fail on a noisy machine
 * as inconclusive. Every gate's verdict is printed; a failed gate makes the exit status 1 only
 * with --gate (CI), since the run has measured and written its reports either way. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/calibrate.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"
#include "harness/gnuplot.h"
#include "harness/noise.h"
#include "harness/opts.h"
#include "harness/paired.h"
#include "harness/plot_data.h"
#include "harness/progress.h"
#include "harness/report.h"
#include "harness/run_defaults.h"
#include "harness/run_refs.h"
#include "harness/session.h"

#define CMD "run"

/* Files run names at its end: three folders of reports and plots. */
#define PK_RUN_WRITTEN_MAX 96

typedef struct run_state {
    int worst;            /* worst exit status so far (0, 1, or 128 + the signal that stopped a step) */
    int verdicts[3];      /* gate verdicts printed: pass, fail, inconclusive */
    char written[PK_RUN_WRITTEN_MAX][PK_PATH_MAX];
    int nwritten;
    pk_progress prog;     /* over the steps (stdout); no overall ETA: the sweep dominates */
    size_t steps;         /* steps started */
    char replicates[24];  /* --replicates K of the live loops' sweeps; "" for one pass */
} run_state;

/* What the running step shows on a terminal: its log's last progress line, cut to its counter
 * and ETA ("[120/220] ... ETA 0:04"). */
typedef struct run_watch {
    run_state *st;
    const char *part, *cmd, *log;
} run_watch;

static void watch_tick(void *ud)
{
    run_watch *w = ud;
    char buf[1024] = "", shown[160] = "";
    FILE *f = fopen(w->log, "r");
    if (f) {
        if (fseek(f, -(long)(sizeof buf - 1), SEEK_END) != 0)
            rewind(f);
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    char *end = strrchr(buf, '\n'), *line;
    if (end) {
        *end = '\0';
        line = strrchr(buf, '\n');
        line = line ? line + 1 : buf;
        const char *c = strchr(line, '['), *eta = strstr(line, "ETA ");
        if (c && eta)
            snprintf(shown, sizeof shown, ": %.*s, step ETA %.*s", (int)strcspn(c, " "), c, (int)strcspn(eta + 4, ")"),
                     eta + 4);
        else if (c)
            snprintf(shown, sizeof shown, ": %.*s", (int)strcspn(c, " "), c);
    }
    pk_progress_status(&w->st->prog, w->st->steps - 1, 0, "%s: %s%s", w->part, w->cmd, shown);
}

static void note_written(run_state *st, const char *dir, const char *name)
{
    if (st->nwritten < PK_RUN_WRITTEN_MAX &&
        pk_path_join(st->written[st->nwritten], sizeof st->written[0], dir, name, NULL, 0) == PK_OK)
        st->nwritten++;
}

/* Copies the log's own error lines ("pkbench CMD: ...") to stderr, not its progress lines
 * ("pkbench CMD: [k/n] ..."). */
static void echo_errors(const char *log)
{
    FILE *f = fopen(log, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        const char *text = strncmp(line, "pkbench ", 8) == 0 ? strstr(line, ": ") : NULL;
        if (text && text[2] != '[')
            fputs(line, stderr);
    }
    if (f)
        fclose(f);
}

/* Prints the gate verdict lines ("gate pass: ...") of a compare log and counts them. */
static void echo_verdicts(run_state *st, const char *part, const char *log)
{
    FILE *f = fopen(log, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "gate ", 5) != 0)
            continue;
        printf("pkbench run: %s: %s", part, line);
        for (int v = 0; v < 3; v++)
            if (strncmp(line + 5, pk_gate_verdict_names[v], strlen(pk_gate_verdict_names[v])) == 0)
                st->verdicts[v]++;
    }
    if (f)
        fclose(f);
}

/* Runs one step, its output into LOGDIR/<name>.log; returns its exit status and records a
 * failure, echoing the step's error lines. A gated compare's exit 1 is a failed gate, which the
 * step's verdict lines report, not a failed step. The test hook PKB_TEST_FAIL_STEP=NAME spawns
 * the step whose log is NAME.log with a flag it refuses (exit 2), so that a step's failure is
 * tested without anything standing where the step writes, which run refuses up front. */
static int step_as(run_state *st, const char *part, const char *what, const char *logdir, const char *name,
                   char *const argv[])
{
    int gated = strcmp(argv[0], "compare") == 0;
    const char *hook = getenv("PKB_TEST_FAIL_STEP");
    char *const failing[] = {argv[0], "--pkb-test-fail-step", NULL};
    if (hook && strcmp(hook, name) == 0)
        argv = failing;
    char log[PK_PATH_MAX];
    st->steps++;
    pk_progress_line(&st->prog, st->steps, st->steps - 1, "%s: %s", part, what);
    int rc = pk_path_fmt(log, sizeof log, "%s/%s.log", logdir, name);
    if (rc != PK_OK)
        pk_cli_note(CMD, "%s/%s.log: path too long", logdir, name);
    else
        unlink(log);
    run_watch w = {st, part, argv[0], log};
    if (rc == PK_OK)
        rc = pk_cli_run_self_watch(argv, log, st->prog.tty ? watch_tick : NULL, &w);
    pk_progress_clear(&st->prog);
    if (gated && (rc == 0 || rc == 1))
        echo_verdicts(st, part, log);
    if (gated && rc == 1)
        return rc;
    if (rc != 0)
        echo_errors(log);
    if (rc > 128 && rc < 128 + 32 && pk_cli_run_interrupted()) { /* Ctrl-C, SIGTERM, SIGHUP forwarded to it */
        fprintf(stderr, "pkbench run: %s: %s interrupted\n", part, argv[0]);
        st->worst = rc;
    } else if (rc > 128 && rc < 128 + 32) { /* a signal of its own: a crash, the OOM killer */
        pk_cli_note(CMD, "%s: 'pkbench %s' failed (ended by signal %d, %s; its output is in %s)", part, argv[0],
                    rc - 128, strsignal(rc - 128), log);
        if (st->worst == 0)
            st->worst = 1;
    } else if (rc != 0) {
        pk_cli_note(CMD, "%s: 'pkbench %s' failed (%s %d; its output is in %s)", part, argv[0],
                    rc < 0 ? "status" : "exit", rc, log);
        if (st->worst == 0)
            st->worst = 1;
    }
    return rc;
}

/* step_as with the log named after the command (LOGDIR/<command>.log). */
static int step(run_state *st, const char *part, const char *what, const char *logdir, char *const argv[])
{
    return step_as(st, part, what, logdir, argv[0], argv);
}

static void note_plots(run_state *st, const char *dir)
{
    char p[PK_PATH_MAX];
    for (int i = 0; i < PK_PLOT_COUNT; i++) {
        if (pk_path_fmt(p, sizeof p, "%s/%s.png", dir, pk_plot_names[i]) == PK_OK && pk_path_is_file(p)) {
            char name[64];
            snprintf(name, sizeof name, "%s.png (and .svg)", pk_plot_names[i]);
            note_written(st, dir, name);
        }
    }
}

/* compare (with gates, when given) and plot of a measured directory into out. */
static int compare_and_plot(run_state *st, const char *part, const char *measured, const char *params,
                            const char *out, char *const *gates, size_t ngates)
{
    char pred[PK_PATH_MAX], e[3][PK_CLI_ESC_MAX];
    if (pk_path_join(pred, sizeof pred, out, "predicted.csv", NULL, 0) != PK_OK) {
        pk_cli_note(CMD, "%s/predicted.csv: path too long", out);
        st->worst = st->worst ? st->worst : 1;
        return 1;
    }
    char *argv[32] = {"compare", "--measured", (char *)measured, "--params", (char *)params, "--out", (char *)out};
    size_t n = 7;
    for (size_t i = 0; i < ngates && n < 31; i++)
        argv[n++] = gates[i];
    argv[n] = NULL;
    int rc = step(st, part, "simulate the measured points from the params and compare", out, argv);
    if (rc == 0 || rc == 1) {
        note_written(st, out, "report.md");
        note_written(st, out, "errors.csv");
        note_written(st, out, "decisions.csv");
        note_written(st, out, "summary.json");
        note_written(st, out, "predicted.csv");
    }
    if (rc != 0 && rc != 1)
        return rc;
    if (st->worst > 128)
        return st->worst;
    char gp[4096];
    if (!pk_gnuplot_find(gp, sizeof gp)) {
        printf("pkbench run: %s: plot skipped: %s (then 'pkbench plot %s --predicted %s --params %s')\n", part,
               pk_gnuplot_missing(), pk_cli_esc(measured, e[0], sizeof e[0]),
               pk_cli_esc(pred, e[1], sizeof e[1]), pk_cli_esc(params, e[2], sizeof e[2]));
        return rc;
    }
    char *pargv[] = {"plot", (char *)measured, "--predicted", pred, "--params", (char *)params, "--out", (char *)out,
                     NULL};
    int prc = step(st, part, "plot", out, pargv);
    if (prc == 0) /* else the images there are an earlier run's */
        note_plots(st, out);
    return rc ? rc : prc;
}

/* A noise probe of the loop's CPUs (the host backend's plan), printed; 0 when it could not run. */
static int probe_noise(const char *part, const char *when, pk_noise *n)
{
    pk_cpu_plan plan;
    char err[256];
    pk_cpu_plan_make(&plan, NULL);
    if (pk_noise_probe(&plan, PK_NOISE_PROBE_MS, n, err, sizeof err) != PK_OK) {
        fprintf(stderr, "pkbench run: %s: noise probe %s the loop skipped: %s\n", part, when, err);
        return 0;
    }
    pk_context line = {0};
    pk_noise_to_context(n, "noise", &line);
    printf("pkbench run: %s: noise %s the loop (%d ms spin): %s\n", part, when, PK_NOISE_PROBE_MS,
           pk_context_get(&line, "noise"));
    return 1;
}

/* Says where the loop ran (p's context, as written to params), or that the probes (put into that
 * context by pk_noise_record, which returned noise_rc) did not fit in it. */
static void say_noise(const char *part, const char *params, const pk_params *p, int noise_rc)
{
    if (noise_rc != PK_OK) {
        pk_cli_note(CMD, "%s: the noise figures are not in the params context: %s has no room for them", part, params);
        return;
    }
    static const char *const keys[] = {"pinning", "kernel_gap_check", NULL};
    for (int i = 0; keys[i]; i++)
        if (pk_context_get(&p->context, keys[i]))
            printf("pkbench run: %s: %s: %s\n", part, keys[i], pk_context_get(&p->context, keys[i]));
}

/* The sweep's argv for the loop into sw (room for 24); replicates "" for one pass. */
static void sweep_argv(char **sw, const char *backend, const char *out, int quick, int host, char *replicates)
{
    char *head[] = {"sweep", "--backend", (char *)backend, "--out", (char *)out};
    char *host_extra[] = {"--item-ns", quick ? HOST_ITEMS_QUICK : HOST_ITEMS, "--batch",
                          quick ? HOST_BATCH_QUICK : HOST_BATCH, HOST_SWEEP_LIMITS};
    char *gpu_extra[] = {"--item-ns", GPU_ITEMS_QUICK, "--batch", GPU_BATCH_QUICK};
    size_t n = 0;
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        sw[n++] = head[i];
    for (size_t i = 0; host && i < sizeof host_extra / sizeof host_extra[0]; i++)
        sw[n++] = host_extra[i];
    for (size_t i = 0; !host && quick && i < sizeof gpu_extra / sizeof gpu_extra[0]; i++)
        sw[n++] = gpu_extra[i];
    if (!host) /* the host's launch cost beside every point, for compare's "given the host's state" */
        sw[n++] = "--canary";
    if (replicates[0]) {
        sw[n++] = "--replicates";
        sw[n++] = replicates;
    }
    sw[n] = NULL;
}

/* The loop's gates, or on the host those of the test hook PKB_TEST_HOST_GATES (words split at
 * spaces, in buf). Returns how many words are in gates (room for 16). */
static size_t loop_gates(int host, char **gates, char *buf, size_t len)
{
    static char *const host_fixed[] = {HOST_GATES, NULL}, *const gpu_fixed[] = {GPU_GATES};
    char *const *fixed = host ? host_fixed : gpu_fixed;
    const char *hook = host ? getenv("PKB_TEST_HOST_GATES") : NULL;
    size_t n = 0;
    if (!hook || !*hook) {
        for (; fixed[n] && n < 16; n++)
            gates[n] = fixed[n];
        return n;
    }
    snprintf(buf, len, "%s", hook);
    for (char *w = strtok(buf, " "); w && n < 16; w = strtok(NULL, " "))
        gates[n++] = w;
    return n;
}

/* OUT/params.json from the calibrations before and after the sweep (pk_calibrate_bracket_files)
 * with the noise probes made around the loop (either may be NULL) in its context, written once;
 * said on stdout with where the loop ran, or the failure on stderr. 0, or -1. */
static int bracket(const char *part, const char *before, const char *after, const char *gone, const char *params,
                   const pk_noise *noise_before, const pk_noise *noise_after)
{
    char err[PK_PATH_MAX + 256];
    pk_params p;
    int noise_rc = PK_OK, rc = pk_calibrate_bracket_files(before, after, gone, &p, err, sizeof err);
    if (rc == PK_OK) {
        noise_rc = pk_noise_record(&p.context, noise_before, noise_after);
        rc = pk_params_save(params, &p, err, sizeof err);
    }
    if (rc == PK_OK) {
        printf("pkbench run: %s: %s\n", part, pk_context_get(&p.context, "calibrate_bracket"));
        say_noise(part, params, &p, noise_rc);
    } else {
        pk_cli_note(CMD, "%s: the parameters of the two calibrations: %s", part, err);
    }
    pk_params_free(&p);
    return rc == PK_OK ? 0 : -1;
}

/* The crossovers' paired check (harness/paired.h): standard and persistent again in
 * PK_PAIRED_PASSES passes of alternating order (sweep --abba) at the sweep's cells where their
 * IQRs overlap (a --benchmark_filter selecting just them), into OUT/crosscheck/, whose `of` names
 * the sweep's run_id. On a GPU with --canary; on the host a point's pass capped at 10 ms (the
 * pairing judges, not a pass's repetitions). An earlier run's check is removed first; with no
 * such cell the step says so and runs nothing. */
static void crosscheck(run_state *st, const char *part, const char *backend, const char *out, int host)
{
    char dir[PK_PATH_MAX], reps[16], err[PK_PATH_MAX + 128];
    char filter[sizeof "--benchmark_filter=" + PK_PAIRED_FILTER_MAX];
    pk_paired_sweep s;
    int rc = pk_paired_prepare(out, dir, &s, err, sizeof err);
    if (rc == PK_OK && !s.ncells) {
        st->steps++;
        pk_progress_line(&st->prog, st->steps, st->steps, "%s: the crossovers' paired check: no cell where standard "
                         "and persistent tie", part);
        return;
    }
    snprintf(reps, sizeof reps, "%d", PK_PAIRED_PASSES);
    snprintf(filter, sizeof filter, "--benchmark_filter=%s", s.filter);
    char *argv[24] = {"sweep", "--backend", (char *)backend, "--out", dir, "--strategy", "standard,persistent",
                      "--item-ns", s.axes[PK_GRID_ITEM_NS], "--batch", s.axes[PK_GRID_BATCH],
                      "--grid", s.axes[PK_GRID_GRID], "--block", s.axes[PK_GRID_BLOCK], "--replicates", reps,
                      "--abba", "--max-time-s", host ? "0.01" : "0.05", host ? "--max-reps" : "--canary",
                      host ? "50" : NULL};
    size_t n = 0;
    while (argv[n])
        n++;
    argv[n] = s.filter[0] ? filter : NULL; /* last; none: the product is the cells, or no filter fits */
    if (rc == PK_OK && step_as(st, part, "the crossovers' paired check", out, "crosscheck", argv) != 0)
        return;
    if (rc == PK_OK && (rc = pk_paired_mark(out, err, sizeof err)) == PK_OK) {
        note_written(st, dir, "measured.csv");
        return;
    }
    pk_cli_note(CMD, "%s: the crossovers' paired check: %s", part, err);
    st->worst = st->worst ? st->worst : 1;
}

/* calibrate, sweep, calibrate again, then compare and plot on a live backend; the model's
 * parameters are the two calibrations' mean (bracket). Returns -1 when OUT cannot be created
 * (bad usage), else 0; failed steps are recorded in st. */
static int live_loop(run_state *st, const char *backend, const char *out, int quick, int host)
{
    char part[64], params[PK_PATH_MAX], before[PK_PATH_MAX], after[PK_PATH_MAX], err[PK_PATH_MAX + 64];
    snprintf(part, sizeof part, "%s%s", backend, host ? " (CPU analogue)" : "");
    if (pk_path_join(params, sizeof params, out, "params.json", err, sizeof err) != PK_OK ||
        pk_path_join(before, sizeof before, out, "params-before.json", err, sizeof err) != PK_OK ||
        pk_path_join(after, sizeof after, out, "params-after.json", err, sizeof err) != PK_OK) {
        pk_cli_note(CMD, "--out: %s", err);
        return -1;
    }
    if (pk_path_mkdirs(out) != 0) {
        pk_cli_note(CMD, "--out: %s: %s", out, pk_path_mkdirs_why(out, errno, err, sizeof err));
        return -1;
    }
    pk_noise noise_before, noise_after;
    int have_before = probe_noise(part, "before", &noise_before);
    /* An earlier run's calibrations are set aside (an earlier params-after.json must not stand for
     * this one's), and go back where this run's sweep does not replace its measured.csv. */
    char prev_b[PK_PATH_MAX + 8], prev_a[PK_PATH_MAX + 8], *sw[24], mpath[PK_PATH_MAX];
    struct stat m0, m1; /* measured.csv before and after: replaced, even by a sweep that then failed */
    const int had = pk_path_join(mpath, sizeof mpath, out, "measured.csv", NULL, 0) == PK_OK && stat(mpath, &m0) == 0;
    pk_run_set_aside(before, prev_b, sizeof prev_b);
    pk_run_set_aside(after, prev_a, sizeof prev_a);
    /* on a GPU 100 timed runs a step (leases 87, 88: persistent at 1 us nearer, nothing worse) */
    char *cal[] = {"calibrate", "--backend", (char *)backend, "--out", before, host ? NULL : "--reps", "100", NULL};
    int src = step(st, part, "calibrate the cost-model parameters", out, cal);
    if (src == 0) {
        sweep_argv(sw, backend, out, quick, host, st->replicates);
        src = step(st, part, host ? "sweep (a grid sized for a 2-core machine)" : "sweep", out, sw);
    }
    const int replaced =
        mpath[0] && stat(mpath, &m1) == 0 && (!had || m1.st_ino != m0.st_ino || m1.st_mtime != m0.st_mtime);
    if (replaced)
        pk_run_remove_derived(out);
    pk_run_put_back(before, prev_b, had && !replaced);
    pk_run_put_back(after, prev_a, had && !replaced);
    if (src != 0)
        return 0;
    note_written(st, out, "measured.csv");
    note_written(st, out, "measured.json");
    int have_after = probe_noise(part, "after", &noise_after);
    char *cal_after[] = {"calibrate", "--backend", (char *)backend, "--out", after, cal[5], "100", NULL};
    const int arc = step_as(st, part, "calibrate again, after the sweep", out, "calibrate-after", cal_after);
    const char *gone = arc <= 128 || arc >= 128 + 32 ? "failed" /* were params-after.json missing */
                       : pk_cli_run_interrupted()      ? "was interrupted"
                                                       : "was ended by a signal";
    /* Whatever became of that step (failed, interrupted), params.json is made now: the sweep's
     * files are this run's, and an earlier run's parameters must not stand beside them. */
    if (bracket(part, before, after, gone, params, have_before ? &noise_before : NULL,
                have_after ? &noise_after : NULL) != 0) {
        st->worst = st->worst ? st->worst : 1;
        return 0;
    }
    note_written(st, out, "params.json");
    for (int i = 0; i < 2; i++) /* the two calibrations the mean was made of, where they were made */
        if (stat(i ? after : before, &m1) == 0)
            note_written(st, out, i ? "params-after.json" : "params-before.json");
    if (st->worst > 128)
        return 0;
    crosscheck(st, part, backend, out, host);
    if (st->worst > 128)
        return 0;
    char *gates[16], buf[256];
    size_t ngates = loop_gates(host, gates, buf, sizeof buf);
    compare_and_plot(st, part, out, params, out, gates, ngates);
    return 0;
}

/* The verdicts' summary and the exit status: a failed step fails the run; a failed gate only
 * with --gate. */
static int run_exit(const run_state *st, int gate)
{
    if (st->verdicts[0] + st->verdicts[1] + st->verdicts[2])
        printf("pkbench run: gates: %d pass, %d fail, %d inconclusive\n", st->verdicts[PK_GATE_PASS],
               st->verdicts[PK_GATE_FAIL], st->verdicts[PK_GATE_INCONCLUSIVE]);
    if (st->worst) {
        fprintf(stderr, "pkbench run: %s (see the messages above)\n",
                st->worst > 128 ? "interrupted" : "a step failed");
        return st->worst;
    }
    if (st->verdicts[PK_GATE_FAIL] && gate) {
        fprintf(stderr, "pkbench run: a gate failed (named above)\n");
        return PK_EXIT_CHECK;
    }
    if (st->verdicts[PK_GATE_FAIL])
        printf("pkbench run: a gate failed (named above); the exit status is 0 all the same: everything was "
               "measured and written (--gate makes a failed gate exit 1)\n");
    return PK_EXIT_OK;
}

/* The committed reference results of folder `name` (label `what`) compared and plotted into
 * OUT/<name>. Returns -1 to go on, else the exit code of a bad --results or --out. */
static int reference(run_state *st, const char *results_flag, const char *out, const char *name, const char *what)
{
    char res[PK_PATH_MAX], ref[PK_PATH_MAX], ref_params[PK_PATH_MAX], ref_meas[PK_PATH_MAX], dir[PK_PATH_MAX];
    char err[PK_PATH_MAX + 64], e[2][PK_CLI_ESC_MAX];
    if (!pk_run_results_dir(results_flag, res, sizeof res)) {
        fprintf(stderr, "pkbench run: no results folder known to this build (use --results DIR)\n");
        st->worst = 1;
        return -1;
    }
    if (pk_run_ref_paths(res, name, ref, ref_meas, ref_params, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--results: %s", err);
    if (!pk_run_ref_present(ref_meas) || !pk_run_ref_present(ref_params)) {
        printf("pkbench run: %s: skipped, %s or %s is not there (not committed yet?)\n", what,
               pk_cli_esc(ref_meas, e[0], sizeof e[0]), pk_cli_esc(ref_params, e[1], sizeof e[1]));
        return -1;
    }
    if (pk_path_join(dir, sizeof dir, out, name, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    const int rc = pk_cli_mkdir_out(CMD, "--out", dir);
    if (rc < 0)
        compare_and_plot(st, what, ref, ref_params, dir, NULL, 0);
    return rc;
}

/* The loop on the backend (a GPU, or the host) into OUT/<backend>. */
static int loop_into(run_state *st, const char *backend, const char *out, int quick, int host)
{
    char dir[PK_PATH_MAX], err[PK_PATH_MAX + 64];
    if (pk_path_join(dir, sizeof dir, out, backend, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    return live_loop(st, backend, dir, quick, host) < 0 ? PK_EXIT_USAGE : -1;
}

int pk_cmd_run(int argc, char **argv)
{
    enum { O_BACKEND, O_OUT, O_QUICK, O_RESULTS, O_GATE, O_REPL, O_COUNT };
    static const pk_opt table[O_COUNT] = {{"backend", 1}, {"out", 1},  {"quick", 0},
                                          {"results", 1}, {"gate", 0}, {"replicates", 1}};
    pk_opts o = {.cmd = CMD, .table = table, .n = O_COUNT, .usage = pk_cmd_run_usage};
    int rc = pk_opts_parse(&o, argc, argv);
    pk_opts_free(&o);
    char gp[PK_PATH_MAX]; /* without gnuplot the plots are skipped, and PKBENCH_PLOTS is not read */
    if (rc >= 0 || (rc = pk_progress_env_check(CMD)) >= 0 ||
        (pk_gnuplot_find(gp, sizeof gp) && (rc = pk_gnuplot_env_check(CMD)) >= 0))
        return rc;
    const char *backend = o.value[O_BACKEND] ? o.value[O_BACKEND] : "auto";
    const char *out = o.value[O_OUT] ? o.value[O_OUT] : "pkbench-run";
    int quick = pk_opts_has(&o, O_QUICK);
    if (strcmp(backend, "auto") && strcmp(backend, "cuda") && strcmp(backend, "hip") && strcmp(backend, "host"))
        return pk_cli_usage_error(CMD, "--backend: unknown value '%s' (expected auto, cuda, hip or host)", backend);
    char out_buf[PK_PATH_MAX], res_buf[PK_PATH_MAX], esc[PK_CLI_ESC_MAX];
    out = pk_cli_plain_path(out, out_buf, sizeof out_buf); /* the steps take it as an argument of its own */
    const char *results = o.value[O_RESULTS] ? pk_cli_plain_path(o.value[O_RESULTS], res_buf, sizeof res_buf) : NULL;
    struct stat rst;
    if (results && strcmp(backend, "auto") != 0)
        return pk_cli_usage_error(CMD, "--results: read only with --backend auto, when no GPU is visible");
    if (results && (stat(results, &rst) != 0 || !S_ISDIR(rst.st_mode)))
        return pk_cli_usage_error(CMD, "--results: %s: not a folder", results);
    uint64_t replicates = 1;
    int bad = pk_opts_count(&o, O_REPL, RUN_MAX_REPLICATES, &replicates);
    if (bad)
        return bad;

    run_state st = {0};
    if (replicates > 1)
        snprintf(st.replicates, sizeof st.replicates, "%" PRIu64, replicates);
    char gpu_why[600];
    int built;
    const char *gpu = pk_session_pick_gpu(backend, gpu_why, sizeof gpu_why, &built);
    if (!gpu && built < 0)
        return pk_cli_usage_error(CMD, "--backend %s: %s", backend, gpu_why);
    if (!gpu && (strcmp(backend, "cuda") == 0 || strcmp(backend, "hip") == 0)) {
        if (!built)
            return pk_cli_usage_error(CMD, "--backend %s: not built into this binary (reconfigure with it enabled)",
                                      backend);
        return pk_cli_fail(CMD, PK_EXIT_SKIP, "--backend %s: no device visible (%s)", backend, gpu_why);
    }
    if (!gpu && strcmp(backend, "auto") == 0 && (rc = pk_run_refs_check(CMD, results)) >= 0)
        return rc; /* a reference that compare could not read, refused before anything is made */
    const char *dirs[PK_RUN_REFS + 1] = {gpu ? gpu : "host"}; /* the folders the run writes */
    size_t ndirs = 1;
    for (int i = 0; !gpu && strcmp(backend, "auto") == 0 && i < PK_RUN_REFS; i++)
        if (pk_run_ref_there(results, i)) /* one skipped gets no folder */
            dirs[ndirs++] = pk_run_refs[i].name;
    if ((rc = pk_run_out_check(CMD, results, out, dirs, ndirs)) >= 0)
        return rc;
    /* Steps: calibrate, sweep, calibrate, the crossovers' paired check (a line alone when no cell
     * is in doubt), compare, plot on the GPU or the host; compare and plot of the committed H200 and
     * H100 results before the host's without a GPU. */
    pk_progress_start(&st.prog, stdout, "pkbench run: ", strcmp(backend, "auto") == 0 && !gpu ? 10 : 6);
    st.prog.eta = 0;
    if ((rc = pk_cli_mkdir_out(CMD, "--out", out)) >= 0 || (rc = pk_run_hold(CMD, out, dirs, ndirs)) >= 0)
        return rc;
    if (gpu) {
        printf("pkbench run: GPU backend %s: calibrate, sweep, calibrate again, simulate, compare and plot "
               "into %s/%s\n", gpu, pk_cli_esc(out, esc, sizeof esc), gpu);
        rc = loop_into(&st, gpu, out, quick, 0);
    } else if (strcmp(backend, "auto") == 0) {
        printf("pkbench run: no GPU visible (%s): comparing the committed H200 and H100 results and running "
               "the host backend (a CPU analogue) instead\n", gpu_why);
        for (int i = 0; i < PK_RUN_REFS && rc < 0 && st.worst <= 128; i++)
            rc = reference(&st, results, out, pk_run_refs[i].name, pk_run_refs[i].label);
    }
    if (rc < 0 && !gpu && st.worst <= 128)
        rc = loop_into(&st, "host", out, quick, 1);
    if (rc >= 0)
        return rc;
    printf("pkbench run: wrote:\n");
    for (int i = 0; i < st.nwritten; i++)
        printf("  %s\n", pk_cli_esc(st.written[i], esc, sizeof esc));
    return run_exit(&st, pk_opts_has(&o, O_GATE));
}
