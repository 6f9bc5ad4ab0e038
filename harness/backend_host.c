/* The host backend: a CPU analogue of a GPU launch queue and of a persistent kernel, behind
 * common/backend.h. Its figures are CPU-analogue figures (a futex wake, a cache-line handoff),
 * never GPU figures, and its context says so.
 *
 * The "device" is worker threads on this CPU. An item spins for item_ns on CLOCK_MONOTONIC (the
 * clock the host stamps with too), then adds its token to its own result slot; every run checks
 * that each slot holds exactly its token, i.e. that every item ran exactly once.
 *
 * standard, standard-sync, graph: one queue worker, started on first use and kept until close,
 * on a bounded single-producer launch queue (PK_HOST_QUEUE_DEPTH slots) that is lock-free on
 * its hot path: a push copies a descriptor and publishes tail; the worker runs launches back to
 * back, so the gap between two queued launches is the real dequeue cost (tens of ns), as on a
 * GPU. On an empty queue the worker stays awake for PK_HOST_IDLE_SPIN_NS (a GPU is awake
 * within a burst of launches), so a launch on a drained queue starts one cache-line handoff
 * after its push: that is what the launch-latency probe measures and what every launch of
 * standard-sync meets. Only then does it sleep on a condition variable, and a push takes the
 * mutex to wake it only then (a flag, checked Dekker-style against tail); the first launch
 * after such a pause pays a thread wake-up (~20 us), which a sweep's warm-up run absorbs. The
 * worker also sleeps at once while a persistent worker runs, to leave it the core. A launch keeps
 * its slot until it has run, so once Q launches are pending a push blocks until the oldest
 * finishes: the (Q+1)-th push of long items takes about one item time, as a full GPU launch
 * queue does. graph builds its N descriptors in setup ("capture + instantiate") and replays
 * them as one launch: one push, one wake.
 *
 * persistent, persistent-resident: a worker that spins on a lock-free single-producer ring
 * (PK_HOST_RING_DEPTH slots; the host publishes with a release store of tail, the worker
 * consumes with an acquire load and reports through release stores of head and done). A STOP
 * descriptor is the shutdown sentinel. persistent creates it per run (setup_ns = allocate +
 * pthread_create + first handshake; teardown_ns = sentinel published -> exit observed and
 * joined). persistent-resident keeps one worker across runs; between runs it is parked on a
 * condition variable by a PARK descriptor and woken (untimed) before the next run, because a
 * worker spinning between runs would take a core from every other measurement on a 2-core
 * machine. Within a run it spins exactly as the persistent one does.
 *
 * Host waits on the launch queue (standard's final wait, standard-sync, a full queue): the host
 * spins for PK_HOST_SPIN_NS, then calls sched_yield between polls (a GPU runtime's spin/yield
 * sync) up to PK_HOST_POLL_NS, and only then blocks. The worker wakes a blocked host only when
 * it completes the very count the host waits for (host_target), never per launch: a wake per
 * completion made the measured kernel gap the host's wake-up (12-70 us instead of ~50 ns), and
 * a host woken per item took the worker's core on a 2-core machine. Lifecycle waits (a
 * persistent worker started, woken or exited) spin then block on a condition variable that the
 * worker broadcasts. The persistent worker's hot counters (items done, ring slots freed) are
 * polled without a signal, as a host polls a persistent kernel's flags, with sched_yield
 * between polls after the spin phase. Every wait is bounded by hang_timeout_s: it then returns
 * PK_ETIMEDOUT, and the run stops every worker (an abort flag that all worker loops check) and
 * joins it before returning; the next run starts afresh.
 * Any failed run or probe joins its workers before its buffers are freed.
 *
 * Placement: a persistent worker starts on a CPU other than the host's current one and may
 * migrate once it has answered the handshake. Left to itself, the scheduler often started the
 * spinning worker on the host's core, and the woken host then waited a scheduler tick (~4 ms)
 * behind it: persistent setup went from ~0.04-0.3 ms to ~4 ms. Hard pinning for the whole run
 * avoided that too, but then a worker could not escape a core busy with other processes.
 *
 * Test hooks, read at open: PKB_TEST_HANG_HOST=1 makes every item spin until aborted (a hung
 * kernel); PKB_TEST_DROP_ITEM=K (the GPU backends' name too) makes item K skip its result
 * write (a lost item).
 * One thread at a time may call a backend's functions. */
#define _GNU_SOURCE /* pthread_{get,set}affinity_np, sched_getcpu: see "Placement" above */
#include "common/backend.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "common/status.h"

#define PK_HOST_QUEUE_DEPTH 1024u      /* launch queue slots: a push beyond blocks */
#define PK_HOST_RING_DEPTH 4096u       /* persistent ring slots */
#define PK_HOST_SPIN_NS 20000u         /* host spins this long before yielding between polls */
#define PK_HOST_POLL_NS 1000000u       /* host polls the launch queue this long before blocking */
#define PK_HOST_IDLE_SPIN_NS 200000u   /* queue worker polls an empty queue this long before sleeping */
#define PK_HOST_MAX_BATCH (1u << 22)   /* items per run or probe */

