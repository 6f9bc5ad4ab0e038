/* The timeline CSV: the simulator's host and device activity for one batch, one interval per
 * row, written by `pkbench simulate --timeline` and by `pkbench plot` (simulated from the
 * parameters) and read by `pkbench plot`:
 *
 *   strategy,actor,what,item,start_ns,end_ns
 *   standard,host,launch,0,0,3102
 *
 * strategy names the batch's strategy; actor and what are the simulator's (sim/model.h: "host",
 * "device", "persistent", "graph"; "launch", "kernel", "item", "sync"...); item is the item the
 * interval belongs to, empty when none; start_ns <= end_ns, ns from the batch's start. This
 * header and this column order exactly; '#' lines and empty lines are ignored. */
#ifndef PK_HARNESS_TIMELINE_H
#define PK_HARNESS_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/strategy.h"
#include "sim/model.h"

#define PK_TIMELINE_HEADER "strategy,actor,what,item,start_ns,end_ns"
/* The most items a timeline is simulated for (`simulate --timeline`: about 100 bytes per
 * interval and a few intervals per item, so at most some tens of MB), and the most intervals
 * a timeline file may hold. */
#define PK_TIMELINE_MAX_ITEMS 100000
#define PK_TIMELINE_MAX_ROWS 1000000
/* The largest |start_ns| or |end_ns| a timeline may hold, 10^18 ns (about 32 years): the reader
 * refuses a row past it, and the writer a run that would write one (PK_ERANGE), so that the one
 * reads what the other writes. A timeline of PK_TIMELINE_MAX_ITEMS items of at most 10^12 ns
 * each, with host gaps and launch calls as long, stays below 10^18 ns. */
#define PK_TIMELINE_MAX_NS 1e18
#define PK_TIMELINE_MAX_TEXT "1e18" /* the same, as messages say it */
/* Why a writer refused a run (PK_ERANGE from the emitters below). */
#define PK_TIMELINE_BEYOND "a time past " PK_TIMELINE_MAX_TEXT " ns, which a timeline may not hold"

/* Runs the model once per strategy s[0..ns) on items (draw 0 in stochastic mode) and writes the
 * header and every interval to fp. Returns 0 or the model's PK_E* code. */
int pk_timeline_emit(FILE *fp, pk_model *m, const pk_costs *c, const pk_strategy *s, size_t ns,
                     const pk_items *items);
/* The same into path (temporary file, renamed when whole). Returns 0, PK_EIO with the file
 * named in err, or the model's code. */
int pk_timeline_write(const char *path, pk_model *m, const pk_costs *c, const pk_strategy *s, size_t ns,
                      const pk_items *items, char *err, size_t errlen);

/* The timeline of one strategy run as a sequence of batches (a workload's, see
 * harness/workload_predict.h), written like pk_timeline_emit's: each batch starts when the
 * previous one ended, items are numbered on across batches, and after_ns of host work follows
 * the last one. */
int pk_timeline_emit_runs(FILE *fp, pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *runs,
                          size_t nruns, double after_ns);

typedef struct pk_timeline_row {
    pk_strategy strategy;
    char actor[32], what[32];
    int64_t item; /* -1: none */
    double start_ns, end_ns;
} pk_timeline_row;

typedef struct pk_timeline {
    pk_timeline_row *rows;
    size_t n, cap;
} pk_timeline;

/* Reads a timeline CSV (or, where path does not exist, path.gz) strictly: another header, a row
 * without six fields, an unknown strategy, an item that is not a count, an interval that is not
 * plain decimals or ends before it starts, or more than PK_TIMELINE_MAX_ROWS intervals is an
 * error naming "PATH:LINE"; so is a file without intervals. Returns 0, PK_EIO, PK_EPARSE,
 * PK_ERANGE or PK_ENOMEM. */
int pk_timeline_read(const char *path, pk_timeline *t, char *err, size_t errlen);
void pk_timeline_free(pk_timeline *t);

#endif
