/* The measured result of a sweep folder, one unit (harness/resultdir.h): measured.csv (tidy)
 * with measured.json (Google Benchmark's), or, from a run that stopped part way (a failure, a
 * signal), measured.partial.csv (marked '# partial') with measured.partial.json beside the
 * earlier complete pair, which a later failed or interrupted run never touches. */
#ifndef PK_HARNESS_MEASURED_H
#define PK_HARNESS_MEASURED_H

#include <stddef.h>

#include "harness/resultdir.h"
#include "harness/tidy.h"

/* Writes t and a strict copy of Google Benchmark's JSON at gb_json (NULL: none, and the
 * folder's JSON of the same kind is removed so that it cannot disagree) into d's staging
 * folder and commits them: the complete pair (removing any partial pair) or, with t->partial,
 * the partial pair. Returns 0; PK_EPARSE when gb_json is not Google Benchmark JSON; PK_EIO
 * when the files could not be written (the folder is then as it was) or put in place (the
 * next writer of the folder finishes the commit). err names the file. */
int pk_measured_publish(pk_resultdir *d, const pk_table *t, const char *gb_json, char *err, size_t errlen);

/* The files a sweep commits into its folder: measured.csv, measured.json and their partial forms. */
#define PK_MEASURED_NAMES 4
extern const char *const pk_measured_names[PK_MEASURED_NAMES];

/* The files a sweep commits into dir may not be folders (found at the commit, one would be
 * kept): 0, or PK_EINVAL with the first that is one in path. */
int pk_measured_check_names(const char *dir, char *path, size_t len);

/* Reads dir's measured tidy CSV as the folder's last commit left it: measured.csv, else
 * measured.partial.csv (*partial_only set). path gets the file read. Every row must be a
 * measurement of one backend (pk_table_read_csv_as with "measured": a simulation's rows are
 * none), and a complete result of an unsharded sweep must hold every point of the grid its
 * context records (PK_EPARSE naming how many and the first missing: a file cut short). Returns
 * pk_table_read_csv's codes. */
int pk_measured_read(const char *dir, pk_table *t, char *path, size_t len, int *partial_only, char *err,
                     size_t errlen);
/* Reads one of the two: measured.partial.csv when partial, else measured.csv (through the
 * journal too), checked as pk_measured_read checks a complete result. The same codes. */
int pk_measured_read_kind(const char *dir, int partial, pk_table *t, char *path, size_t len, char *err,
                          size_t errlen);

#endif