/* ---- clock, errors ---------------------------------------------------------------------- */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* ---- items ------------------------------------------------------------------------------ */

enum { PK__ITEM, PK__BATCH, PK__PARK, PK__STOP };

typedef struct pk__stats { /* written by the worker, read by the host after completion */
    uint64_t first_start, last_end, sum_ns, count;
} pk__stats;

typedef struct pk__desc { /* one launch descriptor */
    int kind;
    uint64_t index, item_ns;
    uint64_t *slots;
    pk__stats *stats;
    const struct pk__desc *batch; /* PK__BATCH: a graph's prepared items */
    size_t batch_n;
} pk__desc;

typedef struct pk__pw pk__pw;

typedef struct pk__queue { /* the launch queue and its worker */
    _Alignas(64) _Atomic uint64_t tail; /* launches pushed (host) */
    _Alignas(64) _Atomic uint64_t done; /* launches completed (worker): the queue's head */
    _Alignas(64) _Atomic int worker_sleeping; /* set under mu just before the worker sleeps */
    _Atomic uint64_t host_target; /* the done count a blocked host waits for (set under mu), else UINT64_MAX */
    _Atomic int idle_spin;        /* host: 1 while queue runs may follow, 0 while a persistent worker runs */
    pthread_mutex_t mu;           /* only for sleeping and waking, never per launch */
    pthread_cond_t cv_worker, cv_host;
    int started;
    pthread_t thread;
    pk__desc slot[PK_HOST_QUEUE_DEPTH];
} pk__queue;

struct pk_backend {
    double timeout_s;
    uint64_t timeout_ns;
    int test_hang;
    uint64_t test_drop;
    atomic_int abort;
    int membarrier; /* 1: heavy_fence() is membarrier(PRIVATE_EXPEDITED), light_fence() a compiler barrier */
    pk__queue q;
    pk__pw *pers; /* the per-run persistent worker while a persistent run is in flight */
    pk__pw *res;  /* the resident persistent worker */
    pk__pw *spare; /* a freed worker's memory (its ring), reused by the next pw_start */
};

static int aborted(pk_backend *b)
{
    return atomic_load_explicit(&b->abort, memory_order_relaxed);
}

/* Asymmetric Dekker fences. Two pairs of flags need a store-load fence on both sides (the
 * worker's done vs the host's host_target; the host's tail vs the worker's worker_sleeping),
 * but one side of each is hot (every launch) and the other rare (a sleep after an idle spin, a
 * block after a long poll). A seq_cst store on the hot side (a locked instruction, waiting for
 * a cache line the other thread keeps polling) cost ~100 ns per launch, and only while the
 * host polled: the kernel gap was ~50 ns in calibration (the host asleep) and ~125 ns in short
 * sweeps. With membarrier the hot side needs only a compiler barrier; the rare side pays the
 * syscall. Without membarrier both sides use a full fence, as before. */
static void light_fence(const pk_backend *b)
{
    if (b->membarrier)
        atomic_signal_fence(memory_order_seq_cst);
    else
        atomic_thread_fence(memory_order_seq_cst);
}

static void heavy_fence(const pk_backend *b)
{
    if (b->membarrier)
        syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    else
        atomic_thread_fence(memory_order_seq_cst);
}

static uint64_t item_token(uint64_t i)
{
    return (i + 1) * UINT64_C(0x9e3779b97f4a7c15);
}

static void item_run(pk_backend *b, const pk__desc *d)
{
    uint64_t t0 = now_ns(), t1 = t0;
    while ((b->test_hang || t1 - t0 < d->item_ns) && !aborted(b))
        t1 = now_ns();
    if (d->index != b->test_drop)
        d->slots[d->index] += item_token(d->index);
    pk__stats *s = d->stats;
    if (s->count++ == 0)
        s->first_start = t0;
    s->last_end = t1;
    s->sum_ns += t1 - t0;
}

static void desc_run(pk_backend *b, const pk__desc *d)
{
    if (d->kind == PK__ITEM)
        item_run(b, d);
    else
        for (size_t i = 0; i < d->batch_n && !aborted(b); i++)
            item_run(b, &d->batch[i]);
}

static int verify(const uint64_t *slots, uint64_t n, char *err, size_t errlen)
{
    for (uint64_t i = 0; i < n; i++) {
        uint64_t want = item_token(i);
        if (slots[i] != want)
            return fail(err, errlen, PK_ECHECK, "host backend: item %llu of %llu %s",
                        (unsigned long long)i, (unsigned long long)n,
                        slots[i] == 0 ? "never ran" : slots[i] == 2 * want ? "ran twice"
                                                                             : "wrote a wrong result");
    }
    return 0;
}

