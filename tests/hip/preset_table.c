/* Invariant: the preset amd-mi300x-published holds, parameter by parameter, the value that
 * results/README.md's table of published AMD figures gives it (each row "| `name` (...) | value
 * | ..."; "0 (unbounded)" reads as 0), and the table names every parameter the preset sets.
 * usage: test_preset_table RESULTS_README */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/params.h"
#include "tests/pk_test.h"

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (!f) {
        fprintf(stderr, "usage: test_preset_table RESULTS_README (cannot open it)\n");
        return 1;
    }
    pk_params p;
    PK_CHECK(pk_params_preset("amd-mi300x-published", &p) == 0);
    char line[1024];
    int in_table = 0, rows = 0, named[PK_PARAM_COUNT] = {0};
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "| parameter | value | where it comes from |", 43) == 0) {
            in_table = 1;
            continue;
        }
        if (!in_table || strncmp(line, "| ---", 5) == 0)
            continue;
        if (strncmp(line, "| `", 3) != 0)
            break; /* the table ends */
        char *name = line + 3, *tick = strchr(name, '`'), *cell = tick ? strstr(tick, " | ") : NULL;
        if (!tick || !cell) {
            PK_CHECK(!"a table row without a `name` and a value");
            continue;
        }
        *tick = '\0';
        const int id = pk_param_lookup(name);
        char *end;
        const double v = strtod(cell + 3, &end);
        if (id < 0 || end == cell + 3 || p.value[id] != v)
            fprintf(stderr, "%s: README %s, preset %g\n", name, end == cell + 3 ? "(no number)" : cell + 3,
                    id < 0 ? -1.0 : p.value[id]);
        PK_CHECK(id >= 0 && end != cell + 3 && p.value[id] == v);
        if (id >= 0)
            named[id] = 1;
        rows++;
    }
    fclose(f);
    PK_CHECK(rows == 11);
    static const pk_param_id set[] = {PK_P_LAUNCH_HOST,       PK_P_LAUNCH_LATENCY,  PK_P_KERNEL_GAP,
                                      PK_P_SYNC,              PK_P_PERSISTENT_SETUP, PK_P_PERSISTENT_ITEM,
                                      PK_P_PERSISTENT_TEARDOWN, PK_P_GRAPH_NODE};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        PK_CHECK(named[set[i]]);
    pk_params_free(&p);
    return pk_test_done("sim.preset_amd_table");
}
