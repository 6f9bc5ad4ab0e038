/* Progress lines of the long commands (sweep, calibrate, run). On a terminal one status line,
 * "[k/n] elapsed 1:23, ETA 0:45 | what", is redrawn in place (at most ten times a second, cut
 * to the terminal's width) and cleared at the end; elsewhere (a log, a pipe, CI) each step
 * prints one plain line, so that logs stay readable and `pkbench run` can read the last one. */
#ifndef PK_HARNESS_PROGRESS_H
#define PK_HARNESS_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct pk_progress {
    FILE *out;
    int tty;            /* 1: redraw one line in place */
    size_t total;       /* steps in all (0: unknown, no ETA) */
    int eta;            /* 1 (the default): say the ETA; 0 where steps differ too much for one */
    double t0, last;    /* start and last redraw, monotonic seconds */
    char prefix[64];    /* "pkbench sweep: " */
} pk_progress;

/* Seconds on the monotonic clock. */
double pk_progress_now(void);
/* "1:05" (m:ss) below an hour, else "1:02:05" (h:mm:ss); "?" when not finite or negative. */
const char *pk_progress_clock(char *buf, size_t len, double seconds);
/* "elapsed 1:05, ETA 0:30" after elapsed seconds with done of total steps done: the remaining
 * steps at the average pace so far; "elapsed 1:05" alone until a step is done or when total is
 * 0 or exceeded. */
const char *pk_progress_times(char *buf, size_t len, double elapsed, size_t done, size_t total);

/* Starts a progress display on out (isatty decides the mode; PKBENCH_PROGRESS=plain or tty
 * overrides it). */
void pk_progress_start(pk_progress *p, FILE *out, const char *prefix, size_t total);
/* PKBENCH_PROGRESS checked as a flag's value is, by the commands that draw progress before they
 * start: unset, empty, plain or tty. Returns -1 when it is one of them, else 2 after one line as
 * `pkbench CMD: PKBENCH_PROGRESS=...: unknown mode ...`. */
int pk_progress_env_check(const char *cmd);
/* The status of step done + 1 (what is happening now): on a terminal, redraws the status line
 * (rate-limited unless force); elsewhere prints nothing. */
void pk_progress_status(pk_progress *p, size_t done, int force, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A line that stays, about step (1-based: a step just finished, or one starting) when done steps
 * are done: "[step/total] text (elapsed .., ETA ..)". On a terminal the status line is cleared
 * first. */
void pk_progress_line(pk_progress *p, size_t step, size_t done, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Clears the status line (terminal); call before printing anything else and at the end. */
void pk_progress_clear(pk_progress *p);

#endif
