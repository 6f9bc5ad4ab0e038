/* policy.properties: over many generated inputs (a fixed-seed generator biased towards the
 * extremes), the verdict is monotone in batch size, agrees with an independent 128-bit
 * reference of the seed's arithmetic, never overflows, and formats within a bounded length. */
#include "pkbench/policy.h"
#include "tests/pk_test.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next_u64(void)
{
    /* splitmix64 */
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Mostly small realistic values, sometimes the extremes, sometimes anything. */
static uint64_t gen(uint64_t realistic_max)
{
    static const uint64_t edges[] = {0, 1, 2, UINT32_MAX, UINT64_MAX / 2, UINT64_MAX - 1, UINT64_MAX};
    uint64_t r = next_u64() % 8;
    if (r == 0)
        return edges[next_u64() % (sizeof edges / sizeof edges[0])];
    if (r == 1)
        return next_u64();
    return next_u64() % (realistic_max + 1);
}

__extension__ typedef unsigned __int128 u128;

/* Reference of the seed's arithmetic with exact 128-bit products, clamped as Rust's
 * saturating operations would. */
static pk_decision reference(pk_policy_inputs in)
{
    pk_decision std_ = {PK_DECISION_STANDARD_LAUNCHES, 0};
    if (in.batch_size <= 1 || in.per_launch_overhead_ns == 0)
        return std_;
    u128 prod = (u128)in.batch_size * in.per_launch_overhead_ns;
    uint64_t total = prod > UINT64_MAX ? UINT64_MAX : (uint64_t)prod;
    if (total <= in.persistent_setup_overhead_ns)
        return std_;
    pk_decision d = {PK_DECISION_PERSISTENT_KERNEL, total - in.persistent_setup_overhead_ns};
    return d;
}

int main(void)
{
    uint64_t mismatches = 0, non_monotone = 0, item_sensitive = 0, bad_format = 0;
    for (int iter = 0; iter < 200000; iter++) {
        pk_policy_inputs in = {(uint32_t)gen(100000), gen(100000), gen(1000000), gen(10000000)};
        pk_decision d = pk_decide_persistent_kernel(in);
        pk_decision ref = reference(in);
        if (!pk_decision_equal(d, ref) && mismatches++ == 0)
            fprintf(stderr, "  first mismatch: batch=%u h=%" PRIu64 " S=%" PRIu64 "\n", in.batch_size,
                    in.per_launch_overhead_ns, in.persistent_setup_overhead_ns);
        /* Monotone: a larger batch never turns persistent back into standard, nor saves less. */
        pk_policy_inputs bigger = in;
        uint64_t grown = (uint64_t)in.batch_size + next_u64() % 1000;
        bigger.batch_size = grown > UINT32_MAX ? UINT32_MAX : (uint32_t)grown;
        pk_decision d2 = pk_decide_persistent_kernel(bigger);
        if (d.kind == PK_DECISION_PERSISTENT_KERNEL &&
            (d2.kind != PK_DECISION_PERSISTENT_KERNEL || d2.savings_ns < d.savings_ns))
            non_monotone++;
        /* The item duration never changes the verdict. */
        pk_policy_inputs other = in;
        other.per_item_kernel_ns = next_u64();
        if (!pk_decision_equal(d, pk_decide_persistent_kernel(other)))
            item_sensitive++;
        char buf[64];
        int len = pk_decision_format(d, buf, sizeof buf);
        if (len <= 0 || len >= (int)sizeof buf)
            bad_format++;
    }
    PK_CHECK_U64(mismatches, 0);
    PK_CHECK_U64(non_monotone, 0);
    PK_CHECK_U64(item_sensitive, 0);
    PK_CHECK_U64(bad_format, 0);

    /* Explicit extremes, where UBSan would flag any overflow or conversion mistake. */
    pk_policy_inputs hi = {UINT32_MAX, UINT64_MAX, UINT64_MAX, 0};
    pk_decision dhi = pk_decide_persistent_kernel(hi);
    PK_CHECK(dhi.kind == PK_DECISION_PERSISTENT_KERNEL);
    PK_CHECK_U64(dhi.savings_ns, UINT64_MAX);
    pk_policy_inputs eq = {UINT32_MAX, UINT64_MAX, 0, UINT64_MAX};
    PK_CHECK(pk_decide_persistent_kernel(eq).kind == PK_DECISION_STANDARD_LAUNCHES);
    PK_CHECK_U64(pk_sat_mul_u64(UINT64_MAX, 2), UINT64_MAX);
    PK_CHECK_U64(pk_sat_mul_u64(0, UINT64_MAX), 0);
    PK_CHECK_U64(pk_sat_sub_u64(3, 5), 0);
    /* snprintf semantics: a short buffer is truncated but the full length is returned. */
    char small[8];
    int need = pk_decision_format(dhi, small, sizeof small);
    PK_CHECK_U64(need, strlen("persistent-kernel:18446744073709551615"));
    PK_CHECK_STR(small, "persist");
    return pk_test_done("policy.properties");
}
