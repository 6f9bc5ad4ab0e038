/* The cost-balanced split of a sweep into shards (see shard.h). */
#include "harness/shard.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

/* A decimal number at *p (digits only), advancing *p; 0 when there is none or it overflows. */
static int take_number(const char **p, unsigned long long *v)
{
    if (!isdigit((unsigned char)**p))
        return 0;
    errno = 0;
    char *end;
    *v = strtoull(*p, &end, 10);
    *p = end;
    return errno == 0;
}

int pk_shard_parse(const char *text, pk_shard *s, char *err, size_t errlen)
{
    unsigned long long i = 0, n = 0;
    const char *p = text ? text : "";
    if (!take_number(&p, &i) || *p++ != '/' || !take_number(&p, &n) || *p != '\0') {
        snprintf(err, errlen, "--shard: '%s' is not I/N (shard I of N, 0 <= I < N)", text ? text : "");
        return PK_EINVAL;
    }
    if (n == 0 || n > PK_SHARD_MAX || i >= n) {
        snprintf(err, errlen, "--shard: '%s': need 0 <= I < N <= %d", text, PK_SHARD_MAX);
        return PK_EINVAL;
    }
    s->index = (unsigned)i;
    s->count = (unsigned)n;
    return PK_OK;
}

void pk_shard_default_model(int cpu_analogue, pk_shard_model *m)
{
    /* results/host/params.json and results/h100-sxm/params.json, rounded. */
    static const pk_shard_model host = {
        .costs = {.h = 180, .L = 30, .g = 190, .sync = 45, .S = 36000, .e = 180, .T = 24000, .graph_node = 25,
                  .graph_inst = 4, .Q = 1024, .B = 450},
        .rep_overhead_ns = 50000, .point_overhead_ns = 200000, .noise_stops = 0};
    static const pk_shard_model gpu = {
        .costs = {.h = 3000, .L = 4200, .g = 1900, .sync = 1500, .S = 11600, .e = 130, .T = 6700,
                  .graph_node = 1000, .graph_inst = 3300, .Q = 1024, .B = 9200},
        .rep_overhead_ns = 2000, .point_overhead_ns = 200000, .noise_stops = 1};
    *m = cpu_analogue ? host : gpu;
}

double pk_shard_point_cost_ns(const pk_shard_model *m, const pk_point *pt, const pk_sweep_opts *o)
{
    pk_prediction pr;
    double rep = 0;
    if (pk_analytic_pipelined(&m->costs, pt->strategy, (double)pt->item_ns, pt->batch, 0, &pr) == PK_OK) {
        rep = pr.total_ns;
        if (pt->strategy == PK_STRAT_GRAPH && isfinite(pr.setup_ns))
            rep += pr.setup_ns;
    }
    rep += m->rep_overhead_ns;
    double warm = (double)o->warmup_reps, max_reps = (double)(o->max_reps ? o->max_reps : 1);
    double floor_reps = (double)(o->min_reps < PK_SWEEP_TIME_FLOOR_REPS ? o->min_reps : PK_SWEEP_TIME_FLOOR_REPS);
    if (floor_reps < 1)
        floor_reps = 1;
    double reps = m->noise_stops ? (double)(o->min_reps > 2 ? o->min_reps : 2) : max_reps; /* a CV needs two */
    double capped = ceil(o->max_time_s * 1e9 / rep - warm); /* the first count at which the cap has passed */
    if (capped < reps)
        reps = capped > floor_reps ? capped : floor_reps;
    if (reps > max_reps)
        reps = max_reps;
    return (warm + reps) * rep + m->point_overhead_ns;
}

typedef struct cell_ref {
    const pk_point *p;
    size_t k;
} cell_ref;

/* Orders points by cell (the key without its strategy), then by their place in the sweep. */
static int cell_compare(const pk_point *a, const pk_point *b)
{
    pk_point x = pk_point_with(a, PK_STRAT_STANDARD), y = pk_point_with(b, PK_STRAT_STANDARD);
    return pk_point_compare(&x, &y);
}

