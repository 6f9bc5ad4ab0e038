/* A sorted index of a tidy table's rows by key, so that joins of large tables (compare, plot:
 * 20,000 rows and more) cost n log n rather than n^2 lookups. The table must not change while
 * an index of it is in use. */
#ifndef PK_HARNESS_TIDY_INDEX_H
#define PK_HARNESS_TIDY_INDEX_H

#include <stddef.h>

#include "harness/tidy.h"

typedef struct pk_table_index {
    const pk_row **sorted; /* the rows in pk_point_compare order, then by replicate */
    size_t n;
} pk_table_index;

/* Indexes t's summary rows (t may be NULL: an empty index). Returns 0 or PK_ENOMEM. */
int pk_table_index_build(pk_table_index *ix, const pk_table *t);
/* Indexes rows[0..n) (pass rows, say). Returns 0 or PK_ENOMEM. */
int pk_table_index_build_rows(pk_table_index *ix, const pk_row *rows, size_t n);
void pk_table_index_free(pk_table_index *ix);
/* The row with exactly this key (the first, when rows of several replicates have it), or NULL. */
const pk_row *pk_table_index_find(const pk_table_index *ix, const pk_point *key);
/* The row with this key and replicate, or NULL. */
const pk_row *pk_table_index_find_rep(const pk_table_index *ix, const pk_point *key, unsigned replicate);
/* The rows with key's strategy, item_ns and batch, any grid and block: *first and the count. */
size_t pk_table_index_family(const pk_table_index *ix, const pk_point *key, const pk_row *const **first);

#endif
