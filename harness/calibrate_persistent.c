/* Calibration of the persistent modes' parameters: S, teardown, e, e_c, C, B_l, B, W, B_w and
 * e_b (see calibrate.h and results/SCHEMA.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/status.h"
#include "harness/calibrate_steps.h"
#include "harness/stats.h"
#include "harness/sweep.h"

/* The sweep's push canary measures B as B is calibrated here. */
_Static_assert(PK_SWEEP_PUSH_N == PK_CAL_RESIDENT_N, "the push canary's batch is B's");

/* A persistent run less its setup and teardown as the run reports them: B_l + N e. */
static double launch_middle(const pk_sample *x)
{
    return x->wall_ns - x->setup_ns - (isfinite(x->teardown_ns) ? x->teardown_ns : 0);
}

/* S and teardown as the seed's persistent mode reports them at a small batch, where the decision
 * is made (launch to every block running; every item reported to the exit); its runs (x) and
 * their middles (w) are kept for step_item_batch. S holds the launch call, whose cost follows
 * the host's state: like sync_ns and graph_launch_ns it is taken at the launch cost measured just
 * before and just after its runs and referred to h (S at the launch cost h). Against h, in the
 * eight main jobs of H200 leases 58-59, the sweeps' setup_ns at item 0, N = 1-8, lay 0.1-0.9 us
 * below S moved by the canary's distance from h (31 of 32 points), and persistent was predicted
 * 3-9% too slow there. The other persistent steps take S as their runs measured it (setup_shift).
 * Its timed runs follow PK_CAL_WARM_ROUNDS untimed rounds: setup_ns falls over a point's first
 * tens of runs (calibrate.h). */
int cal_step_setup_teardown(cal *c)
{
    pk_point pt = {PK_STRAT_PERSISTENT, 0, PK_CAL_PERSISTENT_SMALL_N, 0, 0};
    double beside;
    size_t nn;
    char at[64];
    int rc;
    cal_step(c, "persistent_setup_ns (S), persistent_teardown_ns: persistent, small batch, item_ns 0");
    if ((rc = cal_warm(c, &pt, c->x)) || (rc = cal_runs_beside(c, &pt, &beside, &nn)))
        return rc;
    const double h = c->p->value[PK_P_LAUNCH_HOST];
    c->setup_shift = beside - h;
    pk_context_setf(&c->p->context, "persistent_setup_h", "%s the runs, h %.0f ns",
                    cal_beside_text(at, sizeof at, nn, beside, " (h taken)"), h);
    for (size_t i = 0; i < c->reps; i++)
        c->w[i] = launch_middle(&c->x[i]);
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = c->x[i].setup_ns - c->setup_shift;
    if ((rc = cal_keep(c, PK_P_PERSISTENT_SETUP, c->v, c->reps)))
        return rc;
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = isfinite(c->x[i].teardown_ns) ? c->x[i].teardown_ns : 0;
    return cal_keep(c, PK_P_PERSISTENT_TEARDOWN, c->v, c->reps);
}

/* The median of f over the runs x[0..n), in scratch v. */
static double median_of(double *v, const pk_sample *x, size_t n, double (*f)(const pk_sample *))
{
    for (size_t i = 0; i < n; i++)
        v[i] = f(&x[i]);
    return pk_stats_median(v, n);
}
static double f_wall(const pk_sample *x) { return x->wall_ns; }
static double f_device(const pk_sample *x) { return x->device_ns; }

/* The batch size at which e_c is measured: about 0.78 C (200 of 256 words, 400 of 512), one
 * chunk with its stop word and off the sweep's power-of-two grid; 0 (not measured) for a chunk
 * too small to tell. */
static uint64_t chunk_probe_n(unsigned C)
{
    return C >= 64 ? (uint64_t)C * 25u / 32u : 0;
}

/* The items of a batch of n that a chunked launch charges: none within the window of W
 * (pk_costs_launch_free). */
static double charged(double n, unsigned W)
{
    return n - fmin(n, (double)W);
}

/* X (persistent_chunk_lead_ns): the 3 C batch's runs wm (median m_m) against the chunked model's 3 C e - X for
 * it, past the small batch's median wall w_small and its s_c charged items at e_c. Kept (*kept)
 * where it comes out above 0, held to C e (no lead puts chunk 1 before the first item, as the
 * model holds it), else 0; context persistent_chunk_lead either way. */
