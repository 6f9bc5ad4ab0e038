/* Invariant: a parameter whose runs hold a launch call is taken at the launch cost measured
 * beside those runs, not at h, which the host's state may have moved since the h step measured
 * it: sync_ns as it is (the call charged at that cost), graph_launch_ns and S referred to h (at
 * the launch cost h), the other persistent parameters against S as their runs measured it; and B
 * is taken past a fresh resident kernel's first batches. */
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/calibrate.h"
#include "pk_test.h"

static pk_backend *plant(char *err, size_t errlen)
{
    pk_backend *b = fake_plant(err, errlen);
    PK_CHECK(b != NULL);
    return b;
}

/* sync_ns against the launch cost measured at the sync step: the host slower (h 5000 ns against
 * the 2100 the h step measured) when the sync step runs leaves sync_ns as it is, not 2900 ns
 * more. */
static void slow_at_sync(void *ud, const char *what)
{
    (void)ud;
    if (strncmp(what, "sync_ns", 7) == 0)
        fake.h = 5000;
    else if (strncmp(what, "persistent_setup_ns", 19) == 0)
        fake.h = 2100;
}

static void test_sync_own_calls(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {4, NULL, slow_at_sync, NULL, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], 2100, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync, 1e-6);
    pk_params_free(&p);
    fake_backend.close(b);
}

/* graph_launch_ns referred to h: the host slower (h 5000 ns against the 2100 the h step
 * measured) while the graph replays run leaves the fixed cost at h + gfix, 2100 + 2400, not
 * 2900 ns more; the context names the launch cost beside the replays. With the host's state
 * unchanged, the same fixed cost. graph_one_node_ns likewise: a one-node replay 300 ns below the
 * line, h + gfix + gnode - 300, less its item's run, at h. Either way graph_small_walls records the small graphs' walls
 * as they were measured, with the launch cost beside them. */
static void slow_at_graph(void *ud, const char *what)
{
    (void)ud;
    if (strncmp(what, "graph_launch_ns", 15) == 0)
        fake.h = 5000;
}

static void test_graph_own_calls(void)
{
    char err[512];
    for (int slow = 0; slow < 2; slow++) {
        pk_backend *b = plant(err, sizeof err);
        fake.gfix = 2400;
        fake.gone = 300;
        pk_params p;
        pk_params_init(&p);
        pk_calibrate_opts o = {4, NULL, slow ? slow_at_graph : NULL, NULL, 0, 0, 0, 0};
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], 2100, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_GRAPH_LAUNCH], 2100 + 2400, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE], fake.gnode, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_GRAPH_ONE_NODE], 2100 + 2400 + fake.gnode - 300, 1e-6);
        PK_CHECK_U64(p.samples[PK_P_GRAPH_ONE_NODE].n, 4);
        const char *one = pk_context_get(&p.context, "graph_one_node_h");
        PK_CHECK(one && strstr(one, slow ? "launch cost 5000 ns beside the one-node replays, h 2100 ns"
                                         : "launch cost 2100 ns beside the one-node replays, h 2100 ns"));
        const char *note = pk_context_get(&p.context, "graph_launch_h");
        PK_CHECK(note && strstr(note, slow ? "launch cost 5000 ns beside the replays, h 2100 ns"
                                           : "launch cost 2100 ns beside the replays, h 2100 ns"));
        /* the small graphs off the grid, recorded as measured: h + gfix + N gnode */
        const char *walls = pk_context_get(&p.context, "graph_small_walls");
        PK_CHECK(walls && strcmp(walls, slow ? "launch cost 5000 ns beside; median walls N = 3: 9350, 5: 10650, 6: 11300, "
                                               "7: 11950, 9: 13250, 12: 15200 ns"
                                             : "launch cost 2100 ns beside; median walls N = 3: 6450, 5: 7750, 6: 8400, "
                                               "7: 9050, 9: 10350, 12: 12300 ns") == 0);
        pk_params_free(&p);
        fake_backend.close(b);
    }
}

/* persistent_setup_ns referred to h the same way: S holding a launch call, the host slower (h
 * 5000 ns against the 2100 of the h step) through the persistent steps leaves S at fake.S + 2100,
 * while B_l and e_b, which take S as the runs measured it, and e are recovered as planted. */
static void slow_at_setup(void *ud, const char *what)
{
    (void)ud;
    fake.h = strncmp(what, "persistent_", 11) == 0 ? 5000 : 2100;
}

