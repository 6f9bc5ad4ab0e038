/* Joining result folders: the tidy tables, their contexts, the grid they cover (see merge.h). */
#include "harness/merge.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/measured.h"
#include "harness/grid.h"
#include "harness/shard.h"

const char *const pk_merge_shard_keys[] = {"shard",
                                           "shard_expected_s",
                                           "run_id",
                                           "resumed_from_run_id",
                                           "resumed_points",
                                           "merged_inputs",
                                           "merge_missing",
                                           "merge_partial_inputs",
                                           NULL};
const char *const pk_merge_location_keys[] = {"device_index", "device_pci_bus_id", "pinning", "pinned_cpus", NULL};

static int listed(const char *const *list, const char *key)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return 1;
    return 0;
}

typedef struct input {
    const char *dir;
    pk_table t;
} input;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A folder given twice, before any is read: sorted names side by side (a merge takes up to
 * 100000 shards, which every pair compared would take 5e9 comparisons to clear). */
static int refuse_twice(const char *const *dirs, size_t n, char *err, size_t errlen)
{
    const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    memcpy(sorted, dirs, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_str);
    int rc = PK_OK;
    for (size_t i = 1; i < n && rc == PK_OK; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0) {
            snprintf(err, errlen, "%s given twice", sorted[i]);
            rc = PK_EINVAL;
        }
    free(sorted);
    return rc;
}

static int read_inputs(const char *const *dirs, size_t n, input *in, char *err, size_t errlen)
{
    int rc = refuse_twice(dirs, n, err, errlen);
    for (size_t i = 0; rc == PK_OK && i < n; i++) {
        char path[PK_PATH_MAX];
        int partial_only; /* a shard that stopped part way: its partial pair (harness/measured.h) */
        in[i].dir = dirs[i];
        rc = pk_measured_read(dirs[i], &in[i].t, path, sizeof path, &partial_only, err, errlen);
    }
    return rc;
}

/* Appends key to the space-separated list in buf (as much as fits). */
static void note_key(char *buf, size_t len, const char *key, int front)
{
    size_t used = strlen(buf), klen = strlen(key);
    for (const char *p = buf; (p = strstr(p, key)) != NULL; p += klen)
        if ((p == buf || p[-1] == ' ') && (p[klen] == ' ' || p[klen] == '\0'))
            return;
    if (used + klen + 2 >= len)
        return;
    if (front && used) { /* first, where a cut list (merge_mismatched) keeps it */
        memmove(buf + klen + 1, buf, used + 1);
        memcpy(buf, key, klen);
        buf[klen] = ' ';
    } else
        snprintf(buf + used, len - used, "%s%s", used ? " " : "", key);
}

/* The value of key in input i, for messages. */
static const char *shown(const input *in, const char *key)
{
    const char *v = pk_context_get(&in->t.context, key);
    return v ? v : "(none)";
}

/* 1 when every folder has key with the same value. */
static int agrees(const input *in, size_t n, const char *key)
{
    const char *a = pk_context_get(&in[0].t.context, key);
    for (size_t i = 1; i < n; i++) {
        const char *b = pk_context_get(&in[i].t.context, key);
        if (!a || !b || strcmp(a, b) != 0)
            return 0;
    }
    return a != NULL;
}

const char *pk_merge_context_diff(const pk_context *a, const pk_context *b, const char *const *const *skip,
                                  size_t *at)
{
    while (*at < a->count + b->count) {
        const char *key = *at < a->count ? a->key[*at] : b->key[*at - a->count];
        const char *x = pk_context_get(a, key), *y = pk_context_get(b, key);
        int skipped = 0;
        (*at)++;
        for (size_t l = 0; skip && skip[l] && !skipped; l++)
            skipped = listed(skip[l], key);
        if (!skipped && !(x && y && strcmp(x, y) == 0))
            return key;
    }
    return NULL;
}