static int chunk_lead(cal *c, const double *wm, double m_m, double nm, double w_small, double s_c, double ec, int *kept)
{
    const double e = c->p->value[PK_P_PERSISTENT_ITEM], C = nm / 3;
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = nm * e - s_c * ec - (wm[i] - w_small);
    const double raw = nm * e - s_c * ec - (m_m - w_small);
    int rc = cal_keep(c, PK_P_PERSISTENT_CHUNK_LEAD, c->v, c->reps);
    const double X = c->p->value[PK_P_PERSISTENT_CHUNK_LEAD];
    *kept = rc == PK_OK && X > 0;
    if (*kept)
        c->p->value[PK_P_PERSISTENT_CHUNK_LEAD] = fmin(X, C * e);
    else if (rc == PK_OK)
        rc = pk_params_set_samples(c->p, PK_P_PERSISTENT_CHUNK_LEAD, NULL, 0);
    if (rc == PK_OK)
        pk_context_setf(&c->p->context, "persistent_chunk_lead",
                        "N = %.0f: median wall %.0f ns, %.0f ns past N = %.0f's; "
                        "X %.0f ns%s", nm, m_m, m_m - w_small,
                        (double)PK_CAL_PERSISTENT_SMALL_N, raw,
                        !*kept ? ", not above 0: not kept" : X > C * e ? ", held to C e" : "");
    return rc;
}

/* e from the large batch's runs (c->xl) as the chunked model charges them (a_l e - X + c_l e_c):
 * past the 3 C batch of nm items (median wall m_m, 3 C e - X) where m_m is finite, so that the
 * lead cancels; else past the small batch (w_small, its s_c charged items at e_c) with no lead;
 * with no chunks (a_l = 0) the walls' plain slope over plain_n items. */
static int item_slope(cal *c, double w_small, double m_m, double nm, double a_l, double c_l, double s_c, double ec,
                      double plain_n)
{
    for (size_t i = 0; i < c->reps; i++) {
        const double w = c->xl[i].wall_ns;
        c->v[i] = !(a_l > 0)     ? (w - w_small) / plain_n
                  : isfinite(m_m) ? (w - m_m - c_l * ec) / (a_l - nm)
                                  : (w - w_small + s_c * ec - c_l * ec) / a_l;
    }
    return cal_keep(c, PK_P_PERSISTENT_ITEM, c->v, c->reps);
}

/* e_c, within one chunk: the slope between the small batch and a batch of one chunk (N =
 * chunk_probe_n), from the device's clock where the backend reports one (device_ns: the
 * batch's first chunk start to its last chunk end, no host in it), else from the walls. C: the
 * backend's chunk (context persistent_chunk_words), 0 where it has none or e_c came out 0 or no
 * cheaper than e (the loads are then no bound: the model without chunks).
 * e: the slope of the persistent mode's walls between the small and a large batch (not of the
 * runs less their own setups: the host sees every block running only after writing the batch,
 * so a large batch's setup_ns holds its writing, and that slope came out 1.1 ns below the sweep's
 * 14.0 ns per item on the H200, results/h200/lease22), as the chunked model charges the large
 * batch: J = (N - 1) / C chunks after the first at C e each, then its last chunk's rem items at
 * e_c, and, with the lead probe of 3 C items, past that probe so that the lead X cancels
 * (item_slope, chunk_lead). B_l: the small batch's median wall less the medians of its setup and teardown and its
 * charged items (the batch published with the launch, read in the kernel's first load; not B,
 * whose poll it never waits for: results/h200/lease17; with chunks none within the window), so
 * that S + T + B_l + those items is the median
 * wall the runs measured (medians do not add, and on the H200's VM setup_ns spreads with a cv near
 * 40%; the context's persistent_small_batch gives both). Then B from the resident
 * kernel at a small batch, less the dispatch of its items beyond the first window (none on a
 * GPU: the window's items ride in the round trip, pk_costs_window_free). */
