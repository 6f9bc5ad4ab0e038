/* Invariant: a prior of the run-to-run spread fitted from other sessions' histories
 * (harness/prior.h, compare --fit-prior) lets a history of 3 runs find what it cannot alone,
 * without more false alarms. On synthetic sessions of known truth (seeded, so deterministic),
 * whose run-to-run sd moves from session to session (scaled inverse chi-square, 10 degrees of
 * freedom) and whose drift is 90% shared by a group of points (so 3 + 1 runs leave about 2
 * degrees of freedom): on spreads drawn from its own model the fit's weights lie within a factor
 * 1.5 of the predictive weight the truth gives and the typical sd (median) within 10%; with a
 * prior fitted from 6 sessions, at most fdr of A/A comparisons on new sessions flag any point,
 * and a +20% change of one strategy is found on at least 90% of its points in at least 15 of 20
 * sessions (70% in every one), where the runs alone do so in fewer, with at most fdr of the
 * flagged points (and 1% of the others) false; in sessions 2 and 3 times noisier than the fitted
 * ones the prior is scaled up to the session and the A/A bound still holds; the moderated spread
 * is exactly (d0 s0^2 + df s^2) / (d0 + df) with d0 + df degrees of freedom; bad fits and bad
 * priors are refused. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/prior.h"
#include "harness/verdict.h"
#include "tests/pk_test.h"

enum { NS = 5, NIT = 3, NB = 13, NG = NS * NIT, NPT = NG * NB, K = 3, M = 1, D0 = 10 };

static double base[NPT][K], cand[NPT][M];
static double noise = 1; /* a session's spread against the fitted ones' */
static pk_verdict_point pts[NPT];
static pk_verdict_result res[NPT];
static pk_verdict_summary sum;

/* The typical run-to-run sd of a point: 1% plus up to 2% more at small batches. */
static double typical_sd(int b)
{
    return 0.01 + 0.02 * pow(2, -b / 2.0);
}

static pk_point key_of(size_t p)
{
    return (pk_point){(pk_strategy)(p / (NIT * NB)), 1000 * ((p / NB) % NIT), (uint64_t)1 << (p % NB), 1, 0};
}

/* One session: every group's sd scaled by its own draw of sqrt(D0 / chi2(D0)); K + M runs whose
 * drift is 90% shared by the group; strategy inject_s's candidate changed by inject. */
static void session(gsl_rng *rng, int inject_s, double inject)
{
    double w[NG], drift[K + M][NG];
    for (int g = 0; g < NG; g++) {
        w[g] = sqrt(D0 / gsl_ran_chisq(rng, D0));
        for (int j = 0; j < K + M; j++)
            drift[j][g] = gsl_ran_gaussian(rng, 1);
    }
    for (size_t p = 0; p < NPT; p++) {
        int g = (int)(p / NB), b = (int)(p % NB), s = g / NIT;
        double mu = log(1000.0 * (1 + s) * pow(2, b)), sd = typical_sd(b) * w[g] * noise;
        for (int j = 0; j < K + M; j++) {
            double y = mu + sd * (sqrt(0.9) * drift[j][g] + sqrt(0.1) * gsl_ran_gaussian(rng, 1));
            if (j < K)
                base[p][j] = exp(y);
            else
                cand[p][j - K] = exp(y + (s == inject_s ? log1p(inject) : 0));
        }
        pts[p] = (pk_verdict_point){.group = g, .pos = b, .base = base[p], .nbase = K, .cand = cand[p], .ncand = M};
    }
}

static void with_prior(const pk_spread *prior)
{
    for (size_t p = 0; p < NPT; p++) {
        pk_point k = key_of(p);
        const pk_spread_row *r = prior ? pk_spread_find(prior, &k, PK_JUDGE_MEASURED) : NULL;
        pts[p].prior_sd = r ? r->sd : 0;
        pts[p].prior_df = r ? r->df : 0;
    }
}

static int judge(void)
{
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    char err[256] = "";
    int rc = pk_verdict_compute(pts, NPT, &par, res, &sum, err, sizeof err);
    if (rc)
        fprintf(stderr, "pk_verdict_compute: %s\n", err);
    return rc;
}

