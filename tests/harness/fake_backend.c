/* The deterministic fake backend of the harness tests (see fake_backend.h). */
#include "fake_backend.h"
#include "harness/sweep.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/status.h"

fake_model fake;
long fake_run_calls;
long fake_standard_runs;
pk_point fake_log[FAKE_LOG_MAX];
long fake_log_n;

struct pk_backend {
    int open;
};
static struct pk_backend the_backend;
static long resident_runs, persistent_runs; /* since open, for fake.early and fake.early_setup */
static long since_standard;                 /* runs of other strategies since a standard run */

static int f_open(const pk_backend_config *cfg, pk_backend **out, char *err, size_t errlen)
{
    the_backend.open = 1;
    resident_runs = persistent_runs = fake_standard_runs = 0;
    since_standard = fake.after_canary_runs; /* none in its wake until a standard run */
    *out = &the_backend;
    return PK_OK;
}

static void f_close(pk_backend *b)
{
    b->open = 0;
}

static int f_context(pk_backend *b, pk_context *ctx)
{
    return pk_context_set(ctx, "device", "fake device");
}

/* When chunk j of a persistent launch's batch is in hand: j C e after the first item, chunk 1 on
 * fake.lead sooner (at the earliest with the first item). */
static double fake_chunk_ready(double j)
{
    return j > 0 ? fmax(0, j * fake.C * fake.e - fake.lead) : 0;
}

/* A persistent launch's n empty items read as chunks of fake.C words, item by item: item k
 * starts once the previous one ended and its chunk is in hand, and costs ec, the first window's
 * (fake.W) nothing on the wall (`wall`); with `end`, word n (the stop word) must be in hand too.
 * Not `wall`: the device's clock, every item at ec and no lead (the window's items run on the
 * device, within the launch's trip). */
static double fake_chunks(double n, int end, int wall)
{
    double t = 0;
    for (double k = 0; k < n; k++)
        t = fmax(t, wall ? fake_chunk_ready(floor(k / fake.C)) : floor(k / fake.C) * fake.C * fake.e) +
            (wall && k < fake.W ? 0 : fake.ec);
    return end ? fmax(t, fake_chunk_ready(floor(n / fake.C))) : t;
}

pk_backend *fake_plant(char *err, size_t errlen)
{
    memset(&fake, 0, sizeof fake);
    fake.h = 2100, fake.L = 4300, fake.g = 900, fake.sync = 1700, fake.S = 21000, fake.e = 45;
    fake.teardown = 6000, fake.gnode = 650, fake.ginst = 1300, fake.Q = 1024, fake.B = 9500;
    pk_backend *b = NULL;
    pk_backend_config cfg = {0, 1.0};
    return fake_backend.open(&cfg, &b, err, errlen) == PK_OK ? b : NULL;
}

/* A requested item's run: to the clock's step (fake.step). */
static double fake_item(double d)
{
    return d > 0 && fake.step > 0 ? ceil(d / fake.step) * fake.step : d;
}

double fake_wall(const pk_point *pt)
{
    double n = (double)pt->batch, d = fake_item((double)pt->item_ns);
    switch (pt->strategy) {
    case PK_STRAT_STANDARD: return fake.L + n * fmax(fake.h, d + fake.g) + fake.sync;
    case PK_STRAT_STANDARD_SYNC: return n * (fake.h + fake.L + d + fake.sync);
    case PK_STRAT_GRAPH:
        return (fake.gfix > 0 ? fake.h + fake.gfix : 0) - (n == 1 ? fake.gone : 0) +
               n * (d + (d > 0 && fake.gnode_busy > 0 ? fake.gnode_busy : fake.gnode));
    case PK_STRAT_PERSISTENT:
        return fake.S + (fake.setup_h ? fake.h : 0) + (fake.Bl != 0 ? fake.Bl : fake.B) +
               (fake.C > 0 && d == 0 ? fake_chunks(n, 1, 1) : n * (d + fake.e)) + fake.teardown;
    default: /* resident: the empty items of the first window ride in the round trip */
        if (d == 0 && fake.er > 0 && fake.C > 0) /* the rest at er, a wait after each full chunk */
            return fake.B + (fake.W > 0 && n > fake.W ? fake.Bw : 0) + fmax(0, n - (double)fake.W) * fake.er +
                   floor(n / fake.C) * fake.C * fmax(0, fake.e - fake.er);
        return fake.B + (fake.W > 0 && n > fake.W ? fake.Bw : 0) +
               (d > 0 ? n : fmax(0, n - (double)fake.W)) * (d + fake.e);
    }
}

