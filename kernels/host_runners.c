/* The host backend's strategy runners (standard, standard-sync, graph, persistent,
 * persistent-resident) and calibration probes, on the queue and the workers (see host.h). */
#include "kernels/host.h"

#include <stdlib.h>

#include "common/status.h"

static pk__desc item_desc(uint64_t i, const pk_point *pt, uint64_t *slots, pk__stats *st)
{
    return (pk__desc){.kind = PK__ITEM, .index = i, .item_ns = pt->item_ns, .slots = slots, .stats = st};
}

int pk__run_queue(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                  size_t errlen)
{
    int rc = pk__q_start(b, err, errlen);
    uint64_t n = pt->batch, base = pk__q_done(b), host = 0, t0 = pk__now_ns();
    if (pt->strategy == PK_STRAT_STANDARD) {
        for (uint64_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, pt, slots, st);
            rc = pk__q_push(b, &d, err, errlen);
        }
        host = pk__now_ns() - t0;
        if (rc == 0)
            rc = pk__q_wait(b, base + n, err, errlen);
    } else {
        for (uint64_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, pt, slots, st);
            uint64_t p0 = pk__now_ns();
            rc = pk__q_push(b, &d, err, errlen);
            host += pk__now_ns() - p0;
            if (rc == 0)
                rc = pk__q_wait(b, base + i + 1, err, errlen);
        }
    }
    s->wall_ns = (double)(pk__now_ns() - t0);
    s->host_ns = (double)host;
    return rc;
}

int pk__run_graph(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                  size_t errlen)
{
    int rc = pk__q_start(b, err, errlen);
    if (rc)
        return rc;
    uint64_t n = pt->batch, ts = pk__now_ns();
    pk__desc *nodes = malloc(n * sizeof *nodes); /* capture + instantiate */
    if (!nodes)
        return pk__fail(err, errlen, PK_ENOMEM, "host backend: no memory for a graph of %llu items",
                        (unsigned long long)n);
    for (uint64_t i = 0; i < n; i++)
        nodes[i] = item_desc(i, pt, slots, st);
    pk__desc launch = {.kind = PK__BATCH, .batch = nodes, .batch_n = n};
    uint64_t base = pk__q_done(b), t0 = pk__now_ns();
    s->setup_ns = (double)(t0 - ts);
    rc = pk__q_push(b, &launch, err, errlen);
    s->host_ns = (double)(pk__now_ns() - t0);
    if (rc == 0)
        rc = pk__q_wait(b, base + 1, err, errlen);
    s->wall_ns = (double)(pk__now_ns() - t0);
    if (rc)
        pk__stop_all(b); /* the worker may still read the nodes */
    free(nodes);
    return rc;
}

int pk__run_persistent(pk_backend *b, const pk_point *pt, uint64_t *slots, pk__stats *st, pk_sample *s, char *err,
                       size_t errlen)
{
    int resident = pt->strategy == PK_STRAT_PERSISTENT_RESIDENT, rc = 0;
    atomic_store_explicit(&b->q.idle_spin, 0, memory_order_relaxed); /* the queue worker sleeps now */
    if (!(resident && b->res) && (rc = pk__pw_reserve(b, err, errlen)) != 0) /* the ring, untimed */
        return rc;
    uint64_t n = pt->batch, t0 = pk__now_ns();
    if (resident)
        rc = b->res ? pk__pw_unpark(b, b->res, err, errlen) : pk__pw_start(b, &b->res, err, errlen);
    else
        rc = pk__pw_start(b, &b->pers, err, errlen);
    if (rc)
        return rc;
    pk__pw *pw = resident ? b->res : b->pers;
    uint64_t tp = pk__now_ns(), base = atomic_load(&pw->done);
    if (!resident)
        s->setup_ns = (double)(tp - t0);
    for (uint64_t i = 0; rc == 0 && i < n; i++) {
        pk__desc d = item_desc(i, pt, slots, st);
        rc = pk__pw_publish(b, pw, &d, err, errlen);
    }
    s->host_ns = (double)(pk__now_ns() - tp);
    if (rc == 0)
        rc = pk__wait_ge(b, &pw->done, base + n, "completion of the persistent worker's items", err, errlen);
    uint64_t t_done = pk__now_ns();
    if (rc == 0 && resident) {
        s->wall_ns = (double)(t_done - tp);
        rc = pk__pw_publish(b, pw, &(pk__desc){.kind = PK__PARK}, err, errlen);
        pw->parked = rc == 0;
    } else if (rc == 0) {
        rc = pk__pw_publish(b, pw, &(pk__desc){.kind = PK__STOP}, err, errlen);
        if (rc == 0)
            rc = pk__block_ge(b, &pw->mu, &pw->cv_host, &pw->exited, 1, "the persistent worker's exit", err, errlen);
        if (rc == 0) {
            pthread_join(pw->thread, NULL);
            uint64_t t_end = pk__now_ns();
            s->teardown_ns = (double)(t_end - t_done);
            s->wall_ns = (double)(t_end - t0);
            pw->started = 0;
            pk__pw_kill(&b->pers);
        }
    }
    return rc;
}

int pk__probe_run(pk_backend *b, pk_probe kind, uint64_t item_ns, double *out, size_t n, char *err, size_t errlen)
{
    const int rc_buf = pk__buffers(b, n, err, errlen);
    if (rc_buf)
        return rc_buf;
    uint64_t *slots = b->slots;
    pk__stats st = {0};
    pk_point pt = {.item_ns = kind == PK_PROBE_LAUNCH_TIMES ? item_ns : 0};
    b->work_ns = pk__work_ns(n, pt.item_ns);
    int rc = pk__q_start(b, err, errlen);
    if (kind == PK_PROBE_LAUNCH_TIMES) {
        uint64_t base = pk__q_done(b);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            pk__desc d = item_desc(i, &pt, slots, &st);
            uint64_t t0 = pk__now_ns();
            rc = pk__q_push(b, &d, err, errlen);
            out[i] = (double)(pk__now_ns() - t0);
        }
        if (rc == 0)
            rc = pk__q_wait(b, base + n, err, errlen);
    } else {
        for (size_t i = 0; rc == 0 && i < n; i++) { /* one item at a time on an idle worker */
            pk__desc d = item_desc(i, &pt, slots, &st);
            uint64_t target = pk__q_done(b) + 1, t0 = 0;
            st.count = 0; /* the previous item has completed: this one's start becomes first_start */
            if ((rc = pk__q_wait_drained(b, err, errlen)) == 0) {
                t0 = pk__now_ns();
                rc = pk__q_push(b, &d, err, errlen);
            }
            if (rc == 0)
                rc = pk__q_wait(b, target, err, errlen);
            if (rc == 0 && kind == PK_PROBE_LAUNCH_LATENCY) {
                out[i] = (double)(st.first_start - t0); /* push on an idle worker -> item start */
            } else if (rc == 0 && (rc = pk__q_wait_drained(b, err, errlen)) == 0) {
                t0 = pk__now_ns(); /* PK_PROBE_SYNC: the queue has finished; time observing that */
                rc = pk__q_wait(b, target, err, errlen);
                out[i] = (double)(pk__now_ns() - t0);
            }
        }
    }
    if (rc)
        pk__stop_all(b);
    else
        rc = pk__verify(slots, n, err, errlen);
    b->work_ns = 0;
    return rc;
}