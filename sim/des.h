/* sim/des: a small, general discrete-event engine. It knows nothing about GPUs: entities of
 * registered types receive events ordered by (time, sequence number), so events at the same
 * time run in the order they were scheduled and every run is deterministic.
 *
 * Queue structure: each event source (an entity scheduling events) owns a FIFO ring buffer;
 * a small binary heap orders the sources by their FIFO heads. When a source schedules events
 * at non-decreasing times (the common case: a host thread or a device moving forward) a push
 * is an append and a pop is one sift over a handful of heads. A push that would break a
 * source's FIFO order (time earlier than its last pending event) goes to one general binary
 * heap instead, so any order of timestamps is still correct. PK_DES_PLAIN_HEAP sends every
 * event through the general heap (the classic structure, for comparison).
 *
 * Memory is bounded by the events in flight: ring buffers and the heap grow only when more
 * events are pending than ever before and are reused; nothing is allocated per event. */
#ifndef PK_SIM_DES_H
#define PK_SIM_DES_H

#include <stddef.h>
#include <stdint.h>

typedef struct pk_des pk_des;

typedef struct pk_event {
    double time;      /* simulated ns */
    uint64_t seq;     /* global scheduling order: breaks ties deterministically */
    uint32_t target;  /* entity that handles it */
    uint32_t kind;    /* meaning is up to the target's type */
    uint64_t arg;     /* payload (an item index, a count...) */
} pk_event;

/* Handles one event for one entity; state is what pk_des_add_entity was given. */
typedef void (*pk_des_handler)(pk_des *des, uint32_t entity, void *state, const pk_event *ev);

enum {
    PK_DES_PLAIN_HEAP = 1 /* every event through one binary heap (no per-source FIFOs) */
};

#define PK_DES_MAX_TYPES 16

/* Creates an engine (flags: 0 or PK_DES_PLAIN_HEAP). Returns 0, PK_EINVAL or PK_ENOMEM. */
int pk_des_create(pk_des **out, unsigned flags);
void pk_des_destroy(pk_des *des);
/* Forgets every entity and pending event and sets the clock to 0, keeping buffers. */
void pk_des_reset(pk_des *des);

/* Registers the handler of an entity type (0 <= type < PK_DES_MAX_TYPES). */
int pk_des_register_type(pk_des *des, uint32_t type, pk_des_handler handler);
/* Adds an entity of a registered type; its id (0, 1, ...) is returned through *id. Each entity
 * is also an event source with its own FIFO. Returns 0, PK_EINVAL or PK_ENOMEM. */
int pk_des_add_entity(pk_des *des, uint32_t type, void *state, uint32_t *id);

/* Schedules an event for target at absolute time t, on behalf of source (the FIFO it joins).
 * t must be finite and not earlier than now. Returns 0, PK_EINVAL or PK_ENOMEM. */
int pk_des_schedule(pk_des *des, uint32_t source, double t, uint32_t target, uint32_t kind, uint64_t arg);

/* Runs until no event is pending, pk_des_stop is called, or the next event is later than
 * until (pass INFINITY for no limit). Returns 0 or the first error a handler recorded. */
int pk_des_run(pk_des *des, double until);
/* Makes pk_des_run return after the current event. */
void pk_des_stop(pk_des *des);
/* Records an error (a handler's failure, e.g. PK_ENOMEM); pk_des_run stops and returns it. */
void pk_des_fail(pk_des *des, int status);

double pk_des_now(const pk_des *des);
uint64_t pk_des_events_run(const pk_des *des);
size_t pk_des_pending(const pk_des *des);
/* Most events ever pending at once since create/reset (the memory high-water mark). */
size_t pk_des_max_pending(const pk_des *des);

#endif
