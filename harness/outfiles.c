/* Output files written all or none (see outfiles.h). */
#include "harness/outfiles.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"

int pk_outfiles_open(pk_outfiles *o, pk_resultdir *rd, const char *dir, const char *const *names, size_t n,
                     char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->rd = rd;
    o->dir = dir;
    o->names = names;
    if (n > PK_OUTFILES_MAX || (rd && n > PK_RESULTDIR_MAX_FILES)) {
        snprintf(err, errlen, "too many output files");
        return PK_EINVAL;
    }
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        int rc = pk_path_join(path, sizeof path, rd ? rd->stage : dir, names[i], err, errlen);
        if (rc == PK_OK && pk_afile_open(&o->f[i], path) != PK_OK) {
            snprintf(err, errlen, "%s/%s: cannot write: %s", dir, names[i], strerror(errno));
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

void pk_outfiles_cannot_write(const pk_outfiles *o, size_t i, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s/%s: cannot write", o->dir, o->names[i]);
}

int pk_outfiles_commit(pk_outfiles *o, const char *const *del, size_t ndel, char *err, size_t errlen)
{
    size_t bad = 0;
    if (pk_afile_commit_all(o->f, o->n, &bad) != PK_OK) { /* the earlier files stay when one fails */
        snprintf(err, errlen, "%s/%s: cannot write: %s", o->dir, o->names[bad], strerror(errno));
        pk_outfiles_abort(o);
        return PK_EIO;
    }
    if (o->rd) /* the staged files: before the journal nothing in dir changes, after it all does */
        return pk_resultdir_commit(o->rd, o->names, o->n, del, ndel, err, errlen);
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < ndel; i++)
        if (pk_path_join(path, sizeof path, o->dir, del[i], NULL, 0) == PK_OK)
            unlink(path);
    return PK_OK;
}

void pk_outfiles_abort(pk_outfiles *o)
{
    for (size_t i = 0; i < o->n; i++)
        pk_afile_abort(&o->f[i]);
}
