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
    char a[48], b[48], c[48], d[48];
    size_t covered = in->paired_tied < PK_PAIRED_MAX_CELLS ? in->paired_tied : PK_PAIRED_MAX_CELLS;
    fprintf(o, "\n## Crossovers, paired check\n\n"
               "At %zu cells the sweep's standard and persistent totals lay within each other's IQR: measured at "
               "different moments, in whatever state the host's launch call was in at each, which one wins there "
               "is a toss. `pkbench run` measured the two again at %s%zu of them (`crosscheck/` beside the sweep) "
               "in %d passes, standard first in one pass and persistent first in the next, so that each pass's "
               "ratio persistent / standard compares two runs that met one host state. The median ratio over "
               "the passes, a distribution-free interval for it of at least 95%% (sign test), and the faster of "
               "the two where the interval leaves 1 out:\n\n",
            in->paired_tied, covered < in->paired_tied ? "the first " : "", covered, PK_PAIRED_PASSES);
    md_cells(o, in);
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
    fprintf(o, "\nCrossovers exact: %zu of %zu with the check, %zu from the medians alone. The model given the host's "
               "state is not judged against the check: it puts each strategy at its own point's canary, the state "
               "the medians met, while the check gives both one.\n",
            pexact, judged, exact);
}
