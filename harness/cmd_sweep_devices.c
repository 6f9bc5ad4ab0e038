/* pkbench sweep --device all|LIST: one `pkbench sweep --device K --out OUT/device-K` worker per
 * device, all at once, each logging to OUT/device-K.log; then OUT/devices.csv, the index. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/devices.h"

/* The last non-empty line of a log from offset from on (the worker's own summary, not a stopped
 * run's before it), or "". */
static void last_line(const char *path, off_t from, char *buf, size_t len)
{
    char line[1024];
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (!fp)
        return;
    if (from > 0 && fseeko(fp, from, SEEK_SET) != 0) {
        fclose(fp);
        return;
    }
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *text = strrchr(line, '\r') ? strrchr(line, '\r') + 1 : line; /* a progress line's last state */
        if (*text)
            snprintf(buf, len, "%s", text);
    }
    fclose(fp);
}

/* A worker's end, said as it comes; one refused as bad usage (exit 2) is said after the wait,
 * once it is known whether every worker was (pk_cmd_sweep_devices). */
static void say_done(const pk_worker *w)
{
    char line[1024];
    last_line(w->log, w->log_from, line, sizeof line);
    pk_cli_note("sweep", "device %d exit %d: %s", w->device, w->exit_code, line[0] ? line : "(no output; see its log)");
}

static void on_done(void *ud, const pk_worker *w)
{
    (void)ud;
    if (w->exit_code != PK_EXIT_USAGE)
        say_done(w);
}

/* Fills the workers' folders, logs and arguments, each folder and log checked as an output (a
 * file where the folder goes, a folder where the log goes). Returns -1 to go on, else the exit code. */
static int prepare(pk_worker *w, const pk_devices *d, const char *out, int append, const pk_opt *table, size_t nopts,
                   int argc, char **argv)
{
    int rc = pk_cli_out_dir("sweep", "--out", out);
    if (rc >= 0)
        return rc;
    for (size_t i = 0; i < d->n; i++) {
        w[i].device = d->index[i];
        w[i].append = append;
        if (pk_path_fmt(w[i].dir, sizeof w[i].dir, "%s/device-%d", out, d->index[i]) != PK_OK ||
            pk_path_fmt(w[i].log, sizeof w[i].log, "%s/device-%d.log", out, d->index[i]) != PK_OK)
            return pk_cli_usage_error("sweep", "--out: '%s': path too long", out);
        /* its worker's folder and log, before any runs */
        if ((rc = pk_cli_out_dir("sweep", "--out", w[i].dir)) >= 0)
            return rc;
        /* The log is opened where it is (a link to /dev/null or a FIFO will do): only a folder is refused. */
        struct stat st;
        if (stat(w[i].log, &st) == 0 && S_ISDIR(st.st_mode))
            return pk_cli_usage_error("sweep", "--out: %s: is a folder; give a file name", w[i].log);
        w[i].argv = pk_devices_worker_argv(table, nopts, argc, argv, d->index[i], w[i].dir);
        if (!w[i].argv)
            return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    }
    return -1;
}

int pk_cmd_sweep_devices(const pk_devices *d, const char *out, int append_logs, const pk_opt *table, size_t nopts,
                         int argc, char **argv)
{
    char err[PK_PATH_MAX + 128], index[PK_PATH_MAX];
    pk_worker *w = calloc(d->n ? d->n : 1, sizeof *w);
    if (!w)
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    int rc = prepare(w, d, out, append_logs, table, nopts, argc, argv);
    if (rc < 0 && pk_path_join(index, sizeof index, out, "devices.csv", err, sizeof err) != PK_OK)
        rc = pk_cli_usage_error("sweep", "--out: %s", err);
    if (rc < 0)
        rc = pk_cli_out_file("sweep", "--out", index);
    if (rc < 0)
        rc = pk_cli_mkdir_out("sweep", "--out", out);
    if (rc < 0) {
        pk_cli_note("sweep", "%zu device%s at once, one worker each: %s/device-K/ (log: device-K.log)", d->n,
                    d->n == 1 ? "" : "s", out);
        if (pk_workers_start(w, d->n, err, sizeof err) != PK_OK) {
            rc = pk_cli_fail("sweep", PK_EXIT_OSERR, "%s", err);
        } else {
            pk_workers_wait(w, d->n, on_done, NULL);
            rc = pk_workers_exit_code(w, d->n);
            size_t refused = 0;
            for (size_t i = 0; i < d->n; i++)
                refused += w[i].exit_code == PK_EXIT_USAGE;
            char line[1024];
            const char *own = "pkbench sweep: ", *why = line;
            if (refused == d->n) { /* bad usage, the same for every device (--resume's flags differ, say) */
                last_line(w[0].log, w[0].log_from, line, sizeof line);
                why = strncmp(line, own, strlen(own)) == 0 ? line + strlen(own) : line;
                rc = pk_cli_usage_error("sweep", "%s (every device's worker refused it; %s as it was)",
                                        *why ? why : "refused", index);
            } else {
                for (size_t i = 0; i < d->n; i++)
                    if (w[i].exit_code == PK_EXIT_USAGE)
                        say_done(&w[i]);
                if (pk_devices_write_index(index, w, d->n, err, sizeof err) != PK_OK)
                    rc = pk_cli_fail("sweep", PK_EXIT_IOERR, "%s", err);
                else
                    pk_cli_note("sweep", "%zu device%s, index %s (exit %d)", d->n, d->n == 1 ? "" : "s", index, rc);
            }
        }
    }
    for (size_t i = 0; i < d->n; i++)
        free(w[i].argv);
    free(w);
    return rc;
}
