/* Harness overhead A/B: alternates a bare launch loop (N launches of the item kernel, one
 * sync, host clock around both) with the CUDA backend's own `standard` run of the same point
 * (pk_backend_cuda.run, whose wall_ns is what `pkbench sweep` reports), in ABBA order within
 * one process, so that the host's drifting launch rate cancels out. Prints per N the median
 * of each and the median of the paired ratios harness/bare: the "harness adds <= 2% to a bare
 * launch loop" target. A separate pkb_bare_launch run cannot show this: on the H100 machine
 * we used, the bare loop alone moved by ~20% between two runs seconds apart.
 *   usage: pkb_harness_overhead [--pairs P]
 * Exit: 0 ok, 1 a call failed, 2 bad usage or no visible device. */
#include "kernels/pk_gpu.h"

namespace {
#include "kernels/pk_kernels.inc"
}

#define BENCH_PROG "pkb_harness_overhead"
#define BENCH_CHECK_LINE 0
#include "kernels/bench_common.inc"

#include "common/backend.h"
#include "common/status.h"

extern "C" const pk_backend_ops pk_backend_cuda;

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv)
{
    int pairs = 20;
    if (argc == 3 && strcmp(argv[1], "--pairs") == 0 && atoi(argv[2]) >= 2 && atoi(argv[2]) <= 1000)
        pairs = atoi(argv[2]);
    else if (argc != 1) {
        fprintf(stderr, "pkb_harness_overhead: usage: pkb_harness_overhead [--pairs 2..1000]\n");
        return 2;
    }
    char err[512];
    pk_backend_config cfg = {0, 10.0};
    pk_backend *b = NULL;
    int rc = pk_backend_cuda.open(&cfg, &b, err, sizeof err);
    if (rc) {
        fprintf(stderr, "pkb_harness_overhead: %s\n", err);
        return rc == PK_ENODEV ? 2 : 1;
    }
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s;
    if (bench_setup(0, 16384, &warp, &a, &s))
        return 1;

    double *bare = (double *)malloc(sizeof(double) * 2 * (size_t)pairs);
    double *harn = (double *)malloc(sizeof(double) * 2 * (size_t)pairs);
    double *ratio = (double *)malloc(sizeof(double) * (size_t)pairs);
    if (!bare || !harn || !ratio)
        return 1;
    printf("# harness overhead A/B (ABBA pairs): cuda standard, item_ns 0, grid 1, block %d, %d pairs\n", warp,
           pairs);
    printf("%8s %16s %16s %14s %14s\n", "N", "bare_ns/launch", "harness_ns/launch", "median_ratio", "ratio_p10..p90");
    static const long ns[] = {64, 1024, 16384};
    for (int k = 0; k < 3; k++) {
        const long n = ns[k];
        pk_point pt = {PK_STRAT_STANDARD, 0, (uint64_t)n, 1, (unsigned)warp};
        pk_sample smp;
        if ((rc = pk_backend_cuda.run(b, &pt, &smp, err, sizeof err)) != 0) { /* warm-up */
            fprintf(stderr, "pkb_harness_overhead: %s\n", err);
            return 1;
        }
        for (int p = 0; p < pairs; p++) {
            double bt[2], ht[2];
            for (int j = 0; j < 4; j++) {
                const int bare_turn = (j == 0 || j == 3); /* A B B A */
                if (bare_turn) {
                    if (bench_bare_loop(a, s, warp, n, &bt[j == 3]))
                        return 1;
                } else {
                    if ((rc = pk_backend_cuda.run(b, &pt, &smp, err, sizeof err)) != 0) {
                        fprintf(stderr, "pkb_harness_overhead: %s\n", err);
                        return 1;
                    }
                    ht[j == 2] = smp.wall_ns / (double)n;
                }
            }
            bare[2 * p] = bt[0];
            bare[2 * p + 1] = bt[1];
            harn[2 * p] = ht[0];
            harn[2 * p + 1] = ht[1];
            ratio[p] = (ht[0] + ht[1]) / (bt[0] + bt[1]);
        }
        const double mb = median(bare, 2 * pairs), mh = median(harn, 2 * pairs), mr = median(ratio, pairs);
        printf("%8ld %16.1f %16.1f %14.4f %7.4f..%.4f\n", n, mb, mh, mr, ratio[pairs / 10],
               ratio[pairs - 1 - pairs / 10]);
    }
    CHECK(pk_gpuGetLastError());
    pk_backend_cuda.close(b);
    free(bare);
    free(harn);
    free(ratio);
    return 0;
}
