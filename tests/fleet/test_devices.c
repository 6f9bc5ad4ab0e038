/* harness/devices: --device parses "K" (one device, no fan-out), "all" and lists (fan-out) and
 * refuses anything else; "all" becomes the backend's device count and a listed index beyond it
 * is refused; a worker's arguments are the command's with --device and --out (in either
 * spelling) replaced and nothing else touched; workers run at once, each with its log, and
 * their exit codes combine as documented; a SIGINT to this process reaches every worker once;
 * the index names each device's folder, exit code and points. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/devices.h"
#include "harness/signals.h"
#include "harness/tidy.h"
#include "kernels/registry.h"
#include "pk_files.h"
#include "pk_test.h"

static void parse(void)
{
    pk_devices d;
    char err[256];
    PK_CHECK(pk_devices_parse(NULL, &d, err, sizeof err) == PK_OK && d.n == 1 && d.index[0] == 0 && !d.fan_out);
    PK_CHECK(pk_devices_parse("3", &d, err, sizeof err) == PK_OK && d.n == 1 && d.index[0] == 3 && !d.fan_out);
    PK_CHECK(pk_devices_parse("all", &d, err, sizeof err) == PK_OK && d.all && d.fan_out);
    PK_CHECK(pk_devices_parse("2,0", &d, err, sizeof err) == PK_OK && d.n == 2 && d.index[0] == 2 && d.fan_out);
    static const char *const bad[] = {"", "2,", ",1", "0,0", "1024", "a", "-1", "1,,2", " 1", "all,1", NULL};
    for (size_t i = 0; bad[i]; i++) {
        int rc = pk_devices_parse(bad[i], &d, err, sizeof err);
        PK_CHECK(rc == PK_EINVAL && strncmp(err, "--device: ", 10) == 0);
        if (rc == PK_OK)
            fprintf(stderr, "accepted '%s'\n", bad[i]);
    }
    char many[400] = "0";
    for (int i = 1; i <= PK_DEVICES_MAX; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), ",%d", i);
    PK_CHECK(pk_devices_parse(many, &d, err, sizeof err) == PK_EINVAL);

    const pk_backend_ops *host = pk_backend_find("host");
    unsetenv("PKB_TEST_HOST_DEVICES");
    PK_CHECK(pk_devices_parse("all", &d, err, sizeof err) == PK_OK);
    PK_CHECK(pk_devices_resolve(&d, host, err, sizeof err) == PK_OK && d.n == 1 && d.index[0] == 0);
    setenv("PKB_TEST_HOST_DEVICES", "3", 1);
    PK_CHECK(pk_devices_parse("all", &d, err, sizeof err) == PK_OK);
    PK_CHECK(pk_devices_resolve(&d, host, err, sizeof err) == PK_OK && d.n == 3 && d.index[2] == 2);
    PK_CHECK(pk_devices_parse("0,5", &d, err, sizeof err) == PK_OK);
    PK_CHECK(pk_devices_resolve(&d, host, err, sizeof err) == PK_ENODEV);
    PK_CHECK(strstr(err, "device 5 not visible (3 devices visible)") != NULL);
    unsetenv("PKB_TEST_HOST_DEVICES");
}

static void worker_argv(void)
{
    static const pk_opt table[] = {{"backend", 1}, {"out", 1}, {"device", 1}, {"strategy", 1}, {"flag", 0}};
    char *argv[] = {"sweep", "--backend", "host", "--out", "o", "--device=all", "--strategy", "--device",
                    "--flag", "--benchmark_filter=x", "--out-of-table", NULL};
    char **v = pk_devices_worker_argv(table, 5, 11, argv, 1, "o/device-1");
    static const char *const want[] = {"sweep", "--backend", "host", "--strategy", "--device", "--flag",
                                       "--benchmark_filter=x", "--out-of-table", "--device=1", "--out=o/device-1",
                                       NULL};
    for (size_t i = 0; want[i]; i++)
        PK_CHECK_STR(v[i] ? v[i] : "(null)", want[i]);
    PK_CHECK(v[10] == NULL);
    free(v);
    char *argv2[] = {"sweep", "--device", "0,1", "--out=x", NULL};
    v = pk_devices_worker_argv(table, 5, 4, argv2, 0, "x/device-0");
    PK_CHECK_STR(v[1], "--device=0");
    PK_CHECK_STR(v[2], "--out=x/device-0");
    PK_CHECK(v[3] == NULL);
    free(v);
}

static char root[64];

/* n /bin/sh workers running script (with $1 the worker's number). */
static void run_workers(size_t n, const char *script, pk_worker *w)
{
    char err[256];
    for (size_t i = 0; i < n; i++) {
        w[i] = (pk_worker){.device = (int)i, .exe = "/bin/sh"};
        snprintf(w[i].dir, sizeof w[i].dir, "%s/device-%zu", root, i);
        snprintf(w[i].log, sizeof w[i].log, "%s/device-%zu.log", root, i);
        w[i].argv = malloc(5 * sizeof(char *));
        w[i].argv[0] = "sh";
        w[i].argv[1] = "-c";
        w[i].argv[2] = (char *)script;
        w[i].argv[3] = i ? "1" : "0";
        w[i].argv[4] = NULL;
    }
    pk_signal_caught = 0;
    PK_CHECK(pk_workers_start(w, n, err, sizeof err) == PK_OK);
    pk_workers_wait(w, n, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        free(w[i].argv);
}

static void workers(void)
{
    pk_worker w[2];
    run_workers(2, "echo hello $0; exit 0", w);
    PK_CHECK(w[0].exit_code == 0 && w[1].exit_code == 0 && pk_workers_exit_code(w, 2) == 0);
    char path[128], line[64] = "";
    snprintf(path, sizeof path, "%s/device-1.log", root);
    FILE *fp = fopen(path, "r");
    PK_CHECK(fp && fgets(line, sizeof line, fp));
    if (fp)
        fclose(fp);
    PK_CHECK_STR(line, "hello 1\n");
    run_workers(2, "exit $((3 + $0))", w);
    PK_CHECK(w[0].exit_code == 3 && w[1].exit_code == 4 && pk_workers_exit_code(w, 2) == 1);
    run_workers(2, "exit 3", w);
    PK_CHECK(pk_workers_exit_code(w, 2) == 3);
    /* Once worker 1 has its trap set, worker 0 interrupts this process; both must then get
     * SIGINT (exit 42), not run out (7). */
    char script[512];
    snprintf(script, sizeof script, "trap 'exit 42' INT; if [ $0 = 1 ]; then : >'%s/ready'; else "
             "while [ ! -e '%s/ready' ]; do sleep 0.01; done; kill -INT $PPID; fi; i=0; "
             "while [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done; exit 7", root, root);
    run_workers(2, script, w);
    PK_CHECK(w[0].exit_code == 42 && w[1].exit_code == 42);
    if (w[0].exit_code != 42 || w[1].exit_code != 42)
        fprintf(stderr, "exit codes %d %d\n", w[0].exit_code, w[1].exit_code);
    PK_CHECK(pk_workers_exit_code(w, 2) == 130);
    pk_signal_caught = 0;
}

/* One worker echoing "new" into a log that holds text before it (no final newline). */
static void run_one_on(const char *before, int append, pk_worker *w, char *log, size_t len)
{
    char err[256];
    *w = (pk_worker){.device = 0, .exe = "/bin/sh", .append = append};
    snprintf(w->log, sizeof w->log, "%s/append.log", root);
    FILE *fp = fopen(w->log, "w");
    PK_CHECK(fp && fputs(before, fp) >= 0);
    if (fp)
        fclose(fp);
    char *argv[] = {"sh", "-c", "echo new", NULL};
    w->argv = argv;
    pk_signal_caught = 0;
    PK_CHECK(pk_workers_start(w, 1, err, sizeof err) == PK_OK);
    pk_workers_wait(w, 1, NULL, NULL);
    memset(log, 0, len);
    fp = fopen(w->log, "r");
    PK_CHECK(fp && fread(log, 1, len - 1, fp) > 0);
    if (fp)
        fclose(fp);
}

/* A resumed sweep's workers add to their logs: this run's lines start where log_from says, on a
 * line of their own; without append the log is replaced. */
static void appended_logs(void)
{
    pk_worker w;
    char log[128];
    run_one_on("old summary", 1, &w, log, sizeof log);
    PK_CHECK_STR(log, "old summary\nnew\n");
    PK_CHECK(w.log_from == 12);
    run_one_on("old summary\n", 1, &w, log, sizeof log);
    PK_CHECK_STR(log, "old summary\nnew\n");
    PK_CHECK(w.log_from == 12);
    run_one_on("old summary", 0, &w, log, sizeof log);
    PK_CHECK_STR(log, "new\n");
    PK_CHECK(w.log_from == 0);
}

static void index_file(void)
{
    pk_worker w[2] = {{.device = 0, .exit_code = 0}, {.device = 3, .exit_code = 130}};
    char err[256], path[PK_PATH_MAX + 32];
    for (int i = 0; i < 2; i++) {
        snprintf(w[i].dir, sizeof w[i].dir, "%s/dev-%d", root, w[i].device);
        snprintf(w[i].log, sizeof w[i].log, "%s/dev-%d.log", root, w[i].device);
    }
    mkdir(w[0].dir, 0777);
    pk_table t = {0};
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "cuda");
    snprintf(r.source, sizeof r.source, "measured");
    r.wall_ns = 1;
    r.key.batch = 1; /* a batch size readers accept (at least 1) */
    pk_table_push(&t, &r);
    r.key.batch = 2;
    pk_table_push(&t, &r);
    pk_context_set(&t.context, "device_name", "GPU, big");
    pk_context_set(&t.context, "device_pci_bus_id", "0000:1a:00.0");
    snprintf(path, sizeof path, "%s/measured.csv", w[0].dir);
    pk_table_write_csv(path, &t, err, sizeof err);
    pk_table_free(&t);
    snprintf(path, sizeof path, "%s/devices.csv", root);
    PK_CHECK(pk_devices_write_index(path, w, 2, err, sizeof err) == PK_OK);
    char text[1024];
    pk_test_read(path, text, sizeof text);
    PK_CHECK_STR(text, "# pkbench devices index, schema_version=1\n"
                       "device_index,dir,exit_code,points,partial,device,pci_bus_id,log\n"
                       "0,dev-0,0,2,false,GPU; big,0000:1a:00.0,dev-0.log\n"
                       "3,dev-3,130,,,,,dev-3.log\n");
}

int main(void)
{
    snprintf(root, sizeof root, "pkb-devices-XXXXXX"); /* beside the test, in its build folder */
    if (!mkdtemp(root))
        return 1;
    parse();
    worker_argv();
    workers();
    appended_logs();
    index_file();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return pk_test_done("fleet.devices");
}
