/* Synthetic tidy tables for the tests: rows of a given key and median, labelled as a CUDA
 * "Test GPU" (backend and device), with every other figure missing. */
#ifndef PK_TESTS_PK_ROWS_H
#define PK_TESTS_PK_ROWS_H

#include <stdio.h>
#include <stdlib.h>

#include "harness/tidy.h"

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
