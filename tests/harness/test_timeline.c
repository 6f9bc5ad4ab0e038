/* Invariant: the timeline writer puts the one header and every interval the simulator reports
 * (per strategy, items numbered, host intervals without an item) into a file that the strict
 * reader reads back whole; and the reader refuses another header (the old column order among
 * them), a row without six fields, an unknown strategy, an item that is not a count, an interval
 * that ends before it starts or lies past 10^18 ns, a file without intervals and a missing file, naming the line. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "harness/timeline.h"
#include "tests/pk_test.h"

static const char *path = "test_timeline.csv";

static int read_text(const char *text, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return PK_EIO;
    fputs(text, f);
    fclose(f);
    pk_timeline t;
    int rc = pk_timeline_read(path, &t, err, errlen);
    pk_timeline_free(&t);
    return rc;
}

static void round_trip(void)
{
    pk_params p;
    pk_params_init(&p);
    p.value[PK_P_LAUNCH_HOST] = 3000;
    p.value[PK_P_PERSISTENT_SETUP] = 10000;
    pk_costs c;
    pk_costs_from_params(&p, &c);
    pk_model *m = NULL;
    PK_CHECK(pk_model_create(&m) == PK_OK);
    const pk_strategy which[2] = {PK_STRAT_STANDARD, PK_STRAT_PERSISTENT};
    pk_items items = {4, 5000, 0, NULL, NULL, NULL};
    char err[256];
    PK_CHECK(pk_timeline_write(path, m, &c, which, 2, &items, err, sizeof err) == PK_OK);
    pk_model_destroy(m);
    pk_timeline t;
    PK_CHECK(pk_timeline_read(path, &t, err, sizeof err) == PK_OK);
    size_t kernels = 0, per[PK_STRAT_COUNT] = {0}, host_without_item = 0;
    for (size_t i = 0; i < t.n; i++) {
        const pk_timeline_row *r = &t.rows[i];
        per[r->strategy]++;
        PK_CHECK(r->end_ns >= r->start_ns);
        kernels += r->strategy == PK_STRAT_STANDARD && strcmp(r->actor, "device") == 0 &&
                   strcmp(r->what, "kernel") == 0 && r->item >= 0 && r->item < 4;
        host_without_item += strcmp(r->what, "sync") == 0 && r->item == -1;
    }
    PK_CHECK_U64(kernels, 4);
    PK_CHECK(per[PK_STRAT_STANDARD] > 0 && per[PK_STRAT_PERSISTENT] > 0);
    PK_CHECK(host_without_item > 0);
    pk_timeline_free(&t);
    FILE *f = fopen(path, "r");
    char line[128] = "";
    if (f) {
        PK_CHECK(fgets(line, sizeof line, f) != NULL);
        fclose(f);
    }
    PK_CHECK_STR(line, PK_TIMELINE_HEADER "\n");
    pk_params_free(&p);
}

static void strict(void)
{
    char err[512];
    PK_CHECK(read_text("actor,what,start_ns,end_ns,item\nhost,launch,0,1,\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_timeline.csv:1: header lacks the timeline columns") != NULL);
    PK_CHECK(read_text("# a comment\n\n" PK_TIMELINE_HEADER "\nstandard,host,launch,,0,1\n", err, sizeof err) ==
             PK_OK);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,0,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "test_timeline.csv:2: bad row: not 6 fields") != NULL);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nwarp,host,launch,,0,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: bad row: unknown strategy") != NULL);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,x,0,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,-1,0,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,,5,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "bad row: not an interval") != NULL);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,,nan,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,,0,1e300\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, ":2: bad row: a time past 1e18 ns") != NULL);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,,-2e18,1\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\nstandard,host,launch,,0,1e18\n", err, sizeof err) == PK_OK);
    PK_CHECK(read_text(PK_TIMELINE_HEADER "\n", err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "has no intervals") != NULL);
    unlink(path);
    pk_timeline t;
    PK_CHECK(pk_timeline_read(path, &t, err, sizeof err) == PK_EIO);
}

int main(void)
{
    round_trip();
    strict();
    unlink(path);
    return pk_test_done("harness.timeline");
}
