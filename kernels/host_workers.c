/* The host backend's workers: item execution checks, host-side waits, thread start, the
 * persistent worker's ring and lifecycle, and stopping every worker (see host.h). */
#define _GNU_SOURCE /* pthread_{get,set}affinity_np, syscall: see "Placement" in host.h */
#include "kernels/host.h"

#include <errno.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/status.h"

int pk__fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void pk__heavy_fence(const pk_backend *b)
{
    if (b->membarrier)
        syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    else
        atomic_thread_fence(memory_order_seq_cst);
}

int pk__verify(const uint64_t *slots, uint64_t n, char *err, size_t errlen)
{
    for (uint64_t i = 0; i < n; i++) {
        uint64_t want = pk__item_token(i);
        if (slots[i] != want)
            return pk__fail(err, errlen, PK_ECHECK, "host backend: item %llu of %llu %s", (unsigned long long)i,
                            (unsigned long long)n,
                            slots[i] == 0          ? "never ran"
                            : slots[i] == 2 * want ? "ran twice"
                                                   : "wrote a wrong result");
    }
    return 0;
}

int pk__timed_out(pk_backend *b, const char *what, char *err, size_t errlen)
{
    return pk__fail(err, errlen, PK_ETIMEDOUT,
                    "host backend: timed out after hang_timeout_s=%g s%s waiting for %s (worker stalled)", b->timeout_s,
                    b->work_ns ? " and the run's expected work" : "", what);
}

/* Host-side wait for *p >= target where only polling can tell (the persistent worker's
 * counters): poll pk__spin_ns, then sched_yield between polls. */
int pk__wait_ge(pk_backend *b, _Atomic uint64_t *p, uint64_t target, const char *what, char *err, size_t errlen)
{
    const uint64_t t0 = pk__now_ns(), bound = pk__wait_bound_ns(b);
    while (atomic_load_explicit(p, memory_order_acquire) < target) {
        uint64_t t = pk__now_ns() - t0;
        if (t > bound)
            return pk__timed_out(b, what, err, errlen);
        if (t < pk__spin_ns(b))
            pk__cpu_relax();
        else
            sched_yield();
    }
    return 0;
}

/* Host-side wait for *p >= target where the worker changes *p under mu and then broadcasts cv
 * (a persistent worker starting, waking or exiting): poll (spin pk__spin_ns, then yield)
 * up to PK_HOST_POLL_NS, then block, which frees this core for a worker that still has to be
 * scheduled. Blocking at once made setup and teardown pay a thread wake-up (~20 us here) in
 * some runs and not in others. */
int pk__block_ge(pk_backend *b, pthread_mutex_t *mu, pthread_cond_t *cv, _Atomic uint64_t *p, uint64_t target,
                 const char *what, char *err, size_t errlen)
{
    const uint64_t bound = pk__wait_bound_ns(b), t0 = pk__now_ns(), t_end = t0 + bound;
    uint64_t t;
    while (atomic_load_explicit(p, memory_order_acquire) < target && (t = pk__now_ns() - t0) < PK_HOST_POLL_NS &&
           t < bound) {
        if (t < pk__spin_ns(b))
            pk__cpu_relax();
        else
            sched_yield();
    }
    int rc = 0;
    pthread_mutex_lock(mu);
    while (rc == 0 && atomic_load_explicit(p, memory_order_acquire) < target) {
        struct timespec ts = {(time_t)(t_end / 1000000000u), (long)(t_end % 1000000000u)};
        if (pk__now_ns() >= t_end)
            rc = pk__timed_out(b, what, err, errlen);
        else
            pthread_cond_timedwait(cv, mu, &ts);
    }
    pthread_mutex_unlock(mu);
    return rc;
}

/* Worker side of pk__block_ge: sets *p to v and wakes the host. */
static void announce(pthread_mutex_t *mu, pthread_cond_t *cv, _Atomic uint64_t *p, uint64_t v)
{
    pthread_mutex_lock(mu);
    atomic_store_explicit(p, v, memory_order_release);
    pthread_cond_broadcast(cv);
    pthread_mutex_unlock(mu);
}

void pk__cond_init_monotonic(pthread_cond_t *cv)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* pk__block_ge's deadlines are monotonic */
    pthread_cond_init(cv, &ca);
    pthread_condattr_destroy(&ca);
}

