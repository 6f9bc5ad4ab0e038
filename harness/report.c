/* report.md, errors.csv, decisions.csv and the CI gates of `pkbench compare` (see report.h). */
#include "harness/report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "common/gzin.h"
#include "harness/outfiles.h"

#define DUR(buf, ns) pk_duration_format(buf, sizeof buf, ns, PK_DURATION_FIXED) /* fixed decimals: columns line up */

const char *pk_report_pct(char *buf, size_t len, double pct)
{
    if (!isfinite(pct))
        snprintf(buf, len, "–");
    else if (pct != 0 && fabs(pct) < 1e-4) /* two significant digits, never an exponent */
        snprintf(buf, len, "%.*f%%", (int)fmin(12, ceil(-log10(fabs(pct))) + 1), pct);
    else if (pct != 0 && fabs(pct) < 0.1)
        snprintf(buf, len, "%#.2g%%", pct); /* "0.020%", not "0.02%" */
    else if (fabs(pct) >= 1e9) /* whole digits would not fit a short buffer */
        snprintf(buf, len, "%.3g%%", pct);
    else
        snprintf(buf, len, "%.2f%%", pct);
    return buf;
}

static const char *fmt_r(char *buf, size_t len, double r)
{
    if (!isfinite(r))
        snprintf(buf, len, "–");
    else
        snprintf(buf, len, "%.4f", r);
    return buf;
}

const char *pk_report_fmt_batch(char *buf, size_t len, uint64_t b, size_t idx, size_t n)
{
    if (idx >= n)
        snprintf(buf, len, "never");
    else
        snprintf(buf, len, "%" PRIu64, b);
    return buf;
}

/* Writes the finite values as %.10g cells, a missing one as an empty cell. */
static void put_cells(FILE *o, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        fputc(',', o);
        if (isfinite(v[k]))
            fprintf(o, "%.10g", v[k]);
    }
}

void pk_report_write_errors(FILE *o, const pk_cmp_result *r, const pk_hoststate *hs)
{
    fprintf(o, "strategy,item_ns,batch,grid,block,measured_ns,measured_p25_ns,measured_p75_ns,predicted_ns,"
               "measured_savings_ns,predicted_savings_ns,rel_err,abs_err_ns,state_predicted_ns,state_rel_err\n");
    for (size_t i = 0; i < r->npts; i++) {
        const pk_cmp_point *p = &r->pts[i], *q = NULL;
        if (hs && hs->have && i < hs->pooled.npts && pk_point_equal(&hs->pooled.pts[i].key, &p->key))
            q = &hs->pooled.pts[i]; /* both judge the same rows, so mostly in the same order */
        else
            q = pk_hoststate_point(hs, &p->key);
        fprintf(o, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u", pk_strategy_names[p->key.strategy], p->key.item_ns, p->key.batch,
                p->key.grid, p->key.block);
        const double v[] = {p->m_ns,   p->m_p25,   p->m_p75,  p->p_ns, p->m_save, p->p_save,
                            p->rel_err, p->abs_err, q ? q->p_ns : NAN, q ? q->rel_err : NAN};
        put_cells(o, v, sizeof v / sizeof v[0]);
        fputc('\n', o);
    }
}

void pk_report_write_decisions(FILE *o, const pk_cmp_result *r)
{
    fprintf(o, "item_ns,batch,grid,block,measured_standard_ns,measured_persistent_ns,predicted_standard_ns,"
               "predicted_persistent_ns,best");
    for (int p = 0; p < PK_POL_COUNT; p++)
        fprintf(o, ",%s_choice,%s_loss_ns", pk_cmp_policy_names[p], pk_cmp_policy_names[p]);
    fputc('\n', o);
    for (size_t i = 0; i < r->ncells; i++) {
        const pk_cmp_cell *c = &r->cells[i];
        fprintf(o, "%" PRIu64 ",%" PRIu64 ",%u,%u", c->key.item_ns, c->key.batch, c->key.grid, c->key.block);
        const double v[] = {c->m_std, c->m_pers, c->p_std, c->p_pers};
        put_cells(o, v, 4);
        fprintf(o, ",%s", c->best ? "persistent" : "standard");
        for (int p = 0; p < PK_POL_COUNT; p++) {
            if (c->choice[p] < 0)
                fprintf(o, ",,");
            else
                fprintf(o, ",%s,%.10g", c->choice[p] ? "persistent" : "standard", c->loss[p]);
        }
        fputc('\n', o);
    }
}

