/* summary.json of predicted against measured (see report.h): what report.md says, for machines. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "common/status.h"
#include "harness/report.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* A batch size, or null for "never" (0). */
static json_t *batch(uint64_t b, int have)
{
    return have && b ? json_integer((json_int_t)b) : json_null();
}

static json_t *err_stats(const pk_err_stats *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "points", json_integer((json_int_t)st->n));
    json_object_set_new(o, "mape_pct", num(st->mape_pct));
    json_object_set_new(o, "aggregate_pct", num(st->aggregate * 100));
    json_object_set_new(o, "pearson", num(st->pearson));
    json_object_set_new(o, "spearman", num(st->spearman));
    json_object_set_new(o, "within10_pct", num(st->within10 * 100));
    return o;
}

/* One pass judged alone: its accuracy, per strategy, and crossovers. */
static json_t *pass_json(const pk_cmp_pass *p)
{
    json_t *o = json_object(), *per = json_object();
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (p->per_strategy[s].n)
            json_object_set_new(per, pk_strategy_names[s], err_stats(&p->per_strategy[s]));
    json_object_set_new(o, "pass", json_integer(p->pass));
    json_object_set_new(o, "accuracy", err_stats(&p->overall));
    json_object_set_new(o, "per_strategy", per);
    json_object_set_new(o, "crossovers_judged", json_integer((json_int_t)p->cross_judged));
    json_object_set_new(o, "crossovers_exact", json_integer((json_int_t)p->cross_exact));
    return o;
}

/* Passes judged alone, as an array; null for none. */
static json_t *passes_json(const pk_cmp_pass *p, size_t n)
{
    if (!n)
        return json_null();
    json_t *a = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(a, pass_json(&p[k]));
    return a;
}

/* The model given the host's state (hoststate.h); null without a canary. */
static json_t *host_state(const pk_report_inputs *in)
{
    const pk_hoststate *hs = in->hs;
    if (!hs || !hs->have)
        return json_null();
    json_t *o = json_object(), *c = json_object(), *per = json_object();
    size_t judged, exact;
    json_object_set_new(c, "min", num(hs->canary_min_ns));
    json_object_set_new(c, "median", num(hs->canary_median_ns));
    json_object_set_new(c, "max", num(hs->canary_max_ns));
    json_object_set_new(o, "calibrated_h_ns", num(hs->h_ns));
    json_object_set_new(o, "canary_ns", c);
    json_object_set_new(o, "rows", json_integer((json_int_t)hs->rows));
    json_object_set_new(o, "rows_with_canary", json_integer((json_int_t)hs->rows_with));
    json_object_set_new(o, "accuracy", err_stats(&hs->pooled.overall));
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (hs->pooled.per_strategy[s].n)
            json_object_set_new(per, pk_strategy_names[s], err_stats(&hs->pooled.per_strategy[s]));
    json_object_set_new(o, "per_strategy", per);
    pk_hoststate_spread sp;
    pk_hoststate_spread_split(hs, in->meas, &sp);
    json_t *spread = json_object();
    json_object_set_new(spread, "steady_limit", json_real(PK_CANARY_STEADY));
    json_object_set_new(spread, "steady", json_integer((json_int_t)sp.steady));
    json_object_set_new(spread, "steady_over_10", json_integer((json_int_t)sp.steady_over));
    json_object_set_new(spread, "moving", json_integer((json_int_t)sp.moving));
    json_object_set_new(spread, "moving_over_10", json_integer((json_int_t)sp.moving_over));
    json_object_set_new(spread, "unknown", json_integer((json_int_t)sp.unknown));
    json_object_set_new(spread, "unknown_over_10", json_integer((json_int_t)sp.unknown_over));
    json_object_set_new(o, "canary_spread", spread);
    exact = pk_cmp_cross_exact(&hs->pooled, &judged);
    json_object_set_new(o, "crossovers_judged", json_integer((json_int_t)judged));
    json_object_set_new(o, "crossovers_exact", json_integer((json_int_t)exact));
    json_object_set_new(o, "per_pass", passes_json(hs->passes, hs->npasses));
    return o;
}

