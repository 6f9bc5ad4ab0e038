/* The tidy CSV's columns, shared by its writer (tidy.c) and its reader (tidy_read.c); private to
 * those two files. */
#ifndef PK_HARNESS_TIDY_COLS_H
#define PK_HARNESS_TIDY_COLS_H

#include <stddef.h>

typedef enum pk__tidy_col_kind { C_STR, C_STRATEGY, C_U64, C_UINT, C_DBL } pk__tidy_col_kind;

typedef struct pk__tidy_col {
    const char *name;
    pk__tidy_col_kind kind;
    size_t off;
    size_t size; /* for strings */
    int required;
} pk__tidy_col;

/* Every column, in the order the writer writes them. */
extern const pk__tidy_col pk__tidy_cols[];
extern const size_t pk__tidy_ncols;

#endif
