/* Strict copies of Google Benchmark's JSON (see gbench_json.h). */
#include "harness/gbench_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/afile.h"
#include "common/status.h"

char *pk_gbench_json_null_non_finite(const char *s)
{
    static const char *const toks[] = {"-NaN", "NaN", "-nan", "nan", "-Infinity", "Infinity", "-inf", "inf", NULL};
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1), *w = out; /* a 3-character token becomes 4: at most 4/3 longer */
    if (!out)
        return NULL;
    int in_str = 0;
    for (const char *r = s; *r;) {
        if (in_str) {
            if (*r == '\\' && r[1])
                *w++ = *r++;
            else if (*r == '"')
                in_str = 0;
            *w++ = *r++;
            continue;
        }
        size_t i;
        for (i = 0; toks[i]; i++)
            if (strncmp(r, toks[i], strlen(toks[i])) == 0)
                break;
        if (toks[i]) {
            memcpy(w, "null", 4);
            w += 4;
            r += strlen(toks[i]);
            continue;
        }
        if (*r == '"')
            in_str = 1;
        *w++ = *r++;
    }
    *w = 0;
    return out;
}

void *pk_gbench_json_load(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot read Google Benchmark output: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap), *clean = NULL;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(fp);
    if (buf) {
        buf[n] = 0;
        clean = pk_gbench_json_null_non_finite(buf);
        free(buf);
    }
    if (!clean) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loads(clean, 0, &je);
    free(clean);
    if (!root)
        snprintf(err, errlen, "%s:%d: Google Benchmark JSON does not parse: %s", path, je.line, je.text);
    return root;
}

static int is_iteration(json_t *b)
{
    const char *rt = json_string_value(json_object_get(b, "run_type"));
    return !rt || strcmp(rt, "iteration") == 0;
}

/* Every measured entry's cpu_time becomes its cpu_ns counter: the median process CPU time of one
 * repetition, instead of Google Benchmark's CPU time of the whole adaptive measurement. */
