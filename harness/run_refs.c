/* The committed reference results of `pkbench run` (see run_refs.h). */
#include "harness/run_refs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "common/gzin.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/paired.h"
#include "harness/plot_data.h"
#include "harness/resultdir.h"
#include "harness/verdict_cli.h"
#include "sim/params.h"

#ifndef PKB_SOURCE_DIR
#define PKB_SOURCE_DIR ""
#endif

const pk_run_ref pk_run_refs[PK_RUN_REFS] = {{"h200", "H200 reference"}, {"h100-sxm", "H100 reference"}};

int pk_run_results_dir(const char *flag, char *out, size_t len)
{
    const char *base = flag ? flag : PKB_SOURCE_DIR[0] ? PKB_SOURCE_DIR "/results" : NULL;
    if (!base)
        return 0;
    return pk_path_fmt(out, len, "%s", base) == PK_OK;
}

int pk_run_ref_present(const char *path)
{
    struct stat st;
    char gz[PK_PATH_MAX + 4]; /* or NAME.gz, as pkbench's readers take it where NAME is absent */
    if (lstat(path, &st) == 0 || errno != ENOENT)
        return 1;
    snprintf(gz, sizeof gz, "%s.gz", path);
    return lstat(gz, &st) == 0 || errno != ENOENT;
}

int pk_run_ref_paths(const char *res, const char *name, char *ref, char *meas, char *params, char *err,
                     size_t errlen)
{
    return pk_path_join(ref, PK_PATH_MAX, res, name, err, errlen) == PK_OK &&
                   pk_path_join(meas, PK_PATH_MAX, ref, "measured.csv", err, errlen) == PK_OK &&
                   pk_path_join(params, PK_PATH_MAX, ref, "params.json", err, errlen) == PK_OK
               ? PK_OK
               : PK_ERANGE;
}

int pk_run_ref_there(const char *flag, int r)
{
    char res[PK_PATH_MAX], ref[PK_PATH_MAX], meas[PK_PATH_MAX], params[PK_PATH_MAX];
    return pk_run_results_dir(flag, res, sizeof res) &&
           pk_run_ref_paths(res, pk_run_refs[r].name, ref, meas, params, NULL, 0) == PK_OK &&
           pk_run_ref_present(meas) && pk_run_ref_present(params);
}

/* The paired check beside a reference's sweep (crosscheck/), read as compare reads it where it
 * is that sweep's (pk_paired_is_of): 0, or the reader's code with err naming the file. */
static int check_of(const char *ref, const pk_table *meas, char *err, size_t errlen)
{
    char dir[PK_PATH_MAX], path[PK_PATH_MAX], why[256];
    if (pk_path_join(dir, sizeof dir, ref, "crosscheck", NULL, 0) != PK_OK ||
        pk_path_join(path, sizeof path, dir, "measured.csv", NULL, 0) != PK_OK || !pk_gzin_exists(path) ||
        !pk_paired_is_of(dir, meas, why, sizeof why))
        return PK_OK;
    pk_table t = {0};
    pk_paired *v = NULL;
    size_t n = 0;
    int rc = pk_paired_read(path, &t, &v, &n, err, errlen);
    pk_table_free(&t);
    free(v);
    return rc;
}

