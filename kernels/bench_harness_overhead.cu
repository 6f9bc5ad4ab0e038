/* Harness overhead A/B for every strategy: a bare reference (the same kernels driven by the
 * fewest host calls, no harness code) alternated ABBA with the CUDA backend's own run of the
 * same point (pk_backend_cuda.run, whose wall_ns is what `pkbench sweep` reports), in one
 * process, so that the host's drifting launch rate cancels out. Prints, per strategy and N,
 * the median of each side and the median (p10..p90) of the paired ratios harness/bare.
 *   standard             bare: N launches of the item kernel, one sync
 *   standard-sync        bare: launch + sync per item
 *   graph                bare: replay of the same N captured launches, one sync
 *   persistent           bare: launch, N ring words + one stop word, then the exit seen as the
 *                        harness sees it by default: a host-mapped word the stream writes after
 *                        the kernel (cuStreamWriteValue32), or a synchronize where the driver has
 *                        none (whatever PKB_PERSISTENT_EXIT asks of the harness)
 *   persistent-resident  bare: N ring words into a running kernel, spin on its done word; each
 *                        side's kernel is launched, fed one untimed batch, timed on the next and
 *                        stopped, so that it never polls beside the other side's; before the
 *                        timed batch the bare side pauses, untimed, until the backend's
 *                        resident_gap_ns after the last completion it saw, then for a time drawn
 *                        from [0, its resident_dither_ns), as the backend does
 * Both sides use item_ns 0, grid 1, the default block (one warp); both start a persistent batch
 * on a 4-word boundary of their ring and leave a resident kernel waiting at one before a batch,
 * as the backend does (32-byte sectors: results/h200/lease16, lease17).
 *   usage: pkb_harness_overhead [--pairs P] [--strategy NAME[,NAME...]] [--before NAME:N]
 *                               [--raw FILE]
 *   --strategy  the strategies to run, in the order given (default: every strategy, in order)
 *   --before    one untimed run of NAME at batch N through the harness before the loop: the
 *               history a sweep leaves in the backend (its ring position, buffer sizes)
 *   --raw       every timed run as CSV (strategy,n,pair,side,ns), for its distribution
 * Exit: 0 ok, 1 a call failed, 2 bad usage or a bad PKB_* setting, 77 no visible device. */
#include "kernels/pk_gpu.h"

namespace {
#include "kernels/pk_kernels.inc"
}

#define BENCH_PROG "pkb_harness_overhead"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#include "common/backend.h"
#include "common/context.h"
#include "common/status.h"

extern "C" const pk_backend_ops pk_backend_cuda;

#define RING_CAP 32768u

/* What the bare side owns: item-kernel arguments, a stream, a mapped ring and the persistent
 * kernel's words, and the graph of the last graph point. */
typedef struct bare {
    int warp;
    pk_kargs a;
    pk_gpuStream_t s;
    uint64_t *h_ring, *d_ring, *h_words, *d_words; /* words: done, ack, abort, exit */
    int memop;                                     /* the stream can write the exit word */
    pk_chunk *d_chunk;
    uint64_t seq, epoch;
    pk_gpuGraphExec_t g;
    long g_n;
    double dither_ns; /* the backend's resident_dither_ns */
    double gap_ns;    /* the backend's resident_gap_ns */
    uint64_t rng;     /* pk_draw_unit's state for the pauses */
} bare;

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int bare_open(bare *x)
{
    memset(x, 0, sizeof *x);
    if (bench_setup(0, RING_CAP, &x->warp, &x->a, &x->s))
        return 1;
    CHECK(pk_gpuHostAlloc((void **)&x->h_ring, RING_CAP * sizeof(uint64_t), pk_gpuHostAllocMapped));
    CHECK(pk_gpuHostGetDevicePointer((void **)&x->d_ring, x->h_ring, 0));
    CHECK(pk_gpuHostAlloc((void **)&x->h_words, 64 * sizeof(uint64_t), pk_gpuHostAllocMapped));
    CHECK(pk_gpuHostGetDevicePointer((void **)&x->d_words, x->h_words, 0));
    CHECK(pk_gpuMalloc((void **)&x->d_chunk, RING_CAP * sizeof(pk_chunk)));
    for (uint64_t i = 0; i < RING_CAP; i++)
        x->h_ring[i] = pk_ring_word(i - RING_CAP, 0);
    memset(x->h_words, 0, 64 * sizeof(uint64_t));
    /* As the backend probes it at open: a value no epoch takes, seen by the host, then cleared. */
    uint32_t *w = (uint32_t *)(x->h_words + 24);
    x->memop = pk_gpuStreamWriteValue32(x->s, x->d_words + 24, 0xffffffffu) == pk_gpuSuccess &&
               bench_sync(x->s, 0) == pk_gpuSuccess && __atomic_load_n(w, __ATOMIC_ACQUIRE) == 0xffffffffu;
    __atomic_store_n(w, 0u, __ATOMIC_RELEASE);
    (void)pk_gpuGetLastError();
    return 0;
}

