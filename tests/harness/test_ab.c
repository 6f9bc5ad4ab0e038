/* Invariant: the ABBA schedule measures A B B A on odd blocks and B A A B on even ones, each side
 * twice per block with replicates 2r-1 and 2r; a request and a row survive the worker protocol
 * exactly (a row to 17 significant digits, missing figures as nan), and malformed lines or a row
 * without a positive wall time are refused; a side's summary row of an ab point is the median of
 * its passes with their repetitions summed; and the worker loop answers every request with the
 * fake backend's figures, leaves no resident kernel behind a persistent-resident point (one more
 * run follows it), then ends at end of input (0), or at a bad request with "error 2". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/ab.h"
#include "tests/pk_test.h"

static void schedule(void)
{
    static const char want[2][5] = {"ABBA", "BAAB"};
    for (unsigned r = 1; r <= 4; r++) {
        unsigned seen[2] = {0, 0};
        for (unsigned s = 0; s < 4; s++) {
            int side = pk_ab_side(r, s);
            PK_CHECK(side == (want[(r + 1) % 2][s] == 'B'));
            unsigned rep = pk_ab_replicate(r, s);
            /* Each side's first measurement of the block is 2r-1, its second 2r. */
            PK_CHECK(rep == (seen[side]++ ? 2 * r : 2 * r - 1));
        }
    }
}

static void protocol(void)
{
    char buf[PK_AB_LINE_MAX];
    pk_point p = {PK_STRAT_PERSISTENT_RESIDENT, 20000, 4096, 132, 64}, q;
    PK_CHECK(pk_ab_format_request(&p, buf, sizeof buf) == PK_OK);
    PK_CHECK_STR(buf, "measure persistent-resident 20000 4096 132 64\n");
    PK_CHECK(pk_ab_parse_request(buf, &q) == PK_OK && pk_point_equal(&p, &q));
    PK_CHECK(pk_ab_parse_request("measure warp 1 1 1 1", &q) == PK_EPARSE);
    PK_CHECK(pk_ab_parse_request("measure graph 1 0 1 1", &q) == PK_EPARSE); /* batch 0 */
    PK_CHECK(pk_ab_parse_request("measure graph 1 1 1 1 extra", &q) == PK_EPARSE);
    PK_CHECK(pk_ab_parse_request("measure graph 1 1 1", &q) == PK_EPARSE);
    PK_CHECK(pk_ab_parse_request("measure graph 1 1 1 1", &q) == PK_OK);

    pk_row r, back;
    pk_row_init(&r);
    r.key = p;
    r.reps = 17;
    r.wall_ns = 1234.5678901234567;
    r.wall_ns_p10 = 1000.125;
    r.wall_ns_cv = 0.0123;
    r.host_ns = 3e-7;
    r.throttled_reps = 2;
    r.cpu_ns = 999;
    PK_CHECK(pk_ab_format_row(&r, buf, sizeof buf) == PK_OK);
    PK_CHECK(pk_ab_parse_row(buf, &p, &back) == PK_OK);
    PK_CHECK(back.wall_ns == r.wall_ns && back.wall_ns_p10 == r.wall_ns_p10 && back.wall_ns_cv == r.wall_ns_cv);
    PK_CHECK(back.host_ns == r.host_ns && back.cpu_ns == 999 && back.reps == 17 && back.throttled_reps == 2);
    PK_CHECK(isnan(back.device_ns) && isnan(back.setup_ns) && pk_point_equal(&back.key, &p));
    PK_CHECK_STR(back.source, "measured");
    PK_CHECK(pk_ab_format_row(&r, buf, 40) == PK_ERANGE);
    PK_CHECK(pk_ab_parse_row("row 5 1 2 3", &p, &back) == PK_EPARSE);
    PK_CHECK(pk_ab_parse_row("error 1 lost", &p, &back) == PK_EPARSE);
    r.wall_ns = 0;
    PK_CHECK(pk_ab_format_row(&r, buf, sizeof buf) == PK_OK);
    PK_CHECK(pk_ab_parse_row(buf, &p, &back) == PK_EPARSE);
}

