/* Strategy names (see strategy.h). */
#include "common/strategy.h"

#include <string.h>

const char *const pk_strategy_names[PK_STRAT_COUNT + 1] = {
    "standard", "standard-sync", "graph", "persistent", "persistent-resident", NULL,
};

int pk_strategy_lookup(const char *name)
{
    for (int i = 0; i < PK_STRAT_COUNT; i++)
        if (strcmp(pk_strategy_names[i], name) == 0)
            return i;
    return -1;
}
