/* The host backend's private header: a CPU analogue of a GPU launch queue and of a persistent
 * kernel, behind common/backend.h (host_backend.c exports it as pk_backend_host). Its figures are CPU-analogue figures
 * (a futex wake, a cache-line handoff), never GPU figures, and its context says so.
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
 * its slot until it has run, so once PK_HOST_QUEUE_DEPTH launches are queued or running a push
 * blocks until the oldest finishes: the next push of long items takes about one item time, as a
 * full GPU launch queue does. In the simulator's meaning of Q (launches pending, not yet
 * started: sim/model.h) that is PK_HOST_QUEUE_DEPTH - 1, which calibration finds. graph builds its N descriptors in
 * setup ("capture + instantiate") and replays them as one launch: one push, one wake.
 *
 * persistent, persistent-resident: a worker that spins on a lock-free single-producer ring
 * (PK_HOST_RING_DEPTH slots; the host publishes with a release store of tail, the worker
 * consumes with an acquire load and reports through release stores of head and done). A STOP
 * descriptor is the shutdown sentinel. persistent creates it per run (setup_ns = pthread_create
 * + first handshake, the ring allocated and written through before, untimed: pk__pw_reserve;
 * host_ns = writing the items, the thread's start being in setup_ns; teardown_ns = every item
 * done -> sentinel published, exit observed and joined). persistent-resident keeps one worker
 * across runs; between runs it is parked on a condition variable by a PARK descriptor and woken
 * (untimed) before the next run, because a worker spinning between runs would take a core from
 * every other measurement on a 2-core machine. Within a run it spins exactly as the persistent
 * one does.
 *
 * Host waits on the launch queue (standard's final wait, standard-sync, a full queue): the host
 * spins for PK_HOST_SPIN_NS (none on one CPU: pk__spin_ns), then calls sched_yield between
 * polls (a GPU runtime's spin/yield sync) up to PK_HOST_POLL_NS, and only then blocks. The
 * worker wakes a blocked host only when it completes the very count the host waits for
 * (host_target), never per launch: a wake per
 * completion made the measured kernel gap the host's wake-up (12-70 us instead of ~50 ns), and
 * a host woken per item took the worker's core on a 2-core machine. Lifecycle waits (a
 * persistent worker started, woken or exited) spin then block on a condition variable that the
 * worker broadcasts. The persistent worker's hot counters (items done, ring slots freed) are
 * polled without a signal, as a host polls a persistent kernel's flags, with sched_yield
 * between polls after the spin phase. Every wait is bounded by hang_timeout_s: it then returns
 * PK_ETIMEDOUT, and the run stops every worker (an abort flag that all worker loops check) and
 * joins it before returning; the next run starts afresh.
 * Any failed run or probe joins its workers before its buffers are used again or freed.
 *
 * Placement (common/cpus.h): at open the backend chooses two CPUs of the caller's affinity
 * mask on distinct physical cores (SMT siblings only when the mask allows nothing else); the
 * thread that calls run or probe is pinned to the first (its own mask is given back at close),
 * every worker to the second. Left to the scheduler, a woken worker could wait for a CPU while
 * each push took the wake path (a futex syscall, ~1 us in a VM): h came out at 2.1 us instead of
 * 0.2-0.36 us in half the runs on a 2-vCPU VM; and a spinning persistent worker that started on
 * the host's core kept the woken host waiting a scheduler tick (~4 ms). The price is that a
 * worker cannot escape a CPU that other processes load; `pkbench run`'s noise probe sees that.
 * With one CPU in the mask nothing is pinned (host and workers share it) and the context's
 * `pinning` says so. A placement that fails later (the CPU left the mask) runs on unpinned, and
 * the settled context's `pinning` and `pinned_cpus` say which did not hold. Every run counts the
 * pushes that woke a sleeping worker, once a wait (pk_sample.wakeups), so that calibration can
 * time h while the worker is awake only.
 *
 * Test hooks, read at open: PKB_TEST_HANG_HOST=1 makes every item spin until aborted (a hung
 * kernel), PKB_TEST_HANG_HOST=block:K makes run call K (from 0) never return and
 * PKB_TEST_HANG_HOST=close the close (for the watchdog); PKB_TEST_DROP_ITEM=K (the GPU
 * backends' name too) makes item K skip its result write (a lost item).
 * One thread at a time may call a backend's functions.
 *
 * The files: host_queue.c (the launch queue and its worker), host_workers.c (item execution,
 * host waits, thread start, the persistent worker, stopping everything), host_runners.c (the
 * strategies and the probes on top of those), host_backend.c (open, close, context, the ops). */

#ifndef PK_KERNELS_HOST_H
#define PK_KERNELS_HOST_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/backend.h"
#include "common/cpus.h"

