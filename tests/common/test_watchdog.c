/* Invariants of common/watchdog.h, each in a forked child so that an ending process is what is
 * observed: a guard disarmed in time never fires; an expired guard writes its line naming the
 * call, runs the hook and ends the process with the hook's code (1 without one); a guarded
 * thread whose call returns while the hook runs never goes on past its disarm; a nested arm
 * keeps the outer guard; a forked child gets its own watchdog, also when forked inside a guard; a
 * short guard after a long one fires at its own deadline, also when the watchdog had seen the long
 * one armed (its sleep is capped at a second). The parent bounds every wait. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/watchdog.h"
#include "pk_test.h"

#define MS UINT64_C(1000000) /* 64-bit: 20000 * MS in 32 bits wrapped to 2.8 s */

static void spin_ms(unsigned ms)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while ((b.tv_sec - a.tv_sec) * 1000.0 + (b.tv_nsec - a.tv_nsec) / 1e6 < ms);
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

static void name_it(char *buf, size_t len, const void *ud)
{
    snprintf(buf, len, "%s", (const char *)ud);
}

/* Arms with the name given. */
static int arm(const char *what, uint64_t budget_ns)
{
    return pk_watchdog_arm(name_it, what, budget_ns);
}

static int hook_42(void *ud)
{
    (void)ud;
    static const char m[] = "hook ran\n";
    (void)!write(2, m, sizeof m - 1);
    return 42;
}

/* A hook that says it started, then lasts 400 ms, so that the guarded call returns while it
 * runs. */
static atomic_int hook_started;

static int hook_slow(void *ud)
{
    (void)ud;
    atomic_store(&hook_started, 1);
    spin_ms(400);
    return 43;
}