/* The protocol's minimum: the batch written as the backend writes it (pk_ring_write). */
static void bare_publish(bare *x, long n, unsigned stops)
{
    const uint64_t total = (uint64_t)n + stops;
    pk_ring_write(x->h_ring, RING_CAP - 1, x->seq, (uint64_t)n, 0, total, PK_CHUNK, PK_DEV_WARP);
    x->seq += total;
}

/* Before a launch, as the backend's gpu_ring_align: the next sequence number rounded up to a
 * multiple of 4, the skipped words written as consumed. */
static void bare_align(bare *x)
{
    for (; x->seq & 3u; x->seq++)
        __atomic_store_n(&x->h_ring[x->seq & (RING_CAP - 1)], pk_ring_word(x->seq, 0), __ATOMIC_RELEASE);
}

static int bare_launch(bare *x)
{
    pk_qargs q;
    memset(&q, 0, sizeof q);
    q.ring = x->d_ring;
    q.mask = RING_CAP - 1;
    q.seq0 = x->seq;
    q.count = x->a.count;
    q.chunks = x->d_chunk;
    q.done = x->d_words;
    q.ack = x->d_words + 8;
    q.abort = (const uint32_t *)(x->d_words + 16);
    q.epoch = ++x->epoch;
    x->h_words[0] = 0;
    pk_persistent_kernel<1><<<1, x->warp, 0, x->s>>>(q);
    CHECK(pk_gpuGetLastError());
    return 0;
}

/* The bare side's waits end after BARE_WAIT_S seconds with a message and 1, so that a kernel that
 * stopped taking words or never exits ends the run instead of hanging it; the clock is read every
 * 4096th load only. bare_spin: until *w == v (at_least: >= v); bare_sync: until the stream is
 * idle (a synchronize that cannot hang). */
#define BARE_WAIT_S 10.0
static int bare_spin(const uint64_t *w, uint64_t v, int at_least, const char *what)
{
    const double t0 = now_ns();
    for (unsigned k = 1;; k++) {
        const uint64_t got = __atomic_load_n(w, __ATOMIC_ACQUIRE);
        if (got == v || (at_least && got > v))
            return 0;
        if ((k & 4095u) == 0 && now_ns() - t0 > BARE_WAIT_S * 1e9) {
            fprintf(stderr, "pkb_harness_overhead: the bare resident kernel's %s word did not come within %.0f s\n",
                    what, BARE_WAIT_S);
            return 1;
        }
    }
}

static int bare_sync(bare *x, const char *what)
{
    const double t0 = now_ns();
    for (unsigned k = 1;; k++) {
        const pk_gpuError_t e = pk_gpuStreamQuery(x->s);
        if (e != pk_gpuErrorNotReady) {
            CHECK(e);
            return 0;
        }
        if ((k & 4095u) == 0 && now_ns() - t0 > BARE_WAIT_S * 1e9) {
            fprintf(stderr, "pkb_harness_overhead: the bare %s did not end within %.0f s\n", what, BARE_WAIT_S);
            return 1;
        }
    }
}

/* Stops the bare resident kernel: a stop word, and its stream idle. */
static int bare_stop(bare *x)
{
    bare_publish(x, 0, 1);
    return bare_sync(x, "resident kernel");
}

