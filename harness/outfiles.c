/* Output files written all or none (see outfiles.h). */
#include "harness/outfiles.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"

int pk_outfiles_open(pk_outfiles *o, const char *dir, const char *const *names, size_t n, char *err,
                     size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (n > PK_OUTFILES_MAX) {
        snprintf(err, errlen, "too many output files");
        return PK_EINVAL;
    }
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        int rc = pk_path_join(path, sizeof path, dir, names[i], err, errlen);
        if (rc == PK_OK && pk_afile_open(&o->f[i], path) != PK_OK) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            rc = PK_EIO;
        }
        o->n = i + 1;
        if (rc != PK_OK) {
            pk_outfiles_abort(o);
            return rc;
        }
    }
    return PK_OK;
}

FILE *pk_outfiles_fp(pk_outfiles *o, size_t i)
{
    return o->f[i].fp;
}

const char *pk_outfiles_path(const pk_outfiles *o, size_t i)
{
    return o->f[i].path;
}

int pk_outfiles_commit(pk_outfiles *o, char *err, size_t errlen)
{
    size_t bad = 0;
    if (pk_afile_commit_all(o->f, o->n, &bad) != PK_OK) { /* the earlier files stay when one fails */
        snprintf(err, errlen, "%s: cannot write: %s", o->f[bad].path, strerror(errno));
        pk_outfiles_abort(o);
        return PK_EIO;
    }
    return PK_OK;
}

void pk_outfiles_abort(pk_outfiles *o)
{
    for (size_t i = 0; i < o->n; i++)
        pk_afile_abort(&o->f[i]);
}

void pk_outfiles_remove(const char *dir, const char *const *names, size_t n)
{
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++)
        if (pk_path_join(path, sizeof path, dir, names[i], NULL, 0) == PK_OK)
            unlink(path);
}