static void test_setup_own_calls(void)
{
    char err[512];
    for (int slow = 0; slow < 2; slow++) {
        pk_backend *b = plant(err, sizeof err);
        fake.setup_h = 1;
        pk_params p;
        pk_params_init(&p);
        pk_calibrate_opts o = {4, NULL, slow ? slow_at_setup : NULL, NULL, 0, 0, 0, 0};
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_LAUNCH_HOST], 2100, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S + 2100, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM_BUSY], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_TEARDOWN], fake.teardown, 1e-6);
        const char *note = pk_context_get(&p.context, "persistent_setup_h");
        PK_CHECK(note && strstr(note, slow ? "launch cost 5000 ns beside the runs, h 2100 ns"
                                           : "launch cost 2100 ns beside the runs, h 2100 ns"));
        pk_params_free(&p);
        fake_backend.close(b);
    }
}

/* B and S past a point's first runs: the first 60 resident runs 400 ns faster than the rest, and
 * the first 150 persistent runs' setup 700 ns slower, leave B at the rest's round trip and S, B_l,
 * e at the rest's (one round of 20 runs, and three). */
static void test_warm(void)
{
    char err[512];
    for (unsigned rounds = 1; rounds <= 3; rounds += 2) {
        pk_backend *b = plant(err, sizeof err);
        fake.early = 400, fake.early_runs = 60;
        fake.early_setup = 700, fake.early_setup_runs = 150;
        pk_params p;
        pk_params_init(&p);
        pk_calibrate_opts o = {20, NULL, NULL, NULL, 0, rounds, 0, 0};
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
        pk_params_free(&p);
        fake_backend.close(b);
    }
}

/* The runs timed beside a canary past its wake: the first 12 runs of another strategy after any
 * standard run (the canary's) 3000 ns slower leave S, sync_ns, graph_launch_ns and
 * graph_one_node_ns as planted (4 runs a point, so that without the untimed runs after the
 * canary every timed run would be in its wake), and the small graphs' walls as they are. */
static void test_canary_wake(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    fake.after_canary = 3000, fake.after_canary_runs = 12;
    fake.setup_h = 1, fake.gfix = 2400, fake.gone = 300;
    fake_backend.close(b);
    PK_CHECK(fake_backend.open(&(pk_backend_config){0, 1.0}, &b, err, sizeof err) == PK_OK);
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_SETUP], fake.S + 2100, 1e-6);
    /* e's large batch runs in the wake of the canary after S's runs: its wall over 12000 items
     * (0.25 ns an item here; about 0.02 on the H200, whose wake is some 200 ns), and B_l with
     * it, 3 such items */
    const double per_item = fake.after_canary / (PK_CAL_PERSISTENT_N - PK_CAL_PERSISTENT_SMALL_N);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, per_item + 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_LAUNCH_TRIP], fake.B, 3 * per_item + 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_LAUNCH], 2100 + 2400, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_GRAPH_ONE_NODE], 2100 + 2400 + fake.gnode - 300, 1e-6);
    const char *walls = pk_context_get(&p.context, "graph_small_walls");
    PK_CHECK(walls && strstr(walls, "5: 7750, 6: 8400, 7: 9050, 9: 10350, 12: 12300 ns"));
    pk_params_free(&p);
    fake_backend.close(b);
}

/* The device clock's step: items that run to a 32 ns step (3000 ns runs 3008, 2000 runs 2016,
 * 30000 runs 30016), calibrated with that step from the backend, give r = 32, o = 0 and sync_ns,
 * e_b, the graph's busy node and G_1 as planted; without the step, o takes the 30 us item's 16 ns
 * and sync_ns comes out 8 ns low (the 3 us item's step is 8). */
static void test_clock_step(void)
{
    char err[512];
    for (int known = 0; known < 2; known++) {
        pk_backend *b = plant(err, sizeof err);
        fake.step = 32, fake.gfix = 2400, fake.gone = 300, fake.gnode_busy = 700;
        pk_params p;
        pk_params_init(&p);
        pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, known ? 32 : 0};
        PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
        PK_CHECK_NEAR(p.value[PK_P_ITEM_CLOCK], known ? 32 : 0, 0);
        PK_CHECK_NEAR(p.value[PK_P_ITEM_OVERSHOOT], known ? 0 : 16, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_SYNC], fake.sync - (known ? 0 : 8), 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM_BUSY], fake.e, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_GRAPH_NODE_BUSY], 700, 1e-6);
        PK_CHECK_NEAR(p.value[PK_P_GRAPH_ONE_NODE], 2100 + 2400 + 700 - 300, 1e-6);
        pk_params_free(&p);
        fake_backend.close(b);
    }
}

int main(void)
{
    test_sync_own_calls();
    test_graph_own_calls();
    test_setup_own_calls();
    test_warm();
    test_canary_wake();
    test_clock_step();
    return pk_test_done("harness.calibrate_state");
}