/* bare_run's timed part, under the caller's guard: *ns = host time from first call to completion. */
static int bare_timed(bare *x, pk_strategy s, long n, double *ns)
{
    const uint64_t target = __atomic_load_n(&x->h_words[0], __ATOMIC_ACQUIRE) + (uint64_t)n;
    const double t0 = now_ns();
    switch (s) {
    case PK_STRAT_STANDARD: {
        double per = 0;
        if (bench_bare_loop(x->a, x->s, x->warp, n, &per))
            return 1;
        *ns = per * (double)n;
        return 0;
    }
    case PK_STRAT_STANDARD_SYNC:
        for (long i = 0; i < n; i++) {
            pk_item_kernel<<<1, x->warp, 0, x->s>>>(x->a, (uint64_t)i, 0);
            CHECK(pk_gpuStreamSynchronize(x->s));
        }
        break;
    case PK_STRAT_GRAPH:
        CHECK(pk_gpuGraphLaunch(x->g, x->s));
        CHECK(pk_gpuStreamSynchronize(x->s));
        break;
    case PK_STRAT_PERSISTENT:
        bare_align(x);
        if (bare_launch(x))
            return 1;
        bare_publish(x, n, 1);
        if (x->memop) {
            /* The word, and the stream every 4096th read: a fault, or a stream idle without the
             * word, ends the wait instead of spinning for ever. */
            const uint32_t *w = (const uint32_t *)(x->h_words + 24);
            CHECK(pk_gpuStreamWriteValue32(x->s, x->d_words + 24, (uint32_t)x->epoch));
            for (unsigned k = 1; __atomic_load_n(w, __ATOMIC_ACQUIRE) != (uint32_t)x->epoch; k++) {
                if ((k & 4095u) == 0 && now_ns() - t0 > BARE_WAIT_S * 1e9) {
                    fprintf(stderr, "pkb_harness_overhead: the bare persistent kernel did not exit within %.0f s\n",
                            BARE_WAIT_S);
                    return 1;
                }
                if ((k & 4095u) == 0 && pk_gpuStreamQuery(x->s) != pk_gpuErrorNotReady) {
                    CHECK(pk_gpuStreamSynchronize(x->s));
                    if (__atomic_load_n(w, __ATOMIC_ACQUIRE) != (uint32_t)x->epoch) {
                        fprintf(stderr,
                                "pkb_harness_overhead: the persistent kernel's stream is idle without the exit word\n");
                        return 1;
                    }
                }
            }
        } else if (bare_sync(x, "persistent kernel"))
            return 1;
        break;
    default:
        bare_publish(x, n, 0);
        if (bare_spin(&x->h_words[0], target, 1, "items"))
            return 1;
        break;
    }
    *ns = now_ns() - t0;
    return 0;
}

/* bare_run's untimed part: a graph of n captured (when s is graph), or a resident kernel launched,
 * fed its untimed batch, and the pause before the timed one. */
static int bare_prepare(bare *x, pk_strategy s, long n)
{
    if (s == PK_STRAT_GRAPH && x->g_n != n) {
        if (x->g)
            CHECK(pk_gpuGraphExecDestroy(x->g));
        pk_gpuGraph_t graph;
        CHECK(pk_gpuStreamBeginCapture(x->s, pk_gpuStreamCaptureModeThreadLocal));
        for (long i = 0; i < n; i++)
            pk_item_kernel<<<1, x->warp, 0, x->s>>>(x->a, (uint64_t)i, 0);
        CHECK(pk_gpuStreamEndCapture(x->s, &graph));
        CHECK(pk_gpuGraphInstantiate(&x->g, graph));
        CHECK(pk_gpuGraphDestroy(graph));
        CHECK(pk_gpuGraphUpload(x->g, x->s));
        CHECK(pk_gpuStreamSynchronize(x->s)); /* under bare_run's guard */
        x->g_n = n;
    }
    if (s == PK_STRAT_PERSISTENT_RESIDENT) {
        /* As harness_run: a kernel launched, fed one untimed batch of n, then (as the backend's
         * gpu_resident_align) up to 3 empty items so that it waits at a 4-word boundary; it is
         * stopped after the timed batch, so that no bare kernel outlives a measurement. */
        bare_align(x);
        if (bare_launch(x) || bare_spin(&x->h_words[8], x->epoch, 0, "start"))
            return 1;
        const uint64_t pad = (4u - ((x->seq + (uint64_t)n) & 3u)) & 3u;
        const uint64_t t = __atomic_load_n(&x->h_words[0], __ATOMIC_ACQUIRE) + (uint64_t)n + pad;
        bare_publish(x, n, 0);
        bare_publish(x, (long)pad, 0);
        if (bare_spin(&x->h_words[0], t, 1, "items"))
            return 1;
        const double seen = now_ns();
        while (now_ns() - seen < x->gap_ns)
            ;
        const double pause = pk_draw_unit(&x->rng) * x->dither_ns, p0 = now_ns();
        while (now_ns() - p0 < pause)
            ;
    }
    return 0;
}

/* One bare measurement of strategy s at N = n: *ns = host time from first call to completion.
 * One guard holds the preparation (a resident kernel's untimed batch: n more items) and the timed
 * part, armed before the pause before it, as the backend's guard is. */
