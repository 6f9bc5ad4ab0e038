/* Reading run folders and reporting regression verdicts for compare and ab (see verdict_cli.h). */
#include "harness/verdict_cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/compare.h"
#include "harness/hoststate.h"
#include "harness/measured.h"
#include "harness/outfiles.h"
#include "harness/prior.h"
#include "harness/resultdir.h"
#include "harness/stats.h"

#define MAX_RUNS 64

int pk_verdict_cli_options(const char *cmd, const pk_opts *o, const int ids[5], pk_verdict_params *vp)
{
    double thr = 5, fdr = 5, minsd = 0.5, margin = NAN;
    int rc;
    *vp = (pk_verdict_params)PK_VERDICT_PARAMS_DEFAULT;
    if ((rc = pk_opts_double(o, ids[0], 0.01, 99, &thr)) || (rc = pk_opts_double(o, ids[1], 0.001, 50, &fdr)) ||
        (rc = pk_opts_double(o, ids[2], 0.001, 50, &minsd)) || (rc = pk_opts_double(o, ids[3], 0, 64, &vp->window)) ||
        (rc = pk_opts_double(o, ids[4], 0, 99, &margin)))
        return rc;
    if (margin > thr)
        return pk_cli_usage_error(cmd, "--margin %g is above the threshold %g", margin, thr);
    vp->margin = isnan(margin) ? thr / 200 : margin / 100;
    vp->threshold = thr / 100;
    vp->fdr = fdr / 100;
    vp->min_sd = minsd / 100;
    return -1;
}

int pk_verdict_cli_read(const char *cmd, const char *flag, const char *dir, char *path, size_t len, pk_table *t)
{
    char err[PK_PATH_MAX + 256];
    memset(t, 0, sizeof *t);
    int partial_only, rc = pk_measured_read(dir, t, path, len, &partial_only, err, sizeof err); /* as committed */
    if (rc != PK_OK)
        return pk_cli_fail(cmd, pk_cli_exit_read(rc), "%s: %s", flag, err);
    if (partial_only)
        pk_cli_note(cmd, "%s: %s holds only a partial result: reading %s", flag, dir, path);
    /* A point without a usable median compares false both ways and would read as unchanged. */
    if (pk_cmp_check_totals(t, path, err, sizeof err) != PK_OK) {
        pk_table_free(t);
        return pk_cli_usage_error(cmd, "%s: %s", flag, err);
    }
    for (size_t i = 0; i < t->npass; i++) {
        const pk_row *r = &t->pass[i];
        if (r->wall_ns > 0 && isfinite(r->wall_ns))
            continue;
        char name[160];
        pk_point_name(&r->key, name, sizeof name);
        pk_table_free(t);
        return pk_cli_usage_error(cmd, "%s: %s: %s replicate %u: wall_ns is %g, not a positive finite number", flag,
                                  path, name, r->replicate, r->wall_ns);
    }
    return PK_EXIT_OK;
}

/* Splits a comma-separated list of folders in place (text is a copy). Returns the count, or 0
 * with the reason printed when it is empty, has an empty item or too many. */
static size_t split_list(const char *cmd, const char *flag, char *text, const char **dirs)
{
    size_t n = 0;
    for (char *s = text;; s++) {
        char *e = strchr(s, ',');
        if (e)
            *e = '\0';
        if (!*s) {
            pk_cli_usage_error(cmd, "%s: an empty folder name in the list", flag);
            return 0;
        }
        if (n == MAX_RUNS) {
            pk_cli_usage_error(cmd, "%s: more than %d folders", flag, MAX_RUNS);
            return 0;
        }
        dirs[n++] = s;
        if (!e)
            return n;
        s = e;
    }
}

/* 1 when no run is given twice, on one side or on both; else 0 with the reason printed: one run
 * twice would pass for two that agree exactly, and its spread for none. */