static void real_cpu_time(json_t *bms)
{
    size_t i;
    json_t *b;
    json_array_foreach(bms, i, b) {
        json_t *c = json_object_get(b, "cpu_ns");
        if (is_iteration(b) && json_is_number(c))
            json_object_set_new(b, "cpu_time", json_real(json_number_value(c)));
    }
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Google Benchmark's aggregate of v[0..n) (sorted in place): mean, median, stddev (n - 1) or cv;
 * NAN where it is undefined (cv of a zero mean), which becomes null. */
static double aggregate(double *v, size_t n, const char *agg)
{
    double mean = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mean += v[i] / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    if (strcmp(agg, "median") == 0) {
        qsort(v, n, sizeof *v, dbl_cmp);
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    return strcmp(agg, "mean") == 0 ? mean : strcmp(agg, "stddev") == 0 ? sd : mean != 0 ? sd / mean : NAN;
}

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The entries of bms that are iterations of run_name (or of name, without run_name). */
static size_t iterations_of(json_t *bms, const char *run, json_t **out, size_t cap)
{
    size_t i, n = 0;
    json_t *b;
    json_array_foreach(bms, i, b) {
        const char *r = json_string_value(json_object_get(b, "run_name"));
        if (!r)
            r = json_string_value(json_object_get(b, "name"));
        if (is_iteration(b) && r && strcmp(r, run) == 0 && n < cap)
            out[n++] = b;
    }
    return n;
}

/* field over the entries it[0..n), aggregated; NAN when an entry lacks it. */
static double aggregate_field(json_t **it, size_t n, const char *field, const char *agg, double *buf)
{
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(it[i], field);
        if (!json_is_number(v))
            return NAN;
        buf[i] = json_number_value(v);
    }
    return aggregate(buf, n, agg);
}

static const char *const aggs[] = {"mean", "median", "stddev", "cv"};

/* dst[key] = src[key] when src has it; 0 or -1 when out of memory. */
static int copy_field(json_t *dst, json_t *src, const char *key)
{
    json_t *v = json_object_get(src, key);
    return v ? json_object_set(dst, key, v) : 0;
}

/* The four aggregates of one point measured in n passes (entries it), as Google Benchmark writes
 * them after repetitions: real_time, cpu_time and every counter aggregated. */
static int append_aggregates(json_t *bms, json_t **it, size_t n, unsigned k, double *buf)
{
    const char *run = json_string_value(json_object_get(it[0], "name"));
    static const char *const fixed[] = {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
                                        "repetitions", "repetition_index", "threads", "iterations", "time_unit",
                                        "replicate", NULL};
    for (size_t a = 0; a < sizeof aggs / sizeof aggs[0]; a++) {
        json_t *e = json_object();
        char name[1024];
        snprintf(name, sizeof name, "%s_%s", run, aggs[a]);
        int rc = json_object_set_new(e, "name", json_string(name));
        rc |= copy_field(e, it[0], "family_index");
        rc |= copy_field(e, it[0], "per_family_instance_index");
        rc |= json_object_set_new(e, "run_name", json_string(run));
        rc |= json_object_set_new(e, "run_type", json_string("aggregate"));
        rc |= json_object_set_new(e, "repetitions", json_integer(k));
        rc |= json_object_set_new(e, "threads", json_integer(1));
        rc |= json_object_set_new(e, "aggregate_name", json_string(aggs[a]));
        rc |= json_object_set_new(e, "aggregate_unit", json_string(a == 3 ? "percentage" : "time"));
        rc |= json_object_set_new(e, "iterations", json_integer((json_int_t)n));
        const char *key;
        json_t *v;
        json_object_foreach(it[0], key, v) {
            int skip = !json_is_number(v);
            for (size_t f = 0; !skip && fixed[f]; f++)
                skip = strcmp(key, fixed[f]) == 0;
            if (!skip)
                rc |= json_object_set_new(e, key, number_or_null(aggregate_field(it, n, key, aggs[a], buf)));
        }
        rc |= copy_field(e, it[0], "time_unit");
        if (rc || json_array_append_new(bms, e))
            return PK_ENOMEM;
    }
    return PK_OK;
}

/* With `--replicates K` every point was registered once per pass under one name: its entries
 * become Google Benchmark repetitions (repetitions K, repetition_index from the replicate
 * counter, one family), followed at the end by each point's aggregates, so that compare.py
 * runs its U test over the passes. */
static int replicate_repetitions(json_t *bms, unsigned k)
{
    size_t n0 = json_array_size(bms);
    json_t **it = calloc(n0 ? n0 : 1, sizeof *it);
    double *buf = calloc(n0 ? n0 : 1, sizeof *buf);
    int rc = it && buf ? PK_OK : PK_ENOMEM;
    for (size_t i = 0; rc == PK_OK && i < n0; i++) {
        json_t *b = json_array_get(bms, i);
        const char *name = json_string_value(json_object_get(b, "name"));
        json_t *rep = json_object_get(b, "replicate");
        if (!is_iteration(b) || !name || !json_is_number(rep))
            continue;
        size_t n = iterations_of(bms, name, it, n0);
        if (it[0] != b) /* every point once, at its first pass */
            continue;
        for (size_t j = 0; j < n; j++) {
            json_object_set_new(it[j], "repetitions", json_integer(k));
            json_object_set_new(it[j], "repetition_index",
                                json_integer((json_int_t)json_number_value(json_object_get(it[j], "replicate")) - 1));
            copy_field(it[j], b, "family_index");
            copy_field(it[j], b, "per_family_instance_index");
        }
        if (n > 1) /* as Google Benchmark, no aggregates of one run (a pass of a stopped sweep) */
            rc = append_aggregates(bms, it, n, k, buf);
    }
    free(it);
    free(buf);
    return rc;
}

/* Google Benchmark's own aggregates (--benchmark_repetitions) get the cpu_time of the repetitions'
 * real per-iteration CPU times. */
static int aggregate_cpu_time(json_t *bms)
{
    size_t n0 = json_array_size(bms), i;
    json_t **it = calloc(n0 ? n0 : 1, sizeof *it), *b;
    double *buf = calloc(n0 ? n0 : 1, sizeof *buf);
    if (!it || !buf) {
        free(it);
        free(buf);
        return PK_ENOMEM;
    }
    json_array_foreach(bms, i, b) {
        const char *run = json_string_value(json_object_get(b, "run_name"));
        const char *agg = json_string_value(json_object_get(b, "aggregate_name"));
        int known = agg && (strcmp(agg, "mean") == 0 || strcmp(agg, "median") == 0 || strcmp(agg, "stddev") == 0 ||
                            strcmp(agg, "cv") == 0);
        if (is_iteration(b) || !run || !known)
            continue;
        size_t n = iterations_of(bms, run, it, n0);
        json_t *own = json_object_get(b, "cpu_ns"); /* --benchmark_report_aggregates_only: no iterations */
        double v = n ? aggregate_field(it, n, "cpu_ns", agg, buf) : json_is_number(own) ? json_number_value(own) : NAN;
        if (isfinite(v))
            json_object_set_new(b, "cpu_time", json_real(v));
    }
    free(it);
    free(buf);
    return PK_OK;
}

/* Writes text[0..n) then tail into dst as one unit (a temporary file renamed when whole). */
static int write_whole(const char *dst, const char *text, size_t n, const char *tail, char *err, size_t errlen)
{
    pk_afile f;
    if (pk_afile_open(&f, dst) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", dst, strerror(errno));
        return PK_EIO;
    }
    if (fwrite(text, 1, n, f.fp) != n || fputs(tail, f.fp) == EOF) {
        pk_afile_abort(&f);
        snprintf(err, errlen, "%s: write failed", dst);
        return PK_EIO;
    }
    if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", dst, strerror(errno));
        return PK_EIO;
    }
    return PK_OK;
}

