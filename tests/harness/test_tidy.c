/* Invariant: the tidy CSV reader rejects, with "path:line: ...", a file whose lines have more
 * than 64 fields (rather than silently dropping the rest), a file with two rows of one
 * (strategy, item_ns, batch, grid, block) key and replicate, and a pass row (replicate >= 1)
 * whose point has no summary row; a file it wrote itself reads back with its summary rows and
 * pass rows apart; a schema-1 file (no replicate column) reads as summary rows only; a row whose
 * first cell (backend) starts with '#' is written so that it reads back as a row, not a comment
 * (found by fuzz_tidy). */
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

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* Pass rows apart from summary rows; schema 1 without the columns; the pass rows' own errors. */
static void schema_versions(const char *path)
{
    char err[512];
    pk_table t = {0};
    pk_row r;
    pk_row_init(&r);
    snprintf(r.backend, sizeof r.backend, "fake");
    snprintf(r.source, sizeof r.source, "measured");
    r.key = (pk_point){PK_STRAT_GRAPH, 0, 4, 1, 0};
    r.wall_ns = 100;
    PK_CHECK(pk_table_push(&t, &r) == PK_OK);
    for (unsigned k = 1; k <= 2; k++) {
        r.replicate = k;
        r.wall_ns = 100 + k;
        r.started_s = k;
        PK_CHECK(pk_table_push_pass(&t, &r) == PK_OK);
    }
    PK_CHECK(pk_table_write_csv(path, &t, err, sizeof err) == PK_OK);
    pk_table_free(&t);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK_U64(t.n, 1);
    PK_CHECK_U64(t.npass, 2);
    PK_CHECK_U64(pk_table_replicates(&t), 2);
    PK_CHECK(t.rows[0].wall_ns == 100 && t.rows[0].replicate == 0);
    const pk_row *p2 = pk_table_find_pass(&t, &r.key, 2);
    PK_CHECK(p2 && p2->wall_ns == 102 && p2->started_s == 2);
    PK_CHECK(pk_table_find_pass(&t, &r.key, 3) == NULL);
    pk_table_free(&t);
    PK_CHECK(strstr(slurp(path), "schema_version=2\n") != NULL);

    static const char head1[] = "# pkbench tidy csv, schema_version=1\n"
                                "backend,device,source,strategy,item_ns,batch,grid,block,reps,wall_ns,savings_ns\n";
    char text[1024];
    snprintf(text, sizeof text, "%sfake,d,measured,graph,0,4,1,0,5,100,\nfake,d,measured,graph,0,8,1,0,5,120,\n", head1);
    write_text(path, text);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK_U64(t.n, 2);
    PK_CHECK_U64(t.npass, 0);
    PK_CHECK_U64(pk_table_replicates(&t), 0);
    pk_table_free(&t);

    static const char head2[] = "backend,device,source,strategy,item_ns,batch,grid,block,wall_ns,replicate\n";
    char want[160];
    /* A pass row whose point has no summary row (line 3: graph batch 8 replicate 1). */
    snprintf(text, sizeof text, "%sfake,d,measured,graph,0,4,1,0,100,0\nfake,d,measured,graph,0,8,1,0,100,1\n", head2);
    write_text(path, text);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_EPARSE);
    snprintf(want, sizeof want, "%s:3: graph/item_ns:0/batch:8/grid:1/block:0 replicate 1 has no summary row", path);
    PK_CHECK(strstr(err, want) == err);
    /* One replicate twice (lines 3 and 4). */
    snprintf(text, sizeof text, "%sfake,d,measured,graph,0,4,1,0,100,0\nfake,d,measured,graph,0,4,1,0,100,1\n"
             "fake,d,measured,graph,0,4,1,0,101,1\n", head2);
    write_text(path, text);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_EPARSE);
    snprintf(want, sizeof want, "%s:4: duplicate row for graph/item_ns:0/batch:4/grid:1/block:0 replicate 1 (first at "
             "line 3)", path);
    PK_CHECK_STR(err, want);
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

    schema_versions(path);

    /* backend "#host": the written line would start with '#'. */
    memset(&t, 0, sizeof t);
    snprintf(r.backend, sizeof r.backend, "#host");
    PK_CHECK(pk_table_push(&t, &r) == PK_OK);
    PK_CHECK(pk_table_write_csv(path, &t, err, sizeof err) == PK_OK);
    pk_table_free(&t);
    PK_CHECK(pk_table_read_csv(path, &t, err, sizeof err) == PK_OK);
    PK_CHECK_U64(t.n, 1);
    PK_CHECK(t.n == 1 && strcmp(t.rows[0].backend, ";host") == 0);
    pk_table_free(&t);
    unlink(path);
    return pk_test_done("harness.tidy");
}