/* ---- gates ---- */

int pk_gates_any(const pk_gates *g)
{
    return g->has_mape || g->has_aggregate || g->has_cross || g->has_regret || g->has_seed_regret ||
           g->has_overlap_regret;
}

size_t pk_report_worst_crossover(const pk_cmp_result *r, uint64_t *item)
{
    size_t worst = 0;
    *item = 0;
    for (size_t i = 0; i < r->ncross; i++)
        if (r->cross[i].have_predicted && r->cross[i].error_steps > worst) {
            worst = r->cross[i].error_steps;
            *item = r->cross[i].item_ns;
        }
    return worst;
}

const char *const pk_gate_verdict_names[3] = {"pass", "fail", "inconclusive"};

/* Adds one verdict line; returns its index, or -1 when the lines are full. */
static int verdict(pk_gate_result *out, int fails, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int verdict(pk_gate_result *out, int fails, const char *fmt, ...)
{
    if (out->n >= (int)(sizeof out->line / sizeof out->line[0]))
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->line[out->n], sizeof out->line[0], fmt, ap);
    va_end(ap);
    pk_gate_verdict v = !fails ? PK_GATE_PASS : out->doubt[0] ? PK_GATE_INCONCLUSIVE : PK_GATE_FAIL;
    out->verdict[out->n++] = v;
    out->failed += v == PK_GATE_FAIL;
    out->inconclusive += v == PK_GATE_INCONCLUSIVE;
    return out->n - 1;
}

static void check_mape(const pk_cmp_result *r, const pk_gates *g, pk_gate_result *out)
{
    char a[32];
    int worst = -1, failed = 0;
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        if (!r->per_strategy[s].n)
            continue;
        if (r->per_strategy[s].mape_pct > g->mape) {
            failed++;
            const int i = verdict(out, 1, "MAPE of %s is %s, above --max-mape %g%%", pk_strategy_names[s],
                                  pk_report_pct(a, sizeof a, r->per_strategy[s].mape_pct), g->mape);
            if (i >= 0)
                out->mape_strategy[i] = s + 1;
        } else if (worst < 0 || r->per_strategy[s].mape_pct > r->per_strategy[worst].mape_pct) {
            worst = s;
        }
    }
    if (!failed && worst >= 0)
        verdict(out, 0, "MAPE of every strategy is within --max-mape %g%% (largest: %s, %s)", g->mape,
                pk_strategy_names[worst], pk_report_pct(a, sizeof a, r->per_strategy[worst].mape_pct));
}