int cal_step_item_batch(cal *c)
{
    double *v = c->v;
    int rc;
    const double ns = (double)PK_CAL_PERSISTENT_SMALL_N;
    cal_step(c, "persistent_item_ns (e), persistent_chunk_item_ns (e_c), persistent_launch_trip_ns (B_l): persistent, "
            "one chunk and a large batch, item_ns 0");
    const double w_small = median_of(v, c->x, c->reps, f_wall); /* step_setup_teardown's runs */
    /* S as the small batch's runs measured it, so that S + T + B_l + its charged items stays their wall */
    const double S = c->p->value[PK_P_PERSISTENT_SETUP] + c->setup_shift, T = c->p->value[PK_P_PERSISTENT_TEARDOWN];
    const unsigned C = c->o->chunk_items, W = c->o->window_items;
    const double nl = (double)PK_CAL_PERSISTENT_N;
    const uint64_t nc = nl > C ? chunk_probe_n(C) : 0; /* the large batch must span chunks */
    double ec = 0;
    if (nc) {
        pk_point ptc = {PK_STRAT_PERSISTENT, 0, nc, 0, 0};
        if ((rc = cal_runs(c, &ptc, c->xl, c->reps)))
            return rc;
        const double d_small = median_of(v, c->x, c->reps, f_device);
        const int dev = isfinite(d_small) && isfinite(median_of(v, c->xl, c->reps, f_device));
        /* the walls charge no item within the window (pk_costs_launch_free); the device runs them all */
        const double walls_n = charged((double)nc, W) - charged(ns, W);
        if (dev || walls_n > 0) { /* else the window holds the probe's every item: no e_c (no chunks, below) */
            for (size_t i = 0; i < c->reps; i++)
                v[i] = dev ? (c->xl[i].device_ns - d_small) / ((double)nc - ns)
                           : (c->xl[i].wall_ns - w_small) / walls_n;
            if ((rc = cal_keep(c, PK_P_PERSISTENT_CHUNK_ITEM, v, c->reps)))
                return rc;
            ec = c->p->value[PK_P_PERSISTENT_CHUNK_ITEM];
            pk_context_setf(&c->p->context, "persistent_chunk", "C = %u words; e_c from the %s at N = %.0f and %llu",
                            C, dev ? "device's clock (device_ns)" : "walls", ns, (unsigned long long)nc);
        }
    }
    const double J = nc ? floor((nl - 1) / C) : 0, rem = nl - J * C;
    /* the lead probe, 3 C items: its stop word, in chunk 3, ends it (the large batch spans more) */
    const double nm = nc && J >= 4 ? 3.0 * C : 0;
    double *wm = NULL, m_m = NAN;
    if (nm) {
        pk_point ptm = {PK_STRAT_PERSISTENT, 0, (uint64_t)nm, 0, 0};
        if (!(wm = malloc(c->reps * sizeof *wm))) {
            snprintf(c->err, c->errlen, "out of memory");
            return PK_ENOMEM;
        }
        if ((rc = cal_runs(c, &ptm, c->xl, c->reps))) {
            free(wm);
            return rc;
        }
        for (size_t i = 0; i < c->reps; i++)
            wm[i] = c->xl[i].wall_ns;
        m_m = pk_stats_median(wm, c->reps);
    }
    pk_point ptl = {PK_STRAT_PERSISTENT, 0, PK_CAL_PERSISTENT_N, 0, 0};
    /* the large batch as the chunked model charges it (a_l e - X + c_l e_c), past the small one's
     * charged items (none within the window) with no lead; then, with the lead probe and chunks
     * kept, past the probe (3 C e - X) with X, and back to the first where X is not above 0 */
    const double a_l = !nc ? 0 : rem < C ? J * C : nl, c_l = rem < C ? rem : 0, s_c = charged(ns, W);
    if ((rc = cal_runs(c, &ptl, c->xl, c->reps)) == PK_OK &&
        (rc = item_slope(c, w_small, NAN, 0, a_l, c_l, s_c, ec, nl - ns)) == PK_OK) {
        c->p->value[PK_P_PERSISTENT_CHUNK_LEAD] = 0;
        rc = pk_params_set_samples(c->p, PK_P_PERSISTENT_CHUNK_LEAD, NULL, 0);
    }
    if (rc == PK_OK && nm && ec > 0 && ec < c->p->value[PK_P_PERSISTENT_ITEM]) {
        int kept = 0;
        if ((rc = item_slope(c, w_small, m_m, nm, a_l, c_l, s_c, ec, 0)) == PK_OK &&
            (rc = chunk_lead(c, wm, m_m, nm, w_small, s_c, ec, &kept)) == PK_OK && !kept)
            rc = item_slope(c, w_small, NAN, 0, a_l, c_l, s_c, ec, 0);
    }
    free(wm);
    if (rc)
        return rc;
    double e = c->p->value[PK_P_PERSISTENT_ITEM];
    if (nc && !(ec > 0 && ec < e)) { /* none measured, or no cheaper within a chunk: the walls' plain slope */
        for (size_t i = 0; i < c->reps; i++)
            v[i] = (c->xl[i].wall_ns - w_small) / (nl - ns);
        if ((rc = cal_keep(c, PK_P_PERSISTENT_ITEM, v, c->reps)))
            return rc;
        e = c->p->value[PK_P_PERSISTENT_ITEM];
        pk_context_setf(&c->p->context, "persistent_chunk", "C = %u words; no chunks: e_c %.1f ns, not cheaper than e "
                        "(%.1f ns) and above 0", C, ec, e);
        ec = 0;
        c->p->value[PK_P_PERSISTENT_CHUNK_ITEM] = 0;
        if ((rc = pk_params_set_samples(c->p, PK_P_PERSISTENT_CHUNK_ITEM, NULL, 0)))
            return rc;
    }
    c->p->value[PK_P_PERSISTENT_CHUNK_ITEMS] = ec > 0 ? C : 0;
    /* the small batch's items: none within the window where read as chunks (pk_costs_launch_free) */
    const double e_small = ec > 0 ? charged(ns, W) * ec : ns * e;
    for (size_t i = 0; i < c->reps; i++)
        v[i] = c->x[i].wall_ns - S - T - e_small; /* step_setup_teardown's runs */
    if ((rc = cal_keep(c, PK_P_PERSISTENT_LAUNCH_TRIP, v, c->reps)))
        return rc;
    const double rest = pk_stats_median(c->w, c->reps); /* step_setup_teardown's middles */
    pk_context_setf(&c->p->context, "persistent_small_batch",
                    "N = %.0f: median wall %.0f ns; the medians of setup (%.0f), teardown (%.0f) and the rest (%.0f) "
                    "sum to %.0f ns",
                    ns, w_small, S, T, rest, S + T + rest);
    pk_point pt = {PK_STRAT_PERSISTENT_RESIDENT, 0, PK_CAL_RESIDENT_N, 0, 0};
    cal_step(c, "persistent_batch_ns (B): persistent-resident, small batch, item_ns 0");
    if ((rc = cal_warm(c, &pt, c->x)) ||
        (rc = cal_runs(c, &pt, c->x, c->reps))) /* past the fresh kernel's first batches */
        return rc;
    for (size_t i = 0; i < c->reps; i++) /* no dispatch charged within the window */
        v[i] = c->x[i].wall_ns - fmax(0, (double)pt.batch - (double)c->o->window_items) * e;
    return cal_keep(c, PK_P_PERSISTENT_BATCH, v, c->reps);
}

