/* Unit tests of the trace join (harness/trace.c): microsecond text to exact nanoseconds; name
 * interning; ops matched to their launch call by (process, correlation); launch order; host
 * gaps measured from the previous launch less the synchronisation time between; a step's span
 * equal to its gaps, launch calls, synchronisation time and tail; graph launches
 * (several ops, one call); steps from markers (ops outside dropped and counted) or from
 * synchronisations; refusals when nothing can be replayed or a row holds what the workload
 * reader refuses (and the reader's bound on skipped steps); the CSV written whole or not at all. */
#include <stdio.h>
#include <string.h>

#include "harness/trace.h"
#include "common/status.h"
#include "tests/pk_test.h"

static int64_t us(const char *text, int *rc)
{
    int64_t v = -1;
    *rc = pk_trace_us_to_ns(text, strlen(text), &v);
    return v;
}

static void test_numbers(void)
{
    int rc;
    PK_CHECK_U64(us("12.345", &rc), 12345);
    PK_CHECK(rc == PK_OK);
    PK_CHECK_U64(us("12.3456", &rc), 12346); /* rounded to the nearest ns */
    PK_CHECK_U64(us("0.0004", &rc), 0);
    PK_CHECK_U64(us("1e3", &rc), 1000000);
    PK_CHECK_U64(us("2.5E-3", &rc), 3);
    PK_CHECK(us("-2", &rc) == -2000 && rc == PK_OK);
    PK_CHECK_U64(us("1764600000000000.123", &rc), 1764600000000000123ULL); /* 19 digits, exact */
    PK_CHECK(rc == PK_OK);
    us("1e30", &rc);
    PK_CHECK(rc == PK_ERANGE);
    us("abc", &rc);
    PK_CHECK(rc == PK_EPARSE);
    us("1.5x", &rc);
    PK_CHECK(rc == PK_EPARSE);
    us("", &rc);
    PK_CHECK(rc == PK_EPARSE);
    /* An integer field (an id, a dimension): any fraction refused, however small; a whole
     * number however written taken. 2.0004 once passed as 2 (checked after scaling to ns). */
    static const char *const whole[] = {"7", "2.0", "1.5e1", "-3", "120e-1"}, *frac[] = {"2.0004", "7.0000001",
                                                                                      "1e-3", "1.5", "0.9999"};
    static const int64_t want[] = {7, 2, 15, -3, 12};
    for (int i = 0; i < 5; i++) {
        int64_t v = -99;
        PK_CHECK(pk_trace_number(whole[i], strlen(whole[i]), &v, 0) == PK_OK && v == want[i]);
        PK_CHECK(pk_trace_number(frac[i], strlen(frac[i]), &v, 0) == PK_EPARSE);
    }
    int64_t t = 0;
    PK_CHECK(pk_trace_number("2.0004", 6, &t, 1) == PK_OK && t == 2000); /* a time: rounded to the ns */
}

static void test_intern(void)
{
    pk_trace t;
    pk_trace_init(&t);
    uint32_t a, b, c;
    PK_CHECK(pk_trace_intern(&t, "gemm", 4, &a) == PK_OK);
    PK_CHECK(pk_trace_intern(&t, "relu", 4, &b) == PK_OK);
    PK_CHECK(pk_trace_intern(&t, "gemmX", 4, &c) == PK_OK); /* the first 4 bytes: "gemm" */
    PK_CHECK(a != b && a == c && t.nnames == 2);
    char big[1000];
    memset(big, 'k', sizeof big);
    PK_CHECK(pk_trace_intern(&t, big, sizeof big, &c) == PK_OK);
    PK_CHECK_U64(strlen(t.names[c]), PK_TRACE_NAME_MAX);
    for (int i = 0; i < 5000; i++) { /* past several rehashes, every name stays findable */
        char n[16];
        snprintf(n, sizeof n, "k%d", i);
        pk_trace_intern(&t, n, strlen(n), &c);
    }
    PK_CHECK(pk_trace_intern(&t, "relu", 4, &c) == PK_OK && c == b);
    PK_CHECK_U64(t.nnames, 5003);
    pk_trace_free(&t);
}

static void call(pk_trace *t, int64_t s, int64_t e, uint64_t proc, uint64_t corr, int sync)
{
    pk_trace_call c = {s, e, proc, corr, (uint8_t)sync, t->nops + t->ncalls}; /* source: as an event's index */
    pk_trace_add_call(t, &c);
}

