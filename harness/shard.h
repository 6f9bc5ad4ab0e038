/* Splitting a sweep into shards (`pkbench sweep --shard i/N`): every point gets an expected
 * cost from the cost model, the points of one key (item_ns, batch, grid, block: every strategy
 * of it, so that savings_ns always compares rows measured in one process, close in time) stay
 * together as one cell, and the cells go to the N shards by longest-processing-time-first
 * (costliest cell to the least loaded shard). The split is a pure function of the grid, the
 * stopping rule and the backend's kind, so N processes given the same flags cover the grid
 * exactly once; its fingerprint (shard_plan) lets `pkbench merge` check that they agreed. */
#ifndef PK_HARNESS_SHARD_H
#define PK_HARNESS_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "common/backend.h"
#include "harness/grid.h"
#include "harness/sweep.h"
#include "sim/analytic.h"

#define PK_SHARD_MAX 100000

typedef struct pk_shard {
    unsigned index, count; /* shard index of count; count 0: not sharded */
} pk_shard;

/* Parses "I/N" (0 <= I < N <= PK_SHARD_MAX). Returns 0, or PK_EINVAL with "--shard: ..." in
 * err. */
int pk_shard_parse(const char *text, pk_shard *s, char *err, size_t errlen);

/* What the split assumes a point costs to measure. */
typedef struct pk_shard_model {
    pk_costs costs;           /* the cost model's parameters (only their ratios matter) */
    double rep_overhead_ns;   /* per repetition, beyond its wall time (harness, backend) */
    double point_overhead_ns; /* per point (Google Benchmark, the row) */
    int noise_stops;          /* 1: the noise rule is expected to stop a point at min_reps (a quiet
                                 GPU); 0: points run to the time cap or max_reps (a CPU analogue on a
                                 shared machine rarely meets the noise target) */
} pk_shard_model;

/* The model for a backend of this kind: round figures of the committed H100 calibration
 * (results/h100-sxm), 2 us a repetition, the noise rule stopping early, for GPU backends; of the
 * host calibration (results/host), 50 us a repetition (waking the worker thread), points
 * running to their caps, for a CPU analogue; 0.2 ms a point for both. */
void pk_shard_default_model(int cpu_analogue, pk_shard_model *m);

/* The expected time to measure pt, in ns: (warm-up + r) repetitions of the pipelined model's
 * wall time (plus graph capture and instantiate, which every repetition pays) and the
 * overheads, where r is what the stopping rule is expected to allow: min_reps (2 at the least)
 * when the noise rule stops early, else max_reps; fewer when the time cap comes first (but at least
 * PK_SWEEP_TIME_FLOOR_REPS, or min_reps when smaller), never more than max_reps. */
double pk_shard_point_cost_ns(const pk_shard_model *m, const pk_point *pt, const pk_sweep_opts *o);

typedef struct pk_shard_plan {
    unsigned count;
    unsigned *of;       /* of[k]: the shard of point k */
    uint64_t *load_ns;  /* load_ns[s]: the expected cost of shard s */
    size_t *npoints;    /* npoints[s]: its points */
    size_t ncells;      /* keys (points without their strategy) */
    uint64_t max_cell_ns; /* the costliest cell: no split can beat it */
    uint64_t max_load_ns; /* the costliest shard */
    uint64_t total_ns;
    uint64_t hash;      /* FNV-1a of count and of[]: equal plans, equal hashes */
} pk_shard_plan;

/* Splits pts[0..n) with their costs (ns) into count shards. Returns 0; PK_EINVAL when count
 * exceeds the cells (err says how many there are); PK_ENOMEM. */
int pk_shard_plan_make(const pk_point *pts, const double *cost_ns, size_t n, unsigned count, pk_shard_plan *p,
                       char *err, size_t errlen);
void pk_shard_plan_free(pk_shard_plan *p);

/* The points of shard index, in their order in pts (malloc'd; NULL when out of memory). */
pk_point *pk_shard_select(const pk_point *pts, size_t n, const pk_shard_plan *p, unsigned index, size_t *out_n);

/* Plans the split of pts for shard s as a sweep with options o on a backend of this kind would,
 * and replaces *pts / *n with the shard's points (the whole grid's array is freed). Returns 0 or
 * a PK_E* code with the reason in err; on success plan holds the split (pk_shard_plan_free). */
int pk_shard_apply(const pk_shard *s, int cpu_analogue, const pk_sweep_opts *o, pk_point **pts, size_t *n,
                   pk_shard_plan *plan, char *err, size_t errlen);

/* What `pkbench sweep` does with its points (the grid g's, in measuring order) before measuring:
 * with s->count > 0, keeps those the --benchmark_filter selects and, of them, shard s's
 * (pk_shard_apply, for a backend of this kind); then checks that g, the filter and the shard
 * fit in a context (pk_shard_record). *grid_points: the points the shards share (all of g's
 * when not sharded). Returns 0, or PK_EINVAL (a filter that selects nothing or does not
 * compile, more shards than cells, an axis or filter too long to record) or PK_ENOMEM with the
 * reason in err; plan is filled when sharded (pk_shard_plan_free). */
int pk_shard_sweep_points(const pk_grid *g, const char *filter, const pk_shard *s, int cpu_analogue,
                          const pk_sweep_opts *o, pk_point **pts, size_t *n, size_t *grid_points,
                          pk_shard_plan *plan, char *err, size_t errlen);

/* Records a sweep in its context: the grid (pk_grid_record), the --benchmark_filter
 * (benchmark_filter) and, when sharded (s->count > 0), the shard: shard ("I/N"), shard_plan
 * (16 hex digits), grid_points, shard_expected_s and grid_expected_s. Returns 0, or PK_ERANGE
 * with the reason in err. */
int pk_shard_record(pk_context *ctx, const pk_grid *g, const char *filter, const pk_shard *s,
                    const pk_shard_plan *plan, size_t grid_points, char *err, size_t errlen);

#endif