int pk_gbench_json_rewrite(const char *src, const char *dst, int partial, const pk_context *with, char *err,
                           size_t errlen)
{
    json_t *root = pk_gbench_json_load(src, err, errlen);
    if (!root) {
        return PK_EPARSE;
    }
    json_t *ctx = json_object_get(root, "context");
    json_t *bms = json_object_get(root, "benchmarks");
    if (!json_is_object(ctx) || !json_is_array(bms)) {
        json_decref(root);
        snprintf(err, errlen, "%s: not Google Benchmark JSON (no context or benchmarks)", src);
        return PK_EPARSE;
    }
    if (partial) {
        json_object_set_new(ctx, "partial", json_string("true"));
        for (size_t i = json_array_size(bms); i-- > 0;)
            if (json_is_true(json_object_get(json_array_get(bms, i), "error_occurred")))
                json_array_remove(bms, i);
    }
    for (size_t i = 0; with && i < with->count; i++)
        if (json_object_get(ctx, with->key[i]))
            json_object_set_new(ctx, with->key[i], json_string(with->value[i]));
    real_cpu_time(bms);
    const char *reps = json_string_value(json_object_get(ctx, "replicates"));
    unsigned k = reps ? (unsigned)strtoul(reps, NULL, 10) : 1;
    int rc = k > 1 ? replicate_repetitions(bms, k) : aggregate_cpu_time(bms);
    char *text = rc == PK_OK ? json_dumps(root, JSON_INDENT(2)) : NULL;
    json_decref(root);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return PK_ENOMEM;
    }
    rc = write_whole(dst, text, strlen(text), "\n", err, errlen);
    free(text);
    return rc;
}

/* 1 when text[0..end), which ends in '}', ends as a whole document does: "]" then "}" (a
 * benchmark's object ends with a value, never with an array). */
static int closed(const char *text, size_t end)
{
    size_t i = end - 1;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\r' || text[i - 1] == '\t'))
        i--;
    return text[end - 1] == '}' && i > 0 && text[i - 1] == ']';
}

int pk_gbench_json_close_stream(const char *src, const char *dst, char *err, size_t errlen)
{
    FILE *in = fopen(src, "rb");
    if (!in) {
        snprintf(err, errlen, "%s: cannot read: %s", src, strerror(errno));
        return PK_EIO;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) {
            char *nb = (char *)realloc(buf, cap = (cap ? 2 * cap : 65536));
            if (!nb) {
                free(buf);
                fclose(in);
                snprintf(err, errlen, "out of memory");
                return PK_ENOMEM;
            }
            buf = nb;
        }
        const size_t r = fread(buf + n, 1, cap - n, in);
        n += r;
        if (r == 0)
            break;
    }
    const int rerr = ferror(in);
    fclose(in);
    size_t end = n;
    while (end > 0 && (buf[end - 1] == ' ' || buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == '\t'))
        end--;
    int rc = PK_OK;
    if (rerr) {
        snprintf(err, errlen, "%s: cannot read", src);
        rc = PK_EIO;
    } else if (end == 0 || (buf[end - 1] != '}' && buf[end - 1] != '[')) {
        snprintf(err, errlen, "%s: Google Benchmark's output stops inside a benchmark", src);
        rc = PK_EPARSE;
    } else if (closed(buf, end)) {
        snprintf(err, errlen, "%s: Google Benchmark's output is already whole", src);
        rc = PK_EPARSE;
    } else {
        rc = write_whole(dst, buf, end, "\n  ]\n}\n", err, errlen);
    }
    free(buf);
    return rc;
}

void pk_gb_row_counters(pk_gb_result *res, const pk_row *r, unsigned pass)
{
    const struct {
        const char *name;
        double v;
    } c[] = {{"wall_ns", r->wall_ns},           {"host_ns", r->host_ns},
             {"device_ns", r->device_ns},       {"achieved_item_ns", r->achieved_item_ns},
             {"setup_ns", r->setup_ns},         {"teardown_ns", r->teardown_ns},
             {"cv", r->wall_ns_cv},             {"reps", (double)r->reps},
             {"sm_clock_mhz", r->sm_clock_mhz}, {"throttled_reps", (double)r->throttled_reps},
             {"cpu_ns", r->cpu_ns}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        pk_gb_result_counter(res, c[i].name, c[i].v);
    if (isfinite(r->canary_host_ns)) /* the canaries only where measured (sweep --canary) */
        pk_gb_result_counter(res, "canary_host_ns", r->canary_host_ns);
    if (isfinite(r->canary_push_ns))
        pk_gb_result_counter(res, "canary_push_ns", r->canary_push_ns);
    if (pass)
        pk_gb_result_counter(res, "replicate", pass);
}