/* The prior from `sessions` A/A sessions' spreads (the runs alone). */
static void fit(gsl_rng *rng, size_t sessions, pk_spread *prior)
{
    pk_spread in[8] = {{0}};
    char err[256];
    for (size_t t = 0; t < sessions; t++) {
        session(rng, -1, 0);
        with_prior(NULL);
        PK_CHECK(judge() == PK_OK);
        for (size_t p = 0; p < NPT; p++) {
            pk_point k = key_of(p);
            if (res[p].own_df > 0)
                PK_CHECK(pk_spread_add(&in[t], &k, PK_JUDGE_MEASURED, res[p].own_sd, res[p].own_df) == PK_OK);
        }
        PK_CHECK(pk_spread_sort(&in[t], err, sizeof err) == PK_OK);
    }
    PK_CHECK(pk_spread_fit(in, sessions, prior, err, sizeof err) == PK_OK);
    for (size_t t = 0; t < sessions; t++)
        pk_spread_free(&in[t]);
}

/* y with trigamma(y) = x, by bisection (trigamma falls from infinity to 0 on (0, infinity)). */
static double trigamma_inv(double x)
{
    double lo = 1e-6, hi = 1e7;
    for (int i = 0; i < 200; i++) {
        double mid = sqrt(lo * hi);
        if (gsl_sf_psi_1(mid) > x)
            lo = mid;
        else
            hi = mid;
    }
    return sqrt(lo * hi);
}

/* The fit itself, on spreads drawn from its own model: per session and group a true sd
 * typical_sd * w (w^2 = D0 / chi2(D0)), per point s^2 = sd^2 chi2(nu) / nu with nu = 2 or 4. From
 * 6 sessions: each point's weight within a factor 1.5 of the predictive one the truth gives,
 * 2 psi1^-1(psi1(D0/2) (1 + 1/6) + psi1(nu/2) / 6) (D0 between sessions, and the uncertainty of
 * a typical sd taken from 6 of them), and the prior sd's ratio to the typical one has a median
 * within 10% of 1. */
static void recovers(gsl_rng *rng)
{
    pk_spread in[6] = {{0}}, prior;
    char err[128];
    for (int t = 0; t < 6; t++) {
        for (int g = 0; g < NG; g++) {
            double w2 = D0 / gsl_ran_chisq(rng, D0);
            for (int b = 0; b < NB; b++) {
                pk_point k = key_of((size_t)(g * NB + b));
                double nu = b % 2 ? 2 : 4, sd = typical_sd(b) * sqrt(w2 * gsl_ran_chisq(rng, nu) / nu);
                PK_CHECK(pk_spread_add(&in[t], &k, PK_JUDGE_STATE, sd, nu) == PK_OK);
            }
        }
        PK_CHECK(pk_spread_sort(&in[t], err, sizeof err) == PK_OK);
    }
    PK_CHECK(pk_spread_fit(in, 6, &prior, err, sizeof err) == PK_OK);
    PK_CHECK_U64(prior.n, NPT);
    double ratio[NPT], lo = INFINITY, hi = 0;
    for (size_t i = 0; i < prior.n; i++) {
        const pk_spread_row *r = &prior.rows[i];
        int b = 0;
        while (((uint64_t)1 << b) < r->key.batch)
            b++;
        ratio[i] = r->sd / typical_sd(b);
        double nu = b % 2 ? 2 : 4, want = 2 * trigamma_inv(gsl_sf_psi_1(D0 / 2.0) * (1 + 1 / 6.0) + gsl_sf_psi_1(nu / 2) / 6);
        lo = fmin(lo, r->df / want);
        hi = fmax(hi, r->df / want);
        PK_CHECK(r->judgement == PK_JUDGE_STATE);
    }
    gsl_sort(ratio, 1, prior.n);
    double med = gsl_stats_median_from_sorted_data(ratio, 1, prior.n);
    printf("fit on its own model, 6 sessions: weight %.2f to %.2f of the predictive one (D0 %d), prior sd / typical "
           "median %.3f\n", lo, hi, D0, med);
    PK_CHECK(lo >= 1 / 1.5 && hi <= 1.5);
    PK_CHECK(fabs(med - 1) <= 0.10);
    for (int t = 0; t < 6; t++)
        pk_spread_free(&in[t]);
    pk_spread_free(&prior);
}