/* A model's agreement with the check: the resolved cells it judged, those where it names the
 * check's winner, and its mean distance from the check's ratio (percent). */
static json_t *agree(size_t judged, size_t agree_n, double dist)
{
    json_t *o = json_object();
    json_object_set_new(o, "judged", json_integer((json_int_t)judged));
    json_object_set_new(o, "agree", json_integer((json_int_t)agree_n));
    json_object_set_new(o, "distance_pct", num(dist));
    return o;
}

/* One checked cell: its key, pairs, ratio, interval and verdict, and the model's ratios. */
static json_t *paired_cell(const pk_paired *p)
{
    json_t *c = json_object();
    json_object_set_new(c, "item_ns", json_integer((json_int_t)p->key.item_ns));
    json_object_set_new(c, "batch", json_integer((json_int_t)p->key.batch));
    json_object_set_new(c, "grid", json_integer(p->key.grid));
    json_object_set_new(c, "block", json_integer(p->key.block));
    json_object_set_new(c, "pairs", json_integer((json_int_t)p->pairs));
    json_object_set_new(c, "ratio", num(p->ratio));
    json_object_set_new(c, "lo", num(p->lo));
    json_object_set_new(c, "hi", num(p->hi));
    json_object_set_new(c, "faster", json_string(p->verdict == 1 ? "persistent" : p->verdict == 0 ? "standard"
                                                                                             : "unresolved"));
    json_object_set_new(c, "model_calibrated", num(p->model_cal));
    json_object_set_new(c, "model_at_state", num(p->model_state));
    json_object_set_new(c, "model_pairs", json_integer((json_int_t)p->model_pairs));
    return c;
}

/* The crossovers' paired check (paired.h): its cells and the crossovers exact with it; null
 * without one. */
static json_t *paired_check(const pk_report_inputs *in, const pk_cmp_result *r)
{
    if (!in->paired_path)
        return json_null();
    json_t *o = json_object(), *cells = json_array();
    for (size_t i = 0; i < in->npaired; i++)
        json_array_append_new(cells, paired_cell(&in->paired[i]));
    size_t judged, exact = pk_paired_cross_exact(r, &judged);
    json_object_set_new(o, "path", json_string(in->paired_path));
    json_object_set_new(o, "tied", json_integer((json_int_t)in->paired_tied));
    json_object_set_new(o, "cells", cells);
    json_object_set_new(o, "crossovers_judged", json_integer((json_int_t)judged));
    json_object_set_new(o, "crossovers_exact", json_integer((json_int_t)exact));
    /* The model against the check (pk_paired_agreement): calibrated and at the check's state. */
    pk_paired_agree g, ga;
    pk_paired_agreement(in->paired, in->npaired, &g);
    json_object_set_new(o, "resolved", json_integer((json_int_t)g.resolved));
    json_object_set_new(o, "calibrated", agree(g.cal_judged, g.cal_agree, g.cal_dist));
    json_object_set_new(o, "at_state", agree(g.state_judged, g.state_agree, g.state_dist));
    /* Every cell the check measured, tied in the sweep or not: the model against the check. */
    json_t *all = json_object(), *others = json_array();
    const size_t nall = in->npaired_all > in->npaired ? in->npaired_all : in->npaired;
    for (size_t i = in->npaired; i < nall; i++)
        json_array_append_new(others, paired_cell(&in->paired[i]));
    pk_paired_agreement(in->paired, nall, &ga);
    json_object_set_new(all, "cells", json_integer((json_int_t)nall));
    json_object_set_new(all, "other_cells", others);
    json_object_set_new(all, "resolved", json_integer((json_int_t)ga.resolved));
    json_object_set_new(all, "calibrated", agree(ga.cal_judged, ga.cal_agree, ga.cal_dist));
    json_object_set_new(all, "at_state", agree(ga.state_judged, ga.state_agree, ga.state_dist));
    json_object_set_new(o, "all_cells", all);
    /* Given the host's state, the checked batches at the check's (pk_paired_apply at_state). */
    if (in->hs && in->hs->have && pk_paired_have_state(in->paired, in->npaired)) {
        size_t sj, sexact = pk_paired_cross_exact(&in->hs->pooled, &sj);
        json_object_set_new(o, "crossovers_judged_given_state", json_integer((json_int_t)sj));
        json_object_set_new(o, "crossovers_exact_given_state", json_integer((json_int_t)sexact));
    } else {
        json_object_set_new(o, "crossovers_judged_given_state", json_null());
        json_object_set_new(o, "crossovers_exact_given_state", json_null());
    }
    return o;
}

