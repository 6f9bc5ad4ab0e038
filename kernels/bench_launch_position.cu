/* The launch call's cost by its place in a burst, and by the burst's size. Bursts of N launches
 * of the item kernel (one block of one warp, item_ns D: 0 leaves the device idle between
 * launches, 30000 keeps it busy from the second launch on) on a non-blocking stream, each
 * launch call timed alone on the host clock (two reads around it, the same offset at every
 * call), one sync after each burst, then an untimed pause of P µs spent spinning (the sweep's
 * repetitions do untimed work between bursts).
 *  - By place (default): --reps bursts of --n; for the calls at places 1, 2, 3, 4, 5-8, 9-16,
 *    ... N, the median over the bursts of their mean call time, with its p25 and p75, then the
 *    same over the whole burst.
 *  - By size (--mix N1,N2,...): --reps rounds, each a burst of every size once, the sizes'
 *    order rotated by one from round to round, so that every size meets the host's state of
 *    the moment and each comes first in a round as often (a size still follows the same one
 *    within a round: the rotation does not balance what comes before it); per size, the median
 *    over its bursts of the mean call time (p25, p75), of the first call, of the calls after
 *    it, and of the burst's wall (first call to the sync's return) per launch.
 * Issue 15 asks how the launch call's cost moves with the device's and the host's state: the
 * model charges every call of a burst alike (h, or h_b while the device executes), where the
 * canary and the calibration measure h as the mean over 256 or 1024 calls. No harness code is
 * involved.
 *   usage: pkb_launch_position [--n N | --mix N1,N2,...] [--reps R] [--item-ns D] [--pause-us P]
 *                              [--device I]
 * Exit: 0 ok, 1 a runtime call failed, 2 bad usage or no visible device. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_launch_position"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define USAGE "pkb_launch_position [--n N | --mix N1,N2,...] [--reps R] [--item-ns D] [--pause-us P] [--device I]"
#define MIX_MAX 16
#define HELD_MAX (1L << 26) /* call times or figures held in memory */

typedef struct probe {
    long n, reps, item_ns, pause_us, dev;
    long mix[MIX_MAX]; /* --mix: the burst sizes; nmix 0 without it */
    int nmix;
} probe;

/* --mix's list: MIX_MAX sizes at most, each in [1, 65536]; anything else exits 2. */
static void parse_mix(const char *v, probe *p)
{
    const char *s = v;
    p->nmix = 0;
    for (;;) {
        char *end = NULL;
        const long x = strtol(s, &end, 10);
        if (end == s || x < 1 || x > 65536 || p->nmix == MIX_MAX || (*end && *end != ',')) {
            fprintf(stderr, BENCH_PROG ": --mix needs up to %d sizes in [1, 65536], comma-separated, not '%s'\n",
                    MIX_MAX, v);
            exit(2);
        }
        p->mix[p->nmix++] = x;
        if (!*end)
            return;
        s = end + 1;
    }
}

static void parse_args(int argc, char **argv, probe *p)
{
    *p = (probe){256, 200, 0, 0, 0, {0}, 0};
    int n_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = argv[++i < argc ? i : argc - 1];
        if (strcmp(f, "--n") == 0)
            p->n = arg_long("--n", v, 1, 1 << 16), n_given = 1;
        else if (strcmp(f, "--mix") == 0)
            parse_mix(i < argc ? v : "", p);
        else if (strcmp(f, "--reps") == 0)
            p->reps = arg_long("--reps", v, 5, 100000);
        else if (strcmp(f, "--item-ns") == 0)
            p->item_ns = arg_long("--item-ns", v, 0, 1000000);
        else if (strcmp(f, "--pause-us") == 0)
            p->pause_us = arg_long("--pause-us", v, 0, 1000000);
        else if (strcmp(f, "--device") == 0)
            p->dev = arg_long("--device", v, 0, 1024);
        else {
            fprintf(stderr, BENCH_PROG ": unknown argument '%s' (usage: " USAGE ")\n", f);
            exit(2);
        }
    }
    if (p->nmix && n_given) {
        fprintf(stderr, BENCH_PROG ": --n and --mix are alternatives: give one (usage: " USAGE ")\n");
        exit(2);
    }
    /* What is held: every call time of every burst by place; by size, the largest burst's call
     * times and four figures per burst. */
    long held = p->reps * p->n;
    if (p->nmix) {
        long most = 0;
        for (int k = 0; k < p->nmix; k++)
            most = p->mix[k] > most ? p->mix[k] : most;
        held = 4L * p->nmix * p->reps + most;
    }
    if (held > HELD_MAX) {
        fprintf(stderr, BENCH_PROG ": %ld figures to hold, more than %ld (fewer --reps)\n", held, HELD_MAX);
        exit(2);
    }
}

/* One burst of n calls timed alone into t[0..n), the sync, then the pause; *wall: the burst's
 * wall per launch. 0, or 1 when the runtime reported an error (reported). */
