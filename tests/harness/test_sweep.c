/* Invariant: the sweep driver stops each point by its rule (noise target after min_reps and 2, the
 * repetition cap, the time cap never before PK_SWEEP_TIME_FLOOR_REPS), summarises exactly the
 * samples it took, fills savings against standard, and on an injected failure or stop keeps
 * the finished points only, marks the table partial, and names the call and the point. The
 * running median and CV given to on_rep after every repetition are those of the samples so
 * far, and savings stay right whatever order the points are measured in. With replicates, each
 * pass of a point has its own row and the summary row pools every pass's samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/status.h"
#include "fake_backend.h"
#include "tests/pk_rows.h"
#include "harness/stats.h"
#include "harness/sweep.h"
#include "pk_test.h"

static pk_backend *open_fake(void)
{
    pk_backend *b = NULL;
    pk_backend_config cfg = {0, 1.0};
    char err[64];
    fake_backend.open(&cfg, &b, err, sizeof err);
    return b;
}

static void reset(void)
{
    memset(&fake, 0, sizeof fake);
    fake.h = 2000, fake.L = 4000, fake.g = 1000, fake.sync = 1500, fake.S = 30000, fake.e = 100;
    fake.teardown = 8000, fake.gnode = 700, fake.ginst = 1200;
    fake_run_calls = 0;
}

static void test_noise_rule(pk_backend *b)
{
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    o.max_time_s = 1e9;
    pk_point pt = {PK_STRAT_STANDARD, 1000, 64, 1, 32};
    pk_row r;
    char err[256];

    /* No noise: CV 0 meets the target as soon as min_reps are in. */
    reset();
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, o.min_reps);
    PK_CHECK_U64(fake_run_calls, o.warmup_reps + o.min_reps);
    PK_CHECK_NEAR(r.wall_ns, fake_wall(&pt), 1e-9);
    PK_CHECK_NEAR(r.wall_ns_cv, 0, 0);
    PK_CHECK_NEAR(r.host_ns, 64 * fake.h, 1e-9);
    PK_CHECK_NEAR(r.device_ns, 64 * 1000 + 63 * fake.g, 1e-9); /* first start to last end */
    PK_CHECK(isnan(r.setup_ns) && isnan(r.teardown_ns));
    PK_CHECK_U64(r.key.item_ns, 1000);
    PK_CHECK_U64(r.key.batch, 64);
    PK_CHECK_U64(r.key.grid, 1);
    PK_CHECK_U64(r.key.block, 32);
    PK_CHECK_STR(r.source, "measured");

    /* 20% alternating noise never meets 1%: the repetition cap stops it, and the summary is
     * that of the samples (6 high, 6 low). */
    reset();
    fake.noise = 0.2;
    fake.throttle_every = 3;
    o.max_reps = 12;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, 12);
    double w = fake_wall(&pt);
    PK_CHECK_NEAR(r.wall_ns, w, 1e-6); /* median of six (1-0.2)w and six (1+0.2)w */
    PK_CHECK_NEAR(r.wall_ns_min, 0.8 * w, 1e-6);
    PK_CHECK_NEAR(r.wall_ns_max, 1.2 * w, 1e-6);
    PK_CHECK_NEAR(r.wall_ns_cv, 0.2 * sqrt(12.0 / 11.0), 1e-12);
    PK_CHECK(r.wall_ns_p10 < r.wall_ns_p25 + 1e-9 && r.wall_ns_p75 <= r.wall_ns_p90);
    PK_CHECK_U64(r.throttled_reps, 4); /* calls 3, 6, 9, 12 of 13 (call 1 was the warm-up) */

    /* The time cap stops a noisy point, but only after the floor of repetitions. */
    reset();
    fake.noise = 0.2;
    o.max_reps = 1000;
    o.max_time_s = 0;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, PK_SWEEP_TIME_FLOOR_REPS);
    PK_CHECK(r.wall_ns_cv > 0.1); /* reported as it is, not hidden */

    /* With min_reps below the floor, min_reps is the floor. */
    reset();
    fake.noise = 0.2;
    o.min_reps = 2;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, 2);
    /* min_reps 1: a quiet point stops at 2 (one repetition's CV of 0 is no CV), a noisy one at the cap. */
    reset();
    o.min_reps = 1, o.max_reps = 12, o.max_time_s = 1e9;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, 2);
    reset();
    fake.noise = 0.2;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, NULL, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(r.reps, 12);
}

