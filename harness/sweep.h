/* The sweep driver: measures sweep points on a backend (warm-up, then repetitions until the
 * noise target, a repetition cap or a per-point time cap), summarises them into tidy rows, and
 * keeps what was measured when a run fails or is interrupted. Used directly by tests and, one
 * point per Google Benchmark benchmark, by `pkbench sweep`. */
#ifndef PK_HARNESS_SWEEP_H
#define PK_HARNESS_SWEEP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/backend.h"
#include "harness/tidy.h"

/* The per-point time cap stops a point only after this many measured repetitions (or
 * min_reps, when smaller; max_reps stops it first when smaller still); slow points then report
 * their CV as it is. */
#define PK_SWEEP_TIME_FLOOR_REPS 3

/* The canary (pk_sweep_opts.canary): PK_SWEEP_CANARY_RUNS runs of standard launches of
 * PK_SWEEP_CANARY_BATCH empty items just before a point and as many just after it; the point's
 * canary_host_ns is the median of their host time per launch call. It measures the host's
 * launch cost at the time of the point (it moves between about 3.4 and 4.7 us within seconds
 * on the H200's VM: results/h200/lease3), not the point: what `compare` conditions the model
 * on (harness/hoststate.h). 256 launches below every launch queue depth met (1096 or more on
 * the H200), about 1 ms a run there. */
#define PK_SWEEP_CANARY_RUNS 2
#define PK_SWEEP_CANARY_BATCH 256u
/* Between a long point's repetitions, one more run whenever the point has run ten times as long
 * as the last canary run took, at most this many: the host's state changes within a point of
 * milliseconds too (results/h200/lease26: passes of one point 12% apart, one at 3.94 us per call
 * beside a canary of 3.44 us). canary_host_ns is the median of every run, canary_host_ns_min and
 * canary_host_ns_max the least and the most. */
#define PK_SWEEP_CANARY_BETWEEN 16
#define PK_SWEEP_CANARY_MAX (2 * PK_SWEEP_CANARY_RUNS + PK_SWEEP_CANARY_BETWEEN)
/* The push canary: beside a persistent-resident point, after the launch canary before it and
 * before the one after it, PK_SWEEP_PUSH_RUNS resident batches of PK_SWEEP_PUSH_N empty items
 * into the point's own kernel (its grid and block), as the calibration measures B, the first
 * side after PK_SWEEP_PUSH_WARM untimed ones (the launch canary stops a resident kernel, and a
 * fresh one's first batches differ from its later ones: harness/calibrate.h, PK_CAL_WARM_ROUNDS).
 * canary_push_ns is the median of
 * their totals. It measures the resident round trip at the time of the point, never from the
 * point itself (N = 3 lies off the sweep's power-of-two grid): within a lease B moved by up to 17%
 * between two calibrations 5 s apart (H100 lease 103), which one calibrated B cannot follow.
 * Recorded, not modelled: on its first GPU run (H100 lease 105) its readings lay from -7% to +12%
 * off the small resident points they bracketed (within 3% of one another in two jobs of three),
 * and B taken from them made compare's resident MAPE given the host's state worse in two jobs of
 * three. */
#define PK_SWEEP_PUSH_N 3u /* PK_CAL_RESIDENT_N (harness/calibrate.h) */
#define PK_SWEEP_PUSH_RUNS 32
#define PK_SWEEP_PUSH_WARM 20

/* One side of the canary: PK_SWEEP_CANARY_RUNS runs of PK_SWEEP_CANARY_BATCH empty standard
 * launches, each run's host time per call appended to v[*n] (room for PK_SWEEP_CANARY_RUNS more).
 * The calibration's sync step measures the launch cost with it too. Returns 0 or the run's code
 * (err names the call and the canary's point). */
int pk_sweep_canary_runs(const pk_backend_ops *ops, pk_backend *b, double *v, size_t *n, char *err, size_t errlen);

/* The most repetitions a point may take (--min-reps, --max-reps): a point keeps 64 bytes of
 * figures a repetition, so 1e7 of them hold at most about 1.3 GB while the array grows. */
#define PK_SWEEP_MAX_REPS 10000000

/* --grid's 0, the backends' default grid, as the 1 it is on every backend, so that a list of 0
 * and 1 is one point, not the same one measured twice: grids[0..*ng) sorted and distinct, as
 * pk_cli_u64_list gives them, stay so. */
void pk_sweep_grid_zero(uint64_t *grids, size_t *ng);