/* A gate's verdict: pass, or fail (inconclusive when doubt is not empty: report.h); a value
 * not above its limit passes, as report.md's line does (report.c). */
static json_t *gate(const char *name, double limit, double value, const char *doubt)
{
    json_t *o = json_object();
    json_object_set_new(o, "gate", json_string(name));
    json_object_set_new(o, "limit", json_real(limit));
    json_object_set_new(o, "value", num(value));
    json_object_set_new(o, "verdict", json_string(!(value > limit) ? "pass" : doubt[0] ? "inconclusive" : "fail"));
    return o;
}

/* Every gate that was asked for, its limit, the figure it judged (the worst one) and its verdict;
 * the MAPE gate is inconclusive, not failed, when the host's state explains each of its failing
 * lines (pk_gates_host_state). */
static json_t *gates(const pk_gates *g, const pk_cmp_result *r, const pk_gate_result *gr)
{
    const char *doubt = gr->doubt;
    json_t *a = json_array();
    if (g->has_mape) {
        double worst = 0;
        int failing = 0;
        for (int s = 0; s < PK_STRAT_COUNT; s++)
            if (r->per_strategy[s].n)
                worst = fmax(worst, r->per_strategy[s].mape_pct);
        for (int i = 0; i < gr->n; i++)
            failing += gr->mape_strategy[i] && gr->verdict[i] == PK_GATE_FAIL;
        json_array_append_new(a, gate("max-mape", g->mape, worst, doubt[0] || failing ? doubt : gr->state_doubt));
    }
    if (g->has_aggregate)
        json_array_append_new(a, gate("max-aggregate", g->aggregate, r->overall.aggregate * 100, doubt));
    if (g->has_cross) {
        uint64_t item;
        json_array_append_new(a, gate("max-crossover-error", (double)g->cross,
                                      (double)pk_report_worst_crossover(r, &item), doubt));
    }
    const int has[PK_POL_COUNT] = {g->has_seed_regret, g->has_regret, g->has_overlap_regret};
    const double limit[PK_POL_COUNT] = {g->seed_regret, g->regret, g->overlap_regret};
    static const char *const name[PK_POL_COUNT] = {"max-seed-regret", "max-regret", "max-overlap-regret"};
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (has[p])
            json_array_append_new(a, gate(name[p], limit[p], r->policy[p].regret_pct, doubt));
    return a;
}

