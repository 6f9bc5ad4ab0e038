/* The cost-model parameter struct and its strict JSON reader and writer (see params.h). */
#include "sim/params.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/gzin.h"
#include "common/infile.h"
#include "common/status.h"

const pk_param_desc pk_param_table[PK_PARAM_COUNT] = {
    [PK_P_LAUNCH_HOST] = {"launch_host_ns", "h", "ns",
                          "host time inside one async launch call on an idle device, while the launch queue has room"},
    [PK_P_LAUNCH_LATENCY] = {"launch_latency_ns", "L", "ns",
                              "end of the launch call on an idle device to kernel start (measured on a GPU to "
                              "the host seeing an empty kernel end, less an idle sync)"},
    [PK_P_KERNEL_GAP] = {"kernel_gap_ns", "g", "ns",
                         "device idle time between two back-to-back kernels of one stream"},
    [PK_P_LAUNCH_QUEUE_DEPTH] = {"launch_queue_depth", "Q", "launches",
                                 "launches pending (enqueued, not started) when a launch call blocks (0 = unbounded)"},
    [PK_P_SYNC] = {"sync_ns", "", "ns",
                   "device end of a kernel the host waits for to the host observing it (synchronize returns)"},
    [PK_P_PERSISTENT_SETUP] = {"persistent_setup_ns", "S", "ns",
                               "persistent kernel launch call to every block running, as the host observes it"},
    [PK_P_PERSISTENT_ITEM] = {"persistent_item_ns", "e", "ns",
                              "per-item cost of an empty item in the persistent kernel's steady state (with chunks: "
                              "one chunk's load over its items)"},
    [PK_P_PERSISTENT_TEARDOWN] = {"persistent_teardown_ns", "", "ns",
                                  "every item reported to the kernel's exit observed"},
    [PK_P_GRAPH_NODE] = {"graph_node_ns", "", "ns", "per-node graph replay cost"},
    [PK_P_GRAPH_INSTANTIATE] = {"graph_instantiate_ns", "", "ns", "per-node capture + instantiate cost"},
    [PK_P_PERSISTENT_BATCH] = {"persistent_batch_ns", "B", "ns",
                               "publish a batch to a running persistent kernel and observe its completion: "
                               "the per-batch host<->device round trip"},
    [PK_P_LAUNCH_HOST_BUSY] = {"launch_host_busy_ns", "h_b", "ns",
                               "host time inside one async launch call while the device executes a kernel"},
    [PK_P_GRAPH_LAUNCH] = {"graph_launch_ns", "", "ns",
                           "fixed cost of one graph replay: launch call, first node's start, host observing the end"},
    [PK_P_ITEM_OVERSHOOT] = {"item_overshoot_ns", "o", "ns",
                             "how much longer than requested a non-empty item runs (clock granularity, spin exit)"},
    [PK_P_PERSISTENT_ITEM_BUSY] = {"persistent_item_busy_ns", "e_b", "ns",
                                   "per-item dispatch cost inside the persistent kernel for a non-empty item"},
    [PK_P_ITEM_KERNEL] = {"item_kernel_ns", "", "ns",
                          "the item kernel's run at item_ns 0 as a profiler times a kernel (CUPTI activity "
                          "record, start to end); graph_node_ns less this is the idle gap between nodes"},
    [PK_P_PERSISTENT_WINDOW_ITEMS] = {"persistent_window_items", "W", "items",
                                      "items of a batch that a waiting persistent kernel reads with the poll that "
                                      "finds it (one window: the warp width; 0 = no window)"},
    [PK_P_PERSISTENT_WINDOW] = {"persistent_window_ns", "B_w", "ns",
                                "the further round trip of a resident batch longer than W: the rest of the batch "
                                "read after the poll found its first word"},
    [PK_P_PERSISTENT_LAUNCH_TRIP] = {"persistent_launch_trip_ns", "B_l", "ns",
                                     "the batch's trip inside a persistent launch: the host seeing every block "
                                     "run to the host seeing the batch done, less the items' dispatch (the "
                                     "kernel reads a batch published with its launch in its first load)"},
    [PK_P_GRAPH_NODE_BUSY] = {"graph_node_busy_ns", "", "ns",
                              "per-node graph replay cost of a non-empty item beyond its run (d + o); "
                              "graph_node_ns is an empty item's"},
    [PK_P_PERSISTENT_CHUNK_ITEMS] = {"persistent_chunk_items", "C", "items",
                                     "ring words a persistent kernel's block loads at once (its chunk: PK_WINDOWS "
                                     "windows of the warp width); the load of the next chunk is in flight while "
                                     "a chunk's items run (0 = no chunks)"},
    [PK_P_PERSISTENT_CHUNK_ITEM] = {"persistent_chunk_item_ns", "e_c", "ns",
                                    "per-item dispatch of an empty item whose chunk the kernel already holds; e is "
                                    "the steady rate, one chunk's load per C items, when the loads are the bound"},
    [PK_P_GRAPH_ONE_NODE] = {"graph_one_node_ns", "G_1", "ns",
                             "a one-node graph's replay less its item's run (d + o): launch call to the host "
                             "observing the node's end (0 = not measured); the first nodes cost more than "
                             "graph_node_ns, so the line graph_launch + N graph_node, taken from N = 3 up, overshoots "
                             "N = 1 and 2"},
    [PK_P_PERSISTENT_RESIDENT_ITEM] = {"persistent_resident_item_ns", "e_r", "ns",
                                       "an empty item's dispatch in a resident batch past its first window, within "
                                       "the first chunk, which the further read (B_w) brings whole (0 = not measured: "
                                       "e); each full chunk then waits C (e - e_r) for the next chunk's load, so that "
                                       "the steady rate stays e"},
    [PK_P_PERSISTENT_CHUNK_LEAD] = {"persistent_chunk_lead_ns", "X", "ns",
                                    "how far ahead of a persistent launch's first charged item its chunk loads run: "
                                    "the batch's first load lands within the trip B_l, so chunk j (j >= 1) is in hand "
                                    "j C e - X after the first item is taken (0 = not measured: no lead)"},
    [PK_P_ITEM_CLOCK] = {"item_clock_ns", "r", "ns",
                         "the device clock's step as an item reads it: a requested item spins until d has passed "
                         "on that clock, so it runs ceil(d / r) r, plus o (0 = not measured: d + o)"},
};

