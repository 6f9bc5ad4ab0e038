/* pkbench/policy.h: the persistent-kernel decision policy of the vyre seed
 * (persistent_kernel_policy.rs), ported to C with identical semantics. */
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

#ifdef __cplusplus
}
#endif

#endif
