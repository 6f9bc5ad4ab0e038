/* The bash completion script of pkbench (see completion.h). */
#include "harness/completion.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/strategy.h"
#include "harness/cli.h"
#include "harness/gbench_flags.h"
#include "harness/opts.h"
#include "harness/predict.h"
#include "kernels/registry.h"
#include "sim/params.h"

/* The names an option takes: for every command (cmd NULL) or for one. Lists that live in no
 * table of their own (simulate's --dist, decide's --model) are written here; the completion
 * test checks that each name is in that command's help. */
typedef struct value_list {
    const char *cmd, *option;
    const char *const *names; /* NULL-terminated, or NULL: words */
    const char *words;
} value_list;

static const char *const dist_names[] = {"resample", "lognormal", NULL};
static const char *const model_names[] = {"seed", "overlap", NULL};
static const char *const trace_formats[] = {"auto", "chrome", "nsys", NULL};

/* Commands whose options follow a subcommand word ("trace import"). */
static const struct {
    const char *cmd, *sub;
} subcommands[] = {{"trace", "import"}};

static const char *subcommand_of(const char *cmd)
{
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(subcommands[i].cmd, cmd) == 0)
            return subcommands[i].sub;
    return NULL;
}

/* A shell variable name: letters, digits and '_' ('-' becomes '_'). */
static void var_name(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '-' ? '_' : *s, out);
}

static void names_list(FILE *out, const char *first, const char *const *names)
{
    int sep = 0;
    if (first) {
        fputs(first, out);
        sep = 1;
    }
    for (size_t i = 0; names[i]; i++, sep = 1)
        fprintf(out, "%s%s", sep ? " " : "", names[i]);
}

static void write_values(FILE *out)
{
    const value_list v[] = {
        {NULL, "backend", pk_backend_names, NULL},   {"run", "backend", pk_backend_names, "auto"},
        {NULL, "strategy", pk_strategy_names, NULL}, {NULL, "mode", pk_predict_mode_names, NULL},
        {NULL, "preset", pk_preset_names, NULL},     {NULL, "dist", dist_names, NULL},
        {NULL, "model", model_names, NULL},          {"trace", "format", trace_formats, NULL},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        fputs("_pkbench_values_", out);
        if (v[i].cmd) {
            var_name(out, v[i].cmd);
            fputc('_', out);
        }
        var_name(out, v[i].option);
        fputs("=\"", out);
        names_list(out, v[i].words, v[i].names);
        fputs("\"\n", out);
    }
}

/* One command's options, from its own table: the flags and the options that take a value. */
static int write_options(FILE *out, const pk_command *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return PK_ENOMEM;
    char name[64], sub[64] = "";
    const char *s = subcommand_of(c->name);
    snprintf(name, sizeof name, "%s", c->name);
    if (s)
        snprintf(sub, sizeof sub, "%s", s);
    char *argv[] = {name, sub, NULL};
    pk_opts_describe_to(m);
    c->main(s ? 2 : 1, argv);
    pk_opts_describe_to(NULL);
    fclose(m);
    if (strcmp(c->name, "sweep") == 0) { /* the Google Benchmark flags it passes on */
        fputs("_pkbench_passthrough_sweep=\"", out);
        pk_gb_flags_names(out);
        fputs("\"\n", out);
    }
    if (s) {
        fputs("_pkbench_subcommands_", out);
        var_name(out, c->name);
        fprintf(out, "=\"%s\"\n", s);
    }
    for (int valued = 0; valued < 2; valued++) {
        fputs(valued ? "_pkbench_valued_" : "_pkbench_flags_", out);
        var_name(out, c->name);
        fputs("=\"", out);
        int sep = 0;
        for (const char *line = buf; line && *line;) {
            size_t n = strcspn(line, "\n"), word = strcspn(line, " \n");
            if ((word < n) == valued) { /* "--name VALUE" takes a value */
                fprintf(out, "%s%.*s", sep ? " " : "", (int)word, line);
                sep = 1;
            }
            line += n + (line[n] == '\n');
        }
        fputs("\"\n", out);
    }
    free(buf);
    return PK_OK;
}

