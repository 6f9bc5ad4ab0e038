/* A workload's prediction under each launch strategy (`pkbench simulate --workload`): the
 * batches the simulator runs for it, their sum, and the prediction file.
 *
 * A strategy replays the workload as a sequence of batches (sim/model.h's items), each run on
 * its own, one after the other:
 *  - standard (as traced): the rows in launch order, with their host gaps and the trace's own
 *    launch call durations (launch_ns; the calibrated h without that column); a batch ends at
 *    each synchronisation the trace made (sync_before), which the batch's closing sync stands
 *    for; a step's tail is host work before the next step's first launch, the last step's after
 *    the last batch;
 *  - standard-sync: every row launched and synchronised, host gaps, tails and launch calls as
 *    in standard, one batch;
 *  - graph: each step one captured graph, replayed: no host gaps or tails, one launch call, per
 *    node its traced duration and the node cost of pk_workload_costs; one batch per step;
 *  - persistent, persistent-resident: each step one batch of the persistent kernel (setup and
 *    teardown per step for persistent, the per-batch round trip B for both), the calibrated
 *    dispatch e per row, no host gaps or tails.
 * Empty steps make no batch. */
#ifndef PK_HARNESS_WORKLOAD_PREDICT_H
#define PK_HARNESS_WORKLOAD_PREDICT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/context.h"
#include "common/strategy.h"
#include "harness/predict.h"
#include "harness/workload.h"
#include "sim/model.h"

#define PK_WORKLOAD_PREDICTION_SCHEMA_VERSION 1

/* The batches of one strategy. Their arrays point into the workload and into w. */
typedef struct pk_workload_runs {
    pk_items *run;
    size_t n;
    double after_ns; /* host work after the last batch (standard, standard-sync: the last tail) */
    double *w;       /* the host gaps with the step tails folded in (standard, standard-sync) */
} pk_workload_runs;

/* The costs the strategies of a workload are charged: p's (pk_costs_from_params), except graph's
 * per-node cost. graph_node_ns is calibrated with pkbench's item kernel, so it holds that kernel's
 * own run besides the idle gap to the next node; a traced kernel's duration already holds its
 * run. Where p has item_kernel_ns (the item kernel's run as CUPTI times it, as the trace timed
 * the workload's kernels), a node costs only the gap, graph_node_ns - item_kernel_ns (at least
 * 0); without it, graph_node_ns as calibrated. The synthetic sweep's model is not changed: its
 * items' durations are requested spins, not traced runs. ctx (may be NULL) gets
 * workload_graph_node: which of the two was charged, and how much. */
void pk_workload_costs(const pk_params *p, pk_costs *c, pk_context *ctx);

/* The same gap for the simulator's stochastic mode, which draws a node's cost from the samples
 * of graph_node_ns: where p has item_kernel_ns, each of those samples becomes sample -
 * item_kernel_ns (at least 0), so that every draw charges a gap as pk_workload_costs does.
 * Call once, before the model takes p's samples; the value itself is left as calibrated. */
void pk_workload_gap_samples(pk_params *p);

/* Builds the batches of strategy s. Returns 0, PK_EINVAL (unknown strategy) or PK_ENOMEM. */
int pk_workload_runs_build(const pk_workload *wl, pk_strategy s, pk_workload_runs *r);
void pk_workload_runs_free(pk_workload_runs *r);

/* One strategy's prediction of the whole workload. Sums over its batches; with draws > 1, the
 * median over draws of the total (p10, p90 beside it) and of each other sum. */
typedef struct pk_workload_prediction {
    pk_strategy strategy;
    uint64_t draws;
    size_t runs;
    double wall_ns, wall_ns_p10, wall_ns_p90; /* quantiles NAN with one draw */
    double step_ns;                           /* wall_ns / steps */
    double host_ns, device_ns;                /* inside launch calls; first to last item, per batch */
    double setup_ns, teardown_ns;             /* NAN where the strategy has none */
    double savings_ns, savings_pct;           /* against standard's wall_ns; NAN without it */
} pk_workload_prediction;

/* Predicts strategy s for wl: the simulator (mode des; draws > 1 in stochastic mode, draw k's
 * batch b run as draw k * batches + b) or the analytic model of mode per batch. Returns 0, the
 * model's PK_E* code or PK_ENOMEM. */
int pk_workload_predict(pk_model *m, const pk_costs *c, pk_predict_mode mode, pk_strategy s, const pk_workload *wl,
                        uint64_t draws, pk_workload_prediction *out);
/* Fills savings_ns and savings_pct of every prediction against the standard one. */
void pk_workload_fill_savings(pk_workload_prediction *p, size_t n);

/* Writes the prediction file (results/SCHEMA.md) into fp: the context lines, then one row per
 * prediction (the caller checks for errors and commits the file). */
void pk_workload_prediction_write_fp(FILE *fp, const pk_context *ctx, const pk_workload *wl,
                                     const pk_workload_prediction *p, size_t n);
/* The same into path, atomically. Returns 0 or PK_EIO with the reason in err. */
int pk_workload_prediction_write(const char *path, const pk_context *ctx, const pk_workload *wl,
                                 const pk_workload_prediction *p, size_t n, char *err, size_t errlen);

#endif
