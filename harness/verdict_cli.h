/* The command-line steps that `pkbench compare --baseline/--candidate` and `pkbench ab` share:
 * reading a run folder's measured.csv with its checks, and reporting regression verdicts (the
 * terminal summary, OUT/verdicts.csv, summary.json and report.md, and the exit code). They print
 * their one-line errors as the command CMD and return exit codes. */
#ifndef PK_HARNESS_VERDICT_CLI_H
#define PK_HARNESS_VERDICT_CLI_H

#include <stddef.h>

#include "harness/baseline.h"
#include "harness/opts.h"
#include "harness/tidy.h"
#include "harness/verdict.h"

/* Reads DIR/measured.csv into t (path: its name) and checks that every summary and pass row has a
 * positive finite wall_ns; on error prints one line naming flag and the file and returns the exit
 * code (t is then empty), else PK_EXIT_OK. */
int pk_verdict_cli_read(const char *cmd, const char *flag, const char *dir, char *path, size_t len, pk_table *t);

/* The verdict options compare and ab share: ids holds the option ids of --threshold, --fdr,
 * --min-sd, --window and --margin in o. Fills vp with the defaults and those options (percent
 * on the command line; --margin, half the threshold unless given, never above it). Returns -1
 * to go on, else the exit code (a one-line usage error as cmd). */
int pk_verdict_cli_options(const char *cmd, const pk_opts *o, const int ids[5], pk_verdict_params *vp);

/* compare --baseline LIST --candidate LIST: reads every folder (comma-separated lists), with
 * inject ("STRATEGY:PCT", may be NULL) multiplies the candidate's medians of STRATEGY (summary
 * and pass rows) by 1 + PCT/100 (a power check: what would the gate find?), with host_state
 * (a params file, may be NULL) also judges the runs with the host's state taken out
 * (pk_hoststate_normalise, pk_baseline_combine), with prior (a prior.csv, may be NULL) moderates
 * each point's spread by its row (pk_baseline_runs_prior), judges,
 * reports (OUT's files when out is not NULL) and returns 1 when a point is slower, else 0; 2 on
 * bad input, 71 out of memory, 74 when the files cannot be written (none is left). */
int pk_verdict_cli_compare(const char *cmd, const char *base_list, const char *cand_list, const pk_verdict_params *vp,
                           const char *inject, const char *host_state, const char *prior, const char *out);

/* compare --fit-prior LIST --out OUT: reads LIST's (comma-separated compare folders, at least 2)
 * spread.csv files, fits the prior of the run-to-run sd (prior.h) and writes OUT/prior.csv under
 * OUT's lock, with a table of it per group on stdout. Returns 0, 2 on bad input, 71, 74. */
int pk_verdict_cli_fit_prior(const char *cmd, const char *list, const char *out);

/* Reports a judged comparison: creates OUT and writes its files (when out is not NULL) under
 * OUT's lock (harness/resultdir.h; taken here unless the caller holds it as held),
 * prints the summary on stdout and "N slower" last; returns the exit code as above (2 when
 * another process holds the lock). */
struct pk_resultdir;
int pk_verdict_cli_report(const char *cmd, const pk_baseline *b, const pk_baseline_desc *d, const char *out,
                          struct pk_resultdir *held);

#endif
