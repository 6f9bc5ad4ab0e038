/* The interleaved A/B run (`pkbench ab`): two worker processes, one per side (two pkbench builds,
 * or one build with two configurations), each holding the backend open and measuring the points
 * it is sent, one at a time, never both at once; per point blocks of A B B A (B A A B on even
 * blocks), so that a drift that is linear over a block cancels in the block's B - A.
 *
 * The worker protocol (`pkbench ab --worker`), one line each way, text:
 *   worker -> "pkbench-ab-worker 1", "backend NAME", "device NAME", "context KEY=VALUE"..., "ready"
 *   parent -> "measure STRATEGY ITEM_NS BATCH GRID BLOCK"
 *   worker -> "row REPS WALL P10 P25 P75 P90 MIN MAX CV HOST DEVICE ACHIEVED SETUP TEARDOWN CLOCK
 *             THROTTLED CPU" (%.17g, "nan" where missing), or "error CODE REASON" and it exits CODE
 *   parent closes the worker's stdin: the worker closes the backend and exits 0.
 * Library code: the protocol, the schedule, the worker loop and the worker processes. */
#ifndef PK_HARNESS_AB_H
#define PK_HARNESS_AB_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "common/backend.h"
#include "common/context.h"
#include "harness/sweep.h"
#include "harness/tidy.h"

#define PK_AB_HELLO "pkbench-ab-worker 1"
#define PK_AB_LINE_MAX 8192

/* The side (0 = A, 1 = B) that measures slot s (0..3) of block r (from 1): A B B A on odd
 * blocks, B A A B on even ones. */
int pk_ab_side(unsigned block, unsigned slot);
/* The replicate a side's measurement in slot s of block r gets: 2r - 1 for its first in the
 * block, 2r for its second. */
unsigned pk_ab_replicate(unsigned block, unsigned slot);

/* "measure STRATEGY ITEM_NS BATCH GRID BLOCK\n" into buf. Returns 0 or PK_ERANGE. */
int pk_ab_format_request(const pk_point *p, char *buf, size_t len);
/* Parses a request line (its newline optional). Returns 0 or PK_EPARSE. */
int pk_ab_parse_request(const char *line, pk_point *p);
/* A measured row's figures as a "row ..." line. Returns 0 or PK_ERANGE. */
int pk_ab_format_row(const pk_row *r, char *buf, size_t len);
/* Parses a "row ..." line into r (key given; backend, device, source "measured"). Returns 0 or
 * PK_EPARSE (a value missing, not a number, or a wall time that is not positive and finite). */
int pk_ab_parse_row(const char *line, const pk_point *key, pk_row *r);

/* A point's summary row on one side of an ab run from its n pass rows: wall_ns the median of the
 * passes' medians, reps their sum, the extremes pooled, the other figures medians of the
 * passes'; quantiles and cv are left empty (the workers send no raw samples). Returns 0 or
 * PK_EINVAL (n == 0) / PK_ENOMEM. */
int pk_ab_summary(const pk_row *passes, size_t n, pk_row *out);

/* The worker's loop: reads requests from in until end of file, measures each point with
 * pk_sweep_measure, answers on out (flushed per line), and leaves the device idle between
 * requests (after persistent-resident, one untimed standard launch stops the resident kernel). A
 * request that does not parse or a failed measurement is answered "error 2 ..." or "error 1 ..."
 * and ends the loop. Returns 0 at end of input, else that exit code; *stop (may be NULL) is checked
 * between points. */
int pk_ab_serve(FILE *in, FILE *out, const pk_backend_ops *ops, pk_backend *b, const pk_sweep_opts *o,
                const volatile sig_atomic_t *stop);

/* A running worker process. */
typedef struct pk_ab_worker {
    pid_t pid;
    FILE *to, *from;
    char backend[32], device[160];
    pk_context ctx;
    FILE *log;     /* the worker's standard error (a temporary file) */
    int exit_code; /* after a failure: the worker's exit code, or 1 */
    double open_s;   /* the longest wait for its hello, and for its exit once its stdin is closed */
    double waited_s; /* the bound of the last wait for an answer */
    int timed_out;   /* 1 when an answer did not come within its bound (the worker is then killed) */
    int ready;       /* 1 once its hello ended with "ready" */
} pk_ab_worker;

/* The bounds on a worker's answers, in seconds, so that a worker that never answers ends the run
 * with an error instead of a hang. They are generous: a pkbench worker bounds each backend call
 * itself (its watchdog) and reports first. Its hello (and its exit once its stdin is closed)
 * within the budgets of a GPU backend's guards on an open and a context for hang_timeout_s, and
 * a minute more. A point within that, plus twice the worker's time cap and twice the
 * repetitions its stopping rule may force, each its work (batch x item x the grid's blocks, as
 * if run one at a time, + 0.1 ms a launch) and its own guard (4 hang_timeout_s + 10 s); the
 * worker's own flags (--a-args, another build's defaults), as its hello announced them. */
double pk_ab_open_wait_s(double hang_timeout_s);
/* (The test hook PKB_TEST_AB_WAIT_S=S caps both at S seconds.) */
double pk_ab_measure_wait_s(const pk_ab_worker *w, const pk_point *p);

/* Starts argv (argv[0] the program: a path, or NULL-terminated list) with pipes on its stdin and
 * stdout, and reads its hello up to "ready", each line within pk_ab_open_wait_s(hang_timeout_s).
 * Returns 0, or PK_ECHECK with the worker's reason in err and w->exit_code set (the worker has
 * then exited, or been killed, and been reaped). */
int pk_ab_worker_start(pk_ab_worker *w, char *const argv[], double hang_timeout_s, char *err, size_t errlen);
/* Has the worker measure p, its answer awaited wait_s seconds at most (pk_ab_measure_wait_s);
 * fills r (backend, device, key, figures). Returns 0 or PK_ECHECK with the reason in err and
 * w->exit_code set (a worker that did not answer in time is killed). */
int pk_ab_worker_measure(pk_ab_worker *w, const pk_point *p, double wait_s, pk_row *r, char *err, size_t errlen);
/* Closes the worker's stdin and reaps it; returns its exit code (or 1 when it was killed). Call
 * it after a failure too (it releases the worker's log). */
int pk_ab_worker_stop(pk_ab_worker *w);

#endif
