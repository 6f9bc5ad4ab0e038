/* sim/analytic: closed-form predictions of each strategy's total, beside the simulator.
 *
 * Two models:
 *  - the seed's additive model, where nothing overlaps: standard = N*(h + d),
 *    persistent = S + N*d (so savings = N*h - S exactly as the seed computes), extended to the
 *    other strategies in the same spirit (see pk_analytic_additive);
 *  - the pipelined model, where host launches overlap device execution. With constant costs
 *    and a launch queue that never fills it is exact: the discrete-event simulator (sim/model.h)
 *    gives the same totals to the nanosecond. a = w + h is the host's per-item period,
 *    b = d + g the device's:
 *      standard            L + d + sync + max(N*a, a + (N-1)*b)
 *      standard-sync       (a + L + d + sync) + (N-1)*(max(sync + a + L, g) + d)
 *      graph               N*w + G + N*(n + d) - D(N)
 *      persistent          S + T + B_l + max(w + N*(e + d), N*w + e + d)
 *      persistent-resident B + max(w + N*(e + d), N*w + e + d)
 *    where a non-empty item's d is its requested duration plus the overshoot o, its e is e_b
 *    and its graph node n graph_node_busy_ns (an empty item's: graph_node_ns), and G is
 *    graph_launch_ns (by default h + L + sync), and D(N) = D max(0, 3 - N) / 2 the small graph's
 *    discount (pk_costs_graph_small: D = G + n - G_1 with G_1 graph_one_node_ns measured, else
 *    0); a persistent launch's batch of empty items
 *    with no host work, C measured, is read as chunks instead, its first window's items free:
 *    S + T + B_l + max((N - F)*e_c, j*C*e - X + (N - max(j*C, F))*e_c [1 <= j <= J],
 *    floor(N/C)*C*e - X [C divides N]), J = floor((N - 1)/C), F = min(N, W), X the loads'
 *    lead (0 where not measured) (pk_costs_chunk_items, pk_costs_chunk_stop; the resident's window
 *    items cost nothing, the rest e, as above, or with e_r measured e_r, and every full chunk
 *    C (e - e_r) more: pk_costs_resident_split). The simulator also charges a launch
 *    call made while the device executes h_b instead of h (in proportion to the overlap); the
 *    closed form for standard charges h throughout, so it equals the simulator when h_b = h.
 *    (w: host work before each launch or push; T: persistent teardown; B: the per-batch
 *    round trip of publishing the batch to the running kernel and observing its completion;
 *    B_l: the batch's trip inside a launch, published with it, B where not measured.
 *    L counts from the END of the launch call, so a launch on an idle device starts h + L after
 *    the call began.) */
#ifndef PK_SIM_ANALYTIC_H
#define PK_SIM_ANALYTIC_H

#include <math.h>
#include <stdint.h>

#include "common/strategy.h"
#include "sim/params.h"

/* The model's costs in ns (Q in launches; 0 = unbounded). */
typedef struct pk_costs {
    double h, L, g, sync, S, e, T, graph_node, graph_inst;
    uint64_t Q;
    double B; /* persistent_batch_ns: per-batch host<->device round trip of the persistent kernel */
    double h_b;          /* launch_host_busy_ns: a launch call while the device executes */
    double graph_launch; /* graph_launch_ns: fixed cost of one replay (call, first node, host observes) */
    double o;            /* item_overshoot_ns: a non-empty item runs d + o */
    double e_b;          /* persistent_item_busy_ns: dispatch of a non-empty item */
    uint64_t W;          /* persistent_window_items: items the poll that finds a batch reads (0 = none) */
    double B_w;          /* persistent_window_ns: the further round trip of a resident batch longer than W */
    double B_l;          /* persistent_launch_trip_ns: the batch's trip inside a persistent launch */
    double graph_node_b; /* graph_node_busy_ns: a graph node of a non-empty item, beyond d + o */
    uint64_t C;          /* persistent_chunk_items: ring words a persistent kernel loads at once (0 = none) */
    double e_c;          /* persistent_chunk_item_ns: an empty item's dispatch within a loaded chunk */
    double graph_one;    /* graph_one_node_ns: a one-node replay less its item's run (0 = not measured) */
    double e_r;          /* persistent_resident_item_ns: a resident batch's empty item past the window (0 = e) */
    double X;            /* persistent_chunk_lead_ns: a chunked launch's loads ahead of its first charged item
                          * (0 = none) */
    double r;            /* item_clock_ns: the device clock's step on which an item's spin ends (0 = none) */
} pk_costs;

