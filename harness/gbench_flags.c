/* The Google Benchmark flags pkbench passes on, checked (see gbench_flags.h). */
#include "harness/gbench_flags.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/measured.h"

typedef enum kind { K_BOOL, K_FORMAT, K_COLOR, K_REPS, K_TEXT, K_OUT, K_CONTEXT } kind;

static const struct {
    const char *name;
    kind k;
} known[] = {
    {"benchmark_filter", K_TEXT},
    {"benchmark_repetitions", K_REPS},
    {"benchmark_format", K_FORMAT},
    {"benchmark_out_format", K_FORMAT},
    {"benchmark_out", K_OUT},
    {"benchmark_context", K_CONTEXT},
    {"benchmark_list_tests", K_BOOL},
    {"benchmark_enable_random_interleaving", K_BOOL},
    {"benchmark_report_aggregates_only", K_BOOL},
    {"benchmark_display_aggregates_only", K_BOOL},
    {"benchmark_counters_tabular", K_BOOL},
    {"benchmark_color", K_COLOR},
};

void pk_gb_flags_names(FILE *out)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        fprintf(out, "%s--%s%s", i ? " " : "", known[i].name, known[i].k == K_BOOL ? "" : "=");
}

/* Flags Google Benchmark has that would change what a sweep measures or reports. */
static const struct {
    const char *name, *why;
} refused[] = {
    {"benchmark_min_time", "each benchmark is one adaptive measurement: use --max-time-s and --min-reps"},
    {"benchmark_min_warmup_time", "each point has its own warm-up repetition"},
    {"benchmark_time_unit", "pkbench reports nanoseconds"},
    {"benchmark_perf_counters", "not supported by pkbench sweep"},
};

void pk_gb_flags_init(pk_gb_flags *f)
{
    memset(f, 0, sizeof *f);
    f->out_format = "json";
    f->repetitions = 1;
}

