/* `pkbench sweep --resume`: what the folder holds, the points it finished, the check that it
 * is the same sweep, and the rows and benchmarks joined into one result (see sweep_resume.h). */
#include "harness/sweep_resume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/cli.h"
#include "harness/grid.h"
#include "harness/measured.h"
#include "harness/merge.h"
#include "harness/tidy_index.h"

/* The context keys that differ between the runs of one sweep: the run's own, and where the
 * device sits (a requeued job may get the same model at another index or bus). */
static const char *const run_keys[] = {"run_id", "resumed_from_run_id", "resumed_points", NULL};

/* What dir holds as its last commit says: a partial pair, a complete result, or neither. */
static int folder_state(const char *dir)
{
    if (pk_resultdir_holds(dir, (const char *const[]){"measured.partial.csv", "measured.partial.csv.gz"}, 2))
        return PK_RESUME_PARTIAL;
    if (pk_resultdir_holds(dir, (const char *const[]){"measured.csv", "measured.csv.gz"}, 2))
        return PK_RESUME_COMPLETE;
    return PK_RESUME_NONE;
}

/* 1 when old's i-th point finished: every pass (replicates) and, per the JSON, every
 * repetition. */
static int finished(const pk_sweep_resume *r, const pk_table_index *passes, size_t i, const size_t *counts,
                    uint64_t repetitions)
{
    const pk_row *row = &r->old.rows[i];
    for (unsigned k = 1; r->replicates > 1 && k <= r->replicates; k++)
        if (!pk_table_index_find_rep(passes, &row->key, k))
            return 0;
    return repetitions <= 1 || (counts && counts[i] >= repetitions);
}

/* r->carried: the finished points of r->old, their pass rows pass by pass. */
static int pick_carried(pk_sweep_resume *r, const pk_gb_flags *gf)
{
    size_t *counts = NULL;
    pk_table_index passes = {0};
    int rc = pk_table_index_build_rows(&passes, r->old.pass, r->old.npass);
    r->counted = gf->repetitions > 1;
    if (rc == PK_OK && gf->repetitions > 1 && r->json &&
        ((counts = malloc((r->old.n ? r->old.n : 1) * sizeof *counts)) == NULL ||
         pk__resume_json_counts(r->json, &r->old, counts) != PK_OK))
        rc = PK_ENOMEM;
    for (size_t i = 0; rc == PK_OK && i < r->old.n; i++)
        if (finished(r, &passes, i, counts, gf->repetitions))
            rc = pk_table_push(&r->carried, &r->old.rows[i]);
    for (unsigned k = 1; rc == PK_OK && k <= r->replicates && r->replicates > 1; k++)
        for (size_t i = 0; rc == PK_OK && i < r->carried.n; i++)
            rc = pk_table_push_pass(&r->carried, pk_table_index_find_rep(&passes, &r->carried.rows[i].key, k));
    pk_table_index_free(&passes);
    free(counts);
    return rc;
}

/* Takes the carried points out of *points; r->all keeps the whole list. */
static int take_out(pk_sweep_resume *r, const pk_gb_flags *gf, pk_point **points, size_t *np)
{
    pk_table_index ix;
    pk_point *left = malloc((*np ? *np : 1) * sizeof *left);
    if (!left || pk_table_index_build(&ix, &r->carried) != PK_OK) {
        free(left);
        return PK_ENOMEM;
    }
    size_t n = 0, hit = 0;
    for (size_t i = 0; i < *np; i++)
        if (pk_table_index_find(&ix, &(*points)[i]))
            hit++;
        else
            left[n++] = (*points)[i];
    pk_table_index_free(&ix);
    r->foreign = r->carried.n - hit;
    for (size_t i = 0; r->foreign && !r->foreign_name[0] && i < r->carried.n; i++) {
        int in = 0;
        for (size_t k = 0; k < *np && !in; k++)
            in = pk_point_equal(&(*points)[k], &r->carried.rows[i].key);
        if (!in)
            pk_point_name(&r->carried.rows[i].key, r->foreign_name, sizeof r->foreign_name);
    }
    char why[128];
    long sel = n ? pk_grid_filter_count(gf->filter, left, n, why, sizeof why) : 0;
    r->remaining = sel < 0 ? n : (size_t)sel; /* a bad regex: register_points says so */
    if (r->remaining == 0) { /* nothing left: the list stays, for Google Benchmark, which will not run */
        free(left);
        r->state = PK_RESUME_FINISH;
        return PK_OK;
    }
    r->all = *points;
    r->nall = *np;
    *points = left;
    *np = n;
    return PK_OK;
}