/* New sessions judged with the prior: A/A false alarms and +20% power against the runs alone. */
static void judged(gsl_rng *rng, const pk_spread *prior)
{
    const int n = 200;
    int any = 0;
    for (int t = 0; t < n; t++) {
        session(rng, -1, 0);
        with_prior(prior);
        PK_CHECK(judge() == PK_OK);
        any += sum.count[PK_VERDICT_SLOWER] + sum.count[PK_VERDICT_FASTER] > 0;
    }
    printf("A/A with the prior: %d of %d sessions flag a point\n", any, n);
    PK_CHECK(any <= 0.05 * n);
    size_t low = NPT, low_alone = NPT, per = NIT * NB, at90 = 0, at90_alone = 0, other = 0, flagged = 0;
    for (int t = 0; t < 20; t++) {
        session(rng, 2, 0.20);
        size_t found[2];
        for (int use = 0; use < 2; use++) {
            with_prior(use ? prior : NULL);
            PK_CHECK(judge() == PK_OK);
            found[use] = 0;
            for (size_t p = 2 * per; p < 3 * per; p++)
                found[use] += res[p].verdict == PK_VERDICT_SLOWER;
            for (size_t p = 0; p < NPT; p++) {
                int f = res[p].verdict == PK_VERDICT_SLOWER || res[p].verdict == PK_VERDICT_FASTER;
                flagged += f;
                other += f && p / per != 2;
            }
        }
        low = found[1] < low ? found[1] : low;
        low_alone = found[0] < low_alone ? found[0] : low_alone;
        at90 += (double)found[1] >= 0.9 * (double)per;
        at90_alone += (double)found[0] >= 0.9 * (double)per;
    }
    printf("+20%% in one strategy, 3 + 1 runs, 20 sessions: 90%% of its points slower in %zu with the prior (at "
           "least %zu of %zu), in %zu alone (at least %zu); other points flagged %zu of %zu\n", at90, low, per,
           at90_alone, low_alone, other, 40 * (NPT - per));
    PK_CHECK(at90 >= 15);
    PK_CHECK((double)low >= 0.70 * (double)per);
    PK_CHECK(low_alone < low && at90_alone < at90);
    /* Benjamini-Hochberg's promise: at most fdr of the flagged points false; and few at all. */
    PK_CHECK((double)other <= 0.05 * (double)flagged);
    PK_CHECK(other * 100 <= 40 * (NPT - per));
}

/* Sessions 2 and 3 times noisier than the fitted ones: the runs' spreads lie above the prior's,
 * the session's scale on the prior follows (its median within 25% of the truth), and A/A
 * comparisons flag a point in at most fdr of them (without the scale: 14% and 41%). */
static void noisier(gsl_rng *rng, const pk_spread *prior)
{
    for (int f = 2; f <= 3; f++) {
        int any = 0;
        double scale[100];
        noise = f;
        for (int t = 0; t < 100; t++) {
            session(rng, -1, 0);
            with_prior(prior);
            PK_CHECK(judge() == PK_OK);
            any += sum.count[PK_VERDICT_SLOWER] + sum.count[PK_VERDICT_FASTER] > 0;
            scale[t] = sum.prior_scale;
        }
        noise = 1;
        gsl_sort(scale, 1, 100);
        double med = gsl_stats_median_from_sorted_data(scale, 1, 100);
        printf("sessions %d times noisier: %d of 100 A/A flag a point; the prior scaled by %.2f (median)\n", f, any,
               med);
        PK_CHECK(any <= 5);
        PK_CHECK(fabs(med / f - 1) <= 0.25);
    }
}

