/* Output files written to a temporary name and renamed on success, so that a failed or
 * interrupted run never leaves a half-written file that looks whole, alone or in a group that
 * must be published together (all renamed, or the previous files all kept). */
#ifndef PK_COMMON_AFILE_H
#define PK_COMMON_AFILE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pk_afile {
    FILE *fp;
    char path[4096];
    char tmp[4096];
} pk_afile;

/* The temporary name's infix: PATH.tmp.PID.SEQ (see pk_afile_clean_stale). */
/* How long a dead writer's temporary stays untouched before a writer that holds no lock removes
 * it (pk_afile_open): 10 minutes. */
#define PK_AFILE_STALE_S 600
#define PK_AFILE_TMP_INFIX ".tmp."

/* Opens PATH.tmp.PID.SEQ for writing (created exclusively, mode 0666 less the umask), first
 * removing PATH's temporaries whose writer no longer runs and that are older than
 * PK_AFILE_STALE_S; returns 0 or PK_EIO with errno kept. An existing PATH that is not a regular file (a directory, a device,
 * a FIFO) is refused with EISDIR or EINVAL: renaming over it would replace it. */
int pk_afile_open(pk_afile *f, const char *path);
/* Flushes, syncs, closes and renames onto the final path; returns 0 or PK_EIO (the temp is
 * removed, errno kept). */
int pk_afile_commit(pk_afile *f);
/* Commits f[0..n) as one: each is flushed, synced and closed first (one failure aborts them
 * all, and no final path is touched); then each is renamed onto its path, the files they
 * replace kept as hard links until every rename has succeeded and put back when one fails.
 * Returns 0, or PK_EIO with errno kept and *failed (when not NULL) the index at fault. */
int pk_afile_commit_all(pk_afile *f, size_t n, size_t *failed);
/* Closes and removes the temporary file; safe to call on an unopened or committed pk_afile. */
void pk_afile_abort(pk_afile *f);

/* Removes dir's temporary files (NAME.tmp.PID.SEQ) whose process PID no longer runs: what a
 * killed writer left. Returns how many were removed. */
size_t pk_afile_clean_stale(const char *dir);

#ifdef __cplusplus
}
#endif

#endif