/* Every context key but the shard's own and the device's location must agree between the
 * folders; with allow_mismatch, keys that differ are named in m->mismatch_text instead. The
 * merged context keeps the first folder's keys that every folder agrees on. */
static int check_contexts(const input *in, size_t n, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen)
{
    static const char *const *const skip[] = {pk_merge_shard_keys, pk_merge_location_keys, NULL};
    for (size_t i = 1; i < n; i++) {
        size_t at = 0;
        for (const char *key; (key = pk_merge_context_diff(&in[i].t.context, &in[0].t.context, skip, &at)) != NULL;) {
            if (!o->allow_mismatch) {
                snprintf(err, errlen, "%s: context %s is '%s' but %s has '%s' (a different device, build or "
                         "parameters; --allow-mismatch merges them anyway)", in[i].dir, key, shown(&in[i], key),
                         in[0].dir, shown(&in[0], key));
                return PK_EINVAL;
            }
            note_key(m->mismatch_text, sizeof m->mismatch_text, key, 0);
        }
    }
    /* The points of folders whose grids (or filters) differ form no one grid: then no grid key is
     * kept, and the merged folder records no grid (as a folder before grids were recorded), so
     * that it can be read and merged again. */
    for (int a = 0; a <= PK_GRID_AXES + 1; a++) {
        const char *key = a <= PK_GRID_AXES ? pk_grid_keys[a] : "benchmark_filter"; /* the points: grid ∩ filter */
        int any = 0;
        for (size_t i = 0; i < n; i++)
            any |= pk_context_get(&in[i].t.context, key) != NULL;
        m->grid_left_out |= any && !agrees(in, n, key);
    }
    pk_context *mc = &m->table.context;
    for (size_t k = 0; k < in[0].t.context.count; k++) {
        const char *key = in[0].t.context.key[k];
        if (!listed(pk_merge_shard_keys, key) && agrees(in, n, key) && !(m->grid_left_out && pk_grid_is_key(key)))
            pk_context_set(mc, key, in[0].t.context.value[k]);
    }
    pk_context_setf(mc, "merged_inputs", "%zu", n);
    struct timespec now; /* the merged folder is a run of its own: one run_id in both of its files */
    clock_gettime(CLOCK_REALTIME, &now);
    pk_context_setf(mc, "run_id", "%lld.%09ld-%ld", (long long)now.tv_sec, now.tv_nsec, (long)getpid());
    return PK_OK;
}

/* Every row names the same backend, device and source, unless allow_mismatch. */
static int check_labels(const input *in, size_t n, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen)
{
    const pk_row *first = NULL;
    const char *first_dir = NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < in[i].t.n; r++) {
            const pk_row *x = &in[i].t.rows[r];
            if (!first) {
                first = x;
                first_dir = in[i].dir;
                continue;
            }
            const char *what = strcmp(x->backend, first->backend) ? "backend"
                               : strcmp(x->device, first->device) ? "device"
                               : strcmp(x->source, first->source) ? "source"
                                                                   : NULL;
            if (!what)
                continue;
            if (!o->allow_mismatch || what[0] != 'd') { /* one table holds one backend's measurements */
                const char *a = what[0] == 'b' ? x->backend : what[0] == 'd' ? x->device : x->source;
                const char *b = what[0] == 'b' ? first->backend : what[0] == 'd' ? first->device : first->source;
                snprintf(err, errlen, "%s: rows of %s '%s' but %s has '%s'%s", in[i].dir, what, a, first_dir, b,
                         what[0] == 'd' ? " (--allow-mismatch merges them anyway)" : "");
                return PK_EINVAL;
            }
            note_key(m->mismatch_text, sizeof m->mismatch_text, what, 1); /* the rows' device: before the
                                                                           * context's keys */
            m->devices_differ = 1;
        }
    return PK_OK;
}

