/* Invariant: no wake-up between the host and the launch-queue worker is ever lost. The worker
 * sleeps only after its idle spin on an empty queue and a push wakes it only when it has
 * flagged that; the host blocks only after its poll window and the worker wakes it only at the
 * count it waits for. Runs that start while the worker is spinning, falling asleep or asleep
 * (pauses around the idle spin), runs whose final wait outlasts the host's poll window, and
 * persistent runs (which send the queue worker to sleep at once) interleaved with them, must
 * all complete and verify; a lost wake-up would stall one until the hang timeout and fail it.
 * A sleeping worker is woken, and counted, once, not once for every launch before it runs. And
 * on one CPU, where the worker sleeps between every two launches, none is lost either. */
#define _GNU_SOURCE /* sched_getaffinity, pthread_setaffinity_np */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <time.h>

#include "host_util.h"
#include "tests/pk_test.h"

static void pause_ns(long ns)
{
    if (ns > 0)
        nanosleep(&(struct timespec){0, ns}, NULL);
}

/* A thread that wakes every 10 us until *stop: on the worker's CPU its wake-ups preempt the
 * worker anywhere, as a loaded machine's do. */
static void *wake_often(void *arg)
{
    atomic_int *stop = arg;
    prctl(PR_SET_TIMERSLACK, 1UL); /* wake-ups every 10 us, not the default slack's 50 */
    while (!atomic_load_explicit(stop, memory_order_relaxed))
        nanosleep(&(struct timespec){0, 10000}, NULL);
    return NULL;
}

int main(void)
{
    const pk_backend_ops *ops = pk_backend_find("host");
    pk_backend *b = host_open(5);
    char err[256] = "";
    pk_sample x;
    uint64_t state = 0x9e3779b97f4a7c15u;
    int failed = 0;
    /* Short runs after pauses of 0..400 us: the idle spin is 200 us, so the push meets the
     * worker awake, on its way to sleep, or asleep. */
    for (int i = 0; i < 2000 && !failed; i++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        pause_ns((long)((state >> 33) % 400000));
        pk_point pt = {.strategy = (state >> 20) & 1 ? PK_STRAT_STANDARD_SYNC : PK_STRAT_STANDARD,
                       .item_ns = (state >> 24) % 3 == 0 ? 5000 : 0,
                       .batch = 1 + (state >> 28) % 4};
        int rc = ops->run(b, &pt, &x, err, sizeof err);
        if (rc != 0) {
            fprintf(stderr, "short run %d (strategy %d, batch %llu) failed: %s\n", i, (int)pt.strategy,
                    (unsigned long long)pt.batch, err);
            failed = 1;
        }
        PK_CHECK_U64(rc, 0);
    }
    /* Final waits around and beyond the host's 1 ms poll window, so the host blocks and must be
     * woken at exactly its count; a persistent run between them sends the queue worker to sleep. */
    const uint64_t item_ns[] = {300000, 500000, 900000, 1100000};
    for (int i = 0; i < 40 && !failed; i++) {
        pk_point pt = {.strategy = PK_STRAT_STANDARD, .item_ns = item_ns[i % 4], .batch = 1 + i % 3};
        if (i % 5 == 4)
            pt = (pk_point){.strategy = PK_STRAT_PERSISTENT, .item_ns = 1000, .batch = 8};
        int rc = ops->run(b, &pt, &x, err, sizeof err);
        if (rc != 0) {
            fprintf(stderr, "long run %d failed: %s\n", i, err);
            failed = 1;
        }
        PK_CHECK_U64(rc, 0);
    }
    /* A wake is counted once a sleep: 64 launches after a pause long past the idle spin wake the
     * worker once, not once a launch (every push before the woken worker took its lock counted
     * one: 64 of 64). The median of five runs leaves room for a host thread descheduled longer
     * than the idle spin, after which the worker sleeps again and a wake is due. */
    int wakes[5];
    for (int i = 0; i < 5 && !failed; i++) {
        pause_ns(2000000);
        pk_point pt = {.strategy = PK_STRAT_STANDARD, .item_ns = 0, .batch = 64};
        int rc = ops->run(b, &pt, &x, err, sizeof err);
        PK_CHECK_U64(rc, 0);
        wakes[i] = rc ? -1 : x.wakeups;
        for (int j = i; j > 0 && wakes[j - 1] > wakes[j]; j--) { /* insertion sort for the median */
            const int t = wakes[j];
            wakes[j] = wakes[j - 1];
            wakes[j - 1] = t;
        }
    }
    cpu_set_t mask;
    const int cpus = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 0;
    if (!failed) {
        printf("wakeups of 64 launches after 2 ms: median %d (least %d, most %d)\n", wakes[2], wakes[0], wakes[4]);
        if (cpus != 1) /* on one CPU the woken worker takes the CPU at every push: a wake each */
            PK_CHECK(wakes[2] >= 1 && wakes[2] <= 8);
    }
    ops->close(b);

    /* On one CPU the worker sleeps as soon as its queue is empty (no idle spin), so a push that
     * saw it asleep can get mu only after it has run that launch and fallen asleep again. A push
     * that then cleared the sleeping flag left the next launch unwoken (standard-sync stalled
     * until the hang timeout), and so did a worker that re-armed its wait's signal once a sleep,
     * not once a wait. With the rival thread, 3000 runs stalled on either in 6 of 6 runs of this
     * test (on a 2-CPU VM); without it, 10000 runs found the first in 2 of 6. */
    int first = -1;
    for (int c = 0; c < CPU_SETSIZE && first < 0 && cpus > 0; c++)
        if (CPU_ISSET(c, &mask))
            first = c;
    CPU_ZERO(&mask);
    if (first >= 0)
        CPU_SET(first, &mask);
    if (!failed && first >= 0 && pthread_setaffinity_np(pthread_self(), sizeof mask, &mask) == 0) {
        pthread_t rival; /* on this CPU too: it inherits the mask */
        atomic_int stop = 0;
        const int have_rival = pthread_create(&rival, NULL, wake_often, &stop) == 0;
        b = host_open(2);
        for (int i = 0; i < 3000 && !failed; i++) {
            pk_point pt = {.strategy = PK_STRAT_STANDARD_SYNC, .item_ns = 0, .batch = 1 + i % 16};
            int rc = ops->run(b, &pt, &x, err, sizeof err);
            if (rc != 0) {
                fprintf(stderr, "one-CPU run %d (batch %llu) failed: %s\n", i, (unsigned long long)pt.batch, err);
                failed = 1;
            }
            PK_CHECK_U64(rc, 0);
        }
        ops->close(b);
        atomic_store(&stop, 1);
        if (have_rival)
            pthread_join(rival, NULL);
    }
    return pk_test_done("host.wakeups");
}
