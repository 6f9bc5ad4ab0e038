/* Per-point regression verdicts from repeated runs (see verdict.h). A point's run-to-run variance
 * is pooled over its neighbours, with degrees of freedom from a two-level analysis of variance
 * (Satterthwaite), as drift neighbours share in a run is one observation, not one per point. */
#include "harness/verdict.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

const char *const pk_verdict_names[PK_VERDICT_COUNT] = {"same", "faster", "slower", "undecided"};
const char *const pk_verdict_scale_names[PK_VSCALE_COUNT] = {"runs", "pairs", "replicates", "none"};

typedef struct labelled {
    unsigned label;
    size_t idx; /* position among the side's values: keeps replicates in their given order */
    double y;   /* log of the value */
} labelled;

/* One run of one side: the mean of its log values, their sum of squares about it, and where
 * its values start in the side's sorted array. */
typedef struct run_stat {
    unsigned label;
    size_t start, n;
    double mean, ss;
} run_stat;

/* A residual of one unit of spread (a run, a pair or a replicate) of one point. Units of
 * different points with the same key were measured together (the same run, pass or pair). */
typedef struct unit {
    uint64_t key;
    double e;
} unit;

typedef struct point_stat {
    double d, base_log, cand_log;
    double ss_run, nu_run, f; /* f turns a unit's sd into the standard error of d */
    double ss_rep, nu_rep;
    double ss, nu; /* the chosen scale's */
    size_t off, nunits;
    unsigned base_runs, cand_runs;
    unsigned above, below; /* paired: blocks whose difference lies above +threshold, below -threshold */
} point_stat;

/* Scratch for one point's two sides. */
typedef struct sides {
    labelled *tb, *tc;
    run_stat *rb, *rc;
    size_t nb, nc; /* runs */
} sides;

static int labelled_cmp(const void *a, const void *b)
{
    const labelled *x = a, *y = b;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Groups one side's values into runs sorted by label. Returns the number of runs. */
static size_t side_runs(const double *v, const unsigned *lab, size_t n, labelled *tmp, run_stat *runs)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (labelled){lab ? lab[i] : (unsigned)i, i, log(v[i])};
    qsort(tmp, n, sizeof *tmp, labelled_cmp);
    size_t nr = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double s = 0;
        for (; j < n && tmp[j].label == tmp[i].label; j++)
            s += tmp[j].y;
        run_stat *r = &runs[nr++];
        *r = (run_stat){tmp[i].label, i, j - i, s / (double)(j - i), 0};
        for (size_t k = i; k < j; k++)
            r->ss += (tmp[k].y - r->mean) * (tmp[k].y - r->mean);
        i = j;
    }
    return nr;
}

static double mean_of_runs(const run_stat *r, size_t nr)
{
    double m = 0;
    for (size_t i = 0; i < nr; i++)
        m += r[i].mean;
    return m / (double)nr;
}

static uint64_t unit_key(unsigned side, unsigned label, size_t rep)
{
    return (uint64_t)side << 62 | (uint64_t)label << 30 | (uint64_t)(rep & 0x3fffffffu);
}

/* The key bits that name a unit's centring group: its side for runs, its run for replicates,
 * none for pairs (all pair differences are centred on one mean). */
static uint64_t group_mask(pk_verdict_scale scale)
{
    return scale == PK_VSCALE_RUNS ? (uint64_t)3 << 62 : scale == PK_VSCALE_REPLICATES ? ~(uint64_t)0x3fffffff : 0;
}

static void split_sides(const pk_verdict_point *pt, sides *s)
{
    s->nb = side_runs(pt->base, pt->base_run, pt->nbase, s->tb, s->rb);
    s->nc = side_runs(pt->cand, pt->cand_run, pt->ncand, s->tc, s->rc);
}