static const char *const script_body =
    "# The names an option takes: _pkbench_values_CMD_OPTION, else _pkbench_values_OPTION.\n"
    "_pkbench_values() {\n"
    "    local c=\"_pkbench_values_${2//-/_}_${1#--}\" o=\"_pkbench_values_${1#--}\"\n"
    "    c=${c//-/_} o=${o//-/_}\n"
    "    if [[ -n ${!c-} ]]; then echo \"${!c}\"; else echo \"${!o-}\"; fi\n"
    "}\n"
    "\n"
    "_pkbench() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i=1\n"
    "    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "    COMPREPLY=()\n"
    "    # --option=value: bash splits the words at '='.\n"
    "    if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
    "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
    "    fi\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        case ${COMP_WORDS[i]} in -*|=) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
    "    done\n"
    "    case $cmd in\n"
    "    '') COMPREPLY=($(compgen -W \"$_pkbench_commands --help --version -V\" -- \"$cur\")); return ;;\n"
    "    help) # help COMMAND [SUBCOMMAND]\n"
    "        if ((COMP_CWORD == i + 1)); then\n"
    "            COMPREPLY=($(compgen -W \"$_pkbench_commands --all\" -- \"$cur\"))\n"
    "        elif ((COMP_CWORD == i + 2)) && [[ \" $_pkbench_commands \" == *\" ${COMP_WORDS[i+1]} \"* ]]; then\n"
    "            local hs=\"_pkbench_subcommands_${COMP_WORDS[i+1]//-/_}\"\n"
    "            COMPREPLY=($(compgen -W \"${!hs-}\" -- \"$cur\"))\n"
    "        fi\n"
    "        return ;;\n"
    "    completion) ((COMP_CWORD == i + 1)) && COMPREPLY=($(compgen -W bash -- \"$cur\")); return ;;\n"
    "    esac\n"
    "    # Not a command (a typo, a path): nothing to offer, and no variable named after it.\n"
    "    [[ \" $_pkbench_commands \" == *\" $cmd \"* ]] || return\n"
    "    # A command with subcommands (\"trace import\"): the subcommand first, then its options.\n"
    "    local sc=\"_pkbench_subcommands_${cmd//-/_}\"\n"
    "    if [[ -n ${!sc-} ]] && ((COMP_CWORD == i + 1)); then\n"
    "        COMPREPLY=($(compgen -W \"${!sc}\" -- \"$cur\"))\n"
    "        return\n"
    "    fi\n"
    "    local f=\"_pkbench_flags_${cmd//-/_}\" v=\"_pkbench_valued_${cmd//-/_}\"\n"
    "    local p=\"_pkbench_passthrough_${cmd//-/_}\"\n"
    "    local flags=${!f-} valued=${!v-} passed=${!p-}\n"
    "    if [[ -n $prev && \" $valued \" == *\" $prev \"* ]]; then\n"
    "        local vals pre=\n"
    "        vals=$(_pkbench_values \"$prev\" \"$cmd\")\n"
    "        if [[ -z $vals ]]; then\n"
    "            compopt -o default 2>/dev/null  # a file or a folder\n"
    "            return\n"
    "        fi\n"
    "        # A comma-separated list (--strategy a,b): complete its last name.\n"
    "        if [[ $cur == *,* ]]; then pre=${cur%,*},; cur=${cur##*,}; fi\n"
    "        COMPREPLY=($(compgen -P \"$pre\" -W \"$vals\" -- \"$cur\"))\n"
    "        return\n"
    "    fi\n"
    "    if [[ $cur == -* ]]; then\n"
    "        COMPREPLY=($(compgen -W \"$flags $valued $passed\" -- \"$cur\"))\n"
    "        # --benchmark_NAME= (passed on to Google Benchmark): its value follows at once.\n"
    "        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null\n"
    "        return\n"
    "    fi\n"
    "    compopt -o default 2>/dev/null  # a positional argument: plot's DIR\n"
    "}\n"
    "complete -F _pkbench pkbench\n";

int pk_completion_bash(FILE *out, const pk_command *cmds, size_t n)
{
    fprintf(out,
            "# bash completion for pkbench %s, generated by 'pkbench completion bash' from pkbench's own\n"
            "# command and option tables. Installed as share/bash-completion/completions/pkbench; or\n"
            "# load it by hand: source <(pkbench completion bash)\n\n_pkbench_commands=\"",
            pk_version());
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? " " : "", cmds[i].name);
    fputs("\"\n", out);
    int rc = PK_OK;
    for (size_t i = 0; i < n && rc == PK_OK; i++)
        if (strcmp(cmds[i].name, "help") != 0 && strcmp(cmds[i].name, "completion") != 0)
            rc = write_options(out, &cmds[i]);
    write_values(out);
    fputc('\n', out);
    fputs(script_body, out);
    fflush(out);
    return rc != PK_OK ? rc : ferror(out) ? PK_EIO : PK_OK;
}