/* W, B_w and e_r: resident batches of empty items, all off the sweep's power-of-two grid. Where
 * the model reads chunks (C, as cal_step_item_batch stored it, at least 8 W words): batches of 3 W
 * and 7 W items, whole warps both and within the first chunk, whose difference per item is e_r,
 * kept where it lies in (0, e) (else 0, as e_c: the model's split needs items cheaper than the
 * steady rate); and B_w what 3 W costs beyond W/2 - 1 (whose items ride free in the window, as
 * B's) less its 2 W items past the window at e_r, or at e where e_r was not kept. Without such a
 * chunk, e_r is not measured (0) and B_w is taken at 1.5 W with its 0.5 W items past the window
 * at e, as before e_r. The 1.5 W batch is run either way: context persistent_window_walls keeps
 * its median beside the others and the B_w it gives (H200 lease 72: it sits on the flat second
 * window, off the whole warps' line). 0 without a window (host). */
int cal_step_window(cal *c)
{
    const unsigned W = c->o->window_items;
    int rc;
    cal_step(c, "persistent_window_items (W), persistent_window_ns (B_w), persistent_resident_item_ns (e_r): "
                "persistent-resident, 0.5 W - 1, 1.5 W, 3 W and 7 W items");
    c->p->value[PK_P_PERSISTENT_WINDOW_ITEMS] = W;
    c->p->value[PK_P_PERSISTENT_RESIDENT_ITEM] = 0;
    if ((rc = pk_params_set_samples(c->p, PK_P_PERSISTENT_RESIDENT_ITEM, NULL, 0)))
        return rc;
    if (W < 4) {
        c->p->value[PK_P_PERSISTENT_WINDOW] = 0;
        return PK_OK;
    }
    const int split = c->p->value[PK_P_PERSISTENT_CHUNK_ITEMS] >= 8.0 * W;
    const double e = c->p->value[PK_P_PERSISTENT_ITEM];
    pk_point pt = {PK_STRAT_PERSISTENT_RESIDENT, 0, W / 2 - 1, 0, 0};
    if ((rc = cal_runs(c, &pt, c->x, c->reps)))
        return rc;
    const double base = median_of(c->w, c->x, c->reps, f_wall);
    pt.batch = W + W / 2;
    if ((rc = cal_runs(c, &pt, c->x, c->reps)))
        return rc;
    const double m15 = median_of(c->w, c->x, c->reps, f_wall), bw15 = m15 - base - (double)(W / 2) * e;
    double past = (double)(W / 2), per = e; /* c->x's batch: items past the window, their cost */
    if (split) {
        pt.batch = 7 * W;
        if ((rc = cal_runs(c, &pt, c->xl, c->reps)))
            return rc;
        pt.batch = 3 * W;
        if ((rc = cal_runs(c, &pt, c->x, c->reps)))
            return rc;
        const double m3 = median_of(c->w, c->x, c->reps, f_wall), m7 = median_of(c->w, c->xl, c->reps, f_wall);
        for (size_t i = 0; i < c->reps; i++)
            c->v[i] = (c->xl[i].wall_ns - m3) / (4.0 * W);
        if ((rc = cal_keep(c, PK_P_PERSISTENT_RESIDENT_ITEM, c->v, c->reps)))
            return rc;
        const double er = c->p->value[PK_P_PERSISTENT_RESIDENT_ITEM];
        past = 2.0 * W;
        if (er > 0 && er < e)
            per = er;
        else { /* not cheaper than e, or none: every item past the window at e */
            c->p->value[PK_P_PERSISTENT_RESIDENT_ITEM] = 0;
            if ((rc = pk_params_set_samples(c->p, PK_P_PERSISTENT_RESIDENT_ITEM, NULL, 0)))
                return rc;
        }
        pk_context_setf(&c->p->context, "persistent_window_walls",
                        "median walls N = %u: %.0f, %u: %.0f, %u: %.0f, %u: %.0f ns; B_w at %u with e: %.0f ns%s",
                        W / 2 - 1, base, W + W / 2, m15, 3 * W, m3, 7 * W, m7, W + W / 2, bw15,
                        per < e ? "" : "; e_r not below e, not kept");
    }
    for (size_t i = 0; i < c->reps; i++) /* the window's items are free */
        c->v[i] = c->x[i].wall_ns - base - past * per;
    return cal_keep(c, PK_P_PERSISTENT_WINDOW, c->v, c->reps);
}

/* e_b: the persistent mode with non-empty items, less S, T, B_l and each item's d + o. */
int cal_step_item_busy(cal *c)
{
    int rc;
    cal_step(c, "persistent_item_busy_ns (e_b): persistent, non-empty items");
    pk_point pt = {PK_STRAT_PERSISTENT, PK_CAL_BUSY_PERSISTENT_ITEM_NS, PK_CAL_BUSY_PERSISTENT_N, 0, 0};
    if ((rc = cal_runs(c, &pt, c->x, c->reps)))
        return rc;
    const double *val = c->p->value;
    const double fixed = val[PK_P_PERSISTENT_SETUP] + c->setup_shift + val[PK_P_PERSISTENT_TEARDOWN] +
                         val[PK_P_PERSISTENT_LAUNCH_TRIP];
    const double d = cal_item_run(c, pt.item_ns), n = (double)pt.batch;
    for (size_t i = 0; i < c->reps; i++)
        c->v[i] = (c->x[i].wall_ns - fixed) / n - d;
    return cal_keep(c, PK_P_PERSISTENT_ITEM_BUSY, c->v, c->reps);
}