static int timed_out(pk_backend *b, const char *what, char *err, size_t errlen)
{
    return fail(err, errlen, PK_ETIMEDOUT,
                "host backend: timed out after hang_timeout_s=%g s waiting for %s (worker stalled)",
                b->timeout_s, what);
}

/* Host-side wait for *p >= target where only polling can tell (the persistent worker's
 * counters): poll PK_HOST_SPIN_NS, then sched_yield between polls. */
static int wait_ge(pk_backend *b, _Atomic uint64_t *p, uint64_t target, const char *what, char *err,
                   size_t errlen)
{
    uint64_t t0 = now_ns();
    while (atomic_load_explicit(p, memory_order_acquire) < target) {
        uint64_t t = now_ns() - t0;
        if (t > b->timeout_ns)
            return timed_out(b, what, err, errlen);
        if (t < PK_HOST_SPIN_NS)
            cpu_relax();
        else
            sched_yield();
    }
    return 0;
}

/* Host-side wait for *p >= target where the worker changes *p under mu and then broadcasts cv
 * (a persistent worker starting, waking or exiting): poll (spin PK_HOST_SPIN_NS, then yield)
 * up to PK_HOST_POLL_NS, then block, which frees this core for a worker that still has to be
 * scheduled. Blocking at once made setup and teardown pay a thread wake-up (~20 us here) in
 * some runs and not in others. */
static int block_ge(pk_backend *b, pthread_mutex_t *mu, pthread_cond_t *cv, _Atomic uint64_t *p,
                    uint64_t target, const char *what, char *err, size_t errlen)
{
    uint64_t t0 = now_ns(), t_end = t0 + b->timeout_ns, t;
    while (atomic_load_explicit(p, memory_order_acquire) < target && (t = now_ns() - t0) < PK_HOST_POLL_NS &&
           t < b->timeout_ns) {
        if (t < PK_HOST_SPIN_NS)
            cpu_relax();
        else
            sched_yield();
    }
    int rc = 0;
    pthread_mutex_lock(mu);
    while (rc == 0 && atomic_load_explicit(p, memory_order_acquire) < target) {
        struct timespec ts = {(time_t)(t_end / 1000000000u), (long)(t_end % 1000000000u)};
        if (now_ns() >= t_end)
            rc = timed_out(b, what, err, errlen);
        else
            pthread_cond_timedwait(cv, mu, &ts);
    }
    pthread_mutex_unlock(mu);
    return rc;
}

/* Worker side of block_ge: sets *p to v and wakes the host. */
static void announce(pthread_mutex_t *mu, pthread_cond_t *cv, _Atomic uint64_t *p, uint64_t v)
{
    pthread_mutex_lock(mu);
    atomic_store_explicit(p, v, memory_order_release);
    pthread_cond_broadcast(cv);
    pthread_mutex_unlock(mu);
}

static void cond_init_monotonic(pthread_cond_t *cv)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* block_ge's deadlines are monotonic */
    pthread_cond_init(cv, &ca);
    pthread_condattr_destroy(&ca);
}

/* Starts a worker thread. A persistent worker (`apart`) starts on a CPU other than the host's
 * current one, and pw_start lets it roam after the handshake. */
