/* pkbench trace: `trace import FILE --out W.csv` turns a PyTorch profiler Chrome trace or an
 * Nsight Systems SQLite export into a workload file (one row per GPU operation in launch order,
 * steps in the header) that `pkbench simulate --workload` replays. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/trace.h"
#include "sim/status.h"

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
            "first bytes.\n\n"
            "  --out FILE.csv          the workload file (written whole or not at all)\n"
            "  --format F              auto (default), chrome or nsys\n"
            "  --step-marker PREFIX    name prefix of the step markers: profiler events (user_annotation\n"
            "                          or cpu_op) or NVTX ranges (default ProfilerStep#)\n"
            "  --allow-unknown-events  skip events of unknown kinds (counted in the header) instead of\n"
            "                          refusing the trace\n"
            "  -h, --help              this text\n\n"
            "Exit: 0 written, 2 bad usage or a trace that cannot be replayed (nothing written).\n");
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Median of one column of the rows (kernels only for durations), for the summary line. */
static double median_of(const pk_trace_replay *w, int gaps)
{
    int64_t *v = malloc((w->n ? w->n : 1) * sizeof *v);
    size_t n = 0;
    if (!v)
        return 0;
    for (size_t i = 0; i < w->n; i++) {
        const pk_trace_row *r = &w->rows[i];
        if (gaps ? (i > 0 && r->launch != w->rows[i - 1].launch) : r->kind == PK_TRACE_KERNEL)
            v[n++] = gaps ? r->host_gap_ns : r->duration_ns;
    }
    double m = 0;
    if (n) {
        qsort(v, n, sizeof *v, cmp_i64);
        m = n % 2 ? (double)v[n / 2] : 0.5 * ((double)v[n / 2 - 1] + (double)v[n / 2]);
    }
    free(v);
    return m;
}

static int trace_import(int argc, char **argv)
{
    enum { OPT_OUT = 256, OPT_FORMAT, OPT_MARKER, OPT_UNKNOWN };
    static const struct option opts[] = {
        {"out", required_argument, NULL, OPT_OUT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"step-marker", required_argument, NULL, OPT_MARKER},
        {"allow-unknown-events", no_argument, NULL, OPT_UNKNOWN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"auto", "chrome", "nsys", NULL};
    const char *out = NULL, *marker = NULL;
    pk_trace_format format = PK_TRACE_AUTO;
    int allow_unknown = 0, c;
    uint32_t seen = 0;
    char err[512];
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c >= OPT_OUT && c <= OPT_UNKNOWN) {
            if (seen & (UINT32_C(1) << (c - OPT_OUT)))
                return pk_cli_usage_error("trace import", "--%s given twice", opts[c - OPT_OUT].name);
            seen |= UINT32_C(1) << (c - OPT_OUT);
        }
        switch (c) {
        case 'h':
            trace_usage(stdout);
            return PK_EXIT_OK;
        case ':':
            return pk_cli_usage_error("trace import", "%s: missing value", argv[optind - 1]);
        case '?':
            return pk_cli_usage_error("trace import", "unknown option '%s' (see 'pkbench trace --help')",
                                      argv[optind - 1]);
        case OPT_OUT:
            if (!*optarg)
                return pk_cli_usage_error("trace import", "--out: empty path");
            out = optarg;
            break;
        case OPT_FORMAT: {
            int idx[1];
            size_t n;
            if (pk_cli_name_list("--format", optarg, formats, idx, 1, &n, err, sizeof err))
                return pk_cli_usage_error("trace import", "%s", err);
            format = (pk_trace_format)idx[0];
            break;
        }
        case OPT_MARKER:
            if (!*optarg || strlen(optarg) >= 64)
                return pk_cli_usage_error("trace import", "--step-marker: give a prefix of 1 to 63 characters");
            marker = optarg;
            break;
        case OPT_UNKNOWN:
            allow_unknown = 1;
            break;
        default:
            return pk_cli_usage_error("trace import", "unexpected option");
        }
    }
    if (optind >= argc)
        return pk_cli_usage_error("trace import", "give the trace FILE (see 'pkbench trace --help')");
    if (optind + 1 < argc)
        return pk_cli_usage_error("trace import", "unexpected argument '%s'", argv[optind + 1]);
    if (!out)
        return pk_cli_usage_error("trace import", "--out is required (see 'pkbench trace --help')");
    const char *path = argv[optind];

    pk_trace t;
    pk_trace_replay w = {0};
    pk_trace_init(&t);
    pk_trace_opts o = {marker, allow_unknown};
    int rc = pk_trace_read(path, format, &o, &t, err, sizeof err);
    if (rc == PK_OK) {
        char why[400];
        if ((rc = pk_trace_replay_build(&t, &w, why, sizeof why)) != PK_OK)
            snprintf(err, sizeof err, "%s: %s", path, why);
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (rc == PK_OK)
        rc = pk_trace_replay_write_csv(out, &t, &w, base, err, sizeof err);
    int exit_code = PK_EXIT_OK;
    if (rc != PK_OK) {
        exit_code = pk_cli_usage_error("trace import", "%s", err);
    } else {
        printf("trace import: %zu ops (%llu kernels, %llu memcpy, %llu memset) in %zu steps (%s) from %s; "
               "median kernel %.0f ns, median host gap %.0f ns; written to %s\n",
               w.n, (unsigned long long)w.count[PK_TRACE_KERNEL], (unsigned long long)w.count[PK_TRACE_MEMCPY],
               (unsigned long long)w.count[PK_TRACE_MEMSET], w.nsteps, w.step_source, base, median_of(&w, 0),
               median_of(&w, 1), out);
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
