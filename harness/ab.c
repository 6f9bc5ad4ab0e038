/* The interleaved A/B run: schedule, worker protocol, worker loop and worker processes (see
 * ab.h). */
#include "harness/ab.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"
#include "common/watchdog.h"
#include "harness/progress.h"
#include "harness/stats.h"

int pk_ab_side(unsigned block, unsigned slot)
{
    int abba = slot == 0 || slot == 3 ? 0 : 1;
    return block % 2 ? abba : !abba;
}

unsigned pk_ab_replicate(unsigned block, unsigned slot)
{
    return 2 * block - (slot < 2 ? 1 : 0);
}

int pk_ab_format_request(const pk_point *p, char *buf, size_t len)
{
    int n = snprintf(buf, len, "measure %s %" PRIu64 " %" PRIu64 " %u %u\n", pk_strategy_names[p->strategy],
                     p->item_ns, p->batch, p->grid, p->block);
    return n > 0 && (size_t)n < len ? PK_OK : PK_ERANGE;
}

int pk_ab_parse_request(const char *line, pk_point *p)
{
    char strat[32], tail[2];
    unsigned long long item, batch;
    unsigned grid, block;
    if (sscanf(line, "measure %31s %llu %llu %u %u %1s", strat, &item, &batch, &grid, &block, tail) != 5)
        return PK_EPARSE;
    int s = pk_strategy_lookup(strat);
    if (s < 0 || batch == 0)
        return PK_EPARSE;
    *p = (pk_point){(pk_strategy)s, item, batch, grid, block};
    return PK_OK;
}

/* The figures a row line carries, in order (reps, throttled_reps and replicate aside). */
#define ROW_FIGURES(r)                                                                                                \
    &(r)->wall_ns, &(r)->wall_ns_p10, &(r)->wall_ns_p25, &(r)->wall_ns_p75, &(r)->wall_ns_p90, &(r)->wall_ns_min,    \
        &(r)->wall_ns_max, &(r)->wall_ns_cv, &(r)->host_ns, &(r)->device_ns, &(r)->achieved_item_ns,                 \
        &(r)->setup_ns, &(r)->teardown_ns, &(r)->sm_clock_mhz
enum { NFIG = 14 };

int pk_ab_format_row(const pk_row *r, char *buf, size_t len)
{
    const double *f[NFIG] = {ROW_FIGURES(r)};
    size_t w = (size_t)snprintf(buf, len, "row %" PRIu64, r->reps);
    for (int i = 0; i < NFIG && w < len; i++)
        w += (size_t)snprintf(buf + w, len - w, " %.17g", *f[i]);
    if (w < len)
        w += (size_t)snprintf(buf + w, len - w, " %" PRIu64 " %.17g\n", r->throttled_reps, r->cpu_ns);
    return w < len ? PK_OK : PK_ERANGE;
}

/* A number of the row line (strtod reads "nan"); advances *s. */
static int take_double(const char **s, double *v)
{
    char *end;
    *v = strtod(*s, &end);
    if (end == *s)
        return 0;
    *s = end;
    return 1;
}

int pk_ab_parse_row(const char *line, const pk_point *key, pk_row *r)
{
    pk_row_init(r);
    r->key = *key;
    snprintf(r->source, sizeof r->source, "measured");
    if (strncmp(line, "row ", 4) != 0)
        return PK_EPARSE;
    const char *s = line + 4;
    double *f[NFIG] = {ROW_FIGURES(r)}, reps, throttled;
    int ok = take_double(&s, &reps);
    for (int i = 0; ok && i < NFIG; i++)
        ok = take_double(&s, f[i]);
    ok = ok && take_double(&s, &throttled) && take_double(&s, &r->cpu_ns);
    while (ok && (*s == ' ' || *s == '\n' || *s == '\r'))
        s++;
    if (!ok || *s || !(reps >= 1) || !(throttled >= 0) || !(r->wall_ns > 0) || !isfinite(r->wall_ns))
        return PK_EPARSE;
    r->reps = (uint64_t)reps;
    r->throttled_reps = (uint64_t)throttled;
    return PK_OK;
}