static int spawn(pthread_t *t, int apart, void *(*fn)(void *), void *arg, const char *what, char *err,
                 size_t errlen)
{
    pthread_attr_t attr;
    cpu_set_t cs;
    int here = sched_getcpu(), e = EINVAL;
    if (apart && here >= 0 && pthread_getaffinity_np(pthread_self(), sizeof cs, &cs) == 0 && CPU_COUNT(&cs) > 1) {
        CPU_CLR(here, &cs);
        pthread_attr_init(&attr);
        pthread_attr_setaffinity_np(&attr, sizeof cs, &cs);
        e = pthread_create(t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
    }
    if (e == EINVAL)
        e = pthread_create(t, NULL, fn, arg);
    return e ? fail(err, errlen, PK_EDEVICE, "host backend: pthread_create (%s): %s", what, strerror(e)) : 0;
}

/* ---- the launch queue (standard, standard-sync, graph) ---------------------------------- */

static void *q_main(void *arg)
{
    pk_backend *b = arg;
    pk__queue *q = &b->q;
    uint64_t head = atomic_load_explicit(&q->done, memory_order_relaxed);
    while (!aborted(b)) {
        if (atomic_load_explicit(&q->tail, memory_order_acquire) == head) {
            /* Empty: stay awake for PK_HOST_IDLE_SPIN_NS, as a GPU between launches of one burst
             * does, so a launch on a drained queue starts a cache-line handoff after its push,
             * not a thread wake-up later; unless a persistent worker needs the core. */
            uint64_t t0 = now_ns();
            while (atomic_load_explicit(&q->tail, memory_order_acquire) == head && !aborted(b) &&
                   atomic_load_explicit(&q->idle_spin, memory_order_relaxed) &&
                   now_ns() - t0 < PK_HOST_IDLE_SPIN_NS)
                cpu_relax();
            if (atomic_load_explicit(&q->tail, memory_order_acquire) != head || aborted(b))
                continue;
            /* Still empty: sleep. The store of worker_sleeping, heavy fence, load of tail pair
             * with q_push's store of tail, light fence, load of worker_sleeping (one of the two
             * sides sees the other), and mu is held from the flag to the wait, so a push's
             * signal is never lost. */
            pthread_mutex_lock(&q->mu);
            atomic_store_explicit(&q->worker_sleeping, 1, memory_order_relaxed);
            heavy_fence(b);
            while (atomic_load_explicit(&q->tail, memory_order_acquire) == head && !aborted(b))
                pthread_cond_wait(&q->cv_worker, &q->mu);
            atomic_store_explicit(&q->worker_sleeping, 0, memory_order_relaxed);
            pthread_mutex_unlock(&q->mu);
            continue;
        }
        pk__desc d = q->slot[head % PK_HOST_QUEUE_DEPTH];
        desc_run(b, &d);
        /* The slot frees only now: a launch occupies the queue until it has run. The store of
         * done, light fence, load of host_target pair with q_wait_for's (Dekker): the host is
         * woken only when it is blocked waiting for this very count, never per launch. */
        atomic_store_explicit(&q->done, ++head, memory_order_release);
        light_fence(b);
        if (atomic_load_explicit(&q->host_target, memory_order_relaxed) <= head) {
            pthread_mutex_lock(&q->mu);
            pthread_cond_broadcast(&q->cv_host);
            pthread_mutex_unlock(&q->mu);
        }
    }
    return NULL;
}

static int q_start(pk_backend *b, char *err, size_t errlen)
{
    atomic_store_explicit(&b->q.idle_spin, 1, memory_order_relaxed);
    if (b->q.started)
        return 0;
    int rc = spawn(&b->q.thread, 0, q_main, b, "queue worker", err, errlen);
    b->q.started = rc == 0;
    return rc;
}

static uint64_t q_done(pk_backend *b)
{
    return atomic_load_explicit(&b->q.done, memory_order_acquire);
}

/* Waits until `target` launches have completed: polls (PK_HOST_SPIN_NS spinning, then
 * sched_yield between polls, as a GPU runtime's spin/yield sync does) for up to poll_ns, then
 * blocks until the worker completes exactly that count, which frees this core for a worker
 * that still has to be scheduled. */
static int q_wait_for(pk_backend *b, uint64_t target, uint64_t poll_ns, const char *what, char *err,
                      size_t errlen)
{
    pk__queue *q = &b->q;
    uint64_t t0 = now_ns(), t;
    while (q_done(b) < target) {
        t = now_ns() - t0;
        if (t >= poll_ns || t >= b->timeout_ns)
            break;
        if (t < PK_HOST_SPIN_NS)
            cpu_relax();
        else
            sched_yield();
    }
    if (q_done(b) >= target)
        return 0;
    uint64_t t_end = t0 + b->timeout_ns;
    struct timespec ts = {(time_t)(t_end / 1000000000u), (long)(t_end % 1000000000u)};
    int rc = 0;
    pthread_mutex_lock(&q->mu);
    atomic_store_explicit(&q->host_target, target, memory_order_relaxed);
    heavy_fence(b);
    while (rc == 0 && atomic_load_explicit(&q->done, memory_order_acquire) < target) {
        /* Woken by the deadline, not by the worker: a stall, or a lost wake-up (reported even
         * if the count was reached meanwhile, so that tests can see one). */
        if (now_ns() >= t_end || pthread_cond_timedwait(&q->cv_host, &q->mu, &ts) == ETIMEDOUT)
            rc = timed_out(b, what, err, errlen);
    }
    atomic_store_explicit(&q->host_target, UINT64_MAX, memory_order_relaxed);
    pthread_mutex_unlock(&q->mu);
    return rc;
}

/* Pushes one launch: a slot copy and a release of tail, plus a wake only when the worker
 * sleeps on an empty queue. Blocks while PK_HOST_QUEUE_DEPTH launches are pending. */
static int q_push(pk_backend *b, const pk__desc *d, char *err, size_t errlen)
{
    pk__queue *q = &b->q;
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed); /* only the host changes it */
    if (tail >= PK_HOST_QUEUE_DEPTH) {
        /* A full queue: spin briefly, then block until the oldest launch has run, as a launch
         * call blocks in the driver. Yielding here for long lost the core for a scheduler tick
         * (~4 ms, several items) on a loaded machine, hiding the queue depth. */
        int rc = q_wait_for(b, tail - PK_HOST_QUEUE_DEPTH + 1, PK_HOST_SPIN_NS, "a slot in the full launch queue",
                            err, errlen);
        if (rc)
            return rc;
    }
    q->slot[tail % PK_HOST_QUEUE_DEPTH] = *d;
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
    light_fence(b);
    if (atomic_load_explicit(&q->worker_sleeping, memory_order_relaxed)) {
        pthread_mutex_lock(&q->mu);
        pthread_cond_signal(&q->cv_worker);
        pthread_mutex_unlock(&q->mu);
    }
    return 0;
}

