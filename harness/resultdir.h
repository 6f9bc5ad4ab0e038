/* A results folder written as one unit. A writer holds the folder's lock for its whole run
 * (flock on DIR/.pkbench.lock: a second writer is refused), writes its files into a staging
 * folder of its own (DIR/.pkbench-commit.PID/), and commits them together: it writes the
 * journal (the staging folder's COMMIT file, naming every file to put in place and every file
 * to remove) and only then renames the files into DIR. A commit that is interrupted (even by
 * SIGKILL) is finished by the next writer; until then readers see the folder as the journal
 * says it is (pk_resultdir_resolve). Staging folders without a journal, and temporary files of
 * dead processes, are what a killed writer left: the next writer removes them. */
#ifndef PK_HARNESS_RESULTDIR_H
#define PK_HARNESS_RESULTDIR_H

#include <stddef.h>

#include "common/path.h"

#define PK_RESULTDIR_LOCK ".pkbench.lock"
#define PK_RESULTDIR_STAGE ".pkbench-commit."
#define PK_RESULTDIR_JOURNAL "COMMIT"
#define PK_RESULTDIR_HELD_ENV "PKB_HELD_LOCKS" /* pk_resultdir_hold */
/* The most files one commit puts or removes (plot's: 14 images, 12 data files). A file's name
 * is NAME, or SUB/NAME for a file in a folder of the unit (plot-data/). */
#define PK_RESULTDIR_MAX_FILES 40

typedef struct pk_resultdir {
    char dir[PK_PATH_MAX];
    char stage[PK_PATH_MAX]; /* DIR/.pkbench-commit.PID */
    int lock_fd;             /* -1 when not held */
} pk_resultdir;

/* The staging path of file name for the writer of dir in this process (the folder
 * pk_resultdir_open creates); PK_ERANGE when too long. */
int pk_resultdir_stage_path(const char *dir, const char *name, char *out, size_t len);

/* Creates dir (and its parents) and takes its lock, then finishes or removes what killed
 * writers left and creates this writer's staging folder. Returns 0; PK_EBUSY when another
 * process holds the lock (err: "DIR: another pkbench (pid N) is writing this folder"); PK_EIO
 * when dir cannot be created or written, or an interrupted commit cannot be finished. */
int pk_resultdir_open(pk_resultdir *d, const char *dir, char *err, size_t errlen);
/* Publishes the staged files put[0..nput) (names in the staging folder and in dir alike) and
 * removes del[0..ndel) from dir, as one unit (see above). Returns 0 or PK_EIO with err set:
 * before the journal is written nothing in dir has changed; after it, the commit is pending
 * and the next writer finishes it. */
int pk_resultdir_commit(pk_resultdir *d, const char *const *put, size_t nput, const char *const *del, size_t ndel,
                        char *err, size_t errlen);
/* Removes the staging folder unless it holds a pending journal, and releases the lock. */
void pk_resultdir_close(pk_resultdir *d);
/* pk_resultdir_close for a writer that wrote nothing, so that it leaves the tree as it was: the
 * lock file goes (while still held; a writer that then locks the unlinked file sees it is no
 * longer the folder's, and takes the lock again) when lock_made (not there before the open),
 * and then the folders made for dir, those still empty (made: pk_path_first_missing's record
 * for the lock file, taken before pk_resultdir_open; "" none). */
void pk_resultdir_close_unused(pk_resultdir *d, int lock_made, const char *made);

/* Holds dir's lock (dir created) for the rest of this process, on a descriptor that the pkbench
 * steps it starts keep (pk_resultdir_held_keep): a step's pk_resultdir_open of dir then shares the lock (the variable
 * PK_RESULTDIR_HELD_ENV, set here, names the descriptors), while any other process is refused
 * as a second writer. So `run` keeps its folders between its steps. Returns 0 with *fd set,
 * PK_EBUSY (another process writes dir) or PK_EIO, with err set. */
int pk_resultdir_hold(const char *dir, int *fd, char *err, size_t errlen);
/* The held descriptors (PK_RESULTDIR_HELD_ENV) kept across an exec (keep: in a step's child,
 * just before it runs the step) or closed by one (every pkbench at its start), so that the
 * programs a step runs (gnuplot) never hold the run's locks. */
void pk_resultdir_held_keep(int keep);

/* For readers: the path of dir's file name as the folder's last commit says it is: in a
 * pending commit's staging folder when it is still there, else dir/name. Returns 0, PK_ERANGE
 * (too long), or PK_EIO with errno ENOENT when the pending commit removes name. */
int pk_resultdir_resolve(const char *dir, const char *name, char *out, size_t len);
/* 1 when one of the n names is a file of dir as its last commit says (pk_resultdir_resolve). */
int pk_resultdir_holds(const char *dir, const char *const *names, size_t n);
#endif
