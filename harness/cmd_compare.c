/* pkbench compare: predicted against measured (report.md, errors.csv, CI gates), or a
 * baseline run against a candidate run (noise-aware SAME / FASTER / SLOWER per point). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"

#define CMD "compare"

static void compare_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench compare --measured DIR (--predicted FILE.csv | --params FILE) --out DIR\n"
            "                       [--params FILE] [--strategy LIST] [gates...]\n"
            "       pkbench compare --baseline DIR_A --candidate DIR_B [--threshold PCT] [--out DIR]\n\n"
            "Predicted against measured: joins DIR/measured.csv with the prediction on (strategy,\n"
            "item_ns, batch, grid, block); a predicted grid or block of 0 matches any measured shape.\n"
            "Writes OUT/report.md, OUT/errors.csv (per point) and OUT/decisions.csv (per batch: the\n"
            "measured best and each policy's choice and loss). With --params and no --predicted, the simulator\n"
            "predicts every measured point first (into OUT/predicted.csv). The seed policy is judged with\n"
            "the calibrated h = launch_host_ns and S = persistent_setup_ns of --params, else of\n"
            "DIR/params.json when present; so is the overlap-aware policy (pkbench/policy.h), with every\n"
            "calibrated figure. The simulator policy picks the faster predicted of standard and persistent.\n\n"
            "  --measured DIR             directory holding measured.csv\n"
            "  --predicted FILE           predicted tidy CSV ('pkbench simulate --out')\n"
            "  --params FILE              calibrated parameters (seed policy; simulate on the fly)\n"
            "  --out DIR                  where report.md and errors.csv go (created)\n"
            "  --strategy LIST            strategies to judge (default: all measured)\n"
            "gates (exit 1 when one is exceeded; each failure named on one stderr line):\n"
            "  --max-mape PCT             every judged strategy's MAPE, percent\n"
            "  --max-aggregate PCT        overall sum|p-m|/sum m, percent\n"
            "  --max-crossover-error N    simulator crossover off by more than N grid steps\n"
            "  --max-regret PCT           simulator policy's summed loss, percent of the oracle total\n"
            "  --max-seed-regret PCT      seed policy's summed loss, percent of the oracle total\n"
            "  --max-overlap-regret PCT   overlap-aware policy's summed loss, percent of the oracle total\n\n"
            "Baseline against candidate: per point SLOWER when the candidate median exceeds the\n"
            "baseline median by more than --threshold percent (default 5) AND the IQRs do not\n"
            "overlap (candidate p25 > baseline p75); FASTER symmetrically; SAME otherwise (the\n"
            "threshold alone decides where quartiles are missing). Exit 1 when any point is\n"
            "SLOWER (the count is printed last), 0 otherwise; 2 stays for bad input.\n\n"
            "Exit codes: 0 ok, 1 a gate failed or a slowdown was found, 2 bad usage or input.\n");
}

typedef struct gates {
    double mape, aggregate, regret, seed_regret, overlap_regret;
    uint64_t cross;
    int has_mape, has_aggregate, has_regret, has_seed_regret, has_overlap_regret, has_cross;
} gates;

static const char *fmt_pct(char *buf, size_t len, double frac_pct)
{
    if (!isfinite(frac_pct))
        snprintf(buf, len, "–");
    else if (frac_pct != 0 && fabs(frac_pct) < 0.1)
        snprintf(buf, len, "%.2g%%", frac_pct);
    else
        snprintf(buf, len, "%.2f%%", frac_pct);
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

static const char *fmt_batch(char *buf, size_t len, uint64_t b, size_t idx, size_t n)
{
    if (idx >= n)
        snprintf(buf, len, "never");
    else
        snprintf(buf, len, "%" PRIu64, b);
    return buf;
}

static void write_errors_csv(FILE *o, const pk_cmp_result *r)
{
    fprintf(o, "strategy,item_ns,batch,grid,block,measured_ns,measured_p25_ns,measured_p75_ns,predicted_ns,"
               "measured_savings_ns,predicted_savings_ns,rel_err,abs_err_ns\n");
    for (size_t i = 0; i < r->npts; i++) {
        const pk_cmp_point *p = &r->pts[i];
        fprintf(o, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u", pk_strategy_names[p->strategy], p->item_ns, p->batch,
                p->grid, p->block);
        const double v[] = {p->m_ns, p->m_p25, p->m_p75, p->p_ns, p->m_save, p->p_save, p->rel_err, p->abs_err};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            fputc(',', o);
            if (isfinite(v[k]))
                fprintf(o, "%.10g", v[k]);
        }
        fputc('\n', o);
    }
}

/* decisions.csv: per (item_ns, batch, shape) cell, the measured best of standard and
 * persistent and each policy's choice and loss against it. */
