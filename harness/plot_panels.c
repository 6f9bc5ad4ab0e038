/* The data of the panel plots (one panel per shape and item duration): crossover-m.dat and
 * crossover-p.dat (total time per batch), speedup.dat (standard over each strategy) and
 * savings.dat (standard minus persistent, with the quartile band). See plot_data.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "common/status.h"
#include "harness/plot_data.h"

/* The quartiles of a row, the median standing in for one that is missing. */
static double q25(const pk_row *r) { return isfinite(r->wall_ns_p25) ? r->wall_ns_p25 : r->wall_ns; }
static double q75(const pk_row *r) { return isfinite(r->wall_ns_p75) ? r->wall_ns_p75 : r->wall_ns; }

/* Ends a gnuplot data block; a block without points gets one NaN row so that block indexes stay
 * aligned with panels and strategies. */
static void end_block(FILE *f, size_t n, int cols)
{
    if (!n) {
        for (int i = 0; i < cols; i++)
            fprintf(f, "%sNaN", i ? " " : "");
        fputc('\n', f);
    }
    fprintf(f, "\n\n");
}

/* crossover-m.dat / crossover-p.dat: block (panel-1)*NS + strategy-1: batch, median, p25, p75
 * (µs); and batch, predicted (µs). */
int pk__plot_write_crossover(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    pk__plot_out m = {0}, p = {0};
    int rc;
    if ((rc = pk__plot_open(&m, dir, "crossover-m.dat", err, errlen)) ||
        (rc = pk__plot_open(&p, dir, "crossover-p.dat", err, errlen))) {
        pk__plot_abort(&m);
        return rc;
    }
    int have_pred = 0;
    for (size_t i = 0; i < c->npanels; i++)
        for (size_t s = 0; s < c->nstrat; s++) {
            const pk_plot_panel *pn = &c->panels[i];
            pk_strategy st = (pk_strategy)c->strat[s];
            fprintf(m.f.fp, "# panel %zu, item_ns=%" PRIu64 " strategy=%s: batch median_us p25_us p75_us\n", i + 1,
                    pn->item_ns, pk_strategy_names[st]);
            fprintf(p.f.fp, "# panel %zu, item_ns=%" PRIu64 " strategy=%s: batch predicted_us\n", i + 1,
                    pn->item_ns, pk_strategy_names[st]);
            size_t nm = 0, np = 0;
            for (size_t b = 0; b < c->nbatches; b++) {
                const pk_row *r = pk__plot_row(c, pn, st, c->batches[b], 0);
                if (r && isfinite(r->wall_ns)) {
                    fprintf(m.f.fp, "%" PRIu64, c->batches[b]);
                    pk__plot_num(m.f.fp, r->wall_ns / 1e3);
                    pk__plot_num(m.f.fp, q25(r) / 1e3);
                    pk__plot_num(m.f.fp, q75(r) / 1e3);
                    fputc('\n', m.f.fp);
                    nm++;
                }
                const pk_row *q = pk__plot_row(c, pn, st, c->batches[b], 1);
                if (q && isfinite(q->wall_ns)) {
                    fprintf(p.f.fp, "%" PRIu64, c->batches[b]);
                    pk__plot_num(p.f.fp, q->wall_ns / 1e3);
                    fputc('\n', p.f.fp);
                    np++;
                }
            }
            have_pred |= np > 0;
            end_block(m.f.fp, nm, 4);
            end_block(p.f.fp, np, 2);
        }
    fprintf(meta, "HAVEPRED = %d\n", have_pred);
    if ((rc = pk__plot_close(&m, err, errlen)) != PK_OK) {
        pk__plot_abort(&p);
        return rc;
    }
    return pk__plot_close(&p, err, errlen);
}

/* speedup.dat: block (panel-1)*SPN + k-1 for the k-th strategy other than standard: batch,
 * measured speedup (standard median / its median), the band from the quartiles (standard p25 /
 * its p75 to standard p75 / its p25), and the simulated speedup. */
