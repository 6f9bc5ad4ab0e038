/* `pkbench completion bash`: a bash completion script generated from the command table and
 * from each command's own option table (through pk_opts_describe_to; for a command with a
 * subcommand, "trace import", the subcommand's), so that it cannot drift from them; the values
 * of the options that take a name (backend, strategy, mode, preset, dist, model, format) come
 * from the name lists the commands check against, files complete elsewhere. The build writes
 * it once (installed as share/bash-completion/completions/pkbench). */
#ifndef PK_HARNESS_COMPLETION_H
#define PK_HARNESS_COMPLETION_H

#include <stddef.h>
#include <stdio.h>

#include "harness/commands.h"

/* Writes the script to out. Calls every command's main with its options described (nothing
 * runs). Returns 0, or PK_EIO when out could not be written. */
int pk_completion_bash(FILE *out, const pk_command *cmds, size_t n);

#endif
