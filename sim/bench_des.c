/* pkb_bench_des: benchmark of the event engine and the launch model (not a test; figures are
 * committed in results/sim-bench/README.md). Prints one aligned line per measurement:
 *  1. raw engine throughput (events/s, one core) with the FIFO-of-heads queue and the plain
 *     heap, on mostly-FIFO timestamps: S sources each keeping P events in flight;
 *  2. the launch model's throughput on one long `standard` batch;
 *  3. the default grid (5 item durations x 15 batch sizes x 5 strategies) wall time;
 *  4. a 10^8-launch batch with a bounded queue: time, events and max RSS (constant memory).
 * usage: pkb_bench_des [--quick]   (--quick: 10x fewer events, for a smoke run)
 *        pkb_bench_des --engine fifo|heap SOURCES INFLIGHT EVENTS   (one engine run) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common/status.h"
#include "sim/analytic.h"
#include "sim/des.h"
#include "sim/model.h"
#include "sim/params.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long max_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

typedef struct src_state {
    uint64_t left;
    double period;
} src_state;

/* Each event reschedules itself one period (x in-flight count) later from its own source, so
 * every source's timestamps are monotone and sources interleave. */
static void tick(pk_des *d, uint32_t ent, void *state, const pk_event *ev)
{
    src_state *s = state;
    if (s->left) {
        s->left--;
        pk_des_schedule(d, ent, ev->time + s->period, ent, 0, 0);
    }
}

static double bench_engine(unsigned flags, uint32_t sources, uint32_t inflight, uint64_t events)
{
    pk_des *d;
    if (pk_des_create(&d, flags) != 0)
        exit(1);
    pk_des_register_type(d, 0, tick);
    src_state *st = calloc(sources, sizeof *st);
    uint64_t per = events / sources;
    for (uint32_t i = 0; i < sources; i++) {
        st[i].left = per - inflight;
        /* Periods differ slightly per source so heads interleave irregularly. */
        st[i].period = (double)inflight * (1000.0 + (double)(i % 7));
        pk_des_add_entity(d, 0, &st[i], NULL);
        for (uint32_t k = 0; k < inflight; k++)
            pk_des_schedule(d, i, (double)k * (1000.0 + (double)(i % 7)) + (double)i, i, 0, 0);
    }
    double t0 = now_s();
    pk_des_run(d, 1e300);
    double dt = now_s() - t0;
    double rate = (double)pk_des_events_run(d) / dt;
    pk_des_destroy(d);
    free(st);
    return rate;
}

/* A whole decimal number in [lo, hi] into *out; 0, or 2 with a one-line reason on stderr. */
static int count_arg(const char *what, const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "pkb_bench_des: --engine %s: '%s' is not a whole number in [%llu, %llu]\n", what, text,
                (unsigned long long)lo, (unsigned long long)hi);
        return 2;
    }
    *out = v;
    return 0;
}

/* --engine fifo|heap SOURCES INFLIGHT EVENTS: one engine run, for perf stat. Each source keeps
 * INFLIGHT events pending and runs EVENTS / SOURCES in all, so EVENTS is at least SOURCES x INFLIGHT. */
