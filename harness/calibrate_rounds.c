/* Calibration in rounds: the rounds' parameters into one set (see calibrate.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/calibrate.h"
#include "harness/stats.h"

/* Q of the rounds (pk_calibrate_depth_of their Q). */
static double queue_depth(const pk_params *r, size_t k)
{
    double q[PK_CAL_MAX_ROUNDS];
    for (size_t i = 0; i < k; i++)
        q[i] = r[i].value[PK_P_LAUNCH_QUEUE_DEPTH];
    return pk_calibrate_depth_of(q, k);
}

/* C and e_c of the rounds: chunks where at least half the rounds found them (C > 0; a round
 * that found none stores C = e_c = 0, which a median with the others would turn into a chunk
 * of half the size), C and e_c the medians of those rounds'; else none (both 0). */
static void chunks(const pk_params *r, size_t k, pk_params *p)
{
    double cv[PK_CAL_MAX_ROUNDS], ev[PK_CAL_MAX_ROUNDS];
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        if (r[i].value[PK_P_PERSISTENT_CHUNK_ITEMS] > 0 && r[i].value[PK_P_PERSISTENT_CHUNK_ITEM] > 0) {
            cv[n] = r[i].value[PK_P_PERSISTENT_CHUNK_ITEMS];
            ev[n++] = r[i].value[PK_P_PERSISTENT_CHUNK_ITEM];
        }
    const int some = n > 0 && 2 * n >= k;
    p->value[PK_P_PERSISTENT_CHUNK_ITEMS] = some ? round(pk_stats_median(cv, n)) : 0;
    p->value[PK_P_PERSISTENT_CHUNK_ITEM] = some ? pk_stats_median(ev, n) : 0;
}

void pk_calibrate_note_zero(pk_params *p)
{
    char text[PK_CONTEXT_VALUE] = "";
    size_t w = 0;
    for (int id = 0; id < PK_PARAM_COUNT; id++)
        if (p->value[id] == PK_PARAM_MEASURED_ZERO && w < sizeof text)
            w += (size_t)snprintf(text + w, sizeof text - w, "%s%s", w ? ", " : "", pk_param_table[id].name);
    if (!w)
        pk_context_del(&p->context, "measured_zero");
    else if (w + 40 < sizeof text)
        pk_context_setf(&p->context, "measured_zero", "%s (a median of 0 stored as %g ns)", text,
                        PK_PARAM_MEASURED_ZERO);
}

/* G_1, e_r, X and r of the rounds: the median of those that measured it (> 0); 0 (not measured:
 * the line, every item at e, no lead, no clock step) where none did. A bracket of a calibration
 * with it and one without (older code) would otherwise take the mean of the value and 0: for G_1 a
 * discount of the whole latency. (Such a bracket's B_w is the mean of one taken at 3 W with e_r and
 * one at 1.5 W with e.) */
static void measured_median(const pk_params *r, size_t k, pk_params *p, pk_param_id id)
{
    double v[PK_CAL_MAX_ROUNDS];
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        if (r[i].value[id] > 0)
            v[n++] = r[i].value[id];
    p->value[id] = n ? pk_stats_median(v, n) : 0;
}

int pk_calibrate_combine(const pk_params *r, size_t k, pk_params *p, char *err, size_t errlen)
{
    double v[PK_CAL_MAX_ROUNDS];
    if (k < 1 || k > PK_CAL_MAX_ROUNDS) {
        snprintf(err, errlen, "%zu rounds: 1 to %d", k, PK_CAL_MAX_ROUNDS);
        return PK_EINVAL;
    }
    for (int id = 0; id < PK_PARAM_COUNT; id++) {
        size_t n = 0, total = 0;
        for (size_t i = 0; i < k; i++) {
            v[i] = r[i].value[id];
            total += r[i].samples[id].n;
        }
        p->value[id] = pk_stats_median(v, k); /* NAN only when no round measured it */
        double *all = malloc((total ? total : 1) * sizeof *all);
        if (!all) {
            snprintf(err, errlen, "out of memory");
            return PK_ENOMEM;
        }
        for (size_t i = 0; i < k; i++) {
            if (r[i].samples[id].n)
                memcpy(all + n, r[i].samples[id].v, r[i].samples[id].n * sizeof *all);
            n += r[i].samples[id].n;
        }
        int rc = pk_params_set_samples(p, (pk_param_id)id, all, n);
        free(all);
        if (rc != PK_OK) {
            snprintf(err, errlen, "out of memory");
            return rc;
        }
    }
    p->value[PK_P_LAUNCH_QUEUE_DEPTH] = queue_depth(r, k);
    /* W is a count too: the mean of two (pk_calibrate_bracket) must stay whole */
    p->value[PK_P_PERSISTENT_WINDOW_ITEMS] = round(p->value[PK_P_PERSISTENT_WINDOW_ITEMS]);
    chunks(r, k, p);
    measured_median(r, k, p, PK_P_GRAPH_ONE_NODE);
    measured_median(r, k, p, PK_P_PERSISTENT_RESIDENT_ITEM);
    /* e_r only where the model can use it: chunks of more than a window, e_r below e (the rounds'
     * C, W and e combined apart may leave it without; its rounds' B_w, taken with e_r, then sit
     * 2 W (e - e_r) low, about 0.1 us on the H200, a case no calibration there met) */
    if (!(p->value[PK_P_PERSISTENT_CHUNK_ITEMS] > p->value[PK_P_PERSISTENT_WINDOW_ITEMS]) ||
        !(p->value[PK_P_PERSISTENT_RESIDENT_ITEM] < p->value[PK_P_PERSISTENT_ITEM]))
        p->value[PK_P_PERSISTENT_RESIDENT_ITEM] = 0;
    measured_median(r, k, p, PK_P_ITEM_CLOCK);
    /* X only with chunks (most rounds found them) */
    measured_median(r, k, p, PK_P_PERSISTENT_CHUNK_LEAD);
    if (!(p->value[PK_P_PERSISTENT_CHUNK_ITEMS] > 0))
        p->value[PK_P_PERSISTENT_CHUNK_LEAD] = 0;
    const char *disagree = NULL;
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; j < r[i].context.count; j++)
            pk_context_set(&p->context, r[i].context.key[j], r[i].context.value[j]);
        const char *g = pk_context_get(&r[i].context, "kernel_gap_check");
        if (g && strncmp(g, "disagree", 8) == 0)
            disagree = g;
    }
    if (disagree)
        pk_context_set(&p->context, "kernel_gap_check", disagree);
    char text[PK_CONTEXT_VALUE], one[32];
    size_t w = (size_t)snprintf(text, sizeof text, "%zu, each parameter the median of the rounds; h per round:", k);
    for (size_t i = 0; i < k; i++) { /* as many as fit whole, with room for " ..." and " ns" */
        int m = snprintf(one, sizeof one, " %.0f", r[i].value[PK_P_LAUNCH_HOST]);
        if (w + (size_t)m + 8 > sizeof text) {
            w += (size_t)snprintf(text + w, sizeof text - w, " ...");
            break;
        }
        memcpy(text + w, one, (size_t)m + 1);
        w += (size_t)m;
    }
    snprintf(text + w, sizeof text - w, " ns");
    pk_context_set(&p->context, "calibrate_rounds", text);
    pk_calibrate_note_zero(p); /* a round's note, copied last, may name what the others measured */
    return PK_OK;
}

