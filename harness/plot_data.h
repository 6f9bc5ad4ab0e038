/* The data behind `pkbench plot`: from a measured table, a prediction and their comparison, the
 * files the gnuplot scripts of plots/ read (crossover-m.dat, crossover-p.dat, speedup.dat,
 * savings.dat, accuracy.dat, decision.dat, timeline.dat), crossovers.csv (the crossover batch
 * sizes as numbers) and meta.gp, the variables the scripts use (titles, panels, colours, axis
 * ranges, crossovers). Every grid x block shape measured is drawn: the panel plots have one
 * panel per (shape, item duration), the decision map one row of panels per shape. Every file
 * is written to a temporary name and renamed. */
#ifndef PK_HARNESS_PLOT_DATA_H
#define PK_HARNESS_PLOT_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/afile.h"
#include "harness/compare.h"
#include "harness/tidy.h"
#include "harness/timeline.h"

/* The six plots, in the order they are drawn; pk_plot_names are the scripts' names. */
enum {
    PK_PLOT_CROSSOVER,
    PK_PLOT_SPEEDUP,
    PK_PLOT_SAVINGS,
    PK_PLOT_ACCURACY,
    PK_PLOT_DECISION_MAP,
    PK_PLOT_TIMELINE,
    PK_PLOT_COUNT
};
extern const char *const pk_plot_names[PK_PLOT_COUNT];
/* Every file of OUT/plot-data that plot writes: a file of these names that a run does not write
 * is an earlier run's, and goes. Beside them, plot-data/gnuplot.log (PK_PLOT_DATA_LOG). */
#define PK_PLOT_DATA_COUNT 12
extern const char *const pk_plot_data_names[PK_PLOT_DATA_COUNT];
#define PK_PLOT_DATA_LOG "gnuplot.log"

/* At most this many shapes, item durations, batches and panels are drawn; the rest are
 * counted (pk_plot_data's *_total) so that the command can say what it left out. */
#define PK_PLOT_MAX_SHAPES 8
#define PK_PLOT_MAX_AXIS 64
#define PK_PLOT_MAX_PANELS 40

typedef struct pk_plot_shape {
    unsigned grid, block;
} pk_plot_shape;

/* One panel of the panel plots: a shape (index into shapes) and an item duration with at least
 * one measured row. */
typedef struct pk_plot_panel {
    size_t shape;
    uint64_t item_ns;
} pk_plot_panel;

/* What is plotted: the shapes (in order of first appearance), item durations and batches
 * (ascending), the measured strategies, and the panels (shape-major, then item duration). */
typedef struct pk_plot_data {
    const pk_table *meas, *pred; /* pred may be NULL */
    const pk_cmp_result *r;
    pk_plot_shape shapes[PK_PLOT_MAX_SHAPES];
    size_t nshapes, shapes_total;
    uint64_t items[PK_PLOT_MAX_AXIS]; /* the smallest ones, when there are more */
    size_t nitems, items_total;
    uint64_t batches[PK_PLOT_MAX_AXIS];
    size_t nbatches, batches_total;
    int strat[PK_STRAT_COUNT];
    size_t nstrat;
    pk_plot_panel panels[PK_PLOT_MAX_PANELS];
    size_t npanels, panels_total;
    const char *shape_note; /* words appended to every title's SHAPE line (NULL: none) */
} pk_plot_data;

/* Fills c from meas (at least one row), pred (may be NULL) and their comparison r. */
void pk_plot_data_init(pk_plot_data *c, const pk_table *meas, const pk_table *pred, const pk_cmp_result *r);
/* 1 when plot p has its input (have_timeline: a timeline was read); else 0 with the reason. */
int pk_plot_data_has(const pk_plot_data *c, int p, int have_timeline, const char **why);
/* The item duration a simulated timeline shows: the smallest non-zero one plotted (or 0). */
uint64_t pk_plot_data_timeline_item(const pk_plot_data *c);

/* From path, compare's summary.json of the measured points r compares: the crossovers' paired
 * check (its measured_paired), into the paired_checked and measured_paired of each crossover of
 * r whose measured crossover (of the medians) the summary gives as r does; a summary of another
 * number of points is passed over. Returns how many were taken, or -1 with the reason in err
 * (a file that cannot be read, or is not compare's summary of measured points). */
int pk_plot_data_paired(const char *path, pk_cmp_result *r, char *err, size_t errlen);

/* Writes dir/meta.gp, dir/crossovers.csv and the data of every plot that has its input (tl:
 * NULL without a timeline; tl_note says where it came from). device labels the plots. Returns
 * 0, PK_ENOMEM, PK_ERANGE or PK_EIO with the file named in err; a failure leaves meta.gp
 * unwritten. */
int pk_plot_data_write(const pk_plot_data *c, const char *dir, const char *device, const pk_timeline *tl,
                       const char *tl_note, char *err, size_t errlen);

/* ---- shared by the writers of plot_data.c, plot_panels.c and plot_maps.c ---- */

typedef struct pk__plot_out {
    pk_afile f;
    int open;
} pk__plot_out;
/* Opens dir/name for writing (temporary name); PK_ERANGE or PK_EIO with the path in err. */
int pk__plot_open(pk__plot_out *o, const char *dir, const char *name, char *err, size_t errlen);
/* Renames it into place; PK_EIO with the path in err. */
int pk__plot_close(pk__plot_out *o, char *err, size_t errlen);
void pk__plot_abort(pk__plot_out *o);
/* " %.9g", or " NaN" for a value that is not finite (gnuplot skips it). */
void pk__plot_num(FILE *f, double v);
/* "gnuplot variable = 'string'\n". */
void pk__plot_strvar(FILE *f, const char *name, const char *s);
/* The measured (pred 0) or predicted (pred 1) row of strategy s, panel p's shape and item, and
 * batch; predictions may be shape-independent (grid or block 0). NULL when there is none. */
const pk_row *pk__plot_row(const pk_plot_data *c, const pk_plot_panel *p, pk_strategy s, uint64_t batch, int pred);
/* The crossover of panel p, or NULL when compare found none there. */
const pk_cmp_cross *pk__plot_cross(const pk_plot_data *c, const pk_plot_panel *p);
/* "grid 4 × block 128", saying "default" for 0 (the backend's default). */
void pk__plot_shape_label(char *buf, size_t len, const pk_plot_shape *s);
/* The colour of strategy s. */
const char *pk__plot_colour(int s);

/* The writers of each plot's data; meta receives their variables. */
int pk__plot_write_crossover(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen);
int pk__plot_write_speedup(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen);
int pk__plot_write_savings(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen);
int pk__plot_write_accuracy(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen);
int pk__plot_write_decision(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen);
int pk__plot_write_timeline(const pk_timeline *t, const char *dir, FILE *meta, char *err, size_t errlen);

#endif