static double rep_median[64], rep_cv[64];
static uint64_t rep_calls;

static void record_rep(void *ud, const pk_point *pt, uint64_t reps, double median_ns, double cv)
{
    if (reps >= 1 && reps <= 64) {
        rep_median[reps - 1] = median_ns;
        rep_cv[reps - 1] = cv;
    }
    rep_calls++;
}

static void test_running_figures(pk_backend *b)
{
    reset();
    fake.noise = 0.2;
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    o.max_time_s = 1e9;
    o.max_reps = 40;
    pk_point pt = {PK_STRAT_GRAPH, 500, 8, 1, 0};
    pk_row r;
    char err[256];
    rep_calls = 0;
    PK_CHECK(pk_sweep_measure(&fake_backend, b, &pt, &o, NULL, record_rep, NULL, &r, err, sizeof err) == PK_OK);
    PK_CHECK_U64(rep_calls, 40);
    double v[40];
    for (size_t j = 0; j < 40; j++) {
        long call = (long)o.warmup_reps + (long)j + 1; /* as the fake backend counts */
        v[j] = fake_wall(&pt) * (1.0 + (call % 2 ? 1.0 : -1.0) * fake.noise);
        PK_CHECK_NEAR(rep_median[j], pk_stats_median(v, j + 1), 1e-6);
        PK_CHECK_NEAR(rep_cv[j], pk_stats_cv(v, j + 1), 1e-12);
    }
    PK_CHECK_NEAR(r.wall_ns_cv, pk_stats_cv(v, 40), 1e-12);
}

static void test_sweep_savings_and_order(pk_backend *b)
{
    reset();
    int strategies[] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT, PK_STRAT_GRAPH};
    uint64_t items[] = {0, 5000}, batches[] = {1, 100}, grids[] = {1}, blocks[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 3, items, 2, batches, 2, grids, 1, blocks, 1, &np);
    PK_CHECK(pts != NULL);
    PK_CHECK_U64(np, 12);
    /* Strategies innermost: points 0..2 share a key. */
    PK_CHECK(pts[0].strategy == PK_STRAT_STANDARD && pts[1].strategy == PK_STRAT_PERSISTENT);
    PK_CHECK_U64(pts[2].batch, 1);
    PK_CHECK_U64(pts[3].batch, 100);
    PK_CHECK_U64(pts[11].item_ns, 5000);

    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    pk_sweep s;
    pk_sweep_init(&s, &fake_backend, b, "fake device", pts, np, &o);
    PK_CHECK(pk_sweep_run(&s) == PK_OK);
    PK_CHECK_U64(s.table.n, 12);
    PK_CHECK_U64(s.done, 12);
    PK_CHECK(!s.table.partial);
    for (size_t k = 0; k < np; k++) {
        pk_point key = {pts[k].strategy, pts[k].item_ns, pts[k].batch, 1, 0};
        const pk_row *r = pk_table_find(&s.table, &key);
        const pk_point stdp = {PK_STRAT_STANDARD, pts[k].item_ns, pts[k].batch, 1, 0};
        PK_CHECK(r != NULL);
        if (!r)
            continue;
        PK_CHECK_STR(r->backend, "fake");
        PK_CHECK_STR(r->device, "fake device");
        PK_CHECK_NEAR(r->savings_ns, fake_wall(&stdp) - fake_wall(&pts[k]), 1e-6);
    }
    const pk_row *p = pk_table_find(&s.table, &(pk_point){PK_STRAT_PERSISTENT, 5000, 100, 1, 0});
    PK_CHECK(p && p->setup_ns == fake.S && p->teardown_ns == fake.teardown);

    /* Measured backwards (standard last in each key), every saving is still right. */
    pk_sweep_free(&s);
    pk_sweep_init(&s, &fake_backend, b, "fake device", pts, np, &o);
    for (size_t k = np; k-- > 0;)
        PK_CHECK(pk_sweep_step(&s, k, NULL) == PK_OK);
    for (size_t k = 0; k < np; k++) {
        pk_point key = {pts[k].strategy, pts[k].item_ns, pts[k].batch, 1, 0};
        const pk_row *r = pk_table_find(&s.table, &key);
        const pk_point stdp = {PK_STRAT_STANDARD, pts[k].item_ns, pts[k].batch, 1, 0};
        PK_CHECK(r && fabs(r->savings_ns - (fake_wall(&stdp) - fake_wall(&pts[k]))) < 1e-6);
    }

    /* A repeated point (Google Benchmark --benchmark_repetitions) replaces its row. */
    const pk_row *row = NULL;
    PK_CHECK(pk_sweep_step(&s, 4, &row) == PK_OK);
    PK_CHECK(row && row->key.strategy == pts[4].strategy);
    PK_CHECK_U64(s.table.n, 12);
    pk_sweep_free(&s);
    free(pts);
}

