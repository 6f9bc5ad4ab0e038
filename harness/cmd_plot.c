/* pkbench plot: prepares the derived data files (crossover points, savings, accuracy pairs,
 * decision-map cells, timeline lanes) in C, then drives the gnuplot scripts of plots/ to write
 * crossover, savings, accuracy, decision-map and timeline as PNG (pngcairo) and SVG. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/compare.h"

#define CMD "plot"
#ifndef PKB_SOURCE_DIR
#define PKB_SOURCE_DIR ""
#endif
#ifndef PKB_INSTALL_DATADIR
#define PKB_INSTALL_DATADIR "share"
#endif

static void plot_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench plot DIR [--predicted FILE] [--timeline FILE] [--params FILE] [--out DIR]\n"
            "                    [--scripts DIR]\n\n"
            "Reads DIR/measured.csv (and, unless given, DIR/predicted.csv, DIR/timeline.csv and\n"
            "DIR/params.json when present; without a prediction the simulator predicts every measured\n"
            "point from the params) and writes into --out (default DIR), as PNG and SVG:\n"
            "  crossover      total time against batch size, one panel per item duration\n"
            "  savings        measured persistent savings against the seed's N*h - S and the simulator's\n"
            "  accuracy       predicted against measured totals, per strategy (needs a prediction)\n"
            "  decision-map   best strategy measured beside each policy's choice, losing cells marked\n"
            "  timeline       the simulator's host and device activity for a small batch: the timeline\n"
            "                 CSV given ('pkbench simulate --timeline'), else simulated from the params\n"
            "A plot whose input is missing is skipped and named. Derived data goes to OUT/plot-data/.\n"
            "Scripts come from --scripts, else $PKBENCH_PLOTS, else <prefix>/%s/pkbench/plots beside\n"
            "the installed binary, else the source tree's plots/.\n\n"
            "Exit codes: 0 ok, 1 gnuplot failed on a script, 2 bad usage or input (or no gnuplot).\n",
            PKB_INSTALL_DATADIR);
}

/* Locates the scripts directory (see the usage text); it must hold crossover.gp. */
static int find_scripts(const char *flag, char *out, size_t len)
{
    char probe[PK_PATH_MAX];
    if (flag)
        return pk_path_fmt(out, len, "%s", flag) == PK_OK &&
               pk_path_join(probe, sizeof probe, out, "crossover.gp", NULL, 0) == PK_OK && pk_path_is_file(probe);
    const char *env = getenv("PKBENCH_PLOTS");
    char exe[PK_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char cand[3][PK_PATH_MAX];
    int nc = 0;
    if (env && *env && pk_path_fmt(cand[nc], sizeof cand[0], "%s", env) == PK_OK)
        nc++;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (pk_path_fmt(cand[nc], sizeof cand[0], "%s/../%s/pkbench/plots", exe, PKB_INSTALL_DATADIR) == PK_OK)
                nc++;
        }
    }
    if (PKB_SOURCE_DIR[0] && pk_path_join(cand[nc], sizeof cand[0], PKB_SOURCE_DIR, "plots", NULL, 0) == PK_OK)
        nc++;
    for (int i = 0; i < nc; i++)
        if (pk_path_join(probe, sizeof probe, cand[i], "crossover.gp", NULL, 0) == PK_OK && pk_path_is_file(probe) &&
            pk_path_fmt(out, len, "%s", cand[i]) == PK_OK)
            return 1;
    return 0;
}

/* A gnuplot single-quoted string literal ('' escapes a quote). */
static void gp_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

static void gp_strvar(FILE *f, const char *name, const char *s)
{
    fprintf(f, "%s = ", name);
    gp_str(f, s);
    fputc('\n', f);
}

static void num(FILE *f, double v) { fprintf(f, isfinite(v) ? " %.9g" : " NaN", v); }

static const char *const colours[PK_STRAT_COUNT] = {"#1f77b4", "#7f7f7f", "#2ca02c", "#d62728", "#9467bd"};

typedef struct plotctx {
    const pk_table *meas, *pred;
    const pk_cmp_result *r;
    const pk_params *params;
    unsigned grid, block; /* the shape plotted */
    uint64_t items[64];
    size_t nitems;
    uint64_t batches[64];
    size_t nbatches;
    int strat[PK_STRAT_COUNT];
    size_t nstrat;
} plotctx;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void add_unique(uint64_t *v, size_t *n, size_t cap, uint64_t x)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == x)
            return;
    if (*n < cap)
        v[(*n)++] = x;
}

