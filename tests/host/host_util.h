/* Shared helpers for the host-backend tests: open the backend, count this process's threads. */
#ifndef PK_TESTS_HOST_UTIL_H
#define PK_TESTS_HOST_UTIL_H

#include <dirent.h>
#include <time.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/watchdog.h"
#include "kernels/registry.h"

static inline pk_backend *host_open(double timeout_s)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    pk_backend_config cfg = {.device_index = 0, .hang_timeout_s = timeout_s};
    pk_backend *b = NULL;
    char err[256] = "";
    if (!ops || ops->open(&cfg, &b, err, sizeof err) != 0) {
        fprintf(stderr, "cannot open host backend: %s\n", err);
        exit(1);
    }
    return b;
}

static void *host_util_noop(void *arg)
{
    return arg;
}

/* 1 when thread tid (an entry of /proc/self/task) is the process's watchdog thread
 * (common/watchdog.h), which the backends start on their first guarded call and which the
 * counts and placements below leave out. */
static inline int is_watchdog_thread(const char *tid)
{
    char path[320], comm[32] = "";
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = fgets(comm, sizeof comm, f) != NULL;
    fclose(f);
    return ok && strncmp(comm, PK_WATCHDOG_THREAD_NAME, strlen(PK_WATCHDOG_THREAD_NAME)) == 0;
}

/* Threads of this process (entries of /proc/self/task) but the watchdog, or -1 where /proc is
 * absent. */
static inline int thread_count_once(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.' && !is_watchdog_thread(e->d_name);
    closedir(d);
    return n;
}

/* The settled thread count: pthread_join returns when the kernel clears the thread's tid,
 * slightly before its /proc/self/task entry goes, so read until two readings 1 ms apart agree
 * (at most ~100 ms). A thread that was not joined and still runs keeps being counted. */
static inline int thread_count(void)
{
    int n = thread_count_once();
    for (int i = 0; i < 100; i++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        int m = thread_count_once();
        if (m == n)
            return n;
        n = m;
    }
    return n;
}

/* The thread count to compare against, taken after one thread has come and gone so that a
 * sanitizer runtime's helper thread (ThreadSanitizer starts one lazily) is already counted. */
static inline int thread_baseline(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, host_util_noop, NULL) == 0)
        pthread_join(t, NULL);
    return thread_count();
}

#endif