static void summary(void)
{
    pk_row passes[4], s;
    double w[4] = {110, 100, 130, 90};
    for (int i = 0; i < 4; i++) {
        pk_row_init(&passes[i]);
        passes[i].key = (pk_point){PK_STRAT_GRAPH, 0, 8, 1, 0};
        passes[i].replicate = (unsigned)i + 1;
        passes[i].reps = 10;
        passes[i].wall_ns = w[i];
        passes[i].wall_ns_min = w[i] - 5 - i;
        passes[i].wall_ns_max = w[i] + 5 + i;
        passes[i].host_ns = i;
        passes[i].started_s = i;
        passes[i].throttled_reps = (unsigned)i; /* 0 + 1 + 2 + 3 */
    }
    PK_CHECK(pk_ab_summary(passes, 4, &s) == PK_OK);
    PK_CHECK(s.replicate == 0 && s.reps == 40 && s.throttled_reps == 6 && s.wall_ns == 105);
    PK_CHECK(s.wall_ns_min == 85 - 3 && s.wall_ns_max == 130 + 5 + 2);
    PK_CHECK(s.host_ns == 1.5 && isnan(s.started_s) && isnan(s.wall_ns_p25));
    PK_CHECK(pk_ab_summary(passes, 0, &s) == PK_EINVAL);
}

static void serve(void)
{
    memset(&fake, 0, sizeof fake);
    fake.h = 2000, fake.L = 4000, fake.g = 1000, fake.sync = 1500, fake.gnode = 700, fake.ginst = 1200, fake.e = 100;
    pk_backend *b = NULL;
    pk_backend_config cfg = {0, 1.0};
    char err[64], line[PK_AB_LINE_MAX];
    fake_backend.open(&cfg, &b, err, sizeof err);
    pk_sweep_opts o;
    pk_sweep_opts_default(&o);
    FILE *in = tmpfile(), *out = tmpfile();
    PK_CHECK(in && out);
    if (!in || !out)
        return;
    fputs("measure standard 1000 4 1 0\nmeasure graph 0 16 1 0\nmeasure persistent-resident 0 4 1 0\n", in);
    rewind(in);
    fake_run_calls = 0;
    PK_CHECK(pk_ab_serve(in, out, &fake_backend, b, &o, NULL) == 0);
    /* 1 warm-up and 5 repetitions each, and one more run after the resident kernel's point. */
    PK_CHECK_U64(fake_run_calls, 3 * (o.warmup_reps + o.min_reps) + 1);
    rewind(out);
    pk_point p1 = {PK_STRAT_STANDARD, 1000, 4, 1, 0}, p2 = {PK_STRAT_GRAPH, 0, 16, 1, 0};
    pk_row r;
    PK_CHECK(fgets(line, sizeof line, out) && pk_ab_parse_row(line, &p1, &r) == PK_OK);
    PK_CHECK_NEAR(r.wall_ns, fake_wall(&p1), 1e-9);
    PK_CHECK(r.reps == o.min_reps);
    PK_CHECK(fgets(line, sizeof line, out) && pk_ab_parse_row(line, &p2, &r) == PK_OK);
    PK_CHECK_NEAR(r.wall_ns, fake_wall(&p2), 1e-9);
    PK_CHECK(fgets(line, sizeof line, out) && strncmp(line, "row ", 4) == 0);
    PK_CHECK(fgets(line, sizeof line, out) == NULL);
    fclose(in);
    fclose(out);

    in = tmpfile();
    out = tmpfile();
    fputs("measure standard 1000 4 1 0\nmeasure nothing\nmeasure graph 0 16 1 0\n", in);
    rewind(in);
    PK_CHECK(pk_ab_serve(in, out, &fake_backend, b, &o, NULL) == 2);
    rewind(out);
    PK_CHECK(fgets(line, sizeof line, out) && strncmp(line, "row ", 4) == 0);
    PK_CHECK(fgets(line, sizeof line, out) && strcmp(line, "error 2 bad request 'measure nothing'\n") == 0);
    PK_CHECK(fgets(line, sizeof line, out) == NULL);
    fclose(in);
    fclose(out);
    fake_backend.close(b);
}

int main(void)
{
    schedule();
    protocol();
    summary();
    serve();
    return pk_test_done("harness.ab");
}
