/* The backend interface: one struct of function pointers per runtime (cuda, hip, host).
 * No CUDA or HIP type crosses this header; kernels/ implements it for the GPU runtimes and for
 * the host's CPU analogue. The sweep driver and calibration use only this. */
#ifndef PK_COMMON_BACKEND_H
#define PK_COMMON_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "common/context.h"
#include "common/strategy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pk_backend pk_backend; /* opaque, owned by the backend */

typedef struct pk_backend_config {
    int device_index;      /* which device (GPU backends) */
    double hang_timeout_s; /* bounded host wait on a kernel or worker; > 0 */
} pk_backend_config;

/* One sweep point. An item is one unit of work: a block of `block` threads that spins for
 * item_ns on the device clock, then writes a checked result. `standard`, `standard-sync` and
 * `graph` launch each item as its own kernel of `grid` blocks, stream-ordered; the persistent
 * kernel runs `grid` co-resident blocks that take items from the queue. */
typedef struct pk_point {
    pk_strategy strategy;
    uint64_t item_ns;
    uint64_t batch; /* N >= 1 */
    unsigned grid;  /* blocks; 0 = backend default (1) */
    unsigned block; /* threads per block; 0 = backend default (one warp/wavefront) */
} pk_point;

/* A point is also the key of every result row: these compare and name it. */
/* 1 when a and b are the same point. */
int pk_point_equal(const pk_point *a, const pk_point *b);
/* Orders points by strategy, item_ns, batch, grid, block: < 0, 0 or > 0. */
int pk_point_compare(const pk_point *a, const pk_point *b);
/* The same point with another strategy (the row a point is compared with). */
pk_point pk_point_with(const pk_point *p, pk_strategy s);
/* "standard/item_ns:1000/batch:64/grid:1/block:32" (the Google Benchmark name, before the
 * suffixes Google Benchmark adds). */
void pk_point_name(const pk_point *pt, char *buf, size_t len);

/* One repetition of one point. Times in ns; NAN where a figure does not apply. */
typedef struct pk_sample {
    double wall_ns;          /* first API call to completion observed by the host: the primary figure */
    double host_ns;          /* host time spent inside launch/enqueue calls */
    double device_ns;        /* device clock: first item start to last item end (persistent: chunks) */
    double achieved_item_ns; /* mean achieved item duration, measured on the device clock */
    double setup_ns;         /* persistent: launch call to every block running; graph: capture to upload */
    double teardown_ns;      /* persistent: every item reported done to exit observed */
    double sm_clock_mhz;     /* SM clock sampled with this repetition (NAN if unknown) */
    int throttled;           /* 1 if the clock was below its maximum or a throttle reason was set */
    /* Medians of per-item values, from each item's start and end on the device clock (NAN where
     * the backend has no per-item timestamps or the items do not run one after another): */
    double gap_ns;           /* next item's start minus the previous item's end */
    double item_median_ns;   /* an item's achieved duration */
    int wakeups;             /* launch calls that had to wake a sleeping device worker (host backend; 0 on GPUs) */
} pk_sample;

/* Calibration probes that cannot be derived from run() samples. */
typedef enum pk_probe {
    PK_PROBE_LAUNCH_LATENCY, /* out[i]: from the start of the launch (or push) call on an idle
                                device to kernel (item) start, ns: the sample includes the call's
                                own host time h, which calibration subtracts to get L. A GPU
                                backend, whose host cannot see the start, gives launch +
                                synchronize of an empty item less an idle synchronize right after:
                                to the host seeing the item end (results/SCHEMA.md, L) */
    PK_PROBE_SYNC,           /* out[i]: synchronising an idle, already-finished stream, ns */
    PK_PROBE_LAUNCH_TIMES,   /* out[i]: host time of the i-th of n back-to-back launches of item_ns kernels */
    PK_PROBE_ITEM_KERNEL     /* out[i]: the run of the i-th of n back-to-back item kernels at item_ns 0
                                (the launch configuration a graph node has), as a profiler times a
                                kernel: end minus start of its CUPTI activity record, ns; NAN for a
                                launch without a record. PK_EUNSUPPORTED, with the reason in err,
                                where the backend has no such profiler (HIP, host) or it cannot be
                                loaded; on success err holds how it was timed (the library). */
} pk_probe;

typedef struct pk_backend_ops {
    const char *name; /* "cuda", "hip", "host" */
    int cpu_analogue; /* 1 for the host backend: its figures are never GPU figures */
    /* Opens the device. PK_ENODEV (with a one-line reason in err) when none is visible. */
    int (*open)(const pk_backend_config *cfg, pk_backend **out, char *err, size_t errlen);
    /* Releases everything, including a resident persistent kernel; always safe after open. */
    void (*close)(pk_backend *b);
    /* Machine context: device, driver, runtime, clocks, SM count, warp size... */
    int (*context)(pk_backend *b, pk_context *ctx);
    /* The context keys that only the runs settle, written over ctx's before close (the host
     * backend: a pinning that did not hold). NULL: none. */
    int (*settled)(pk_backend *b, pk_context *ctx);
    /* Runs one repetition of pt, verifying every item ran exactly once (PK_ECHECK if not).
     * A hung kernel gives PK_ETIMEDOUT after hang_timeout_s; a failed call names itself in err. */
    int (*run)(pk_backend *b, const pk_point *pt, pk_sample *out, char *err, size_t errlen);
    /* Fills out[0..n) for the probe; item_ns applies to PK_PROBE_LAUNCH_TIMES. */
    int (*probe)(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err, size_t errlen);
    /* The number of devices open() accepts (indexes 0..n-1), without opening one; PK_ENODEV with
     * the reason in err when none is visible, PK_EINVAL when a setting open() would refuse is bad
     * (checked first). NULL: the backend has device 0 only. */
    int (*device_count)(int *n, char *err, size_t errlen);
    uint64_t max_batch; /* the most items a run takes (0: no bound but the device's own), which sweep checks first */
    unsigned max_grid;  /* the most blocks a run takes (0: no bound but the device's own) */
} pk_backend_ops;

#ifdef __cplusplus
}
#endif

#endif
