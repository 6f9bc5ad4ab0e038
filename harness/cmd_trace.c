/* pkbench trace: `trace import FILE --out W.csv` turns a PyTorch profiler Chrome trace or an
 * Nsight Systems SQLite export into a workload file (one row per GPU operation in launch order,
 * steps in the header) that `pkbench simulate --workload` replays. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/opts.h"
#include "harness/trace.h"

#define CMD "trace import"

static void trace_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench trace import FILE --out W.csv [options]\n\n"
            "Reads a profiler trace and writes a workload file: one row per GPU operation (kernel,\n"
            "memcpy, memset) in launch order with its device duration, stream, grid and block, the host\n"
            "time between its launch call and the previous launch or synchronisation (host_gap_ns) and\n"
            "the launch call's own duration (launch_ns); steps from the trace's step markers, else from\n"
            "synchronisations; the step count and per-step spans in the header (results/SCHEMA.md).\n\n"
            "FILE is a PyTorch profiler Chrome trace (torch.profiler export_chrome_trace; .json or gzip)\n"
            "or an Nsight Systems SQLite export (nsys export --type sqlite); the kind is found from its\n"
            "first bytes. A program that launches CUDA graphs is profiled with nsys profile\n"
            "--cuda-graph-trace=node: an export whose graphs were traced whole lacks their kernels and\n"
            "is refused.\n\n"
            "  --out FILE.csv          the workload file (written whole or not at all)\n"
            "  --format F              auto (default), chrome or nsys\n"
            "  --step-marker PREFIX    name prefix of the step markers: profiler events (user_annotation\n"
            "                          or cpu_op) or NVTX ranges (default ProfilerStep#)\n"
            "  --allow-unknown-events  skip events of unknown kinds (counted in the header) instead of\n"
            "                          refusing the trace\n"
            "  -h, --help              this text\n\n"
            "Exit: 0 written, 2 bad usage or a trace that cannot be replayed, 71 out of memory, 74 the\n"
            "file could not be written (nothing is written unless whole) or, after it was written\n"
            "whole, the summary line could not be written to stdout.\n");
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Median of one column of the rows (kernels only for durations; for gaps, the rows that hold one:
 * each launch call's first row, the workload's first only where a marker starts its step), for
 * the summary line; *n counts them. */
static double median_of(const pk_trace_replay *w, int gaps, size_t *n)
{
    int64_t *v = malloc((w->n ? w->n : 1) * sizeof *v);
    const int first_gap = strcmp(w->step_source, "marker") == 0;
    *n = 0;
    if (!v)
        return 0;
    for (size_t i = 0; i < w->n; i++) {
        const pk_workload_op *r = &w->rows[i];
        if (gaps ? (i > 0 ? r->launch != w->rows[i - 1].launch : first_gap) : r->kind == PK_WORKLOAD_KERNEL)
            v[(*n)++] = gaps ? r->host_gap_ns : r->duration_ns;
    }
    double m = 0;
    if (*n) {
        qsort(v, *n, sizeof *v, cmp_i64);
        m = *n % 2 ? (double)v[*n / 2] : 0.5 * ((double)v[*n / 2 - 1] + (double)v[*n / 2]);
    }
    free(v);
    return m;
}

/* The command line of trace import, checked. */
typedef struct import_args {
    const char *path, *out, *marker;
    pk_trace_format format;
    int allow_unknown;
} import_args;

enum { O_OUT, O_FORMAT, O_MARKER, O_UNKNOWN, O_COUNT };

static int parse_import(int argc, char **argv, import_args *a)
{
    static const pk_opt table[O_COUNT] = {{"out", 1}, {"format", 1}, {"step-marker", 1}, {"allow-unknown-events", 0}};
    static const char *const formats[] = {"auto", "chrome", "nsys", NULL};
    pk_opts o = {.cmd = CMD, .table = table, .n = O_COUNT, .usage = trace_usage, .max_positional = 1};
    int rc = pk_opts_parse(&o, argc, argv);
    a->path = rc < 0 && o.npositional ? o.positional[0] : NULL;
    pk_opts_free(&o);
    if (rc >= 0)
        return rc;
    int format = pk_opts_choice(&o, O_FORMAT, formats, PK_TRACE_AUTO);
    if (format < 0)
        return PK_EXIT_USAGE;
    a->format = (pk_trace_format)format;
    a->out = o.value[O_OUT];
    a->marker = o.value[O_MARKER];
    a->allow_unknown = pk_opts_has(&o, O_UNKNOWN);
    if (a->marker && (!*a->marker || strlen(a->marker) >= 64))
        return pk_cli_usage_error(CMD, "--step-marker: give a prefix of 1 to 63 characters");
    if (!a->path)
        return pk_cli_usage_error(CMD, "give the trace FILE (see 'pkbench trace --help')");
    if (!a->out)
        return pk_cli_usage_error(CMD, "--out is required (see 'pkbench trace --help')");
    if (pk_path_same(a->path, a->out))
        return pk_cli_usage_error(CMD, "--out: '%s' is the trace being imported", a->out);
    return pk_cli_out_file(CMD, "--out", a->out);
}