static int by_cell(const void *a, const void *b)
{
    const cell_ref *x = a, *y = b;
    int c = cell_compare(x->p, y->p);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

typedef struct cell {
    uint64_t cost;
    size_t first; /* the cell's first point in the sweep's order */
    size_t begin, end; /* its points in the sorted refs */
} cell;

static int by_cost_desc(const void *a, const void *b)
{
    const cell *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* The min-heap of shards by (load, index): the least loaded shard, ties to the lowest index. */
static int lighter(const pk_shard_plan *p, unsigned a, unsigned b)
{
    return p->load_ns[a] != p->load_ns[b] ? p->load_ns[a] < p->load_ns[b] : a < b;
}

static void sift_down(const pk_shard_plan *p, unsigned *heap, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && lighter(p, heap[l], heap[m]))
            m = l;
        if (r < n && lighter(p, heap[r], heap[m]))
            m = r;
        if (m == i)
            return;
        unsigned t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

/* Groups the points into cells, costed and ordered costliest first. */
static cell *make_cells(const pk_point *pts, const double *cost_ns, size_t n, cell_ref *refs, size_t *ncells)
{
    for (size_t k = 0; k < n; k++)
        refs[k] = (cell_ref){&pts[k], k};
    qsort(refs, n, sizeof *refs, by_cell);
    cell *cells = malloc((n ? n : 1) * sizeof *cells);
    if (!cells)
        return NULL;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cell_compare(refs[i - 1].p, refs[i].p) != 0)
            cells[nc++] = (cell){0, refs[i].k, i, i};
        cell *c = &cells[nc - 1];
        /* Whole nanoseconds, capped at ~11 days a point: the split compares integers only. */
        double v = cost_ns[refs[i].k];
        c->cost += !(v > 0) ? 0 : v < 1e15 ? (uint64_t)llround(v) : UINT64_C(1000000000000000);
        c->end = i + 1;
        if (refs[i].k < c->first)
            c->first = refs[i].k;
    }
    qsort(cells, nc, sizeof *cells, by_cost_desc);
    *ncells = nc;
    return cells;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    return h;
}

int pk_shard_plan_make(const pk_point *pts, const double *cost_ns, size_t n, unsigned count, pk_shard_plan *p,
                       char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->count = count;
    cell_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    unsigned *heap = calloc(count ? count : 1, sizeof *heap);
    p->of = malloc((n ? n : 1) * sizeof *p->of);
    p->load_ns = calloc(count ? count : 1, sizeof *p->load_ns);
    p->npoints = calloc(count ? count : 1, sizeof *p->npoints);
    cell *cells = refs ? make_cells(pts, cost_ns, n, refs, &p->ncells) : NULL;
    int rc = PK_OK;
    if (!refs || !heap || !p->of || !p->load_ns || !p->npoints || !cells) {
        snprintf(err, errlen, "out of memory");
        rc = PK_ENOMEM;
    } else if (count == 0 || count > p->ncells) {
        snprintf(err, errlen, "--shard: %u shards but the grid has %zu cells (the strategies of one item_ns, batch, "
                 "grid and block stay in one shard)", count, p->ncells);
        rc = PK_EINVAL;
    } else {
        for (unsigned s = 0; s < count; s++)
            heap[s] = s;
        for (size_t c = 0; c < p->ncells; c++) {
            unsigned s = heap[0];
            for (size_t i = cells[c].begin; i < cells[c].end; i++)
                p->of[refs[i].k] = s;
            p->load_ns[s] += cells[c].cost;
            p->npoints[s] += cells[c].end - cells[c].begin;
            p->total_ns += cells[c].cost;
            if (cells[c].cost > p->max_cell_ns)
                p->max_cell_ns = cells[c].cost;
            sift_down(p, heap, count, 0);
        }
        for (unsigned s = 0; s < count; s++)
            if (p->load_ns[s] > p->max_load_ns)
                p->max_load_ns = p->load_ns[s];
        uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325), &(uint32_t){count}, 4);
        for (size_t k = 0; k < n; k++)
            h = fnv1a(h, &(uint32_t){p->of[k]}, 4);
        p->hash = h;
    }
    free(refs);
    free(heap);
    free(cells);
    if (rc != PK_OK)
        pk_shard_plan_free(p);
    return rc;
}

