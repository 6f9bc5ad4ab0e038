/* The pkbench subcommands: each is a main-like function in its own cmd_*.c file. */
#ifndef PK_HARNESS_COMMANDS_H
#define PK_HARNESS_COMMANDS_H

#include <stdio.h>

typedef struct pk_command {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv); /* argv[0] is the subcommand name */
    const char *sub;                    /* its one subcommand that 'help CMD SUB' describes, or NULL */
} pk_command;

int pk_cmd_decide(int argc, char **argv);
int pk_cmd_sweep(int argc, char **argv);
/* sweep's help text (cmd_sweep_usage.c). */
void pk_cmd_sweep_usage(FILE *out);
/* run's help text (cmd_run_usage.c). */
void pk_cmd_run_usage(FILE *out);
int pk_cmd_calibrate(int argc, char **argv);
int pk_cmd_compare(int argc, char **argv);
int pk_cmd_simulate(int argc, char **argv);
int pk_cmd_plot(int argc, char **argv);
int pk_cmd_run(int argc, char **argv);
int pk_cmd_trace(int argc, char **argv);
int pk_cmd_merge(int argc, char **argv);
int pk_cmd_ab(int argc, char **argv);

#endif