static int distinct_runs(const char *cmd, const char *const *bd, size_t nb, const char *const *cd, size_t nc)
{
    for (size_t i = 0; i < nb + nc; i++)
        for (size_t j = 0; j < i; j++) {
            const char *a = i < nb ? bd[i] : cd[i - nb], *b = j < nb ? bd[j] : cd[j - nb];
            if (pk_path_same(a, b)) {
                pk_cli_usage_error(cmd, "%s: %s is %s", i < nb ? "--baseline" : "--candidate", a,
                                   (i < nb) == (j < nb) ? "given twice" : "also a --baseline run");
                return 0;
            }
        }
    return 1;
}

/* compare --paired's sides: one folder each, both from ab, the two sides of one ab run (its
 * ab_run_id, where both have one: ab runs before it wrote none), not one side twice. PK_EXIT_OK,
 * or the usage error printed. */
static int paired_sides(const char *cmd, const pk_verdict_params *vp, const pk_table *t, const char *const *bds,
                        size_t nb, const char *const *cds, size_t nc)
{
    if (nb != 1 || nc != 1 || vp->replicate_scale)
        return pk_cli_usage_error(cmd, "--paired: one folder per side (the a and b of one pkbench ab run), without "
                                       "--replicates-as-runs");
    const char *bd = bds[0], *cd = cds[0];
    for (size_t i = 0; i < 2; i++)
        if (!pk_context_get(&t[i].context, "ab_design"))
            return pk_cli_usage_error(cmd, "--paired: %s is not a side of a pkbench ab run", i ? cd : bd);
    const char *ia = pk_context_get(&t[0].context, "ab_run_id"), *ib = pk_context_get(&t[1].context, "ab_run_id");
    const char *sa = pk_context_get(&t[0].context, "ab_side"), *sb = pk_context_get(&t[1].context, "ab_side");
    if (ia && ib && strcmp(ia, ib) != 0)
        return pk_cli_usage_error(cmd, "--paired: %s and %s are sides of two ab runs (ab_run_id %s and %s): their "
                                  "blocks were not interleaved", bd, cd, ia, ib);
    if (sa && sb && strcmp(sa, sb) == 0)
        return pk_cli_usage_error(cmd, "--paired: %s and %s are both side %s of an ab run", bd, cd, sa);
    return PK_EXIT_OK;
}

/* 1 when no two of the nb + nc tables read hold one run (one run_id: a copied folder keeps it,
 * where distinct_runs sees two paths); else 0 with the reason printed. A table without a run_id
 * (an ab side) is not compared. */
static int distinct_ids(const char *cmd, const pk_table *t, const char *const *bd, size_t nb, const char *const *cd,
                        size_t nc)
{
    for (size_t i = 0; i < nb + nc; i++)
        for (size_t j = 0; j < i; j++) {
            const char *a = pk_context_get(&t[i].context, "run_id"), *b = pk_context_get(&t[j].context, "run_id");
            if (a && b && strcmp(a, b) == 0) {
                pk_cli_usage_error(cmd, "%s: %s holds the same run as %s (run_id %s): a copy would pass for a second "
                                   "run that agrees exactly", i < nb ? "--baseline" : "--candidate",
                                   i < nb ? bd[i] : cd[i - nb], j < nb ? bd[j] : cd[j - nb], a);
                return 0;
            }
        }
    return 1;
}

/* 1 when a and b (sorted) hold the same spreads at the same points: one history's, copied. */
static int same_spreads(const pk_spread *a, const pk_spread *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!pk_point_equal(&a->rows[i].key, &b->rows[i].key) || a->rows[i].judgement != b->rows[i].judgement ||
            a->rows[i].sd != b->rows[i].sd || a->rows[i].df != b->rows[i].df)
            return 0;
    return 1;
}

