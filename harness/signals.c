/* SIGINT, SIGTERM, SIGHUP and SIGPIPE handling for sweep and calibrate (see signals.h). */
#include "harness/signals.h"

#include <string.h>

#include "common/status.h"

volatile sig_atomic_t pk_signal_caught;

/* SIGHUP: the terminal went away; SIGPIPE: the reader of stdout or stderr did. */
static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void on_signal(int sig)
{
    if (!pk_signal_caught)
        pk_signal_caught = sig;
}

int pk_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* SA_RESETHAND: a second signal kills the process the usual way. SA_RESTART keeps the
     * backend's blocking calls from failing with EINTR. */
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    pk_signal_caught = 0;
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        if (sigaction(caught[i], &sa, NULL) != 0)
            return PK_EINVAL;
    return PK_OK;
}

void pk_signals_restore(void)
{
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        signal(caught[i], SIG_DFL);
}

int pk_signals_exit_code(void)
{
    return pk_signal_caught ? 128 + pk_signal_caught : 130;
}
