/* Profiler traces turned into replayable workloads: the records that a trace reader collects
 * (GPU operations, host API calls, step markers), the format-independent step that joins them
 * into one row per GPU operation in launch order, and the workload file written from it. The
 * readers live in trace_chrome.c (PyTorch profiler Chrome traces) and trace_nsys.c (Nsight
 * Systems SQLite exports), the join in trace_replay.c; the workload file's format is
 * harness/workload.h's (results/SCHEMA.md). */
#ifndef PK_HARNESS_TRACE_H
#define PK_HARNESS_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/workload.h"

#define PK_TRACE_NAME_MAX 160 /* longest kernel name kept (names are truncated, not rejected) */

/* One operation that ran on the device. Times are nanoseconds on the trace's own clock. */
typedef struct pk_trace_op {
    int64_t start_ns, end_ns;
    uint64_t process;     /* with correlation, the key of the launch call (0 when the format has one process) */
    uint64_t correlation; /* the launch call's correlation id */
    int64_t stream;
    uint32_t grid[3], block[3]; /* 0 when unknown (memcpy, memset) */
    uint32_t name;              /* index into pk_trace.names */
    uint8_t kind;               /* pk_workload_kind */
    uint64_t source;            /* where the reader found it, for messages (pk_trace_where) */
} pk_trace_op;

/* One host API call (launch, synchronisation or other); only launches and syncs matter. */
typedef struct pk_trace_call {
    int64_t start_ns, end_ns;
    uint64_t process, correlation;
    uint8_t is_sync; /* a call that waits for the device (cuda*Synchronize, cu*Synchronize) */
    uint64_t source; /* where the reader found it, for messages (pk_trace_where) */
} pk_trace_call;

/* One step marker (profiler step, NVTX range) on the host clock. */
typedef struct pk_trace_step {
    int64_t start_ns, end_ns;
    int64_t number; /* the N of ProfilerStep#N, or the marker's position */
} pk_trace_step;

/* What a reader collected. Arrays grow with the number of GPU operations and API calls in the
 * trace, never with its size in bytes. */
typedef struct pk_trace {
    pk_trace_op *ops;
    size_t nops, capops;
    pk_trace_call *calls;
    size_t ncalls, capcalls;
    pk_trace_step *steps;
    size_t nsteps, capsteps;
    char **names; /* interned kernel names, each at most PK_TRACE_NAME_MAX bytes */
    size_t nnames, capnames;
    uint32_t *name_hash; /* open-addressing table of indexes + 1 into names */
    size_t hash_cap;
    char format[32];           /* "pytorch-chrome-trace" or "nsys-sqlite" */
    char format_version[64];   /* the file's own schema version, when it names one */
    char device[128];          /* device name, when the trace names one */
    char step_marker[64];      /* the marker prefix the steps were found by */
    uint64_t events;           /* events (rows) read */
    uint64_t unknown_events;   /* skipped events of an unknown kind (only with allow_unknown) */
} pk_trace;

/* Reader options. */
typedef struct pk_trace_opts {
    const char *step_marker; /* name prefix of step markers; NULL = "ProfilerStep#" */
    int allow_unknown;       /* skip events of unknown kinds (counted) instead of failing */
} pk_trace_opts;

/* Trace file formats. */
typedef enum pk_trace_format { PK_TRACE_AUTO = 0, PK_TRACE_CHROME, PK_TRACE_NSYS } pk_trace_format;

/* A trace made replayable: the rows of the workload file and its steps. */
typedef struct pk_trace_replay {
    pk_workload_op *rows;
    size_t n;
    pk_workload_step *steps;
    size_t nsteps;
    const char *step_source;        /* "marker", "sync" or "none" (results/SCHEMA.md) */
    int64_t origin_ns;              /* the rows' and steps' time origin on the trace's clock */
    uint64_t count[PK_WORKLOAD_KIND_COUNT];
    uint64_t dropped_no_launch;     /* ops whose launch call is not in the trace */
    uint64_t dropped_outside_steps; /* ops launched outside every step marker */
} pk_trace_replay;