void pk_gates_check(const pk_cmp_result *r, const pk_gates *g, const char *doubt, pk_gate_result *out)
{
    static const char *const who[PK_POL_COUNT] = {"seed", "simulator", "overlap-aware"};
    static const char *const flag[PK_POL_COUNT] = {"--max-seed-regret", "--max-regret", "--max-overlap-regret"};
    const int has[PK_POL_COUNT] = {g->has_seed_regret, g->has_regret, g->has_overlap_regret};
    const double limit[PK_POL_COUNT] = {g->seed_regret, g->regret, g->overlap_regret};
    static const int order[PK_POL_COUNT] = {PK_POL_SIM, PK_POL_SEED, PK_POL_OVERLAP};
    char a[32];
    memset(out, 0, sizeof *out);
    snprintf(out->doubt, sizeof out->doubt, "%s", doubt ? doubt : "");
    if (g->has_mape)
        check_mape(r, g, out);
    if (g->has_aggregate) {
        int fails = r->overall.aggregate * 100 > g->aggregate;
        verdict(out, fails, "aggregate error is %s, %s --max-aggregate %g%%",
                pk_report_pct(a, sizeof a, r->overall.aggregate * 100), fails ? "above" : "within", g->aggregate);
    }
    uint64_t item;
    size_t worst = pk_report_worst_crossover(r, &item);
    if (g->has_cross && worst > g->cross)
        verdict(out, 1, "simulator crossover is %zu grid step%s off at item_ns=%" PRIu64
                ", above --max-crossover-error %" PRIu64, worst, worst == 1 ? "" : "s", item, g->cross);
    else if (g->has_cross)
        verdict(out, 0, "simulator crossovers are at most %zu grid step%s off, within --max-crossover-error %" PRIu64,
                worst, worst == 1 ? "" : "s", g->cross);
    for (int k = 0; k < PK_POL_COUNT; k++) {
        int p = order[k], fails = r->policy[p].regret_pct > limit[p];
        if (has[p])
            verdict(out, fails, "%s policy regret is %s of the oracle total, %s %s %g%%", who[p],
                    pk_report_pct(a, sizeof a, r->policy[p].regret_pct), fails ? "above" : "within", flag[p],
                    limit[p]);
    }
}

const char *pk_gate_verdict_text(const pk_gate_result *gr, int i, char *buf, size_t len)
{
    if (gr->verdict[i] == PK_GATE_INCONCLUSIVE)
        snprintf(buf, len, "inconclusive (%s)", gr->doubt[0] ? gr->doubt : gr->state_doubt);
    else
        snprintf(buf, len, "%s", pk_gate_verdict_names[gr->verdict[i]]);
    return buf;
}

/* ---- report.md, section by section ---- */

/* Where the parameters were measured, when their context says: pinning, machine noise around
 * the loop, the calibration's own checks. */
static void md_machine(FILE *o, const pk_report_inputs *in)
{
    static const char *const keys[] = {"pinning", "noise_before", "noise_after", "noise_probe", "launch_host_runs",
                                       "kernel_gap_check", NULL};
    int any = 0;
    for (int i = 0; in->params && keys[i]; i++) {
        const char *v = pk_context_get(&in->params->context, keys[i]);
        if (!v)
            continue;
        if (!any++)
            fprintf(o, "\n## Machine\n\nFrom the parameters' context (`pkbench run` probes the machine's noise before "
                       "and after its loop).\n\n");
        fprintf(o, "- %s: %s\n", keys[i], v);
    }
}

