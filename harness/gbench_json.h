/* Google Benchmark's JSON output, beside the C shim (gbench_shim.h): Google Benchmark writes
 * non-finite numbers as bare NaN / -nan / Infinity (e.g. the cv aggregate of a counter whose
 * mean is 0), which is not JSON; pkbench hands on a strict copy, and for a run that stopped part
 * way one without the points that were not measured. */
#ifndef PK_HARNESS_GBENCH_JSON_H
#define PK_HARNESS_GBENCH_JSON_H

#include <stddef.h>

#include "harness/gbench_shim.h"
#include "harness/tidy.h"

/* A malloc'd copy of s with the non-finite tokens outside strings replaced by null, or NULL
 * when out of memory. */
char *pk_gbench_json_null_non_finite(const char *s);

/* Loads Google Benchmark's JSON at path (its bare non-finite numbers read as null) into a
 * json_t (jansson; the caller's to json_decref), or NULL with the file named in err. */
void *pk_gbench_json_load(const char *path, char *err, size_t errlen);

/* Rewrites Google Benchmark's JSON at src into dst (temporary file, renamed when whole),
 * strictly parsed; with partial, drops the benchmarks that report an error and adds
 * "partial": "true" to the context; the keys of its context that ctx (may be NULL) also holds
 * take ctx's values (the sweep's context as the runs settled it). Returns 0, PK_EPARSE (not
 * JSON, or not Google Benchmark's: no context or benchmarks) or PK_EIO, with the file named in
 * err. */
int pk_gbench_json_rewrite(const char *src, const char *dst, int partial, const pk_context *ctx, char *err,
                           size_t errlen);

/* Closes the JSON Google Benchmark was writing at src when the process was stopped in a
 * benchmark (it flushes its file after each benchmark it reports, and writes the end of the
 * array and object only when the run ends): dst gets src's text up to its last reported
 * benchmark, then "]" and "}". Returns 0, PK_EPARSE when src does not end where a benchmark or
 * the array's start does, or is whole already (then dst is not made), PK_ENOMEM or PK_EIO, with the
 * file named in err. The result is read by pk_gbench_json_rewrite like any other. */
int pk_gbench_json_close_stream(const char *src, const char *dst, char *err, size_t errlen);

/* A sweep point's figures as its benchmark's counters (the JSON's per-repetition fields):
 * row r's, and the pass (replicate) when above 0. */
void pk_gb_row_counters(pk_gb_result *res, const pk_row *r, unsigned pass);

#endif
