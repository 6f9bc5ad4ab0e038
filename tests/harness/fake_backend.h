/* A deterministic in-test backend behind common/backend.h: costs follow a planted cost model
 * exactly, with optional alternating noise, injected failures and an injected stop flag, so
 * that the sweep driver's and calibration's arithmetic can be checked to the nanosecond. */
#ifndef PK_TESTS_FAKE_BACKEND_H
#define PK_TESTS_FAKE_BACKEND_H

#include <signal.h>
#include <stdint.h>

#include "common/backend.h"

typedef struct fake_model {
    double h, L, g, sync, S, e, teardown, gnode, ginst; /* ns */
    double B;            /* ns: per-batch round trip of the persistent kernel (in both persistent modes) */
    double W, Bw;        /* resident: a batch longer than W items costs Bw more (0: no window) */
    double Bl;           /* persistent: the batch's trip in its own launch (0: B, as a resident batch;
                            negative: below what the launch's other costs leave, as noise can put it) */
    double er;           /* resident, empty items: an item past the window costs er, and each full chunk of
                            C words (C > 0) C (e - er) more (0: every item past the window e) */
    double gnode_busy;   /* graph: a node of a non-empty item beside its run (0: gnode) */
    double gfix;         /* graph: a replay's fixed cost beyond its launch call h (0: no fixed cost at all) */
    double gone;         /* graph: a one-node replay costs this much less than the line (0: on it) */
    int setup_h;         /* persistent: S holds a launch call at h (setup_ns and the wall add h) */
    double early;        /* resident: the first early_runs resident runs since open cost this much less */
    long early_runs;
    double early_setup;  /* persistent: the first early_setup_runs persistent runs since open report
                            setup_ns (and so wall_ns) this much higher */
    long early_setup_runs;
    double after_canary; /* any strategy but standard: the first after_canary_runs runs after a standard
                            run (the canary's) report wall_ns, and a persistent run setup_ns, this much higher */
    long after_canary_runs;
    double C, ec;        /* persistent launch, empty items: read as chunks of C ring words, chunk j in hand
                            j*C*e - lead after the first item (j >= 1), an item of a chunk in hand ec, the
                            first window's (W) nothing on the wall (0: no chunks, each item e); device_ns is
                            then the items' run, every item at ec and no lead */
    double lead;         /* ns: how far ahead the chunk loads run (0: none) */
    double setup_per_item; /* persistent: setup_ns reports S + this per item (the host writing the
                              batch before it sees the blocks run); wall_ns is unchanged */
    uint64_t Q;                                        /* launches before a call blocks; 0 = never */
    double noise;        /* run(): wall_ns alternates (1 + noise), (1 - noise) by repetition */
    long fail_at_call;   /* run() call number (1-based) that fails with PK_EDEVICE; 0 = never */
    long stop_at_call;   /* run() call number after which *stop_flag is set; 0 = never */
    volatile sig_atomic_t *stop_flag;
    int throttle_every;  /* every k-th repetition is flagged throttled; 0 = never */
    int probe_nan_every; /* every k-th latency/sync probe sample is NaN (a failed reading); 0 = never */
    double body;         /* item_median_ns = item_ns + body (the mean, achieved_item_ns, stays item_ns) */
    double step;         /* ns: the device clock's step: a requested item runs ceil(d / step) step, and its
                            item_median_ns that + body (0: d) */
    double gap_drift;    /* added to the gap between items shorter than 20 us: g disagrees between lengths */
    int no_item_figures; /* run(): gap_ns and item_median_ns NAN (a backend without per-item timestamps) */
    int no_device_time;  /* run(): device_ns NAN (no span of the items on the device's clock) */
    int wake_every;      /* every k-th run reports a launch that woke the worker, its host_ns 10x; 0 = never */
    double h_step;       /* standard runs: each one's launch cost h is this much above the last one's (the
                            host's state moving under a point; 0: h throughout) */
    long sleep_us;       /* run() of any strategy but standard (the canary's): takes this long in real
                            time (0: returns at once) */
    long canary_sleep_us; /* run() of the canary's size (standard, PK_SWEEP_CANARY_BATCH empty items): takes
                             this long in real time (0: returns at once) */
    double item_kernel;  /* ns: the item kernel's run as the item-kernel probe times it; 0 = no profiler
                            (the probe answers PK_EUNSUPPORTED) */
    double hb;           /* standard runs of non-empty items: every launch call but the first (on an idle
                            device, h) costs this, the device busy (0: h) */
    int canary_blind;    /* standard runs of the canary's size (PK_SWEEP_CANARY_BATCH empty items) report no
                            host_ns (NAN): no launch cost is measured beside a step */
} fake_model;

extern fake_model fake; /* the model every fake backend uses; tests set it before open */
extern long fake_run_calls;
extern long fake_standard_runs; /* standard runs since open or since a test set it 0 (fake.h_step) */
/* The points of the run() calls since a test set fake_log_n 0, the first FAKE_LOG_MAX of them. */
#define FAKE_LOG_MAX 512
extern pk_point fake_log[FAKE_LOG_MAX];
extern long fake_log_n;
extern const pk_backend_ops fake_backend;

/* wall_ns of one repetition of pt under the model, before noise. */
double fake_wall(const pk_point *pt);
/* Plants the calibration tests' model (h 2100, L 4300, g 900, sync 1700, S 21000, e 45, teardown
 * 6000, graph node 650 and instantiate 1300, Q 1024, B 9500; all else 0) and opens the fake
 * backend: the backend, or NULL with err set. */
pk_backend *fake_plant(char *err, size_t errlen);

#endif