/* The schema-2 costs as the models charge them; a cost left 0 (a struct built by hand, a
 * preset) means "not measured" and takes the value the model used before it existed. */
static inline double pk_costs_h_busy(const pk_costs *c) { return c->h_b > 0 ? c->h_b : c->h; }
static inline double pk_costs_graph_launch(const pk_costs *c)
{
    return c->graph_launch > 0 ? c->graph_launch : c->h + c->L + c->sync;
}
/* A requested duration d as the item's spin ends it: on the first step of the device clock (r) at
 * or past d, ceil(d / r) r (d where r is not measured). The clock read at the spin's start is
 * itself on a step, so the item runs that less the start's phase, a constant on average that o
 * holds. H200 (clock step 32 ns), the sweeps' slopes from N = 8192 to 16384 in 21 main jobs of
 * leases 72-79, less d: persistent 95.9, 95.9, 71.7 and 87.7 ns at items of 1, 5, 20 and 50 us,
 * their ceil(d / 32) 32 - d 24, 24, 0 and 16 ns; the graph and the resident the same way. */
static inline double pk_costs_ticks(const pk_costs *c, double d) { return c->r > 0 ? ceil(d / c->r) * c->r : d; }
/* The device time of an item of requested duration d, and its persistent dispatch cost. */
static inline double pk_costs_item(const pk_costs *c, double d) { return d > 0 ? pk_costs_ticks(c, d) + c->o : d; }
static inline double pk_costs_dispatch(const pk_costs *c, double d) { return d > 0 && c->e_b > 0 ? c->e_b : c->e; }
/* Whether item k of a batch into a resident kernel is dispatched within the round trip: the
 * empty items of the first window (W) come with the poll that finds the batch and run before
 * its completion travels back, so they add nothing (results/h200/lease26: flat from 1 to 32
 * items, up 1.9 us at 40). */
static inline int pk_costs_window_free(const pk_costs *c, pk_strategy s, double d, uint64_t k)
{
    return s == PK_STRAT_PERSISTENT_RESIDENT && !(d > 0) && k < c->W;
}
/* A graph node's cost beside its item's run, for requested duration d. */
static inline double pk_costs_graph_node(const pk_costs *c, double d)
{
    return d > 0 && c->graph_node_b > 0 ? c->graph_node_b : c->graph_node;
}
/* The small graph's discount D for requested duration d: how much less a one-node replay costs
 * (graph_one_node_ns, G_1) than the line G + N n through the anchor (PK_GRAPH_ANCHOR_N, where G
 * is taken) puts it, n the node's cost for d; 0 where G_1 is not measured or G is 0 (a file that
 * did not measure G holds h + L + sync for it, and D is taken off that sum). The model takes D
 * off the replay's latency, so that N = 1 costs G_1 + d, and gives it back over the nodes after the first
 * up to the anchor, D / (anchor - 1) each, so that from the anchor up the line is unchanged (H200
 * leases 67-69: the first nodes cost 1.1-1.3 us each, later ones 0.96-1.0). D is held within
 * [-n, max(0, G - h)]: the latency (G - h, for G >= h) stays >= 0 and a node's cost > 0. The
 * device's span (first node's start to last end) holds D from the anchor up: the first node starts
 * D sooner. The stochastic simulator draws G and n around these and takes D as it is. */
static inline double pk_costs_graph_small(const pk_costs *c, double d)
{
    if (!(c->graph_one > 0) || !(c->graph_launch > 0)) /* the line, or G not measured */
        return 0;
    const double n = pk_costs_graph_node(c, d), G = pk_costs_graph_launch(c);
    return fmin(fmax(G + n - c->graph_one, -n), fmax(0, G - c->h));
}
/* The part of D a graph of N nodes keeps: all of it at N = 1, none from the anchor up. */
static inline double pk_costs_graph_small_share(uint64_t N)
{
    return N < PK_GRAPH_ANCHOR_N ? (double)(PK_GRAPH_ANCHOR_N - N) / (PK_GRAPH_ANCHOR_N - 1) : 0;
}
/* Whether a batch runs as chunks of C ring words (pk_costs_chunk_items): a batch of empty items
 * published at once (no host work) with a persistent launch, whose first load finds it whole,
 * with C measured. Not a resident batch, which the host writes while the kernel polls: read as
 * chunks (with the wait for the word after a full chunk, 23fb463) its MAPE came out 0.07-0.18
 * points worse than with every item past the window at e in all four main jobs of H200 lease 40,
 * and mixed in lease 39's eight sweeps, so it keeps e. */
