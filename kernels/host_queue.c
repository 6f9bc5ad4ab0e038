/* The host backend's launch queue (standard, standard-sync, graph): its worker thread, pushes
 * that block on a full queue, and the host's waits for completion (see host.h). */
#include "kernels/host.h"

#include <errno.h>
#include <sched.h>

#include "common/status.h"

static void *q_main(void *arg)
{
    pk_backend *b = arg;
    pk__queue *q = &b->q;
    uint64_t head = atomic_load_explicit(&q->done, memory_order_relaxed);
    while (!pk__aborted(b)) {
        if (atomic_load_explicit(&q->tail, memory_order_acquire) == head) {
            /* Empty: stay awake for PK_HOST_IDLE_SPIN_NS, as a GPU between launches of one burst
             * does, so a launch on a drained queue starts a cache-line handoff after its push,
             * not a thread wake-up later; unless a persistent worker needs the core. */
            uint64_t t0 = pk__now_ns();
            while (atomic_load_explicit(&q->tail, memory_order_acquire) == head && !pk__aborted(b) &&
                   atomic_load_explicit(&q->idle_spin, memory_order_relaxed) &&
                   pk__now_ns() - t0 < PK_HOST_IDLE_SPIN_NS)
                pk__cpu_relax();
            if (atomic_load_explicit(&q->tail, memory_order_acquire) != head || pk__aborted(b))
                continue;
            /* Still empty: sleep. The store of worker_sleeping, heavy fence, load of tail pair
             * with pk__q_push's store of tail, light fence, load of worker_sleeping (one of the two
             * sides sees the other), and mu is held from the flag to the wait, so a push's
             * signal is never lost. */
            pthread_mutex_lock(&q->mu);
            atomic_store_explicit(&q->worker_sleeping, 1, memory_order_relaxed);
            pk__heavy_fence(b);
            while (atomic_load_explicit(&q->tail, memory_order_acquire) == head && !pk__aborted(b)) {
                q->signalled = 0; /* every wait, a re-wait after a wake that found nothing too */
                pthread_cond_wait(&q->cv_worker, &q->mu);
            }
            atomic_store_explicit(&q->worker_sleeping, 0, memory_order_relaxed);
            pthread_mutex_unlock(&q->mu);
            continue;
        }
        pk__desc d = q->slot[head % PK_HOST_QUEUE_DEPTH];
        pk__desc_run(b, &d);
        /* The slot frees only now: a launch occupies the queue until it has run. The store of
         * done, light fence, load of host_target pair with q_wait_for's (Dekker): the host is
         * woken only when it is blocked waiting for this very count, never per launch. */
        atomic_store_explicit(&q->done, ++head, memory_order_release);
        pk__light_fence(b);
        if (atomic_load_explicit(&q->host_target, memory_order_relaxed) <= head) {
            pthread_mutex_lock(&q->mu);
            pthread_cond_broadcast(&q->cv_host);
            pthread_mutex_unlock(&q->mu);
        }
    }
    return NULL;
}

int pk__q_start(pk_backend *b, char *err, size_t errlen)
{
    /* On one CPU a spinning worker would hold the host's core for the whole spin: it sleeps at once. */
    atomic_store_explicit(&b->q.idle_spin, b->plan.allowed != 1, memory_order_relaxed);
    if (b->q.started)
        return 0;
    int rc = pk__spawn(b, &b->q.thread, q_main, b, "queue worker", err, errlen);
    b->q.started = rc == 0;
    return rc;
}

uint64_t pk__q_done(pk_backend *b)
{
    return atomic_load_explicit(&b->q.done, memory_order_acquire);
}

/* Waits until `target` launches have completed: polls (pk__spin_ns spinning, then
 * sched_yield between polls, as a GPU runtime's spin/yield sync does) for up to poll_ns, then
 * blocks until the worker completes exactly that count, which frees this core for a worker
 * that still has to be scheduled. */
