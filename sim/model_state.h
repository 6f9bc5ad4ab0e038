/* The launch model's state, shared by its two files: model.c (the entities and one run) and
 * model_predict.c (stochastic mode and the distribution over draws). Private to sim/. */
#ifndef PK_SIM_MODEL_STATE_H
#define PK_SIM_MODEL_STATE_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/des.h"
#include "sim/model.h"

enum { T_HOST = 0, T_DEVICE, T_KERNEL, T_GRAPH };
enum { E_HOST = 0, E_DEVICE, E_KERNEL, E_GRAPH, E_COUNT };

enum {
    H_START,    /* arg: item; begin host work for it */
    H_READY,    /* arg: item; host work done, try to launch or push */
    H_LAUNCHED, /* arg: item; launch call returned */
    H_SYNCED,   /* sync returned */
    H_SETUP_DONE,
    H_GRAPH_LAUNCHED,
    D_START,
    D_END,
    K_WAKE,
    K_ITEM_END,
    K_SHUTDOWN,
    K_EXIT,
    K_OBSERVED, /* the batch's completion reached the host (B after the last item ended) */
    G_START,
    G_NODE_END
};

enum { DEV_IDLE, DEV_STARTING, DEV_RUNNING };

struct pk_model {
    pk_des *des;
    gsl_rng *rng[E_COUNT];
    /* stochastic mode */
    int random;
    pk_model_random rnd;
    pk_samples samples[PK_PARAM_COUNT]; /* borrowed from the params given to set_random */
    double mu[PK_PARAM_COUNT], sigma[PK_PARAM_COUNT];
    double p_zero[PK_PARAM_COUNT]; /* lognormal fits: the share of samples that were 0, drawn as 0 */
    int use_logn[PK_PARAM_COUNT];
    int jitter_rel[PK_PARAM_COUNT]; /* --jitter-cv fits (no samples): a factor of mean 1 on the charged value */
    int graph_parts; /* graph_launch_ns fell back (h + L + sync, no samples; L's drawn): L then sync */
    double item_sigma; /* lognormal sigma of item durations; 0 = constant */
    /* timeline */
    pk_timeline_fn tl;
    void *tl_user;
    /* the current run */
    pk_costs c;
    pk_strategy s;
    pk_items it;
    /* launch queue: arrival times of pending launches */
    double *q;
    uint64_t q_mask, q_head, q_count, max_queued;
    /* host */
    uint64_t launched;
    int blocked, waiting;
    double blocked_since, blocked_ns, host_ns, wait_since;
    double graph_credit; /* a replay whose G fell back: what D leaves of L, taken off the sync */
    uint64_t next_item; /* item the host launches next (blocked host) */
    /* device */
    int dev;
    int has_prev;
    double prev_end, first_start, last_end;
    double run_start, run_end, next_start; /* the running kernel; the start of the next one */
    uint64_t done;
    /* persistent kernel */
    uint64_t pushed, consumed;
    int k_idle, k_shutdown;
    int k_round_trip, k_observed; /* B scheduled; B elapsed (completion observed) */
    int chunked;                  /* the batch is read as chunks of C words (pk_costs_chunked) */
    double chunk_ready;           /* when the chunk of the item taken last is in hand */
    int rsplit;                   /* a resident batch's items past the window at e_r (pk_costs_resident_split) */
    double setup_used, teardown_used;
    double finish;
    /* scratch for predict */
    double *scratch;
    size_t scratch_cap;
};

/* Stochastic mode (model_predict.c): parameter id's cost for one use by entity ent, drawn from
 * its fit or samples (v: the value charged). */
double pk__model_draw(pk_model *m, int ent, pk_param_id id, double v);

#endif
