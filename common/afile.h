/* Output files written to a temporary name and renamed on success, so that a failed or
 * interrupted run never leaves a half-written file that looks whole. */
#ifndef PK_COMMON_AFILE_H
#define PK_COMMON_AFILE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pk_afile {
    FILE *fp;
    char path[4096];
    char tmp[4096];
} pk_afile;

/* Opens PATH.tmp.<pid> for writing; returns 0 or PK_EIO (errno kept). */
int pk_afile_open(pk_afile *f, const char *path);
/* Flushes, closes and renames onto the final path; returns 0 or PK_EIO (the temp is removed). */
int pk_afile_commit(pk_afile *f);
/* Closes and removes the temporary file; safe to call on an unopened or committed pk_afile. */
void pk_afile_abort(pk_afile *f);

#ifdef __cplusplus
}
#endif

#endif
