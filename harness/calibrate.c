/* Calibration of the cost-model parameters on a live backend (see calibrate.h). */
#include "harness/calibrate.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/stats.h"
#include "harness/calibrate_steps.h"
#include "harness/sweep.h"
#include "sim/analytic.h"

int cal_stopped(const cal *c)
{
    if (c->o->stop && *c->o->stop) {
        snprintf(c->err, c->errlen, "interrupted");
        return 1;
    }
    return 0;
}

void cal_step(const cal *c, const char *what)
{
    if (c->o->on_step)
        c->o->on_step(c->o->ud, what);
}

/* Stores the finite samples of v[0..n) (negatives clamped to 0; non-finite ones dropped, as
 * params files hold finite samples only) and their median as parameter id; a median of 0 where
 * 0 reads as "not measured" is stored as PK_PARAM_MEASURED_ZERO (but e_c's; the context's
 * measured_zero names them once calibration ends, pk_calibrate_note_zero). */
int cal_keep(cal *c, pk_param_id id, double *v, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[m++] = v[i] < 0 ? 0 : v[i];
    n = m;
    double med = pk_stats_median(v, n);
    if (!isfinite(med)) {
        snprintf(c->err, c->errlen, "%s: no finite sample measured", pk_param_table[id].name);
        return PK_ECHECK;
    }
    /* e_c aside: its step reads a 0 as "no chunks" (C = 0), where the model does not use it */
    if (med == 0 && id != PK_P_PERSISTENT_CHUNK_ITEM && pk_params_zero_is_missing(id))
        med = PK_PARAM_MEASURED_ZERO;
    c->p->value[id] = med;
    if (pk_params_set_samples(c->p, id, v, n) != PK_OK) {
        snprintf(c->err, c->errlen, "out of memory");
        return PK_ENOMEM;
    }
    return PK_OK;
}

/* Fills out[0..n) from the probe. Probes of independent samples (not the launch-times one,
 * whose calls must be back to back) run in chunks so that a stop request is seen soon. */
static int probe(cal *c, pk_probe kind, const char *pname, uint64_t item_ns, double *out, size_t n)
{
    char why[384] = "";
    size_t chunk = kind == PK_PROBE_LAUNCH_TIMES ? n : 64;
    for (size_t i = 0; i < n; i++)
        out[i] = NAN;
    for (size_t i = 0; i < n; i += chunk) {
        if (cal_stopped(c))
            return PK_EINTR;
        size_t m = n - i < chunk ? n - i : chunk;
        int rc = c->ops->probe(c->b, kind, item_ns, out + i, m, why, sizeof why);
        if (rc != PK_OK) {
            snprintf(c->err, c->errlen, "%s during probe %s: %s", why[0] ? why : "probe() failed", pname,
                     pk_strerror(rc));
            return rc;
        }
    }
    return PK_OK;
}

/* One warm-up and reps measured runs of pt into x[0..reps). */
int cal_runs(cal *c, const pk_point *pt, pk_sample *x, size_t reps)
{
    char why[384] = "", name[128];
    pk_point_name(pt, name, sizeof name);
    for (size_t i = 0; i <= reps; i++) {
        if (cal_stopped(c))
            return PK_EINTR;
        pk_sample *s = &x[i ? i - 1 : 0];
        s->wall_ns = s->host_ns = s->device_ns = s->achieved_item_ns = NAN;
        s->setup_ns = s->teardown_ns = s->sm_clock_mhz = s->gap_ns = s->item_median_ns = NAN;
        s->throttled = s->wakeups = 0;
        int rc = c->ops->run(c->b, pt, s, why, sizeof why);
        if (rc == PK_OK && !isfinite(s->wall_ns))
            rc = PK_ECHECK, snprintf(why, sizeof why, "run() returned no finite wall_ns");
        if (rc != PK_OK) {
            snprintf(c->err, c->errlen, "%s at point %s: %s", why[0] ? why : "run() failed", name, pk_strerror(rc));
            return rc;
        }
    }
    return PK_OK;
}

