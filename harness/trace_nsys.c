/* Nsight Systems SQLite exports (nsys export --type sqlite) read through libsqlite3: kernels,
 * memcpy and memset from the CUPTI_ACTIVITY_KIND_* tables, their launch and synchronisation
 * calls from CUPTI_ACTIVITY_KIND_RUNTIME (joined by correlationId), names from StringIds,
 * steps from NVTX push/pop or start/end ranges, the GPU from TARGET_INFO_GPU and the export's
 * schema version from META_DATA_EXPORT. Column names follow the export schema that Nsight
 * Systems documents (the "SQLite Schema Reference"; export schema 3.x); a file lacking a
 * required table or column is refused with the name of what is missing, as is one whose CUDA
 * graphs were traced whole (their kernels are not in it). */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/trace.h"
#include "common/infile.h"
#include "common/status.h"

#define NVTX_PUSH_POP_RANGE 59
#define NVTX_START_END_RANGE 60

typedef struct nsys {
    sqlite3 *db;
    const char *path;
    char *err;
    size_t errlen;
} nsys;

static int db_fail(nsys *n, const char *what)
{
    snprintf(n->err, n->errlen, "%s: %s: %s", n->path, what, sqlite3_errmsg(n->db));
    return PK_EPARSE;
}

/* Whether the export has table; a view of its name is refused: Nsight Systems writes tables, and
 * a view's query is unbounded (a recursive one never returns a row, and the import would hang). */
static int has_table(nsys *n, const char *table, int *yes)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, "SELECT type = 'view' FROM sqlite_master "
                           "WHERE type IN ('table','view') AND name = ?1", -1, &st, NULL) != SQLITE_OK)
        return db_fail(n, "not an SQLite database Nsight Systems wrote");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    const int view = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(n, "not an SQLite database Nsight Systems wrote");
    if (view) {
        snprintf(n->err, n->errlen, "%s: %s is a view, not a table Nsight Systems wrote", n->path, table);
        return PK_EPARSE;
    }
    *yes = rc == SQLITE_ROW;
    return PK_OK;
}

static int has_column(nsys *n, const char *table, const char *column, int *yes)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) != SQLITE_OK)
        return db_fail(n, "cannot read the table layout");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(n, "cannot read the table layout");
    *yes = rc == SQLITE_ROW;
    return PK_OK;
}

/* Fails naming the first of columns (NULL-terminated) that table lacks. */
static int need_columns(nsys *n, const char *table, const char *const *columns)
{
    for (size_t i = 0; columns[i]; i++) {
        int yes;
        int rc = has_column(n, table, columns[i], &yes);
        if (rc)
            return rc;
        if (!yes) {
            snprintf(n->err, n->errlen,
                     "%s: an Nsight Systems export of another schema: table %s has no column %s "
                     "(this reader follows the documented export schema 3.x)",
                     n->path, table, columns[i]);
            return PK_EPARSE;
        }
    }
    return PK_OK;
}

/* A cell that must be an integer; fails naming table, row and column. */
static int int_cell(nsys *n, sqlite3_stmt *st, int col, const char *table, long long row, int64_t *v)
{
    int type = sqlite3_column_type(st, col);
    if (type == SQLITE_INTEGER) {
        *v = sqlite3_column_int64(st, col);
        return PK_OK;
    }
    /* a computed column is named by the table's column it is made of (globalTid, not its process part) */
    const char *name = sqlite3_column_name(st, col), *dot = name ? strchr(name, '.') : NULL;
    const size_t len = dot ? strcspn(dot + 1, " -%") : 0;
    snprintf(n->err, n->errlen, "%s: %s row %lld: column %.*s is %s, not an integer", n->path, table, row,
             dot ? (int)len : (int)strlen(name ? name : "?"), dot ? dot + 1 : name ? name : "?",
             type == SQLITE_NULL ? "NULL" : type == SQLITE_FLOAT ? "a fraction" : "not a number");
    return PK_EPARSE;
}

/* A cell that must be a time in ns within PK_TRACE_NS_MAX; fails naming table, row and column. */
static int time_cell(nsys *n, sqlite3_stmt *st, int col, const char *table, long long row, int64_t *v)
{
    if (int_cell(n, st, col, table, row, v))
        return PK_EPARSE;
    if (*v <= PK_TRACE_NS_MAX && *v >= -PK_TRACE_NS_MAX)
        return PK_OK;
    snprintf(n->err, n->errlen, "%s: %s row %lld: column %s is %lld ns, beyond the %lld ns a trace time may have",
             n->path, table, row, sqlite3_column_name(st, col), (long long)*v, (long long)PK_TRACE_NS_MAX);
    return PK_EPARSE;
}