static void op(pk_trace *t, int64_t s, int64_t e, uint64_t proc, uint64_t corr, const char *name)
{
    pk_trace_op o = {.source = t->nops + t->ncalls};
    o.start_ns = s;
    o.end_ns = e;
    o.process = proc;
    o.correlation = corr;
    o.stream = 7;
    o.grid[0] = o.grid[1] = o.grid[2] = 1;
    o.block[0] = 32, o.block[1] = o.block[2] = 1;
    pk_trace_intern(t, name, strlen(name), &o.name);
    pk_trace_add_op(t, &o);
}

static const char *name_of(const pk_trace *t, const pk_trace_replay *w, size_t i)
{
    return t->names[w->rows[i].name];
}

/* Two processes reuse correlation 5; ops come out in launch order whatever the file order. */
static void test_join_and_order(void)
{
    pk_trace t;
    pk_trace_replay w;
    char err[256];
    pk_trace_init(&t);
    op(&t, 3000, 4000, 2, 5, "second");  /* process 2's call starts later */
    op(&t, 1500, 1600, 1, 5, "first");
    op(&t, 9000, 9100, 1, 77, "orphan"); /* no call 77 */
    call(&t, 2000, 2500, 2, 5, 0);
    call(&t, 1000, 1200, 1, 5, 0);
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
    PK_CHECK_U64(w.n, 2);
    PK_CHECK_STR(name_of(&t, &w, 0), "first");
    PK_CHECK_STR(name_of(&t, &w, 1), "second");
    PK_CHECK_U64(w.dropped_no_launch, 1);
    PK_CHECK_U64(w.rows[0].host_gap_ns, 0); /* nothing precedes the first launch */
    PK_CHECK_U64(w.rows[1].host_gap_ns, 800); /* 2000 - 1200 */
    PK_CHECK_U64(w.rows[1].launch_ns, 500);
    PK_CHECK_U64(w.rows[1].launch_ts_ns, 1000);
    PK_CHECK_U64(w.rows[1].start_ns, 2000);
    PK_CHECK_STR(w.step_source, "none");
    pk_trace_replay_free(&w);
    pk_trace_free(&t);
}

/* A runtime call and the driver call it wraps, one correlation, starting in the same ns: the op
 * is joined to the outer call (launch 4 us, not 1) in either order of the file. */
static void test_nested_same_start(void)
{
    for (int order = 0; order < 2; order++) {
        pk_trace t;
        pk_trace_replay w;
        char err[256];
        pk_trace_init(&t);
        op(&t, 20000, 21000, 1, 9, "k");
        call(&t, 10000, order ? 11000 : 14000, 1, 9, 0);
        call(&t, 10000, order ? 14000 : 11000, 1, 9, 0);
        PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
        PK_CHECK_U64(w.n, 1);
        PK_CHECK_U64(w.rows[0].launch_ns, 4000);
        pk_trace_replay_free(&w);
        pk_trace_free(&t);
    }
}

/* A synchronisation before the first launch closes no step: one step, from "none"; one after a
 * launch makes the steps the synchronisations' ("sync"); so does one that starts with the first
 * launch, when a launch follows it (two steps). */
static void test_sync_before_first(void)
{
    for (int after = 0; after < 3; after++) {
        pk_trace t;
        pk_trace_replay w;
        char err[256];
        pk_trace_init(&t);
        call(&t, 100, 200, 1, 1, 1); /* the sync */
        op(&t, 1000, 1100, 1, 2, "k");
        call(&t, 500, 600, 1, 2, 0);
        if (after == 1)
            call(&t, 700, 800, 1, 3, 1);
        if (after == 2) { /* a sync with the first launch's start, then a second launch */
            call(&t, 500, 550, 1, 4, 1);
            op(&t, 3000, 3100, 1, 5, "k2");
            call(&t, 2000, 2100, 1, 5, 0);
        }
        PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
        PK_CHECK_STR(w.step_source, after ? "sync" : "none");
        PK_CHECK_U64(w.nsteps, after == 2 ? 2 : 1);
        pk_trace_replay_free(&w);
        pk_trace_free(&t);
    }
}

/* A graph launch: three ops of one call ordered by device start; only the first carries the
 * call's gap and duration. A sync between calls moves the gap's reference to its end. */