static int q_wait_for(pk_backend *b, uint64_t target, uint64_t poll_ns, const char *what, char *err, size_t errlen)
{
    pk__queue *q = &b->q;
    const uint64_t bound = pk__wait_bound_ns(b);
    uint64_t t0 = pk__now_ns(), t;
    while (pk__q_done(b) < target) {
        t = pk__now_ns() - t0;
        if (t >= poll_ns || t >= bound)
            break;
        if (t < pk__spin_ns(b))
            pk__cpu_relax();
        else
            sched_yield();
    }
    if (pk__q_done(b) >= target)
        return 0;
    uint64_t t_end = t0 + bound;
    struct timespec ts = {(time_t)(t_end / 1000000000u), (long)(t_end % 1000000000u)};
    int rc = 0;
    pthread_mutex_lock(&q->mu);
    atomic_store_explicit(&q->host_target, target, memory_order_relaxed);
    pk__heavy_fence(b);
    while (rc == 0 && atomic_load_explicit(&q->done, memory_order_acquire) < target) {
        /* Woken by the deadline, not by the worker: a stall, or a lost wake-up (reported even
         * if the count was reached meanwhile, so that tests can see one). */
        if (pk__now_ns() >= t_end || pthread_cond_timedwait(&q->cv_host, &q->mu, &ts) == ETIMEDOUT)
            rc = pk__timed_out(b, what, err, errlen);
    }
    atomic_store_explicit(&q->host_target, UINT64_MAX, memory_order_relaxed);
    pthread_mutex_unlock(&q->mu);
    return rc;
}

/* Pushes one launch: a slot copy and a release of tail, plus a wake only when the worker
 * sleeps on an empty queue. Blocks while PK_HOST_QUEUE_DEPTH launches are queued or running. */
int pk__q_push(pk_backend *b, const pk__desc *d, char *err, size_t errlen)
{
    pk__queue *q = &b->q;
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed); /* only the host changes it */
    if (tail >= PK_HOST_QUEUE_DEPTH) {
        /* A full queue: spin briefly, then block until the oldest launch has run, as a launch
         * call blocks in the driver. Yielding here for long lost the core for a scheduler tick
         * (~4 ms, several items) on a loaded machine, hiding the queue depth. */
        int rc = q_wait_for(b, tail - PK_HOST_QUEUE_DEPTH + 1, pk__spin_ns(b), "a slot in the full launch queue", err,
                            errlen);
        if (rc)
            return rc;
    }
    q->slot[tail % PK_HOST_QUEUE_DEPTH] = *d;
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
    pk__light_fence(b);
    if (atomic_load_explicit(&q->worker_sleeping, memory_order_relaxed)) {
        /* Signalled and counted once a wait: the flag stays set until the woken worker has mu
         * again, and every push meanwhile took this path and counted a wake (64 of 64 launches
         * after a pause). Only the worker clears the flag: a push that cleared it could find the
         * worker's next sleep when it got mu (its launch already run), and the launch after it
         * then saw no sleeping worker to wake (a lost wake-up, 10 s stalls under load). */
        pthread_mutex_lock(&q->mu);
        if (atomic_load_explicit(&q->worker_sleeping, memory_order_relaxed) && !q->signalled) {
            q->signalled = 1;
            q->wakes++;
            pthread_cond_signal(&q->cv_worker);
        }
        pthread_mutex_unlock(&q->mu);
    }
    return 0;
}

/* Waits until `target` launches have completed. */
int pk__q_wait(pk_backend *b, uint64_t target, char *err, size_t errlen)
{
    return q_wait_for(b, target, PK_HOST_POLL_NS, "completion of the queued launches", err, errlen);
}

/* Waits until every pushed launch has completed: an idle device. The worker is then awake
 * (polling its empty queue) unless the queue has been empty for PK_HOST_IDLE_SPIN_NS, as in a
 * burst of launches; the launch-latency probe measures that state, the one launches of a
 * sweep meet (their runs follow each other within microseconds). */
int pk__q_wait_drained(pk_backend *b, char *err, size_t errlen)
{
    return q_wait_for(b, atomic_load(&b->q.tail), PK_HOST_POLL_NS, "the launch queue draining", err, errlen);
}