/* Invariant: gnuplot string literals double their quotes; gnuplot is found through $GNUPLOT
 * (and not when it names no program); the scripts folder given is taken only when it holds
 * crossover.gp; and a run renames gnuplot's output onto OUT/NAME.FMT when it wrote some, reports
 * 125 and leaves no file when it wrote none, and passes gnuplot's own failure on, leaving neither
 * OUT/NAME.FMT nor the temporary file it had written. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/gnuplot.h"
#include "tests/pk_test.h"

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    PK_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    chmod(path, mode);
}

int main(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    pk_gnuplot_str(o, "it's");
    fclose(o);
    PK_CHECK_STR(text, "'it''s'");
    free(text);

    char dir[] = "pkb_gnuplot_XXXXXX", gp[256], out[256], path[256];
    PK_CHECK(mkdtemp(dir) != NULL);
    /* A stand-in for gnuplot: writes a whole (if tiny) SVG into the outfile named in its -e expression, or
     * nothing (MODE=none); or writes it and then fails (MODE=fail), as a gnuplot that fails part
     * way through a script leaves what it had drawn. */
    snprintf(gp, sizeof gp, "%s/fake-gnuplot", dir);
    write_file(gp, "#!/bin/sh\n"
                   "out=$(printf '%s' \"$2\" | sed \"s/.*outfile = '\\([^']*\\)'.*/\\1/\")\n"
                   "[ \"$MODE\" = none ] || echo '<svg>plot</svg>' > \"$out\"\n"
                   "[ \"$MODE\" = fail ] && exit 3\n"
                   "exit 0\n",
               0755);
    setenv("GNUPLOT", gp, 1);
    PK_CHECK(pk_gnuplot_find(out, sizeof out) == 1);
    PK_CHECK_STR(out, gp);
    snprintf(path, sizeof path, "%s/none", dir);
    setenv("GNUPLOT", path, 1);
    PK_CHECK(pk_gnuplot_find(out, sizeof out) == 0);

    PK_CHECK(pk_gnuplot_scripts(dir, out, sizeof out) == 0); /* no crossover.gp yet */
    snprintf(path, sizeof path, "%s/crossover.gp", dir);
    write_file(path, "# a script\n", 0644);
    PK_CHECK(pk_gnuplot_scripts(dir, out, sizeof out) == 1);
    PK_CHECK_STR(out, dir);

    char log[256], final[256];
    snprintf(log, sizeof log, "%s/gnuplot.log", dir);
    snprintf(final, sizeof final, "%s/crossover.svg", dir);
    PK_CHECK(pk_gnuplot_run(gp, dir, dir, dir, "crossover", "svg", log) == 0);
    PK_CHECK(access(final, F_OK) == 0);
    unlink(final);
    setenv("MODE", "none", 1);
    PK_CHECK(pk_gnuplot_run(gp, dir, dir, dir, "crossover", "svg", log) == 125);
    PK_CHECK(access(final, F_OK) != 0);
    setenv("MODE", "fail", 1);
    PK_CHECK(pk_gnuplot_run(gp, dir, dir, dir, "crossover", "svg", log) == 3);
    PK_CHECK(access(final, F_OK) != 0);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s" PK_AFILE_TMP_INFIX "%ld.0", final, (long)getpid()); /* the name it wrote to */
    PK_CHECK(access(tmp, F_OK) != 0);
    size_t left = 0; /* and no other file of that name's */
    DIR *d = opendir(dir);
    PK_CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        left += strncmp(e->d_name, "crossover.svg", 13) == 0;
    if (d)
        closedir(d);
    PK_CHECK(left == 0);

    unlink(gp);
    unlink(path);
    unlink(log);
    rmdir(dir);
    return pk_test_done("harness.gnuplot");
}
