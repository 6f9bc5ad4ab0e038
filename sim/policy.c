/* The seed's persistent-kernel decision policy in C (see pkbench/policy.h). */
#include "pkbench/policy.h"

#include <inttypes.h>
#include <stdio.h>

uint64_t pk_sat_mul_u64(uint64_t a, uint64_t b)
{
    if (a != 0 && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

uint64_t pk_sat_sub_u64(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

pk_decision pk_decide_persistent_kernel(pk_policy_inputs in)
{
    pk_decision standard = {PK_DECISION_STANDARD_LAUNCHES, 0};
    if (in.batch_size <= 1)
        return standard;
    /* Zero overhead means there is nothing to amortise: keep the standard path. */
    if (in.per_launch_overhead_ns == 0)
        return standard;
    uint64_t standard_overhead = pk_sat_mul_u64((uint64_t)in.batch_size, in.per_launch_overhead_ns);
    /* Strict '>': at equal cost the seed stays on the standard path. */
    if (standard_overhead <= in.persistent_setup_overhead_ns)
        return standard;
    pk_decision persistent = {PK_DECISION_PERSISTENT_KERNEL,
                              pk_sat_sub_u64(standard_overhead, in.persistent_setup_overhead_ns)};
    return persistent;
}

int pk_decision_format(pk_decision d, char *buf, size_t len)
{
    if (d.kind == PK_DECISION_PERSISTENT_KERNEL)
        return snprintf(buf, len, "persistent-kernel:%" PRIu64, d.savings_ns);
    return snprintf(buf, len, "standard-launches");
}

int pk_decision_equal(pk_decision a, pk_decision b)
{
    if (a.kind != b.kind)
        return 0;
    return a.kind == PK_DECISION_STANDARD_LAUNCHES || a.savings_ns == b.savings_ns;
}