int pk_sweep_resume_plan(pk_sweep_resume *r, int on, const char *dir, const pk_gb_flags *gf, unsigned replicates,
                         pk_point **points, size_t *np)
{
    char err[PK_PATH_MAX + 512];
    memset(r, 0, sizeof *r);
    if (!on)
        return -1;
    r->on = 1;
    r->replicates = replicates;
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    if (gf->repetitions > 1 && gf->aggregates_only)
        return pk_cli_usage_error("sweep", "--resume: not with --benchmark_report_aggregates_only and "
                                  "--benchmark_repetitions (the JSON cannot tell which points finished every "
                                  "repetition)");
    r->state = folder_state(dir);
    if (r->state == PK_RESUME_NONE)
        return -1;
    int partial = r->state == PK_RESUME_PARTIAL, rc;
    if ((rc = pk_measured_read_kind(dir, partial, &r->old, r->file, sizeof r->file, err, sizeof err)) != PK_OK)
        return pk_cli_fail("sweep", pk_cli_exit_read(rc), "--resume: %s (without --resume a sweep replaces it)", err);
    const char *id = pk_context_get(&r->old.context, "run_id");
    snprintf(r->run_id, sizeof r->run_id, "%s", id ? id : "");
    if (!partial)
        return -1;
    if ((rc = pk__resume_json_load(dir, &r->old, &r->json, err, sizeof err)) != PK_OK)
        return pk_cli_fail("sweep", pk_cli_exit_read(rc), "--resume: %s (without --resume a sweep replaces it)", err);
    if (pick_carried(r, gf) != PK_OK || take_out(r, gf, points, np) != PK_OK)
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    return -1;
}

/* 1 when dir still holds what pk_sweep_resume_plan read (no other sweep wrote it since). */
static int unchanged(const pk_sweep_resume *r)
{
    if (folder_state(r->dir) != (r->state == PK_RESUME_FINISH ? PK_RESUME_PARTIAL : r->state))
        return 0;
    if (r->state == PK_RESUME_NONE)
        return 1;
    pk_table t = {0};
    char path[PK_PATH_MAX], err[PK_PATH_MAX + 256];
    int same = pk_measured_read_kind(r->dir, r->state != PK_RESUME_COMPLETE, &t, path, sizeof path, err,
                                     sizeof err) == PK_OK;
    const char *id = pk_context_get(&t.context, "run_id");
    same = same && t.n == r->old.n && t.npass == r->old.npass && strcmp(id ? id : "", r->run_id) == 0;
    pk_table_free(&t);
    return same;
}

/* The first key on which the folder's context and ctx (as the CSV writes it, read back)
 * disagree, into key, a and b; 0 when they agree, else 1, or a PK_E* code. */
static int compare(const pk_sweep_resume *r, pk_resultdir *rd, const pk_context *ctx, char *key, char *a, char *b,
                   size_t len)
{
    static const char *const *const skip[] = {run_keys, pk_merge_location_keys, NULL};
    char path[PK_PATH_MAX], err[PK_PATH_MAX + 256];
    pk_table t = {.context = *ctx}, back = {0};
    if (pk_resultdir_stage_path(rd->dir, "resume-context.csv", path, sizeof path) != PK_OK)
        return PK_ERANGE;
    int rc = pk_table_write_csv(path, &t, err, sizeof err);
    if (rc == PK_OK)
        rc = pk_table_read_csv(path, &back, err, sizeof err);
    unlink(path);
    size_t at = 0;
    const char *k = rc == PK_OK ? pk_merge_context_diff(&r->old.context, &back.context, skip, &at) : NULL;
    if (k) {
        const char *x = pk_context_get(&r->old.context, k), *y = pk_context_get(&back.context, k);
        snprintf(key, len, "%s", k);
        snprintf(a, len, "%s", x ? x : "(none)");
        snprintf(b, len, "%s", y ? y : "(none)");
        rc = 1;
    }
    pk_table_free(&back);
    return rc;
}

