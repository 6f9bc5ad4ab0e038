/* Invariants of the overlap-aware decision (pkbench/policy.h):
 *  - its totals equal sim/analytic.h's pipelined closed forms (launch queue unbounded);
 *  - with everything the seed ignores set to zero and d = 0 it gives the seed's verdict and
 *    savings for every batch >= 2;
 *  - persistent iff its total is strictly below standard's, savings = the difference;
 *  - totals are monotone in each cost (standard non-decreasing in h, L, g, sync, w, d and
 *    non-increasing in Q; persistent non-decreasing in S, T, B, e, w, d), so more launch cost
 *    never turns a persistent verdict into standard and more setup never the reverse;
 *  - with a bounded launch queue (0 < Q < N, full or not) the standard total equals the
 *    simulator's (constant costs, h_b = h) over random integer costs, host work included; a
 *    full queue that starves the device paces it at (h + L) / Q an item once Q launches ran;
 *  - the per-batch round trip B adds exactly B to the persistent total (standard unchanged),
 *    so a B larger than the savings without it turns a persistent verdict into standard;
 *  - extreme inputs saturate at UINT64_MAX instead of overflowing (checked under UBSan). */
#include <math.h>

#include "pkbench/policy.h"
#include "sim/analytic.h"
#include "sim/model.h"
#include "tests/pk_test.h"

static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(uint64_t mod)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return mod ? rs % mod : rs;
}

static pk_overlap_inputs random_inputs(void)
{
    pk_overlap_inputs in = {
        .batch_size = (uint32_t)(1 + rnd(5000)),
        .per_launch_overhead_ns = rnd(30000),
        .per_item_kernel_ns = rnd(60000),
        .persistent_setup_overhead_ns = rnd(300000),
        .kernel_gap_ns = rnd(3000),
        .launch_latency_ns = rnd(10000),
        .launch_queue_depth = 0,
        .host_work_ns = rnd(4) == 0 ? rnd(20000) : 0,
        .persistent_item_ns = rnd(2000),
        .persistent_teardown_ns = rnd(20000),
        .sync_ns = rnd(5000),
        .persistent_batch_ns = rnd(15000),
    };
    return in;
}

static void test_matches_closed_form(void)
{
    for (int i = 0; i < 5000; i++) {
        pk_overlap_inputs in = random_inputs();
        pk_costs c = {.h = (double)in.per_launch_overhead_ns, .L = (double)in.launch_latency_ns,
                      .g = (double)in.kernel_gap_ns, .sync = (double)in.sync_ns,
                      .S = (double)in.persistent_setup_overhead_ns, .e = (double)in.persistent_item_ns,
                      .T = (double)in.persistent_teardown_ns, .Q = 0, .B = (double)in.persistent_batch_ns};
        pk_prediction st, ps;
        pk_analytic_pipelined(&c, PK_STRAT_STANDARD, (double)in.per_item_kernel_ns, in.batch_size,
                              (double)in.host_work_ns, &st);
        pk_analytic_pipelined(&c, PK_STRAT_PERSISTENT, (double)in.per_item_kernel_ns, in.batch_size,
                              (double)in.host_work_ns, &ps);
        PK_CHECK_U64(pk_overlap_standard_ns(&in), (uint64_t)st.total_ns);
        PK_CHECK_U64(pk_overlap_persistent_ns(&in), (uint64_t)ps.total_ns);
        pk_decision v = pk_decide_overlap(in);
        uint64_t s = pk_overlap_standard_ns(&in), p = pk_overlap_persistent_ns(&in);
        PK_CHECK(v.kind == (p < s ? PK_DECISION_PERSISTENT_KERNEL : PK_DECISION_STANDARD_LAUNCHES));
        PK_CHECK_U64(v.savings_ns, p < s ? s - p : 0);
    }
}

static void test_seed_reduction(void)
{
    for (int i = 0; i < 5000; i++) {
        pk_policy_inputs seed = {(uint32_t)(2 + rnd(100000)), rnd(50000), 0, rnd(1000000)};
        if (seed.per_launch_overhead_ns == 0)
            continue;
        pk_decision a = pk_decide_persistent_kernel(seed);
        pk_decision b = pk_decide_overlap(pk_overlap_from_seed(seed));
        PK_CHECK(pk_decision_equal(a, b));
    }
}

