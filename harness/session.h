/* A measuring command's hold on a backend: looks the backend up by name, opens it, gathers the
 * machine context (the backend's, plus pkbench version, commit and backend name) and closes it
 * on every path. Shared by `pkbench sweep` and `pkbench calibrate`. */
#ifndef PK_HARNESS_SESSION_H
#define PK_HARNESS_SESSION_H

#include <stddef.h>

#include "common/context.h"
#include "kernels/registry.h"

typedef struct pk_session {
    const pk_backend_ops *ops;
    pk_backend *b; /* NULL until opened */
    pk_context ctx;
    char device[160]; /* the device's name from the context, or the backend's name */
} pk_session;

/* Checks that the backend exists and is built. Returns 0, or PK_EINVAL (unknown name) or
 * PK_EUNSUPPORTED (known, not built) with a one-line reason in err. */
int pk_session_find(pk_session *s, const char *name, char *err, size_t errlen);
/* Opens the backend found by pk_session_find and reads its context. Returns 0, PK_ENODEV (no
 * visible device), or another PK_E* code; err holds the reason. Nothing is left open on error. */
int pk_session_open(pk_session *s, const pk_backend_config *cfg, char *err, size_t errlen);
/* The exit code of a command whose backend did not open with status rc: PK_EXIT_SKIP (77) when
 * a GPU backend sees no device (none at all, or not the one --device asked for), so that CI
 * tells a runner without a working GPU from a typo; PK_EXIT_USAGE when the host backend is
 * asked for a device other than its one (always a typo) and for a setting the backend refuses
 * (PK_EINVAL: a bad PKB_* setting of the GPU backends); PK_EXIT_OSERR when out of memory;
 * PK_EXIT_CHECK otherwise (the backend failed). */
int pk_session_exit_code(const pk_session *s, int rc);
/* The first GPU backend (cuda, then hip) that backend ("auto", "cuda" or "hip") allows and
 * that opens a device, or NULL with the reasons in why; *built counts the backends tried that
 * are built. A backend that refuses its settings (a bad PKB_* setting) ends the search: NULL,
 * *built = -1, why its error. */
const char *pk_session_pick_gpu(const char *backend, char *why, size_t len, int *built);
/* What backend ops would refuse mid-run, for each of the n points (sweep and ab, before any):
 * a batch or grid past its bound, a block other than 0 on a CPU analogue (one worker thread runs
 * every item: a block would be recorded, never used). Returns 0, or PK_ERANGE with a line naming
 * the flag in err ("--grid 4: the host backend runs at most 1 block ..."). */
int pk_backend_check_points(const pk_backend_ops *ops, const pk_point *pts, size_t n, char *err, size_t errlen);
/* Writes the context keys that the runs settled (the backend's `settled`, if any) over ctx's;
 * before the close, when the runs are done. */
void pk_session_settle(pk_session *s, pk_context *ctx);
/* Closes the backend if open (joins its worker threads); safe to call twice. */
void pk_session_close(pk_session *s);
/* The message of an open that found no device (PK_ENODEV), err its reason, into buf: "no CUDA
 * device visible: ..." (exit 77), or on a CPU analogue, whose one device is always there,
 * "--device: ..." (the index asked for is bad usage). */
const char *pk_session_nodev(const pk_session *s, const char *err, char *buf, size_t len);
/* "CUDA", "HIP" or "host": how a command names the backend's devices in messages. */
const char *pk_session_kind(const pk_session *s);

#endif
