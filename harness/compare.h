/* Predicted-against-measured analysis behind `pkbench compare` and `pkbench plot`: error
 * statistics, the join of a measured and a predicted tidy table, crossover batch sizes and
 * policy regret. Library code: no printing. */
#ifndef PK_HARNESS_COMPARE_H
#define PK_HARNESS_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/stats.h"
#include "harness/tidy.h"
#include "pkbench/policy.h"
#include "sim/params.h"

/* ---- crossover ---- */

/* Index of the crossover on a grid sorted by ascending batch: the smallest i from which
 * wins[i..n) are all true (persistent wins at i and at every larger batch). Returns n when
 * wins[n-1] is false (persistent never wins for good), including n == 0. */
size_t pk_crossover_index(const int *wins, size_t n);

/* ---- join and analysis ---- */

/* Policies judged by the regret analysis. The seed decides from calibrated h and S; the
 * simulator policy takes the argmin of the predicted standard and persistent totals; the
 * overlap-aware policy (pkbench/policy.h) is judged when this build has it. */
typedef enum pk_cmp_policy { PK_POL_SEED = 0, PK_POL_SIM, PK_POL_OVERLAP, PK_POL_COUNT } pk_cmp_policy;
extern const char *const pk_cmp_policy_names[PK_POL_COUNT];
/* 1 when this build has the overlap-aware policy function. */
int pk_cmp_have_overlap_policy(void);

/* One measured point joined with its prediction. */
typedef struct pk_cmp_point {
    pk_point key;
    double m_ns, m_p25, m_p75; /* measured median total and IQR */
    double p_ns;               /* predicted total; NAN when no prediction joined */
    double m_save, p_save;     /* savings against standard of the same key; NAN when none */
    double rel_err, abs_err;   /* (p - m) / m and |p - m|; NAN when no prediction */
} pk_cmp_point;

/* Crossover for one item duration and shape, on the batches where both standard and
 * persistent were measured. Values are batch sizes; 0 means "never" (index == nbatch). */
typedef struct pk_cmp_cross {
    uint64_t item_ns;
    unsigned grid, block;
    size_t nbatch;
    uint64_t measured, predicted, policy[PK_POL_COUNT];
    size_t idx_measured, idx_predicted, idx_policy[PK_POL_COUNT];
    int have_predicted;          /* every grid batch had both predictions */
    int have_policy[PK_POL_COUNT];
    size_t error_steps;          /* |idx_predicted - idx_measured| when have_predicted */
    /* With a paired check (harness/paired.h, pk_paired_apply): the measured crossover again, each
     * checked batch's winner taken from the check where it resolved one. */
    size_t paired_checked, paired_resolved; /* batches the check covered, and resolved */
    uint64_t measured_paired;
    size_t idx_paired, error_steps_paired; /* error_steps_paired when have_predicted */
    size_t idx_pred_paired; /* the predicted crossover's index it is judged against (pk_paired_apply's at_state) */
} pk_cmp_cross;

/* One (item_ns, batch, shape) cell where standard and persistent were both measured. */
typedef struct pk_cmp_cell {
    pk_point key; /* its standard row's key (a cell pairs the standard and persistent rows) */
    double m_std, m_pers, p_std, p_pers; /* p_* NAN without predictions */
    double std_p25, std_p75, pers_p25, pers_p75; /* the measured IQRs; NAN where unknown */
    int best;                            /* measured: 1 persistent strictly faster, else 0 */
    int choice[PK_POL_COUNT];            /* 1 persistent, 0 standard, -1 policy not available */
    double loss[PK_POL_COUNT];           /* time lost against the measured best, ns; NAN if n/a */
} pk_cmp_cell;

typedef struct pk_cmp_policy_sum {
    int available;
    size_t losing_cells;
    double loss_ns;    /* sum of per-cell losses */
    double regret_pct; /* loss_ns / oracle_ns * 100 */
    double worst_cell_pct; /* the largest per-cell loss / that cell's oracle * 100 */
} pk_cmp_policy_sum;

typedef struct pk_cmp_result {
    pk_cmp_point *pts;
    size_t npts;
    size_t matched, unmatched_measured, unmatched_predicted;
    pk_err_stats per_strategy[PK_STRAT_COUNT]; /* n == 0 where a strategy has no matched point */
    pk_err_stats overall;
    pk_cmp_cross *cross;
    size_t ncross;
    pk_cmp_cell *cells;
    size_t ncells;
    double oracle_ns; /* sum over cells of min(m_std, m_pers) */
    pk_cmp_policy_sum policy[PK_POL_COUNT];
    int have_params;
    uint64_t seed_h, seed_s; /* calibrated launch_host_ns and persistent_setup_ns, rounded */
} pk_cmp_result;

/* 1 when predicted row key (grid, block) matches a measured shape: equal, or 0 in the
 * prediction (shape-independent). */