/* The first ncol cells of a row, all integers; the first two (start, end) times. */
static int int_row(nsys *n, sqlite3_stmt *st, int ncol, const char *table, long long row, int64_t *v)
{
    for (int c = 0; c < ncol; c++)
        if ((c < 2 ? time_cell : int_cell)(n, st, c, table, row, &v[c]))
            return PK_EPARSE;
    return PK_OK;
}

/* A row's start and end (v[0], v[1]): an end before the start is refused naming table and row. */
static int span_ok(nsys *n, const char *table, long long row, const int64_t *v)
{
    if (v[1] >= v[0])
        return PK_OK;
    snprintf(n->err, n->errlen, "%s: %s row %lld: end %lld ns is before start %lld ns", n->path, table, row,
             (long long)v[1], (long long)v[0]);
    return PK_EPARSE;
}

/* The grid and block dimensions (v[4..9]): CUPTI's unsigned 32-bit counts; another value (which
 * a cast would wrap) is refused naming table, row and column. */
static int dims_ok(nsys *n, sqlite3_stmt *st, const char *table, long long row, const int64_t *v)
{
    for (int c = 4; c < 10; c++)
        if (v[c] < 0 || v[c] > UINT32_MAX) {
            snprintf(n->err, n->errlen, "%s: %s row %lld: column %s is %lld, not a dimension (0 to %lu)", n->path,
                     table, row, sqlite3_column_name(st, c), (long long)v[c], (unsigned long)UINT32_MAX);
            return PK_EPARSE;
        }
    return PK_OK;
}

static void text_cell(sqlite3_stmt *st, int col, const char **s, size_t *len)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    *s = v ? (const char *)v : "";
    *len = v ? (size_t)sqlite3_column_bytes(st, col) : 0;
}

