/* The Google Benchmark flags `pkbench sweep` hands on, checked first: Google Benchmark takes
 * any text for a boolean, aborts on a negative repetition count, runs out of memory on a huge
 * one and exits on some bad values, after the backend is open. pkbench passes on a documented
 * subset, each value checked here, and refuses every other --benchmark_* flag:
 *
 *   --benchmark_filter=REGEX           --benchmark_repetitions=N (1 to 1000)
 *   --benchmark_format=F, --benchmark_out_format=F (console, json, csv)
 *   --benchmark_out=FILE               --benchmark_context=KEY=VALUE[,KEY=VALUE...]
 *   --benchmark_list_tests[=B]         --benchmark_enable_random_interleaving[=B]
 *   --benchmark_report_aggregates_only[=B]   --benchmark_display_aggregates_only[=B]
 *   --benchmark_counters_tabular[=B]   --benchmark_color=auto or B
 *
 * B is true, false, yes, no, on, off, 1 or 0. */
#ifndef PK_HARNESS_GBENCH_FLAGS_H
#define PK_HARNESS_GBENCH_FLAGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/context.h"

/* The most repetitions a sweep asks of Google Benchmark per point. */
#define PK_GB_MAX_REPETITIONS 1000

/* What the flags say that the sweep itself needs. */
typedef struct pk_gb_flags {
    const char *user_out;   /* --benchmark_out, or NULL */
    const char *out_format; /* --benchmark_out_format ("json" unless given) */
    const char *filter;     /* --benchmark_filter, or NULL */
    int list_only;          /* --benchmark_list_tests is true */
    uint64_t repetitions;   /* --benchmark_repetitions (1 unless given) */
    int interleaving;       /* --benchmark_enable_random_interleaving is true */
    int aggregates_only;    /* --benchmark_report_aggregates_only is true */
    const char *context;    /* --benchmark_context, or NULL */
} pk_gb_flags;

/* The flags passed on, for completion: writes each as "--benchmark_NAME=" (a value follows) or
 * "--benchmark_NAME" (a boolean, true alone), separated by spaces. */
void pk_gb_flags_names(FILE *out);

/* Sets the defaults. */
void pk_gb_flags_init(pk_gb_flags *f);
/* Checks one --benchmark_* argument and records what it says into f. Returns 0, or -1 with
 * "FLAG: reason" in err. --benchmark_out names a file that is checked to be writable (and
 * removed again when the check created it). */
int pk_gb_flags_check(pk_gb_flags *f, const char *arg, char *err, size_t errlen);
/* The flags against the sweep's own options, once all are read: a --benchmark_out inside the
 * --out folder OUT (Google Benchmark truncates it as it starts, outside the folder's commit, so a
 * stopped sweep would lose the earlier result), and random interleaving with more than one pass
 * (it reorders them). Returns 0, or -1 with "FLAG: reason" in err. */
int pk_gb_flags_check_sweep(const pk_gb_flags *f, const char *out, uint64_t replicates, char *err, size_t errlen);
/* Google Benchmark also takes each of its flags from the environment, as BENCHMARK_FILTER for
 * --benchmark_filter and so on (its flag's name in capitals; read when the library loads, a flag
 * given overriding it), where none of the checks above sees it and no context records it: a
 * sweep so made would merge with sweeps made without it. Returns 0 when none of the variables
 * of the flags above (passed on or refused) is set, else -1 with one line in err naming the
 * first one set and the flag to give instead (or why pkbench refuses its flag). */
int pk_gb_flags_env(char *err, size_t errlen);
/* Records Google Benchmark in a sweep's context: google_benchmark (its version) and the flags
 * that change what is measured or what the JSON holds, each only where it differs from Google
 * Benchmark's default, so that folders made without them still compare equal:
 * benchmark_repetitions (above 1), benchmark_enable_random_interleaving and
 * benchmark_report_aggregates_only (true), and benchmark_context (the flag's KEY=VALUE list, its
 * commas as ';'). `pkbench merge` compares contexts: shards made with
 * different flags are refused instead of joined into a JSON of mixed repetitions. Returns 0, or
 * PK_ERANGE when the context is full. */
int pk_gb_flags_record(const pk_gb_flags *f, const char *version, pk_context *ctx);

#endif
