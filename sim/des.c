/* The discrete-event engine: per-source FIFO rings with a heap over their heads, plus a
 * general heap for out-of-order pushes (see des.h). */
#include "sim/des.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

typedef struct fifo {
    pk_event *buf;
    uint32_t mask; /* capacity - 1 (capacity a power of two), or 0 when unallocated */
    uint32_t head;
    uint32_t count;
    double last; /* time of the newest pending event */
} fifo;

/* A node of the heads heap: a non-empty source and a copy of its head's key, so that
 * comparisons need no pointer chasing. */
typedef struct hnode {
    double time;
    uint64_t seq;
    uint32_t src;
    uint32_t target; /* the head event's target: the handler is found without reading the event */
} hnode;

struct pk_des {
    unsigned flags;
    double now;
    uint64_t seq;
    uint64_t events;
    int stopped;
    int error;
    size_t max_pending; /* pending events = seq - events (each scheduled event took one seq) */
    pk_des_handler handler[PK_DES_MAX_TYPES];
    /* entities */
    uint32_t n_ent, cap_ent;
    uint32_t *type;
    pk_des_handler *ent_fn; /* the handler of each entity's type */
    uint32_t cur_src;       /* source whose head event is being handled, or UINT32_MAX */
    pk_event *deferred_free;
    void **state;
    fifo *src;
    /* heap of non-empty sources ordered by their FIFO heads */
    hnode *hh;
    uint32_t nh;
    /* general heap */
    pk_event *gh;
    size_t ng, cap_g;
};

static inline int ev_less(const pk_event *a, const pk_event *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static inline const pk_event *head_of(const pk_des *d, uint32_t s)
{
    const fifo *f = &d->src[s];
    return &f->buf[f->head];
}

static inline int key_less(const hnode *a, const hnode *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

/* The heads heap is a flat array of (time, seq, source) and its keys travel in registers:
 * a node is always written field by field (8-, 8- and 4-byte stores) and read the same way,
 * never copied as a whole right after a field-wise store, since a 16-byte load spanning two
 * 8-byte stores cannot be forwarded from the store buffer and stalls until they retire. */
static inline void hh_set(hnode *h, uint32_t i, double t, uint64_t seq, uint32_t src, uint32_t target)
{
    h[i].time = t;
    h[i].seq = seq;
    h[i].src = src;
    h[i].target = target;
}

static inline void hh_move(hnode *h, uint32_t to, uint32_t from)
{
    hh_set(h, to, h[from].time, h[from].seq, h[from].src, h[from].target);
}

/* Inserts key (t, seq, src) at the free slot i (= d->nh before the insertion). */
static inline void hh_insert(pk_des *d, uint32_t i, double t, uint64_t seq, uint32_t src, uint32_t target)
{
    hnode *h = d->hh;
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!(t < h[p].time || (t == h[p].time && seq < h[p].seq)))
            break;
        hh_move(h, i, p);
        i = p;
    }
    hh_set(h, i, t, seq, src, target);
}

/* Replaces the root's key by (t, seq, src) and sifts it down once (replace-top): the pop of a
 * source's head and the push of its next head cost one sift, not a removal plus an insertion. */
static inline void hh_replace_top(pk_des *d, double t, uint64_t seq, uint32_t src, uint32_t target)
{
    hnode *h = d->hh;
    uint32_t n = d->nh, i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && key_less(&h[c + 1], &h[c]))
            c++;
        if (!(h[c].time < t || (h[c].time == t && h[c].seq < seq)))
            break;
        hh_move(h, i, c);
        i = c;
    }
    hh_set(h, i, t, seq, src, target);
}

static void gh_sift_up(pk_des *d, size_t i)
{
    pk_event e = d->gh[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!ev_less(&e, &d->gh[p]))
            break;
        d->gh[i] = d->gh[p];
        i = p;
    }
    d->gh[i] = e;
}

static void gh_sift_down(pk_des *d, size_t i)
{
    pk_event e = d->gh[i];
    size_t n = d->ng;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && ev_less(&d->gh[c + 1], &d->gh[c]))
            c++;
        if (!ev_less(&d->gh[c], &e))
            break;
        d->gh[i] = d->gh[c];
        i = c;
    }
    d->gh[i] = e;
}

