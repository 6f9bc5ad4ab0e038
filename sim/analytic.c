/* The seed's additive model and the pipelined closed forms (see analytic.h). */
#include "sim/analytic.h"

#include <math.h>
#include <string.h>

#include "common/status.h"

void pk_costs_from_params(const pk_params *p, pk_costs *c)
{
    c->h = p->value[PK_P_LAUNCH_HOST];
    c->L = p->value[PK_P_LAUNCH_LATENCY];
    c->g = p->value[PK_P_KERNEL_GAP];
    c->sync = p->value[PK_P_SYNC];
    c->S = p->value[PK_P_PERSISTENT_SETUP];
    c->e = p->value[PK_P_PERSISTENT_ITEM];
    c->T = p->value[PK_P_PERSISTENT_TEARDOWN];
    c->graph_node = p->value[PK_P_GRAPH_NODE];
    c->graph_inst = p->value[PK_P_GRAPH_INSTANTIATE];
    c->B = p->value[PK_P_PERSISTENT_BATCH];
    c->h_b = pk_params_fallback(p->value, PK_P_LAUNCH_HOST_BUSY);
    c->graph_launch = pk_params_fallback(p->value, PK_P_GRAPH_LAUNCH);
    c->o = pk_params_fallback(p->value, PK_P_ITEM_OVERSHOOT);
    c->e_b = pk_params_fallback(p->value, PK_P_PERSISTENT_ITEM_BUSY);
    const double w = pk_params_fallback(p->value, PK_P_PERSISTENT_WINDOW_ITEMS);
    c->W = w >= 1 && w < 1e18 ? (uint64_t)w : 0;
    c->B_w = pk_params_fallback(p->value, PK_P_PERSISTENT_WINDOW);
    c->B_l = pk_params_fallback(p->value, PK_P_PERSISTENT_LAUNCH_TRIP);
    c->graph_node_b = pk_params_fallback(p->value, PK_P_GRAPH_NODE_BUSY);
    const double cw = pk_params_fallback(p->value, PK_P_PERSISTENT_CHUNK_ITEMS);
    c->C = cw >= 1 && cw < 1e18 ? (uint64_t)cw : 0;
    c->e_c = pk_params_fallback(p->value, PK_P_PERSISTENT_CHUNK_ITEM);
    c->graph_one = pk_params_fallback(p->value, PK_P_GRAPH_ONE_NODE);
    c->e_r = pk_params_fallback(p->value, PK_P_PERSISTENT_RESIDENT_ITEM);
    c->X = pk_params_fallback(p->value, PK_P_PERSISTENT_CHUNK_LEAD);
    c->r = pk_params_fallback(p->value, PK_P_ITEM_CLOCK);
    double q = p->value[PK_P_LAUNCH_QUEUE_DEPTH];
    c->Q = q >= 1 && q < 1e18 ? (uint64_t)q : 0;
}

static void pred_init(pk_prediction *o)
{
    o->total_ns = o->host_ns = o->device_ns = o->setup_ns = o->teardown_ns = NAN;
    o->blocked_ns = 0;
    o->max_queued = 0;
    o->events = 0;
}

int pk_analytic_additive(const pk_costs *c, pk_strategy s, double d, uint64_t n, double w, pk_prediction *out)
{
    if (!c || !out || n == 0 || (unsigned)s >= PK_STRAT_COUNT)
        return PK_EINVAL;
    pred_init(out);
    double N = (double)n, W = N * w;
    switch (s) {
    case PK_STRAT_STANDARD:
        out->total_ns = W + N * (c->h + d);
        out->host_ns = N * c->h;
        break;
    case PK_STRAT_STANDARD_SYNC:
        out->total_ns = W + N * (c->h + d + c->sync);
        out->host_ns = N * c->h;
        break;
    case PK_STRAT_GRAPH:
        out->total_ns = W + c->h + N * (c->graph_node + d);
        out->host_ns = c->h;
        out->setup_ns = N * c->graph_inst;
        break;
    case PK_STRAT_PERSISTENT:
        out->total_ns = W + c->S + N * d;
        out->host_ns = 0;
        out->setup_ns = c->S;
        out->teardown_ns = 0;
        break;
    default:
        out->total_ns = W + N * d;
        out->host_ns = 0;
        break;
    }
    out->device_ns = N * d;
    return PK_OK;
}