static void test_failure_keeps_finished(pk_backend *b)
{
    reset();
    int strategies[] = {PK_STRAT_STANDARD, PK_STRAT_STANDARD_SYNC};
    uint64_t items[] = {1000}, batches[] = {1, 2, 4}, one[] = {1}, zero[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 2, items, 1, batches, 3, one, 1, zero, 1, &np);
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    /* Each point takes 1 warm-up + 5 reps = 6 calls: call 20 is the 2nd call of point 3. */
    fake.fail_at_call = 20;
    pk_sweep s;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_run(&s) == PK_EDEVICE);
    PK_CHECK_U64(s.table.n, 3);
    PK_CHECK_U64(s.done, 3);
    PK_CHECK(s.table.partial);
    PK_CHECK(strstr(s.err, "fakeLaunch()") != NULL);
    PK_CHECK(strstr(s.err, "standard-sync/item_ns:1000/batch:2/grid:1/block:0") != NULL);
    PK_CHECK_U64(fake_run_calls, 20); /* nothing ran after the failure */
    PK_CHECK(pk_sweep_step(&s, 5, NULL) == PK_EDEVICE);
    PK_CHECK_U64(fake_run_calls, 20);

    /* The partial table round-trips through the tidy CSV with its marker. */
    /* In the test's working directory (the build tree), not a fixed system folder. */
    char path[] = "pk_test_sweep_XXXXXX";
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    char err[512];
    PK_CHECK(pk_table_write_csv(path, &s.table, err, sizeof err) == PK_OK);
    pk_table back = {0};
    PK_CHECK(pk_table_read_csv(path, &back, err, sizeof err) == PK_OK);
    PK_CHECK(back.partial);
    PK_CHECK_U64(back.n, 3);
    pk_table_free(&back);
    remove(path);
    pk_sweep_free(&s);

    /* Interrupted: the flag set during call 15 (3rd rep of point 3) stops after that rep. */
    reset();
    static volatile sig_atomic_t stop;
    stop = 0;
    fake.stop_flag = &stop;
    fake.stop_at_call = 15;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    s.stop = &stop;
    PK_CHECK(pk_sweep_run(&s) == PK_EINTR);
    PK_CHECK_U64(fake_run_calls, 15);
    PK_CHECK_U64(s.table.n, 2);
    PK_CHECK(s.table.partial);
    PK_CHECK(strstr(s.err, "standard/item_ns:1000/batch:2") != NULL);
    pk_sweep_free(&s);
    free(pts);
}

/* A sweep with replicates: K passes, pass-major, each point's pass rows carry that pass's own
 * figures (started_s: seconds since the sweep started) and savings against standard of the same
 * pass, its summary row pools the samples of all passes (its throttled repetitions too), and the
 * table round-trips through the tidy CSV (schema 2). */