int cal_warm(cal *c, const pk_point *pt, pk_sample *x)
{
    int rc = PK_OK;
    for (unsigned k = 0; k < PK_CAL_WARM_ROUNDS && rc == PK_OK; k++)
        rc = cal_runs(c, pt, x, c->reps);
    return rc;
}

/* Q: launch call times with long items; the first call that blocks. */
static int step_queue_sync(cal *c, uint64_t *q)
{
    size_t qreps = c->reps < 3 ? c->reps : 3;
    int rc;
    cal_step(c, "launch_queue_depth (Q): launch times of long items");
    char at[96] = "";
    for (size_t r = 0; r < qreps; r++) {
        if ((rc = probe(c, PK_PROBE_LAUNCH_TIMES, "launch-times", PK_CAL_LONG_ITEM_NS, c->w, PK_CAL_QUEUE_PROBE)))
            return rc;
        const uint64_t j = pk_calibrate_queue_depth(c->w, PK_CAL_QUEUE_PROBE, PK_CAL_LONG_ITEM_NS);
        c->v[r] = (double)pk_calibrate_queue_pending(c->w, PK_CAL_QUEUE_PROBE, PK_CAL_LONG_ITEM_NS, j);
        snprintf(at + strlen(at), sizeof at - strlen(at), "%s%" PRIu64, r ? ", " : "", j);
    }
    /* the probes' first blocking calls, from which Q takes the items started by then */
    pk_context_setf(&c->p->context, "launch_queue_first_block", "call %s of %u (0: none)", at, PK_CAL_QUEUE_PROBE);
    if ((rc = cal_keep(c, PK_P_LAUNCH_QUEUE_DEPTH, c->v, qreps)))
        return rc;
    c->p->value[PK_P_LAUNCH_QUEUE_DEPTH] = pk_calibrate_depth_of(c->v, qreps); /* not a median with 0s */
    *q = (uint64_t)c->p->value[PK_P_LAUNCH_QUEUE_DEPTH];
    return PK_OK;
}

/* h: host time per launch of empty items, N below the queue depth, from runs in which no
 * launch had to wake the device worker (pk_sample.wakeups == 0): a launch that wakes it pays a
 * syscall, and while the woken worker waits for a CPU every later launch of the run pays one
 * too (h 2.1 us instead of 0.2-0.36 us on a 2-vCPU VM). Up to PK_CAL_HOST_ROUNDS rounds of reps
 * runs are made to find reps such runs; when none is found, every run of the last round counts,
 * and the context says how many runs were set aside. */
static int step_host(cal *c, uint64_t q)
{
    pk_point pt = {PK_STRAT_STANDARD, 0, PK_CAL_HOST_N, 0, 0};
    if (q > 1 && q / 2 < pt.batch)
        pt.batch = q / 2;
    cal_step(c, "launch_host_ns (h): standard, item_ns 0, runs that wake no worker");
    size_t kept = 0, made = 0, woke = 0;
    int rc;
    for (int round = 0; round < PK_CAL_HOST_ROUNDS && kept < c->reps; round++) {
        if ((rc = cal_runs(c, &pt, c->x, c->reps)))
            return rc;
        for (size_t i = 0; i < c->reps && kept < c->reps; i++, made++) { /* made: the runs looked at */
            if (c->x[i].wakeups > 0)
                woke++;
            else
                c->v[kept++] = c->x[i].host_ns / (double)pt.batch;
        }
    }
    if (kept == 0) {
        for (size_t i = 0; i < c->reps; i++)
            c->v[kept++] = c->x[i].host_ns / (double)pt.batch;
        pk_context_setf(&c->p->context, "launch_host_runs", "every one of %zu runs woke the worker: the last %zu "
                        "timed as they are", made, kept);
    } else {
        pk_context_setf(&c->p->context, "launch_host_runs", "%zu timed; %zu of %zu set aside (a launch woke the "
                        "worker)", kept, woke, made);
    }
    return cal_keep(c, PK_P_LAUNCH_HOST, c->v, kept);
}

