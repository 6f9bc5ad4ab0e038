/* Plain or gzipped text inputs (see gzin.h). A gzipped file is inflated whole into an anonymous
 * temporary file, so that the readers keep their FILE * and line numbers. */
#include "harness/gzin.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#ifdef PKB_HAVE_ZLIB
#include <zlib.h>
#endif

#ifdef PKB_HAVE_ZLIB
/* Inflates the gzip stream on fd (every member, as gzip -d does) into a temporary file; closes
 * fd. Returns 0 and *out positioned at its start, or PK_EIO with err set. */
static int inflate_all(int fd, const char *path, FILE **out, char *err, size_t errlen)
{
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        snprintf(err, errlen, "%s: out of memory", path);
        return PK_EIO;
    }
    FILE *tmp = tmpfile();
    if (!tmp) {
        snprintf(err, errlen, "%s: cannot make a temporary file to inflate into: %s", path, strerror(errno));
        gzclose(gz);
        return PK_EIO;
    }
    char buf[1 << 14];
    long long total = 0;
    int n, zerr = Z_OK;
    const char *why = NULL;
    char what[96];
    while ((n = gzread(gz, buf, sizeof buf)) > 0) {
        total += n;
        if (total > PK_GZIN_MAX_BYTES) {
            why = (snprintf(what, sizeof what, "inflates to more than %lld bytes", PK_GZIN_MAX_BYTES), what);
            break;
        }
        if (fwrite(buf, 1, (size_t)n, tmp) != (size_t)n) {
            why = (snprintf(what, sizeof what, "cannot write the inflated text: %s", strerror(errno)), what);
            break;
        }
    }
    const char *msg = gzerror(gz, &zerr);
    if (!why && zerr == Z_BUF_ERROR) /* the input ended inside a member */
        why = "truncated gzip data (the compressed stream ends early)";
    else if (!why && (n < 0 || zerr != Z_OK)) {
        const char *own = msg && strncmp(msg, "<fd:", 4) == 0 ? strstr(msg, ": ") : NULL;
        msg = own ? own + 2 : msg; /* zlib names the descriptor; the message names the file */
        why = (snprintf(what, sizeof what, "corrupt gzip data: %s", msg && *msg ? msg : "unreadable"), what);
    }
    gzclose(gz);
    if (!why && (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0))
        why = (snprintf(what, sizeof what, "cannot read the inflated text back: %s", strerror(errno)), what);
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        fclose(tmp);
        return PK_EIO;
    }
    *out = tmp;
    return PK_OK;
}
#endif

/* fp is open on path: hands it back as it is, or its inflated text when it is gzip data. */
static int plain_or_inflated(FILE *fp, const char *path, FILE **out, char *err, size_t errlen)
{
    unsigned char magic[2];
    size_t got = fread(magic, 1, 2, fp);
    if (!(got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)) {
        if (ferror(fp) || fseek(fp, 0, SEEK_SET) != 0) {
            snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
            fclose(fp);
            return PK_EIO;
        }
        *out = fp;
        return PK_OK;
    }
#ifdef PKB_HAVE_ZLIB
    int fd = dup(fileno(fp));
    fclose(fp);
    if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return PK_EIO;
    }
    return inflate_all(fd, path, out, err, errlen);
#else
    fclose(fp);
    snprintf(err, errlen, "%s: gzip data, and this pkbench was built without zlib (install zlib1g-dev)", path);
    return PK_EIO;
#endif
}

int pk_gzin_open(const char *path, FILE **fp, char *used, size_t usedlen, char *err, size_t errlen)
{
    *fp = NULL;
    snprintf(used, usedlen, "%s", path);
    FILE *f;
    if (pk_input_open(path, &f, err, errlen) == PK_OK)
        return plain_or_inflated(f, path, fp, err, errlen);
    if (access(path, F_OK) == 0)
        return PK_EIO; /* it is there and unreadable: that is the answer */
    char gz[PK_PATH_MAX], gzerr[512];
    if ((size_t)snprintf(gz, sizeof gz, "%s.gz", path) >= sizeof gz || access(gz, F_OK) != 0)
        return PK_EIO; /* err already says PATH: cannot open: No such file or directory */
    if (pk_input_open(gz, &f, gzerr, sizeof gzerr) != PK_OK) {
        snprintf(err, errlen, "%s", gzerr);
        return PK_EIO;
    }
    snprintf(used, usedlen, "%s", gz);
    return plain_or_inflated(f, gz, fp, err, errlen);
}
