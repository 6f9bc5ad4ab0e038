/* Regression verdicts between result folders (`pkbench compare --baseline ... --candidate ...`
 * and `pkbench ab`): the points that both sides measured, each point's values per run (its pass
 * rows' medians, or its one summary median), the verdicts of harness/verdict.h, and their files:
 * verdicts.csv (one row per point), summary.json (the counts and the method) and report.md.
 * Library code: it writes the streams and files it is given. */
#ifndef PK_HARNESS_BASELINE_H
#define PK_HARNESS_BASELINE_H

#include <stddef.h>
#include <stdio.h>

#include "harness/prior.h"
#include "harness/tidy.h"
#include "harness/verdict.h"

/* How the two sides were measured. */
typedef enum pk_design {
    PK_DESIGN_RUNS = 0, /* separate runs: a baseline history and candidate runs */
    PK_DESIGN_ABBA,     /* one interleaved run (pkbench ab): pass rows 2r-1 and 2r of each side are block r */
} pk_design;

/* The judged comparison. */
typedef struct pk_baseline {
    pk_design design;
    size_t nbase, ncand;        /* runs per side (ABBA: 1 and 1) */
    pk_point *keys;             /* the points judged, in the first baseline run's order */
    pk_verdict_result *res;     /* per point */
    size_t n;
    pk_verdict_summary sum;
    size_t only_base, only_cand; /* points that only one side measured */
    size_t incomplete;          /* ABBA: points both sides hold with no complete block (not judged) */
    unsigned passes_base, passes_cand; /* most pass rows of a point in one run of each side (0: none) */
    /* compare --host-state: verdicts combined from the runs as measured (raw) and with the
     * host's state taken out (state), judged as one family (pk_baseline_judge_runs); res holds
     * the state judgement's figures and the combined verdict. */
    int host_state;
    pk_verdict_result *raw; /* per point, the runs as measured (NULL without host_state) */
    size_t raw_count[PK_VERDICT_COUNT], state_count[PK_VERDICT_COUNT];
    /* compare --prior: the tested points whose spread a prior moderated (in res;
     * raw_prior_points in raw). */
    size_t prior_points, raw_prior_points;
} pk_baseline;

/* Judges the candidate runs (tables cand[0..ncand)) against the baseline history (base[0..nbase)).
 * A point is judged when at least one run of each side has it; a run's values for a point are
 * its pass rows' wall_ns (replicates), else its summary row's; run labels are the run's place.
 * Points pool their spread within (strategy, item_ns, grid, block), along log2(batch). Returns
 * 0, PK_ENOMEM, or PK_EINVAL with the reason in err ("no point is in both sides", a parameter
 * out of range, a pass row without a positive finite wall_ns naming its run and point). */
int pk_baseline_judge(const pk_table *base, size_t nbase, const pk_table *cand, size_t ncand,
                      const pk_verdict_params *par, pk_baseline *out, char *err, size_t errlen);
/* The two steps of pk_baseline_judge, for judging the same runs more than once as one family
 * (compare --host-state: as measured, and with the host's state taken out). pk_baseline_take
 * copies the values of the points both sides measured out of the tables (which may then
 * change); it fails as pk_baseline_judge does. */
typedef struct pk_baseline_runs pk_baseline_runs;
int pk_baseline_take(const pk_table *base, size_t nbase, const pk_table *cand, size_t ncand, pk_baseline_runs **runs,
                     char *err, size_t errlen);
/* Judges k takings of the same points (same keys in the same order) as one family of tests:
 * each pools its spread only within itself, and Benjamini-Hochberg runs over all k x n points at
 * par->fdr, every interval at the one level that decides, so that the false discovery rate (and,
 * when nothing changed, the chance of any faster/slower verdict) holds for the k together, and a
 * point that several find costs the family no more than one would. out[j] (k of them) as
 * pk_baseline_judge's out (zeroed on failure), with the family's level, tested and discoveries
 * (faster + slower over all k) and its own verdict counts; a taking given twice is refused;
 * the runs keep nothing (judged again: PK_EINVAL). Returns 0, PK_ENOMEM, or PK_EINVAL (different
 * points, a parameter). */
int pk_baseline_judge_runs(pk_baseline_runs *const *runs, size_t k, const pk_verdict_params *par, pk_baseline *out,
                           char *err, size_t errlen);
void pk_baseline_runs_free(pk_baseline_runs *r);
/* Gives each point of r the prior of its key under judgement j (compare --prior; points without
 * a row get none) before it is judged (pk_baseline_judge_runs then counts the tested points it
 * moderated in prior_points). Returns 0 or PK_ENOMEM. */