/* Shards: the same N everywhere, no index twice; when every input is a shard, the indexes not
 * given go to missing_text (an input without a label, a merged folder say, may hold them). */
static int check_shards(const input *in, size_t n, pk_merge *m, char *err, size_t errlen)
{
    unsigned count = 0;
    const char *count_dir = NULL;
    unsigned char *seen = NULL;
    int rc = PK_OK, unlabelled = 0;
    for (size_t i = 0; i < n && rc == PK_OK; i++) {
        const char *text = pk_context_get(&in[i].t.context, "shard");
        pk_shard s;
        char why[256];
        if (!text) {
            unlabelled = 1;
            continue;
        }
        if (pk_shard_parse(text, &s, why, sizeof why) != PK_OK) {
            snprintf(err, errlen, "%s: context shard '%s' is not I/N", in[i].dir, text);
            rc = PK_EPARSE;
        } else if (count && s.count != count) {
            snprintf(err, errlen, "%s is shard %s but %s is one of %u shards", in[i].dir, text, count_dir, count);
            rc = PK_EINVAL;
        } else if (!count && !(seen = calloc(s.count, 1))) {
            snprintf(err, errlen, "out of memory");
            rc = PK_ENOMEM;
        } else if (seen[s.index]) {
            snprintf(err, errlen, "shard %s given twice (%s is one of them)", text, in[i].dir);
            rc = PK_EINVAL;
        } else {
            count = s.count;
            count_dir = in[i].dir;
            seen[s.index] = 1;
        }
    }
    for (unsigned s = 0; rc == PK_OK && !unlabelled && s < count; s++)
        if (!seen[s]) {
            size_t used = strlen(m->missing_text);
            snprintf(m->missing_text + used, sizeof m->missing_text - used, "%sshard %u/%u", used ? ", " : "", s,
                     count);
        }
    free(seen);
    return rc;
}

/* A row and where it came from, for sorting into measuring order. */
typedef struct ref {
    const pk_row *r;
    size_t input, row;
    int rank; /* the strategy's place in the grid's strategy list */
} ref;

/* Measuring order: item_ns, batch, grid, block, then the strategy's place in the grid. */
static int ref_key_compare(const ref *x, const ref *y)
{
    pk_point a = pk_point_with(&x->r->key, PK_STRAT_STANDARD), b = pk_point_with(&y->r->key, PK_STRAT_STANDARD);
    int c = pk_point_compare(&a, &b);
    return c ? c : (x->rank > y->rank) - (x->rank < y->rank);
}

/* Pass rows: pass by pass, each in measuring order, as the unsplit sweep measured them. */
static int pass_compare(const void *pa, const void *pb)
{
    const ref *x = pa, *y = pb;
    if (x->r->replicate != y->r->replicate)
        return x->r->replicate < y->r->replicate ? -1 : 1;
    return ref_key_compare(x, y);
}

