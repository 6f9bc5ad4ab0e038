/* Test helper: builds an SQLite database from a .sql file (the Nsight Systems export fixtures),
 * so that CI needs no sqlite3 command-line tool. usage: make_db OUT.sqlite IN.sql */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make_db OUT.sqlite IN.sql\n");
        return 2;
    }
    FILE *fp = fopen(argv[2], "rb");
    if (!fp) {
        perror(argv[2]);
        return 2;
    }
    char *sql = NULL;
    size_t n = 0, cap = 0, got;
    char buf[4096];
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (n + got + 1 > cap) {
            cap = 2 * (n + got + 1);
            char *p = realloc(sql, cap);
            if (!p) {
                fclose(fp);
                free(sql);
                return 2;
            }
            sql = p;
        }
        for (size_t i = 0; i < got; i++)
            sql[n++] = buf[i];
    }
    fclose(fp);
    if (!sql)
        return 2;
    sql[n] = '\0';
    remove(argv[1]);
    sqlite3 *db;
    char *msg = NULL;
    int rc = sqlite3_open(argv[1], &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK;
    if (rc)
        fprintf(stderr, "%s: %s\n", argv[2], msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
    free(sql);
    return rc ? 1 : 0;
}