/* With paired (a paired check was read) each also carries the check's fields. */
static json_t *crossovers(const pk_cmp_result *r, int paired)
{
    static const char *const pol[PK_POL_COUNT] = {"seed", "simulator_policy", "overlap_policy"};
    json_t *a = json_array();
    for (size_t i = 0; i < r->ncross; i++) {
        const pk_cmp_cross *c = &r->cross[i];
        json_t *o = json_object();
        json_object_set_new(o, "item_ns", json_integer((json_int_t)c->item_ns));
        json_object_set_new(o, "grid", json_integer(c->grid));
        json_object_set_new(o, "block", json_integer(c->block));
        json_object_set_new(o, "measured", batch(c->measured, 1));
        json_object_set_new(o, "simulated", batch(c->predicted, c->have_predicted));
        for (int p = 0; p < PK_POL_COUNT; p++)
            json_object_set_new(o, pol[p], batch(c->policy[p], c->have_policy[p]));
        json_object_set_new(o, "error_steps",
                            c->have_predicted ? json_integer((json_int_t)c->error_steps) : json_null());
        double m;
        uint64_t at;
        int overlap;
        int miss = pk_cmp_cross_margin(r, c, &m, &at, &overlap);
        json_object_set_new(o, "measured_margin_pct", miss ? num(100 * m) : json_null());
        json_object_set_new(o, "measured_margin_batch", miss ? json_integer((json_int_t)at) : json_null());
        json_object_set_new(o, "iqr_overlap", miss ? json_boolean(overlap) : json_null());
        /* With the crossovers' paired check (paired.h): the measured crossover again, its
         * checked batches' winners from the check where it resolved them. */
        if (paired) {
            json_object_set_new(o, "paired_checked", json_integer((json_int_t)c->paired_checked));
            json_object_set_new(o, "paired_resolved", json_integer((json_int_t)c->paired_resolved));
            json_object_set_new(o, "measured_paired", batch(c->measured_paired, 1));
            json_object_set_new(o, "error_steps_paired", c->have_predicted
                                                              ? json_integer((json_int_t)c->error_steps_paired)
                                                              : json_null());
        }
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *policies(const pk_cmp_result *r)
{
    static const char *const name[PK_POL_COUNT] = {"seed", "simulator", "overlap"};
    json_t *o = json_object();
    for (int p = 0; p < PK_POL_COUNT; p++) {
        const pk_cmp_policy_sum *s = &r->policy[p];
        json_t *x = json_object();
        json_object_set_new(x, "available", json_boolean(s->available));
        json_object_set_new(x, "regret_pct", s->available ? num(s->regret_pct) : json_null());
        json_object_set_new(x, "losing_cells", s->available ? json_integer((json_int_t)s->losing_cells) : json_null());
        json_object_set_new(o, name[p], x);
    }
    return o;
}

int pk_report_write_json(FILE *f, const pk_report_inputs *in, const pk_cmp_result *r)
{
    char dev[256];
    pk_cmp_device_label(in->meas, dev, sizeof dev);
    json_t *root = json_object(), *per = json_object();
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            json_object_set_new(per, pk_strategy_names[s], err_stats(&r->per_strategy[s]));
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "kind", json_string("pkbench-compare"));
    json_object_set_new(root, "measured", json_string(in->measured_dir));
    json_object_set_new(root, "device", json_string(dev));
    json_object_set_new(root, "cpu_analogue", json_boolean(pk_cmp_is_cpu_analogue(in->meas)));
    json_object_set_new(root, "params", in->params_path ? json_string(in->params_path) : json_null());
    json_object_set_new(root, "points_measured", json_integer((json_int_t)r->npts));
    json_object_set_new(root, "points_joined", json_integer((json_int_t)r->matched));
    const pk_gate_result *gr = in->gr;
    /* The counts are of the gates listed, one per flag: the report's lines may be more (one per
     * strategy over --max-mape). */
    json_t *ga = gates(in->gates, r, gr);
    json_int_t failed = 0, inconclusive = 0;
    size_t gi;
    json_t *gv;
    json_array_foreach(ga, gi, gv) {
        const char *v = json_string_value(json_object_get(gv, "verdict"));
        failed += strcmp(v, "fail") == 0;
        inconclusive += strcmp(v, "inconclusive") == 0;
    }
    json_object_set_new(root, "gates", ga);
    json_object_set_new(root, "gates_failed", json_integer(failed));
    json_object_set_new(root, "gates_inconclusive", json_integer(inconclusive));
    json_object_set_new(root, "doubt", gr->doubt[0]         ? json_string(gr->doubt)
                                       : gr->state_doubt[0] ? json_string(gr->state_doubt)
                                                            : json_null());
    json_object_set_new(root, "verdict", json_string(failed ? "fail" : inconclusive ? "inconclusive" : "pass"));
    json_object_set_new(root, "accuracy", err_stats(&r->overall));
    json_object_set_new(root, "per_strategy", per);
    json_object_set_new(root, "crossovers", crossovers(r, in->paired_path != NULL));
    json_object_set_new(root, "policies", policies(r));
    json_object_set_new(root, "per_pass", passes_json(in->passes, in->npasses));
    json_object_set_new(root, "host_state", host_state(in));
    json_object_set_new(root, "paired_check", paired_check(in, r));
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 && fputc('\n', f) != EOF ? PK_OK
                                                                                                        : PK_EIO;
    json_decref(root);
    return rc;
}
