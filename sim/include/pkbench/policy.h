/* pkbench/policy.h: the persistent-kernel decision policy of the vyre GPU compiler (the seed,
 * written in Rust), ported to C with identical semantics. */
#ifndef PKBENCH_POLICY_H
#define PKBENCH_POLICY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PK_POLICY_VERSION_MAJOR 0
#define PK_POLICY_VERSION_MINOR 1

/* Inputs to the seed's decision; field for field the seed's PersistentKernelInputs. */
typedef struct pk_policy_inputs {
    uint32_t batch_size;                   /* small launches in the upcoming batch */
    uint64_t per_launch_overhead_ns;       /* host-side cost of one launch (h) */
    uint64_t per_item_kernel_ns;           /* per-item kernel duration; ignored by the seed */
    uint64_t persistent_setup_overhead_ns; /* queue alloc + launch + handshake (S) */
} pk_policy_inputs;

typedef enum pk_decision_kind {
    PK_DECISION_STANDARD_LAUNCHES = 0,
    PK_DECISION_PERSISTENT_KERNEL = 1
} pk_decision_kind;

/* The verdict. savings_ns is meaningful only for PK_DECISION_PERSISTENT_KERNEL and is 0
 * otherwise, so two verdicts compare equal exactly when the seed's enums would. */
typedef struct pk_decision {
    pk_decision_kind kind;
    uint64_t savings_ns;
} pk_decision;

/* The seed's decide_persistent_kernel: batch <= 1 or zero overhead gives standard launches;
 * otherwise persistent iff saturating(batch * overhead) > setup, with
 * savings = saturating(batch * overhead) - setup. */
pk_decision pk_decide_persistent_kernel(pk_policy_inputs in);

/* Writes the seed's display string ("standard-launches" or "persistent-kernel:<savings>")
 * like snprintf: returns the length the full string needs, writing at most len bytes. */
int pk_decision_format(pk_decision d, char *buf, size_t len);

/* 1 when both verdicts are the same (kind and, for persistent, savings), else 0. */
int pk_decision_equal(pk_decision a, pk_decision b);

/* Saturating helpers the policy uses; exposed so callers compute totals the same way. */
uint64_t pk_sat_mul_u64(uint64_t a, uint64_t b);
uint64_t pk_sat_sub_u64(uint64_t a, uint64_t b);

uint64_t pk_sat_add_u64(uint64_t a, uint64_t b);

/* Inputs of the overlap-aware decision: the seed's inputs plus what the seed ignores. All
 * times in ns; launch_queue_depth in launches (0 = unbounded). */
typedef struct pk_overlap_inputs {
    uint32_t batch_size;                   /* N */
    uint64_t per_launch_overhead_ns;       /* h: host time inside one async launch call */
    uint64_t per_item_kernel_ns;           /* d: item (kernel) duration */
    uint64_t persistent_setup_overhead_ns; /* S */
    uint64_t kernel_gap_ns;                /* g: device idle time between back-to-back kernels */
    uint64_t launch_latency_ns;            /* L: end of the launch call on an idle device to kernel start */
    uint64_t launch_queue_depth;           /* Q: launches pending (not started) when a launch blocks */
    uint64_t host_work_ns;                 /* w: host work before each launch or push */
    uint64_t persistent_item_ns;           /* e: per-item dispatch cost inside the persistent kernel */
    uint64_t persistent_teardown_ns;       /* T: shutdown signal to exit observed */
    uint64_t sync_ns;                      /* host observing completion of a finished stream */
    uint64_t persistent_batch_ns;          /* B: publish a batch to the running persistent kernel and
                                              observe its completion (per-batch round trip) */
} pk_overlap_inputs;

/* The overlap inputs for a seed input (every figure the seed ignores is 0, Q unbounded). */
pk_overlap_inputs pk_overlap_from_seed(pk_policy_inputs in);

/* The pipelined model's totals (saturating). With a = w + h and b = d + g:
 *   standard   = L + d + sync + max(N*a, a + (N-1)*b, a + M*(h + L) + (N-1-M*Q)*max(a, b)),
 *                M = floor((N-1)/Q), the last term only for 0 < Q < N (N <= Q launches never fill
 *                the queue)
 *   persistent = S + T + B + max(w + N*(e + d), N*w + e + d)
 * The standard form equals the simulator's (sim/model.h) for constant costs with a launch call
 * on a busy device costing h (h_b = h): a full queue lets launch k + Q's call start no earlier
 * than launch k starts, which it then follows by h + L, so a queue that starves the device
 * (h + L > Q*max(a, b)) paces it at (h + L)/Q an item once the first Q launches have run.
 * Both are 0 for N = 0. */
uint64_t pk_overlap_standard_ns(const pk_overlap_inputs *in);
uint64_t pk_overlap_persistent_ns(const pk_overlap_inputs *in);

/* The overlap-aware decision: persistent iff its pipelined total is strictly below the
 * standard one; savings = standard - persistent. N = 0 gives standard launches. */
pk_decision pk_decide_overlap(pk_overlap_inputs in);

#ifdef __cplusplus
}
#endif

#endif
