/* Helpers shared by the pkbench subcommands: strict number parsing with one-line errors that
 * name the flag, list and range parsing for sweep axes, and the usage-error exit path. */
#ifndef PK_HARNESS_CLI_H
#define PK_HARNESS_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "common/path.h"

#define PK_EXIT_OK 0
#define PK_EXIT_CHECK 1  /* a check failed: a gate, a regression, a failed run */
#define PK_EXIT_USAGE 2  /* bad usage or bad input */
#define PK_EXIT_OSERR 71 /* out of memory (sysexits' EX_OSERR) */
#define PK_EXIT_IOERR 74 /* an output could not be written (sysexits' EX_IOERR) */
#define PK_EXIT_SKIP 77  /* no device visible (tests skip) */

/* Parses a decimal unsigned integer in [0, max]. Rejects empty text, signs, spaces, trailing
 * junk, and overflow. On failure writes "FLAG: reason" into err and returns PK_EINVAL or
 * PK_ERANGE. */
int pk_cli_u64(const char *flag, const char *text, uint64_t max, uint64_t *out, char *err, size_t errlen);
/* 1 when s is a plain decimal number: [+-]digits[.digits][e[+-]digits] (no spaces, no hex,
 * no inf or nan). */
int pk_cli_is_decimal(const char *s);
/* Parses a plain decimal (pk_cli_is_decimal), finite, in [min, max]; same error convention. */
int pk_cli_double(const char *flag, const char *text, double min, double max, double *out, char *err,
                  size_t errlen);
/* Parses an axis of unsigned values: "a,b,c", "lo:hi:pow2" (powers of two from lo to hi),
 * "lo:hi:+step" or "lo:hi:*factor", or a mix joined by commas. Values are sorted and
 * de-duplicated; at most cap values. Returns the count through *n. */
int pk_cli_u64_list(const char *flag, const char *text, uint64_t max, uint64_t *vals, size_t cap, size_t *n,
                    char *err, size_t errlen);
/* Splits a comma-separated list of names and checks each against allowed (NULL-terminated);
 * stores the indexes into allowed. */
int pk_cli_name_list(const char *flag, const char *text, const char *const *allowed, int *idx, size_t cap,
                     size_t *n, char *err, size_t errlen);

/* Prints "pkbench CMD: MSG" (one line) on stderr and returns PK_EXIT_USAGE, for
 * `return pk_cli_usage_error(...)` in a subcommand's main. MSG's controls are escaped (a
 * newline as the two characters \n, any other control byte as \xHH, and both bytes of a C1
 * control written in UTF-8, CSI among them, so), so that a value it echoes cannot split
 * the line; cmd NULL prints "pkbench: MSG" (the dispatcher's own errors). */
int pk_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes the lock of the output folder out (harness/resultdir.h: created if missing) for a
 * command that writes into it: -1 when held (release it with pk_resultdir_close), else the
 * usage error printed ("pkbench CMD: --out: DIR: another pkbench (pid N) is writing this
 * folder") and its exit code. Call it once the inputs are read, so that bad input leaves no
 * folder behind. */
struct pk_resultdir;
int pk_cli_lock_out(const char *cmd, const char *out, struct pk_resultdir *rd);
/* An output file named by option flag ("--out"), checked before any work: -1 when path can be
 * written (its folder missing but creatable counts); else the one-line usage error ("pkbench CMD:
 * --out: PATH: is a folder; give a file name", "...: cannot make its folder: REASON", "...: cannot
 * write: REASON") and its exit code.
 * A name ending in .gz is refused: pkbench writes plain text, which zcat and other tools would
 * take for gzip by the name. Creates nothing. */
int pk_cli_out_file(const char *cmd, const char *flag, const char *path);
/* path, or "./path" in buf (len bytes) when it starts with '-', so that a command handing it to
 * another as an argument of its own ("--out", path) is not read as an option. */
const char *pk_cli_plain_path(const char *path, char *buf, size_t len);
/* The same for an output folder: -1 when it is a folder or could be made (pk_path_creatable). */
int pk_cli_out_dir(const char *cmd, const char *flag, const char *path);
/* pk_cli_out_dir for dir, then pk_cli_out_file for each DIR/NAME of names (n): the folder and
 * every file a command writes (or replaces) there, checked before its work. */
int pk_cli_out_files(const char *cmd, const char *flag, const char *dir, const char *const *names, size_t n);
/* Makes the output folder path (and its parents): -1 when it is there, else the one-line usage
 * error (pk_path_mkdirs_why's reason) and its exit code. */
int pk_cli_mkdir_out(const char *cmd, const char *flag, const char *path);
/* The same line, returning exit_code. */
int pk_cli_fail(const char *cmd, int exit_code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same line, escaped alike, for a warning or a note that does not end the command
 * ("pkbench CMD: warning: ..."). */
void pk_cli_note(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s for a line that echoes it outside those (a success line on stdout): s itself when it has no
 * control, else buf (len bytes, at least 1) holding s escaped as above, cut short before an
 * escape that does not fit. PK_CLI_ESC_MAX bytes hold any path escaped whole. */
#define PK_CLI_ESC_MAX (4 * PK_PATH_MAX)
const char *pk_cli_esc(const char *s, char *buf, size_t len);
/* The exit code of a failure to read an input with status (PK_E*): PK_EXIT_OSERR when out of
 * memory, else PK_EXIT_USAGE (the input is bad or missing). */
int pk_cli_exit_read(int status);
/* The exit code of a failure to write an output: PK_EXIT_OSERR when out of memory,
 * PK_EXIT_USAGE for a path too long (PK_ERANGE), else PK_EXIT_IOERR. */
int pk_cli_exit_write(int status);

/* Runs this same pkbench binary (/proc/self/exe, else PATH's pkbench) with argv (argv[0] is
 * the subcommand, NULL-terminated) and waits. Its stdout and stderr go to log_path (appended)
 * when not NULL. The child runs in a process group of its own: SIGINT, SIGTERM and SIGHUP
 * received here (from a terminal, a process-group kill or a kill of this process alone) are
 * forwarded to it once, and it gets SIGTERM if this process dies; after such a signal no other
 * child is started (128 + signal is returned at once). Returns the exit status (0..255), 128 +
 * signal when it was killed, or a negative PK_E* code when it could not be started. */
int pk_cli_run_self(char *const argv[], const char *log_path);
/* The same, calling tick(ud) about five times a second while the child runs (tick may be NULL). */
int pk_cli_run_self_watch(char *const argv[], const char *log_path, void (*tick)(void *ud), void *ud);
/* The same for the program at path prog, argv[0] its name: a tool such as gnuplot, which a
 * signal to this process alone (`timeout`, kill) must stop too. */
int pk_cli_run_program(const char *prog, char *const argv[], const char *log_path);
/* The first of those signals received while a child ran, or 0: the command was interrupted. */
int pk_cli_run_interrupted(void);

/* pkbench version and git commit baked in at configure time. */
const char *pk_version(void);
const char *pk_git_commit(void);

#endif
