/* The launch model on the event engine: host, launch queue, device, persistent kernel and
 * graph replay entities, and one run of a batch (see model.h; stochastic mode and the
 * distribution over draws are in model_predict.c). */
#include "sim/model.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "sim/des.h"
#include "sim/model_state.h"

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* The cost of parameter id for one use by entity ent. */
static inline double cost(pk_model *m, int ent, pk_param_id id, double v)
{
    return m->random ? pk__model_draw(m, ent, id, v) : v;
}

/* Item k's duration, drawn (by entity ent's stream) when item jitter is on; a requested
 * duration runs to the clock's step and o longer, a replayed one (dv) as long as it ran. */
static inline double item_d(pk_model *m, int ent, uint64_t k)
{
    double d = m->it.dv ? m->it.dv[k] : m->it.d;
    if (m->random && m->item_sigma > 0 && d > 0)
        d = gsl_ran_lognormal(m->rng[ent], log(d) - m->item_sigma * m->item_sigma / 2, m->item_sigma);
    return d > 0 && !m->it.dv ? pk_costs_ticks(&m->c, d) + cost(m, ent, PK_P_ITEM_OVERSHOOT, m->c.o) : d;
}

static inline double item_w(const pk_model *m, uint64_t k)
{
    return m->it.wv ? m->it.wv[k] : m->it.w;
}

static inline void tl(pk_model *m, const char *actor, const char *what, double a, double b, int64_t item)
{
    if (m->tl)
        m->tl(m->tl_user, actor, what, a, b, item);
}

static void sched(pk_model *m, uint32_t src, double t, uint32_t dst, uint32_t kind, uint64_t arg)
{
    int rc = pk_des_schedule(m->des, src, t, dst, kind, arg);
    if (rc != 0)
        pk_des_fail(m->des, rc);
}

static int q_push(pk_model *m, double t)
{
    if (m->q_count > m->q_mask || !m->q) {
        uint64_t cap = m->q ? 2 * (m->q_mask + 1) : 64;
        double *nq = malloc(cap * sizeof *nq);
        if (!nq)
            return PK_ENOMEM;
        for (uint64_t i = 0; i < m->q_count; i++)
            nq[i] = m->q[(m->q_head + i) & m->q_mask];
        free(m->q);
        m->q = nq;
        m->q_head = 0;
        m->q_mask = cap - 1;
    }
    m->q[(m->q_head + m->q_count++) & m->q_mask] = t;
    if (m->q_count > m->max_queued)
        m->max_queued = m->q_count;
    return PK_OK;
}

/* ---- device ---- */

/* Schedules the start of the launch at the queue's head. */
static void dev_schedule_head(pk_model *m, double now)
{
    double arr = m->q[m->q_head];
    double t = arr + cost(m, E_DEVICE, PK_P_LAUNCH_LATENCY, m->c.L);
    if (m->has_prev) {
        double t2 = m->prev_end + cost(m, E_DEVICE, PK_P_KERNEL_GAP, m->c.g);
        if (t2 > t)
            t = t2;
    }
    if (t < now)
        t = now;
    m->dev = DEV_STARTING;
    m->next_start = t;
    sched(m, E_DEVICE, t, E_DEVICE, D_START, 0);
}

static void host_begin_call(pk_model *m, double now, uint64_t k);

static void device_handler(pk_des *des, uint32_t ent, void *state, const pk_event *ev)
{
    pk_model *m = state;
    double now = ev->time;
    if (ev->kind == D_START) {
        uint64_t k = m->done;
        m->q_head = (m->q_head + 1) & m->q_mask;
        m->q_count--;
        if (k == 0)
            m->first_start = now;
        m->dev = DEV_RUNNING;
        double d = item_d(m, E_DEVICE, k);
        m->run_start = now;
        m->run_end = now + d;
        tl(m, "device", "kernel", now, now + d, (int64_t)k);
        sched(m, E_DEVICE, now + d, E_DEVICE, D_END, k);
        if (m->blocked) {
            /* A slot freed: the blocked launch call proceeds now. */
            m->blocked = 0;
            m->blocked_ns += now - m->blocked_since;
            m->host_ns += now - m->blocked_since;
            tl(m, "host", "blocked", m->blocked_since, now, (int64_t)m->next_item);
            host_begin_call(m, now, m->next_item);
        }
        return;
    }
    /* D_END */
    m->done++;
    m->prev_end = m->last_end = now;
    m->has_prev = 1;
    if (m->q_count > 0)
        dev_schedule_head(m, now);
    else
        m->dev = DEV_IDLE;
    if (m->waiting && (m->s == PK_STRAT_STANDARD_SYNC || m->done == m->it.n)) {
        m->waiting = 0;
        double sy = cost(m, E_HOST, PK_P_SYNC, m->c.sync);
        tl(m, "host", "sync", m->wait_since, now + sy, -1);
        sched(m, E_DEVICE, now + sy, E_HOST, H_SYNCED, 0);
    }
}

