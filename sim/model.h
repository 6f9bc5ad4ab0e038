/* sim/model: the launch cost model replayed launch by launch on the event engine (sim/des.h).
 * One entity per real actor:
 *  - host thread: optional host work w before each launch or push, API calls of cost h,
 *    blocking while the launch queue is full, sync (sync_ns after the stream is done);
 *  - launch queue: at most Q launches pending (enqueued, not yet started; Q = 0: unbounded);
 *    a slot frees when the device starts the launch. Held by the host and device entities;
 *  - device: FIFO execution; a kernel starts at max(enqueue + L, previous end + g), where
 *    enqueue is the END of the launch call;
 *  - persistent kernel: setup S (counted by `persistent`, not by `persistent-resident`),
 *    continuous polling of the work queue, per-item dispatch e then the item, the batch's
 *    round trip B (publishing it and the host observing its completion: `persistent-resident`
 *    ends at last item end + B; `persistent` is charged B_l, its batch's trip inside the
 *    launch, B where not measured), and teardown T from max(last item end + B, the shutdown
 *    signal pushed after the last item) to the exit the host observes;
 *  - graph replay: host work done first (the graph's inputs), one launch call h, then nodes
 *    of graph_node + d each (graph_node_busy for a non-empty requested item) after latency L,
 *    then sync (with graph_launch_ns measured: after its latency, less the small graph's
 *    discount D, given back over the nodes after the first up to PK_GRAPH_ANCHOR_N, and no
 *    sync; pk_costs_graph_small). Instantiate (N*graph_inst) is
 *    reported as setup_ns, outside the total.
 * Strategies have the measured semantics of common/backend.h. With constant costs, a queue that
 * never fills and h_b = h (the closed form charges every call h), totals equal sim/analytic.h's
 * pipelined closed forms exactly.
 *
 * Stochastic mode draws every cost afresh at each use, from one GSL random stream per entity
 * (seeded from seed, draw index and entity, so every draw is reproducible): by resampling the
 * measured samples of pk_params when present (PK_DIST_RESAMPLE) or from a lognormal fitted to
 * them by the mean and variance of their logarithms (PK_DIST_LOGNORMAL; samples of 0, a clamped
 * difference, are drawn as 0 with their share); parameters without samples use a lognormal of
 * mean = the value charged at that use (a workload's graph node: its gap) and coefficient of
 * variation jitter_cv (0 keeps them constant); a file without graph_launch_ns draws a replay as
 * it did before the parameter, L then sync. Item durations d are requested values, drawn only
 * when item_cv > 0 (lognormal of mean d and that CV, per item, from the executing entity's
 * stream).
 *
 * Memory is bounded by the launch queue (and by the backlog when Q = 0), not by N. */
#ifndef PK_SIM_MODEL_H
#define PK_SIM_MODEL_H

#include <stdint.h>

#include "common/strategy.h"
#include "sim/analytic.h"
#include "sim/params.h"

/* The items of one batch: n items of duration d with host work w before each, or, when dv
 * (and optionally wv, hv) are set, per-item durations, host work and launch calls (workload
 * replay). */
typedef struct pk_items {
    uint64_t n;
    double d, w;
    const double *dv; /* n durations as they ran (no overshoot o added), or NULL */
    const double *wv; /* n host gaps, or NULL */
    const double *hv; /* n launch call durations (standard, standard-sync), or NULL: h */
} pk_items;

typedef enum pk_dist { PK_DIST_RESAMPLE = 0, PK_DIST_LOGNORMAL = 1 } pk_dist;

typedef struct pk_model_random {
    uint64_t seed;
    pk_dist dist;     /* how parameters with samples are drawn */
    double jitter_cv; /* lognormal CV for parameters without samples; 0 = constant */
    double item_cv;   /* lognormal CV of each item's duration around d; 0 = exactly d */
} pk_model_random;

/* Called for each interval of the timeline: actor ("host", "device", "persistent", "graph"),
 * what ("work", "launch", "blocked", "sync", "kernel", "setup", "dispatch", "item",
 * "chunk load", "round trip", "teardown", "node"), its start and end in ns, and the item (or -1). */
typedef void (*pk_timeline_fn)(void *user, const char *actor, const char *what, double start, double end,
                               int64_t item);

typedef struct pk_model pk_model;

int pk_model_create(pk_model **out);
void pk_model_destroy(pk_model *m);

/* Switches stochastic mode on (r != NULL; p supplies samples and values, may be NULL) or off.
 * Returns 0, PK_EINVAL (a negative CV, a lognormal fit of negative samples) or PK_ENOMEM. */
int pk_model_set_random(pk_model *m, const pk_params *p, const pk_model_random *r);
/* Records the timeline of following runs through fn (NULL: off). */
void pk_model_set_timeline(pk_model *m, pk_timeline_fn fn, void *user);

/* One simulated batch. In stochastic mode `draw` picks the random streams (same seed, same
 * draw: same result); it is ignored otherwise. Returns 0, PK_EINVAL or PK_ENOMEM. */
int pk_model_run(pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *items, uint64_t draw,
                 pk_prediction *out);

/* Quantiles of the total over draws stochastic runs (one deterministic run when stochastic
 * mode is off or draws <= 1). `median` holds the median of each field of pk_prediction. */
typedef struct pk_prediction_dist {
    pk_prediction median;
    double p10, p25, p50, p75, p90, min, max, cv;
    uint64_t draws;
} pk_prediction_dist;

int pk_model_predict(pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *items, uint64_t draws,
                     pk_prediction_dist *out);

/* Makes `d` the summary of the single prediction in d->median: every quantile, min and max
 * equal to its total, cv 0, draws 1 (a deterministic run or an analytic prediction). */
void pk_prediction_dist_point(pk_prediction_dist *d);

/* High-water mark of the launch queue's ring buffer, in entries (memory bound check). */
uint64_t pk_model_queue_capacity(const pk_model *m);

#endif