/* Runs fn in a child with its stderr in buf; returns its exit status (-1: killed after 20 s). */
static int in_child(void (*fn)(void), char *buf, size_t len)
{
    int p[2];
    if (pipe(p) != 0)
        return -2;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 2);
        close(p[0]);
        fn();
        _exit(0);
    }
    close(p[1]);
    size_t got = 0;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0, done = 0;
    while (!done) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        done = w == pid;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (!done && t.tv_sec - t0.tv_sec > 20) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            close(p[0]);
            return -1;
        }
        if (!done)
            sleep_ms(10);
    }
    ssize_t r;
    while (got + 1 < len && (r = read(p[0], buf + got, len - 1 - got)) > 0)
        got += (size_t)r;
    buf[got] = '\0';
    close(p[0]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void disarmed_in_time(void)
{
    pk_watchdog_set_hook(hook_42, NULL);
    for (int i = 0; i < 200; i++) { /* many short guards, then one that outlives a second */
        int a = arm("the short call", 2000 * MS);
        pk_watchdog_disarm(a);
    }
    int a = arm("the one-second call", 2500 * MS);
    spin_ms(1100);
    pk_watchdog_disarm(a);
    sleep_ms(2000); /* past the deadline of that guard: it must not fire now */
    static const char m[] = "returned\n";
    (void)!write(2, m, sizeof m - 1);
    _exit(7);
}

static void expires(void)
{
    pk_watchdog_set_hook(hook_42, NULL);
    int a = arm("cuda run standard/item_ns:0/batch:1", 150 * MS);
    sleep(15); /* blocked: the watchdog ends the process first */
    pk_watchdog_disarm(a);
    _exit(0);
}

static void expires_without_hook(void)
{
    pk_watchdog_set_name("pkb_named");
    int a = pk_watchdog_arm(NULL, NULL, 100 * MS);
    sleep(15);
    pk_watchdog_disarm(a);
    _exit(0);
}

static void returns_while_hook_runs(void)
{
    pk_watchdog_set_hook(hook_slow, NULL);
    int a = arm("the late call", 100 * MS);
    for (int i = 0; i < 10000 && !atomic_load(&hook_started); i++) /* returns once the hook runs */
        sleep_ms(1);
    pk_watchdog_disarm(a);
    static const char m[] = "went on\n";
    (void)!write(2, m, sizeof m - 1);
    _exit(0);
}

static void nested_keeps_outer(void)
{
    pk_watchdog_set_hook(hook_42, NULL);
    int outer = arm("the outer call", 150 * MS);
    int inner = arm("the inner call", 60 * 1000 * MS);
    pk_watchdog_disarm(inner);
    sleep(15);
    pk_watchdog_disarm(outer);
    _exit(0);
}

static void forked_child_has_its_own(void)
{
    int a = arm("the parent's call", 1000 * MS); /* starts the parent's thread */
    pk_watchdog_disarm(a); /* forks at once: the first arm returns only once the thread runs */
    pid_t pid = fork();
    if (pid == 0) {
        pk_watchdog_set_hook(hook_42, NULL);
        int c = arm("the child's call", 100 * MS);
        sleep(15);
        pk_watchdog_disarm(c);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 99);
}

/* A short guard armed after a long one is held to its own deadline, not the long one's. */
static void short_after_long(void)
{
    pk_watchdog_set_hook(hook_42, NULL);
    int a = arm("the long call", 20000 * MS);
    pk_watchdog_disarm(a);
    a = arm("the short call", 200 * MS);
    sleep(15);
    pk_watchdog_disarm(a);
    _exit(0);
}

/* A short guard after a long one that the watchdog already saw armed: it slept towards the long
 * deadline then, at most a second (its tick), so the short guard still fires near its own. */
static void short_after_long_seen(void)
{
    pk_watchdog_set_hook(hook_42, NULL);
    int a = arm("the long call", 20000 * MS);
    sleep_ms(1500); /* past the thread's first tick: it has seen the long guard */
    pk_watchdog_disarm(a);
    a = arm("the short call", 200 * MS);
    sleep(15);
    pk_watchdog_disarm(a);
    _exit(0);
}

/* A fork inside a guard: the child's copy of the guard is ended, its disarm does nothing, and
 * its own later guards work. */
static void fork_inside_guard(void)
{
    int a = arm("the parent's call", 60000 * MS); /* returns once the thread runs: the fork follows at once */
    pid_t pid = fork();
    if (pid == 0) {
        pk_watchdog_disarm(a);
        pk_watchdog_set_hook(hook_42, NULL);
        int c = arm("the child's later call", 100 * MS);
        sleep(15);
        pk_watchdog_disarm(c);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    pk_watchdog_disarm(a);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 99);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void)
{
    char buf[4096];
    PK_CHECK(in_child(disarmed_in_time, buf, sizeof buf) == 7);
    PK_CHECK(strstr(buf, "returned") != NULL && strstr(buf, "did not return") == NULL);

    PK_CHECK(in_child(expires, buf, sizeof buf) == 42);
    PK_CHECK(strstr(buf, "pkbench: cuda run standard/item_ns:0/batch:1 did not return within 0.15 s") != NULL);
    PK_CHECK(strstr(buf, "hook ran") != NULL);
    PK_CHECK(strchr(buf, '\n') != NULL && strchr(buf, '\n') < strstr(buf, "hook ran")); /* one line, then the hook */

    PK_CHECK(in_child(expires_without_hook, buf, sizeof buf) == 1);
    PK_CHECK(strstr(buf, "pkb_named: a guarded call did not return within 0.1 s") != NULL); /* set_name's */

    PK_CHECK(in_child(returns_while_hook_runs, buf, sizeof buf) == 43);
    PK_CHECK(strstr(buf, "went on") == NULL);

    PK_CHECK(in_child(nested_keeps_outer, buf, sizeof buf) == 42);
    PK_CHECK(strstr(buf, "the outer call did not return") != NULL);

    PK_CHECK(in_child(forked_child_has_its_own, buf, sizeof buf) == 42);
    PK_CHECK(strstr(buf, "the child's call did not return") != NULL);

    double t0 = now_s(); /* fired at its 0.2 s (and the thread's one-second tick), not at 20 s */
    PK_CHECK(in_child(short_after_long, buf, sizeof buf) == 42);
    PK_CHECK(now_s() - t0 < 10);
    PK_CHECK(strstr(buf, "the short call did not return within 0.2 s") != NULL);

    t0 = now_s(); /* at about 1.5 + 0.2 s, within the tick after: not at the long call's 20 s */
    PK_CHECK(in_child(short_after_long_seen, buf, sizeof buf) == 42);
    PK_CHECK(now_s() - t0 < 10);
    PK_CHECK(strstr(buf, "the short call did not return within 0.2 s") != NULL);

    PK_CHECK(in_child(fork_inside_guard, buf, sizeof buf) == 42);
    PK_CHECK(strstr(buf, "the child's later call did not return") != NULL);

    PK_CHECK_U64(pk_watchdog_budget_ns(10, 0), UINT64_C(30000000000));
    PK_CHECK_U64(pk_watchdog_budget_ns(1, 2e9), UINT64_C(16000000000));
    PK_CHECK_U64(pk_watchdog_budget_ns(1e12, 0), UINT64_C(1) << 63);
    PK_CHECK_U64(pk_watchdog_budget_ns(1, -5), UINT64_C(12000000000));
    return pk_test_done("common.watchdog");
}