/* Reads the n folders of one side into t[0..n); on error frees what it read. */
static int read_side(const char *cmd, const char *flag, const char *const *dirs, size_t n, pk_table *t)
{
    char path[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        int rc = pk_verdict_cli_read(cmd, flag, dirs[i], path, sizeof path, &t[i]);
        if (rc != PK_EXIT_OK) {
            while (i-- > 0)
                pk_table_free(&t[i]);
            return rc;
        }
    }
    return PK_EXIT_OK;
}

int pk_verdict_cli_report(const char *cmd, const pk_baseline *b, const pk_baseline_desc *d, const char *out,
                          pk_resultdir *held)
{
    char err[PK_PATH_MAX + 256];
    int rc;
    if (out && (rc = pk_cli_mkdir_out(cmd, "--out", out)) >= 0)
        return rc;
    /* The folder's lock for the writing (resultdir.h): two writers of one folder would mix files. */
    pk_resultdir rd;
    const int lock = out && !held;
    if (lock && (rc = pk_cli_lock_out(cmd, out, &rd)) >= 0)
        return rc;
    rc = out ? pk_baseline_write_files(b, d, lock ? &rd : held, out, err, sizeof err) : PK_OK;
    if (lock)
        pk_resultdir_close(&rd);
    if (rc != PK_OK)
        return pk_cli_fail(cmd, pk_cli_exit_write(rc), "%s", err);
    pk_baseline_write_md(stdout, b, d, out ? PK_MD_BESIDE_FILE : PK_MD_TERMINAL);
    char eo[PK_CLI_ESC_MAX];
    const char *o = out ? pk_cli_esc(out, eo, sizeof eo) : NULL;
    if (o && b->design == PK_DESIGN_RUNS) /* as pk_baseline_write_files writes them */
        printf("wrote %s/verdicts.csv, %s/summary.json, %s/report.md and %s/spread.csv\n", o, o, o, o);
    else if (o)
        printf("wrote %s/verdicts.csv, %s/summary.json and %s/report.md\n", o, o, o);
    printf("%zu slower\n", b->sum.count[PK_VERDICT_SLOWER]);
    if (b->n && b->sum.count[PK_VERDICT_UNDECIDED] == b->n)
        pk_cli_note(cmd, "no point could be judged (%zu of %zu undecided): this comparison cannot show a slowdown",
                    b->n, b->n);
    if (b->only_base || b->only_cand) /* a gate on 'no point slower' says nothing of those */
        pk_cli_note(cmd, "judged the %zu points both sides hold; %zu only the baseline has and %zu only the "
                    "candidate has are not judged", b->n, b->only_base, b->only_cand);
    if (b->incomplete)
        pk_cli_note(cmd, "%zu point%s both sides hold had no complete ABBA block and %s not judged", b->incomplete,
                    b->incomplete == 1 ? "" : "s", b->incomplete == 1 ? "is" : "are");
    return b->sum.count[PK_VERDICT_SLOWER] ? PK_EXIT_CHECK : PK_EXIT_OK;
}

const char *pk_verdict_level_text(double level, char *buf, size_t len)
{
    const double alpha = 1 - level;
    int digits = alpha > 0 && alpha < 1 ? (int)ceil(-log10(alpha)) - 2 : 2;
    digits = digits < 2 ? 2 : digits > 9 ? 9 : digits;
    snprintf(buf, len, "%.*f%%", digits, 100 * level);
    return buf;
}

/* --inject STRATEGY:PCT into its strategy and factor; 0, or the usage error printed. */
static int parse_inject(const char *cmd, const char *text, int *strat, double *factor)
{
    char name[32];
    const char *colon = strchr(text, ':');
    size_t len = colon ? (size_t)(colon - text) : 0;
    if (!colon || len >= sizeof name)
        return pk_cli_usage_error(cmd, "--inject: '%s' is not STRATEGY:PCT", text);
    memcpy(name, text, len);
    name[len] = '\0';
    double pct = 0;
    if ((*strat = pk_strategy_lookup(name)) < 0)
        return pk_cli_usage_error(cmd, "--inject: unknown strategy '%s'", name);
    char why[128]; /* a plain decimal, as every number flag takes (no hex, no spaces) */
    if (pk_cli_double("--inject", colon + 1, -100, 10000, &pct, why, sizeof why) != PK_OK || !(pct > -100))
        return pk_cli_usage_error(cmd, "--inject: '%s' is not a change in percent above -100 and at most 10000",
                                  colon + 1);
    *factor = 1 + pct / 100;
    return 0;
}

