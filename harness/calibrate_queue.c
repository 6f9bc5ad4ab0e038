/* The launch queue depth Q from the launch-times probe (see calibrate.h). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/calibrate.h"
#include "harness/stats.h"

#define QWIN 8

uint64_t pk_calibrate_queue_depth(const double *t, size_t n, double item_ns)
{
    if (n < 2 * QWIN)
        return 0;
    double base = t[0]; /* the least of the first calls (their median blocks in a queue of 4 or fewer) */
    for (size_t i = 1; i < QWIN; i++)
        base = t[i] < base ? t[i] : base;
    if (!isfinite(base))
        return 0;
    double thr = base + item_ns / 2 > 3 * base ? base + item_ns / 2 : 3 * base;
    /* s: where blocking becomes sustained (the window median is high). */
    size_t s = 0;
    for (size_t i = QWIN; i + QWIN <= n && !s; i++)
        if (pk_stats_median(t + i, QWIN) > thr)
            s = i;
    if (!s)
        return 0;
    /* A single long call before s is the first block if the calls it let through (about
     * t[j] / item_ns items finished while it waited) run out before s: a runtime may free its
     * queue in bursts. A lone preemption spike with room left in the queue is followed by many
     * more fast calls, and is skipped. */
    if (item_ns > 0)
        for (size_t j = 1; j < s; j++)
            if (t[j] > thr && (double)(s - j) <= t[j] / item_ns + 2 * QWIN)
                return j;
    /* Otherwise the first clearly slow call of the window at s (it may wait only for the rest
     * of a running item, so less than thr). */
    double slow = base + item_ns / 10 > 3 * base ? base + item_ns / 10 : 3 * base;
    size_t j = s;
    while (j < s + QWIN && !(t[j] > slow))
        j++;
    return j;
}

uint64_t pk_calibrate_queue_pending(const double *t, size_t n, double item_ns, uint64_t j)
{
    if (j == 0 || j > n || !(item_ns > 0))
        return j;
    double since = 0; /* from call 0's return, when item 0 can start, to call j's start */
    for (size_t i = 1; i < j; i++)
        since += isfinite(t[i]) && t[i] > 0 ? t[i] : 0;
    double started = 1 + floor(since / item_ns);
    return started >= (double)j ? 1 : j - (uint64_t)started; /* a block with nothing pending: the least queue */
}

double pk_calibrate_depth_of(const double *q, size_t k)
{
    double v[64];
    size_t n = 0;
    for (size_t i = 0; i < k && n < sizeof v / sizeof *v; i++)
        if (q[i] > 0)
            v[n++] = q[i];
    return 2 * n <= k ? 0 : round(pk_stats_median(v, n));
}