static inline int pk_costs_chunked(const pk_costs *c, pk_strategy s, double d, double w)
{
    return s == PK_STRAT_PERSISTENT && c->C > 0 && !(d > 0) && !(w > 0);
}
/* An empty item's dispatch within a chunk in hand: e_c (e where unmeasured). */
static inline double pk_costs_chunk_dispatch(const pk_costs *c) { return c->e_c > 0 ? c->e_c : c->e; }
/* Whether item k of a batch read as chunks (pk_costs_chunked) is dispatched within the launch's
 * trip B_l: the batch is published with the launch and the kernel's first load reads its first
 * window whole, whose items then run before the trip's end is observed, as a resident batch's
 * do (pk_costs_window_free). On the H200 the persistent launch's wall less its setup and
 * teardown stayed flat within 0.2 us from N = 1 to 32 and rose about 10 ns an item from 32 to
 * 128 (the median over the 85 main jobs of leases 40-71; the model charged e_c = 10 ns from the
 * first item and put N = 32-128 0.2-0.3 us too slow), and 32 items are one window. */
static inline int pk_costs_launch_free(const pk_costs *c, uint64_t k) { return k < c->W; }
/* The loads' lead X, no more than the first chunk's load at item cost e: chunk 1 is never in hand
 * before the first item. */
static inline double pk_costs_chunk_lead(const pk_costs *c, double e) { return fmin(fmax(c->X, 0), (double)c->C * e); }
/* How long after chunk k / C - 1 chunk k / C is in hand (k a multiple of C), at item cost e (drawn
 * or not): one chunk's load, less the lead for chunk 1. */
static inline double pk_costs_next_chunk(const pk_costs *c, double e, uint64_t k)
{
    return (double)c->C * e - (k == c->C ? pk_costs_chunk_lead(c, e) : 0);
}
/* The time from the batch's first item taken to its last item's end, for a batch of n empty
 * items published at once and read as chunks of C ring words: the kernel holds chunk j (words
 * jC to jC + C - 1, j >= 1) no earlier than j*C*e - X after the first item is taken, the next
 * chunk's load being in flight while a chunk's items run and the first load landing X ahead
 * (within the trip), and dispatches an item it holds in e_c, the first window's F = min(n, W)
 * items in nothing (pk_costs_launch_free). Chunk j starts at max(jCe - X, the end of chunk j -
 * 1); unrolled, the latest over j of chunk j's arrival and the charged items from its first
 * on: (n - F) e_c for j = 0, jCe - X + (n - max(jC, F)) e_c for 1 <= j <= J, which rises with j
 * while jC <= F and is linear after, so its largest is at j = floor(F/C), ceil(F/C) or J. With
 * e_c = e, no window and no lead it is n*e. */
static inline double pk_costs_chunk_items(const pk_costs *c, uint64_t n)
{
    const double C = (double)c->C, e = c->e, ec = pk_costs_chunk_dispatch(c), N = (double)n;
    const double J = floor((N - 1) / C); /* the last item's chunk */
    const double F = fmin(N, (double)c->W), X = pk_costs_chunk_lead(c, e);
    const double js[3] = {floor(F / C), ceil(F / C), J};
    double t = (N - F) * ec; /* chunk 0: every charged item back to back */
    for (int i = 0; i < 3; i++)
        if (js[i] >= 1 && js[i] <= J)
            t = fmax(t, js[i] * C * e - X + (N - fmax(js[i] * C, F)) * ec);
    return t;
}
/* When the word after the batch (word n, the stop word) is in hand, from which the kernel learns
 * that the batch ended: in the next chunk, floor(n / C) C e - X after the first item, when n is
 * a multiple of C (on the H200 the walls rise about 1 us more than the device time from N = 128
 * to 256, lease 39); 0 otherwise (in hand with the last item). */
