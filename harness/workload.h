/* The workload file of `pkbench simulate --workload`: a kernel sequence to replay, as CSV with a
 * header naming a duration_ns column (each kernel's duration, ns) and optionally a host_gap_ns
 * column (host work before its launch, ns; empty = 0); other columns are ignored, '#' lines
 * and empty lines skipped, cells trimmed. Values are finite, in [0, 1e12]. */
#ifndef PK_HARNESS_WORKLOAD_H
#define PK_HARNESS_WORKLOAD_H

#include <stddef.h>

/* The most kernels a workload may hold, and the largest duration or gap (as --item-ns). */
#define PK_WORKLOAD_MAX 100000000u
#define PK_WORKLOAD_MAX_NS 1e12

typedef struct pk_workload {
    double *d, *w; /* n durations and host gaps (0 without the column) */
    size_t n, cap;
    int has_gap;   /* 1 when the file has a host_gap_ns column */
} pk_workload;

/* Reads path strictly: a missing duration_ns column, a ragged row, a cell that is not a number
 * in range, or no kernel row is an error naming "PATH:LINE". Returns 0, PK_EIO ("cannot read
 * 'PATH': ..."), PK_EPARSE, PK_ERANGE or PK_ENOMEM, with the reason in err; wl holds nothing then. */
int pk_workload_load(const char *path, pk_workload *wl, char *err, size_t errlen);
void pk_workload_free(pk_workload *wl);
/* The mean duration of the kernels (0 for none). */
double pk_workload_mean_duration(const pk_workload *wl);

#endif
