/* pkbench calibrate: measures the cost-model parameters (DESIGN.md §2) on a live backend and
 * writes them, with their raw samples and the machine context, to one params JSON file. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/afile.h"
#include "common/status.h"
#include "harness/calibrate.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/session.h"
#include "harness/signals.h"
#include "harness/stats.h"

static void calibrate_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench calibrate --backend NAME --out params.json [options]\n\n"
            "Measures every cost-model parameter (h, L, g, Q, sync, S, e, teardown, graph node and\n"
            "instantiate) on the live backend and writes them, with their raw samples and the\n"
            "machine context, to a params JSON file that 'pkbench simulate' reads. Prints the\n"
            "parameters as a table on stdout.\n\n"
            "  --backend NAME       cuda, hip or host\n"
            "  --out FILE           params JSON to write\n"
            "  --reps N             repetitions per measurement; probes take 10x (default 20)\n"
            "  --hang-timeout-s F   bounded wait on a kernel or worker (default 10)\n"
            "  --device N           device index (default 0)\n"
            "  -h, --help           this text\n\n"
            "Exit: 0 done, 1 a measurement failed, 2 bad usage or no device, 130 interrupted\n"
            "(no file is written unless every parameter was measured).\n");
}

static void on_step(void *ud, const char *what)
{
    fprintf(stderr, "pkbench calibrate: %s\n", what);
}

static void print_table(const pk_params *p)
{
    printf("%-24s %-4s %14s %-9s %7s %8s\n", "parameter", "sym", "value", "unit", "samples", "cv");
    for (int i = 0; i < PK_PARAM_COUNT; i++) {
        const pk_samples *s = &p->samples[i];
        double cv = pk_stats_cv(s->v, s->n);
        char cvs[16] = "-";
        if (isfinite(cv))
            snprintf(cvs, sizeof cvs, "%.1f%%", cv * 100);
        printf("%-24s %-4s %14.1f %-9s %7zu %8s\n", pk_param_table[i].name, pk_param_table[i].symbol, p->value[i],
               pk_param_table[i].unit, s->n, cvs);
    }
}

int pk_cmd_calibrate(int argc, char **argv)
{
    enum { O_BACKEND = 256, O_OUT, O_REPS, O_HANG, O_DEV };
    static const struct option opts[] = {
        {"backend", required_argument, NULL, O_BACKEND}, {"out", required_argument, NULL, O_OUT},
        {"reps", required_argument, NULL, O_REPS},       {"hang-timeout-s", required_argument, NULL, O_HANG},
        {"device", required_argument, NULL, O_DEV},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *backend = NULL, *out = NULL;
    uint64_t reps = 20;
    pk_backend_config cfg = {0, 10.0};
    char err[1024];
    int c;
    unsigned seen = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int bad = 0;
        if (c >= O_BACKEND && c <= O_DEV) {
            if (seen & (1u << (c - O_BACKEND)))
                return pk_cli_usage_error("calibrate", "--%s given twice", opts[c - O_BACKEND].name);
            seen |= 1u << (c - O_BACKEND);
        }
        switch (c) {
        case 'h': calibrate_usage(stdout); return PK_EXIT_OK;
        case ':': return pk_cli_usage_error("calibrate", "%s: missing value", argv[optind - 1]);
        case '?':
            return pk_cli_usage_error("calibrate", "unknown option '%s' (see 'pkbench calibrate --help')",
                                      argv[optind - 1]);
        case O_BACKEND: backend = optarg; break;
        case O_OUT:
            if (!*optarg)
                return pk_cli_usage_error("calibrate", "--out: empty file name");
            out = optarg;
            break;
        case O_REPS:
            bad = pk_session_parse_count("--reps", optarg, 100000, &reps, err, sizeof err);
            break;
        case O_HANG: bad = pk_session_parse_flag(PK_SESSION_HANG_TIMEOUT, optarg, &cfg, err, sizeof err); break;
        case O_DEV: bad = pk_session_parse_flag(PK_SESSION_DEVICE, optarg, &cfg, err, sizeof err); break;
        default: break;
        }
        if (bad)
            return pk_cli_usage_error("calibrate", "%s", err);
    }
    if (optind < argc)
        return pk_cli_usage_error("calibrate", "unexpected argument '%s'", argv[optind]);
    if (!backend)
        return pk_cli_usage_error("calibrate", "--backend is required (see 'pkbench calibrate --help')");
    if (!out)
        return pk_cli_usage_error("calibrate", "--out is required (see 'pkbench calibrate --help')");

    pk_session ses;
    if (pk_session_find(&ses, backend, err, sizeof err) != PK_OK)
        return pk_cli_usage_error("calibrate", "%s", err);
    /* Fail on an unwritable --out before minutes of measurement, not after. */
    struct stat st;
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
        return pk_cli_usage_error("calibrate", "--out: %s: is a directory", out);
    pk_afile probe_out;
    if (pk_afile_open(&probe_out, out) != PK_OK)
        return pk_cli_usage_error("calibrate", "--out: %s: cannot write: %s", out, strerror(errno));
    pk_afile_abort(&probe_out);
    pk_signals_install();
    int rc = pk_session_open(&ses, &cfg, err, sizeof err);
    if (rc != PK_OK) {
        pk_signals_restore();
        if (rc == PK_ENODEV)
            return pk_cli_usage_error("calibrate", "no %s device visible: %s", pk_session_kind(&ses), err);
        fprintf(stderr, "pkbench calibrate: cannot open backend %s: %s\n", backend, err);
        return PK_EXIT_CHECK;
    }

    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts co = {reps, &pk_signal_caught, on_step, NULL};
    rc = pk_calibrate(ses.ops, ses.b, &co, &p, err, sizeof err);
    pk_session_close(&ses); /* joins the backend's workers before anything is written */
    pk_signals_restore();
    if (rc == PK_EINTR) {
        fprintf(stderr, "pkbench calibrate: interrupted; %s not written\n", out);
        pk_params_free(&p);
        return pk_signals_exit_code();
    }
    if (rc != PK_OK) {
        fprintf(stderr, "pkbench calibrate: %s; %s not written\n", err, out);
        pk_params_free(&p);
        return PK_EXIT_CHECK;
    }

    snprintf(p.backend, sizeof p.backend, "%s", ses.ops->name);
    snprintf(p.device, sizeof p.device, "%s", ses.device);
    snprintf(p.source, sizeof p.source, "calibrate");
    p.cpu_analogue = ses.ops->cpu_analogue;
    p.context = ses.ctx;
    pk_context_setf(&p.context, "calibrate_reps", "%" PRIu64, reps);
    pk_context_setf(&p.context, "hang_timeout_s", "%g", cfg.hang_timeout_s);
    rc = pk_params_save(out, &p, err, sizeof err);
    if (rc != PK_OK) {
        fprintf(stderr, "pkbench calibrate: %s\n", err);
        pk_params_free(&p);
        return PK_EXIT_CHECK;
    }
    print_table(&p);
    if (p.cpu_analogue)
        printf("(host backend: a CPU analogue, never GPU figures)\n");
    pk_params_free(&p);
    return PK_EXIT_OK;
}