int pk_baseline_runs_prior(pk_baseline_runs *r, const pk_spread *prior, pk_judgement j);
/* Judges an interleaved A/B run: side A's table a against side B's table b, block r of a point
 * being its pass rows 2r-1 and 2r on each side (paired). Returns as pk_baseline_judge. */
int pk_baseline_judge_abba(const pk_table *a, const pk_table *b, const pk_verdict_params *par, pk_baseline *out,
                           char *err, size_t errlen);
void pk_baseline_free(pk_baseline *b);
/* Combines the judgement of runs with the host's state taken out (state, changed in place) with
 * that of the same runs as measured (raw; same points in the same order): slower or faster when
 * either says so and the other does not say the opposite (then undecided); same only when the
 * raw runs say same, so that a change of the host's launch cost itself, which the state takes
 * out, is never called same; else undecided. Keeps raw's results and both tallies and recounts
 * state's verdicts (its level, tested and discoveries stay the family's). Returns 0, PK_ENOMEM,
 * or PK_EINVAL when the two judged different points. */
int pk_baseline_combine(pk_baseline *state, const pk_baseline *raw);

/* What the files say about the inputs. */
typedef struct pk_baseline_desc {
    const char *const *base_dirs; /* folders of the baseline runs (ABBA: of side A) */
    size_t nbase_dirs;
    const char *const *cand_dirs;
    size_t ncand_dirs;
    char base_device[256], cand_device[256]; /* device labels of the first run of each side */
    char injected[64]; /* "" or "STRATEGY +PCT%": a change put into the candidate (compare --inject) */
    const char *host_state; /* NULL, or the parameters of compare --host-state */
    const char *prior;      /* NULL, or the prior of compare --prior */
} pk_baseline_desc;

/* Where pk_baseline_write_md writes to. */
typedef enum pk_md_for {
    PK_MD_TERMINAL = 0, /* the terminal, the only output: the method in full */
    PK_MD_FILE,         /* report.md */
    PK_MD_BESIDE_FILE,  /* the terminal beside report.md, which holds the method */
} pk_md_for;

/* The Markdown summary: the runs and their devices, the method, the verdicts per strategy, a
 * table of the points (every point for a file; only faster and slower ones for the terminal)
 * and the tally, with why the undecided points are undecided. */
void pk_baseline_write_md(FILE *o, const pk_baseline *b, const pk_baseline_desc *d, pk_md_for to);
/* verdicts.csv: strategy,item_ns,batch,grid,block,baseline_ns,candidate_ns,change,change_lo,
 * change_hi,sd,df,p,baseline_runs,candidate_runs,verdict (change and its interval as fractions). */
void pk_baseline_write_csv(FILE *o, const pk_baseline *b);
/* Reads a verdicts.csv back (keys, results, counts; nothing else of b is known). Returns 0, PK_EIO,
 * PK_ENOMEM or PK_EPARSE (naming path:line: another header, a row without its 16 fields, an
 * unknown strategy or verdict, a number that does not parse, a change that is not finite). */
int pk_baseline_read_csv(const char *path, pk_baseline *b, char *err, size_t errlen);
/* summary.json: the counts under "verdicts", the runs, and the method's parameters. Returns 0 or
 * PK_ENOMEM / PK_EIO. */
int pk_baseline_write_json(FILE *o, const pk_baseline *b, const pk_baseline_desc *d);
/* spread.csv (prior.h): each judged point's run-to-run sd and df from the runs alone (without a
 * prior), under its judgement (measured; state too with host_state). Nothing for ABBA, whose
 * spread is of pairs. Returns 0 or PK_ENOMEM (nothing written). */
int pk_baseline_write_spread(FILE *o, const pk_baseline *b, const pk_baseline_desc *d);
/* Writes OUT/verdicts.csv, OUT/summary.json, OUT/report.md and (separate runs) OUT/spread.csv,
 * all or none (harness/outfiles.h), and removes in the same unit the files of the other kind of
 * comparison (errors.csv, decisions.csv, predicted.csv; spread.csv for ABBA). rd holds OUT's
 * lock (or is NULL). Returns 0, PK_ERANGE, PK_ENOMEM or PK_EIO with the reason in err. */
struct pk_resultdir;
int pk_baseline_write_files(const pk_baseline *b, const pk_baseline_desc *d, struct pk_resultdir *rd,
                            const char *out, char *err, size_t errlen);

#endif