static void md_header(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    static const char *const keys[] = {"device_name",     "device_sm_count", "device_sm_clock_max_mhz",
                                       "driver_version",  "runtime_version", "cpu_model",
                                       "cpu_cores",       "pkbench_version", "git_commit",
                                       NULL};
    const pk_table *meas = in->meas;
    const pk_params *params = in->params;
    char dev[256];
    pk_cmp_device_label(meas, dev, sizeof dev);
    fprintf(o, "# pkbench compare: %s\n\n", dev);
    if (pk_cmp_is_cpu_analogue(meas))
        fprintf(o, "> **CPU analogue.** These results come from the host backend (a worker thread standing in "
                   "for a GPU). They show the same trade-off on a CPU and are never GPU figures.\n\n");
    /* The file read: measured.csv, or its partial form, or either stored gzipped. */
    char mpath[PK_PATH_MAX], used[PK_PATH_MAX];
    pk_path_fmt(mpath, sizeof mpath, "%s/%s", in->measured_dir,
                meas->partial ? "measured.partial.csv" : "measured.csv");
    char shown[PK_PATH_MAX];
    fprintf(o, "- measured: `%s` (%zu points%s)\n",
            pk_path_shown(pk_gzin_which(mpath, used, sizeof used) ? used : mpath, shown, sizeof shown), meas->n,
            meas->partial ? ", **partial run**" : "");
    fprintf(o, "- predicted: %s\n", in->pred_desc);
    if (params)
        fprintf(o, "- parameters: `%s` (%s, %s); seed policy uses h = launch_host_ns = %" PRIu64
                   " ns and S = persistent_setup_ns = %" PRIu64 " ns (rounded to integers)\n",
                pk_path_shown(in->params_path, shown, sizeof shown),
                params->device[0] ? params->device : "unknown device",
                params->source[0] ? params->source : "unknown source", r->seed_h, r->seed_s);
    else
        fprintf(o, "- parameters: none given, so neither the seed nor the overlap-aware policy is judged\n");
    if (params && meas->n && pk_cmp_params_foreign(params, meas))
        fprintf(o, "\n> **Warning:** the parameters come from %s (%s), the measurements from %s: the model is not "
                   "fed this machine's costs.\n\n",
                params->device[0] ? params->device : "an unknown device",
                params->backend[0] ? params->backend : "unknown backend", dev);
    fprintf(o, "- joined %zu of %zu measured points with a prediction; %zu predicted points have no measurement\n",
            r->matched, r->npts, r->unmatched_predicted);
    for (int i = 0; keys[i]; i++) {
        const char *v = pk_context_get(&meas->context, keys[i]);
        if (v)
            fprintf(o, "- measured context %s: %s\n", keys[i], v);
    }
    fprintf(o, "\n## Gates\n\n");
    const pk_gate_result *gr = in->gr;
    if (!pk_gates_any(in->gates))
        fprintf(o, "No gate was set (see `pkbench compare --help`).\n");
    else if (gr->failed == 0 && gr->inconclusive == 0)
        fprintf(o, "All gates pass.\n\n");
    else if (gr->inconclusive)
        fprintf(o, "%s is **inconclusive** here, not failed: %s.\n\n",
                gr->doubt[0] ? "A gate that would fail" : "A MAPE that would fail",
                gr->doubt[0] ? gr->doubt : gr->state_doubt);
    static const char *const mark[] = {"pass:", "**FAIL**:", "**inconclusive**:"};
    for (int i = 0; i < gr->n; i++)
        fprintf(o, "- %s %s\n", mark[gr->verdict[i]], gr->line[i]);
    md_machine(o, in);
}

static void md_accuracy(FILE *o, const pk_cmp_result *r)
{
    char a[48], b[48], c[48], d[48], e[48], h[48];
    fprintf(o, "\n## Accuracy of the total time per strategy\n\n"
               "Relative error is (predicted − measured) / measured; bias is its mean (positive: the "
               "model predicts too slow).\n\n"
               "| strategy | points | MAPE | aggregate Σ\\|p−m\\|/Σm | bias | Pearson r | Spearman r | within ±10%% |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        const pk_err_stats *st = &r->per_strategy[s];
        if (st->n == 0)
            continue;
        double bias = 0;
        for (size_t i = 0; i < r->npts; i++)
            if (isfinite(r->pts[i].rel_err) && (int)r->pts[i].key.strategy == s)
                bias += r->pts[i].rel_err;
        bias = 100 * bias / (double)st->n;
        fprintf(o, "| %s | %zu | %s | %s | %s | %s | %s | %s |\n", pk_strategy_names[s], st->n,
                pk_report_pct(a, sizeof a, st->mape_pct), pk_report_pct(b, sizeof b, st->aggregate * 100),
                pk_report_pct(c, sizeof c, bias), fmt_r(d, sizeof d, st->pearson), fmt_r(e, sizeof e, st->spearman),
                pk_report_pct(h, sizeof h, st->within10 * 100));
    }
    const pk_err_stats *st = &r->overall;
    fprintf(o, "| **all** | %zu | %s | %s | | %s | %s | %s |\n", st->n, pk_report_pct(a, sizeof a, st->mape_pct),
            pk_report_pct(b, sizeof b, st->aggregate * 100), fmt_r(d, sizeof d, st->pearson),
            fmt_r(e, sizeof e, st->spearman), pk_report_pct(h, sizeof h, st->within10 * 100));
}

