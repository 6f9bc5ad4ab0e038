/* Not a test: the verdict method's p-values under the null, for the README's "The method" (step
 * 2). Seeded synthetic A/A sessions (pk_verdict_compute with its defaults but the margin 0, so
 * that every p-value is a plain test of no change): G groups of 13 points at pos 0-12, 3
 * baseline runs and 1 candidate, a run's sd 10% on each point's log value, of whose variance a
 * share is common to the run's points of one group (the drift neighbours share). With --mixed,
 * only some groups share it and the rest share nothing: a fifth of 25 groups at sd 10%, or
 * twelve at sd 5% beside thirteen at 15% (the sharing groups quieter, so that their sums weigh
 * least), and the p-values counted are the sharing groups'. Per setting: P(p <= x) for x = 1e-2,
 * 1e-3, 1e-4 over every tested point counted (valid p-values keep each at or below x), and the
 * share of sessions that flag any point (the bound is fdr = 5%; the margin is 0 here, so a
 * wholly shared drift, whose points' p-values are alike and enter Benjamini-Hochberg together,
 * sits near it).
 * usage: verdict_null [--mixed] [SESSIONS]   (default 400) */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/verdict.h"

enum { P = 13, K = 3, MAXG = 25 };

static double base[MAXG * P][K], cand[MAXG * P][1];
static pk_verdict_point pts[MAXG * P];
static pk_verdict_result res[MAXG * P];

/* One setting: G groups, of which the first `sharing` have the share `shared` of their variance
 * common (sd sd_sh) and the rest none (sd sd_rest); counted: the sharing groups' p-values. */
static void setting(gsl_rng *rng, int g_count, int sharing, double shared, double sd_sh, double sd_rest, int sessions)
{
    const int n = g_count * P;
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    par.margin = 0;
    size_t tested = 0, below[3] = {0}, any = 0;
    for (int s = 0; s < sessions; s++) {
        for (int g = 0; g < g_count; g++) {
            const double sh = g < sharing ? shared : 0, sd = g < sharing ? sd_sh : sd_rest;
            double u[K + 1];
            for (int j = 0; j <= K; j++)
                u[j] = gsl_ran_gaussian(rng, sd * sqrt(sh));
            for (int p = 0; p < P; p++) {
                const int i = g * P + p;
                for (int j = 0; j <= K; j++) {
                    double v = 1000 * exp(u[j] + gsl_ran_gaussian(rng, sd * sqrt(1 - sh)));
                    *(j < K ? &base[i][j] : &cand[i][0]) = v;
                }
                pts[i] = (pk_verdict_point){g, p, base[i], NULL, K, cand[i], NULL, 1, 0, 0};
            }
        }
        pk_verdict_summary sum;
        char err[256];
        if (pk_verdict_compute(pts, (size_t)n, &par, res, &sum, err, sizeof err) != 0) {
            fprintf(stderr, "verdict_null: %s\n", err);
            exit(1);
        }
        for (int i = 0; i < sharing * P; i++) {
            if (!isfinite(res[i].p))
                continue;
            tested++;
            below[0] += res[i].p <= 1e-2;
            below[1] += res[i].p <= 1e-3;
            below[2] += res[i].p <= 1e-4;
        }
        any += sum.count[PK_VERDICT_SLOWER] + sum.count[PK_VERDICT_FASTER] > 0;
    }
    const double t = tested ? (double)tested : 1;
    char who[64] = "";
    if (sharing < g_count)
        snprintf(who, sizeof who, " (%d at sd %.0f%%, %d none at %.0f%%)", sharing, 100 * sd_sh, g_count - sharing,
                 100 * sd_rest);
    printf("| %d | %.2f%s | %.4f | %.5f | %.6f | %.1f%% |\n", g_count, shared, who, (double)below[0] / t,
           (double)below[1] / t, (double)below[2] / t, 100.0 * (double)any / sessions);
}

int main(int argc, char **argv)
{
    int mixed = argc > 1 && strcmp(argv[1], "--mixed") == 0;
    int sessions = argc > 1 + mixed ? atoi(argv[1 + mixed]) : 400;
    if (sessions < 1) {
        fprintf(stderr, "usage: verdict_null [--mixed] [SESSIONS]\n");
        return 2;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    printf("| groups | shared | P(p <= 1e-2) | P(p <= 1e-3) | P(p <= 1e-4) | sessions flagging a point |\n");
    printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    static const int groups[] = {1, 3, 25};
    static const double shares[] = {0, 0.5, 0.8, 0.95, 0.99, 1};
    for (size_t g = 0; !mixed && g < sizeof groups / sizeof groups[0]; g++)
        for (size_t k = 0; k < sizeof shares / sizeof shares[0]; k++)
            setting(rng, groups[g], groups[g], shares[k], 0.10, 0.10, groups[g] == 25 ? sessions : sessions * 10);
    for (size_t k = 1; mixed && k + 1 < sizeof shares / sizeof shares[0]; k++) {
        setting(rng, 25, 5, shares[k], 0.10, 0.10, sessions);
        setting(rng, 25, 12, shares[k], 0.05, 0.15, sessions);
    }
    gsl_rng_free(rng);
    return 0;
}