static int bare_run(bare *x, pk_strategy s, long n, double *ns)
{
    const int armed = bench_guard(2.0 * (double)n * BENCH_LAUNCH_WORK_NS);
    const int rc = bare_prepare(x, s, n) || bare_timed(x, s, n, ns);
    pk_watchdog_disarm(armed);
    if (rc)
        return 1;
    return s == PK_STRAT_PERSISTENT_RESIDENT ? bare_stop(x) : 0;
}

/* One harness measurement. A resident point is run twice, the first untimed (it launches the
 * kernel), so that the timed one is a running kernel's batch, as a sweep's repetitions are; the
 * kernel is then stopped (untimed, by a standard run). The bare side does the same, so that
 * each side's kernel runs alone on the device: in lease 20 the bare kernel stayed resident,
 * polling, while the harness measured a freshly launched one (N = 64: 1.132). */
static int harness_run(pk_backend *b, pk_strategy s, long n, double *ns)
{
    pk_point pt = {s, 0, (uint64_t)n, 0, 0};
    pk_sample smp;
    char err[512];
    int rc = s == PK_STRAT_PERSISTENT_RESIDENT ? pk_backend_cuda.run(b, &pt, &smp, err, sizeof err) : 0;
    if (rc == 0)
        rc = pk_backend_cuda.run(b, &pt, &smp, err, sizeof err);
    if (rc == 0 && s == PK_STRAT_PERSISTENT_RESIDENT) {
        pk_point stop = {PK_STRAT_STANDARD, 0, 1, 0, 0};
        pk_sample ignored;
        rc = pk_backend_cuda.run(b, &stop, &ignored, err, sizeof err);
    }
    if (rc) {
        fprintf(stderr, "pkb_harness_overhead: %s\n", err);
        return 1;
    }
    *ns = smp.wall_ns;
    return 0;
}

/* --strategy's list: the strategy names of v, comma-separated, into order[]; their count, or
 * -1 when a name is unknown or repeated. */
static int parse_strategies(const char *v, int *order)
{
    int n = 0;
    char buf[256];
    if (strlen(v) >= sizeof buf)
        return -1;
    strcpy(buf, v);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        const int s = pk_strategy_lookup(t);
        if (s < 0 || n == PK_STRAT_COUNT)
            return -1;
        for (int k = 0; k < n; k++)
            if (order[k] == s)
                return -1;
        order[n++] = s;
    }
    return n;
}

/* --before's NAME:N, N from 1 to 2^20 (an untimed harness run; it grows the harness's buffers). */
static int parse_before(const char *v, int *s, long *n)
{
    const char *colon = strchr(v, ':');
    char name[64], *end;
    if (!colon || colon == v || (size_t)(colon - v) >= sizeof name)
        return -1;
    memcpy(name, v, (size_t)(colon - v));
    name[colon - v] = 0;
    *s = pk_strategy_lookup(name);
    *n = strtol(colon + 1, &end, 10);
    return *s >= 0 && *end == 0 && end != colon + 1 && *n >= 1 && *n <= (1L << 20) ? 0 : -1;
}