int pk__plot_write_speedup(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "speedup.dat", err, errlen);
    if (rc)
        return rc;
    int others[PK_STRAT_COUNT];
    size_t no = 0;
    for (size_t s = 0; s < c->nstrat; s++)
        if (c->strat[s] != PK_STRAT_STANDARD)
            others[no++] = c->strat[s];
    fprintf(meta, "array SPLO[%zu]\narray SPHI[%zu]\n", c->npanels ? c->npanels : 1, c->npanels ? c->npanels : 1);
    for (size_t i = 0; i < c->npanels; i++) {
        double lo = 1, hi = 1; /* the panel's range: every figure, and 1 */
        for (size_t k = 0; k < no; k++) {
            const pk_plot_panel *pn = &c->panels[i];
            fprintf(o.f.fp, "# panel %zu, item_ns=%" PRIu64 " strategy=%s: batch speedup low high simulated\n",
                    i + 1, pn->item_ns, pk_strategy_names[others[k]]);
            size_t n = 0;
            for (size_t b = 0; b < c->nbatches; b++) {
                const pk_row *ms = pk__plot_row(c, pn, PK_STRAT_STANDARD, c->batches[b], 0);
                const pk_row *mx = pk__plot_row(c, pn, (pk_strategy)others[k], c->batches[b], 0);
                if (!ms || !mx || !(mx->wall_ns > 0) || !(q25(mx) > 0))
                    continue;
                const pk_row *ps = pk__plot_row(c, pn, PK_STRAT_STANDARD, c->batches[b], 1);
                const pk_row *px = pk__plot_row(c, pn, (pk_strategy)others[k], c->batches[b], 1);
                double v[4] = {ms->wall_ns / mx->wall_ns, q25(ms) / q75(mx), q75(ms) / q25(mx),
                               ps && px && px->wall_ns > 0 ? ps->wall_ns / px->wall_ns : NAN};
                fprintf(o.f.fp, "%" PRIu64, c->batches[b]);
                for (int f = 0; f < 4; f++) {
                    pk__plot_num(o.f.fp, v[f]);
                    if (isfinite(v[f]) && v[f] > 0) {
                        lo = fmin(lo, v[f]);
                        hi = fmax(hi, v[f]);
                    }
                }
                fputc('\n', o.f.fp);
                n++;
            }
            end_block(o.f.fp, n, 5);
        }
        fprintf(meta, "SPLO[%zu] = %.6g; SPHI[%zu] = %.6g\n", i + 1, lo, i + 1, hi);
    }
    fprintf(meta, "SPN = %zu\narray SPNAME[%zu]\narray SPCOL[%zu]\n", no, no ? no : 1, no ? no : 1);
    for (size_t k = 0; k < no; k++)
        fprintf(meta, "SPNAME[%zu] = '%s'; SPCOL[%zu] = '%s'\n", k + 1, pk_strategy_names[others[k]], k + 1,
                pk__plot_colour(others[k]));
    return pk__plot_close(&o, err, errlen);
}

/* savings.dat: block per panel: batch, measured savings of persistent over standard (medians),
 * the band from the quartiles (standard p25 - persistent p75 to standard p75 - persistent p25),
 * the seed's N*h - S, the simulator's (µs). meta gets SYMIN and SYMAX, the range of them all. */
int pk__plot_write_savings(const pk_plot_data *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    pk__plot_out o = {0};
    int rc = pk__plot_open(&o, dir, "savings.dat", err, errlen);
    if (rc)
        return rc;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < c->npanels; i++) {
        const pk_plot_panel *pn = &c->panels[i];
        fprintf(o.f.fp, "# panel %zu, item_ns=%" PRIu64 ": batch measured_us low_us high_us seed_us simulator_us\n",
                i + 1, pn->item_ns);
        size_t n = 0;
        for (size_t b = 0; b < c->nbatches; b++) {
            uint64_t batch = c->batches[b];
            const pk_row *ms = pk__plot_row(c, pn, PK_STRAT_STANDARD, batch, 0);
            const pk_row *mp = pk__plot_row(c, pn, PK_STRAT_PERSISTENT, batch, 0);
            if (!ms || !mp)
                continue;
            const pk_row *ps = pk__plot_row(c, pn, PK_STRAT_STANDARD, batch, 1);
            const pk_row *pp = pk__plot_row(c, pn, PK_STRAT_PERSISTENT, batch, 1);
            double v[5] = {ms->wall_ns - mp->wall_ns, q25(ms) - q75(mp), q75(ms) - q25(mp),
                           c->r->have_params ? pk_cmp_seed_savings(batch, c->r->seed_h, c->r->seed_s) : NAN,
                           ps && pp ? ps->wall_ns - pp->wall_ns : NAN};
            fprintf(o.f.fp, "%" PRIu64, batch);
            for (int k = 0; k < 5; k++) {
                pk__plot_num(o.f.fp, v[k] / 1e3);
                if (isfinite(v[k])) {
                    lo = fmin(lo, v[k] / 1e3);
                    hi = fmax(hi, v[k] / 1e3);
                }
            }
            fputc('\n', o.f.fp);
            n++;
        }
        end_block(o.f.fp, n, 6);
    }
    fprintf(meta, "SYMIN = %.9g\nSYMAX = %.9g\n", isfinite(lo) ? fmin(lo, -1) : -1, isfinite(hi) ? fmax(hi, 1) : 1);
    return pk__plot_close(&o, err, errlen);
}
