/* Data and variables of plots/compare.gp (see plot_verdicts.h). */
#include "harness/plot_verdicts.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/infile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/gnuplot.h"
#include "harness/verdict.h"

int pk_plot_verdicts_info_read(const char *path, pk_plot_verdicts_info *info, char *err, size_t errlen)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) {
        pk_json_failure(err, errlen, path, NULL, je.line, je.position, je.text);
        return PK_EPARSE;
    }
    json_t *m = json_object_get(j, "method");
    json_t *th = json_object_get(m, "threshold"), *lv = json_object_get(m, "level");
    json_t *mg = json_object_get(m, "margin");
    const char *design = json_string_value(json_object_get(j, "design"));
    const char *dev = json_string_value(json_object_get(j, "candidate_device"));
    int rc = PK_OK;
    if (!json_is_number(th) || !(json_number_value(th) > 0 && json_number_value(th) < 1)) {
        snprintf(err, errlen, "%s: no method.threshold between 0 and 1", path);
        rc = PK_EPARSE;
    } else if (mg && !(json_is_number(mg) && json_number_value(mg) >= 0 &&
                       json_number_value(mg) <= json_number_value(th))) {
        snprintf(err, errlen, "%s: method.margin is not between 0 and method.threshold", path);
        rc = PK_EPARSE;
    } else {
        info->threshold = json_number_value(th);
        info->margin = mg ? json_number_value(mg) : info->threshold;
        info->level = json_is_number(lv) ? json_number_value(lv) : NAN;
        info->abba = design && strcmp(design, "abba") == 0;
        snprintf(info->device, sizeof info->device, "%s", dev ? dev : "unknown device");
    }
    json_decref(j);
    return rc;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct item_ns of b, sorted; returns how many (at most cap). */
static size_t items_of(const pk_baseline *b, uint64_t *items, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++) {
        size_t k = 0;
        while (k < n && items[k] != b->keys[i].item_ns)
            k++;
        if (k == n && n < cap)
            items[n++] = b->keys[i].item_ns;
    }
    qsort(items, n, sizeof *items, cmp_u64);
    return n;
}

/* The y axis is the log ratio ln(1 + change) (where +5% and -4.8% are as far from 0, as the
 * verdicts measure them), labelled in percent. Its range: every interval end and change inside,
 * at least 3 thresholds, at most a factor 30 either way. */
static double y_limit(const pk_baseline *b, double threshold)
{
    double m = 3 * log1p(threshold);
    for (size_t i = 0; i < b->n; i++) {
        const pk_verdict_result *r = &b->res[i];
        double v[3] = {r->change, r->lo, r->hi};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k]) && v[k] > -1)
                m = fmax(m, 1.1 * fabs(log1p(v[k])));
    }
    return fmin(m, log(30.0));
}

/* ln(1 + change), -inf for a change of -100% or less. */
static double ratio(double change)
{
    return change > -1 ? log1p(change) : -INFINITY;
}

static double clip(double v, double lim)
{
    return fmax(-lim, fmin(lim, v));
}

/* Per verdict: colour and gnuplot point type (filled triangles for slower and faster). */
static const unsigned colour[PK_VERDICT_COUNT] = {0x555555, 0x2ca02c, 0xd62728, 0xaaaaaa};
static const int ptype[PK_VERDICT_COUNT] = {7, 11, 9, 6};

/* The points of one batch are spread by item duration (the ni of them, smallest left): the ii-th
 * at batch * 2^(step * (ii - (ni - 1) / 2)), the step small enough that the spread (a factor
 * 2^0.9 at most) stays clear of the next batch's at a factor 2. */
static double x_step(size_t ni)
{
    return ni > 1 ? fmin(0.13, 0.9 / (double)(ni - 1)) : 0;
}

/* The largest factor a point lies from its batch. */
static double x_spread(size_t ni)
{
    return exp2(x_step(ni) * (double)(ni ? ni - 1 : 0) / 2);
}

/* compare.dat: for each strategy present, a block of its points (x offset by item_ns). */
static void write_data(FILE *f, const pk_baseline *b, const int *strat, size_t ns, const uint64_t *items, size_t ni,
                       double ylim)
{
    for (size_t s = 0; s < ns; s++) {
        fprintf(f, "# %s: x ln(1+change) interval colour pt clipped\n", pk_strategy_names[strat[s]]);
        for (size_t i = 0; i < b->n; i++) {
            const pk_point *k = &b->keys[i];
            const pk_verdict_result *r = &b->res[i];
            if ((int)k->strategy != strat[s])
                continue;
            size_t ii = 0;
            while (ii < ni && items[ii] != k->item_ns)
                ii++;
            double x = (double)k->batch * exp2(x_step(ni) * ((double)ii - (double)(ni - 1) / 2));
            double c = ratio(r->change), lo = isfinite(r->lo) ? ratio(r->lo) : c,
                   hi = isfinite(r->hi) ? ratio(r->hi) : c;
            int clipped = fabs(c) > ylim;
            fprintf(f, "%.6g %.6g %.6g %.6g %u %d %d\n", x, clip(c, ylim), clip(lo, ylim), clip(hi, ylim),
                    colour[r->verdict], clipped ? (c > 0 ? 9 : 11) : ptype[r->verdict], clipped);
        }
        fprintf(f, "\n\n");
    }
}

