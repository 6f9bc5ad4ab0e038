/* Calibration: measures every cost-model parameter of DESIGN.md §2 (sim/params.h) on a live
 * backend, from run() samples and the backend's probes, keeping the raw samples for the
 * simulator's stochastic mode. */
#ifndef PK_HARNESS_CALIBRATE_H
#define PK_HARNESS_CALIBRATE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/backend.h"
#include "sim/params.h"

/* Item duration used where the model needs items much longer than a launch (g, Q). */
#define PK_CAL_LONG_ITEM_NS 50000u
/* Launches in one PK_PROBE_LAUNCH_TIMES probe: Q is reported as 0 (unbounded) above this. */
#define PK_CAL_QUEUE_PROBE 4096u
/* Batch sizes of the "large N" measurements. */
#define PK_CAL_PERSISTENT_N 16384u
/* Batch at which persistent setup and teardown are measured. */
#define PK_CAL_PERSISTENT_SMALL_N 1u
#define PK_CAL_GRAPH_N 4096u
#define PK_CAL_GAP_N 256u
#define PK_CAL_HOST_N 1024u

typedef struct pk_calibrate_opts {
    uint64_t reps;                     /* run() repetitions per measurement (probes take 10x) */
    const volatile sig_atomic_t *stop; /* checked between steps and repetitions; may be NULL */
    void (*on_step)(void *ud, const char *what); /* progress; may be NULL */
    void *ud;
} pk_calibrate_opts;

/* Measures every parameter into p->value (medians) and p->samples (raw). Leaves p's backend,
 * device, source and context to the caller. Returns 0, PK_EINTR when stopped, or the failing
 * call's code with the call and the step named in err. */
int pk_calibrate(const pk_backend_ops *ops, pk_backend *b, const pk_calibrate_opts *o, pk_params *p, char *err,
                 size_t errlen);

/* The launch-queue depth seen in t[0..n), the host times of n back-to-back launches of items
 * of item_ns: the index of the first launch that blocks. b = median of the first 8 calls,
 * thr = max(b + item_ns / 2, 3 b); blocking is sustained from the first 8-call window whose
 * median exceeds thr (position s); the first block is the earliest call j < s above thr whose
 * wait could have freed the slots used up to s (s - j <= t[j] / item_ns + 16), else the first
 * call of the window at s above max(b + item_ns / 10, 3 b). 0 when no sustained blocking. */
uint64_t pk_calibrate_queue_depth(const double *t, size_t n, double item_ns);

#endif