static int ref_compare(const void *pa, const void *pb)
{
    const ref *x = pa, *y = pb;
    int c = ref_key_compare(x, y);
    if (c == 0)
        c = (x->input > y->input) - (x->input < y->input);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* The rows of every folder in measuring order; a point in two folders is refused. */
static int join_rows(const input *in, size_t n, const int *rank, pk_merge *m, ref **refs_out, size_t *nrefs,
                     char *err, size_t errlen)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += in[i].t.n;
    ref *refs = malloc((total ? total : 1) * sizeof *refs);
    if (!refs) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < in[i].t.n; r++)
            refs[k++] = (ref){&in[i].t.rows[r], i, r, rank[in[i].t.rows[r].key.strategy]};
    qsort(refs, total, sizeof *refs, ref_compare);
    for (k = 0; k < total; k++) {
        if (k > 0 && ref_key_compare(&refs[k - 1], &refs[k]) == 0 && refs[k - 1].input != refs[k].input) {
            char name[160];
            pk_point_name(&refs[k].r->key, name, sizeof name);
            snprintf(err, errlen, "point %s is in both %s and %s (overlapping shards or runs)", name,
                     in[refs[k - 1].input].dir, in[refs[k].input].dir);
            free(refs);
            return PK_EINVAL;
        }
        if (pk_table_push(&m->table, refs[k].r) != PK_OK) {
            free(refs);
            snprintf(err, errlen, "out of memory");
            return PK_ENOMEM;
        }
    }
    /* The pass rows of sweeps with --replicates (each point's in one folder only), in the order
     * of the unsplit sweep: pass 1 over the whole grid, then pass 2... */
    size_t npass = 0;
    for (size_t i = 0; i < n; i++)
        npass += in[i].t.npass;
    ref *p = malloc((npass ? npass : 1) * sizeof *p);
    if (!p) {
        free(refs);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    k = 0;
    for (size_t i = 0; i < n; i++) {
        /* --abba: every second pass measured each cell's strategies in reverse order */
        const char *order = pk_context_get(&in[i].t.context, "pass_order");
        const int abba = order && strncmp(order, "abba", 4) == 0;
        for (size_t r = 0; r < in[i].t.npass; r++) {
            const pk_row *row = &in[i].t.pass[r];
            const int reverse = abba && row->replicate % 2 == 0;
            p[k++] = (ref){row, i, r, reverse ? -rank[row->key.strategy] : rank[row->key.strategy]};
        }
    }
    qsort(p, npass, sizeof *p, pass_compare);
    for (k = 0; k < npass; k++)
        if (pk_table_push_pass(&m->table, p[k].r) != PK_OK) {
            free(p);
            free(refs);
            snprintf(err, errlen, "out of memory");
            return PK_ENOMEM;
        }
    free(p);
    /* A point's savings against the standard row of its key, which another folder of the same
     * device may hold; across devices each row keeps its own folder's (one device's standard
     * launches say nothing of another's persistent kernel). */
    if (!m->devices_differ)
        pk_table_fill_savings(&m->table);
    *refs_out = refs;
    *nrefs = total;
    return PK_OK;
}

static int point_compare(const void *a, const void *b)
{
    return pk_point_compare(a, b);
}

/* The points of every folder's recorded grid (and --benchmark_filter), sorted, without repeats.
 * *n = 0 when a folder records no grid. */
static int expected_points(const input *in, size_t n, pk_point **out, size_t *np, char *err, size_t errlen)
{
    pk_point *all = NULL;
    size_t total = 0;
    *np = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        pk_grid g;
        char why[512];
        int rc = pk_grid_from_context(&in[i].t.context, &g, why, sizeof why);
        if (rc == PK_EINVAL) {
            free(all);
            return PK_OK;
        }
        if (rc != PK_OK) {
            free(all);
            snprintf(err, errlen, "%s: %s", in[i].dir, why);
            return rc;
        }
        size_t k = 0;
        pk_point *pts = pk_grid_points(&g, &k);
        pk_grid_free(&g);
        pk_point *grown = pts ? realloc(all, (total + k) * sizeof *all) : NULL;
        if (!grown) {
            free(pts);
            free(all);
            snprintf(err, errlen, "out of memory");
            return PK_ENOMEM;
        }
        all = grown;
        if (pk_grid_filter_stored(pk_context_get(&in[i].t.context, "benchmark_filter"), pts, &k) != PK_OK) {
            free(pts);
            free(all);
            snprintf(err, errlen, "%s: context benchmark_filter is not a valid regex", in[i].dir);
            return PK_EPARSE;
        }
        memcpy(all + total, pts, k * sizeof *pts);
        total += k;
        free(pts);
    }
    qsort(all, total, sizeof *all, point_compare);
    size_t w = 0;
    for (size_t r = 0; r < total; r++)
        if (w == 0 || pk_point_compare(&all[w - 1], &all[r]) != 0)
            all[w++] = all[r];
    *out = all;
    *np = w;
    return PK_OK;
}

