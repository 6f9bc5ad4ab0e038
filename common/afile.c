/* Atomic output files: write to a temporary name, rename on commit (see afile.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "common/afile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"

static unsigned long afile_seq;

static long tmp_pid(const char *name);

void pk_afile_each_stale(const char *path, const char *infix, void (*fn)(const pk_afile_stale *s, void *arg),
                         void *arg)
{
    char dir[PK_PATH_MAX];
    const char *base;
    if (pk_path_split(path, dir, sizeof dir, &base) != PK_OK)
        return;
    const size_t blen = strlen(base), ilen = strlen(infix);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, blen) != 0 || strncmp(e->d_name + blen, infix, ilen) != 0)
            continue;
        char *end;
        pk_afile_stale s = {.dfd = dirfd(d), .dir = dir, .name = e->d_name};
        s.pid = strtol(e->d_name + blen + ilen, &end, 10);
        s.rest = end;
        if (s.pid > 0 && s.pid != (long)getpid() && kill((pid_t)s.pid, 0) != 0 && errno == ESRCH &&
            fstatat(s.dfd, s.name, &s.st, AT_SYMLINK_NOFOLLOW) == 0 && time(NULL) - s.st.st_mtime > PK_AFILE_STALE_S)
            fn(&s, arg);
    }
    closedir(d);
}

/* Removes a temporary of path (PATH.tmp.PID.SEQ[.bak]) whose writer no longer runs: a writer
 * killed before its rename (a trace import stopped half way left 100 MB) leaves them, and no
 * folder's lock clears them where the writer takes none. Without a lock the pid alone does not
 * say "dead" on a file system that other hosts share: pk_afile_each_stale also waits
 * PK_AFILE_STALE_S. */
static void remove_stale_tmp(const pk_afile_stale *s, void *arg)
{
    (void)arg;
    if (s->pid == tmp_pid(s->name))
        unlinkat(s->dfd, s->name, 0);
}

/* This process's temporaries, by name, for the signal handler (pk_afile_remove_on_signals):
 * a slot is free (0), being filled (1) or live (2). Names are copied: a pk_afile may move. */
#define LIVE_SLOTS 64
static char live_name[LIVE_SLOTS][sizeof((pk_afile *)0)->tmp];
static volatile sig_atomic_t live_state[LIVE_SLOTS];