/* ---- host ---- */

/* The share of [now, now + len] in which the device executes the kernel it runs, or item m->done
 * about to start (its nominal duration, undrawn): how busy the device is during a launch call. */
static double dev_busy_share(const pk_model *m, double now, double len)
{
    double a = NAN, b = NAN;
    if (m->dev == DEV_RUNNING)
        a = m->run_start, b = m->run_end;
    else if (m->dev == DEV_STARTING)
        a = m->next_start, b = m->next_start + (m->it.dv ? m->it.dv[m->done] : pk_costs_item(&m->c, m->it.d));
    if (!(len > 0) || isnan(a))
        return 0;
    const double lo = a > now ? a : now, hi = b < now + len ? b : now + len;
    return hi > lo ? fmin((hi - lo) / len, 1) : 0; /* hi - lo may round above len: a share past 1 made h_b 0 < 0 */
}

/* A launch call costs h on an idle device and h_b on a busy one, in proportion to how much of
 * the call the device spends executing; a replayed trace's call costs what it did there. */
static void host_begin_call(pk_model *m, double now, uint64_t k)
{
    double h = m->it.hv ? m->it.hv[k] : cost(m, E_HOST, PK_P_LAUNCH_HOST, m->c.h);
    const double hb = pk_costs_h_busy(&m->c);
    if (!m->it.hv && hb != m->c.h) {
        const double u = dev_busy_share(m, now, h);
        if (u > 0)
            h += (cost(m, E_HOST, PK_P_LAUNCH_HOST_BUSY, hb) - h) * u;
    }
    m->host_ns += h;
    tl(m, "host", "launch", now, now + h, (int64_t)k);
    sched(m, E_HOST, now + h, E_HOST, H_LAUNCHED, k);
}

/* Host work for item k done at now: launch it, or block on a full queue. */
static void host_ready(pk_model *m, double now, uint64_t k)
{
    if (m->c.Q && m->q_count >= m->c.Q) {
        m->blocked = 1;
        m->blocked_since = now;
        m->next_item = k;
        return;
    }
    host_begin_call(m, now, k);
}

static void host_start_item(pk_model *m, double now, uint64_t k)
{
    double w = item_w(m, k);
    if (w > 0) {
        tl(m, "host", "work", now, now + w, (int64_t)k);
        sched(m, E_HOST, now + w, E_HOST, H_READY, k);
    } else {
        host_ready(m, now, k);
    }
}

/* Persistent: host pushes item k into the device work queue (a memory write, free). */
static void host_push(pk_model *m, double now, uint64_t k)
{
    m->pushed = k + 1;
    if (m->k_idle) {
        m->k_idle = 0;
        sched(m, E_HOST, now, E_KERNEL, K_WAKE, 0);
    }
    if (k + 1 < m->it.n) {
        double w = item_w(m, k + 1);
        tl(m, "host", "work", now, now + w, (int64_t)(k + 1));
        sched(m, E_HOST, now + w, E_HOST, H_READY, k + 1);
    } else if (m->s == PK_STRAT_PERSISTENT) {
        sched(m, E_HOST, now, E_KERNEL, K_SHUTDOWN, 0);
    }
}

static void host_persistent_begin(pk_model *m, double now)
{
    /* The kernel polls from now on. With no host work at all, every item is pushed at once. */
    m->k_idle = 1;
    if (!m->it.wv && m->it.w == 0) {
        host_push(m, now, m->it.n - 1);
        return;
    }
    double w = item_w(m, 0);
    tl(m, "host", "work", now, now + w, 0);
    sched(m, E_HOST, now + w, E_HOST, H_READY, 0);
}

