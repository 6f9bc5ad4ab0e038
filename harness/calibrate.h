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
#define PK_CAL_HOST_N 1024u
/* Rounds of reps runs made to find reps runs of h that woke no worker. */
#define PK_CAL_HOST_ROUNDS 3
/* The points below lie off the default sweep grid (batches are powers of two; item_ns 0,
 * 1000, 5000, 20000, 50000), so that no figure the model is checked against was used to
 * calibrate it. */
/* h_b and o: standard launches of items much longer than a launch call. */
#define PK_CAL_BUSY_ITEM_NS 30000u
#define PK_CAL_BUSY_N 200u
/* sync_ns: launch + synchronize per item, items long enough that the host waits. */
#define PK_CAL_SYNC_ITEM_NS 3000u
#define PK_CAL_SYNC_N 48u
/* S, teardown and B_l (small batch), e (the slope to the large batch), B (resident, small
 * batch), e_b (non-empty). */
#define PK_CAL_PERSISTENT_SMALL_N 3u
#define PK_CAL_PERSISTENT_N 12000u
#define PK_CAL_RESIDENT_N 3u
/* Untimed rounds of reps + 1 runs before the timed runs of S (persistent, small batch) and of B
 * (resident, small batch): both fall over a point's first tens of runs, and a sweep measures them
 * past that. H200, the calibrations of leases 58-63, 20 runs a round: S's last 7 below its first 7
 * in 107 of 126 rounds (median -404 ns), and the sweeps' setup_ns at item 0, N = 1-64, 0.3-1.2 us
 * below S at the same launch cost; B's last 7 above its first 7 in 83 of 129 rounds (+166 ns),
 * the sweeps 0.2-0.4 us above B (lease 63, with B's warm-up: -0.38 to +0.15 us from B). */
#define PK_CAL_WARM_ROUNDS 10u
/* Untimed runs of a point right after a canary (cal_canary_then) and before the point's timed
 * runs: the canary's PK_SWEEP_CANARY_RUNS runs of empty standard launches slow the next runs of
 * another strategy for a few runs, past any warm-up before it. H200, the calibrations of leases
 * 64-75 (warm-up in place, canary between it and the timed runs, 20 runs a round): the last 7
 * runs below the first 7 in 146 of 222 rounds for S (median -151 to -231 ns), 111 of 120 for
 * graph_one_node_ns (-154 to -162 ns), 174 of 222 for graph_launch_ns (-60 to -120 ns), the
 * excess in the first 7 or so runs; a sweep point's median is over hundreds of runs past it. */
#define PK_CAL_SETTLE_RUNS 20u
#define PK_CAL_BUSY_PERSISTENT_ITEM_NS 2000u
#define PK_CAL_BUSY_PERSISTENT_N 3000u
/* graph_launch_ns and graph_node_ns: replays of two sizes; graph_node_busy_ns: the same sizes
 * with non-empty items (off the sweep's grid of item durations); graph_one_node_ns: a one-node
 * replay of such an item, less its run. */
#define PK_CAL_GRAPH_SMALL_N PK_GRAPH_ANCHOR_N
#define PK_CAL_GRAPH_N 3000u
#define PK_CAL_BUSY_GRAPH_ITEM_NS 2000u
/* g: runs of about this long (under 1 ms), with items of two lengths, whose g must agree
 * within this many ns or this percentage of the larger. */
#define PK_CAL_GAP_RUN_NS 800000u
#define PK_CAL_GAP_LONG_ITEM_NS 30000u
#define PK_CAL_GAP_SHORT_ITEM_NS 7000u
#define PK_CAL_GAP_AGREE_NS 50
#define PK_CAL_GAP_AGREE_PCT 25

/* item_kernel_ns: back-to-back launches of the item kernel at item_ns 0 timed by CUPTI. */
#define PK_CAL_ITEM_KERNEL_N 200u

/* The steps one round of pk_calibrate announces through on_step, the profiler's included (a
 * progress display counts them: pk_calibrate_steps). */
#define PK_CAL_STEPS 13u
/* The most rounds (pk_calibrate_opts.rounds). */
#define PK_CAL_MAX_ROUNDS 20

typedef struct pk_calibrate_opts {
    uint64_t reps;                     /* run() repetitions per measurement (probes take 10x) */
    const volatile sig_atomic_t *stop; /* checked between steps and repetitions; may be NULL */
    void (*on_step)(void *ud, const char *what); /* progress; may be NULL */
    void *ud;
    unsigned window_items; /* the persistent kernel's poll window (the warp width); 0: none */
    unsigned rounds;       /* every step but the profiler's this many times, one round after another (0 or
                            * 1: once; at most
                            * PK_CAL_MAX_ROUNDS); each parameter is the median of its rounds' values and
                            * keeps every round's samples. A step takes a fraction of a second, and on the
                            * H200's VM one round's step can land in an odd state: in each of lease 6's
                            * three calibrations one round measured B_w at 1.1-1.5 us against 3.2-4.1 us
                            * in the other two (results/h200/lease6), and the median of rounds kept it
                            * out. Rounds follow each other within seconds, so they do not help against a
                            * state that lasts the whole calibration (lease 6's h per round: 4577, 4614,
                            * 4683 ns) */
    unsigned chunk_items;  /* the persistent kernel's chunk, ring words loaded at once (context
                            * persistent_chunk_words); 0: none, e_c not measured */
    double clock_ns;       /* the device clock's step as the item body reads it (context
                            * device_clock_resolution_ns), stored as item_clock_ns; 0: none */
} pk_calibrate_opts;

