/* The files of a regression comparison: verdicts.csv, summary.json and report.md (see
 * baseline.h). */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/duration.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/baseline.h"
#include "harness/cells.h"
#include "harness/outfiles.h"

static const char *const design_names[] = {"runs", "abba"};

/* A change for people: "+12.3%"; beyond +1000% (an interval's end with few degrees of freedom)
 * only that it is, the figure itself in verdicts.csv. */
static const char *pct(char *buf, size_t len, double f)
{
    if (!isfinite(f))
        snprintf(buf, len, "–");
    else if (f > 10)
        snprintf(buf, len, "> +1000%%");
    else
        snprintf(buf, len, "%+.1f%%", 100 * f);
    return buf;
}

static void list_dirs(FILE *o, const char *const *dirs, size_t n)
{
    char shown[PK_PATH_MAX];
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%s`%s`", i ? ", " : "", pk_path_shown(dirs[i], shown, sizeof shown));
}

/* The method in one paragraph, with the parameters used. */
static void write_method(FILE *o, const pk_baseline *b)
{
    char level[32];
    const pk_verdict_params *p = &b->sum.params;
    const char *spread = b->sum.scale == PK_VSCALE_PAIRS        ? "the spread of the ABBA blocks' log ratios"
                         : b->sum.scale == PK_VSCALE_REPLICATES ? "the spread between the passes of each run "
                                                                  "(--replicates-as-runs)"
                                                                : "the run-to-run spread of the runs' log medians";
    fprintf(o, "Method: per point the change of the geometric mean of the runs' medians, judged by %s, pooled over "
               "the same strategy, item_ns and shape with batch within x%g (degrees of freedom that count drift "
               "shared by those neighbours once), never below %g%%; practical threshold ±%g%%; false faster/slower "
               "verdicts controlled at %g%% (Benjamini-Hochberg over %zu %s), every interval at %s. "
               "slower/faster: the interval lies beyond ±%g%% and the change beyond the threshold%s; same: the "
               "interval lies within the threshold; undecided: neither, or the point has too few runs.\n\n",
            spread, exp2(p->window), 100 * p->min_sd, 100 * p->threshold, 100 * p->fdr, b->sum.tested,
            b->host_state ? "tests: each point judged twice, above"
            : b->sum.tested == 1 ? "point tested"
                                 : "points tested",
            pk_verdict_level_text(b->sum.level, level, sizeof level),
            100 * p->margin,
            b->sum.scale == PK_VSCALE_PAIRS ? ", and a sign test of the blocks beyond the margin rejects" : "");
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* What comes before a clause of write_undecided's sentence. */
static const char *lead(int *any) { return (*any)++ ? "; " : "Undecided: "; }

/* Why the undecided points are undecided, and what would decide them, in one sentence (none
 * when a comparison with no spread at all has said so already). */
static void write_undecided(FILE *o, const pk_baseline *b)
{
    size_t n[PK_UNDECIDED_COUNT] = {0}, nw = 0;
    unsigned blocks = 0; /* the most blocks of a point the sign test held back for want of them */
    double *half = malloc((b->n ? b->n : 1) * sizeof *half);
    for (size_t i = 0; i < b->n; i++) {
        const pk_verdict_result *r = &b->res[i];
        if (r->verdict != PK_VERDICT_UNDECIDED)
            continue;
        n[r->why]++;
        if (r->why == PK_UNDECIDED_BLOCKS && r->base_runs > blocks)
            blocks = r->base_runs;
        if (half && r->why == PK_UNDECIDED_SPREAD && isfinite(r->lo) && isfinite(r->hi))
            half[nw++] = 100 * (r->hi - r->lo) / 2;
    }
    if (b->sum.scale == PK_VSCALE_NONE)
        n[PK_UNDECIDED_RUNS] = 0;
    int any = 0;
    if (n[PK_UNDECIDED_RUNS])
        fprintf(o, "%s%zu with too few %s to give them a spread", lead(&any),
                n[PK_UNDECIDED_RUNS], b->design == PK_DESIGN_ABBA ? "blocks" : "runs");
    if (n[PK_UNDECIDED_SPREAD]) {
        fprintf(o, "%s%zu whose interval reaches across the margin (±%g%%) or the threshold (±%g%%)",
                lead(&any), n[PK_UNDECIDED_SPREAD], 100 * b->sum.params.margin,
                100 * b->sum.params.threshold);
        if (nw) {
            qsort(half, nw, sizeof *half, dcmp);
            fprintf(o, " (median half-width %.1f%%)", nw % 2 ? half[nw / 2] : (half[nw / 2 - 1] + half[nw / 2]) / 2);
        }
        fprintf(o, ": %s would narrow it", b->design == PK_DESIGN_ABBA
                                                ? "more blocks"
                                                : "more runs, a --prior or an interleaved pkbench ab");
    }
    if (n[PK_UNDECIDED_BLOCKS]) {
        /* The sign test of R blocks, all beyond the margin, gives p = 2^(1-R) at best. */
        const double alpha = 1 - b->sum.level;
        fprintf(o, "%s%zu beyond the threshold whose blocks' sign test cannot reject: with %s%u blocks its least p "
                   "is %.3g, above the %.3g the level needs; %.0f blocks or more can",
                lead(&any), n[PK_UNDECIDED_BLOCKS], n[PK_UNDECIDED_BLOCKS] > 1 ? "at most " : "",
                blocks, ldexp(1.0, 1 - (int)blocks), alpha, ceil(1 - log2(alpha)));
    }
    if (n[PK_UNDECIDED_SIGNS])
        fprintf(o, "%s%zu beyond the threshold whose blocks disagree in sign beyond the margin (the sign test "
                   "rejects no change where they agree)",
                lead(&any), n[PK_UNDECIDED_SIGNS]);
    if (n[PK_UNDECIDED_DISAGREE])
        fprintf(o, "%s%zu where the runs as measured and with the host's state taken out disagree",
                lead(&any), n[PK_UNDECIDED_DISAGREE]);
    if (any)
        fputs(".\n", o);
    free(half);
}

/* The verdicts per strategy, one row each. */
static void write_per_strategy(FILE *o, const pk_baseline *b)
{
    size_t n[PK_STRAT_COUNT][PK_VERDICT_COUNT] = {{0}};
    for (size_t i = 0; i < b->n; i++)
        n[b->keys[i].strategy][b->res[i].verdict]++;
    fprintf(o, "| strategy | same | faster | slower | undecided |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (int s = 0; s < PK_STRAT_COUNT; s++)
        if (n[s][0] + n[s][1] + n[s][2] + n[s][3])
            fprintf(o, "| %s | %zu | %zu | %zu | %zu |\n", pk_strategy_names[s], n[s][PK_VERDICT_SAME],
                    n[s][PK_VERDICT_FASTER], n[s][PK_VERDICT_SLOWER], n[s][PK_VERDICT_UNDECIDED]);
    fputc('\n', o);
}

void pk_baseline_write_md(FILE *o, const pk_baseline *b, const pk_baseline_desc *d, pk_md_for to)
{
    const int for_file = to == PK_MD_FILE;
    char s1[48], s2[48], c[32], lo[32], hi[32], shown[PK_PATH_MAX];
    const char *item = for_file ? "- " : "";
    int abba = b->design == PK_DESIGN_ABBA;
    if (for_file)
        fprintf(o, "# pkbench %s\n\n", abba ? "ab: B against A, interleaved" : "compare: candidate against baseline");
    fprintf(o, "%s%s %zu run%s (", item, abba ? "A:" : "baseline:", d->nbase_dirs, d->nbase_dirs == 1 ? "" : "s");
    list_dirs(o, d->base_dirs, d->nbase_dirs);
    fprintf(o, "): %s\n%s%s %zu run%s (", d->base_device, item, abba ? "B:" : "candidate:", d->ncand_dirs,
            d->ncand_dirs == 1 ? "" : "s");
    list_dirs(o, d->cand_dirs, d->ncand_dirs);
    fprintf(o, "): %s\n", d->cand_device);
    if (abba)
        fprintf(o, "%sinterleaved: %u ABBA blocks per point\n", item, b->passes_base);
    else if (b->passes_base > 1 || b->passes_cand > 1)
        fprintf(o, "%spasses per run: up to %u (baseline), %u (candidate)\n", item, b->passes_base, b->passes_cand);
    fputc('\n', o);
    if (strcmp(d->base_device, d->cand_device) != 0)
        fprintf(o, "Warning: the two sides come from different devices or backends.\n\n");
    if (d->prior && b->host_state)
        fprintf(o, "Prior (--prior `%s`): the run-to-run spread of %zu points as measured and %zu with the host's "
                   "state taken out moderated by a prior fitted from other histories (compare --fit-prior): sd^2 = "
                   "(d0 s0^2 + df s^2) / (d0 + df) with d0 + df degrees of freedom.\n\n",
                pk_path_shown(d->prior, shown, sizeof shown), b->raw_prior_points, b->prior_points);
    if (d->prior && b->sum.prior_scale > 1)
        fprintf(o, "The runs' own spreads lie above the prior's (a session noisier than those it was fitted from): "
                   "every prior sd was scaled by %.2f to this session's level.\n\n",
                b->sum.prior_scale);
    else if (d->prior)
        fprintf(o, "Prior (--prior `%s`): the run-to-run spread of %zu points moderated by a prior fitted from "
                   "other histories (compare --fit-prior): sd^2 = (d0 s0^2 + df s^2) / (d0 + df) with d0 + df "
                   "degrees of freedom.\n\n",
                pk_path_shown(d->prior, shown, sizeof shown), b->prior_points);
    if (b->host_state && d->host_state)
        fprintf(o, "Host state taken out (--host-state `%s`): every row scaled by the model from its canary to the "
                   "calibrated h and judged again; both judgements are one family of tests (Benjamini-Hochberg over "
                   "both at the false discovery rate), slower/faster where either says so, same only where the runs "
                   "as measured say same. As measured: %zu same, "
                   "%zu faster, %zu slower, %zu undecided; state taken out: %zu same, %zu faster, %zu slower, %zu "
                   "undecided.\n\n",
                pk_path_shown(d->host_state, shown, sizeof shown), b->raw_count[PK_VERDICT_SAME],
                b->raw_count[PK_VERDICT_FASTER],
                b->raw_count[PK_VERDICT_SLOWER], b->raw_count[PK_VERDICT_UNDECIDED], b->state_count[PK_VERDICT_SAME],
                b->state_count[PK_VERDICT_FASTER], b->state_count[PK_VERDICT_SLOWER],
                b->state_count[PK_VERDICT_UNDECIDED]);
    if (d->injected[0])
        fprintf(o, "Injected (--inject): the candidate's medians of %s, to see what the gate finds.\n\n",
                d->injected);
    if (to == PK_MD_BESIDE_FILE)
        fprintf(o, "Method, and every point's verdict: report.md.\n\n");
    else
        write_method(o, b);
    if (b->sum.scale == PK_VSCALE_NONE && abba)
        fprintf(o, "No spread to judge by: every point is undecided. The blocks' spread needs 3 blocks or more, and "
                   "a faster or slower verdict a sign test that 6 or more can pass (--blocks).\n\n");
    else if (b->sum.scale == PK_VSCALE_NONE)
        fprintf(o, "No spread to judge by: every point is undecided. A baseline history needs 3 runs and a candidate "
                   "1 (or 2 and 2), or use pkbench ab (interleaved blocks, judged with --paired).\n\n");
    const size_t *k = b->sum.count;
    write_per_strategy(o, b);
    if (for_file || k[PK_VERDICT_FASTER] + k[PK_VERDICT_SLOWER] > 0) {
        fprintf(o, "| strategy | item_ns | batch | grid×block | %s | %s | change | interval | verdict |\n"
                   "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n",
                abba ? "A" : "baseline", abba ? "B" : "candidate");
        for (size_t i = 0; i < b->n; i++) {
            const pk_verdict_result *r = &b->res[i];
            if (!for_file && r->verdict != PK_VERDICT_FASTER && r->verdict != PK_VERDICT_SLOWER)
                continue;
            const pk_point *p = &b->keys[i];
            fprintf(o, "| %s | %" PRIu64 " | %" PRIu64 " | %u×%u | %s | %s | %s | [%s, %s] | %s |\n",
                    pk_strategy_names[p->strategy], p->item_ns, p->batch, p->grid, p->block,
                    pk_duration_format(s1, sizeof s1, r->base_ns, PK_DURATION_FIXED),
                    pk_duration_format(s2, sizeof s2, r->cand_ns, PK_DURATION_FIXED), pct(c, sizeof c, r->change),
                    pct(lo, sizeof lo, r->lo), pct(hi, sizeof hi, r->hi), pk_verdict_names[r->verdict]);
        }
        fputc('\n', o);
    }
    fprintf(o, "%zu point%s judged: %zu same, %zu faster, %zu slower, %zu undecided; %zu only in %s, %zu only in %s.\n",
            b->n, b->n == 1 ? "" : "s", k[PK_VERDICT_SAME], k[PK_VERDICT_FASTER], k[PK_VERDICT_SLOWER],
            k[PK_VERDICT_UNDECIDED], b->only_base, abba ? "A" : "the baseline", b->only_cand,
            abba ? "B" : "the candidate");
    if (b->incomplete)
        fprintf(o, "%zu point%s both sides hold had no complete ABBA block (a pass of every block missing, as "
                "when the run was stopped) and %s not judged.\n", b->incomplete, b->incomplete == 1 ? "" : "s",
                b->incomplete == 1 ? "is" : "are");
    if (k[PK_VERDICT_UNDECIDED])
        write_undecided(o, b);
}

static void put_num(FILE *o, double v, const char *fmt)
{
    fputc(',', o);
    if (isfinite(v))
        fprintf(o, fmt, v);
}

/* The first 16 columns are those of every verdicts.csv. The raw ones (compare --host-state: the
 * runs as measured, else empty) came later: the change and verdict, then their interval; files
 * that end before either are still read. */
static const char csv_header[] = "strategy,item_ns,batch,grid,block,baseline_ns,candidate_ns,change,change_lo,"
                                 "change_hi,sd,df,p,baseline_runs,candidate_runs,verdict,raw_change,raw_verdict,"
                                 "raw_change_lo,raw_change_hi";
#define CSV_18_HEADER_LEN (sizeof csv_header - sizeof ",raw_change_lo,raw_change_hi")
#define CSV_16_HEADER_LEN (CSV_18_HEADER_LEN - (sizeof ",raw_change,raw_verdict" - 1))

void pk_baseline_write_csv(FILE *o, const pk_baseline *b)
{
    fprintf(o, "%s\n", csv_header);
    for (size_t i = 0; i < b->n; i++) {
        const pk_point *k = &b->keys[i];
        const pk_verdict_result *r = &b->res[i];
        fprintf(o, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u", pk_strategy_names[k->strategy], k->item_ns, k->batch, k->grid,
                k->block);
        put_num(o, r->base_ns, "%.10g");
        put_num(o, r->cand_ns, "%.10g");
        put_num(o, r->change, "%.6g");
        put_num(o, r->lo, "%.6g");
        put_num(o, r->hi, "%.6g");
        put_num(o, r->sd, "%.6g");
        put_num(o, r->df > 0 ? r->df : NAN, "%.4g");
        put_num(o, r->p, "%.6g");
        fprintf(o, ",%u,%u,%s", r->base_runs, r->cand_runs, pk_verdict_names[r->verdict]);
        if (b->raw) {
            put_num(o, b->raw[i].change, "%.6g");
            fprintf(o, ",%s", pk_verdict_names[b->raw[i].verdict]);
            put_num(o, b->raw[i].lo, "%.6g");
            put_num(o, b->raw[i].hi, "%.6g");
            fputc('\n', o);
        } else
            fputs(",,,,\n", o);
    }
}

static json_t *dir_list(const char *const *dirs, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(dirs[i]));
    return a;
}

int pk_baseline_write_json(FILE *o, const pk_baseline *b, const pk_baseline_desc *d)
{
    const pk_verdict_summary *s = &b->sum;
    const pk_verdict_params *p = &s->params;
    json_t *counts = json_object(), *method = json_object(), *root = json_object();
    for (int v = 0; counts && v < PK_VERDICT_COUNT; v++)
        json_object_set_new(counts, pk_verdict_names[v], json_integer((json_int_t)s->count[v]));
    json_object_set_new(method, "name", json_string("log ratio of geometric means of run medians; run-to-run spread "
                                                    "pooled over neighbouring batch sizes with Satterthwaite degrees "
                                                    "of freedom; practical threshold; Benjamini-Hochberg"));
    json_object_set_new(method, "threshold", json_real(p->threshold));
    json_object_set_new(method, "fdr", json_real(p->fdr));
    json_object_set_new(method, "window", json_real(p->window));
    json_object_set_new(method, "min_sd", json_real(p->min_sd));
    json_object_set_new(method, "min_df", json_real(p->min_df));
    json_object_set_new(method, "paired", json_boolean(p->paired));
    json_object_set_new(method, "replicate_scale", json_boolean(p->replicate_scale));
    json_object_set_new(method, "margin", json_real(p->margin));
    json_object_set_new(method, "scale", json_string(pk_verdict_scale_names[s->scale]));
    json_object_set_new(method, "level", json_real(s->level));
    json_object_set_new(method, "tested", json_integer((json_int_t)s->tested));
    json_object_set_new(method, "discoveries", json_integer((json_int_t)s->discoveries));
    json_object_set_new(method, "shared_bound", isfinite(s->shared_bound) ? json_real(s->shared_bound) : json_null());
    json_t *hs = json_null();
    if (b->host_state && d->host_state) {
        json_t *raw = json_object(), *st = json_object();
        hs = json_object();
        for (int v = 0; raw && st && v < PK_VERDICT_COUNT; v++) {
            json_object_set_new(raw, pk_verdict_names[v], json_integer((json_int_t)b->raw_count[v]));
            json_object_set_new(st, pk_verdict_names[v], json_integer((json_int_t)b->state_count[v]));
        }
        json_object_set_new(hs, "params", json_string(d->host_state));
        json_object_set_new(hs, "family", json_string("joint"));
        json_object_set_new(hs, "raw_verdicts", raw);
        json_object_set_new(hs, "state_verdicts", st);
    }
    json_object_set_new(method, "host_state", hs);
    json_t *pr = json_null();
    if (d->prior && (pr = json_object())) {
        json_object_set_new(pr, "file", json_string(d->prior));
        json_object_set_new(pr, "points", json_integer((json_int_t)b->prior_points));
        json_object_set_new(pr, "session_scale", json_real(b->sum.prior_scale));
        if (b->host_state)
            json_object_set_new(pr, "raw_points", json_integer((json_int_t)b->raw_prior_points));
    }
    json_object_set_new(method, "prior", pr);
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "kind", json_string("pkbench-verdicts"));
    json_object_set_new(root, "design", json_string(design_names[b->design]));
    json_object_set_new(root, "baseline", dir_list(d->base_dirs, d->nbase_dirs));
    json_object_set_new(root, "candidate", dir_list(d->cand_dirs, d->ncand_dirs));
    json_object_set_new(root, "baseline_device", json_string(d->base_device));
    json_object_set_new(root, "candidate_device", json_string(d->cand_device));
    json_object_set_new(root, "points", json_integer((json_int_t)b->n));
    json_object_set_new(root, "only_baseline", json_integer((json_int_t)b->only_base));
    json_object_set_new(root, "only_candidate", json_integer((json_int_t)b->only_cand));
    json_object_set_new(root, "incomplete_blocks", json_integer((json_int_t)b->incomplete));
    json_object_set_new(root, "injected", d->injected[0] ? json_string(d->injected) : json_null());
    json_object_set_new(root, "verdicts", counts);
    json_t *why = json_object();
    static const char *const why_names[PK_UNDECIDED_COUNT] = {NULL, "runs", "spread", "blocks", "signs", "disagree"};
    size_t nwhy[PK_UNDECIDED_COUNT] = {0};
    for (size_t i = 0; i < b->n; i++)
        nwhy[b->res[i].verdict == PK_VERDICT_UNDECIDED ? b->res[i].why : PK_UNDECIDED_NOT]++;
    for (int k = 1; why && k < PK_UNDECIDED_COUNT; k++)
        json_object_set_new(why, why_names[k], json_integer((json_int_t)nwhy[k]));
    json_object_set_new(root, "undecided_why", why);
    json_object_set_new(root, "method", method);
    int rc = !root || !counts || !why || !method ? PK_ENOMEM : PK_OK;
    if (rc == PK_OK && (json_dumpf(root, o, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) != 0 || fputc('\n', o) == EOF))
        rc = PK_EIO;
    json_decref(root);
    return rc;
}