/* Raising one field (by index) must not lower the given total. */
static uint64_t *field(pk_overlap_inputs *in, int f)
{
    uint64_t *p[] = {&in->per_launch_overhead_ns, &in->per_item_kernel_ns, &in->persistent_setup_overhead_ns,
                     &in->kernel_gap_ns, &in->launch_latency_ns, &in->host_work_ns, &in->persistent_item_ns,
                     &in->persistent_teardown_ns, &in->sync_ns, &in->persistent_batch_ns};
    return p[f];
}

static void test_monotone(void)
{
    for (int i = 0; i < 3000; i++) {
        pk_overlap_inputs in = random_inputs();
        in.launch_queue_depth = rnd(3) == 0 ? 1 + rnd(64) : 0;
        uint64_t s0 = pk_overlap_standard_ns(&in), p0 = pk_overlap_persistent_ns(&in);
        pk_decision v0 = pk_decide_overlap(in);
        for (int f = 0; f < 10; f++) {
            pk_overlap_inputs up = in;
            *field(&up, f) += 1 + rnd(10000);
            PK_CHECK(pk_overlap_standard_ns(&up) >= s0);
            PK_CHECK(pk_overlap_persistent_ns(&up) >= p0);
        }
        pk_overlap_inputs more_h = in, more_s = in, deeper = in;
        more_h.per_launch_overhead_ns += 1 + rnd(10000);
        more_s.persistent_setup_overhead_ns += 1 + rnd(10000);
        deeper.launch_queue_depth = in.launch_queue_depth ? in.launch_queue_depth * 2 : 0;
        PK_CHECK(pk_overlap_standard_ns(&deeper) <= s0);
        pk_overlap_inputs unbounded = in, roomy = in; /* N <= Q launches never fill the queue */
        unbounded.launch_queue_depth = 0;
        roomy.launch_queue_depth = in.batch_size;
        PK_CHECK(pk_overlap_standard_ns(&roomy) == pk_overlap_standard_ns(&unbounded));
        if (v0.kind == PK_DECISION_PERSISTENT_KERNEL) {
            pk_decision vh = pk_decide_overlap(more_h);
            PK_CHECK(vh.kind == PK_DECISION_PERSISTENT_KERNEL && vh.savings_ns >= v0.savings_ns);
        } else {
            PK_CHECK(pk_decide_overlap(more_s).kind == PK_DECISION_STANDARD_LAUNCHES);
        }
    }
}

static void test_saturation(void)
{
    pk_overlap_inputs in = {.batch_size = UINT32_MAX,
                            .per_launch_overhead_ns = UINT64_MAX,
                            .per_item_kernel_ns = UINT64_MAX,
                            .persistent_setup_overhead_ns = UINT64_MAX,
                            .kernel_gap_ns = UINT64_MAX,
                            .launch_latency_ns = UINT64_MAX,
                            .launch_queue_depth = 1,
                            .host_work_ns = UINT64_MAX,
                            .persistent_item_ns = UINT64_MAX,
                            .persistent_teardown_ns = UINT64_MAX,
                            .sync_ns = UINT64_MAX,
                            .persistent_batch_ns = UINT64_MAX};
    PK_CHECK_U64(pk_overlap_standard_ns(&in), UINT64_MAX);
    PK_CHECK_U64(pk_overlap_persistent_ns(&in), UINT64_MAX);
    PK_CHECK(pk_decide_overlap(in).kind == PK_DECISION_STANDARD_LAUNCHES);
    pk_overlap_inputs big_h = {.batch_size = UINT32_MAX, .per_launch_overhead_ns = UINT64_MAX / 2};
    pk_decision v = pk_decide_overlap(big_h);
    PK_CHECK(v.kind == PK_DECISION_PERSISTENT_KERNEL);
    PK_CHECK_U64(v.savings_ns, UINT64_MAX);
    pk_overlap_inputs zero = {0};
    PK_CHECK(pk_decide_overlap(zero).kind == PK_DECISION_STANDARD_LAUNCHES);
    PK_CHECK_U64(pk_overlap_standard_ns(&zero), 0);
    PK_CHECK_U64(pk_sat_add_u64(UINT64_MAX, 1), UINT64_MAX);
    PK_CHECK_U64(pk_sat_add_u64(2, 3), 5);
}

