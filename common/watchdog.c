/* The process's watchdog (watchdog.h).
 *
 * One word, gen, holds the state: even while nothing is armed, odd while a guard is armed, and
 * PK_WD_FIRED once the watchdog has taken an expired guard. The guarded thread arms with a
 * release store of the next odd value (after the deadline and name) and disarms with an
 * exchange; the watchdog takes a guard with a compare-and-swap from the odd value it judged
 * expired. Exactly one of the two wins: a disarm that returns the odd value ended the guard in
 * time, one that returns PK_WD_FIRED parks its thread for good while the hook runs. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "common/watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PK_WD_FIRED UINT64_MAX
#define PK_WD_TICK_NS UINT64_C(1000000000) /* the longest sleep: a guard ends the process at most this late */
#define PK_WD_START_WAIT_NS UINT64_C(2000000000) /* the longest wait for a new thread to run (wd_wait_running) */

static _Atomic uint64_t wd_gen;         /* see above */
static _Atomic uint64_t wd_deadline_ns; /* CLOCK_MONOTONIC */
static _Atomic uint64_t wd_budget_ns;
static _Atomic(pk_watchdog_describe) wd_describe;
static const void *_Atomic wd_ud;
static _Atomic(pk_watchdog_hook) wd_hook;
static void *_Atomic wd_hook_ud;
static atomic_int wd_started;           /* the thread of this process runs */
static atomic_int wd_running;           /* set by the thread itself once it runs (wd_main) */
static _Atomic uint64_t wd_cap_ns = UINT64_MAX; /* test hook PKB_TEST_WATCHDOG_NS: every budget at most this */
static const char *_Atomic wd_name = "pkbench"; /* the line's first word (pk_watchdog_set_name) */
static pthread_mutex_t wd_start_lock = PTHREAD_MUTEX_INITIALIZER;
static int wd_atfork_set;

