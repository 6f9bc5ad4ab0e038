/* The launch call's cost by its place in a burst: bursts of N launches of the item kernel (one
 * block of one warp, item_ns D: 0 leaves the device idle between launches, 30000 keeps it
 * busy from the second launch on) on a non-blocking stream, each launch call timed alone on
 * the host clock, one sync after each burst, then an untimed pause of P µs spent spinning (the
 * sweep's repetitions do untimed work between bursts). Prints, for the calls at places 1, 2,
 * 3, 4, 5-8, 9-16, ... N of a burst, the median over --reps bursts of their mean call time,
 * with its p25 and p75, then the same over the whole burst: issue 15 asks how the launch call's
 * cost moves with the device's state, and the model charges every call of a burst alike (h,
 * or h_b while the device executes), where the canary and the calibration measure h as the
 * mean over 256 or 1024 calls. No harness code is involved.
 *   usage: pkb_launch_position [--n N] [--reps R] [--item-ns D] [--pause-us P] [--device I]
 * Exit: 0 ok, 1 a runtime call failed, 2 bad usage or no visible device. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_launch_position"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define USAGE "pkb_launch_position [--n N] [--reps R] [--item-ns D] [--pause-us P] [--device I]"

/* Prints one row: places [lo, hi] (1-based) of every burst in t (reps rows of n call times),
 * named label, or by the places when label is NULL. */
static void print_places(const double *t, long reps, long n, long lo, long hi, const char *label, double *v)
{
    for (long r = 0; r < reps; r++) {
        double s = 0;
        for (long i = lo - 1; i < hi; i++)
            s += t[r * n + i];
        v[r] = s / (double)(hi - lo + 1);
    }
    char place[48];
    if (label)
        snprintf(place, sizeof place, "%s", label);
    else if (lo == hi)
        snprintf(place, sizeof place, "%ld", lo);
    else
        snprintf(place, sizeof place, "%ld-%ld", lo, hi);
    const double p25 = quantile(v, (int)reps, 0.25), p50 = quantile(v, (int)reps, 0.5), p75 = quantile(v, (int)reps, 0.75);
    printf("%12s %12.1f %12.1f %12.1f\n", place, p50, p25, p75);
}

int main(int argc, char **argv)
{
    long n = 256, reps = 200, item_ns = 0, pause_us = 0, dev = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = argv[++i < argc ? i : argc - 1];
        if (strcmp(argv[i - 1], "--n") == 0)
            n = arg_long("--n", v, 1, 1 << 16);
        else if (strcmp(argv[i - 1], "--reps") == 0)
            reps = arg_long("--reps", v, 5, 100000);
        else if (strcmp(argv[i - 1], "--item-ns") == 0)
            item_ns = arg_long("--item-ns", v, 0, 1000000);
        else if (strcmp(argv[i - 1], "--pause-us") == 0)
            pause_us = arg_long("--pause-us", v, 0, 1000000);
        else if (strcmp(argv[i - 1], "--device") == 0)
            dev = arg_long("--device", v, 0, 1024);
        else {
            fprintf(stderr, "pkb_launch_position: unknown argument '%s' (usage: " USAGE ")\n", argv[i - 1]);
            return 2;
        }
    }
    if (reps * n > (1L << 26)) {
        fprintf(stderr, "pkb_launch_position: --reps times --n is %ld, more than %ld call times to hold\n", reps * n,
                1L << 26);
        return 2;
    }
    int count = 0;
    pk_gpuError_t e = pk_gpuGetDeviceCount(&count);
    if (e != pk_gpuSuccess || count <= dev) {
        fprintf(stderr, "pkb_launch_position: no %s device %ld visible (%s)\n", PK_GPU_RUNTIME_NAME, dev,
                e != pk_gpuSuccess ? pk_gpuGetErrorString(e) : "not enough devices");
        return 2;
    }
    CHECK(pk_gpuSetDevice((int)dev));
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s;
    if (bench_setup((int)dev, n, &warp, &a, &s))
        return 1;
    double *t = (double *)malloc(sizeof(double) * (size_t)(reps * n)), *v = (double *)malloc(sizeof(double) * (size_t)reps);
    double *wall = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!t || !v || !wall) {
        fprintf(stderr, "pkb_launch_position: out of memory for %ld call times\n", reps * n);
        return 1;
    }
    for (long r = 0; r < reps; r++) {
        const double w0 = now_ns();
        for (long i = 0; i < n; i++) {
            const double c0 = now_ns();
            pk_item_kernel<<<1, warp, 0, s>>>(a, (uint64_t)i, (uint64_t)item_ns);
            t[r * n + i] = now_ns() - c0;
        }
        CHECK(pk_gpuStreamSynchronize(s));
        wall[r] = (now_ns() - w0) / (double)n;
        CHECK(pk_gpuGetLastError());
        for (const double p0 = now_ns(); now_ns() - p0 < (double)pause_us * 1e3;)
            ;
    }
    printf("# launch call by its place in a burst: %s, grid 1, block %d, item_ns %ld, N %ld, %ld bursts, "
           "pause %ld us between them\n",
           PK_GPU_RUNTIME_NAME, warp, item_ns, n, reps, pause_us);
    printf("%12s %12s %12s %12s\n", "places", "call_ns", "p25", "p75");
    for (long lo = 1; lo <= n;) {
        const long hi = lo <= 4 ? lo : (2 * (lo - 1) < n ? 2 * (lo - 1) : n);
        print_places(t, reps, n, lo, hi, NULL, v);
        lo = hi + 1;
    }
    print_places(t, reps, n, 1, n, "all", v);
    printf("# the burst's wall (first call to the sync's return) per launch: median %.1f ns, p25 %.1f, p75 %.1f\n",
           quantile(wall, (int)reps, 0.5), quantile(wall, (int)reps, 0.25), quantile(wall, (int)reps, 0.75));
    free(t);
    free(v);
    free(wall);
    CHECK(pk_gpuStreamDestroy(s));
    CHECK(pk_gpuFree(a.count));
    CHECK(pk_gpuFree(a.rec));
    return 0;
}