int pk_run_refs_check(const char *cmd, const char *flag)
{
    char res[PK_PATH_MAX], ref[PK_PATH_MAX], meas[PK_PATH_MAX], params[PK_PATH_MAX], read[PK_PATH_MAX];
    char err[PK_PATH_MAX + 256];
    if (!pk_run_results_dir(flag, res, sizeof res))
        return -1; /* the run says so where it would compare them */
    int found = 0;
    for (int i = 0; i < PK_RUN_REFS; i++) {
        if (pk_run_ref_paths(res, pk_run_refs[i].name, ref, meas, params, err, sizeof err) != PK_OK)
            return pk_cli_usage_error(cmd, "--results: %s", err);
        const int has_meas = pk_run_ref_present(meas), has_params = pk_run_ref_present(params);
        if (flag && has_meas != has_params) /* a folder given: half a reference is a mistake, not "not yet" */
            return pk_cli_usage_error(cmd, "--results: %s holds %s but not %s", ref, has_meas ? "measured.csv" :
                                      "params.json", has_meas ? "params.json" : "measured.csv");
        if (!has_meas || !has_params)
            continue;
        found++;
        pk_table t;
        int rc = pk_verdict_cli_read(cmd, "--results", ref, read, sizeof read, &t);
        if (rc != PK_EXIT_OK)
            return rc;
        rc = check_of(ref, &t, err, sizeof err); /* compare reads it too, where it is this sweep's */
        pk_table_free(&t);
        if (rc != PK_OK)
            return pk_cli_fail(cmd, pk_cli_exit_read(rc), "--results: the crossovers' paired check: %s", err);
        pk_params p;
        pk_params_init(&p);
        rc = pk_params_load(params, &p, err, sizeof err);
        pk_params_free(&p);
        if (rc != PK_OK)
            return pk_cli_fail(cmd, pk_cli_exit_read(rc), "--results: %s", err);
    }
    if (flag && !found)
        return pk_cli_usage_error(cmd, "--results: %s holds no reference (%s/ or %s/, each with measured.csv and "
                                  "params.json)", res, pk_run_refs[0].name, pk_run_refs[1].name);
    return -1;
}

/* Room kept under an output folder for the longest path a step writes there (a staged file,
 * "crosscheck/.pkbench-commit.PID/measured.partial.json.tmp.PID.N", about 70 bytes). */
#define PK_RUN_OUT_ROOM 128

/* The files and folders the steps write into an output folder (and plot's images, below): first
 * those derived from the sweep (run_refs.h), then the rest (checked first, as the steps write them). */
const char *const pk_run_files[PK_RUN_FILES] = {
    "params.json", "report.md", "errors.csv", "decisions.csv", "predicted.csv", "summary.json", "compare.log",
    "plot.log", "crosscheck.log", "crosscheck/of", "crosscheck/measured.csv", "crosscheck/measured.json",
    "crosscheck/measured.partial.csv", "crosscheck/measured.partial.json", "params-before.json", "params-after.json",
    "measured.csv", "measured.json", "calibrate.log", "calibrate-after.log", "sweep.log", "measured.partial.csv",
    "measured.partial.json"};
const char *const pk_run_folders[PK_RUN_FOLDERS] = {"crosscheck", "plot-data"};

/* -1 when nothing in dir stands where a step writes: no folder where a file goes, no file where
 * a folder goes; else the usage error's exit code. */
