/* report.md's "Policy regret" section (see report.h). */
#include <inttypes.h>
#include <stdio.h>

#include "common/duration.h"
#include "harness/report.h"

#define DUR(buf, ns) pk_duration_format(buf, sizeof buf, ns, PK_DURATION_FIXED)

/* The cells where some policy loses against the measured best. */
static void md_losing_cells(FILE *o, const pk_cmp_result *r)
{
    char a[48], b[48], c[48], d[48];
    fprintf(o, "\nCells where a policy loses (choice: S = standard, P = persistent):\n\n"
               "| item | batch | measured standard | measured persistent | best |");
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (r->policy[p].available)
            fprintf(o, " %s: choice, loss |", pk_cmp_policy_names[p]);
    fprintf(o, "\n| ---: | ---: | ---: | ---: | :-: |");
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (r->policy[p].available)
            fprintf(o, " ---: |");
    fputc('\n', o);
    for (size_t i = 0; i < r->ncells; i++) {
        const pk_cmp_cell *cl = &r->cells[i];
        int lose = 0;
        for (int p = 0; p < PK_POL_COUNT; p++)
            lose |= r->policy[p].available && cl->loss[p] > 0;
        if (!lose)
            continue;
        fprintf(o, "| %s | %" PRIu64 " | %s | %s | %s |", DUR(a, (double)cl->key.item_ns), cl->key.batch,
                DUR(b, cl->m_std), DUR(c, cl->m_pers), cl->best ? "P" : "S");
        for (int p = 0; p < PK_POL_COUNT; p++)
            if (r->policy[p].available)
                fprintf(o, " %s, %s |", cl->choice[p] ? "P" : "S", cl->loss[p] > 0 ? DUR(d, cl->loss[p]) : "0");
        fputc('\n', o);
    }
}

void pk_report_md_regret(FILE *o, const pk_cmp_result *r)
{
    char a[48], b[48], c[48];
    fputs("\n## Policy regret: time lost against the measured best of standard and persistent\n\n", o);
    if (r->ncells == 0) { /* as the crossovers say it */
        fputs("No cell has both standard and persistent measured, so there is no regret to judge.\n", o);
        return;
    }
    int judged = 0;
    for (int p = 0; p < PK_POL_COUNT; p++)
        judged |= r->policy[p].available;
    fprintf(o, "Oracle total (the faster of the two, summed over %zu cells): %s.\n\n", r->ncells, DUR(a, r->oracle_ns));
    if (!judged) { /* each policy lacks its choice at some cell (decisions.csv leaves it empty there) */
        fputs("No policy is judged: the seed and overlap-aware policies need parameters (--params), the simulator "
              "a prediction of both standard and persistent at every cell.\n",
              o);
        return;
    }
    fprintf(o, "| policy | cells lost | time lost | regret (%% of oracle) | worst cell (%% of its oracle) |\n"
               "| --- | ---: | ---: | ---: | ---: |\n");
    for (int p = 0; p < PK_POL_COUNT; p++) {
        const pk_cmp_policy_sum *ps = &r->policy[p];
        if (!ps->available)
            continue;
        fprintf(o, "| %s | %zu | %s | %s | %s |\n", pk_cmp_policy_names[p], ps->losing_cells, DUR(a, ps->loss_ns),
                pk_report_pct(b, sizeof b, ps->regret_pct), pk_report_pct(c, sizeof c, ps->worst_cell_pct));
    }
    int any_loss = 0;
    for (size_t i = 0; i < r->ncells; i++)
        for (int p = 0; p < PK_POL_COUNT; p++)
            any_loss |= r->policy[p].available && r->cells[i].loss[p] > 0;
    if (any_loss)
        md_losing_cells(o, r);
}