/* The small graph's discount D (pk_costs_graph_small) for the requested item; a replayed trace's
 * nodes are charged as empty items' are. */
static double graph_small(const pk_model *m)
{
    return pk_costs_graph_small(&m->c, m->it.dv ? 0 : m->it.d);
}

/* Launch call end to the first node's start of a graph replay, less D: a one-node replay costs
 * G_1 + d, and the nodes after the first up to the anchor get D back. With graph_launch_ns
 * measured, the whole fixed cost but the call sits here (the host observes the last node's end
 * at once); otherwise the single-launch latency L (and sync_ns at the end), D taken off the two
 * as off the G = h + L + sync they stand for: what L cannot hold comes off the sync. */
static double graph_latency(pk_model *m)
{
    if (m->c.graph_launch > 0 && !m->graph_parts) {
        const double g = cost(m, E_GRAPH, PK_P_GRAPH_LAUNCH, m->c.graph_launch) - m->c.h - graph_small(m);
        return g > 0 ? g : 0;
    }
    const double l = cost(m, E_GRAPH, PK_P_LAUNCH_LATENCY, m->c.L) - graph_small(m);
    m->graph_credit = l < 0 ? -l : 0;
    return l > 0 ? l : 0;
}

static void host_handler(pk_des *des, uint32_t ent, void *state, const pk_event *ev)
{
    pk_model *m = state;
    double now = ev->time;
    switch (ev->kind) {
    case H_START:
        if (m->s == PK_STRAT_PERSISTENT) {
            double S = m->setup_used = cost(m, E_KERNEL, PK_P_PERSISTENT_SETUP, m->c.S);
            tl(m, "host", "setup", now, now + S, -1);
            sched(m, E_HOST, now + S, E_HOST, H_SETUP_DONE, 0);
        } else if (m->s == PK_STRAT_PERSISTENT_RESIDENT) {
            host_persistent_begin(m, now);
        } else if (m->s == PK_STRAT_GRAPH) {
            double W = 0;
            for (uint64_t k = 0; k < m->it.n && (m->it.wv || m->it.w > 0); k++)
                W += item_w(m, k);
            if (W > 0)
                tl(m, "host", "work", now, now + W, -1);
            sched(m, E_HOST, now + W, E_HOST, H_READY, 0);
        } else {
            host_start_item(m, now, ev->arg);
        }
        break;
    case H_SETUP_DONE:
        host_persistent_begin(m, now);
        break;
    case H_READY:
        if (m->s == PK_STRAT_PERSISTENT || m->s == PK_STRAT_PERSISTENT_RESIDENT) {
            host_push(m, now, ev->arg);
        } else if (m->s == PK_STRAT_GRAPH) {
            double h = cost(m, E_HOST, PK_P_LAUNCH_HOST, m->c.h);
            m->host_ns += h;
            tl(m, "host", "launch", now, now + h, -1);
            sched(m, E_HOST, now + h, E_HOST, H_GRAPH_LAUNCHED, 0);
        } else {
            host_ready(m, now, ev->arg);
        }
        break;
    case H_GRAPH_LAUNCHED:
        m->waiting = 1;
        m->wait_since = now;
        /* The replay's fixed cost G = call + latency + sync: its latency is what G leaves. */
        sched(m, E_HOST, now + graph_latency(m), E_GRAPH, G_START, 0);
        break;
    case H_LAUNCHED: {
        uint64_t k = ev->arg;
        int rc = q_push(m, now);
        if (rc != 0) {
            pk_des_fail(des, rc);
            return;
        }
        m->launched = k + 1;
        if (m->dev == DEV_IDLE)
            dev_schedule_head(m, now);
        if (m->s == PK_STRAT_STANDARD_SYNC || k + 1 == m->it.n) {
            m->waiting = 1;
            m->wait_since = now;
        } else {
            host_start_item(m, now, k + 1);
        }
        break;
    }
    case H_SYNCED:
        if (m->s == PK_STRAT_STANDARD_SYNC && m->launched < m->it.n)
            host_start_item(m, now, m->launched);
        else
            m->finish = now;
        break;
    default:
        break;
    }
}