int pk_analytic_pipelined(const pk_costs *c, pk_strategy s, double d, uint64_t n, double w, pk_prediction *out)
{
    if (!c || !out || n == 0 || (unsigned)s >= PK_STRAT_COUNT)
        return PK_EINVAL;
    pred_init(out);
    const double e = pk_costs_dispatch(c, d), node = pk_costs_graph_node(c, d), d0 = d;
    d = pk_costs_item(c, d);
    double N = (double)n, a = w + c->h, b = d + c->g;
    switch (s) {
    case PK_STRAT_STANDARD: {
        double start_last = c->L + fmax(N * a, a + (N - 1) * b);
        out->total_ns = start_last + d + c->sync;
        out->host_ns = N * c->h;
        out->device_ns = start_last + d - (a + c->L);
        break;
    }
    case PK_STRAT_STANDARD_SYNC: {
        double step = fmax(c->sync + a + c->L, c->g) + d;
        out->total_ns = (a + c->L + d + c->sync) + (N - 1) * step;
        out->host_ns = N * c->h;
        out->device_ns = d + (N - 1) * step;
        break;
    }
    case PK_STRAT_GRAPH: {
        const double D = pk_costs_graph_small(c, d0), kept = pk_costs_graph_small_share(n);
        /* the call costs h at least, as the simulator charges it: a G below h + D (a file whose G
         * is under its h) is not a replay cheaper than its own launch call */
        out->total_ns = N * w + fmax(pk_costs_graph_launch(c), c->h + D) + N * (node + d) - D * kept;
        out->host_ns = c->h;
        out->device_ns = N * d + (N - 1) * node + D * (1 - kept);
        out->setup_ns = N * c->graph_inst;
        break;
    }
    case PK_STRAT_PERSISTENT:
    case PK_STRAT_PERSISTENT_RESIDENT: {
        /* Dispatches charged: all N, less the free first window of a resident batch or of a
         * launch's batch read as chunks. */
        const int chunked = pk_costs_chunked(c, s, d, w);
        const double free_n = pk_costs_window_free(c, s, d, 0) || (chunked && pk_costs_launch_free(c, 0))
                                  ? fmin(N, (double)c->W) : 0;
        const double e0 = chunked ? pk_costs_chunk_dispatch(c) : e;
        int full = s == PK_STRAT_PERSISTENT;
        /* read as chunks of C ring words, the next chunk's load behind the items */
        double last_end = chunked ? pk_costs_chunk_items(c, n)
                                        : fmax(w + (N - free_n) * e + N * d, N * w + (free_n < N ? e : 0) + d);
        if (!chunked && free_n > 0 && free_n < N) /* the first item past the window waits for its push, (W + 1) w */
            last_end = fmax(last_end, fmax(free_n * w + d, (free_n + 1) * w) + (N - free_n) * (e + d));
        /* and, read as chunks, the stop word in hand */
        double items = chunked ? fmax(last_end, pk_costs_chunk_stop(c, n)) : last_end;
        if (pk_costs_resident_split(c, s, d0, w)) { /* past the window at e_r, a wait after each full chunk */
            const double P = pk_costs_resident_chunk_wait(c, e), chunks = floor(N / (double)c->C);
            items = (N - free_n) * c->e_r + chunks * P;
            last_end = items - (n % c->C ? 0 : P); /* the last full chunk's wait comes after its last item */
        }
        /* B: the batch is published once and its completion observed once (host<->device). */
        out->total_ns = (full ? c->S + c->T : 0) + items + pk_costs_batch_trip(c, s, n);
        out->host_ns = 0;
        /* The first item starts once it is pushed (after w) and dispatched (e, e_c read as
         * chunks, nothing within the resident's window). */
        out->device_ns = last_end - (w + (free_n > 0 ? 0 : e0));
        if (full) {
            out->setup_ns = c->S;
            out->teardown_ns = c->T;
        }
        break;
    }
    default:
        return PK_EINVAL;
    }
    return PK_OK;
}

uint64_t pk_analytic_max_queued_bound(const pk_costs *c, double d, uint64_t n, double w)
{
    /* With a = w + h >= b = d + g, launch k is enqueued at k*a and starts at exactly L + k*a,
     * so it waits L in the queue and at most ceil(L/a) + 1 launches are pending at once. When
     * the device is the bottleneck (b > a) the backlog grows with N: the bound is N. */
    double a = w + c->h, b = pk_costs_item(c, d) + c->g; /* the item as it runs (to the clock's step, o more) */
    if (a <= 0 || b > a)
        return n;
    double bound = ceil(c->L / a) + 1;
    return bound >= (double)n ? n : (uint64_t)bound;
}
