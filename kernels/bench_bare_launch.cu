/* The bare launch loop: N back-to-back launches of the empty item kernel (item_ns = 0, one
 * block of one warp) on a non-blocking stream, one sync, host clock around loop and sync.
 * Prints ns per launch, the median of --reps runs, for N = 1, 2, 4 ... --max-n, so that
 * `pkbench sweep --backend cuda --strategy standard --item-ns 0` can be held to "the harness
 * adds <= 2% to a bare launch loop". No harness code is involved.
 * With --after-graph the process first captures, uploads and replays a graph of 64 launches
 * on the same stream (a sweep replays graphs between its launch points), so that two runs
 * show whether a process that has replayed a graph launches at another cost.
 *   usage: pkb_bare_launch [--reps R] [--max-n N] [--device D] [--after-graph]
 * Exit: 0 ok, 1 a runtime call failed or a wait past its bound, 2 bad usage, 77 no visible device. */
#include "kernels/pk_gpu.h"

#include "kernels/pk_kernels.inc"

#define BENCH_PROG "pkb_bare_launch"
#define BENCH_CHECK_LINE 1
#include "kernels/bench_common.inc"

int main(int argc, char **argv)
{
    long reps = 21, max_n = 16384, dev = 0;
    int after_graph = 0;
    bench_once(argc, argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0)
            reps = arg_long("--reps", argv[++i < argc ? i : argc - 1], 1, 10000);
        else if (strcmp(argv[i], "--max-n") == 0)
            max_n = arg_long("--max-n", argv[++i < argc ? i : argc - 1], 1, 1 << 24);
        else if (strcmp(argv[i], "--device") == 0)
            dev = arg_long("--device", argv[++i < argc ? i : argc - 1], 0, 1024);
        else if (strcmp(argv[i], "--after-graph") == 0)
            after_graph = 1;
        else {
            fprintf(stderr,
                    "pkb_bare_launch: unknown argument '%s' "
                    "(usage: pkb_bare_launch [--reps R] [--max-n N] [--device D] [--after-graph])\n",
                    argv[i]);
            return 2;
        }
    }
    int count = 0;
    pk_gpuError_t e = pk_gpuGetDeviceCount(&count);
    if (e != pk_gpuSuccess || count <= dev) {
        fprintf(stderr, "pkb_bare_launch: no %s device %ld visible (%s)\n", PK_GPU_RUNTIME_NAME, dev,
                e != pk_gpuSuccess ? pk_gpuGetErrorString(e) : "not enough devices");
        return 77;
    }
    CHECK(pk_gpuSetDevice((int)dev));
    int warp = 0;
    pk_kargs a;
    pk_gpuStream_t s;
    if (bench_setup((int)dev, max_n, &warp, &a, &s))
        return 1;
    if (after_graph) {
        pk_gpuGraph_t graph;
        pk_gpuGraphExec_t exec;
        CHECK(pk_gpuStreamBeginCapture(s, pk_gpuStreamCaptureModeThreadLocal));
        for (int i = 0; i < 64; i++)
            pk_item_kernel<<<1, warp, 0, s>>>(a, (uint64_t)i, 0);
        CHECK(pk_gpuStreamEndCapture(s, &graph));
        CHECK(pk_gpuGraphInstantiate(&exec, graph));
        CHECK(pk_gpuGraphUpload(exec, s));
        for (int i = 0; i < 10; i++)
            CHECK(pk_gpuGraphLaunch(exec, s));
        CHECK(bench_sync(s, 10 * 64 * BENCH_LAUNCH_WORK_NS));
        CHECK(pk_gpuGraphExecDestroy(exec));
        CHECK(pk_gpuGraphDestroy(graph));
    }
    double *v = (double *)malloc(sizeof(double) * (size_t)reps);
    if (!v)
        return 1;
    printf("# bare launch loop: %s, grid 1, block %d, item_ns 0, median of %ld runs%s\n", PK_GPU_RUNTIME_NAME, warp,
           reps, after_graph ? ", after a graph replay in this process" : "");
    printf("%8s %14s %14s %14s\n", "N", "ns_per_launch", "min_ns_per", "max_ns_per");
    for (long n = 1; n <= max_n; n *= 2) {
        for (long r = 0; r < reps; r++)
            if (bench_bare_loop(a, s, warp, n, &v[r]))
                return 1;
        CHECK(pk_gpuGetLastError());
        qsort(v, (size_t)reps, sizeof(double), cmp_double);
        printf("%8ld %14.1f %14.1f %14.1f\n", n, v[reps / 2], v[0], v[reps - 1]);
    }
    free(v);
    CHECK(pk_gpuStreamDestroy(s));
    CHECK(pk_gpuFree(a.count));
    CHECK(pk_gpuFree(a.rec));
    return 0;
}
