/* The graph replay against the host's pause: graphs of 1 and 3 empty item launches (the
 * backend's pk_item_kernel, grid 1, one warp; 3 is the calibration's small graph) are replayed
 * as the backend replays them: the items' counters zeroed on another stream and awaited, then,
 * after a set pause of 0 to 3000 ns (steps of 100) or one drawn uniformly from [0, 3000) ns,
 * the replay launched and synchronized (timed), then the counters read back and checked (each
 * item ran once). Replays of one node took 6.2 or 7.1 us, and a calibration's replays of three
 * came in runs of about 20 at one of two levels (leases 42-45): if the level follows when the
 * replay comes after the last host-device exchange, the replay time is a saw in the pause and
 * drawn pauses spread it. Conditions rotate over rounds; no harness code is involved.
 *   usage: pkb_graph_phase [--reps R] [--rounds K] [--raw FILE]
 * Prints per graph size and pause: the median, p10, p25, p75 and p90 of its replays (ns).
 * Exit: 0 ok, 1 a runtime call failed or an item did not run once, 2 bad usage, 77 no visible
 * device. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_graph_phase"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define PAUSES 31          /* 0, 100, ..., 3000 ns */
#define CONDS (PAUSES + 1) /* and the drawn pause */
#define DRAWN_MAX_NS 3000.0
#define SIZES 2
static const int graph_n[SIZES] = {1, 3};

/* Captures n empty item launches on gs into *exec, instantiated and uploaded. */
static int graph_make(pk_kargs a, int warp, int n, pk_gpuStream_t gs, pk_gpuGraphExec_t *exec)
{
    pk_gpuGraph_t g = NULL;
    CHECK(pk_gpuStreamBeginCapture(gs, pk_gpuStreamCaptureModeThreadLocal));
    for (int i = 0; i < n; i++)
        pk_item_kernel<<<1, warp, 0, gs>>>(a, (uint64_t)i, 0);
    CHECK(pk_gpuStreamEndCapture(gs, &g));
    CHECK(pk_gpuGraphInstantiate(exec, g));
    CHECK(pk_gpuGraphDestroy(g));
    CHECK(pk_gpuGraphUpload(*exec, gs));
    CHECK(bench_sync(gs, 0));
    return 0;
}

/* One replay as the backend's gpu_run_graph: counters zeroed on s, the pause, the timed replay
 * on gs, the counters read back on s and checked. *ns: the replay; 1 on a failure (reported). */
