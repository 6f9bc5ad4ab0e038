/* Invariant: the host backend owns no thread once closed, whatever ran; a persistent run joins
 * its worker before returning; the caller's CPU affinity is given back at close (runs pin the
 * caller while the backend is open, test_host_pinning.c); the resident
 * worker survives across runs (the same thread, no setup figure), sleeps between runs instead
 * of spinning, and is joined at close; probes fill every slot with a non-negative figure;
 * close(NULL) and open-then-close are safe. */
#define _GNU_SOURCE /* pthread_getaffinity_np */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "host_util.h"
#include "tests/pk_test.h"

/* The sorted-free signature of this process's threads: the sum and xor of their ids. */
static unsigned long tid_signature(void)
{
    DIR *d = opendir("/proc/self/task");
    unsigned long sum = 0, x = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            unsigned long id = strtoul(e->d_name, NULL, 10);
            sum += id;
            x ^= id * 2654435761u;
        }
    if (d)
        closedir(d);
    return sum ^ (x << 1);
}

/* 1 once every thread but the caller is asleep (state S in /proc), polling for up to 2 s. */
static int others_asleep(void)
{
    for (int tries = 0; tries < 200; tries++) {
        DIR *d = opendir("/proc/self/task");
        int awake = 0;
        struct dirent *e;
        while (d && (e = readdir(d))) {
            char path[300], buf[512];
            if (e->d_name[0] == '.' || strtol(e->d_name, NULL, 10) == (long)getpid())
                continue;
            snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
            FILE *f = fopen(path, "r");
            size_t len = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
            if (f)
                fclose(f);
            buf[len] = '\0';
            const char *paren = strrchr(buf, ')');
            awake += paren && paren[1] == ' ' && paren[2] == 'R';
        }
        if (d)
            closedir(d);
        if (!awake)
            return 1;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return 0;
}

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    int base = thread_baseline();
    if (base < 0) {
        fprintf(stderr, "no /proc/self/task: skipped\n");
        return 77;
    }
    ops->close(NULL);
    pk_backend *b = host_open(30);
    ops->close(b);
    PK_CHECK(thread_count() == base);

    b = host_open(30);
    char err[256] = "";
    pk_sample x;
    cpu_set_t before, after;
    PK_CHECK_U64(pthread_getaffinity_np(pthread_self(), sizeof before, &before), 0);
    pk_point pt = {.strategy = PK_STRAT_PERSISTENT, .item_ns = 2000, .batch = 50};
    PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), 0);
    PK_CHECK(thread_count() == base); /* joined inside run() */

    pt.strategy = PK_STRAT_PERSISTENT_RESIDENT;
    PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), 0);
    PK_CHECK(thread_count() == base + 1);
    unsigned long sig = tid_signature();
    for (int r = 0; r < 5; r++) {
        PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), 0);
        PK_CHECK(isnan(x.setup_ns) && isnan(x.teardown_ns));
    }
    PK_CHECK(tid_signature() == sig); /* the same resident thread served every run */
    PK_CHECK(others_asleep());          /* parked, not spinning, between runs */

    pt.strategy = PK_STRAT_STANDARD; /* the queue worker joins the resident one */
    PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), 0);
    PK_CHECK(thread_count() == base + 2);
    pt.strategy = PK_STRAT_PERSISTENT_RESIDENT;
    PK_CHECK_U64(ops->run(b, &pt, &x, err, sizeof err), 0);

    double out[16];
    for (int k = PK_PROBE_LAUNCH_LATENCY; k <= PK_PROBE_LAUNCH_TIMES; k++) {
        for (int i = 0; i < 16; i++)
            out[i] = -1;
        PK_CHECK_U64(ops->probe(b, (pk_probe)k, 1000, out, 16, err, sizeof err), 0);
        for (int i = 0; i < 16; i++)
            PK_CHECK(out[i] >= 0);
    }
    pk_context ctx = {0};
    PK_CHECK_U64(ops->context(b, &ctx), 0);
    PK_CHECK_STR(pk_context_get(&ctx, "cpu_analogue") ? pk_context_get(&ctx, "cpu_analogue") : "", "true");
    PK_CHECK(pk_context_get(&ctx, "note") && strstr(pk_context_get(&ctx, "note"), "never GPU"));
    ops->close(b);
    PK_CHECK(thread_count() == base);
    PK_CHECK_U64(pthread_getaffinity_np(pthread_self(), sizeof after, &after), 0);
    PK_CHECK(CPU_EQUAL(&before, &after));
    return pk_test_done("host.lifecycle");
}