static void test_replicates(pk_backend *b)
{
    reset();
    int strategies[] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT};
    uint64_t items[] = {0}, batches[] = {1, 8}, one[] = {1}, zero[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 2, items, 1, batches, 2, one, 1, zero, 1, &np);
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    pk_sweep s;
    struct timespec t_init, t_done;
    clock_gettime(CLOCK_MONOTONIC, &t_init);
    pk_sweep_init(&s, &fake_backend, b, "fake device", pts, np, &o);
    PK_CHECK(pk_sweep_set_replicates(&s, 3) == PK_OK);
    fake.throttle_every = 2; /* flags only: the walls stay the planted ones */
    const pk_row *row = NULL;
    PK_CHECK(pk_sweep_step_pass(&s, 0, 0, &row) == PK_EINVAL); /* passes count from 1 */
    PK_CHECK(pk_sweep_step_pass(&s, 0, 4, &row) == PK_EINVAL);
    double walls[3][4];
    for (unsigned p = 1; p <= 3; p++) {
        fake.h = 2000.0 * p; /* each pass a different launch cost: no noise inside a pass */
        for (size_t k = 0; k < np; k++) {
            PK_CHECK(pk_sweep_step_pass(&s, k, p, &row) == PK_OK);
            PK_CHECK(row && row->replicate == p && row->reps == o.min_reps);
            walls[p - 1][k] = fake_wall(&pts[k]);
            PK_CHECK(row && row->wall_ns == walls[p - 1][k]);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t_done);
    fake.throttle_every = 0;
    const double elapsed = (double)(t_done.tv_sec - t_init.tv_sec) + 1e-9 * (double)(t_done.tv_nsec - t_init.tv_nsec);
    PK_CHECK_U64(s.table.n, np);
    PK_CHECK_U64(s.table.npass, 3 * np);
    PK_CHECK_U64(pk_table_replicates(&s.table), 3);
    for (size_t i = 0; i < s.table.npass; i++) /* seconds since the sweep started, not the clock's own */
        PK_CHECK(s.table.pass[i].started_s >= 0 && s.table.pass[i].started_s <= elapsed);
    for (size_t i = 1; i < s.table.npass; i++) /* measurement order, pass-major */
        PK_CHECK(s.table.pass[i].started_s >= s.table.pass[i - 1].started_s &&
                 s.table.pass[i].replicate >= s.table.pass[i - 1].replicate);
    for (size_t k = 0; k < np; k++) {
        const pk_row *r = pk_table_find(&s.table, &pts[k]);
        PK_CHECK(r && r->replicate == 0 && r->reps == 3 * o.min_reps);
        PK_CHECK(r && isnan(r->started_s));
        /* 5 samples each of w1 < w2 < w3: the pooled median is w2, the extremes w1 and w3. */
        PK_CHECK(r && r->wall_ns == walls[1][k] && r->wall_ns_min == walls[0][k] && r->wall_ns_max == walls[2][k]);
        PK_CHECK(r && isfinite(r->cpu_ns) && r->cpu_ns >= 0);
        unsigned thr = 0; /* the summary's throttled repetitions are its passes' */
        for (unsigned p = 1; p <= 3; p++) {
            const pk_row *pr = pk_table_find_pass(&s.table, &pts[k], p);
            thr += pr ? pr->throttled_reps : 0;
        }
        PK_CHECK(r && thr > 0 && r->throttled_reps == thr);
        const pk_row *p2 = pk_table_find_pass(&s.table, &pts[k], 2);
        PK_CHECK(p2 && p2->wall_ns == walls[1][k] && strcmp(p2->device, "fake device") == 0);
    }
    /* Persistent in pass 3 saves against standard of pass 3, in the pass row. */
    const pk_row *pp = pk_table_find_pass(&s.table, &pts[3], 3);
    PK_CHECK(pp && pp->key.strategy == PK_STRAT_PERSISTENT);
    PK_CHECK(pp && fabs(pp->savings_ns - (walls[2][2] - walls[2][3])) < 1e-6);

    char path[] = "pk_test_sweep_rep_XXXXXX";
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    char err[512];
    PK_CHECK(pk_table_write_csv(path, &s.table, err, sizeof err) == PK_OK);
    pk_table back = {0};
    PK_CHECK(pk_table_read_csv(path, &back, err, sizeof err) == PK_OK);
    PK_CHECK_U64(back.n, np);
    PK_CHECK_U64(back.npass, 3 * np);
    for (size_t i = 0; i < back.npass && i < s.table.npass; i++)
        PK_CHECK(pk_point_equal(&back.pass[i].key, &s.table.pass[i].key) &&
                 back.pass[i].replicate == s.table.pass[i].replicate &&
                 back.pass[i].wall_ns == s.table.pass[i].wall_ns);
    pk_table_free(&back);
    remove(path);
    pk_sweep_free(&s);

    /* Interrupted in pass 2: the points of pass 1 keep their summary rows, pass 2's first one too. */
    reset();
    static volatile sig_atomic_t stop;
    stop = 0;
    fake.stop_flag = &stop;
    fake.stop_at_call = 4 * 6 + 6 + 3; /* pass 1 (4 points x 6 calls), pass 2's first point, 3 calls in */
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_set_replicates(&s, 3) == PK_OK);
    s.stop = &stop;
    PK_CHECK(pk_sweep_run(&s) == PK_EINTR);
    PK_CHECK(s.table.partial);
    PK_CHECK_U64(s.table.n, np);
    PK_CHECK_U64(s.table.npass, np + 1);
    PK_CHECK_U64(s.done, np);
    pk_sweep_free(&s);
    free(pts);
}

