/* The paired check of a crossover. Where a sweep's standard and persistent totals at one batch
 * lie within each other's IQR, their medians were measured at different moments, in whatever
 * state the host's launch call was in at each (it moves between about 3.4 and 4.7 us within
 * seconds on the H200's VM: results/h200/lease3), and which one wins is a toss. The check
 * measures the two again in alternating passes (`pkbench sweep --replicates K --abba`, whose
 * --benchmark_filter selects just those cells: each pass runs the two back to back), and judges persistent /
 * standard pass by pass, so that each ratio compares two runs that met one state. `pkbench run`
 * makes it (crosscheck/ beside the sweep), `pkbench compare` reads it. Library code: no printing. */
#ifndef PK_HARNESS_PAIRED_H
#define PK_HARNESS_PAIRED_H

#include <stddef.h>
#include <stdint.h>

#include "common/path.h"
#include "harness/compare.h"
#include "harness/grid.h"
#include "harness/tidy.h"
#include "sim/params.h"

/* The passes the check runs, and the fewest pairs a verdict needs: with 6 the sign test's
 * interval below is the pairs' whole range (coverage 1 - 2/64); with 20, ratios 6 to 15 of 20
 * (95.9%). */
#define PK_PAIRED_PASSES 20
#define PK_PAIRED_MIN_PAIRS 6

/* One checked cell: standard and persistent at (item_ns, batch, grid, block). */
typedef struct pk_paired {
    pk_point key;   /* strategy unused (standard) */
    size_t pairs;   /* passes that measured both */
    double ratio;   /* the median over the pairs of persistent's wall / standard's (pass medians) */
    double lo, hi;  /* a distribution-free interval for that median, at least 95% (sign test: order
                       statistics k and pairs + 1 - k); NAN with fewer than PK_PAIRED_MIN_PAIRS */
    int verdict;    /* 1: persistent faster (hi < 1); 0: standard faster (lo > 1); -1: unresolved */
    /* The model's ratio persistent / standard for the cell (pk_paired_model; NAN until then):
     * calibrated, the cell's two totals simulated from the calibration; and at the check's own
     * state, pass by pass each of the two rows simulated at the launch cost its canary met
     * (pk_hoststate_costs), the median over the passes where both rows have one (NAN in a check
     * made without sweep --canary). Either names persistent the faster when it is below 1. */
    double model_cal, model_state;
    size_t model_pairs; /* the passes model_state was taken over */
} pk_paired;

/* The cells of meas's summary rows where standard's and persistent's measured IQRs (wall_ns_p25
 * to wall_ns_p75) overlap, into out[0..max) (strategy standard), in the table's order. Returns
 * how many there are (those past max are counted, not written). A row without an IQR counts as
 * overlapping none. */
size_t pk_paired_pick(const pk_table *meas, pk_point *out, size_t max);

/* The check's sweep for the measured table at path (a sweep's measured.csv): its first
 * PK_PAIRED_MAX_CELLS picked cells (pk_paired_pick), ncells of them (0: nothing to check; the rest
 * is then empty); the distinct item_ns, batch, grid and block of those cells, each as `pkbench
 * sweep` reads it (pk_grid_axis_format), in axes[PK_GRID_ITEM_NS..PK_GRID_BLOCK]; and filter, a
 * --benchmark_filter regex (pk_paired_filter) that selects of the product of those axes exactly the
 * cells, both strategies of each. filter is "" where no filter is needed (the product is the cells)
 * and where none fits in a sweep's context (more than PK_PAIRED_FILTER_MAX characters, which the
 * host grid never needs: on a GPU, many ties of many batch sizes); swept is how many cells the
 * sweep measures: ncells, or the product's cells when no filter fits. */
#define PK_PAIRED_MAX_CELLS 16
#define PK_PAIRED_FILTER_MAX (PK_CONTEXT_VALUE - 1) /* the sweep records its filter in its context */
typedef struct pk_paired_sweep {
    char axes[PK_GRID_AXES][256];
    char filter[PK_PAIRED_FILTER_MAX + 1];
    size_t ncells, swept;
} pk_paired_sweep;
/* Returns 0, or the read's code with err. */
int pk_paired_sweep_plan(const char *path, pk_paired_sweep *s, char *err, size_t errlen);

/* The regex of cells[0..n) (distinct cells, the first PK_PAIRED_MAX_CELLS taken; their strategy
 * ignored) that Google Benchmark's --benchmark_filter (and pk_grid_filter) matches against the
 * names of a sweep's points ("standard/item_ns:0/batch:4/grid:1/block:0/..."): alternatives
 * "ns:I/batch:B/", each with a group of values "(4|8)" where several cells share the rest,
 * grouped by item or by batch, whichever is shorter, and "grid:G/block:K/" after each when the
 * cells have more than one shape. It selects a point exactly when its cell is one of the cells.
 * Returns 0, or PK_ERANGE when it does not fit in len (buf then ""). */
