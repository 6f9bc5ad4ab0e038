/* A C interface to Google Benchmark, so that the C sweep runs each point as one Google
 * Benchmark benchmark: manual time from the measured wall time, the point's axes and figures as
 * counters, and the --benchmark_* flags of harness/gbench_flags.h kept working.
 * Implemented in gbench_shim.cc; built only with Google Benchmark (PKB_HAVE_GBENCH). */
#ifndef PK_HARNESS_GBENCH_SHIM_H
#define PK_HARNESS_GBENCH_SHIM_H

#include <stddef.h>

#include "common/backend.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PK_GB_MAX_COUNTERS 24

/* What one benchmark iteration reports: the manual time and named counters. Counters whose
 * value is not finite are left out (Google Benchmark would write bare NaN into its JSON). */
typedef struct pk_gb_result {
    double seconds; /* manual time of the iteration */
    size_t ncounters;
    const char *counter_name[PK_GB_MAX_COUNTERS]; /* static strings */
    double counter_value[PK_GB_MAX_COUNTERS];
} pk_gb_result;

/* Appends a counter; ignored when full or value is not finite. */
void pk_gb_result_counter(pk_gb_result *r, const char *name, double value);

/* One benchmark iteration: fills res and returns 0, or returns non-zero with a one-line reason
 * in msg (the benchmark is then reported as skipped with that error). */
typedef int (*pk_gb_fn)(void *ud, size_t index, pk_gb_result *res, char *msg, size_t msglen);

/* The Google Benchmark library version this binary was compiled against, e.g. "1.7.1", or "". */
const char *pk_gb_version(void);

/* Every function below catches what Google Benchmark throws and returns it as a failure. */

/* Passes argv (argv[0] plus --benchmark_* flags only) to benchmark::Initialize. Returns 0, or
 * -1 with the first flag Google Benchmark did not recognise (or what it threw) in err; first,
 * -1 with pk_gb_flags_env's line when a BENCHMARK_* variable is set (harness/gbench_flags.h). */
int pk_gb_init(int argc, char **argv, char *err, size_t errlen);
/* pk_grid_filter_count (harness/grid.h; filter NULL, "" or "all": every point), checked against
 * how Google Benchmark selects: with a std::regex, POSIX extended, after a leading '-' of a
 * negative filter. -1 when it does not compile in either (why: the reason), -2 when the two
 * select other points (GNU escapes such as \< and \b, which glibc's regcomp, planning the sweep,
 * takes: why names the first such point). */
long pk_gb_filter_count(const char *filter, const pk_point *pts, size_t n, char *why, size_t whylen);
/* Adds a key to the benchmark context (Google Benchmark JSON "context"); 0 or -1. */
int pk_gb_add_context(const char *key, const char *value);
/* Registers one benchmark that runs fn(ud, index, ...) once per repetition (Iterations(1),
 * UseManualTime), with fixed counters given by axis names/values (e.g. "N", "item_ns"); 0 or
 * -1. */
int pk_gb_register(const char *name, const char *const *axis_names, const double *axis_values, size_t naxes,
                   pk_gb_fn fn, void *ud, size_t index);
/* Runs the benchmarks selected by --benchmark_filter; *ran is how many ran. Returns 0, or -1
 * with what Google Benchmark threw in err. */
int pk_gb_run(size_t *ran, char *err, size_t errlen);
/* Releases Google Benchmark's state. */
void pk_gb_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