static void test_graph_and_sync(void)
{
    pk_trace t;
    pk_trace_replay w;
    char err[256];
    pk_trace_init(&t);
    call(&t, 100, 110, 0, 1, 0);
    op(&t, 120, 130, 0, 1, "k0");
    call(&t, 115, 400, 0, 2, 1);  /* a synchronisation, 115..400 */
    call(&t, 120, 390, 0, 9, 1);  /* the driver's call inside it: counted once */
    call(&t, 450, 470, 0, 3, 0);  /* graph launch */
    op(&t, 520, 530, 0, 3, "g2");
    op(&t, 480, 490, 0, 3, "g0");
    op(&t, 500, 510, 0, 3, "g1");
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
    PK_CHECK_U64(w.n, 4);
    PK_CHECK_STR(name_of(&t, &w, 1), "g0");
    PK_CHECK_STR(name_of(&t, &w, 2), "g1");
    PK_CHECK_STR(name_of(&t, &w, 3), "g2");
    PK_CHECK_U64(w.rows[1].launch, 1);
    PK_CHECK_U64(w.rows[3].launch, 1);
    PK_CHECK_U64(w.rows[1].host_gap_ns, 50); /* from the sync's end, not the launch's (110) */
    PK_CHECK_U64(w.rows[1].sync_before, 1);
    PK_CHECK_U64(w.rows[1].launch_ns, 20);
    PK_CHECK_U64(w.rows[2].host_gap_ns + w.rows[2].launch_ns + w.rows[3].launch_ns, 0);
    /* The sync closes step 0; the graph launch opens step 1. */
    PK_CHECK_STR(w.step_source, "sync");
    PK_CHECK_U64(w.nsteps, 2);
    PK_CHECK_U64(w.rows[1].step, 1);
    PK_CHECK_U64(w.steps[0].span_ns, 300); /* 100 .. the sync's end, 400 */
    PK_CHECK_U64(w.steps[0].sync_ns, 285);
    PK_CHECK_U64(w.steps[0].tail_ns, 5); /* 400 - 110, less the sync's 285 */
    PK_CHECK_U64(w.rows[0].host_gap_ns + w.rows[0].launch_ns + w.steps[0].sync_ns + w.steps[0].tail_ns,
                 w.steps[0].span_ns);
    PK_CHECK_U64(w.steps[1].start_ns, 300);
    PK_CHECK_U64(w.steps[1].launches, 1);
    PK_CHECK_U64(w.steps[1].ops, 3);
    pk_trace_replay_free(&w);
    pk_trace_free(&t);
}

/* Markers: ops launched outside every marker are dropped; markers without ops are left out; the
 * first op of a step measures its gap from the step's start at the earliest. */
static void test_markers(void)
{
    pk_trace t;
    pk_trace_replay w;
    char err[256];
    pk_trace_init(&t);
    snprintf(t.step_marker, sizeof t.step_marker, "ProfilerStep#");
    pk_trace_step s1 = {1000, 2000, 11}, s0 = {0, 999, 10}, s2 = {2000, 3000, 12};
    pk_trace_add_step(&t, &s1);
    pk_trace_add_step(&t, &s0); /* out of order in the file */
    pk_trace_add_step(&t, &s2);
    call(&t, 1100, 1110, 0, 1, 0);
    op(&t, 1200, 1300, 0, 1, "a");
    call(&t, 1900, 1950, 0, 2, 1);
    call(&t, 2500, 2510, 0, 3, 0);
    op(&t, 2600, 2700, 0, 3, "b");
    call(&t, 5000, 5010, 0, 4, 0); /* after every marker */
    op(&t, 5100, 5200, 0, 4, "late");
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
    PK_CHECK_STR(w.step_source, "marker");
    PK_CHECK_U64(w.n, 2);
    PK_CHECK_U64(w.nsteps, 2); /* step 10 holds nothing */
    PK_CHECK_U64(w.steps[0].number, 11);
    PK_CHECK_U64(w.steps[1].number, 12);
    PK_CHECK_U64(w.steps[0].start_ns, 0); /* the origin is the first kept step's start */
    PK_CHECK_U64(w.steps[1].start_ns, 1000);
    PK_CHECK_U64(w.rows[0].host_gap_ns, 100);
    PK_CHECK_U64(w.rows[1].host_gap_ns, 500); /* from step 12's start, after the sync's end */
    PK_CHECK_U64(w.rows[1].sync_before, 1);
    PK_CHECK_U64(w.steps[0].sync_ns, 50);
    PK_CHECK_U64(w.steps[0].tail_ns, 840); /* 2000 - 1110, less the sync's 50 */
    PK_CHECK_U64(w.steps[1].tail_ns, 490);
    /* A step's span is its host gaps, launch calls, synchronisation time and tail. */
    PK_CHECK_U64(w.rows[0].host_gap_ns + w.rows[0].launch_ns + w.steps[0].sync_ns + w.steps[0].tail_ns,
                 w.steps[0].span_ns);
    PK_CHECK_U64(w.rows[1].host_gap_ns + w.rows[1].launch_ns + w.steps[1].sync_ns + w.steps[1].tail_ns,
                 w.steps[1].span_ns);
    PK_CHECK_U64(w.dropped_outside_steps, 1);
    pk_trace_replay_free(&w);

    /* Nothing left to replay: each refusal says why. */
    pk_trace_step only = {10, 20, 0};
    pk_trace u;
    pk_trace_init(&u);
    PK_CHECK(pk_trace_replay_build(&u, &w, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "no kernel, memcpy or memset events") != NULL);
    op(&u, 100, 200, 0, 1, "x");
    PK_CHECK(pk_trace_replay_build(&u, &w, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "none of the 1 GPU operations could be matched") != NULL);
    call(&u, 50, 60, 0, 1, 0);
    pk_trace_add_step(&u, &only);
    snprintf(u.step_marker, sizeof u.step_marker, "Iter");
    PK_CHECK(pk_trace_replay_build(&u, &w, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "was launched inside a step marker (1 markers named 'Iter*')") != NULL);
    pk_trace_free(&u);
    pk_trace_free(&t);
}