static void write_decisions_csv(FILE *o, const pk_cmp_result *r)
{
    fprintf(o, "item_ns,batch,grid,block,measured_standard_ns,measured_persistent_ns,predicted_standard_ns,"
               "predicted_persistent_ns,best");
    for (int p = 0; p < PK_POL_COUNT; p++)
        fprintf(o, ",%s_choice,%s_loss_ns", pk_cmp_policy_names[p], pk_cmp_policy_names[p]);
    fputc('\n', o);
    for (size_t i = 0; i < r->ncells; i++) {
        const pk_cmp_cell *c = &r->cells[i];
        fprintf(o, "%" PRIu64 ",%" PRIu64 ",%u,%u", c->item_ns, c->batch, c->grid, c->block);
        const double v[] = {c->m_std, c->m_pers, c->p_std, c->p_pers};
        for (size_t k = 0; k < 4; k++) {
            fputc(',', o);
            if (isfinite(v[k]))
                fprintf(o, "%.10g", v[k]);
        }
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

static int by_abs_rel_err(const void *a, const void *b)
{
    const pk_cmp_point *x = *(pk_cmp_point *const *)a, *y = *(pk_cmp_point *const *)b;
    double ex = isfinite(x->rel_err) ? fabs(x->rel_err) : -1, ey = isfinite(y->rel_err) ? fabs(y->rel_err) : -1;
    return (ex < ey) - (ex > ey);
}

typedef struct gate_result {
    char line[PK_STRAT_COUNT + 8][256];
    int n;
} gate_result;

static void check_gates(const pk_cmp_result *r, const gates *g, gate_result *out)
{
    char a[32];
    out->n = 0;
    if (g->has_mape)
        for (int s = 0; s < PK_STRAT_COUNT; s++)
            if (r->per_strategy[s].n && r->per_strategy[s].mape_pct > g->mape)
                snprintf(out->line[out->n++], 256, "MAPE of %s is %s, above --max-mape %g%%", pk_strategy_names[s],
                         fmt_pct(a, sizeof a, r->per_strategy[s].mape_pct), g->mape);
    if (g->has_aggregate && r->overall.aggregate * 100 > g->aggregate)
        snprintf(out->line[out->n++], 256, "aggregate error is %s, above --max-aggregate %g%%",
                 fmt_pct(a, sizeof a, r->overall.aggregate * 100), g->aggregate);
    if (g->has_cross) {
        size_t worst = 0;
        uint64_t item = 0;
        for (size_t i = 0; i < r->ncross; i++)
            if (r->cross[i].have_predicted && r->cross[i].error_steps > worst) {
                worst = r->cross[i].error_steps;
                item = r->cross[i].item_ns;
            }
        if (worst > g->cross)
            snprintf(out->line[out->n++], 256,
                     "simulator crossover is %zu grid steps off at item_ns=%" PRIu64 ", above --max-crossover-error %" PRIu64,
                     worst, item, g->cross);
    }
    if (g->has_regret && r->policy[PK_POL_SIM].regret_pct > g->regret)
        snprintf(out->line[out->n++], 256, "simulator policy regret is %s of the oracle total, above --max-regret %g%%",
                 fmt_pct(a, sizeof a, r->policy[PK_POL_SIM].regret_pct), g->regret);
    if (g->has_seed_regret && r->policy[PK_POL_SEED].regret_pct > g->seed_regret)
        snprintf(out->line[out->n++], 256, "seed policy regret is %s of the oracle total, above --max-seed-regret %g%%",
                 fmt_pct(a, sizeof a, r->policy[PK_POL_SEED].regret_pct), g->seed_regret);
    if (g->has_overlap_regret && r->policy[PK_POL_OVERLAP].regret_pct > g->overlap_regret)
        snprintf(out->line[out->n++], 256,
                 "overlap-aware policy regret is %s of the oracle total, above --max-overlap-regret %g%%",
                 fmt_pct(a, sizeof a, r->policy[PK_POL_OVERLAP].regret_pct), g->overlap_regret);
}

static void write_report(FILE *o, const pk_table *meas, const pk_cmp_result *r, const char *measured_dir,
                         const char *pred_desc, const char *params_path, const pk_params *params, const gates *g,
                         const gate_result *gr)
{
    char dev[256], a[48], b[48], c[48], d[48], e[48], h[48];
    pk_cmp_device_label(meas, dev, sizeof dev);
    int cpu = pk_cmp_is_cpu_analogue(meas);
    fprintf(o, "# pkbench compare: %s\n\n", dev);
    if (cpu)
        fprintf(o, "> **CPU analogue.** These results come from the host backend (a worker thread standing in "
                   "for a GPU). They show the same trade-off on a CPU and are never GPU figures.\n\n");
    fprintf(o, "- measured: `%s/measured.csv` (%zu points%s)\n", measured_dir, meas->n,
            meas->partial ? ", **partial run**" : "");
    fprintf(o, "- predicted: %s\n", pred_desc);
    if (params)
        fprintf(o, "- parameters: `%s` (%s, %s); seed policy uses h = launch_host_ns = %" PRIu64
                   " ns and S = persistent_setup_ns = %" PRIu64 " ns (rounded to integers)\n",
                params_path, params->device[0] ? params->device : "unknown device",
                params->source[0] ? params->source : "unknown source", r->seed_h, r->seed_s);
    else
        fprintf(o, "- parameters: none given, so the seed policy is not judged\n");
    fprintf(o, "- joined %zu of %zu measured points with a prediction; %zu predicted points have no measurement\n",
            r->matched, r->npts, r->unmatched_predicted);
    const char *keys[] = {"device_name",     "device_sm_count", "device_sm_clock_max_mhz", "driver_version",
                          "runtime_version", "cpu_model",       "cpu_cores",               "pkbench_version",
                          "git_commit",      NULL};
    for (int i = 0; keys[i]; i++) {
        const char *v = pk_context_get(&meas->context, keys[i]);
        if (v)
            fprintf(o, "- measured context %s: %s\n", keys[i], v);
    }

    fprintf(o, "\n## Gates\n\n");
    if (!g->has_mape && !g->has_aggregate && !g->has_cross && !g->has_regret && !g->has_seed_regret &&
        !g->has_overlap_regret)
        fprintf(o, "No gate was set (see `pkbench compare --help`).\n");
    else if (gr->n == 0)
        fprintf(o, "All gates pass.\n");
    for (int i = 0; i < gr->n; i++)
        fprintf(o, "- **FAIL** %s\n", gr->line[i]);

    fprintf(o, "\n## Accuracy of the total time per strategy\n\n"
               "Relative error is (predicted − measured) / measured; bias is its mean (positive: the "
               "model predicts too slow).\n\n"
               "| strategy | points | MAPE | aggregate Σ\\|p−m\\|/Σm | bias | Pearson r | Spearman r | within ±10%% |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int s = -1; s < PK_STRAT_COUNT; s++) {
        const pk_err_stats *st = s < 0 ? &r->overall : &r->per_strategy[s];
        if (s >= 0 && st->n == 0)
            continue;
        double bias = 0;
        for (size_t i = 0; i < r->npts; i++)
            if (isfinite(r->pts[i].rel_err) && (s < 0 || (int)r->pts[i].strategy == s))
                bias += r->pts[i].rel_err;
        bias = st->n ? 100 * bias / (double)st->n : NAN;
        if (s < 0)
            continue;
        fprintf(o, "| %s | %zu | %s | %s | %s | %s | %s | %s |\n", pk_strategy_names[s], st->n,
                fmt_pct(a, sizeof a, st->mape_pct), fmt_pct(b, sizeof b, st->aggregate * 100),
                fmt_pct(c, sizeof c, bias), fmt_r(d, sizeof d, st->pearson), fmt_r(e, sizeof e, st->spearman),
                fmt_pct(h, sizeof h, st->within10 * 100));
    }
    {
        const pk_err_stats *st = &r->overall;
        fprintf(o, "| **all** | %zu | %s | %s | | %s | %s | %s |\n", st->n, fmt_pct(a, sizeof a, st->mape_pct),
                fmt_pct(b, sizeof b, st->aggregate * 100), fmt_r(d, sizeof d, st->pearson),
                fmt_r(e, sizeof e, st->spearman), fmt_pct(h, sizeof h, st->within10 * 100));
    }

    /* Where the model misses: MAPE per strategy and item duration, then the worst points. */
    uint64_t items[64];
    size_t nitems = 0;
    for (size_t i = 0; i < r->npts && nitems < 64; i++) {
        size_t k = 0;
        while (k < nitems && items[k] != r->pts[i].item_ns)
            k++;
        if (k == nitems)
            items[nitems++] = r->pts[i].item_ns;
    }
    for (size_t i = 1; i < nitems; i++)
        for (size_t k = i; k > 0 && items[k - 1] > items[k]; k--) {
            uint64_t t = items[k];
            items[k] = items[k - 1];
            items[k - 1] = t;
        }
    if (r->matched) {
        fprintf(o, "\n## Where the model misses\n\nMAPE per strategy (rows) and item duration (columns):\n\n"
                   "| strategy |");
        for (size_t k = 0; k < nitems; k++)
            fprintf(o, " %s |", pk_duration_format(a, sizeof a, (double)items[k], PK_DURATION_FIXED));
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
                    if ((int)r->pts[i].strategy == s && r->pts[i].item_ns == items[k] && isfinite(r->pts[i].rel_err)) {
                        sum += fabs(r->pts[i].rel_err);
                        n++;
                    }
                fprintf(o, " %s |", n ? fmt_pct(a, sizeof a, 100 * sum / (double)n) : "–");
            }
            fputc('\n', o);
        }
        const pk_cmp_point **worst = malloc(r->npts * sizeof *worst);
        if (worst) {
            for (size_t i = 0; i < r->npts; i++)
                worst[i] = &r->pts[i];
            qsort(worst, r->npts, sizeof *worst, by_abs_rel_err);
            fprintf(o, "\nThe %d points with the largest relative error:\n\n"
                       "| strategy | item | batch | grid×block | measured | predicted | error |\n"
                       "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
                    (int)(r->matched < 15 ? r->matched : 15));
            for (size_t i = 0; i < r->npts && i < 15 && isfinite(worst[i]->rel_err); i++) {
                const pk_cmp_point *p = worst[i];
                fprintf(o, "| %s | %s | %" PRIu64 " | %u×%u | %s | %s | %+.1f%% |\n", pk_strategy_names[p->strategy],
                        pk_duration_format(a, sizeof a, (double)p->item_ns, PK_DURATION_FIXED), p->batch, p->grid, p->block,
                        pk_duration_format(b, sizeof b, p->m_ns, PK_DURATION_FIXED), pk_duration_format(c, sizeof c, p->p_ns, PK_DURATION_FIXED), 100 * p->rel_err);
            }
            free(worst);
        }
    }

    fprintf(o, "\n## Crossover: the smallest batch from which persistent beats standard for good\n\n"
               "On the measured batch grid; \"never\" means persistent does not win at the largest batch. "
               "Error is in grid steps (a factor of two on a power-of-two grid).\n\n"
               "| item | grid×block | batches | measured | simulator | error (steps) | seed policy |%s\n"
               "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |%s\n",
            r->policy[PK_POL_OVERLAP].available ? " overlap-aware policy |" : "",
            r->policy[PK_POL_OVERLAP].available ? " ---: |" : "");
    for (size_t i = 0; i < r->ncross; i++) {
        const pk_cmp_cross *x = &r->cross[i];
        char err_s[32];
        if (x->have_predicted)
            snprintf(err_s, sizeof err_s, "%zu", x->error_steps);
        else
            snprintf(err_s, sizeof err_s, "–");
        fprintf(o, "| %s | %u×%u | %zu | %s | %s | %s | %s |", pk_duration_format(a, sizeof a, (double)x->item_ns, PK_DURATION_FIXED), x->grid,
                x->block, x->nbatch, fmt_batch(b, sizeof b, x->measured, x->idx_measured, x->nbatch),
                x->have_predicted ? fmt_batch(c, sizeof c, x->predicted, x->idx_predicted, x->nbatch) : "–", err_s,
                x->have_policy[PK_POL_SEED]
                    ? fmt_batch(d, sizeof d, x->policy[PK_POL_SEED], x->idx_policy[PK_POL_SEED], x->nbatch)
                    : "–");
        if (r->policy[PK_POL_OVERLAP].available)
            fprintf(o, " %s |",
                    x->have_policy[PK_POL_OVERLAP]
                        ? fmt_batch(e, sizeof e, x->policy[PK_POL_OVERLAP], x->idx_policy[PK_POL_OVERLAP], x->nbatch)
                        : "–");
        fputc('\n', o);
    }
    if (r->ncross == 0)
        fprintf(o, "\nNo batch has both standard and persistent measured, so there is no crossover.\n");

    fprintf(o, "\n## Policy regret: time lost against the measured best of standard and persistent\n\n"
               "Oracle total (the faster of the two, summed over %zu cells): %s.\n\n"
               "| policy | cells lost | time lost | regret (%% of oracle) | worst cell (%% of its oracle) |\n"
               "| --- | ---: | ---: | ---: | ---: |\n",
            r->ncells, pk_duration_format(a, sizeof a, r->oracle_ns, PK_DURATION_FIXED));
    for (int p = 0; p < PK_POL_COUNT; p++) {
        const pk_cmp_policy_sum *ps = &r->policy[p];
        if (!ps->available)
            continue;
        fprintf(o, "| %s | %zu | %s | %s | %s |\n", pk_cmp_policy_names[p], ps->losing_cells,
                pk_duration_format(a, sizeof a, ps->loss_ns, PK_DURATION_FIXED), fmt_pct(b, sizeof b, ps->regret_pct),
                fmt_pct(c, sizeof c, ps->worst_cell_pct));
    }
    int any_loss = 0;
    for (size_t i = 0; i < r->ncells; i++)
        for (int p = 0; p < PK_POL_COUNT; p++)
            any_loss |= r->cells[i].loss[p] > 0;
    if (any_loss) {
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
                lose |= cl->loss[p] > 0;
            if (!lose)
                continue;
            fprintf(o, "| %s | %" PRIu64 " | %s | %s | %s |", pk_duration_format(a, sizeof a, (double)cl->item_ns, PK_DURATION_FIXED), cl->batch,
                    pk_duration_format(b, sizeof b, cl->m_std, PK_DURATION_FIXED), pk_duration_format(c, sizeof c, cl->m_pers, PK_DURATION_FIXED), cl->best ? "P" : "S");
            for (int p = 0; p < PK_POL_COUNT; p++)
                if (r->policy[p].available)
                    fprintf(o, " %s, %s |", cl->choice[p] ? "P" : "S",
                            cl->loss[p] > 0 ? pk_duration_format(d, sizeof d, cl->loss[p], PK_DURATION_FIXED) : "0");
            fputc('\n', o);
        }
    }
    fprintf(o, "\nPer-point errors: `errors.csv`; per-cell decisions and losses: `decisions.csv`, beside this "
               "report.\n");
}

