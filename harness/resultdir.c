/* A results folder's lock, staging and one-unit commit (see resultdir.h). */
#include "harness/resultdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/status.h"

#define JOURNAL_HEAD "pkbench commit 1"

/* What a journal says: the files to put in place and the files to remove. */
typedef struct journal {
    char put[PK_RESULTDIR_MAX_FILES][256], del[PK_RESULTDIR_MAX_FILES][256];
    size_t nput, ndel;
} journal;

/* One path component of len bytes at s: printable, not "." or "..". */
static int plain_component(const char *s, size_t len)
{
    if (!len || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '/' || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

/* A file name of the unit: NAME, or SUB/NAME for a file in a folder of dir (plot's plot-data/),
 * each a plain component. */
static int plain_name(const char *s)
{
    const char *slash = strchr(s, '/');
    if (strlen(s) >= 256)
        return 0;
    return slash ? plain_component(s, (size_t)(slash - s)) && plain_component(slash + 1, strlen(slash + 1))
                 : plain_component(s, strlen(s));
}

/* SUB of a unit's name SUB/NAME into sub (len bytes); 0 for a bare NAME. */
static int sub_of(const char *name, char *sub, size_t len)
{
    const char *slash = strchr(name, '/');
    return slash && pk_path_fmt(sub, len, "%.*s", (int)(slash - name), name) == PK_OK;
}

/* Whether root (the folder or a stage) may hold name: a bare NAME, or SUB/NAME whose root/SUB is
 * a folder itself, never a link (followed, a crafted journal would move or remove files
 * elsewhere) nor another file; or absent where absent_ok (it is made). */
static int sub_ok(const char *root, const char *name, int absent_ok)
{
    char sub[256], path[PK_PATH_MAX];
    struct stat st;
    if (!sub_of(name, sub, sizeof sub))
        return 1;
    if (pk_path_join(path, sizeof path, root, sub, NULL, 0) != PK_OK)
        return 0;
    if (lstat(path, &st) != 0)
        return errno == ENOENT && absent_ok;
    return S_ISDIR(st.st_mode);
}

/* Reads stage/COMMIT. Returns 1 when it is a whole journal, 0 when there is none, -1 when it is
 * not one (a commit never writes such a file: it is renamed into place whole). */
static int read_journal(const char *stage, journal *j)
{
    char path[PK_PATH_MAX], line[300];
    memset(j, 0, sizeof *j);
    if (pk_path_join(path, sizeof path, stage, PK_RESULTDIR_JOURNAL, NULL, 0) != PK_OK)
        return -1;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return errno == ENOENT ? 0 : -1;
    int ok = fgets(line, sizeof line, fp) && strcmp(line, JOURNAL_HEAD "\n") == 0, end = 0;
    while (ok && !end && fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        if (n == 0 || line[n - 1] != '\n') {
            ok = 0;
            break;
        }
        line[n - 1] = '\0';
        int put = strncmp(line, "put ", 4) == 0, del = strncmp(line, "del ", 4) == 0;
        size_t *cnt = put ? &j->nput : &j->ndel;
        if (strcmp(line, "end") == 0)
            end = 1;
        else if (!(put || del) || *cnt == PK_RESULTDIR_MAX_FILES || !plain_name(line + 4))
            ok = 0;
        else
            memcpy(put ? j->put[(*cnt)++] : j->del[(*cnt)++], line + 4, strlen(line + 4) + 1);
    }
    fclose(fp);
    return ok && end ? 1 : -1;
}

/* Removes stage and the files in it, and in its folders (SUB/ of the unit's names). */
static void remove_stage_at(const char *stage, int depth)
{
    char path[PK_PATH_MAX];
    DIR *d = opendir(stage);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (unlinkat(dirfd(d), e->d_name, 0) != 0 && depth == 0 &&
                pk_path_join(path, sizeof path, stage, e->d_name, NULL, 0) == PK_OK)
                remove_stage_at(path, 1);
        }
        closedir(d);
    }
    rmdir(stage);
}