static int same_shape(const plotctx *c, const pk_row *r) { return r->grid == c->grid && r->block == c->block; }

static size_t rows_sorted(const pk_table *t, const plotctx *c, pk_strategy s, uint64_t item, int pred,
                          const pk_row **out, size_t cap)
{
    size_t n = 0;
    if (!t)
        return 0;
    for (size_t i = 0; i < t->n && n < cap; i++) {
        const pk_row *r = &t->rows[i];
        if (r->strategy != s || r->item_ns != item || !isfinite(r->wall_ns))
            continue;
        if (pred ? !(pk_cmp_shape_matches(r->grid, c->grid) && pk_cmp_shape_matches(r->block, c->block))
                 : !same_shape(c, r))
            continue;
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= out[k]->batch == r->batch;
        if (!dup)
            out[n++] = r;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && out[k - 1]->batch > out[k]->batch; k--) {
            const pk_row *tmp = out[k];
            out[k] = out[k - 1];
            out[k - 1] = tmp;
        }
    return n;
}

typedef struct outfile {
    pk_afile f;
    int open;
} outfile;

static int open_data(outfile *o, const char *dir, const char *name, char *err, size_t errlen)
{
    char path[PK_PATH_MAX];
    if (pk_path_join(path, sizeof path, dir, name, err, errlen) != PK_OK)
        return PK_ERANGE;
    if (pk_afile_open(&o->f, path) != PK_OK) {
        snprintf(err, errlen, "%.300s: cannot write: %s", path, strerror(errno));
        return PK_EIO;
    }
    o->open = 1;
    return PK_OK;
}

