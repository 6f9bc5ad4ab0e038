/* The sorted index of a tidy table (see tidy_index.h). */
#include "harness/tidy_index.h"

#include <stdlib.h>

#include "common/status.h"

static int row_cmp(const void *a, const void *b)
{
    const pk_row *x = *(const pk_row *const *)a, *y = *(const pk_row *const *)b;
    int c = pk_point_compare(&x->key, &y->key);
    return c ? c : (x->replicate > y->replicate) - (x->replicate < y->replicate);
}

int pk_table_index_build_rows(pk_table_index *ix, const pk_row *rows, size_t n)
{
    ix->n = n;
    ix->sorted = malloc((n ? n : 1) * sizeof *ix->sorted);
    if (!ix->sorted) {
        ix->n = 0;
        return PK_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        ix->sorted[i] = &rows[i];
    qsort(ix->sorted, n, sizeof *ix->sorted, row_cmp);
    return PK_OK;
}

int pk_table_index_build(pk_table_index *ix, const pk_table *t)
{
    return pk_table_index_build_rows(ix, t ? t->rows : NULL, t ? t->n : 0);
}

void pk_table_index_free(pk_table_index *ix)
{
    free(ix->sorted);
    ix->sorted = NULL;
    ix->n = 0;
}

/* Compares the key's family (strategy, item_ns, batch), or the whole key when whole is set. */
static int key_cmp(const pk_point *a, const pk_point *b, int whole)
{
    if (whole)
        return pk_point_compare(a, b);
    pk_point x = *a, y = *b;
    x.grid = y.grid = 0;
    x.block = y.block = 0;
    return pk_point_compare(&x, &y);
}

/* The first index whose row is not below key. */
static size_t lower(const pk_table_index *ix, const pk_point *key, int whole)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&ix->sorted[mid]->key, key, whole) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const pk_row *pk_table_index_find(const pk_table_index *ix, const pk_point *key)
{
    size_t i = lower(ix, key, 1);
    return i < ix->n && pk_point_equal(&ix->sorted[i]->key, key) ? ix->sorted[i] : NULL;
}

const pk_row *pk_table_index_find_rep(const pk_table_index *ix, const pk_point *key, unsigned replicate)
{
    for (size_t i = lower(ix, key, 1); i < ix->n && pk_point_equal(&ix->sorted[i]->key, key); i++)
        if (ix->sorted[i]->replicate >= replicate)
            return ix->sorted[i]->replicate == replicate ? ix->sorted[i] : NULL;
    return NULL;
}

size_t pk_table_index_family(const pk_table_index *ix, const pk_point *key, const pk_row *const **first)
{
    size_t i = lower(ix, key, 0), j = i;
    while (j < ix->n && key_cmp(&ix->sorted[j]->key, key, 0) == 0)
        j++;
    *first = ix->sorted + i;
    return j - i;
}