/* Waits until `target` launches have completed. */
static int q_wait(pk_backend *b, uint64_t target, char *err, size_t errlen)
{
    return q_wait_for(b, target, PK_HOST_POLL_NS, "completion of the queued launches", err, errlen);
}

/* Waits until every pushed launch has completed: an idle device. The worker is then awake
 * (polling its empty queue) unless the queue has been empty for PK_HOST_IDLE_SPIN_NS, as in a
 * burst of launches; the launch-latency probe measures that state, the one launches of a
 * sweep meet (their runs follow each other within microseconds). */
static int q_wait_drained(pk_backend *b, char *err, size_t errlen)
{
    return q_wait_for(b, atomic_load(&b->q.tail), PK_HOST_POLL_NS, "the launch queue draining", err, errlen);
}

/* ---- the persistent worker -------------------------------------------------------------- */

struct pk__pw {
    _Alignas(64) _Atomic uint64_t tail; /* published descriptors (host) */
    _Alignas(64) _Atomic uint64_t head; /* consumed descriptors (worker) */
    _Alignas(64) _Atomic uint64_t done; /* completed items (worker) */
    _Atomic uint64_t spin_gen;          /* generation the worker spins in: the handshake */
    _Atomic uint64_t exited;
    pthread_mutex_t mu; /* park/unpark and lifecycle announcements */
    pthread_cond_t cv, cv_host;
    uint64_t wake_gen; /* under mu */
    uint64_t gen;      /* host: generation last woken */
    int parked;        /* host: a PARK descriptor was published since the last wake */
    int started;
    pthread_t thread;
    pk_backend *b;
    pk__desc ring[PK_HOST_RING_DEPTH];
};

static void *pw_main(void *arg)
{
    pk__pw *pw = arg;
    pk_backend *b = pw->b;
    uint64_t head = 0, gen = 1, done = 0;
    announce(&pw->mu, &pw->cv_host, &pw->spin_gen, gen);
    while (!aborted(b)) {
        if (atomic_load_explicit(&pw->tail, memory_order_acquire) == head) {
            cpu_relax();
            continue;
        }
        pk__desc d = pw->ring[head % PK_HOST_RING_DEPTH];
        atomic_store_explicit(&pw->head, ++head, memory_order_release);
        if (d.kind == PK__STOP)
            break;
        if (d.kind == PK__PARK) {
            gen++;
            pthread_mutex_lock(&pw->mu);
            while (pw->wake_gen < gen && !aborted(b))
                pthread_cond_wait(&pw->cv, &pw->mu);
            pthread_mutex_unlock(&pw->mu);
            announce(&pw->mu, &pw->cv_host, &pw->spin_gen, gen);
            continue;
        }
        item_run(b, &d);
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

/* Allocates the ring, starts the worker and waits for its first handshake. The ring's memory
 * (~230 KiB) is kept from the previous worker when there was one, as a device allocator's
 * pool keeps it: fresh from malloc it took 5, 11 or 100 us depending on whether glibc had
 * trimmed and re-mapped it (page faults), which made setup_ns bimodal. Only the header is
 * zeroed; a ring slot is always written before it is published. */
static int pw_start(pk_backend *b, pk__pw **slot, char *err, size_t errlen)
{
    size_t size = (sizeof(pk__pw) + 63) & ~(size_t)63;
    pk__pw *pw = b->spare ? b->spare : aligned_alloc(64, size);
    if (!pw)
        return fail(err, errlen, PK_ENOMEM, "host backend: no memory for the persistent ring");
    b->spare = NULL;
    memset(pw, 0, offsetof(pk__pw, ring));
    pthread_mutex_init(&pw->mu, NULL);
    pthread_cond_init(&pw->cv, NULL);
    cond_init_monotonic(&pw->cv_host);
    pw->b = b;
    pw->gen = pw->wake_gen = 1;
    int rc = spawn(&pw->thread, 1, pw_main, pw, "persistent worker", err, errlen);
    if (rc) {
        pw_free(pw);
        return rc;
    }
    pw->started = 1;
    *slot = pw; /* registered before the handshake, so that a failure joins it */
    rc = block_ge(b, &pw->mu, &pw->cv_host, &pw->spin_gen, 1, "the persistent worker's first handshake", err,
                  errlen);
    cpu_set_t cs; /* started apart from the host; from now on the scheduler may move it */
    if (rc == 0 && pthread_getaffinity_np(pthread_self(), sizeof cs, &cs) == 0)
        pthread_setaffinity_np(pw->thread, sizeof cs, &cs);
    return rc;
}

static int pw_publish(pk_backend *b, pk__pw *pw, const pk__desc *d, char *err, size_t errlen)
{
    uint64_t tail = atomic_load_explicit(&pw->tail, memory_order_relaxed);
    if (tail >= PK_HOST_RING_DEPTH) {
        int rc = wait_ge(b, &pw->head, tail - PK_HOST_RING_DEPTH + 1, "a free persistent ring slot", err, errlen);
        if (rc)
            return rc;
    }
    pw->ring[tail % PK_HOST_RING_DEPTH] = *d;
    atomic_store_explicit(&pw->tail, tail + 1, memory_order_release);
    return 0;
}

/* Wakes a parked resident worker and waits until it spins again. */
static int pw_unpark(pk_backend *b, pk__pw *pw, char *err, size_t errlen)
{
    if (!pw->parked)
        return 0;
    pw->parked = 0;
    pthread_mutex_lock(&pw->mu);
    pw->wake_gen = ++pw->gen;
    pthread_cond_signal(&pw->cv);
    pthread_mutex_unlock(&pw->mu);
    return block_ge(b, &pw->mu, &pw->cv_host, &pw->spin_gen, pw->gen, "the resident worker waking", err, errlen);
}

/* Aborts and joins one persistent worker (NULL-safe), then frees it. */
static void pw_kill(pk__pw **slot)
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
static void stop_all(pk_backend *b)
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
    pw_kill(&b->pers);
    pw_kill(&b->res);
    atomic_store(&b->abort, 0);
}

/* ---- strategies ------------------------------------------------------------------------- */

static pk__desc item_desc(uint64_t i, const pk_point *pt, uint64_t *slots, pk__stats *st)
{
    return (pk__desc){.kind = PK__ITEM, .index = i, .item_ns = pt->item_ns, .slots = slots, .stats = st};
}

static int run_queue(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s,
                     char *err, size_t errlen)
{
    int rc = q_start(b, err, errlen);
    uint64_t n = pt->batch, base = q_done(b), host = 0, t0 = now_ns();
    if (pt->strategy == PK_STRAT_STANDARD) {
        for (uint64_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, pt, slots, st);
            rc = q_push(b, &d, err, errlen);
        }
        host = now_ns() - t0;
        if (rc == 0)
            rc = q_wait(b, base + n, err, errlen);
    } else {
        for (uint64_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, pt, slots, st);
            uint64_t p0 = now_ns();
            rc = q_push(b, &d, err, errlen);
            host += now_ns() - p0;
            if (rc == 0)
                rc = q_wait(b, base + i + 1, err, errlen);
        }
    }
    s->wall_ns = (double)(now_ns() - t0);
    s->host_ns = (double)host;
    return rc;
}

