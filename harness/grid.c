/* A sweep's grid, its points and its record in a context (see grid.h). */
#include "harness/grid.h"

#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/cli.h"
#include "harness/sweep.h"

const char *const pk_grid_keys[PK_GRID_AXES + 1] = {"sweep_item_ns", "sweep_batch", "sweep_grid", "sweep_block",
                                                    "sweep_strategy"};
static const char *const flags[PK_GRID_AXES] = {"--item-ns", "--batch", "--grid", "--block"};

/* The length of the run of v[i..) with a constant step (arithmetic) or ratio (geometric). */
static size_t run_length(const uint64_t *v, size_t n, size_t i, int geometric, uint64_t *step)
{
    if (i + 1 >= n)
        return 1;
    if (geometric) {
        if (v[i] == 0 || v[i + 1] % v[i] != 0)
            return 1;
        *step = v[i + 1] / v[i];
    } else {
        *step = v[i + 1] - v[i];
    }
    size_t j = i + 1;
    while (j + 1 < n && (geometric ? v[j + 1] / v[j] == *step && v[j + 1] % v[j] == 0 : v[j + 1] - v[j] == *step))
        j++;
    return j - i + 1;
}

int pk_grid_axis_format(const uint64_t *v, size_t n, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return PK_ERANGE;
    buf[0] = '\0';
    for (size_t i = 0; i < n;) {
        uint64_t add = 0, mul = 0;
        size_t ra = run_length(v, n, i, 0, &add), rg = run_length(v, n, i, 1, &mul);
        size_t run = ra >= rg ? ra : rg;
        int w;
        if (run >= 3)
            w = snprintf(buf + used, len - used, "%s%" PRIu64 ":%" PRIu64 ":%c%" PRIu64, i ? "," : "", v[i],
                         v[i + run - 1], ra >= rg ? '+' : '*', ra >= rg ? add : mul);
        else
            w = snprintf(buf + used, len - used, "%s%" PRIu64, i ? "," : "", v[i]);
        if (w < 0 || (size_t)w >= len - used)
            return PK_ERANGE;
        used += (size_t)w;
        i += run >= 3 ? run : 1;
    }
    return PK_OK;
}

int pk_grid_record(const pk_grid *g, pk_context *ctx, char *err, size_t errlen)
{
    char text[PK_CONTEXT_VALUE];
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < g->ns; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? "," : "",
                                 pk_strategy_names[g->strategies[i]]);
    if (pk_context_set(ctx, pk_grid_keys[PK_GRID_AXES], text) != PK_OK) {
        snprintf(err, errlen, "the results' context is full");
        return PK_ERANGE;
    }
    for (int a = 0; a < PK_GRID_AXES; a++) {
        if (pk_grid_axis_format(g->vals[a], g->n[a], text, sizeof text) != PK_OK) {
            snprintf(err, errlen, "%s: %zu values too irregular to record in the results' context (at most %d "
                     "characters as lo:hi:+step / lo:hi:*factor runs)", flags[a], g->n[a], PK_CONTEXT_VALUE - 1);
            return PK_ERANGE;
        }
        if (pk_context_set(ctx, pk_grid_keys[a], text) != PK_OK) {
            snprintf(err, errlen, "the results' context is full");
            return PK_ERANGE;
        }
    }
    return PK_OK;
}

int pk_grid_is_key(const char *key)
{
    for (int a = 0; a <= PK_GRID_AXES; a++)
        if (strcmp(pk_grid_keys[a], key) == 0)
            return 1;
    return 0;
}

