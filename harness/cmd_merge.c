/* pkbench merge: joins result folders (the shards of a sweep, or sweeps of one device) into one
 * folder with measured.csv and measured.json; refuses overlapping points, mismatched contexts,
 * missing grid points and partial inputs unless told to take them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"
#include "common/status.h"
#include "harness/cli.h"
#include "harness/commands.h"
#include "harness/merge.h"
#include "harness/opts.h"

static void merge_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench merge [DIR...] [--from FILE] --out DIR [--allow-mismatch] [--allow-missing]\n\n"
            "Joins the results folders DIR... (each with measured.csv and, usually, measured.json,\n"
            "as `pkbench sweep` writes them; the shards of `sweep --shard i/N`, for instance) into a\n"
            "new folder: measured.csv with every row in measuring order, measured.json with every\n"
            "benchmark. Refused, with nothing written: a point that two folders hold; folders whose\n"
            "context differs (device, driver, build, sweep parameters or grid: shard keys and the\n"
            "device's index and PCI bus id may differ); a folder whose measured.json does not hold\n"
            "its measured.csv's points, each once; points of the recorded grid that no folder holds\n"
            "(or shards not given, where no grid is recorded); a partial input (measured.partial.csv,\n"
            "from a run that stopped part way); an unsharded input's measured.csv that lacks points of\n"
            "its own recorded grid, or any input's that lacks a pass row of one of its points (cut\n"
            "short after it was written). A merged folder can be merged again.\n\n"
            "  --out DIR          the merged folder: must not exist or be empty; appears whole\n"
            "  --from FILE        more folders, one a line (- for standard input), after the DIRs\n"
            "  --allow-mismatch   merge folders whose context differs (the keys that differ are left\n"
            "                     out of the merged context and named in merge_mismatched, as many as\n"
            "                     fit, then ' ...'; where the grids or filters differ, every grid key;\n"
            "                     never rows of another backend or source)\n"
            "  --allow-missing    merge although grid points are missing or inputs are partial (the\n"
            "                     result is partial: measured.partial.csv and measured.partial.json)\n"
            "  -h, --help         this text\n\n"
            "Exit: 0 merged, 2 refused or bad input (one line saying why), 71 out of memory,\n"
            "74 the folder could not be written.\n");
}

/* The folders to merge: the command line's (not owned), then those of --from (owned from
 * index owned_from on). */
typedef struct merge_dirs {
    char **v;
    size_t n, cap, owned_from;
} merge_dirs;

static void merge_dirs_free(merge_dirs *d)
{
    for (size_t i = d->owned_from; i < d->n; i++)
        free(d->v[i]);
    free(d->v);
}

/* d holding the command line's n folders dirs (not owned), with room for more: 0, or -1 when
 * out of memory. */
static int merge_dirs_init(merge_dirs *d, char **dirs, size_t n)
{
    d->n = d->owned_from = n;
    d->cap = n + 16;
    if (!(d->v = malloc(d->cap * sizeof *d->v)))
        return -1;
    if (n)
        memcpy(d->v, dirs, n * sizeof *d->v);
    return 0;
}

/* Appends a copy of line (len bytes) to d: 0, or -1 when out of memory. */
static int merge_dirs_push(merge_dirs *d, const char *line, size_t len)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        char **v = realloc(d->v, cap * sizeof *v);
        if (!v)
            return -1;
        d->v = v;
        d->cap = cap;
    }
    if (!(d->v[d->n] = malloc(len + 1)))
        return -1;
    memcpy(d->v[d->n], line, len);
    d->v[d->n++][len] = '\0';
    return 0;
}

/* Appends to d the folders that path lists, one a line ("-": standard input; the last line's
 * newline optional), read a byte at a time into a buffer of a path's size, so that a file with
 * no newline costs no more memory than one path. -1 when read; else the one line printed (an
 * empty line, a NUL byte, a line longer than a path, a file that cannot be read) and its exit
 * code. */
