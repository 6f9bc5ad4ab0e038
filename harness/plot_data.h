/* The data behind `pkbench plot`: from a measured table, a prediction and their comparison, the
 * files the gnuplot scripts of plots/ read (crossover-m.dat, crossover-p.dat, savings.dat,
 * accuracy.dat, decision.dat, timeline.dat) and meta.gp, the variables they use (titles,
 * panels, colours, axis ranges). Every file is written to a temporary name and renamed. */
#ifndef PK_HARNESS_PLOT_DATA_H
#define PK_HARNESS_PLOT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "harness/compare.h"
#include "harness/tidy.h"
#include "harness/timeline.h"

/* The five plots, in the order they are drawn; pk_plot_names are the scripts' names. */
enum { PK_PLOT_CROSSOVER, PK_PLOT_SAVINGS, PK_PLOT_ACCURACY, PK_PLOT_DECISION_MAP, PK_PLOT_TIMELINE, PK_PLOT_COUNT };
extern const char *const pk_plot_names[PK_PLOT_COUNT];

/* What is plotted: one shape (grid x block, the first measured row's), its item durations and
 * batches (ascending, at most 64 each) and the measured strategies. */
typedef struct pk_plot_data {
    const pk_table *meas, *pred; /* pred may be NULL */
    const pk_cmp_result *r;
    unsigned grid, block;
    uint64_t items[64];
    size_t nitems;
    uint64_t batches[64];
    size_t nbatches;
    int strat[PK_STRAT_COUNT];
    size_t nstrat;
} pk_plot_data;

/* Fills c from meas (at least one row), pred (may be NULL) and their comparison r. */
void pk_plot_data_init(pk_plot_data *c, const pk_table *meas, const pk_table *pred, const pk_cmp_result *r);
/* 1 when plot p has its input (have_timeline: a timeline was read); else 0 with the reason. */
int pk_plot_data_has(const pk_plot_data *c, int p, int have_timeline, const char **why);
/* The item duration a simulated timeline shows: the smallest non-zero one plotted (or 0). */
uint64_t pk_plot_data_timeline_item(const pk_plot_data *c);

/* Writes dir/meta.gp and the data of every plot that has its input (tl: NULL without a
 * timeline; tl_note says where it came from). device labels the plots. Returns 0, PK_ERANGE or
 * PK_EIO with the file named in err; a failure leaves meta.gp unwritten. */
int pk_plot_data_write(const pk_plot_data *c, const char *dir, const char *device, const pk_timeline *tl,
                       const char *tl_note, char *err, size_t errlen);

#endif
