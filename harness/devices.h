/* Several devices of one host (`pkbench sweep --device all|LIST`): the device list, one worker
 * process per device (this pkbench again, with --device K --out OUT/device-K), and the index
 * OUT/devices.csv that names each device's folder and how its worker ended. */
#ifndef PK_HARNESS_DEVICES_H
#define PK_HARNESS_DEVICES_H

#include <stddef.h>
#include <sys/types.h>

#include "common/backend.h"
#include "common/path.h"
#include "harness/opts.h"

#define PK_DEVICES_MAX 64

typedef struct pk_devices {
    int fan_out; /* "all" or a comma list: one worker per device, results in OUT/device-K/ */
    int all;     /* "all": every device the backend sees (pk_devices_resolve) */
    size_t n;
    int index[PK_DEVICES_MAX];
} pk_devices;

/* Parses --device: NULL (device 0), "K" (that device alone: no fan-out), "all", or "K,L,..."
 * (even a list of one: fan-out). Indexes are 0..1023, at most PK_DEVICES_MAX, none twice.
 * Returns 0 or PK_EINVAL with "--device: ..." in err. */
int pk_devices_parse(const char *text, pk_devices *d, char *err, size_t errlen);
/* Fills "all" from the backend's device count and checks every listed index against it.
 * Returns 0, or PK_ENODEV (none visible, or an index beyond them) or PK_EINVAL (the backend
 * refuses a setting) with the reason in err. */
int pk_devices_resolve(pk_devices *d, const pk_backend_ops *ops, char *err, size_t errlen);

/* The worker's arguments: argv (argv[0] the subcommand, then its options as the command's option
 * table reads them) with --device and --out replaced by "--device=K" and "--out=OUT"; malloc'd,
 * NULL-terminated (the strings are argv's and two of the array's own; free the array only).
 * NULL when out of memory. */
char **pk_devices_worker_argv(const pk_opt *table, size_t nopts, int argc, char **argv, int device,
                              const char *out);

typedef struct pk_worker {
    int device;
    char dir[PK_PATH_MAX]; /* OUT/device-K */
    char log[PK_PATH_MAX]; /* OUT/device-K.log: the worker's stdout and stderr */
    char **argv;           /* argv[0] the subcommand */
    const char *exe;       /* the program to run; NULL: this pkbench (/proc/self/exe, else PATH's) */
    pid_t pid;
    int running;
    int exit_code; /* 0..255, or 128 + signal when killed */
    int append;    /* add to an existing log (a resumed sweep keeps the stopped run's lines) */
    off_t log_from; /* where this run's lines start in the log (pk_workers_start: its size then) */
} pk_worker;

/* Starts every worker: its own process group (a Ctrl-C reaches this process only, which passes
 * it on once), stdin from /dev/null, stdout and stderr to its log. From here until
 * pk_workers_wait returns, SIGINT and SIGTERM set pk_signal_caught (harness/signals.h).
 * Returns 0, or PK_EIO with the reason in err after stopping the workers already started. */
int pk_workers_start(pk_worker *w, size_t n, char *err, size_t errlen);
/* Waits for every worker (after pk_workers_start succeeded). The first SIGINT or SIGTERM this
 * process received since the start is passed on once to every worker still running (they then
 * write partial results and exit); one more, past PK_SIGNAL_REPEAT_NS, ends this process the
 * usual way. on_done (may be NULL) is called as each worker ends. */
void pk_workers_wait(pk_worker *w, size_t n, void (*on_done)(void *ud, const pk_worker *w), void *ud);
/* The fan-out's exit code: 0 when every worker exited 0; the signal's (128 + n) when this
 * process was interrupted; the workers' common code when they agree; else 1. */
int pk_workers_exit_code(const pk_worker *w, size_t n);

/* Writes the index (temporary file + rename): one row per worker, with its device, folder
 * (relative to the index), exit code, points written and the device's name and PCI bus id as
 * its measured.csv records them. Returns 0 or PK_EIO with the reason in err. */
int pk_devices_write_index(const char *path, const pk_worker *w, size_t n, char *err, size_t errlen);

/* The sweep command's fan-out (cmd_sweep_devices.c): starts the workers, says how each ended,
 * writes OUT/devices.csv. append_logs (--resume): each OUT/device-K.log is added to, not
 * replaced. Prints; returns the exit code (pk_workers_exit_code). */
int pk_cmd_sweep_devices(const pk_devices *d, const char *out, int append_logs, const pk_opt *table, size_t nopts,
                         int argc, char **argv);

#endif