#define PK_HOST_QUEUE_DEPTH 1024u    /* launch queue slots: a push beyond blocks */
#define PK_HOST_RING_DEPTH 4096u     /* persistent ring slots */
#define PK_HOST_SPIN_NS 20000u       /* host spins this long before yielding between polls */
#define PK_HOST_POLL_NS 1000000u     /* host polls the launch queue this long before blocking */
#define PK_HOST_IDLE_SPIN_NS 200000u /* queue worker polls an empty queue this long before sleeping */
#define PK_HOST_MAX_BATCH (1u << 22) /* items per run or probe */

/* ---- items, the queue, the persistent worker, the backend ------------------------------- */

enum { PK__ITEM, PK__BATCH, PK__PARK, PK__STOP };

typedef struct pk__stats { /* written by the worker, read by the host after completion */
    uint64_t first_start, last_end, sum_ns, count;
    uint64_t *gap, *dur; /* per item (room for the run's items; NULL: not kept): the gap before it, its duration */
    uint64_t cap;
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

typedef struct pk__queue {                    /* the launch queue and its worker */
    _Alignas(64) _Atomic uint64_t tail;       /* launches pushed (host) */
    _Alignas(64) _Atomic uint64_t done;       /* launches completed (worker): the queue's head */
    _Alignas(64) _Atomic int worker_sleeping; /* set under mu just before the worker sleeps */
    _Atomic uint64_t host_target; /* the done count a blocked host waits for (set under mu), else UINT64_MAX */
    _Atomic int idle_spin;        /* host: 1 while queue runs may follow, 0 while a persistent worker runs */
    uint64_t wakes;               /* host: pushes that had to wake the sleeping worker */
    int signalled;                /* under mu: a push has signalled the worker's current wait */
    pthread_mutex_t mu;           /* only for sleeping and waking, never per launch */
    pthread_cond_t cv_worker, cv_host;
    int started;
    pthread_t thread;
    pk__desc slot[PK_HOST_QUEUE_DEPTH];
} pk__queue;

struct pk_backend {
    double timeout_s;
    uint64_t timeout_ns;
    uint64_t work_ns; /* the work the run or probe in flight expects (its items' ns), added to every wait's bound */
    int test_hang;
    uint64_t test_drop;
    uint64_t test_block_at; /* PKB_TEST_HANG_HOST=block:K: run call K (from 0) never returns (UINT64_MAX: none) */
    uint64_t runs;          /* run calls so far */
    int test_block_close;   /* PKB_TEST_HANG_HOST=close: close never returns */
    atomic_int abort;
    int membarrier; /* 1: pk__heavy_fence() is membarrier(PRIVATE_EXPEDITED), pk__light_fence() a compiler barrier */
    pk__queue q;
    pk__pw *pers;  /* the per-run persistent worker while a persistent run is in flight */
    pk__pw *res;   /* the resident persistent worker */
    pk__pw *spare; /* a freed worker's memory (its ring), reused by the next pk__pw_start */
    pk_cpu_plan plan;       /* where the host thread and the workers run (see "Placement") */
    int pinned;             /* 1 while the calling thread is pinned to plan.cpu[0] */
    pthread_t pinned_thread;
    void *caller_mask;      /* a cpu_set_t: the pinned thread's mask before, restored at close */
    char pin_miss[128];     /* the first placement of the plan that did not hold ("" when all did) */
    uint64_t *slots, *gap, *dur; /* a run's result slots and per-item stats, kept across runs (pk__buffers) */
    uint64_t buf_cap;            /* items they hold */
};

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

/* The result slots (zeroed) and per-item stats of n items in b->slots, b->gap and b->dur, kept
 * across runs and written through before the run's clock starts; 0 or PK_ENOMEM. */
int pk__buffers(pk_backend *b, uint64_t n, char *err, size_t errlen);

/* ---- small helpers every file uses ------------------------------------------------------ */

/* What a run may spend on an item beyond its item_ns: a launch, a handoff between threads; on a
 * process allowed one CPU, two context switches (about 16 us each on the CI's VMs). */
#define PK_HOST_ITEM_ALLOWANCE_NS 50000u

/* The work of n items of item_ns, each with PK_HOST_ITEM_ALLOWANCE_NS, saturated at 2^62 ns. */
static inline uint64_t pk__work_ns(uint64_t n, uint64_t item_ns)
{
    const uint64_t cap = UINT64_C(1) << 62, per = item_ns >= cap ? cap : item_ns + PK_HOST_ITEM_ALLOWANCE_NS;
    return n > cap / per ? cap : n * per;
}

/* A wait's bound in the run in flight: hang_timeout_s plus the work it expects, as the GPU
 * backends allow a kernel, so that a slow healthy run (a graph of 16384 items of 1 ms) is not
 * taken for a stalled worker. */
static inline uint64_t pk__wait_bound_ns(const pk_backend *b)
{
    const uint64_t cap = UINT64_C(1) << 62;
    return b->work_ns >= cap - b->timeout_ns ? cap : b->timeout_ns + b->work_ns;
}

/* How long a host wait spins before it yields between polls: PK_HOST_SPIN_NS, or 0 on a process
 * allowed one CPU, where a spinning host keeps the very worker it waits for off that CPU (the
 * workers then do not spin either: pw_main, host_queue.c's idle_spin). */
static inline uint64_t pk__spin_ns(const pk_backend *b)
{
    return b->plan.allowed == 1 ? 0 : PK_HOST_SPIN_NS;
}

static inline uint64_t pk__now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void pk__cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static inline int pk__aborted(pk_backend *b)
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
static inline void pk__light_fence(const pk_backend *b)
{
    if (b->membarrier)
        atomic_signal_fence(memory_order_seq_cst);
    else
        atomic_thread_fence(memory_order_seq_cst);
}

static inline uint64_t pk__item_token(uint64_t i)
{
    return (i + 1) * UINT64_C(0x9e3779b97f4a7c15);
}

static inline void pk__item_run(pk_backend *b, const pk__desc *d)
{
    uint64_t t0 = pk__now_ns(), t1 = t0;
    while ((b->test_hang || t1 - t0 < d->item_ns) && !pk__aborted(b))
        t1 = pk__now_ns();
    if (d->index != b->test_drop)
        d->slots[d->index] += pk__item_token(d->index);
    pk__stats *s = d->stats;
    if (s->count < s->cap) {
        s->dur[s->count] = t1 - t0;
        if (s->count)
            s->gap[s->count - 1] = t0 - s->last_end;
    }
    if (s->count++ == 0)
        s->first_start = t0;
    s->last_end = t1;
    s->sum_ns += t1 - t0;
}

static inline void pk__desc_run(pk_backend *b, const pk__desc *d)
{
    if (d->kind == PK__ITEM)
        pk__item_run(b, d);
    else
        for (size_t i = 0; i < d->batch_n && !pk__aborted(b); i++)
            pk__item_run(b, &d->batch[i]);
}

/* ---- host_workers.c ---------------------------------------------------------------------- */

/* Writes the message into err (when there is room) and returns rc. */
int pk__fail(char *err, size_t errlen, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The store-load fence of the rare side (see pk__light_fence). */
void pk__heavy_fence(const pk_backend *b);
/* PK_ECHECK naming the first slot that does not hold its item's token exactly once. */
int pk__verify(const uint64_t *slots, uint64_t n, char *err, size_t errlen);
/* PK_ETIMEDOUT naming what was waited for. */
int pk__timed_out(pk_backend *b, const char *what, char *err, size_t errlen);
int pk__wait_ge(pk_backend *b, _Atomic uint64_t *p, uint64_t target, const char *what, char *err, size_t errlen);
int pk__block_ge(pk_backend *b, pthread_mutex_t *mu, pthread_cond_t *cv, _Atomic uint64_t *p, uint64_t target,
                 const char *what, char *err, size_t errlen);
void pk__cond_init_monotonic(pthread_cond_t *cv);
/* Starts a worker thread, pinned to the plan's worker CPU when there is one. */
int pk__spawn(pk_backend *b, pthread_t *t, void *(*fn)(void *), void *arg, const char *what, char *err,
              size_t errlen);
/* Pins the calling thread to the plan's host CPU (once per thread; nothing without a plan). */
void pk__pin_caller(pk_backend *b);
/* Gives the pinned thread its own mask back (at close). */
void pk__unpin_caller(pk_backend *b);
/* A persistent worker's ring in b->spare, every page written, so that neither the timed start
 * nor the writing of a batch takes its page faults; 0 or PK_ENOMEM. */
int pk__pw_reserve(pk_backend *b, char *err, size_t errlen);
int pk__pw_start(pk_backend *b, pk__pw **slot, char *err, size_t errlen);
int pk__pw_publish(pk_backend *b, pk__pw *pw, const pk__desc *d, char *err, size_t errlen);
int pk__pw_unpark(pk_backend *b, pk__pw *pw, char *err, size_t errlen);
void pk__pw_kill(pk__pw **slot);
void pk__stop_all(pk_backend *b);

/* ---- host_queue.c ------------------------------------------------------------------------ */

int pk__q_start(pk_backend *b, char *err, size_t errlen);
uint64_t pk__q_done(pk_backend *b);
int pk__q_push(pk_backend *b, const pk__desc *d, char *err, size_t errlen);
int pk__q_wait(pk_backend *b, uint64_t target, char *err, size_t errlen);
int pk__q_wait_drained(pk_backend *b, char *err, size_t errlen);

/* ---- host_runners.c ---------------------------------------------------------------------- */

/* One repetition of each strategy into s, with the item slots and statistics of host_run. */
int pk__run_queue(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                  size_t errlen);
int pk__run_graph(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                  size_t errlen);
int pk__run_persistent(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                       size_t errlen);
/* n values of one probe (n >= 1, checked by the caller). */
int pk__probe_run(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err, size_t errlen);

#endif
