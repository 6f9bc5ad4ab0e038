/* Spreads per point and the prior fitted from them (see prior.h). */
#include "harness/prior.h"

#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_statistics_double.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/infile.h"
#include "common/status.h"
#include "harness/cells.h"

const char *const pk_judgement_names[PK_JUDGE_COUNT] = {"measured", "state"};

static const char header[] = "strategy,item_ns,batch,grid,block,judgement,sd,df";

int pk_spread_add(pk_spread *s, const pk_point *key, pk_judgement j, double sd, double df)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        pk_spread_row *r = realloc(s->rows, cap * sizeof *r);
        if (!r)
            return PK_ENOMEM;
        s->rows = r;
        s->cap = cap;
    }
    s->rows[s->n++] = (pk_spread_row){*key, j, sd, df};
    return PK_OK;
}

static int row_cmp(const void *a, const void *b)
{
    const pk_spread_row *x = a, *y = b;
    if (x->judgement != y->judgement)
        return x->judgement < y->judgement ? -1 : 1;
    return pk_point_compare(&x->key, &y->key);
}

int pk_spread_sort(pk_spread *s, char *err, size_t errlen)
{
    if (s->n)
        qsort(s->rows, s->n, sizeof *s->rows, row_cmp);
    for (size_t i = 1; i < s->n; i++)
        if (row_cmp(&s->rows[i - 1], &s->rows[i]) == 0) {
            char name[160];
            pk_point_name(&s->rows[i].key, name, sizeof name);
            snprintf(err, errlen, "%s (%s) is given twice", name, pk_judgement_names[s->rows[i].judgement]);
            return PK_EINVAL;
        }
    return PK_OK;
}

void pk_spread_free(pk_spread *s)
{
    free(s->rows);
    *s = (pk_spread){0};
}

const pk_spread_row *pk_spread_find(const pk_spread *s, const pk_point *key, pk_judgement j)
{
    pk_spread_row k = {*key, j, 0, 0};
    return s->n ? bsearch(&k, s->rows, s->n, sizeof k, row_cmp) : NULL;
}

void pk_spread_write(FILE *o, const pk_spread *s, const char *comment)
{
    if (comment) { /* one line whatever it holds (a folder named with a newline would end it) */
        fputs("# ", o);
        for (const char *c = comment; *c; c++)
            fputc((unsigned char)*c < 0x20 || *c == 0x7f ? ' ' : *c, o);
        fputc('\n', o);
    }
    fprintf(o, "%s\n", header);
    for (size_t i = 0; i < s->n; i++) {
        const pk_spread_row *r = &s->rows[i];
        fprintf(o, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u,%s,%.6g,%.4g\n", pk_strategy_names[r->key.strategy],
                r->key.item_ns, r->key.batch, r->key.grid, r->key.block, pk_judgement_names[r->judgement], r->sd,
                r->df);
    }
}

/* The bounds a spread row is read within: an sd of a log median between 1e-9 and 10, degrees of
 * freedom between 0.01 and 1e9 (beyond them the fit's digamma and trigamma lose their meaning). */
#define SD_MIN PK_SPREAD_SD_MIN
#define SD_MAX 10.0
#define DF_MIN 0.01
#define DF_MAX 1e9

/* One data line (split in place into its fields) into r; 1 when it is a valid row of 8, else 0
 * with what is wrong in why. */
static int parse_row(char *line, pk_spread_row *r, char *why, size_t whylen)
{
    static const char *const names[8] = {"strategy", "item_ns", "batch", "grid", "block", "judgement", "sd", "df"};
    char *f[8];
    size_t nf = 0;
    for (char *s = line;; s++) {
        if (nf == 8) {
            snprintf(why, whylen, "more than 8 fields (want %s)", header);
            return 0;
        }
        f[nf++] = s;
        if (!(s = strchr(s, ',')))
            break;
        *s = '\0';
    }
    if (nf != 8) {
        snprintf(why, whylen, "%zu fields (want 8: %s)", nf, header);
        return 0;
    }
    uint64_t u[5];
    static const uint64_t max[5] = {0, UINT64_MAX, UINT64_MAX, UINT32_MAX, UINT32_MAX};
    int st = pk_strategy_lookup(f[0]), j = -1;
    for (int i = 0; i < PK_JUDGE_COUNT; i++)
        if (strcmp(f[5], pk_judgement_names[i]) == 0)
            j = i;
    if (st < 0) {
        snprintf(why, whylen, "strategy \"%.40s\" is not one pkbench knows", f[0]);
        return 0;
    }
    for (int i = 1; i < 5; i++)
        if (!pk_cell_u64(f[i], max[i], &u[i])) {
            snprintf(why, whylen, "%s \"%.40s\" is not a whole number up to %" PRIu64, names[i], f[i], max[i]);
            return 0;
        }
    if (u[2] == 0) {
        snprintf(why, whylen, "batch 0 is no point (a batch is at least 1)");
        return 0;
    }
    if (j < 0) {
        snprintf(why, whylen, "judgement \"%.40s\" is neither %s nor %s", f[5], pk_judgement_names[0],
                 pk_judgement_names[1]);
        return 0;
    }
    const double lo[2] = {SD_MIN, DF_MIN}, hi[2] = {SD_MAX, DF_MAX};
    double v[2];
    for (int i = 0; i < 2; i++)
        if (!pk_cell_double(f[6 + i], &v[i]) || !(v[i] >= lo[i] && v[i] <= hi[i])) {
            snprintf(why, whylen, "%s \"%.40s\" is not a number in [%g, %g]", names[6 + i], f[6 + i], lo[i], hi[i]);
            return 0;
        }
    r->key = (pk_point){(pk_strategy)st, u[1], u[2], (unsigned)u[3], (unsigned)u[4]};
    r->judgement = (pk_judgement)j;
    r->sd = v[0];
    r->df = v[1];
    return 1;
}

