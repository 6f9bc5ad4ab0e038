/* gnuplot for `pkbench plot`: finding the program and the plot scripts, quoting strings for
 * its command line and data files, and running one script into one output file (written to a
 * temporary name and renamed, so a failed plot leaves no file). */
#ifndef PK_HARNESS_GNUPLOT_H
#define PK_HARNESS_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

/* The gnuplot executable: $GNUPLOT when set (a path, or a name looked up on PATH), else the
 * first gnuplot on PATH. Returns 1 and its path in out, or 0 when there is none. */
int pk_gnuplot_find(char *out, size_t len);
/* Why pk_gnuplot_find found none, for a message: "GNUPLOT=X is not an executable program (...)"
 * when GNUPLOT is set, else "gnuplot not found (install gnuplot-nox, or set GNUPLOT)". */
const char *pk_gnuplot_missing(void);

/* The scripts directory, which must hold crossover.gp: flag when given (--scripts), else
 * $PKBENCH_PLOTS, else <prefix>/<datadir>/pkbench/plots beside the installed binary, else the
 * source tree's plots/. Returns 1 and the directory in out, or 0. A flag or a $PKBENCH_PLOTS
 * given is the only place looked in. */
int pk_gnuplot_scripts(const char *flag, char *out, size_t len);
/* $PKBENCH_PLOTS checked as --scripts is, by the commands that plot before they start: unset,
 * empty, or a folder that holds crossover.gp. Returns -1 when it is, else 2 after one line as
 * `pkbench CMD: PKBENCH_PLOTS=DIR: no crossover.gp there`. */
int pk_gnuplot_env_check(const char *cmd);

/* Writes s as a gnuplot single-quoted string literal ('' escapes a quote). */
void pk_gnuplot_str(FILE *f, const char *s);

/* Runs gnuplot on SCRIPTS/NAME.gp with fmt ("png" or "svg"), datadir and scriptdir set, into
 * OUT/NAME.FMT through a temporary file (OUT/NAME.FMT.tmp.PID.0, which the folder's lock clears
 * once this process is gone: common/afile.h) renamed on success; its output is appended to log.
 * gnuplot runs as pk_cli_run_program runs a tool: a signal to this process stops it too.
 * Returns 0; gnuplot's exit status; 125 when it wrote nothing; 128 + signal when it was killed
 * (pk_cli_run_interrupted says whether by a signal to this process); -1 when it could not be run;
 * PK_ERANGE when a path is too long; PK_GNUPLOT_UNWRITTEN when the image could not be put in place
 * (errno says why); PK_GNUPLOT_CUT when gnuplot exited 0 but its image does not end as a whole PNG
 * or SVG does (its writes failed: a full disk), which is not put in place. */
#define PK_GNUPLOT_UNWRITTEN (-2)
#define PK_GNUPLOT_CUT (-3)
int pk_gnuplot_run(const char *gnuplot, const char *scripts, const char *data, const char *out, const char *name,
                   const char *fmt, const char *log);

#endif