int pk_ab_summary(const pk_row *passes, size_t n, pk_row *out)
{
    if (n == 0)
        return PK_EINVAL;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return PK_ENOMEM;
    *out = passes[0];
    out->replicate = 0;
    out->started_s = out->wall_ns_p10 = out->wall_ns_p25 = out->wall_ns_p75 = out->wall_ns_p90 = NAN;
    out->wall_ns_cv = out->savings_ns = NAN;
    out->reps = out->throttled_reps = 0;
    for (size_t i = 0; i < n; i++) {
        out->reps += passes[i].reps;
        out->throttled_reps += passes[i].throttled_reps;
        out->wall_ns_min = fmin(out->wall_ns_min, passes[i].wall_ns_min);
        out->wall_ns_max = fmax(out->wall_ns_max, passes[i].wall_ns_max);
    }
    static const size_t offs[] = {offsetof(pk_row, wall_ns),          offsetof(pk_row, host_ns),
                                  offsetof(pk_row, device_ns),        offsetof(pk_row, achieved_item_ns),
                                  offsetof(pk_row, setup_ns),         offsetof(pk_row, teardown_ns),
                                  offsetof(pk_row, sm_clock_mhz),     offsetof(pk_row, cpu_ns)};
    for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
        for (size_t i = 0; i < n; i++)
            v[i] = *(const double *)((const char *)&passes[i] + offs[k]);
        *(double *)((char *)out + offs[k]) = pk_stats_median(v, n);
    }
    free(v);
    return PK_OK;
}

int pk_ab_serve(FILE *in, FILE *out, const pk_backend_ops *ops, pk_backend *b, const pk_sweep_opts *o,
                const volatile sig_atomic_t *stop)
{
    char line[PK_AB_LINE_MAX], err[512];
    while (fgets(line, sizeof line, in)) {
        pk_point p;
        pk_row r;
        if (pk_ab_parse_request(line, &p) != PK_OK) {
            line[strcspn(line, "\r\n")] = '\0';
            fprintf(out, "error 2 bad request '%.200s'\n", line);
            fflush(out);
            return 2;
        }
        int rc = pk_sweep_measure(ops, b, &p, o, stop, NULL, NULL, &r, err, sizeof err);
        if (rc == PK_OK && p.strategy == PK_STRAT_PERSISTENT_RESIDENT) {
            /* A resident persistent kernel would keep polling on the device while the other
             * side measures: one untimed launch of another strategy makes the backend stop it. */
            pk_point q = {PK_STRAT_STANDARD, 0, 1, p.grid, p.block};
            pk_sample x;
            rc = ops->run(b, &q, &x, err, sizeof err);
        }
        if (rc != PK_OK) {
            fprintf(out, "error 1 %s\n", err);
            fflush(out);
            return 1;
        }
        if (pk_ab_format_row(&r, line, sizeof line) != PK_OK)
            return 1;
        fputs(line, out);
        if (fflush(out) != 0)
            return 1;
    }
    return 0;
}

/* Reaps the worker (after its stdin is closed) and returns its exit code. A worker that has not
 * exited within w->open_s (it closes its backend first, bounded by its own watchdog) is killed,
 * as is one that gave no answer in time (w->timed_out). */
