/* Not a test: the README's "How many runs" table, from the verdict method itself
 * (pk_verdict_compute with its defaults: threshold 5%, margin 2.5%, q = 5%). A sweep of 325
 * points like the H200's (5 strategies x 5 item durations x 13 batch sizes), K baseline runs and
 * 1 candidate, every point's run-to-run sd s on its log median; the drift of a run either fully
 * shared by the 13 points of a strategy and item duration, or independent per point. Per cell:
 * the smallest change (on a 0.5% grid, by bisection) found slower with 90% power, for a change of a whole
 * strategy (65 points; power: the mean share of them found, over 20 sessions) or of a single
 * point (power: the share of 200 sessions that find it); with 3 runs also with a prior of the sd
 * (harness/prior.h) at its true value, worth 4 degrees of freedom (about what the H200's priors
 * of 3-6 earlier sessions weigh). Seeded, so the table is reproducible.
 * usage: verdict_power */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>

#include "harness/verdict.h"

enum { NG = 25, NB = 13, NPT = NG * NB, PER = 5 * NB, MAXK = 10 };

static double base[NPT][MAXK], cand[NPT][1];
static pk_verdict_point pts[NPT];
static pk_verdict_result res[NPT];

/* One session: K baseline runs and 1 candidate; the first `changed` points (a whole strategy,
 * or one point) changed by c. Returns how many of them are found slower. */
static size_t session(gsl_rng *rng, unsigned k, double s, int shared, size_t changed, double c, double d0)
{
    double drift[MAXK + 1][NG];
    for (unsigned j = 0; j <= k; j++)
        for (int g = 0; g < NG; g++)
            drift[j][g] = gsl_ran_gaussian(rng, s);
    for (size_t p = 0; p < NPT; p++) {
        int g = (int)(p / NB);
        for (unsigned j = 0; j <= k; j++) {
            double y = log(1000.0) + (double)(p % NB) + (shared ? drift[j][g] : gsl_ran_gaussian(rng, s));
            if (j < k)
                base[p][j] = exp(y);
            else
                cand[p][0] = exp(y + (p < changed ? log1p(c) : 0));
        }
        pts[p] = (pk_verdict_point){.group = g, .pos = (double)(p % NB), .base = base[p], .nbase = k,
                                    .cand = cand[p], .ncand = 1, .prior_sd = d0 > 0 ? s : 0, .prior_df = d0};
    }
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_verdict_summary sum;
    char err[256];
    if (pk_verdict_compute(pts, NPT, &par, res, &sum, err, sizeof err) != 0) {
        fprintf(stderr, "verdict_power: %s\n", err);
        return 0;
    }
    size_t found = 0;
    for (size_t p = 0; p < changed; p++)
        found += res[p].verdict == PK_VERDICT_SLOWER;
    return found;
}

/* Whether change c is found with 90% power (the same sessions for every c). */
static int powered(gsl_rng *rng, unsigned k, double s, int shared, int whole, double c, double d0)
{
    gsl_rng_set(rng, 1);
    int n = whole ? 20 : 200;
    size_t changed = whole ? PER : 1, found = 0;
    for (int t = 0; t < n; t++)
        found += session(rng, k, s, shared, changed, c, d0);
    return (double)found >= 0.9 * (double)((size_t)n * changed);
}

/* The smallest change on the grid 5%, 5.5%, ..., 100% with 90% power (bisection: power grows
 * with the change), or NAN when 100% has less. */
static double needed(unsigned k, double s, int shared, int whole, double d0)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int lo = 0, hi = 190; /* c = 0.05 + 0.005 i */
    double out = NAN;
    if (powered(rng, k, s, shared, whole, 1.0, d0)) {
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (powered(rng, k, s, shared, whole, 0.05 + 0.005 * mid, d0))
                hi = mid;
            else
                lo = mid + 1;
        }
        out = 0.05 + 0.005 * lo;
    }
    gsl_rng_free(rng);
    return out;
}

static void cell(double c)
{
    if (isnan(c))
        printf(">100%%");
    else
        printf("%g%%", 100 * c);
}

int main(void)
{
    static const double sds[] = {0.005, 0.01, 0.02, 0.04};
    static const struct {
        int whole;
        unsigned k;
        double d0; /* a prior of the sd (its true value) worth d0 degrees of freedom; 0: none */
    } rows[] = {{1, 3, 0}, {1, 3, 4}, {1, 5, 0}, {1, 10, 0}, {0, 3, 4}, {0, 5, 0}, {0, 10, 0}};
    printf("| change of | baseline runs | s = 0.5%% | 1%% | 2%% | 4%% |\n| --- | ---: | --- | --- | --- | --- |\n");
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        printf("| %s | %u%s |", rows[r].whole ? "a whole strategy" : "a single point", rows[r].k,
               rows[r].d0 > 0 ? " + a prior worth 4" : "");
        for (size_t i = 0; i < sizeof sds / sizeof sds[0]; i++) {
            printf(" ");
            cell(needed(rows[r].k, sds[i], 1, rows[r].whole, rows[r].d0));
            printf(" / ");
            cell(needed(rows[r].k, sds[i], 0, rows[r].whole, rows[r].d0));
            printf(" |");
            fflush(stdout);
        }
        printf("\n");
    }
    return 0;
}
