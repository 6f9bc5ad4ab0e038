/* Invariants of a results folder written as one unit (harness/resultdir.h, measured.h): one
 * writer at a time (a second is refused with PK_EBUSY, naming the holder); a commit puts every
 * staged file in place and removes the listed ones, leaving no staging folder; a commit
 * interrupted after its journal reads, for readers, as finished, and the next writer finishes
 * it; a staging folder without a whole journal is a killed writer's and is dropped with the
 * folder unchanged; a commit that fails before its journal changes nothing, and one that would
 * put a file where a folder stands fails before it; a folder named for removal stays. The measured unit:
 * a partial result goes beside the earlier complete pair and never replaces it; a complete
 * result removes the partial pair; readers prefer the complete pair. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/measured.h"
#include "harness/resultdir.h"
#include "tests/pk_files.h"
#include "tests/pk_test.h"

static char dir[256];

static const char *at(const char *name)
{
    static char buf[4][600];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void staged(const pk_resultdir *d, const char *name, const char *text)
{
    char p[4096];
    PK_CHECK(pk_resultdir_stage_path(d->dir, name, p, sizeof p) == PK_OK);
    pk_test_put(p, text);
}

static void lock_and_commit(void)
{
    pk_resultdir d, e;
    char err[512];
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_resultdir_open(&e, dir, err, sizeof err) == PK_EBUSY);
    char want[64];
    snprintf(want, sizeof want, "another pkbench (pid %ld)", (long)getpid());
    PK_CHECK(strstr(err, want) != NULL);
    pk_test_put(at("c"), "old c\n");
    staged(&d, "a", "new a\n");
    staged(&d, "b", "new b\n");
    const char *putv[] = {"a", "b"}, *delv[] = {"c", "never-there"};
    PK_CHECK(pk_resultdir_commit(&d, putv, 2, delv, 2, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("a")), "new a\n");
    PK_CHECK_STR(pk_test_first_line(at("b")), "new b\n");
    PK_CHECK(access(at("c"), F_OK) != 0);
    PK_CHECK(access(d.stage, F_OK) != 0);
    /* Closed: the lock is free again; a commit whose staged file is missing changes nothing. */
    PK_CHECK(pk_resultdir_open(&e, dir, err, sizeof err) == PK_OK);
    const char *missing[] = {"a", "z"};
    staged(&e, "a", "newer a\n");
    PK_CHECK(pk_resultdir_commit(&e, missing, 2, NULL, 0, err, sizeof err) == PK_EIO);
    pk_resultdir_close(&e);
    PK_CHECK_STR(pk_test_first_line(at("a")), "new a\n");
    PK_CHECK(access(e.stage, F_OK) != 0);
    /* A folder where a staged file goes is refused before the journal (its rename would fail
     * at every try to finish the commit): nothing changes. A folder of a name to remove stays,
     * and the rest of the commit goes through. */
    PK_CHECK(mkdir(at("b.d"), 0777) == 0 && mkdir(at("keep"), 0777) == 0);
    PK_CHECK(pk_resultdir_open(&e, dir, err, sizeof err) == PK_OK);
    staged(&e, "a", "newer a\n");
    staged(&e, "b.d", "a file\n");
    const char *onto_folder[] = {"a", "b.d"};
    PK_CHECK(pk_resultdir_commit(&e, onto_folder, 2, NULL, 0, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "b.d: cannot write: Is a directory") != NULL);
    pk_resultdir_close(&e);
    PK_CHECK_STR(pk_test_first_line(at("a")), "new a\n");
    PK_CHECK(access(e.stage, F_OK) != 0);
    PK_CHECK(pk_resultdir_open(&e, dir, err, sizeof err) == PK_OK);
    staged(&e, "a", "newer a\n");
    const char *put_a[] = {"a"}, *del_keep[] = {"keep", "b"};
    PK_CHECK(pk_resultdir_commit(&e, put_a, 1, del_keep, 2, err, sizeof err) == PK_OK);
    pk_resultdir_close(&e);
    PK_CHECK_STR(pk_test_first_line(at("a")), "newer a\n");
    struct stat st;
    PK_CHECK(stat(at("keep"), &st) == 0 && S_ISDIR(st.st_mode) && access(at("b"), F_OK) != 0);
    rmdir(at("keep"));
    rmdir(at("b.d"));
}