int pk_spread_read(const char *path, pk_spread *s, char *err, size_t errlen)
{
    *s = (pk_spread){0};
    FILE *fp;
    int rc = pk_input_open(path, &fp, err, errlen);
    if (rc != PK_OK)
        return rc;
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int seen_header = 0;
    while (rc == PK_OK && getline(&line, &cap, fp) != -1) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') /* comments (what the table came from) and blank lines */
            continue;
        if (!seen_header) {
            seen_header = 1;
            if (strcmp(line, header) != 0) {
                snprintf(err, errlen, "%s:%lu: not a spread table header (want %s)", path, lineno, header);
                rc = PK_EPARSE;
            }
            continue;
        }
        pk_spread_row r;
        char why[256];
        if (!parse_row(line, &r, why, sizeof why)) {
            snprintf(err, errlen, "%s:%lu: %s", path, lineno, why);
            rc = PK_EPARSE;
        } else if (pk_spread_add(s, &r.key, r.judgement, r.sd, r.df) != PK_OK) {
            snprintf(err, errlen, "out of memory");
            rc = PK_ENOMEM;
        }
    }
    free(line);
    if (rc == PK_OK && ferror(fp)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = PK_EIO;
    } else if (rc == PK_OK && !seen_header) {
        snprintf(err, errlen, "%s: empty (no header)", path);
        rc = PK_EPARSE;
    }
    fclose(fp);
    if (rc == PK_OK) {
        char why[512];
        if (pk_spread_sort(s, why, sizeof why) != PK_OK) {
            snprintf(err, errlen, "%s: %s", path, why);
            rc = PK_EPARSE;
        }
    }
    if (rc != PK_OK)
        pk_spread_free(s);
    return rc;
}

/* trigamma's inverse (limma's Newton iteration): y with psi_1(y) = x, for x > 0. */
static double trigamma_inverse(double x)
{
    if (x > 1e7)
        return 1 / sqrt(x);
    if (x < 1e-6)
        return 1 / x;
    double y = 0.5 + 1 / x;
    for (int i = 0; i < 50; i++) {
        double tri = gsl_sf_psi_1(y), dif = tri * (1 - tri / x) / gsl_sf_psi_n(2, y);
        y += dif;
        if (-dif / y < 1e-8)
            break;
    }
    return y;
}

/* e = ln s^2 - psi(nu/2) + ln(nu/2): an unbiased estimate of ln s0^2 - psi(d0/2) + ln(d0/2). */
static double log_var_e(const pk_spread_row *r)
{
    return 2 * log(r->sd) - gsl_sf_psi(r->df / 2) + log(r->df / 2);
}

/* One point of the fit: its mean e, excess variance of e, and degrees of freedom in all. */
typedef struct fit_point {
    pk_spread_row key; /* its key and judgement (sd, df unused) */
    double e_mean, excess, nu;
    double e_noise; /* the sampling part of the variance of e_mean: sum of trigamma(nu/2) / m^2 */
    double m;       /* histories */
} fit_point;

int pk_spread_same_group(const pk_spread_row *a, const pk_spread_row *b)
{
    return a->judgement == b->judgement && a->key.strategy == b->key.strategy && a->key.item_ns == b->key.item_ns &&
           a->key.grid == b->key.grid && a->key.block == b->key.block;
}

/* Orders rows group by group (the table's order has batch before shape). */
static int row_group_cmp(const pk_spread_row *x, const pk_spread_row *y)
{
    if (!pk_spread_same_group(x, y)) {
        pk_point px = x->key, py = y->key;
        px.batch = py.batch = 0;
        return x->judgement != y->judgement ? (x->judgement < y->judgement ? -1 : 1) : pk_point_compare(&px, &py);
    }
    return x->key.batch < y->key.batch ? -1 : x->key.batch > y->key.batch;
}

static int group_cmp(const void *a, const void *b)
{
    return row_group_cmp(a, b);
}

