/* The resident round trip, launch by launch: whether a resident kernel's level is set when it
 * is launched, and by the SM its block lands on. L fresh single-block resident persistent
 * kernels (the backend's pk_persistent_kernel on a host-mapped ring, grid 1, one warp), one after
 * the other; each is fed R batches of one empty item, paced as the backend paces them (each
 * batch on a 4-word ring boundary, then a pause until 4 us after the last completion and a drawn
 * pause below 1 us: PK_GPU_RESIDENT_GAP_NS and PK_GPU_RESIDENT_DITHER_NS), timed from writing the
 * item to seeing its completion, after 20 untimed batches. The block stores its SM (%smid) at
 * its start. No harness code is involved.
 *   usage: pkb_resident_sm [--reps R] [--rounds L] [--raw FILE]   (--rounds: the launches)
 * Prints per launch: the SM, the host CPU the timing thread ran on at its start, and the
 * median, p25 and p75 of its round trips (ns).
 * Exit: 0 ok, 1 a runtime call failed or the kernel stopped answering, 2 bad usage, 77 no
 * visible device. */
#include <sched.h>

#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_resident_sm"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define RING_CAP 4096u
#define GAP_NS 4000.0
#define DITHER_NS 1000.0
#define WARM 20

/* Writes ring word seq (an empty item, or the stop word) and moves on. */
static void put(bench_ring *r, uint64_t ns)
{
    __atomic_store_n(&r->h_ring[r->seq & (RING_CAP - 1)], pk_ring_word(r->seq, ns), __ATOMIC_RELEASE);
    r->seq++;
}

/* One batch of one empty item, paced as the backend paces it after the completion seen at
 * *last: the ring aligned to 4 words (padding awaited), the gap and a drawn pause; the round
 * trip in ns, or a negative value when the kernel stopped answering. */
static double batch(bench_ring *r, uint64_t *done, double *last, uint64_t *rng)
{
    if (r->seq & 3u) {
        for (; r->seq & 3u; (*done)++)
            put(r, 0);
        if (bench_spin_at_least(&r->h_words[0], *done, "padding"))
            return -1;
        *last = now_ns();
    }
    const double until = *last + GAP_NS + pk_draw_unit(rng) * DITHER_NS;
    while (now_ns() < until)
        ;
    const double t0 = now_ns();
    put(r, 0);
    if (bench_spin_at_least(&r->h_words[0], ++(*done), "completion"))
        return -1;
    *last = now_ns();
    return *last - t0;
}

int main(int argc, char **argv)
{
    long reps = 200, launches = 48;
    const char *raw_path = NULL;
    const int rc0 = bench_phase_start(argc, argv, &reps, &launches, NULL, &raw_path);
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
    FILE *raw = NULL;
    if (raw_path && !(raw = fopen(raw_path, "w"))) {
        fprintf(stderr, BENCH_PROG ": --raw %s: cannot create\n", raw_path);
        return 2;
    }
    if (raw)
        fprintf(raw, "launch,sm,cpu,rep,ns\n");
    double *v = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!v)
        return 1;
    uint64_t rng = PK_DRAW_SEED;
    printf("# resident round trip (ns) per launch: one empty item, grid 1, block %d, %ld timed batches after %d\n",
           warp, reps, WARM);
    printf("%7s %4s %4s %9s %9s %9s\n", "launch", "sm", "cpu", "median", "p25", "p75");
    for (long l = 0; l < launches; l++) {
        for (; r.seq & 3u;) /* as gpu_ring_align: the first batch on a 4-word boundary */
            put(&r, 0);
        const pk_qargs q = bench_ring_args(&r, &a, (uint64_t)l + 1, r.d_where);
        r.h_where[0] = ~0u;
        r.h_words[0] = 0;
        pk_persistent_kernel<1><<<1, warp, 0, s>>>(q);
        CHECK(pk_gpuGetLastError());
        if (bench_spin_at_least(&r.h_words[8], (uint64_t)l + 1, "start"))
            return 1;
        const int cpu = sched_getcpu();
        uint64_t done = 0;
        double last = now_ns();
        for (long i = -WARM; i < reps; i++) {
            const double ns = batch(&r, &done, &last, &rng);
            if (ns < 0)
                return 1;
            if (i >= 0)
                v[i] = ns;
        }
        put(&r, PK_RING_STOP);
        if (bench_wait_exit(s))
            return 1;
        const unsigned sm = __atomic_load_n(&r.h_where[0], __ATOMIC_ACQUIRE);
        if (raw)
            for (long i = 0; i < reps; i++)
                fprintf(raw, "%ld,%u,%d,%ld,%.0f\n", l, sm, cpu, i, v[i]);
        const int n = (int)reps;
        const double p25 = quantile(v, n, 0.25), med = quantile(v, n, 0.5), p75 = quantile(v, n, 0.75);
        printf("%7ld %4u %4d %9.0f %9.0f %9.0f\n", l, sm, cpu, med, p25, p75);
    }
    free(v);
    if (raw && (ferror(raw) | fclose(raw)) != 0) {
        fprintf(stderr, BENCH_PROG ": --raw %s: write failed\n", raw_path);
        return 1;
    }
    return 0;
}