/* The folder as a writer killed half way through applying its journal leaves it. */
static void interrupted_commit(void)
{
    char stage[600], p[700], out[4096];
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999999", dir);
    PK_CHECK(mkdir(stage, 0777) == 0);
    snprintf(p, sizeof p, "%s/a", stage);
    pk_test_put(p, "third a\n");
    snprintf(p, sizeof p, "%s/b", stage);
    pk_test_put(p, "third b\n");
    snprintf(p, sizeof p, "%s/COMMIT", stage);
    pk_test_put(p, "pkbench commit 1\nput a\nput b\ndel c2\nend\n");
    pk_test_put(at("c2"), "old c2\n");
    snprintf(p, sizeof p, "%s/a", stage);
    PK_CHECK(rename(p, at("a")) == 0); /* a is in place, b is not yet */
    PK_CHECK(pk_resultdir_resolve(dir, "a", out, sizeof out) == PK_OK);
    PK_CHECK_STR(pk_test_first_line(out), "third a\n");
    PK_CHECK(pk_resultdir_resolve(dir, "b", out, sizeof out) == PK_OK);
    PK_CHECK_STR(pk_test_first_line(out), "third b\n");
    PK_CHECK(pk_resultdir_resolve(dir, "c2", out, sizeof out) == PK_EIO && errno == ENOENT);
    pk_resultdir d;
    char err[512];
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("b")), "third b\n");
    PK_CHECK(access(at("c2"), F_OK) != 0);
    PK_CHECK(access(stage, F_OK) != 0);
}

/* A writer killed while measuring, or while writing its journal: the folder stays as it was. */
static void killed_writer(void)
{
    char stage[600], p[700];
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999998", dir);
    PK_CHECK(mkdir(stage, 0777) == 0);
    snprintf(p, sizeof p, "%s/b", stage);
    pk_test_put(p, "half b\n");
    snprintf(p, sizeof p, "%s/COMMIT", stage);
    pk_test_put(p, "pkbench commit 1\nput b\n"); /* no "end": never a journal */
    char out[4096];
    PK_CHECK(pk_resultdir_resolve(dir, "b", out, sizeof out) == PK_OK);
    PK_CHECK_STR(pk_test_first_line(out), "third b\n");
    pk_resultdir d;
    char err[512];
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("b")), "third b\n");
    PK_CHECK(access(stage, F_OK) != 0);
}