/* Every point was carried: the carried rows committed as the complete result. */
static int finish(pk_sweep_resume *r, pk_resultdir *rd, const pk_context *ctx)
{
    char err[PK_PATH_MAX + 512], json[PK_PATH_MAX];
    pk_table t = {0};
    int rc = PK_OK;
    t.context = *ctx;
    for (size_t i = 0; rc == PK_OK && i < r->carried.n; i++)
        rc = pk_table_push(&t, &r->carried.rows[i]);
    for (size_t i = 0; rc == PK_OK && i < r->carried.npass; i++)
        rc = pk_table_push_pass(&t, &r->carried.pass[i]);
    if (rc == PK_OK)
        pk_table_fill_savings(&t);
    const char *gb = NULL;
    if (rc == PK_OK && r->json && pk_resultdir_stage_path(rd->dir, "gbench.resume.json", json, sizeof json) == PK_OK) {
        rc = pk__resume_json_write(r->json, &r->carried, r->replicates, NULL, ctx, json, err, sizeof err);
        gb = json;
    }
    if (rc == PK_OK)
        rc = pk_measured_publish(rd, &t, gb, err, sizeof err);
    pk_table_free(&t);
    if (rc == PK_ENOMEM)
        return pk_cli_fail("sweep", PK_EXIT_OSERR, "out of memory");
    if (rc != PK_OK)
        return pk_cli_fail("sweep", rc == PK_EPARSE ? PK_EXIT_CHECK : pk_cli_exit_write(rc), "%s", err);
    pk_cli_note("sweep", "%zu points written to %s, every one carried over from run %s: nothing was left "
                "to measure%s", r->carried.n, r->dir, r->run_id, r->json ? "" : " (measured.json not written: the "
            "partial pair had none)");
    return PK_EXIT_OK;
}

int pk_sweep_resume_start(pk_sweep_resume *r, pk_resultdir *rd, pk_context *ctx)
{
    char key[PK_CONTEXT_VALUE], a[PK_CONTEXT_VALUE], b[PK_CONTEXT_VALUE];
    if (!r->on)
        return -1;
    if (!unchanged(r))
        return pk_cli_usage_error("sweep", "--resume: %s changed while this sweep started (another sweep wrote "
                                  "it); run it again", r->dir);
    if (r->state == PK_RESUME_NONE) { /* said here, not before: a refusal of the flags is its one line */
        pk_cli_note("sweep", "--resume: %s holds no earlier sweep; measuring every point", r->dir);
        return -1;
    }
    int rc = compare(r, rd, ctx, key, a, b, sizeof key);
    if (rc == 1)
        return pk_cli_usage_error("sweep", "--resume: %s was made by another sweep: its context %s is '%s', this "
                                  "one's '%s' (run with the same flags, or without --resume to replace it)", r->file,
                                  key, a, b);
    if (rc != PK_OK)
        return pk_cli_fail("sweep", pk_cli_exit_write(rc), "--resume: cannot compare with %s: %s", r->file,
                           pk_strerror(rc));
    if (r->foreign)
        return pk_cli_usage_error("sweep", "--resume: %zu rows of %s are no points of this sweep (the first: %s)",
                                  r->foreign, r->file, r->foreign_name);
    if (r->state == PK_RESUME_COMPLETE) {
        pk_cli_note("sweep", "%s is already complete; nothing to resume (without --resume a sweep measures it "
                    "again)", r->dir);
        return PK_EXIT_OK;
    }
    pk_context_set(ctx, "resumed_from_run_id", r->run_id[0] ? r->run_id : "unknown");
    pk_context_setf(ctx, "resumed_points", "%zu", r->carried.n);
    if (r->state == PK_RESUME_FINISH)
        return finish(r, rd, ctx);
    pk_cli_note("sweep", "--resume: %zu points of %s carried over from run %s; %zu left to measure%s",
                r->carried.n, r->file, r->run_id, r->remaining,
                r->json || !r->counted ? "" : " (no Google Benchmark JSON "
                                              "tells which points finished every repetition: each is measured again)");
    return -1;
}