/* Multiplies the medians and quantiles of strategy s in every candidate table by factor. */
static void inject(pk_table *t, size_t n, int s, double factor)
{
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < t[j].n + t[j].npass; i++) {
            pk_row *r = i < t[j].n ? &t[j].rows[i] : &t[j].pass[i - t[j].n];
            if ((int)r->key.strategy == s)
                pk_row_scale_wall(r, factor);
        }
}

/* Judges the n = nb + nc tables: as they are, or (host_state) as they are and with the host's
 * state taken out, as one family of tests (pk_baseline_judge_runs), combined
 * (pk_baseline_combine); with prior (may be NULL), each judgement's spreads moderated by its
 * rows. The tables are scaled in place. Returns a PK code with err. */
static int judge_runs(pk_table *t, size_t nb, size_t nc, const pk_verdict_params *vp, const pk_params *host_state,
                      const pk_spread *prior, const char *const *dirs, pk_baseline *b, char *err, size_t errlen)
{
    const size_t k = host_state ? 2 : 1;
    pk_baseline_runs *runs[2] = {NULL, NULL};
    pk_baseline two[2];
    int rc = pk_baseline_take(t, nb, t + nb, nc, &runs[0], err, errlen);
    for (size_t i = 0; rc == PK_OK && k == 2 && i < nb + nc; i++)
        rc = pk_hoststate_normalise(&t[i], host_state, dirs[i], err, errlen);
    if (rc != PK_OK && rc != PK_ENOMEM && runs[0]) {
        char why[1024];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errlen, "--host-state: %.1000s", why);
    }
    if (rc == PK_OK && k == 2)
        rc = pk_baseline_take(t, nb, t + nb, nc, &runs[1], err, errlen);
    for (size_t j = 0; rc == PK_OK && prior && j < k; j++)
        if ((rc = pk_baseline_runs_prior(runs[j], prior, j ? PK_JUDGE_STATE : PK_JUDGE_MEASURED)) != PK_OK)
            snprintf(err, errlen, "out of memory");
    if (rc == PK_OK && (rc = pk_baseline_judge_runs(runs, k, vp, two, err, errlen)) == PK_OK) {
        *b = two[k - 1];
        if (k == 2 && (rc = pk_baseline_combine(b, &two[0])) != PK_OK) {
            snprintf(err, errlen, "%s",
                     rc == PK_ENOMEM ? "out of memory" : "the runs with the host's state taken out hold other points");
            pk_baseline_free(b);
        }
        if (k == 2)
            pk_baseline_free(&two[0]);
    }
    pk_baseline_runs_free(runs[0]);
    pk_baseline_runs_free(runs[1]);
    return rc;
}

