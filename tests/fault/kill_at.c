/* A test-only LD_PRELOAD library: with PKB_KILL_AT_STEP=N in the environment, the process is
 * killed with SIGKILL just before its Nth file-system step (rename, unlink, unlinkat, rmdir:
 * the steps of writing, committing and cleaning a results folder), so that random_faults.sh
 * can stop a sweep at exact points of its commit. Without the variable it changes nothing. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>

static long step_now, step_kill = -2;

static void step(void)
{
    if (step_kill == -2) {
        const char *e = getenv("PKB_KILL_AT_STEP");
        step_kill = e ? atol(e) : -1;
    }
    if (++step_now == step_kill)
        raise(SIGKILL);
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

int rename(const char *from, const char *to)
{
    step();
    return REAL("rename", int (*)(const char *, const char *))(from, to);
}

int unlink(const char *path)
{
    step();
    return REAL("unlink", int (*)(const char *))(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    step();
    return REAL("unlinkat", int (*)(int, const char *, int))(dirfd, path, flags);
}

int rmdir(const char *path)
{
    step();
    return REAL("rmdir", int (*)(const char *))(path);
}
