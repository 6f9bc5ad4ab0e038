/* Finding and running gnuplot (see gnuplot.h). */
#include "harness/gnuplot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"

#ifndef PKB_SOURCE_DIR
#define PKB_SOURCE_DIR ""
#endif
#ifndef PKB_INSTALL_DATADIR
#define PKB_INSTALL_DATADIR "share"
#endif

/* The first executable NAME in a folder of PATH into out; 0 when there is none. */
static int on_path(const char *name, char *out, size_t len)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char *copy = strdup(path), *save = NULL;
    int found = 0;
    for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d && !found; d = strtok_r(NULL, ":", &save)) {
        if ((size_t)snprintf(out, len, "%s/%s", d, name) < len)
            found = access(out, X_OK) == 0;
    }
    free(copy);
    return found;
}

int pk_gnuplot_find(char *out, size_t len)
{
    const char *env = getenv("GNUPLOT");
    if (!env || !*env)
        return on_path("gnuplot", out, len);
    if (!strchr(env, '/')) /* a name, as a shell would look it up */
        return on_path(env, out, len);
    snprintf(out, len, "%s", env);
    return access(out, X_OK) == 0;
}

const char *pk_gnuplot_missing(void)
{
    static char why[256];
    const char *env = getenv("GNUPLOT");
    if (env && *env)
        snprintf(why, sizeof why, "GNUPLOT=%.150s is not an executable program (a path, or a name on PATH)", env);
    else
        snprintf(why, sizeof why, "gnuplot not found (install gnuplot-nox, or set GNUPLOT)");
    return why;
}

int pk_gnuplot_scripts(const char *flag, char *out, size_t len)
{
    char probe[PK_PATH_MAX];
    if (flag)
        return pk_path_fmt(out, len, "%s", flag) == PK_OK &&
               pk_path_join(probe, sizeof probe, out, "crossover.gp", NULL, 0) == PK_OK && pk_path_is_file(probe);
    const char *env = getenv("PKBENCH_PLOTS");
    if (env && *env) /* as the flag: a folder named is the one meant, never passed over */
        return pk_gnuplot_scripts(env, out, len);
    char exe[PK_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char cand[3][PK_PATH_MAX];
    int nc = 0;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (pk_path_fmt(cand[nc], sizeof cand[0], "%s/../%s/pkbench/plots", exe, PKB_INSTALL_DATADIR) == PK_OK)
                nc++;
        }
    }
    if (PKB_SOURCE_DIR[0] && pk_path_join(cand[nc], sizeof cand[0], PKB_SOURCE_DIR, "plots", NULL, 0) == PK_OK)
        nc++;
    for (int i = 0; i < nc; i++)
        if (pk_path_join(probe, sizeof probe, cand[i], "crossover.gp", NULL, 0) == PK_OK && pk_path_is_file(probe) &&
            pk_path_fmt(out, len, "%s", cand[i]) == PK_OK)
            return 1;
    return 0;
}

int pk_gnuplot_env_check(const char *cmd)
{
    const char *env = getenv("PKBENCH_PLOTS");
    char dir[PK_PATH_MAX];
    if (!env || !*env || pk_gnuplot_scripts(env, dir, sizeof dir))
        return -1;
    return pk_cli_usage_error(cmd, "PKBENCH_PLOTS=%s: no crossover.gp there", env);
}

void pk_gnuplot_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* 1 when the image at path ends as a whole one of fmt ("png", "svg") does: a PNG in its IEND chunk,
 * an SVG in its closing tag. gnuplot exits 0 when its writes fail: on a full disk it left 8192 of
 * an SVG's 11957 bytes, and the cut image was put in place as drawn. */
static int image_whole(const char *path, const char *fmt)
{
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char tail[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    if (fseek(f, -(long)sizeof tail, SEEK_END) != 0)
        rewind(f); /* shorter than the tail */
    size_t n = fread(tail, 1, sizeof tail, f);
    fclose(f);
    if (strcmp(fmt, "png") == 0)
        return n >= sizeof iend && memcmp(tail + n - sizeof iend, iend, sizeof iend) == 0;
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' ' || tail[n - 1] == '\t'))
        n--;
    return strcmp(fmt, "svg") != 0 || (n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0);
}

int pk_gnuplot_run(const char *gnuplot, const char *scripts, const char *data, const char *out, const char *name,
                   const char *fmt, const char *log)
{
    char final[PK_PATH_MAX], tmp[PK_PATH_MAX], script[PK_PATH_MAX], expr[4 * PK_PATH_MAX];
    if (pk_path_fmt(final, sizeof final, "%s/%s.%s", out, name, fmt) != PK_OK ||
        pk_path_fmt(tmp, sizeof tmp, "%s" PK_AFILE_TMP_INFIX "%ld.0", final, (long)getpid()) != PK_OK ||
        pk_path_fmt(script, sizeof script, "%s/%s.gp", scripts, name) != PK_OK)
        return PK_ERANGE;
    FILE *m = fmemopen(expr, sizeof expr, "w");
    if (!m)
        return -1;
    fprintf(m, "fmt = '%s'; outfile = ", fmt);
    pk_gnuplot_str(m, tmp);
    fprintf(m, "; scriptdir = ");
    pk_gnuplot_str(m, scripts);
    fprintf(m, "; datadir = ");
    pk_gnuplot_str(m, data);
    fputc('\0', m);
    fclose(m);
    /* Its own process group, and stopped with this process: a plot killed alone (`timeout`,
     * kill) leaves no gnuplot drawing on. */
    char *const argv[] = {"gnuplot", "-e", expr, script, NULL};
    int rc = pk_cli_run_program(gnuplot, argv, log);
    if (rc < 0)
        return -1;
    struct stat sb;
    if (rc == 0 && (stat(tmp, &sb) != 0 || sb.st_size == 0))
        rc = 125; /* gnuplot said nothing but wrote nothing */
    if (rc == 0 && !image_whole(tmp, fmt))
        rc = PK_GNUPLOT_CUT;
    if (rc == 0 && rename(tmp, final) != 0)
        rc = PK_GNUPLOT_UNWRITTEN;
    if (rc != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
    }
    return rc;
}
