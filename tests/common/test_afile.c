/* Invariants of atomic output files: a target is replaced only by a whole file; temporary names
 * are unique within a process; a group commit replaces every target or none (a rename that
 * fails puts back the files already replaced); a directory or device target is refused before
 * anything is written, as is a link to nothing, while a link to a file is written through; stale temporaries of dead processes are removed, those of live ones
 * kept, and opening a file removes its own dead writers' temporaries. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/status.h"
#include "tests/pk_files.h"
#include "tests/pk_test.h"

static char dir[256];

static const char *at(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static size_t entries(void)
{
    size_t n = 0;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    if (p) {
        if (fscanf(p, "%zu", &n) != 1)
            n = 0;
        pclose(p);
    }
    return n;
}

static void single(void)
{
    pk_afile a, b;
    pk_test_put(at("one"), "old\n");
    PK_CHECK(pk_afile_open(&a, at("one")) == PK_OK);
    PK_CHECK(pk_afile_open(&b, at("one")) == PK_OK);
    PK_CHECK(strcmp(a.tmp, b.tmp) != 0); /* two writers of one path in one process */
    fputs("new\n", a.fp);
    PK_CHECK_STR(pk_test_first_line(at("one")), "old\n"); /* nothing visible before the commit */
    PK_CHECK(pk_afile_commit(&a) == PK_OK);
    pk_afile_abort(&b);
    PK_CHECK_STR(pk_test_first_line(at("one")), "new\n");
    PK_CHECK_U64(entries(), 1);
}

static void group(void)
{
    pk_afile f[2];
    pk_test_put(at("a"), "old a\n");
    pk_test_put(at("b"), "old b\n");
    PK_CHECK(pk_afile_open(&f[0], at("a")) == PK_OK && pk_afile_open(&f[1], at("b")) == PK_OK);
    fputs("new a\n", f[0].fp);
    fputs("new b\n", f[1].fp);
    size_t bad = 99;
    PK_CHECK(pk_afile_commit_all(f, 2, &bad) == PK_OK);
    PK_CHECK_STR(pk_test_first_line(at("a")), "new a\n");
    PK_CHECK_STR(pk_test_first_line(at("b")), "new b\n");

    /* The second rename fails (its target became a directory): the first is put back. */
    PK_CHECK(pk_afile_open(&f[0], at("a")) == PK_OK && pk_afile_open(&f[1], at("c")) == PK_OK);
    fputs("newer a\n", f[0].fp);
    fputs("c\n", f[1].fp);
    PK_CHECK(mkdir(at("c"), 0777) == 0);
    PK_CHECK(pk_afile_commit_all(f, 2, &bad) == PK_EIO);
    PK_CHECK_U64(bad, 1);
    PK_CHECK_STR(pk_test_first_line(at("a")), "new a\n");
    rmdir(at("c"));

    /* A target that did not exist before is removed again when a later one fails. */
    PK_CHECK(pk_afile_open(&f[0], at("fresh")) == PK_OK && pk_afile_open(&f[1], at("d")) == PK_OK);
    PK_CHECK(mkdir(at("d"), 0777) == 0);
    PK_CHECK(pk_afile_commit_all(f, 2, &bad) == PK_EIO);
    PK_CHECK(access(at("fresh"), F_OK) != 0);
    rmdir(at("d"));
    PK_CHECK_U64(entries(), 3); /* one, a, b: no temporary and no backup left */
}

static void refused(void)
{
    pk_afile f;
    PK_CHECK(pk_afile_open(&f, dir) == PK_EIO && errno == EISDIR);
    PK_CHECK(pk_afile_open(&f, "/dev/null") == PK_EIO && errno == EINVAL);
    PK_CHECK(pk_afile_open(&f, at("no/such/dir")) == PK_EIO);
    pk_afile_abort(&f);
    PK_CHECK(symlink("nothing-here", at("dangling")) == 0);
    PK_CHECK(pk_afile_open(&f, at("dangling")) == PK_EIO && errno == EINVAL);
    PK_CHECK(access(at("nothing-here"), F_OK) != 0); /* nothing made at the link's target */
    unlink(at("dangling"));
}

/* A link is written through: the file it names gets the new content and the link stays a link
 * (the rename replaced the link with a file and left the file it named as it was). */
