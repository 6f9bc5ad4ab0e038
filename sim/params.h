/* The cost model's parameters (DESIGN.md §2): one struct, one JSON file. Calibration fills
 * it by measuring; the simulator and the analytic models consume it. */
#ifndef PK_SIM_PARAMS_H
#define PK_SIM_PARAMS_H

#include <stddef.h>

#include "common/context.h"

/* Version 2 added the parameters after PK_P_PERSISTENT_BATCH; files of version 1 are read with
 * those set to their fallbacks (pk_params_fallback). item_kernel_ns came later within version 2:
 * it is optional and has no fallback (NAN: not measured). Version 3 charged no dispatch for a
 * resident batch's first window; version 4 none for a chunked persistent launch's either, so its
 * B_l holds the small batch's items (pk_params_load re-expresses older files). */
#define PK_PARAMS_SCHEMA_VERSION 4

/* The file's "kind": a params file without it, or of another kind, is refused. */
#define PK_PARAMS_KIND "pkbench-params"
/* The deepest launch_queue_depth a file may give, as `simulate --queue-depth` takes: 2^32 - 1. */
#define PK_PARAMS_QUEUE_DEPTH_MAX 4294967295.0

/* The graph size whose replay graph_launch_ns is taken at (less its nodes at graph_node_ns): the
 * model's graph wall is the line graph_launch + N graph_node from this N up, and below it runs
 * to graph_one_node_ns at N = 1 (pk_costs_graph_small). */
#define PK_GRAPH_ANCHOR_N 3u

typedef enum pk_param_id {
    PK_P_LAUNCH_HOST = 0,     /* h */
    PK_P_LAUNCH_LATENCY,      /* L */
    PK_P_KERNEL_GAP,          /* g */
    PK_P_LAUNCH_QUEUE_DEPTH,  /* Q (a count) */
    PK_P_SYNC,                /* sync_ns */
    PK_P_PERSISTENT_SETUP,    /* S */
    PK_P_PERSISTENT_ITEM,     /* e */
    PK_P_PERSISTENT_TEARDOWN,
    PK_P_GRAPH_NODE,
    PK_P_GRAPH_INSTANTIATE,
    PK_P_PERSISTENT_BATCH,    /* B (appended last so the ids above keep their values) */
    PK_P_LAUNCH_HOST_BUSY,    /* h_b: launch call while the device executes (schema 2) */
    PK_P_GRAPH_LAUNCH,        /* fixed cost of one graph replay (schema 2) */
    PK_P_ITEM_OVERSHOOT,      /* o: a non-empty item's run beyond its requested duration (schema 2) */
    PK_P_PERSISTENT_ITEM_BUSY,/* e_b: persistent dispatch of a non-empty item (schema 2) */
    PK_P_ITEM_KERNEL,         /* the item kernel's run as a profiler times it (schema 2; NAN when not
                                 measured: it has no fallback, and a file without it leaves it out) */
    PK_P_PERSISTENT_WINDOW_ITEMS, /* items a resident poller reads in its first round trip (schema 2; 0 = none) */
    PK_P_PERSISTENT_WINDOW,   /* the second round trip of a resident batch longer than that (schema 2) */
    PK_P_PERSISTENT_LAUNCH_TRIP, /* B_l: a batch's trip inside a persistent launch (schema 2; falls back on B) */
    PK_P_GRAPH_NODE_BUSY,     /* a graph node of a non-empty item beyond its d + o (schema 2; falls back on
                               * graph_node) */
    PK_P_PERSISTENT_CHUNK_ITEMS, /* C: ring words a persistent kernel loads at once (schema 3; 0 = no chunks) */
    PK_P_PERSISTENT_CHUNK_ITEM,  /* e_c: an empty item's dispatch within a loaded chunk (schema 3; falls back on e) */
    PK_P_GRAPH_ONE_NODE,      /* G_1: a one-node graph's replay less its item's run (later within schema 3;
                               * 0 = not measured: the line graph_launch + N graph_node down to N = 1) */
    PK_P_PERSISTENT_RESIDENT_ITEM, /* e_r: an empty item of a resident batch past its window, within the first
                                    * chunk (later within schema 3; 0 = not measured: e) */
    PK_P_PERSISTENT_CHUNK_LEAD,    /* X: how far a persistent launch's chunk loads run ahead of its first charged
                                    * item (schema 4; 0 = not measured: none) */
    PK_P_ITEM_CLOCK,          /* r: the device clock's step, on which a requested item's spin ends (schema 4;
                               * 0 = not measured: an item runs d + o) */
    PK_PARAM_COUNT
} pk_param_id;

