/* A set of output files in one folder written all or none: each goes to a temporary name
 * (common/afile.h), and only when every one was written whole are they renamed together
 * (pk_afile_commit_all: a rename that fails puts back the files the others replaced). Used by compare (report.md, errors.csv, decisions.csv,
 * summary.json; or verdicts.csv, summary.json, report.md) and ab. */
#ifndef PK_HARNESS_OUTFILES_H
#define PK_HARNESS_OUTFILES_H

#include <stddef.h>
#include <stdio.h>

#include "common/afile.h"

#define PK_OUTFILES_MAX 8

typedef struct pk_outfiles {
    pk_afile f[PK_OUTFILES_MAX];
    size_t n;
} pk_outfiles;

/* Opens DIR/NAME for each of the n names (n <= PK_OUTFILES_MAX) under temporary names. Returns
 * 0, PK_ERANGE (a path too long) or PK_EIO, with the file named in err; nothing is left on
 * failure. */
int pk_outfiles_open(pk_outfiles *o, const char *dir, const char *const *names, size_t n, char *err,
                     size_t errlen);
/* The stream of file i. */
FILE *pk_outfiles_fp(pk_outfiles *o, size_t i);
/* Renames every file onto its name once all were written without error. Returns 0 or PK_EIO
 * with the file named in err; on failure no temporary is left and every earlier file of the
 * set's names is as it was. */
int pk_outfiles_commit(pk_outfiles *o, char *err, size_t errlen);
/* Removes DIR/NAME for each of the n names, where the folder holds one (files a set of other
 * names left there: another mode's comparison, which would read as this one's). Call it after a
 * commit. */
void pk_outfiles_remove(const char *dir, const char *const *names, size_t n);
/* Removes every temporary file; safe after a commit or a failed open. */
void pk_outfiles_abort(pk_outfiles *o);
/* The final path of file i. */
const char *pk_outfiles_path(const pk_outfiles *o, size_t i);

#endif