static void live_add(const char *tmp)
{
    for (int i = 0; i < LIVE_SLOTS; i++) {
        sig_atomic_t free_slot = 0;
        if (__atomic_compare_exchange_n(&live_state[i], &free_slot, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            snprintf(live_name[i], sizeof live_name[i], "%s", tmp);
            __atomic_store_n(&live_state[i], 2, __ATOMIC_RELEASE);
            return;
        }
    }
    /* more at once than the slots hold: this one is left to the next writer (pk_afile_clean_stale) */
}

/* Forgets tmp (about to be renamed or removed) before it goes. */
static void live_drop(const char *tmp)
{
    for (int i = 0; tmp[0] && i < LIVE_SLOTS; i++)
        if (__atomic_load_n(&live_state[i], __ATOMIC_ACQUIRE) == 2 && strcmp(live_name[i], tmp) == 0) {
            __atomic_store_n(&live_state[i], 0, __ATOMIC_RELEASE);
            return;
        }
}

static void remove_live(int sig)
{
    for (int i = 0; i < LIVE_SLOTS; i++)
        if (live_state[i] == 2)
            unlink(live_name[i]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig); /* the default action: the process ends as it would have */
}

/* The signals that end a writer: its temporaries go first (pk_afile_remove_on_signals), or they
 * wait while a whole output is put in place (pk_afile_hold_signals). */
static const int ending[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};

void pk_afile_hold_signals(sigset_t *was)
{
    sigset_t hold;
    sigemptyset(&hold);
    for (size_t i = 0; i < sizeof ending / sizeof ending[0]; i++)
        sigaddset(&hold, ending[i]);
    sigprocmask(SIG_BLOCK, &hold, was);
}

void pk_afile_remove_on_signals(void)
{
    for (size_t i = 0; i < sizeof ending / sizeof ending[0]; i++) {
        struct sigaction old, sa = {.sa_handler = remove_live};
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        if (sigaction(ending[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) /* an ignored one stays so */
            sigaction(ending[i], &sa, NULL);
    }
}

/* 1 when following path's links passes through a process's descriptors (/proc/PID/fd/N,
 * /proc/self/fd/N, /dev/fd/N): the file at the end is one a process has open. */
static int via_descriptor(const char *path)
{
    char cur[4096], next[4096];
    snprintf(cur, sizeof cur, "%s", path);
    for (int hop = 0; hop < 40; hop++) {
        if (strncmp(cur, "/proc/", 6) == 0 || strncmp(cur, "/dev/fd/", 8) == 0)
            return 1;
        ssize_t n = readlink(cur, next, sizeof next - 1);
        if (n < 0)
            return 0; /* not a link: the end of the chain */
        next[n] = '\0';
        if (next[0] != '/') { /* relative to the link's folder */
            char *slash = strrchr(cur, '/');
            int keep = slash ? (int)(slash - cur) + 1 : 0;
            char joined[4096];
            if (snprintf(joined, sizeof joined, "%.*s%s", keep, cur, next) >= (int)sizeof joined)
                return 1; /* too long to follow: treated as unsafe */
            snprintf(cur, sizeof cur, "%s", joined);
        } else
            snprintf(cur, sizeof cur, "%s", next);
    }
    return 1; /* a loop */
}

/* 1 when st is the file open on this process's standard input, output or error. */
static int is_std_stream(const struct stat *st)
{
    struct stat s;
    for (int fd = 0; fd <= 2; fd++)
        if (fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino)
            return 1;
    return 0;
}

int pk_afile_open(pk_afile *f, const char *path)
{
    memset(f, 0, sizeof *f);
    if (strlen(path) + PK_AFILE_TMP_SUFFIX_MAX >= sizeof f->tmp) {
        errno = ENAMETOOLONG;
        return PK_EIO;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    struct stat st;
    char *real = NULL; /* the file a link names */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return PK_EIO;
    }
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        /* Written through the link: the rename would replace the link with a file and leave the
         * file it names as it was. A link to nothing is refused, and one to a descriptor (the
         * file /dev/stdout names is one a shell opened for this process: replaced, it would take
         * what was there and all that is printed after) or to a file this process has open on
         * its standard streams. */
        real = realpath(path, NULL);
        struct stat rs;
        if (!real || strlen(real) + PK_AFILE_TMP_SUFFIX_MAX >= sizeof f->tmp || via_descriptor(path) ||
            (stat(real, &rs) == 0 && is_std_stream(&rs))) {
            errno = real && strlen(real) + PK_AFILE_TMP_SUFFIX_MAX >= sizeof f->tmp ? ENAMETOOLONG : EINVAL;
            free(real);
            return PK_EIO;
        }
        snprintf(f->path, sizeof f->path, "%s", real);
        path = real;
    }
    pk_afile_each_stale(path, PK_AFILE_TMP_INFIX, remove_stale_tmp, NULL);
    unsigned long seq = __atomic_fetch_add(&afile_seq, 1, __ATOMIC_RELAXED);
    snprintf(f->tmp, sizeof f->tmp, "%s" PK_AFILE_TMP_INFIX "%ld.%lu", path, (long)getpid(), seq);
    free(real);
    int fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 && !(f->fp = fdopen(fd, "w"))) {
        int saved = errno;
        close(fd);
        unlink(f->tmp);
        errno = saved;
    }
    if (!f->fp)
        f->tmp[0] = '\0';
    else
        live_add(f->tmp);
    return f->fp ? PK_OK : PK_EIO;
}

/* Flushes, syncs and closes f (the temporary stays); 0, or -1 with errno set and the temporary
 * removed. */
static int finish(pk_afile *f)
{
    if (!f->fp) {
        errno = EBADF;
        return -1;
    }
    int saved = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        saved = errno ? errno : EIO;
    else if (fsync(fileno(f->fp)) != 0 && errno != EINVAL && errno != EROFS)
        saved = errno;
    if (fclose(f->fp) != 0 && !saved)
        saved = errno;
    f->fp = NULL;
    if (saved) {
        live_drop(f->tmp);
        unlink(f->tmp);
        f->tmp[0] = '\0';
        errno = saved;
        return -1;
    }
    return 0;
}

int pk_afile_commit(pk_afile *f)
{
    return pk_afile_commit_all(f, 1, NULL);
}

/* bak[i] of a target that existed but could not be linked (a file system without hard links):
 * its rename cannot be undone, so a roll-back leaves it. */
#define NO_BACKUP "\x01"

/* Puts back the files replaced by renames 0..k-1 (bak[i] holds the previous file, is empty
 * when there was none, or NO_BACKUP). */
static void roll_back(pk_afile *f, char (*bak)[4096], size_t k)
{
    for (size_t i = 0; i < k; i++) {
        if (strcmp(bak[i], NO_BACKUP) == 0)
            continue;
        if (bak[i][0])
            rename(bak[i], f[i].path);
        else
            unlink(f[i].path);
        bak[i][0] = '\0';
    }
}

int pk_afile_commit_all(pk_afile *f, size_t n, size_t *failed)
{
    size_t i;
    int saved = 0;
    for (i = 0; i < n && !saved; i++)
        if (finish(&f[i]) != 0)
            saved = errno;
    if (saved) {
        if (failed)
            *failed = i - 1;
        for (size_t k = 0; k < n; k++)
            pk_afile_abort(&f[k]);
        errno = saved;
        return PK_EIO;
    }
    char(*bak)[4096] = n > 1 ? calloc(n, sizeof *bak) : NULL;
    if (n > 1 && !bak) {
        for (size_t k = 0; k < n; k++)
            pk_afile_abort(&f[k]);
        errno = ENOMEM;
        return PK_EIO;
    }
    /* The signals that end the process wait until the group is in or put back: one between two
     * renames left the group half replaced, and one between forgetting a temporary and its
     * rename left it behind. */
    sigset_t was;
    pk_afile_hold_signals(&was);
    for (i = 0; i < n; i++) {
        /* A hard link keeps the file this rename replaces until the whole group is in. */
        if (bak && snprintf(bak[i], sizeof bak[i], "%s.bak", f[i].tmp) < (int)sizeof bak[i] &&
            link(f[i].path, bak[i]) != 0)
            snprintf(bak[i], sizeof bak[i], "%s", errno == ENOENT ? "" : NO_BACKUP);
        live_drop(f[i].tmp); /* renamed now, or removed by the abort below */
        if (rename(f[i].tmp, f[i].path) != 0) {
            saved = errno;
            if (bak && bak[i][0] && strcmp(bak[i], NO_BACKUP) != 0)
                unlink(bak[i]);
            roll_back(f, bak, i);
            break;
        }
        f[i].tmp[0] = '\0';
    }
    if (saved) {
        if (failed)
            *failed = i;
        for (size_t k = 0; k < n; k++)
            pk_afile_abort(&f[k]);
    }
    for (size_t k = 0; bak && k < n; k++)
        if (bak[k][0] && strcmp(bak[k], NO_BACKUP) != 0)
            unlink(bak[k]);
    sigprocmask(SIG_SETMASK, &was, NULL); /* a signal held meanwhile acts now */
    free(bak);
    errno = saved;
    return saved ? PK_EIO : PK_OK;
}

void pk_afile_abort(pk_afile *f)
{
    if (f->fp) {
        fclose(f->fp);
        f->fp = NULL;
    }
    if (f->tmp[0]) {
        live_drop(f->tmp);
        unlink(f->tmp);
        f->tmp[0] = '\0';
    }
}

/* The writer's pid in NAME.tmp.PID.SEQ[.bak], or 0 when name is not a temporary's. */
static long tmp_pid(const char *name)
{
    const char *p = NULL, *s = name;
    while ((s = strstr(s, PK_AFILE_TMP_INFIX)) != NULL)
        p = s++;
    if (!p)
        return 0;
    char *end;
    long pid = strtol(p + strlen(PK_AFILE_TMP_INFIX), &end, 10);
    if (pid <= 0 || *end != '.')
        return 0;
    strtoul(end + 1, &end, 10);
    return *end == '\0' || strcmp(end, ".bak") == 0 ? pid : 0;
}

size_t pk_afile_clean_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t removed = 0;
    int dfd = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = tmp_pid(e->d_name);
        if (pid == 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        removed += unlinkat(dfd, e->d_name, 0) == 0;
    }
    closedir(d);
    return removed;
}