/* L: the probe counts from the START of the launch call, so each sample includes h; the model's
 * L runs from the END of the call (a kernel on an idle device starts h + L after the call
 * began). Samples are probe - h (cal_keep() clamps at 0). */
static int step_latency(cal *c)
{
    double h = c->p->value[PK_P_LAUNCH_HOST];
    int rc;
    cal_step(c, "launch_latency_ns (L): end of the launch call on an idle device to start");
    if ((rc = probe(c, PK_PROBE_LAUNCH_LATENCY, "launch-latency", 0, c->v, c->nprobe)))
        return rc;
    for (size_t i = 0; i < c->nprobe; i++)
        c->v[i] -= h;
    return cal_keep(c, PK_P_LAUNCH_LATENCY, c->v, c->nprobe);
}

/* reps runs of standard with items of item_ns, N of them in about PK_CAL_GAP_RUN_NS (under
 * 1 ms: few machine pauses land in a run, and the host backend's host is still polling), into
 * v[0..reps): per run, the median gap between one item's end and the next one's start, a
 * median of per-item values. What an item runs beyond item_ns is not in it: that is o
 * (item_overshoot_ns), measured apart. A backend with no per-item figures gives
 * (device_ns - N achieved) / (N - 1) instead (N items, N - 1 gaps), or (wall_ns - h - L - N d) / (N - 1)
 * without device time. */
static int gap_runs(cal *c, uint64_t item_ns, uint64_t q, double *v)
{
    pk_point pt = {PK_STRAT_STANDARD, item_ns, PK_CAL_GAP_RUN_NS / item_ns, 0, 0};
    if (q > 1 && q / 2 < pt.batch)
        pt.batch = q / 2;
    if (pt.batch < 2)
        pt.batch = 2;
    int rc = cal_runs(c, &pt, c->x, c->reps);
    if (rc)
        return rc;
    const double n = (double)pt.batch, d = (double)item_ns, h = c->p->value[PK_P_LAUNCH_HOST];
    const double lat = c->p->value[PK_P_LAUNCH_LATENCY];
    for (size_t i = 0; i < c->reps; i++) {
        const pk_sample *x = &c->x[i];
        if (isfinite(x->gap_ns))
            v[i] = x->gap_ns;
        else if (isfinite(x->device_ns) && isfinite(x->achieved_item_ns)) /* N items, N - 1 gaps */
            v[i] = (x->device_ns - n * x->achieved_item_ns) / (n - 1);
        else
            v[i] = (x->wall_ns - h - lat - n * d) / (n - 1);
    }
    return PK_OK;
}

/* 1 when two measurements of g agree: within PK_CAL_GAP_AGREE_NS, or PK_CAL_GAP_AGREE_PCT of the
 * larger. */
static int gaps_agree(double a, double b)
{
    double diff = fabs(a - b), big = fmax(a, b);
    return diff <= PK_CAL_GAP_AGREE_NS || diff <= big * PK_CAL_GAP_AGREE_PCT / 100;
}

/* g, device-bound (items much longer than h), measured at two item lengths that must agree (a
 * calibration check: the model's g is one constant). When they disagree both are measured once
 * more; when they still do, g is the long items' (DESIGN.md's definition), and the context's
 * kernel_gap_check says "disagree" with both values, which makes the gates of a comparison
 * with these parameters inconclusive rather than failed (harness/noise.h). Machine pauses are
 * not charged to g: a pause that lands between two items moves one gap of many, and the median
 * does not see it; one inside a host item does not lengthen it (items spin on the clock). */
