/* The calibration's steps, shared by harness/calibrate.c (the launch path, the graph, the
 * driver) and harness/calibrate_persistent.c (the persistent modes). Internal to calibrate. */
#ifndef PK_HARNESS_CALIBRATE_STEPS_H
#define PK_HARNESS_CALIBRATE_STEPS_H

#include <stddef.h>

#include "common/backend.h"
#include "harness/calibrate.h"
#include "sim/params.h"

typedef struct cal {
    const pk_backend_ops *ops;
    pk_backend *b;
    const pk_calibrate_opts *o;
    pk_params *p;
    char *err;
    size_t errlen;
    /* scratch shared by the steps */
    size_t reps, nprobe;
    double *v, *w;      /* samples; launch times */
    pk_sample *x, *xl;  /* runs; the large-N persistent runs kept for e */
    double setup_shift; /* the launch cost beside the S runs less h: S as measured is S + this */
} cal;

/* 1 (err set) once the caller asked to stop. */
int cal_stopped(const cal *c);
/* Announces a step (the progress line). */
void cal_step(const cal *c, const char *what);
/* Stores the finite samples of v[0..n) (negatives clamped to 0) and their median as parameter id. */
int cal_keep(cal *c, pk_param_id id, double *v, size_t n);
/* reps timed runs of pt into x (one unrecorded warm-up first). */
int cal_runs(cal *c, const pk_point *pt, pk_sample *x, size_t reps);
/* PK_CAL_WARM_ROUNDS untimed rounds of pt's runs (reps + 1 each, into x) before its timed ones. */
int cal_warm(cal *c, const pk_point *pt, pk_sample *x);
/* The host's launch cost now, by the sweep's canary (pk_sweep_canary_runs), appended to v[*n]
 * (room for PK_SWEEP_CANARY_RUNS more). */
int cal_launch_cost_now(cal *c, double *v, size_t *n);
/* cal_launch_cost_now, then PK_CAL_SETTLE_RUNS or more untimed runs of pt (into c->x): the
 * point's timed runs that follow do not meet the canary's wake. */
int cal_canary_then(cal *c, const pk_point *pt, double *v, size_t *n);
/* c->reps timed runs of pt into c->x between two such measurements (cal_canary_then before,
 * cal_launch_cost_now after); *beside: their median (h where the backend gives none), the launch
 * cost the runs met; *measured (may be NULL): how many finite measurements it came from. */
int cal_runs_beside(cal *c, const pk_point *pt, double *beside, size_t *measured);
/* For the context: "launch cost N ns beside", or where nothing was measured (measured 0)
 * "no launch cost measured beside" and none (what was taken instead, "" for nothing). */
const char *cal_beside_text(char *buf, size_t len, size_t measured, double beside, const char *none);

/* The device time of a requested item of item_ns as the model charges it: to the clock's step
 * (item_clock_ns) and o more (pk_costs_item). */
double cal_item_run(const cal *c, uint64_t item_ns);

/* The persistent modes' steps, in their order (harness/calibrate_persistent.c). */
int cal_step_setup_teardown(cal *c);
int cal_step_item_batch(cal *c);
int cal_step_window(cal *c);
int cal_step_item_busy(cal *c);

#endif
