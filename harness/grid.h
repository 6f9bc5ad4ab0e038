/* The grid of a sweep: its axes (strategies, item_ns, batch, grid, block), the points they
 * span, and its record in a results folder's context (the sweep_* keys), from which
 * `pkbench merge` tells which points a set of shards must hold between them. */
#ifndef PK_HARNESS_GRID_H
#define PK_HARNESS_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "common/backend.h"
#include "common/context.h"

#define PK_GRID_MAX_AXIS 4096 /* values per axis, as `pkbench sweep` accepts */

enum { PK_GRID_ITEM_NS, PK_GRID_BATCH, PK_GRID_GRID, PK_GRID_BLOCK, PK_GRID_AXES };

typedef struct pk_grid {
    int strategies[PK_STRAT_COUNT]; /* in measuring order */
    size_t ns;
    const uint64_t *vals[PK_GRID_AXES]; /* each ascending, without repeats */
    size_t n[PK_GRID_AXES];
    uint64_t *owned; /* the storage of vals when read from a context (pk_grid_free) */
} pk_grid;

/* The context keys that record a grid: sweep_strategy, sweep_item_ns, sweep_batch, sweep_grid,
 * sweep_block. */
extern const char *const pk_grid_keys[PK_GRID_AXES + 1];
/* 1 when key is one of pk_grid_keys. */
int pk_grid_is_key(const char *key);

/* Writes an ascending list without repeats as the shortest text this greedy finds that
 * `pkbench sweep` reads back to the same values: runs of three or more become lo:hi:+step or
 * lo:hi:*factor ("1:16384:*2"), other values stand alone ("0,1000,5000:50000:+15000").
 * Returns 0, or PK_ERANGE when the text does not fit in len. */
int pk_grid_axis_format(const uint64_t *v, size_t n, char *buf, size_t len);

/* Records g in ctx (the keys above). Returns 0, or PK_ERANGE with the axis named in err
 * ("--batch: ...") when an axis does not fit in a context value. */
int pk_grid_record(const pk_grid *g, pk_context *ctx, char *err, size_t errlen);
/* Reads the grid recorded in ctx. Returns 0; PK_EINVAL when ctx records no grid (no sweep_*
 * key); PK_EPARSE when a key is missing or malformed (named in err); PK_ENOMEM. */
int pk_grid_from_context(const pk_context *ctx, pk_grid *g, char *err, size_t errlen);
void pk_grid_free(pk_grid *g);

/* The grid's points in measuring order (pk_sweep_points), malloc'd; NULL when empty or out of
 * memory. */
pk_point *pk_grid_points(const pk_grid *g, size_t *n);

/* Keeps, in place and in order, the points whose benchmark name (with Google Benchmark's
 * "/iterations:1/manual_time" suffix) a --benchmark_filter regex selects (POSIX extended, as
 * Google Benchmark's; a leading '-' negates; NULL, "" and "all" keep every point). Returns 0
 * with *n updated, or PK_EINVAL when the regex does not compile. */
int pk_grid_filter(const char *filter, pk_point *pts, size_t *n);
/* The same for a filter read back from a folder's context, whose commas the tidy CSV wrote as
 * ';' (read as ',' again); PK_ENOMEM too. */
int pk_grid_filter_stored(const char *stored, pk_point *pts, size_t *n);
/* How many of pts[0..n) pk_grid_filter would keep, or -1 when the regex does not compile (why:
 * regerror's text). */
long pk_grid_filter_count(const char *filter, const pk_point *pts, size_t n, char *why, size_t whylen);

/* The j-th point of a reversed pass (`sweep --abba`) over pts[0..np) in measuring order: j's run
 * of consecutive points of one cell (item_ns, batch, grid, block; its strategies) read
 * backwards. */
size_t pk_grid_abba_index(const pk_point *pts, size_t np, size_t j);

#endif