int pk_paired_filter(const pk_point *cells, size_t n, char *buf, size_t len);

/* Readies OUT/crosscheck/ (into dir) for the check of the sweep in OUT (OUT/measured.csv):
 * removes an earlier check there (measured.csv, measured.csv.gz, of), then plans the check's sweep
 * as pk_paired_sweep_plan. Returns 0, or a code with err (a file that cannot be removed, a
 * measured table that cannot be read). */
int pk_paired_prepare(const char *out, char dir[PK_PATH_MAX], pk_paired_sweep *s, char *err, size_t errlen);
/* Marks OUT/crosscheck/ as the check of OUT's sweep: writes OUT/crosscheck/of, the run_id of
 * OUT/measured.csv (context run_id), which `compare` matches before it uses the check. Returns 0,
 * or a code with err. */
int pk_paired_mark(const char *out, char *err, size_t errlen);
/* Whether the check in dir is that of the measured table meas: dir/of holds meas's run_id.
 * Returns 1, or 0 with why in err ("made for run R, the sweep is run S", "no record of the sweep
 * it checks"). */
int pk_paired_is_of(const char *dir, const pk_table *meas, char *err, size_t errlen);

/* Judges every cell of check (a sweep with replicates of standard and persistent: its pass
 * rows) into *out (malloc'd; *n entries; free() it). A cell with no pair is left out. Returns 0,
 * PK_ENOMEM, or PK_EINVAL with err when check has no pass rows, a standard or persistent pass row
 * whose wall_ns is not a positive number, or no cell with both strategies in one pass. */
int pk_paired_judge(const pk_table *check, pk_paired **out, size_t *n, char *err, size_t errlen);
/* Reads the check at path (crosscheck/measured.csv or .gz) into t, as compare reads it (its
 * totals checked), and judges it (pk_paired_judge). Returns 0, or the reader's code with err
 * naming the file (and its line). */
int pk_paired_read(const char *path, pk_table *t, pk_paired **out, size_t *n, char *err, size_t errlen);

/* The model's ratios of v[0..n) (above) from check (the table v was judged from) and params:
 * the deterministic simulator, as compare's prediction. Returns 0, PK_ENOMEM, PK_ERANGE (more
 * items than compare simulates on the fly; v's model fields are then left NAN) or the model's
 * code, with err. */
int pk_paired_model(const pk_table *check, const pk_params *params, pk_paired *v, size_t n, char *err,
                    size_t errlen);

/* How the model agrees with the check over v[0..n) (pk_paired_model run). */
typedef struct pk_paired_agree {
    size_t resolved;               /* cells the check resolved */
    size_t cal_judged, cal_agree;  /* of those, with a calibrated ratio, and naming the check's winner */
    size_t state_judged, state_agree; /* the same, the model at the check's state */
    /* The mean over the checked cells of 100 |ln(check's ratio / model's)|, in percent: how far the
     * model's ratio lies from the check's; NAN with no cell to judge. */
    double cal_dist, state_dist;
} pk_paired_agree;
void pk_paired_agreement(const pk_paired *v, size_t n, pk_paired_agree *a);
/* Whether some cell of v[0..n) has a model ratio at the check's state (its check had canaries). */
int pk_paired_have_state(const pk_paired *v, size_t n);

/* The check of the cell of key (its strategy ignored) in v[0..n), or NULL. */
const pk_paired *pk_paired_find(const pk_paired *v, size_t n, const pk_point *key);

/* Fills r's crossovers' paired fields from v[0..n): a batch whose check resolved a winner takes
 * it, every other batch keeps its medians' (pk_cmp_cell.best). A crossover none of whose batches
 * was checked gets paired_checked 0 and the measured crossover unchanged. With at_state (r: the
 * model given the sweep's host state, pk_hoststate.pooled) the predicted winner of each batch the
 * check resolved is the model's at the check's own state (model_state; where it has one), so that
 * at every batch the measured and the predicted winner met one state; else the predicted
 * crossover stays r's. Returns 0 or PK_ENOMEM. */
int pk_paired_apply(pk_cmp_result *r, const pk_paired *v, size_t n, int at_state);
/* As pk_cmp_cross_exact, each crossover that a check covered measured as pk_paired_apply left
 * it, the others as their medians left them. */
size_t pk_paired_cross_exact(const pk_cmp_result *r, size_t *judged);

#endif
