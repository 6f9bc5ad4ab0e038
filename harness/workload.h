/* The workload file: a GPU operation sequence to replay, as CSV (results/SCHEMA.md, "The
 * workload CSV"). `pkbench trace import` writes it, `pkbench simulate --workload` reads it; this
 * module is the one home of the format: its records, the writer (schema 2) and the strict
 * reader. The reader takes schema 2 and the minimal hand-written form alike: a header naming a
 * duration_ns column and optionally host_gap_ns, launch_ns, sync_before and step (other columns
 * ignored), '#' lines and empty lines skipped, cells trimmed; schema 2's "# step" lines give the
 * steps. Values are finite, in [0, 1e12]. */
#ifndef PK_HARNESS_WORKLOAD_H
#define PK_HARNESS_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define PK_WORKLOAD_SCHEMA_VERSION 2
/* The most operations a workload may hold, and the largest duration or gap (as --item-ns). */
#define PK_WORKLOAD_MAX 100000000u
#define PK_WORKLOAD_MAX_NS 1e12
/* The most steps without a row that a step column may imply (without "# step" lines, the step
 * numbers it skips), or the rows so far where they are more: the steps are held one by one, so
 * a far jump would cost memory and time in proportion to the step number, not to the file. */
#define PK_WORKLOAD_MAX_EMPTY_STEPS 1000000u

typedef enum pk_workload_kind {
    PK_WORKLOAD_KERNEL = 0,
    PK_WORKLOAD_MEMCPY,
    PK_WORKLOAD_MEMSET,
    PK_WORKLOAD_KIND_COUNT
} pk_workload_kind;
/* "kernel", "memcpy", "memset": the kind column's spelling. */
extern const char *const pk_workload_kind_names[PK_WORKLOAD_KIND_COUNT];

/* One row: a GPU operation, in launch order. Times in ns; *_ts_ns and start_ns from the origin. */
typedef struct pk_workload_op {
    int64_t duration_ns;  /* device duration */
    int64_t host_gap_ns;  /* host time between the previous launch call (or the step's start) and this
                             launch call, less the time inside synchronisation calls; 0 for the 2nd..
                             op of one call */
    int64_t launch_ns;    /* the launch call's own duration (0 for the 2nd.. op of one call) */
    int64_t launch_ts_ns; /* launch call start */
    int64_t start_ns;     /* device start */
    int64_t stream;
    uint64_t launch; /* index of the launch call; ops of one call (a graph launch) share it */
    uint32_t step;   /* index of the step, 0-based */
    uint32_t grid[3], block[3];
    uint32_t name; /* index into the writer's names */
    uint8_t kind;  /* pk_workload_kind */
    uint8_t sync_before; /* a synchronisation call lies between the previous launch call and this one */
} pk_workload_op;

/* One step (a "# step" line). */
typedef struct pk_workload_step {
    int64_t number;   /* ProfilerStep#N's N, or the index */
    int64_t start_ns; /* from the origin */
    int64_t span_ns;  /* the step's duration: what an as-traced replay of it predicts; -1 unknown */
    int64_t sync_ns;  /* time inside synchronisation calls that start in the step */
    int64_t tail_ns;  /* host time after the step's last launch call, less synchronisation time */
    uint64_t ops, launches;
} pk_workload_step;

/* The header lines of a written file. Strings may be NULL or "" (left out) unless noted. */
typedef struct pk_workload_meta {
    const char *source_format;         /* required: "pytorch-chrome-trace", "nsys-sqlite" */
    const char *source_format_version;
    const char *source_file;           /* required: the trace's file name */
    const char *device;
    const char *step_source;           /* required: "marker", "sync" or "none" */
    const char *step_marker;           /* written with step_source "marker" */
    uint64_t count[PK_WORKLOAD_KIND_COUNT];
    uint64_t dropped_no_launch, dropped_outside_steps, unknown_events;
} pk_workload_meta;

/* Writes a schema-2 workload file atomically (temporary file + rename): the header, one line
 * per step, one row per op (names[op.name] its name, "" when out of range; commas, quotes and
 * control characters replaced). Returns 0 or PK_EIO with the reason in err. */
int pk_workload_write(const char *path, const pk_workload_meta *meta, const pk_workload_op *ops, size_t n,
                      const pk_workload_step *steps, size_t nsteps, const char *const *names, size_t nnames,
                      char *err, size_t errlen);

/* A workload as the replay needs it: per row (launch order) the duration, host gap, launch call
 * duration, a synchronisation before it and the step; and the steps. */
typedef struct pk_workload {
    double *d, *w, *h; /* n durations, host gaps (0 without the column), launch calls (0 without) */
    uint8_t *sync;     /* 1: a synchronisation before the row (0 without the column) */
    uint32_t *step;    /* the row's step (0 without the column); never decreasing */
    size_t n, cap;
    int has_gap, has_launch, has_sync;
    pk_workload_step *steps; /* nsteps >= 1; without "# step" lines: ops and launches counted,
                                span_ns -1, the rest 0 */
    size_t nsteps;
} pk_workload;

/* Reads path strictly: a missing duration_ns column, a ragged row, a cell that is not a number
 * in range (sync_before 0 or 1, step an integer below the step count and never decreasing;
 * without step lines, one that leaves at most PK_WORKLOAD_MAX_EMPTY_STEPS steps, or the rows so
 * far where they are more, without a row),
 * a malformed "# step" line, a step count that disagrees with the step lines, or no row is an
 * error naming "PATH:LINE". Returns 0, PK_EIO ("cannot read 'PATH': ..."), PK_EPARSE,
 * PK_ERANGE or PK_ENOMEM, with the reason in err; wl holds nothing then. */
int pk_workload_load(const char *path, pk_workload *wl, char *err, size_t errlen);
void pk_workload_free(pk_workload *wl);
/* Whether the reader takes v as a duration_ns, host_gap_ns or launch_ns: finite, in [0,
 * PK_WORKLOAD_MAX_NS]. A writer checks its values with it (trace import). */
int pk_workload_ns_ok(double v);

#endif
