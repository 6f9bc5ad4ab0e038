/* pkbench decide: prints the seed policy's verdict for one batch. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/commands.h"
#include "pkbench/policy.h"

static void decide_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench decide --batch N --launch-overhead-ns H --item-ns D --setup-ns S\n\n"
            "Prints the seed policy's verdict: 'standard-launches' or 'persistent-kernel:<savings_ns>'.\n"
            "Persistent mode wins iff N*H > S (strict); savings = N*H - S, saturating.\n\n"
            "  --batch N               launches in the batch (0 .. 4294967295)\n"
            "  --launch-overhead-ns H  host cost of one launch, ns\n"
            "  --item-ns D             per-item kernel duration, ns (the seed ignores it)\n"
            "  --setup-ns S            persistent-mode setup cost, ns\n"
            "  -h, --help              this text\n");
}

int pk_cmd_decide(int argc, char **argv)
{
    enum { OPT_BATCH = 256, OPT_OVERHEAD, OPT_ITEM, OPT_SETUP };
    static const struct option opts[] = {
        {"batch", required_argument, NULL, OPT_BATCH},
        {"launch-overhead-ns", required_argument, NULL, OPT_OVERHEAD},
        {"item-ns", required_argument, NULL, OPT_ITEM},
        {"setup-ns", required_argument, NULL, OPT_SETUP},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v[4] = {0};
    int seen[4] = {0};
    static const char *const names[4] = {"--batch", "--launch-overhead-ns", "--item-ns", "--setup-ns"};
    char err[256];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'h') {
            decide_usage(stdout);
            return PK_EXIT_OK;
        }
        if (c == ':')
            return pk_cli_usage_error("decide", "%s: missing value", argv[optind - 1]);
        if (c == '?')
            return pk_cli_usage_error("decide", "unknown option '%s' (see 'pkbench decide --help')", argv[optind - 1]);
        int i = c - OPT_BATCH;
        uint64_t max = i == 0 ? UINT32_MAX : UINT64_MAX;
        if (pk_cli_u64(names[i], optarg, max, &v[i], err, sizeof err) != 0)
            return pk_cli_usage_error("decide", "%s", err);
        seen[i] = 1;
    }
    if (optind < argc)
        return pk_cli_usage_error("decide", "unexpected argument '%s'", argv[optind]);
    for (int i = 0; i < 4; i++)
        if (!seen[i])
            return pk_cli_usage_error("decide", "%s is required (see 'pkbench decide --help')", names[i]);

    pk_policy_inputs in = {(uint32_t)v[0], v[1], v[2], v[3]};
    char buf[64];
    pk_decision_format(pk_decide_persistent_kernel(in), buf, sizeof buf);
    printf("%s\n", buf);
    return PK_EXIT_OK;
}
