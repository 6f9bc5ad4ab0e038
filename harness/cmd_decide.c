/* pkbench decide: prints the seed policy's verdict for one batch, or with --model overlap the
 * overlap-aware decision's (pipelined model: item duration, gap, latency, queue, host work). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/opts.h"
#include "pkbench/policy.h"

static void decide_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench decide --batch N --launch-overhead-ns H --item-ns D --setup-ns S [options]\n\n"
            "Prints the seed policy's verdict: 'standard-launches' or 'persistent-kernel:<savings_ns>'.\n"
            "Persistent mode wins iff N*H > S (strict); savings = N*H - S, saturating.\n\n"
            "  --batch N               launches in the batch (0 .. 4294967295)\n"
            "  --launch-overhead-ns H  host cost of one launch, ns\n"
            "  --item-ns D             per-item kernel duration, ns (the seed ignores it)\n"
            "  --setup-ns S            persistent-mode setup cost, ns\n"
            "  --model M               seed (default) or overlap: decide from the pipelined model\n"
            "  -h, --help              this text\n\n"
            "Overlap model only (default 0):\n"
            "  --gap-ns G              device idle time between back-to-back kernels\n"
            "  --latency-ns L          end of the launch call on an idle device to kernel start\n"
            "  --queue-depth Q         launches accepted before the launch call blocks (0 = unbounded)\n"
            "  --host-work-ns W        host work before each launch or push\n"
            "  --persistent-item-ns E  per-item dispatch cost inside the persistent kernel\n"
            "  --teardown-ns T         persistent kernel shutdown to exit observed\n"
            "  --sync-ns Y             host observing completion of a finished stream\n"
            "  --persistent-batch-ns B\n"
            "                          the batch's round trip: publishing it and observing its\n"
            "                          completion (calibrated: persistent_launch_trip_ns, B_l,\n"
            "                          for a batch published with the kernel's launch)\n\n"
            "With --model overlap, persistent wins iff its total is below standard's, and the\n"
            "savings are the difference, where\n"
            "    standard = L + D + sync + max(N*(W+H), (W+H) + (N-1)*P),\n"
            "    P = max(D+G, ceil((H+L)/Q)) (P = D+G when Q = 0),\n"
            "    persistent = S + T + B + max(W + N*(E+D), N*W + E + D).\n\n"
            "Exit codes: 0 the verdict is printed, 2 bad usage.\n");
}

int pk_cmd_decide(int argc, char **argv)
{
    /* The twelve numbers first (their ids index v), then --model. */
    enum { O_BATCH, O_OVERHEAD, O_ITEM, O_SETUP, O_GAP, O_LATENCY, O_QDEPTH, O_WORK, O_PITEM, O_TEARDOWN, O_SYNC,
           O_BATCH_RT, O_MODEL, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"batch", 1},        {"launch-overhead-ns", 1}, {"item-ns", 1},     {"setup-ns", 1},
        {"gap-ns", 1},       {"latency-ns", 1},         {"queue-depth", 1}, {"host-work-ns", 1},
        {"persistent-item-ns", 1}, {"teardown-ns", 1},  {"sync-ns", 1},     {"persistent-batch-ns", 1},
        {"model", 1},
    };
    pk_opts p = {.cmd = "decide", .table = table, .n = O_COUNT, .usage = decide_usage};
    int rc = pk_opts_parse(&p, argc, argv);
    pk_opts_free(&p);
    if (rc >= 0)
        return rc;
    uint64_t v[O_MODEL] = {0};
    for (int i = 0; i < O_MODEL; i++)
        if ((rc = pk_opts_u64(&p, i, i == O_BATCH ? UINT32_MAX : UINT64_MAX, &v[i])) != 0)
            return rc;
    if (pk_opts_has(&p, O_MODEL) && strcmp(p.value[O_MODEL], "seed") != 0 && strcmp(p.value[O_MODEL], "overlap") != 0)
        return pk_cli_usage_error("decide", "--model: '%s' is not seed or overlap", p.value[O_MODEL]);
    int overlap = pk_opts_has(&p, O_MODEL) && strcmp(p.value[O_MODEL], "overlap") == 0;
    for (int i = 0; i <= O_SETUP; i++)
        if (!pk_opts_has(&p, i))
            return pk_cli_usage_error("decide", "--%s is required (see 'pkbench decide --help')", table[i].name);
    for (int i = O_GAP; i < O_MODEL && !overlap; i++)
        if (pk_opts_has(&p, i))
            return pk_cli_usage_error("decide", "--%s needs --model overlap", table[i].name);

    pk_policy_inputs in = {(uint32_t)v[O_BATCH], v[O_OVERHEAD], v[O_ITEM], v[O_SETUP]};
    char buf[64];
    if (overlap) {
        pk_overlap_inputs o = pk_overlap_from_seed(in);
        o.kernel_gap_ns = v[O_GAP];
        o.launch_latency_ns = v[O_LATENCY];
        o.launch_queue_depth = v[O_QDEPTH];
        o.host_work_ns = v[O_WORK];
        o.persistent_item_ns = v[O_PITEM];
        o.persistent_teardown_ns = v[O_TEARDOWN];
        o.sync_ns = v[O_SYNC];
        o.persistent_batch_ns = v[O_BATCH_RT];
        pk_decision_format(pk_decide_overlap(o), buf, sizeof buf);
    } else {
        pk_decision_format(pk_decide_persistent_kernel(in), buf, sizeof buf);
    }
    printf("%s\n", buf);
    return PK_EXIT_OK;
}
