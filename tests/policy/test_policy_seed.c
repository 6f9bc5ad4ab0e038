/* policy.seed: the eleven unit tests that come with the seed policy in vyre's Rust source,
 * ported one for one; each asserts the verdict the seed asserts for the same inputs. */
#include "pkbench/policy.h"
#include "tests/pk_test.h"

static pk_policy_inputs inp(uint32_t batch, uint64_t ovh, uint64_t item, uint64_t setup)
{
    pk_policy_inputs in = {batch, ovh, item, setup};
    return in;
}

static const pk_decision STANDARD = {PK_DECISION_STANDARD_LAUNCHES, 0};

static pk_decision persistent(uint64_t savings)
{
    pk_decision d = {PK_DECISION_PERSISTENT_KERNEL, savings};
    return d;
}

static void single_launch_is_always_standard(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(1, 5000, 1000, 1000)), STANDARD));
}

static void zero_batch_is_standard(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(0, 5000, 1000, 50000)), STANDARD));
}

static void small_batch_below_amortisation_threshold_is_standard(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(5, 5000, 1000, 50000)), STANDARD));
}

static void batch_at_amortisation_threshold_is_standard(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(10, 5000, 1000, 50000)), STANDARD));
}

static void large_batch_above_threshold_picks_persistent(void)
{
    pk_decision d = pk_decide_persistent_kernel(inp(100, 5000, 1000, 50000));
    PK_CHECK(pk_decision_equal(d, persistent(450000)));
    PK_CHECK_U64(d.savings_ns, 450000);
}

static void portable_typical_overheads_pick_persistent_at_modest_batch(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(10, 25000, 5000, 200000)), persistent(50000)));
}

static void zero_per_launch_overhead_returns_standard(void)
{
    PK_CHECK(pk_decision_equal(pk_decide_persistent_kernel(inp(1000, 0, 100, 50000)), STANDARD));
}

static void savings_is_strictly_positive_for_persistent_verdict(void)
{
    pk_decision d = pk_decide_persistent_kernel(inp(1000, 5000, 1000, 50000));
    PK_CHECK(d.kind == PK_DECISION_PERSISTENT_KERNEL);
    PK_CHECK(d.savings_ns > 0);
}

static void item_duration_does_not_affect_decision(void)
{
    pk_decision small = pk_decide_persistent_kernel(inp(100, 5000, 100, 50000));
    pk_decision large = pk_decide_persistent_kernel(inp(100, 5000, 1000000, 50000));
    PK_CHECK(pk_decision_equal(small, large));
}

static void saturating_arithmetic_protects_against_overflow(void)
{
    pk_decision d = pk_decide_persistent_kernel(inp(UINT32_MAX, UINT64_MAX / 2, 1, 50000));
    PK_CHECK(d.kind == PK_DECISION_PERSISTENT_KERNEL);
    PK_CHECK_U64(d.savings_ns, UINT64_MAX - 50000);
}

static void persistent_kernel_displays_stable_strings(void)
{
    char buf[64];
    pk_decision_format(STANDARD, buf, sizeof buf);
    PK_CHECK_STR(buf, "standard-launches");
    pk_decision_format(persistent(99), buf, sizeof buf);
    PK_CHECK_STR(buf, "persistent-kernel:99");
}

int main(void)
{
    single_launch_is_always_standard();
    zero_batch_is_standard();
    small_batch_below_amortisation_threshold_is_standard();
    batch_at_amortisation_threshold_is_standard();
    large_batch_above_threshold_picks_persistent();
    portable_typical_overheads_pick_persistent_at_modest_batch();
    zero_per_launch_overhead_returns_standard();
    savings_is_strictly_positive_for_persistent_verdict();
    item_duration_does_not_affect_decision();
    saturating_arithmetic_protects_against_overflow();
    persistent_kernel_displays_stable_strings();
    return pk_test_done("policy.seed");
}
