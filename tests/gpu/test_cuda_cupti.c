/* GPU test of the CUDA backend's item-kernel probe (PK_PROBE_ITEM_KERNEL, kernels/gpu_cupti.inc):
 * where libcupti loads, every one of 200 back-to-back launches of the item kernel at item_ns 0
 * has a CUPTI kernel record with 0 < end - start, their median is below the per-node cost of a
 * graph replay of the same kernel measured here (the slope between replays of 4 and 1004
 * nodes, with a quarter's margin: a node's cost is its kernel's run plus the idle gap), the
 * probe names the library it used, and a second probe in the same process works too (CUPTI is
 * disabled and flushed between them). Exits 77 without a device, and with "skipped: no CUPTI"
 * when the library cannot be loaded (PKB_CUPTI_LIB names one). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/backend.h"
#include "common/status.h"
#include "tests/pk_test.h"

extern const pk_backend_ops pk_backend_cuda;

#define N 200

static int cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The median wall time of 7 replays of a graph of n empty items (after one that captures it). */
static double graph_wall(pk_backend *b, uint64_t n)
{
    pk_point pt = {PK_STRAT_GRAPH, 0, n, 0, 0};
    double w[7];
    for (int i = -1; i < 7; i++) {
        pk_sample x;
        char err[512] = "";
        int rc = pk_backend_cuda.run(b, &pt, &x, err, sizeof err);
        PK_CHECK(rc == 0);
        if (rc) {
            fprintf(stderr, "  graph N=%llu: %s: %s\n", (unsigned long long)n, pk_strerror(rc), err);
            return NAN;
        }
        if (i >= 0)
            w[i] = x.wall_ns;
    }
    return median(w, 7);
}

/* One probe of N launches; returns the median, or exits 77 when CUPTI is not there. */
static double probe_once(pk_backend *b, const char *which)
{
    double v[N];
    char err[512] = "";
    int rc = pk_backend_cuda.probe(b, PK_PROBE_ITEM_KERNEL, 0, v, N, err, sizeof err);
    if (rc == PK_EUNSUPPORTED) {
        printf("skipped: no CUPTI: %s\n", err);
        pk_backend_cuda.close(b);
        exit(77);
    }
    PK_CHECK(rc == 0);
    if (rc) {
        fprintf(stderr, "  %s probe: %s: %s\n", which, pk_strerror(rc), err);
        return NAN;
    }
    PK_CHECK(strncmp(err, "cupti ", 6) == 0 && strstr(err, "libcupti") != NULL);
    int bad = 0;
    for (size_t i = 0; i < N; i++)
        bad += !(isfinite(v[i]) && v[i] > 0);
    PK_CHECK(bad == 0);
    const double m = median(v, N); /* sorts v */
    printf("  %s probe (%s): median %.0f ns, min %.0f, max %.0f, %d without a timed record\n", which, err, m, v[0],
           v[N - 1], bad);
    return m;
}

int main(void)
{
    pk_backend_config cfg = {0, 30.0};
    pk_backend *b = NULL;
    char err[512] = "";
    int rc = pk_backend_cuda.open(&cfg, &b, err, sizeof err);
    if (rc == PK_ENODEV) {
        printf("skipped: %s\n", err);
        return 77;
    }
    if (rc != 0) {
        fprintf(stderr, "open failed: %s: %s\n", pk_strerror(rc), err);
        return 1;
    }
    const double k1 = probe_once(b, "first");
    const double node = (graph_wall(b, 1004) - graph_wall(b, 4)) / 1000;
    const double k2 = probe_once(b, "second");
    printf("  graph per-node cost %.0f ns; item kernel %.0f / %.0f ns; gap %.0f ns\n", node, k1, k2, node - k1);
    PK_CHECK(k1 > 0 && k2 > 0);
    PK_CHECK(k1 < 1.25 * node && k2 < 1.25 * node);
    pk_backend_cuda.close(b);
    return pk_test_done("cuda.cupti");
}