/* Writes OUT/errors.csv, OUT/decisions.csv and OUT/report.md, and OUT/predicted.csv when
 * simulated (sim not NULL), so that a failure leaves none of them: the three are written to
 * temporary files, then predicted.csv, then the three are renamed; a failed rename removes
 * what this call had renamed. Returns 0 or PK_EIO with a reason in err. */
static int write_outputs(const char *out, const pk_table *meas, const pk_cmp_result *r, const char *measured_dir,
                         const pk_table *sim, const char *pred_path, const char *pred_desc, const char *params_path,
                         const pk_params *params, const gates *g, const gate_result *gr, char *err, size_t errlen)
{
    static const char *const names[3] = {"errors.csv", "decisions.csv", "report.md"};
    pk_afile f[3] = {0};
    char path[PK_PATH_MAX];
    int i, rc = PK_OK;
    for (i = 0; i < 3 && rc == PK_OK; i++) {
        if (pk_path_join(path, sizeof path, out, names[i], err, errlen) != PK_OK) {
            for (int k = 0; k < i; k++)
                pk_afile_abort(&f[k]);
            return PK_ERANGE;
        }
        if (pk_afile_open(&f[i], path) != PK_OK)
            rc = PK_EIO;
    }
    if (rc == PK_OK) {
        write_errors_csv(f[0].fp, r);
        write_decisions_csv(f[1].fp, r);
        write_report(f[2].fp, meas, r, measured_dir, pred_desc, params_path, params, g, gr);
        for (i = 0; i < 3 && rc == PK_OK; i++)
            if (fflush(f[i].fp) != 0 || ferror(f[i].fp)) {
                snprintf(path, sizeof path, "%s", f[i].path);
                rc = PK_EIO;
            }
    }
    if (rc != PK_OK) {
        snprintf(err, errlen, "%.300s: cannot write: %s", path, strerror(errno));
        for (i = 0; i < 3; i++)
            pk_afile_abort(&f[i]);
        return rc;
    }
    if (sim && pk_table_write_csv(pred_path, sim, err, errlen) != PK_OK) {
        for (i = 0; i < 3; i++)
            pk_afile_abort(&f[i]);
        return PK_EIO;
    }
    for (i = 0; i < 3; i++)
        if (pk_afile_commit(&f[i]) != PK_OK) {
            snprintf(err, errlen, "%.300s: cannot write: %s", f[i].path, strerror(errno));
            for (int k = 0; k < 3; k++)
                if (k < i)
                    unlink(f[k].path);
                else
                    pk_afile_abort(&f[k]);
            if (sim)
                unlink(pred_path);
            return PK_EIO;
        }
    return PK_OK;
}