int pk_param_optional(pk_param_id id)
{
    return id >= PK_P_LAUNCH_HOST_BUSY && id < PK_PARAM_COUNT;
}

int pk_params_zero_is_missing(pk_param_id id)
{
    double v[PK_PARAM_COUNT];
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        v[i] = 7;
    v[id] = 0;
    return pk_params_fallback(v, id) != 0; /* NAN too (item_kernel_ns) */
}

double pk_params_fallback(const double *value, pk_param_id id)
{
    const double v = value[id];
    switch (id) {
    case PK_P_LAUNCH_HOST_BUSY:
        return isfinite(v) && v > 0 ? v : value[PK_P_LAUNCH_HOST];
    case PK_P_GRAPH_LAUNCH:
        return isfinite(v) && v > 0 ? v : value[PK_P_LAUNCH_HOST] + value[PK_P_LAUNCH_LATENCY] + value[PK_P_SYNC];
    case PK_P_ITEM_OVERSHOOT:
        return isfinite(v) ? v : 0;
    case PK_P_PERSISTENT_ITEM_BUSY:
        return isfinite(v) && v > 0 ? v : value[PK_P_PERSISTENT_ITEM];
    case PK_P_ITEM_KERNEL:
        return isfinite(v) && v > 0 ? v : NAN;
    case PK_P_PERSISTENT_WINDOW_ITEMS:
    case PK_P_PERSISTENT_WINDOW:
        return isfinite(v) ? v : 0;
    case PK_P_PERSISTENT_LAUNCH_TRIP:
        return isfinite(v) && v > 0 ? v : value[PK_P_PERSISTENT_BATCH];
    case PK_P_GRAPH_NODE_BUSY:
        return isfinite(v) && v > 0 ? v : value[PK_P_GRAPH_NODE];
    case PK_P_PERSISTENT_CHUNK_ITEMS:
        return isfinite(v) ? v : 0;
    case PK_P_PERSISTENT_CHUNK_ITEM:
        return isfinite(v) && v > 0 ? v : value[PK_P_PERSISTENT_ITEM];
    case PK_P_GRAPH_ONE_NODE:
    case PK_P_PERSISTENT_RESIDENT_ITEM:
    case PK_P_PERSISTENT_CHUNK_LEAD:
    case PK_P_ITEM_CLOCK:
        return isfinite(v) ? v : 0;
    default:
        return v;
    }
}

