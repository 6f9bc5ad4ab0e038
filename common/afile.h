/* Output files written to a temporary name and renamed on success, so that a failed or
 * interrupted run never leaves a half-written file that looks whole, alone or in a group that
 * must be published together (all renamed, or the previous files all kept). */
#ifndef PK_COMMON_AFILE_H
#define PK_COMMON_AFILE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

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
/* The most bytes the temporary's name adds to PATH's last component: ".tmp.PID.SEQ.bak". */
#define PK_AFILE_TMP_SUFFIX_MAX 48

/* Opens PATH.tmp.PID.SEQ for writing (created exclusively, mode 0666 less the umask), first
 * removing PATH's temporaries whose writer no longer runs and that are older than
 * PK_AFILE_STALE_S; returns 0 or PK_EIO with errno kept. An existing PATH that is not a regular
 * file (a directory, a device, a FIFO) is refused with EISDIR or EINVAL: renaming over it would
 * replace it. A PATH that is a symbolic link is written through it: the file it names is replaced,
 * beside which the temporary is made, and the link stays; a link to nothing, one through a
 * process's descriptors (/dev/stdout, /proc/self/fd/N) or one to a file open on this process's
 * standard streams is refused with EINVAL (replacing such a file loses what a shell's > or >> had
 * put there). */
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
/* From now on SIGINT, SIGTERM, SIGHUP and SIGXFSZ (a file size limit) first remove this
 * process's open temporaries, then end it as before (where one is ignored, it stays ignored;
 * a command that handles them itself replaces this). Without it they stay behind until a
 * later writer of the same path finds them, PK_AFILE_STALE_S on. */
void pk_afile_remove_on_signals(void);
/* Holds SIGINT, SIGTERM, SIGHUP and SIGXFSZ (the old mask into *was) while an output is put in
 * place whole; sigprocmask(SIG_SETMASK, was, NULL) lets a held one act. */
void pk_afile_hold_signals(sigset_t *was);

/* Removes dir's temporary files (NAME.tmp.PID.SEQ) whose process PID no longer runs: what a
 * killed writer left. Returns how many were removed. */
size_t pk_afile_clean_stale(const char *dir);

/* What a dead writer left beside a path, as pk_afile_each_stale finds it. */
typedef struct pk_afile_stale {
    int dfd;          /* the folder that holds it, open */
    const char *dir;  /* that folder's name */
    const char *name; /* the entry: BASE INFIX PID REST */
    long pid;         /* its writer */
    const char *rest; /* what follows the pid in name */
    struct stat st;   /* the entry itself (a link is not followed) */
} pk_afile_stale;
/* Calls fn(s, arg) for each entry beside path named BASE INFIX PID REST (BASE: path's last
 * component) whose writer is gone: PID is not this process and runs no longer here, and the entry
 * has been untouched for more than PK_AFILE_STALE_S (a live writer on another host that shares the
 * file system has no pid here). fn decides by REST and the entry's kind what to remove. */
void pk_afile_each_stale(const char *path, const char *infix, void (*fn)(const pk_afile_stale *s, void *arg),
                         void *arg);

#ifdef __cplusplus
}
#endif

#endif