static int run_baseline(const char *base_dir, const char *cand_dir, double threshold_pct, const char *out_dir)
{
    char path[PK_PATH_MAX], pb[PK_PATH_MAX], err[PK_PATH_MAX + 256];
    pk_table a, b;
    if (pk_path_join(path, sizeof path, base_dir, "measured.csv", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--baseline: %s", err);
    if (pk_path_join(pb, sizeof pb, cand_dir, "measured.csv", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--candidate: %s", err);
    if (pk_table_read_csv(path, &a, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--baseline: %s", err);
    if (pk_table_read_csv(pb, &b, err, sizeof err) != PK_OK) {
        pk_table_free(&a);
        return pk_cli_usage_error(CMD, "--candidate: %s", err);
    }
    /* A point without a usable median compares false both ways and would read as SAME. */
    const char *bad = pk_cmp_check_totals(&a, path, err, sizeof err) != PK_OK   ? "--baseline"
                      : pk_cmp_check_totals(&b, pb, err, sizeof err) != PK_OK ? "--candidate"
                                                                                : NULL;
    if (bad) {
        pk_table_free(&a);
        pk_table_free(&b);
        return pk_cli_usage_error(CMD, "%s: %s", bad, err);
    }
    double th = threshold_pct / 100;
    size_t count[3] = {0}, only_base = 0, only_cand = 0;
    pk_change *verdict = calloc(a.n ? a.n : 1, sizeof *verdict);
    const pk_row **match = calloc(a.n ? a.n : 1, sizeof *match);
    if (!verdict || !match) {
        free(verdict);
        free(match);
        pk_table_free(&a);
        pk_table_free(&b);
        fprintf(stderr, "pkbench compare: out of memory\n");
        return PK_EXIT_USAGE;
    }
    for (size_t i = 0; i < a.n; i++) {
        const pk_row *x = &a.rows[i];
        match[i] = pk_table_find(&b, x->strategy, x->item_ns, x->batch, x->grid, x->block);
        if (!match[i]) {
            only_base++;
            continue;
        }
        verdict[i] = pk_change_classify(x, match[i], th);
        count[verdict[i]]++;
    }
    for (size_t i = 0; i < b.n; i++) {
        const pk_row *y = &b.rows[i];
        if (!pk_table_find(&a, y->strategy, y->item_ns, y->batch, y->grid, y->block))
            only_cand++;
    }
    int usage = 0;
    char md_path[PK_PATH_MAX], csv_path[PK_PATH_MAX];
    if (count[0] + count[1] + count[2] == 0)
        usage = pk_cli_usage_error(CMD, "--candidate: no point of %s is in %s", path, pb);
    else if (out_dir && (pk_path_join(md_path, sizeof md_path, out_dir, "baseline.md", err, sizeof err) != PK_OK ||
                         pk_path_join(csv_path, sizeof csv_path, out_dir, "baseline.csv", err, sizeof err) != PK_OK))
        usage = pk_cli_usage_error(CMD, "--out: %s", err);
    else if (out_dir && pk_path_mkdirs(out_dir) != 0)
        usage = pk_cli_usage_error(CMD, "--out: cannot create '%s': %s", out_dir, strerror(errno));
    if (usage) {
        free(verdict);
        free(match);
        pk_table_free(&a);
        pk_table_free(&b);
        return usage;
    }
    char da[256], db[256], s1[48], s2[48];
    pk_cmp_device_label(&a, da, sizeof da);
    pk_cmp_device_label(&b, db, sizeof db);
    int rc = PK_OK;
    pk_afile md, csv;
    FILE *outs[2] = {stdout, NULL};
    if (out_dir) {
        const char *failed = md_path;
        if ((rc = pk_afile_open(&md, md_path)) == PK_OK) {
            outs[1] = md.fp;
            failed = csv_path;
            if ((rc = pk_afile_open(&csv, csv_path)) != PK_OK)
                pk_afile_abort(&md);
        }
        if (rc != PK_OK) {
            fprintf(stderr, "pkbench compare: %s: cannot write: %s\n", failed, strerror(errno));
            free(verdict);
            free(match);
            pk_table_free(&a);
            pk_table_free(&b);
            return PK_EXIT_USAGE;
        }
        fprintf(csv.fp, "strategy,item_ns,batch,grid,block,baseline_ns,baseline_p25_ns,baseline_p75_ns,"
                        "candidate_ns,candidate_p25_ns,candidate_p75_ns,ratio,verdict\n");
    }
    for (int k = 0; k < 2; k++) {
        FILE *o = outs[k];
        if (!o)
            continue;
        fprintf(o, "%s baseline `%s`: %s\n%s candidate `%s`: %s\n\n", k ? "-" : "", base_dir, da, k ? "-" : "",
                cand_dir, db);
        if (strcmp(da, db) != 0)
            fprintf(o, "Warning: the two runs come from different devices or backends.\n\n");
        fprintf(o, "Rule: SLOWER when the candidate median exceeds the baseline median by more than %g%% and the "
                   "IQRs do not overlap; FASTER symmetrically; otherwise SAME.\n\n",
                threshold_pct);
        fprintf(o, "| strategy | item_ns | batch | grid×block | baseline | candidate | change | verdict |\n"
                   "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (size_t i = 0; i < a.n; i++) {
            if (!match[i] || (k == 0 && verdict[i] == PK_CHANGE_SAME))
                continue;
            const pk_row *x = &a.rows[i], *y = match[i];
            fprintf(o, "| %s | %" PRIu64 " | %" PRIu64 " | %u×%u | %s | %s | %+.1f%% | %s |\n",
                    pk_strategy_names[x->strategy], x->item_ns, x->batch, x->grid, x->block,
                    pk_duration_format(s1, sizeof s1, x->wall_ns, PK_DURATION_FIXED), pk_duration_format(s2, sizeof s2, y->wall_ns, PK_DURATION_FIXED),
                    100 * (y->wall_ns / x->wall_ns - 1), pk_change_names[verdict[i]]);
        }
        fprintf(o, "\n%zu points compared: %zu SAME, %zu FASTER, %zu SLOWER; %zu only in the baseline, %zu only in "
                   "the candidate.\n",
                count[0] + count[1] + count[2], count[0], count[1], count[2], only_base, only_cand);
    }
    if (out_dir) {
        for (size_t i = 0; i < a.n; i++) {
            if (!match[i])
                continue;
            const pk_row *x = &a.rows[i], *y = match[i];
            fprintf(csv.fp, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u", pk_strategy_names[x->strategy], x->item_ns, x->batch,
                    x->grid, x->block);
            const double v[] = {x->wall_ns, x->wall_ns_p25, x->wall_ns_p75, y->wall_ns, y->wall_ns_p25, y->wall_ns_p75,
                                y->wall_ns / x->wall_ns};
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
                fputc(',', csv.fp);
                if (isfinite(v[j]))
                    fprintf(csv.fp, "%.10g", v[j]);
            }
            fprintf(csv.fp, ",%s\n", pk_change_names[verdict[i]]);
        }
        int md_ok = pk_afile_commit(&md) == PK_OK;
        if (!md_ok || pk_afile_commit(&csv) != PK_OK) {
            int e = errno;
            pk_afile_abort(&csv);
            if (md_ok)
                unlink(md.path); /* both files or neither */
            fprintf(stderr, "pkbench compare: cannot write into %s: %s\n", out_dir, strerror(e));
            rc = PK_EIO;
        }
    }
    printf("%zu significant slowdowns\n", count[PK_CHANGE_SLOWER]);
    free(verdict);
    free(match);
    pk_table_free(&a);
    pk_table_free(&b);
    if (rc != PK_OK)
        return PK_EXIT_USAGE;
    return count[PK_CHANGE_SLOWER] ? PK_EXIT_CHECK : PK_EXIT_OK;
}

int pk_cmd_compare(int argc, char **argv)
{
    enum {
        O_MEAS = 256, O_PRED, O_PARAMS, O_OUT, O_STRAT, O_MAPE, O_AGG, O_CROSS, O_REGRET, O_SEED_REGRET, O_OVL_REGRET, O_BASE,
        O_CAND, O_THRESH
    };
    static const struct option opts[] = {
        {"measured", required_argument, NULL, O_MEAS},
        {"predicted", required_argument, NULL, O_PRED},
        {"params", required_argument, NULL, O_PARAMS},
        {"out", required_argument, NULL, O_OUT},
        {"strategy", required_argument, NULL, O_STRAT},
        {"max-mape", required_argument, NULL, O_MAPE},
        {"max-aggregate", required_argument, NULL, O_AGG},
        {"max-crossover-error", required_argument, NULL, O_CROSS},
        {"max-regret", required_argument, NULL, O_REGRET},
        {"max-seed-regret", required_argument, NULL, O_SEED_REGRET},
        {"max-overlap-regret", required_argument, NULL, O_OVL_REGRET},
        {"baseline", required_argument, NULL, O_BASE},
        {"candidate", required_argument, NULL, O_CAND},
        {"threshold", required_argument, NULL, O_THRESH},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *measured = NULL, *predicted = NULL, *params_path = NULL, *out = NULL, *base = NULL, *cand = NULL;
    const char *strat_text = NULL;
    double threshold = 5;
    gates g = {0};
    char err[PK_PATH_MAX + 256];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int rc = PK_OK;
        switch (c) {
        case 'h': compare_usage(stdout); return PK_EXIT_OK;
        case ':': return pk_cli_usage_error(CMD, "%s: missing value", argv[optind - 1]);
        case '?': return pk_cli_usage_error(CMD, "unknown option '%s' (see 'pkbench compare --help')", argv[optind - 1]);
        case O_MEAS: measured = optarg; break;
        case O_PRED: predicted = optarg; break;
        case O_PARAMS: params_path = optarg; break;
        case O_OUT: out = optarg; break;
        case O_STRAT: strat_text = optarg; break;
        case O_BASE: base = optarg; break;
        case O_CAND: cand = optarg; break;
        case O_MAPE: rc = pk_cli_double("--max-mape", optarg, 0, 1e9, &g.mape, err, sizeof err); g.has_mape = 1; break;
        case O_AGG:
            rc = pk_cli_double("--max-aggregate", optarg, 0, 1e9, &g.aggregate, err, sizeof err);
            g.has_aggregate = 1;
            break;
        case O_CROSS:
            rc = pk_cli_u64("--max-crossover-error", optarg, 1000, &g.cross, err, sizeof err);
            g.has_cross = 1;
            break;
        case O_REGRET:
            rc = pk_cli_double("--max-regret", optarg, 0, 1e9, &g.regret, err, sizeof err);
            g.has_regret = 1;
            break;
        case O_SEED_REGRET:
            rc = pk_cli_double("--max-seed-regret", optarg, 0, 1e9, &g.seed_regret, err, sizeof err);
            g.has_seed_regret = 1;
            break;
        case O_OVL_REGRET:
            rc = pk_cli_double("--max-overlap-regret", optarg, 0, 1e9, &g.overlap_regret, err, sizeof err);
            g.has_overlap_regret = 1;
            break;
        case O_THRESH: rc = pk_cli_double("--threshold", optarg, 0, 1000, &threshold, err, sizeof err); break;
        }
        if (rc != PK_OK)
            return pk_cli_usage_error(CMD, "%s", err);
    }
    if (optind < argc)
        return pk_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);

    if (base || cand) {
        if (!base || !cand)
            return pk_cli_usage_error(CMD, "%s is required with %s", base ? "--candidate" : "--baseline",
                                      base ? "--baseline" : "--candidate");
        if (measured || predicted || params_path || strat_text || g.has_mape || g.has_aggregate || g.has_cross ||
            g.has_regret || g.has_seed_regret || g.has_overlap_regret)
            return pk_cli_usage_error(CMD, "--baseline/--candidate take only --threshold and --out");
        return run_baseline(base, cand, threshold, out);
    }
    if (!measured)
        return pk_cli_usage_error(CMD, "--measured is required (see 'pkbench compare --help')");
    if (!predicted && !params_path)
        return pk_cli_usage_error(CMD, "--predicted or --params is required");
    if (!out)
        return pk_cli_usage_error(CMD, "--out is required");
    int mask[PK_STRAT_COUNT], *maskp = NULL;
    if (strat_text) {
        int idx[PK_STRAT_COUNT];
        size_t n;
        if (pk_cli_name_list("--strategy", strat_text, pk_strategy_names, idx, PK_STRAT_COUNT, &n, err, sizeof err))
            return pk_cli_usage_error(CMD, "%s", err);
        memset(mask, 0, sizeof mask);
        for (size_t i = 0; i < n; i++)
            mask[idx[i]] = 1;
        maskp = mask;
    }

    char path[PK_PATH_MAX], auto_params[PK_PATH_MAX], sim_path[PK_PATH_MAX], pred_desc[2 * PK_PATH_MAX + 96];
    const char *pred_path = predicted ? predicted : sim_path;
    pk_table meas = {0}, pred = {0};
    pk_params params;
    pk_params_init(&params);
    int have_params = 0, status = PK_EXIT_USAGE;
    if (pk_path_join(path, sizeof path, measured, "measured.csv", err, sizeof err) != PK_OK ||
        pk_path_join(auto_params, sizeof auto_params, measured, "params.json", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--measured: %s", err);
    if (!predicted && pk_path_join(sim_path, sizeof sim_path, out, "predicted.csv", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    if (pk_path_fmt(pred_desc, sizeof pred_desc, "`%s`", pred_path) != PK_OK)
        return pk_cli_usage_error(CMD, "--predicted: %s: path too long", pred_path);
    if (pk_table_read_csv(path, &meas, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--measured: %s", err);
    /* Every input is checked before anything is written under --out. */
    if (pk_cmp_check_totals(&meas, path, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "--measured: %s", err);
        goto done;
    }
    if (!params_path && pk_path_is_file(auto_params))
        params_path = auto_params;
    if (params_path) {
        if (pk_params_load(params_path, &params, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "--params: %s", err);
            goto done;
        }
        have_params = 1;
    }
    if (pk_path_mkdirs(out) != 0) {
        pk_cli_usage_error(CMD, "--out: cannot create '%s': %s", out, strerror(errno));
        goto done;
    }
    if (predicted) {
        if (pk_table_read_csv(pred_path, &pred, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "--predicted: %s", err);
            goto done;
        }
    } else {
        /* Simulated now, written to OUT/predicted.csv only with the report. */
        if (pk_cmp_simulate(&meas, maskp, &params, &pred, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "--params: %s", err);
            goto done;
        }
        snprintf(pred_desc, sizeof pred_desc, "`%s`, simulated (discrete-event model, deterministic) from `%s`",
                 pred_path, params_path);
    }

    pk_cmp_result r;
    if (pk_compare_run(&meas, &pred, have_params ? &params : NULL, maskp, &r, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }
    if (r.matched == 0) {
        pk_cli_usage_error(CMD, "no measured point of %s has a prediction in %s", path,
                           predicted ? pred_path : "the simulation");
    } else if (g.has_seed_regret && !r.policy[PK_POL_SEED].available) {
        pk_cli_usage_error(CMD, "--max-seed-regret needs --params (or %s/params.json) and standard and persistent "
                                "points", measured);
    } else if (g.has_overlap_regret && !r.policy[PK_POL_OVERLAP].available) {
        pk_cli_usage_error(CMD, "--max-overlap-regret needs --params (or %s/params.json) and standard and "
                                "persistent points", measured);
    } else if (g.has_regret && !r.policy[PK_POL_SIM].available) {
        pk_cli_usage_error(CMD, "--max-regret needs standard and persistent points measured and predicted");
    } else {
        gate_result gr;
        check_gates(&r, &g, &gr);
        if (write_outputs(out, &meas, &r, measured, predicted ? NULL : &pred, pred_path, pred_desc, params_path,
                          have_params ? &params : NULL, &g, &gr, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "%s", err);
        } else {
            char dev[256], a[32];
            pk_cmp_device_label(&meas, dev, sizeof dev);
            printf("compare %s: %zu points joined, MAPE %s overall\n", dev, r.matched,
                   fmt_pct(a, sizeof a, r.overall.mape_pct));
            for (int i = 0; i < gr.n; i++)
                fprintf(stderr, "pkbench compare: gate failed: %s\n", gr.line[i]);
            printf("wrote %s/report.md, %s/errors.csv and %s/decisions.csv\n", out, out, out);
            status = gr.n ? PK_EXIT_CHECK : PK_EXIT_OK;
        }
    }
    pk_compare_free(&r);
done:
    pk_table_free(&meas);
    pk_table_free(&pred);
    pk_params_free(&params);
    return status;
}