static int close_data(outfile *o, char *err, size_t errlen)
{
    o->open = 0;
    if (pk_afile_commit(&o->f) != PK_OK) {
        snprintf(err, errlen, "%.300s: cannot write: %s", o->f.path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

static const pk_cmp_cross *find_cross(const plotctx *c, uint64_t item)
{
    for (size_t i = 0; i < c->r->ncross; i++)
        if (c->r->cross[i].item_ns == item && c->r->cross[i].grid == c->grid && c->r->cross[i].block == c->block)
            return &c->r->cross[i];
    return NULL;
}

/* crossover-m.dat / crossover-p.dat: block (panel*NS + s): batch, median, p25, p75 (µs). */
static int write_crossover(const plotctx *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile m = {0}, p = {0};
    const pk_row *rows[256];
    int rc;
    if ((rc = open_data(&m, dir, "crossover-m.dat", err, errlen)) || (rc = open_data(&p, dir, "crossover-p.dat", err, errlen))) {
        if (m.open)
            pk_afile_abort(&m.f);
        return rc;
    }
    int have_pred = 0;
    for (size_t i = 0; i < c->nitems; i++)
        for (size_t s = 0; s < c->nstrat; s++) {
            size_t n = rows_sorted(c->meas, c, (pk_strategy)c->strat[s], c->items[i], 0, rows, 256);
            fprintf(m.f.fp, "# item_ns=%" PRIu64 " strategy=%s: batch median_us p25_us p75_us\n", c->items[i],
                    pk_strategy_names[c->strat[s]]);
            for (size_t k = 0; k < n; k++) {
                double med = rows[k]->wall_ns / 1e3;
                double lo = isfinite(rows[k]->wall_ns_p25) ? rows[k]->wall_ns_p25 / 1e3 : med;
                double hi = isfinite(rows[k]->wall_ns_p75) ? rows[k]->wall_ns_p75 / 1e3 : med;
                fprintf(m.f.fp, "%" PRIu64, rows[k]->batch);
                num(m.f.fp, med), num(m.f.fp, lo), num(m.f.fp, hi);
                fputc('\n', m.f.fp);
            }
            if (!n)
                fprintf(m.f.fp, "NaN NaN NaN NaN\n");
            fprintf(m.f.fp, "\n\n");
            n = rows_sorted(c->pred, c, (pk_strategy)c->strat[s], c->items[i], 1, rows, 256);
            have_pred |= n > 0;
            fprintf(p.f.fp, "# item_ns=%" PRIu64 " strategy=%s: batch predicted_us\n", c->items[i],
                    pk_strategy_names[c->strat[s]]);
            for (size_t k = 0; k < n; k++) {
                fprintf(p.f.fp, "%" PRIu64, rows[k]->batch);
                num(p.f.fp, rows[k]->wall_ns / 1e3);
                fputc('\n', p.f.fp);
            }
            if (!n)
                fprintf(p.f.fp, "NaN NaN\n");
            fprintf(p.f.fp, "\n\n");
        }
    fprintf(meta, "HAVEPRED = %d\nHAVESEED = %d\n", have_pred, c->r->have_params);
    fprintf(meta, "array XM[%zu]\narray XP[%zu]\narray XS[%zu]\n", c->nitems, c->nitems, c->nitems);
    for (size_t i = 0; i < c->nitems; i++) {
        const pk_cmp_cross *x = find_cross(c, c->items[i]);
        fprintf(meta, "XM[%zu] = %" PRIu64 "; XP[%zu] = %" PRIu64 "; XS[%zu] = %" PRIu64 "\n", i + 1,
                x && x->idx_measured < x->nbatch ? x->measured : 0, i + 1,
                x && x->have_predicted && x->idx_predicted < x->nbatch ? x->predicted : 0, i + 1,
                x && x->have_policy[PK_POL_SEED] && x->idx_policy[PK_POL_SEED] < x->nbatch ? x->policy[PK_POL_SEED] : 0);
    }
    if ((rc = close_data(&m, err, errlen)) != PK_OK) {
        pk_afile_abort(&p.f);
        return rc;
    }
    return close_data(&p, err, errlen);
}

/* savings.dat: block per panel: batch, measured, seed, simulator savings of persistent (µs). */
static int write_savings(const plotctx *c, const char *dir, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "savings.dat", err, errlen);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->nitems; i++) {
        fprintf(o.f.fp, "# item_ns=%" PRIu64 ": batch measured_us seed_us simulator_us\n", c->items[i]);
        size_t n = 0;
        for (size_t k = 0; k < c->r->ncells; k++) {
            const pk_cmp_cell *cl = &c->r->cells[k];
            if (cl->item_ns != c->items[i] || cl->grid != c->grid || cl->block != c->block)
                continue;
            fprintf(o.f.fp, "%" PRIu64, cl->batch);
            num(o.f.fp, (cl->m_std - cl->m_pers) / 1e3);
            num(o.f.fp, c->r->have_params ? pk_cmp_seed_savings(cl->batch, c->r->seed_h, c->r->seed_s) / 1e3 : NAN);
            num(o.f.fp, (cl->p_std - cl->p_pers) / 1e3);
            fputc('\n', o.f.fp);
            n++;
        }
        if (!n)
            fprintf(o.f.fp, "NaN NaN NaN NaN\n");
        fprintf(o.f.fp, "\n\n");
    }
    return close_data(&o, err, errlen);
}

/* accuracy.dat: block per strategy with joined points: measured_us predicted_us. */
static int write_accuracy(const plotctx *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "accuracy.dat", err, errlen);
    if (rc)
        return rc;
    int blocks[PK_STRAT_COUNT], nb = 0;
    double lo = INFINITY, hi = 0;
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        if (!c->r->per_strategy[s].n)
            continue;
        fprintf(o.f.fp, "# strategy=%s: measured_us predicted_us\n", pk_strategy_names[s]);
        for (size_t i = 0; i < c->r->npts; i++) {
            const pk_cmp_point *p = &c->r->pts[i];
            if ((int)p->strategy != s || !isfinite(p->p_ns))
                continue;
            fprintf(o.f.fp, "%.9g %.9g\n", p->m_ns / 1e3, p->p_ns / 1e3);
            lo = fmin(lo, fmin(p->m_ns, p->p_ns) / 1e3);
            hi = fmax(hi, fmax(p->m_ns, p->p_ns) / 1e3);
        }
        fprintf(o.f.fp, "\n\n");
        blocks[nb++] = s;
    }
    fprintf(meta, "NA = %d\n", nb);
    if (nb) {
        fprintf(meta, "array ANAME[%d]\narray ACOL[%d]\n", nb, nb);
        for (int b = 0; b < nb; b++) {
            char t[128];
            snprintf(t, sizeof t, "%s (MAPE %.1f%%)", pk_strategy_names[blocks[b]],
                     c->r->per_strategy[blocks[b]].mape_pct);
            fprintf(meta, "ANAME[%d] = ", b + 1);
            gp_str(meta, t);
            fprintf(meta, "; ACOL[%d] = '%s'\n", b + 1, colours[blocks[b]]);
        }
        fprintf(meta, "ALO = %.9g\nAHI = %.9g\n", lo / 1.5, hi * 1.5);
    }
    return close_data(&o, err, errlen);
}

