/* Path joining without silent truncation, and small file-system helpers (see path.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "common/path.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"

int pk_path_fmt(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= len) {
        if (len)
            out[0] = '\0';
        return PK_ERANGE;
    }
    return PK_OK;
}

int pk_path_join(char *out, size_t len, const char *dir, const char *name, char *err, size_t errlen)
{
    int rc = pk_path_fmt(out, len, "%s/%s", dir, name);
    if (rc != PK_OK && err && errlen)
        snprintf(err, errlen, "%s/%s: path too long (more than %zu bytes)", dir, name, len ? len - 1 : 0);
    return rc;
}

int pk_path_split(const char *path, char *dir, size_t len, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    return slash ? pk_path_fmt(dir, len, "%.*s", (int)(slash - path) + (slash == path), path)
                 : pk_path_fmt(dir, len, ".");
}

int pk_path_gz_name(const char *path)
{
    const size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

int pk_path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pk_path_mkdirs(const char *path)
{
    char buf[PK_PATH_MAX];
    if (pk_path_fmt(buf, sizeof buf, "%s", path) != PK_OK) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *s = buf + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *s = '/';
        }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

const char *pk_path_mkdirs_why(const char *path, int e, char *buf, size_t len)
{
    struct stat st;
    const int there = stat(path, &st) == 0;
    if (e == ENOTDIR && there && !S_ISDIR(st.st_mode))
        snprintf(buf, len, "is a file; give a folder");
    else if (there && S_ISDIR(st.st_mode)) /* made already: what fails is writing in it */
        snprintf(buf, len, "cannot write in the folder: %s", strerror(e));
    else
        snprintf(buf, len, "cannot make the folder: %s", strerror(e));
    return buf;
}

/* The directory part of file into buf: "" for a bare name, "/" for a file in /. */
static int parent_of(char *buf, size_t len, const char *file)
{
    if (pk_path_fmt(buf, len, "%s", file) != PK_OK) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(buf, '/');
    if (!slash)
        buf[0] = '\0';
    else
        slash[slash == buf] = '\0';
    return 0;
}

static int resolve_lenient(const char *path, char *out, size_t len);

/* 1 when the last component of path[0, n) is a folder's own name (not "", "." or ".."): a prefix
 * that mkdirs would make. */
static int names_folder(const char *path, size_t n)
{
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    return n > b && !(n - b == 1 && path[b] == '.') && !(n - b == 2 && path[b] == '.' && path[b + 1] == '.');
}

/* 1 when abs is one of the record's folders or under one (the record: pk_path_first_missing's). */
static int under_made(const char *abs, const char *made)
{
    for (const char *r = made; *r; r += strlen(r) + 1) {
        const size_t rl = strlen(r);
        if (strncmp(abs, r, rl) == 0 && (abs[rl] == '\0' || abs[rl] == '/'))
            return 1;
    }
    return 0;
}

/* Both go over the folders on the way to file as written ("x/../d/f": x, then d), each resolved
 * (resolve_lenient), so that "x/../d" names d and not x, and "d//" or "d/" d itself. */
void pk_path_first_missing(const char *file, char *first, size_t len)
{
    char pre[PK_PATH_MAX], abs[PK_PATH_MAX];
    struct stat st;
    size_t used = 0; /* the record's bytes so far, its final terminator not counted */
    if (len)
        first[0] = '\0';
    if (len < 2)
        return; /* no room for a record: nothing named, nothing taken back */
    first[1] = '\0';
    const char *last = strrchr(file, '/');
    for (size_t n = 1; last && n <= (size_t)(last - file); n++) /* the prefixes, shallowest first */
        if ((file[n] == '/' || n == (size_t)(last - file)) && names_folder(file, n)) {
            if (n >= sizeof pre)
                return;
            memcpy(pre, file, n);
            pre[n] = '\0';
            if (resolve_lenient(pre, abs, sizeof abs) != 0 || stat(abs, &st) == 0 || under_made(abs, first))
                continue;
            const size_t al = strlen(abs);
            if (used + al + 2 > len)
                return; /* no room: a later root is left where it is made */
            memcpy(first + used, abs, al + 1);
            used += al + 1;
            first[used] = '\0';
        }
}

void pk_path_remove_made(const char *file, const char *first)
{
    char pre[PK_PATH_MAX], abs[PK_PATH_MAX];
    const char *last = strrchr(file, '/');
    for (size_t n = last ? (size_t)(last - file) : 0; first[0] && n > 0; n--) /* the prefixes, deepest first */
        if ((file[n] == '/' || n == (size_t)(last - file)) && names_folder(file, n) && n < sizeof pre) {
            memcpy(pre, file, n);
            pre[n] = '\0';
            /* not one this file's folders made ("x/../d": d was there) stays; one that holds
             * anything stays too, and so does every folder above it (rmdir fails on those) */
            if (resolve_lenient(pre, abs, sizeof abs) == 0 && under_made(abs, first))
                (void)rmdir(abs);
        }
}

int pk_path_mkparent(const char *file)
{
    char buf[PK_PATH_MAX];
    if (parent_of(buf, sizeof buf, file) != 0)
        return -1;
    return buf[0] && strcmp(buf, "/") != 0 ? pk_path_mkdirs(buf) : 0;
}

int pk_path_parent_creatable(const char *file)
{
    char buf[PK_PATH_MAX];
    return parent_of(buf, sizeof buf, file) == 0 ? pk_path_creatable(buf) : -1;
}

/* 0 when a folder can be made in dir. Permissions tell for everyone but root, who passes access()
 * everywhere, /proc and /sys included: as root a probe folder is made and removed at once. */