int pk_des_create(pk_des **out, unsigned flags)
{
    if (!out || (flags & ~(unsigned)PK_DES_PLAIN_HEAP))
        return PK_EINVAL;
    pk_des *d = calloc(1, sizeof *d);
    if (!d)
        return PK_ENOMEM;
    d->flags = flags;
    d->cur_src = UINT32_MAX;
    *out = d;
    return PK_OK;
}

void pk_des_destroy(pk_des *d)
{
    if (!d)
        return;
    for (uint32_t i = 0; i < d->cap_ent; i++)
        free(d->src[i].buf);
    free(d->type);
    free(d->ent_fn);
    free(d->state);
    free(d->src);
    free(d->hh);
    free(d->gh);
    free(d);
}

void pk_des_reset(pk_des *d)
{
    for (uint32_t i = 0; i < d->n_ent; i++) {
        d->src[i].head = d->src[i].count = 0;
    }
    d->n_ent = 0;
    d->nh = 0;
    d->ng = 0;
    d->now = 0;
    d->seq = 0;
    d->events = 0;
    d->stopped = 0;
    d->error = 0;
    d->max_pending = 0;
}

int pk_des_register_type(pk_des *d, uint32_t type, pk_des_handler handler)
{
    if (!d || type >= PK_DES_MAX_TYPES || !handler)
        return PK_EINVAL;
    d->handler[type] = handler;
    return PK_OK;
}

int pk_des_add_entity(pk_des *d, uint32_t type, void *state, uint32_t *id)
{
    if (!d || type >= PK_DES_MAX_TYPES || !d->handler[type])
        return PK_EINVAL;
    if (d->n_ent == d->cap_ent) {
        uint32_t cap = d->cap_ent ? 2 * d->cap_ent : 8;
        uint32_t *t = realloc(d->type, cap * sizeof *t);
        if (!t)
            return PK_ENOMEM;
        d->type = t;
        pk_des_handler *fn = realloc(d->ent_fn, cap * sizeof *fn);
        if (!fn)
            return PK_ENOMEM;
        d->ent_fn = fn;
        void **s = realloc(d->state, cap * sizeof *s);
        if (!s)
            return PK_ENOMEM;
        d->state = s;
        fifo *f = realloc(d->src, cap * sizeof *f);
        if (!f)
            return PK_ENOMEM;
        memset(f + d->cap_ent, 0, (cap - d->cap_ent) * sizeof *f);
        d->src = f;
        hnode *h = realloc(d->hh, cap * sizeof *h);
        if (!h)
            return PK_ENOMEM;
        d->hh = h;
        d->cap_ent = cap;
    }
    uint32_t i = d->n_ent++;
    d->type[i] = type;
    d->ent_fn[i] = d->handler[type];
    d->state[i] = state;
    d->src[i].head = d->src[i].count = 0;
    if (id)
        *id = i;
    return PK_OK;
}

static int fifo_grow(pk_des *d, fifo *f)
{
    uint32_t cap = f->mask ? 2 * (f->mask + 1) : 64;
    if (cap == 0 || cap > (UINT32_MAX / 2))
        return PK_ENOMEM;
    pk_event *b = malloc(cap * sizeof *b);
    if (!b)
        return PK_ENOMEM;
    for (uint32_t i = 0; i < f->count; i++)
        b[i] = f->buf[(f->head + i) & f->mask];
    if (d->cur_src < d->n_ent && f == &d->src[d->cur_src] && !d->deferred_free)
        d->deferred_free = f->buf; /* its head event is being handled in place */
    else
        free(f->buf);
    f->buf = b;
    f->head = 0;
    f->mask = cap - 1;
    return PK_OK;
}

static int gh_push(pk_des *d, const pk_event *e)
{
    if (d->ng == d->cap_g) {
        size_t cap = d->cap_g ? 2 * d->cap_g : 64;
        pk_event *g = realloc(d->gh, cap * sizeof *g);
        if (!g)
            return PK_ENOMEM;
        d->gh = g;
        d->cap_g = cap;
    }
    d->gh[d->ng] = *e;
    gh_sift_up(d, d->ng++);
    return PK_OK;
}

