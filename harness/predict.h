/* Prediction, as `pkbench simulate` and `pkbench compare` make it: the choice between the
 * discrete-event simulator (sim/model.h), the pipelined closed forms and the seed's additive
 * model (sim/analytic.h), and the tidy rows (source=predicted) a prediction gives. */
#ifndef PK_HARNESS_PREDICT_H
#define PK_HARNESS_PREDICT_H

#include <stddef.h>
#include <stdint.h>

#include "harness/tidy.h"
#include "sim/model.h"
#include "sim/params.h"

/* The most items one command replays event by event, draws included: at the engine's 5e6 to
 * 2.5e7 items per second on one core of the development VMs, a few minutes. compare and plot
 * simulate measured points on the fly up to PK_PREDICT_MAX_ITEMS_ON_THE_FLY (seconds), and
 * beyond it ask for `pkbench simulate` first. */
#define PK_PREDICT_MAX_ITEMS 1e9
#define PK_PREDICT_MAX_ITEMS_ON_THE_FLY 1e8

typedef enum pk_predict_mode { PK_PREDICT_DES = 0, PK_PREDICT_ADDITIVE, PK_PREDICT_CLOSED_FORM } pk_predict_mode;
/* "des", "additive", "closed-form", then NULL: the --mode spelling. */
extern const char *const pk_predict_mode_names[];

/* Predicts one batch of strategy s. des: the simulator m (draws stochastic runs when m is in
 * stochastic mode and draws > 1); additive and closed-form: the analytic model, with the mean
 * duration, host work and launch call of per-item values (both models are linear in them; the
 * durations as they ran, without the overshoot o).
 * Returns 0 or the model's PK_E* code. */
int pk_predict(pk_model *m, const pk_costs *c, pk_predict_mode mode, pk_strategy s, const pk_items *it,
               uint64_t draws, pk_prediction_dist *out);

/* The tidy row of a prediction: backend and device from p, source "predicted", the key, reps =
 * draws, wall_ns the median total (with its quantiles, spread and CV when draws > 1), the
 * medians of host, device, setup and teardown time, and achieved_item_ns. */
void pk_predict_row(pk_row *r, const pk_params *p, const pk_point *key, const pk_prediction_dist *pd,
                    double achieved_item_ns);

/* Predicts every (strategy, item_ns, batch) of meas once (strategies limited by mask, NULL =
 * all) with the simulator in deterministic mode from params, into pred (rows
 * shape-independent: grid 0, block 0, in the order of meas; savings filled; context from
 * params). Returns 0, PK_ENOMEM, PK_ERANGE when the points would replay more than
 * PK_PREDICT_MAX_ITEMS_ON_THE_FLY items, or the model's code with the point named in err. */
int pk_predict_measured(const pk_table *meas, const int *mask, const pk_params *params, pk_table *pred, char *err,
                        size_t errlen);

#endif
