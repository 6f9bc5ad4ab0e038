/* Invariant: a canary run between a point's repetitions (sweep --canary) takes none of the point's
 * --max-time-s (results/SCHEMA.md: the canary 'changes none of the point's figures'). The point's
 * runs take 1 ms, the canary's 80 ms, the cap is 60 ms: the first canary between comes after 10 ms
 * of the point, and a cap that counted it would stop the point there, with no repetition after
 * it; the point's own 60 ms go on past it. Only the real clock's lower bound is relied on (a
 * sleep is never shorter than asked), so a loaded machine makes neither outcome flaky. */
#include <stdio.h>
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/sweep.h"
#include "tests/pk_test.h"

static int canary_size(const pk_point *p)
{
    return p->strategy == PK_STRAT_STANDARD && p->item_ns == 0 && p->batch == PK_SWEEP_CANARY_BATCH;
}

int main(void)
{
    pk_backend *b = NULL;
    pk_backend_config cfg = {0, 1.0};
    char err[64];
    memset(&fake, 0, sizeof fake);
    fake.h = 2000, fake.L = 4000, fake.g = 1000, fake.sync = 1500, fake.gnode = 700, fake.ginst = 1200;
    PK_CHECK(fake_backend.open(&cfg, &b, err, sizeof err) == PK_OK && b);
    fake.sleep_us = 1000, fake.canary_sleep_us = 80000;
    fake.noise = 0.01; /* the walls alternate: the noise rule (--noise 0) never stops the point */
    const pk_point pt = {PK_STRAT_GRAPH, 1000, 4, 1, 0};
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    o.canary = 1, o.noise = 0, o.min_reps = 3, o.max_reps = 100000, o.max_time_s = 0.06;
    pk_sweep s;
    const pk_row *row = NULL;
    pk_sweep_init(&s, &fake_backend, b, NULL, &pt, 1, &o);
    fake_log_n = 0;
    PK_CHECK(pk_sweep_step(&s, 0, &row) == PK_OK && row);
    /* The runs in order: the canary's before the point, the warm-up and repetitions with the
     * canary's between, the canary's after. */
    long canaries = 0, point_runs = 0, after_between = 0;
    for (long i = 0; i < fake_log_n && i < FAKE_LOG_MAX; i++) {
        if (canary_size(&fake_log[i])) {
            canaries++;
            continue;
        }
        point_runs++;
        after_between += canaries > PK_SWEEP_CANARY_RUNS;
    }
    PK_CHECK(fake_log_n < FAKE_LOG_MAX);
    PK_CHECK_U64(canaries, 2 * PK_SWEEP_CANARY_RUNS + 1); /* the next between would need 800 ms more */
    PK_CHECK(row && row->reps == (uint64_t)point_runs - 1); /* one warm-up */
    printf("repetitions before the 80 ms canary between: %ld, after it: %ld\n", point_runs - 1 - after_between,
           after_between);
    PK_CHECK(after_between >= 1);
    pk_sweep_free(&s);
    fake_backend.close(b);
    return pk_test_done("harness.sweep_canary_cap");
}
