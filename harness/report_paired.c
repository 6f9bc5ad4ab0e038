/* report.md's "Crossovers, paired check" section (see report.h, paired.h). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "common/duration.h"
#include "harness/report.h"

#define DUR(buf, ns) pk_duration_format(buf, sizeof buf, ns, PK_DURATION_FIXED)

/* A model's ratio as a cell: its value and the strategy it names, or "–". */
static void model_cell(FILE *o, double x)
{
    if (isfinite(x))
        fprintf(o, " %.4f (%s) |", x, x < 1 ? "persistent" : "standard");
    else
        fputs(" – |", o);
}

/* The checked cells v[0..n): ratio, interval and verdict, and the model's ratio beside (with model). */
static void md_cells(FILE *o, const pk_paired *v, size_t n, int model)
{
    char a[48];
    fprintf(o, "| item | grid×block | batch | pairs | persistent / standard | interval | faster |%s\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: | --- |%s\n",
            model ? " model, calibrated | model at the check's state |" : "", model ? " ---: | ---: |" : "");
    for (size_t i = 0; i < n; i++) {
        const pk_paired *p = &v[i];
        fprintf(o, "| %s | %u×%u | %" PRIu64 " | %zu | %.4f |", DUR(a, (double)p->key.item_ns), p->key.grid,
                p->key.block, p->key.batch, p->pairs, p->ratio);
        if (isfinite(p->lo))
            fprintf(o, " %.4f – %.4f |", p->lo, p->hi);
        else
            fprintf(o, " – (fewer than %d pairs) |", PK_PAIRED_MIN_PAIRS);
        fprintf(o, " %s |", p->verdict == 1 ? "persistent" : p->verdict == 0 ? "standard" : "unresolved");
        if (model) {
            model_cell(o, p->model_cal);
            model_cell(o, p->model_state);
        }
        fputc('\n', o);
    }
}

/* How the model agrees with the check (pk_paired_agreement), and the crossovers given the host's
 * state with the check's batches at the check's state. */
static void md_agreement(FILE *o, const pk_report_inputs *in)
{
    pk_paired_agree g;
    pk_paired_agreement(in->paired, in->npaired, &g);
    char a[32], b[32];
    fprintf(o,
            "\nThe model against the check: calibrated, it names the check's winner at %zu of the %zu cells the check "
            "resolved, and its ratio lies %s from the check's (the mean of 100 |ln(check / model)| over the checked "
            "cells).\n\n",
            g.cal_agree, g.cal_judged, pk_report_pct(a, sizeof a, g.cal_dist));
    if (!pk_paired_have_state(in->paired, in->npaired)) {
        fputs("At the check's own state it is not judged: the check's rows have no canary (a check made without "
              "`sweep --canary`).\n",
              o);
        return;
    }
    fprintf(o, "At the check's own state (each pass's two rows simulated at the launch cost their canaries met), it "
               "names the check's winner at %zu of %zu, and its ratio lies %s from the check's.\n",
            g.state_agree, g.state_judged, pk_report_pct(b, sizeof b, g.state_dist));
    if (in->hs && in->hs->have) {
        size_t judged, exact = pk_cmp_cross_exact(&in->hs->pooled, &judged), sj,
                       sexact = pk_paired_cross_exact(&in->hs->pooled, &sj);
        fprintf(o, "\nGiven the host's state, crossovers exact: %zu of %zu with the check (at each batch the check "
                   "resolved, the check's winner against the model's at the check's state; elsewhere the medians "
                   "against the model at the sweep's state), %zu from the medians alone.\n",
                sexact, sj, exact);
    }
}

/* The check's cells that do not tie in the sweep, where its sweep spanned the product of the tied
 * cells' axes (a check without a --benchmark_filter: harness/paired.h): no crossover needs them,
 * but each pass met one state there too, so they judge the model as the tied ones do. */
