/* Invariant: the verdict module (harness/verdict.h) reproduces hand-computed cases (change,
 * pooled sd, the degrees of freedom at the bound on the shared drift, Benjamini-Hochberg level,
 * p-values under three margins, intervals, one verdict of each kind, the spread's floor, a
 * window of 0) from an implementation of its formulas independent of it
 * (tests/compare/verdict_hand.py). */
#include <math.h>

#include "common/status.h"
#include "harness/verdict.h"
#include "tests/pk_test.h"

/* Group 0 of the hand cases: three points at pos 0, 1, 2, the first 25% slower in the candidate,
 * the second unchanged, the third 20% faster. */
static const double a_b[] = {100, 101, 99}, a_c[] = {125}, b_b[] = {200, 199, 203}, b_c[] = {201};
static const double d_b[] = {300, 301.5, 297}, d_c[] = {240};
#define PK_HAND_GROUP0                                                                                             \
    {0, 0, a_b, NULL, 3, a_c, NULL, 1, 0, 0}, {0, 1, b_b, NULL, 3, b_c, NULL, 1, 0, 0},                           \
        {0, 2, d_b, NULL, 3, d_c, NULL, 1, 0, 0}
/* A group whose three points drift almost alike from run to run. */
static const double x_b[3][3] = {{100, 101, 99}, {200, 202.5, 198}, {300, 302.7, 297.2}}, x_c[3] = {104, 207, 309};

/* The hand-computed case: group 0 holds three points at pos 0, 1, 2 (all neighbours with
 * window 2), group 1 one noisy point. Expected values from an independent implementation of
 * the formulas (tests/compare/verdict_hand.py: mpmath, Student t and F by the incomplete beta
 * function). One group of three points bounds the shared drift loosely (rho <= 53): the pooled
 * spread keeps little more than one point's 2 degrees of freedom, and the unchanged point's
 * interval reaches past +-5% (undecided). */