/* One point with a prior: the moderated sd and df exactly, the runs' own kept. */
static void moderation(void)
{
    const double b[] = {100, 102, 98}, c[] = {101};
    pk_verdict_point p = {.group = 0, .pos = 0, .base = b, .nbase = 3, .cand = c, .ncand = 1};
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_verdict_result alone, mod;
    char err[128];
    PK_CHECK(pk_verdict_compute(&p, 1, &par, &alone, &sum, err, sizeof err) == PK_OK);
    p.prior_sd = 0.005;
    p.prior_df = 8;
    PK_CHECK(pk_verdict_compute(&p, 1, &par, &mod, &sum, err, sizeof err) == PK_OK);
    double s2 = alone.sd * alone.sd;
    PK_CHECK_NEAR(mod.sd, sqrt((8 * 0.005 * 0.005 + alone.df * s2) / (8 + alone.df)), 1e-15);
    PK_CHECK_NEAR(mod.df, alone.df + 8, 1e-12);
    PK_CHECK_NEAR(mod.own_sd, alone.sd, 0);
    PK_CHECK_NEAR(mod.own_df, alone.df, 0);
    PK_CHECK(mod.hi - mod.lo < alone.hi - alone.lo); /* more degrees of freedom, a tighter interval */
    p.prior_df = -1;
    PK_CHECK(pk_verdict_compute(&p, 1, &par, &mod, &sum, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "point 0: prior sd 0.005 with -1 degrees of freedom");
    p.prior_df = 4;
    p.prior_sd = 0;
    PK_CHECK(pk_verdict_compute(&p, 1, &par, &mod, &sum, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "point 0: prior sd 0 with 4 degrees of freedom");
}

/* Fits that cannot be made: one history, no point in two; a point given twice. */
static void bad_fits(void)
{
    pk_spread in[2] = {{0}}, prior;
    char err[128];
    pk_point a = key_of(0), b = key_of(1);
    PK_CHECK(pk_spread_add(&in[0], &a, PK_JUDGE_MEASURED, 0.01, 2) == PK_OK);
    PK_CHECK(pk_spread_add(&in[1], &b, PK_JUDGE_MEASURED, 0.01, 2) == PK_OK);
    PK_CHECK(pk_spread_fit(in, 1, &prior, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "a prior needs the spreads of at least 2 histories, got 1");
    PK_CHECK(pk_spread_fit(in, 2, &prior, err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "no point is in two of the 2 spread tables");
    PK_CHECK(pk_spread_add(&in[0], &a, PK_JUDGE_STATE, 0.02, 2) == PK_OK); /* another judgement: fine */
    PK_CHECK(pk_spread_sort(&in[0], err, sizeof err) == PK_OK);
    PK_CHECK(pk_spread_add(&in[0], &a, PK_JUDGE_MEASURED, 0.02, 2) == PK_OK);
    PK_CHECK(pk_spread_sort(&in[0], err, sizeof err) == PK_EINVAL);
    PK_CHECK_STR(err, "standard/item_ns:0/batch:1/grid:1/block:0 (measured) is given twice");
    pk_spread_free(&in[0]);
    pk_spread_free(&in[1]);
}

/* Writes text to a temporary file and reads it as a spread table: its status, err in err. */
static int read_text(const char *text, pk_spread *t, char *err, size_t errlen)
{
    char path[] = "pk_test_prior_XXXXXX"; /* in the test's working directory (the build tree) */
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp)
        return -100;
    fputs(text, fp);
    fclose(fp);
    int rc = pk_spread_read(path, t, err, errlen);
    remove(path);
    const char *at = strstr(err, path); /* the message names the file: keep what follows it */
    if (at)
        memmove(err, at + strlen(path), strlen(at + strlen(path)) + 1);
    return rc;
}

/* The reader: comments of any length and blank lines anywhere; a ninth field, numbers out of
 * bounds and a point twice refused, naming the line. */
static void reader(void)
{
    static char text[8192];
    pk_spread t;
    char err[512];
    const char *hdr = "strategy,item_ns,batch,grid,block,judgement,sd,df\n";
    memset(text, 0, sizeof text);
    strcpy(text, "# ");
    memset(text + 2, 'x', 3000);
    strcat(text, "\n");
    strcat(text, hdr);
    strcat(text, "graph,0,4,1,0,state,0.01,3\n\n# a note\nstandard,0,1,1,0,measured,0.02,2.5\n\n");
    PK_CHECK(read_text(text, &t, err, sizeof err) == PK_OK);
    PK_CHECK_U64(t.n, 2);
    if (t.n == 2) { /* sorted: judgement first */
        PK_CHECK(t.rows[0].judgement == PK_JUDGE_MEASURED && t.rows[0].key.strategy == PK_STRAT_STANDARD);
        PK_CHECK_NEAR(t.rows[1].sd, 0.01, 0);
        PK_CHECK_NEAR(t.rows[1].df, 3, 0);
    }
    pk_spread_free(&t);
    const struct {
        const char *rows, *want;
    } bad[] = {
        {"standard,0,1,1,0,measured,0.02,2.5,9\n", ":2: more than 8 fields"},
        {"standard,0,1,1,0,measured,0.02\n", ":2: 7 fields (want 8"},
        {"standard,0,1,1,0,measured,0.02,1e-300\n", ":2: df \"1e-300\" is not a number in [0.01, 1e+09]"},
        {"standard,0,1,1,0,measured,1e-170,2\n", ":2: sd \"1e-170\" is not a number in [1e-09, 10]"},
        {"standard,0,1,1,0,measured,nan,2\n", ":2: sd \"nan\" is not a number"},
        {"standard,0,1,1,0,measured,0.02,x\n", ":2: df \"x\" is not a number"},
        {"standard,0,1,1,0,sideways,0.02,2\n", ":2: judgement \"sideways\" is neither measured nor state"},
        {"sideways,0,1,1,0,measured,0.02,2\n", ":2: strategy \"sideways\" is not one pkbench knows"},
        {"standard,0,1,-1,0,measured,0.02,2\n", ":2: grid \"-1\" is not a whole number up to 4294967295"},
        {"standard,x,1,1,0,measured,0.02,2\n", ":2: item_ns \"x\" is not a whole number"},
        {"standard,0,0,1,0,measured,0.02,2\n", ":2: batch 0 is no point"}, /* batch 0: no point */
        {"standard,0,1,1,0,measured,0.02,2\nstandard,0,1,1,0,measured,0.03,2\n",
         ": standard/item_ns:0/batch:1/grid:1/block:0 (measured) is given twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "%s%s", hdr, bad[i].rows);
        PK_CHECK(read_text(text, &t, err, sizeof err) == PK_EPARSE);
        PK_CHECK(strncmp(err, bad[i].want, strlen(bad[i].want)) == 0);
        if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
            fprintf(stderr, "case %zu: %s\n", i, err);
    }
    PK_CHECK(read_text("strategy,item_ns,batch\n", &t, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":1: not a spread table header") != NULL);
    PK_CHECK(read_text("# only a comment\n", &t, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ": empty (no header)") != NULL);

    /* The writer's comment is one line whatever it holds: compare --fit-prior names its folders
     * there, and one named with a newline wrote a line the reader then refused. */
    pk_spread w = {0};
    pk_point k = {PK_STRAT_GRAPH, 0, 4, 1, 0};
    PK_CHECK(pk_spread_add(&w, &k, PK_JUDGE_STATE, 0.01, 3) == PK_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    pk_spread_write(o, &w, "fitted from a,c\nx\r,d");
    fclose(o);
    static const char line[] = "# fitted from a,c x ,d\n";
    PK_CHECK(buf && strncmp(buf, line, sizeof line - 1) == 0);
    PK_CHECK(buf && read_text(buf, &t, err, sizeof err) == PK_OK && t.n == 1);
    pk_spread_free(&t);
    free(buf);
    pk_spread_free(&w);
}

int main(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261203);
    pk_spread prior;
    recovers(rng);
    fit(rng, 6, &prior);
    judged(rng, &prior);
    noisier(rng, &prior);
    pk_spread_free(&prior);
    gsl_rng_free(rng);
    moderation();
    bad_fits();
    reader();
    return pk_test_done("prior");
}