static void md_other_cells(FILE *o, const pk_report_inputs *in)
{
    if (in->npaired_all <= in->npaired)
        return;
    pk_paired_agree all;
    char a[32], b[32];
    pk_paired_agreement(in->paired, in->npaired_all, &all);
    fprintf(o, "\nThe check's sweep spans the product of the tied cells' axes, so it also measured %zu cell%s that "
               "%s not tie in the sweep:\n\n",
            in->npaired_all - in->npaired, in->npaired_all - in->npaired == 1 ? "" : "s",
            in->npaired_all - in->npaired == 1 ? "does" : "do");
    md_cells(o, in->paired + in->npaired, in->npaired_all - in->npaired, 1);
    fprintf(o,
            "\nOver all %zu cells the check measured, the check resolved %zu; calibrated, the model names the check's "
            "winner at %zu of %zu and lies %s from its ratio",
            in->npaired_all, all.resolved, all.cal_agree, all.cal_judged, pk_report_pct(a, sizeof a, all.cal_dist));
    if (pk_paired_have_state(in->paired, in->npaired_all))
        fprintf(o, "; at the check's state, at %zu of %zu and %s", all.state_agree, all.state_judged,
                pk_report_pct(b, sizeof b, all.state_dist));
    fputs(".\n", o);
}

void pk_report_md_paired(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    char a[48], b[48], c[48], d[48];
    size_t covered = in->paired_tied < PK_PAIRED_MAX_CELLS ? in->paired_tied : PK_PAIRED_MAX_CELLS;
    fprintf(o, "\n## Crossovers, paired check\n\n"
               "At %zu cells the sweep's standard and persistent totals lay within each other's IQR: measured at "
               "different moments, in whatever state the host's launch call was in at each, which one wins there "
               "is a toss. `pkbench run` measured the two again at %s%zu of them (`crosscheck/` beside the sweep) "
               "in %d passes, standard first in one pass and persistent first in the next, so that each pass's "
               "ratio persistent / standard compares two runs that met one host state. The median ratio over "
               "the passes, a distribution-free interval for it of at least 95%% (sign test, per cell: not adjusted "
               "for the number of cells, so where the two truly tie about one cell in twenty is resolved by chance), "
               "and the faster of the two where the interval leaves 1 out:\n\n",
            in->paired_tied, covered < in->paired_tied ? "the first " : "", covered, PK_PAIRED_PASSES);
    int model = 0;
    for (size_t i = 0; i < in->npaired; i++)
        model |= isfinite(in->paired[i].model_cal);
    md_cells(o, in->paired, in->npaired, model);
    fprintf(o, "\nThe crossovers with a checked cell, measured again with each resolved cell's winner taken from "
               "the check (the gates judge the medians'):\n\n"
               "| item | grid×block | checked (resolved) | measured (medians) | measured (paired) | simulator | error "
               "(steps) |\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < r->ncross; i++) {
        const pk_cmp_cross *x = &r->cross[i];
        if (!x->paired_checked)
            continue;
        fprintf(o, "| %s | %u×%u | %zu (%zu) | %s | %s | %s |", DUR(a, (double)x->item_ns), x->grid, x->block,
                x->paired_checked, x->paired_resolved,
                pk_report_fmt_batch(b, sizeof b, x->measured, x->idx_measured, x->nbatch),
                pk_report_fmt_batch(c, sizeof c, x->measured_paired, x->idx_paired, x->nbatch),
                x->have_predicted ? pk_report_fmt_batch(d, sizeof d, x->predicted, x->idx_predicted, x->nbatch) : "–");
        if (x->have_predicted)
            fprintf(o, " %zu |\n", x->error_steps_paired);
        else
            fputs(" – |\n", o);
    }
    size_t judged, exact = pk_cmp_cross_exact(r, &judged), pexact = pk_paired_cross_exact(r, &judged);
    fprintf(o, "\nCrossovers exact, calibrated: %zu of %zu with the check, %zu from the medians alone.\n", pexact,
            judged, exact);
    if (model) {
        md_agreement(o, in);
        md_other_cells(o, in);
    }
}
