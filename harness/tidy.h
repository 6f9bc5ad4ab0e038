/* The tidy CSV: one row per (strategy, item_ns, batch, grid, block) point, written by
 * `pkbench sweep` (source=measured) and `pkbench simulate` (source=predicted) with the same
 * columns, read by `pkbench compare` and by gnuplot directly. Lines starting with '#' carry
 * the schema version, a partial-run marker and the machine context. Missing values are empty. */
#ifndef PK_HARNESS_TIDY_H
#define PK_HARNESS_TIDY_H

#include <stddef.h>
#include <stdint.h>

#include "common/backend.h"
#include "common/context.h"

#define PK_TIDY_SCHEMA_VERSION 1

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
} pk_row;

typedef struct pk_table {
    pk_row *rows;
    size_t n, cap;
    int partial; /* 1 when the run that wrote it was interrupted or failed part way */
    pk_context context;
} pk_table;

/* A row with every double NAN and every count 0. */
void pk_row_init(pk_row *r);
int pk_table_push(pk_table *t, const pk_row *r);
void pk_table_free(pk_table *t);
/* The row with this key, or NULL. */
const pk_row *pk_table_find(const pk_table *t, const pk_point *key);
/* Sets every row's savings_ns against the standard row of the same key. */
void pk_table_fill_savings(pk_table *t);

/* Writes the table (temp file + rename). Returns 0 or PK_EIO with a reason in err. */
int pk_table_write_csv(const char *path, const pk_table *t, char *err, size_t errlen);
/* Reads a tidy CSV strictly: unknown strategies, non-numeric cells, missing key columns and
 * ragged rows are errors naming "path:line". Returns 0, PK_EIO or PK_EPARSE. */
int pk_table_read_csv(const char *path, pk_table *t, char *err, size_t errlen);

#endif
