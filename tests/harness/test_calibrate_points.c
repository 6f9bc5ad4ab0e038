/* Invariant: calibration measures on points the checks do not use, and stores what it measured.
 * No run() of a whole calibration (one round) lies on `pkbench sweep`'s default grid or on the
 * host main job's grid (SWEEP_ITEMS x SWEEP_BATCH and HOST_ITEMS x HOST_BATCH, every strategy),
 * but for two kinds of launch-call runs, whose walls calibration does not use (SCHEMA.md): h's own
 * (standard, item 0, N = Q / 2 here) and the launch cost beside a step (standard, item 0,
 * N = PK_SWEEP_CANARY_BATCH, the sweep's canary). And a
 * parameter whose 0 reads as "not measured" (here B_l, which noise puts below 0, clamped) is
 * stored as PK_PARAM_MEASURED_ZERO, named in the context's measured_zero, and read back so, not
 * as the fallback (B); e_c, whose 0 its step reads as "no chunks", is left at 0. A graph built once and replayed (the fake, as CUDA and HIP) reports the
 * same setup_ns in every run: graph_instantiate_ns keeps one sample of it, not one per run. Where
 * no launch cost is measured beside a step (the canary's runs give no host time), the context says
 * so and that h was taken, never "launch cost H ns beside". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/calibrate.h"
#include "harness/cli.h"
#include "harness/run_defaults.h"
#include "harness/sweep.h"
#include "pk_test.h"

static int in_axis(uint64_t v, const char *text)
{
    uint64_t vals[64];
    size_t n = 0;
    char err[128];
    PK_CHECK(pk_cli_u64_list("axis", text, UINT64_MAX, vals, 64, &n, err, sizeof err) == PK_OK);
    for (size_t i = 0; i < n; i++)
        if (vals[i] == v)
            return 1;
    return 0;
}

static void test_off_the_grids(void)
{
    char err[512];
    pk_backend *b = fake_plant(err, sizeof err);
    PK_CHECK(b != NULL);
    static pk_point seen[FAKE_LOG_MAX];
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {1, NULL, NULL, NULL, 0, 0, 0, 0};
    fake_log_n = 0;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK(fake_log_n > 20 && fake_log_n <= FAKE_LOG_MAX); /* every run logged */
    const uint64_t h_n = (uint64_t)p.value[PK_P_LAUNCH_QUEUE_DEPTH] / 2;
    size_t on = 0;
    for (long i = 0; i < fake_log_n && i < FAKE_LOG_MAX; i++) {
        const pk_point *pt = &fake_log[i];
        const int h_runs = pt->strategy == PK_STRAT_STANDARD && pt->item_ns == 0 &&
                           (pt->batch == h_n || pt->batch == PK_SWEEP_CANARY_BATCH);
        const int sweep = in_axis(pt->item_ns, SWEEP_ITEMS) && in_axis(pt->batch, SWEEP_BATCH);
        const int host = in_axis(pt->item_ns, HOST_ITEMS) && in_axis(pt->batch, HOST_BATCH);
        if (!h_runs && (sweep || host)) {
            int again = 0;
            for (size_t j = 0; j < on; j++)
                again |= seen[j].strategy == pt->strategy && seen[j].item_ns == pt->item_ns &&
                         seen[j].batch == pt->batch;
            if (!again) {
                fprintf(stderr, "a calibration run on the %s grid: %s item_ns %llu N %llu\n", sweep ? "sweep's" : "host",
                        pk_strategy_names[pt->strategy], (unsigned long long)pt->item_ns,
                        (unsigned long long)pt->batch);
                seen[on++] = *pt;
            }
        }
    }
    PK_CHECK_U64(on, 0);
    pk_params_free(&p);
    fake_backend.close(b);
}