static int run_graph(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s,
                     char *err, size_t errlen)
{
    int rc = q_start(b, err, errlen);
    if (rc)
        return rc;
    uint64_t n = pt->batch, ts = now_ns();
    pk__desc *nodes = malloc(n * sizeof *nodes); /* capture + instantiate */
    if (!nodes)
        return fail(err, errlen, PK_ENOMEM, "host backend: no memory for a graph of %llu items", (unsigned long long)n);
    for (uint64_t i = 0; i < n; i++)
        nodes[i] = item_desc(i, pt, slots, st);
    pk__desc launch = {.kind = PK__BATCH, .batch = nodes, .batch_n = n};
    uint64_t base = q_done(b), t0 = now_ns();
    s->setup_ns = (double)(t0 - ts);
    rc = q_push(b, &launch, err, errlen);
    s->host_ns = (double)(now_ns() - t0);
    if (rc == 0)
        rc = q_wait(b, base + 1, err, errlen);
    s->wall_ns = (double)(now_ns() - t0);
    if (rc)
        stop_all(b); /* the worker may still read the nodes */
    free(nodes);
    return rc;
}

static int run_persistent(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s,
                          char *err, size_t errlen)
{
    int resident = pt->strategy == PK_STRAT_PERSISTENT_RESIDENT, rc = 0;
    atomic_store_explicit(&b->q.idle_spin, 0, memory_order_relaxed); /* the queue worker sleeps now */
    uint64_t n = pt->batch, t0 = now_ns();
    if (resident)
        rc = b->res ? pw_unpark(b, b->res, err, errlen) : pw_start(b, &b->res, err, errlen);
    else
        rc = pw_start(b, &b->pers, err, errlen);
    if (rc)
        return rc;
    pk__pw *pw = resident ? b->res : b->pers;
    uint64_t tp = now_ns(), base = atomic_load(&pw->done);
    if (!resident)
        s->setup_ns = (double)(tp - t0);
    for (uint64_t i = 0; rc == 0 && i < n; i++) {
        pk__desc d = item_desc(i, pt, slots, st);
        rc = pw_publish(b, pw, &d, err, errlen);
    }
    s->host_ns = (double)(now_ns() - tp);
    if (rc == 0)
        rc = wait_ge(b, &pw->done, base + n, "completion of the persistent worker's items", err, errlen);
    uint64_t t_done = now_ns();
    if (rc == 0 && resident) {
        s->wall_ns = (double)(t_done - tp);
        rc = pw_publish(b, pw, &(pk__desc){.kind = PK__PARK}, err, errlen);
        pw->parked = rc == 0;
    } else if (rc == 0) {
        rc = pw_publish(b, pw, &(pk__desc){.kind = PK__STOP}, err, errlen);
        if (rc == 0)
            rc = block_ge(b, &pw->mu, &pw->cv_host, &pw->exited, 1, "the persistent worker's exit", err, errlen);
        if (rc == 0) {
            pthread_join(pw->thread, NULL);
            uint64_t t_end = now_ns();
            s->teardown_ns = (double)(t_end - t_done);
            s->wall_ns = (double)(t_end - t0);
            pw->started = 0;
            pw_kill(&b->pers);
        }
    }
    return rc;
}