static void write_meta(FILE *f, const pk_baseline *b, const pk_plot_verdicts_info *info, const int *strat, size_t ns,
                       const uint64_t *items, size_t ni, double ylim, double xmin, double xmax)
{
    char t[512], lv[48] = "", pct[32];
    fprintf(f, "# Variables for plots/compare.gp, written by 'pkbench plot'.\n");
    snprintf(t, sizeof t, "%s: %s", info->abba ? "B against A, interleaved (pkbench ab)" : "candidate against baseline",
             info->device);
    fprintf(f, "TITLE = ");
    pk_gnuplot_str(f, t);
    if (isfinite(info->level))
        snprintf(lv, sizeof lv, ", intervals at %s", pk_verdict_level_text(info->level, pct, sizeof pct));
    const size_t *c = b->sum.count;
    snprintf(t, sizeof t, "%zu same, %zu faster, %zu slower, %zu undecided; threshold ±%g%%%s; item_ns left to right:",
             c[PK_VERDICT_SAME], c[PK_VERDICT_FASTER], c[PK_VERDICT_SLOWER], c[PK_VERDICT_UNDECIDED],
             100 * info->threshold, lv);
    size_t w = strlen(t);
    for (size_t i = 0; i < ni && w < sizeof t; i++) {
        char d[32];
        w += (size_t)snprintf(t + w, sizeof t - w, "%s%s", i ? ", " : " ",
                              pk_duration_format(d, sizeof d, (double)items[i], PK_DURATION_SHORT));
    }
    fprintf(f, "\nSUBTITLE = ");
    pk_gnuplot_str(f, t);
    fprintf(f, "\nNS = %zu\narray SNAME[%zu]\n", ns, ns);
    for (size_t s = 0; s < ns; s++)
        fprintf(f, "SNAME[%zu] = '%s'\n", s + 1, pk_strategy_names[strat[s]]);
    fprintf(f, "TH = %.6g\nTHU = %.9g\nTHL = %.9g\nYL = %.9g\nXMIN = %.6g\nXMAX = %.6g\n", 100 * info->threshold,
            log1p(info->threshold), -log1p(info->threshold), ylim, xmin, xmax);
    /* The margin's lines, or none where the margin is the threshold: one line serves both. */
    int once = info->margin >= info->threshold;
    fprintf(f, "MG = %.6g\n", 100 * info->margin);
    if (once)
        fprintf(f, "MGU = NaN\nMGL = NaN\n");
    else
        fprintf(f, "MGU = %.9g\nMGL = %.9g\n", log1p(info->margin), -log1p(info->margin));
    snprintf(t, sizeof t, "±%g%% threshold%s", 100 * info->threshold, once ? " and margin" : "");
    fprintf(f, "THKEY = ");
    pk_gnuplot_str(f, t);
    snprintf(t, sizeof t, "±%g%% margin", 100 * info->margin);
    fprintf(f, "\nMGKEY = ");
    pk_gnuplot_str(f, once ? "" : t);
    fprintf(f, "\n");
    /* Tick marks at round changes, in percent, where they fit the range, the smaller changes first
     * and none closer than a tenth of the range to another. */
    static const double ticks[] = {0, 5, -5, 10, -10, 25, -25, 50, -50, 100, -75, 300, -90, 1000, -96.7, 2900};
    double chosen[sizeof ticks / sizeof ticks[0]];
    size_t nc = 0;
    fprintf(f, "set ytics (");
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        double y = log1p(ticks[i] / 100);
        int ok = fabs(y) <= ylim * 1.0001;
        for (size_t k = 0; ok && k < nc; k++)
            ok = fabs(chosen[k] - y) >= ylim / 10;
        if (!ok)
            continue;
        fprintf(f, ticks[i] ? "%s'%+g%%%%' %.9g" : "%s'%g%%%%' %.9g", nc ? ", " : "", ticks[i], y); /* a format */
        chosen[nc++] = y;
    }
    fprintf(f, ")\n");
}

static int write_file(const char *dir, const char *name, const pk_baseline *b, const pk_plot_verdicts_info *info,
                      int meta, char *err, size_t errlen)
{
    int strat[PK_STRAT_COUNT];
    uint64_t items[64];
    size_t ns = 0, ni = items_of(b, items, 64);
    double xmin = INFINITY, xmax = 0, ylim = y_limit(b, info->threshold);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t i = 0; i < b->n; i++)
            if ((int)b->keys[i].strategy == s) {
                strat[ns++] = s;
                break;
            }
    for (size_t i = 0; i < b->n; i++) { /* every point inside, however far its item duration moves it */
        xmin = fmin(xmin, (double)b->keys[i].batch / 1.6 / x_spread(ni));
        xmax = fmax(xmax, (double)b->keys[i].batch * 1.6 * x_spread(ni));
    }
    char path[PK_PATH_MAX];
    pk_afile f;
    if (pk_path_join(path, sizeof path, dir, name, err, errlen) != PK_OK)
        return PK_ERANGE;
    if (pk_afile_open(&f, path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    if (meta)
        write_meta(f.fp, b, info, strat, ns, items, ni, ylim, xmin, xmax);
    else
        write_data(f.fp, b, strat, ns, items, ni, ylim);
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

int pk_plot_verdicts_write(const pk_baseline *b, const pk_plot_verdicts_info *info, const char *datadir, char *err,
                           size_t errlen)
{
    int rc = write_file(datadir, "compare.dat", b, info, 0, err, errlen);
    return rc ? rc : write_file(datadir, "compare-meta.gp", b, info, 1, err, errlen);
}
