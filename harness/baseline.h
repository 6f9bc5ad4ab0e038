/* A baseline run against a candidate run (`pkbench compare --baseline A --candidate B`): the
 * noise-aware SAME / FASTER / SLOWER verdict per point of the same key, the tally, and its
 * Markdown and CSV forms. Library code: it writes the streams and files it is given. */
#ifndef PK_HARNESS_BASELINE_H
#define PK_HARNESS_BASELINE_H

#include <stddef.h>
#include <stdio.h>

#include "harness/tidy.h"

typedef enum pk_change { PK_CHANGE_SAME = 0, PK_CHANGE_FASTER, PK_CHANGE_SLOWER } pk_change;
extern const char *const pk_change_names[3];

/* The noise-aware verdict for one point. SLOWER when the candidate's median exceeds the
 * baseline's by more than threshold (a fraction, e.g. 0.05) AND the interquartile ranges do
 * not overlap (candidate p25 > baseline p75); FASTER symmetrically (candidate median below
 * baseline by more than threshold AND candidate p75 < baseline p25); SAME otherwise. When
 * either row lacks its quartiles, the median threshold alone decides. */
pk_change pk_change_classify(const pk_row *base, const pk_row *cand, double threshold);

/* Every baseline point judged against the candidate point of the same key. */
typedef struct pk_baseline {
    const pk_table *base, *cand;
    double threshold_pct;      /* the --threshold, percent */
    const pk_row **match;      /* per baseline row: the candidate row of its key, or NULL */
    pk_change *verdict;        /* per baseline row with a match */
    size_t count[3];           /* points per verdict */
    size_t only_base, only_cand; /* points without a partner */
} pk_baseline;

/* Judges every point of base against cand. Returns 0 or PK_ENOMEM. */
int pk_baseline_run(const pk_table *base, const pk_table *cand, double threshold_pct, pk_baseline *out);
void pk_baseline_free(pk_baseline *b);
/* Points judged (with a partner in both runs). */
size_t pk_baseline_compared(const pk_baseline *b);

/* The Markdown summary: both runs' devices (from the folders base_dir and cand_dir), the rule,
 * a table of the points (all of them for a file; only those not SAME for the terminal) and
 * the tally. */
void pk_baseline_write_md(FILE *o, const pk_baseline *b, const char *base_dir, const char *cand_dir, int for_file);
/* One CSV row per judged point: both medians and IQRs, the ratio and the verdict. */
void pk_baseline_write_csv(FILE *o, const pk_baseline *b);
/* Writes md_path (all points) and csv_path, both or neither. Returns 0 or PK_EIO with the
 * reason in err. */
int pk_baseline_write_files(const pk_baseline *b, const char *base_dir, const char *cand_dir, const char *md_path,
                            const char *csv_path, char *err, size_t errlen);

#endif
