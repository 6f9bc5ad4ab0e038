/* pkbench run's grids, gates and limits, shared by the command (cmd_run.c) and its help text
 * (cmd_run_usage.c). */
#ifndef PK_HARNESS_RUN_DEFAULTS_H
#define PK_HARNESS_RUN_DEFAULTS_H

/* `pkbench sweep`'s grid when --item-ns and --batch are not given (the GPU main job's too). */
#define SWEEP_ITEMS "0,1000,5000,20000,50000"
#define SWEEP_BATCH "1:16384:pow2"

/* The host grid: 5 strategies x 4 item durations x 11 batch sizes = 220 points, each capped at
 * 50 ms and 50 repetitions, 6-8 s of sweep on a 2-core machine; --quick: 2 x 9 = 90. Its item
 * durations, as the sweep's, leave out calibration's own points (2000 ns: graph_one_node_ns). */
#define HOST_ITEMS "0,2500,10000,50000"
#define HOST_BATCH "1:1024:pow2"
#define HOST_ITEMS_QUICK "0,10000"
#define HOST_BATCH_QUICK "1:256:pow2"
#define HOST_SWEEP_LIMITS "--max-time-s", "0.05", "--max-reps", "50"

/* Host gates (percent / grid steps); see results/host/README.md for how they were chosen. The
 * test hook PKB_TEST_HOST_GATES="FLAG VALUE ..." replaces them (a gate that must fail). */
#define HOST_GATES "--max-crossover-error", "2", "--max-regret", "30"

/* GPU gates, from the H200 reference results (results/h200/README.md): there the simulator's
 * largest per-strategy MAPE was 4.04% in the lease of the calibration and 4.47% predicting
 * another lease, crossovers exact and one step off, the simulator policy's regret 0.00%. */
#define GPU_GATES "--max-mape", "8", "--max-crossover-error", "1", "--max-regret", "5", NULL

/* GPU grid: sweep's default grid; --quick keeps three durations and N <= 1024. */
#define GPU_ITEMS_QUICK "0,5000,50000"
#define GPU_BATCH_QUICK "1:1024:pow2"

/* --replicates of the main job: each pass is a whole sweep's time. */
#define RUN_MAX_REPLICATES 10

#endif