static void through_link(void)
{
    pk_afile f;
    struct stat st;
    pk_test_put(at("real"), "old\n");
    PK_CHECK(symlink("real", at("link")) == 0);
    PK_CHECK(pk_afile_open(&f, at("link")) == PK_OK);
    fputs("new\n", f.fp);
    PK_CHECK(pk_afile_commit(&f) == PK_OK);
    PK_CHECK(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode));
    PK_CHECK_STR(pk_test_first_line(at("real")), "new\n");
    unlink(at("link"));
    unlink(at("real"));
    /* a link through a descriptor: its file is one a shell opened (replaced, it lost what a >>
     * had put there and everything printed after) */
    pk_test_put(at("shell-out"), "kept\n");
    FILE *held = fopen(at("shell-out"), "a"); /* as a shell's >> holds it */
    char target[64];
    snprintf(target, sizeof target, "/proc/self/fd/%d", held ? fileno(held) : -1);
    PK_CHECK(held && symlink(target, at("out")) == 0);
    PK_CHECK(pk_afile_open(&f, at("out")) == PK_EIO && errno == EINVAL);
    PK_CHECK_STR(pk_test_first_line(at("shell-out")), "kept\n");
    if (held)
        fclose(held);
    unlink(at("out"));
    unlink(at("shell-out"));
    PK_CHECK(pk_afile_open(&f, "/dev/stdout") == PK_EIO); /* not a regular file, or a descriptor */
}

static void stale(void)
{
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0); /* its pid is now free: a dead writer */
    char dead[64], live[64];
    snprintf(dead, sizeof dead, "x.csv.tmp.%ld.0", (long)child);
    snprintf(live, sizeof live, "x.csv.tmp.%ld.0", (long)getppid());
    pk_test_put(at(dead), "half\n");
    pk_test_put(at(live), "busy\n");
    pk_test_put(at("x.tmp.notapid"), "user's\n");
    PK_CHECK_U64(pk_afile_clean_stale(dir), 1);
    PK_CHECK(access(at(dead), F_OK) != 0);
    PK_CHECK(access(at(live), F_OK) == 0);
    PK_CHECK(access(at("x.tmp.notapid"), F_OK) == 0);
    /* Opening a file removes its own dead writers' temporaries (and no other file's, nor a live
     * writer's): a writer that takes no folder lock (trace import, simulate) leaves none behind. */
    char dead_y[64], dead_bak[64];
    snprintf(dead_y, sizeof dead_y, "y.csv.tmp.%ld.3", (long)child);
    snprintf(dead_bak, sizeof dead_bak, "x.csv.tmp.%ld.1.bak", (long)child);
    pk_test_put(at(dead), "half\n");
    pk_test_put(at(dead_bak), "old\n");
    pk_test_put(at(dead_y), "half\n");
    /* A dead pid's temporary touched lately may be a live writer's on another host: it stays. */
    pk_afile f;
    PK_CHECK(pk_afile_open(&f, at("x.csv")) == PK_OK);
    pk_afile_abort(&f);
    PK_CHECK(access(at(dead), F_OK) == 0 && access(at(dead_bak), F_OK) == 0);
    const struct timeval old[2] = {{time(NULL) - PK_AFILE_STALE_S - 60, 0}, {time(NULL) - PK_AFILE_STALE_S - 60, 0}};
    PK_CHECK(utimes(at(dead), old) == 0 && utimes(at(dead_bak), old) == 0 && utimes(at(dead_y), old) == 0 &&
             utimes(at(live), old) == 0);
    PK_CHECK(pk_afile_open(&f, at("x.csv")) == PK_OK);
    pk_afile_abort(&f);
    PK_CHECK(access(at(dead), F_OK) != 0 && access(at(dead_bak), F_OK) != 0);
    PK_CHECK(access(at(dead_y), F_OK) == 0 && access(at(live), F_OK) == 0);
}

int main(void)
{
    snprintf(dir, sizeof dir, "afile.%ld", (long)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir '%s'", dir, dir);
    if (system(cmd) != 0)
        return 1;
    single();
    group();
    refused();
    through_link();
    stale();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return pk_test_done("common.afile");
}
