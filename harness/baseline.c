/* Baseline against candidate: verdicts, tally, Markdown and CSV (see baseline.h). */
#include "harness/baseline.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/afile.h"
#include "common/duration.h"
#include "common/status.h"
#include "harness/compare.h"

const char *const pk_change_names[3] = {"SAME", "FASTER", "SLOWER"};

pk_change pk_change_classify(const pk_row *base, const pk_row *cand, double threshold)
{
    double b = base->wall_ns, c = cand->wall_ns;
    int quartiles = isfinite(base->wall_ns_p25) && isfinite(base->wall_ns_p75) && isfinite(cand->wall_ns_p25) &&
                    isfinite(cand->wall_ns_p75);
    if (c > b * (1 + threshold) && (!quartiles || cand->wall_ns_p25 > base->wall_ns_p75))
        return PK_CHANGE_SLOWER;
    if (c < b * (1 - threshold) && (!quartiles || cand->wall_ns_p75 < base->wall_ns_p25))
        return PK_CHANGE_FASTER;
    return PK_CHANGE_SAME;
}

int pk_baseline_run(const pk_table *base, const pk_table *cand, double threshold_pct, pk_baseline *out)
{
    memset(out, 0, sizeof *out);
    out->base = base;
    out->cand = cand;
    out->threshold_pct = threshold_pct;
    out->verdict = calloc(base->n ? base->n : 1, sizeof *out->verdict);
    out->match = calloc(base->n ? base->n : 1, sizeof *out->match);
    if (!out->verdict || !out->match) {
        pk_baseline_free(out);
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < base->n; i++) {
        const pk_row *x = &base->rows[i];
        out->match[i] = pk_table_find(cand, &x->key);
        if (!out->match[i]) {
            out->only_base++;
            continue;
        }
        out->verdict[i] = pk_change_classify(x, out->match[i], threshold_pct / 100);
        out->count[out->verdict[i]]++;
    }
    for (size_t i = 0; i < cand->n; i++)
        if (!pk_table_find(base, &cand->rows[i].key))
            out->only_cand++;
    return PK_OK;
}

void pk_baseline_free(pk_baseline *b)
{
    free(b->verdict);
    free(b->match);
    b->verdict = NULL;
    b->match = NULL;
}

size_t pk_baseline_compared(const pk_baseline *b)
{
    return b->count[0] + b->count[1] + b->count[2];
}

void pk_baseline_write_md(FILE *o, const pk_baseline *b, const char *base_dir, const char *cand_dir, int for_file)
{
    char da[256], db[256], s1[48], s2[48];
    pk_cmp_device_label(b->base, da, sizeof da);
    pk_cmp_device_label(b->cand, db, sizeof db);
    const char *item = for_file ? "-" : "";
    fprintf(o, "%s baseline `%s`: %s\n%s candidate `%s`: %s\n\n", item, base_dir, da, item, cand_dir, db);
    if (strcmp(da, db) != 0)
        fprintf(o, "Warning: the two runs come from different devices or backends.\n\n");
    fprintf(o, "Rule: SLOWER when the candidate median exceeds the baseline median by more than %g%% and the "
               "IQRs do not overlap; FASTER symmetrically; otherwise SAME.\n\n",
            b->threshold_pct);
    fprintf(o, "| strategy | item_ns | batch | grid×block | baseline | candidate | change | verdict |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (size_t i = 0; i < b->base->n; i++) {
        if (!b->match[i] || (!for_file && b->verdict[i] == PK_CHANGE_SAME))
            continue;
        const pk_row *x = &b->base->rows[i], *y = b->match[i];
        fprintf(o, "| %s | %" PRIu64 " | %" PRIu64 " | %u×%u | %s | %s | %+.1f%% | %s |\n",
                pk_strategy_names[x->key.strategy], x->key.item_ns, x->key.batch, x->key.grid, x->key.block,
                pk_duration_format(s1, sizeof s1, x->wall_ns, PK_DURATION_FIXED),
                pk_duration_format(s2, sizeof s2, y->wall_ns, PK_DURATION_FIXED), 100 * (y->wall_ns / x->wall_ns - 1),
                pk_change_names[b->verdict[i]]);
    }
    fprintf(o, "\n%zu points compared: %zu SAME, %zu FASTER, %zu SLOWER; %zu only in the baseline, %zu only in "
               "the candidate.\n",
            pk_baseline_compared(b), b->count[0], b->count[1], b->count[2], b->only_base, b->only_cand);
}

void pk_baseline_write_csv(FILE *o, const pk_baseline *b)
{
    fprintf(o, "strategy,item_ns,batch,grid,block,baseline_ns,baseline_p25_ns,baseline_p75_ns,"
               "candidate_ns,candidate_p25_ns,candidate_p75_ns,ratio,verdict\n");
    for (size_t i = 0; i < b->base->n; i++) {
        if (!b->match[i])
            continue;
        const pk_row *x = &b->base->rows[i], *y = b->match[i];
        fprintf(o, "%s,%" PRIu64 ",%" PRIu64 ",%u,%u", pk_strategy_names[x->key.strategy], x->key.item_ns,
                x->key.batch, x->key.grid, x->key.block);
        const double v[] = {x->wall_ns,      x->wall_ns_p25, x->wall_ns_p75,         y->wall_ns,
                            y->wall_ns_p25, y->wall_ns_p75, y->wall_ns / x->wall_ns};
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
            fputc(',', o);
            if (isfinite(v[j]))
                fprintf(o, "%.10g", v[j]);
        }
        fprintf(o, ",%s\n", pk_change_names[b->verdict[i]]);
    }
}

int pk_baseline_write_files(const pk_baseline *b, const char *base_dir, const char *cand_dir, const char *md_path,
                            const char *csv_path, char *err, size_t errlen)
{
    pk_afile md, csv;
    if (pk_afile_open(&md, md_path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", md_path, strerror(errno));
        return PK_EIO;
    }
    if (pk_afile_open(&csv, csv_path) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", csv_path, strerror(errno));
        pk_afile_abort(&md);
        return PK_EIO;
    }
    pk_baseline_write_md(md.fp, b, base_dir, cand_dir, 1);
    pk_baseline_write_csv(csv.fp, b);
    int md_ok = pk_afile_commit(&md) == PK_OK;
    if (!md_ok || pk_afile_commit(&csv) != PK_OK) {
        int e = errno;
        pk_afile_abort(&csv);
        if (md_ok)
            unlink(md.path); /* both files or neither */
        snprintf(err, errlen, "%s: cannot write: %s", md_ok ? csv_path : md_path, strerror(e));
        return PK_EIO;
    }
    return PK_OK;
}