int pk_params_has(const pk_params *p, pk_param_id id)
{
    return isfinite(p->value[id]);
}

void pk_params_init(pk_params *p)
{
    memset(p, 0, sizeof *p);
    p->value[PK_P_ITEM_KERNEL] = NAN;
}

void pk_params_free(pk_params *p)
{
    for (int i = 0; i < PK_PARAM_COUNT; i++) {
        free(p->samples[i].v);
        p->samples[i].v = NULL;
        p->samples[i].n = 0;
    }
}

int pk_params_set_samples(pk_params *p, pk_param_id id, const double *v, size_t n)
{
    double *copy = NULL;
    if (n > 0) {
        copy = malloc(n * sizeof *copy);
        if (!copy)
            return PK_ENOMEM;
        memcpy(copy, v, n * sizeof *copy);
    }
    free(p->samples[id].v);
    p->samples[id].v = copy;
    p->samples[id].n = n;
    return PK_OK;
}

int pk_param_lookup(const char *name)
{
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        if (strcmp(pk_param_table[i].name, name) == 0)
            return i;
    return -1;
}

/* Largest value or sample accepted from a file (ns or launches; about 11.6 days), so that every
 * later conversion to an integer count of nanoseconds is defined. */
#define PARAM_MAX 1e15
/* The smallest clock step item_clock_ns may give, but 0 (not measured). */
#define PK_PARAMS_CLOCK_MIN 1e-3

/* 1 when d is a value or sample a file may hold: finite, 0 to PARAM_MAX (read and written alike). */
static int value_ok(double d)
{
    return isfinite(d) && d >= 0 && d <= PARAM_MAX;
}

static int number_ok(json_t *v, double *out)
{
    if (!json_is_number(v))
        return 0;
    double d = json_number_value(v);
    if (!value_ok(d))
        return 0;
    *out = d;
    return 1;
}

/* A string field, its control bytes made spaces as the context's values are (pk_context_set):
 * reports and warnings echo the device's name. */