/* Each pass of a sweep with --replicates alone against the same prediction. */
static void md_passes(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    char a[48];
    fprintf(o, "\n### Pass by pass\n\n"
               "The sweep made %zu interleaved passes; the table above judges their pooled medians. Here each "
               "pass's own medians are judged alone against the same prediction: a miss that stays in "
               "every pass is the model's, one that comes and goes is the machine's (a slow period of "
               "the host while that pass ran).\n\n| pass | points |",
            in->npasses);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            fprintf(o, " %s |", pk_strategy_names[s]);
    fprintf(o, " all | crossovers exact |\n| ---: | ---: |");
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            fprintf(o, " ---: |");
    fprintf(o, " ---: | ---: |\n");
    for (size_t k = 0; k < in->npasses; k++) {
        const pk_cmp_pass *p = &in->passes[k];
        fprintf(o, "| %u | %zu |", p->pass, p->matched);
        for (int s = 0; s < PK_STRAT_COUNT; s++)
            if (r->per_strategy[s].n)
                fprintf(o, " %s |",
                        p->per_strategy[s].n ? pk_report_pct(a, sizeof a, p->per_strategy[s].mape_pct) : "–");
        fprintf(o, " %s | %zu of %zu |\n", pk_report_pct(a, sizeof a, p->overall.mape_pct), p->cross_exact,
                p->cross_judged);
    }
}

static int by_abs_rel_err(const void *a, const void *b)
{
    const pk_cmp_point *x = *(pk_cmp_point *const *)a, *y = *(pk_cmp_point *const *)b;
    double ex = isfinite(x->rel_err) ? fabs(x->rel_err) : -1, ey = isfinite(y->rel_err) ? fabs(y->rel_err) : -1;
    return (ex < ey) - (ex > ey);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The smallest cap item durations of the joined points, ascending; returns how many there are in
 * all (0 when out of memory). */
static size_t item_durations(const pk_cmp_result *r, uint64_t *items, size_t cap)
{
    uint64_t *all = malloc((r->npts ? r->npts : 1) * sizeof *all);
    size_t n = 0;
    if (!all)
        return 0;
    for (size_t i = 0; i < r->npts; i++)
        all[i] = r->pts[i].key.item_ns;
    qsort(all, r->npts, sizeof *all, cmp_u64);
    for (size_t i = 0; i < r->npts; i++)
        if (i == 0 || all[i] != all[i - 1]) {
            if (n < cap)
                items[n] = all[i];
            n++;
        }
    free(all);
    return n;
}

/* MAPE per strategy and item duration, then the worst points. */
static void md_misses(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    char a[48], b[48], c[48];
    uint64_t items[64];
    const size_t all = item_durations(r, items, 64), nitems = all < 64 ? all : 64;
    fprintf(o, "\n## Where the model misses\n\nMAPE per strategy (rows) and item duration (columns");
    if (all > nitems) /* a table of every one would not be read: the smallest, said */
        fprintf(o, "; the smallest %zu of %zu item durations", nitems, all);
    fprintf(o, "):\n\n| strategy |");
    for (size_t k = 0; k < nitems; k++)
        fprintf(o, " %s |", DUR(a, (double)items[k]));
    fprintf(o, "\n| --- |");
    for (size_t k = 0; k < nitems; k++)
        fprintf(o, " ---: |");
    fputc('\n', o);
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        if (!r->per_strategy[s].n)
            continue;
        fprintf(o, "| %s |", pk_strategy_names[s]);
        for (size_t k = 0; k < nitems; k++) {
            double sum = 0;
            size_t n = 0;
            for (size_t i = 0; i < r->npts; i++)
                if ((int)r->pts[i].key.strategy == s && r->pts[i].key.item_ns == items[k] &&
                    isfinite(r->pts[i].rel_err)) {
                    sum += fabs(r->pts[i].rel_err);
                    n++;
                }
            fprintf(o, " %s |", n ? pk_report_pct(a, sizeof a, 100 * sum / (double)n) : "–");
        }
        fputc('\n', o);
    }
    const pk_cmp_point **worst = malloc(r->npts * sizeof *worst);
    if (!worst)
        return;
    for (size_t i = 0; i < r->npts; i++)
        worst[i] = &r->pts[i];
    qsort(worst, r->npts, sizeof *worst, by_abs_rel_err);
    const int by_pass = in->npasses > 0 && in->meas, by_state = in->hs && in->hs->have;
    fprintf(o, "\nThe %d points with the largest relative error%s%s:\n\n"
               "| strategy | item | batch | grid×block | measured | predicted | error |%s%s\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: |%s%s\n",
            (int)(r->matched < 15 ? r->matched : 15),
            by_pass ? " (error per pass: the same prediction against each pass's own median, pass 1 first; "
                      "a miss in some passes only is the machine's)"
                    : "",
            by_state ? " (given the host's state: the error of the model in the state the canary measured, "
                       "below; the canary's runs beside the point, least / median / most: a wide spread is the "
                       "host's state moving under the point)"
                     : "",
            by_pass ? " error per pass |" : "", by_state ? " given the host's state | canary |" : "",
            by_pass ? " ---: |" : "", by_state ? " ---: | ---: |" : "");
    for (size_t i = 0; i < r->npts && i < 15 && isfinite(worst[i]->rel_err); i++) {
        const pk_cmp_point *p = worst[i];
        fprintf(o, "| %s | %s | %" PRIu64 " | %u×%u | %s | %s | %+.1f%% |", pk_strategy_names[p->key.strategy],
                DUR(a, (double)p->key.item_ns), p->key.batch, p->key.grid, p->key.block, DUR(b, p->m_ns),
                DUR(c, p->p_ns), 100 * p->rel_err);
        for (size_t k = 0; by_pass && k < in->npasses; k++) {
            const pk_row *pr = pk_table_find_pass(in->meas, &p->key, in->passes[k].pass);
            fputs(k ? " / " : " ", o);
            if (pr && pr->wall_ns > 0)
                fprintf(o, "%+.1f%%", 100 * (p->p_ns - pr->wall_ns) / pr->wall_ns);
            else
                fputs("–", o);
        }
        if (by_pass)
            fputs(" |", o);
        if (by_state) {
            double e = pk_hoststate_err(in->hs, &p->key);
            if (isfinite(e))
                fprintf(o, " %+.1f%% |", 100 * e);
            else
                fputs(" – |", o);
            pk_report_md_canary_cell(o, in->meas ? pk_table_find(in->meas, &p->key) : NULL);
        }
        fputc('\n', o);
    }
    free(worst);
}