/* Counts the expected points that no folder holds, naming the first in missing_text. */
static int find_missing(const input *in, size_t n, pk_merge *m, char *err, size_t errlen)
{
    pk_point *exp = NULL;
    size_t ne = 0;
    int rc = expected_points(in, n, &exp, &ne, err, errlen);
    if (rc != PK_OK || ne == 0)
        return rc;
    pk_point *have = malloc((m->table.n ? m->table.n : 1) * sizeof *have);
    if (!have) {
        free(exp);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < m->table.n; i++)
        have[i] = m->table.rows[i].key;
    qsort(have, m->table.n, sizeof *have, point_compare);
    m->expected = ne;
    size_t h = 0, named = 0;
    for (size_t e = 0; e < ne; e++) {
        while (h < m->table.n && pk_point_compare(&have[h], &exp[e]) < 0)
            h++;
        if (h < m->table.n && pk_point_compare(&have[h], &exp[e]) == 0)
            continue;
        m->missing++;
        if (named++ < 3) {
            char name[160];
            size_t used = strlen(m->missing_text);
            pk_point_name(&exp[e], name, sizeof name);
            snprintf(m->missing_text + used, sizeof m->missing_text - used, "%s%s", used ? ", " : "", name);
        }
    }
    free(have);
    free(exp);
    return PK_OK;
}

/* The strategies' order in the first folder's grid (the rest after, in their own order). */
static void strategy_rank(const input *in, int rank[PK_STRAT_COUNT])
{
    pk_grid g;
    char why[512];
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        rank[s] = PK_STRAT_COUNT + s;
    if (pk_grid_from_context(&in[0].t.context, &g, why, sizeof why) != PK_OK)
        return;
    for (size_t i = 0; i < g.ns; i++)
        rank[g.strategies[i]] = (int)i;
    pk_grid_free(&g);
}

/* 1 when t holds a partial run's result: a sweep's that stopped part way, or a merge's that took
 * one in. A merge that is partial only for the points it lacked (merge_missing, without
 * merge_partial_inputs) holds whole results for the points it has, as a shard does. */
static int partial_run(const pk_table *t, int by_points)
{
    return t->partial && (!by_points || !pk_context_get(&t->context, "merge_missing") ||
                          pk_context_get(&t->context, "merge_partial_inputs"));
}

/* Counts the inputs that hold a partial run's result, naming them in partial_text (what fits).
 * Without a recorded grid no point count can show that a merge's missing points came in, so
 * such a merge counts as partial as a whole. */
static void find_partial(const input *in, size_t n, pk_merge *m)
{
    size_t named = 0, len = sizeof m->partial_text;
    for (size_t i = 0; i < n; i++) {
        if (!partial_run(&in[i].t, m->expected > 0))
            continue;
        size_t used = strlen(m->partial_text);
        if (m->partial_inputs++ == named && used + strlen(in[i].dir) + 8 < len) { /* room kept for ", ..." */
            snprintf(m->partial_text + used, len - used, "%s%s", used ? ", " : "", in[i].dir);
            named++;
        }
    }
    if (named < m->partial_inputs) {
        size_t used = strlen(m->partial_text);
        snprintf(m->partial_text + used, len - used, "%s...", used ? ", " : "");
    }
}

