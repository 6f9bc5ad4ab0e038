/* Atomic output files: write to a temporary name, rename on commit (see afile.h). */
#include "common/afile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"

int pk_afile_open(pk_afile *f, const char *path)
{
    memset(f, 0, sizeof *f);
    if (strlen(path) + 32 >= sizeof f->tmp) {
        errno = ENAMETOOLONG;
        return PK_EIO;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.%ld", path, (long)getpid());
    f->fp = fopen(f->tmp, "w");
    return f->fp ? PK_OK : PK_EIO;
}

int pk_afile_commit(pk_afile *f)
{
    if (!f->fp)
        return PK_EIO;
    int bad = ferror(f->fp);
    bad |= fclose(f->fp) != 0;
    f->fp = NULL;
    if (bad || rename(f->tmp, f->path) != 0) {
        int saved = errno;
        unlink(f->tmp);
        errno = saved;
        return PK_EIO;
    }
    f->tmp[0] = '\0';
    return PK_OK;
}

void pk_afile_abort(pk_afile *f)
{
    if (f->fp) {
        fclose(f->fp);
        f->fp = NULL;
    }
    if (f->tmp[0]) {
        unlink(f->tmp);
        f->tmp[0] = '\0';
    }
}