void pk_spread_sort_groups(pk_spread *s)
{
    if (s->n)
        qsort(s->rows, s->n, sizeof *s->rows, group_cmp);
}

int pk_spread_fit(const pk_spread *in, size_t k, pk_spread *prior, char *err, size_t errlen)
{
    *prior = (pk_spread){0};
    if (k < 2) {
        snprintf(err, errlen, "a prior needs the spreads of at least 2 histories, got %zu", k);
        return PK_EINVAL;
    }
    /* Every point and judgement of every table, in sorted order (judgement first): each table is
     * sorted, so a merge walks them together. */
    size_t *at = calloc(k, sizeof *at), cap = 0;
    for (size_t t = 0; t < k; t++)
        cap += in[t].n;
    fit_point *pts = malloc((cap ? cap : 1) * sizeof *pts);
    double *e = malloc(k * sizeof *e);
    if (!at || !pts || !e) {
        free(at);
        free(pts);
        free(e);
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    size_t np = 0;
    for (;;) {
        const pk_spread_row *lo = NULL;
        for (size_t t = 0; t < k; t++)
            if (at[t] < in[t].n && (!lo || row_cmp(&in[t].rows[at[t]], lo) < 0))
                lo = &in[t].rows[at[t]];
        if (!lo)
            break;
        pk_spread_row key = *lo;
        size_t m = 0;
        double tri = 0, nu = 0;
        for (size_t t = 0; t < k; t++)
            if (at[t] < in[t].n && row_cmp(&in[t].rows[at[t]], &key) == 0) {
                const pk_spread_row *r = &in[t].rows[at[t]++];
                e[m++] = log_var_e(r);
                tri += gsl_sf_psi_1(r->df / 2);
                nu += r->df;
            }
        if (m < 2)
            continue;
        double mean = gsl_stats_mean(e, 1, m), var = gsl_stats_variance_m(e, 1, m, mean);
        pts[np++] = (fit_point){key, mean, var - tri / (double)m, nu, tri / ((double)m * (double)m), (double)m};
    }
    free(at);
    free(e);
    int rc = np ? PK_OK : PK_EINVAL;
    if (!np)
        snprintf(err, errlen, "no point is in two of the %zu spread tables", k);
    /* Per judgement: d0 from the mean excess variance over its points (none left: the histories
     * agree within their sampling noise, d0 unbounded); then per point s0 and its weight. One d0
     * per judgement, as limma has one: each point's histories are few and a group's points drift
     * together, so a d0 per group would be mostly noise. But limma's s0 is one for thousands of
     * features, known; ours is each point's own, from m histories, so it is uncertain too: a new
     * session's ln sigma^2 lies about ln s0^2 with variance trigamma(d0/2) (the sessions' own
     * spread) plus that of the estimate, (trigamma(d0/2) + mean trigamma(nu/2)) / m. The weight
     * is the d0 of that predictive variance; taking d0 itself would overstate it (about twice,
     * with 6 histories of 2 degrees of freedom each) and the intervals would be too narrow. */
    for (size_t i = 0; rc == PK_OK && i < np;) {
        size_t j = i;
        double ex = 0;
        for (; j < np && pts[j].key.judgement == pts[i].key.judgement; j++)
            ex += pts[j].excess;
        ex /= (double)(j - i);
        double d0 = ex > 0 ? 2 * trigamma_inverse(ex) : INFINITY;
        double t0 = isfinite(d0) ? gsl_sf_psi_1(d0 / 2) : 0;
        for (; i < j && rc == PK_OK; i++) {
            /* The prior is read as s0^2 w / chi2(w) (verdict.c's moderation and session scale),
             * so s0 takes w's shift: E ln sigma^2 = e_mean = ln s0^2 - psi(w/2) + ln(w/2). */
            double w = 2 * trigamma_inverse(t0 * (1 + 1 / pts[i].m) + pts[i].e_noise);
            w = fmin(w, DF_MAX); /* histories that agree this well: the sd as good as known, as the reader takes it */
            double s0 = exp((pts[i].e_mean + gsl_sf_psi(w / 2) - log(w / 2)) / 2);
            if (!(s0 >= SD_MIN && s0 <= SD_MAX) || !(w >= DF_MIN)) {
                char name[160];
                pk_point_name(&pts[i].key.key, name, sizeof name);
                snprintf(err, errlen, "%s: its prior sd %g and df %g are out of [%g, %g] and [%g, %g]", name, s0, w,
                         SD_MIN, SD_MAX, DF_MIN, DF_MAX);
                rc = PK_EINVAL;
            } else {
                rc = pk_spread_add(prior, &pts[i].key.key, pts[i].key.judgement, s0, w);
            }
        }
    }
    free(pts);
    if (rc == PK_OK)
        rc = pk_spread_sort(prior, err, errlen); /* the keys are distinct: it only sorts */
    if (rc == PK_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (rc != PK_OK)
        pk_spread_free(prior);
    return rc;
}