static int burst(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p, long n, double *t, double *wall)
{
    const double w0 = now_ns();
    for (long i = 0; i < n; i++) {
        const double c0 = now_ns();
        pk_item_kernel<<<1, warp, 0, s>>>(a, (uint64_t)i, (uint64_t)p->item_ns);
        t[i] = now_ns() - c0;
    }
    CHECK(pk_gpuStreamSynchronize(s));
    *wall = (now_ns() - w0) / (double)n;
    CHECK(pk_gpuGetLastError());
    for (const double p0 = now_ns(); now_ns() - p0 < (double)p->pause_us * 1e3;)
        ;
    return 0;
}

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

static int by_place(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p)
{
    const long n = p->n, reps = p->reps;
    double *t = (double *)malloc(sizeof(double) * (size_t)(reps * n)), *v = (double *)malloc(sizeof(double) * (size_t)reps);
    double *wall = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!t || !v || !wall) {
        fprintf(stderr, BENCH_PROG ": out of memory for %ld call times\n", reps * n);
        return 1;
    }
    for (long r = 0; r < reps; r++)
        if (burst(a, s, warp, p, n, &t[r * n], &wall[r]))
            return 1;
    printf("# launch call by its place in a burst: %s, grid 1, block %d, item_ns %ld, N %ld, %ld bursts, "
           "pause %ld us between them\n",
           PK_GPU_RUNTIME_NAME, warp, p->item_ns, n, reps, p->pause_us);
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
    return 0;
}

static int by_size(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p)
{
    const long reps = p->reps;
    const int k = p->nmix;
    long most = 1;
    for (int j = 0; j < k; j++)
        most = p->mix[j] > most ? p->mix[j] : most;
    /* Per size j and round r, at [j * reps + r]: the mean call, the first call, the calls after it, the wall. */
    double *t = (double *)malloc(sizeof(double) * (size_t)most), *mean = (double *)malloc(sizeof(double) * (size_t)(k * reps));
    double *first = (double *)malloc(sizeof(double) * (size_t)(k * reps)), *rest = (double *)malloc(sizeof(double) * (size_t)(k * reps));
    double *wall = (double *)malloc(sizeof(double) * (size_t)(k * reps));
    if (!t || !mean || !first || !rest || !wall) {
        fprintf(stderr, BENCH_PROG ": out of memory for %ld bursts\n", k * reps);
        return 1;
    }
    for (long r = 0; r < reps; r++)
        for (int q = 0; q < k; q++) {
            const int j = (int)((q + r) % k);
            const long n = p->mix[j];
            const size_t at = (size_t)(j * reps + r);
            if (burst(a, s, warp, p, n, t, &wall[at]))
                return 1;
            double sum = 0;
            for (long i = 1; i < n; i++)
                sum += t[i];
            first[at] = t[0];
            rest[at] = n > 1 ? sum / (double)(n - 1) : NAN;
            mean[at] = (sum + t[0]) / (double)n;
        }
    printf("# launch calls by the burst's size, sizes alternated: %s, grid 1, block %d, item_ns %ld, %ld rounds of "
           "every size once (the order rotated each round), pause %ld us between bursts\n",
           PK_GPU_RUNTIME_NAME, warp, p->item_ns, reps, p->pause_us);
    printf("%8s %12s %12s %12s %12s %12s %16s\n", "N", "call_ns", "p25", "p75", "first_ns", "rest_ns", "wall_per_launch");
    for (int j = 0; j < k; j++) {
        double *m = &mean[j * reps], *f = &first[j * reps], *x = &rest[j * reps], *w = &wall[j * reps];
        printf("%8ld %12.1f %12.1f %12.1f %12.1f ", p->mix[j], quantile(m, (int)reps, 0.5), quantile(m, (int)reps, 0.25),
               quantile(m, (int)reps, 0.75), quantile(f, (int)reps, 0.5));
        if (p->mix[j] > 1)
            printf("%12.1f", quantile(x, (int)reps, 0.5));
        else
            printf("%12s", "-");
        printf(" %16.1f\n", quantile(w, (int)reps, 0.5));
    }
    free(t);
    free(mean);
    free(first);
    free(rest);
    free(wall);
    return 0;
}

int main(int argc, char **argv)
{
    probe p;
    parse_args(argc, argv, &p);
    int count = 0;
    pk_gpuError_t e = pk_gpuGetDeviceCount(&count);
    if (e != pk_gpuSuccess || count <= p.dev) {
        fprintf(stderr, BENCH_PROG ": no %s device %ld visible (%s)\n", PK_GPU_RUNTIME_NAME, p.dev,
                e != pk_gpuSuccess ? pk_gpuGetErrorString(e) : "not enough devices");
        return 2;
    }
    CHECK(pk_gpuSetDevice((int)p.dev));
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s;
    long most = p.n;
    for (int j = 0; j < p.nmix; j++)
        most = p.mix[j] > most ? p.mix[j] : most;
    if (bench_setup((int)p.dev, most, &warp, &a, &s))
        return 1;
    if (p.nmix ? by_size(a, s, warp, &p) : by_place(a, s, warp, &p))
        return 1;
    CHECK(pk_gpuStreamDestroy(s));
    CHECK(pk_gpuFree(a.count));
    CHECK(pk_gpuFree(a.rec));
    return 0;
}