/* The measured margin where the simulator's crossover x misses (pk_cmp_cross_margin), or "–". */
static const char *cross_margin(char *buf, size_t len, const pk_cmp_result *r, const pk_cmp_cross *x)
{
    double m;
    uint64_t at;
    int overlap;
    if (pk_cmp_cross_margin(r, x, &m, &at, &overlap))
        snprintf(buf, len, "%+.1f%% at %" PRIu64 "%s", 100 * m, at, overlap ? ", IQRs overlap" : "");
    else
        snprintf(buf, len, "–");
    return buf;
}

static void md_crossover(FILE *o, const pk_cmp_result *r)
{
    char a[48], b[48], c[48], d[48], e[48];
    int overlap = r->policy[PK_POL_OVERLAP].available;
    fprintf(o, "\n## Crossover: the smallest batch from which persistent beats standard for good\n\n");
    if (r->ncross == 0) {
        fprintf(o, "No batch has both standard and persistent measured, so there is no crossover.\n");
        return;
    }
    fprintf(o, "On the measured batch grid; \"never\" means persistent does not win at the largest batch. "
               "Error is in grid steps (a factor of two on a power-of-two grid). Where the simulator misses, "
               "the measured margin is persistent against standard at the batches between its crossover and "
               "the measured one (the largest; \"IQRs overlap\": at each of them the measurement does not "
               "resolve the two).\n\n"
               "| item | grid×block | batches | measured | simulator | error (steps) | measured margin | "
               "seed policy |%s\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%s\n",
            overlap ? " overlap-aware policy |" : "", overlap ? " ---: |" : "");
    for (size_t i = 0; i < r->ncross; i++) {
        const pk_cmp_cross *x = &r->cross[i];
        char err_s[32];
        if (x->have_predicted)
            snprintf(err_s, sizeof err_s, "%zu", x->error_steps);
        else
            snprintf(err_s, sizeof err_s, "–");
        char margin[64];
        fprintf(o, "| %s | %u×%u | %zu | %s | %s | %s | %s | %s |", DUR(a, (double)x->item_ns), x->grid, x->block,
                x->nbatch, pk_report_fmt_batch(b, sizeof b, x->measured, x->idx_measured, x->nbatch),
                x->have_predicted ? pk_report_fmt_batch(c, sizeof c, x->predicted, x->idx_predicted, x->nbatch) : "–",
                err_s, cross_margin(margin, sizeof margin, r, x),
                x->have_policy[PK_POL_SEED]
                    ? pk_report_fmt_batch(d, sizeof d, x->policy[PK_POL_SEED], x->idx_policy[PK_POL_SEED], x->nbatch)
                    : "–");
        if (overlap)
            fprintf(o, " %s |",
                    x->have_policy[PK_POL_OVERLAP]
                        ? pk_report_fmt_batch(e, sizeof e, x->policy[PK_POL_OVERLAP], x->idx_policy[PK_POL_OVERLAP],
                                              x->nbatch)
                        : "–");
        fputc('\n', o);
    }
}