int pk_des_schedule(pk_des *d, uint32_t source, double t, uint32_t target, uint32_t kind, uint64_t arg)
{
    if (source >= d->n_ent || target >= d->n_ent || !(t >= d->now) || t == INFINITY)
        return PK_EINVAL;
    pk_event e = {t, d->seq, target, kind, arg};
    int rc;
    fifo *f = &d->src[source];
    if ((d->flags & PK_DES_PLAIN_HEAP) || (f->count > 0 && t < f->last)) {
        rc = gh_push(d, &e);
    } else {
        if ((!f->buf || f->count > f->mask) && (rc = fifo_grow(d, f)) != 0)
            return rc;
        f->buf[(f->head + f->count) & f->mask] = e;
        f->last = t;
        if (f->count++ == 0) {
            hh_insert(d, d->nh, t, e.seq, source, target);
            d->nh++;
        }
        rc = PK_OK;
    }
    if (rc == PK_OK) {
        size_t pending = (size_t)(++d->seq - d->events);
        if (pending > d->max_pending)
            d->max_pending = pending;
    }
    return rc;
}

int pk_des_run(pk_des *d, double until)
{
    d->stopped = 0;
    while (!d->stopped && d->error == 0) {
        pk_event ev;
        const hnode *top = d->nh ? &d->hh[0] : NULL;
        if (d->ng && (!top || d->gh[0].time < top->time || (d->gh[0].time == top->time && d->gh[0].seq < top->seq))) {
            if (d->gh[0].time > until)
                break;
            ev = d->gh[0];
            d->gh[0] = d->gh[--d->ng];
            if (d->ng)
                gh_sift_down(d, 0);
        } else if (top) {
            if (top->time > until)
                break;
            /* The event stays at its FIFO's head, and so keeps the minimum key at the heap's
             * root, while its handler runs: events the handler schedules into this source
             * append behind it and new sources sift up below it. Afterwards one sift-down (or
             * one removal) settles the source, instead of a removal plus a re-insertion.
             * The handler reads the event in place (copying it whole right after its
             * field-wise store would stall store forwarding); should the FIFO grow meanwhile,
             * its old buffer is freed only after the handler returns. */
            uint32_t s = top->src;
            const pk_event *fe = head_of(d, s);
            uint32_t target = top->target;
            d->now = top->time;
            d->events++;
            d->cur_src = s;
            d->ent_fn[target](d, target, d->state[target], fe);
            d->cur_src = UINT32_MAX;
            if (d->deferred_free) {
                free(d->deferred_free);
                d->deferred_free = NULL;
            }
            fifo *f = &d->src[s];
            f->head = (f->head + 1) & f->mask;
            if (--f->count == 0) {
                if (--d->nh) {
                    const hnode *last = &d->hh[d->nh];
                    hh_replace_top(d, last->time, last->seq, last->src, last->target);
                }
            } else {
                const pk_event *h = &f->buf[f->head];
                if (d->nh > 1)
                    hh_replace_top(d, h->time, h->seq, s, h->target);
                else { /* one source: only the key and target change */
                    d->hh[0].time = h->time;
                    d->hh[0].seq = h->seq;
                    d->hh[0].target = h->target;
                }
            }
            continue;
        } else {
            break;
        }
        d->now = ev.time;
        d->events++;
        d->ent_fn[ev.target](d, ev.target, d->state[ev.target], &ev);
    }
    return d->error;
}

void pk_des_stop(pk_des *d)
{
    d->stopped = 1;
}

void pk_des_fail(pk_des *d, int status)
{
    if (d->error == 0)
        d->error = status ? status : PK_EINVAL;
}

double pk_des_now(const pk_des *d)
{
    return d->now;
}

uint64_t pk_des_events_run(const pk_des *d)
{
    return d->events;
}

size_t pk_des_pending(const pk_des *d)
{
    return (size_t)(d->seq - d->events);
}

size_t pk_des_max_pending(const pk_des *d)
{
    return d->max_pending;
}
