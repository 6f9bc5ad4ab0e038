/* SIGINT, SIGTERM, SIGHUP and SIGPIPE handling for sweep and calibrate (see signals.h). */
#include "harness/signals.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "common/status.h"

volatile sig_atomic_t pk_signal_caught;

/* SIGHUP: the terminal went away; SIGPIPE: the reader of stdout or stderr did. */
static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

/* When the first signal came (CLOCK_MONOTONIC, ns; clock_gettime is async-signal-safe). Not a
 * sig_atomic_t, which C guarantees only 0..127 (a second count of the clock exceeds that): a
 * lock-free atomic, which a handler may read and write (C11 7.14.1.1). */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "the first signal's time needs a lock-free 64-bit atomic");
static atomic_llong first_at_ns;

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The first signal sets the flag. A repeat within PK_SIGNAL_REPEAT_NS of it is the same request
 * delivered again: `timeout` signals the command and then its process group, scancel and a
 * fan-out's parent signal every process, so a run often gets two at once, and must not die
 * before it writes its partial files. A signal later than that gets the default action, so a
 * stuck run can still be killed (a second Ctrl-C, a second later). */
static void on_signal(int sig)
{
    if (sig == SIGPIPE) { /* our own writes to a reader gone raise it again: they fail with EPIPE now */
        struct sigaction ign;
        memset(&ign, 0, sizeof ign);
        ign.sa_handler = SIG_IGN;
        sigemptyset(&ign.sa_mask);
        sigaction(SIGPIPE, &ign, NULL);
    }
    const long long t = now_ns();
    if (!pk_signal_caught) { /* SIGPIPE too: a SIGTERM right after it (a job's end) is the same request */
        atomic_store(&first_at_ns, t); /* before the flag: a handler that sees the flag sees the time */
        pk_signal_caught = sig;
        return;
    }
    if (sig == SIGPIPE || t - atomic_load(&first_at_ns) <= PK_SIGNAL_REPEAT_NS)
        return;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig); /* blocked while this handler runs: acts as it returns */
}

/* 1 while SIGHUP was found ignored at install (nohup, `trap '' HUP`): it stays ignored. */
static int hup_kept;

int pk_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART keeps the backend's blocking calls from failing with EINTR. */
    sa.sa_flags = SA_RESTART;
    if (!atomic_is_lock_free(&first_at_ns)) /* ATOMIC_LLONG_LOCK_FREE 2 says always; checked anyway */
        return PK_EINVAL;
    pk_signal_caught = 0;
    hup_kept = pk_signal_ignored(SIGHUP);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        if (!(caught[i] == SIGHUP && hup_kept) && sigaction(caught[i], &sa, NULL) != 0)
            return PK_EINVAL;
    return PK_OK;
}

void pk_signals_restore(void)
{
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        if (!(caught[i] == SIGHUP && hup_kept))
            signal(caught[i], SIG_DFL);
}

int pk_signal_ignored(int sig)
{
    struct sigaction now;
    return sigaction(sig, NULL, &now) == 0 && now.sa_handler == SIG_IGN;
}

int pk_signals_exit_code(void)
{
    return pk_signal_caught ? 128 + pk_signal_caught : 130;
}