static void remove_stage(const char *stage)
{
    remove_stage_at(stage, 0);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Carries a journal out: every staged file still in stage renamed into dir, every removed file
 * unlinked; then the staging folder goes. Safe to repeat after an interruption. */
static int apply(const char *dir, const char *stage, const journal *j, char *err, size_t errlen)
{
    char from[PK_PATH_MAX], to[PK_PATH_MAX], sub[256];
    for (size_t i = 0; i < j->nput; i++) {
        if (pk_path_join(from, sizeof from, stage, j->put[i], NULL, 0) != PK_OK ||
            pk_path_join(to, sizeof to, dir, j->put[i], NULL, 0) != PK_OK) {
            snprintf(err, errlen, "%s: path too long", dir);
            return PK_EIO;
        }
        /* SUB/NAME: SUB, a folder in both (made in dir first), so that ENOENT says only "already
         * put in place" */
        char sdir[PK_PATH_MAX];
        if (sub_of(j->put[i], sub, sizeof sub) && sub_ok(dir, j->put[i], 1) &&
            pk_path_join(sdir, sizeof sdir, dir, sub, NULL, 0) == PK_OK && mkdir(sdir, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot put %s in place: %s", dir, j->put[i], strerror(errno));
            return PK_EIO;
        }
        if (!sub_ok(stage, j->put[i], 0) || !sub_ok(dir, j->put[i], 0)) {
            snprintf(err, errlen, "%s: cannot put %s in place: its folder is a link or a file", dir, j->put[i]);
            return PK_EIO;
        }
        struct stat st;
        if (rename(from, to) != 0 && (errno != ENOENT || lstat(from, &st) == 0)) {
            snprintf(err, errlen, "%s: cannot put %s in place: %s", dir, j->put[i], strerror(errno));
            return PK_EIO;
        }
    }
    for (size_t i = 0; i < j->ndel; i++) /* never through a SUB that is a link */
        if (sub_ok(dir, j->del[i], 0) && pk_path_join(to, sizeof to, dir, j->del[i], NULL, 0) == PK_OK &&
            unlink(to) != 0 && errno != ENOENT) {
            snprintf(err, errlen, "%s: cannot remove %s: %s", dir, j->del[i], strerror(errno));
            return PK_EIO;
        }
    char synced[256] = ""; /* a SUB's names come together: each SUB synced once */
    for (size_t i = 0; i < j->nput; i++)
        if (sub_of(j->put[i], sub, sizeof sub) && strcmp(sub, synced) != 0 &&
            pk_path_join(to, sizeof to, dir, sub, NULL, 0) == PK_OK) {
            sync_dir(to);
            snprintf(synced, sizeof synced, "%s", sub);
        }
    sync_dir(dir);
    remove_stage(stage);
    return PK_OK;
}

/* Calls fn on every staging folder of dir (full path); stops at fn's first non-zero result. */
static int each_stage(const char *dir, int (*fn)(void *, const char *), void *ud)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    char path[PK_PATH_MAX];
    int rc = 0;
    struct stat st;
    while (rc == 0 && (e = readdir(d)) != NULL) /* a link of that name is not a stage: never followed */
        if (strncmp(e->d_name, PK_RESULTDIR_STAGE, strlen(PK_RESULTDIR_STAGE)) == 0 &&
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
            pk_path_join(path, sizeof path, dir, e->d_name, NULL, 0) == PK_OK)
            rc = fn(ud, path);
    closedir(d);
    return rc;
}

typedef struct recovery {
    const char *dir;
    char *err;
    size_t errlen;
} recovery;

/* Under the lock every staging folder is stale: finish its commit, or drop it. */
static int recover_one(void *ud, const char *stage)
{
    recovery *r = ud;
    journal j;
    int have = read_journal(stage, &j);
    if (have <= 0) {
        remove_stage(stage);
        return 0;
    }
    if (apply(r->dir, stage, &j, r->err, r->errlen) != PK_OK) {
        size_t n = strlen(r->err);
        snprintf(r->err + n, r->errlen - n, " (finishing the commit interrupted in %s)", stage);
        return -1;
    }
    return 0;
}

int pk_resultdir_stage_path(const char *dir, const char *name, char *out, size_t len)
{
    return pk_path_fmt(out, len, "%s/" PK_RESULTDIR_STAGE "%ld/%s", dir, (long)getpid(), name);
}

/* The next descriptor of the list at *c (PK_RESULTDIR_HELD_ENV's "3,4"), *c moved past it; -1
 * at the list's end (or at what no pkbench wrote there). */
static int next_held(const char **c)
{
    char *end;
    long h = strtol(*c, &end, 10);
    if (end == *c || h < 0 || h > INT_MAX)
        return -1;
    *c = *end == ',' ? end + 1 : end;
    return (int)h;
}

void pk_resultdir_held_keep(int keep)
{
    const char *c = getenv(PK_RESULTDIR_HELD_ENV);
    for (int h; c && (h = next_held(&c)) >= 0;)
        (void)fcntl(h, F_SETFD, keep ? 0 : FD_CLOEXEC); /* one not open: EBADF, nothing done */
}

/* A descriptor of the same lock file as fd among those the parent holds for this process
 * (PK_RESULTDIR_HELD_ENV, pk_resultdir_hold), duplicated; -1 when none is. */
static int held_by_parent(int fd)
{
    const char *c = getenv(PK_RESULTDIR_HELD_ENV);
    struct stat mine, held;
    if (!c || fstat(fd, &mine) != 0)
        return -1;
    for (int h; (h = next_held(&c)) >= 0;)
        if (fstat(h, &held) == 0 && held.st_dev == mine.st_dev && held.st_ino == mine.st_ino)
            return fcntl(h, F_DUPFD_CLOEXEC, 0);
    return -1;
}

/* Takes the lock of d->dir (created), on a close-on-exec descriptor. 0, PK_EBUSY or PK_EIO with
 * err set. */
static int take_lock_once(pk_resultdir *d, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    if (pk_path_join(path, sizeof path, d->dir, PK_RESULTDIR_LOCK, err, errlen) != PK_OK)
        return PK_EIO;
    d->lock_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (d->lock_fd < 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    if (flock(d->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK, inherited = busy ? held_by_parent(d->lock_fd) : -1;
        if (inherited >= 0 && flock(inherited, LOCK_EX | LOCK_NB) == 0) { /* the parent's lock, this run's own */
            close(d->lock_fd);
            d->lock_fd = inherited;
            return PK_OK; /* the pid in the file stays the parent's, which outlives this writer */
        }
        if (inherited >= 0)
            close(inherited);
        char pid[32] = "";
        ssize_t n = busy ? pread(d->lock_fd, pid, sizeof pid - 1, 0) : -1;
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        if (busy)
            snprintf(err, errlen, "%s: another pkbench (pid %s) is writing this folder", d->dir, *pid ? pid : "?");
        else
            snprintf(err, errlen, "%s: cannot lock: %s", path, strerror(errno));
        close(d->lock_fd);
        d->lock_fd = -1;
        return busy ? PK_EBUSY : PK_EIO;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(d->lock_fd, 0) != 0 || pwrite(d->lock_fd, pid, (size_t)n, 0) != n) {
        /* The pid is only for the message of a refused writer; the lock holds without it. */
    }
    return PK_OK;
}

/* 1 when the lock d holds is on the file now at DIR/.pkbench.lock: a writer that made nothing
 * unlinks its lock file while it holds it (pk_resultdir_close_unused), so a flock taken on that
 * file after it let go is a lock on no one's file, and another writer may lock a new one. */
static int lock_current(const pk_resultdir *d)
{
    char path[PK_PATH_MAX];
    struct stat held, named;
    return pk_path_join(path, sizeof path, d->dir, PK_RESULTDIR_LOCK, NULL, 0) == PK_OK &&
           fstat(d->lock_fd, &held) == 0 && held.st_nlink > 0 && lstat(path, &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

/* take_lock_once until the lock is on the folder's current lock file (the folder made again
 * when the writer that made it took it away meanwhile). */
static int take_lock(pk_resultdir *d, char *err, size_t errlen)
{
    for (int tries = 0; tries < 16; tries++) {
        if (tries && pk_path_mkdirs(d->dir) != 0) {
            char why[160];
            snprintf(err, errlen, "%s: %s", d->dir, pk_path_mkdirs_why(d->dir, errno, why, sizeof why));
            return PK_EIO;
        }
        int rc = take_lock_once(d, err, errlen);
        if (rc != PK_OK || lock_current(d))
            return rc;
        close(d->lock_fd);
        d->lock_fd = -1;
    }
    snprintf(err, errlen, "%s: its lock file keeps being replaced; try again", d->dir);
    return PK_EBUSY;
}

int pk_resultdir_open(pk_resultdir *d, const char *dir, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->lock_fd = -1;
    if (pk_path_fmt(d->dir, sizeof d->dir, "%s", dir) != PK_OK ||
        pk_resultdir_stage_path(dir, "", d->stage, sizeof d->stage) != PK_OK) {
        snprintf(err, errlen, "%s: path too long", dir);
        return PK_EIO;
    }
    d->stage[strlen(d->stage) - 1] = '\0'; /* the trailing '/' */
    if (pk_path_mkdirs(dir) != 0) {
        char why[160];
        snprintf(err, errlen, "%s: %s", dir, pk_path_mkdirs_why(dir, errno, why, sizeof why));
        return PK_EIO;
    }
    int rc = take_lock(d, err, errlen);
    if (rc != PK_OK)
        return rc;
    recovery r = {dir, err, errlen};
    if (each_stage(dir, recover_one, &r) != 0) {
        pk_resultdir_close(d);
        return PK_EIO;
    }
    pk_afile_clean_stale(dir);
    if (mkdir(d->stage, 0777) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", d->stage, strerror(errno));
        pk_resultdir_close(d);
        return PK_EIO;
    }
    return PK_OK;
}

int pk_resultdir_hold(const char *dir, int *fd, char *err, size_t errlen)
{
    pk_resultdir d = {.lock_fd = -1};
    *fd = -1;
    if (pk_path_fmt(d.dir, sizeof d.dir, "%s", dir) != PK_OK) {
        snprintf(err, errlen, "%s: path too long", dir);
        return PK_EIO;
    }
    if (pk_path_mkdirs(dir) != 0) {
        char why[160];
        snprintf(err, errlen, "%s: %s", dir, pk_path_mkdirs_why(dir, errno, why, sizeof why));
        return PK_EIO;
    }
    int rc = take_lock(&d, err, errlen); /* close-on-exec: only the steps get it (pk_resultdir_held_keep) */
    if (rc != PK_OK)
        return rc;
    const char *env = getenv(PK_RESULTDIR_HELD_ENV);
    char list[256];
    if (pk_path_fmt(list, sizeof list, "%s%s%d", env && *env ? env : "", env && *env ? "," : "", d.lock_fd) != PK_OK ||
        setenv(PK_RESULTDIR_HELD_ENV, list, 1) != 0) {
        snprintf(err, errlen, "%s: too many folders held", dir);
        close(d.lock_fd);
        return PK_EIO;
    }
    *fd = d.lock_fd;
    return PK_OK;
}

/* Syncs a staged file to disk before the journal names it. */
static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd) != 0 && errno != EINVAL && errno != EROFS ? -1 : 0;
    close(fd);
    return rc;
}

/* Writes the journal of put and del into the staging folder, whole or not at all. */
static int write_journal(const pk_resultdir *d, const journal *j, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    pk_afile f;
    if (pk_path_join(path, sizeof path, d->stage, PK_RESULTDIR_JOURNAL, err, errlen) != PK_OK)
        return PK_EIO;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    fprintf(f.fp, JOURNAL_HEAD "\n");
    for (size_t i = 0; i < j->nput; i++)
        fprintf(f.fp, "put %s\n", j->put[i]);
    for (size_t i = 0; i < j->ndel; i++)
        fprintf(f.fp, "del %s\n", j->del[i]);
    fprintf(f.fp, "end\n");
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    sync_dir(d->stage);
    return PK_OK;
}

int pk_resultdir_commit(pk_resultdir *d, const char *const *put, size_t nput, const char *const *del, size_t ndel,
                        char *err, size_t errlen)
{
    journal j;
    char path[PK_PATH_MAX], sub[256], synced[256] = "";
    memset(&j, 0, sizeof j);
    if (d->lock_fd < 0 || nput > PK_RESULTDIR_MAX_FILES || ndel > PK_RESULTDIR_MAX_FILES) {
        snprintf(err, errlen, "%s: not open for writing", d->dir);
        return PK_EIO;
    }
    for (size_t i = 0; i < nput + ndel; i++) {
        const char *name = i < nput ? put[i] : del[i - nput];
        if (!plain_name(name) || pk_path_join(path, sizeof path, d->stage, name, NULL, 0) != PK_OK) {
            snprintf(err, errlen, "%s: '%s' is not a file name of the folder", d->dir, name);
            return PK_EIO;
        }
        if (i < nput && sync_file(path) != 0) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            return PK_EIO;
        }
        /* SUB/NAME: SUB a folder in the stage, and in dir a folder or absent (made), never a
         * link or a file: its rename would fail after the journal, every time. A name to remove
         * under such a SUB is not the unit's: it stays. */
        if (i < nput && (!sub_ok(d->stage, name, 0) || !sub_ok(d->dir, name, 1))) {
            snprintf(err, errlen, "%s: cannot write %s: its folder is a link or a file", d->dir, name);
            return PK_EIO;
        }
        if (i >= nput && !sub_ok(d->dir, name, 1))
            continue;
        if (i < nput && sub_of(name, sub, sizeof sub) && strcmp(sub, synced) != 0 &&
            pk_path_join(path, sizeof path, d->stage, sub, NULL, 0) == PK_OK) {
            sync_dir(path); /* its entries survive a power loss with the journal; once a SUB */
            snprintf(synced, sizeof synced, "%s", sub);
        }
        /* A folder where a file goes would fail its rename after the journal, every time the
         * commit is finished: refused now, while nothing has changed. A folder of a name to
         * remove is not a file of the unit: it stays. */
        struct stat st;
        const int folder = pk_path_join(path, sizeof path, d->dir, name, NULL, 0) == PK_OK && stat(path, &st) == 0 &&
                           S_ISDIR(st.st_mode);
        if (folder && i < nput) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(EISDIR));
            return PK_EIO;
        }
        if (!folder)
            snprintf(i < nput ? j.put[j.nput++] : j.del[j.ndel++], 256, "%s", name);
    }
    int rc = write_journal(d, &j, err, errlen);
    return rc == PK_OK ? apply(d->dir, d->stage, &j, err, errlen) : rc;
}