/* What the workload reader would refuse is refused at the join, naming the op or call by its
 * place in the trace: a device duration, launch call or host gap beyond PK_WORKLOAD_MAX_NS (1e12
 * ns; exactly that is kept), and a grid whose product does not fit in 64 bits. */
static void test_limits(void)
{
    const int64_t max = (int64_t)PK_WORKLOAD_MAX_NS;
    static const struct {
        int64_t op_end, call_end, gap;
        const char *err;
    } cases[] = {
        {1000 + max, 500, 0, NULL},
        {1001 + max, 500, 0, "traceEvents[0] ('k'): device duration, 1000000000001 ns, is more than a workload row"},
        {2000, 1 + max, 0, "traceEvents[1]: launch call's duration, 1000000000001 ns, is more than"},
        {2000, 500, 1 + max, "CUPTI_ACTIVITY_KIND_RUNTIME row 3: host gap before this launch call, 1000000000001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pk_trace t;
        pk_trace_replay w;
        char err[256] = "";
        pk_trace_init(&t);
        snprintf(t.format, sizeof t.format, "%s", i == 3 ? "nsys-sqlite" : "pytorch-chrome-trace");
        op(&t, 1000, cases[i].op_end, 0, 1, "k");
        call(&t, 0, cases[i].call_end, 0, 1, 0);
        if (cases[i].gap) { /* a second launch, that long after the first call's end */
            op(&t, cases[i].gap + 3000, cases[i].gap + 3100, 0, 2, "k2");
            call(&t, cases[i].gap + 500, cases[i].gap + 600, 0, 2, 0);
        }
        int rc = pk_trace_replay_build(&t, &w, err, sizeof err);
        PK_CHECK(rc == (cases[i].err ? PK_EPARSE : PK_OK));
        PK_CHECK(!cases[i].err || strstr(err, cases[i].err) != NULL);
        if (rc == PK_OK)
            pk_trace_replay_free(&w);
        pk_trace_free(&t);
    }
    pk_trace t;
    pk_trace_replay w;
    char err[256] = "";
    pk_trace_init(&t);
    snprintf(t.format, sizeof t.format, "nsys-sqlite");
    op(&t, 10, 20, 0, 1, "big");
    t.ops[0].grid[0] = t.ops[0].grid[1] = t.ops[0].grid[2] = 2147483647u;
    call(&t, 0, 5, 0, 1, 0);
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "CUPTI_ACTIVITY_KIND_KERNEL row 0 ('big'): grid 2147483647x2147483647x2147483647: the product "
                         "does not fit in 64 bits") != NULL);
    t.ops[0].grid[2] = 1; /* 2^62 blocks: they fit */
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
    pk_trace_replay_free(&w);
    pk_trace_free(&t);
}