int pk_grid_from_context(const pk_context *ctx, pk_grid *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    int any = 0;
    for (int a = 0; a <= PK_GRID_AXES; a++)
        any |= pk_context_get(ctx, pk_grid_keys[a]) != NULL;
    if (!any) {
        snprintf(err, errlen, "no grid recorded (no sweep_* context keys)");
        return PK_EINVAL;
    }
    g->owned = malloc(PK_GRID_AXES * PK_GRID_MAX_AXIS * sizeof *g->owned);
    if (!g->owned) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    int rc = PK_OK;
    for (int a = 0; a <= PK_GRID_AXES && rc == PK_OK; a++) {
        const char *value = pk_context_get(ctx, pk_grid_keys[a]), *text = value;
        char why[256] = "", copy[PK_CONTEXT_VALUE];
        if (value) { /* the tidy CSV writes a context value's commas as ';' */
            snprintf(copy, sizeof copy, "%s", value);
            for (char *c = copy; (c = strchr(c, ';')) != NULL;)
                *c = ',';
            text = copy;
        }
        if (!text)
            snprintf(why, sizeof why, "missing");
        else if (a == PK_GRID_AXES)
            rc = pk_cli_name_list(pk_grid_keys[a], text, pk_strategy_names, g->strategies, PK_STRAT_COUNT, &g->ns, why,
                                  sizeof why);
        else {
            uint64_t *vals = g->owned + (size_t)a * PK_GRID_MAX_AXIS;
            rc = pk_cli_u64_list(pk_grid_keys[a], text, UINT64_MAX, vals, PK_GRID_MAX_AXIS, &g->n[a], why, sizeof why);
            g->vals[a] = vals;
        }
        if (!text || rc != PK_OK) {
            snprintf(err, errlen, "context %s: %s", pk_grid_keys[a], text ? why : "missing");
            rc = PK_EPARSE;
        }
    }
    if (rc != PK_OK)
        pk_grid_free(g);
    return rc;
}

void pk_grid_free(pk_grid *g)
{
    free(g->owned);
    memset(g, 0, sizeof *g);
}

pk_point *pk_grid_points(const pk_grid *g, size_t *n)
{
    return pk_sweep_points(g->strategies, g->ns, g->vals[PK_GRID_ITEM_NS], g->n[PK_GRID_ITEM_NS],
                           g->vals[PK_GRID_BATCH], g->n[PK_GRID_BATCH], g->vals[PK_GRID_GRID], g->n[PK_GRID_GRID],
                           g->vals[PK_GRID_BLOCK], g->n[PK_GRID_BLOCK], n);
}

/* Counts the points filter selects and, unless kept is NULL, copies them in order to kept (which
 * may be pts: a point is copied no later than it is read); -1 when the regex does not compile
 * (why: regerror's text). */
static long filter_points(const char *filter, const pk_point *pts, size_t n, pk_point *kept, char *why,
                          size_t whylen)
{
    const int all = !filter || !*filter || strcmp(filter, "all") == 0, neg = !all && filter[0] == '-';
    regex_t re;
    int rc = all ? 0 : regcomp(&re, filter + neg, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        regerror(rc, &re, why, whylen);
        return -1;
    }
    long count = 0;
    for (size_t k = 0; k < n; k++) {
        char name[200];
        pk_point_name(&pts[k], name, sizeof name - 40);
        strcat(name, "/iterations:1/manual_time");
        if (all || (regexec(&re, name, 0, NULL, 0) == 0) != neg) {
            if (kept)
                kept[count] = pts[k];
            count++;
        }
    }
    if (!all)
        regfree(&re);
    return count;
}

int pk_grid_filter_stored(const char *stored, pk_point *pts, size_t *n)
{
    /* The tidy CSV writes a context value's commas as ';' (batch:[0-9]{1;1}/). No point's name
     * holds either, so a ';' is read as ',': the one place it matters is an interval. */
    char *text = stored ? strdup(stored) : NULL;
    if (stored && !text)
        return PK_ENOMEM;
    for (char *c = text; c && *c; c++)
        *c = *c == ';' ? ',' : *c;
    int rc = pk_grid_filter(text, pts, n);
    free(text);
    return rc;
}

int pk_grid_filter(const char *filter, pk_point *pts, size_t *n)
{
    char why[128];
    const long kept = filter_points(filter, pts, *n, pts, why, sizeof why);
    if (kept < 0)
        return PK_EINVAL;
    *n = (size_t)kept;
    return PK_OK;
}

long pk_grid_filter_count(const char *filter, const pk_point *pts, size_t n, char *why, size_t whylen)
{
    return filter_points(filter, pts, n, NULL, why, whylen);
}

size_t pk_grid_abba_index(const pk_point *pts, size_t np, size_t j)
{
    size_t lo = j, hi = j;
    pk_point q;
    while (lo > 0 && (q = pk_point_with(&pts[lo - 1], pts[j].strategy), pk_point_equal(&q, &pts[j])))
        lo--;
    while (hi + 1 < np && (q = pk_point_with(&pts[hi + 1], pts[j].strategy), pk_point_equal(&q, &pts[j])))
        hi++;
    return lo + hi - j;
}