static int step_gap(cal *c, uint64_t q)
{
    const uint64_t len[2] = {PK_CAL_GAP_LONG_ITEM_NS, PK_CAL_GAP_SHORT_ITEM_NS};
    double *v = c->v, g[2] = {NAN, NAN};
    int rc, agree = 0;
    cal_step(c, "kernel_gap_ns (g): standard, gaps between items, at two item lengths");
    for (int attempt = 0; attempt < 2 && !agree; attempt++) {
        for (int k = 0; k < 2; k++) {
            if ((rc = gap_runs(c, len[k], q, v + k * c->reps)))
                return rc;
            g[k] = pk_stats_median(v + k * c->reps, c->reps);
        }
        agree = gaps_agree(g[0], g[1]);
    }
    pk_context_setf(&c->p->context, "kernel_gap_check", "%s: %.0f ns at %.0f us items, %.0f ns at %.0f us (tolerance "
                    "%d ns or %d%%)", agree ? "agree" : "disagree", g[0], len[0] / 1e3, g[1], len[1] / 1e3,
                    PK_CAL_GAP_AGREE_NS, PK_CAL_GAP_AGREE_PCT);
    return cal_keep(c, PK_P_KERNEL_GAP, v, agree ? 2 * c->reps : c->reps);
}

/* h, then L (which h is subtracted from), then g: the launch path. */
static int step_launch(cal *c, uint64_t q)
{
    int rc;
    if ((rc = step_host(c, q)) || (rc = step_latency(c)))
        return rc;
    return step_gap(c, q);
}

/* Runs pt (one warm-up, c->reps measured) into x; batch capped at half the queue depth q so
 * that no launch call blocks. */
static int runs_below_queue(cal *c, pk_point pt, uint64_t q, pk_sample *x, uint64_t *n)
{
    if (q > 1 && q / 2 < pt.batch)
        pt.batch = q / 2;
    *n = pt.batch;
    return cal_runs(c, &pt, x, c->reps);
}

double cal_item_run(const cal *c, uint64_t item_ns)
{
    const pk_costs k = {.o = c->p->value[PK_P_ITEM_OVERSHOOT], .r = c->p->value[PK_P_ITEM_CLOCK]};
    return pk_costs_item(&k, (double)item_ns);
}

/* h_b and o: launches of items much longer than a call, so that the device executes during
 * every call but the first: host time per call, and how much longer than requested the items
 * ran. */
static int step_busy(cal *c, uint64_t q)
{
    uint64_t n;
    int rc;
    cal_step(c, "launch_host_busy_ns (h_b), item_overshoot_ns (o): standard, long items");
    pk_point pt = {PK_STRAT_STANDARD, PK_CAL_BUSY_ITEM_NS, PK_CAL_BUSY_N, 0, 0};
    if ((rc = runs_below_queue(c, pt, q, c->x, &n)))
        return rc;
    const double h = c->p->value[PK_P_LAUNCH_HOST]; /* the first call's, on an idle device */
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = n > 1 ? (c->x[i].host_ns - h) / (double)(n - 1) : c->x[i].host_ns / (double)n;
    if ((rc = cal_keep(c, PK_P_LAUNCH_HOST_BUSY, c->v, c->reps)))
        return rc;
    c->p->value[PK_P_ITEM_OVERSHOOT] = 0; /* o: past the item's requested duration on the clock's step */
    const double stepped = cal_item_run(c, PK_CAL_BUSY_ITEM_NS);
    for (size_t i = 0; i < c->reps; i++) /* the median item where the backend gives one, not the mean */
        c->v[i] = (isfinite(c->x[i].item_median_ns) ? c->x[i].item_median_ns : c->x[i].achieved_item_ns) - stepped;
    return cal_keep(c, PK_P_ITEM_OVERSHOOT, c->v, c->reps);
}

/* sync_ns, as the device end of a kernel the host waits for to the host seeing it: launch +
 * synchronize per item with items long enough that the host is waiting when they end; per
 * item, what is left after a launch call, its latency (L) and the item's run (d + o). The call
 * is charged at the launch cost measured just before and just after these runs, as the sweep's
 * canary measures it, not at h: the host's launch cost flips between states within seconds, and
 * in one H200 calibration whose three rounds saw three (h 3390, 3940, 4497 ns) a sync_ns taken
 * against h came out 3248, 2721 and 1980 ns, h + sync_ns constant (results/h200/lease8). What a
 * call right after a synchronize costs beyond that stays in sync_ns, where the model charges it.
 * h when neither side gives a launch cost. */
