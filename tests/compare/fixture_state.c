/* Writes one synthetic sweep made in a given host state, for compare --host-state: DIR/measured.csv
 * with every point's wall the model's closed form (pk_predict) with PARAMS in the state that the
 * canary CANARY_NS names (pk_hoststate_costs), times its own deterministic run-to-run noise
 * (+-0.4%, a different phase per RUN), and canary_host_ns = CANARY_NS; two passes per point (pass
 * rows and their summary). With STRATEGY:SCALE that strategy's walls are multiplied by SCALE (a
 * change in the code under test, which the canary does not see).
 * usage: test_compare_fixture_state PARAMS DIR CANARY_NS RUN [STRATEGY:SCALE] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/hoststate.h"
#include "harness/predict.h"
#include "harness/tidy.h"
#include "sim/model.h"
#include "sim/params.h"

static int push(pk_table *t, const pk_point *key, double wall, double canary, unsigned rep)
{
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "cuda");
    snprintf(r.device, sizeof r.device, "Synthetic GPU (test fixture)");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = *key;
    r.reps = 20;
    r.wall_ns = wall;
    r.wall_ns_p10 = wall * 0.98, r.wall_ns_p25 = wall * 0.99, r.wall_ns_p75 = wall * 1.01, r.wall_ns_p90 = wall * 1.02;
    r.canary_host_ns = canary;
    r.replicate = rep;
    return rep ? pk_table_push_pass(t, &r) : pk_table_push(t, &r);
}

int main(int argc, char **argv)
{
    if (argc < 5)
        return fprintf(stderr, "usage: %s PARAMS DIR CANARY_NS RUN [STRATEGY:SCALE]\n", argv[0]), 2;
    char err[512];
    pk_params p;
    if (pk_params_load(argv[1], &p, err, sizeof err))
        return fprintf(stderr, "%s\n", err), 1;
    const double canary = atof(argv[3]);
    const int run = atoi(argv[4]);
    int only = -1;
    double scale = 1;
    if (argc > 5) {
        char name[64];
        const char *colon = strchr(argv[5], ':');
        if (!colon || (size_t)(colon - argv[5]) >= sizeof name)
            return fprintf(stderr, "bad STRATEGY:SCALE %s\n", argv[5]), 2;
        snprintf(name, sizeof name, "%.*s", (int)(colon - argv[5]), argv[5]);
        if ((only = pk_strategy_lookup(name)) < 0)
            return fprintf(stderr, "unknown strategy %s\n", name), 2;
        scale = atof(colon + 1);
    }
    pk_costs cal, c;
    pk_costs_from_params(&p, &cal);
    pk_hoststate_costs(&cal, canary, &c);
    pk_model *m;
    if (pk_model_create(&m))
        return 1;
    mkdir(argv[2], 0777);
    static const uint64_t items[] = {0, 1000, 20000};
    pk_table t = {0};
    pk_context_set(&t.context, "device", "Synthetic GPU (test fixture)");
    int k = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        for (uint64_t n = 1; n <= 256; n *= 2)
            for (int s = 0; s < PK_STRAT_COUNT; s++) {
                pk_point key = {(pk_strategy)s, items[i], n, 1, 32};
                pk_items it = {n, (double)items[i], 0, NULL, NULL, NULL};
                pk_prediction_dist pd;
                if (pk_predict(m, &c, PK_PREDICT_CLOSED_FORM, key.strategy, &it, 1, &pd))
                    return fprintf(stderr, "closed form failed\n"), 1;
                k++;
                double w = pd.median.total_ns * (1 + 0.004 * sin(2.3 * k + 1.9 * run)) * (only == s ? scale : 1);
                double w1 = w * (1 + 0.001 * sin(0.7 * k)), w2 = w * (1 - 0.001 * sin(0.7 * k));
                if (push(&t, &key, w, canary, 0) || push(&t, &key, w1, canary, 1) || push(&t, &key, w2, canary, 2))
                    return fprintf(stderr, "out of memory\n"), 1;
            }
    char path[4096];
    snprintf(path, sizeof path, "%s/measured.csv", argv[2]);
    if (pk_table_write_csv(path, &t, err, sizeof err))
        return fprintf(stderr, "%s\n", err), 1;
    pk_table_free(&t);
    pk_model_destroy(m);
    pk_params_free(&p);
    return 0;
}