static void copy_str(char *dst, size_t cap, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    snprintf(dst, cap, "%s", json_is_string(v) ? json_string_value(v) : "");
    for (unsigned char *c = (unsigned char *)dst; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            *c = ' ';
}

/* What the file says of where it was measured: "backend", "device", "source" (strings),
 * "cpu_analogue" (a boolean) and "context" (an object of strings), each optional, but a field of
 * the wrong type, or a context key or value too long to carry, is refused: read as "" or dropped,
 * it would turn off compare's wrong-device warning or the noise doubts it reads from the context.
 * PK_OK, or PK_EPARSE with err. */
static int read_about(json_t *root, const char *path, pk_params *p, char *err, size_t errlen)
{
    static const char *const strs[] = {"backend", "device", "source"};
    char *const dst[] = {p->backend, p->device, p->source};
    const size_t cap[] = {sizeof p->backend, sizeof p->device, sizeof p->source};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(root, strs[i]);
        if (v && !json_is_string(v)) {
            snprintf(err, errlen, "%s: \"%s\" must be a string", path, strs[i]);
            return PK_EPARSE;
        }
        copy_str(dst[i], cap[i], root, strs[i]);
    }
    json_t *ca = json_object_get(root, "cpu_analogue"), *ctx = json_object_get(root, "context"), *val;
    if (ca && !json_is_boolean(ca)) {
        snprintf(err, errlen, "%s: \"cpu_analogue\" must be true or false", path);
        return PK_EPARSE;
    }
    p->cpu_analogue = json_is_true(ca);
    if (ctx && !json_is_object(ctx)) {
        snprintf(err, errlen, "%s: \"context\" must be an object", path);
        return PK_EPARSE;
    }
    const char *key;
    json_object_foreach(ctx, key, val) {
        if (!json_is_string(val) || !pk_context_fits(key, json_string_value(val))) {
            snprintf(err, errlen, "%s: \"context\".\"%.60s\" must be a string of under %d bytes, its key under %d",
                     path, key, PK_CONTEXT_VALUE, PK_CONTEXT_KEY);
            return PK_EPARSE;
        }
        pk_context_set(&p->context, key, json_string_value(val)); /* only a full context refuses: counted */
    }
    return PK_OK;
}

/* Schema 2 calibrations with a window (W > 0) charged every item of a resident batch: B was the
 * round trip of 3 items less their 3 dispatches, B_w the 1.5 W batch less the W/2 - 1 one and
 * less the W + 1 dispatches between them. Schema 3 charges none within the first window
 * (pk_costs_window_free), so B is the 3-item round trip itself and B_w is less only the 0.5 W
 * dispatches beyond the window: the same measurements, re-expressed exactly (to the spread of e
 * between calibration rounds). Without a window, or with B or B_w not measured, nothing moves. */
static double v2_batch_shift(const double *v)
{
    const double W = v[PK_P_PERSISTENT_WINDOW_ITEMS], e = v[PK_P_PERSISTENT_ITEM];
    return W >= 1 && v[PK_P_PERSISTENT_BATCH] > 0 ? fmin(3, W) * e : 0;
}

static double v2_window_shift(const double *v)
{
    const double W = v[PK_P_PERSISTENT_WINDOW_ITEMS], e = v[PK_P_PERSISTENT_ITEM];
    return W >= 4 && v[PK_P_PERSISTENT_WINDOW] > 0 ? (W + 1 - 0.5 * W) * e : 0;
}

/* Schema 3 calibrations with chunks (C and e_c measured) took B_l as the persistent launch's
 * 3-item batch less its 3 items at e_c. Schema 4 charges none of a chunked launch's first window
 * (pk_costs_launch_free), so B_l is that batch less its items past the window: the same
 * measurement, re-expressed exactly for a calibration whose rounds all found chunks (a round
 * without took 3 e; combined, the file's B_l is a median or mean of both kinds). (Its e, taken from
 * the slope to a 12000-item batch, would move by 3 e_c / 11776, about 0.003 ns on the H200: left as
 * it is.) Read from the file's own values, before the fallbacks; nothing moves without chunks, a
 * window or B_l measured. */
static double v3_launch_trip_shift(const double *v)
{
    const double W = v[PK_P_PERSISTENT_WINDOW_ITEMS], C = v[PK_P_PERSISTENT_CHUNK_ITEMS];
    const double ec = v[PK_P_PERSISTENT_CHUNK_ITEM];
    return W >= 1 && C >= 1 && ec > 0 && v[PK_P_PERSISTENT_LAUNCH_TRIP] > 0 ? fmin(3, W) * ec : 0;
}

/* Parameter id and its samples moved by delta (an older schema's measurement re-expressed). */
static void shift_param(pk_params *p, pk_param_id id, double delta)
{
    p->value[id] += delta;
    for (size_t j = 0; j < p->samples[id].n; j++)
        p->samples[id].v[j] += delta;
}