static size_t index_of(const uint64_t *v, size_t n, uint64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

/* decision.dat: per panel p, blocks 3p (standard cells), 3p+1 (persistent), 3p+2 (lost). */
static int write_decision(const plotctx *c, const char *dir, FILE *meta, char *err, size_t errlen)
{
    outfile o = {0};
    int rc = open_data(&o, dir, "decision.dat", err, errlen);
    if (rc)
        return rc;
    uint64_t items[64], batches[64];
    size_t ni = 0, nb = 0;
    for (size_t k = 0; k < c->r->ncells; k++)
        if (c->r->cells[k].grid == c->grid && c->r->cells[k].block == c->block) {
            add_unique(items, &ni, 64, c->r->cells[k].item_ns);
            add_unique(batches, &nb, 64, c->r->cells[k].batch);
        }
    qsort(items, ni, sizeof items[0], cmp_u64);
    qsort(batches, nb, sizeof batches[0], cmp_u64);
    int panels[1 + PK_POL_COUNT], np = 0;
    panels[np++] = -1;
    for (int p = 0; p < PK_POL_COUNT; p++)
        if (c->r->policy[p].available)
            panels[np++] = p;
    for (int pi = 0; pi < np; pi++) {
        int p = panels[pi];
        for (int kind = 0; kind < 3; kind++) {
            fprintf(o.f.fp, "# panel %s, %s: batch_index item_index\n", p < 0 ? "measured" : pk_cmp_policy_names[p],
                    kind == 0 ? "standard" : kind == 1 ? "persistent" : "lost against the measured best");
            size_t n = 0;
            for (size_t k = 0; k < c->r->ncells; k++) {
                const pk_cmp_cell *cl = &c->r->cells[k];
                if (cl->grid != c->grid || cl->block != c->block)
                    continue;
                int choice = p < 0 ? cl->best : cl->choice[p];
                int show = kind < 2 ? choice == kind : p >= 0 && cl->loss[p] > 0;
                if (!show)
                    continue;
                fprintf(o.f.fp, "%zu %zu\n", index_of(batches, nb, cl->batch), index_of(items, ni, cl->item_ns));
                n++;
            }
            if (!n)
                fprintf(o.f.fp, "NaN NaN\n");
            fprintf(o.f.fp, "\n\n");
        }
    }
    fprintf(meta, "ND = %d\nDNB = %zu\nDNI = %zu\narray DNAME[%d]\n", np, nb, ni, np);
    for (int pi = 0; pi < np; pi++) {
        char t[160];
        int p = panels[pi];
        if (p < 0)
            snprintf(t, sizeof t, "measured best of standard and persistent");
        else
            snprintf(t, sizeof t, "%s policy: %zu cells lost, regret %.2f%%", pk_cmp_policy_names[p],
                     c->r->policy[p].losing_cells, c->r->policy[p].regret_pct);
        fprintf(meta, "DNAME[%d] = ", pi + 1);
        gp_str(meta, t);
        fputc('\n', meta);
    }
    fprintf(meta, "DXTICS = '(");
    for (size_t i = 0; i < nb; i++)
        fprintf(meta, "%s\"%" PRIu64 "\" %zu", i ? ", " : "", batches[i], i);
    fprintf(meta, ")'\nDYTICS = '(");
    for (size_t i = 0; i < ni; i++) {
        char t[32];
        pk_duration_format(t, sizeof t, (double)items[i], PK_DURATION_SHORT);
        fprintf(meta, "%s\"%s\" %zu", i ? ", " : "", t, i);
    }
    fprintf(meta, ")'\n");
    return close_data(&o, err, errlen);
}

/* A timeline CSV read into memory: intervals (µs) with their lane and activity kind. */
enum { TL_MAXR = 20000, TL_MAXL = 32, TL_MAXK = 16 };
typedef struct tl_ev {
    double a, b;
    int lane, kind;
} tl_ev;
typedef struct timeline {
    tl_ev *evs; /* malloc'd; free after write_timeline */
    size_t n;
    char lanes[TL_MAXL][96], kinds[TL_MAXK][48];
    int nl, nk;
} timeline;

/* Reads the simulator's timeline CSV, so that a bad one is found before anything is written.
 * Columns are found by name: actor (or entity/lane), what (or activity/kind/event), start_ns,
 * end_ns, and an optional strategy. Returns 0, PK_EPARSE (reason in err), PK_EIO or PK_ENOMEM. */
static int read_timeline(const char *csv, timeline *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *in = fopen(csv, "r");
    if (!in) {
        snprintf(err, errlen, "--timeline: %.300s: cannot open: %s", csv, strerror(errno));
        return PK_EIO;
    }
    enum { MAXR = TL_MAXR, MAXL = TL_MAXL, MAXK = TL_MAXK };
    tl_ev *evs = t->evs = malloc(MAXR * sizeof *evs);
    char(*lanes)[96] = t->lanes, (*kinds)[48] = t->kinds, line[2048];
    int nl = 0, nk = 0, col[5] = {-1, -1, -1, -1, -1}; /* actor, what, start, end, strategy */
    size_t n = 0;
    unsigned long lineno = 0;
    int rc = evs ? PK_OK : PK_ENOMEM, header = 0;
    static const char *const names[5][5] = {{"actor", "entity", "lane", "resource", NULL},
                                            {"what", "activity", "kind", "event", "state"},
                                            {"start_ns", "begin_ns", "start", NULL, NULL},
                                            {"end_ns", "stop_ns", "end", NULL, NULL},
                                            {"strategy", NULL, NULL, NULL, NULL}};
    while (rc == PK_OK && fgets(line, sizeof line, in)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *f[32];
        int nf = 0;
        for (char *s = line; nf < 32;) {
            f[nf++] = s;
            s = strchr(s, ',');
            if (!s)
                break;
            *s++ = '\0';
        }
        if (!header) {
            for (int i = 0; i < nf; i++)
                for (int c = 0; c < 5; c++)
                    for (int k = 0; k < 5 && names[c][k]; k++)
                        if (col[c] < 0 && strcmp(f[i], names[c][k]) == 0)
                            col[c] = i;
            for (int c = 0; c < 4; c++)
                if (col[c] < 0) {
                    snprintf(err, errlen, "--timeline: %.300s:%lu: header lacks a '%s' column", csv, lineno,
                             names[c][0]);
                    rc = PK_EPARSE;
                }
            header = 1;
            continue;
        }
        int need = col[0];
        for (int c = 1; c < 5; c++)
            need = col[c] > need ? col[c] : need;
        char *e1, *e2;
        double a = need < nf ? strtod(f[col[2]], &e1) : NAN, b = need < nf ? strtod(f[col[3]], &e2) : NAN;
        if (need >= nf || *e1 || *e2 || !isfinite(a) || !isfinite(b) || b < a) {
            snprintf(err, errlen, "--timeline: %.300s:%lu: bad row", csv, lineno);
            rc = PK_EPARSE;
            break;
        }
        if (n == MAXR)
            continue;
        char lane[96];
        snprintf(lane, sizeof lane, "%.40s%s%.40s", col[4] >= 0 ? f[col[4]] : "", col[4] >= 0 ? ": " : "",
                 f[col[0]]);
        int li = 0, ki = 0;
        while (li < nl && strcmp(lanes[li], lane) != 0)
            li++;
        if (li == nl && nl < MAXL)
            snprintf(lanes[nl++], sizeof lanes[0], "%s", lane);
        while (ki < nk && strcmp(kinds[ki], f[col[1]]) != 0)
            ki++;
        if (ki == nk && nk < MAXK)
            snprintf(kinds[nk++], sizeof kinds[0], "%.47s", f[col[1]]);
        if (li < nl && ki < nk)
            evs[n++] = (tl_ev){a / 1e3, b / 1e3, li, ki};
    }
    fclose(in);
    if (!evs)
        snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && n == 0) {
        snprintf(err, errlen, "--timeline: %.300s has no intervals", csv);
        rc = PK_EPARSE;
    }
    t->n = n;
    t->nl = nl;
    t->nk = nk;
    return rc;
}