static int merge_read_from(const char *path, merge_dirs *d)
{
    int is_stdin = strcmp(path, "-") == 0, rc = -1, c;
    const char *name = is_stdin ? "standard input" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "r"); /* a FIFO waits for its writer, as FIFOs do */
    if (!f)
        return pk_cli_usage_error("merge", "--from: %s: cannot open: %s", name, strerror(errno));
    char line[PK_PATH_MAX];
    size_t len = 0, lineno = 1;
    while (rc < 0) {
        if ((c = getc(f)) == EOF && ferror(f))
            rc = pk_cli_usage_error("merge", "--from: %s: cannot read: %s", name, strerror(errno));
        else if (c == EOF && len == 0)
            break;
        else if (c == '\0')
            rc = pk_cli_usage_error("merge", "--from: %s:%zu: holds a NUL byte", name, lineno);
        else if (c != '\n' && c != EOF && len == sizeof line - 1)
            rc = pk_cli_usage_error("merge", "--from: %s:%zu: path too long (more than %zu bytes)", name, lineno,
                                    sizeof line - 1);
        else if (c != '\n' && c != EOF)
            line[len++] = (char)c;
        else if (len == 0)
            rc = pk_cli_usage_error("merge", "--from: %s:%zu: empty line", name, lineno);
        else if (line[len - 1] == '\r')
            rc = pk_cli_usage_error("merge", "--from: %s:%zu: ends in a carriage return (CRLF line ends?)", name,
                                    lineno);
        else if (merge_dirs_push(d, line, len) != 0)
            rc = pk_cli_fail("merge", PK_EXIT_OSERR, "--from: %s: out of memory", name);
        else
            len = 0, lineno++;
    }
    if (!is_stdin)
        fclose(f);
    return rc;
}

int pk_cmd_merge(int argc, char **argv)
{
    enum { O_OUT, O_FROM, O_MISMATCH, O_MISSING, O_COUNT };
    static const pk_opt table[O_COUNT] = {{"out", 1}, {"from", 1}, {"allow-mismatch", 0}, {"allow-missing", 0}};
    pk_opts o = {.cmd = "merge", .table = table, .n = O_COUNT, .usage = merge_usage, .max_positional = (size_t)argc};
    int rc = pk_opts_parse(&o, argc, argv);
    if (rc >= 0) {
        pk_opts_free(&o);
        return rc;
    }
    const char *out = o.value[O_OUT];
    merge_dirs d = {0};
    pk_merge_opts mo = {.allow_mismatch = pk_opts_has(&o, O_MISMATCH), .allow_missing = pk_opts_has(&o, O_MISSING)};
    if (!out)
        rc = pk_cli_usage_error("merge", "--out is required (see 'pkbench merge --help')");
    else if ((rc = pk_cli_out_dir("merge", "--out", out)) >= 0)
        ;
    else if (merge_dirs_init(&d, o.positional, o.npositional) != 0)
        rc = pk_cli_fail("merge", PK_EXIT_OSERR, "out of memory");
    else if (o.value[O_FROM] && (rc = merge_read_from(o.value[O_FROM], &d)) >= 0)
        ;
    else if (d.n == 0)
        rc = pk_cli_usage_error("merge", "no folder to merge (see 'pkbench merge --help')");
    if (rc >= 0) {
        merge_dirs_free(&d);
        pk_opts_free(&o);
        return rc;
    }
    pk_merge m;
    char err[1024];
    int st = pk_merge_run((const char *const *)d.v, d.n, &mo, &m, err, sizeof err);
    int merged = st == PK_OK;
    if (st != PK_OK) {
        rc = pk_cli_fail("merge", st == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_USAGE, "%s", err);
    } else if ((st = pk_merge_write(&m, out, err, sizeof err)) != PK_OK) {
        rc = pk_cli_fail("merge", st == PK_EINVAL ? PK_EXIT_USAGE : pk_cli_exit_write(st), "%s", err);
    } else {
        /* The folders' names, their keys and OUT are echoed escaped (pk_cli_note), as every error is. */
        if (m.mismatch_text[0])
            pk_cli_note("merge", "context differs in: %s (left out of the merged context%s)", m.mismatch_text,
                        m.grid_left_out ? "; the points form no one grid, so no grid key is kept" : "");
        if (m.partial_inputs)
            pk_cli_note("merge", "partial input%s (from a run that stopped part way): %s: written as partial",
                        m.partial_inputs == 1 ? "" : "s", m.partial_text);
        if (m.expected == 0)
            pk_cli_note("merge", "the folders record no grid: missing points not checked%s%s%s",
                        m.missing_text[0] ? " (shards not given: " : "", m.missing_text, m.missing_text[0] ? ")" : "");
        else if (m.missing)
            pk_cli_note("merge", "%zu of %zu grid points missing (%s%s): written as partial", m.missing, m.expected,
                        m.missing_text, m.missing > 3 ? ", ..." : "");
        pk_cli_note("merge", "%zu folder%s, %zu point%s%s written to %s%s", d.n, d.n == 1 ? "" : "s", m.table.n,
                    m.table.n == 1 ? "" : "s",
                    m.json ? "" : " (no measured.json: the folders have none)", out,
                    m.table.partial ? " as partial (measured.partial.csv)" : "");
        rc = PK_EXIT_OK;
    }
    if (merged)
        pk_merge_free(&m);
    merge_dirs_free(&d);
    pk_opts_free(&o);
    return rc;
}
