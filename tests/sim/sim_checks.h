/* Checks shared by the sim tests (header-only): the simulator against the closed form, and an
 * optional parameter added within a schema read from a file with it and without its key (as one
 * written before it existed). */
#ifndef PK_TESTS_SIM_CHECKS_H
#define PK_TESTS_SIM_CHECKS_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim/analytic.h"
#include "sim/model.h"
#include "sim/params.h"
#include "tests/pk_test.h"

/* The simulator's and the closed form's prediction of n items of duration d with host work w,
 * which must agree to the nanosecond (total and device span); the simulator's total returned. */
static inline double sim_agree(pk_model *m, const pk_costs *c, pk_strategy s, double d, uint64_t n, double w)
{
    pk_items it = {n, d, w, NULL, NULL, NULL};
    pk_prediction sim, cf;
    PK_CHECK(pk_model_run(m, c, s, &it, 0, &sim) == 0);
    PK_CHECK(pk_analytic_pipelined(c, s, d, n, w, &cf) == 0);
    PK_CHECK_NEAR(sim.total_ns, cf.total_ns, 1e-6);
    PK_CHECK_NEAR(sim.device_ns, cf.device_ns, 1e-6);
    return sim.total_ns;
}

/* Saves p (backend "cuda") to a temporary file and loads it into *with; deletes `key` from the
 * file's params and samples and loads it again into *without. 0, or -1 after a failed check
 * (both left initialised). */
static inline int params_drop(pk_params *p, const char *key, pk_params *with, pk_params *without)
{
    char path[] = "pkb_params_drop_XXXXXX", err[256];
    pk_params_init(with);
    pk_params_init(without);
    snprintf(p->backend, sizeof p->backend, "cuda");
    int fd = mkstemp(path);
    PK_CHECK(fd >= 0);
    if (fd < 0)
        return -1;
    close(fd);
    int ok = pk_params_save(path, p, err, sizeof err) == 0 && pk_params_load(path, with, err, sizeof err) == 0;
    PK_CHECK(ok);
    json_error_t je;
    json_t *root = ok ? json_load_file(path, 0, &je) : NULL;
    PK_CHECK(root != NULL);
    if (root) {
        PK_CHECK(json_object_del(json_object_get(root, "params"), key) == 0);
        PK_CHECK(json_object_del(json_object_get(root, "samples"), key) == 0);
        PK_CHECK(json_dump_file(root, path, 0) == 0);
        json_decref(root);
        ok = pk_params_load(path, without, err, sizeof err) == 0;
        PK_CHECK(ok);
    }
    unlink(path);
    return root && ok ? 0 : -1;
}

#endif