static inline double pk_costs_chunk_stop(const pk_costs *c, uint64_t n)
{
    return n % c->C ? 0 : floor((double)n / (double)c->C) * (double)c->C * c->e - pk_costs_chunk_lead(c, c->e);
}
/* Whether a resident batch's items past the window run at e_r: a batch of empty items pushed at
 * once (no host work), with e_r, W and C measured (C > W) and e_r below e (calibrate keeps none
 * other). The poll that finds the batch reads its
 * first window, and the further read (B_w) the rest of its first chunk (C words) at once, whose
 * items then run at e_r; after a full chunk the kernel waits for the next chunk's load before it
 * goes on (or, the batch done, reports), C (e - e_r), so that a long batch runs at e per item
 * (H200 leases 58-71, 42 main jobs: the sweeps' resident rose 11.8 ns per item from N = 64 to 128
 * against e = 14.0 from 256 to 512, and about 0.57 us more from 128 to 256 than at 11.8; the model
 * with every item at e put N = 64 and 128 0.27 and 0.41 us too slow on average). */
static inline int pk_costs_resident_split(const pk_costs *c, pk_strategy s, double d, double w)
{
    return s == PK_STRAT_PERSISTENT_RESIDENT && c->e_r > 0 && c->e_r < c->e && c->W > 0 && c->C > c->W && !(d > 0) &&
           !(w > 0);
}
/* The wait after each full chunk of such a batch, for an item cost e (drawn or not; the
 * stochastic simulator draws e and takes e_r as it is, so near e the floor at 0 biases the drawn
 * wait slightly up). */
static inline double pk_costs_resident_chunk_wait(const pk_costs *c, double e)
{
    return (double)c->C * fmax(0, e - c->e_r);
}
/* The per-batch round trip of a persistent kernel: in its own launch B_l (B when not measured:
 * the kernel reads the batch published with its launch, no poll to wait for); into a resident
 * kernel B, and for a batch longer than one window the further round trip that reads the rest. */
static inline double pk_costs_batch_trip(const pk_costs *c, pk_strategy s, uint64_t n)
{
    if (s == PK_STRAT_PERSISTENT)
        return c->B_l > 0 ? c->B_l : c->B;
    return c->B + (c->W > 0 && n > c->W ? c->B_w : 0);
}

/* One prediction. Fields that do not apply to a strategy are NAN. */
typedef struct pk_prediction {
    double total_ns;    /* first API call to completion observed by the host */
    double host_ns;     /* host time inside launch/enqueue calls (blocking on a full queue included) */
    double device_ns;   /* first item start to last item end */
    double setup_ns;    /* persistent: S; graph: N * graph_instantiate */
    double teardown_ns; /* persistent: T */
    double blocked_ns;  /* host time blocked on a full launch queue (simulator only; 0 in closed forms) */
    uint64_t max_queued;/* most launches pending in the launch queue at once (simulator only) */
    uint64_t events;    /* events the simulator ran (0 in closed forms) */
} pk_prediction;

/* Copies the costs out of params (values, not samples), the schema-2 ones through
 * pk_params_fallback. */
void pk_costs_from_params(const pk_params *p, pk_costs *c);

/* The seed's additive model extended to every strategy:
 *   standard N*(h+d), standard-sync N*(h+d+sync), graph h + N*(graph_node+d),
 *   persistent S + N*d, persistent-resident N*d; host work w adds N*w to each.
 * Returns 0 or PK_EINVAL (unknown strategy, n == 0). */
int pk_analytic_additive(const pk_costs *c, pk_strategy s, double d, uint64_t n, double w, pk_prediction *out);

/* The pipelined closed form above (exact for constant costs while the queue never fills).
 * Returns 0 or PK_EINVAL. */
int pk_analytic_pipelined(const pk_costs *c, pk_strategy s, double d, uint64_t n, double w, pk_prediction *out);

/* An upper bound on the launches pending at once in `standard` under the pipelined model
 * (queue unbounded): when Q > this bound the queue never fills and pk_analytic_pipelined is
 * exact. */
uint64_t pk_analytic_max_queued_bound(const pk_costs *c, double d, uint64_t n, double w);

#endif
