/* report.md's "Given the host's state" section (see report.h, hoststate.h). */
#include <math.h>
#include <stdio.h>

#include "common/duration.h"
#include "harness/hoststate.h"
#include "harness/report.h"

#define DUR(buf, ns) pk_duration_format(buf, sizeof buf, ns, PK_DURATION_FIXED)

/* Points off by more than 10%, from the share within it. */
static size_t over10(const pk_err_stats *st)
{
    return st->n && isfinite(st->within10) ? (size_t)llround((double)st->n * (1 - st->within10)) : 0;
}

/* One row of the host-state table: MAPE per strategy (those r has), all, over 10%, crossovers. */
static void md_hoststate_row(FILE *o, const char *label, size_t matched, const pk_err_stats *per,
                             const pk_err_stats *all, size_t cross_exact, size_t cross_judged, const pk_cmp_result *r)
{
    char a[48];
    fprintf(o, "| %s | %zu |", label, matched);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            fprintf(o, " %s |", per[s].n ? pk_report_pct(a, sizeof a, per[s].mape_pct) : "–");
    fprintf(o, " %s | %zu | %zu of %zu |\n", pk_report_pct(a, sizeof a, all->mape_pct), over10(all), cross_exact,
            cross_judged);
}

/* The points over 10% given the host's state, by the canary's spread beside them
 * (pk_hoststate_spread_split). */
static void md_spread(FILE *o, const pk_report_inputs *in)
{
    pk_hoststate_spread sp;
    pk_hoststate_spread_split(in->hs, in->meas, &sp);
    const size_t over = sp.steady_over + sp.moving_over + sp.unknown_over;
    if (!sp.steady && !sp.moving)
        return;
    fprintf(o, "\nThe canary's runs beside a point spread (most / least − 1) by %.0f%% or less at %zu points, "
               "%zu of them over 10%% given the host's state; by more at %zu, %zu of them over 10%%",
            100 * PK_CANARY_STEADY, sp.steady, sp.steady_over, sp.moving, sp.moving_over);
    if (sp.unknown)
        fprintf(o, "; %zu points have no spread, %zu of them over 10%%", sp.unknown, sp.unknown_over);
    fprintf(o, ".%s\n",
            sp.steady_over ? " Where the spread is small the state is known, and a miss there is the model's."
            : over && sp.moving_over == over
                ? " Every point over 10% came while the host's launch cost moved under the point by more than the "
                  "10% it is judged by: no one state describes those points."
                : "");
}

/* The model given the host's state (harness/hoststate.h), beside the calibrated model's figures. */
void pk_report_md_hoststate(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    const pk_hoststate *hs = in->hs;
    char a[48], b[48], c[48], d[48];
    fprintf(o, "\n## Given the host's state\n\n"
               "The sweep measured the host's launch cost beside every point (`--canary`: empty standard "
               "launches just before and just after it, host time per call). It ranged from %s to %s (median %s) "
               "against the calibrated h = %s, in %zu of %zu rows. Here each row is predicted with h set to its "
               "canary and every other launch call (h_b, the graph launch and one-node replay, the persistent "
               "setup) moved by the same difference; nothing else changes, and nothing is taken from the points "
               "themselves. The tables above are the calibrated model's, as they were.\n\n| | points |",
            DUR(a, hs->canary_min_ns), DUR(b, hs->canary_max_ns), DUR(c, hs->canary_median_ns), DUR(d, hs->h_ns),
            hs->rows_with, hs->rows);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            fprintf(o, " %s |", pk_strategy_names[s]);
    fprintf(o, " all | over 10%% | crossovers exact |\n| --- | ---: |");
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (r->per_strategy[s].n)
            fprintf(o, " ---: |");
    fprintf(o, " ---: | ---: | ---: |\n");
    size_t judged, exact = pk_cmp_cross_exact(r, &judged);
    md_hoststate_row(o, "calibrated h", r->matched, r->per_strategy, &r->overall, exact, judged, r);
    exact = pk_cmp_cross_exact(&hs->pooled, &judged);
    md_hoststate_row(o, hs->npasses ? "canary, pooled" : "canary", hs->pooled.matched, hs->pooled.per_strategy,
                     &hs->pooled.overall, exact, judged, r);
    for (size_t k = 0; k < hs->npasses; k++) {
        const pk_cmp_pass *p = &hs->passes[k];
        char label[48];
        snprintf(label, sizeof label, "canary, pass %u", p->pass);
        md_hoststate_row(o, label, p->matched, p->per_strategy, &p->overall, p->cross_exact, p->cross_judged, r);
    }
    if (hs->npasses)
        fprintf(o, "\nPooled: each point's summary row against the median of its passes' predictions, each in "
                   "its pass's state.\n");
    md_spread(o, in);
}

void pk_report_md_canary_cell(FILE *o, const pk_row *m)
{
    char a[48], b[48], c[48];
    if (!m || !isfinite(m->canary_host_ns))
        fputs(" – |", o);
    else if (isfinite(m->canary_host_ns_min) && isfinite(m->canary_host_ns_max))
        fprintf(o, " %s / %s / %s |", DUR(a, m->canary_host_ns_min), DUR(b, m->canary_host_ns),
                DUR(c, m->canary_host_ns_max));
    else
        fprintf(o, " %s |", DUR(b, m->canary_host_ns));
}
