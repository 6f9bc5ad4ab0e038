/* Opening and closing a backend for a measuring command (see session.h). */
#include "harness/session.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/status.h"
#include "harness/cli.h"

int pk_session_find(pk_session *s, const char *name, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->ops = pk_backend_find(name);
    if (s->ops)
        return PK_OK;
    for (size_t i = 0; pk_backend_names[i]; i++)
        if (strcmp(pk_backend_names[i], name) == 0) {
            snprintf(err, errlen, "--backend: '%s' was not built into this binary (reconfigure with it enabled)",
                     name);
            return PK_EUNSUPPORTED;
        }
    char known[64] = "";
    for (size_t i = 0; pk_backend_names[i]; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", pk_backend_names[i]);
    snprintf(err, errlen, "--backend: unknown backend '%s' (known: %s)", name, known);
    return PK_EINVAL;
}

/* The device name: the first of the usual context keys that the backend filled. */
static void pick_device(pk_session *s)
{
    static const char *const keys[] = {"device", "device_name", "gpu", "cpu", "name", NULL};
    for (size_t i = 0; keys[i]; i++) {
        const char *v = pk_context_get(&s->ctx, keys[i]);
        if (v && *v) {
            snprintf(s->device, sizeof s->device, "%s", v);
            return;
        }
    }
    snprintf(s->device, sizeof s->device, "%s", s->ops->name);
}

int pk_session_open(pk_session *s, const pk_backend_config *cfg, char *err, size_t errlen)
{
    char why[384] = "";
    int rc = s->ops->open(cfg, &s->b, why, sizeof why);
    if (rc != PK_OK) {
        s->b = NULL;
        /* The command says "no X device visible: ..." itself; drop the backend's own copy. */
        const char *p = rc == PK_ENODEV ? strstr(why, "device visible: ") : NULL;
        snprintf(err, errlen, "%s", p ? p + strlen("device visible: ") : why[0] ? why : pk_strerror(rc));
        return rc;
    }
    memset(&s->ctx, 0, sizeof s->ctx);
    why[0] = 0;
    rc = s->ops->context ? s->ops->context(s->b, &s->ctx) : PK_OK;
    if (rc != PK_OK) {
        snprintf(err, errlen, "context(): %s", pk_strerror(rc));
        pk_session_close(s);
        return rc;
    }
    pick_device(s);
    pk_context_set(&s->ctx, "backend", s->ops->name);
    pk_context_set(&s->ctx, "cpu_analogue", s->ops->cpu_analogue ? "true" : "false");
    pk_context_set(&s->ctx, "pkbench_version", pk_version());
    pk_context_set(&s->ctx, "git_commit", pk_git_commit());
    return PK_OK;
}

int pk_session_exit_code(const pk_session *s, int rc)
{
    if (rc == PK_ENODEV)
        return s->ops->cpu_analogue ? PK_EXIT_USAGE : PK_EXIT_SKIP;
    if (rc == PK_EINVAL) /* a bad setting (PKB_PERSISTENT_* and the like) */
        return PK_EXIT_USAGE;
    return rc == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_CHECK;
}

int pk_backend_check_points(const pk_backend_ops *ops, const pk_point *pts, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        const pk_point *p = &pts[i];
        if (ops->max_batch && p->batch > ops->max_batch)
            snprintf(err, errlen, "--batch %" PRIu64 ": the %s backend runs at most %" PRIu64 " items", p->batch,
                     ops->name, ops->max_batch);
        else if (ops->max_grid && p->grid > ops->max_grid)
            snprintf(err, errlen, "--grid %u: the %s backend runs at most %u block%s", p->grid, ops->name,
                     ops->max_grid, ops->max_grid == 1 ? " (one worker thread runs every item)" : "s");
        else if (ops->cpu_analogue && p->block != 0)
            snprintf(err, errlen, "--block %u: the %s backend has no blocks (one worker thread runs every item); "
                     "give 0 or leave --block out", p->block, ops->name);
        else
            continue;
        return PK_ERANGE;
    }
    return PK_OK;
}

void pk_session_settle(pk_session *s, pk_context *ctx)
{
    if (s->b && s->ops->settled)
        s->ops->settled(s->b, ctx);
}

void pk_session_close(pk_session *s)
{
    if (s->b) {
        s->ops->close(s->b);
        s->b = NULL;
    }
}

const char *pk_session_nodev(const pk_session *s, const char *err, char *buf, size_t len)
{
    if (s->ops->cpu_analogue) /* its one device always there: only another index is refused */
        snprintf(buf, len, "--device: %s", err);
    else
        snprintf(buf, len, "no %s device visible: %s", pk_session_kind(s), err);
    return buf;
}

const char *pk_session_kind(const pk_session *s)
{
    if (strcmp(s->ops->name, "cuda") == 0)
        return "CUDA";
    if (strcmp(s->ops->name, "hip") == 0)
        return "HIP";
    return s->ops->name;
}

/* 1 when the named GPU backend is built and opens a device; else the reason in why and 0, -1
 * when the backend is not built into this binary, or -2 when it refuses its settings. */
static int gpu_visible(const char *name, char *why, size_t len)
{
    const pk_backend_ops *ops = pk_backend_find(name);
    if (!ops) {
        snprintf(why, len, "%s: not built", name);
        return -1;
    }
    pk_backend_config cfg = {0, 10.0};
    pk_backend *b = NULL;
    char err[256] = "";
    int rc = ops->open(&cfg, &b, err, sizeof err);
    if (rc != PK_OK) {
        snprintf(why, len, "%s: %s", name, err[0] ? err : pk_strerror(rc));
        return rc == PK_EINVAL ? -2 : 0;
    }
    ops->close(b);
    return 1;
}

const char *pk_session_pick_gpu(const char *backend, char *why, size_t len, int *built)
{
    static const char *const gpus[] = {"cuda", "hip"};
    char one[512];
    why[0] = '\0';
    *built = 0;
    for (int i = 0; i < 2; i++) {
        if (strcmp(backend, "auto") != 0 && strcmp(backend, gpus[i]) != 0)
            continue;
        int v = gpu_visible(gpus[i], one, sizeof one);
        if (v > 0)
            return gpus[i];
        if (v == -2) {
            snprintf(why, len, "%s", one);
            *built = -1;
            return NULL;
        }
        *built += v == 0;
        snprintf(why + strlen(why), len - strlen(why), "%s%s", why[0] ? "; " : "", one);
    }
    return NULL;
}