/* Kernels (kind KERNEL) or memory operations (MEMCPY, MEMSET) from the kind's activity table. */
static int read_ops(nsys *n, pk_trace *t, int kind, int with_pid)
{
    const char *table = pk_trace_nsys_tables[kind];
    static const char *const base_cols[] = {"start", "end", "streamId", "correlationId", NULL};
    static const char *const dim_cols[] = {"gridX", "gridY", "gridZ", "blockX", "blockY", "blockZ", NULL};
    int rc = need_columns(n, table, base_cols);
    if (rc)
        return rc;
    const char *name_col = NULL;
    if (kind == PK_WORKLOAD_KERNEL) {
        if ((rc = need_columns(n, table, dim_cols)))
            return rc;
        int yes;
        if ((rc = has_column(n, table, "shortName", &yes)))
            return rc;
        name_col = yes ? "shortName" : NULL;
        if (!name_col) {
            if ((rc = has_column(n, table, "demangledName", &yes)))
                return rc;
            name_col = yes ? "demangledName" : NULL;
        }
        if (!name_col)
            return need_columns(n, table, (const char *const[]){"shortName", NULL});
    }
    char sql[640];
    if (kind == PK_WORKLOAD_KERNEL)
        snprintf(sql, sizeof sql,
                 "SELECT k.start, k.end, k.streamId, k.correlationId, k.gridX, k.gridY, k.gridZ, k.blockX, "
                 "k.blockY, k.blockZ, %s, s.value, k.rowid FROM %s AS k LEFT JOIN StringIds AS s ON s.id = k.%s",
                 with_pid ? "k.globalPid" : "0", table, name_col);
    else
        snprintf(sql, sizeof sql,
                 "SELECT k.start, k.end, k.streamId, k.correlationId, 0, 0, 0, 0, 0, 0, %s, NULL, k.rowid FROM %s AS k",
                 with_pid ? "k.globalPid" : "0", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(n, table);
    long long row = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row = sqlite3_column_int64(st, 12); /* named by its rowid, as trace.h says */
        int64_t v[11];
        if (int_row(n, st, 11, table, row, v) || span_ok(n, table, row, v) || dims_ok(n, st, table, row, v)) {
            sqlite3_finalize(st);
            return PK_EPARSE;
        }
        pk_trace_op op = {.source = (uint64_t)row};
        op.start_ns = v[0];
        op.end_ns = v[1];
        op.stream = v[2];
        op.correlation = (uint64_t)v[3];
        for (int d = 0; d < 3; d++) {
            op.grid[d] = (uint32_t)v[4 + d];
            op.block[d] = (uint32_t)v[7 + d];
        }
        op.process = (uint64_t)v[10];
        op.kind = (uint8_t)kind;
        const char *name;
        size_t len;
        text_cell(st, 11, &name, &len);
        if (!len) {
            name = pk_workload_kind_names[kind];
            len = strlen(name);
        }
        if (pk_trace_intern(t, name, len, &op.name) || pk_trace_add_op(t, &op)) {
            sqlite3_finalize(st);
            snprintf(n->err, n->errlen, "%s: out of memory", n->path);
            return PK_ENOMEM;
        }
        t->events++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? PK_OK : db_fail(n, table);
}

static int read_calls(nsys *n, pk_trace *t, int with_pid)
{
    static const char *const cols[] = {"start", "end", "correlationId", "nameId", NULL};
    const char *table = "CUPTI_ACTIVITY_KIND_RUNTIME";
    int rc = need_columns(n, table, cols);
    if (rc)
        return rc;
    if (with_pid && (rc = need_columns(n, table, (const char *const[]){"globalTid", NULL})))
        return rc;
    char sql[320];
    snprintf(sql, sizeof sql,
             "SELECT r.start, r.end, r.correlationId, %s, s.value, r.rowid FROM %s AS r "
             "LEFT JOIN StringIds AS s ON s.id = r.nameId",
             with_pid ? "r.globalTid - r.globalTid % 16777216" : "0", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(n, table);
    long long row = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row = sqlite3_column_int64(st, 5); /* named by its rowid, as trace.h says */
        int64_t v[4];
        if (int_row(n, st, 4, table, row, v) || span_ok(n, table, row, v)) {
            sqlite3_finalize(st);
            return PK_EPARSE;
        }
        const char *name;
        size_t len;
        text_cell(st, 4, &name, &len);
        pk_trace_call c = {v[0], v[1], (uint64_t)v[3], (uint64_t)v[2], strstr(name, "Synchronize") != NULL,
                           (uint64_t)row};
        if (pk_trace_add_call(t, &c)) {
            sqlite3_finalize(st);
            snprintf(n->err, n->errlen, "%s: out of memory", n->path);
            return PK_ENOMEM;
        }
        t->events++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? PK_OK : db_fail(n, table);
}

static int read_steps(nsys *n, pk_trace *t, const char *marker)
{
    int yes, rc;
    if ((rc = has_table(n, "NVTX_EVENTS", &yes)) || !yes)
        return rc;
    static const char *const cols[] = {"start", "end", "eventType", "text", NULL};
    if ((rc = need_columns(n, "NVTX_EVENTS", cols)))
        return rc;
    int text_id;
    if ((rc = has_column(n, "NVTX_EVENTS", "textId", &text_id)))
        return rc;
    /* Rows are named by their rowid, their number in the table (pk_trace_where): a count of the
     * rows this query returns, in time order and only the ranges, would name another row. */
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT n.start, n.end, %s, n.rowid FROM NVTX_EVENTS AS n %s WHERE n.eventType IN (%d, %d) "
             "AND n.end IS NOT NULL ORDER BY n.start",
             text_id ? "COALESCE(n.text, s.value)" : "n.text",
             text_id ? "LEFT JOIN StringIds AS s ON s.id = n.textId" : "", NVTX_PUSH_POP_RANGE,
             NVTX_START_END_RANGE);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(n, "NVTX_EVENTS");
    size_t mlen = strlen(marker);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const long long row = sqlite3_column_int64(st, 3);
        const char *name;
        size_t len;
        text_cell(st, 2, &name, &len);
        if (len < mlen || strncmp(name, marker, mlen) != 0)
            continue;
        int64_t v[2];
        if (time_cell(n, st, 0, "NVTX_EVENTS", row, &v[0]) || time_cell(n, st, 1, "NVTX_EVENTS", row, &v[1]) ||
            span_ok(n, "NVTX_EVENTS", row, v)) { /* a step marker ending before it starts, as other tables' rows */
            sqlite3_finalize(st);
            return PK_EPARSE;
        }
        pk_trace_step s = {v[0], v[1], (int64_t)t->nsteps};
        const char *num = name + mlen;
        if (*num >= '0' && *num <= '9' && strlen(num) < 18)
            s.number = strtoll(num, NULL, 10);
        if (pk_trace_add_step(t, &s)) {
            sqlite3_finalize(st);
            snprintf(n->err, n->errlen, "%s: out of memory", n->path);
            return PK_ENOMEM;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? PK_OK : db_fail(n, "NVTX_EVENTS");
}

/* One text value from a query (schema version, GPU name); absent tables leave out untouched. */
static void read_text(nsys *n, const char *table, const char *sql, char *out, size_t cap)
{
    int yes;
    if (has_table(n, table, &yes) || !yes)
        return;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* CUDA graphs traced whole (nsys profile --cuda-graph-trace=graph, Nsight's default with a recent
 * driver): each replay is one row of CUPTI_ACTIVITY_KIND_GRAPH_TRACE and none of its nodes is in
 * the kernel, memcpy or memset tables, so the import would lose the graphs' device work and count
 * their launch calls as host gaps. Refused, naming the first such row. */
static int refuse_whole_graphs(nsys *n)
{
    static const char table[] = "CUPTI_ACTIVITY_KIND_GRAPH_TRACE";
    int yes, rc;
    if ((rc = has_table(n, table, &yes)) || !yes)
        return rc;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(n->db, "SELECT rowid FROM CUPTI_ACTIVITY_KIND_GRAPH_TRACE ORDER BY rowid LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(n, table);
    rc = sqlite3_step(st);
    const long long row = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return PK_OK;
    if (rc != SQLITE_ROW)
        return db_fail(n, table);
    snprintf(n->err, n->errlen, "%s: %s row %lld: a CUDA graph traced as a whole, whose kernels the export does "
             "not hold (record with nsys profile --cuda-graph-trace=node)", n->path, table, row);
    return PK_EPARSE;
}

int pk_trace_read_nsys(const char *path, const pk_trace_opts *o, pk_trace *t, char *err, size_t errlen)
{
    nsys n = {NULL, path, err, errlen};
    FILE *probe;
    if (pk_input_open_max(path, 0, &probe, err, errlen) != PK_OK) /* a regular file, or refused at once */
        return PK_EIO;
    fclose(probe);
    /* This SQLite may take file names as URIs ("file:a.db?..." opens a.db): a relative path is
     * opened as "./PATH", which is never one, so that the file read is the file named. */
    size_t plen = strlen(path);
    char *name = malloc(plen + 3);
    if (!name) {
        snprintf(err, errlen, "%s: out of memory", path);
        return PK_ENOMEM;
    }
    snprintf(name, plen + 3, "%s%s", path[0] == '/' ? "" : "./", path);
    int opened = sqlite3_open_v2(name, &n.db, SQLITE_OPEN_READONLY, NULL);
    free(name);
    if (opened != SQLITE_OK) {
        int rc = db_fail(&n, "cannot open as SQLite");
        sqlite3_close(n.db);
        return rc;
    }
    const char *marker = o && o->step_marker ? o->step_marker : "ProfilerStep#";
    snprintf(t->format, sizeof t->format, "nsys-sqlite");
    snprintf(t->step_marker, sizeof t->step_marker, "%s", marker);
    int rc, strings, kernels, runtime, old_strings;
    if ((rc = has_table(&n, "StringIds", &strings)) || (rc = has_table(&n, "CUPTI_ACTIVITY_KIND_KERNEL", &kernels)) ||
        (rc = has_table(&n, "CUPTI_ACTIVITY_KIND_RUNTIME", &runtime)) ||
        (rc = has_table(&n, "StringTable", &old_strings)))
        goto done;
    if (!strings) {
        snprintf(err, errlen, "%s: %s", path,
                 old_strings ? "an export of another schema (StringTable, as nvprof wrote; this reader follows "
                               "Nsight Systems' export schema 3.x with StringIds)"
                             : "not an Nsight Systems export (no StringIds table)");
        rc = PK_EPARSE;
        goto done;
    }
    if (!kernels || !runtime) {
        snprintf(err, errlen, "%s: no %s table: the report holds no %s (was it recorded with --trace=cuda?)", path,
                 kernels ? "CUPTI_ACTIVITY_KIND_RUNTIME" : "CUPTI_ACTIVITY_KIND_KERNEL",
                 kernels ? "CUDA API calls" : "kernels");
        rc = PK_EPARSE;
        goto done;
    }
    if ((rc = refuse_whole_graphs(&n)))
        goto done;
    read_text(&n, "META_DATA_EXPORT", "SELECT value FROM META_DATA_EXPORT WHERE name = 'EXPORT_SCHEMA_VERSION'",
              t->format_version, sizeof t->format_version);
    read_text(&n, "TARGET_INFO_GPU", "SELECT name FROM TARGET_INFO_GPU ORDER BY id LIMIT 1", t->device,
              sizeof t->device);
    int with_pid;
    if ((rc = has_column(&n, "CUPTI_ACTIVITY_KIND_KERNEL", "globalPid", &with_pid)) ||
        (rc = read_ops(&n, t, PK_WORKLOAD_KERNEL, with_pid)))
        goto done;
    for (int kind = PK_WORKLOAD_MEMCPY; kind <= PK_WORKLOAD_MEMSET; kind++) {
        const char *table = pk_trace_nsys_tables[kind];
        int yes, pid;
        if ((rc = has_table(&n, table, &yes)))
            goto done;
        if (!yes)
            continue;
        if ((rc = has_column(&n, table, "globalPid", &pid)))
            goto done;
        if (pid != with_pid) {
            snprintf(err, errlen, "%s: %s and CUPTI_ACTIVITY_KIND_KERNEL disagree on the globalPid column", path,
                     table);
            rc = PK_EPARSE;
            goto done;
        }
        if ((rc = read_ops(&n, t, kind, with_pid)))
            goto done;
    }
    if ((rc = read_calls(&n, t, with_pid)) || (rc = read_steps(&n, t, marker)))
        goto done;
done:
    sqlite3_close(n.db);
    return rc;
}