static int root_probe(const char *dir)
{
    if (geteuid() != 0)
        return 0;
    char probe[PK_PATH_MAX];
    if (pk_path_fmt(probe, sizeof probe, "%s/.pkbench-probe-%ld", dir, (long)getpid()) != PK_OK)
        return 0; /* no room for the probe's name: the write will tell */
    if (mkdir(probe, 0700) != 0)
        return errno == EEXIST ? 0 : -1;
    rmdir(probe);
    return 0;
}

int pk_path_creatable(const char *dir)
{
    char buf[PK_PATH_MAX];
    if (pk_path_fmt(buf, sizeof buf, "%s", *dir ? dir : ".") != PK_OK) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (;;) {
        struct stat st;
        if (stat(buf, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                return -1;
            }
            return access(buf, W_OK | X_OK) == 0 ? root_probe(buf) : -1;
        }
        if (errno != ENOENT || strcmp(buf, ".") == 0 || strcmp(buf, "/") == 0)
            return -1;
        char *slash = strrchr(buf, '/');
        while (slash && slash > buf && slash[1] == '\0') { /* "a/b/" */
            *slash = '\0';
            slash = strrchr(buf, '/');
        }
        if (!slash)
            snprintf(buf, sizeof buf, ".");
        else if (slash == buf)
            buf[1] = '\0'; /* "/" */
        else
            *slash = '\0';
    }
}

/* path made absolute with the folders that exist resolved (realpath: links followed) and the
 * rest appended as written, '.' dropped and '..' taking one back: where path would be once
 * made. 0, or -1 when it does not fit or no ancestor resolves. */
static int resolve_lenient(const char *path, char *out, size_t len)
{
    char abs[PK_PATH_MAX], cwd[PK_PATH_MAX], real[PATH_MAX];
    if (path[0] != '/' && (!getcwd(cwd, sizeof cwd) || pk_path_fmt(abs, sizeof abs, "%s/%s", cwd, path) != 0))
        return -1;
    if (path[0] == '/' && pk_path_fmt(abs, sizeof abs, "%s", path) != 0)
        return -1;
    size_t cut = strlen(abs); /* abs[0..cut) is tried, shortest last ("/" always resolves) */
    for (;;) {
        char c = abs[cut];
        abs[cut] = '\0';
        const char *r = realpath(cut ? abs : "/", real);
        abs[cut] = c;
        if (r)
            break;
        while (cut > 0 && abs[cut - 1] == '/')
            cut--;
        while (cut > 0 && abs[cut - 1] != '/')
            cut--;
        if (cut == 0 && abs[0] != '/')
            return -1;
    }
    if (pk_path_fmt(out, len, "%s", real) != 0)
        return -1;
    for (const char *p = abs + cut; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            char *slash = strrchr(out, '/');
            slash[slash == out] = '\0'; /* "/x" -> "/", "/" stays */
        } else if (n && !(n == 1 && p[0] == '.')) {
            size_t o = strlen(out);
            if (o + (o > 1) + n + 1 > len)
                return -1;
            if (o > 1)
                out[o++] = '/';
            memcpy(out + o, p, n);
            out[o + n] = '\0';
        }
        p += n + (p[n] == '/');
    }
    return 0;
}

int pk_path_inside(const char *file, const char *dir)
{
    char d[PK_PATH_MAX], f[PK_PATH_MAX];
    if (resolve_lenient(file, f, sizeof f) != 0 || resolve_lenient(dir, d, sizeof d) != 0) /* a link followed */
        return 0;
    size_t n = strlen(d);
    return strncmp(f, d, n) == 0 && (f[n] == '\0' || f[n] == '/' || (n == 1 && d[0] == '/'));
}

int pk_path_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (strcmp(a, b) == 0)
        return 1;
    /* One (or both) is not there yet: where each would be once its folders are made, so that
     * "new/../x.csv" is "x.csv" though "new" does not exist; the name so found may exist (a
     * link to a), and is then compared by inode. */
    char ra[PK_PATH_MAX], rb[PK_PATH_MAX];
    if (resolve_lenient(a, ra, sizeof ra) != 0 || resolve_lenient(b, rb, sizeof rb) != 0)
        return 0;
    if (stat(ra, &sa) == 0 && stat(rb, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    return strcmp(ra, rb) == 0;
}

FILE *pk_path_tmpfile(char *why, size_t whylen)
{
    const char *env = getenv("TMPDIR"), *dir = env && *env ? env : "/tmp";
    char name[PK_PATH_MAX];
    int fd = -1, e = ENAMETOOLONG;
    if (pk_path_join(name, sizeof name, dir, "pkbench.XXXXXX", NULL, 0) == 0) {
        fd = mkstemp(name);
        e = errno;
    }
    if (fd >= 0) {
        unlink(name);
        FILE *f = fdopen(fd, "w+");
        if (f)
            return f;
        e = errno;
        close(fd);
    }
    if (why)
        snprintf(why, whylen, "cannot make a temporary file in %s: %s", dir, strerror(e));
    return NULL;
}

size_t pk_control_len(const char *s)
{
    const unsigned char *c = (const unsigned char *)s;
    if (*c < 0x20 || *c == 0x7f)
        return 1;
    return c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f ? 2 : 0;
}

const char *pk_path_shown(const char *path, char *buf, size_t len)
{
    if (!len)
        return "";
    size_t i = 0, o = 0;
    while (path && path[i] && o + 1 < len) {
        const size_t ctl = pk_control_len(path + i);
        buf[o++] = ctl ? '?' : path[i] == '`' ? '\'' : path[i];
        i += ctl ? ctl : 1;
    }
    buf[o] = '\0';
    return buf;
}
