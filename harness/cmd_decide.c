/* pkbench decide: prints the seed policy's verdict for one batch, or with --model overlap the
 * overlap-aware decision's (pipelined model: item duration, gap, latency, queue, host work). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/path.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"
#include "harness/opts.h"
#include "pkbench/policy.h"
#include "sim/params.h"

static void decide_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench decide --batch N --item-ns D (--launch-overhead-ns H --setup-ns S | --params FILE)\n"
            "                      [options]\n\n"
            "Prints the seed policy's verdict: 'standard-launches' or 'persistent-kernel:<savings_ns>'.\n"
            "Persistent mode wins iff N >= 2 and N*H > S (strict); savings = N*H - S in ns, saturating.\n\n"
            "  --batch N               launches in the batch (0 .. 4294967295)\n"
            "  --launch-overhead-ns H  host cost of one launch, ns\n"
            "  --item-ns D             per-item kernel duration, ns (the seed ignores it)\n"
            "  --setup-ns S            persistent-mode setup cost, ns\n"
            "  --model M               seed (default) or overlap: decide from the pipelined model\n"
            "  --params FILE           take every figure below from a calibration ('pkbench calibrate'),\n"
            "                          rounded to integer ns, as compare judges the policies; a flag\n"
            "                          given as well overrides its figure\n"
            "  -h, --help              this text\n\n"
            "Overlap model only (default 0, or --params'; the last from persistent_launch_trip_ns):\n"
            "  --gap-ns G              device idle time between back-to-back kernels\n"
            "  --latency-ns L          end of the launch call on an idle device to kernel start\n"
            "  --queue-depth Q         launches pending (enqueued, not started) when a launch call blocks "
            "(0 = unbounded)\n"
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
            "    standard = L + D + sync + max(N*A, A + (N-1)*(D+G), A + M*(H+L) + (N-1-M*Q)*max(A, D+G)),\n"
            "    A = W+H, M = floor((N-1)/Q) (the last term only when 0 < Q < N),\n"
            "    persistent = S + T + B + max(W + N*(E+D), N*W + E + D).\n\n"
            "Exit codes: 0 the verdict is printed, 2 bad usage or input (--params), 74 the verdict could not\n"
            "be written to stdout.\n");
}

/* The figures of a calibration, in the order of the options (decide's v[]). */
static int from_params(const char *path, uint64_t batch, uint64_t item_ns, uint64_t *v)
{
    pk_params pp;
    char err[PK_PATH_MAX + 128];
    pk_params_init(&pp);
    if (pk_params_load(path, &pp, err, sizeof err) != 0) {
        pk_params_free(&pp);
        return pk_cli_usage_error("decide", "--params: %s", err);
    }
    const pk_overlap_inputs o = pk_cmp_overlap_inputs(&pp, batch, item_ns);
    pk_params_free(&pp);
    const uint64_t f[] = {batch,
                          o.per_launch_overhead_ns,
                          item_ns,
                          o.persistent_setup_overhead_ns,
                          o.kernel_gap_ns,
                          o.launch_latency_ns,
                          o.launch_queue_depth,
                          o.host_work_ns,
                          o.persistent_item_ns,
                          o.persistent_teardown_ns,
                          o.sync_ns,
                          o.persistent_batch_ns};
    memcpy(v, f, sizeof f);
    return 0;
}

int pk_cmd_decide(int argc, char **argv)
{
    /* The twelve numbers first (their ids index v), then --model and --params. */
    enum { O_BATCH, O_OVERHEAD, O_ITEM, O_SETUP, O_GAP, O_LATENCY, O_QDEPTH, O_WORK, O_PITEM, O_TEARDOWN, O_SYNC,
           O_BATCH_RT, O_MODEL, O_PARAMS, O_COUNT };
    static const pk_opt table[O_COUNT] = {
        {"batch", 1},        {"launch-overhead-ns", 1}, {"item-ns", 1},     {"setup-ns", 1},
        {"gap-ns", 1},       {"latency-ns", 1},         {"queue-depth", 1}, {"host-work-ns", 1},
        {"persistent-item-ns", 1}, {"teardown-ns", 1},  {"sync-ns", 1},     {"persistent-batch-ns", 1},
        {"model", 1},        {"params", 1},
    };
    pk_opts p = {.cmd = "decide", .table = table, .n = O_COUNT, .usage = decide_usage};
    int rc = pk_opts_parse(&p, argc, argv);
    pk_opts_free(&p);
    if (rc >= 0)
        return rc;
    uint64_t v[O_MODEL] = {0}, given[O_MODEL] = {0};
    for (int i = 0; i < O_MODEL; i++)
        /* the queue depth as simulate --queue-depth takes it: no batch has more launches */
        if ((rc = pk_opts_u64(&p, i, i == O_BATCH || i == O_QDEPTH ? UINT32_MAX : UINT64_MAX, &given[i])) != 0)
            return rc;
    if (pk_opts_has(&p, O_MODEL) && strcmp(p.value[O_MODEL], "seed") != 0 && strcmp(p.value[O_MODEL], "overlap") != 0)
        return pk_cli_usage_error("decide", "--model: '%s' is not seed or overlap", p.value[O_MODEL]);
    int overlap = pk_opts_has(&p, O_MODEL) && strcmp(p.value[O_MODEL], "overlap") == 0;
    const int params = pk_opts_has(&p, O_PARAMS);
    for (int i = 0; i <= O_SETUP; i++)
        if (!pk_opts_has(&p, i) && !(params && (i == O_OVERHEAD || i == O_SETUP)))
            return pk_cli_usage_error("decide", "--%s is required%s (see 'pkbench decide --help')", table[i].name,
                                      i == O_OVERHEAD || i == O_SETUP ? ", or --params" : "");
    for (int i = O_GAP; i < O_MODEL && !overlap; i++)
        if (pk_opts_has(&p, i))
            return pk_cli_usage_error("decide", "--%s needs --model overlap", table[i].name);
    if (params && (rc = from_params(p.value[O_PARAMS], given[O_BATCH], given[O_ITEM], v)) != 0)
        return rc;
    for (int i = 0; i < O_MODEL; i++)
        if (pk_opts_has(&p, i))
            v[i] = given[i];

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
