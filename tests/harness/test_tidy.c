/* Invariant: the tidy CSV reader rejects, with "path:line: ...", a file whose lines have more
 * than 64 fields (rather than silently dropping the rest) and a file with two rows of one
 * (strategy, item_ns, batch, grid, block) key; a file it wrote itself reads back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/tidy.h"
#include "pk_test.h"

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

/* Rewrites path: every non-comment line gets `extra` appended `times` times (the first such
 * line, the header, gets `hextra`); the last line is written twice when dup is set. Returns
 * the line number of the header. */
static int rewrite(const char *path, const char *text, const char *hextra, const char *extra, int times, int dup)
{
    FILE *fp = fopen(path, "w");
    const char *last = NULL;
    int lineno = 0, header = 0;
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        lineno++;
        fprintf(fp, "%.*s", (int)len, s);
        if (*s != '#') {
            if (!header)
                header = lineno;
            for (int i = 0; i < times; i++)
                fprintf(fp, header == lineno ? hextra : extra, i);
            last = s;
        }
        fputc('\n', fp);
        s += len + (e != NULL);
    }
    if (dup && last)
        fprintf(fp, "%.*s\n", (int)strcspn(last, "\n"), last);
    fclose(fp);
    return header;
}

int main(void)
{
    char path[64], err[512], want[128];
    snprintf(path, sizeof path, "test_tidy.%ld.csv", (long)getpid());
    pk_table t = {0};
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "fake");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = (pk_point){PK_STRAT_STANDARD, 1000, 1, 1, 0};
    r.reps = 5;
    r.wall_ns = 10;
    PK_CHECK(pk_table_push(&t, &r) == PK_OK);
    r.key.batch = 2;
    PK_CHECK(pk_table_push(&t, &r) == PK_OK);
    PK_CHECK(pk_table_write_csv(path, &t, err, sizeof err) == PK_OK);
    pk_table_free(&t);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK_U64(t.n, 2);
    pk_table_free(&t);

    char text[1 << 16];
    snprintf(text, sizeof text, "%s", slurp(path) ? slurp(path) : "");

    /* The last row twice: rejected at the second copy's line. */
    int header = rewrite(path, text, "", "", 0, 1);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_EPARSE);
    snprintf(want, sizeof want, "%s:%d: duplicate row for standard/item_ns:1000/batch:2", path, header + 3);
    PK_CHECK(strstr(err, want) == err);

    /* 50 extra (unknown) columns on every line: past 64 fields, rejected at the header. */
    header = rewrite(path, text, ",extra%d", ",0", 50, 0);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_EPARSE);
    snprintf(want, sizeof want, "%s:%d: more than 64 fields", path, header);
    PK_CHECK_STR(err, want);

    /* A few unknown columns are still ignored. */
    rewrite(path, text, ",extra%d", ",0", 3, 0);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK);
    pk_table_free(&t);
    unlink(path);
    return pk_test_done("harness.tidy");
}