/* t through a tidy CSV in the test's working directory (the build tree) into *back. */
static void round_trip(const pk_table *t, pk_table *back)
{
    char path[] = "pk_test_sweep_canary_XXXXXX", err[512];
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    PK_CHECK(pk_table_write_csv(path, t, err, sizeof err) == PK_OK);
    PK_CHECK(pk_table_read_csv(path, back, err, sizeof err) == PK_OK);
    remove(path);
}

/* The canary: host time per launch call of empty standard launches beside every point, the
 * fake's h of the time; a pass row has its own, a summary row the median of its passes'; a sweep
 * without it has none; it survives the tidy CSV; a canary run that fails names the point. */
static void test_canary(pk_backend *b)
{
    reset();
    int strategies[] = {PK_STRAT_STANDARD, PK_STRAT_GRAPH};
    uint64_t items[] = {1000}, batches[] = {4}, one[] = {1}, zero[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 2, items, 1, batches, 1, one, 1, zero, 1, &np);
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    pk_sweep s;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    const pk_row *row = NULL;
    PK_CHECK(pk_sweep_step(&s, 0, &row) == PK_OK && row && isnan(row->canary_host_ns)); /* off by default */
    pk_sweep_free(&s);

    o.canary = 1;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_step(&s, 1, &row) == PK_OK && row && row->canary_host_ns == fake.h); /* no passes */
    pk_sweep_free(&s);
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_set_replicates(&s, 3) == PK_OK);
    const double h[3] = {3400, 3500, 4700}; /* the median is neither the first pass's nor the last's */
    for (unsigned p = 1; p <= 3; p++) {
        fake.h = h[p - 1];
        for (size_t k = 0; k < np; k++) {
            PK_CHECK(pk_sweep_step_pass(&s, k, p, &row) == PK_OK);
            PK_CHECK(row && row->canary_host_ns == h[p - 1]);
        }
    }
    for (size_t k = 0; k < np; k++) {
        const pk_row *r = pk_table_find(&s.table, &pts[k]);
        PK_CHECK(r && r->canary_host_ns == 3500); /* the median of 3400, 3500, 4700 */
    }
    for (size_t k = 0; k < np; k++) { /* the spread: the least and the most pass */
        const pk_row *r = pk_table_find(&s.table, &pts[k]);
        PK_CHECK(r && r->canary_host_ns_min == 3400 && r->canary_host_ns_max == 4700);
        r = pk_table_find_pass(&s.table, &pts[k], 3);
        PK_CHECK(r && r->canary_host_ns_min == 4700 && r->canary_host_ns_max == 4700);
    }
    pk_table back = {0};
    round_trip(&s.table, &back);
    PK_CHECK_U64(back.npass, 3 * np);
    for (size_t i = 0; i < back.npass && i < s.table.npass; i++)
        PK_CHECK(back.pass[i].canary_host_ns == s.table.pass[i].canary_host_ns);
    PK_CHECK(back.n == np && back.rows[0].canary_host_ns == 3500);
    PK_CHECK(back.rows[0].canary_host_ns_min == 3400 && back.rows[0].canary_host_ns_max == 4700);
    pk_table_free(&back);
    pk_sweep_free(&s);

    /* The host's state moving under a point: the canary's runs (2 before, 2 after a short point)
     * at h, h + 100, h + 200, h + 300; their median is h + 150, their least h and most h + 300. */
    reset();
    fake.h_step = 100;
    fake_standard_runs = 0;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_step(&s, 1, &row) == PK_OK && row); /* graph: only the canary's runs are standard */
    PK_CHECK(row && row->canary_host_ns == fake.h + 150 && row->canary_host_ns_min == fake.h &&
             row->canary_host_ns_max == fake.h + 300);
    pk_sweep_free(&s);

    reset();
    fake_run_calls = 0;
    fake.fail_at_call = 1; /* the canary's first run, before the point's */
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_step(&s, 1, &row) == PK_EDEVICE);
    PK_CHECK(strstr(s.err, "canary beside point graph/item_ns:1000/batch:4") != NULL);
    PK_CHECK_U64(s.table.n, 0);
    pk_sweep_free(&s);
    free(pts);
}