int pk_baseline_write_spread(FILE *o, const pk_baseline *b, const pk_baseline_desc *d)
{
    fprintf(o, "# pkbench spread: the run-to-run sd of each point from the runs alone; baseline ");
    for (size_t i = 0; i < d->nbase_dirs; i++)
        fprintf(o, "%s%s", i ? "," : "", d->base_dirs[i]);
    fprintf(o, ", candidate ");
    for (size_t i = 0; i < d->ncand_dirs; i++)
        fprintf(o, "%s%s", i ? "," : "", d->cand_dirs[i]);
    fprintf(o, "\n");
    pk_spread s = {0};
    int rc = PK_OK;
    for (int j = 0; rc == PK_OK && j < (b->host_state && b->raw ? 2 : 1); j++) {
        const pk_verdict_result *res = b->host_state && b->raw && j == 0 ? b->raw : b->res;
        pk_judgement jd = b->host_state && j == 1 ? PK_JUDGE_STATE : PK_JUDGE_MEASURED;
        for (size_t i = 0; rc == PK_OK && i < b->n; i++)
            if (res[i].own_df > 0 && res[i].own_sd >= PK_SPREAD_SD_MIN && isfinite(res[i].own_sd))
                rc = pk_spread_add(&s, &b->keys[i], jd, res[i].own_sd, res[i].own_df);
    }
    if (rc == PK_OK)
        pk_spread_write(o, &s, NULL);
    pk_spread_free(&s);
    return rc;
}