/* The file's kind, schema version and "params" object (every key a parameter). PK_OK, or
 * PK_EPARSE with the reason in err. */
static int check_header(json_t *root, const char *path, json_int_t *version, json_t **params, char *err,
                        size_t errlen)
{
    json_t *kind = json_object_get(root, "kind"), *ver = json_object_get(root, "schema_version");
    *params = json_object_get(root, "params");
    if (!json_is_object(root)) {
        snprintf(err, errlen, "%s: not a JSON object: not a pkbench params file", path);
        return PK_EPARSE;
    }
    /* another pkbench JSON (a compare summary.json, a verdicts summary) or none of pkbench's */
    if (!json_is_string(kind) || strcmp(json_string_value(kind), PK_PARAMS_KIND) != 0) {
        if (json_is_string(kind))
            snprintf(err, errlen, "%s: \"kind\" is \"%.80s\", not \"%s\": not a pkbench params file", path,
                     json_string_value(kind), PK_PARAMS_KIND);
        else
            snprintf(err, errlen, "%s: %s \"kind\" (\"%s\"): not a pkbench params file", path,
                     kind ? "non-string" : "missing", PK_PARAMS_KIND);
        return PK_EPARSE;
    }
    if (!json_is_integer(ver)) {
        snprintf(err, errlen, "%s: missing integer \"schema_version\"", path);
        return PK_EPARSE;
    }
    *version = json_integer_value(ver);
    if (*version < 1 || *version > PK_PARAMS_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: schema_version %lld is not supported (expected 1 to %d)", path, (long long)*version,
                 PK_PARAMS_SCHEMA_VERSION);
        return PK_EPARSE;
    }
    if (!json_is_object(*params)) {
        snprintf(err, errlen, "%s: missing object \"params\"", path);
        return PK_EPARSE;
    }
    const char *key;
    json_t *val;
    json_object_foreach(*params, key, val) {
        if (pk_param_lookup(key) < 0) {
            snprintf(err, errlen, "%s: unknown parameter \"%.80s\" in \"params\"", path, key);
            return PK_EPARSE;
        }
    }
    return PK_OK;
}

/* Parameter id of the "params" object into *out: NAN where an optional one is absent (resolved
 * once the parameters it falls back on are read). PK_OK, or PK_EPARSE / PK_ERANGE with err. */
static int read_value(json_t *params, pk_param_id id, const char *path, double *out, char *err, size_t errlen)
{
    const char *name = pk_param_table[id].name;
    json_t *v = json_object_get(params, name);
    if (!v && pk_param_optional(id)) {
        *out = NAN;
        return PK_OK;
    }
    if (!v) {
        snprintf(err, errlen, "%s: missing parameter \"%s\"", path, name);
        return PK_EPARSE;
    }
    if (!number_ok(v, out)) {
        snprintf(err, errlen, "%s: parameter \"%s\" must be a finite number in [0, 1e15]", path, name);
        return PK_ERANGE;
    }
    if ((id == PK_P_LAUNCH_QUEUE_DEPTH || id == PK_P_PERSISTENT_WINDOW_ITEMS || id == PK_P_PERSISTENT_CHUNK_ITEMS) &&
        *out != floor(*out)) {
        snprintf(err, errlen, "%s: parameter \"%s\" must be a whole number", path, name);
        return PK_ERANGE;
    }
    /* a clock step under a picosecond is no clock's: ⌈d/r⌉·r would overflow */
    if (id == PK_P_ITEM_CLOCK && *out > 0 && *out < PK_PARAMS_CLOCK_MIN) {
        snprintf(err, errlen, "%s: parameter \"%s\" must be 0 or at least %g ns", path, name, PK_PARAMS_CLOCK_MIN);
        return PK_ERANGE;
    }
    /* `simulate --queue-depth`'s bound: a batch has at most 2^32 - 1 launches, so no deeper queue fills */
    if (id == PK_P_LAUNCH_QUEUE_DEPTH && *out > PK_PARAMS_QUEUE_DEPTH_MAX) {
        snprintf(err, errlen, "%s: parameter \"%s\" must be at most %.0f", path, name, PK_PARAMS_QUEUE_DEPTH_MAX);
        return PK_ERANGE;
    }
    return PK_OK;
}