/* ---- the backend interface --------------------------------------------------------------- */

static int host_run(pk_backend *b, const pk_point *pt, pk_sample *out, char *err, size_t errlen)
{
    if (!b || !pt || !out || (unsigned)pt->strategy >= PK_STRAT_COUNT)
        return fail(err, errlen, PK_EINVAL, "host backend: run: bad arguments");
    if (pt->batch < 1 || pt->batch > PK_HOST_MAX_BATCH)
        return fail(err, errlen, PK_ERANGE, "host backend: batch %llu outside 1..%u",
                    (unsigned long long)pt->batch, PK_HOST_MAX_BATCH);
    if (pt->grid > 1)
        return fail(err, errlen, PK_EUNSUPPORTED,
                    "host backend: grid %u: one worker thread runs every item (use grid 1)", pt->grid);
    *out = (pk_sample){NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    uint64_t *slots = calloc(pt->batch, sizeof *slots);
    if (!slots)
        return fail(err, errlen, PK_ENOMEM, "host backend: no memory for %llu result slots",
                    (unsigned long long)pt->batch);
    pk__stats st = {0};
    int rc;
    if (pt->strategy == PK_STRAT_GRAPH)
        rc = run_graph(b, pt, slots, &st, out, err, errlen);
    else if (pt->strategy == PK_STRAT_PERSISTENT || pt->strategy == PK_STRAT_PERSISTENT_RESIDENT)
        rc = run_persistent(b, pt, slots, &st, out, err, errlen);
    else
        rc = run_queue(b, pt, slots, &st, out, err, errlen);
    if (rc)
        stop_all(b); /* join every worker before the slots they write are freed */
    else
        rc = verify(slots, pt->batch, err, errlen);
    if (rc == 0) {
        out->device_ns = (double)(st.last_end - st.first_start);
        out->achieved_item_ns = (double)st.sum_ns / (double)st.count;
    }
    free(slots);
    return rc;
}

static int probe_run(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err,
                     size_t errlen)
{
    uint64_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return fail(err, errlen, PK_ENOMEM, "host backend: no memory for %zu probe slots", n);
    pk__stats st = {0};
    pk_point pt = {.item_ns = kind == PK_PROBE_LAUNCH_TIMES ? item_ns : 0};
    int rc = q_start(b, err, errlen);
    if (kind == PK_PROBE_LAUNCH_TIMES) {
        uint64_t base = q_done(b);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, &pt, slots, &st);
            uint64_t t0 = now_ns();
            rc = q_push(b, &d, err, errlen);
            out[i] = (double)(now_ns() - t0);
        }
        if (rc == 0)
            rc = q_wait(b, base + n, err, errlen);
    } else {
        for (size_t i = 0; rc == 0 && i < n; i++) { /* one item at a time on an idle worker */
            pk__desc d = item_desc(i, &pt, slots, &st);
            uint64_t target = q_done(b) + 1, t0 = 0;
            st.count = 0; /* the previous item has completed: this one's start becomes first_start */
            if ((rc = q_wait_drained(b, err, errlen)) == 0) {
                t0 = now_ns();
                rc = q_push(b, &d, err, errlen);
            }
            if (rc == 0)
                rc = q_wait(b, target, err, errlen);
            if (rc == 0 && kind == PK_PROBE_LAUNCH_LATENCY) {
                out[i] = (double)(st.first_start - t0); /* push on an idle worker -> item start */
            } else if (rc == 0 && (rc = q_wait_drained(b, err, errlen)) == 0) {
                t0 = now_ns(); /* PK_PROBE_SYNC: the queue has finished; time observing that */
                rc = q_wait(b, target, err, errlen);
                out[i] = (double)(now_ns() - t0);
            }
        }
    }
    if (rc)
        stop_all(b);
    else
        rc = verify(slots, n, err, errlen);
    free(slots);
    return rc;
}

