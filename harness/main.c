/* pkbench: the command-line entry point: dispatches to the subcommands, and answers help
 * (pkbench help [CMD | --all], pkbench CMD --help), --version (-V) and completion. The man page
 * is made from `pkbench help --all` by help2man at build time. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/afile.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/completion.h"
#include "harness/resultdir.h"

static int cmd_help(int argc, char **argv);
static int cmd_completion(int argc, char **argv);

static const pk_command commands[] = {
    {"decide", "the seed policy's verdict for one batch (standard launches or persistent kernel)", pk_cmd_decide, NULL},
    {"sweep", "measure strategies x item_ns x batch on a backend (Google Benchmark JSON + tidy CSV)", pk_cmd_sweep,
     NULL},
    {"calibrate", "measure the cost-model parameters on a live backend into params.json", pk_cmd_calibrate, NULL},
    {"compare", "predicted against measured (report, errors, CI gates), or candidate runs against a baseline history",
     pk_cmd_compare, NULL},
    {"ab", "interleaved A/B of two builds or configurations on one device, with paired verdicts", pk_cmd_ab, NULL},
    {"simulate", "predict every point from the cost model (event simulator, closed form or the seed's additive "
                 "model)",
     pk_cmd_simulate, NULL},
    {"plot", "crossover, speedup, savings, accuracy, decision-map and timeline plots (PNG, SVG) of a results folder",
     pk_cmd_plot, NULL},
    {"trace", "import a PyTorch profiler or Nsight Systems trace as a workload file for simulate --workload",
     pk_cmd_trace, "import"},
    {"merge", "join result folders (the shards of a sweep) into one, refusing overlaps, mismatches and gaps",
     pk_cmd_merge, NULL},
    {"run", "the main job: calibrate, sweep, calibrate again, simulate, compare and plot on the best backend",
     pk_cmd_run, NULL},
    {"help", "this text, or a command's (help CMD), or every command's (help --all)", cmd_help, NULL},
    {"completion", "print the bash completion script (completion bash)", cmd_completion, NULL},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: pkbench COMMAND [options]\n"
            "  or:  pkbench help [COMMAND [SUBCOMMAND] | --all]\n"
            "  or:  pkbench --version | --help\n\n"
            "pkbench measures when N small GPU kernel launches lose to one persistent kernel,\n"
            "simulates the launch cost model, and compares the two.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s  %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n'pkbench help COMMAND' or 'pkbench COMMAND --help' describes a command. Options are\n"
            "never abbreviated, and giving one twice is an error.\n\n"
            "Exit codes:\n"
            "  0    ok\n"
            "  1    a check failed: a gate, a regression, a failed measurement\n"
            "  2    bad usage or bad input (one line on stderr names the flag, file or line)\n"
            "  71   out of memory\n"
            "  74   an output could not be written\n"
            "  77   no device visible to the GPU backend asked for (sweep, calibrate, ab, run), so that\n"
            "       CI tells a runner without a working GPU from a typo\n"
            "  130  interrupted (Ctrl-C; 128 + the signal for another: 143 SIGTERM, 129 SIGHUP, 141\n"
            "       SIGPIPE); finished points are kept, marked partial\n\n"
            "Environment:\n"
            "  GNUPLOT           the gnuplot for 'plot': a path, or a name on PATH (default: gnuplot)\n"
            "  PKBENCH_PLOTS     the folder of the plot scripts (default: the installed ones); one\n"
            "                    without crossover.gp is refused, as --scripts is\n"
            "  PKBENCH_PROGRESS  'plain' (a line per step) or 'tty' (a status line redrawn in place);\n"
            "                    by default 'tty' where the progress goes to a terminal (stderr;\n"
            "                    stdout for 'run'); another value is refused\n"
            "  CUDA_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES  the GPUs the backends see\n"
            "  PKB_PERSISTENT_QUEUE, PKB_PERSISTENT_EXIT, PKB_RESIDENT_DITHER_NS,\n"
            "  PKB_RESIDENT_GAP_NS, PKB_SETTLE_LAUNCHES  the GPU backends' settings: they change what\n"
            "                    is measured, are recorded in the context, and a bad one is refused\n"
            "                    (exit 2) by every command that opens a GPU backend (README.md)\n"
            "  PKB_CUPTI_LIB     the libcupti 'calibrate' loads on CUDA (default: the toolkit's)\n");
}

static const pk_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* A command's help, as 'pkbench CMD --help' prints it, or with sub (its subcommand, c->sub) as
 * 'pkbench CMD SUB --help' does. */