int pk_params_load(const char *given, pk_params *p, char *err, size_t errlen)
{
    json_error_t jerr;
    FILE *fp;
    char path[4096]; /* the file read, named in messages: given, or given.gz where only that exists */
    pk_params_init(p);
    if (pk_gzin_open(given, &fp, path, sizeof path, err, errlen) != PK_OK) /* a directory, device or FIFO: refused */
        return PK_EIO;
    json_t *root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        pk_json_failure(err, errlen, path, fp, jerr.line, jerr.position, jerr.text);
    fclose(fp);
    if (!root)
        return PK_EPARSE;
    json_int_t version;
    json_t *params;
    int rc = check_header(root, path, &version, &params, err, errlen);
    if (rc != PK_OK)
        goto out;
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        if ((rc = read_value(params, (pk_param_id)i, path, &p->value[i], err, errlen)) != PK_OK)
            goto out;
    rc = PK_EPARSE;
    const char *key;
    json_t *val;
    const double to_v4 = version < 4 ? v3_launch_trip_shift(p->value) : 0;
    const int bl_from_b = !(p->value[PK_P_PERSISTENT_LAUNCH_TRIP] > 0); /* B_l falls back on B */
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        if (pk_param_optional((pk_param_id)i))
            p->value[i] = pk_params_fallback(p->value, (pk_param_id)i);
    const double to_v3[2] = {v2_batch_shift(p->value), v2_window_shift(p->value)};
    json_t *samples = json_object_get(root, "samples");
    if (samples && !json_is_object(samples)) {
        snprintf(err, errlen, "%s: \"samples\" must be an object", path);
        goto out;
    }
    json_object_foreach(samples, key, val) {
        int id = pk_param_lookup(key);
        if (id < 0 || !json_is_array(val)) {
            snprintf(err, errlen, "%s: \"samples\".\"%s\" must name a parameter and hold an array", path, key);
            goto out;
        }
        size_t n = json_array_size(val);
        double *tmp = n ? malloc(n * sizeof *tmp) : NULL;
        if (n && !tmp) {
            rc = PK_ENOMEM;
            snprintf(err, errlen, "%s: out of memory", path);
            goto out;
        }
        for (size_t j = 0; j < n; j++) {
            if (!number_ok(json_array_get(val, j), &tmp[j]) ||
                (id == PK_P_ITEM_CLOCK && tmp[j] > 0 && tmp[j] < PK_PARAMS_CLOCK_MIN)) {
                free(tmp);
                snprintf(err, errlen, "%s: \"samples\".\"%s\"[%zu] must be a finite number in [0, 1e15]%s", path, key,
                         j, id == PK_P_ITEM_CLOCK ? ", 0 or at least 0.001" : "");
                rc = PK_ERANGE;
                goto out;
            }
        }
        free(p->samples[id].v);
        p->samples[id].v = tmp;
        p->samples[id].n = n;
    }
    const pk_samples *bs = &p->samples[PK_P_PERSISTENT_BATCH];
    /* A B_l read as B is the file's own B, its dispatch of the 3 items left out as B_l leaves it
     * (SCHEMA.md): drawn from B's samples as the file gave them, not as B's re-expression below
     * moves them, so that the stochastic mode draws what the deterministic one charges. */
    if (version < 3 && to_v3[0] != 0 && bl_from_b && p->samples[PK_P_PERSISTENT_LAUNCH_TRIP].n == 0 && bs->n > 0 &&
        (rc = pk_params_set_samples(p, PK_P_PERSISTENT_LAUNCH_TRIP, bs->v, bs->n)) != PK_OK) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    if (version < 3) { /* B and B_w as schema 3 defines them, values and samples alike */
        shift_param(p, PK_P_PERSISTENT_BATCH, to_v3[0]);
        shift_param(p, PK_P_PERSISTENT_WINDOW, to_v3[1]);
    }
    shift_param(p, PK_P_PERSISTENT_LAUNCH_TRIP, to_v4); /* B_l as schema 4 defines it */
    rc = read_about(root, path, p, err, errlen);
out:
    if (rc != PK_OK)
        pk_params_free(p);
    json_decref(root);
    return rc;
}

