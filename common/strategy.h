/* The five launch strategies of DESIGN.md §3, shared by the harness, the simulator and the
 * result files (their names are the CSV/JSON spelling). */
#ifndef PK_COMMON_STRATEGY_H
#define PK_COMMON_STRATEGY_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pk_strategy {
    PK_STRAT_STANDARD = 0,        /* N async launches on one stream, one sync */
    PK_STRAT_STANDARD_SYNC,       /* launch + sync per item */
    PK_STRAT_GRAPH,               /* capture N launches, instantiate, replay (replay timed) */
    PK_STRAT_PERSISTENT,          /* setup + N items through the queue + teardown */
    PK_STRAT_PERSISTENT_RESIDENT, /* an already-resident persistent kernel (setup excluded) */
    PK_STRAT_COUNT
} pk_strategy;

/* "standard", "standard-sync", "graph", "persistent", "persistent-resident", then NULL. */
extern const char *const pk_strategy_names[PK_STRAT_COUNT + 1];

/* The strategy for a name, or -1. */
int pk_strategy_lookup(const char *name);

#ifdef __cplusplus
}
#endif

#endif