static int step_sync(cal *c)
{
    int rc;
    double h;
    cal_step(c, "sync_ns: launch + synchronize per item, the host waiting");
    pk_point pt = {PK_STRAT_STANDARD_SYNC, PK_CAL_SYNC_ITEM_NS, PK_CAL_SYNC_N, 0, 0};
    if ((rc = cal_runs_beside(c, &pt, &h, NULL))) /* h itself where none was measured */
        return rc;
    const double lat = c->p->value[PK_P_LAUNCH_LATENCY];
    const double d = cal_item_run(c, pt.item_ns);
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = c->x[i].wall_ns / (double)pt.batch - h - lat - d;
    return cal_keep(c, PK_P_SYNC, c->v, c->reps);
}

/* Graph replays' slope from a small to a large graph of item_ns items, less d + o, into v (runs: x,
 * xl); the small graph's median wall into *w_small when not NULL. */
static int graph_slope(cal *c, uint64_t item_ns, double *w_small)
{
    pk_point small = {PK_STRAT_GRAPH, item_ns, PK_CAL_GRAPH_SMALL_N, 0, 0};
    pk_point large = {PK_STRAT_GRAPH, item_ns, PK_CAL_GRAPH_N, 0, 0};
    int rc;
    if ((rc = cal_runs(c, &small, c->x, c->reps)) || (rc = cal_runs(c, &large, c->xl, c->reps)))
        return rc;
    const double ns = (double)small.batch, nl = (double)large.batch;
    const double d = cal_item_run(c, item_ns);
    for (size_t i = 0; i < c->reps; i++)
        c->w[i] = c->x[i].wall_ns;
    const double ws = pk_stats_median(c->w, c->reps);
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = (c->xl[i].wall_ns - ws) / (nl - ns) - d;
    if (w_small)
        *w_small = ws;
    return PK_OK;
}

/* Replays of a few more small graphs of empty items, all off the sweep's power-of-two grid,
 * recorded and not used by the model: a sweep's cost per node falls with N (H200 lease 67: 1.1-1.3
 * us a node from N = 1 to 3, lumpy from one N to the next, against 0.97 us from 3 to 3000 nodes),
 * and a model of that needs calibration data beside the main jobs' sweeps to be judged on them.
 * They do not follow the sweep's walls at the same N (lease 68: 0.4-0.9 us off, the same way in
 * five rounds; lease 69: the lumps are the process's history), so the model takes the one-node
 * replay instead (graph_one_node). Context graph_small_walls: the launch cost beside these
 * replays and the median wall at each N (N = 3's from step_graph, w3). */
static int graph_small_walls(cal *c, double w3)
{
    static const unsigned sizes[] = {5, 6, 7, 9, 12};
    enum { K = sizeof sizes / sizeof sizes[0] };
    double now[2 * PK_SWEEP_CANARY_RUNS];
    char walls[PK_CONTEXT_VALUE];
    size_t nn = 0, w = (size_t)snprintf(walls, sizeof walls, "N = 3: %.0f", w3);
    const pk_point first = {PK_STRAT_GRAPH, 0, sizes[0], 0, 0};
    int rc = cal_canary_then(c, &first, now, &nn);
    for (size_t k = 0; k < K && rc == PK_OK; k++) {
        pk_point pt = {PK_STRAT_GRAPH, 0, sizes[k], 0, 0};
        if ((rc = cal_runs(c, &pt, c->x, c->reps)) != PK_OK)
            break;
        for (size_t i = 0; i < c->reps; i++)
            c->w[i] = c->x[i].wall_ns;
        if (w < sizeof walls)
            w += (size_t)snprintf(walls + w, sizeof walls - w, ", %u: %.0f", sizes[k], pk_stats_median(c->w, c->reps));
    }
    if (rc != PK_OK || (rc = cal_launch_cost_now(c, now, &nn)) != PK_OK)
        return rc;
    char at[64];
    pk_context_setf(&c->p->context, "graph_small_walls", "%s; median walls %s ns",
                    cal_beside_text(at, sizeof at, nn, nn ? pk_stats_median(now, nn) : NAN, ""), walls);
    return PK_OK;
}