/* One launch queue depth from k found ones (0: that probe or round found no blocking): 0,
 * unbounded, unless more than half found blocking, else the median of the depths found (a
 * median with 0 among them would be a depth never seen). k <= 64. */
double pk_calibrate_depth_of(const double *q, size_t k);

/* The steps a calibration of rounds rounds announces: every round's, the profiler's once. */
unsigned pk_calibrate_steps(unsigned rounds);
/* p (initialised) from the rounds r[0..k), 1 <= k <= PK_CAL_MAX_ROUNDS: every parameter the
 * median of its rounds' values (Q: pk_calibrate_depth_of the rounds' Q), its samples those of
 * every round; the rounds' notes (the last round's where they differ, but a kernel_gap_check
 * that disagrees in any round is kept) and calibrate_rounds (k and each round's h, as many as the
 * note holds). Returns 0, PK_EINVAL (k out of range) or PK_ENOMEM (err). */
int pk_calibrate_combine(const pk_params *r, size_t k, pk_params *p, char *err, size_t errlen);
/* p (initialised; neither of the two) from two calibrations of one device that bracket a sweep,
 * one made before it and one after: pk_calibrate_combine of the two (each parameter their mean, samples of both, Q
 * found only where both found it), p's backend, device and source those of before, and in its
 * context calibrate_rounds (before's), calibrate_rounds_after (after's) and calibrate_bracket
 * (what was done, and both h). The host's launch path changes state on the scale of a sweep
 * (lease 31: h 3027-4739 ns in calibrations a minute apart), and the mean of the two predicted
 * that lease's seven sweeps with a standard MAPE of 2.3-7.1% against 2.2-12.8% for the one made
 * before (results/h200/lease31). Returns 0, PK_EINVAL (different devices), PK_ERANGE (no room in
 * the context) or PK_ENOMEM (err). */
/* The context's measured_zero: the parameters p holds at PK_PARAM_MEASURED_ZERO (a measured
 * median of 0), or no key where none is; after calibration and after combining. */
void pk_calibrate_note_zero(pk_params *p);
int pk_calibrate_bracket(const pk_params *before, const pk_params *after, pk_params *p, char *err, size_t errlen);
/* The note of a bracket whose calibration after the sweep is missing (its step failed). */
#define PK_CAL_BRACKET_ALONE "the calibration before the sweep alone"
/* The files' form: p from the params files BEFORE and AFTER (pk_calibrate_bracket), or, when
 * AFTER is not a file, cannot be read or does not go with BEFORE, from BEFORE alone with
 * calibrate_bracket = "PK_CAL_BRACKET_ALONE: why" (no file: "the one after it GONE", GONE what
 * became of its step, NULL: "failed"); its optional parameters at their fallbacks
 * (pk_params_fallback), as pk_params_load reads p's file back. The caller saves p and frees it.
 * Returns 0, or the failure to load BEFORE or to note the bracket in its context (err; p then
 * empty). */
int pk_calibrate_bracket_files(const char *before, const char *after, const char *gone, pk_params *p, char *err,
                               size_t errlen);

/* Measures every parameter into p->value (medians; with rounds, the median of the rounds' medians)
 * and p->samples (raw), and notes how in
 * p->context (launch_host_runs: runs of h set aside; kernel_gap_check: g at two item lengths,
 * "agree" or "disagree"; item_kernel_probe: the profiler that timed item_kernel_ns, or "not
 * measured: WHY", item_kernel_ns then NAN, where the backend has none (PK_EUNSUPPORTED from its
 * PK_PROBE_ITEM_KERNEL): that alone never fails calibration). Leaves p's backend, device, source and the rest of
 * its context to the caller. Returns 0, PK_EINTR when stopped, PK_EINVAL for more than
 * PK_CAL_MAX_ROUNDS rounds, or the failing call's code with the call and the step (and with
 * rounds, the round) named in err. */
int pk_calibrate(const pk_backend_ops *ops, pk_backend *b, const pk_calibrate_opts *o, pk_params *p, char *err,
                 size_t errlen);

/* The launch-queue depth seen in t[0..n), the host times of n back-to-back launches of items
 * of item_ns: the index of the first launch that blocks. b = the least of the first 8 calls,
 * thr = max(b + item_ns / 2, 3 b); blocking is sustained from the first 8-call window whose
 * median exceeds thr (position s); the first block is the earliest call j < s above thr whose
 * wait could have freed the slots used up to s (s - j <= t[j] / item_ns + 16), else the first
 * call of the window at s above max(b + item_ns / 10, 3 b). 0 when no sustained blocking. */
uint64_t pk_calibrate_queue_depth(const double *t, size_t n, double item_ns);
/* Q as the simulator means it (sim/model.h: launches pending, enqueued and not yet started, when
 * a call blocks) from the probe's first blocking call j (pk_calibrate_queue_depth of t[0..n)):
 * j less the items the device had started by the time call j began, item 0 when call 0 returned
 * and then one each item_ns (the kernel gap and latency left out: at 50 us items and a launch call
 * of 3-4 us, about 80 items started of 1100 launched, so a gap of 1 us moves Q by 1 or 2). Until
 * this, Q was j itself, about 7% deeper than the queue the simulator then modelled. j = 0 (no
 * block) stays 0; a block with nothing pending gives 1. */
uint64_t pk_calibrate_queue_pending(const double *t, size_t n, double item_ns, uint64_t j);

#endif
