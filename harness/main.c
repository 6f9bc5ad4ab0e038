/* pkbench: the command-line entry point, dispatching to subcommands. */
#include <stdio.h>
#include <string.h>

#include "harness/cli.h"
#include "harness/commands.h"

static const pk_command commands[] = {
    {"decide", "the seed policy's verdict for one batch (standard launches or persistent kernel)", pk_cmd_decide},
    {"sweep", "measure strategies x item_ns x batch on a backend (Google Benchmark JSON + tidy CSV)", pk_cmd_sweep},
    {"calibrate", "measure the cost-model parameters on a live backend into params.json", pk_cmd_calibrate},
    {"compare", "predicted against measured (report, errors, CI gates), or a baseline run against a candidate", pk_cmd_compare},
    {"simulate", "predict every point from the cost model (event simulator, closed form or the seed's additive model)", pk_cmd_simulate},
    {"plot", "crossover, savings, accuracy, decision-map and timeline plots (PNG, SVG) from a results directory", pk_cmd_plot},
    {"trace", "import a PyTorch profiler or Nsight Systems trace as a workload file for simulate --workload", pk_cmd_trace},
    {"run", "the main job: calibrate, sweep, simulate, compare and plot on the best backend present", pk_cmd_run},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench <command> [options]\n"
            "       pkbench --version | --help\n\n"
            "pkbench measures when N small GPU kernel launches lose to one persistent kernel,\n"
            "simulates the launch cost model, and compares the two.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'pkbench <command> --help' describes each command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PK_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return PK_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("pkbench %s (commit %s)\n", pk_version(), pk_git_commit());
        return PK_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "pkbench: unknown command '%s' (see 'pkbench --help')\n", argv[1]);
    return PK_EXIT_USAGE;
}
