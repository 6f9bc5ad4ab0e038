/* Invariant: pk_path_creatable (and pk_path_parent_creatable, for a file's folder) says yes for an existing writable directory and for a missing one
 * under it (however deep), and no (with errno) when a component is a regular file, without
 * creating anything; pk_path_mkparent creates the folders a file path needs (none for a bare
 * name) and fails with ENOTDIR under a regular file; pk_path_shown replaces what a terminal or a
 * markdown code span would act on; pk_path_same sees one file through a missing folder's "..". */
#define _XOPEN_SOURCE 700 /* realpath, mkdtemp */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"
#include "tests/pk_test.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* pk_path_first_missing and pk_path_remove_made in dir (which exists), on the folders as they
 * resolve. */
static void check_made(const char *dir)
{
    /* Of "x/../e/lock" with e there, only x is made (and taken back; e, which was there, stays), and
     * "n/d//lock" makes n and n/d. */
    char p[PK_PATH_MAX], q[PK_PATH_MAX], first[PK_PATH_MAX], made[PK_PATH_MAX];
    snprintf(p, sizeof p, "%s/e", dir);
    PK_CHECK(mkdir(p, 0777) == 0);
    snprintf(q, sizeof q, "%s/x/../e/lock", dir);
    pk_path_first_missing(q, first, sizeof first);
    PK_CHECK(first[0] == '/' && strlen(first) > 2 && strcmp(first + strlen(first) - 2, "/x") == 0);
    PK_CHECK(pk_path_mkparent(q) == 0); /* makes x */
    pk_path_remove_made(q, first);
    PK_CHECK(is_dir(p)); /* e stays */
    snprintf(made, sizeof made, "%s/x", dir);
    PK_CHECK(!is_dir(made));
    snprintf(q, sizeof q, "%s/e/lock", dir); /* nothing missing: nothing named, nothing taken */
    pk_path_first_missing(q, first, sizeof first);
    PK_CHECK(first[0] == '\0');
    pk_path_remove_made(q, first);
    PK_CHECK(is_dir(p));
    snprintf(q, sizeof q, "%s/n/d//lock", dir);
    pk_path_first_missing(q, first, sizeof first);
    PK_CHECK(pk_path_mkparent(q) == 0); /* makes n and n/d */
    snprintf(made, sizeof made, "%s/n/d/keep", dir);
    FILE *k = fopen(made, "w");
    PK_CHECK(k != NULL);
    if (k)
        fclose(k);
    pk_path_remove_made(q, first);
    PK_CHECK(pk_path_is_file(made)); /* a folder that holds anything stays */
    PK_CHECK(unlink(made) == 0);
    pk_path_remove_made(q, first);
    snprintf(made, sizeof made, "%s/n", dir);
    PK_CHECK(!is_dir(made)); /* n/d and n, both made, are gone */

    /* "a/b/../../c/lock" takes two branches: a and a/b, then c beside a; all three are made and
     * all three taken back. A record with room for one root names a alone, and c stays. */
    snprintf(q, sizeof q, "%s/a/b/../../c/lock", dir);
    pk_path_first_missing(q, first, sizeof first);
    PK_CHECK(strlen(first) > 2 && strcmp(first + strlen(first) - 2, "/a") == 0);
    const char *second = first + strlen(first) + 1;
    PK_CHECK(strlen(second) > 2 && strcmp(second + strlen(second) - 2, "/c") == 0);
    PK_CHECK(second[strlen(second) + 1] == '\0'); /* two roots, then the record's end */
    PK_CHECK(pk_path_mkparent(q) == 0);
    snprintf(made, sizeof made, "%s/a/b", dir);
    PK_CHECK(is_dir(made));
    snprintf(made, sizeof made, "%s/c", dir);
    PK_CHECK(is_dir(made));
    pk_path_remove_made(q, first);
    PK_CHECK(!is_dir(made)); /* c, outside the first root, is gone too */
    snprintf(made, sizeof made, "%s/a", dir);
    PK_CHECK(!is_dir(made));
    char small[PK_PATH_MAX], adir[PK_PATH_MAX]; /* room for a, not for c too: c is not in the record */
    PK_CHECK(realpath(dir, adir) != NULL);
    const size_t al = strlen(adir) + 2; /* ".../a" */
    pk_path_first_missing(q, small, al + 2);
    PK_CHECK(strlen(small) == al && strcmp(small + al - 2, "/a") == 0 && small[al + 1] == '\0');
    PK_CHECK(pk_path_mkparent(q) == 0);
    pk_path_remove_made(q, small);
    PK_CHECK(!is_dir(made));
    snprintf(made, sizeof made, "%s/c", dir);
    PK_CHECK(is_dir(made) && rmdir(made) == 0); /* c stays: the record had no room for it */
    char one = 'x'; /* room for no record: an empty one all the same */
    pk_path_first_missing(q, &one, 1);
    PK_CHECK(one == '\0');
}

