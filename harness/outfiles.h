/* A set of output files in one folder written all or none. Under the folder's lock (a
 * pk_resultdir held by the caller) they are written into the writer's staging folder and
 * published with pk_resultdir_commit, together with the removal of files they replace: one
 * unit, finished by the next writer even after a SIGKILL. Without a lock each goes to a
 * temporary name (common/afile.h), and only when every one was written whole are they renamed
 * together (pk_afile_commit_all: a rename that fails puts back the files the others replaced).
 * Used by compare (report.md, errors.csv, decisions.csv, summary.json; or verdicts.csv,
 * summary.json, report.md), compare --fit-prior and ab. */
#ifndef PK_HARNESS_OUTFILES_H
#define PK_HARNESS_OUTFILES_H

#include <stddef.h>
#include <stdio.h>

#include "common/afile.h"
#include "harness/resultdir.h"

#define PK_OUTFILES_MAX 8

typedef struct pk_outfiles {
    pk_afile f[PK_OUTFILES_MAX];
    size_t n;
    pk_resultdir *rd;          /* the held lock whose staging folder holds the files, or NULL */
    const char *dir;           /* the folder the files go to */
    const char *const *names;  /* their names there */
} pk_outfiles;

/* Opens DIR/NAME for each of the n names (n <= PK_OUTFILES_MAX) under temporary names: in the
 * staging folder of rd when rd is not NULL (rd holds DIR's lock; dir is then rd->dir), else in
 * DIR. dir and names must outlive o. Returns 0, PK_ERANGE (a path too long) or PK_EIO, with
 * the file named in err; nothing is left on failure. */
int pk_outfiles_open(pk_outfiles *o, pk_resultdir *rd, const char *dir, const char *const *names, size_t n,
                     char *err, size_t errlen);
/* The stream of file i. */
FILE *pk_outfiles_fp(pk_outfiles *o, size_t i);
/* Puts every file in place once all were written without error, and removes DIR/NAME for each
 * of the ndel names del where the folder holds one (files of other names that an earlier run
 * left there, which would read as this one's): as one unit under a lock (see above), else the
 * removal follows the renames. Returns 0 or PK_EIO with the file named in err; on failure no
 * temporary is left and every file of the folder is as it was (or, under a lock, as the next
 * writer makes it when the commit's journal was written: pk_resultdir_commit). */
int pk_outfiles_commit(pk_outfiles *o, const char *const *del, size_t ndel, char *err, size_t errlen);
/* Removes every temporary file; safe after a commit or a failed open. */
void pk_outfiles_abort(pk_outfiles *o);
/* "cannot write" for file i into err (its final path). */
void pk_outfiles_cannot_write(const pk_outfiles *o, size_t i, char *err, size_t errlen);

#endif