/* The push canary beside a persistent-resident point: the launch canary's runs, then
 * PK_SWEEP_PUSH_WARM untimed and PK_SWEEP_PUSH_RUNS timed resident batches of PK_SWEEP_PUSH_N empty
 * items into the point's own kernel (its grid), the point, PK_SWEEP_PUSH_RUNS more, the launch
 * canary's; canary_push_ns the median of the timed ones only; no launch canary between a resident
 * point's repetitions, even a long one's; none beside other strategies; a summary row gets its
 * passes' median; a push run that fails names the point. */
static int is(const pk_point *p, pk_strategy s, uint64_t batch, unsigned grid)
{
    return p->strategy == s && p->item_ns == 0 && p->batch == batch && p->grid == grid;
}

static void test_push_canary(pk_backend *b)
{
    reset();
    fake.B = 9500;
    int strategies[] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT_RESIDENT};
    uint64_t items[] = {0}, batches[] = {8}, grids[] = {4}, zero[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 2, items, 1, batches, 1, grids, 1, zero, 1, &np);
    const pk_point push = {PK_STRAT_PERSISTENT_RESIDENT, 0, PK_SWEEP_PUSH_N, 4, 0};
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    o.canary = 1;
    o.noise = 0, o.min_reps = o.max_reps = 30; /* 30 ms of 1 ms runs: a long point, canaries between earned */
    pk_sweep s;
    const pk_row *row = NULL;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_step(&s, 0, &row) == PK_OK && row && isnan(row->canary_push_ns)); /* standard: none */
    fake_log_n = 0;
    fake.sleep_us = 1000;
    /* the launch canary's wake: every before-side push run 5 us slower, the point's and the after side's
     * not; the timed ones' median then lies halfway, and would be 5 us up with the untimed counted */
    fake.after_canary = 5000, fake.after_canary_runs = PK_SWEEP_PUSH_WARM + PK_SWEEP_PUSH_RUNS;
    PK_CHECK(pk_sweep_step(&s, 1, &row) == PK_OK && row);
    PK_CHECK(row && row->canary_push_ns == fake_wall(&push) + 2500 && row->canary_host_ns == fake.h);
    const long runs = 2 * PK_SWEEP_CANARY_RUNS + PK_SWEEP_PUSH_WARM + 2 * PK_SWEEP_PUSH_RUNS + 1 + 30;
    PK_CHECK_U64(fake_log_n, runs); /* none between the repetitions */
    for (long i = 0; i < fake_log_n && i < runs; i++) {
        const long pushed = PK_SWEEP_CANARY_RUNS + PK_SWEEP_PUSH_WARM + PK_SWEEP_PUSH_RUNS, point = pushed + 31;
        const pk_point *p = &fake_log[i];
        int ok = i < PK_SWEEP_CANARY_RUNS || i >= runs - PK_SWEEP_CANARY_RUNS
                     ? is(p, PK_STRAT_STANDARD, PK_SWEEP_CANARY_BATCH, 0)
                 : i < pushed || i >= point ? is(p, PK_STRAT_PERSISTENT_RESIDENT, PK_SWEEP_PUSH_N, 4)
                                            : is(p, PK_STRAT_PERSISTENT_RESIDENT, 8, 4);
        PK_CHECK(ok);
    }
    fake.sleep_us = 0, fake.after_canary = 0, fake.after_canary_runs = 0;
    pk_sweep_free(&s);

    pk_sweep_opts_default(&o);
    o.canary = 1;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_set_replicates(&s, 3) == PK_OK);
    const double B[3] = {9000, 9500, 12000};
    for (unsigned p = 1; p <= 3; p++) {
        fake.B = B[p - 1];
        PK_CHECK(pk_sweep_step_pass(&s, 1, p, &row) == PK_OK && row && row->canary_push_ns == fake_wall(&push));
    }
    fake.B = 9500;
    const pk_row *r = pk_table_find(&s.table, &pts[1]);
    PK_CHECK(r && r->canary_push_ns == fake_wall(&push)); /* the median pass's */
    pk_table back = {0};
    round_trip(&s.table, &back);
    r = pk_table_find(&back, &pts[1]);
    PK_CHECK(r && r->canary_push_ns == fake_wall(&push));
    pk_table_free(&back);
    pk_sweep_free(&s);

    fake_run_calls = 0;
    fake.fail_at_call = PK_SWEEP_CANARY_RUNS + 1; /* the push canary's first run */
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    PK_CHECK(pk_sweep_step(&s, 1, &row) == PK_EDEVICE);
    PK_CHECK(strstr(s.err, "canary beside point persistent-resident/item_ns:0/batch:8") != NULL);
    PK_CHECK(strstr(s.err, "persistent-resident/item_ns:0/batch:3/grid:4") != NULL); /* the push run's own point */
    pk_sweep_free(&s);
    free(pts);

    pk_row t = pk_rows_make(push, 4000); /* a push canary of 0 is no reading: refused as the reader refuses it */
    char err[256];
    t.reps = 1, t.canary_push_ns = 3800;
    PK_CHECK(pk_tidy_check_row(&t, err, sizeof err) == PK_OK);
    t.canary_push_ns = 0;
    PK_CHECK(pk_tidy_check_row(&t, err, sizeof err) == PK_ERANGE && strstr(err, "canary_push_ns") != NULL);
}