/* 1 true, 0 false, -1 neither; v NULL (a bare flag) is true. */
static int boolean(const char *v)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
    if (!v)
        return 1;
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0)
            return 1;
        if (strcmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

/* Text without a control (C0, DEL or C1: pk_control_len) that is valid UTF-8, as jansson reads
 * it: Google Benchmark writes the value into its JSON as it is, and a byte jansson refuses there
 * would lose the sweep's JSON after every point was measured. */
static int printable(const char *s)
{
    json_t *j = json_string(s); /* NULL: not valid UTF-8 */
    if (!j)
        return 0;
    json_decref(j);
    for (; *s; s++)
        if (pk_control_len(s))
            return 0;
    return 1;
}

/* KEY=VALUE[,KEY=VALUE...], keys and values non-empty and printable. */
/* The context keys that pkbench (any command, any backend) or Google Benchmark (its JSON's own
 * context) writes: a --benchmark_context key among them would stand in the JSON for pkbench's
 * (Google Benchmark keeps the first of a key, and the flag's come first) or repeat Google
 * Benchmark's. tests/cli/gb_context.sh checks that every key a host sweep writes is here. */
static const char *const reserved_keys[] = {
    "ab_args", "ab_blocks", "ab_design", "ab_program", "ab_side", "backend", "benchmark_context",
    "benchmark_enable_random_interleaving", "benchmark_filter", "benchmark_repetitions",
    "benchmark_report_aggregates_only", "caches", "calibrate_bracket", "calibrate_reps", "calibrate_rounds",
    "calibrate_rounds_after", "canary", "clock", "context_dropped", "cpu_analogue", "cpu_cores", "cpu_model",
    "cpu_scaling_enabled",
    "date", "dekker_fences", "device", "device_clock", "device_clock_resolution_ns", "device_compute_capability",
    "device_index", "device_memory_clock_max_mhz", "device_name", "device_pci_bus_id", "device_sm_clock_max_mhz",
    "device_sm_count", "device_warp_size", "driver_api_version", "driver_version", "executable", "git_commit",
    "google_benchmark", "graph_launch_h", "graph_one_node_h", "graph_small_walls", "grid_expected_s", "grid_points",
    "hang_timeout_s", "host_name", "host_poll_ns", "host_spin_ns", "item_kernel_probe", "json_schema_version",
    "kernel", "kernel_gap_check", "launch_host_runs", "launch_queue_depth", "launch_queue_first_block", "libc",
    "library_build_type", "library_version", "load_avg", "max_reps", "max_time_s", "merge_mismatched", "merge_missing",
    "merge_partial_inputs", "merged_inputs", "mhz_per_cpu", "min_reps", "noise", "noise_probe", "note", "num_cpus",
    "partial", "pass_order", "persistent_chunk", "persistent_chunk_lead", "persistent_chunk_words",
    "persistent_exit", "persistent_queue", "persistent_ring_depth", "persistent_setup_h", "persistent_small_batch",
    "persistent_window_walls", "pinned_cpus", "pinning", "pkbench_version", "prediction_source", "replicates",
    "resident_dither_ns", "resident_gap_ns", "resumed_from_run_id", "resumed_points", "run_id", "runtime_version",
    "schema_version", "settle_launches", "shard", "shard_expected_s", "shard_plan", "simulate_dist",
    "simulate_draws", "simulate_host_work_ns", "simulate_item_cv", "simulate_jitter_cv", "simulate_mode",
    "simulate_queue_depth", "simulate_seed", "simulate_workload", "sweep_batch", "sweep_block", "sweep_grid",
    "sweep_item_ns", "sweep_strategy", "workload_graph_node", NULL,
};

/* The first key of the KEY=VALUE list v (checked by context_ok) that is reserved, into key. */
static int context_clash(const char *v, char *key, size_t len)
{
    for (const char *p = v; *p;) {
        size_t klen = strcspn(p, "=");
        for (size_t i = 0; reserved_keys[i]; i++)
            if (strlen(reserved_keys[i]) == klen && strncmp(p, reserved_keys[i], klen) == 0) {
                snprintf(key, len, "%s", reserved_keys[i]);
                return 1;
            }
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return 0;
}

/* Whether the KEY=VALUE list v is one Google Benchmark reads as written: each key and value
 * non-empty, no '=' in a value (the library refuses it after the backend is open) and no key
 * twice (the JSON would keep the first, the recorded context both). 1, or 0 with why. */
static int context_ok(const char *v, const char **why)
{
    *why = "is not KEY=VALUE[,KEY=VALUE...] of printable text";
    if (!*v || !printable(v))
        return 0;
    for (const char *p = v; *p;) {
        const char *end = strchr(p, ','), *eq = strchr(p, '=');
        size_t len = end ? (size_t)(end - p) : strlen(p), klen = eq ? (size_t)(eq - p) : 0;
        if (!eq || eq >= p + len || eq == p || eq + 1 == p + len)
            return 0;
        if (memchr(eq + 1, '=', len - klen - 1)) {
            *why = "has a value with '=' in it, which Google Benchmark refuses";
            return 0;
        }
        for (const char *q = v; q < p; q += strcspn(q, ",") + 1)
            if (strcspn(q, "=") == klen && strncmp(q, p, klen) == 0) {
                *why = "gives a key twice";
                return 0;
            }
        p += len + (end != NULL);
        if (end && !*p)
            return 0;
    }
    return 1;
}

/* --benchmark_out=FILE: Google Benchmark exits on a file it cannot open, after the backend is
 * open; so it is tried first (a file this check creates is removed again; a missing folder
 * that can be made is made before the run). */
static int out_ok(const char *v, char *err, size_t errlen)
{
    if (!*v) {
        snprintf(err, errlen, "--benchmark_out: empty file name");
        return -1;
    }
    if (pk_path_gz_name(v)) { /* as pk_cli_out_file refuses pkbench's own */
        snprintf(err, errlen, "--benchmark_out: '%s': Google Benchmark writes plain text, not gzip; give the name "
                 "without .gz (and gzip the file after)", v);
        return -1;
    }
    struct stat st;
    int existed = stat(v, &st) == 0;
    if (existed && !S_ISREG(st.st_mode)) { /* a folder, or a device: nothing the sweep could read back */
        snprintf(err, errlen, "--benchmark_out: '%s' is not a regular file", v);
        return -1;
    }
    FILE *fp = fopen(v, "a");
    int e = errno;
    if (!fp && !(e == ENOENT && pk_path_parent_creatable(v) == 0)) {
        snprintf(err, errlen, "--benchmark_out: cannot write '%s': %s", v, strerror(e));
        return -1;
    }
    if (fp)
        fclose(fp);
    if (fp && !existed)
        remove(v);
    return 0;
}

/* Checks value v of a known flag of kind k; records it in f. */
static int take(pk_gb_flags *f, const char *name, kind k, const char *v, char *err, size_t errlen)
{
    static const char *const fmts[] = {"console", "json", "csv"};
    int b;
    uint64_t n;
    const char *why;
    switch (k) {
    case K_BOOL:
    case K_COLOR:
        if ((b = boolean(v)) < 0 && !(k == K_COLOR && v && strcmp(v, "auto") == 0)) {
            snprintf(err, errlen, "--%s: '%s' is not %strue, false, yes, no, on, off, 1 or 0", name, v,
                     k == K_COLOR ? "auto, " : "");
            return -1;
        }
        if (strcmp(name, "benchmark_list_tests") == 0)
            f->list_only = b;
        else if (strcmp(name, "benchmark_enable_random_interleaving") == 0)
            f->interleaving = b;
        else if (strcmp(name, "benchmark_report_aggregates_only") == 0)
            f->aggregates_only = b;
        return 0;
    case K_FORMAT:
        for (size_t i = 0; v && i < 3; i++)
            if (strcmp(v, fmts[i]) == 0) {
                if (strcmp(name, "benchmark_out_format") == 0)
                    f->out_format = fmts[i];
                return 0;
            }
        snprintf(err, errlen, "--%s: '%s' is not console, json or csv", name, v ? v : "");
        return -1;
    case K_REPS:
        if (pk_cli_u64("--benchmark_repetitions", v ? v : "", PK_GB_MAX_REPETITIONS, &n, err, errlen) != PK_OK)
            return -1;
        if (n < 1) {
            snprintf(err, errlen, "--benchmark_repetitions: must be at least 1");
            return -1;
        }
        f->repetitions = n;
        return 0;
    case K_TEXT:
        if (!v || !*v || !printable(v)) {
            snprintf(err, errlen, "--%s: needs a non-empty printable value", name);
            return -1;
        }
        f->filter = v;
        return 0;
    case K_OUT: /* checked once every flag is read (pk_gb_flags_check_sweep): a list writes nothing */
        f->user_out = v ? v : "";
        return 0;
    case K_CONTEXT:
        why = "is not KEY=VALUE[,KEY=VALUE...] of printable text";
        if (!v || !context_ok(v, &why)) {
            snprintf(err, errlen, "--%s: '%s' %s", name, v ? v : "", why);
            return -1;
        }
        if (strlen(v) >= PK_CONTEXT_VALUE) { /* recorded whole in the context, or the shards would not compare */
            snprintf(err, errlen, "--%s: longer than %d characters", name, PK_CONTEXT_VALUE - 1);
            return -1;
        }
        char key[64];
        if (context_clash(v, key, sizeof key)) {
            snprintf(err, errlen, "--%s: '%s' is a context key pkbench or Google Benchmark writes itself; name yours "
                     "otherwise", name, key);
            return -1;
        }
        f->context = v;
        return 0;
    }
    return -1;
}

int pk_gb_flags_check(pk_gb_flags *f, const char *arg, char *err, size_t errlen)
{
    const char *name = arg + 2, *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strlen(refused[i].name) == len && strncmp(name, refused[i].name, len) == 0) {
            snprintf(err, errlen, "--%s: %s", refused[i].name, refused[i].why);
            return -1;
        }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i].name) == len && strncmp(name, known[i].name, len) == 0) {
            if (!eq && known[i].k != K_BOOL) {
                snprintf(err, errlen, "--%s: missing value (--%s=VALUE)", known[i].name, known[i].name);
                return -1;
            }
            return take(f, known[i].name, known[i].k, eq ? eq + 1 : NULL, err, errlen);
        }
    snprintf(err, errlen, "'%.*s' is not a Google Benchmark flag pkbench passes on (see 'pkbench sweep --help')",
             (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
    return -1;
}

int pk_gb_flags_check_sweep(const pk_gb_flags *f, const char *out, uint64_t replicates, char *err, size_t errlen)
{
    if (f->user_out && !f->list_only) { /* a list opens no file */
        int inside = out && pk_path_inside(f->user_out, out);
        char p[PK_PATH_MAX];
        for (size_t i = 0; out && i < PK_MEASURED_NAMES; i++) /* a hard link to one of the sweep's files */
            inside |= pk_path_join(p, sizeof p, out, pk_measured_names[i], NULL, 0) == 0 &&
                      pk_path_same(f->user_out, p);
        if (inside) {
            snprintf(err, errlen, "--benchmark_out: '%s' is inside --out %s, whose files a sweep replaces as one unit; "
                     "name a file elsewhere", f->user_out, out);
            return -1;
        }
        if (out_ok(f->user_out, err, errlen) != 0)
            return -1;
    }
    if (f->interleaving && replicates > 1) {
        snprintf(err, errlen, "--benchmark_enable_random_interleaving: not with --replicates (it would reorder the "
                 "passes, which --replicates and --abba order)");
        return -1;
    }
    return 0;
}

/* BENCHMARK_FILTER for benchmark_filter: Google Benchmark's name of the variable (its flag's
 * name in capitals), into buf. */
static const char *env_name(const char *flag, char *buf, size_t len)
{
    size_t i = 0;
    for (; flag[i] && i + 1 < len; i++)
        buf[i] = (char)toupper((unsigned char)flag[i]);
    buf[i] = '\0';
    return buf;
}

int pk_gb_flags_env(char *err, size_t errlen)
{
    char var[64];
    const char *v;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if ((v = getenv(env_name(refused[i].name, var, sizeof var))) != NULL) {
            snprintf(err, errlen,
                     "%s=%.60s is set: Google Benchmark would read it as --%s, which pkbench refuses (%s); "
                     "unset it", var, v, refused[i].name, refused[i].why);
            return -1;
        }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if ((v = getenv(env_name(known[i].name, var, sizeof var))) != NULL) {
            snprintf(err, errlen, "%s=%.60s is set: Google Benchmark would read it as --%s, unchecked and unrecorded; "
                                  "unset it and give --%s=%.60s instead", var, v, known[i].name, known[i].name, v);
            return -1;
        }
    return 0;
}

int pk_gb_flags_record(const pk_gb_flags *f, const char *version, pk_context *ctx)
{
    int rc = pk_context_set(ctx, "google_benchmark", version);
    if (rc == PK_OK && f->repetitions > 1)
        rc = pk_context_setf(ctx, "benchmark_repetitions", "%" PRIu64, f->repetitions);
    if (rc == PK_OK && f->interleaving)
        rc = pk_context_set(ctx, "benchmark_enable_random_interleaving", "true");
    if (rc == PK_OK && f->aggregates_only)
        rc = pk_context_set(ctx, "benchmark_report_aggregates_only", "true");
    if (rc == PK_OK && f->context) { /* as the tidy CSV writes it (commas as ';'), so that all copies agree */
        char v[1024];
        snprintf(v, sizeof v, "%s", f->context);
        for (char *c = v; *c; c++)
            *c = *c == ',' ? ';' : *c;
        rc = pk_context_set(ctx, "benchmark_context", v);
    }
    return rc;
}