/* timeline.dat from a timeline read by read_timeline: block per activity kind: start_us end_us
 * lane; the kind names and lane tics go into meta. Returns 0 or PK_EIO (reason in err). */
static int write_timeline(const timeline *t, const char *dir, FILE *meta, char *err, size_t errlen)
{
    const tl_ev *evs = t->evs;
    const char(*lanes)[96] = t->lanes, (*kinds)[48] = t->kinds;
    int nl = t->nl, nk = t->nk;
    size_t n = t->n;
    outfile o = {0};
    int rc = open_data(&o, dir, "timeline.dat", err, errlen);
    if (rc == PK_OK) {
        for (int k = 0; k < nk; k++) {
            fprintf(o.f.fp, "# activity=%s: start_us end_us lane\n", kinds[k]);
            for (size_t i = 0; i < n; i++)
                if (evs[i].kind == k)
                    fprintf(o.f.fp, "%.9g %.9g %d\n", evs[i].a, evs[i].b, evs[i].lane);
            fprintf(o.f.fp, "\n\n");
        }
        fprintf(meta, "NK = %d\nNL = %d\narray KNAME[%d]\n", nk, nl, nk);
        for (int k = 0; k < nk; k++) {
            fprintf(meta, "KNAME[%d] = ", k + 1);
            gp_str(meta, kinds[k]);
            fputc('\n', meta);
        }
        fprintf(meta, "TYTICS = '(");
        for (int l = 0; l < nl; l++) {
            fprintf(meta, "%s", l ? ", " : "");
            fputc('"', meta);
            for (const char *s = lanes[l]; *s; s++)
                if (*s != '"' && *s != '\'')
                    fputc(*s, meta);
            fprintf(meta, "\" %d", l);
        }
        fprintf(meta, ")'\n");
        rc = close_data(&o, err, errlen);
    }
    return rc;
}