int pk_params_save(const char *path, const pk_params *p, char *err, size_t errlen)
{
    int rc = PK_ENOMEM;
    json_t *root = json_object();
    json_t *params = json_object();
    json_t *samples = json_object();
    json_t *ctx = json_object();
    json_t *meanings = json_object();
    if (!root || !params || !samples || !ctx || !meanings)
        goto fail;
    json_object_set_new(root, "schema_version", json_integer(PK_PARAMS_SCHEMA_VERSION));
    json_object_set_new(root, "kind", json_string(PK_PARAMS_KIND));
    json_object_set_new(root, "backend", json_string(p->backend));
    json_object_set_new(root, "device", json_string(p->device));
    json_object_set_new(root, "source", json_string(p->source));
    json_object_set_new(root, "cpu_analogue", json_boolean(p->cpu_analogue));
    for (size_t i = 0; i < p->context.count; i++)
        json_object_set_new(ctx, p->context.key[i], json_string(p->context.value[i]));
    for (int i = 0; i < PK_PARAM_COUNT; i++) {
        double v = p->value[i];
        if (i == PK_P_ITEM_KERNEL && isnan(v))
            continue; /* not measured */
        if (!value_ok(v)) { /* what the loader takes back, and no more */
            snprintf(err, errlen, "%s: parameter %s is not a number from 0 to %g", path, pk_param_table[i].name,
                     PARAM_MAX);
            rc = PK_ERANGE;
            goto fail;
        }
        json_object_set_new(params, pk_param_table[i].name,
                            i == PK_P_LAUNCH_QUEUE_DEPTH ? json_integer((json_int_t)llround(v)) : json_real(v));
        json_object_set_new(meanings, pk_param_table[i].name, json_string(pk_param_table[i].meaning));
        if (p->samples[i].n) {
            json_t *arr = json_array();
            for (size_t j = 0; j < p->samples[i].n; j++) {
                if (!value_ok(p->samples[i].v[j])) {
                    json_decref(arr);
                    snprintf(err, errlen, "%s: a sample of %s is not a number from 0 to %g", path,
                             pk_param_table[i].name, PARAM_MAX);
                    rc = PK_ERANGE;
                    goto fail;
                }
                json_array_append_new(arr, json_real(p->samples[i].v[j]));
            }
            json_object_set_new(samples, pk_param_table[i].name, arr);
        }
    }
    json_object_set_new(root, "context", ctx);
    json_object_set_new(root, "params", params);
    json_object_set_new(root, "meaning", meanings);
    json_object_set_new(root, "samples", samples);
    ctx = params = samples = meanings = NULL;

    pk_afile f;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = PK_EIO;
        goto fail;
    }
    if (json_dumpf(root, f.fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) != 0 || fputc('\n', f.fp) == EOF) {
        pk_afile_abort(&f);
        snprintf(err, errlen, "%s: write failed", path);
        rc = PK_EIO;
        goto fail;
    }
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = PK_EIO;
        goto fail;
    }
    rc = PK_OK;
fail:
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "%s: out of memory", path);
    json_decref(root);
    json_decref(params);
    json_decref(samples);
    json_decref(ctx);
    json_decref(meanings);
    return rc;
}