static void measured_unit(void)
{
    pk_table t = {0};
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "host");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = (pk_point){PK_STRAT_STANDARD, 0, 1, 1, 0};
    r.wall_ns = 100;
    pk_table_push(&t, &r);
    char gb[600], err[512], path[4096];
    snprintf(gb, sizeof gb, "%s/gb.json", dir);
    pk_test_put(gb, "{\"context\": {}, \"benchmarks\": []}\n");
    pk_resultdir d;
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_measured_publish(&d, &t, gb, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK(access(at("measured.csv"), F_OK) == 0 && access(at("measured.json"), F_OK) == 0);

    t.partial = 1;
    t.rows[0].wall_ns = 200;
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_measured_publish(&d, &t, gb, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK(access(at("measured.partial.csv"), F_OK) == 0 && access(at("measured.partial.json"), F_OK) == 0);
    pk_table back = {0};
    int partial_only = -1;
    PK_CHECK(pk_measured_read(dir, &back, path, sizeof path, &partial_only, err, sizeof err) == PK_OK);
    PK_CHECK(partial_only == 0 && back.n == 1 && back.rows[0].wall_ns == 100 && !back.partial);
    pk_table_free(&back);

    PK_CHECK(unlink(at("measured.csv")) == 0); /* only the partial pair is left to read */
    PK_CHECK(pk_measured_read(dir, &back, path, sizeof path, &partial_only, err, sizeof err) == PK_OK);
    PK_CHECK(partial_only == 1 && back.n == 1 && back.rows[0].wall_ns == 200 && back.partial);
    pk_table_free(&back);

    /* A complete result without Google Benchmark JSON removes the old measured.json and the
     * partial pair: nothing is left that disagrees with the new measured.csv. */
    t.partial = 0;
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    PK_CHECK(pk_measured_publish(&d, &t, NULL, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK(access(at("measured.csv"), F_OK) == 0);
    PK_CHECK(access(at("measured.json"), F_OK) != 0);
    PK_CHECK(access(at("measured.partial.csv"), F_OK) != 0 && access(at("measured.partial.json"), F_OK) != 0);
    pk_table_free(&t);
}
/* Links are never followed: a stage that is a link is not a stage (what it points to stays); a
 * journal whose SUB is a link, in the stage or in the folder, moves and removes nothing through
 * it (the commit is refused, naming it); a SUB that is a file where a file goes is refused before
 * the journal, so that no later writer is locked out by a commit that cannot finish. */
static void sub_links(void)
{
    pk_resultdir d;
    char err[512], p[4200], stage[600], outside[600];
    snprintf(outside, sizeof outside, "%s.outside", dir);
    snprintf(p, sizeof p, "mkdir -p '%s/sub'", outside);
    PK_CHECK(system(p) == 0);
    snprintf(p, sizeof p, "%s/a", outside);
    pk_test_put(p, "keep a\n");
    snprintf(p, sizeof p, "%s/sub/b", outside);
    pk_test_put(p, "keep b\n");
    char target[4900];
    snprintf(target, sizeof target, "%s/%s", getcwd(p, sizeof p) ? p : ".", outside);
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999995", dir);
    PK_CHECK(symlink(target, stage) == 0);
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    snprintf(p, sizeof p, "%s/a", outside);
    PK_CHECK(access(p, F_OK) == 0);
    snprintf(p, sizeof p, "%s/sub/b", outside);
    PK_CHECK(access(p, F_OK) == 0);
    unlink(stage);
    /* A crafted journal: put through a staged link, remove through a folder's link. */
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999994", dir);
    PK_CHECK(mkdir(stage, 0777) == 0);
    snprintf(p, sizeof p, "%s/ln", stage);
    PK_CHECK(symlink(target, p) == 0);
    PK_CHECK(symlink(target, at("ln")) == 0);
    snprintf(p, sizeof p, "%s/COMMIT", stage);
    pk_test_put(p, "pkbench commit 1\nput ln/a\ndel ln/sub\nend\n");
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot put ln/a in place: its folder is a link or a file") != NULL);
    snprintf(p, sizeof p, "%s/a", outside);
    PK_CHECK_STR(pk_test_first_line(p), "keep a\n");
    snprintf(p, sizeof p, "%s/COMMIT", stage);
    pk_test_put(p, "pkbench commit 1\ndel ln/a\nend\n");
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    snprintf(p, sizeof p, "%s/a", outside);
    PK_CHECK_STR(pk_test_first_line(p), "keep a\n");
    unlink(at("ln"));
    /* A file where SUB goes: refused before the journal; the next writer opens the folder. */
    pk_test_put(at("flat"), "a file\n");
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    snprintf(p, sizeof p, "%s/flat", d.stage);
    PK_CHECK(mkdir(p, 0777) == 0);
    staged(&d, "flat/x", "x\n");
    const char *put[] = {"flat/x"};
    PK_CHECK(pk_resultdir_commit(&d, put, 1, NULL, 0, err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot write flat/x: its folder is a link or a file") != NULL);
    pk_resultdir_close(&d);
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("flat")), "a file\n");
    snprintf(p, sizeof p, "rm -rf '%s'", outside);
    PK_CHECK(system(p) == 0);
}

/* A name of the unit may be SUB/NAME (plot's plot-data/): committed, removed, finished after an
 * interruption (SUB made where it is missing), and a killed writer's staged SUB/ cleared. Never
 * a name of three parts, "..", or a bare "SUB/". */
static void sub_names(void)
{
    pk_resultdir d;
    char err[512], p[4200], stage[600];
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    snprintf(p, sizeof p, "%s/data", d.stage);
    PK_CHECK(mkdir(p, 0777) == 0);
    staged(&d, "data/x.dat", "new x\n");
    PK_CHECK(mkdir(at("data"), 0777) == 0);
    pk_test_put(at("data/old.dat"), "old\n");
    const char *put[] = {"data/x.dat"}, *del[] = {"data/old.dat"}, *bad[] = {"data/../a", "a/b/c", "data/"};
    for (size_t i = 0; i < 3; i++)
        PK_CHECK(pk_resultdir_commit(&d, bad + i, 1, NULL, 0, err, sizeof err) == PK_EIO);
    PK_CHECK(pk_resultdir_commit(&d, put, 1, del, 1, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("data/x.dat")), "new x\n");
    PK_CHECK(access(at("data/old.dat"), F_OK) != 0 && access(d.stage, F_OK) != 0);
    /* Interrupted before its SUB was made: the next writer makes it and puts the file in place. */
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999997", dir);
    snprintf(p, sizeof p, "%s/fresh", stage);
    PK_CHECK(mkdir(stage, 0777) == 0 && mkdir(p, 0777) == 0);
    snprintf(p, sizeof p, "%s/fresh/y.dat", stage);
    pk_test_put(p, "new y\n");
    snprintf(p, sizeof p, "%s/COMMIT", stage);
    pk_test_put(p, "pkbench commit 1\nput fresh/y.dat\ndel data/x.dat\nend\n");
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK_STR(pk_test_first_line(at("fresh/y.dat")), "new y\n");
    PK_CHECK(access(at("data/x.dat"), F_OK) != 0 && access(stage, F_OK) != 0);
    /* A killed writer's stage with a SUB/ and no journal: removed whole. */
    snprintf(stage, sizeof stage, "%s/.pkbench-commit.999996", dir);
    snprintf(p, sizeof p, "%s/data", stage);
    PK_CHECK(mkdir(stage, 0777) == 0 && mkdir(p, 0777) == 0);
    snprintf(p, sizeof p, "%s/data/z.dat", stage);
    pk_test_put(p, "half z\n");
    PK_CHECK(pk_resultdir_open(&d, dir, err, sizeof err) == PK_OK);
    pk_resultdir_close(&d);
    PK_CHECK(access(stage, F_OK) != 0 && access(at("data/z.dat"), F_OK) != 0);
    sub_links();
}

int main(void)
{
    char cmd[700];
    snprintf(dir, sizeof dir, "resultdir.%ld/run", (long)getpid());
    snprintf(cmd, sizeof cmd, "rm -rf 'resultdir.%ld'", (long)getpid());
    if (system(cmd) != 0)
        return 1;
    lock_and_commit();
    interrupted_commit();
    killed_writer();
    measured_unit();
    sub_names();
    if (system(cmd) != 0)
        return 1;
    return pk_test_done("harness.resultdir");
}
