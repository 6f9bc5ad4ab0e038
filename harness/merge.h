/* Joining result folders (`pkbench merge`): the shards of one sweep, or sweeps of one device,
 * into one folder with the tidy CSV and the Google Benchmark JSON of them all. Refuses a point
 * that two folders hold, folders that disagree on the device, the build or the sweep's
 * parameters (their context), a folder whose JSON does not match its CSV, and points of the
 * recorded grid that no folder holds or partial inputs, unless told to take them; the merged
 * folder appears whole or not at all. A merged folder is an input like any other: one that is
 * partial only for the points it lacked (context merge_missing) is whole once they are added. */
#ifndef PK_HARNESS_MERGE_H
#define PK_HARNESS_MERGE_H

#include <stddef.h>

#include "harness/tidy.h"

typedef struct pk_merge_opts {
    int allow_mismatch; /* merge folders whose context (device, build, parameters) differs */
    int allow_missing;  /* merge although grid points are in no folder or an input is partial (a run
                         * that stopped part way): the result is partial */
} pk_merge_opts;

/* Context keys that differ between inputs by design (the shard, its expected time, each run's
 * run_id, a resumed run's record of the run it carried on (a requeued shard's), and a merged
 * input's own record of its merge: the merged folder gets its own), and
 * where one machine's device sits, or its host threads ran (the host backend's pinning: another
 * node's CPUs, or the plan not held, as the runs settled it); the rest must agree. */
extern const char *const pk_merge_shard_keys[];
extern const char *const pk_merge_location_keys[];

/* The next context key, from *at on, that a and b disagree on (values that differ, or a key only
 * one of them has), skipping the keys of the lists in skip (each NULL-terminated, and skip itself
 * NULL-terminated; skip may be NULL); NULL when none is left. *at counts a's keys, then b's: start
 * it at 0; a key both hold with different values comes twice. `pkbench merge` checks its inputs
 * with it (skipping pk_merge_shard_keys and pk_merge_location_keys), and `pkbench sweep --resume`
 * a folder's earlier result against its own run (harness/sweep_resume.h). */
const char *pk_merge_context_diff(const pk_context *a, const pk_context *b, const char *const *const *skip,
                                  size_t *at);

typedef struct pk_merge {
    pk_table table;  /* the merged rows in measuring order, their context, partial */
    void *json;      /* the merged Google Benchmark JSON (jansson), or NULL when no folder has one */
    size_t expected; /* points of the recorded grids (0: no grid recorded) */
    size_t missing;  /* of those, points in no folder */
    char missing_text[512]; /* the first missing points (and shards), for a message */
    size_t partial_inputs;  /* inputs holding a partial run's result */
    char partial_text[512]; /* the first of them, for a message */
    char mismatch_text[512]; /* with allow_mismatch: the context keys that differed */
    int devices_differ;      /* with allow_mismatch: rows of more than one device */
    int grid_left_out;       /* the folders' grids differed: the merged context records none */
} pk_merge;

/* Reads DIR/measured.csv (and DIR/measured.json, or measured.partial.json for a partial run) of
 * every folder and joins them into m. Returns 0; PK_EINVAL for a refusal (overlap, mismatch,
 * missing points, a partial input, a shard given twice, a JSON whose benchmarks are not its
 * CSV's points, each once: the reason, naming the folders or the file, in err); PK_EIO or
 * PK_EPARSE for a folder that cannot be read; PK_ENOMEM. */
int pk_merge_run(const char *const *dirs, size_t n, const pk_merge_opts *o, pk_merge *m, char *err, size_t errlen);
/* Writes m into the folder out: built in a temporary folder beside it, then renamed onto out,
 * which must not exist or be empty. Returns 0, PK_EINVAL (out not empty), PK_ERANGE (path too
 * long) or PK_EIO, with the reason in err; nothing is left behind on failure. */
int pk_merge_write(const pk_merge *m, const char *out, char *err, size_t errlen);
void pk_merge_free(pk_merge *m);

/* Internal, shared by merge.c and merge_json.c: the JSON of folders dirs, whose tables (read
 * from the complete or the partial pair) are t. */
int pk__merge_json(const char *const *dirs, const pk_table *const *t, size_t n, const pk_context *ctx,
                   int merged_partial, void **out, char *err, size_t errlen);
/* Internal, shared with sweep_resume_json.c: loads dir's Google Benchmark JSON (measured.json, or
 * measured.partial.json when partial) as the folder's last commit left it into *root (a json_t;
 * NULL when the folder has none; a FIFO or folder in its place is refused), its path into path
 * (PK_PATH_MAX bytes); and checks that the JSON (root) at path is its table t's run's (one
 * run_id) and its benchmarks the points of t, each once per pass, repetition or aggregate. The
 * codes of pk__merge_json. */
int pk__merge_json_load(const char *dir, int partial, void **root, char *path, char *err, size_t errlen);
int pk__merge_json_check(void *root, const pk_table *t, const char *path, char *err, size_t errlen);
/* The point a benchmark name measures ("standard/item_ns:0/.../block:0"), into out. */
void pk__merge_json_point(const char *name, char *out, size_t len);

#endif