static void hand_case(void)
{
    const double c_b[] = {50, 55, 45}, c_c[] = {52};
    const pk_verdict_point pts[] = {PK_HAND_GROUP0, {1, 0, c_b, NULL, 3, c_c, NULL, 1, 0, 0}};
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_verdict_result r[4];
    pk_verdict_summary sum;
    char err[128];
    PK_CHECK(pk_verdict_compute(pts, 4, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_U64(sum.tested, 4);
    PK_CHECK_U64(sum.discoveries, 2);
    PK_CHECK_NEAR(sum.level, 1 - 0.05 * 2 / 4, 1e-15);
    PK_CHECK(sum.scale == PK_VSCALE_RUNS);
    PK_CHECK_STR(pk_verdict_names[r[0].verdict], "slower");
    PK_CHECK_STR(pk_verdict_names[r[1].verdict], "undecided");
    PK_CHECK_STR(pk_verdict_names[r[2].verdict], "faster");
    PK_CHECK_STR(pk_verdict_names[r[3].verdict], "undecided");
    PK_CHECK_NEAR(r[0].change, 0.25004166944465966, 1e-12);
    PK_CHECK_NEAR(r[0].sd, 0.0094131110720133779, 1e-12);
    PK_CHECK_NEAR(r[0].df, 2.0501300759675601, 1e-9);
    PK_CHECK_NEAR(r[0].p, 0.0026672116478786004, 1e-12); /* against |change| <= 2.5%, the margin */
    PK_CHECK_NEAR(r[0].lo, 0.17089317368617707, 1e-9);
    PK_CHECK_NEAR(r[0].hi, 0.33454034105318241, 1e-9);
    PK_CHECK_NEAR(r[1].change, 0.0016969561575886021, 1e-12);
    PK_CHECK_NEAR(r[1].lo, -0.061727175392319328, 1e-9);
    PK_CHECK_NEAR(r[1].hi, 0.069408348680382539, 1e-9);
    PK_CHECK_NEAR(r[2].change, -0.19864878167261386, 1e-12);
    PK_CHECK_NEAR(r[2].lo, -0.24938768506694469, 1e-9);
    PK_CHECK_NEAR(r[2].hi, -0.14448009666340393, 1e-9);
    /* The noisy point pools with nobody: its own spread, 2 degrees of freedom. */
    PK_CHECK_NEAR(r[3].sd, 0.10037728548770337, 1e-12);
    PK_CHECK_NEAR(r[3].df, 2, 1e-12);
    PK_CHECK_NEAR(r[3].lo, -0.49169025152300982, 1e-9);
    PK_CHECK_NEAR(r[3].hi, 1.142141278784796, 1e-9);
    PK_CHECK_NEAR(r[0].base_ns, exp((log(100) + log(101) + log(99)) / 3), 1e-9);
    PK_CHECK_U64(r[0].base_runs, 3);
    PK_CHECK_U64(r[0].cand_runs, 1);
    /* Neighbours whose runs moved all alike (the same relative deviations in every run) are
     * one observation of drift: the pooled degrees of freedom fall to those of one point. */
    const double s_b[] = {200, 202, 198}, t_b[] = {300, 303, 297};
    const pk_verdict_point shared[] = {{0, 0, a_b, NULL, 3, a_c, NULL, 1, 0, 0},
                                       {0, 1, s_b, NULL, 3, b_c, NULL, 1, 0, 0},
                                       {0, 2, t_b, NULL, 3, d_c, NULL, 1, 0, 0}};
    PK_CHECK(pk_verdict_compute(shared, 3, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(r[1].df, 2, 1e-9);
    PK_CHECK_NEAR(r[1].sd, 0.010000375022692633, 1e-12);
    /* Runs agreeing to 0.05%: the interval is the normal one at the 0.5% floor (level 95% for
     * one point with no discovery), here inside +-5%: same. */
    const double f_b[] = {1000, 1000.5, 999.5}, f_c[] = {1030};
    const pk_verdict_point floor_pt[] = {{0, 0, f_b, NULL, 3, f_c, NULL, 1, 0, 0}};
    PK_CHECK(pk_verdict_compute(floor_pt, 1, &par, r, &sum, err, sizeof err) == PK_OK);
    double d = log(1030) - (log(1000) + log(1000.5) + log(999.5)) / 3, half = 1.959963984540054 * 0.005 * sqrt(4.0 / 3);
    PK_CHECK_NEAR(r[0].lo, expm1(d - half), 1e-12);
    PK_CHECK_NEAR(r[0].hi, expm1(d + half), 1e-12);
    PK_CHECK(r[0].sd < 0.001);
    PK_CHECK_STR(pk_verdict_names[r[0].verdict], "same");
    /* The margin moves only the p-values' null: 0 tests no change, the threshold itself the old
     * rule (the interval beyond it); the same values from the same independent implementation. */
    par.margin = 0;
    PK_CHECK(pk_verdict_compute(pts, 4, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(r[0].p, 0.0020993612879329913, 1e-12);
    PK_CHECK_STR(pk_verdict_names[r[0].verdict], "slower");
    par.margin = par.threshold;
    PK_CHECK(pk_verdict_compute(pts, 4, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(r[0].p, 0.0034729274564678227, 1e-12);
    PK_CHECK(r[0].lo > par.threshold && r[0].verdict == PK_VERDICT_SLOWER);
    par.margin = 0.025;
    /* A window of 0 leaves every point alone: its own spread, 2 degrees of freedom. */
    par.window = 0;
    PK_CHECK(pk_verdict_compute(pts, 4, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(r[1].df, 2, 0);
    PK_CHECK_NEAR(r[1].sd, 0.010350944406853552, 1e-12); /* sd of log 200, log 199, log 203 */
}

/* The hand case's group 0 beside a group of five points at pos 0-4 (windows of 3, 4, 5, 4 and 3
 * points): the bound on the shared drift pools windows of several sizes and counts two groups
 * (rho <= 2.38), so the degrees of freedom rise above 2 and differ with the window; the middle
 * point of the five is certified same. Then a third group that shares far more than the others.
 * Expected values from tests/compare/verdict_hand.py. */
static void hand_two_groups(void)
{
    const double v[5][4] = {{400, 404, 397, 410}, {500, 497, 503, 505}, {600, 606, 601, 598},
                            {700, 690, 707, 720}, {800, 803, 799, 1000}};
    pk_verdict_point pts[8] = {PK_HAND_GROUP0};
    for (int i = 0; i < 5; i++)
        pts[3 + i] = (pk_verdict_point){2, i, v[i], NULL, 3, &v[i][3], NULL, 1, 0, 0};
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_verdict_result r[8];
    pk_verdict_summary sum;
    char err[128];
    PK_CHECK(pk_verdict_compute(pts, 8, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_U64(sum.discoveries, 3);
    static const char *const want[8] = {"slower", "undecided", "faster", "undecided",
                                        "undecided", "same", "undecided", "slower"};
    for (int i = 0; i < 8; i++)
        PK_CHECK_STR(pk_verdict_names[r[i].verdict], want[i]);
    PK_CHECK_NEAR(r[0].df, 3.0147422935630107, 1e-9);
    PK_CHECK_NEAR(r[0].p, 0.00034786801555546959, 1e-12);
    PK_CHECK_NEAR(r[4].sd, 0.008529484372760234, 1e-12);
    PK_CHECK_NEAR(r[4].df, 3.2188886999446275, 1e-9);
    PK_CHECK_NEAR(r[5].df, 3.3552096022836004, 1e-9);
    PK_CHECK_NEAR(r[5].lo, -0.044261661490030759, 1e-9);
    PK_CHECK_NEAR(r[5].hi, 0.031330344279453113, 1e-9);
    PK_CHECK_NEAR(r[7].p, 0.00020458566605609618, 1e-12);
    PK_CHECK_NEAR(r[7].lo, 0.19760397758921117, 1e-9);
    /* A third group whose three points drift almost alike raises the bound (rho <= 342): every
     * window keeps little more than 2 degrees of freedom, and the five-point group's same goes. */
    pk_verdict_point three[11];
    pk_verdict_result q[11];
    for (int i = 0; i < 11; i++)
        three[i] = i < 3   ? pts[i]
                   : i < 6 ? (pk_verdict_point){1, i - 3, x_b[i - 3], NULL, 3, &x_c[i - 3], NULL, 1, 0, 0}
                           : pts[i - 3];
    PK_CHECK(pk_verdict_compute(three, 11, &par, q, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_U64(sum.discoveries, 3);
    PK_CHECK_NEAR(sum.shared_bound, 341.94524048583391, 1e-6);
    PK_CHECK_NEAR(q[0].df, 2.0077947037809572, 1e-9);
    PK_CHECK_NEAR(q[0].p, 0.0029333996610093199, 1e-12);
    PK_CHECK_NEAR(q[3].sd, 0.010178552219365494, 1e-12);
    PK_CHECK_NEAR(q[8].df, 2.0093609411134576, 1e-9);
    PK_CHECK_NEAR(q[10].p, 0.0020581840973324466, 1e-12);
    PK_CHECK_STR(pk_verdict_names[q[10].verdict], "slower");
    PK_CHECK_STR(pk_verdict_names[q[8].verdict], "undecided");
}

/* Twenty groups of three points whose runs scatter apart (a fixed pattern) and a twenty-first
 * whose points drift almost alike: the bound pooled over 21 groups (rho <= 9.18) lies below that
 * group's own estimate, so its points keep their own, lower, degrees of freedom (2.03 against
 * the others' 2.28). Expected values from tests/compare/verdict_hand.py. */
static double pattern(int g, int i, int r)
{
    return 1 + ((7 * i + 3 * r + 5 * g) % 11 - 5) * 0.002;
}

static void hand_many_groups(void)
{
    enum { N = 63 };
    static double b[N][3], c[N][1];
    static pk_verdict_point pts[N];
    static pk_verdict_result r[N];
    for (int g = 0; g < 21; g++)
        for (int i = 0; i < 3; i++) {
            const int k = g * 3 + i;
            for (int j = 0; j < 4; j++) {
                const double v = g < 20 ? 100.0 * (g + 1) * (i + 1) * pattern(g, i, j) : j < 3 ? x_b[i][j] : x_c[i];
                *(j < 3 ? &b[k][j] : &c[k][0]) = v;
            }
            pts[k] = (pk_verdict_point){g, i, b[k], NULL, 3, c[k], NULL, 1, 0, 0};
        }
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    pk_verdict_summary sum;
    char err[128];
    PK_CHECK(pk_verdict_compute(pts, N, &par, r, &sum, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(sum.shared_bound, 9.1753034021131437, 1e-9);
    PK_CHECK_NEAR(r[0].sd, 0.0067642115734967375, 1e-12);
    PK_CHECK_NEAR(r[0].df, 2.2846627906195162, 1e-9);
    PK_CHECK_NEAR(r[60].df, 2.0332119029734259, 1e-9);
    PK_CHECK_NEAR(r[61].p, 0.52608880584686745, 1e-12);
}

int main(void)
{
    hand_case();
    hand_two_groups();
    hand_many_groups();
    return pk_test_done("verdict_hand");
}
