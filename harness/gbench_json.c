/* Strict copies of Google Benchmark's JSON (see gbench_json.h). */
#include "harness/gbench_json.h"

#include <errno.h>
#include <jansson.h>
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

static json_t *load_gb_json(const char *path, char *err, size_t errlen)
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

int pk_gbench_json_rewrite(const char *src, const char *dst, int partial, char *err, size_t errlen)
{
    json_t *root = load_gb_json(src, err, errlen);
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
    pk_afile f;
    int rc = PK_OK;
    if (pk_afile_open(&f, dst) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", dst, strerror(errno));
        rc = PK_EIO;
    } else if (json_dumpf(root, f.fp, JSON_INDENT(2)) != 0 || fputc('\n', f.fp) == EOF) {
        pk_afile_abort(&f);
        snprintf(err, errlen, "%s: write failed", dst);
        rc = PK_EIO;
    } else if (pk_afile_commit(&f) != PK_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", dst, strerror(errno));
        rc = PK_EIO;
    }
    json_decref(root);
    return rc;
}