typedef struct pk_sweep_opts {
    double noise;         /* stop once CV(wall_ns) <= noise ... */
    uint64_t min_reps;    /* ... after at least this many measured repetitions (and 2: a CV needs two) */
    uint64_t max_reps;    /* never more than this many */
    double max_time_s;    /* per-point time cap (host clock, warm-up included) */
    uint64_t warmup_reps; /* unrecorded repetitions before measuring */
    int canary;           /* 1: a canary beside every point (pk_sweep's steps; not pk_sweep_measure) */
} pk_sweep_opts;

/* The defaults: noise 0.01, min_reps 5, max_reps 1000, max_time_s 0.1, one warm-up, no canary. The time
 * cap keeps the default CUDA sweep (5 item_ns x 15 batches x 5 strategies) within about two
 * minutes on an H100: the large standard-sync points cost ~1.5 s a repetition and run their
 * warm-up plus PK_SWEEP_TIME_FLOOR_REPS, the rest share what is left. */
void pk_sweep_opts_default(pk_sweep_opts *o);

/* Called after every measured repetition of a point (reps >= 1): the running figures. */
typedef void (*pk_sweep_rep_fn)(void *ud, const pk_point *pt, uint64_t reps, double median_ns, double cv);

/* Measures one point: warm-up, then repetitions until the stopping rule, into row (key,
 * reps, wall-time summary, medians of the other figures, throttled count; backend, device and
 * source "measured" are left for the caller). Returns 0; the run's error (err names the call,
 * from the backend, and the point); or PK_EINTR when *stop became non-zero before the point
 * finished (checked after every repetition). */
int pk_sweep_measure(const pk_backend_ops *ops, pk_backend *b, const pk_point *pt, const pk_sweep_opts *o,
                     const volatile sig_atomic_t *stop, pk_sweep_rep_fn on_rep, void *ud, pk_row *row, char *err,
                     size_t errlen);

/* One point's samples pooled over the passes of a sweep with replicates (private). */
typedef struct pk__samples pk__samples;

/* A whole sweep over an ordered list of points, with its result table. */
typedef struct pk_sweep {
    const pk_backend_ops *ops;
    pk_backend *b;
    const pk_point *points;
    size_t npoints;
    pk_sweep_opts opts;
    const volatile sig_atomic_t *stop; /* may be NULL */
    pk_sweep_rep_fn on_rep;            /* may be NULL */
    void *ud;
    char backend[32]; /* labels every row: ops->name */
    char device[160]; /* labels every row */
    pk_table table;   /* measured rows (partial set when status != 0), savings filled */
    size_t done;      /* points measured (in at least one pass) */
    unsigned replicates; /* passes over the grid (pk_sweep_set_replicates); 1: no pass rows */
    pk__samples *pool;   /* per point: every pass's samples, for its summary row */
    double t0;           /* host clock at init: started_s of the pass rows counts from it */
    int status;       /* 0, the first failure, or PK_EINTR; once set, no further point runs */
    char err[512];    /* the reason for status */
} pk_sweep;

/* Prepares s (table empty, context empty: the caller fills s->table.context); device (may be
 * NULL) labels every row beside the backend's name. */
void pk_sweep_init(pk_sweep *s, const pk_backend_ops *ops, pk_backend *b, const char *device, const pk_point *points,
                   size_t npoints, const pk_sweep_opts *o);
/* Measures point k and stores its row (replacing an earlier row of the same key) unless the
 * sweep has already stopped. Returns 0 and *row, or s->status. A failure or an interruption
 * marks the table partial. */
int pk_sweep_step(pk_sweep *s, size_t k, const pk_row **row);
/* Makes the sweep K interleaved passes over its points (call before the first step): each
 * pk_sweep_step_pass adds a pass row (replicate = pass) and refreshes the point's summary row
 * from the samples of all its passes so far. Returns 0 or PK_ENOMEM. */
int pk_sweep_set_replicates(pk_sweep *s, unsigned k);
/* Measures point k in pass (1..replicates) unless the sweep has already stopped. Returns 0 and
 * *row (the pass row), or s->status; as pk_sweep_step otherwise. */
int pk_sweep_step_pass(pk_sweep *s, size_t k, unsigned pass, const pk_row **row);
/* Runs every point in order (every pass, pass-major, with replicates); returns s->status. */
int pk_sweep_run(pk_sweep *s);
void pk_sweep_free(pk_sweep *s);

/* Builds the points of a sweep in measuring order: for each item_ns, batch, grid, block, every
 * listed strategy (strategies innermost, so that rows compared with each other are measured
 * close in time). Returns a malloc'd array and its length, or NULL (PK_ENOMEM / empty). */
pk_point *pk_sweep_points(const int *strategies, size_t ns, const uint64_t *items, size_t ni, const uint64_t *batches,
                          size_t nb, const uint64_t *grids, size_t ng, const uint64_t *blocks, size_t nk, size_t *n);

#endif
