/* Regression verdicts per point (same / faster / slower / undecided) between a baseline history
 * and candidate runs, from the medians of repeated runs: the log ratio of the sides' geometric
 * means, its run-to-run spread pooled over neighbouring points with degrees of freedom that count
 * drift shared by the neighbours once (Satterthwaite), a floor on that spread, a practical
 * threshold, and Benjamini-Hochberg control of false faster/slower verdicts across all points;
 * optionally moderated by a prior of the spread from other sessions (harness/prior.h).
 * Each point gets one interval at the level that decides: a point whose interval lies beyond
 * +-margin (half the threshold) is slower or faster when its estimate lies beyond +-threshold,
 * same when its interval lies within +-threshold. Pure computation: no I/O. */
#ifndef PK_HARNESS_VERDICT_H
#define PK_HARNESS_VERDICT_H

#include <stddef.h>

typedef enum pk_verdict {
    PK_VERDICT_SAME = 0,  /* the interval lies within +-threshold (in log space: -t/(1+t) to +t) */
    PK_VERDICT_FASTER,    /* the interval lies below -margin and the estimate below -threshold, in log
                           * space: the change below 1/(1+t) - 1 (-4.76% for 5%) */
    PK_VERDICT_SLOWER,    /* the interval lies above +margin and the estimate above +threshold */
    PK_VERDICT_UNDECIDED, /* none of these, or there is no spread to judge by */
    PK_VERDICT_COUNT
} pk_verdict;
/* "same", "faster", "slower", "undecided". */
extern const char *const pk_verdict_names[PK_VERDICT_COUNT];

/* Why a point is undecided, so that a report can say what would decide it. */
typedef enum pk_undecided {
    PK_UNDECIDED_NOT = 0, /* the point is decided */
    PK_UNDECIDED_RUNS,    /* untested: too few runs (or blocks, or passes) to give it a spread */
    PK_UNDECIDED_SPREAD,  /* its interval reaches across the margin or the threshold */
    PK_UNDECIDED_BLOCKS,  /* paired: the spread alone rejects at the level, the sign test of so few blocks
                             cannot (2^(1 - blocks) above it) */
    PK_UNDECIDED_SIGNS,   /* paired: the spread alone rejects, the sign test could but the blocks disagree */
    PK_UNDECIDED_DISAGREE, /* with the host's state taken out (baseline.h): the two judgements disagree */
    PK_UNDECIDED_COUNT
} pk_undecided;

/* Where the spread that judges the points came from (one source for a whole comparison). */
typedef enum pk_verdict_scale {
    PK_VSCALE_RUNS = 0,   /* between the run means of each side (baseline + candidate runs >= 2 + min_df) */
    PK_VSCALE_PAIRS,      /* between the paired differences of an interleaved A/B (params.paired) */
    PK_VSCALE_REPLICATES, /* too few runs: between the replicates inside the runs (params.replicate_scale) */
    PK_VSCALE_NONE,       /* too little spread to judge by: every point is undecided */
    PK_VSCALE_COUNT
} pk_verdict_scale;
/* "runs", "pairs", "replicates", "none". */
extern const char *const pk_verdict_scale_names[PK_VSCALE_COUNT];

typedef struct pk_verdict_params {
    double threshold; /* practical threshold, a fraction: |log ratio| <= log(1 + threshold) is no change */
    double fdr;       /* q: expected share of false faster/slower verdicts among all of them */
    double window;    /* neighbours: same group, |pos difference| <= window */
    double min_sd;    /* the run-to-run sd of a log median (or of a pair difference) assumed at least:
                         the interval is never narrower than a normal one with this sd */
    double min_df;    /* a point whose own spread has fewer degrees of freedom (baseline runs +
                         candidate runs - 2, pairs - 1, or replicates - runs) stays undecided */
    int paired;       /* 1: run r of the baseline and run r of the candidate form a pair (pkbench ab) */
    int replicate_scale; /* 1: with one run per side, replicates stand in for runs; 0: undecided */
    double margin; /* a change is told from none only beyond +-margin (0 <= margin <= threshold): the
                      p-values test |log ratio| <= log(1 + margin), and a point so found is slower or
                      faster where its estimate lies beyond +-threshold. Half the threshold by
                      default, a tolerance for what the spread model leaves out (an approximate
                      degrees of freedom, a prior from few sessions, a shift between sessions);
                      margin = threshold: the interval itself must lie beyond the threshold */
    double takings; /* judgements of the same runs judged as one family (pk_baseline_judge_runs: their
                       groups repeat, shifted): the bound on the shared drift counts the groups' degrees
                       of freedom once for all of them; at least 1 (one) */
} pk_verdict_params;

