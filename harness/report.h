/* The outputs of `pkbench compare` (predicted against measured): the CI gates and their
 * verdicts, report.md, errors.csv (per point), decisions.csv (per cell) and summary.json,
 * written all or none (report_json.c writes summary.json). Library code: it writes files and
 * streams it is given, and prints nothing else. */
#ifndef PK_HARNESS_REPORT_H
#define PK_HARNESS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/compare.h"
#include "harness/hoststate.h"
#include "harness/paired.h"
#include "harness/tidy.h"
#include "sim/params.h"

/* The gates asked for: a limit where has_X is set. */
typedef struct pk_gates {
    double mape, aggregate, regret, seed_regret, overlap_regret; /* percent */
    uint64_t cross;                                              /* grid steps */
    int has_mape, has_aggregate, has_regret, has_seed_regret, has_overlap_regret, has_cross;
} pk_gates;

/* A gate's verdict. A gate that would fail is inconclusive when the measurement cannot be
 * trusted to tell (a noisy machine, a loop that could not be pinned, a failed calibration
 * check: harness/noise.h); only `fail` fails a run. */
typedef enum pk_gate_verdict { PK_GATE_PASS, PK_GATE_FAIL, PK_GATE_INCONCLUSIVE } pk_gate_verdict;
extern const char *const pk_gate_verdict_names[3]; /* "pass", "fail", "inconclusive" */

/* The verdicts of the gates asked for, one line each: the figure, its value and the flag
 * ("MAPE of standard is 7.61%, above --max-mape 5%"). The MAPE gate gives one line per failing
 * strategy, or one line when every strategy passes; every other gate one line. */
typedef struct pk_gate_result {
    char line[PK_STRAT_COUNT + 8][256];
    pk_gate_verdict verdict[PK_STRAT_COUNT + 8];
    int n;                 /* lines */
    int failed;            /* lines with PK_GATE_FAIL */
    int inconclusive;      /* lines with PK_GATE_INCONCLUSIVE */
    char doubt[256];       /* why a gate that would fail is inconclusive; "" when nothing is in doubt */
    int mape_strategy[PK_STRAT_COUNT + 8]; /* 1 + the strategy of a MAPE line that failed; 0 otherwise */
    char state_doubt[320]; /* why a failing MAPE line is inconclusive: the host's state explains it
                              (pk_gates_host_state); "" when none is */
} pk_gate_result;

/* 1 when at least one gate is set. */
int pk_gates_any(const pk_gates *g);
/* Judges every gate that is set against r. doubt (NULL or "" when none): why the measurement
 * cannot be trusted to fail a gate; every gate that would fail is then inconclusive. */
void pk_gates_check(const pk_cmp_result *r, const pk_gates *g, const char *doubt, pk_gate_result *out);
/* With a sweep made with --canary (hs->have) and nothing else in doubt: a MAPE line that fails
 * for a strategy the model given the host's state predicts within --max-mape, on every point of
 * that strategy that r judged (each with a canary), becomes inconclusive, the state's figure
 * appended to its line; state_doubt names those strategies and the canary's range against h. The
 * calibrated model cannot foresee a move of the host's launch cost after calibration; a model
 * that misses in the state the canary measured still fails. hs NULL or without a canary: as is. */
void pk_gates_host_state(const pk_hoststate *hs, const pk_cmp_result *r, const pk_gates *g, pk_gate_result *gr);
/* "pass", "fail" or "inconclusive (DOUBT)" for line i, into buf; returns buf. */
const char *pk_gate_verdict_text(const pk_gate_result *gr, int i, char *buf, size_t len);