int pk_baseline_write_files(const pk_baseline *b, const pk_baseline_desc *d, pk_resultdir *rd, const char *out,
                            char *err, size_t errlen)
{
    static const char *const names[4] = {"verdicts.csv", "summary.json", "report.md", "spread.csv"};
    pk_outfiles f;
    int rc = pk_outfiles_open(&f, rd, out, names, b->design == PK_DESIGN_RUNS ? 4 : 3, err, errlen);
    if (rc != PK_OK)
        return rc;
    pk_baseline_write_csv(pk_outfiles_fp(&f, 0), b);
    if ((rc = pk_baseline_write_json(pk_outfiles_fp(&f, 1), b, d)) != PK_OK) {
        pk_outfiles_cannot_write(&f, 1, err, errlen);
        pk_outfiles_abort(&f);
        return PK_EIO;
    }
    pk_baseline_write_md(pk_outfiles_fp(&f, 2), b, d, PK_MD_FILE);
    if (b->design == PK_DESIGN_RUNS && pk_baseline_write_spread(pk_outfiles_fp(&f, 3), b, d) != PK_OK) {
        snprintf(err, errlen, "out of memory");
        pk_outfiles_abort(&f);
        return PK_ENOMEM;
    }
    /* Files of an earlier comparison that this one does not write would pass for its own: the
     * spread.csv of a comparison of runs, the errors, decisions and prediction of predicted
     * against measured. */
    static const char *const other[4] = {"errors.csv", "decisions.csv", "predicted.csv", "spread.csv"};
    return pk_outfiles_commit(&f, other, b->design == PK_DESIGN_RUNS ? 3 : 4, err, errlen);
}