void pk_resultdir_close(pk_resultdir *d)
{
    journal j;
    if (d->stage[0] && d->lock_fd >= 0 && read_journal(d->stage, &j) != 1)
        remove_stage(d->stage);
    if (d->lock_fd >= 0) {
        close(d->lock_fd); /* releases the flock */
        d->lock_fd = -1;
    }
}

void pk_resultdir_close_unused(pk_resultdir *d, int lock_made, const char *made)
{
    char lock[PK_PATH_MAX];
    const int named = pk_path_join(lock, sizeof lock, d->dir, PK_RESULTDIR_LOCK, NULL, 0) == PK_OK;
    if (named && lock_made && d->lock_fd >= 0)
        unlink(lock); /* held: a writer that locks the unlinked file after this close sees it gone
                       * (lock_current) and makes its own */
    pk_resultdir_close(d);
    if (named && made[0])
        pk_path_remove_made(lock, made); /* a folder that holds anything stays */
}

/* ---- readers ---- */

typedef struct pending {
    journal j;
    char stage[PK_PATH_MAX];
    int found;
} pending;

static int find_pending(void *ud, const char *stage)
{
    pending *p = ud;
    if (read_journal(stage, &p->j) == 1) {
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->found = 1;
        return 1;
    }
    return 0;
}

int pk_resultdir_resolve(const char *dir, const char *name, char *out, size_t len)
{
    pending p = {.found = 0};
    each_stage(dir, find_pending, &p);
    for (size_t i = 0; p.found && i < p.j.nput; i++)
        if (strcmp(p.j.put[i], name) == 0 && pk_path_join(out, len, p.stage, name, NULL, 0) == PK_OK &&
            access(out, F_OK) == 0)
            return PK_OK;
    for (size_t i = 0; p.found && i < p.j.ndel; i++)
        if (strcmp(p.j.del[i], name) == 0) {
            errno = ENOENT;
            return PK_EIO;
        }
    return pk_path_join(out, len, dir, name, NULL, 0);
}

int pk_resultdir_holds(const char *dir, const char *const *names, size_t n)
{
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++)
        if (pk_resultdir_resolve(dir, names[i], path, sizeof path) == PK_OK && pk_path_is_file(path))
            return 1;
    return 0;
}