static int command_help(const pk_command *c, const char *sub)
{
    char name[32], subname[32], flag[] = "--help";
    snprintf(name, sizeof name, "%s", c->name);
    snprintf(subname, sizeof subname, "%s", sub ? sub : "");
    char *argv[4] = {name, NULL, NULL, NULL};
    int argc = 1;
    if (sub)
        argv[argc++] = subname;
    argv[argc++] = flag;
    return c->main(argc, argv);
}

/* pkbench help [COMMAND [SUB] | --all]. --all: this text, then each command's under a heading of
 * its own ("*pkbench CMD*", which help2man turns into a man page section). */
static int cmd_help(int argc, char **argv)
{
    const pk_command *c = argc >= 3 ? find(argv[1]) : NULL;
    const int sub = c && c->sub && strcmp(argv[2], c->sub) == 0; /* help trace import */
    if (sub && argc == 3)
        return command_help(c, c->sub);
    if (argc > 2 + sub) /* the first argument past what help takes */
        return pk_cli_usage_error("help", "unexpected argument '%s'", argv[2 + sub]);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return PK_EXIT_OK;
    }
    if (strcmp(argv[1], "--all") == 0) {
        usage(stdout);
        for (size_t i = 0; i < NCOMMANDS; i++) {
            if (commands[i].main == cmd_help)
                continue;
            printf("\n*pkbench %s*\n\n", commands[i].name);
            fflush(stdout);
            command_help(&commands[i], NULL); /* one not built in (sweep without Google Benchmark) says so */
        }
        return PK_EXIT_OK;
    }
    if (!(c = find(argv[1])))
        return pk_cli_usage_error("help", "unknown command '%s' (see 'pkbench --help')", argv[1]);
    return command_help(c, NULL);
}

static void completion_usage(FILE *out)
{
    fprintf(out, "usage: pkbench completion bash\n\n"
                 "Prints the bash completion script of pkbench on stdout: commands, each command's options\n"
                 "and the names some options take (backends, strategies, modes, presets). The build\n"
                 "installs it as <prefix>/share/bash-completion/completions/pkbench; to load it by hand:\n"
                 "  source <(pkbench completion bash)\n\n"
                 "Exit codes: 0 ok, 2 bad usage, 74 it could not be written.\n");
}

static int cmd_completion(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        completion_usage(stdout);
        return PK_EXIT_OK;
    }
    if (argc < 2)
        return pk_cli_usage_error("completion", "a shell is required (only bash is supported; see 'pkbench "
                                                "completion --help')");
    if (argc != 2 || strcmp(argv[1], "bash") != 0)
        return pk_cli_usage_error("completion", "%s '%s' (only bash is supported; see 'pkbench completion --help')",
                                  argc > 2 ? "unexpected argument" : "unknown shell", argv[argc > 2 ? 2 : 1]);
    if (pk_completion_bash(stdout, commands, NCOMMANDS) != 0)
        return pk_cli_fail("completion", PK_EXIT_IOERR, "cannot write the script to stdout");
    return PK_EXIT_OK;
}

static int version(void)
{
    printf("pkbench %s (commit %s)\n", pk_version(), pk_git_commit());
    return PK_EXIT_OK;
}

/* A command's exit code, or 74 when what it printed on stdout (a report, a verdict, a table) did
 * not all reach it (a full disk, a closed pipe whose signal is ignored): a caller reading it must
 * not take a cut copy for the whole. */
static int stdout_written(const char *cmd, int rc)
{
    if (rc != PK_EXIT_OK && rc != PK_EXIT_CHECK)
        return rc; /* a failure already said why */
    errno = 0;
    int flushed = fflush(stdout) == 0;
    if (flushed && !ferror(stdout))
        return rc;
    int e = errno; /* the flush's reason; an earlier write's is gone */
    fprintf(stderr, "pkbench %s: cannot write to stdout%s%s\n", cmd, !flushed && e ? ": " : "",
            !flushed && e ? strerror(e) : "");
    return PK_EXIT_IOERR;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "pkbench: a command is required (see 'pkbench --help')\n");
        return PK_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
        return argc == 2 ? stdout_written("--help", cmd_help(1, argv + 1))
                         : pk_cli_usage_error(a, "unexpected argument '%s' (pkbench help COMMAND describes one)",
                                              argv[2]);
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
        return argc == 2 ? stdout_written(a, version()) : pk_cli_usage_error(a, "unexpected argument '%s'", argv[2]);
    const pk_command *c = find(a);
    pk_afile_remove_on_signals(); /* an interrupted write leaves no temporary (sweep's own handlers replace it) */
    pk_resultdir_held_keep(0); /* a run's locks, inherited: not passed on to what this runs */
    if (c)
        return stdout_written(c->name, c->main(argc - 1, argv + 1));
    /* escaped: a name with a newline would split the line */
    return pk_cli_usage_error(NULL, "unknown %s '%s' (see 'pkbench --help')", a[0] == '-' ? "option" : "command", a);
}
