/* How quiet the machine is around a measurement, and whether a gate may fail on it. The noise
 * probe spins one thread on each CPU the host loop uses (common/cpus.h) for a while and reports
 * the share of wall time each lost in pauses (interrupts, other processes, a hypervisor taking
 * the vCPU) and the share it waited on a run queue (another runnable task on its CPU). `pkbench
 * run` probes before and after its loop and records both in the params context; compare then
 * judges a gate that fails on parameters from a noisy machine, from a loop that could not be
 * pinned, or from a calibration whose g check disagreed as `inconclusive`, not `fail`. */
#ifndef PK_HARNESS_NOISE_H
#define PK_HARNESS_NOISE_H

#include <stddef.h>
#include <stdint.h>

#include "common/context.h"
#include "common/cpus.h"

#define PK_NOISE_PROBE_MS 150     /* spin per probe, every CPU at once */
#define PK_NOISE_PAUSE_NS 2000    /* a gap between two clock reads above this is time lost */
/* Above this share of lost time on any probed CPU, before or after the loop, the machine is
 * noisy (results/host/README.md says how it was chosen). */
#define PK_NOISE_LIMIT_LOST_PCT 20.0

typedef struct pk_noise {
    int ncpu;             /* threads spun: one per CPU of the plan, or one unpinned (cpu -1) */
    int cpu[2];
    double lost_pct[2];   /* share of the spin's wall time lost in pauses above PK_NOISE_PAUSE_NS */
    double runq_pct[2];   /* share of it spent waiting on a run queue; NAN where schedstat is missing */
    uint64_t pauses[2];   /* pauses counted */
    double max_pause_us[2];
    double ms;            /* the spin's length */
} pk_noise;

/* Spins one thread per CPU of plan (pinned; one unpinned thread when the plan pins nothing)
 * for ms milliseconds and fills out. Returns 0, or PK_EDEVICE/PK_ENOMEM with a reason in err. */
int pk_noise_probe(const pk_cpu_plan *plan, double ms, pk_noise *out, char *err, size_t errlen);

/* The largest lost and run-queue shares over the probed CPUs (NAN when none was measured). */
double pk_noise_lost_pct(const pk_noise *n);
double pk_noise_runq_pct(const pk_noise *n);

/* Records a probe in ctx as WHEN_lost_pct, WHEN_runq_pct (the largest over the CPUs) and WHEN
 * (a line per CPU for people); WHEN is "noise_before" or "noise_after". Returns 0 or PK_ERANGE
 * when the context is full. */
int pk_noise_to_context(const pk_noise *n, const char *when, pk_context *ctx);

/* Records the probes made before and after a loop (either may be NULL) in ctx, the context of
 * the parameters the caller holds (and writes): both, or, when ctx has no room for them, neither
 * (ctx is left as it was). Returns 0 or PK_ERANGE. */
int pk_noise_record(pk_context *ctx, const pk_noise *before, const pk_noise *after);

/* Why a gate judged with parameters of context ctx cannot fail: "noisy machine: ..." (a probe
 * lost more than PK_NOISE_LIMIT_LOST_PCT), "nothing pinned: ..." (the host loop shared one CPU),
 * or "calibration check failed: ..." (kernel_gap_check disagrees). Returns 1 with the reason in
 * why, or 0 when none applies (also when ctx holds none of these keys). */
int pk_noise_doubt(const pk_context *ctx, char *why, size_t len);

#endif