unsigned pk_calibrate_steps(unsigned rounds)
{
    return (rounds > 1 ? rounds : 1) * (PK_CAL_STEPS - 1) + 1;
}

int pk_calibrate_bracket(const pk_params *before, const pk_params *after, pk_params *p, char *err, size_t errlen)
{
    const pk_params r[2] = {*before, *after}; /* shallow: combine only reads them */
    if (strcmp(before->backend, after->backend) != 0 || strcmp(before->device, after->device) != 0) {
        snprintf(err, errlen, "the calibrations before and after the sweep are of different devices ('%s' %s, '%s' %s)",
                 before->device, before->backend, after->device, after->backend);
        return PK_EINVAL;
    }
    snprintf(p->backend, sizeof p->backend, "%s", before->backend);
    snprintf(p->device, sizeof p->device, "%s", before->device);
    snprintf(p->source, sizeof p->source, "%s", before->source);
    p->cpu_analogue = before->cpu_analogue;
    int rc = pk_calibrate_combine(r, 2, p, err, errlen);
    if (rc != PK_OK)
        return rc;
    const char *rb = pk_context_get(&before->context, "calibrate_rounds");
    const char *ra = pk_context_get(&after->context, "calibrate_rounds");
    /* the profiler's note of the calibration whose item_kernel_ns counts, where only one has it */
    const char *probe = pk_context_get(&before->context, "item_kernel_probe");
    int probe_before = probe && isnan(after->value[PK_P_ITEM_KERNEL]) && !isnan(before->value[PK_P_ITEM_KERNEL]);
    if (pk_context_set(&p->context, "calibrate_rounds", rb ? rb : "1") ||
        pk_context_set(&p->context, "calibrate_rounds_after", ra ? ra : "1") ||
        (probe_before && pk_context_set(&p->context, "item_kernel_probe", probe)) ||
        pk_context_setf(&p->context, "calibrate_bracket",
                        "before and after the sweep, each parameter the mean of the two; h %.0f and %.0f ns",
                        before->value[PK_P_LAUNCH_HOST], after->value[PK_P_LAUNCH_HOST])) {
        snprintf(err, errlen, "the parameters' context has no room for the bracket's notes");
        return PK_ERANGE;
    }
    return PK_OK;
}

int pk_calibrate_bracket_files(const char *before, const char *after, const char *gone, pk_params *p, char *err,
                               size_t errlen)
{
    pk_params b, a;
    pk_params_init(&b);
    pk_params_init(&a);
    pk_params_init(p);
    char why[512] = "";
    int rc = pk_params_load(before, &b, err, errlen), alone = 0;
    if (rc == PK_OK) {
        if (!pk_path_is_file(after)) {
            snprintf(why, sizeof why, "the one after it %s", gone ? gone : "failed");
            alone = 1;
        } else if (pk_params_load(after, &a, why, sizeof why) != PK_OK ||
                   pk_calibrate_bracket(&b, &a, p, why, sizeof why) != PK_OK) {
            alone = 1; /* why says why */
        }
    }
    if (rc == PK_OK && alone &&
        (rc = pk_context_setf(&b.context, "calibrate_bracket", "%s: %.100s", PK_CAL_BRACKET_ALONE, why)) != PK_OK)
        snprintf(err, errlen, "%s: its context has no room for the bracket's note", before);
    if (rc == PK_OK && alone) { /* p becomes b: its samples move over, b keeps none */
        pk_params_free(p);
        *p = b;
        pk_params_init(&b);
    }
    /* as pk_params_load reads p back (b was read so): the mean has e_c 0 where no chunks were found */
    for (int id = 0; rc == PK_OK && id < PK_PARAM_COUNT; id++)
        if (pk_param_optional((pk_param_id)id))
            p->value[id] = pk_params_fallback(p->value, (pk_param_id)id);
    if (rc != PK_OK) {
        pk_params_free(p);
        pk_params_init(p);
    }
    pk_params_free(&b);
    pk_params_free(&a);
    return rc;
}