int pk_cmp_shape_matches(unsigned pred, unsigned meas);
/* The predicted row for a measured key: an exact shape first, then shape-independent ones. */
const pk_row *pk_cmp_find_pred(const pk_table *pred, const pk_point *key);

/* Checks a table read from path before any analysis: it has rows, and every row's wall_ns is
 * finite and > 0. Returns 0, or PK_EINVAL with "PATH has no points" or "PATH: row K (strategy
 * item_ns=.. batch=.. grid=.. block=..): wall_ns ..." in err (K counts data rows from 1). */
int pk_cmp_check_totals(const pk_table *t, const char *path, char *err, size_t errlen);
/* pk_cmp_check_totals for a --predicted table, whose totals may also be 0: a model may cost a
 * point nothing (the seed's additive model, persistent-resident at item_ns 0: N x 0). */
int pk_cmp_check_predicted(const pk_table *t, const char *path, char *err, size_t errlen);

/* Joins measured with predicted (pred may be NULL: measured-only analysis) and computes every
 * figure above; params (may be NULL) gives the seed's h and S. strategies (NULL = all) is a
 * PK_STRAT_COUNT mask restricting which measured strategies enter the error statistics.
 * Returns 0, PK_ENOMEM, or PK_EINVAL with a reason in err (a non-positive measured total). */
int pk_compare_run(const pk_table *meas, const pk_table *pred, const pk_params *params, const int *strategies,
                   pk_cmp_result *out, char *err, size_t errlen);
void pk_compare_free(pk_cmp_result *r);
/* Where the simulator's crossover x (of r) misses the measured one: the measured margin
 * (persistent - standard) / standard at the batches between the two, the largest in magnitude
 * into *margin and its batch into *batch, and *overlap 1 when at every such batch the two
 * strategies' measured IQRs overlap (a tie the measurement does not resolve; 0 when an IQR is
 * unknown). Returns 0 (and *batch 0) for an exact or unpredicted crossover. */
int pk_cmp_cross_margin(const pk_cmp_result *r, const pk_cmp_cross *x, double *margin, uint64_t *batch, int *overlap);

/* One pass of a sweep with --replicates K, judged alone: the pass's own medians (its pass rows)
 * against the same prediction. A miss that stays in every pass is the model's; one that comes
 * and goes from pass to pass is the machine's (results/h200/lease3). */
typedef struct pk_cmp_pass {
    unsigned pass;       /* 1..K */
    size_t matched;      /* pass rows joined with a prediction */
    pk_err_stats overall, per_strategy[PK_STRAT_COUNT];
    size_t cross_judged; /* crossovers the simulator predicted on this pass's grid */
    size_t cross_exact;  /* of those, the ones at the batch this pass measured */
} pk_cmp_pass;

/* The crossovers r's simulator predicted into *judged; returns how many of them are exact. */
size_t pk_cmp_cross_exact(const pk_cmp_result *r, size_t *judged);
/* One pass's rows (as summary rows, in meas) judged against pred into *p. Returns 0, PK_ENOMEM
 * or PK_EINVAL (err). */
int pk_cmp_pass_judge(const pk_table *meas, const pk_table *pred, const int *strategies, unsigned pass,
                      pk_cmp_pass *p, char *err, size_t errlen);
/* Judges every pass of meas alone against pred, with the strategies mask of pk_compare_run,
 * in the order of their numbers (each number that occurs among the pass rows once, so a file's
 * numbering costs nothing). *out gets one entry per pass (free() it), *n their number: 0 and
 * NULL for a table of one pass or none. Returns 0, PK_ENOMEM or PK_EINVAL (err). */
int pk_compare_passes(const pk_table *meas, const pk_table *pred, const int *strategies, pk_cmp_pass **out,
                      size_t *n, char *err, size_t errlen);

/* The overlap-aware policy's inputs for one cell from calibrated parameters: every figure
 * rounded to integer ns, w = 0, the batch's round trip that of a batch published with the
 * kernel's launch (compare judges this policy; decide --params reads the same). */
pk_overlap_inputs pk_cmp_overlap_inputs(const pk_params *p, uint64_t batch, uint64_t item_ns);
/* 1 when calibrated parameters p come from another backend or device than the measured rows
 * (a preset, or a file that does not say, is never foreign). */
int pk_cmp_params_foreign(const pk_params *p, const pk_table *meas);
/* The seed policy's savings prediction N*h - S (signed, ns). */
double pk_cmp_seed_savings(uint64_t batch, uint64_t h, uint64_t s);

/* A human label for a table's device: "<device> (<backend>)", plus ", CPU analogue" for the
 * host backend. Written into buf (always terminated). */
void pk_cmp_device_label(const pk_table *t, char *buf, size_t len);
/* 1 when the table comes from the host backend (a CPU analogue, never GPU figures). */
int pk_cmp_is_cpu_analogue(const pk_table *t);

#endif
