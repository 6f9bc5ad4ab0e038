/* Plain or gzipped text inputs (see gzin.h). A gzipped file is inflated whole into an anonymous
 * temporary file, so that the readers keep their FILE * and line numbers; with inflate() rather
 * than gzread(), which takes bytes after a member that are not another member for trailing
 * garbage and stops there without an error (a damaged second member was half read). */
#include "common/gzin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#ifdef PKB_HAVE_ZLIB
#include <zlib.h>
#endif

#ifdef PKB_HAVE_ZLIB
enum { GZ_IN = 1 << 14, GZ_OUT = 1 << 16 };

typedef struct gz_job {
    z_stream zs;
    unsigned char in[GZ_IN], out[GZ_OUT];
    long long total; /* bytes inflated */
    FILE *tmp;
} gz_job;

/* Writes what inflate made into zs's output buffer to the temporary file; NULL or why not. */
static const char *gz_drain(gz_job *j, char *what, size_t len)
{
    size_t n = GZ_OUT - j->zs.avail_out;
    j->total += (long long)n;
    if (j->total > PK_GZIN_MAX_BYTES)
        return snprintf(what, len, "inflates to more than %lld bytes", PK_GZIN_MAX_BYTES), what;
    if (n && fwrite(j->out, 1, n, j->tmp) != n)
        return snprintf(what, len, "cannot write the inflated text: %s", strerror(errno)), what;
    j->zs.next_out = j->out;
    j->zs.avail_out = GZ_OUT;
    return NULL;
}

/* Inflates every gzip member of fp (positioned at its start) into j->tmp, strictly, as gzip -t
 * checks a file: each member whole (zlib checks its CRC and length), and after a member only
 * another member (its magic) or the end. NULL, or why not into what. */
static const char *gz_inflate(gz_job *j, FILE *fp, char *what, size_t len)
{
    unsigned member = 1;
    int open = 1, z = Z_OK;
    const char *why;
    j->zs.next_out = j->out;
    j->zs.avail_out = GZ_OUT;
    for (;;) {
        if (j->zs.avail_in == 0) {
            size_t got = fread(j->in, 1, GZ_IN, fp);
            if (got == 0 && ferror(fp))
                return snprintf(what, len, "read error: %s", strerror(errno)), what;
            if (got == 0)
                break;
            j->zs.next_in = j->in;
            j->zs.avail_in = (uInt)got;
        }
        if (!open) { /* a member ended and more bytes follow: they must start the next */
            if (j->zs.avail_in < 2) { /* the magic may straddle a read */
                int c = fgetc(fp);
                if (c != EOF) {
                    memmove(j->in, j->zs.next_in, j->zs.avail_in);
                    j->in[j->zs.avail_in++] = (unsigned char)c;
                    j->zs.next_in = j->in;
                }
            }
            if (j->zs.avail_in < 2 || j->zs.next_in[0] != 0x1f || j->zs.next_in[1] != 0x8b)
                return snprintf(what, len, "trailing bytes after gzip member %u that are not gzip data", member), what;
            if (inflateReset(&j->zs) != Z_OK)
                return "out of memory";
            open = 1;
            member++;
        }
        z = inflate(&j->zs, Z_NO_FLUSH);
        if (z == Z_BUF_ERROR) /* no progress with input and room for output: cannot be */
            return snprintf(what, len, "corrupt gzip data in member %u: inflate stalled", member), what;
        if (z == Z_MEM_ERROR)
            return "out of memory";
        if (z == Z_DATA_ERROR || z == Z_NEED_DICT || z == Z_STREAM_ERROR)
            return snprintf(what, len, "corrupt gzip data in member %u: %s", member,
                            j->zs.msg ? j->zs.msg : "invalid stream"), what;
        if ((why = gz_drain(j, what, len)))
            return why;
        if (z == Z_STREAM_END)
            open = 0;
    }
    /* the input has ended: drain what inflate still holds, and insist on the member's end */
    while (open) {
        z = inflate(&j->zs, Z_FINISH);
        if ((why = gz_drain(j, what, len)))
            return why;
        if (z == Z_STREAM_END)
            open = 0;
        else if (z == Z_BUF_ERROR || (z == Z_OK && j->zs.avail_out != 0))
            return "truncated gzip data (the compressed stream ends early)";
        else if (z != Z_OK)
            return snprintf(what, len, "corrupt gzip data in member %u: %s", member,
                            j->zs.msg ? j->zs.msg : "invalid stream"), what;
    }
    return NULL;
}

/* Inflates the gzip file fp (positioned at its start; closed here) into a temporary file.
 * Returns 0 and *out positioned at its start, or PK_EIO with err set. */
static int inflate_all(FILE *fp, const char *path, FILE **out, char *err, size_t errlen)
{
    char what[PK_PATH_MAX + 160];
    const char *why = NULL;
    gz_job *j = calloc(1, sizeof *j);
    if (!j || inflateInit2(&j->zs, 16 + MAX_WBITS) != Z_OK) {
        free(j);
        fclose(fp);
        snprintf(err, errlen, "%s: out of memory", path);
        return PK_EIO;
    }
    if (!(j->tmp = pk_path_tmpfile(what, sizeof what)))
        why = what;
    if (!why)
        why = gz_inflate(j, fp, what, sizeof what);
    if (!why && (fflush(j->tmp) != 0 || fseek(j->tmp, 0, SEEK_SET) != 0))
        why = (snprintf(what, sizeof what, "cannot read the inflated text back: %s", strerror(errno)), what);
    inflateEnd(&j->zs);
    fclose(fp);
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        if (j->tmp)
            fclose(j->tmp);
        free(j);
        return PK_EIO;
    }
    *out = j->tmp;
    free(j);
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
    if (fseek(fp, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        fclose(fp);
        return PK_EIO;
    }
    return inflate_all(fp, path, out, err, errlen);
#else
    fclose(fp);
    snprintf(err, errlen, "%s: gzip data, and this pkbench was built without zlib (install zlib1g-dev)", path);
    return PK_EIO;
#endif
}

int pk_gzin_which(const char *path, char *out, size_t len)
{
    if (access(path, F_OK) == 0)
        return (size_t)snprintf(out, len, "%s", path) < len;
    return (size_t)snprintf(out, len, "%s.gz", path) < len && access(out, F_OK) == 0;
}

int pk_gzin_exists(const char *path)
{
    char which[PK_PATH_MAX];
    return pk_gzin_which(path, which, sizeof which);
}

int pk_gzin_open(const char *path, FILE **fp, char *used, size_t usedlen, char *err, size_t errlen)
{
    *fp = NULL;
    snprintf(used, usedlen, "%s", path);
    FILE *f;
    if (pk_input_open(path, &f, err, errlen) == PK_OK)
        return plain_or_inflated(f, path, fp, err, errlen);
    char gz[PK_PATH_MAX], gzerr[512];
    /* path there but unreadable is the answer; path.gz only stands in for a missing path */
    if (!pk_gzin_which(path, gz, sizeof gz) || strcmp(gz, path) == 0)
        return PK_EIO; /* err already says why PATH could not be opened */
    if (pk_input_open(gz, &f, gzerr, sizeof gzerr) != PK_OK) {
        snprintf(err, errlen, "%s", gzerr);
        return PK_EIO;
    }
    snprintf(used, usedlen, "%s", gz);
    return plain_or_inflated(f, gz, fp, err, errlen);
}