int pk__spawn(pk_backend *b, pthread_t *t, void *(*fn)(void *), void *arg, const char *what, char *err,
              size_t errlen)
{
    pthread_attr_t attr;
    int e = EINVAL;
    if (b->plan.n == 2) {
        cpu_set_t cs;
        CPU_ZERO(&cs);
        CPU_SET(b->plan.cpu[1], &cs);
        pthread_attr_init(&attr);
        pthread_attr_setaffinity_np(&attr, sizeof cs, &cs);
        e = pthread_create(t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
        if (e == EINVAL && !b->pin_miss[0])
            snprintf(b->pin_miss, sizeof b->pin_miss, "the %s could not be placed on CPU %d", what, b->plan.cpu[1]);
    }
    if (e == EINVAL && b->pinned && b->caller_mask) {
        /* A CPU no longer allowed (the mask changed since open): the caller's own mask from
         * before its pinning, not the pinned one a new thread would inherit from it, which would
         * put the worker on the host thread's CPU. */
        pthread_attr_init(&attr);
        pthread_attr_setaffinity_np(&attr, sizeof(cpu_set_t), (const cpu_set_t *)b->caller_mask);
        e = pthread_create(t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
    }
    if (e == EINVAL) /* no plan, or neither mask allowed */
        e = pthread_create(t, NULL, fn, arg);
    return e ? pk__fail(err, errlen, PK_EDEVICE, "host backend: pthread_create (%s): %s", what, strerror(e)) : 0;
}

void pk__pin_caller(pk_backend *b)
{
    pthread_t self = pthread_self();
    if (b->plan.n != 2 || (b->pinned && pthread_equal(b->pinned_thread, self)))
        return;
    pk__unpin_caller(b); /* another thread calls now: the previous one gets its mask back */
    cpu_set_t *old = b->caller_mask ? b->caller_mask : malloc(sizeof *old);
    b->caller_mask = old;
    if (!old || pthread_getaffinity_np(self, sizeof *old, old) != 0) {
        if (!b->pin_miss[0])
            snprintf(b->pin_miss, sizeof b->pin_miss, "the host thread's mask could not be read, so it was not pinned");
        return;
    }
    cpu_set_t cs;
    CPU_ZERO(&cs);
    CPU_SET(b->plan.cpu[0], &cs);
    const int e = pthread_setaffinity_np(self, sizeof cs, &cs);
    if (e == 0) {
        b->pinned = 1;
        b->pinned_thread = self;
    } else if (!b->pin_miss[0]) {
        snprintf(b->pin_miss, sizeof b->pin_miss, "the host thread could not be pinned to CPU %d (%s)", b->plan.cpu[0],
                 strerror(e));
    }
}

void pk__unpin_caller(pk_backend *b)
{
    if (b->pinned)
        pthread_setaffinity_np(b->pinned_thread, sizeof(cpu_set_t), b->caller_mask);
    b->pinned = 0;
}

/* ---- the persistent worker -------------------------------------------------------------- */

static void *pw_main(void *arg)
{
    pk__pw *pw = arg;
    pk_backend *b = pw->b;
    uint64_t head = 0, gen = 1, done = 0;
    const int alone = b->plan.allowed == 1; /* one CPU: the host needs it to publish the next item */
    announce(&pw->mu, &pw->cv_host, &pw->spin_gen, gen);
    while (!pk__aborted(b)) {
        if (atomic_load_explicit(&pw->tail, memory_order_acquire) == head) {
            if (alone)
                sched_yield();
            else
                pk__cpu_relax();
            continue;
        }
        pk__desc d = pw->ring[head % PK_HOST_RING_DEPTH];
        atomic_store_explicit(&pw->head, ++head, memory_order_release);
        if (d.kind == PK__STOP)
            break;
        if (d.kind == PK__PARK) {
            gen++;
            pthread_mutex_lock(&pw->mu);
            while (pw->wake_gen < gen && !pk__aborted(b))
                pthread_cond_wait(&pw->cv, &pw->mu);
            pthread_mutex_unlock(&pw->mu);
            announce(&pw->mu, &pw->cv_host, &pw->spin_gen, gen);
            continue;
        }
        pk__item_run(b, &d);
        atomic_store_explicit(&pw->done, ++done, memory_order_release); /* the only writer: no locked op */
    }
    announce(&pw->mu, &pw->cv_host, &pw->exited, 1);
    return NULL;
}

static void pw_free(pk__pw *pw)
{
    pthread_cond_destroy(&pw->cv_host);
    pthread_cond_destroy(&pw->cv);
    pthread_mutex_destroy(&pw->mu);
    if (pw->b->spare)
        free(pw);
    else
        pw->b->spare = pw;
}

int pk__pw_reserve(pk_backend *b, char *err, size_t errlen)
{
    if (b->spare)
        return 0;
    const size_t size = (sizeof(pk__pw) + 63) & ~(size_t)63;
    if (!(b->spare = aligned_alloc(64, size)))
        return pk__fail(err, errlen, PK_ENOMEM, "host backend: no memory for the persistent ring");
    memset(b->spare, 0, size); /* every page faulted in now, not by the timed start or writing */
    return 0;
}

/* Starts the worker on the ring pk__pw_reserve kept and waits for its first handshake. The
 * ring's memory (~230 KiB) is kept from the previous worker when there was one, as a device
 * allocator's pool keeps it: fresh from malloc it took 5, 11 or 100 us depending on whether
 * glibc had trimmed and re-mapped it (page faults), which made setup_ns bimodal. Only the
 * header is zeroed here; a ring slot is always written before it is published. */
int pk__pw_start(pk_backend *b, pk__pw **slot, char *err, size_t errlen)
{
    int rc = pk__pw_reserve(b, err, errlen);
    if (rc)
        return rc;
    pk__pw *pw = b->spare;
    b->spare = NULL;
    memset(pw, 0, offsetof(pk__pw, ring));
    pthread_mutex_init(&pw->mu, NULL);
    pthread_cond_init(&pw->cv, NULL);
    pk__cond_init_monotonic(&pw->cv_host);
    pw->b = b;
    pw->gen = pw->wake_gen = 1;
    rc = pk__spawn(b, &pw->thread, pw_main, pw, "persistent worker", err, errlen);
    if (rc) {
        pw_free(pw);
        return rc;
    }
    pw->started = 1;
    *slot = pw; /* registered before the handshake, so that a failure joins it */
    return pk__block_ge(b, &pw->mu, &pw->cv_host, &pw->spin_gen, 1, "the persistent worker's first handshake", err,
                        errlen);
}

int pk__pw_publish(pk_backend *b, pk__pw *pw, const pk__desc *d, char *err, size_t errlen)
{
    uint64_t tail = atomic_load_explicit(&pw->tail, memory_order_relaxed);
    if (tail >= PK_HOST_RING_DEPTH) {
        int rc = pk__wait_ge(b, &pw->head, tail - PK_HOST_RING_DEPTH + 1, "a free persistent ring slot", err, errlen);
        if (rc)
            return rc;
    }
    pw->ring[tail % PK_HOST_RING_DEPTH] = *d;
    atomic_store_explicit(&pw->tail, tail + 1, memory_order_release);
    return 0;
}

/* Wakes a parked resident worker and waits until it spins again. */
int pk__pw_unpark(pk_backend *b, pk__pw *pw, char *err, size_t errlen)
{
    if (!pw->parked)
        return 0;
    pw->parked = 0;
    pthread_mutex_lock(&pw->mu);
    pw->wake_gen = ++pw->gen;
    pthread_cond_signal(&pw->cv);
    pthread_mutex_unlock(&pw->mu);
    return pk__block_ge(b, &pw->mu, &pw->cv_host, &pw->spin_gen, pw->gen, "the resident worker waking", err, errlen);
}

/* Aborts and joins one persistent worker (NULL-safe), then frees it. */
void pk__pw_kill(pk__pw **slot)
{
    pk__pw *pw = *slot;
    if (!pw)
        return;
    if (pw->started) {
        pthread_mutex_lock(&pw->mu);
        pthread_cond_broadcast(&pw->cv);
        pthread_mutex_unlock(&pw->mu);
        pthread_join(pw->thread, NULL);
    }
    pw_free(pw);
    *slot = NULL;
}

/* Stops and joins every worker (they all check the abort flag), then resets for a fresh start. */
void pk__stop_all(pk_backend *b)
{
    atomic_store(&b->abort, 1);
    if (b->q.started) {
        pthread_mutex_lock(&b->q.mu);
        pthread_cond_broadcast(&b->q.cv_worker);
        pthread_mutex_unlock(&b->q.mu);
        pthread_join(b->q.thread, NULL);
        b->q.started = 0;
    }
    atomic_store(&b->q.tail, 0);
    atomic_store(&b->q.done, 0);
    atomic_store(&b->q.worker_sleeping, 0);
    pk__pw_kill(&b->pers);
    pk__pw_kill(&b->res);
    atomic_store(&b->abort, 0);
}