int pk_verdict_cli_compare(const char *cmd, const char *base_list, const char *cand_list, const pk_verdict_params *vp,
                           const char *inject_text, const char *host_state, const char *prior_path, const char *out)
{
    pk_params hs_params;
    pk_spread prior = {0};
    if (prior_path) {
        char perr[PK_PATH_MAX + 256];
        if (vp->paired)
            return pk_cli_usage_error(cmd, "--prior: not with --paired (an interleaved run's spread is of pairs)");
        int prc = pk_spread_read(prior_path, &prior, perr, sizeof perr);
        if (prc == PK_ENOMEM)
            return pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory");
        if (prc != PK_OK)
            return pk_cli_usage_error(cmd, "--prior: %s", perr);
    }
    if (host_state) {
        char perr[512];
        if (vp->paired) {
            pk_spread_free(&prior);
            return pk_cli_usage_error(cmd,
                                      "--host-state: not with --paired (an interleaved run needs no state taken out)");
        }
        if (pk_params_load(host_state, &hs_params, perr, sizeof perr) != PK_OK) {
            pk_spread_free(&prior);
            return pk_cli_usage_error(cmd, "--host-state: %s", perr);
        }
    }
    int istrat = -1;
    double ifactor = 1;
    if (inject_text && parse_inject(cmd, inject_text, &istrat, &ifactor)) {
        pk_spread_free(&prior);
        if (host_state)
            pk_params_free(&hs_params);
        return PK_EXIT_USAGE;
    }
    const char *bd[MAX_RUNS], *cd[MAX_RUNS];
    char *bl = strdup(base_list), *cl = strdup(cand_list), err[1024];
    pk_table *t = calloc(2 * MAX_RUNS, sizeof *t);
    size_t nb = 0, nc = 0;
    int rc = bl && cl && t ? PK_EXIT_USAGE : pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory");
    if (rc == PK_EXIT_USAGE && (nb = split_list(cmd, "--baseline", bl, bd)) > 0 &&
        (nc = split_list(cmd, "--candidate", cl, cd)) > 0 && distinct_runs(cmd, bd, nb, cd, nc) &&
        (rc = read_side(cmd, "--baseline", bd, nb, t)) == PK_EXIT_OK &&
        (rc = read_side(cmd, "--candidate", cd, nc, t + nb)) != PK_EXIT_OK) {
        for (size_t i = 0; i < nb; i++)
            pk_table_free(&t[i]);
    }
    if (rc == PK_EXIT_OK && !distinct_ids(cmd, t, bd, nb, cd, nc)) {
        rc = PK_EXIT_USAGE;
        for (size_t i = 0; i < nb + nc; i++)
            pk_table_free(&t[i]);
    }
    if (rc == PK_EXIT_OK && vp->replicate_scale && !vp->paired && (nb != 1 || nc != 1)) {
        rc = pk_cli_usage_error(cmd, "--replicates-as-runs: one folder per side (with several, their runs give the "
                                     "spread and the passes are not used)");
        for (size_t i = 0; i < nb + nc; i++)
            pk_table_free(&t[i]);
    }
    if (rc == PK_EXIT_OK && vp->paired && (rc = paired_sides(cmd, vp, t, bd, nb, cd, nc)) != PK_EXIT_OK)
        for (size_t i = 0; i < nb + nc; i++)
            pk_table_free(&t[i]);
    if (rc == PK_EXIT_OK) {
        pk_baseline b;
        pk_baseline_desc d = {bd, nb, cd, nc, "", "", "", host_state, prior_path};
        const char *dirs[2 * MAX_RUNS];
        for (size_t i = 0; i < nb + nc; i++)
            dirs[i] = i < nb ? bd[i] : cd[i - nb];
        size_t held = 0; /* --inject names a strategy the candidate holds, or it would claim a change it did not make */
        for (size_t j = nb; istrat >= 0 && j < nb + nc; j++)
            for (size_t i = 0; i < t[j].n; i++)
                held += (int)t[j].rows[i].key.strategy == istrat;
        if (istrat >= 0 && !held) {
            rc = pk_cli_usage_error(cmd, "--inject: the candidate holds no %s points", pk_strategy_names[istrat]);
        } else if (istrat >= 0) {
            inject(t + nb, nc, istrat, ifactor);
            snprintf(d.injected, sizeof d.injected, "%s %+g%%", pk_strategy_names[istrat], 100 * (ifactor - 1));
        }
        pk_cmp_device_label(&t[0], d.base_device, sizeof d.base_device);
        pk_cmp_device_label(&t[nb], d.cand_device, sizeof d.cand_device);
        int jr = rc != PK_EXIT_OK ? PK_EINVAL
                 : vp->paired     ? pk_baseline_judge_abba(&t[0], &t[1], vp, &b, err, sizeof err)
                                  : judge_runs(t, nb, nc, vp, host_state ? &hs_params : NULL,
                                               prior_path ? &prior : NULL, dirs, &b, err, sizeof err);
        if (rc != PK_EXIT_OK)
            ; /* refused above */
        else if (jr == PK_ENOMEM)
            rc = pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory");
        else if (jr != PK_OK && strcmp(err, "no point is in both sides") == 0)
            rc = pk_cli_usage_error(cmd, "--candidate: no point of %s is in %s", base_list, cand_list);
        else if (jr != PK_OK)
            rc = pk_cli_usage_error(cmd, "%s%s", strncmp(err, "--host-state", 12) ? "--candidate: " : "", err);
        else {
            /* each judgement's moderated points: as measured, then with the state taken out */
            const size_t moderated[2] = {host_state ? b.raw_prior_points : b.prior_points, b.prior_points};
            for (int j = 0; prior_path && j < (host_state ? 2 : 1); j++)
                if (moderated[j] == 0)
                    pk_cli_note(cmd, "--prior: %s moderated no point %s: judged by the runs alone", prior_path,
                                j ? "with the host's state taken out" : "as measured");
            rc = pk_verdict_cli_report(cmd, &b, &d, out, NULL);
        }
        if (jr == PK_OK)
            pk_baseline_free(&b);
        for (size_t i = 0; i < nb + nc; i++)
            pk_table_free(&t[i]);
    }
    free(t);
    free(bl);
    free(cl);
    if (host_state)
        pk_params_free(&hs_params);
    pk_spread_free(&prior);
    return rc;
}