static uint64_t wd_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void wd_sleep_until(uint64_t t_ns)
{
    struct timespec t = {.tv_sec = (time_t)(t_ns / 1000000000u), .tv_nsec = (long)(t_ns % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
        ;
}

/* The expired guard: its line, the hook, the end of the process. */
static void wd_fire(void)
{
    char what[256] = "a guarded call";
    pk_watchdog_describe describe = atomic_load(&wd_describe);
    if (describe)
        describe(what, sizeof what, atomic_load(&wd_ud));
    const double s = (double)atomic_load(&wd_budget_ns) * 1e-9;
    fprintf(stderr, "%s: %s did not return within %.3g s (a hung kernel or a lost device); ending the process\n",
            atomic_load(&wd_name), what, s);
    fflush(stderr);
    pk_watchdog_hook fn = atomic_load(&wd_hook);
    const int code = fn ? fn(atomic_load(&wd_hook_ud)) : 1;
    fflush(NULL);
    _exit(code);
}

static void *wd_main(void *arg)
{
    (void)arg;
    (void)pthread_setname_np(pthread_self(), PK_WATCHDOG_THREAD_NAME);
    atomic_store_explicit(&wd_running, 1, memory_order_release);
    for (;;) {
        const uint64_t g = atomic_load_explicit(&wd_gen, memory_order_acquire), now = wd_now_ns();
        if (!(g & 1)) {
            wd_sleep_until(now + PK_WD_TICK_NS);
            continue;
        }
        const uint64_t d = atomic_load_explicit(&wd_deadline_ns, memory_order_relaxed);
        if (now < d) {
            /* At most a second: a later guard, armed while this sleeps, may end sooner. */
            wd_sleep_until(d - now < PK_WD_TICK_NS ? d : now + PK_WD_TICK_NS);
            continue;
        }
        uint64_t expect = g;
        if (atomic_compare_exchange_strong(&wd_gen, &expect, PK_WD_FIRED))
            wd_fire();
    }
    return NULL;
}

static void wd_after_fork_child(void)
{
    atomic_store(&wd_started, 0); /* the parent's thread is not in the child */
    atomic_store(&wd_running, 0);
    /* held by the parent's start (up to its 2 s wait) when another thread forked: the child has
     * no thread to release it, and its first arm would wait for ever */
    wd_start_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    if (atomic_load(&wd_gen) & 1)
        atomic_store(&wd_gen, atomic_load(&wd_gen) + 1);
}

/* The process's CPUs as it started (a taskset's mask), before the host backend pins a thread. */
static cpu_set_t wd_process_cpus;
static int wd_process_cpus_known;

__attribute__((constructor)) static void wd_save_process_cpus(void)
{
    wd_process_cpus_known = sched_getaffinity(0, sizeof wd_process_cpus, &wd_process_cpus) == 0;
}

/* Creates the thread, detached; any_cpu: on any of the process's CPUs as it started, not the
 * creator's (the host backend pins its caller to one), so that its wakeups need not preempt a
 * pinned host loop. */
static int wd_spawn(int any_cpu)
{
    pthread_attr_t at;
    pthread_t t;
    int rc = pthread_attr_init(&at);
    if (rc != 0)
        return rc;
    (void)pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    if (any_cpu)
        rc = wd_process_cpus_known ? pthread_attr_setaffinity_np(&at, sizeof wd_process_cpus, &wd_process_cpus)
                                   : EINVAL;
    if (rc == 0)
        rc = pthread_create(&t, &at, wd_main, NULL);
    if (rc == 0) /* named before the first arm returns (wd_main names itself too, in case this fails) */
        (void)pthread_setname_np(t, PK_WATCHDOG_THREAD_NAME);
    pthread_attr_destroy(&at);
    return rc;
}

/* Waits, at most PK_WD_START_WAIT_NS, for the new thread to run its own code: a thread still
 * being created when the process forks can leave the C library's or a sanitizer's thread
 * bookkeeping locked in the child (under ASan the child's own pthread_create then never
 * returned). A thread that has not run by then is still the watchdog, only later. */
static void wd_wait_running(void)
{
    const uint64_t until = wd_now_ns() + PK_WD_START_WAIT_NS;
    while (!atomic_load_explicit(&wd_running, memory_order_acquire) && wd_now_ns() < until) {
        struct timespec t = {0, 50000};
        nanosleep(&t, NULL);
    }
}

int pk_watchdog_start(void)
{
    if (atomic_load_explicit(&wd_started, memory_order_acquire))
        return 0;
    int rc = 0;
    pthread_mutex_lock(&wd_start_lock);
    if (!wd_atfork_set) {
        wd_atfork_set = pthread_atfork(NULL, NULL, wd_after_fork_child) == 0;
        const char *cap = getenv("PKB_TEST_WATCHDOG_NS");
        if (cap && *cap)
            atomic_store(&wd_cap_ns, strtoull(cap, NULL, 10));
    }
    if (!atomic_load(&wd_started)) {
        rc = wd_spawn(1);
        if (rc != 0)
            rc = wd_spawn(0); /* where the affinity cannot be set: the creator's CPUs */
        if (rc == 0) {
            wd_wait_running();
            atomic_store_explicit(&wd_started, 1, memory_order_release);
        }
    }
    pthread_mutex_unlock(&wd_start_lock);
    return rc;
}

void pk_watchdog_set_name(const char *name)
{
    atomic_store(&wd_name, name ? name : "pkbench");
}

void pk_watchdog_set_hook(pk_watchdog_hook fn, void *ud)
{
    atomic_store(&wd_hook_ud, ud);
    atomic_store(&wd_hook, fn);
}

int pk_watchdog_armed(void)
{
    return (int)(atomic_load_explicit(&wd_gen, memory_order_relaxed) & 1);
}

int pk_watchdog_arm(pk_watchdog_describe describe, const void *ud, uint64_t budget_ns)
{
    const uint64_t g = atomic_load_explicit(&wd_gen, memory_order_relaxed);
    if ((g & 1) || pk_watchdog_start() != 0)
        return 0;
    const uint64_t now = wd_now_ns(), cap = atomic_load_explicit(&wd_cap_ns, memory_order_relaxed);
    budget_ns = budget_ns < cap ? budget_ns : cap;
    atomic_store_explicit(&wd_describe, describe, memory_order_relaxed);
    atomic_store_explicit(&wd_ud, ud, memory_order_relaxed);
    atomic_store_explicit(&wd_budget_ns, budget_ns, memory_order_relaxed);
    atomic_store_explicit(&wd_deadline_ns, budget_ns > UINT64_MAX - now ? UINT64_MAX : now + budget_ns,
                          memory_order_relaxed);
    atomic_store_explicit(&wd_gen, g + 1, memory_order_release);
    return 1;
}

void pk_watchdog_disarm(int armed)
{
    if (!armed)
        return;
    const uint64_t g = atomic_load_explicit(&wd_gen, memory_order_relaxed);
    if (!(g & 1)) /* ended already: by a fork into this child (wd_after_fork_child) */
        return;
    if (atomic_exchange(&wd_gen, g == PK_WD_FIRED ? g : g + 1) != PK_WD_FIRED)
        return;
    atomic_store(&wd_gen, PK_WD_FIRED); /* the exchange above may have stored g + 1 over it */
    for (;;)
        pause(); /* the watchdog's thread ends the process */
}

uint64_t pk_watchdog_budget_ns(double hang_timeout_s, double work_ns)
{
    const double ns = 2.0 * hang_timeout_s * 1e9 + 2.0 * (work_ns > 0 ? work_ns : 0) + 10e9;
    return ns >= 9.2e18 || ns != ns ? (UINT64_C(1) << 63) : (uint64_t)ns;
}
