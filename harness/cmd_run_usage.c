/* pkbench run's help text (cmd_run.c parses the flags it describes). */
#include <stdio.h>

#include "harness/commands.h"
#include "harness/noise.h"
#include "harness/paired.h"
#include "harness/run_defaults.h"

void pk_cmd_run_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench run [--backend auto|cuda|hip|host] [--out DIR] [--quick] [--replicates K] [--gate]\n"
            "                   [--results DIR]\n\n"
            "The main job. With a visible GPU (--backend auto tries cuda, then hip): calibrate,\n"
            "sweep, calibrate again, check the crossovers in doubt (standard and persistent again, in\n"
            "%d passes of alternating order, where their IQRs overlap: crosscheck/), simulate, compare\n"
            "and plot into OUT/<backend>/, each calibration with --reps 100. The model's\n"
            "parameters (params.json) are the mean of the calibrations before and after the sweep\n"
            "(params-before.json, params-after.json): the host's launch cost changes state on the\n"
            "scale of a sweep. With none, it says so and:\n"
            "  (a) compares and plots the committed reference results of an H200 (RESULTS/h200) and an\n"
            "      H100 (RESULTS/h100-sxm) against the simulator driven by their committed params, into\n"
            "      OUT/h200/ and OUT/h100-sxm/;\n"
            "  (b) runs the loop for real on the host backend (a CPU analogue, never GPU figures):\n"
            "      calibrate; sweep all strategies x item_ns %s x batch %s\n"
            "      (6-8 s on a 2-core machine; 15-50 s the whole loop); calibrate again;\n"
            "      check the tied cells; simulate; compare with the gates %s %s %s %s;\n"
            "      plot; into OUT/host/.\n"
            "--backend host runs (b) only; cuda or hip require that GPU. Before and after each live loop\n"
            "a noise probe spins the loop's CPUs for %d ms; a gate that would fail after a probe that lost\n"
            "more than %g%% of its time (or with nothing pinned, or a failed g check) is inconclusive.\n\n"
            "  --backend B     auto (default), cuda, hip or host\n"
            "  --out DIR       output folder (default pkbench-run)\n"
            "  --quick         a smaller grid (host: %s x %s; GPU: %s x %s)\n"
            "  --replicates K  sweep in K interleaved passes (1..%d, default 1); the report then judges\n"
            "                  each pass alone too, telling a model miss from a slow period of the host\n"
            "  --gate          exit 1 when a gate fails (CI); without it a failed gate is reported only\n"
            "  --results DIR   committed reference results (default: the source tree's results/), read\n"
            "                  before anything runs: one that compare could not read exits 2\n"
            "  -h, --help      this text\n\n"
            "Without gnuplot the plots are skipped with a note (run 'pkbench plot' where it is).\n"
            "Each step's output goes to OUT/<part>/<step>.log; each step starts with a line on stdout\n"
            "([k/n], elapsed time) and, on a terminal, a status line follows the step's own progress\n"
            "and ETA. OUT is created as needed; a folder where a step writes a file (or a file where it\n"
            "makes a folder) is refused before any step. Each gate's verdict (pass, fail, inconclusive)\n"
            "is printed.\n\n"
            "Exit: 0 everything measured and written (whatever the gates say, unless --gate), 1 a step\n"
            "failed or, with --gate, a gate failed (named on stderr), 2 bad usage (or --backend cuda|hip\n"
            "not built, or a GPU backend refusing a PKB_* setting: no fall back to the host then),\n"
            "74 its lines could not be written to stdout, 77 --backend cuda|hip and no such device\n"
            "visible, 128 + signal interrupted (130 Ctrl-C, 143 SIGTERM: the running step gets the\n"
            "signal too).\n",
            PK_PAIRED_PASSES, HOST_ITEMS, HOST_BATCH, HOST_GATES, PK_NOISE_PROBE_MS, PK_NOISE_LIMIT_LOST_PCT,
            HOST_ITEMS_QUICK, HOST_BATCH_QUICK, GPU_ITEMS_QUICK, GPU_BATCH_QUICK, RUN_MAX_REPLICATES);
}
