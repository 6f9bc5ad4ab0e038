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
 *  - Idle against busy (--pair): --reps rounds, each a burst of N empty items (the device idle
 *    between launches: the canary's and calibration's h) and a burst of N items of --busy-ns
 *    (default 30000: every call but the first overlaps execution, as h_b is measured), their
 *    order swapped each round; per round the two bursts' mean call. The rounds are then taken
 *    in windows of --window consecutive rounds, and each window's median busy call is predicted
 *    from its median idle call by three rules, each with one constant taken over all rounds:
 *    delta (busy = idle + the median difference: what `compare`'s host-state model does to
 *    h_b), ratio (busy = idle times the median ratio) and fixed (busy = its median). Whether
 *    h_b follows h as the host's state moves, and how. --csv PATH keeps every round. Keep N
 *    below half the launch queue's depth (calibrate's launch_queue_depth, about 1100 on the H100
 *    and H200), as h_b's calibration does: past the depth a busy call waits for a free slot.
 * Issue 15 asks how the launch call's cost moves with the device's and the host's state: the
 * model charges every call of a burst alike (h, or h_b while the device executes), where the
 * canary and the calibration measure h as the mean over 256 or 1024 calls. No harness code is
 * involved.
 *   usage: pkb_launch_position [--n N | --mix N1,N2,...] [--reps R] [--item-ns D] [--pause-us P]
 *                              [--device I]
 *          pkb_launch_position --pair [--n N] [--reps R] [--busy-ns D] [--window W] [--csv PATH]
 *                              [--pause-us P] [--device I]
 * Exit: 0 ok, 1 a runtime call failed or --csv could not be written, 2 bad usage, 77 no visible
 * device. */
#include <errno.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_launch_position"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

#define USAGE                                                                                                  \
    "pkb_launch_position [--n N | --mix N1,N2,... | --pair [--busy-ns D] [--window W] [--csv PATH]] [--reps R] " \
    "[--item-ns D] [--pause-us P] [--device I]"
#define MIX_MAX 16
#define HELD_MAX (1L << 26) /* call times or figures held in memory */