static void test_batch_round_trip(void)
{
    for (int i = 0; i < 3000; i++) {
        pk_overlap_inputs in = random_inputs(), none = in;
        none.persistent_batch_ns = 0;
        PK_CHECK_U64(pk_overlap_persistent_ns(&in), pk_overlap_persistent_ns(&none) + in.persistent_batch_ns);
        PK_CHECK_U64(pk_overlap_standard_ns(&in), pk_overlap_standard_ns(&none));
        pk_decision v = pk_decide_overlap(none);
        if (v.kind != PK_DECISION_PERSISTENT_KERNEL)
            continue;
        pk_overlap_inputs just_under = none, just_over = none;
        just_under.persistent_batch_ns = v.savings_ns - 1;
        just_over.persistent_batch_ns = v.savings_ns;
        pk_decision u = pk_decide_overlap(just_under);
        PK_CHECK(u.kind == PK_DECISION_PERSISTENT_KERNEL && u.savings_ns == 1);
        PK_CHECK(pk_decide_overlap(just_over).kind == PK_DECISION_STANDARD_LAUNCHES);
    }
}

/* A full launch queue starves the device: h 1, L 9, Q 3, N 10, empty items and no gap. Launches
 * 0-2 are in the queue by t = 3; launch k + 3's call starts when launch k starts, and launch k + 3
 * starts h + L = 10 later: items 0, 3, 6 and 9 start at 10, 20, 30 and 40 (the simulator's
 * total), where a period of ceil(10 / 3) = 4 from the first item would give 46. */
static void test_queue_starve(void)
{
    pk_overlap_inputs in = {.batch_size = 10, .per_launch_overhead_ns = 1, .launch_latency_ns = 9,
                            .launch_queue_depth = 3};
    PK_CHECK_U64(pk_overlap_standard_ns(&in), 40);
    in.launch_queue_depth = 10; /* N <= Q: never full, host-bound: L + N h */
    PK_CHECK_U64(pk_overlap_standard_ns(&in), 19);
    /* N = 2Q, h 1, L 5000: the second half of the batch waits once for a slot, L + h + (h + L) + 99 h */
    pk_overlap_inputs half = {.batch_size = 200, .per_launch_overhead_ns = 1, .launch_latency_ns = 5000,
                              .launch_queue_depth = 100};
    PK_CHECK_U64(pk_overlap_standard_ns(&half), 10101);
}

/* The standard total against the simulator with a bounded queue: random integer costs, often a
 * short queue with a long latency (the device starved), sometimes host work. */
static void test_queue_matches_simulator(void)
{
    pk_model *m;
    PK_CHECK(pk_model_create(&m) == 0);
    uint64_t mismatches = 0;
    for (int i = 0; i < 4000; i++) {
        pk_overlap_inputs in = random_inputs();
        in.launch_queue_depth = 1 + rnd(rnd(2) ? 8 : 300);
        in.batch_size = (uint32_t)(1 + rnd(rnd(2) ? 50 : 3000));
        if (rnd(2)) { /* short items: h + L over Q items' time, the device starves */
            in.per_item_kernel_ns = rnd(500);
            in.kernel_gap_ns = rnd(100);
        }
        pk_costs c = {.h = (double)in.per_launch_overhead_ns, .L = (double)in.launch_latency_ns,
                      .g = (double)in.kernel_gap_ns, .sync = (double)in.sync_ns, .Q = in.launch_queue_depth};
        pk_items it = {in.batch_size, (double)in.per_item_kernel_ns, (double)in.host_work_ns, NULL, NULL, NULL};
        pk_prediction sim;
        PK_CHECK(pk_model_run(m, &c, PK_STRAT_STANDARD, &it, 0, &sim) == 0);
        if ((double)pk_overlap_standard_ns(&in) != sim.total_ns && mismatches++ == 0)
            fprintf(stderr, "  N=%u Q=%llu h=%llu L=%llu d=%llu g=%llu w=%llu: policy %llu, simulator %.1f\n",
                    in.batch_size, (unsigned long long)in.launch_queue_depth,
                    (unsigned long long)in.per_launch_overhead_ns, (unsigned long long)in.launch_latency_ns,
                    (unsigned long long)in.per_item_kernel_ns, (unsigned long long)in.kernel_gap_ns,
                    (unsigned long long)in.host_work_ns, (unsigned long long)pk_overlap_standard_ns(&in),
                    sim.total_ns);
    }
    PK_CHECK_U64(mismatches, 0);
    pk_model_destroy(m);
}

int main(void)
{
    test_matches_closed_form();
    test_seed_reduction();
    test_monotone();
    test_saturation();
    test_batch_round_trip();
    test_queue_starve();
    test_queue_matches_simulator();
    return pk_test_done("sim.overlap");
}