/* graph_one_node_ns (G_1): replays of a graph of one node, whose item runs
 * PK_CAL_BUSY_GRAPH_ITEM_NS (off the sweep's grid of item durations, as graph_node_busy_ns's),
 * less the item's run d + o, referred to h as graph_launch_ns is (the launch cost measured just
 * before and just after them). graph_launch_ns is taken at N = 3 with the slope from 3 to 3000
 * nodes, but the first nodes cost more than that slope: 1.1-1.3 us each against 0.96 (H200 lease
 * 67), and given the host's state the main jobs of leases 68-69 put the graph at N = 1 too
 * slow, at item 0 by +4.8% to +16.3%, at items of 1-20 us mostly by +1% to +8%. On their sweeps'
 * own graphs at N = 1, the wall less d + o and the canary at items of 1 to 50 us sat -0.25 to
 * +0.30 us from the empty item's in lease 68 (up to +1.0 us in lease 69, whose host's launch
 * cost moved between 3.6 and 5.2 us), so one item duration off the grid stands for all. The
 * model: pk_costs_graph_small (sim/analytic.h). */
static int graph_one_node(cal *c)
{
    pk_point pt = {PK_STRAT_GRAPH, PK_CAL_BUSY_GRAPH_ITEM_NS, 1, 0, 0};
    double beside;
    size_t nn;
    char at[64];
    int rc = cal_runs_beside(c, &pt, &beside, &nn);
    if (rc)
        return rc;
    const double h = c->p->value[PK_P_LAUNCH_HOST];
    const double d = cal_item_run(c, pt.item_ns);
    pk_context_setf(&c->p->context, "graph_one_node_h", "%s the one-node replays, h %.0f ns",
                    cal_beside_text(at, sizeof at, nn, beside, " (h taken)"), h);
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = c->x[i].wall_ns - d - beside + h;
    return cal_keep(c, PK_P_GRAPH_ONE_NODE, c->v, c->reps);
}

/* Graph: replays of a small and a large graph give the per-node cost (the slope) and the fixed
 * cost of one replay (the small one less its nodes); capture + instantiate per node from the
 * large one; the same with non-empty items, a node's cost beside its item's run. The fixed cost
 * holds a launch call, whose cost follows the host's state: like sync_ns, it is taken at the
 * launch cost measured just before and just after the replays and referred to h (the fixed
 * cost at the launch cost h), so that the model charges it at h, and at the canary's cost given
 * the host's state. Taken against h, measured at the round's start, the fixed cost less h
 * ranged 2.1-3.5 us over the 22 calibrations of H200 leases 52, 54 and 55, where the fixed cost
 * their sweeps imply (twice the one-node graph less the two-node one) less the canary beside it
 * was 1.8-2.3 us in 9 of 11 sweeps. h when neither side gives a launch cost. */
