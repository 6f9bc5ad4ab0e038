/* Evidence for the verdict method on real runs (not a test): given the measured.csv of several
 * runs of one build, judges each run as the candidate against the others as the history
 * (leave one out), then with a slowdown injected into one strategy's candidate points, and
 * prints the verdict counts, the detection rate and the other points' false alarms.
 *   verdict_loo [--history K] [--min-df D] RUN1/measured.csv RUN2/measured.csv ...  (2 to 16 files)
 * With --history K < files - 1, every K-subset of the other runs is a history in turn; --min-df
 * sets pk_verdict_params.min_df (default 2). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/tidy.h"
#include "harness/verdict.h"
#include "common/status.h"

enum { MAXRUN = 16 };

static pk_table runs[MAXRUN];
static size_t nruns;

/* Points present in every run, in the first run's order. */
static const pk_row **common;
static size_t ncommon;

static int hist[MAXRUN];
static size_t nhist;

static double min_df = 2;
static double *vals;     /* ncommon x (MAXRUN + 1): the history's medians, then the candidate's */
static pk_verdict_point *pts;
static pk_verdict_result *res;

static const pk_row *find(const pk_table *t, const pk_row *k)
{
    return pk_table_find(t, &k->key);
}

/* Judges run cand against the history, its points of strategy inject (or none when < 0)
 * multiplied by 1 + change. Fills counts: [verdict] over the injected strategy's points and
 * over the others. */
static int judge(size_t cand, int inject, double change, size_t in[PK_VERDICT_COUNT],
                 size_t out[PK_VERDICT_COUNT], int verbose)
{
    for (size_t i = 0; i < ncommon; i++) {
        const pk_point *k = &common[i]->key;
        double *v = vals + i * (MAXRUN + 1);
        for (size_t j = 0; j < nhist; j++)
            v[j] = pk_table_find(&runs[hist[j]], k)->wall_ns;
        v[nhist] = pk_table_find(&runs[cand], k)->wall_ns * ((int)k->strategy == inject ? 1 + change : 1);
        pts[i] = (pk_verdict_point){.group = (long)k->strategy * 1000003L + (long)k->item_ns * 31 + k->grid * 7 + k->block,
                                    .pos = log2((double)k->batch),
                                    .base = v,
                                    .nbase = nhist,
                                    .cand = v + nhist,
                                    .ncand = 1};
    }
    pk_verdict_params par = PK_VERDICT_PARAMS_DEFAULT;
    par.min_df = min_df;
    pk_verdict_summary sum;
    char err[256];
    int rc = pk_verdict_compute(pts, ncommon, &par, res, &sum, err, sizeof err);
    if (rc) {
        fprintf(stderr, "verdict_loo: %s\n", err);
        return rc;
    }
    memset(in, 0, PK_VERDICT_COUNT * sizeof *in);
    memset(out, 0, PK_VERDICT_COUNT * sizeof *out);
    for (size_t i = 0; i < ncommon; i++) {
        int mine = (int)common[i]->key.strategy == inject;
        (mine ? in : out)[res[i].verdict]++;
        if (verbose && !mine && (res[i].verdict == PK_VERDICT_FASTER || res[i].verdict == PK_VERDICT_SLOWER))
            printf("      flagged: %s item_ns=%llu batch=%llu change %+.1f%% [%+.1f%%, %+.1f%%] sd %.2f%% df %.1f\n",
                   pk_strategy_names[common[i]->key.strategy], (unsigned long long)common[i]->key.item_ns,
                   (unsigned long long)common[i]->key.batch, 100 * res[i].change, 100 * res[i].lo, 100 * res[i].hi,
                   100 * res[i].sd, res[i].df);
    }
    return 0;
}

static int fold(size_t cand)
{
    size_t in[PK_VERDICT_COUNT], out[PK_VERDICT_COUNT];
    printf("history runs");
    for (size_t j = 0; j < nhist; j++)
        printf(" %d", hist[j] + 1);
    printf(" -> candidate %zu\n", cand + 1);
    if (judge(cand, -1, 0, in, out, 1))
        return 1;
    printf("  A/A: same %zu, faster %zu, slower %zu, undecided %zu (flagged %zu of %zu)\n", out[0], out[1], out[2],
           out[3], out[1] + out[2], ncommon);
    for (int s = 0; s < PK_STRAT_COUNT; s++) {
        printf("  %-19s", pk_strategy_names[s]);
        for (int c = 0; c < 2; c++) {
            double change = c ? 0.20 : 0.10;
            if (judge(cand, s, change, in, out, 0))
                return 1;
            size_t nin = in[0] + in[1] + in[2] + in[3], nout = out[0] + out[1] + out[2] + out[3];
            printf("  +%2.0f%%: %2zu/%zu slower, others flagged %zu/%zu", 100 * change, in[PK_VERDICT_SLOWER], nin,
                   out[1] + out[2], nout);
        }
        printf("\n");
    }
    return 0;
}

/* Every k-subset of the runs other than cand, as the history. */
static int subsets(size_t cand, size_t k, size_t from)
{
    if (nhist == k)
        return fold(cand);
    for (size_t j = from; j < nruns; j++) {
        if (j == cand)
            continue;
        hist[nhist++] = (int)j;
        int rc = subsets(cand, k, j + 1);
        nhist--;
        if (rc)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t k = 0;
    int a = 1;
    for (; a + 1 < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
        if (strcmp(argv[a], "--history") == 0)
            k = (size_t)atoi(argv[a + 1]);
        else if (strcmp(argv[a], "--min-df") == 0)
            min_df = atof(argv[a + 1]);
        else
            break;
    }
    if (argc - a < 2 || argc - a > MAXRUN) {
        fprintf(stderr, "usage: verdict_loo [--history K] [--min-df D] RUN1/measured.csv RUN2/measured.csv ...\n");
        return 2;
    }
    for (; a < argc; a++) {
        char err[512];
        if (pk_table_read_csv(argv[a], &runs[nruns], err, sizeof err)) {
            fprintf(stderr, "verdict_loo: %s\n", err);
            return 2;
        }
        printf("run %zu: %s (%zu points)\n", nruns + 1, argv[a], runs[nruns].n);
        nruns++;
    }
    if (k == 0 || k > nruns - 1)
        k = nruns - 1;
    common = calloc(runs[0].n, sizeof *common);
    for (size_t i = 0; common && i < runs[0].n; i++) {
        int all = runs[0].rows[i].wall_ns > 0;
        for (size_t j = 1; all && j < nruns; j++) {
            const pk_row *r = find(&runs[j], &runs[0].rows[i]);
            all = r && r->wall_ns > 0 && isfinite(r->wall_ns);
        }
        if (all)
            common[ncommon++] = &runs[0].rows[i];
    }
    vals = calloc(ncommon * (MAXRUN + 1), sizeof *vals);
    pts = calloc(ncommon, sizeof *pts);
    res = calloc(ncommon, sizeof *res);
    if (!common || !vals || !pts || !res || ncommon == 0) {
        fprintf(stderr, "verdict_loo: no point common to every run (or out of memory)\n");
        return 2;
    }
    printf("%zu points in every run; history of %zu runs; threshold 5%%, fdr 5%%, window 2 (batch x4), floor 0.5%%, "
           "min_df %g\n", ncommon, k, min_df);
    for (size_t c = 0; c < nruns; c++)
        if (subsets(c, k, 0))
            return 1;
    for (size_t j = 0; j < nruns; j++)
        pk_table_free(&runs[j]);
    free(common);
    free(vals);
    free(pts);
    free(res);
    return 0;
}