void pk_trace_init(pk_trace *t);
void pk_trace_free(pk_trace *t);
/* Appends a record; returns 0 or PK_ENOMEM. */
int pk_trace_add_op(pk_trace *t, const pk_trace_op *op);
int pk_trace_add_call(pk_trace *t, const pk_trace_call *call);
int pk_trace_add_step(pk_trace *t, const pk_trace_step *step);
/* Interns a kernel name (truncated to PK_TRACE_NAME_MAX bytes); returns 0 or PK_ENOMEM. */
int pk_trace_intern(pk_trace *t, const char *name, size_t len, uint32_t *index);

/* The Nsight Systems tables of each kind of operation (CUPTI_ACTIVITY_KIND_KERNEL, ...). */
extern const char *const pk_trace_nsys_tables[PK_WORKLOAD_KIND_COUNT];
/* Names an op or a call (the other NULL) in a message as its reader would, from its source: the
 * event's index in a Chrome trace ("traceEvents[12] ('gemm')"), or its row (from 1) in its table
 * of an Nsight Systems export ("CUPTI_ACTIVITY_KIND_RUNTIME row 3"). */
void pk_trace_where(const pk_trace *t, const pk_trace_op *op, const pk_trace_call *call, char *buf, size_t cap);

/* Reads a PyTorch profiler Chrome trace (JSON, or gzip-compressed JSON) in one streaming pass.
 * On failure returns PK_EIO, PK_EPARSE or PK_ENOMEM with a one-line reason naming the file. */
int pk_trace_read_chrome(const char *path, const pk_trace_opts *o, pk_trace *t, char *err, size_t errlen);
/* Reads an Nsight Systems SQLite export (nsys export --type sqlite). */
int pk_trace_read_nsys(const char *path, const pk_trace_opts *o, pk_trace *t, char *err, size_t errlen);
/* Picks the reader from the file's first bytes (SQLite header, gzip magic, or JSON) unless
 * format says which, and reads. PK_EUNSUPPORTED when this build lacks the reader. */
int pk_trace_read(const char *path, pk_trace_format format, const pk_trace_opts *o, pk_trace *t, char *err,
                  size_t errlen);

/* Joins a trace's records into a workload: ops matched to their launch calls by (process,
 * correlation), ordered by launch call start (then device start), assigned to steps, with the
 * host gap and launch duration of each. Fails with PK_EPARSE when nothing is left to replay,
 * and when the workload would not be one its reader takes (more than PK_WORKLOAD_MAX rows; a
 * duration, launch call or host gap beyond PK_WORKLOAD_MAX_NS) or a grid or block's product does
 * not fit in 64 bits, naming the op or call (pk_trace_where). */
int pk_trace_replay_build(const pk_trace *t, pk_trace_replay *w, char *err, size_t errlen);
void pk_trace_replay_free(pk_trace_replay *w);
/* Writes the workload file (pk_workload_write); source_name is the trace's file name as the
 * header records it. Returns 0 or PK_EIO with the reason in err. */
int pk_trace_replay_write(const char *path, const pk_trace *t, const pk_trace_replay *w, const char *source_name,
                          char *err, size_t errlen);

/* The largest magnitude a trace's time or duration may have, in ns: 2^61 - 1 (about 73 years),
 * so that a sum or difference of three fits in an int64 (the replay takes a time less the sum of
 * two: end_ns - origin, where end_ns = ts + dur) and a time since the Unix epoch (as older
 * PyTorch profilers wrote "ts", about 1.77e18 ns in 2026) is taken until 2043. The readers
 * refuse larger ones. */
#define PK_TRACE_NS_MAX (((int64_t)1 << 61) - 1)

/* Parses a decimal number of microseconds ("12.345", "1e3", "-2") into whole nanoseconds,
 * rounded to nearest; exact for up to 19 significant digits. Returns 0 or PK_ERANGE/PK_EPARSE. */
int pk_trace_us_to_ns(const char *text, size_t len, int64_t *ns);
/* The same for a trace's number: with us, a time in microseconds into ns (its magnitude at most
 * PK_TRACE_NS_MAX, else PK_ERANGE); without, an integer (an id, a dimension) through the same
 * exact reader (a fraction is PK_EPARSE). */
int pk_trace_number(const char *s, size_t len, int64_t *out, int us);

#endif