static int step_graph(cal *c)
{
    const double ns = PK_CAL_GRAPH_SMALL_N, nl = PK_CAL_GRAPH_N;
    double now[2 * PK_SWEEP_CANARY_RUNS], w_small = NAN;
    size_t nn = 0;
    int rc;
    cal_step(c, "graph_launch_ns, graph_node_ns, graph_instantiate_ns, graph_node_busy_ns, graph_one_node_ns: graph "
                "replays");
    const pk_point small = {PK_STRAT_GRAPH, 0, PK_CAL_GRAPH_SMALL_N, 0, 0};
    if ((rc = cal_canary_then(c, &small, now, &nn)) || (rc = graph_slope(c, 0, &w_small)) ||
        (rc = cal_launch_cost_now(c, now, &nn)) || (rc = cal_keep(c, PK_P_GRAPH_NODE, c->v, c->reps)))
        return rc;
    const double node = c->p->value[PK_P_GRAPH_NODE], h = c->p->value[PK_P_LAUNCH_HOST];
    const double beside = nn ? pk_stats_median(now, nn) : h;
    char at[64];
    pk_context_setf(&c->p->context, "graph_launch_h", "%s the replays, h %.0f ns",
                    cal_beside_text(at, sizeof at, nn, beside, " (h taken)"), h);
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = c->x[i].wall_ns - ns * node - beside + h;
    if ((rc = cal_keep(c, PK_P_GRAPH_LAUNCH, c->v, c->reps)))
        return rc;
    /* a backend that builds the graph once and replays it (CUDA, HIP: in the untimed warm-up run)
     * reports that one build's setup_ns in every run: one sample, not reps copies of it */
    size_t builds = 1;
    for (size_t i = 0; i < c->reps; i++) {
        c->v[i] = c->xl[i].setup_ns / nl;
        builds = c->v[i] == c->v[0] ? builds : c->reps;
    }
    if ((rc = cal_keep(c, PK_P_GRAPH_INSTANTIATE, c->v, builds)) ||
        (rc = graph_slope(c, PK_CAL_BUSY_GRAPH_ITEM_NS, NULL)) ||
        (rc = cal_keep(c, PK_P_GRAPH_NODE_BUSY, c->v, c->reps)) || (rc = graph_one_node(c)))
        return rc;
    return graph_small_walls(c, w_small);
}

/* item_kernel_ns: the item kernel's run at item_ns 0 as a profiler times a kernel (CUPTI's
 * activity records), so that a workload's graph replay, whose traced kernel durations hold their
 * own run, is charged only the rest of graph_node_ns (harness/workload_predict.h). Last, so that
 * the profiler, attached for this step alone, cannot disturb another step. A backend without a
 * profiler leaves it unmeasured and the context says why. */
static int step_item_kernel(cal *c)
{
    const size_t n = PK_CAL_ITEM_KERNEL_N;
    char how[384] = "", note[PK_CONTEXT_VALUE]; /* the note is cut to what a context value holds */
    cal_step(c, "item_kernel_ns: the item kernel's run at item_ns 0 as CUPTI times a kernel");
    if (cal_stopped(c))
        return PK_EINTR;
    for (size_t i = 0; i < n; i++)
        c->v[i] = NAN;
    int rc = c->ops->probe(c->b, PK_PROBE_ITEM_KERNEL, 0, c->v, n, how, sizeof how);
    if (rc == PK_EUNSUPPORTED) {
        c->p->value[PK_P_ITEM_KERNEL] = NAN;
        snprintf(note, sizeof note, "not measured: %s", how[0] ? how : "the backend has no kernel profiler");
        pk_context_set(&c->p->context, "item_kernel_probe", note);
        return PK_OK;
    }
    if (rc != PK_OK) {
        snprintf(c->err, c->errlen, "%s during probe item-kernel: %s", how[0] ? how : "probe() failed",
                 pk_strerror(rc));
        return rc;
    }
    size_t timed = 0;
    for (size_t i = 0; i < n; i++)
        timed += isfinite(c->v[i]) != 0;
    snprintf(note, sizeof note, "%s, %zu launches, %zu timed", how[0] ? how : "profiled", n, timed);
    pk_context_set(&c->p->context, "item_kernel_probe", note);
    return cal_keep(c, PK_P_ITEM_KERNEL, c->v, n);
}