/* The canary between repetitions: a point that runs long gets a canary run each time it has run
 * ten times as long as the last canary run took, never more than PK_SWEEP_CANARY_BETWEEN; a
 * short point gets only the runs beside it. The point's runs take 1 ms each and the canary's
 * return at once, so that even on a loaded machine (a canary run stretched to a few hundred µs)
 * the point earns at least 2 of its 16; the counts are bounds, not exact: they follow the real
 * clock. */
static void test_canary_between(pk_backend *b)
{
    reset();
    fake.sleep_us = 1000;
    int strategies[] = {PK_STRAT_GRAPH};
    uint64_t items[] = {1000}, batches[] = {4}, one[] = {1}, zero[] = {0};
    size_t np;
    pk_point *pts = pk_sweep_points(strategies, 1, items, 1, batches, 1, one, 1, zero, 1, &np);
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    o.canary = 1, o.noise = 0, o.min_reps = o.max_reps = 60, o.max_time_s = 10;
    pk_sweep s;
    const pk_row *row = NULL;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    fake_run_calls = 0;
    PK_CHECK(pk_sweep_step(&s, 0, &row) == PK_OK && row && row->canary_host_ns == fake.h);
    const long between = fake_run_calls - 1 - 60 - 2 * PK_SWEEP_CANARY_RUNS;
    printf("canary runs between 60 repetitions of 1 ms: %ld\n", between);
    PK_CHECK(between >= 2 && between <= PK_SWEEP_CANARY_BETWEEN);
    pk_sweep_free(&s);
    o.min_reps = o.max_reps = 3;
    pk_sweep_init(&s, &fake_backend, b, NULL, pts, np, &o);
    fake_run_calls = 0;
    PK_CHECK(pk_sweep_step(&s, 0, &row) == PK_OK);
    PK_CHECK_U64(fake_run_calls, 1 + 3 + 2 * PK_SWEEP_CANARY_RUNS);
    pk_sweep_free(&s);
    fake.sleep_us = 0;
    free(pts);
}

static void test_names(void)
{
    pk_point pt = {PK_STRAT_PERSISTENT_RESIDENT, 20000, 16384, 132, 64};
    char buf[128];
    pk_point_name(&pt, buf, sizeof buf);
    PK_CHECK_STR(buf, "persistent-resident/item_ns:20000/batch:16384/grid:132/block:64");
}

/* --grid's 0 is the 1 it is on every backend: {0, 1, 4} is {1, 4}, {0, 2} is {1, 2}. */
static void test_grid_zero(void)
{
    uint64_t a[] = {0, 1, 4}, b[] = {0, 2}, c[] = {1, 2};
    size_t na = 3, nb = 2, nc = 2;
    pk_sweep_grid_zero(a, &na);
    pk_sweep_grid_zero(b, &nb);
    pk_sweep_grid_zero(c, &nc);
    PK_CHECK(na == 2 && a[0] == 1 && a[1] == 4 && nb == 2 && b[0] == 1 && b[1] == 2 && nc == 2 && c[0] == 1);
}

int main(void)
{
    pk_backend *b = open_fake();
    test_grid_zero();
    test_noise_rule(b);
    test_running_figures(b);
    test_sweep_savings_and_order(b);
    test_failure_keeps_finished(b);
    test_replicates(b);
    test_canary(b);
    test_push_canary(b);
    test_canary_between(b);
    test_names();
    fake_backend.close(b);
    return pk_test_done("harness.sweep");
}
