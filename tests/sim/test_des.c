/* Invariant: the event engine delivers every scheduled event exactly once, in (time, seq)
 * order, whatever order the timestamps were pushed in (tied, unsorted, non-monotone within
 * one source), identically with the FIFO-of-heads queue and the plain heap; rejects events in
 * the past; keeps its pending count bounded by the events in flight; and leaves the event a
 * handler is given intact while that handler grows its own source's FIFO. */
#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "sim/des.h"
#include "tests/pk_test.h"

typedef struct rec {
    double t[4096];
    uint64_t seq[4096];
    uint64_t arg[4096];
    size_t n;
} rec;

static void record(pk_des *d, uint32_t ent, void *state, const pk_event *ev)
{
    rec *r = state;
    if (r->n < 4096) {
        r->t[r->n] = ev->time;
        r->seq[r->n] = ev->seq;
        r->arg[r->n] = ev->arg;
        r->n++;
    }
}

/* Events pushed by one source at unsorted and tied times come out sorted, ties by push order. */
static void test_unsorted_and_tied(unsigned flags)
{
    pk_des *d;
    PK_CHECK(pk_des_create(&d, flags) == 0);
    rec r = {.n = 0};
    uint32_t a, b;
    PK_CHECK(pk_des_register_type(d, 0, record) == 0);
    PK_CHECK(pk_des_add_entity(d, 0, &r, &a) == 0);
    PK_CHECK(pk_des_add_entity(d, 0, &r, &b) == 0);
    static const double times[] = {5, 3, 9, 1, 3, 5, 5, 0, 9, 2};
    for (uint64_t i = 0; i < 10; i++)
        PK_CHECK(pk_des_schedule(d, i % 3 == 0 ? b : a, times[i], a, 0, i) == 0);
    PK_CHECK(pk_des_pending(d) == 10);
    PK_CHECK(pk_des_run(d, INFINITY) == 0);
    PK_CHECK_U64(r.n, 10);
    /* Expected: stable sort of indexes by time. */
    static const uint64_t want[] = {7, 3, 9, 1, 4, 0, 5, 6, 2, 8};
    for (size_t i = 0; i < 10; i++)
        PK_CHECK_U64(r.arg[i], want[i]);
    PK_CHECK_U64(pk_des_events_run(d), 10);
    PK_CHECK(pk_des_pending(d) == 0);
    pk_des_destroy(d);
}

/* A random self-scheduling workload: each handler schedules 0-2 events, sometimes monotone,
 * sometimes earlier than the source's last pending event. */
typedef struct chaos {
    uint64_t rng;
    uint32_t n_ent;
    uint64_t budget;
    double t[20000];
    uint64_t seq[20000];
    size_t n;
    int order_ok;
} chaos;