/* ---- persistent kernel ---- */

/* A resident batch read at e_r (rsplit): the wait after a full chunk for the next one's load,
 * from now, e drawn for it (item: the item it comes before, -1 after the last); the time it ends. */
static double resident_chunk_wait(pk_model *m, double now, int64_t item)
{
    const double P = pk_costs_resident_chunk_wait(&m->c, cost(m, E_KERNEL, PK_P_PERSISTENT_ITEM, m->c.e));
    tl(m, "persistent", "chunk load", now, now + P, item);
    return now + P;
}

static void kernel_take(pk_model *m, double now)
{
    if (m->consumed < m->pushed) {
        uint64_t k = m->consumed++;
        const double dk = m->it.dv ? m->it.dv[k] : m->it.d;
        double e = pk_costs_window_free(&m->c, m->s, dk, k) || (m->chunked && pk_costs_launch_free(&m->c, k)) ? 0
                   : dk > 0 && m->c.e_b > 0 ? cost(m, E_KERNEL, PK_P_PERSISTENT_ITEM_BUSY, m->c.e_b)
                   : m->chunked ? cost(m, E_KERNEL, PK_P_PERSISTENT_CHUNK_ITEM, pk_costs_chunk_dispatch(&m->c))
                   : m->rsplit  ? cost(m, E_KERNEL, PK_P_PERSISTENT_RESIDENT_ITEM, m->c.e_r)
                                : cost(m, E_KERNEL, PK_P_PERSISTENT_ITEM, m->c.e);
        double d = item_d(m, E_KERNEL, k);
        if (m->rsplit && k > 0 && k % m->c.C == 0) /* a full chunk ran: the next one's load */
            now = resident_chunk_wait(m, now, (int64_t)k);
        if (m->chunked) {
            /* Item k's chunk is in hand one chunk's load, C e, after the chunk before it (the
             * first with the first item, the second X sooner: the loads' lead): the loads are the
             * bound. e is drawn once a chunk. */
            if (k == 0)
                m->chunk_ready = now;
            else if (k % m->c.C == 0)
                m->chunk_ready += pk_costs_next_chunk(&m->c, cost(m, E_KERNEL, PK_P_PERSISTENT_ITEM, m->c.e), k);
            const double ready = m->chunk_ready;
            if (ready > now) {
                tl(m, "persistent", "chunk load", now, ready, (int64_t)k);
                now = ready;
            }
        }
        if (k == 0)
            m->first_start = now + e;
        tl(m, "persistent", "dispatch", now, now + e, (int64_t)k);
        tl(m, "persistent", "item", now + e, now + e + d, (int64_t)k);
        sched(m, E_KERNEL, now + e + d, E_KERNEL, K_ITEM_END, k);
        return;
    }
    if (m->consumed == m->it.n) {
        if (!m->k_round_trip) {
            /* All N items ran (kernel_take runs with no item in flight): the completion
             * travels back to the host, B after the last item ended (in the kernel's own
             * launch B_l, the batch's whole trip there: charged here, its total is the same). */
            m->k_round_trip = 1;
            if (m->chunked) {
                /* The stop word (word N) must be in hand too: in the next chunk when N is a
                 * multiple of C (pk_costs_chunk_stop). */
                const double stop =
                    m->it.n % m->c.C ? m->chunk_ready : m->chunk_ready +
                        pk_costs_next_chunk(&m->c, cost(m, E_KERNEL, PK_P_PERSISTENT_ITEM, m->c.e), m->it.n);
                if (stop > now) {
                    tl(m, "persistent", "chunk load", now, stop, -1);
                    now = stop;
                }
            }
            if (m->rsplit && m->it.n % m->c.C == 0) /* the last chunk full: the next one's load first */
                now = resident_chunk_wait(m, now, -1);
            double B;
            if (m->s == PK_STRAT_PERSISTENT)
                B = m->c.B_l > 0 ? cost(m, E_KERNEL, PK_P_PERSISTENT_LAUNCH_TRIP, m->c.B_l)
                                 : cost(m, E_KERNEL, PK_P_PERSISTENT_BATCH, m->c.B);
            else {
                B = cost(m, E_KERNEL, PK_P_PERSISTENT_BATCH, m->c.B);
                if (m->c.W > 0 && m->it.n > m->c.W)
                    B += cost(m, E_KERNEL, PK_P_PERSISTENT_WINDOW, m->c.B_w); /* the rest read after the poll */
            }
            tl(m, "persistent", "round trip", now, now + B, -1);
            sched(m, E_KERNEL, now + B, E_KERNEL, K_OBSERVED, 0);
        } else if (m->s == PK_STRAT_PERSISTENT && m->k_observed && m->k_shutdown) {
            /* Teardown starts at max(last end (and, chunked, the stop word in hand) + B, shutdown signal). */
            double T = m->teardown_used = cost(m, E_KERNEL, PK_P_PERSISTENT_TEARDOWN, m->c.T);
            tl(m, "persistent", "teardown", now, now + T, -1);
            sched(m, E_KERNEL, now + T, E_KERNEL, K_EXIT, 0);
            return;
        }
    }
    m->k_idle = 1;
}

