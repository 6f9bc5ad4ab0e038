/* harness/shard: "I/N" is parsed strictly; for every N the shards of a grid together hold every
 * point exactly once, keep every strategy of one key in one shard, and keep the grid's order;
 * the split is the same on every call and differs between N; it is balanced by expected cost
 * (LPT: the costliest shard is within 4/3 of what any split could do, and within 3% of it on
 * the default grid for N <= 4), where a split by count is at least 10% worse; the expected cost
 * follows the stopping rule (warm-up, then min_reps on a GPU or max_reps on a CPU analogue,
 * fewer when the time cap comes first but at least the floor, never above max_reps). */
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/shard.h"
#include "pk_test.h"

static void parse(void)
{
    static const char *const good[] = {"0/1", "3/4", "99999/100000", NULL};
    static const char *const bad[] = {"", "4/4", "1/0", "a/b", "1/", "/2", "1/2x", "-1/2", "1 /2", "1/ 2", "+1/2",
                                      "1//2", "0/100001", "99999999999999999999/2", "1", NULL};
    char err[256];
    pk_shard s;
    for (size_t i = 0; good[i]; i++)
        PK_CHECK(pk_shard_parse(good[i], &s, err, sizeof err) == PK_OK);
    PK_CHECK(pk_shard_parse("3/4", &s, err, sizeof err) == PK_OK && s.index == 3 && s.count == 4);
    for (size_t i = 0; bad[i]; i++) {
        err[0] = '\0';
        int rc = pk_shard_parse(bad[i], &s, err, sizeof err);
        PK_CHECK(rc == PK_EINVAL && strncmp(err, "--shard: ", 9) == 0);
        if (rc == PK_OK)
            fprintf(stderr, "accepted '%s'\n", bad[i]);
    }
}

/* The default sweep's grid: 5 strategies x 5 item_ns x 15 batches. */
static pk_point *default_grid(size_t *n)
{
    int strat[] = {0, 1, 2, 3, 4};
    uint64_t items[] = {0, 1000, 5000, 20000, 50000}, batches[15], one[] = {1}, zero[] = {0};
    for (int i = 0; i < 15; i++)
        batches[i] = (uint64_t)1 << i;
    return pk_sweep_points(strat, 5, items, 5, batches, 15, one, 1, zero, 1, n);
}

static double *costs(const pk_point *pts, size_t n, int cpu_analogue)
{
    pk_shard_model m;
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    pk_shard_default_model(cpu_analogue, &m);
    double *v = malloc(n * sizeof *v);
    for (size_t k = 0; k < n; k++)
        v[k] = pk_shard_point_cost_ns(&m, &pts[k], &o);
    return v;
}

/* Shards of every N: exactly once, cells whole, order kept, loads add up. */
static void cover(const pk_point *pts, const double *cost, size_t n, unsigned count)
{
    pk_shard_plan p;
    char err[256];
    PK_CHECK(pk_shard_plan_make(pts, cost, n, count, &p, err, sizeof err) == PK_OK);
    unsigned *hits = calloc(n, sizeof *hits);
    uint64_t sum = 0;
    size_t total = 0;
    for (unsigned s = 0; s < count; s++) {
        size_t m = 0;
        pk_point *sel = pk_shard_select(pts, n, &p, s, &m);
        PK_CHECK(sel != NULL && m == p.npoints[s] && m > 0);
        size_t at = 0; /* each selected point is found after the previous one: the order is kept */
        for (size_t i = 0; i < m; i++) {
            while (at < n && !pk_point_equal(&pts[at], &sel[i]))
                at++;
            PK_CHECK(at < n);
            if (at < n)
                hits[at]++;
        }
        total += m;
        sum += p.load_ns[s];
        free(sel);
    }
    PK_CHECK_U64(total, n);
    for (size_t k = 0; k < n; k++)
        PK_CHECK_U64(hits[k], 1);
    PK_CHECK_U64(sum, p.total_ns);
    for (size_t k = 0; k < n; k++)
        for (size_t j = k + 1; j < n && j < k + PK_STRAT_COUNT; j++)
            if (pts[j].item_ns == pts[k].item_ns && pts[j].batch == pts[k].batch)
                PK_CHECK_U64(p.of[j], p.of[k]);
    /* LPT: at most 4/3 of the best split, which is at least the mean and the costliest cell. */
    double mean = (double)p.total_ns / count, lower = mean > (double)p.max_cell_ns ? mean : (double)p.max_cell_ns;
    PK_CHECK((double)p.max_load_ns <= 4.0 / 3.0 * lower);
    free(hits);
    pk_shard_plan_free(&p);
}