static int host_probe(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err,
                      size_t errlen)
{
    if (!b || (n && !out) || kind < PK_PROBE_LAUNCH_LATENCY || kind > PK_PROBE_LAUNCH_TIMES)
        return fail(err, errlen, PK_EINVAL, "host backend: probe: bad arguments");
    if (n > PK_HOST_MAX_BATCH)
        return fail(err, errlen, PK_ERANGE, "host backend: probe count %zu above %u", n, PK_HOST_MAX_BATCH);
    return n ? probe_run(b, kind, item_ns, out, n, err, errlen) : 0;
}

static int host_open(const pk_backend_config *cfg, pk_backend **out, char *err, size_t errlen)
{
    if (!cfg || !out || !(cfg->hang_timeout_s > 0))
        return fail(err, errlen, PK_EINVAL, "host backend: hang_timeout_s must be > 0");
    if (cfg->device_index != 0)
        return fail(err, errlen, PK_ENODEV, "host device %d: the host backend has only device 0", cfg->device_index);
    size_t size = (sizeof(pk_backend) + 63) & ~(size_t)63; /* the queue's counters sit on their own lines */
    pk_backend *b = aligned_alloc(64, size);
    if (!b)
        return fail(err, errlen, PK_ENOMEM, "host backend: no memory");
    memset(b, 0, size);
    atomic_store(&b->q.host_target, UINT64_MAX);
    /* The asymmetric fences need the expedited membarrier; registering may fail (old kernel,
     * seccomp), and then both sides use full fences. */
    b->membarrier = syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
    b->timeout_s = cfg->hang_timeout_s;
    b->timeout_ns = cfg->hang_timeout_s > 1e6 ? UINT64_C(1000000000000000) : (uint64_t)(cfg->hang_timeout_s * 1e9);
    const char *hang = getenv("PKB_TEST_HANG_HOST"), *drop = getenv("PKB_TEST_DROP_ITEM");
    b->test_hang = hang && strcmp(hang, "1") == 0;
    b->test_drop = drop && *drop ? strtoull(drop, NULL, 10) : UINT64_MAX;
    pthread_mutex_init(&b->q.mu, NULL);
    pthread_cond_init(&b->q.cv_worker, NULL);
    cond_init_monotonic(&b->q.cv_host);
    *out = b;
    return 0;
}

static void host_close(pk_backend *b)
{
    if (!b)
        return;
    stop_all(b);
    free(b->spare);
    pthread_cond_destroy(&b->q.cv_host);
    pthread_cond_destroy(&b->q.cv_worker);
    pthread_mutex_destroy(&b->q.mu);
    free(b);
}

static void cpu_model(char *buf, size_t len)
{
    snprintf(buf, len, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon += strspn(colon + 1, " \t") + 1;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, len, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static int host_context(pk_backend *b, pk_context *ctx)
{
    char model[PK_CONTEXT_VALUE - 32], libc[64] = "unknown";
    cpu_model(model, sizeof model);
#ifdef _CS_GNU_LIBC_VERSION
    if (confstr(_CS_GNU_LIBC_VERSION, libc, sizeof libc) == 0)
        snprintf(libc, sizeof libc, "unknown");
#endif
    struct utsname u;
    if (uname(&u) != 0)
        memset(&u, 0, sizeof u);
    int rc = 0;
    rc = rc ? rc : pk_context_set(ctx, "backend", "host");
    rc = rc ? rc : pk_context_set(ctx, "cpu_analogue", "true");
    rc = rc ? rc : pk_context_set(ctx, "note", "CPU-analogue figures from worker threads on this CPU; never GPU figures");
    rc = rc ? rc : pk_context_setf(ctx, "device", "%s (CPU analogue)", model);
    rc = rc ? rc : pk_context_set(ctx, "cpu_model", model);
    rc = rc ? rc : pk_context_setf(ctx, "cpu_cores", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    rc = rc ? rc : pk_context_setf(ctx, "kernel", "%.40s %.60s %.20s", u.sysname, u.release, u.machine);
    rc = rc ? rc : pk_context_set(ctx, "libc", libc);
    rc = rc ? rc : pk_context_set(ctx, "clock", "CLOCK_MONOTONIC");
    rc = rc ? rc : pk_context_setf(ctx, "launch_queue_depth", "%u", PK_HOST_QUEUE_DEPTH);
    rc = rc ? rc : pk_context_setf(ctx, "persistent_ring_depth", "%u", PK_HOST_RING_DEPTH);
    rc = rc ? rc : pk_context_setf(ctx, "host_spin_ns", "%u", PK_HOST_SPIN_NS);
    rc = rc ? rc : pk_context_setf(ctx, "host_poll_ns", "%u", PK_HOST_POLL_NS);
    rc = rc ? rc : pk_context_set(ctx, "dekker_fences", b && b->membarrier ? "membarrier" : "seq_cst");
    return rc;
}

const pk_backend_ops pk_backend_host = {
    .name = "host",
    .cpu_analogue = 1,
    .open = host_open,
    .close = host_close,
    .context = host_context,
    .run = host_run,
    .probe = host_probe,
};
