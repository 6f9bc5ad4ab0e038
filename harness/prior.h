/* The run-to-run spread of each point, as one comparison measured it (OUT/spread.csv of
 * `pkbench compare --baseline ... --candidate ...`), and a prior for it fitted from the spreads of
 * several histories of the same machine and sweep (`compare --fit-prior`, read by `--prior`).
 *
 * The fit is empirical Bayes in the manner of limma (Smyth 2004): a history's pooled variance s^2
 * of a point (df nu) is taken as s0^2 F(nu, d0), where s0 is the point's typical run-to-run sd and
 * d0 says how much the true spread moves from one history (session) to the next. Per point,
 * e = ln s^2 - psi(nu/2) + ln(nu/2) over the histories gives ln s0^2 (its mean) and, with the
 * sampling variance trigamma(nu/2) taken out of its variance, trigamma(d0/2); the latter is
 * averaged over all points of a judgement, which share one d0 (as in limma: a point's histories
 * are few, and neighbouring points drift together, so a d0 per point or per group would be mostly
 * noise). A point's s0 comes from its own few histories, so it is uncertain too: the weight
 * written is the predictive one, the d0 whose trigamma(d0/2) is the variance of a new session's
 * ln sigma^2 about ln s0^2, trigamma(d0/2) (1 + 1/m) + sum trigamma(nu/2) / m^2 over its m
 * histories (with 3 histories of 2 degrees of freedom each, about half of d0), and s0 is the
 * one that prior, read as s0^2 w / chi2(w), gives the histories' mean of ln sigma^2. A prior so
 * fitted lets a history of 3 runs be judged with that weight + 2 degrees of freedom instead of 2:
 * valid when the candidate's session is like the fitted ones (same machine class and sweep). */
#ifndef PK_HARNESS_PRIOR_H
#define PK_HARNESS_PRIOR_H

#include <stddef.h>
#include <stdio.h>

#include "common/backend.h"

/* The least sd a spread row holds: the reader refuses less, and a comparison leaves out a point
 * whose runs agreed closer than this (their sd is rounding, not spread). */
#define PK_SPREAD_SD_MIN 1e-9

/* Which judgement of a comparison a spread belongs to (compare --host-state judges twice). */
typedef enum pk_judgement {
    PK_JUDGE_MEASURED = 0, /* the runs as measured */
    PK_JUDGE_STATE,        /* the runs with the host's state taken out */
    PK_JUDGE_COUNT
} pk_judgement;
/* "measured", "state". */
extern const char *const pk_judgement_names[PK_JUDGE_COUNT];

typedef struct pk_spread_row {
    pk_point key;
    pk_judgement judgement;
    double sd; /* run-to-run sd of the point's log median (> 0) */
    double df; /* its degrees of freedom (> 0) */
} pk_spread_row;

/* A table of spreads (or of a prior: the same columns), sorted by judgement and point once read
 * or fitted. */
typedef struct pk_spread {
    pk_spread_row *rows;
    size_t n, cap;
} pk_spread;

/* Appends one row (no sorting). Returns 0 or PK_ENOMEM. */
int pk_spread_add(pk_spread *s, const pk_point *key, pk_judgement j, double sd, double df);
/* Sorts by judgement and point; PK_EINVAL (with the point named in err) when one is given twice. */
int pk_spread_sort(pk_spread *s, char *err, size_t errlen);
void pk_spread_free(pk_spread *s);
/* The row of (key, j) in a sorted table, or NULL. */
const pk_spread_row *pk_spread_find(const pk_spread *s, const pk_point *key, pk_judgement j);

/* Same group: judgement, strategy, item_ns and shape (grid, block); any batch. */
int pk_spread_same_group(const pk_spread_row *a, const pk_spread_row *b);
/* Sorts group by group, by batch inside a group (the table is then no longer searchable by
 * pk_spread_find until pk_spread_sort). */
void pk_spread_sort_groups(pk_spread *s);

/* The CSV: '#' comment lines (comment, may be NULL, is written as one), then the header
 * strategy,item_ns,batch,grid,block,judgement,sd,df and one row per point. */
/* Reading skips '#' lines and blank lines anywhere; lines may be of any length. */
void pk_spread_write(FILE *o, const pk_spread *s, const char *comment);
/* Reads and sorts a table. Returns 0, PK_EIO, PK_ENOMEM or PK_EPARSE naming path:line (another
 * header, a row of other than 8 fields, an unknown strategy or judgement, a number that does not
 * parse, an sd out of [1e-9, 10] or a df out of [0.01, 1e9], a point given twice). */
int pk_spread_read(const char *path, pk_spread *s, char *err, size_t errlen);

/* Fits the prior from k >= 2 sorted spread tables (one per history), rows within the reader's
 * bounds: a row for every point and judgement that at least two of them hold, sd = s0 and df =
 * the predictive weight above. Returns 0, PK_ENOMEM, or PK_EINVAL when k < 2, no
 * point is in two tables, or a point's s0 falls out of the reader's bounds. */
int pk_spread_fit(const pk_spread *in, size_t k, pk_spread *prior, char *err, size_t errlen);

#endif