/* The workload reader's side: a step column without step lines may skip at most
 * PK_WORKLOAD_MAX_EMPTY_STEPS steps in all (held one by one), or the rows so far where they are
 * more, whatever the step numbers; the steps that hold a row do not count. */
static void test_step_gaps(void)
{
    static const struct {
        const char *rows;
        int rc;
        const char *err;
    } cases[] = {
        {"1,0\n1,1000001\n", PK_OK, NULL},
        {"1,0\n1,1000002\n", PK_ERANGE, ":3: step '1000002' leaves 1000001 steps without a row, more than 1000000"},
        {"1,0\n1,2\n1,2\n1,1000002\n", PK_OK, NULL},
        {"1,0\n1,2\n1,1000003\n", PK_ERANGE, ":4: step '1000003' leaves 1000001 steps without a row"},
        {"1,0\n1,4000000000\n", PK_ERANGE, ":3: step '4000000000' leaves 3999999999 steps without a row"},
    };
    const char *path = "trace_unit_gaps.csv";
    /* Past 10^6 rows the rows so far set the bound: 1,100,000 rows a step apart leave as many
     * steps without a row, and are read. */
    FILE *big = fopen(path, "w");
    PK_CHECK(big != NULL);
    if (big) {
        fprintf(big, "duration_ns,step\n");
        for (long i = 0; i < 1100000; i++)
            fprintf(big, "1,%ld\n", 2 * i);
        fclose(big);
        pk_workload wl;
        char err[256] = "";
        PK_CHECK(pk_workload_load(path, &wl, err, sizeof err) == PK_OK);
        PK_CHECK_U64(wl.nsteps, 2199999);
        pk_workload_free(&wl);
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *fp = fopen(path, "w");
        PK_CHECK(fp != NULL);
        if (!fp)
            return;
        fprintf(fp, "duration_ns,step\n%s", cases[i].rows);
        fclose(fp);
        pk_workload wl;
        char err[256] = "";
        PK_CHECK(pk_workload_load(path, &wl, err, sizeof err) == cases[i].rc);
        PK_CHECK(!cases[i].err || strstr(err, cases[i].err) != NULL);
        if (cases[i].rc == PK_OK)
            PK_CHECK_U64(wl.nsteps, wl.step[wl.n - 1] + 1);
        pk_workload_free(&wl);
    }
    remove(path);
}

/* The CSV: a failed write leaves nothing; a good one has the header, the step lines and rows. */
static void test_csv(void)
{
    pk_trace t;
    pk_trace_replay w;
    char err[256];
    pk_trace_init(&t);
    snprintf(t.format, sizeof t.format, "test");
    call(&t, 0, 10, 0, 1, 0);
    op(&t, 20, 30, 0, 1, "a,b\"c");
    PK_CHECK(pk_trace_replay_build(&t, &w, err, sizeof err) == PK_OK);
    PK_CHECK(pk_trace_replay_write("no-such-dir/w.csv", &t, &w, "x.json", err, sizeof err) == PK_EIO);
    PK_CHECK(strstr(err, "cannot write 'no-such-dir/w.csv'") != NULL);
    const char *path = "trace_unit_workload.csv";
    PK_CHECK(pk_trace_replay_write(path, &t, &w, "x.json", err, sizeof err) == PK_OK);
    FILE *fp = fopen(path, "r");
    char line[512], last[512] = "";
    int header = 0, steps = 0;
    while (fp && fgets(line, sizeof line, fp)) {
        header += strncmp(line, "# pkbench workload csv, schema_version=2", 40) == 0;
        steps += strncmp(line, "# step index=0 number=0 start_ns=0 span_ns=10 ", 46) == 0;
        snprintf(last, sizeof last, "%s", line);
    }
    if (fp)
        fclose(fp);
    remove(path);
    PK_CHECK(header == 1 && steps == 1);
    PK_CHECK_STR(last, "0,0,0,kernel,7,1,32,1x1x1,32x1x1,10,0,10,0,20,0,a;b'c\n");
    pk_trace_replay_free(&w);
    pk_trace_free(&t);
}

int main(void)
{
    test_nested_same_start();
    test_sync_before_first();
    test_numbers();
    test_intern();
    test_join_and_order();
    test_graph_and_sync();
    test_markers();
    test_limits();
    test_step_gaps();
    test_csv();
    return pk_test_done("trace.workload");
}
