/* Where the host loop's threads run: the CPUs of the calling thread's affinity mask that the
 * host backend pins its host thread and its workers to (distinct physical cores where the
 * topology allows, never two SMT siblings when a better pair exists), and that the noise
 * probe spins on. Linux only; elsewhere nothing is pinned. */
#ifndef PK_COMMON_CPUS_H
#define PK_COMMON_CPUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pk_cpu_plan {
    int n;         /* 2: cpu[0] for the host thread, cpu[1] for the workers; 0: nothing can be pinned */
    int cpu[2];
    int allowed;   /* CPUs in the affinity mask */
    int siblings;  /* 1 when cpu[0] and cpu[1] are SMT siblings (the mask holds no other pair) */
    char why[160]; /* one line for the context and the report: what is pinned where, or why nothing */
} pk_cpu_plan;

/* Chooses from the calling thread's affinity mask and /sys/devices/system/cpu/cpuN/topology/
 * thread_siblings_list: the lowest CPU for the host thread and the lowest CPU on another core
 * for the workers; a sibling only when every allowed CPU shares the host's core. topology_dir
 * is the folder holding cpuN/ (NULL: /sys/devices/system/cpu). Always succeeds: n = 0 with the
 * reason in why when fewer than two CPUs are allowed or the mask cannot be read. */
void pk_cpu_plan_make(pk_cpu_plan *p, const char *topology_dir);

/* The same choice from an explicit list of allowed CPUs (ascending) in place of the mask: what
 * pk_cpu_plan_make does once it has read the mask, and how a test gives it more CPUs than its
 * machine has (the CPUs' topology is read from topology_dir only). */
void pk_cpu_plan_from(pk_cpu_plan *p, const int *cpus, int ncpus, const char *topology_dir);

/* Pins the calling thread to one CPU. Returns 0 or a negative PK_E* code. */
int pk_cpu_pin_self(int cpu);

/* "0,1" (the CPUs of the plan) into buf; "" when nothing is pinned. */
void pk_cpu_plan_list(const pk_cpu_plan *p, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