static int check_steps_room(const char *cmd, const char *dir)
{
    char p[PK_PATH_MAX];
    struct stat st;
    const size_t nf = PK_RUN_FILES, nd = PK_RUN_FOLDERS;
    for (size_t i = 0; i < nf + 2 * PK_PLOT_COUNT + nd; i++) {
        const int folder = i >= nf + 2 * PK_PLOT_COUNT;
        const size_t k = i - nf; /* past the files: the images, then the folders */
        int rc = i < nf      ? pk_path_join(p, sizeof p, dir, pk_run_files[(i + PK_RUN_DERIVED) % nf], NULL, 0)
                 : !folder ? pk_path_fmt(p, sizeof p, "%s/%s.%s", dir, pk_plot_names[k / 2], k % 2 ? "svg" : "png")
                           : pk_path_join(p, sizeof p, dir, pk_run_folders[k - 2 * PK_PLOT_COUNT], NULL, 0);
        if (rc == PK_OK && stat(p, &st) == 0 && (S_ISDIR(st.st_mode) != folder))
            return pk_cli_usage_error(cmd, "--out: %s: %s", p,
                                      folder ? "is a file; give a folder" : "is a folder; give a file name");
    }
    for (size_t i = 0; i <= PK_PLOT_DATA_COUNT; i++) { /* plot's data files, then its log */
        const char *name = i < PK_PLOT_DATA_COUNT ? pk_plot_data_names[i] : PK_PLOT_DATA_LOG;
        if (pk_path_fmt(p, sizeof p, "%s/plot-data/%s", dir, name) == PK_OK && stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            return pk_cli_usage_error(cmd, "--out: %s: is a folder; give a file name", p);
    }
    return -1;
}

int pk_run_out_check(const char *cmd, const char *flag, const char *out, const char *const *names, size_t n)
{
    char res[PK_PATH_MAX], dir[PK_PATH_MAX], ref[PK_PATH_MAX];
    const int known = pk_run_results_dir(flag, res, sizeof res);
    int rc = pk_cli_out_dir(cmd, "--out", out);
    if (rc >= 0)
        return rc;
    if (known && pk_path_same(out, res))
        return pk_cli_usage_error(cmd, "--out: %s: is the results folder (the committed references); give another "
                                       "folder", out);
    for (size_t i = 0; i < n; i++) {
        if (pk_path_join(dir, sizeof dir, out, names[i], NULL, 0) != PK_OK ||
            strlen(dir) + PK_RUN_OUT_ROOM >= PK_PATH_MAX)
            return pk_cli_usage_error(cmd, "--out: %s: path too long", out);
        if ((rc = pk_cli_out_dir(cmd, "--out", dir)) >= 0 || (rc = check_steps_room(cmd, dir)) >= 0)
            return rc;
        for (int r = 0; known && r < PK_RUN_REFS; r++)
            if (pk_path_join(ref, sizeof ref, res, pk_run_refs[r].name, NULL, 0) == PK_OK && pk_path_same(dir, ref))
                return pk_cli_usage_error(cmd, "--out: %s: is the %s the run reads; give another folder", dir,
                                          pk_run_refs[r].label);
    }
    return -1;
}

int pk_run_hold(const char *cmd, const char *out, const char *const *names, size_t n)
{
    char dir[PK_PATH_MAX], err[PK_PATH_MAX + 128];
    for (size_t i = 0; i < n; i++) {
        int fd;
        if (pk_path_join(dir, sizeof dir, out, names[i], err, sizeof err) != PK_OK ||
            pk_resultdir_hold(dir, &fd, err, sizeof err) != PK_OK)
            return pk_cli_usage_error(cmd, "--out: %s", err);
    }
    return -1;
}

void pk_run_remove_derived(const char *out)
{
    char p[PK_PATH_MAX];
    for (size_t i = 0; i < PK_RUN_DERIVED; i++)
        if (pk_path_join(p, sizeof p, out, pk_run_files[i], NULL, 0) == PK_OK)
            unlink(p);
    for (int i = 0; i < PK_PLOT_COUNT; i++)
        for (int svg = 0; svg < 2; svg++)
            if (pk_path_fmt(p, sizeof p, "%s/%s.%s", out, pk_plot_names[i], svg ? "svg" : "png") == PK_OK)
                unlink(p);
    for (size_t i = 0; i < PK_RUN_FOLDERS; i++) {
        DIR *d = pk_path_join(p, sizeof p, out, pk_run_folders[i], NULL, 0) == PK_OK ? opendir(p) : NULL;
        struct dirent *e;
        char f[PK_PATH_MAX];
        while (d && (e = readdir(d)) != NULL)
            if (e->d_name[0] != '.' && pk_path_join(f, sizeof f, p, e->d_name, NULL, 0) == PK_OK &&
                pk_path_is_file(f))
                unlink(f);
        if (d) {
            closedir(d);
            rmdir(p);
        }
    }
}

void pk_run_set_aside(const char *path, char *prev, size_t len)
{
    struct stat st;
    if (pk_path_fmt(prev, len, "%s.prev", path) != PK_OK)
        prev[0] = '\0'; /* cannot: it is replaced as before */
    else if (lstat(prev, &st) == 0) /* a run killed (SIGKILL) before it put prev back: prev is the */
        unlink(path);               /* earlier run's, path that run's own */
    else if (rename(path, prev) != 0 && errno != ENOENT)
        prev[0] = '\0';
}

void pk_run_put_back(const char *path, const char *prev, int back)
{
    if (!prev[0])
        return;
    struct stat st;
    const int had = lstat(prev, &st) == 0;
    if (back && had)
        rename(prev, path);
    else if (back) /* the earlier run had none: this run's goes too */
        unlink(path);
    else
        unlink(prev);
}