/* A verdict's name, or -1. */
static int verdict_of(const char *s)
{
    for (int i = 0; i < PK_VERDICT_COUNT; i++)
        if (strcmp(s, pk_verdict_names[i]) == 0)
            return i;
    return -1;
}

/* The raw columns past the 16th (nf: 18 or 20) as the writer leaves them: each empty (no
 * --host-state), or a figure and a verdict. */
static int raw_ok(char **f, size_t nf)
{
    double v;
    for (size_t i = 16; i < nf; i++)
        if (i == 17 ? *f[i] && verdict_of(f[i]) < 0 : !pk_cell_double(f[i], &v))
            return 0;
    return 1;
}

/* One data line of verdicts.csv (nf fields, split in place) into key k and result r: 0 where a
 * cell is not what the writer writes (a time, spread or degrees of freedom below 0, a p outside
 * [0, 1], no change). */
static int parse_line(char **f, size_t nf, pk_point *k, pk_verdict_result *r)
{
    uint64_t item, batch, grid, block, br, cr;
    int s = pk_strategy_lookup(f[0]), v = verdict_of(f[15]);
    memset(r, 0, sizeof *r);
    if (s < 0 || v < 0 || !pk_cell_u64(f[1], UINT64_MAX, &item) || !pk_cell_u64(f[2], UINT64_MAX, &batch) ||
        batch == 0 || !pk_cell_u64(f[3], UINT32_MAX, &grid) || !pk_cell_u64(f[4], UINT32_MAX, &block) ||
        !pk_cell_double(f[5], &r->base_ns) || !pk_cell_double(f[6], &r->cand_ns) || !pk_cell_double(f[7], &r->change) ||
        !pk_cell_double(f[8], &r->lo) || !pk_cell_double(f[9], &r->hi) || !pk_cell_double(f[10], &r->sd) ||
        !pk_cell_double(f[11], &r->df) || !pk_cell_double(f[12], &r->p) || !pk_cell_u64(f[13], UINT32_MAX, &br) ||
        !pk_cell_u64(f[14], UINT32_MAX, &cr) || !isfinite(r->change) || !raw_ok(f, nf))
        return 0;
    if (r->base_ns < 0 || r->cand_ns < 0 || r->sd < 0 || r->df < 0 || r->p < 0 || r->p > 1) /* false for NAN */
        return 0;
    *k = (pk_point){(pk_strategy)s, item, batch, (unsigned)grid, (unsigned)block};
    r->verdict = (pk_verdict)v;
    r->base_runs = (unsigned)br;
    r->cand_runs = (unsigned)cr;
    if (!isfinite(r->df))
        r->df = 0;
    return 1;
}