/* m: the rows of carried and t, every point of all once, summary rows in measuring order, then
 * pass rows pass by pass. */
static int join_rows(const pk_sweep_resume *r, const pk_table *t, pk_table *m)
{
    pk_table_index ci = {0}, cp = {0}, ti = {0}, tp = {0};
    int rc = PK_OK;
    if (pk_table_index_build(&ci, &r->carried) || pk_table_index_build_rows(&cp, r->carried.pass, r->carried.npass) ||
        pk_table_index_build(&ti, t) || pk_table_index_build_rows(&tp, t->pass, t->npass))
        rc = PK_ENOMEM;
    for (size_t i = 0; rc == PK_OK && i < r->nall; i++) {
        const pk_row *x = pk_table_index_find(&ci, &r->all[i]);
        if (x || (x = pk_table_index_find(&ti, &r->all[i])) != NULL)
            rc = pk_table_push(m, x);
    }
    for (unsigned k = 1; k <= r->replicates && r->replicates > 1; k++)
        for (size_t i = 0; rc == PK_OK && i < r->nall; i++) {
            const pk_row *x = pk_table_index_find_rep(&cp, &r->all[i], k);
            if (x || (x = pk_table_index_find_rep(&tp, &r->all[i], k)) != NULL)
                rc = pk_table_push_pass(m, x);
        }
    if (rc == PK_OK && (m->n != r->carried.n + t->n || m->npass != r->carried.npass + t->npass))
        rc = PK_EINVAL; /* a row of no point of the sweep: cannot happen, the points are the sweep's */
    pk_table_index_free(&ci);
    pk_table_index_free(&cp);
    pk_table_index_free(&ti);
    pk_table_index_free(&tp);
    return rc;
}

int pk_sweep_resume_join(pk_sweep_resume *r, pk_resultdir *rd, pk_table *t, const char **gb_json, char *err,
                         size_t errlen)
{
    if (!r->on || r->state != PK_RESUME_PARTIAL)
        return PK_OK;
    pk_table m = {0};
    m.context = t->context;
    m.partial = t->partial;
    int rc = join_rows(r, t, &m);
    if (rc != PK_OK) {
        pk_table_free(&m);
        snprintf(err, errlen, rc == PK_ENOMEM ? "out of memory" : "--resume: rows of no point of the sweep");
        return rc;
    }
    pk_table_fill_savings(&m); /* a carried row keeps its own: its standard row is carried too */
    pk_table_free(t);
    *t = m;
    if (!*gb_json)
        return PK_OK;
    if (!r->json) {
        pk_cli_note("sweep", "measured.json not written: the resumed partial pair had no Google Benchmark JSON");
        *gb_json = NULL;
        return PK_OK;
    }
    char *path = r->json_path;
    if (pk_resultdir_stage_path(rd->dir, "gbench.resume.json", path, sizeof r->json_path) != PK_OK) {
        snprintf(err, errlen, "%s: path too long", rd->dir);
        return PK_EIO;
    }
    rc = pk__resume_json_write(r->json, &r->carried, r->replicates, *gb_json, &t->context, path, err, errlen);
    if (rc == PK_OK)
        *gb_json = path;
    return rc;
}

size_t pk_sweep_resume_carried(const pk_sweep_resume *r)
{
    return r->on && (r->state == PK_RESUME_PARTIAL || r->state == PK_RESUME_FINISH) ? r->carried.n : 0;
}

void pk_sweep_resume_free(pk_sweep_resume *r)
{
    pk_table_free(&r->old);
    pk_table_free(&r->carried);
    pk__resume_json_free(r->json);
    r->json = NULL;
    free(r->all);
    r->all = NULL;
}
