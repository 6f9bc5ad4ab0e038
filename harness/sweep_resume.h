/* `pkbench sweep --resume`: a sweep run again into a folder that holds an earlier partial pair
 * (measured.partial.csv and measured.partial.json: a run stopped by a signal, a time limit or a
 * failure) measures only the points that run did not finish and commits one pair holding the
 * carried rows and the new ones, every point once; stopped again, it commits a partial pair of
 * them all, which resumes in turn. The earlier result must come from the same sweep: its context
 * must agree with the new run's on every key but the run's own (run_id, resumed_from_run_id,
 * resumed_points) and the device's location (device_index, device_pci_bus_id), as `pkbench
 * merge` compares folders (pk_merge_context_diff); else one line names the key and both values,
 * exit 2, and the folder is left as it was. A folder with a complete result of the same sweep
 * and no partial pair is done (exit 0, nothing measured); one with neither is swept whole.
 *
 * A point counts as finished, and is carried with its row byte for byte, when the partial CSV
 * has its summary row and, with --replicates K, its K pass rows, and, with
 * --benchmark_repetitions R, the partial JSON has its R repetitions; the rest are measured again
 * (all their passes). The JSON holds every benchmark once: the carried points' from the partial
 * JSON, the others from this run. A partial pair without JSON (Google Benchmark failed) gives a
 * result without measured.json.
 *
 * cmd_sweep.c calls, in order: pk_sweep_resume_plan before it registers the points (it reads
 * the folder and takes the finished points out of the list), pk_sweep_resume_start once the
 * folder is locked and the run's context is made (it reads the folder again, compares the
 * contexts, records the resume in the context, and ends a run that has nothing to measure), and
 * pk_sweep_resume_join before it commits the files. */
#ifndef PK_HARNESS_SWEEP_RESUME_H
#define PK_HARNESS_SWEEP_RESUME_H

#include <stddef.h>
#include <stdint.h>

#include "common/path.h"
#include "harness/gbench_flags.h"
#include "harness/resultdir.h"
#include "harness/tidy.h"

/* What the folder held when the sweep started. */
enum {
    PK_RESUME_NONE,     /* no result: every point is measured */
    PK_RESUME_COMPLETE, /* measured.csv and no partial pair: nothing to measure */
    PK_RESUME_PARTIAL,  /* a partial pair: its finished points are carried over */
    PK_RESUME_FINISH    /* a partial pair whose points are all finished: committed whole */
};

typedef struct pk_sweep_resume {
    int on;    /* --resume was given */
    int state; /* PK_RESUME_* */
    char dir[PK_PATH_MAX];
    char file[PK_PATH_MAX]; /* the CSV read */
    char run_id[PK_CONTEXT_VALUE]; /* its run_id, "" when none */
    pk_table old;           /* the folder's result as read */
    pk_table carried;       /* its finished points: summary rows, then their pass rows */
    void *json;             /* the partial pair's Google Benchmark JSON (jansson), NULL when none */
    char json_path[PK_PATH_MAX]; /* the joined JSON, in the staging folder */
    pk_point *all;          /* the sweep's points, the carried ones included, in measuring order */
    size_t nall, remaining; /* of them, those left to measure (that the filter selects) */
    unsigned replicates;
    int counted;             /* finished points need their repetitions (--benchmark_repetitions) */
    size_t foreign;          /* rows of old that are no point of this sweep */
    char foreign_name[160];  /* the first of them */
} pk_sweep_resume;

/* With --resume (on), before the points are registered: reads dir's result (under no lock;
 * pk_sweep_resume_start reads it again) and, for a partial pair, takes its finished points out
 * of *points (the list, gf's filter applied, is what remains to measure). r is zeroed first; off
 * leaves it off. Returns -1 to go on, else the exit code (one line said why). */
int pk_sweep_resume_plan(pk_sweep_resume *r, int on, const char *dir, const pk_gb_flags *gf, unsigned replicates,
                         pk_point **points, size_t *np);
/* Once rd is locked and ctx is the run's context, before Google Benchmark gets it: checks that
 * the folder is as pk_sweep_resume_plan read it and that its context agrees with ctx; records
 * resumed_from_run_id and resumed_points in ctx. Returns -1 to measure, else the exit code: 2
 * for a mismatch (one line), 0 for a complete folder, or the commit's code where every point
 * was carried (then written, whole). */
int pk_sweep_resume_start(pk_sweep_resume *r, pk_resultdir *rd, pk_context *ctx);
/* Before the commit of table t (this run's rows): adds the carried rows, every point in
 * measuring order, and, where *gb_json names this run's Google Benchmark JSON, writes into the
 * staging folder the JSON with the carried points' benchmarks too and points *gb_json at it (or
 * at NULL when the partial pair had none). Nothing when not resuming. Returns 0, PK_ENOMEM,
 * PK_EIO or PK_EPARSE, with err set. */
int pk_sweep_resume_join(pk_sweep_resume *r, pk_resultdir *rd, pk_table *t, const char **gb_json, char *err,
                         size_t errlen);
/* The points carried over (0 when not resuming a partial pair). */
size_t pk_sweep_resume_carried(const pk_sweep_resume *r);
void pk_sweep_resume_free(pk_sweep_resume *r);

/* Internal, sweep_resume_json.c. Loads dir's partial JSON into *json (NULL when none) and checks
 * it is old's: its benchmarks are old's points, each once, and its run_id is old's. */
int pk__resume_json_load(const char *dir, const pk_table *old, void **json, char *err, size_t errlen);
/* counts[i]: the measured repetitions (benchmarks that are neither aggregates nor failed) of old's
 * i-th point in json. Returns 0 or PK_ENOMEM. */
int pk__resume_json_counts(void *json, const pk_table *old, size_t *counts);
/* Writes dst: the JSON at src (this run's Google Benchmark output), or with src NULL json with
 * ctx as its context, holding first json's benchmarks of carried's points (without the
 * aggregates that replicates > 1 makes again on the commit). Returns 0, PK_ENOMEM, PK_EPARSE or
 * PK_EIO with err set. */
int pk__resume_json_write(void *json, const pk_table *carried, unsigned replicates, const char *src,
                          const pk_context *ctx, const char *dst, char *err, size_t errlen);
void pk__resume_json_free(void *json);

#endif
