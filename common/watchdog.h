/* The process's watchdog: a bound on calls that can block without one of their own (a GPU
 * runtime's stream synchronisation, a context creation, a device free behind a wedged kernel).
 *
 * A guarded call arms the watchdog with a budget before it starts and disarms it when it
 * returns; the arm and the disarm are a few atomic operations and no system call, and are made
 * outside any timed region. A thread started on the first arm (on any of the process's CPUs,
 * not its creator's) sleeps until the armed deadline, a second at most, so that a guard ends
 * the process no more than a second past its budget. When a call is still in its guard past its
 * deadline, the thread writes one line to stderr, starting with the program's name as its own
 * errors write it (pk_watchdog_set_name; "pkbench" unless set), naming what hung and for how
 * long, calls the hook (pk_watchdog_set_hook: the command writes what it finished, e.g. a
 * sweep's partial files) and ends the process with the hook's exit code (1 without a hook). The
 * guarded thread, should its call return while this happens, stops at its disarm and never
 * touches the state the hook reads.
 *
 * The test hook PKB_TEST_WATCHDOG_NS (read once per process) caps every budget, so that tests
 * reach an expiry quickly.
 *
 * One guard at a time per process (the backends are driven by one thread); a nested arm while
 * armed keeps the outer guard. A forked child starts its own thread on its first arm. */
#ifndef PK_COMMON_WATCHDOG_H
#define PK_COMMON_WATCHDOG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called on the watchdog's thread when a guard expires, after the line is written; what it
 * returns is the process's exit code. It runs while the guarded thread is blocked and must not
 * wait for it. */
typedef int (*pk_watchdog_hook)(void *ud);

/* The watchdog thread's name (/proc/self/task/TID/comm), which tests that count or inspect a
 * process's threads leave out. */
#define PK_WATCHDOG_THREAD_NAME "pkb-watchdog"

/* Starts this process's watchdog thread unless it runs (the first arm does it too); 0 when it
 * runs, else the error of pthread_create. A start returns once the new thread runs its own code
 * (2 s at most), so that a fork right after it finds no thread half created. */
int pk_watchdog_start(void);

/* The program's name, which the expired guard's line starts with (its own errors' first word:
 * "pkbench", the default, or a benchmark tool's); name must live as long as the process. NULL:
 * the default again. */
void pk_watchdog_set_name(const char *name);

/* Sets (or, with NULL, clears) the hook. */
void pk_watchdog_set_hook(pk_watchdog_hook fn, void *ud);

/* Names the guarded call into buf ("the cuda backend's run of ..."), from ud; called on the
 * watchdog's thread only when the guard expires, so arming costs no formatting. */
typedef void (*pk_watchdog_describe)(char *buf, size_t len, const void *ud);

/* Arms the watchdog for budget_ns from now. describe(ud) names the call when the guard expires
 * (ud must stay valid and unchanged until the disarm; describe NULL: "a guarded call"). Returns
 * 1 when this call armed it (pass it to pk_watchdog_disarm), 0 when a guard was already armed or
 * the thread could not be started (then nothing is bounded, and disarm with 0 does nothing). */
int pk_watchdog_arm(pk_watchdog_describe describe, const void *ud, uint64_t budget_ns);

/* 1 while a guard is armed (a caller's record of what it guards must then be left as it is). */
int pk_watchdog_armed(void);

/* Ends the guard armed by pk_watchdog_arm when armed is 1. If the guard has expired meanwhile
 * the process is ending: this never returns. */
void pk_watchdog_disarm(int armed);

/* The budget, in ns, for a wait of hang_timeout_s plus work_ns of expected device work, with
 * room for the runtime's own overheads: 2 hang_timeout_s + 2 work_ns + 10 s, saturated at
 * 2^63 ns. Longer than any bounded wait of the backends, so theirs report first. */
uint64_t pk_watchdog_budget_ns(double hang_timeout_s, double work_ns);

#ifdef __cplusplus
}
#endif

#endif