/* Fills st for point i; in paired mode the two sides must hold the same runs. */
static int point_stats(const pk_verdict_point *pt, size_t i, int paired, double th, sides *s, point_stat *st,
                       char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    split_sides(pt, s);
    st->base_log = mean_of_runs(s->rb, s->nb);
    st->cand_log = mean_of_runs(s->rc, s->nc);
    st->d = st->cand_log - st->base_log;
    st->base_runs = (unsigned)s->nb;
    st->cand_runs = (unsigned)s->nc;
    for (size_t r = 0; r < s->nb; r++) {
        st->ss_run += (s->rb[r].mean - st->base_log) * (s->rb[r].mean - st->base_log);
        st->ss_rep += s->rb[r].ss;
        st->nu_rep += (double)(s->rb[r].n - 1);
    }
    for (size_t r = 0; r < s->nc; r++) {
        st->ss_run += (s->rc[r].mean - st->cand_log) * (s->rc[r].mean - st->cand_log);
        st->ss_rep += s->rc[r].ss;
        st->nu_rep += (double)(s->rc[r].n - 1);
    }
    st->nu_run = (double)(s->nb + s->nc - 2);
    st->f = sqrt(1.0 / (double)s->nb + 1.0 / (double)s->nc);
    if (!paired)
        return PK_OK;
    int same = s->nb == s->nc;
    for (size_t r = 0; same && r < s->nb; r++)
        same = s->rb[r].label == s->rc[r].label;
    if (!same) {
        snprintf(err, errlen, "point %zu: paired sides hold different runs (%zu baseline, %zu candidate)", i, s->nb,
                 s->nc);
        return PK_EINVAL;
    }
    st->ss_run = 0;
    for (size_t r = 0; r < s->nb; r++) {
        double dr = s->rc[r].mean - s->rb[r].mean, e = dr - st->d;
        st->ss_run += e * e;
        st->above += dr > th;
        st->below += dr < -th;
    }
    st->nu_run = (double)(s->nb - 1);
    st->f = 1.0 / sqrt((double)s->nb);
    return PK_OK;
}

/* Writes the point's residuals of the chosen scale to u; returns how many. */
static size_t point_units(const pk_verdict_point *pt, const point_stat *st, pk_verdict_scale scale, sides *s,
                          unit *u)
{
    split_sides(pt, s);
    size_t n = 0;
    if (scale == PK_VSCALE_PAIRS) {
        for (size_t r = 0; r < s->nb; r++)
            u[n++] = (unit){unit_key(0, s->rb[r].label, 0), s->rc[r].mean - s->rb[r].mean - st->d};
        return n;
    }
    for (unsigned side = 0; side < 2; side++) {
        const run_stat *runs = side ? s->rc : s->rb;
        const labelled *t = side ? s->tc : s->tb;
        size_t nr = side ? s->nc : s->nb;
        double centre = side ? st->cand_log : st->base_log;
        for (size_t r = 0; r < nr; r++) {
            if (scale == PK_VSCALE_RUNS) {
                u[n++] = (unit){unit_key(side, runs[r].label, 0), runs[r].mean - centre};
                continue;
            }
            for (size_t k = 0; k < runs[r].n; k++)
                u[n++] = (unit){unit_key(side, runs[r].label, k), t[runs[r].start + k].y - runs[r].mean};
        }
    }
    return n;
}

typedef struct pos_key {
    long group;
    double pos;
    size_t idx;
} pos_key;