typedef struct probe {
    long n, reps, item_ns, pause_us, dev;
    long mix[MIX_MAX]; /* --mix: the burst sizes; nmix 0 without it */
    int nmix;
    int pair;             /* --pair */
    long busy_ns, window; /* --pair's busy items and its window of rounds */
    const char *csv;      /* --pair --csv: every round written there, else NULL */
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

static void usage_error(const char *what)
{
    fprintf(stderr, BENCH_PROG ": %s (usage: " USAGE ")\n", what);
    exit(2);
}

static void parse_args(int argc, char **argv, probe *p)
{
    *p = (probe){256, 200, 0, 0, 0, {0}, 0, 0, 30000, 25, NULL};
    int n_given = 0, item_given = 0, pair_only = 0;
    bench_once(argc, argv);
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (strcmp(f, "--pair") == 0) {
            p->pair = 1;
            continue;
        }
        const char *v = argv[++i < argc ? i : argc - 1];
        if (strcmp(f, "--n") == 0)
            p->n = arg_long("--n", v, 1, 1 << 16), n_given = 1;
        else if (strcmp(f, "--mix") == 0)
            parse_mix(i < argc ? v : "", p);
        else if (strcmp(f, "--reps") == 0)
            p->reps = arg_long("--reps", v, 5, 100000);
        else if (strcmp(f, "--item-ns") == 0)
            p->item_ns = arg_long("--item-ns", v, 0, 1000000), item_given = 1;
        else if (strcmp(f, "--busy-ns") == 0)
            p->busy_ns = arg_long("--busy-ns", v, 1000, 1000000), pair_only = 1;
        else if (strcmp(f, "--window") == 0)
            p->window = arg_long("--window", v, 1, 100000), pair_only = 1;
        else if (strcmp(f, "--csv") == 0) {
            if (i >= argc)
                usage_error("--csv needs a file name");
            p->csv = v, pair_only = 1;
        }
        else if (strcmp(f, "--pause-us") == 0)
            p->pause_us = arg_long("--pause-us", v, 0, 1000000);
        else if (strcmp(f, "--device") == 0)
            p->dev = arg_long("--device", v, 0, 1024);
        else {
            fprintf(stderr, BENCH_PROG ": unknown argument '%s' (usage: " USAGE ")\n", f);
            exit(2);
        }
    }
    if (p->nmix && n_given)
        usage_error("--n and --mix are alternatives: give one");
    if (p->pair && (p->nmix || item_given))
        usage_error("--pair runs empty items and --busy-ns items; it takes neither --mix nor --item-ns");
    if (pair_only && !p->pair)
        usage_error("--busy-ns, --window and --csv go with --pair");
    if (p->pair && p->window * 2 > p->reps)
        usage_error("--pair needs at least two windows: --reps of twice --window or more");
    /* What is held: every call time of every burst by place; by size, the largest burst's call
     * times and four figures per burst; paired, one burst's call times and five figures per round. */
    long held = p->reps * p->n;
    if (p->nmix) {
        long most = 0;
        for (int k = 0; k < p->nmix; k++)
            most = p->mix[k] > most ? p->mix[k] : most;
        held = 4L * p->nmix * p->reps + most;
    } else if (p->pair)
        held = 5L * p->reps + p->n;
    if (held > HELD_MAX) {
        fprintf(stderr, BENCH_PROG ": %ld figures to hold, more than %ld (fewer --reps)\n", held, HELD_MAX);
        exit(2);
    }
    /* --csv is checked now, before any device work (a file name in a folder this process may
     * write into); the file itself is written under a temporary name and renamed once whole. */
    char dir[4096];
    struct stat st;
    snprintf(dir, sizeof dir, "%s", p->csv ? p->csv : ".");
    const size_t len = p->csv ? strlen(p->csv) : 1;
    if (p->csv && (!len || p->csv[len - 1] == '/' || (stat(p->csv, &st) == 0 && S_ISDIR(st.st_mode)))) {
        fprintf(stderr, BENCH_PROG ": --csv '%s': %s\n", p->csv,
                len ? "is a folder; give a file name" : "an empty path");
        exit(2);
    }
    int e = 0; /* its folder must be a folder this process may write into */
    if (p->csv) {
        const char *folder = dirname(dir);
        e = stat(folder, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : access(folder, W_OK) != 0 ? errno : 0;
    }
    if (e) {
        fprintf(stderr, BENCH_PROG ": cannot write --csv '%s': %s\n", p->csv, strerror(e));
        exit(2);
    }
}

/* One burst of n calls timed alone into t[0..n), the sync, then the pause; *wall: the burst's
 * wall per launch. 0, or 1 when the runtime reported an error (reported). */
static int burst(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p, long n, long item_ns, double *t,
                 double *wall)
{
    const int armed = bench_guard((double)n * ((double)item_ns + BENCH_LAUNCH_WORK_NS));
    const double w0 = now_ns();
    for (long i = 0; i < n; i++) {
        const double c0 = now_ns();
        pk_item_kernel<<<1, warp, 0, s>>>(a, (uint64_t)i, (uint64_t)item_ns);
        t[i] = now_ns() - c0;
    }
    const pk_gpuError_t e = pk_gpuStreamSynchronize(s);
    *wall = (now_ns() - w0) / (double)n;
    pk_watchdog_disarm(armed);
    CHECK(e);
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
    const double p25 = quantile(v, (int)reps, 0.25), p50 = quantile(v, (int)reps, 0.5),
                 p75 = quantile(v, (int)reps, 0.75);
    printf("%12s %12.1f %12.1f %12.1f\n", place, p50, p25, p75);
}

static int by_place(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p)
{
    const long n = p->n, reps = p->reps;
    double *t = (double *)malloc(sizeof(double) * (size_t)(reps * n)),
           *v = (double *)malloc(sizeof(double) * (size_t)reps);
    double *wall = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!t || !v || !wall) {
        fprintf(stderr, BENCH_PROG ": out of memory for %ld call times\n", reps * n);
        return 1;
    }
    for (long r = 0; r < reps; r++)
        if (burst(a, s, warp, p, n, p->item_ns, &t[r * n], &wall[r]))
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
    double *t = (double *)malloc(sizeof(double) * (size_t)most),
           *mean = (double *)malloc(sizeof(double) * (size_t)(k * reps));
    double *first = (double *)malloc(sizeof(double) * (size_t)(k * reps)),
           *rest = (double *)malloc(sizeof(double) * (size_t)(k * reps));
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
            if (burst(a, s, warp, p, n, p->item_ns, t, &wall[at]))
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
    printf("%8s %12s %12s %12s %12s %12s %16s\n", "N", "call_ns", "p25", "p75", "first_ns", "rest_ns",
           "wall_per_launch");
    for (int j = 0; j < k; j++) {
        double *m = &mean[j * reps], *f = &first[j * reps], *x = &rest[j * reps], *w = &wall[j * reps];
        printf("%8ld %12.1f %12.1f %12.1f %12.1f ", p->mix[j], quantile(m, (int)reps, 0.5),
               quantile(m, (int)reps, 0.25), quantile(m, (int)reps, 0.75), quantile(f, (int)reps, 0.5));
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

/* The mean call of one burst of n items of item_ns (all n calls, as the canary and h_b count). */
static int burst_mean(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p, long item_ns, double *t,
                      double *mean)
{
    double wall = 0, sum = 0;
    if (burst(a, s, warp, p, p->n, item_ns, t, &wall))
        return 1;
    for (long i = 0; i < p->n; i++)
        sum += t[i];
    *mean = sum / (double)p->n;
    return 0;
}

/* --csv: every round (its start in seconds from the first, which burst came first, the two mean
 * calls), written whole under a temporary name and renamed, so that no part file is left. 0, or 1
 * with the reason on stderr. */
static int write_rounds(const char *path, long reps, const double *started, const double *idle, const double *busy)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (f) {
        fprintf(f, "round,started_s,first,idle_call_ns,busy_call_ns\n");
        for (long r = 0; r < reps; r++)
            fprintf(f, "%ld,%.6f,%s,%.1f,%.1f\n", r + 1, started[r], r & 1 ? "busy" : "idle", idle[r], busy[r]);
    }
    const int bad = !f || ferror(f);
    if ((f && fclose(f) != 0) || bad || rename(tmp, path) != 0) {
        fprintf(stderr, BENCH_PROG ": cannot write --csv '%s': %s\n", path, strerror(errno ? errno : EIO));
        remove(tmp);
        return 1;
    }
    return 0;
}

enum rule { RULE_DELTA, RULE_RATIO, RULE_FIXED };

/* One rule's error over the windows: the median and the largest |busy - rule(idle)|. */
static void print_rule(enum rule rule, const char *how, const double *wi, const double *wb, long k, double c,
                       double *err)
{
    static const char *const names[] = {"delta", "ratio", "fixed"};
    double most = 0;
    for (long w = 0; w < k; w++) {
        const double pred = rule == RULE_RATIO ? wi[w] * c : rule == RULE_FIXED ? c : wi[w] + c;
        err[w] = fabs(wb[w] - pred);
        most = err[w] > most ? err[w] : most;
    }
    printf("%8s %-26s %14.1f %14.1f\n", names[rule], how, quantile(err, (int)k, 0.5), most);
}

static int by_pair(const pk_kargs &a, pk_gpuStream_t s, int warp, const probe *p)
{
    const long reps = p->reps, k = reps / p->window;
    double *t = (double *)malloc(sizeof(double) * (size_t)p->n),
           *idle = (double *)malloc(sizeof(double) * (size_t)reps);
    double *busy = (double *)malloc(sizeof(double) * (size_t)reps),
           *v = (double *)malloc(sizeof(double) * (size_t)reps);
    double *wi = (double *)malloc(sizeof(double) * (size_t)k), *wb = (double *)malloc(sizeof(double) * (size_t)k);
    double *started = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!t || !idle || !busy || !v || !wi || !wb || !started) {
        fprintf(stderr, BENCH_PROG ": out of memory for %ld rounds\n", reps);
        return 1;
    }
    const double t0 = now_ns();
    for (long r = 0; r < reps; r++) {
        started[r] = (now_ns() - t0) / 1e9;
        const int busy_first = (int)(r & 1);
        if (busy_first
                ? burst_mean(a, s, warp, p, p->busy_ns, t, &busy[r]) || burst_mean(a, s, warp, p, 0, t, &idle[r])
                : burst_mean(a, s, warp, p, 0, t, &idle[r]) || burst_mean(a, s, warp, p, p->busy_ns, t, &busy[r]))
            return 1;
    }
    if (p->csv && write_rounds(p->csv, reps, started, idle, busy))
        return 1;
    const double secs = (now_ns() - t0) / 1e9;
    printf("# idle against busy launch calls, interleaved: %s, grid 1, block %d, N %ld a burst, busy items %ld ns, "
           "%ld rounds (the order swapped each round) in %.1f s, pause %ld us between bursts\n",
           PK_GPU_RUNTIME_NAME, warp, p->n, p->busy_ns, reps, secs, p->pause_us);
    printf("%12s %12s %12s %12s\n", "per round", "median", "p10", "p90");
    const char *names[4] = {"idle_ns", "busy_ns", "busy-idle", "busy/idle"};
    double c[4];
    for (int j = 0; j < 4; j++) {
        for (long r = 0; r < reps; r++)
            v[r] = j == 0 ? idle[r] : j == 1 ? busy[r] : j == 2 ? busy[r] - idle[r] : busy[r] / idle[r];
        c[j] = quantile(v, (int)reps, 0.5);
        printf(j < 3 ? "%12s %12.1f %12.1f %12.1f\n" : "%12s %12.4f %12.4f %12.4f\n", names[j], c[j],
               quantile(v, (int)reps, 0.1), quantile(v, (int)reps, 0.9));
    }
    /* Windows of consecutive rounds (a trailing part window is left out): their medians. */
    double lo = INFINITY, hi = 0, mi = 0, mb = 0, sxy = 0, sxx = 0, syy = 0;
    for (long w = 0; w < k; w++) {
        for (long j = 0; j < p->window; j++)
            v[j] = idle[w * p->window + j];
        wi[w] = quantile(v, (int)p->window, 0.5);
        for (long j = 0; j < p->window; j++)
            v[j] = busy[w * p->window + j];
        wb[w] = quantile(v, (int)p->window, 0.5);
        lo = wi[w] < lo ? wi[w] : lo;
        hi = wi[w] > hi ? wi[w] : hi;
        mi += wi[w] / (double)k;
        mb += wb[w] / (double)k;
    }
    for (long w = 0; w < k; w++) {
        sxy += (wi[w] - mi) * (wb[w] - mb);
        sxx += (wi[w] - mi) * (wi[w] - mi);
        syy += (wb[w] - mb) * (wb[w] - mb);
    }
    printf("# %ld windows of %ld rounds: the idle call's window medians from %.1f to %.1f ns (%.1f%% apart)\n", k,
           p->window, lo, hi, 100.0 * (hi / lo - 1.0));
    if (sxx > 0 && syy > 0)
        printf("# busy on idle over the windows: least-squares slope %.3f, correlation %.3f\n", sxy / sxx,
               sxy / sqrt(sxx * syy));
    else
        printf("# busy on idle over the windows: no slope (a window median that never moved)\n");
    printf(
        "# a window's median busy call predicted from its median idle call, each rule's constant over all rounds:\n");
    printf("%8s %-26s %14s %14s\n", "rule", "busy =", "median_err_ns", "largest_err_ns");
    char how[64];
    snprintf(how, sizeof how, "idle + %.1f", c[2]);
    print_rule(RULE_DELTA, how, wi, wb, k, c[2], v);
    snprintf(how, sizeof how, "idle x %.4f", c[3]);
    print_rule(RULE_RATIO, how, wi, wb, k, c[3], v);
    snprintf(how, sizeof how, "%.1f", c[1]);
    print_rule(RULE_FIXED, how, wi, wb, k, c[1], v);
    free(t);
    free(idle);
    free(busy);
    free(v);
    free(wi);
    free(wb);
    free(started);
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
        return 77;
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
    if (p.nmix ? by_size(a, s, warp, &p) : p.pair ? by_pair(a, s, warp, &p) : by_place(a, s, warp, &p))
        return 1;
    CHECK(pk_gpuStreamDestroy(s));
    CHECK(pk_gpuFree(a.count));
    CHECK(pk_gpuFree(a.rec));
    return 0;
}