/* What the report says about where its inputs came from. */
typedef struct pk_report_inputs {
    const pk_table *meas;      /* the measured table */
    const char *measured_dir;  /* the folder holding measured.csv */
    const char *pred_desc;     /* how the prediction was made, Markdown ("`predicted.csv`") */
    const char *params_path;   /* NULL without parameters */
    const pk_params *params;   /* NULL without parameters */
    const pk_gates *gates;     /* the gates asked for */
    const pk_gate_result *gr;  /* and their verdicts */
    const pk_cmp_pass *passes; /* each pass of a sweep with --replicates judged alone (pk_compare_passes) */
    size_t npasses;            /* 0: one pass, or none given; the report then has no pass section */
    const pk_hoststate *hs;    /* the model given the host's state (sweep --canary); NULL or !have: none */
    const pk_paired *paired;   /* the crossovers' paired check of the tied cells (harness/paired.h; applied) */
    size_t npaired;            /* its cells */
    const char *paired_path;   /* where it was read; NULL: no check */
    size_t paired_tied;        /* cells where the sweep's standard and persistent tie (PK_PAIRED_MAX_CELLS checked) */
    size_t npaired_all;        /* paired[npaired..npaired_all): the check's cells that do not tie in the sweep (its
                                * sweep spans the product of the tied cells' axes), judged against the model alone */
    /* The params context also feeds a "Machine" section: pinning, noise before and after the
     * loop, the calibration's checks (harness/noise.h), when present. */
} pk_report_inputs;

/* report.md: device and inputs, gates, accuracy per strategy (and pass by pass with replicates),
 * where the model misses, crossovers, policy regret. */
void pk_report_write_md(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r);
/* report.md's "Given the host's state": the calibrated model's figures beside the model's in
 * the state the canary measured, pooled and pass by pass (in->hs must have it). */
void pk_report_md_hoststate(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r);
/* A crossover's batch b (at grid index idx of n) as a report cell: the batch, or "never" when
 * idx is n. Returns buf. */
const char *pk_report_fmt_batch(char *buf, size_t len, uint64_t b, size_t idx, size_t n);
/* Row m's canary as a report cell: least / median / most (the median alone from a file without
 * the spread), or "–". */
void pk_report_md_canary_cell(FILE *o, const pk_row *m);
/* report.md's "Policy regret": the oracle total, each policy's loss and regret, and the cells
 * where one loses (or one sentence when no cell has both standard and persistent). */
void pk_report_md_regret(FILE *o, const pk_cmp_result *r);
/* report.md's "Crossovers, paired check" (in->paired_path set; r applied with pk_paired_apply). */
void pk_report_md_paired(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r);
/* errors.csv: one row per measured point with its prediction and errors; with hs (a sweep with
 * --canary), also the prediction given the host's state and its error (empty cells without). */
void pk_report_write_errors(FILE *o, const pk_cmp_result *r, const pk_hoststate *hs);
/* decisions.csv: one row per (item_ns, batch, shape) cell: the measured best of standard and
 * persistent, and each policy's choice and loss against it. */
void pk_report_write_decisions(FILE *o, const pk_cmp_result *r);

/* summary.json: the gates asked for (limit, the figure judged, pass or fail) and the overall
 * verdict, the accuracy overall and per strategy (MAPE...), the crossovers (measured, simulated,
 * each policy's; null for never) and each policy's regret. Returns 0 or PK_EIO. */
int pk_report_write_json(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r);
/* The largest crossover error of the simulator in grid steps, and its item duration. */
size_t pk_report_worst_crossover(const pk_cmp_result *r, uint64_t *item);

/* Writes OUT/errors.csv, OUT/decisions.csv, OUT/summary.json and OUT/report.md, and sim (the
 * simulated prediction, when not NULL) as OUT/predicted.csv, all or none (harness/outfiles.h),
 * and removes in the same unit the files of the other kind of comparison (verdicts.csv,
 * spread.csv) and a simulated predicted.csv of an earlier run that this one does not replace
 * (unless it is pred_path, the prediction read). rd holds OUT's lock (or is NULL). Returns 0,
 * PK_ERANGE (a path too long) or PK_EIO, with a reason naming the file in err. */
struct pk_resultdir;
int pk_report_write_all(struct pk_resultdir *rd, const char *out, const pk_report_inputs *in, const pk_cmp_result *r,
                        const pk_table *sim, const char *pred_path, char *err, size_t errlen);

/* A percentage for people: "4.03%", "0.012%" (two significant digits below 0.1%), "–" when not
 * finite. Returns buf. */
const char *pk_report_pct(char *buf, size_t len, double pct);

#endif