void pk_report_write_md(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    md_header(o, in, r);
    md_accuracy(o, r);
    if (in->npasses && r->matched)
        md_passes(o, in, r);
    if (r->matched)
        md_misses(o, in, r);
    if (r->matched && in->hs && in->hs->have)
        pk_report_md_hoststate(o, in, r);
    md_crossover(o, r);
    if (in->paired_path)
        pk_report_md_paired(o, in, r);
    pk_report_md_regret(o, r);
    fprintf(o, "\nPer-point errors: `errors.csv`; per-cell decisions and losses: `decisions.csv`, beside this "
               "report.\n");
}

int pk_report_write_all(pk_resultdir *rd, const char *out, const pk_report_inputs *in, const pk_cmp_result *r,
                        const pk_table *sim, const char *pred_path, char *err, size_t errlen)
{
    /* The prediction is OUT/predicted.csv: one of the set, replaced with the others or not at all. */
    static const char *const names[5] = {"errors.csv", "decisions.csv", "summary.json", "report.md", "predicted.csv"};
    static const char *const other[3] = {"verdicts.csv", "spread.csv", "predicted.csv"}; /* not this comparison's */
    char mine[PK_PATH_MAX]; /* an earlier simulated prediction goes, unless it is the --predicted file read */
    const int keep = sim || (pred_path && pk_path_join(mine, sizeof mine, out, "predicted.csv", NULL, 0) == PK_OK &&
                             pk_path_same(mine, pred_path));
    pk_outfiles f;
    int rc = pk_outfiles_open(&f, rd, out, names, sim ? 5 : 4, err, errlen);
    if (rc != PK_OK)
        return rc;
    pk_report_write_errors(pk_outfiles_fp(&f, 0), r, in->hs);
    pk_report_write_decisions(pk_outfiles_fp(&f, 1), r);
    rc = pk_report_write_json(pk_outfiles_fp(&f, 2), in, r);
    pk_report_write_md(pk_outfiles_fp(&f, 3), in, r);
    if (sim)
        pk_table_write_fp(pk_outfiles_fp(&f, 4), sim);
    if (rc != PK_OK) {
        pk_outfiles_cannot_write(&f, 2, err, errlen);
        pk_outfiles_abort(&f);
        return rc;
    }
    return pk_outfiles_commit(&f, other, keep ? 2 : 3, err, errlen);
}