static void kernel_handler(pk_des *des, uint32_t ent, void *state, const pk_event *ev)
{
    pk_model *m = state;
    double now = ev->time;
    switch (ev->kind) {
    case K_ITEM_END:
        m->last_end = now;
        m->done++;
        kernel_take(m, now);
        break;
    case K_WAKE:
        kernel_take(m, now);
        break;
    case K_SHUTDOWN:
        m->k_shutdown = 1;
        if (m->k_idle) {
            m->k_idle = 0;
            kernel_take(m, now);
        }
        break;
    case K_OBSERVED:
        m->k_observed = 1;
        if (m->s == PK_STRAT_PERSISTENT_RESIDENT) {
            m->finish = now;
        } else if (m->k_idle) {
            m->k_idle = 0;
            kernel_take(m, now);
        }
        break;
    case K_EXIT:
        m->finish = now;
        break;
    default:
        break;
    }
}

/* ---- graph replay ---- */

static void graph_handler(pk_des *des, uint32_t ent, void *state, const pk_event *ev)
{
    pk_model *m = state;
    double now = ev->time;
    uint64_t k = ev->kind == G_START ? 0 : ev->arg + 1;
    if (ev->kind == G_NODE_END) {
        m->done++;
        m->last_end = now;
        if (k == m->it.n) {
            double sy = m->c.graph_launch > 0 && !m->graph_parts
                            ? 0
                            : fmax(0, cost(m, E_HOST, PK_P_SYNC, m->c.sync) - m->graph_credit);
            tl(m, "host", "sync", m->wait_since, now + sy, -1);
            sched(m, E_GRAPH, now + sy, E_HOST, H_SYNCED, 0);
            return;
        }
    }
    /* A requested non-empty item's node costs graph_node_busy_ns; a replayed trace's, as an
     * empty one's (its durations are the kernels' whole runs). */
    const int busy = !m->it.dv && m->it.d > 0 && m->c.graph_node_b > 0;
    double node = busy ? cost(m, E_GRAPH, PK_P_GRAPH_NODE_BUSY, m->c.graph_node_b)
                       : cost(m, E_GRAPH, PK_P_GRAPH_NODE, m->c.graph_node),
           d = item_d(m, E_GRAPH, k);
    if (k > 0 && k < PK_GRAPH_ANCHOR_N) /* D given back (D >= -n: > 0 but for a drawn node cost) */
        node = fmax(0, node + graph_small(m) / (PK_GRAPH_ANCHOR_N - 1));
    const double start = now + node;
    if (k == 0)
        m->first_start = start;
    tl(m, "graph", "node", start, start + d, (int64_t)k);
    sched(m, E_GRAPH, start + d, E_GRAPH, G_NODE_END, k);
}

/* ---- public ---- */

int pk_model_create(pk_model **out)
{
    if (!out)
        return PK_EINVAL;
    pk_model *m = calloc(1, sizeof *m);
    if (!m)
        return PK_ENOMEM;
    int rc = pk_des_create(&m->des, 0);
    for (int i = 0; rc == 0 && i < E_COUNT; i++)
        if (!(m->rng[i] = gsl_rng_alloc(gsl_rng_mt19937)))
            rc = PK_ENOMEM;
    if (rc == 0) {
        pk_des_register_type(m->des, T_HOST, host_handler);
        pk_des_register_type(m->des, T_DEVICE, device_handler);
        pk_des_register_type(m->des, T_KERNEL, kernel_handler);
        pk_des_register_type(m->des, T_GRAPH, graph_handler);
    }
    if (rc != 0) {
        pk_model_destroy(m);
        return rc;
    }
    *out = m;
    return PK_OK;
}

