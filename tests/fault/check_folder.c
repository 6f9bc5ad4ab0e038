/* Reads a sweep folder as its readers do (through the commit journal, harness/resultdir.h) and
 * checks that its files agree: measured.csv and measured.json both or neither, with the same
 * run_id in their contexts, and the same for measured.partial.csv and measured.partial.json.
 * Prints "complete RUN_ID" (or "complete none") and "partial RUN_ID" (or "partial none").
 * usage: check_folder DIR. Exit 0 the files agree, 1 they do not. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/resultdir.h"
#include "harness/tidy.h"

/* The run_id of dir's pair (csv, json) into id ("none" when neither is there); 0 when they agree. */
static int pair(const char *dir, const char *csv, const char *json, char *id, size_t len)
{
    char pc[4096], pj[4096], err[600];
    int has_c = pk_resultdir_resolve(dir, csv, pc, sizeof pc) == 0 && access(pc, F_OK) == 0;
    int has_j = pk_resultdir_resolve(dir, json, pj, sizeof pj) == 0 && access(pj, F_OK) == 0;
    snprintf(id, len, "none");
    if (!has_c && !has_j)
        return 0;
    if (has_c != has_j) {
        fprintf(stderr, "%s: %s without %s\n", dir, has_c ? csv : json, has_c ? json : csv);
        return 1;
    }
    pk_table t;
    if (pk_table_read_csv(pc, &t, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const char *cid = pk_context_get(&t.context, "run_id");
    json_error_t je;
    json_t *root = json_load_file(pj, JSON_REJECT_DUPLICATES, &je);
    const char *jid = root ? json_string_value(json_object_get(json_object_get(root, "context"), "run_id")) : NULL;
    int bad = !cid || !jid || strcmp(cid, jid) != 0;
    if (bad)
        fprintf(stderr, "%s: %s (run_id %s) and %s (run_id %s) disagree%s%s\n", dir, csv, cid ? cid : "?", json,
                jid ? jid : "?", root ? "" : ": ", root ? "" : je.text);
    else
        snprintf(id, len, "%s", cid);
    json_decref(root);
    pk_table_free(&t);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: check_folder DIR\n");
        return 2;
    }
    char c[200], p[200];
    int bad = pair(argv[1], "measured.csv", "measured.json", c, sizeof c);
    bad |= pair(argv[1], "measured.partial.csv", "measured.partial.json", p, sizeof p);
    printf("complete %s\npartial %s\n", c, p);
    return bad;
}
