/* The one option parser of the pkbench commands: a table of long options (--name VALUE,
 * --name=VALUE, or a flag without a value), -h/--help, positional arguments in order (anywhere;
 * after "--" every argument is one), and, for sweep, arguments with a prefix handed on
 * untouched (--benchmark_*). Names match exactly: no abbreviations. Each error is one line on
 * stderr naming the argument: an unknown option, a missing value, a value given to a flag, an
 * option given twice (a passthrough one too), an empty value or argument, an unexpected argument. A
 * value taken from the next argument must not start with "--": "--out --canary" is --out without
 * its value. */
#ifndef PK_HARNESS_OPTS_H
#define PK_HARNESS_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PK_OPTS_MAX 32

typedef struct pk_opt {
    const char *name; /* without the leading "--" */
    int has_value;    /* 1: takes a value; 2: one that may start with "--" (a list of options) */
} pk_opt;

typedef struct pk_opts {
    /* Set by the command. */
    const char *cmd;              /* "sweep": messages start "pkbench sweep: " */
    const pk_opt *table;          /* the options, indexed by the command's own ids */
    size_t n;                     /* entries in table (at most PK_OPTS_MAX) */
    void (*usage)(FILE *out);     /* printed on stdout for -h / --help */
    size_t max_positional;        /* positional arguments accepted */
    const char *passthrough;      /* a prefix of arguments handed on untouched, or NULL */
    /* Filled by pk_opts_parse. */
    const char *value[PK_OPTS_MAX]; /* per option: its value ("" for a flag), NULL when absent */
    char **positional;            /* the positional arguments, in order */
    size_t npositional;
    char **passed;                /* the passthrough arguments, in order */
    size_t npassed;
} pk_opts;

/* While f is not NULL, pk_opts_parse describes the command's options on f instead of parsing:
 * one line per option, "--name" for a flag and "--name VALUE" for one that takes a value, then
 * "--help", and returns PK_EXIT_OK. `pkbench completion` learns every command's options from
 * their own tables this way, so that the completion cannot drift from them. */
void pk_opts_describe_to(FILE *f);

/* Parses argv[1..argc) (argv[0] is the command). Returns -1 when the command goes on;
 * PK_EXIT_OK after printing the usage for -h or --help; PK_EXIT_USAGE after printing the one
 * line for a bad argument; PK_EXIT_OSERR when out of memory. pk_opts_free releases it. */
int pk_opts_parse(pk_opts *p, int argc, char **argv);
void pk_opts_free(pk_opts *p);

/* 1 when option id was given. */
int pk_opts_has(const pk_opts *p, int id);
/* When option id was given, parses its value into *out (unsigned in [0, max]; double in
 * [min, max]) and returns 0, or prints "pkbench CMD: --NAME: reason" and returns
 * PK_EXIT_USAGE. Returns 0 and leaves *out alone when it was not given. */
int pk_opts_u64(const pk_opts *p, int id, uint64_t max, uint64_t *out);
int pk_opts_double(const pk_opts *p, int id, double min, double max, double *out);
/* The same for a count in [1, max]. */
int pk_opts_count(const pk_opts *p, int id, uint64_t max, uint64_t *out);
/* When option id was given, its value's index in names (NULL-terminated), else dflt; prints the
 * reason and returns -1 when the value is none of them, or a list (a comma in it). */
int pk_opts_choice(const pk_opts *p, int id, const char *const *names, int dflt);

#endif
