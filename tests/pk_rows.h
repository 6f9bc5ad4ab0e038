/* Synthetic tidy tables for the tests: rows of a given key and median, labelled as a CUDA
 * "Test GPU" (backend and device), with every other figure missing. */
#ifndef PK_TESTS_PK_ROWS_H
#define PK_TESTS_PK_ROWS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/tidy.h"
#include "sim/params.h"

/* The parameters of the same "Test GPU", in pk_param_id's order: h 2000 ns, L 3000, g 800, Q 0,
 * sync 1500, S 20000, e 60, teardown 4000, graph node 700, instantiate 3000, B 3500, h_b 2100,
 * graph_launch 6000; every later one 0. */
static inline void pk_rows_params(pk_params *p)
{
    static const double v[PK_PARAM_COUNT] = {2000, 3000, 800, 0, 1500, 20000, 60, 4000, 700, 3000, 3500, 2100, 6000};
    pk_params_init(p);
    memcpy(p->value, v, sizeof v);
    snprintf(p->backend, sizeof p->backend, "cuda");
    snprintf(p->device, sizeof p->device, "Test GPU");
}

/* A row of key with median wall_ns; source "measured". */
static inline pk_row pk_rows_make(pk_point key, double wall_ns)
{
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "cuda");
    snprintf(r.device, sizeof r.device, "Test GPU");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = key;
    r.wall_ns = wall_ns;
    return r;
}

/* Appends a row of key with median wall_ns to t; exits when out of memory. */
static inline void pk_rows_push(pk_table *t, pk_point key, double wall_ns)
{
    pk_row r = pk_rows_make(key, wall_ns);
    if (pk_table_push(t, &r) != 0) {
        fprintf(stderr, "pk_rows_push: out of memory\n");
        exit(1);
    }
}

#endif
