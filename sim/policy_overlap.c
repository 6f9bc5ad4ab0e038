/* The overlap-aware persistent-kernel decision: the pipelined model in saturating integer
 * arithmetic (see pkbench/policy.h). Self-contained: the installable policy library depends
 * on nothing in sim/. */
#include "pkbench/policy.h"

uint64_t pk_sat_add_u64(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

pk_overlap_inputs pk_overlap_from_seed(pk_policy_inputs in)
{
    pk_overlap_inputs o = {0};
    o.batch_size = in.batch_size;
    o.per_launch_overhead_ns = in.per_launch_overhead_ns;
    o.per_item_kernel_ns = in.per_item_kernel_ns;
    o.persistent_setup_overhead_ns = in.persistent_setup_overhead_ns;
    return o;
}

uint64_t pk_overlap_standard_ns(const pk_overlap_inputs *in)
{
    if (in->batch_size == 0)
        return 0;
    uint64_t n = in->batch_size;
    uint64_t a = pk_sat_add_u64(in->host_work_ns, in->per_launch_overhead_ns);
    uint64_t b = pk_sat_add_u64(in->per_item_kernel_ns, in->kernel_gap_ns);
    uint64_t host_bound = pk_sat_mul_u64(n, a);
    uint64_t bound = max_u64(host_bound, pk_sat_add_u64(a, pk_sat_mul_u64(n - 1, b)));
    uint64_t q = in->launch_queue_depth;
    if (q > 0 && n > q) { /* N <= Q launches never fill it */
        /* Launch k + Q's call starts no earlier than launch k starts (a slot frees) and it starts
         * h + L after that: m such waits, and the other items at max(a, b) each. The bound is
         * linear in m, so its largest is at m = 0 (the terms above) or m = M = floor((N-1)/Q). */
        uint64_t m = (n - 1) / q, rest = (n - 1) - m * q;
        uint64_t hl = pk_sat_add_u64(in->per_launch_overhead_ns, in->launch_latency_ns);
        uint64_t full = pk_sat_add_u64(pk_sat_mul_u64(m, hl), pk_sat_mul_u64(rest, max_u64(a, b)));
        bound = max_u64(bound, pk_sat_add_u64(a, full));
    }
    uint64_t t = pk_sat_add_u64(in->launch_latency_ns, in->per_item_kernel_ns);
    t = pk_sat_add_u64(t, in->sync_ns);
    return pk_sat_add_u64(t, bound);
}

uint64_t pk_overlap_persistent_ns(const pk_overlap_inputs *in)
{
    if (in->batch_size == 0)
        return 0;
    uint64_t n = in->batch_size, w = in->host_work_ns;
    uint64_t ed = pk_sat_add_u64(in->persistent_item_ns, in->per_item_kernel_ns);
    uint64_t kernel_bound = pk_sat_add_u64(w, pk_sat_mul_u64(n, ed));
    uint64_t host_bound = pk_sat_add_u64(pk_sat_mul_u64(n, w), ed);
    uint64_t t = pk_sat_add_u64(in->persistent_setup_overhead_ns, in->persistent_teardown_ns);
    t = pk_sat_add_u64(t, in->persistent_batch_ns);
    return pk_sat_add_u64(t, max_u64(kernel_bound, host_bound));
}

pk_decision pk_decide_overlap(pk_overlap_inputs in)
{
    pk_decision standard = {PK_DECISION_STANDARD_LAUNCHES, 0};
    if (in.batch_size == 0)
        return standard;
    uint64_t std_ns = pk_overlap_standard_ns(&in), pk_ns = pk_overlap_persistent_ns(&in);
    if (pk_ns >= std_ns)
        return standard;
    pk_decision persistent = {PK_DECISION_PERSISTENT_KERNEL, std_ns - pk_ns};
    return persistent;
}
