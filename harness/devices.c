/* One worker process per device and the index of their folders (see devices.h). */
#include "harness/devices.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/measured.h"
#include "harness/signals.h"
#include "harness/tidy.h"

int pk_devices_parse(const char *text, pk_devices *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (!text) {
        d->n = 1;
        return PK_OK;
    }
    if (strcmp(text, "all") == 0) {
        d->fan_out = d->all = 1;
        return PK_OK;
    }
    d->fan_out = strchr(text, ',') != NULL;
    for (const char *p = text;;) {
        char *end;
        errno = 0;
        unsigned long v = isdigit((unsigned char)*p) ? strtoul(p, &end, 10) : 0;
        if (!isdigit((unsigned char)*p) || errno || (*end != ',' && *end != '\0') || v > 1023) {
            snprintf(err, errlen, "--device: '%s' is not 'all', an index (0..1023) or a comma list of them", text);
            return PK_EINVAL;
        }
        for (size_t i = 0; i < d->n; i++)
            if (d->index[i] == (int)v) {
                snprintf(err, errlen, "--device: device %lu listed twice in '%s'", v, text);
                return PK_EINVAL;
            }
        if (d->n == PK_DEVICES_MAX) {
            snprintf(err, errlen, "--device: more than %d devices in '%s'", PK_DEVICES_MAX, text);
            return PK_EINVAL;
        }
        d->index[d->n++] = (int)v;
        if (*end == '\0')
            return PK_OK;
        p = end + 1;
    }
}

int pk_devices_resolve(pk_devices *d, const pk_backend_ops *ops, char *err, size_t errlen)
{
    int count = 1;
    char why[384] = "";
    if (ops->device_count) {
        int rc = ops->device_count(&count, why, sizeof why);
        if (rc != PK_OK || count < 1) {
            snprintf(err, errlen, "%s", why[0] ? why : "no device visible");
            return rc == PK_EINVAL ? PK_EINVAL : PK_ENODEV;
        }
    }
    if (d->all) {
        d->n = (size_t)(count < PK_DEVICES_MAX ? count : PK_DEVICES_MAX);
        for (size_t i = 0; i < d->n; i++)
            d->index[i] = (int)i;
        return PK_OK;
    }
    for (size_t i = 0; i < d->n; i++)
        if (d->index[i] >= count) {
            snprintf(err, errlen, "--device: device %d not visible (%d device%s visible)", d->index[i], count,
                     count == 1 ? "" : "s");
            return PK_ENODEV;
        }
    return PK_OK;
}

/* The option of argv[i] ("--name" or "--name=value") in table, or -1. */
static int option_of(const pk_opt *table, size_t n, const char *arg, int *inline_value)
{
    if (strncmp(arg, "--", 2) != 0)
        return -1;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    *inline_value = eq != NULL;
    for (size_t i = 0; i < n; i++)
        if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

char **pk_devices_worker_argv(const pk_opt *table, size_t nopts, int argc, char **argv, int device,
                              const char *out)
{
    /* The two replacements live after the array's NULL, in the same allocation. */
    size_t slots = (size_t)argc + 3, extra = 2 * (PK_PATH_MAX + 16);
    char **v = malloc(slots * sizeof *v + extra);
    if (!v)
        return NULL;
    char *dev = (char *)(v + slots), *o = dev + PK_PATH_MAX + 16;
    snprintf(dev, PK_PATH_MAX + 16, "--device=%d", device);
    snprintf(o, PK_PATH_MAX + 16, "--out=%s", out);
    size_t k = 0;
    v[k++] = argv[0];
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        int inl = 0, id = positional ? -1 : option_of(table, nopts, argv[i], &inl);
        positional |= strcmp(argv[i], "--") == 0;
        if (id < 0) {
            v[k++] = argv[i];
            continue;
        }
        int skip_value = table[id].has_value && !inl && i + 1 < argc;
        if (strcmp(table[id].name, "device") != 0 && strcmp(table[id].name, "out") != 0) {
            v[k++] = argv[i];
            if (skip_value)
                v[k++] = argv[++i];
        } else if (skip_value) {
            i++;
        }
    }
    v[k++] = dev;
    v[k++] = o;
    v[k] = NULL;
    return v;
}

/* The worker's side of the fork: its own group, its log, then exec (full: "pkbench", argv...). */
static void start_one(const pk_worker *w, char **full)
{
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* a signal passed on before now acts here, not in a copy of ours */
    int in = open("/dev/null", O_RDONLY),
        fd = open(w->log, O_WRONLY | O_CREAT | (w->append ? O_APPEND : O_TRUNC), 0666);
    if (in < 0 || fd < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
        dup2(fd, STDERR_FILENO) < 0)
        _exit(127);
    if (w->exe) {
        execv(w->exe, w->argv);
    } else {
        execv("/proc/self/exe", full);
        execvp("pkbench", full);
    }
    fprintf(stderr, "cannot run %s: %s\n", w->exe ? w->exe : "pkbench", strerror(errno));
    _exit(127);
}

/* Where the worker's own lines will start in its log: 0 when it is replaced; with append, the
 * log's size, after a newline that ends a last line the stopped run left unfinished. */
