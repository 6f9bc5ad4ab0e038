/* The workload CSV that `pkbench trace import` writes (schema 2, results/SCHEMA.md): header
 * lines, one line per step, then one row per GPU operation; written whole or not at all. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/trace.h"
#include "common/afile.h"
#include "common/status.h"

static void put_name(FILE *fp, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ',')
            c = ';';
        else if (c == '"')
            c = '\'';
        else if (c < 0x20 || c == 0x7f)
            c = ' ';
        fputc(c, fp);
    }
}

int pk_trace_replay_write_csv(const char *path, const pk_trace *t, const pk_trace_replay *w,
                              const char *source_name, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    FILE *fp = f.fp;
    uint64_t launches = w->n ? w->rows[w->n - 1].launch + 1 : 0;
    fprintf(fp, "# pkbench workload csv, schema_version=%d\n", PK_TRACE_WORKLOAD_SCHEMA_VERSION);
    fprintf(fp, "# source_format=%s\n", t->format);
    if (t->format_version[0])
        fprintf(fp, "# source_format_version=%s\n", t->format_version);
    fprintf(fp, "# source_file=");
    put_name(fp, source_name);
    fprintf(fp, "\n");
    if (t->device[0]) {
        fprintf(fp, "# device=");
        put_name(fp, t->device);
        fprintf(fp, "\n");
    }
    fprintf(fp, "# steps=%zu\n# step_source=%s\n", w->nsteps, w->step_source);
    if (strcmp(w->step_source, "marker") == 0) {
        fprintf(fp, "# step_marker=");
        put_name(fp, t->step_marker);
        fprintf(fp, "\n");
    }
    fprintf(fp, "# ops=%zu\n# launches=%" PRIu64 "\n", w->n, launches);
    for (int k = 0; k < PK_TRACE_KIND_COUNT; k++)
        fprintf(fp, "# %s=%" PRIu64 "\n", pk_trace_kind_names[k], w->count[k]);
    fprintf(fp, "# dropped_no_launch=%" PRIu64 "\n# dropped_outside_steps=%" PRIu64 "\n# unknown_events=%" PRIu64 "\n",
            w->dropped_no_launch, w->dropped_outside_steps, t->unknown_events);
    fprintf(fp, "# pkbench_version=%s\n", pk_version());
    for (size_t k = 0; k < w->nsteps; k++) {
        const pk_trace_replay_step *s = &w->steps[k];
        fprintf(fp,
                "# step index=%zu number=%" PRId64 " start_ns=%" PRId64 " span_ns=%" PRId64 " sync_ns=%" PRId64
                " tail_ns=%" PRId64 " ops=%" PRIu64 " launches=%" PRIu64 "\n",
                k, s->number, s->start_ns, s->span_ns, s->sync_ns, s->tail_ns, s->ops, s->launches);
    }
    fprintf(fp, "index,step,launch,kind,stream,grid,block,grid_dim,block_dim,duration_ns,host_gap_ns,launch_ns,"
                "launch_ts_ns,start_ns,sync_before,name\n");
    for (size_t i = 0; i < w->n; i++) {
        const pk_trace_row *r = &w->rows[i];
        uint64_t grid = (uint64_t)r->grid[0] * r->grid[1] * r->grid[2];
        uint64_t block = (uint64_t)r->block[0] * r->block[1] * r->block[2];
        fprintf(fp,
                "%zu,%" PRIu32 ",%" PRIu64 ",%s,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 "x%" PRIu32 "x%" PRIu32
                ",%" PRIu32 "x%" PRIu32 "x%" PRIu32 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%u,",
                i, r->step, r->launch, pk_trace_kind_names[r->kind], r->stream, grid, block, r->grid[0], r->grid[1],
                r->grid[2], r->block[0], r->block[1], r->block[2], r->duration_ns, r->host_gap_ns, r->launch_ns,
                r->launch_ts_ns, r->start_ns, (unsigned)r->sync_before);
        put_name(fp, r->name < t->nnames ? t->names[r->name] : "");
        fputc('\n', fp);
    }
    if (pk_afile_commit(&f) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}