/* Prints one line per group of the prior: its points, d0 (the median over its points: the cap
 * makes it vary) and the median s0. */
static int print_prior(FILE *o, const pk_spread *p)
{
    size_t n = p->n ? p->n : 1;
    pk_spread g = {malloc(n * sizeof *g.rows), p->n, n};
    double *sd = malloc(n * sizeof *sd), *df = malloc(n * sizeof *df);
    if (!g.rows || !sd || !df) {
        free(g.rows);
        free(sd);
        free(df);
        return PK_ENOMEM;
    }
    memcpy(g.rows, p->rows, p->n * sizeof *g.rows);
    pk_spread_sort_groups(&g);
    fprintf(o, "| judgement | strategy | item_ns | grid×block | points | prior df (median) | prior sd (median) |\n"
           "| --- | --- | ---: | --- | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < g.n;) {
        const pk_spread_row *r = &g.rows[i];
        size_t m = 0;
        for (; i < g.n && pk_spread_same_group(&g.rows[i], r); i++) {
            sd[m] = g.rows[i].sd;
            df[m++] = g.rows[i].df;
        }
        fprintf(o, "| %s | %s | %" PRIu64 " | %u×%u | %zu | %.1f | %.2f%% |\n", pk_judgement_names[r->judgement],
               pk_strategy_names[r->key.strategy], r->key.item_ns, r->key.grid, r->key.block, m, pk_stats_median(df, m),
               100 * pk_stats_median(sd, m));
    }
    free(g.rows);
    free(sd);
    free(df);
    return PK_OK;
}

