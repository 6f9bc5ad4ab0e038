/* Invariant: the option parser takes --name VALUE, --name=VALUE and flags, keeps positional
 * arguments in order (all of them after "--") and hands arguments with the passthrough prefix
 * on untouched; it refuses, with a usage exit code, an unknown option, an abbreviation, a
 * missing value, a value given to a flag, an option given twice and an argument too many, and
 * answers -h with the usage and exit 0. Values convert with range checks, and failures map to
 * the exit codes of out of memory (71), an output not written (74) and bad input (2). */
#include <stdio.h>
#include <string.h>

#include "common/status.h"
#include "harness/cli.h"
#include "harness/opts.h"
#include "tests/pk_test.h"

enum { O_BATCH, O_OUT, O_QUICK, O_COUNT };
static const pk_opt table[O_COUNT] = {{"batch", 1}, {"out", 1}, {"quick", 0}};
static int usage_printed;

static void usage(FILE *out)
{
    (void)out;
    usage_printed++;
}

/* Parses the NULL-terminated arguments (after the command's name) with max positional ones. */
static int parse(pk_opts *p, size_t max_positional, const char *pass, char **args)
{
    static char *argv[16];
    int argc = 0;
    argv[argc++] = "test";
    while (*args)
        argv[argc++] = *args++;
    *p = (pk_opts){.cmd = "test", .table = table, .n = O_COUNT, .usage = usage, .max_positional = max_positional,
                   .passthrough = pass};
    return pk_opts_parse(p, argc, argv);
}

int main(void)
{
    pk_opts p;
    PK_CHECK(parse(&p, 2, "--benchmark_", (char *[]){"A", "--batch", "4", "--out=x", "--benchmark_filter=y", "--quick",
                                                     "--", "--B", NULL}) == -1);
    PK_CHECK_STR(p.value[O_BATCH], "4");
    PK_CHECK_STR(p.value[O_OUT], "x");
    PK_CHECK_STR(p.value[O_QUICK], "");
    PK_CHECK(p.npositional == 2 && strcmp(p.positional[0], "A") == 0 && strcmp(p.positional[1], "--B") == 0);
    PK_CHECK(p.npassed == 1 && strcmp(p.passed[0], "--benchmark_filter=y") == 0);
    uint64_t v = 0;
    PK_CHECK(pk_opts_u64(&p, O_BATCH, 10, &v) == 0 && v == 4);
    PK_CHECK(pk_opts_u64(&p, O_BATCH, 3, &v) == PK_EXIT_USAGE); /* out of range */
    double d = 7;
    PK_CHECK(pk_opts_double(&p, O_OUT, 0, 1, &d) == PK_EXIT_USAGE && d == 7); /* --out=x is no number */
    pk_opts_free(&p);
    PK_CHECK(parse(&p, 0, NULL, (char *[]){"--batch", "-1", NULL}) == -1); /* a value may start with '-' */
    PK_CHECK(pk_opts_count(&p, O_BATCH, 10, &v) == PK_EXIT_USAGE);
    pk_opts_free(&p);
    PK_CHECK(parse(&p, 0, NULL, (char *[]){"--batch", "0", NULL}) == -1);
    PK_CHECK(pk_opts_count(&p, O_BATCH, 10, &v) == PK_EXIT_USAGE); /* a count is at least 1 */
    PK_CHECK(pk_opts_u64(&p, O_OUT, 10, &v) == 0);                 /* not given: untouched */
    pk_opts_free(&p);

    char *bad[][4] = {{"--bogus", NULL}, {"--bat", "4", NULL},        {"--batch", NULL},
                      {"--quick=1", NULL}, {"--out", "a", "--out", "b"}, {"extra", NULL},
                      {"-x", NULL},        {"--benchmark_x", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *args[6] = {0};
        for (int k = 0; k < 4 && bad[i][k]; k++)
            args[k] = bad[i][k];
        PK_CHECK(parse(&p, 0, NULL, args) == PK_EXIT_USAGE);
        pk_opts_free(&p);
    }
    PK_CHECK(parse(&p, 0, NULL, (char *[]){"--batch", "1", "-h", NULL}) == PK_EXIT_OK);
    PK_CHECK(usage_printed == 1);
    pk_opts_free(&p);

    PK_CHECK(pk_cli_exit_read(PK_ENOMEM) == PK_EXIT_OSERR && pk_cli_exit_read(PK_EIO) == PK_EXIT_USAGE);
    PK_CHECK(pk_cli_exit_write(PK_EIO) == PK_EXIT_IOERR && pk_cli_exit_write(PK_ENOMEM) == PK_EXIT_OSERR);
    PK_CHECK(pk_cli_exit_write(PK_ERANGE) == PK_EXIT_USAGE);
    PK_CHECK(PK_EXIT_OSERR == 71 && PK_EXIT_IOERR == 74);
    return pk_test_done("harness.opts");
}
