/* Ctrl-C, SIGTERM, SIGHUP and SIGPIPE for long-running commands: the first signal only sets a
 * flag (the run stops after the current repetition, closes the backend and writes partial
 * files); a repeat within PK_SIGNAL_REPEAT_NS is taken as the same request delivered again
 * (`timeout`, scancel and a fan-out's parent send two at once), a later one gets the default
 * action, so a stuck run can still be killed. SIGKILL cannot be caught: the folder's earlier
 * result then stays (harness/resultdir.h). */
#ifndef PK_HARNESS_SIGNALS_H
#define PK_HARNESS_SIGNALS_H

#include <signal.h>

/* How long after the first signal a repeat is the same request: 1 s. */
#define PK_SIGNAL_REPEAT_NS 1000000000LL

/* The number of the first of those signals received since pk_signals_install, or 0. */
extern volatile sig_atomic_t pk_signal_caught;

/* Installs the handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE; returns 0 or PK_EINVAL. A SIGHUP
 * the process was started ignoring (nohup, `trap '' HUP`) stays ignored: the user asked that the
 * run outlive its terminal. (SIGINT is caught even so: a non-interactive shell's background jobs
 * start with it ignored, and `kill -INT` to one is how scripts and tests stop a run.) */
int pk_signals_install(void);
/* Restores the default actions (SIGHUP ignored again where it was). */
void pk_signals_restore(void);
/* 1 when sig's disposition is SIG_IGN now. */
int pk_signal_ignored(int sig);
/* The exit code for an interrupted run: 128 + signal number (130 for SIGINT). */
int pk_signals_exit_code(void);

#endif
