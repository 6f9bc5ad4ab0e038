/* The option parser of the pkbench commands (see opts.h). */
#include "harness/opts.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/cli.h"

/* The table entry for "--name" or "--name=value" (name is arg + 2), or -1. */
static int lookup(const pk_opts *p, const char *arg, const char **eq)
{
    const char *name = arg + 2;
    *eq = strchr(name, '=');
    size_t len = *eq ? (size_t)(*eq - name) : strlen(name);
    for (size_t i = 0; i < p->n; i++)
        if (strlen(p->table[i].name) == len && strncmp(p->table[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

/* One option at argv[*i]; advances *i past its value. -1 on success, else an exit code. */
static int take_option(pk_opts *p, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *eq;
    int id = arg[1] == '-' && arg[2] ? lookup(p, arg, &eq) : -1;
    if (id < 0)
        return pk_cli_usage_error(p->cmd, "unknown option '%s' (see 'pkbench %s --help')", arg, p->cmd);
    const pk_opt *o = &p->table[id];
    if (p->value[id])
        return pk_cli_usage_error(p->cmd, "--%s given twice", o->name);
    if (!o->has_value) {
        if (eq)
            return pk_cli_usage_error(p->cmd, "--%s takes no value", o->name);
        p->value[id] = "";
    } else if (eq) {
        p->value[id] = eq + 1;
    } else if (*i + 1 < argc && (o->has_value == 2 || strncmp(argv[*i + 1], "--", 2) != 0)) {
        p->value[id] = argv[++*i];
    } else if (*i + 1 < argc) { /* the next argument is an option: this one's value is missing */
        return pk_cli_usage_error(p->cmd, "%s: missing value (the next argument, '%s', is an option; %s=VALUE "
                                  "gives a value that starts with --)", arg, argv[*i + 1], arg);
    } else {
        return pk_cli_usage_error(p->cmd, "%s: missing value", arg);
    }
    if (o->has_value && !*p->value[id])
        return pk_cli_usage_error(p->cmd, "--%s: empty value", o->name);
    return -1;
}

/* A passthrough argument (--benchmark_NAME[=VALUE]), refused when NAME came before: the last
 * one would win without a word. */
static int take_passed(pk_opts *p, char *arg)
{
    size_t len = strcspn(arg, "=");
    for (size_t k = 0; k < p->npassed; k++)
        if (strcspn(p->passed[k], "=") == len && strncmp(p->passed[k], arg, len) == 0)
            return pk_cli_usage_error(p->cmd, "%.*s given twice", (int)len, arg);
    p->passed[p->npassed++] = arg;
    return -1;
}

static int is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static FILE *describe_to;

void pk_opts_describe_to(FILE *f) { describe_to = f; }

int pk_opts_parse(pk_opts *p, int argc, char **argv)
{
    memset(p->value, 0, sizeof p->value);
    p->npositional = p->npassed = 0;
    p->positional = p->passed = NULL;
    if (describe_to) {
        for (size_t i = 0; i < p->n; i++)
            fprintf(describe_to, "--%s%s\n", p->table[i].name, p->table[i].has_value ? " VALUE" : "");
        fprintf(describe_to, "--help\n");
        return PK_EXIT_OK;
    }
    p->positional = calloc((size_t)argc + 1, sizeof *p->positional);
    p->passed = calloc((size_t)argc + 1, sizeof *p->passed);
    if (!p->positional || !p->passed) {
        pk_opts_free(p);
        return pk_cli_fail(p->cmd, PK_EXIT_OSERR, "out of memory");
    }
    int only_positional = 0, rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            if (!*arg)
                rc = pk_cli_usage_error(p->cmd, "an empty argument (see 'pkbench %s --help')", p->cmd);
            p->positional[p->npositional++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            only_positional = 1;
        } else if (p->passthrough && strncmp(arg, p->passthrough, strlen(p->passthrough)) == 0) {
            rc = take_passed(p, argv[i]);
        } else if (is_help(arg)) {
            p->usage(stdout);
            rc = PK_EXIT_OK;
        } else {
            rc = take_option(p, argc, argv, &i);
        }
    }
    if (rc < 0 && p->npositional > p->max_positional)
        rc = pk_cli_usage_error(p->cmd, "unexpected argument '%s'", p->positional[p->max_positional]);
    return rc;
}

void pk_opts_free(pk_opts *p)
{
    free(p->positional);
    free(p->passed);
    p->positional = p->passed = NULL;
    p->npositional = p->npassed = 0;
}

int pk_opts_has(const pk_opts *p, int id)
{
    return p->value[id] != NULL;
}

/* "--NAME" of option id. */
static const char *flag(const pk_opts *p, int id, char *buf, size_t len)
{
    snprintf(buf, len, "--%s", p->table[id].name);
    return buf;
}

int pk_opts_u64(const pk_opts *p, int id, uint64_t max, uint64_t *out)
{
    char f[64], err[512];
    if (p->value[id] && pk_cli_u64(flag(p, id, f, sizeof f), p->value[id], max, out, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(p->cmd, "%s", err);
    return 0;
}

int pk_opts_double(const pk_opts *p, int id, double min, double max, double *out)
{
    char f[64], err[512];
    if (p->value[id] && pk_cli_double(flag(p, id, f, sizeof f), p->value[id], min, max, out, err, sizeof err))
        return pk_cli_usage_error(p->cmd, "%s", err);
    return 0;
}

int pk_opts_count(const pk_opts *p, int id, uint64_t max, uint64_t *out)
{
    uint64_t v = *out;
    int rc = pk_opts_u64(p, id, max, &v);
    if (rc == 0 && p->value[id] && v < 1)
        return pk_cli_usage_error(p->cmd, "--%s: must be at least 1", p->table[id].name);
    if (rc == 0)
        *out = v;
    return rc;
}

int pk_opts_choice(const pk_opts *p, int id, const char *const *names, int dflt)
{
    if (!p->value[id])
        return dflt;
    char f[64], err[512];
    int idx[1];
    size_t n;
    if (strchr(p->value[id], ',')) { /* one name: "des,des" is no more one than "des,additive" */
        pk_cli_usage_error(p->cmd, "%s: takes one value, not a list: '%s'", flag(p, id, f, sizeof f), p->value[id]);
        return -1;
    }
    if (pk_cli_name_list(flag(p, id, f, sizeof f), p->value[id], names, idx, 1, &n, err, sizeof err) != PK_OK) {
        pk_cli_usage_error(p->cmd, "%s", err);
        return -1;
    }
    return idx[0];
}