static void split(void)
{
    size_t n = 0;
    pk_point *pts = default_grid(&n);
    PK_CHECK_U64(n, 375);
    for (int cpu = 0; cpu < 2; cpu++) {
        double *cost = costs(pts, n, cpu);
        static const unsigned counts[] = {1, 2, 3, 4, 5, 7, 8, 16, 74, 75};
        for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
            cover(pts, cost, n, counts[i]);
        pk_shard_plan p, q;
        char err[256];
        PK_CHECK(pk_shard_plan_make(pts, cost, n, 76, &p, err, sizeof err) == PK_EINVAL);
        PK_CHECK(strstr(err, "75 cells") != NULL);
        /* Balanced by cost: within 3% of the best any split could do (the mean, or the costliest
         * cell when it is larger: at N = 4 the default grid's largest key is more than a quarter
         * of it). Every N-th cell (a split by count) is at least 10% worse. */
        for (unsigned count = 2; count <= 4; count++) {
            PK_CHECK(pk_shard_plan_make(pts, cost, n, count, &p, err, sizeof err) == PK_OK);
            double ideal = (double)p.total_ns / count;
            double bound = ideal > (double)p.max_cell_ns ? ideal : (double)p.max_cell_ns;
            PK_CHECK((double)p.max_load_ns <= 1.03 * bound);
            double by_count[4] = {0};
            for (size_t k = 0; k < n; k++)
                by_count[(k / PK_STRAT_COUNT) % count] += cost[k];
            double worst = 0;
            for (unsigned s = 0; s < count; s++)
                worst = by_count[s] > worst ? by_count[s] : worst;
            PK_CHECK(worst > 1.1 * bound);
            /* The same split every time; another N, another fingerprint. */
            PK_CHECK(pk_shard_plan_make(pts, cost, n, count, &q, err, sizeof err) == PK_OK);
            PK_CHECK(q.hash == p.hash && memcmp(p.of, q.of, n * sizeof *p.of) == 0);
            pk_shard_plan_free(&q);
            PK_CHECK(pk_shard_plan_make(pts, cost, n, count + 1, &q, err, sizeof err) == PK_OK);
            PK_CHECK(q.hash != p.hash);
            pk_shard_plan_free(&q);
            pk_shard_plan_free(&p);
        }
        free(cost);
    }
    free(pts);
}

/* The expected cost of pt under model m, by the rule in shard.h written out again. */
static double by_rule(const pk_shard_model *m, const pk_point *pt, const pk_sweep_opts *o, double *rep)
{
    pk_prediction pr;
    pk_analytic_pipelined(&m->costs, pt->strategy, (double)pt->item_ns, pt->batch, 0, &pr);
    *rep = pr.total_ns + m->rep_overhead_ns + (pt->strategy == PK_STRAT_GRAPH ? pr.setup_ns : 0);
    double reps = m->noise_stops ? (double)o->min_reps : (double)o->max_reps;
    double t = 0;
    for (double r = 1; r <= reps; r++) /* repetition by repetition, as the sweep stops */
        if ((1 + r) * *rep >= o->max_time_s * 1e9 && r >= PK_SWEEP_TIME_FLOOR_REPS) {
            reps = r;
            break;
        }
    t = (1 + reps) * *rep;
    return t + m->point_overhead_ns;
}

static void cost_rule(void)
{
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    static const pk_point pts[] = {
        {PK_STRAT_STANDARD, 0, 1, 1, 0},             /* tiny: min_reps (GPU) or max_reps/cap (host) */
        {PK_STRAT_STANDARD_SYNC, 50000, 16384, 1, 0}, /* ~1 s a repetition: the floor of 3 */
        {PK_STRAT_STANDARD, 50000, 512, 1, 0},       /* ~25 ms: the cap after 3 or 4 */
        {PK_STRAT_GRAPH, 1000, 64, 1, 0},
        {PK_STRAT_PERSISTENT, 5000, 1024, 1, 0},
    };
    for (int cpu = 0; cpu < 2; cpu++) {
        pk_shard_model m;
        pk_shard_default_model(cpu, &m);
        PK_CHECK(m.noise_stops == !cpu);
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            double rep, want = by_rule(&m, &pts[i], &o, &rep);
            PK_CHECK_NEAR(pk_shard_point_cost_ns(&m, &pts[i], &o), want, want * 1e-12);
        }
        double rep;
        pk_shard_point_cost_ns(&m, &pts[1], &o);
        by_rule(&m, &pts[1], &o, &rep);
        PK_CHECK(rep > 5e8);
        PK_CHECK_NEAR(pk_shard_point_cost_ns(&m, &pts[1], &o), 4 * rep + m.point_overhead_ns, 1e-3);
        /* max_reps caps it; below the caps, cost grows with batch and item_ns. */
        o.max_reps = 2;
        by_rule(&m, &pts[0], &o, &rep);
        PK_CHECK_NEAR(pk_shard_point_cost_ns(&m, &pts[0], &o), 3 * rep + m.point_overhead_ns, 1e-6);
        pk_sweep_opts_default(&o);
        o.max_time_s = 1000;
        pk_point a = pts[3], b = a;
        b.batch = 128;
        PK_CHECK(pk_shard_point_cost_ns(&m, &b, &o) > pk_shard_point_cost_ns(&m, &a, &o));
        b = a;
        b.item_ns = 5000;
        PK_CHECK(pk_shard_point_cost_ns(&m, &b, &o) > pk_shard_point_cost_ns(&m, &a, &o));
        pk_sweep_opts_default(&o);
    }
    /* GPU: a tiny point takes warm-up + min_reps; host: it runs to max_reps (~50 ms). */
    pk_shard_model gpu, host;
    pk_shard_default_model(0, &gpu);
    pk_shard_default_model(1, &host);
    double rep;
    by_rule(&gpu, &pts[0], &o, &rep);
    PK_CHECK_NEAR(pk_shard_point_cost_ns(&gpu, &pts[0], &o), 6 * rep + gpu.point_overhead_ns, 1e-6);
    o.min_reps = 1; /* the noise rule needs two repetitions */
    PK_CHECK_NEAR(pk_shard_point_cost_ns(&gpu, &pts[0], &o), 3 * rep + gpu.point_overhead_ns, 1e-6);
    o.min_reps = 5;
    by_rule(&host, &pts[0], &o, &rep);
    PK_CHECK(rep * 1001 < o.max_time_s * 1e9);
    PK_CHECK_NEAR(pk_shard_point_cost_ns(&host, &pts[0], &o), 1001 * rep + host.point_overhead_ns, 1e-3);
}

int main(void)
{
    parse();
    split();
    cost_rule();
    return pk_test_done("fleet.shard");
}