void pk_model_destroy(pk_model *m)
{
    if (!m)
        return;
    pk_des_destroy(m->des);
    for (int i = 0; i < E_COUNT; i++)
        if (m->rng[i])
            gsl_rng_free(m->rng[i]);
    free(m->q);
    free(m->scratch);
    free(m);
}

void pk_model_set_timeline(pk_model *m, pk_timeline_fn fn, void *user)
{
    m->tl = fn;
    m->tl_user = user;
}

/* Whether v[0..n) is NULL or holds only zeros (a trace of empty items, or of no host work, as
 * the closed form takes it from its mean). */
static int all_zero(const double *v, uint64_t n)
{
    for (uint64_t k = 0; v && k < n; k++)
        if (v[k] != 0)
            return 0;
    return 1;
}

int pk_model_run(pk_model *m, const pk_costs *c, pk_strategy s, const pk_items *items, uint64_t draw,
                 pk_prediction *out)
{
    if (!m || !c || !items || !out || items->n == 0 || (unsigned)s >= PK_STRAT_COUNT)
        return PK_EINVAL;
    pk_des_reset(m->des);
    uint32_t id;
    static const uint32_t types[E_COUNT] = {T_HOST, T_DEVICE, T_KERNEL, T_GRAPH};
    for (int i = 0; i < E_COUNT; i++) {
        int rc = pk_des_add_entity(m->des, types[i], m, &id);
        if (rc != 0)
            return rc;
    }
    if (m->random)
        for (int i = 0; i < E_COUNT; i++)
            gsl_rng_set(m->rng[i], splitmix64(m->rnd.seed ^ splitmix64(draw * E_COUNT + (uint64_t)i)));
    m->c = *c;
    m->s = s;
    m->it = *items;
    m->q_head = m->q_count = m->max_queued = 0;
    m->launched = m->done = m->pushed = m->consumed = 0;
    m->blocked = m->waiting = m->has_prev = m->k_idle = m->k_shutdown = 0;
    m->k_round_trip = m->k_observed = 0;
    m->chunked = pk_costs_chunked(c, s, items->d, items->w) && all_zero(items->dv, items->n) &&
                 all_zero(items->wv, items->n);
    m->chunk_ready = 0;
    m->rsplit = pk_costs_resident_split(c, s, items->d, items->w) && all_zero(items->dv, items->n) &&
                all_zero(items->wv, items->n);
    m->blocked_ns = m->host_ns = 0;
    m->dev = DEV_IDLE;
    m->prev_end = m->first_start = m->last_end = 0;
    m->setup_used = m->teardown_used = NAN;
    m->finish = NAN;
    int rc = pk_des_schedule(m->des, E_HOST, 0, E_HOST, H_START, 0);
    if (rc == 0)
        rc = pk_des_run(m->des, INFINITY);
    if (rc != 0)
        return rc;
    if (isnan(m->finish))
        return PK_EINVAL; /* not reached: every strategy ends with the host observing completion */
    out->total_ns = m->finish;
    out->host_ns = m->host_ns;
    out->device_ns = m->last_end - m->first_start;
    out->blocked_ns = m->blocked_ns;
    out->max_queued = m->max_queued;
    out->events = pk_des_events_run(m->des);
    out->setup_ns = s == PK_STRAT_PERSISTENT ? m->setup_used : NAN;
    out->teardown_ns = s == PK_STRAT_PERSISTENT ? m->teardown_used : NAN;
    if (s == PK_STRAT_GRAPH) {
        double gi = 0;
        for (uint64_t k = 0; k < items->n && (m->random || k == 0); k++)
            gi += cost(m, E_GRAPH, PK_P_GRAPH_INSTANTIATE, c->graph_inst);
        out->setup_ns = m->random ? gi : (double)items->n * c->graph_inst;
    }
    return PK_OK;
}