static int trace_import(int argc, char **argv)
{
    import_args a = {0};
    char err[PK_PATH_MAX + 512];
    int rc = parse_import(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *path = a.path, *out = a.out;
    pk_trace t;
    pk_trace_replay w = {0};
    pk_trace_init(&t);
    pk_trace_opts o = {a.marker, a.allow_unknown};
    rc = pk_trace_read(path, a.format, &o, &t, err, sizeof err);
    if (rc == PK_OK) {
        char why[400];
        if ((rc = pk_trace_replay_build(&t, &w, why, sizeof why)) != PK_OK)
            snprintf(err, sizeof err, "%s: %s", path, why);
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int wrote = rc == PK_OK;
    if (wrote && pk_path_mkparent(out) != 0) { /* checked creatable before the trace was read */
        snprintf(err, sizeof err, "cannot create the folder of '%s': %s", out, strerror(errno));
        rc = PK_EIO;
    } else if (wrote) {
        rc = pk_trace_replay_write(out, &t, &w, base, err, sizeof err);
    }
    int exit_code = PK_EXIT_OK;
    if (rc != PK_OK) {
        exit_code = pk_cli_fail(CMD, wrote ? pk_cli_exit_write(rc) : pk_cli_exit_read(rc), "%s", err);
    } else {
        char eb[PK_CLI_ESC_MAX], eo[PK_CLI_ESC_MAX];
        if (a.marker && strcmp(w.step_source, "marker") != 0) /* a prefix given and matched by no event */
            pk_cli_note(CMD, "no step marker named '%s...' in the trace: steps from %s", a.marker,
                        strcmp(w.step_source, "sync") == 0 ? "its synchronisations" : "none (one step)");
        size_t nk, ng;
        const double mk = median_of(&w, 0, &nk), mg = median_of(&w, 1, &ng);
        char med[160], drop[160] = "";
        if (nk && ng)
            snprintf(med, sizeof med, "median kernel %.0f ns, median host gap %.0f ns", mk, mg);
        else /* a median of nothing is no figure: said, without a 0 */
            snprintf(med, sizeof med,
                     nk   ? "median kernel %.0f ns, no host gap"
                     : ng ? "no kernel, median host gap %.0f ns"
                          : "no kernel, no host gap",
                     nk ? mk : mg);
        if (w.dropped_no_launch || w.dropped_outside_steps) /* ops the workload leaves out, said where seen */
            snprintf(drop, sizeof drop, "; ops left out: %llu without a launch call, %llu outside every step",
                     (unsigned long long)w.dropped_no_launch, (unsigned long long)w.dropped_outside_steps);
        printf("trace import: %zu ops (%llu kernels, %llu memcpy, %llu memset) in %zu steps (%s) from %s; "
               "%s%s; written to %s\n",
               w.n, (unsigned long long)w.count[PK_WORKLOAD_KERNEL], (unsigned long long)w.count[PK_WORKLOAD_MEMCPY],
               (unsigned long long)w.count[PK_WORKLOAD_MEMSET], w.nsteps, w.step_source,
               pk_cli_esc(base, eb, sizeof eb), med, drop, pk_cli_esc(out, eo, sizeof eo));
    }
    pk_trace_replay_free(&w);
    pk_trace_free(&t);
    return exit_code;
}

int pk_cmd_trace(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        trace_usage(stdout);
        return PK_EXIT_OK;
    }
    if (argc < 2)
        return pk_cli_usage_error("trace", "give a subcommand: import (see 'pkbench trace --help')");
    if (strcmp(argv[1], "import") == 0)
        return trace_import(argc - 1, argv + 1);
    return pk_cli_usage_error("trace", "unknown subcommand '%s' (known: import)", argv[1]);
}