int pk_verdict_cli_fit_prior(const char *cmd, const char *list, const char *out)
{
    if (!out)
        return pk_cli_usage_error(cmd, "--fit-prior: --out DIR is required (it gets DIR/prior.csv)");
    char *text = strdup(list), err[PK_PATH_MAX + 256], path[PK_PATH_MAX];
    const char *dirs[MAX_RUNS];
    pk_spread *in = calloc(MAX_RUNS, sizeof *in), prior = {0};
    size_t n = 0, got = 0;
    int rc = text && in ? PK_EXIT_USAGE : pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory");
    if (rc == PK_EXIT_USAGE && (n = split_list(cmd, "--fit-prior", text, dirs)) > 0) {
        rc = PK_EXIT_OK;
        if (n < 2)
            rc = pk_cli_usage_error(cmd, "--fit-prior: a prior needs the spreads of at least 2 histories, got 1");
        for (size_t i = 0; rc == PK_EXIT_OK && i < n; i++) /* one history twice would pass for two that agree */
            for (size_t j = 0; rc == PK_EXIT_OK && j < i; j++)
                if (pk_path_same(dirs[i], dirs[j]))
                    rc = pk_cli_usage_error(cmd, "--fit-prior: %s is given twice", dirs[i]);
        for (; rc == PK_EXIT_OK && got < n; got++) {
            int r;
            if (pk_path_join(path, sizeof path, dirs[got], "spread.csv", err, sizeof err) != PK_OK)
                rc = pk_cli_usage_error(cmd, "--fit-prior: %s", err);
            else if ((r = pk_spread_read(path, &in[got], err, sizeof err)) != PK_OK)
                rc = r == PK_ENOMEM ? pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory")
                                    : pk_cli_usage_error(cmd, "--fit-prior: %s", err);
            for (size_t j = 0; rc == PK_EXIT_OK && j < got; j++)
                if (same_spreads(&in[got], &in[j]))
                    rc = pk_cli_usage_error(cmd, "--fit-prior: %s/spread.csv holds the same spreads as %s/spread.csv "
                                            "(a copy would pass for a second history that agrees exactly)",
                                            dirs[got], dirs[j]);
        }
    }
    if (rc == PK_EXIT_OK) {
        int r = pk_spread_fit(in, n, &prior, err, sizeof err);
        if (r != PK_OK)
            rc = r == PK_ENOMEM ? pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory")
                                : pk_cli_usage_error(cmd, "--fit-prior: %s", err);
    }
    char *table = NULL; /* the table on stdout, rendered before anything is written */
    size_t table_len = 0;
    if (rc == PK_EXIT_OK) {
        FILE *ms = open_memstream(&table, &table_len);
        int pr = ms ? print_prior(ms, &prior) : PK_ENOMEM;
        if ((ms && fclose(ms) != 0) || pr != PK_OK)
            rc = pk_cli_fail(cmd, PK_EXIT_OSERR, "out of memory");
    }
    if (rc == PK_EXIT_OK) {
        const int made = pk_cli_mkdir_out(cmd, "--out", out);
        rc = made >= 0 ? made : PK_EXIT_OK;
    }
    pk_resultdir rd;
    int locked = 0;
    if (rc == PK_EXIT_OK) {
        int l = pk_cli_lock_out(cmd, out, &rd);
        if (l >= 0)
            rc = l;
        else
            locked = 1;
    }
    if (rc == PK_EXIT_OK) {
        static const char *const names[1] = {"prior.csv"};
        char comment[PK_PATH_MAX + 128];
        snprintf(comment, sizeof comment, "pkbench prior of the run-to-run sd, fitted from the spreads of %s", list);
        pk_outfiles f;
        int r = pk_outfiles_open(&f, &rd, out, names, 1, err, sizeof err);
        if (r == PK_OK) {
            pk_spread_write(pk_outfiles_fp(&f, 0), &prior, comment);
            r = pk_outfiles_commit(&f, NULL, 0, err, sizeof err);
        }
        if (r != PK_OK)
            rc = pk_cli_fail(cmd, pk_cli_exit_write(r), "%s", err);
    }
    if (locked)
        pk_resultdir_close(&rd);
    char eo[PK_CLI_ESC_MAX];
    if (rc == PK_EXIT_OK)
        printf("prior of %zu points' run-to-run sd from %zu histories:\n\n%s\nwrote %s/prior.csv\n", prior.n, n, table,
               pk_cli_esc(out, eo, sizeof eo));
    free(table);
    for (size_t i = 0; i < got; i++)
        pk_spread_free(&in[i]);
    pk_spread_free(&prior);
    free(in);
    free(text);
    return rc;
}
