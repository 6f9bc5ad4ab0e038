/* The resident round trip against the host's pause: a single-block resident persistent kernel
 * (the backend's, pk_persistent_kernel on a host-mapped ring, grid 1, one warp) is fed batches
 * of one empty item, each on a 4-word ring boundary as the backend places them (up to 3 empty
 * items first, their completion awaited; leases 43 and 44 ran it without). Before each batch
 * the host, having seen the last completion, spins for a set pause (0 to 30 steps of --step ns,
 * default 100: 0 to 3000 ns; or a pause drawn uniformly from [0, 30 steps)), then times writing
 * the item to seeing its completion. If the kernel's poll and the host's turnaround lock in
 * phase, the round trip is a saw in the pause whose period is the poll's; drawn pauses then
 * spread it over one period. Conditions rotate over rounds; no harness code is involved.
 * With --step 1000 the pauses reach 30 µs, past the backend's gap before a resident batch
 * (resident_gap_ns, 4 µs, and its dither): whether the round trip is flat there, or depends on
 * how long the host took since the last completion (a calibration's and a sweep's differ).
 *   usage: pkb_resident_phase [--reps R] [--rounds K] [--step NS] [--raw FILE]
 * Prints per pause: the median, p10, p25, p75 and p90 of its round trips (ns).
 * Exit: 0 ok, 1 a runtime call failed or the kernel stopped answering, 2 bad usage, 77 no
 * visible device. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_resident_phase"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define RING_CAP 4096u
#define PAUSES 31     /* 0, step, ..., 30 steps */
#define CONDS (PAUSES + 1) /* and the drawn pause */

/* Per pause: the quantiles of its rounds x reps round trips in v (sorted in place). */
static void print_table(double *v, long rounds, long reps, long step, int warp)
{
    printf("# resident round trip (ns), one empty item, grid 1, block %d; %ld rounds x %ld reps per pause\n", warp,
           rounds, reps);
    printf("%9s %9s %9s %9s %9s %9s\n", "pause_ns", "median", "p10", "p25", "p75", "p90");
    for (int c = 0; c < CONDS; c++) {
        double *x = v + (size_t)c * (size_t)rounds * (size_t)reps;
        const int n = (int)(rounds * reps);
        char name[16];
        snprintf(name, sizeof name, c == PAUSES ? "drawn" : "%ld", c * step);
        printf("%9s %9.0f %9.0f %9.0f %9.0f %9.0f\n", name, quantile(x, n, 0.5), quantile(x, n, 0.1),
               quantile(x, n, 0.25), quantile(x, n, 0.75), quantile(x, n, 0.9));
    }
}

int main(int argc, char **argv)
{
    long reps = 200, rounds = 3, step = 100;
    const char *raw_path = NULL;
    const int rc0 = bench_phase_start(argc, argv, &reps, &rounds, &step, &raw_path);
    if (rc0)
        return rc0;
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s;
    if (bench_setup(0, RING_CAP, &warp, &a, &s))
        return 1;
    bench_ring r;
    if (bench_ring_alloc(&r, RING_CAP))
        return 1;
    uint64_t *h_ring = r.h_ring, *h_words = r.h_words;
    FILE *raw = NULL;
    if (raw_path && !(raw = fopen(raw_path, "w"))) {
        fprintf(stderr, BENCH_PROG ": --raw %s: cannot create\n", raw_path);
        return 2;
    }
    const pk_qargs q = bench_ring_args(&r, &a, 1, NULL);
    pk_persistent_kernel<1><<<1, warp, 0, s>>>(q);
    CHECK(pk_gpuGetLastError());
    if (bench_spin_at_least(&h_words[8], 1, "start"))
        return 1;
    double *v = (double *)malloc(sizeof(double) * (size_t)(CONDS * rounds * reps));
    if (!v)
        return 1;
    uint64_t seq = 0, rng = PK_DRAW_SEED;
    /* One untimed batch, so that the first timed one follows a completion as every other does. */
    __atomic_store_n(&h_ring[seq & (RING_CAP - 1)], pk_ring_word(seq, 0), __ATOMIC_RELEASE);
    seq++;
    if (bench_spin_at_least(&h_words[0], seq, "first completion"))
        return 1;
    if (raw)
        fprintf(raw, "condition,pause_ns,round,rep,ns\n");
    for (long r = 0; r < rounds; r++)
        for (int k = 0; k < CONDS; k++) {
            const int c = (int)((k + r * 7) % CONDS); /* rotate the order by round */
            for (long i = 0; i < reps; i++) {
                double pause = (double)(c * step);
                if (c == PAUSES)
                    pause = pk_draw_unit(&rng) * (double)((PAUSES - 1) * step);
                /* As the backend: the batch starts on a 4-word boundary (32-byte sectors), the
                 * skipped words fed as empty items and their completion awaited before the pause. */
                if (seq & 3u) {
                    for (; seq & 3u; seq++)
                        __atomic_store_n(&h_ring[seq & (RING_CAP - 1)], pk_ring_word(seq, 0), __ATOMIC_RELEASE);
                    if (bench_spin_at_least(&h_words[0], seq, "padding"))
                        return 1;
                }
                const double p0 = now_ns();
                while (now_ns() - p0 < pause)
                    ;
                const double t0 = now_ns();
                __atomic_store_n(&h_ring[seq & (RING_CAP - 1)], pk_ring_word(seq, 0), __ATOMIC_RELEASE);
                seq++;
                if (bench_spin_at_least(&h_words[0], seq, "completion"))
                    return 1;
                const double ns = now_ns() - t0;
                v[((size_t)c * rounds + (size_t)r) * (size_t)reps + (size_t)i] = ns;
                if (raw)
                    fprintf(raw, "%s,%.0f,%ld,%ld,%.0f\n", c == PAUSES ? "drawn" : "set", pause, r, i, ns);
            }
        }
    /* Stop word, then the kernel's exit (bounded). */
    __atomic_store_n(&h_ring[seq & (RING_CAP - 1)], pk_ring_word(seq, PK_RING_STOP), __ATOMIC_RELEASE);
    if (bench_wait_exit(s))
        return 1;
    print_table(v, rounds, reps, step, warp);
    free(v);
    if (raw && (ferror(raw) | fclose(raw)) != 0) {
        fprintf(stderr, BENCH_PROG ": --raw %s: write failed\n", raw_path);
        return 1;
    }
    return 0;
}