static void test_measured_zero(void)
{
    char err[512], path[] = "pk_test_cal_zero_XXXXXX"; /* in the test's working folder (the build tree) */
    pk_backend *b = fake_plant(err, sizeof err);
    PK_CHECK(b != NULL);
    fake.Bl = -300; /* the small launch's trip below what S, T and its items leave */
    fake.gfix = 800; /* a graph replay's fixed cost (0 would measure graph_launch_ns 0 too) */
    pk_params p, q;
    pk_params_init(&p);
    pk_params_init(&q);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK(p.value[PK_P_PERSISTENT_LAUNCH_TRIP] == PK_PARAM_MEASURED_ZERO);
    PK_CHECK(p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].n == 4 && p.samples[PK_P_PERSISTENT_LAUNCH_TRIP].v[0] == 0);
    PK_CHECK_U64(p.samples[PK_P_GRAPH_INSTANTIATE].n, 1);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_INSTANTIATE], fake.ginst, 1e-9);
    const char *note = pk_context_get(&p.context, "measured_zero");
    PK_CHECK(note && strcmp(note, "persistent_launch_trip_ns (a median of 0 stored as 0.001 ns)") == 0);
    PK_CHECK(pk_params_fallback(p.value, PK_P_PERSISTENT_LAUNCH_TRIP) == PK_PARAM_MEASURED_ZERO);
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    close(fd);
    PK_CHECK(pk_params_save(path, &p, err, sizeof err) == PK_OK);
    PK_CHECK(pk_params_load(path, &q, err, sizeof err) == PK_OK);
    PK_CHECK(q.value[PK_P_PERSISTENT_LAUNCH_TRIP] == PK_PARAM_MEASURED_ZERO); /* not B (9500) */
    unlink(path);
    /* Combined (rounds: the median; a bracket: the mean), measured_zero names what the combined
     * values hold at the floor, not what the last round's note said. */
    pk_params r[3], c;
    for (int i = 0; i < 3; i++) {
        pk_params_init(&r[i]);
        memcpy(r[i].value, p.value, sizeof p.value);
        r[i].context = p.context;
        r[i].value[PK_P_PERSISTENT_LAUNCH_TRIP] = i == 0 ? 500 : PK_PARAM_MEASURED_ZERO;
    }
    pk_params_init(&c);
    PK_CHECK(pk_calibrate_combine(r, 3, &c, err, sizeof err) == PK_OK); /* 0.001 of 500, 0.001, 0.001 */
    note = pk_context_get(&c.context, "measured_zero");
    PK_CHECK(note && strcmp(note, "persistent_launch_trip_ns (a median of 0 stored as 0.001 ns)") == 0);
    pk_params_free(&c);
    pk_params_init(&c);
    PK_CHECK(pk_calibrate_bracket(&r[1], &r[0], &c, err, sizeof err) == PK_OK); /* the mean: about 250 */
    PK_CHECK(c.value[PK_P_PERSISTENT_LAUNCH_TRIP] > 200 && !pk_context_get(&c.context, "measured_zero"));
    pk_params_free(&c);
    for (int i = 0; i < 3; i++)
        pk_params_free(&r[i]);
    /* The parameters whose 0 is a value keep a measured 0: e_r, the chunk lead, o. */
    PK_CHECK(!pk_params_zero_is_missing(PK_P_PERSISTENT_RESIDENT_ITEM));
    PK_CHECK(!pk_params_zero_is_missing(PK_P_ITEM_OVERSHOOT));
    PK_CHECK(pk_params_zero_is_missing(PK_P_LAUNCH_HOST_BUSY) && pk_params_zero_is_missing(PK_P_ITEM_KERNEL));
    PK_CHECK(!pk_params_zero_is_missing(PK_P_LAUNCH_HOST));
    fake.Bl = 0, fake.gfix = 0;
    pk_params_free(&p);
    pk_params_free(&q);
    /* e_c measured 0 (items within a chunk free): its step's own reading, no chunks (C = 0), not a
     * floor that would turn the chunk model on with e_c at 0.001 ns. */
    pk_params_init(&p);
    fake.C = 256, fake.ec = 0;
    o.chunk_items = 256;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK(p.value[PK_P_PERSISTENT_CHUNK_ITEMS] == 0 && p.value[PK_P_PERSISTENT_CHUNK_ITEM] == 0);
    note = pk_context_get(&p.context, "measured_zero");
    PK_CHECK(!note || !strstr(note, "persistent_chunk_item_ns"));
    fake.C = 0;
    pk_params_free(&p);
    fake_backend.close(b);
}

static void test_nothing_beside(void)
{
    char err[512];
    pk_backend *b = fake_plant(err, sizeof err);
    PK_CHECK(b != NULL);
    fake.canary_blind = 1;
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    static const char *const keys[] = {"graph_one_node_h", "graph_launch_h", "persistent_setup_h"};
    for (int k = 0; k < 3; k++) {
        const char *v = pk_context_get(&p.context, keys[k]);
        PK_CHECK(v && strstr(v, "no launch cost measured beside (h taken) the ") == v);
    }
    const char *walls = pk_context_get(&p.context, "graph_small_walls");
    PK_CHECK(walls && strstr(walls, "no launch cost measured beside; median walls N = 3: ") == walls);
    PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync, 1e-6); /* taken at h, where the fake's launches cost h */
    fake.canary_blind = 0;
    pk_params_free(&p);
    fake_backend.close(b);
}

int main(void)
{
    test_off_the_grids();
    test_measured_zero();
    test_nothing_beside();
    return pk_test_done("harness.calibrate_points");
}
