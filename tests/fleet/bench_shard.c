/* pkb_bench_shard: how long planning a split takes (costing every point, grouping and LPT),
 * for the default sweep's 375 points and a 1,000,000-point grid (the most `pkbench sweep`
 * accepts), and how balanced it is; numbers for results/fleet/README.md, not a test.
 * usage: pkb_bench_shard [N] (shards, default 4) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness/shard.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Plans shard 0 of count over the grid (as `sweep --shard 0/count` does) reps times; prints the
 * median time and the plan's balance. */
static void bench(const char *what, const uint64_t *items, size_t ni, const uint64_t *batches, size_t nb,
                  unsigned count, int reps, int cpu_analogue)
{
    int strat[] = {0, 1, 2, 3, 4};
    uint64_t one[] = {1}, zero[] = {0};
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    double t[64];
    pk_shard_plan plan = {0};
    size_t n = 0, grid = 0;
    for (int r = 0; r < reps; r++) {
        pk_point *pts = pk_sweep_points(strat, 5, items, ni, batches, nb, one, 1, zero, 1, &n);
        grid = n;
        pk_shard s = {0, count};
        char err[256];
        pk_shard_plan_free(&plan);
        double t0 = now_s();
        int rc = pk_shard_apply(&s, cpu_analogue, &o, &pts, &n, &plan, err, sizeof err);
        t[r] = now_s() - t0;
        free(pts);
        if (rc != 0) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
    }
    for (int i = 1; i < reps; i++) /* insertion sort for the median */
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            double x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    printf("%-28s %-4s %8zu points %6zu cells  N=%u  plan %9.3f ms (median of %d)  expected %.1f s, largest "
           "shard %.4f of the mean, largest cell %.4f\n",
           what, cpu_analogue ? "host" : "GPU", grid, plan.ncells, count, t[reps / 2] * 1e3, reps, (double)plan.total_ns * 1e-9,
           (double)plan.max_load_ns * count / (double)plan.total_ns,
           (double)plan.max_cell_ns * count / (double)plan.total_ns);
    pk_shard_plan_free(&plan);
}

int main(int argc, char **argv)
{
    unsigned count = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 4;
    uint64_t items[] = {0, 1000, 5000, 20000, 50000}, batches[15];
    for (int i = 0; i < 15; i++)
        batches[i] = (uint64_t)1 << i;
    bench("default grid", items, 5, batches, 15, count, 31, 0);
    bench("default grid", items, 5, batches, 15, count, 31, 1);
    uint64_t *many_items = malloc(100 * sizeof *many_items), *many_batches = malloc(2000 * sizeof *many_batches);
    for (int i = 0; i < 100; i++)
        many_items[i] = (uint64_t)i * 500;
    for (int i = 0; i < 2000; i++)
        many_batches[i] = (uint64_t)i + 1;
    bench("100 item_ns x 2000 batches", many_items, 100, many_batches, 2000, count, 5, 0);
    free(many_items);
    free(many_batches);
    return 0;
}