static int engine_only(char **argv)
{
    uint64_t sources, inflight, events;
    if (strcmp(argv[2], "fifo") != 0 && strcmp(argv[2], "heap") != 0) {
        fprintf(stderr, "pkb_bench_des: --engine: '%s' is not fifo or heap\n", argv[2]);
        return 2;
    }
    if (count_arg("SOURCES", argv[3], 1, 1u << 20, &sources) ||
        count_arg("INFLIGHT", argv[4], 1, 1u << 20, &inflight) ||
        count_arg("EVENTS", argv[5], sources * inflight, UINT64_MAX, &events))
        return 2;
    double r = bench_engine(strcmp(argv[2], "heap") == 0 ? PK_DES_PLAIN_HEAP : 0, (uint32_t)sources,
                            (uint32_t)inflight, events);
    printf("%.3e events/s\n", r);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--engine") == 0)
        return engine_only(argv);
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "--quick") != 0)) {
        fprintf(stderr, "usage: pkb_bench_des [--quick] | --engine fifo|heap SOURCES INFLIGHT EVENTS\n");
        return 2;
    }
    int quick = argc > 1;
    uint64_t scale = quick ? 10 : 1;
    printf("# pkb_bench_des%s\n", quick ? " --quick" : "");
    printf("%-46s %14s %14s %8s\n", "engine: sources x in-flight per source", "fifo-heads ev/s", "plain-heap ev/s",
           "ratio");
    static const uint32_t cfg[][2] = {{1, 1}, {4, 1}, {4, 64}, {4, 1024}, {16, 256}, {64, 1024}};
    for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++) {
        uint64_t ev = 100000000 / scale;
        double a = bench_engine(0, cfg[i][0], cfg[i][1], ev);
        double b = bench_engine(PK_DES_PLAIN_HEAP, cfg[i][0], cfg[i][1], ev);
        char name[64];
        snprintf(name, sizeof name, "%u x %u", cfg[i][0], cfg[i][1]);
        printf("%-46s %14.3e %14.3e %8.2f\n", name, a, b, a / b);
    }

    pk_model *m;
    if (pk_model_create(&m) != 0)
        return 1;
    /* A GPU-like parameter set (illustrative, not measured): h 2.5 us, L 4 us, g 1 us, Q 1024. */
    pk_costs gpu = {.h = 2500, .L = 4000, .g = 1000, .sync = 3000, .S = 30000, .e = 400, .T = 5000,
                    .graph_node = 800, .graph_inst = 1500, .Q = 1024};
    pk_prediction p;
    {
        pk_items it = {10000000 / scale, 1000, 0, NULL, NULL, NULL};
        double t0 = now_s();
        pk_model_run(m, &gpu, PK_STRAT_STANDARD, &it, 0, &p);
        double dt = now_s() - t0;
        printf("%-46s %14.3e ev/s  (%llu events, %.3f s)\n", "model: standard, N=1e7, d=1us (host-bound)",
               (double)p.events / dt, (unsigned long long)p.events, dt);
        pk_items it2 = {10000000 / scale, 20000, 0, NULL, NULL, NULL};
        t0 = now_s();
        pk_model_run(m, &gpu, PK_STRAT_STANDARD, &it2, 0, &p);
        dt = now_s() - t0;
        printf("%-46s %14.3e ev/s  (%llu events, %.3f s)\n", "model: standard, N=1e7, d=20us (queue full)",
               (double)p.events / dt, (unsigned long long)p.events, dt);
    }

    /* The default grid: 5 item durations x 15 batch sizes x 5 strategies. */
    static const double items[] = {0, 1000, 5000, 20000, 50000};
    const char *sets[] = {"seed-native", "gpu-like (Q=1024)"};
    for (int set = 0; set < 2; set++) {
        pk_costs c = gpu;
        if (set == 0) {
            pk_params pp;
            pk_params_preset("seed-native", &pp);
            pk_costs_from_params(&pp, &c);
        }
        double best = 1e9;
        uint64_t events = 0;
        for (int rep = 0; rep < 5; rep++) {
            double t0 = now_s();
            events = 0;
            for (int s = 0; s < PK_STRAT_COUNT; s++)
                for (int i = 0; i < 5; i++)
                    for (uint64_t n = 1; n <= 16384; n *= 2) {
                        pk_items it = {n, items[i], 0, NULL, NULL, NULL};
                        pk_model_run(m, &c, (pk_strategy)s, &it, 0, &p);
                        events += p.events;
                    }
            double dt = now_s() - t0;
            if (dt < best)
                best = dt;
        }
        char name[80];
        snprintf(name, sizeof name, "default grid (375 points), %s", sets[set]);
        printf("%-46s %11.2f ms best of 5  (%llu events)\n", name, best * 1e3, (unsigned long long)events);
    }

    /* 10^8 launches in constant memory. */
    long rss0 = max_rss_kib();
    static const struct {
        pk_strategy s;
        double d;
        const char *name;
    } big[] = {{PK_STRAT_STANDARD, 20000, "standard, N=1e8, d=20us, Q=1024 (queue full)"},
               {PK_STRAT_STANDARD, 0, "standard, N=1e8, d=0 (host-bound)"},
               {PK_STRAT_PERSISTENT, 1000, "persistent, N=1e8, d=1us"}};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        pk_model *fresh;
        pk_model_create(&fresh);
        pk_items it = {100000000 / scale, big[i].d, 0, NULL, NULL, NULL};
        double t0 = now_s();
        int rc = pk_model_run(fresh, &gpu, big[i].s, &it, 0, &p);
        double dt = now_s() - t0;
        printf("%-46s %8.2f s  %.3e ev/s  rc=%d  total=%.6e ns  max queued %llu  ring %llu  "
               "maxRSS %ld KiB (before: %ld)\n",
               big[i].name, dt, (double)p.events / dt, rc, p.total_ns, (unsigned long long)p.max_queued,
               (unsigned long long)pk_model_queue_capacity(fresh), max_rss_kib(), rss0);
        pk_model_destroy(fresh);
    }
    pk_model_destroy(m);
    return 0;
}