static int replay(pk_kargs a, pk_gpuStream_t s, pk_gpuStream_t gs, pk_gpuGraphExec_t exec, int n,
                  const unsigned *h_zero, unsigned *h_count, double pause, double *ns)
{
    CHECK(pk_gpuMemcpyAsync(a.count, h_zero, (size_t)n * sizeof(unsigned), pk_gpuMemcpyHostToDevice, s));
    CHECK(bench_sync(s, 0));
    const int armed = bench_guard((double)n * BENCH_LAUNCH_WORK_NS); /* before the pause, as the backend's */
    const double p0 = now_ns();
    while (now_ns() - p0 < pause)
        ;
    const double t0 = now_ns();
    pk_gpuError_t e = pk_gpuGraphLaunch(exec, gs);
    if (e == pk_gpuSuccess)
        e = pk_gpuStreamSynchronize(gs);
    *ns = now_ns() - t0;
    pk_watchdog_disarm(armed);
    CHECK(e);
    CHECK(pk_gpuMemcpyAsync(h_count, a.count, (size_t)n * sizeof(unsigned), pk_gpuMemcpyDeviceToHost, s));
    CHECK(bench_sync(s, 0));
    for (int i = 0; i < n; i++)
        if (h_count[i] != 1) {
            fprintf(stderr, BENCH_PROG ": item %d of a graph of %d ran %u times (expected 1)\n", i, n, h_count[i]);
            return 1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    long reps = 200, rounds = 3;
    const char *raw_path = NULL;
    const int rc0 = bench_phase_start(argc, argv, &reps, &rounds, NULL, &raw_path);
    if (rc0)
        return rc0;
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s, gs;
    if (bench_setup(0, 8, &warp, &a, &s))
        return 1;
    CHECK(pk_gpuStreamCreateWithFlags(&gs, pk_gpuStreamNonBlocking));
    unsigned *h_zero, *h_count;
    CHECK(pk_gpuHostAlloc((void **)&h_zero, 8 * sizeof(unsigned), pk_gpuHostAllocPortable));
    CHECK(pk_gpuHostAlloc((void **)&h_count, 8 * sizeof(unsigned), pk_gpuHostAllocPortable));
    memset(h_zero, 0, 8 * sizeof(unsigned));
    pk_gpuGraphExec_t exec[SIZES];
    for (int g = 0; g < SIZES; g++)
        if (graph_make(a, warp, graph_n[g], gs, &exec[g]))
            return 1;
    FILE *raw = NULL;
    if (raw_path && !(raw = fopen(raw_path, "w"))) {
        fprintf(stderr, BENCH_PROG ": --raw %s: cannot create\n", raw_path);
        return 2;
    }
    const size_t per = (size_t)rounds * (size_t)reps;
    double *v = (double *)malloc(sizeof(double) * SIZES * CONDS * per);
    if (!v)
        return 1;
    uint64_t rng = PK_DRAW_SEED;
    double ns = 0;
    for (int g = 0; g < SIZES; g++) /* one untimed replay each, so that every timed one follows another */
        if (replay(a, s, gs, exec[g], graph_n[g], h_zero, h_count, 0, &ns))
            return 1;
    if (raw)
        fprintf(raw, "nodes,condition,pause_ns,round,rep,ns\n");
    for (long r = 0; r < rounds; r++)
        for (int k = 0; k < SIZES * CONDS; k++) {
            const int j = (int)((k + r * 7) % (SIZES * CONDS)), g = j / CONDS, c = j % CONDS; /* rotate by round */
            for (long i = 0; i < reps; i++) {
                const double pause = c == PAUSES ? pk_draw_unit(&rng) * DRAWN_MAX_NS : c * 100.0;
                if (replay(a, s, gs, exec[g], graph_n[g], h_zero, h_count, pause, &ns))
                    return 1;
                v[((size_t)g * CONDS + (size_t)c) * per + (size_t)r * (size_t)reps + (size_t)i] = ns;
                if (raw)
                    fprintf(raw, "%d,%s,%.0f,%ld,%ld,%.0f\n", graph_n[g], c == PAUSES ? "drawn" : "set", pause, r, i,
                            ns);
            }
        }
    printf("# graph replay (ns), launch + synchronize, empty items, grid 1, block %d; %ld rounds x %ld reps per "
           "pause\n",
           warp, rounds, reps);
    printf("%6s %9s %9s %9s %9s %9s %9s\n", "nodes", "pause_ns", "median", "p10", "p25", "p75", "p90");
    for (int g = 0; g < SIZES; g++)
        for (int c = 0; c < CONDS; c++) {
            double *x = v + ((size_t)g * CONDS + (size_t)c) * per;
            char name[16];
            snprintf(name, sizeof name, c == PAUSES ? "drawn" : "%d", c * 100);
            printf("%6d %9s %9.0f %9.0f %9.0f %9.0f %9.0f\n", graph_n[g], name, quantile(x, (int)per, 0.5),
                   quantile(x, (int)per, 0.1), quantile(x, (int)per, 0.25), quantile(x, (int)per, 0.75),
                   quantile(x, (int)per, 0.9));
        }
    free(v);
    if (raw && (ferror(raw) | fclose(raw)) != 0) {
        fprintf(stderr, BENCH_PROG ": --raw %s: write failed\n", raw_path);
        return 1;
    }
    return 0;
}