int main(void)
{
    char dir[] = "pkb_path_XXXXXX", p[512], file[512];
    PK_CHECK(mkdtemp(dir) != NULL);
    PK_CHECK(pk_path_creatable(dir) == 0);
    snprintf(p, sizeof p, "%s/a/b/c", dir);
    PK_CHECK(pk_path_creatable(p) == 0);
    snprintf(p, sizeof p, "%s/a", dir);
    PK_CHECK(!is_dir(p)); /* asking created nothing */
    snprintf(p, sizeof p, "%s/a/b/", dir);
    PK_CHECK(pk_path_creatable(p) == 0);
    PK_CHECK(pk_path_creatable("") == 0); /* the current directory */
    snprintf(p, sizeof p, "%s/new/params.json", dir);
    PK_CHECK(pk_path_parent_creatable(p) == 0 && pk_path_parent_creatable("bare.json") == 0);

    snprintf(file, sizeof file, "%s/f", dir);
    FILE *f = fopen(file, "w");
    PK_CHECK(f != NULL);
    if (f)
        fclose(f);
    errno = 0;
    PK_CHECK(pk_path_creatable(file) == -1 && errno == ENOTDIR);
    snprintf(p, sizeof p, "%s/f/x/y", dir);
    errno = 0;
    PK_CHECK(pk_path_creatable(p) == -1 && errno == ENOTDIR);
    snprintf(p, sizeof p, "%s/f/x.json", dir);
    errno = 0;
    PK_CHECK(pk_path_parent_creatable(p) == -1 && errno == ENOTDIR);

    snprintf(p, sizeof p, "%s/m/n/params.json", dir);
    PK_CHECK(pk_path_mkparent(p) == 0);
    snprintf(p, sizeof p, "%s/m/n", dir);
    PK_CHECK(is_dir(p));
    PK_CHECK(pk_path_mkparent("bare-name.json") == 0);
    snprintf(p, sizeof p, "%s/f/x.json", dir);
    errno = 0;
    PK_CHECK(pk_path_mkparent(p) == -1 && errno == ENOTDIR);

    /* pk_path_same: one file by inode when both exist; else where each would be once its
     * folders are made, so a missing folder's ".." cannot hide an input from an output. */
    char q[512];
    snprintf(q, sizeof q, "%s/missing/../f", dir); /* f exists, "missing" does not */
    PK_CHECK(pk_path_same(file, q));
    snprintf(q, sizeof q, "%s/missing/./../m/n/../../f", dir);
    PK_CHECK(pk_path_same(q, file));
    snprintf(p, sizeof p, "%s/new/x.csv", dir);
    snprintf(q, sizeof q, "%s/./new/x.csv", dir);
    PK_CHECK(pk_path_same(p, q)); /* neither exists */
    snprintf(q, sizeof q, "%s/new/y.csv", dir);
    PK_CHECK(!pk_path_same(p, q));
    snprintf(q, sizeof q, "%s/missing/f", dir); /* the same name in another folder */
    PK_CHECK(!pk_path_same(file, q));
    snprintf(p, sizeof p, "%s/link", dir);
    PK_CHECK(symlink("f", p) == 0);
    snprintf(q, sizeof q, "%s/missing/../link", dir); /* a link to f, reached through ".." */
    PK_CHECK(pk_path_same(file, q));

    check_made(dir);

    /* pk_path_mkdirs_why: a file where a folder goes, a folder there already (writing in it is
     * what failed), and a folder that could not be made. */
    char why[160];
    PK_CHECK(strcmp(pk_path_mkdirs_why(file, ENOTDIR, why, sizeof why), "is a file; give a folder") == 0);
    PK_CHECK(strcmp(pk_path_mkdirs_why(dir, EACCES, why, sizeof why), "cannot write in the folder: Permission denied") == 0);
    snprintf(p, sizeof p, "%s/nowhere", dir);
    PK_CHECK(strcmp(pk_path_mkdirs_why(p, EACCES, why, sizeof why), "cannot make the folder: Permission denied") == 0);

    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    PK_CHECK(system(p) == 0);

    /* pk_path_shown: control bytes, C1 controls in UTF-8 and backticks replaced; other UTF-8 kept;
     * cut to the buffer, terminated. */
    char shown[16];
    PK_CHECK(strcmp(pk_path_shown("a\033[31m`b\n", shown, sizeof shown), "a?[31m'b?") == 0);
    PK_CHECK(strcmp(pk_path_shown("x\302\233y/\303\251", shown, sizeof shown), "x?y/\303\251") == 0);
    PK_CHECK(strcmp(pk_path_shown("0123456789abcdefghij", shown, sizeof shown), "0123456789abcde") == 0);
    PK_CHECK(strcmp(pk_path_shown("trail\302", shown, sizeof shown), "trail\302") == 0);
    PK_CHECK(strcmp(pk_path_shown(NULL, shown, sizeof shown), "") == 0);
    PK_CHECK(strcmp(pk_path_shown("abc", shown, 1), "") == 0);

    /* pk_path_split: the folder ("." for a bare name, "/" under the root) and the last component;
     * a folder too long for the buffer is refused, not cut. */
    char holder[8];
    const char *base = NULL;
    PK_CHECK(pk_path_split("a/b/c.csv", holder, sizeof holder, &base) == 0 && strcmp(holder, "a/b") == 0 &&
             strcmp(base, "c.csv") == 0);
    PK_CHECK(pk_path_split("bare", holder, sizeof holder, &base) == 0 && strcmp(holder, ".") == 0 &&
             strcmp(base, "bare") == 0);
    PK_CHECK(pk_path_split("/top", holder, sizeof holder, &base) == 0 && strcmp(holder, "/") == 0 &&
             strcmp(base, "top") == 0);
    PK_CHECK(pk_path_split("dir/", holder, sizeof holder, &base) == 0 && strcmp(holder, "dir") == 0 && !*base);
    PK_CHECK(pk_path_split("12345678/x", holder, sizeof holder, &base) == PK_ERANGE && !holder[0]);
    return pk_test_done("path.dirs");
}