static uint64_t xs(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void chaos_handler(pk_des *d, uint32_t ent, void *state, const pk_event *ev)
{
    chaos *c = state;
    if (c->n > 0 && (ev->time < c->t[c->n - 1] || (ev->time == c->t[c->n - 1] && ev->seq <= c->seq[c->n - 1])))
        c->order_ok = 0;
    if (c->n < 20000) {
        c->t[c->n] = ev->time;
        c->seq[c->n] = ev->seq;
        c->n++;
    }
    int k = (int)(xs(&c->rng) % 3);
    for (int i = 0; i < k && c->budget > 0; i++, c->budget--) {
        /* Small integer deltas make ties frequent. */
        double t = pk_des_now(d) + (double)(xs(&c->rng) % 4);
        uint32_t src = (uint32_t)(xs(&c->rng) % c->n_ent);
        if (pk_des_schedule(d, src, t, (uint32_t)(xs(&c->rng) % c->n_ent), 0, 0) != 0)
            c->order_ok = 0;
    }
}

static void run_chaos(unsigned flags, chaos *c)
{
    pk_des *d;
    PK_CHECK(pk_des_create(&d, flags) == 0);
    PK_CHECK(pk_des_register_type(d, 3, chaos_handler) == 0);
    c->rng = 0x12345678u;
    c->n_ent = 5;
    c->budget = 15000;
    c->n = 0;
    c->order_ok = 1;
    for (uint32_t i = 0; i < c->n_ent; i++)
        PK_CHECK(pk_des_add_entity(d, 3, c, NULL) == 0);
    for (uint32_t i = 0; i < 40; i++)
        PK_CHECK(pk_des_schedule(d, i % c->n_ent, (double)(40 - i) / 4, i % c->n_ent, 0, 0) == 0);
    PK_CHECK(pk_des_run(d, INFINITY) == 0);
    PK_CHECK_U64(pk_des_events_run(d), c->n);
    PK_CHECK_U64(c->n, 40 + 15000 - c->budget);
    PK_CHECK(c->order_ok);
    pk_des_destroy(d);
}

static chaos c1, c2;

static void test_chaos_fifo_equals_heap(void)
{
    run_chaos(0, &c1);
    run_chaos(PK_DES_PLAIN_HEAP, &c2);
    PK_CHECK_U64(c1.n, c2.n);
    size_t same = 0;
    for (size_t i = 0; i < c1.n && i < c2.n; i++)
        same += c1.t[i] == c2.t[i] && c1.seq[i] == c2.seq[i];
    PK_CHECK_U64(same, c1.n);
}

static void test_rejects(void)
{
    pk_des *d;
    rec r = {.n = 0};
    PK_CHECK(pk_des_create(&d, 99) == PK_EINVAL);
    PK_CHECK(pk_des_create(&d, 0) == 0);
    PK_CHECK(pk_des_add_entity(d, 0, &r, NULL) == PK_EINVAL); /* type not registered */
    PK_CHECK(pk_des_register_type(d, PK_DES_MAX_TYPES, record) == PK_EINVAL);
    PK_CHECK(pk_des_register_type(d, 0, record) == 0);
    PK_CHECK(pk_des_add_entity(d, 0, &r, NULL) == 0);
    PK_CHECK(pk_des_schedule(d, 0, 10, 0, 0, 0) == 0);
    PK_CHECK(pk_des_schedule(d, 1, 10, 0, 0, 0) == PK_EINVAL); /* unknown source */
    PK_CHECK(pk_des_schedule(d, 0, NAN, 0, 0, 0) == PK_EINVAL);
    PK_CHECK(pk_des_schedule(d, 0, INFINITY, 0, 0, 0) == PK_EINVAL);
    PK_CHECK(pk_des_run(d, 5) == 0); /* nothing due before 5 */
    PK_CHECK_U64(r.n, 0);
    PK_CHECK(pk_des_run(d, INFINITY) == 0);
    PK_CHECK_U64(r.n, 1);
    PK_CHECK(pk_des_now(d) == 10);
    PK_CHECK(pk_des_schedule(d, 0, 9, 0, 0, 0) == PK_EINVAL); /* in the past */
    /* Reset keeps working buffers but forgets entities. */
    pk_des_reset(d);
    PK_CHECK(pk_des_now(d) == 0);
    PK_CHECK(pk_des_schedule(d, 0, 1, 0, 0, 0) == PK_EINVAL);
    pk_des_destroy(d);
}

/* Two chains of a million events, each event scheduling the next: two pending at once. */
typedef struct chain {
    uint64_t left;
} chain;

static void chain_handler(pk_des *d, uint32_t ent, void *state, const pk_event *ev)
{
    chain *c = state;
    if (c->left > 0) {
        c->left--;
        pk_des_schedule(d, ent, ev->time + 1, ent, 0, 0);
    }
}

static void test_memory_bounded(void)
{
    pk_des *d;
    chain c = {1000000};
    PK_CHECK(pk_des_create(&d, 0) == 0);
    PK_CHECK(pk_des_register_type(d, 1, chain_handler) == 0);
    PK_CHECK(pk_des_add_entity(d, 1, &c, NULL) == 0);
    PK_CHECK(pk_des_schedule(d, 0, 0, 0, 0, 0) == 0);
    PK_CHECK(pk_des_schedule(d, 0, 0.5, 0, 0, 0) == 0);
    PK_CHECK(pk_des_run(d, INFINITY) == 0);
    PK_CHECK_U64(pk_des_events_run(d), 1000002);
    PK_CHECK_U64(pk_des_max_pending(d), 2);
    pk_des_destroy(d);
}

/* The first event's handler schedules 5000 events into its own source (growing its FIFO
 * several times) and then reads its event again. */
typedef struct grower {
    int ok;
    uint64_t seen;
} grower;

static void grow_handler(pk_des *d, uint32_t ent, void *state, const pk_event *ev)
{
    grower *g = state;
    g->seen++;
    if (ev->kind != 9)
        return;
    double t = ev->time;
    for (uint64_t i = 0; i < 5000; i++)
        if (pk_des_schedule(d, ent, t + (double)i, ent, 1, i) != 0)
            g->ok = 0;
    if (ev->arg != 777 || ev->time != t || ev->kind != 9)
        g->ok = 0;
}

static void test_growth_in_handler(void)
{
    pk_des *d;
    grower g = {1, 0};
    PK_CHECK(pk_des_create(&d, 0) == 0);
    PK_CHECK(pk_des_register_type(d, 2, grow_handler) == 0);
    PK_CHECK(pk_des_add_entity(d, 2, &g, NULL) == 0);
    PK_CHECK(pk_des_schedule(d, 0, 3, 0, 9, 777) == 0);
    PK_CHECK(pk_des_run(d, INFINITY) == 0);
    PK_CHECK(g.ok);
    PK_CHECK_U64(g.seen, 5001);
    PK_CHECK(pk_des_now(d) == 3 + 4999);
    pk_des_destroy(d);
}

int main(void)
{
    test_growth_in_handler();
    test_unsorted_and_tied(0);
    test_unsorted_and_tied(PK_DES_PLAIN_HEAP);
    test_chaos_fifo_equals_heap();
    test_rejects();
    test_memory_bounded();
    return pk_test_done("sim.des");
}