/* Reads the lines of fp into b; 0 or the error, naming path:line. */
static int read_lines(FILE *fp, const char *path, pk_baseline *b, char *err, size_t errlen)
{
    char line[4096], *f[20];
    size_t want = 20;
    size_t cap = 0;
    unsigned long lineno = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1) {
            const size_t len = strlen(line);
            if (len == CSV_18_HEADER_LEN)
                want = 18;
            else if (len == CSV_16_HEADER_LEN)
                want = 16;
            if (strncmp(line, csv_header, len) != 0 || (len != sizeof csv_header - 1 && want == 20))
                return snprintf(err, errlen, "%s:1: not a verdicts.csv header", path), PK_EPARSE;
            continue;
        }
        size_t nf = 0;
        char *s = line;
        while (nf < want) {
            f[nf++] = s;
            if (!(s = strchr(s, ',')))
                break;
            *s++ = '\0';
        }
        if (b->n == cap) {
            cap = cap ? 2 * cap : 256;
            pk_point *k = realloc(b->keys, cap * sizeof *k);
            if (k)
                b->keys = k;
            pk_verdict_result *r = realloc(b->res, cap * sizeof *r);
            if (r)
                b->res = r;
            if (!k || !r)
                return snprintf(err, errlen, "out of memory"), PK_ENOMEM;
        }
        if (nf != want || s || !parse_line(f, nf, &b->keys[b->n], &b->res[b->n])) /* s: fields past the header's */
            return snprintf(err, errlen, "%s:%lu: not a verdicts.csv row", path, lineno), PK_EPARSE;
        b->sum.count[b->res[b->n].verdict]++;
        b->n++;
    }
    if (lineno == 0)
        return snprintf(err, errlen, "%s: empty", path), PK_EPARSE;
    return PK_OK;
}

