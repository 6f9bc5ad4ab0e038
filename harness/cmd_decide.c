/* pkbench decide: prints the seed policy's verdict for one batch, or with --model overlap the
 * overlap-aware decision's (pipelined model: item duration, gap, latency, queue, host work). */
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
            "  --model M               seed (default) or overlap: decide from the pipelined model,\n"
            "                          persistent iff its total < standard's; savings = the difference:\n"
            "                            standard   = L + D + sync + max(N*(W+H), (W+H) + (N-1)*P),\n"
            "                                         P = max(D+G, ceil((H+L)/Q)) (P = D+G when Q = 0)\n"
            "                            persistent = S + T + B + max(W + N*(E+D), N*W + E + D)\n"
            "  overlap model only (default 0):\n"
            "  --gap-ns G              device idle time between back-to-back kernels\n"
            "  --latency-ns L          end of the launch call on an idle device to kernel start\n"
            "  --queue-depth Q         launches accepted before the launch call blocks (0 = unbounded)\n"
            "  --host-work-ns W        host work before each launch or push\n"
            "  --persistent-item-ns E  per-item dispatch cost inside the persistent kernel\n"
            "  --teardown-ns T         persistent kernel shutdown to exit observed\n"
            "  --sync-ns Y             host observing completion of a finished stream\n"
            "  --persistent-batch-ns B publish the batch to the running persistent kernel and\n"
            "                          observe its completion (per-batch round trip)\n"
            "  -h, --help              this text\n");
}

int pk_cmd_decide(int argc, char **argv)
{
    enum { OPT_BATCH = 256, OPT_OVERHEAD, OPT_ITEM, OPT_SETUP, OPT_GAP, OPT_LATENCY, OPT_QDEPTH, OPT_WORK,
           OPT_PITEM, OPT_TEARDOWN, OPT_SYNC, OPT_BATCH_RT, OPT_MODEL };
    enum { NVAL = OPT_BATCH_RT - OPT_BATCH + 1 };
    static const struct option opts[] = {
        {"batch", required_argument, NULL, OPT_BATCH},
        {"launch-overhead-ns", required_argument, NULL, OPT_OVERHEAD},
        {"item-ns", required_argument, NULL, OPT_ITEM},
        {"setup-ns", required_argument, NULL, OPT_SETUP},
        {"gap-ns", required_argument, NULL, OPT_GAP},
        {"latency-ns", required_argument, NULL, OPT_LATENCY},
        {"queue-depth", required_argument, NULL, OPT_QDEPTH},
        {"host-work-ns", required_argument, NULL, OPT_WORK},
        {"persistent-item-ns", required_argument, NULL, OPT_PITEM},
        {"teardown-ns", required_argument, NULL, OPT_TEARDOWN},
        {"sync-ns", required_argument, NULL, OPT_SYNC},
        {"persistent-batch-ns", required_argument, NULL, OPT_BATCH_RT},
        {"model", required_argument, NULL, OPT_MODEL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v[NVAL] = {0};
    int seen[NVAL] = {0}, overlap = 0, model_seen = 0;
    static const char *const names[NVAL] = {"--batch", "--launch-overhead-ns", "--item-ns", "--setup-ns",
                                            "--gap-ns", "--latency-ns", "--queue-depth", "--host-work-ns",
                                            "--persistent-item-ns", "--teardown-ns", "--sync-ns",
                                            "--persistent-batch-ns"};
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
        if (c == OPT_MODEL) {
            if (model_seen++)
                return pk_cli_usage_error("decide", "--model given twice");
            if (strcmp(optarg, "seed") != 0 && strcmp(optarg, "overlap") != 0)
                return pk_cli_usage_error("decide", "--model: '%s' is not seed or overlap", optarg);
            overlap = strcmp(optarg, "overlap") == 0;
            continue;
        }
        int i = c - OPT_BATCH;
        if (seen[i])
            return pk_cli_usage_error("decide", "%s given twice", names[i]);
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

    for (int i = 4; i < NVAL && !overlap; i++)
        if (seen[i])
            return pk_cli_usage_error("decide", "%s needs --model overlap", names[i]);

    pk_policy_inputs in = {(uint32_t)v[0], v[1], v[2], v[3]};
    char buf[64];
    if (overlap) {
        pk_overlap_inputs o = pk_overlap_from_seed(in);
        o.kernel_gap_ns = v[4];
        o.launch_latency_ns = v[5];
        o.launch_queue_depth = v[6];
        o.host_work_ns = v[7];
        o.persistent_item_ns = v[8];
        o.persistent_teardown_ns = v[9];
        o.sync_ns = v[10];
        o.persistent_batch_ns = v[11];
        pk_decision_format(pk_decide_overlap(o), buf, sizeof buf);
        printf("%s\n", buf);
        return PK_EXIT_OK;
    }
    pk_decision_format(pk_decide_persistent_kernel(in), buf, sizeof buf);
    printf("%s\n", buf);
    return PK_EXIT_OK;
}
