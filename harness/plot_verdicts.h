/* The plot of a comparison folder (`pkbench plot` on what compare --baseline or ab wrote): the
 * data and variables of plots/compare.gp, one panel per strategy, change per point against
 * batch with its interval (the band the verdict was drawn from), slower and faster marked. */
#ifndef PK_HARNESS_PLOT_VERDICTS_H
#define PK_HARNESS_PLOT_VERDICTS_H

#include <stddef.h>

#include "harness/baseline.h"

/* What the plot says beside the points (from summary.json). */
typedef struct pk_plot_verdicts_info {
    double threshold; /* a fraction */
    double margin;    /* the p-values' equivalence margin, a fraction, 0 to threshold (harness/verdict.h) */
    double level;     /* of the intervals, a fraction; NAN when unknown */
    int abba;         /* 1: B against A of an ab run */
    char device[256];
} pk_plot_verdicts_info;

/* Reads DIR/summary.json's threshold, margin, level, design and candidate device into info; a
 * summary without a margin (written before there was one) was judged by the interval beyond the
 * threshold: margin = threshold. Returns 0, PK_EIO or PK_EPARSE with the file named in err. */
int pk_plot_verdicts_info_read(const char *path, pk_plot_verdicts_info *info, char *err, size_t errlen);

/* Writes DATADIR/compare.dat (block s: strategy s's points: x, change %, interval %, colour,
 * point type, each change clipped to the y range) and DATADIR/compare-meta.gp (titles, the
 * threshold's and the margin's lines: the margin's NaN where it is the threshold). Returns 0,
 * PK_ERANGE or PK_EIO with the reason in err. */
int pk_plot_verdicts_write(const pk_baseline *b, const pk_plot_verdicts_info *info, const char *datadir, char *err,
                           size_t errlen);

#endif
