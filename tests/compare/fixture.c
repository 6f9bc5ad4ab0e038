/* Writes a synthetic results directory for the compare and plot tests: measured.csv (a
 * pipelined launch model with deterministic +-3% "noise" and IQRs), predicted.csv (the noiseless
 * model, shape-independent grid 0 / block 0), params.json and timeline.csv.
 * usage: test_compare_fixture DIR [SCALE [RUN [STRATEGY]]]
 * SCALE multiplies the measured totals (default 1; of STRATEGY's points only, when given); RUN
 * >= 1 adds that run's own deterministic run-to-run noise (+-1%, a different phase per run),
 * so that RUN 1..3 form a baseline history and RUN 4 a candidate of the same build. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/afile.h"
#include "harness/tidy.h"
#include "harness/timeline.h"
#include "sim/params.h"

static const double H = 2000, L = 3000, G = 800, SYNC = 1500, S = 20000, E = 60, T = 4000, GN = 700;

static double model(pk_strategy s, double d, double n)
{
    double a = H, b = d + G;
    switch (s) {
    case PK_STRAT_STANDARD: return L + d + SYNC + fmax(n * a, a + (n - 1) * b);
    case PK_STRAT_STANDARD_SYNC: return n * (H + L + d + SYNC);
    case PK_STRAT_GRAPH: return H + L + n * (GN + d) + SYNC;
    case PK_STRAT_PERSISTENT: return S + T + n * (E + d);
    default: return n * (E + d);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    double scale = argc > 2 ? atof(argv[2]) : 1.0;
    int run = argc > 3 ? atoi(argv[3]) : 0, only = argc > 4 ? pk_strategy_lookup(argv[4]) : -1;
    if (argc > 4 && only < 0)
        return fprintf(stderr, "unknown strategy %s\n", argv[4]), 2;
    mkdir(argv[1], 0777);
    static const uint64_t items[] = {0, 1000, 5000, 20000};
    pk_table meas = {0}, pred = {0};
    pk_context_set(&meas.context, "device", "Synthetic GPU (test fixture)");
    int k = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        for (uint64_t n = 1; n <= 1024; n *= 2)
            for (int s = 0; s < PK_STRAT_COUNT; s++) {
                pk_row r;
                pk_row_init(&r);
                snprintf(r.backend, sizeof r.backend, "cuda");
                snprintf(r.device, sizeof r.device, "Synthetic GPU (test fixture)");
                r.key = (pk_point){(pk_strategy)s, items[i], n, 0, 0}; /* predictions: any shape */
                r.reps = 20;
                double m = model((pk_strategy)s, (double)items[i], (double)n);
                snprintf(r.source, sizeof r.source, "predicted");
                r.wall_ns = m;
                pk_table_push(&pred, &r);
                double noise = 1 + 0.03 * sin(1.7 * k++);
                snprintf(r.source, sizeof r.source, "measured");
                r.key.grid = 1;
                r.key.block = 32;
                double drift = run ? 1 + 0.01 * sin(2.3 * k + 1.9 * run) : 1;
                r.wall_ns = m * noise * drift * (only < 0 || only == s ? scale : 1);
                r.wall_ns_p25 = r.wall_ns * 0.99;
                r.wall_ns_p75 = r.wall_ns * 1.01;
                r.wall_ns_p10 = r.wall_ns * 0.98;
                r.wall_ns_p90 = r.wall_ns * 1.02;
                pk_table_push(&meas, &r);
            }
    pk_table_fill_savings(&meas);
    pk_table_fill_savings(&pred);
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/measured.csv", argv[1]);
    if (pk_table_write_csv(path, &meas, err, sizeof err))
        return fprintf(stderr, "%s\n", err), 1;
    snprintf(path, sizeof path, "%s/predicted.csv", argv[1]);
    if (pk_table_write_csv(path, &pred, err, sizeof err))
        return fprintf(stderr, "%s\n", err), 1;
    pk_params p;
    pk_params_init(&p);
    const double v[PK_PARAM_COUNT] = {H, L, G, 1024, SYNC, S, E, T, GN, 3000};
    memcpy(p.value, v, sizeof v);
    snprintf(p.backend, sizeof p.backend, "cuda");
    snprintf(p.device, sizeof p.device, "Synthetic GPU (test fixture)");
    snprintf(p.source, sizeof p.source, "calibrate");
    snprintf(path, sizeof path, "%s/params.json", argv[1]);
    if (pk_params_save(path, &p, err, sizeof err))
        return fprintf(stderr, "%s\n", err), 1;
    /* A timeline of 4 items: the host launching, the device running with gaps. */
    pk_afile f;
    snprintf(path, sizeof path, "%s/timeline.csv", argv[1]);
    if (pk_afile_open(&f, path))
        return 1;
    fprintf(f.fp, "%s\n", PK_TIMELINE_HEADER);
    double dev = L;
    for (int i = 0; i < 4; i++) {
        fprintf(f.fp, "standard,host,launch,%d,%g,%g\n", i, i * H, (i + 1) * H);
        double st = fmax(dev, (i + 1) * H + (i ? G : L - H));
        fprintf(f.fp, "standard,device,item,%d,%g,%g\n", i, st, st + 5000);
        dev = st + 5000 + G;
    }
    fprintf(f.fp, "persistent,host,setup,,0,%g\n", S);
    for (int i = 0; i < 4; i++) {
        fprintf(f.fp, "persistent,host,push,%d,%g,%g\n", i, S + i * 100.0, S + i * 100.0 + 100);
        fprintf(f.fp, "persistent,device,item,%d,%g,%g\n", i, S + 100 + i * (5000 + E), S + 100 + (i + 1) * (5000 + E));
    }
    fprintf(f.fp, "persistent,host,teardown,,%g,%g\n", S + 100 + 4 * (5000 + E), S + 100 + 4 * (5000 + E) + T);
    if (pk_afile_commit(&f))
        return 1;
    pk_table_free(&meas);
    pk_table_free(&pred);
    return 0;
}