static int merge_tables(input *in, size_t n, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen)
{
    int rank[PK_STRAT_COUNT], rc;
    ref *refs = NULL;
    size_t nrefs = 0;
    strategy_rank(in, rank);
    if ((rc = check_contexts(in, n, o, m, err, errlen)) != PK_OK || (rc = check_labels(in, n, o, m, err, errlen)) ||
        (rc = check_shards(in, n, m, err, errlen)) || (rc = join_rows(in, n, rank, m, &refs, &nrefs, err, errlen)))
        return rc;
    rc = find_missing(in, n, m, err, errlen);
    free(refs); /* on find_missing's refusal too (a grid read back that holds no value leaked it) */
    if (rc != PK_OK)
        return rc;
    pk_context *mc = &m->table.context;
    if (m->mismatch_text[0] && pk_context_set(mc, "merge_mismatched", m->mismatch_text) != PK_OK) {
        /* more keys than a value holds (an H100's sweep beside an H200's differs in about ten):
         * those that fit, whole, and "..."; readers ask only whether the key is there */
        char cut[PK_CONTEXT_VALUE] = "";
        size_t used = 0;
        for (const char *w = m->mismatch_text; *w;) { /* whole keys while they and " ..." fit */
            size_t wl = strcspn(w, " ");
            if (used + (used ? 1 : 0) + wl + sizeof " ..." > sizeof cut)
                break;
            used += (size_t)snprintf(cut + used, sizeof cut - used, "%s%.*s", used ? " " : "", (int)wl, w);
            w += wl + (w[wl] == ' ');
        }
        snprintf(cut + used, sizeof cut - used, "%s...", used ? " " : "");
        if (pk_context_set(mc, "merge_mismatched", cut) != PK_OK) {
            snprintf(err, errlen, "the merged context has no room for merge_mismatched");
            return PK_EINVAL;
        }
    }
    find_partial(in, n, m);
    if (m->expected && !m->missing) /* every point is there, whatever the shard labels say */
        m->missing_text[0] = '\0';
    if (m->partial_inputs && !o->allow_missing) {
        snprintf(err, errlen, "partial input%s (from a run that stopped part way: measured.partial.csv): %s; "
                 "--allow-missing merges what there is as a partial result", m->partial_inputs == 1 ? "" : "s",
                 m->partial_text);
        return PK_EINVAL;
    }
    if ((m->missing || m->missing_text[0]) && !o->allow_missing) {
        if (m->expected)
            snprintf(err, errlen, "%zu of the grid's %zu points are in no folder (%s%s); --allow-missing merges "
                     "what there is as a partial result", m->missing, m->expected, m->missing_text,
                     m->missing > 3 ? ", ..." : "");
        else
            snprintf(err, errlen, "shards of the sweep are in no folder (%s); --allow-missing merges what there is "
                     "as a partial result", m->missing_text);
        return PK_EINVAL;
    }
    /* Why the result is partial, for a later merge of it (partial_run). */
    if (m->missing)
        pk_context_setf(mc, "merge_missing", "%zu of %zu grid points", m->missing, m->expected);
    else if (m->missing_text[0])
        pk_context_setf(mc, "merge_missing", "%.100s", m->missing_text);
    if (m->partial_inputs)
        pk_context_setf(mc, "merge_partial_inputs", "%zu", m->partial_inputs);
    m->table.partial = m->missing || m->missing_text[0] || m->partial_inputs;
    return PK_OK;
}

int pk_merge_run(const char *const *dirs, size_t n, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    input *in = calloc(n ? n : 1, sizeof *in);
    const pk_table **tables = calloc(n ? n : 1, sizeof *tables);
    int rc = in && tables ? read_inputs(dirs, n, in, err, errlen) : PK_ENOMEM;
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && n == 0) {
        snprintf(err, errlen, "no folder to merge");
        rc = PK_EINVAL;
    }
    if (rc == PK_OK)
        rc = merge_tables(in, n, o, m, err, errlen);
    for (size_t i = 0; rc == PK_OK && i < n; i++)
        tables[i] = &in[i].t;
    if (rc == PK_OK)
        rc = pk__merge_json(dirs, tables, n, &m->table.context, m->table.partial, &m->json, err, errlen);
    for (size_t i = 0; in && i < n; i++)
        pk_table_free(&in[i].t);
    free(in);
    free(tables);
    if (rc != PK_OK)
        pk_merge_free(m);
    return rc;
}