static int f_run(pk_backend *b, const pk_point *pt, pk_sample *out, char *err, size_t errlen)
{
    long call = ++fake_run_calls;
    if (fake_log_n < FAKE_LOG_MAX)
        fake_log[fake_log_n] = *pt;
    fake_log_n++;
    if (!b->open)
        return PK_EINVAL;
    if (fake.fail_at_call && call == fake.fail_at_call) {
        snprintf(err, errlen, "fakeLaunch(): injected failure");
        return PK_EDEVICE;
    }
    const int canary_size = pt->strategy == PK_STRAT_STANDARD && pt->item_ns == 0 && pt->batch == PK_SWEEP_CANARY_BATCH;
    const long sleep_us = pt->strategy != PK_STRAT_STANDARD ? fake.sleep_us : canary_size ? fake.canary_sleep_us : 0;
    if (sleep_us > 0) {
        struct timespec ts = {sleep_us / 1000000, (sleep_us % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
    double n = (double)pt->batch, d = fake_item((double)pt->item_ns);
    double sign = (call % 2) ? 1.0 : -1.0;
    out->wall_ns = fake_wall(pt) * (1.0 + sign * fake.noise);
    if (pt->strategy == PK_STRAT_PERSISTENT_RESIDENT && resident_runs++ < fake.early_runs)
        out->wall_ns -= fake.early;
    out->host_ns = n * (fake.h + (pt->strategy == PK_STRAT_STANDARD ? (double)fake_standard_runs++ * fake.h_step : 0));
    if (fake.hb > 0 && pt->strategy == PK_STRAT_STANDARD && d > 0)
        out->host_ns = fake.h + (n - 1) * fake.hb;
    out->device_ns = n * d + (n > 1 ? n - 1 : 0) * fake.g; /* first item's start to last's end: N - 1 gaps */
    if (fake.C > 0 && d == 0 && pt->strategy == PK_STRAT_PERSISTENT)
        out->device_ns = fake_chunks(n, 0, 0);
    out->achieved_item_ns = d;
    out->setup_ns = pt->strategy == PK_STRAT_PERSISTENT ? fake.S + (fake.setup_h ? fake.h : 0) + n * fake.setup_per_item
                    : pt->strategy == PK_STRAT_GRAPH    ? n * fake.ginst
                                                        : NAN;
    out->teardown_ns = pt->strategy == PK_STRAT_PERSISTENT ? fake.teardown : NAN;
    if (pt->strategy == PK_STRAT_PERSISTENT && persistent_runs++ < fake.early_setup_runs)
        out->setup_ns += fake.early_setup, out->wall_ns += fake.early_setup;
    if (pt->strategy == PK_STRAT_STANDARD)
        since_standard = 0;
    else if (since_standard++ < fake.after_canary_runs) {
        out->wall_ns += fake.after_canary;
        if (pt->strategy == PK_STRAT_PERSISTENT)
            out->setup_ns += fake.after_canary;
    }
    out->sm_clock_mhz = 1000;
    out->throttled = fake.throttle_every && call % fake.throttle_every == 0;
    out->gap_ns = fake.no_item_figures ? NAN : fake.g + (d < 20000 ? fake.gap_drift : 0);
    out->item_median_ns = fake.no_item_figures ? NAN : d + fake.body;
    if (fake.no_device_time)
        out->device_ns = NAN;
    if (fake.canary_blind && pt->strategy == PK_STRAT_STANDARD && d == 0 && n == PK_SWEEP_CANARY_BATCH)
        out->host_ns = NAN;
    out->wakeups = fake.wake_every && call % fake.wake_every == 0;
    if (out->wakeups)
        out->host_ns *= 10;
    if (fake.stop_at_call && call == fake.stop_at_call && fake.stop_flag)
        *fake.stop_flag = SIGINT;
    return PK_OK;
}

static int f_probe(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err, size_t errlen)
{
    if (kind == PK_PROBE_ITEM_KERNEL) {
        if (!(fake.item_kernel > 0)) {
            snprintf(err, errlen, "fake backend: no kernel profiler");
            return PK_EUNSUPPORTED;
        }
        for (size_t i = 0; i < n; i++)
            out[i] = i % 10 == 9 ? NAN : fake.item_kernel; /* every 10th launch without a record */
        snprintf(err, errlen, "fake profiler");
        return PK_OK;
    }
    for (size_t i = 0; i < n; i++) {
        switch (kind) {
        /* The probe counts from the start of the launch call: h + L (common/backend.h). */
        case PK_PROBE_LAUNCH_LATENCY: out[i] = fake.h + fake.L; break;
        case PK_PROBE_SYNC: out[i] = fake.sync; break;
        case PK_PROBE_LAUNCH_TIMES:
            out[i] = fake.Q && i >= fake.Q ? (double)item_ns + fake.g : fake.h;
            break;
        case PK_PROBE_ITEM_KERNEL:
            break;
        }
        if (fake.probe_nan_every && kind != PK_PROBE_LAUNCH_TIMES && i % fake.probe_nan_every == 0)
            out[i] = NAN;
    }
    return PK_OK;
}

const pk_backend_ops fake_backend = {"fake", 0, f_open, f_close, f_context, NULL, f_run, f_probe, NULL, 0, 0};