void pk_shard_plan_free(pk_shard_plan *p)
{
    free(p->of);
    free(p->load_ns);
    free(p->npoints);
    memset(p, 0, sizeof *p);
}

pk_point *pk_shard_select(const pk_point *pts, size_t n, const pk_shard_plan *p, unsigned index, size_t *out_n)
{
    size_t m = index < p->count ? p->npoints[index] : 0, j = 0;
    pk_point *sel = malloc((m ? m : 1) * sizeof *sel);
    if (!sel)
        return NULL;
    for (size_t k = 0; k < n && j < m; k++)
        if (p->of[k] == index)
            sel[j++] = pts[k];
    *out_n = j;
    return sel;
}

int pk_shard_apply(const pk_shard *s, int cpu_analogue, const pk_sweep_opts *o, pk_point **pts, size_t *n,
                   pk_shard_plan *plan, char *err, size_t errlen)
{
    pk_shard_model model;
    pk_shard_default_model(cpu_analogue, &model);
    double *cost = malloc((*n ? *n : 1) * sizeof *cost);
    if (!cost) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    for (size_t k = 0; k < *n; k++)
        cost[k] = pk_shard_point_cost_ns(&model, &(*pts)[k], o);
    int rc = pk_shard_plan_make(*pts, cost, *n, s->count, plan, err, errlen);
    free(cost);
    if (rc != PK_OK)
        return rc;
    size_t m = 0;
    pk_point *sel = pk_shard_select(*pts, *n, plan, s->index, &m);
    if (!sel) {
        pk_shard_plan_free(plan);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    free(*pts);
    *pts = sel;
    *n = m;
    return PK_OK;
}

int pk_shard_record(pk_context *ctx, const pk_grid *g, const char *filter, const pk_shard *s,
                    const pk_shard_plan *plan, size_t grid_points, char *err, size_t errlen)
{
    int rc = pk_grid_record(g, ctx, err, errlen);
    if (rc == PK_OK && filter && *filter && pk_context_set(ctx, "benchmark_filter", filter) != PK_OK) {
        snprintf(err, errlen, "--benchmark_filter: longer than %d characters, which the results' context cannot "
                 "record", PK_CONTEXT_VALUE - 1);
        return PK_ERANGE;
    }
    if (rc != PK_OK || s->count == 0)
        return rc;
    rc = pk_context_setf(ctx, "shard", "%u/%u", s->index, s->count);
    rc = rc ? rc : pk_context_setf(ctx, "shard_plan", "%016" PRIx64, plan->hash);
    rc = rc ? rc : pk_context_setf(ctx, "grid_points", "%zu", grid_points);
    rc = rc ? rc : pk_context_setf(ctx, "shard_expected_s", "%.3f", (double)plan->load_ns[s->index] * 1e-9);
    rc = rc ? rc : pk_context_setf(ctx, "grid_expected_s", "%.3f", (double)plan->total_ns * 1e-9);
    if (rc != PK_OK)
        snprintf(err, errlen, "the results' context is full");
    return rc;
}

int pk_shard_sweep_points(const pk_grid *g, const char *filter, const pk_shard *s, int cpu_analogue,
                          const pk_sweep_opts *o, pk_point **pts, size_t *n, size_t *grid_points,
                          pk_shard_plan *plan, char *err, size_t errlen)
{
    pk_context scratch = {0};
    size_t all = *n;
    *grid_points = *n;
    if (s->count && pk_grid_filter(filter, *pts, n) != PK_OK) {
        snprintf(err, errlen, "--benchmark_filter: '%.200s' is not a valid regex", filter);
        return PK_EINVAL;
    }
    if (s->count && *n == 0) {
        snprintf(err, errlen, "--benchmark_filter: '%.200s' selects none of the %zu points", filter, all);
        return PK_EINVAL;
    }
    *grid_points = *n;
    int rc = s->count ? pk_shard_apply(s, cpu_analogue, o, pts, n, plan, err, errlen) : PK_OK;
    if (rc == PK_OK && (rc = pk_shard_record(&scratch, g, filter, s, plan, *grid_points, err, errlen)) != PK_OK)
        rc = PK_EINVAL;
    return rc;
}