static int reap(pk_ab_worker *w)
{
    if (w->log && w->pid > 0)
        fflush(w->log);
    if (w->to)
        fclose(w->to);
    if (w->from)
        fclose(w->from);
    w->to = w->from = NULL;
    int st = 0;
    if (w->pid > 0) {
        const double until = pk_progress_now() + (w->timed_out ? 0 : w->open_s);
        pid_t got;
        while ((got = waitpid(w->pid, &st, WNOHANG)) == 0 && pk_progress_now() < until)
            nanosleep(&(struct timespec){0, 10000000}, NULL);
        if (got == 0)
            kill(w->pid, SIGKILL);
        while (got == 0 && waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    w->pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* A line from the worker without its newline: 1, or 0 at end of file, on an error, or (w->timed_out
 * set) when no whole line came within wait_s seconds; a line cut off by any of these is not one.
 * A signal does not end the wait (the worker gets it too and answers or ends; ab_interrupt.sh).
 * Read a byte at a time from the pipe, so that a wait for the next line is a poll on it (no stdio
 * buffer between). */
static int read_line(pk_ab_worker *w, double wait_s, char *buf, size_t len)
{
    const int fd = fileno(w->from);
    const double deadline = pk_progress_now() + wait_s;
    size_t n = 0;
    for (;;) {
        const double left = deadline - pk_progress_now();
        struct pollfd pf = {fd, POLLIN, 0};
        const int ready = left > 0 ? poll(&pf, 1, (int)fmin(ceil(left * 1e3), INT_MAX)) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            w->timed_out = 1;
        char c;
        ssize_t got = -1;
        while (ready > 0 && (got = read(fd, &c, 1)) < 0 && errno == EINTR)
            ;
        if (got <= 0)
            return 0;
        if (c == '\n')
            break;
        if (n + 1 < len)
            buf[n++] = c;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\r")] = '\0';
    return 1;
}

/* The test hook PKB_TEST_AB_WAIT_S caps both bounds, so that tests reach them quickly. */
static double ab_capped(double s)
{
    const char *cap = getenv("PKB_TEST_AB_WAIT_S");
    return cap && *cap && atof(cap) > 0 ? fmin(s, atof(cap)) : s;
}

double pk_ab_open_wait_s(double hang_timeout_s)
{
    /* A GPU backend's open runs under its guard for a minute of work and its context under
     * another (kernels/gpu_guard.inc); a minute more on top. */
    const double h = hang_timeout_s > 0 ? hang_timeout_s : 10.0;
    return ab_capped((double)(pk_watchdog_budget_ns(h, 60e9) + pk_watchdog_budget_ns(h, 0)) * 1e-9 + 60.0);
}

/* A number the worker's hello announced in its context (its own flags, --a-args included), or
 * fallback. */
static double announced(const pk_ab_worker *w, const char *key, double fallback)
{
    const char *v = pk_context_get(&w->ctx, key);
    char *end = NULL;
    const double x = v ? strtod(v, &end) : NAN;
    return v && end != v && isfinite(x) && x >= 0 ? x : fallback;
}

double pk_ab_measure_wait_s(const pk_ab_worker *w, const pk_point *p)
{
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    const double h = announced(w, "hang_timeout_s", 10.0), max_time = announced(w, "max_time_s", o.max_time_s);
    const double reps = (double)o.warmup_reps + announced(w, "min_reps", (double)o.min_reps) + 1.0;
    /* A repetition: each launch's item in as many waves as the grid has blocks (no device runs
     * fewer blocks at once than one), 0.1 ms a launch besides, and the worker's own guard on it
     * (4 hang_timeout_s + 10 s). Twice every repetition the stopping rule may force, and twice
     * the time cap. */
    const double waves = p->grid > 1 ? (double)p->grid : 1.0;
    const double rep_s = (double)p->batch * ((double)p->item_ns * 1e-9 * waves + 1e-4) + 4.0 * h + 10.0;
    return ab_capped(pk_ab_open_wait_s(h) + 2.0 * max_time + 2.0 * reps * rep_s);
}

/* The last non-empty line the worker wrote on its standard error, or "". */
static void last_log_line(pk_ab_worker *w, char *buf, size_t len)
{
    char line[PK_AB_LINE_MAX];
    buf[0] = '\0';
    if (!w->log)
        return;
    fflush(w->log);
    rewind(w->log);
    while (fgets(line, sizeof line, w->log)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (*line)
            snprintf(buf, len, "%.500s", line);
    }
}

/* The worker failed: its "error CODE REASON", or how it ended. */
static int failed(pk_ab_worker *w, const char *line, char *err, size_t errlen)
{
    int code = 0, n = 0;
    if (w->timed_out) {
        reap(w);
        snprintf(err, errlen, "the worker gave no %s within %g s (a bound that follows its --hang-timeout-s%s); it was "
                 "stopped", w->ready ? "answer" : "hello", w->waited_s,
                 w->ready ? ", --max-time-s, --min-reps and the point's work" : "");
        w->exit_code = 1;
        return PK_ECHECK;
    }
    if (line && sscanf(line, "error %d %n", &code, &n) == 1 && n > 0) {
        snprintf(err, errlen, "%s", line + n);
        reap(w);
        w->exit_code = code ? code : 1;
        return PK_ECHECK;
    }
    if (line && *line)
        snprintf(err, errlen, "unexpected answer '%.200s'", line);
    int rc = reap(w);
    char said[512];
    last_log_line(w, said, sizeof said);
    if (!line && said[0])
        snprintf(err, errlen, "%s", said);
    else if (!line)
        snprintf(err, errlen, "the worker ended (exit code %d) without an answer", rc);
    w->exit_code = rc ? rc : 1;
    return PK_ECHECK;
}

/* Reads the hello: the protocol line, then backend, device and context lines up to "ready". */
static int read_hello(pk_ab_worker *w, char *err, size_t errlen)
{
    char line[PK_AB_LINE_MAX];
    w->waited_s = w->open_s;
    int got = read_line(w, w->open_s, line, sizeof line);
    if (!got || (strcmp(line, PK_AB_HELLO) != 0 && strncmp(line, "error ", 6) != 0)) {
        /* No hello: not a pkbench that runs ab workers (an older build, another program), or one
         * that refused its options before answering (its reason is on its standard error). */
        int rc = failed(w, got ? line : NULL, err, errlen);
        if (w->timed_out) /* a pkbench worker can hang too (a wedged device): not "not a pkbench" */
            return rc;
        if (w->exit_code == 1 || (got && w->exit_code != 2)) {
            char said[256];
            snprintf(said, sizeof said, "%.255s", err);
            snprintf(err, errlen, "not a pkbench that runs ab workers (%s)", said);
            w->exit_code = 2;
        }
        return rc;
    }
    if (strcmp(line, PK_AB_HELLO) != 0)
        return failed(w, line, err, errlen);
    while (read_line(w, w->open_s, line, sizeof line)) {
        char *eq;
        if (strcmp(line, "ready") == 0)
            return w->ready = 1, PK_OK;
        if (strncmp(line, "backend ", 8) == 0)
            snprintf(w->backend, sizeof w->backend, "%.31s", line + 8);
        else if (strncmp(line, "device ", 7) == 0)
            snprintf(w->device, sizeof w->device, "%.159s", line + 7);
        else if (strncmp(line, "context ", 8) == 0 && (eq = strchr(line + 8, '=')) != NULL) {
            *eq = '\0';
            pk_context_set(&w->ctx, line + 8, eq + 1);
        } else {
            return failed(w, line, err, errlen);
        }
    }
    return failed(w, NULL, err, errlen);
}

int pk_ab_worker_start(pk_ab_worker *w, char *const argv[], double hang_timeout_s, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->open_s = pk_ab_open_wait_s(hang_timeout_s);
    w->log = pk_path_tmpfile(NULL, 0); /* the worker's standard error, for the reason it gives when it fails */
    int in[2], out[2];
    if (pipe(in) != 0)
        return snprintf(err, errlen, "pipe: %s", strerror(errno)), w->exit_code = 1, PK_ECHECK;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return snprintf(err, errlen, "pipe: %s", strerror(errno)), w->exit_code = 1, PK_ECHECK;
    }
    /* The parent's ends never leak into a worker (the other side's worker would keep this one's
     * stdin open). */
    fcntl(in[1], F_SETFD, FD_CLOEXEC);
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    w->pid = fork();
    if (w->pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        if (w->log)
            dup2(fileno(w->log), STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv);
        printf("error 2 cannot run %s: %s\n", argv[0], strerror(errno));
        fflush(stdout);
        _exit(2);
    }
    close(in[0]);
    close(out[1]);
    if (w->pid < 0) {
        close(in[1]);
        close(out[0]);
        w->pid = 0;
        return snprintf(err, errlen, "fork: %s", strerror(errno)), w->exit_code = 1, PK_ECHECK;
    }
    w->to = fdopen(in[1], "w");
    w->from = fdopen(out[0], "r");
    if (!w->to || !w->from) {
        if (!w->to)
            close(in[1]);
        if (!w->from)
            close(out[0]);
        return failed(w, NULL, err, errlen);
    }
    return read_hello(w, err, errlen);
}

int pk_ab_worker_measure(pk_ab_worker *w, const pk_point *p, double wait_s, pk_row *r, char *err, size_t errlen)
{
    char line[PK_AB_LINE_MAX];
    if (pk_ab_format_request(p, line, sizeof line) != PK_OK || fputs(line, w->to) == EOF || fflush(w->to) != 0)
        return failed(w, NULL, err, errlen);
    w->waited_s = wait_s;
    if (!read_line(w, wait_s, line, sizeof line))
        return failed(w, NULL, err, errlen);
    if (pk_ab_parse_row(line, p, r) != PK_OK)
        return failed(w, line, err, errlen);
    snprintf(r->backend, sizeof r->backend, "%s", w->backend);
    snprintf(r->device, sizeof r->device, "%s", w->device);
    return PK_OK;
}

int pk_ab_worker_stop(pk_ab_worker *w)
{
    int rc = reap(w);
    if (w->log)
        fclose(w->log);
    w->log = NULL;
    return rc;
}
