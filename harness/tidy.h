/* The tidy CSV: one row per (strategy, item_ns, batch, grid, block) point, written by
 * `pkbench sweep` (source=measured) and `pkbench simulate` (source=predicted) with the same
 * columns, read by `pkbench compare` and by gnuplot directly. Lines starting with '#' carry
 * the schema version, a partial-run marker and the machine context. Missing values are empty.
 * Schema 2 adds the replicates of `sweep --replicates K`: a point's summary row (replicate 0)
 * comes first, then one row per pass (replicate 1..K) with that pass's own figures; files of
 * schema 1 (no replicate column) hold summary rows only. */
#ifndef PK_HARNESS_TIDY_H
#define PK_HARNESS_TIDY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/backend.h"
#include "common/context.h"

#define PK_TIDY_SCHEMA_VERSION 2

/* What a reader accepts (results/SCHEMA.md): rows, batch sizes, item durations, shapes. A
 * sweep's or a simulation's grid never exceeds them. */
#define PK_TIDY_MAX_ROWS 1000000
#define PK_TIDY_MAX_BATCH 4294967295u
#define PK_TIDY_MAX_ITEM_NS 1e12
#define PK_TIDY_MAX_SHAPE (1u << 20)
#define PK_TIDY_MAX_FIGURE 1e18 /* any figure, ns: 31 years, no measurement; past what a plot holds */

typedef struct pk_row {
    char backend[32];
    char device[160];
    char source[16]; /* "measured" or "predicted" */
    pk_point key;        /* strategy, item_ns, batch, grid, block: one row per key */
    uint64_t reps;       /* repetitions (measured) or stochastic draws (predicted; 1 if deterministic) */
    double wall_ns;      /* median total: the primary figure */
    double wall_ns_p10, wall_ns_p25, wall_ns_p75, wall_ns_p90, wall_ns_min, wall_ns_max;
    double wall_ns_cv;   /* coefficient of variation of the total */
    double host_ns;      /* host time inside launch/enqueue calls (median) */
    double device_ns;    /* device time from events (median) */
    double achieved_item_ns;
    double setup_ns;     /* persistent setup, or graph capture + instantiate */
    double teardown_ns;
    double sm_clock_mhz; /* median SM clock */
    uint64_t throttled_reps;
    double savings_ns;   /* standard's wall_ns minus this row's, same key; NAN when no standard row */
    double cpu_ns;       /* median process CPU time of one repetition (host and backend threads) */
    unsigned replicate;  /* 0: the point's summary row; k >= 1: its figures from pass k alone */
    double started_s;    /* pass rows: seconds from the sweep's start to this pass of the point */
    double canary_host_ns; /* host time per launch call of the canary beside the point (sweep --canary) */
    double canary_host_ns_min, canary_host_ns_max; /* the least and the most of the canary's runs */
    double canary_push_ns; /* a resident point's push canary: the median total of a resident batch of 3 empty
                            * items beside it (sweep --canary; harness/sweep_canary.h) */
} pk_row;

typedef struct pk_table {
    pk_row *rows; /* summary rows (replicate 0), one per key */
    size_t n, cap;
    pk_row *pass; /* pass rows (replicate >= 1), in the order measured; none in schema 1 */
    size_t npass, pass_cap;
    int partial; /* 1 when the run that wrote it was interrupted or failed part way */
    pk_context context;
} pk_table;

/* A row with every double NAN and every count 0. */
void pk_row_init(pk_row *r);
/* Multiplies the row's wall_ns and its quantiles, min and max by f. */
void pk_row_scale_wall(pk_row *r, double f);
int pk_table_push(pk_table *t, const pk_row *r);
void pk_table_free(pk_table *t);
/* Appends a pass row (r->replicate >= 1). Returns 0 or PK_ENOMEM. */
int pk_table_push_pass(pk_table *t, const pk_row *r);
/* The summary row with this key, or NULL. */
const pk_row *pk_table_find(const pk_table *t, const pk_point *key);
/* The pass row of this key and replicate (>= 1), or NULL. */
const pk_row *pk_table_find_pass(const pk_table *t, const pk_point *key, unsigned replicate);
/* The highest replicate of any pass row: 0 when the table has none. */
unsigned pk_table_replicates(const pk_table *t);
/* Sets every row's savings_ns against the standard row of the same key (pass rows: of the same
 * key and pass). */
void pk_table_fill_savings(pk_table *t);

/* Writes the table to fp (the caller checks ferror and commits). */
void pk_table_write_fp(FILE *fp, const pk_table *t);
/* Writes the table (temp file + rename). Returns 0 or PK_EIO with a reason in err. */
int pk_table_write_csv(const char *path, const pk_table *t, char *err, size_t errlen);
/* Reads a tidy CSV strictly, naming "path:line" for: a schema version other than 1 or 2, a
 * header naming a column twice or lacking a key column, a ragged row, an unknown strategy, a
 * cell that is not a plain decimal (hex, inf and nan are not), a key out of range (batch 0),
 * a negative time, count or CV (savings_ns may be negative), quantiles out of order, more
 * than PK_TIDY_MAX_ROWS rows, two rows of one key and replicate, and a pass row whose point
 * has no summary row. A path that is not a regular file is refused at once. Columns it does
 * not know are ignored. A gzipped file is read inflated, and path.gz is read when path does
 * not exist (common/gzin.h); messages then name path.gz. Returns 0, PK_EIO, PK_EPARSE or
 * PK_ERANGE. */
int pk_table_read_csv(const char *path, pk_table *t, char *err, size_t errlen);
/* The reader's checks of one row's figures, for a writer to run before it writes what the reader
 * would refuse: a key out of range, a negative time, count or CV, a figure beyond 1e18,
 * quantiles out of order (min <= p10 <= p25 <= median <= p75 <= p90 <= max, among those given),
 * a canary not above 0 and in order, a total not above 0 (0 allowed on a predicted row), more
 * throttled repetitions than repetitions. Returns 0, or PK_ERANGE with why (no place) in err. */
int pk_tidy_check_row(const pk_row *r, char *err, size_t errlen);
/* pk_table_read_csv for a reader that takes the file in one role: every row's source must be
 * source ("measured" or "predicted": a simulation is no measurement, nor a measurement a
 * prediction) and every row's backend the first row's (one backend's parameters and label stand
 * for the table); PK_EPARSE naming "path:line" otherwise. Rows of several devices pass: `pkbench
 * merge --allow-mismatch` joins sweeps of several on purpose. */
int pk_table_read_csv_as(const char *path, const char *source, pk_table *t, char *err, size_t errlen);

#endif
