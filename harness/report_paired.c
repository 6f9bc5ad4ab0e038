/* report.md's "Crossovers, paired check" section (see report.h, paired.h). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "common/duration.h"
#include "harness/report.h"

#define DUR(buf, ns) pk_duration_format(buf, sizeof buf, ns, PK_DURATION_FIXED)

/* The checked cells: ratio, interval and verdict. */
static void md_cells(FILE *o, const pk_report_inputs *in)
{
    char a[48];
    fprintf(o, "| item | grid×block | batch | pairs | persistent / standard | interval | faster |\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (size_t i = 0; i < in->npaired; i++) {
        const pk_paired *p = &in->paired[i];
        fprintf(o, "| %s | %u×%u | %" PRIu64 " | %zu | %.4f |", DUR(a, (double)p->key.item_ns), p->key.grid,
                p->key.block, p->key.batch, p->pairs, p->ratio);
        if (isfinite(p->lo))
            fprintf(o, " %.4f – %.4f |", p->lo, p->hi);
        else
            fprintf(o, " – (fewer than %d pairs) |", PK_PAIRED_MIN_PAIRS);
        fprintf(o, " %s |\n", p->verdict == 1 ? "persistent" : p->verdict == 0 ? "standard" : "unresolved");
    }
}

void pk_report_md_paired(FILE *o, const pk_report_inputs *in, const pk_cmp_result *r)
{
    char a[48], b[48], c[48], d[48], e[48];
    const pk_cmp_result *s = in->hs && in->hs->have ? &in->hs->pooled : NULL;
    fprintf(o, "\n## Crossovers, paired check\n\n"
               "Where standard's and persistent's measured IQRs overlapped, the two were measured again at "
               "those cells in alternating passes (`crosscheck/measured.csv` beside the sweep's): each pass "
               "runs standard, then persistent, so that "
               "each pass's ratio persistent / standard compares two runs that met one host state. The "
               "median ratio over the passes, a distribution-free interval for it of at least 95%% (sign "
               "test), and the faster of the two where the interval leaves 1 out:\n\n");
    md_cells(o, in);
    fprintf(o, "\nThe crossovers whose batches the check covered, measured again with each resolved batch's "
               "winner taken from the check%s:\n\n"
               "| item | grid×block | measured (medians) | measured (paired) | simulator | error (steps) |%s\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: |%s\n",
            s ? " (and the simulator given the host's state)" : "", s ? " given the host's state | error (steps) |" : "",
            s ? " ---: | ---: |" : "");
    for (size_t i = 0; i < r->ncross; i++) {
        const pk_cmp_cross *x = &r->cross[i];
        if (!x->paired_checked)
            continue;
        fprintf(o, "| %s | %u×%u | %s | %s | %s |", DUR(a, (double)x->item_ns), x->grid, x->block,
                pk_report_fmt_batch(b, sizeof b, x->measured, x->idx_measured, x->nbatch),
                pk_report_fmt_batch(c, sizeof c, x->measured_paired, x->idx_paired, x->nbatch),
                x->have_predicted ? pk_report_fmt_batch(d, sizeof d, x->predicted, x->idx_predicted, x->nbatch) : "–");
        if (x->have_predicted)
            fprintf(o, " %zu |", x->error_steps_paired);
        else
            fputs(" – |", o);
        const pk_cmp_cross *y = s && i < s->ncross ? &s->cross[i] : NULL;
        if (s && y && y->have_predicted)
            fprintf(o, " %s | %zu |", pk_report_fmt_batch(e, sizeof e, y->predicted, y->idx_predicted, y->nbatch),
                    y->error_steps_paired);
        else if (s)
            fputs(" – | – |", o);
        fputc('\n', o);
    }
    size_t judged, exact = pk_cmp_cross_exact(r, &judged), pexact = pk_paired_cross_exact(r, &judged);
    fprintf(o, "\nCrossovers exact: %zu of %zu with the check (%zu from the medians alone)", pexact, judged, exact);
    if (s) {
        exact = pk_cmp_cross_exact(s, &judged);
        pexact = pk_paired_cross_exact(s, &judged);
        fprintf(o, "; given the host's state, %zu of %zu (%zu)", pexact, judged, exact);
    }
    fputs(".\n", o);
}