/* The share of comparisons in which the bound on how much of the drift neighbours share (the
 * degrees of freedom of their pooled spread follow from it) may lie below the truth. */
#define PK_VERDICT_SHARED_ALPHA 0.001

/* threshold 5%, q = 5%, window 2 (batch within a factor of 4 when pos = log2 batch),
 * min_sd 0.5%, min_df 2 (3 baseline runs and 1 candidate), unpaired, no replicate stand-in,
 * margin 2.5%, one taking. */
#define PK_VERDICT_PARAMS_DEFAULT {0.05, 0.05, 2.0, 0.005, 2.0, 0, 0, 0.025, 1}

/* One point's data. Values are medians in ns (finite, > 0), one per run and replicate; run
 * labels group them into runs (NULL: every value is a run of its own, labelled by its index). A
 * label names the same run across points (neighbours' drift is matched by it), the k-th value
 * of a run across points is its k-th replicate (pass), and in paired mode run r of the baseline
 * is paired with run r of the candidate (both sides must hold the same labels). */
typedef struct pk_verdict_point {
    long group; /* points pool their spread only within one group (e.g. strategy x item_ns x shape) */
    double pos; /* position inside the group (e.g. log2 batch) */
    const double *base;
    const unsigned *base_run;
    size_t nbase;
    const double *cand;
    const unsigned *cand_run;
    size_t ncand;
    /* A prior for the run-to-run sd, from other histories of the same machine and sweep
     * (harness/prior.h): the point's spread is moderated to
     * sqrt((prior_df (c prior_sd)^2 + df sd^2) / (prior_df + df)) with prior_df + df degrees of
     * freedom, c the summary's prior_scale. prior_df 0: none. */
    double prior_sd, prior_df;
} pk_verdict_point;

typedef struct pk_verdict_result {
    pk_verdict verdict;
    double base_ns, cand_ns; /* geometric means over runs of each run's geometric-mean median */
    double change;           /* the estimate: cand_ns / base_ns - 1 (paired: mean paired log ratio) */
    double lo, hi;           /* the change's interval at the summary's level; NAN when untested */
    double sd;               /* pooled run-to-run sd of log medians (before the floor; with the point's
                                prior, moderated by it); NAN when untested */
    double df;               /* its degrees of freedom; 0 when untested */
    double own_sd, own_df;   /* sd and df of the runs alone, without the prior (NAN, 0 when untested) */
    double p;                /* p-value against |log ratio| <= log(1 + margin); NAN when untested */
    unsigned base_runs, cand_runs; /* runs (pairs in paired mode: both equal) */
    pk_undecided why;              /* PK_UNDECIDED_NOT unless the verdict is undecided */
} pk_verdict_result;

typedef struct pk_verdict_summary {
    size_t count[PK_VERDICT_COUNT];
    size_t tested;      /* points with a p-value (m of Benjamini-Hochberg) */
    size_t discoveries; /* R of Benjamini-Hochberg, whose family holds a point's p only where its
                           estimate lies beyond +-threshold (else 1): faster + slower */
    double level;       /* confidence of every interval: 1 - fdr * max(R, 1) / m */
    pk_verdict_scale scale;
    pk_verdict_params params;
    double prior_scale; /* the factor on every prior sd: 1, or more when the runs' own spreads lie
                           above the priors' (a session noisier than the fitted ones) */
    double shared_bound; /* the bound on rho, the run's variance neighbours share over each point's
                            own (PK_VERDICT_SHARED_ALPHA); INFINITY: taken as wholly shared */
} pk_verdict_summary;

/* A confidence level for people, as a percentage with two decimals, or the more that keep it
 * below 100 ("95.00%", "99.98%", "99.998%"), into buf (verdict_cli.c). */
const char *pk_verdict_level_text(double level, char *buf, size_t len);

/* Judges n points. res (n entries) and sum are filled on success. Returns 0, PK_ENOMEM, or
 * PK_EINVAL with a reason in err naming the parameter or "point I" (from 0) and the value at
 * fault: n == 0, a NULL array, a side without values, a value not finite and > 0, a
 * non-finite pos, a prior with a negative or non-finite prior_df, or a prior_df > 0 without a
 * positive finite prior_sd, paired sides with different runs, parameters out of range
 * (0 < threshold < 1, 0 < fdr < 1, window >= 0, 0 < min_sd < 1, min_df >= 1,
 * 0 <= margin <= threshold, takings >= 1). */
int pk_verdict_compute(const pk_verdict_point *pts, size_t n, const pk_verdict_params *params,
                       pk_verdict_result *res, pk_verdict_summary *sum, char *err, size_t errlen);

#endif