static off_t log_start(const pk_worker *w)
{
    int fd = w->append ? open(w->log, O_RDWR | O_APPEND) : -1;
    if (fd < 0)
        return 0;
    off_t end = lseek(fd, 0, SEEK_END);
    char last = '\n';
    if (end > 0 && pread(fd, &last, 1, end - 1) == 1 && last != '\n' && write(fd, "\n", 1) == 1)
        end++;
    close(fd);
    return end > 0 ? end : 0;
}

int pk_workers_start(pk_worker *w, size_t n, char *err, size_t errlen)
{
    pk_signals_install(); /* from the first fork on: a Ctrl-C now is passed on by the wait */
    fflush(NULL);
    for (size_t i = 0; i < n; i++) {
        w[i].running = 0;
        w[i].exit_code = -1;
        w[i].log_from = log_start(&w[i]);
        size_t argc = 0;
        while (w[i].argv[argc])
            argc++;
        char **full = calloc(argc + 2, sizeof *full); /* before fork: the child only execs */
        sigset_t stop, old;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        sigprocmask(SIG_BLOCK, &stop, &old); /* held until the child has our handlers undone */
        pid_t pid = full ? fork() : -1;
        if (pid == 0) {
            full[0] = (char *)"pkbench";
            memcpy(full + 1, w[i].argv, argc * sizeof *full);
            start_one(&w[i], full);
        }
        int fork_errno = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        free(full);
        errno = fork_errno;
        if (pid < 0) {
            snprintf(err, errlen, "cannot start the worker for device %d: %s", w[i].device, strerror(errno));
            for (size_t j = 0; j < i; j++)
                kill(w[j].pid, SIGKILL);
            for (size_t j = 0; j < i; j++)
                waitpid(w[j].pid, NULL, 0);
            pk_signals_restore();
            return PK_EIO;
        }
        setpgid(pid, pid); /* also here: the group exists before any signal is passed on */
        w[i].pid = pid;
        w[i].running = 1;
    }
    return PK_OK;
}

void pk_workers_wait(pk_worker *w, size_t n, void (*on_done)(void *ud, const pk_worker *w), void *ud)
{
    int forwarded = 0;
    size_t left = n;
    while (left > 0) {
        if (pk_signal_caught && !forwarded) {
            for (size_t i = 0; i < n; i++)
                if (w[i].running)
                    kill(w[i].pid, pk_signal_caught);
            forwarded = 1;
        }
        for (size_t i = 0; i < n; i++) {
            int st;
            if (!w[i].running || waitpid(w[i].pid, &st, WNOHANG) != w[i].pid)
                continue;
            w[i].running = 0;
            w[i].exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            left--;
            if (on_done)
                on_done(ud, &w[i]);
        }
        if (left > 0)
            nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    pk_signals_restore();
}

int pk_workers_exit_code(const pk_worker *w, size_t n)
{
    if (pk_signal_caught)
        return pk_signals_exit_code();
    int first = n ? w[0].exit_code : 0, same = 1;
    for (size_t i = 1; i < n; i++)
        same &= w[i].exit_code == first;
    return same ? first : 1;
}

/* A cell of the index: no commas, quotes or newlines (as the tidy CSV). */
static void put_cell(FILE *fp, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == ',' || *s == '"' || *s == '\n' || *s == '\r' ? ';' : *s, fp);
}

int pk_devices_write_index(const char *path, const pk_worker *w, size_t n, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    fprintf(f.fp, "# pkbench devices index, schema_version=1\ndevice_index,dir,exit_code,points,partial,device,"
                  "pci_bus_id,log\n");
    for (size_t i = 0; i < n; i++) {
        char csv[PK_PATH_MAX + 16], why[PK_PATH_MAX + 64];
        pk_table t;
        /* This run's result: measured.csv when the worker finished, else its partial pair. A worker
         * that refused (bad usage: --resume's flags differ, say) left its folder as it was, so its
         * row says what the folder holds: its complete result, else its partial one. */
        int have = (w[i].exit_code == 0 || w[i].exit_code == PK_EXIT_USAGE) &&
                   pk_measured_read_kind(w[i].dir, 0, &t, csv, sizeof csv, why, sizeof why) == PK_OK;
        if (!have && w[i].exit_code != 0)
            have = pk_measured_read_kind(w[i].dir, 1, &t, csv, sizeof csv, why, sizeof why) == PK_OK;
        const char *name = have ? pk_context_get(&t.context, "device_name") : NULL;
        if (have && !name)
            name = pk_context_get(&t.context, "device");
        const char *dir = strrchr(w[i].dir, '/'), *log = strrchr(w[i].log, '/');
        fprintf(f.fp, "%d,", w[i].device);
        put_cell(f.fp, dir ? dir + 1 : w[i].dir);
        fprintf(f.fp, ",%d,", w[i].exit_code);
        if (have)
            fprintf(f.fp, "%zu,%s", t.n, t.partial ? "true" : "false");
        else
            fputc(',', f.fp);
        fputc(',', f.fp);
        put_cell(f.fp, name);
        fputc(',', f.fp);
        put_cell(f.fp, have ? pk_context_get(&t.context, "device_pci_bus_id") : NULL);
        fputc(',', f.fp);
        put_cell(f.fp, log ? log + 1 : w[i].log);
        fputc('\n', f.fp);
        if (have)
            pk_table_free(&t);
    }
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}