static int pos_cmp(const void *a, const void *b)
{
    const pos_key *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int unit_cmp(const void *a, const void *b)
{
    const unit *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int p_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A window of p neighbours: its sum of squares sst over nut degrees of freedom, split into the
 * part common to the neighbours in each unit (ssc, dfc = units - centring groups) and the rest. */
typedef struct window {
    double sst, nut, ssc, dfc, ssi, dfi, p;
} window;

/* The window of the point at sorted position k: its neighbours in its group within width. */
static void window_of(const pos_key *keys, size_t n, size_t k, const point_stat *st, const unit *units,
                      uint64_t gmask, double width, unit *buf, window *w)
{
    size_t lo = k, hi = k + 1;
    while (lo > 0 && keys[lo - 1].group == keys[k].group && keys[k].pos - keys[lo - 1].pos <= width)
        lo--;
    while (hi < n && keys[hi].group == keys[k].group && keys[hi].pos - keys[k].pos <= width)
        hi++;
    double sst = 0, nut = 0;
    size_t nb = 0;
    for (size_t j = lo; j < hi; j++) {
        const point_stat *s = &st[keys[j].idx];
        sst += s->ss;
        nut += s->nu;
        memcpy(buf + nb, units + s->off, s->nunits * sizeof *buf);
        nb += s->nunits;
    }
    qsort(buf, nb, sizeof *buf, unit_cmp);
    double ssc = 0, ngroups = 0, nkeys = 0;
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        double sum = 0;
        for (; j < nb && buf[j].key == buf[i].key; j++)
            sum += buf[j].e;
        ssc += sum * sum / (double)(j - i);
        nkeys++;
        ngroups += i == 0 || (buf[i].key & gmask) != (buf[i - 1].key & gmask);
        i = j;
    }
    *w = (window){sst, nut, ssc, nkeys - ngroups, fmax(sst - ssc, 0), nut - (nkeys - ngroups), (double)(hi - lo)};
}

static int two_level(const window *w) { return w->p > 1 && w->dfc > 0 && w->dfi > 0; }

/* An upper confidence bound (1 - PK_VERDICT_SHARED_ALPHA) on rho = sigma_c^2 / sigma_i^2, the
 * run's variance common to a window's points over each point's own, from the whole comparison:
 * per window E[ssc / dfc] = sigma_i^2 (1 + p rho), E[ssi / dfi] = sigma_i^2. Each group's common
 * sums are taken in units of its own independent variance, so that noisy groups do not outweigh
 * quiet ones, and pooled; over an F quantile with the degrees of freedom of the groups that hold
 * a two-level window (each counted once, and once for all takings) they bound 1 + p rho.
 * INFINITY (wholly shared) where no group has both parts. groups: non-zero at a group's first. */
static double shared_ratio(const window *w, const window *groups, size_t n, double takings)
{
    double c = 0, dfc = 0, pw = 0, dc = 0, di = 0;
    for (size_t g = 0, k; g < n; g = k) {
        double ssc = 0, ssi = 0, fc = 0, fi = 0, pwg = 0;
        for (k = g; k < n && (k == g || groups[k].p == 0); k++)
            if (two_level(&w[k])) {
                ssc += w[k].ssc, ssi += w[k].ssi, fc += w[k].dfc, fi += w[k].dfi;
                pwg += w[k].dfc * w[k].p;
            }
        if (fc > 0 && ssi > 0) { /* a group with nothing independent has no ratio to give */
            c += ssc / (ssi / fi), dfc += fc, pw += pwg;
            dc += groups[g].dfc, di += groups[g].dfi;
        }
    }
    const double t = fmax(takings, 1);
    if (dfc <= 0 || dc / t < 1 || di / t < 1)
        return INFINITY;
    return fmax(c / dfc / gsl_cdf_fdist_Pinv(PK_VERDICT_SHARED_ALPHA, dc / t, di / t) - 1, 0) / (pw / dfc);
}

/* The pooled spread's degrees of freedom: Satterthwaite's for sigma_i^2 ((1 + p r) / p + (p - 1) /
 * p), dfc where all is shared, at r the larger of the bound rho and the window's own estimate (its
 * own alone: where its common part came out small by chance, it gave many degrees of freedom to a
 * spread already too small, and 15-25% of synthetic A/A comparisons flagged a point). */
static double window_df(const window *w, double rho)
{
    if (!two_level(w) || !(w->ssi > 0) || !isfinite(rho))
        return two_level(w) ? w->dfc : w->nut;
    rho = fmax(rho, fmax((w->ssc / w->dfc) / (w->ssi / w->dfi) - 1, 0) / w->p);
    const double a = (1 + w->p * rho) / w->p, b = (w->p - 1) / w->p;
    return (a + b) * (a + b) / (a * a / w->dfc + b * b / w->dfi);
}

/* A point's prior, if any, moderates its spread: the prior's variance, times the session's scale,
 * weighs as prior_df degrees of freedom beside the runs' own. */
static void moderate(const pk_verdict_point *pt, double scale, double *sd, double *df)
{
    double d0 = pt->prior_df, v0 = pt->prior_sd * pt->prior_sd * scale;
    if (d0 > 0) {
        *sd = sqrt((d0 * v0 + *df * *sd * *sd) / (d0 + *df));
        *df += d0;
    }
}

/* The session against the prior (1 without one): a prior fitted from other sessions holds only
 * for a session drawn like them, and a noisier one would turn its noise into false alarms. Per
 * tested point with a prior, u = ln(s^2 / s0^2) - E, E = psi(nu/2) - ln(nu/2) - psi(d0/2) +
 * ln(d0/2), has mean 0 when s^2 / s0^2 ~ F(nu, d0). The points of a group drift together, so u
 * is averaged per group and the groups' means tested as the sample (one-sided, 5%, at least 3
 * groups): when they lie above 0, every prior variance is scaled by e^mean, so that the prior
 * keeps its shape and takes this session's level. Never below 1. */
static double session_scale(const pk_verdict_point *pts, const pos_key *keys, size_t n, const pk_verdict_result *res)
{
    double sum = 0, sum2 = 0, gsum = 0;
    size_t groups = 0, gn = 0;
    for (size_t k = 0; k <= n; k++) {
        if (gn && (k == n || keys[k].group != keys[k - 1].group)) {
            double g = gsum / (double)gn;
            sum += g;
            sum2 += g * g;
            groups++;
            gsum = 0;
            gn = 0;
        }
        if (k == n)
            break;
        const pk_verdict_point *p = &pts[keys[k].idx];
        const pk_verdict_result *r = &res[keys[k].idx];
        if (p->prior_df > 0 && r->own_df > 0 && r->own_sd > 0) {
            double nu = r->own_df, d0 = p->prior_df;
            double e = gsl_sf_psi(nu / 2) - log(nu / 2) - gsl_sf_psi(d0 / 2) + log(d0 / 2);
            gsum += 2 * log(r->own_sd / p->prior_sd) - e;
            gn++;
        }
    }
    if (groups < 3)
        return 1;
    double mean = sum / (double)groups, var = (sum2 - sum * mean) / (double)(groups - 1);
    double se = sqrt(fmax(var, 0) / (double)groups);
    return mean > 0 && mean > gsl_cdf_tdist_Qinv(0.05, (double)(groups - 1)) * se ? exp(mean) : 1;
}

/* P(T > (d - th) / se) for Student's t with df, where se may be 0. */
static double t_upper(double x, double se, double df)
{
    return se > 0 ? gsl_cdf_tdist_Q(x / se, df) : x > 0 ? 0 : 1;
}

/* The sign test: P(at least k of n blocks beyond the threshold) when each is so with chance 1/2. */
static double sign_upper(unsigned k, unsigned n)
{
    return k == 0 ? 1 : gsl_cdf_binomial_Q(k - 1, 0.5, n);
}

static int check_side(const double *v, size_t n, size_t pt, const char *side, char *err, size_t errlen)
{
    if (n == 0 || !v) {
        snprintf(err, errlen, "point %zu: the %s has no values", pt, side);
        return PK_EINVAL;
    }
    for (size_t i = 0; i < n; i++)
        if (!(v[i] > 0) || !isfinite(v[i])) {
            snprintf(err, errlen, "point %zu: %s value %zu is %g, not a positive number", pt, side, i, v[i]);
            return PK_EINVAL;
        }
    return PK_OK;
}

static int check_params(const pk_verdict_params *p, char *err, size_t errlen)
{
    const char *bad = !(p->threshold > 0 && p->threshold < 1)  ? "threshold"
                      : !(p->fdr > 0 && p->fdr < 1)              ? "fdr"
                      : !(p->window >= 0 && isfinite(p->window)) ? "window"
                      : !(p->min_sd > 0 && p->min_sd < 1)        ? "min_sd"
                      : !(p->min_df >= 1 && isfinite(p->min_df)) ? "min_df"
                      : !(p->margin >= 0 && p->margin <= p->threshold) ? "margin"
                      : !(p->takings >= 1 && isfinite(p->takings))       ? "takings"
                                                                 : NULL;
    if (!bad)
        return PK_OK;
    double v = strcmp(bad, "takings") == 0  ? p->takings
               : bad[0] == 't'              ? p->threshold
               : bad[0] == 'f'              ? p->fdr
               : bad[0] == 'w'              ? p->window
               : strcmp(bad, "min_sd") == 0 ? p->min_sd
               : strcmp(bad, "margin") == 0 ? p->margin
                                            : p->min_df;
    snprintf(err, errlen, "%s is %g, out of range", bad, v);
    return PK_EINVAL;
}

static int check_input(const pk_verdict_point *pts, size_t n, size_t *most, size_t *total, char *err, size_t errlen)
{
    *most = *total = 0;
    for (size_t i = 0; i < n; i++) {
        int rc;
        if ((rc = check_side(pts[i].base, pts[i].nbase, i, "baseline", err, errlen)) ||
            (rc = check_side(pts[i].cand, pts[i].ncand, i, "candidate", err, errlen)))
            return rc;
        if (!isfinite(pts[i].pos)) {
            snprintf(err, errlen, "point %zu: pos is %g, not a finite number", i, pts[i].pos);
            return PK_EINVAL;
        }
        if (!(pts[i].prior_df >= 0 && isfinite(pts[i].prior_df)) ||
            (pts[i].prior_df > 0 && !(pts[i].prior_sd > 0 && isfinite(pts[i].prior_sd)))) {
            snprintf(err, errlen, "point %zu: prior sd %g with %g degrees of freedom", i, pts[i].prior_sd,
                     pts[i].prior_df);
            return PK_EINVAL;
        }
        *most = pts[i].nbase > *most ? pts[i].nbase : *most;
        *most = pts[i].ncand > *most ? pts[i].ncand : *most;
        *total += pts[i].nbase + pts[i].ncand;
    }
    return PK_OK;
}

/* A tested point's p-value against |log ratio| <= th (the margin's): the data's t
 * test and a normal test at the floor min_sd must both reject (the floor keeps a point whose runs
 * agree by luck from deciding on a tiny spread); paired, the blocks' sign test too, whatever their
 * distribution (the blocks beyond th are counted in point_stats). */
static double point_p(const point_stat *s, const pk_verdict_result *r, double th, double min_sd, int paired)
{
    double se = r->sd * s->f, se_min = min_sd * s->f;
    double p_slow = fmax(t_upper(s->d - th, se, r->df), gsl_cdf_ugaussian_Q((s->d - th) / se_min));
    double p_fast = fmax(t_upper(-th - s->d, se, r->df), gsl_cdf_ugaussian_Q((-th - s->d) / se_min));
    if (paired) {
        p_slow = fmax(p_slow, sign_upper(s->above, s->base_runs));
        p_fast = fmax(p_fast, sign_upper(s->below, s->base_runs));
    }
    return fmin(1.0, 2.0 * fmin(p_slow, p_fast));
}

/* Why an undecided point is: untested; paired, its blocks' sign test alone (the spread would
 * reject at alpha), for want of blocks (their least p, 2^(1 - blocks), above alpha) or as they
 * disagree; else its interval. */
static pk_undecided undecided_why(const point_stat *s, const pk_verdict_result *r, const pk_verdict_params *par,
                                  int paired, double alpha)
{
    if (!isfinite(r->p))
        return PK_UNDECIDED_RUNS;
    if (paired && fabs(s->d) > log1p(par->threshold) && point_p(s, r, log1p(par->margin), par->min_sd, 0) <= alpha)
        return ldexp(1.0, 1 - (int)r->base_runs) > alpha ? PK_UNDECIDED_BLOCKS : PK_UNDECIDED_SIGNS;
    return PK_UNDECIDED_SPREAD;
}

/* Benjamini-Hochberg step-up over the m p-values (sorted in place): the largest k with
 * p_(k) <= q k / m, or 0. */
static size_t bh_discoveries(double *ps, size_t m, double q)
{
    qsort(ps, m, sizeof *ps, p_cmp);
    for (size_t k = m; k > 0; k--)
        if (ps[k - 1] <= q * (double)k / (double)m)
            return k;
    return 0;
}

/* Each point's result, undecided, with its window's pooled sd and degrees of freedom (none where
 * its own are fewer than need, or none pooled: not tested). Returns the bound on the shared part. */
static double own_spreads(const pos_key *keys, size_t n, const point_stat *st, const unit *units, uint64_t gmask,
                          const pk_verdict_params *par, unit *buf, window *win, window *grp, pk_verdict_result *res)
{
    for (size_t k = 0; k < n; k++) { /* each point's window, and each group's whole */
        window_of(keys, n, k, st, units, gmask, par->window, buf, &win[k]);
        if (k == 0 || keys[k].group != keys[k - 1].group)
            window_of(keys, n, k, st, units, gmask, INFINITY, buf, &grp[k]);
    }
    const double rho = shared_ratio(win, grp, n, par->takings), need = par->min_df;
    for (size_t k = 0; k < n; k++) { /* each point's own spread */
        size_t i = keys[k].idx;
        const point_stat *s = &st[i];
        const double df = window_df(&win[k], rho), sdv = win[k].nut > 0 ? sqrt(win[k].sst / win[k].nut) : NAN;
        int tested = df > 0 && s->nu >= need;
        res[i] = (pk_verdict_result){.verdict = PK_VERDICT_UNDECIDED,
                                     .base_ns = exp(s->base_log),
                                     .cand_ns = exp(s->cand_log),
                                     .change = expm1(s->d),
                                     .lo = NAN,
                                     .hi = NAN,
                                     .sd = tested ? sdv : NAN,
                                     .df = tested ? df : 0,
                                     .own_sd = tested ? sdv : NAN,
                                     .own_df = tested ? df : 0,
                                     .p = NAN,
                                     .base_runs = s->base_runs,
                                     .cand_runs = s->cand_runs};
    }
    return rho;
}

int pk_verdict_compute(const pk_verdict_point *pts, size_t n, const pk_verdict_params *params,
                       pk_verdict_result *res, pk_verdict_summary *sum, char *err, size_t errlen)
{
    if (!pts || !params || !res || !sum || n == 0) {
        snprintf(err, errlen, "%s", n == 0 ? "no points to judge" : "a required argument is NULL");
        return PK_EINVAL;
    }
    size_t most, total;
    int rc = check_params(params, err, errlen);
    if (rc || (rc = check_input(pts, n, &most, &total, err, errlen)))
        return rc;
    point_stat *st = calloc(n, sizeof *st);
    pos_key *keys = calloc(n, sizeof *keys);
    double *ps = calloc(n, sizeof *ps);
    unit *units = calloc(total, sizeof *units), *buf = calloc(total, sizeof *buf);
    window *win = calloc(n, sizeof *win), *grp = calloc(n, sizeof *grp); /* grp: zero but at a group's first */
    sides sd = {calloc(most, sizeof(labelled)), calloc(most, sizeof(labelled)), calloc(most, sizeof(run_stat)),
                calloc(most, sizeof(run_stat)), 0, 0};
    rc = st && keys && ps && units && buf && win && grp && sd.tb && sd.tc && sd.rb && sd.rc ? PK_OK : PK_ENOMEM;
    if (rc)
        snprintf(err, errlen, "out of memory");
    double nu_run = 0, nu_rep = 0; /* the most any point has */
    double th = log1p(params->threshold), th_test = log1p(params->margin);
    for (size_t i = 0; rc == PK_OK && i < n; i++) {
        rc = point_stats(&pts[i], i, params->paired, th_test, &sd, &st[i], err, errlen);
        nu_run = fmax(nu_run, st[i].nu_run);
        nu_rep = fmax(nu_rep, st[i].nu_rep);
    }
    if (rc)
        goto out;

    /* One source of spread for the whole comparison, so that every point is judged alike. A
     * replicate standing in for a run keeps the run's standard error factor: its spread is not
     * divided by the number of replicates. */
    double need = params->min_df;
    pk_verdict_scale scale = params->paired ? PK_VSCALE_PAIRS
                             : nu_run >= need ? PK_VSCALE_RUNS
                             : params->replicate_scale && nu_rep >= need ? PK_VSCALE_REPLICATES
                                                                         : PK_VSCALE_NONE;
    if (params->paired && nu_run < need)
        scale = PK_VSCALE_NONE;
    for (size_t i = 0, off = 0; i < n; i++) {
        point_stat *s = &st[i];
        int reps = scale == PK_VSCALE_REPLICATES;
        s->ss = scale == PK_VSCALE_NONE ? 0 : reps ? s->ss_rep : s->ss_run;
        s->nu = scale == PK_VSCALE_NONE ? 0 : reps ? s->nu_rep : s->nu_run;
        s->off = off;
        s->nunits = scale == PK_VSCALE_NONE ? 0 : point_units(&pts[i], s, scale, &sd, units + off);
        off += s->nunits;
        keys[i] = (pos_key){pts[i].group, pts[i].pos, i};
    }
    qsort(keys, n, sizeof *keys, pos_cmp);

    size_t m = 0;
    const double rho = own_spreads(keys, n, st, units, group_mask(scale), params, buf, win, grp, res);
    double prior_scale = session_scale(pts, keys, n, res);
    for (size_t i = 0; i < n; i++) /* moderated by the prior, then tested */
        if (res[i].own_df > 0) {
            moderate(&pts[i], prior_scale, &res[i].sd, &res[i].df);
            res[i].p = point_p(&st[i], &res[i], th_test, params->min_sd, scale == PK_VSCALE_PAIRS);
            /* Only a change beyond the threshold can be a verdict, so only its p enters the family
             * (1 otherwise, still a valid p-value): discoveries that could never be reported would
             * raise every point's level, and false faster/slower verdicts would then escape the
             * rate (TREAT's point against filtering after Benjamini-Hochberg). */
            ps[m++] = fabs(st[i].d) > th ? res[i].p : 1;
        }

    /* Every point of the family with p <= q R / m is a discovery, slower or faster, and every
     * interval is drawn at that level, so that a discovery's interval lies wholly beyond the
     * margin and no other point beyond the threshold has one that does. */
    size_t disc = bh_discoveries(ps, m, params->fdr);
    double alpha = m ? params->fdr * (double)(disc ? disc : 1) / (double)m : params->fdr;
    *sum = (pk_verdict_summary){.tested = m, .level = 1 - alpha, .scale = scale, .params = *params,
                                .prior_scale = sqrt(prior_scale), .shared_bound = rho};
    for (size_t i = 0; i < n; i++) {
        pk_verdict_result *r = &res[i];
        if (isfinite(r->p)) {
            double half = fmax(gsl_cdf_tdist_Qinv(alpha / 2, r->df) * r->sd,
                               gsl_cdf_ugaussian_Qinv(alpha / 2) * params->min_sd) * st[i].f;
            double d = st[i].d;
            r->lo = expm1(d - half);
            r->hi = expm1(d + half);
            if (disc && fabs(d) > th && r->p <= alpha)
                r->verdict = d > 0 ? PK_VERDICT_SLOWER : PK_VERDICT_FASTER;
            else if (d - half >= -th && d + half <= th)
                r->verdict = PK_VERDICT_SAME;
        }
        if (r->verdict == PK_VERDICT_UNDECIDED)
            r->why = undecided_why(&st[i], r, params, scale == PK_VSCALE_PAIRS, alpha);
        sum->count[r->verdict]++;
    }
    sum->discoveries = disc;
out:
    free(st);
    free(keys);
    free(ps);
    free(units);
    free(buf);
    free(win);
    free(grp);
    free(sd.tb);
    free(sd.tc);
    free(sd.rb);
    free(sd.rc);
    return rc;
}
