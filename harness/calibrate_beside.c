/* The host's launch cost beside a calibration step's runs, by the sweep's canary (see
 * calibrate_steps.h). */
#include <stdio.h>

#include "common/status.h"
#include "harness/calibrate_steps.h"
#include "harness/stats.h"
#include "harness/sweep.h"

int cal_launch_cost_now(cal *c, double *v, size_t *n)
{
    return cal_stopped(c) ? PK_EINTR : pk_sweep_canary_runs(c->ops, c->b, v, n, c->err, c->errlen);
}

int cal_canary_then(cal *c, const pk_point *pt, double *v, size_t *n)
{
    int rc = cal_launch_cost_now(c, v, n);
    for (size_t done = 0; rc == PK_OK && done < PK_CAL_SETTLE_RUNS; done += c->reps + 1)
        rc = cal_runs(c, pt, c->x, c->reps);
    return rc;
}

int cal_runs_beside(cal *c, const pk_point *pt, double *beside, size_t *measured)
{
    double now[2 * PK_SWEEP_CANARY_RUNS];
    size_t nn = 0;
    int rc;
    if ((rc = cal_canary_then(c, pt, now, &nn)) || (rc = cal_runs(c, pt, c->x, c->reps)) ||
        (rc = cal_launch_cost_now(c, now, &nn)))
        return rc;
    *beside = nn ? pk_stats_median(now, nn) : c->p->value[PK_P_LAUNCH_HOST];
    if (measured)
        *measured = nn;
    return PK_OK;
}

const char *cal_beside_text(char *buf, size_t len, size_t measured, double beside, const char *none)
{
    if (measured)
        snprintf(buf, len, "launch cost %.0f ns beside", beside);
    else
        snprintf(buf, len, "no launch cost measured beside%s", none);
    return buf;
}
