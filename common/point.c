/* Comparing and naming points, the key of every result row (see backend.h). */
#include "common/backend.h"

#include <inttypes.h>
#include <stdio.h>

int pk_point_compare(const pk_point *a, const pk_point *b)
{
    if (a->strategy != b->strategy)
        return a->strategy < b->strategy ? -1 : 1;
    if (a->item_ns != b->item_ns)
        return a->item_ns < b->item_ns ? -1 : 1;
    if (a->batch != b->batch)
        return a->batch < b->batch ? -1 : 1;
    if (a->grid != b->grid)
        return a->grid < b->grid ? -1 : 1;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    return 0;
}

int pk_point_equal(const pk_point *a, const pk_point *b)
{
    return pk_point_compare(a, b) == 0;
}

pk_point pk_point_with(const pk_point *p, pk_strategy s)
{
    pk_point q = *p;
    q.strategy = s;
    return q;
}

void pk_point_name(const pk_point *pt, char *buf, size_t len)
{
    const char *s = pt->strategy >= 0 && pt->strategy < PK_STRAT_COUNT ? pk_strategy_names[pt->strategy] : "?";
    snprintf(buf, len, "%s/item_ns:%" PRIu64 "/batch:%" PRIu64 "/grid:%u/block:%u", s, pt->item_ns, pt->batch,
             pt->grid, pt->block);
}