typedef struct pk_param_desc {
    const char *name;   /* JSON key and CSV column, e.g. "launch_host_ns" */
    const char *symbol; /* the model's letter, e.g. "h", or "" */
    const char *unit;   /* "ns" or "launches" */
    const char *meaning;
} pk_param_desc;

extern const pk_param_desc pk_param_table[PK_PARAM_COUNT];

/* Raw measured samples of one parameter, for the simulator's stochastic mode. */
typedef struct pk_samples {
    double *v;
    size_t n;
} pk_samples;

typedef struct pk_params {
    double value[PK_PARAM_COUNT]; /* indexed by pk_param_id; finite and >= 0, but item_kernel_ns
                                   * may be NAN (not measured) */
    pk_samples samples[PK_PARAM_COUNT];
    char backend[32];   /* "cuda", "hip", "host", or "preset" */
    char device[160];   /* device name as the runtime reports it */
    char source[64];    /* "calibrate" or "preset:<name>" */
    int cpu_analogue;   /* 1 for host-backend params: a CPU analogue, never GPU figures */
    pk_context context; /* machine context */
} pk_params;

/* The value a schema-2 parameter takes when a file or preset does not give it (or gives 0 for
 * h_b, graph_launch, e_b, B_l and graph_node_busy: calibration stores a measured 0 as
 * PK_PARAM_MEASURED_ZERO): h_b = h, graph_launch = h + L +
 * sync (the single-launch path the model used before), o = 0, e_b = e, B_l = B, graph_node_busy =
 * graph_node, graph_one_node_ns = 0 (not measured: the line down to N = 1),
 * persistent_resident_item_ns = 0 (not measured: every item past the window at e),
 * persistent_chunk_lead_ns = 0 (no lead), item_clock_ns = 0 (d + o); item_kernel_ns has none (NAN,
 * also for 0: no kernel runs in no time). Other ids: their value. */
double pk_params_fallback(const double *value, pk_param_id id);
/* A measured median of 0 for a parameter whose 0 reads as "not measured" (h_b, graph_launch, e_b,
 * B_l, graph_node_busy, item_kernel_ns; not e_c, whose 0 calibration takes as "no chunks", C = 0,
 * where the model does not read it): calibration stores this much instead (ns), so that
 * the file, the table and both simulator modes mean "about 0", not the fallback. */
#define PK_PARAM_MEASURED_ZERO 1e-3
/* 1 when a value of 0 for id reads as "not measured" (pk_params_fallback gives another value). */
int pk_params_zero_is_missing(pk_param_id id);
/* 1 for the parameters a file may leave out (those of schema 2). */
int pk_param_optional(pk_param_id id);

/* 1 when parameter id has a value (item_kernel_ns may be absent: NAN). */
int pk_params_has(const pk_params *p, pk_param_id id);

/* Zeroes p (no samples, empty strings). */
void pk_params_init(pk_params *p);
/* Frees sample arrays; p stays valid (empty samples). */
void pk_params_free(pk_params *p);
/* Copies samples for parameter id (replacing any); returns 0 or PK_ENOMEM. */
int pk_params_set_samples(pk_params *p, pk_param_id id, const double *v, size_t n);
/* Looks a parameter up by JSON name; returns its id or -1. */
int pk_param_lookup(const char *name);

/* Reads a params JSON file: path, or path.gz where only that exists, either plain or gzipped
 * (common/gzin.h: the committed H200 leases may keep params.json gzipped). Its "kind" must be
 * PK_PARAMS_KIND. Every parameter must be present (the optional ones may be left out),
 * numeric, finite and >= 0 (launch_queue_depth whole and at most PK_PARAMS_QUEUE_DEPTH_MAX);
 * on failure returns PK_EIO/PK_EPARSE/PK_ERANGE and writes a one-line reason naming the file
 * and the field into err. */
int pk_params_load(const char *path, pk_params *p, char *err, size_t errlen);
/* Writes p as strict JSON (temp file + rename); a parameter without a value (pk_params_has) is
 * left out. Returns 0 or a PK_E* code, reason in err. */
int pk_params_save(const char *path, const pk_params *p, char *err, size_t errlen);

/* Names of built-in presets, NULL-terminated ("seed-native", "seed-portable", ...). */
extern const char *const pk_preset_names[];
/* Fills p from a named preset; returns PK_EINVAL for an unknown name. */
int pk_params_preset(const char *name, pk_params *p);

#endif
