/* The committed reference results that `pkbench run` compares and plots when no GPU is visible
 * (RESULTS/h200, RESULTS/h100-sxm: each a sweep's measured.csv with the params.json of its
 * calibration), found and checked before the run writes anything. */
#ifndef PK_HARNESS_RUN_REFS_H
#define PK_HARNESS_RUN_REFS_H

#include <stddef.h>

/* A reference: its folder under RESULTS and its label in the run's lines. */
typedef struct pk_run_ref {
    const char *name, *label;
} pk_run_ref;
#define PK_RUN_REFS 2
extern const pk_run_ref pk_run_refs[PK_RUN_REFS];

/* The results folder: flag (run --results) when given, else the source tree's results/ as
 * built. Returns 1 with it in out, 0 when this build knows none (or it does not fit). */
int pk_run_results_dir(const char *flag, char *out, size_t len);

/* 1 when a reference's file is there: anything at path but nothing (a folder too, which its
 * reader then refuses), so that only a file not committed is skipped. */
int pk_run_ref_present(const char *path);
/* The paths of reference `name` under the results folder res: its folder (ref), its measured.csv
 * (meas) and params.json (params), each PK_PATH_MAX bytes. Returns PK_OK, or PK_ERANGE with err
 * (errlen bytes; NULL for none) saying which path does not fit. */
int pk_run_ref_paths(const char *res, const char *name, char *ref, char *meas, char *params, char *err,
                     size_t errlen);
/* 1 when reference r (pk_run_refs[r]) is there under the results folder (pk_run_results_dir of
 * flag): both its files present, so that the run compares it and writes OUT/NAME; 0 when the run
 * skips it (and makes no folder for it). */
int pk_run_ref_there(const char *flag, int r);

/* Reads every reference under the results folder (pk_run_results_dir of flag) that is there
 * (both files; one that is not is skipped, as the run skips it, unless flag is given: a folder
 * named that holds no reference, or half of one, is refused), as `pkbench compare` will read
 * it: measured.csv with its checks (pk_verdict_cli_read), params.json (pk_params_load) and the
 * crossovers' paired check beside the sweep, crosscheck/, where it is that sweep's
 * (pk_paired_read).
 * Returns -1 when all can be read (or no results folder is known), else the exit code after one
 * line as `pkbench CMD: --results: ...` naming the file (and its line where the reader has one):
 * 2 for a file that cannot be read, 71 out of memory. */
int pk_run_refs_check(const char *cmd, const char *flag);

/* The files the steps write into an output folder (OUT/NAME below), the first PK_RUN_DERIVED of
 * them derived from the sweep (compare's, plot's data aside, the paired check's, their logs, and
 * params.json, made from the calibrations around it), and the folders they write (the paired
 * check's, plot's data). Plot's images are NAME.png and NAME.svg of pk_plot_names. */
#define PK_RUN_FILES 23
#define PK_RUN_DERIVED 14
#define PK_RUN_FOLDERS 2
extern const char *const pk_run_files[PK_RUN_FILES];
extern const char *const pk_run_folders[PK_RUN_FOLDERS];
/* The files an earlier run derived from its sweep (compare's, plot's, the paired check's, their
 * logs, and the parameters it modelled the sweep with), removed once this run's sweep has
 * replaced measured.csv: should a later step fail or be stopped, none may stand beside data it
 * does not describe (a report citing the folder's measured.csv, images listed as written;
 * params.json is made again after the second calibration, whatever became of it). Files only; a
 * folder left holding anything stays. */
void pk_run_remove_derived(const char *out);
/* An earlier run's file at path (its calibration before or after the sweep) moved to prev
 * (PATH.prev, of len) before this run writes path, so that it can go back where this run's sweep
 * fails before it replaces measured.csv: the folder then stays the earlier run's, not its
 * measured.csv and params.json beside this run's calibration. prev is "" where it cannot be. A
 * prev already there (a run killed before it put it back) is the earlier run's and stays; path,
 * the killed run's, goes. */
void pk_run_set_aside(const char *path, char *prev, size_t len);
/* back: prev goes back to path (none there: this run's path goes, where there was an earlier
 * run); else prev is removed (this run's sweep replaced measured.csv). */
void pk_run_put_back(const char *path, const char *prev, int back);

/* The run's output folders, OUT/NAME for each of names (n), checked before anything is made or
 * measured: each one a folder or one that can be made, with room under it for the files the
 * steps write, and neither OUT the results folder (pk_run_results_dir of flag) nor OUT/NAME one
 * of its reference folders, which the run reads (and would overwrite). -1 when all pass, else the
 * exit code (2) after one line as `pkbench CMD: --out: ...`. */
int pk_run_out_check(const char *cmd, const char *flag, const char *out, const char *const *names, size_t n);
/* Holds the lock of each OUT/NAME (made) until the run ends (pk_resultdir_hold): its steps
 * write there as before, while a writer outside the run is refused even between its steps. -1
 * when all are held, else the exit code (2) after one line as `pkbench CMD: --out: ...`. */
int pk_run_hold(const char *cmd, const char *out, const char *const *names, size_t n);

#endif
