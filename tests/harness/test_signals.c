/* Invariant: the first SIGINT, SIGTERM, SIGHUP or SIGPIPE only sets pk_signal_caught; a repeat within
 * PK_SIGNAL_REPEAT_NS of it is the same request (the process lives on, the flag keeps the first
 * signal); a signal later than that gets the default action. The first signal's time is a
 * lock-free atomic of 64 bits, not a sig_atomic_t (C promises it only 0..127). */
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/signals.h"
#include "tests/pk_test.h"

static void sleep_ns(long long ns)
{
    struct timespec t = {(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)};
    while (nanosleep(&t, &t) != 0)
        ;
}

/* The child: exits with the step that went wrong, or dies of the late signal. */
static void child(int first, int repeat, int late)
{
    if (pk_signals_install() != 0)
        _exit(10);
    raise(first);
    if (pk_signal_caught != first)
        _exit(11);
    raise(repeat); /* at once: the same request */
    if (pk_signal_caught != first || pk_signals_exit_code() != 128 + first)
        _exit(12);
    sleep_ns(PK_SIGNAL_REPEAT_NS + 300000000LL);
    raise(late); /* later: the default action ends the process */
    _exit(13);
}

static void check(int first, int repeat, int late)
{
    pid_t pid = fork();
    PK_CHECK(pid >= 0);
    if (pid == 0)
        child(first, repeat, late);
    int st = 0;
    PK_CHECK(waitpid(pid, &st, 0) == pid);
    if (!(WIFSIGNALED(st) && WTERMSIG(st) == late))
        fprintf(stderr, "signals %d, %d, %d: %s %d\n", first, repeat, late, WIFSIGNALED(st) ? "signal" : "exit",
                WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    PK_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == late);
}

int main(void)
{
    atomic_llong probe;
    PK_CHECK(atomic_is_lock_free(&probe));
    check(SIGINT, SIGINT, SIGINT);
    check(SIGTERM, SIGINT, SIGHUP);
    check(SIGPIPE, SIGTERM, SIGINT); /* a reader gone, then the job's SIGTERM: one request */
    PK_CHECK(pk_signals_exit_code() == 130); /* none caught here */
    return pk_test_done("harness.signals");
}