static const pk_point *sort_keys;

static int cmp_row(const void *a, const void *b)
{
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const int c = pk_point_compare(&sort_keys[x], &sort_keys[y]);
    return c ? c : (x > y) - (x < y);
}

/* One row per point: a second row of a point is refused, naming its line (row i is on line i + 2). */
static int check_once(const pk_baseline *b, const char *path, char *err, size_t errlen)
{
    size_t *ix = malloc((b->n ? b->n : 1) * sizeof *ix);
    if (!ix)
        return snprintf(err, errlen, "out of memory"), PK_ENOMEM;
    for (size_t i = 0; i < b->n; i++)
        ix[i] = i;
    sort_keys = b->keys;
    qsort(ix, b->n, sizeof *ix, cmp_row);
    int rc = PK_OK;
    for (size_t i = 1; i < b->n && rc == PK_OK; i++)
        if (pk_point_compare(&b->keys[ix[i - 1]], &b->keys[ix[i]]) == 0) {
            char name[160];
            pk_point_name(&b->keys[ix[i]], name, sizeof name);
            snprintf(err, errlen, "%s:%zu: a second row of %s (the first at line %zu)", path, ix[i] + 2, name,
                     ix[i - 1] + 2);
            rc = PK_EPARSE;
        }
    free(ix);
    return rc;
}

int pk_baseline_read_csv(const char *path, pk_baseline *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)), PK_EIO;
    int rc = read_lines(fp, path, b, err, errlen);
    fclose(fp);
    if (rc == PK_OK)
        rc = check_once(b, path, err, errlen);
    if (rc != PK_OK)
        pk_baseline_free(b);
    return rc;
}