/* One round: every step but the profiler's, into c->p. */
static int round_steps(cal *c)
{
    uint64_t q = 0;
    int rc;
    c->p->value[PK_P_ITEM_CLOCK] = c->o->clock_ns > 0 && isfinite(c->o->clock_ns) ? c->o->clock_ns : 0;
    /* The graph late (only the CUPTI probe after it): measured first, right after the context is
     * made, its per-node cost came out 17% below the sweep's on an H200 (results/h200/README.md);
     * measured last it agreed within 0.2%. The likely cause: before any persistent launch the
     * device dispatches kernels faster (leases 48-50); the backend now settles the device before
     * its first measurement (PKB_SETTLE_LAUNCHES), and the graph stays last. */
    if ((rc = step_queue_sync(c, &q)) == PK_OK && (rc = step_launch(c, q)) == PK_OK &&
        (rc = step_busy(c, q)) == PK_OK && (rc = step_sync(c)) == PK_OK && (rc = cal_step_setup_teardown(c)) == PK_OK &&
        (rc = cal_step_item_batch(c)) == PK_OK && (rc = cal_step_window(c)) == PK_OK &&
        (rc = cal_step_item_busy(c)) == PK_OK)
        rc = step_graph(c);
    return rc;
}

/* Item time: the differences in the steps subtract what the model charges per item, for a
 * non-empty item the requested duration d on the device clock's step (item_clock_ns, from the
 * backend: cal_item_run) plus o (item_overshoot_ns: clock reads, the block barrier, the counter
 * update; 8-46 ns on the H100, where o held the step too). g is measured between items, from
 * per-item timestamps, so that neither o nor a machine pause enters it. With rounds, every
 * round's steps into a set of its own, then pk_calibrate_combine. */
int pk_calibrate(const pk_backend_ops *ops, pk_backend *b, const pk_calibrate_opts *o, pk_params *p, char *err,
                 size_t errlen)
{
    cal c = {ops, b, o, p, err, errlen, 0, 0, NULL, NULL, NULL, NULL, 0};
    const size_t k = o->rounds > 1 ? o->rounds : 1;
    c.reps = o->reps ? (size_t)o->reps : 1;
    c.nprobe = 10 * c.reps;
    size_t cap = c.nprobe > PK_CAL_QUEUE_PROBE ? c.nprobe : PK_CAL_QUEUE_PROBE; /* >= PK_CAL_ITEM_KERNEL_N */
    c.v = malloc(cap * sizeof *c.v);
    c.w = malloc(cap * sizeof *c.w);
    c.x = malloc(c.reps * sizeof *c.x);
    c.xl = malloc(c.reps * sizeof *c.xl);
    pk_params *r = k > 1 && k <= PK_CAL_MAX_ROUNDS ? calloc(k, sizeof *r) : NULL;
    int rc = PK_ENOMEM;
    if (k > PK_CAL_MAX_ROUNDS) {
        snprintf(err, errlen, "%zu rounds: at most %d", k, PK_CAL_MAX_ROUNDS);
        rc = PK_EINVAL;
    } else if (!c.v || !c.w || !c.x || !c.xl || (k > 1 && !r)) {
        snprintf(err, errlen, "out of memory");
    } else if (k == 1) {
        rc = round_steps(&c);
    } else {
        rc = PK_OK;
        for (size_t i = 0; i < k; i++)
            pk_params_init(&r[i]);
        for (size_t i = 0; i < k && rc == PK_OK; i++) {
            c.p = &r[i];
            if ((rc = round_steps(&c)) != PK_OK && rc != PK_EINTR) {
                char why[1024];
                snprintf(why, sizeof why, "%s", err);
                snprintf(err, errlen, "round %zu of %zu: %.1000s", i + 1, k, why);
            }
        }
        c.p = p;
        if (rc == PK_OK)
            rc = pk_calibrate_combine(r, k, p, err, errlen);
        for (size_t i = 0; i < k; i++)
            pk_params_free(&r[i]);
    }
    if (rc == PK_OK) /* the profiler once, last */
        rc = step_item_kernel(&c);
    if (rc == PK_OK)
        pk_calibrate_note_zero(p);
    if (rc == PK_EINTR)
        snprintf(err, errlen, "interrupted");
    free(r);
    free(c.v);
    free(c.w);
    free(c.x);
    free(c.xl);
    return rc;
}
