/* Path joining without silent truncation, and small file-system helpers (see path.h). */
#include "common/path.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

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
