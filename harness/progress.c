/* Progress lines with elapsed time and ETA (see progress.h). */
#include "harness/progress.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "harness/cli.h"

double pk_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

const char *pk_progress_clock(char *buf, size_t len, double seconds)
{
    if (!isfinite(seconds) || seconds < 0 || seconds > 1e9) {
        snprintf(buf, len, "?");
        return buf;
    }
    long s = (long)llround(seconds);
    if (s >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

const char *pk_progress_times(char *buf, size_t len, double elapsed, size_t done, size_t total)
{
    char e[32], r[32];
    pk_progress_clock(e, sizeof e, elapsed);
    if (done == 0 || total == 0 || done > total)
        snprintf(buf, len, "elapsed %s", e);
    else
        snprintf(buf, len, "elapsed %s, ETA %s", e,
                 pk_progress_clock(r, sizeof r, elapsed / (double)done * (double)(total - done)));
    return buf;
}

int pk_progress_env_check(const char *cmd)
{
    const char *mode = getenv("PKBENCH_PROGRESS");
    if (!mode || !*mode || strcmp(mode, "plain") == 0 || strcmp(mode, "tty") == 0)
        return -1;
    return pk_cli_usage_error(cmd, "PKBENCH_PROGRESS=%s: unknown mode (plain or tty, or unset for the default)", mode);
}

void pk_progress_start(pk_progress *p, FILE *out, const char *prefix, size_t total)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    const char *mode = getenv("PKBENCH_PROGRESS");
    if (mode && strcmp(mode, "plain") == 0)
        p->tty = 0;
    else if (mode && strcmp(mode, "tty") == 0)
        p->tty = 1;
    else
        p->tty = isatty(fileno(out));
    p->total = total;
    p->eta = 1;
    p->t0 = pk_progress_now();
    p->last = -1;
    snprintf(p->prefix, sizeof p->prefix, "%s", prefix ? prefix : "");
}

/* "[k/n] ", or "[k] " when the total is unknown or passed (repetitions). */
static void counter(char *buf, size_t len, size_t k, size_t total)
{
    if (total && k <= total)
        snprintf(buf, len, "[%zu/%zu] ", k, total);
    else
        snprintf(buf, len, "[%zu] ", k);
}

/* Cuts line to fewer bytes than the terminal has columns (so it never wraps, which "\r" could
 * not undo), at a UTF-8 character boundary. */
static void fit_terminal(FILE *out, char *line)
{
    struct winsize ws;
    size_t cols = ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 8 ? ws.ws_col : 100;
    size_t n = strlen(line);
    if (n < cols)
        return;
    n = cols - 1;
    while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
        n--;
    line[n] = '\0';
}

void pk_progress_status(pk_progress *p, size_t done, int force, const char *fmt, ...)
{
    if (!p->tty)
        return;
    double t = pk_progress_now();
    if (!force && p->last >= 0 && t - p->last < 0.1)
        return;
    p->last = t;
    char what[512], times[96], c[48];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    counter(c, sizeof c, done + 1, p->total);
    char line[1024];
    snprintf(line, sizeof line, "%s%s%s | %s", p->prefix, c,
             pk_progress_times(times, sizeof times, t - p->t0, done, p->eta ? p->total : 0), what);
    fit_terminal(p->out, line);
    fprintf(p->out, "\r\033[K%s", line);
    fflush(p->out);
}

void pk_progress_line(pk_progress *p, size_t step, size_t done, const char *fmt, ...)
{
    char what[512], times[96], c[48];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pk_progress_clear(p);
    counter(c, sizeof c, step, p->total);
    fprintf(p->out, "%s%s%s (%s)\n", p->prefix, c, what,
            pk_progress_times(times, sizeof times, pk_progress_now() - p->t0, done, p->eta ? p->total : 0));
    fflush(p->out);
}

void pk_progress_clear(pk_progress *p)
{
    if (p->tty && p->last >= 0) {
        fprintf(p->out, "\r\033[K");
        fflush(p->out);
        p->last = -1;
    }
}