/* Runs gnuplot on one script for one format into a temporary file renamed on success. */
static int run_gnuplot(const char *gnuplot, const char *scripts, const char *data, const char *out, const char *name,
                       const char *fmt, const char *log)
{
    char final[PK_PATH_MAX], tmp[PK_PATH_MAX], script[PK_PATH_MAX], expr[4 * PK_PATH_MAX];
    if (pk_path_fmt(final, sizeof final, "%s/%s.%s", out, name, fmt) != PK_OK ||
        pk_path_fmt(tmp, sizeof tmp, "%s/.%s.tmp.%ld.%s", out, name, (long)getpid(), fmt) != PK_OK ||
        pk_path_fmt(script, sizeof script, "%s/%s.gp", scripts, name) != PK_OK)
        return PK_ERANGE;
    FILE *m = fmemopen(expr, sizeof expr, "w");
    if (!m)
        return -1;
    fprintf(m, "fmt = '%s'; outfile = ", fmt);
    gp_str(m, tmp);
    fprintf(m, "; scriptdir = ");
    gp_str(m, scripts);
    fprintf(m, "; datadir = ");
    gp_str(m, data);
    fputc('\0', m);
    fclose(m);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0666);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        execl(gnuplot, "gnuplot", "-e", expr, script, (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    struct stat sb;
    if (rc == 0 && (stat(tmp, &sb) != 0 || sb.st_size == 0))
        rc = 125; /* gnuplot said nothing but wrote nothing */
    if (rc == 0 && rename(tmp, final) != 0)
        rc = 126;
    if (rc != 0)
        unlink(tmp);
    return rc;
}

int pk_cmd_plot(int argc, char **argv)
{
    enum { O_PRED = 256, O_TL, O_PARAMS, O_OUT, O_SCRIPTS };
    static const struct option opts[] = {
        {"predicted", required_argument, NULL, O_PRED}, {"timeline", required_argument, NULL, O_TL},
        {"params", required_argument, NULL, O_PARAMS},  {"out", required_argument, NULL, O_OUT},
        {"scripts", required_argument, NULL, O_SCRIPTS}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *pred_path = NULL, *tl_path = NULL, *params_path = NULL, *out = NULL, *scripts_flag = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': plot_usage(stdout); return PK_EXIT_OK;
        case ':': return pk_cli_usage_error(CMD, "%s: missing value", argv[optind - 1]);
        case '?': return pk_cli_usage_error(CMD, "unknown option '%s' (see 'pkbench plot --help')", argv[optind - 1]);
        case O_PRED: pred_path = optarg; break;
        case O_TL: tl_path = optarg; break;
        case O_PARAMS: params_path = optarg; break;
        case O_OUT: out = optarg; break;
        case O_SCRIPTS: scripts_flag = optarg; break;
        }
    }
    if (optind >= argc)
        return pk_cli_usage_error(CMD, "a results directory is required (see 'pkbench plot --help')");
    if (optind + 1 < argc)
        return pk_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
    const char *dir = argv[optind];
    if (!out)
        out = dir;

    char gnuplot[PK_PATH_MAX], scripts[PK_PATH_MAX];
    if (!pk_cmp_find_gnuplot(gnuplot, sizeof gnuplot))
        return pk_cli_usage_error(CMD, "gnuplot not found (install gnuplot-nox, or set GNUPLOT)");
    if (!find_scripts(scripts_flag, scripts, sizeof scripts))
        return pk_cli_usage_error(CMD, "%s", scripts_flag ? "--scripts: no crossover.gp there"
                                                           : "plot scripts not found (use --scripts DIR)");

    char path[PK_PATH_MAX], auto_pred[PK_PATH_MAX], auto_tl[PK_PATH_MAX], auto_params[PK_PATH_MAX];
    char data[PK_PATH_MAX], gen_tl[PK_PATH_MAX], log[PK_PATH_MAX], err[PK_PATH_MAX + 256];
    if (pk_path_join(path, sizeof path, dir, "measured.csv", err, sizeof err) != PK_OK ||
        pk_path_join(auto_pred, sizeof auto_pred, dir, "predicted.csv", err, sizeof err) != PK_OK ||
        pk_path_join(auto_tl, sizeof auto_tl, dir, "timeline.csv", err, sizeof err) != PK_OK ||
        pk_path_join(auto_params, sizeof auto_params, dir, "params.json", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "%s", err);
    if (pk_path_join(data, sizeof data, out, "plot-data", err, sizeof err) != PK_OK ||
        pk_path_join(gen_tl, sizeof gen_tl, data, "timeline.csv", err, sizeof err) != PK_OK ||
        pk_path_join(log, sizeof log, data, "gnuplot.log", err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "--out: %s", err);
    if (!pred_path && pk_path_is_file(auto_pred))
        pred_path = auto_pred;
    if (!tl_path && pk_path_is_file(auto_tl))
        tl_path = auto_tl;
    if (!params_path && pk_path_is_file(auto_params))
        params_path = auto_params;

    pk_table meas = {0}, pred = {0};
    pk_params params;
    pk_params_init(&params);
    pk_cmp_result r = {0};
    timeline tl = {0};
    int status = PK_EXIT_USAGE, have_params = 0;
    if (pk_table_read_csv(path, &meas, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(CMD, "%s", err);
    if (meas.n == 0) {
        pk_cli_usage_error(CMD, "%s has no points", path);
        goto done;
    }
    if (pred_path && pk_table_read_csv(pred_path, &pred, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "--predicted: %s", err);
        goto done;
    }
    if (params_path) {
        if (pk_params_load(params_path, &params, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "--params: %s", err);
            goto done;
        }
        have_params = 1;
    }
    /* Without a predicted CSV, the simulator predicts every measured point from the params. */
    int have_pred = pred_path != NULL;
    if (!have_pred && have_params) {
        if (pk_cmp_simulate(&meas, NULL, &params, &pred, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "--params: %s", err);
            goto done;
        }
        have_pred = 1;
    }
    if (pk_compare_run(&meas, have_pred ? &pred : NULL, have_params ? &params : NULL, NULL, &r, err, sizeof err)) {
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }
    /* Every input is read before anything is written under --out. */
    if (tl_path && read_timeline(tl_path, &tl, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }
    plotctx ctx = {.meas = &meas, .pred = have_pred ? &pred : NULL, .r = &r, .params = have_params ? &params : NULL,
                   .grid = meas.rows[0].grid, .block = meas.rows[0].block};
    for (size_t i = 0; i < meas.n; i++)
        if (same_shape(&ctx, &meas.rows[i])) {
            add_unique(ctx.items, &ctx.nitems, 64, meas.rows[i].item_ns);
            add_unique(ctx.batches, &ctx.nbatches, 64, meas.rows[i].batch);
        }
    qsort(ctx.items, ctx.nitems, sizeof ctx.items[0], cmp_u64);
    qsort(ctx.batches, ctx.nbatches, sizeof ctx.batches[0], cmp_u64);
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        for (size_t i = 0; i < meas.n; i++)
            if (meas.rows[i].strategy == (pk_strategy)s) {
                ctx.strat[ctx.nstrat++] = s;
                break;
            }

    if (pk_path_mkdirs(data) != 0) {
        pk_cli_usage_error(CMD, "--out: cannot create '%s': %s", data, strerror(errno));
        goto done;
    }
    /* Without a timeline CSV, the simulator draws one from the params: 8 items of the smallest
     * non-zero measured duration, standard and persistent. */
    char tl_note[200] = "";
    if (!tl_path && have_params) {
        uint64_t d = 0;
        for (size_t i = 0; i < ctx.nitems && !d; i++)
            d = ctx.items[i];
        if (pk_cmp_write_timeline(&params, d, 8, gen_tl, err, sizeof err) != PK_OK ||
            read_timeline(gen_tl, &tl, err, sizeof err) != PK_OK) {
            pk_cli_usage_error(CMD, "%s", err);
            goto done;
        }
        tl_path = gen_tl;
        snprintf(tl_note, sizeof tl_note, "8 items of %" PRIu64 " ns, simulated from the params", d);
    }
    outfile meta = {0};
    if (open_data(&meta, data, "meta.gp", err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }
    FILE *mf = meta.f.fp;
    char dev[300], title[400];
    pk_cmp_device_label(&meas, dev, sizeof dev);
    fprintf(mf, "# Variables for the pkbench plot scripts, written by 'pkbench plot'.\n");
    gp_strvar(mf, "DEVICE", dev);
    snprintf(title, sizeof title, "grid %u × block %u%s", ctx.grid, ctx.block,
             pk_cmp_is_cpu_analogue(&meas) ? " (host backend: a CPU analogue, not GPU figures)" : "");
    gp_strvar(mf, "SHAPE", title);
    fprintf(mf, "NP = %zu\nNS = %zu\narray ITEM[%zu]\narray SNAME[%zu]\narray SCOL[%zu]\n", ctx.nitems, ctx.nstrat,
            ctx.nitems, ctx.nstrat, ctx.nstrat);
    for (size_t i = 0; i < ctx.nitems; i++) {
        char t[32];
        pk_duration_format(t, sizeof t, (double)ctx.items[i], PK_DURATION_SHORT);
        fprintf(mf, "ITEM[%zu] = '%s'\n", i + 1, t);
    }
    for (size_t s = 0; s < ctx.nstrat; s++)
        fprintf(mf, "SNAME[%zu] = '%s'; SCOL[%zu] = '%s'\n", s + 1, pk_strategy_names[ctx.strat[s]], s + 1,
                colours[ctx.strat[s]]);
    if (ctx.nbatches)
        fprintf(mf, "XMIN = %.6g\nXMAX = %.6g\n", (double)ctx.batches[0] / 1.4,
                (double)ctx.batches[ctx.nbatches - 1] * 1.4);
    if (have_params)
        fprintf(mf, "SEEDH = %" PRIu64 "\nSEEDS = %" PRIu64 "\n", r.seed_h, r.seed_s);
    gp_strvar(mf, "TLNOTE", tl_note[0] ? tl_note : "from the given timeline CSV");
    int want[5] = {1, r.ncells > 0, r.matched > 0, r.ncells > 0, tl_path != NULL};
    static const char *const plots[5] = {"crossover", "savings", "accuracy", "decision-map", "timeline"};
    static const char *const why[5] = {"", "no batch has both standard and persistent measured",
                                       "no prediction (give --predicted or --params, or put predicted.csv or params.json in DIR)",
                                       "no batch has both standard and persistent measured",
                                       "no timeline (give --timeline or --params, or put timeline.csv or params.json in DIR)"};
    int rc = write_crossover(&ctx, data, mf, err, sizeof err);
    if (rc == PK_OK && want[1])
        rc = write_savings(&ctx, data, err, sizeof err);
    if (rc == PK_OK && want[2])
        rc = write_accuracy(&ctx, data, mf, err, sizeof err);
    if (rc == PK_OK && want[3])
        rc = write_decision(&ctx, data, mf, err, sizeof err);
    if (rc == PK_OK && want[4])
        rc = write_timeline(&tl, data, mf, err, sizeof err);
    if (rc != PK_OK) {
        pk_afile_abort(&meta.f);
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }
    if (close_data(&meta, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(CMD, "%s", err);
        goto done;
    }

    unlink(log);
    status = PK_EXIT_OK;
    printf("plot %s: scripts from %s\n", dev, scripts);
    for (int p = 0; p < 5; p++) {
        if (!want[p]) {
            printf("skipped %s: %s\n", plots[p], why[p]);
            continue;
        }
        for (int f = 0; f < 2; f++) {
            const char *fmt = f ? "svg" : "png";
            int g = run_gnuplot(gnuplot, scripts, data, out, plots[p], fmt, log);
            if (g != 0) {
                fprintf(stderr, "pkbench plot: gnuplot failed on %s/%s.gp for %s (status %d); see %s\n", scripts,
                        plots[p], fmt, g, log);
                status = PK_EXIT_CHECK;
                goto done;
            }
            printf("wrote %s/%s.%s\n", out, plots[p], fmt);
        }
    }
done:
    free(tl.evs);
    pk_compare_free(&r);
    pk_table_free(&meas);
    pk_table_free(&pred);
    pk_params_free(&params);
    return status;
}
