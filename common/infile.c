/* Opening input files: regular files of bounded size only (see infile.h). */
#include "common/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"

int pk_input_open(const char *path, FILE **fp, char *err, size_t errlen)
{
    return pk_input_open_max(path, PK_INPUT_MAX_BYTES, fp, err, errlen);
}

int pk_input_open_max(const char *path, long long max_bytes, FILE **fp, char *err, size_t errlen)
{
    char big[64];
    *fp = NULL;
    /* O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return PK_EIO;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (S_ISDIR(st.st_mode))
        why = "is a directory";
    else if (!S_ISREG(st.st_mode))
        why = "is not a regular file";
    else if (max_bytes > 0 && st.st_size > max_bytes)
        why = (snprintf(big, sizeof big, "is larger than %lld bytes", max_bytes), big);
    int flags = why ? 0 : fcntl(fd, F_GETFL);
    if (!why && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 || !(*fp = fdopen(fd, "r"))))
        why = strerror(errno);
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        close(fd);
        return PK_EIO;
    }
    return PK_OK;
}

long long pk_stream_nul_at(FILE *fp)
{
    char buf[65536];
    long long at = 0;
    size_t n;
    if (fseek(fp, 0, SEEK_SET) != 0)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        const char *nul = memchr(buf, '\0', n);
        if (nul)
            return at + (nul - buf);
        at += (long long)n;
    }
    return -1;
}

void pk_json_failure(char *err, size_t errlen, const char *path, FILE *fp, int line, int position, const char *text)
{
    char why[64];
    FILE *own = NULL;
    long long nul = -1;
    if (fp || pk_input_open(path, &own, why, sizeof why) == 0)
        nul = pk_stream_nul_at(fp ? fp : own);
    if (own)
        fclose(own);
    if (nul >= 0 && nul < position)
        snprintf(err, errlen, "%s: invalid JSON: a NUL byte at offset %lld", path, nul);
    else
        snprintf(err, errlen, "%s:%d: invalid JSON: %s", path, line, text);
}