int main(int argc, char **argv)
{
    int pairs = 20, order[PK_STRAT_COUNT], norder = PK_STRAT_COUNT, before = -1;
    long before_n = 0;
    const char *raw_path = NULL;
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        order[s] = s;
    bench_once(argc, argv);
    for (int i = 1; i < argc; i += 2) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v && strcmp(argv[i], "--pairs") == 0)
            pairs = (int)arg_long("--pairs", v, 2, 1000);
        else if (v && strcmp(argv[i], "--strategy") == 0 && (norder = parse_strategies(v, order)) > 0)
            continue;
        else if (v && strcmp(argv[i], "--before") == 0 && parse_before(v, &before, &before_n) == 0)
            continue;
        else if (v && strcmp(argv[i], "--raw") == 0 && *v)
            raw_path = v;
        else {
            fprintf(stderr, "pkb_harness_overhead: usage: pkb_harness_overhead [--pairs 2..1000] "
                            "[--strategy NAME[,NAME...]] [--before NAME:N] [--raw FILE] (bad or unknown: %s)\n",
                    argv[i]);
            return 2;
        }
    }
    char err[512];
    pk_backend_config cfg = {0, 10.0};
    pk_backend *b = NULL;
    int rc = pk_backend_cuda.open(&cfg, &b, err, sizeof err);
    if (rc) {
        fprintf(stderr, "pkb_harness_overhead: %s\n", err);
        return rc == PK_ENODEV ? 77 : rc == PK_EINVAL ? 2 : 1; /* no device; a bad PKB_* setting */
    }
    bare x;
    if (bare_open(&x))
        return 1;
    pk_context ctx;
    memset(&ctx, 0, sizeof ctx);
    const int got = pk_backend_cuda.context(b, &ctx) == 0;
    const char *dither = got ? pk_context_get(&ctx, "resident_dither_ns") : NULL;
    const char *gap = got ? pk_context_get(&ctx, "resident_gap_ns") : NULL;
    x.dither_ns = dither ? strtod(dither, NULL) : 0;
    x.gap_ns = gap ? strtod(gap, NULL) : 0;
    x.rng = PK_DRAW_SEED;
    FILE *raw = NULL; /* created once a device is there, so that a run without one leaves none */
    if (raw_path && !(raw = fopen(raw_path, "w"))) {
        fprintf(stderr, "pkb_harness_overhead: --raw %s: cannot create\n", raw_path);
        return 2;
    }
    double *bv = (double *)malloc(sizeof(double) * 2 * (size_t)pairs);
    double *hv = (double *)malloc(sizeof(double) * 2 * (size_t)pairs);
    double *ratio = (double *)malloc(sizeof(double) * (size_t)pairs);
    if (!bv || !hv || !ratio)
        return 1;
    printf(
        "# harness overhead A/B (ABBA pairs): cuda, item_ns 0, grid 1, block %d, %d pairs; bare persistent exit: %s; "
        "resident pause before a batch %.0f ns after the last completion, then drawn from [0, %.0f) ns, on both "
        "sides\n",
        x.warp, pairs, x.memop ? "stream-written word" : "synchronize", x.gap_ns, x.dither_ns);
    if (before >= 0) {
        double w;
        printf("# before the loop: %s at N = %ld through the harness (untimed)\n", pk_strategy_names[before], before_n);
        if (harness_run(b, (pk_strategy)before, before_n, &w))
            return 1;
    }
    if (raw)
        fprintf(raw, "strategy,n,pair,side,ns\n");
    printf("%-20s %7s %14s %14s %9s %17s\n", "strategy", "N", "bare_ns", "harness_ns", "ratio", "ratio_p10..p90");
    static const long ns[] = {1, 64, 1024, 16384};
    for (int o = 0; o < norder; o++)
        for (int k = 0, s = order[o]; k < 4; k++) {
            const long n = ns[k];
            if (s == PK_STRAT_STANDARD_SYNC && n > 1024)
                continue; /* 16384 synced launches take ~0.15 s a side */
            /* Warm-up, the harness first: its first run at a new N may grow its buffers, and
             * freeing device memory waits for every kernel on the device (a bare resident kernel
             * left running hung an all-resident run so at N = 1024 in lease 16; none outlives
             * bare_run now). */
            double w;
            if (harness_run(b, (pk_strategy)s, n, &w) || bare_run(&x, (pk_strategy)s, n, &w))
                return 1;
            for (int p = 0; p < pairs; p++) {
                double bt[2], ht[2];
                if (bare_run(&x, (pk_strategy)s, n, &bt[0]) || harness_run(b, (pk_strategy)s, n, &ht[0]) ||
                    harness_run(b, (pk_strategy)s, n, &ht[1]) || bare_run(&x, (pk_strategy)s, n, &bt[1]))
                    return 1;
                bv[2 * p] = bt[0];
                bv[2 * p + 1] = bt[1];
                hv[2 * p] = ht[0];
                hv[2 * p + 1] = ht[1];
                ratio[p] = (ht[0] + ht[1]) / (bt[0] + bt[1]);
                if (raw)
                    fprintf(
                        raw,
                        "%s,%ld,%d,bare,%.0f\n%s,%ld,%d,harness,%.0f\n%s,%ld,%d,harness,%.0f\n%s,%ld,%d,bare,%.0f\n",
                        pk_strategy_names[s], n, p, bt[0], pk_strategy_names[s], n, p, ht[0], pk_strategy_names[s], n,
                        p, ht[1], pk_strategy_names[s], n, p, bt[1]);
            }
            const double mb = median(bv, 2 * pairs), mh = median(hv, 2 * pairs), mr = median(ratio, pairs);
            printf("%-20s %7ld %14.0f %14.0f %9.4f %8.4f..%.4f\n", pk_strategy_names[s], n, mb, mh, mr,
                   ratio[pairs / 10], ratio[pairs - 1 - pairs / 10]);
            fflush(stdout);
        }
    CHECK(pk_gpuGetLastError());
    pk_backend_cuda.close(b);
    if (raw && (ferror(raw) | fclose(raw)) != 0) {
        fprintf(stderr, "pkb_harness_overhead: --raw %s: write failed\n", raw_path);
        return 1;
    }
    free(bv);
    free(hv);
    free(ratio);
    return 0;
}
