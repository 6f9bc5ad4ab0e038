/* pkbench merge: joins result folders (the shards of a sweep, or sweeps of one device) into one
 * folder with measured.csv and measured.json; refuses overlapping points, mismatched contexts,
 * missing grid points and partial inputs unless told to take them. */
#include <stdio.h>
#include <stdlib.h>

#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/merge.h"
#include "harness/opts.h"

static void merge_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench merge DIR... --out DIR [--allow-mismatch] [--allow-missing]\n\n"
            "Joins the results folders DIR... (each with measured.csv and, usually, measured.json,\n"
            "as `pkbench sweep` writes them; the shards of `sweep --shard i/N`, for instance) into a\n"
            "new folder: measured.csv with every row in measuring order, measured.json with every\n"
            "benchmark. Refused, with nothing written: a point that two folders hold; folders whose\n"
            "context differs (device, driver, build, sweep parameters or grid: shard keys and the\n"
            "device's index and PCI bus id may differ); a folder whose measured.json does not hold\n"
            "its measured.csv's points, each once; points of the recorded grid that no folder holds\n"
            "(or shards not given, where no grid is recorded); a partial input (measured.partial.csv,\n"
            "from a run that stopped part way). A merged folder can be merged again.\n\n"
            "  --out DIR          the merged folder: must not exist or be empty; appears whole\n"
            "  --allow-mismatch   merge folders whose context differs (the keys that differ are left\n"
            "                     out of the merged context and named in merge_mismatched; never\n"
            "                     rows of another backend or source)\n"
            "  --allow-missing    merge although grid points are missing or inputs are partial (the\n"
            "                     result is partial: measured.partial.csv and measured.partial.json)\n"
            "  -h, --help         this text\n\n"
            "Exit: 0 merged, 2 refused or bad input (one line saying why), 71 out of memory,\n"
            "74 the folder could not be written.\n");
}

int pk_cmd_merge(int argc, char **argv)
{
    enum { O_OUT, O_MISMATCH, O_MISSING, O_COUNT };
    static const pk_opt table[O_COUNT] = {{"out", 1}, {"allow-mismatch", 0}, {"allow-missing", 0}};
    pk_opts o = {.cmd = "merge", .table = table, .n = O_COUNT, .usage = merge_usage, .max_positional = (size_t)argc};
    int rc = pk_opts_parse(&o, argc, argv);
    if (rc >= 0) {
        pk_opts_free(&o);
        return rc;
    }
    const char *out = o.value[O_OUT];
    pk_merge_opts mo = {.allow_mismatch = pk_opts_has(&o, O_MISMATCH), .allow_missing = pk_opts_has(&o, O_MISSING)};
    if (!out)
        rc = pk_cli_usage_error("merge", "--out is required (see 'pkbench merge --help')");
    else if ((rc = pk_cli_out_dir("merge", "--out", out)) >= 0)
        ;
    else if (o.npositional == 0)
        rc = pk_cli_usage_error("merge", "no folder to merge (see 'pkbench merge --help')");
    if (rc >= 0) {
        pk_opts_free(&o);
        return rc;
    }
    pk_merge m;
    char err[1024];
    int st = pk_merge_run((const char *const *)o.positional, o.npositional, &mo, &m, err, sizeof err);
    int merged = st == PK_OK;
    if (st != PK_OK) {
        rc = pk_cli_fail("merge", st == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_USAGE, "%s", err);
    } else if ((st = pk_merge_write(&m, out, err, sizeof err)) != PK_OK) {
        rc = pk_cli_fail("merge", st == PK_EINVAL ? PK_EXIT_USAGE : pk_cli_exit_write(st), "%s", err);
    } else {
        if (m.mismatch_text[0])
            fprintf(stderr, "pkbench merge: context differs in: %s (left out of the merged context)\n",
                    m.mismatch_text);
        if (m.partial_inputs)
            fprintf(stderr, "pkbench merge: partial input%s (from a run that stopped part way): %s: written as "
                    "partial\n", m.partial_inputs == 1 ? "" : "s", m.partial_text);
        if (m.expected == 0)
            fprintf(stderr, "pkbench merge: the folders record no grid: missing points not checked%s%s%s\n",
                    m.missing_text[0] ? " (shards not given: " : "", m.missing_text, m.missing_text[0] ? ")" : "");
        else if (m.missing)
            fprintf(stderr, "pkbench merge: %zu of %zu grid points missing (%s%s): written as partial\n", m.missing,
                    m.expected, m.missing_text, m.missing > 3 ? ", ..." : "");
        fprintf(stderr, "pkbench merge: %zu folder%s, %zu points%s written to %s%s\n", o.npositional,
                o.npositional == 1 ? "" : "s", m.table.n, m.json ? "" : " (no measured.json: the folders have none)",
                out, m.table.partial ? " as partial (measured.partial.csv)" : "");
        rc = PK_EXIT_OK;
    }
    if (merged)
        pk_merge_free(&m);
    pk_opts_free(&o);
    return rc;
}
