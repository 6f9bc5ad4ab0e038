/* harness/grid: an axis written by pk_grid_axis_format reads back (pk_cli_u64_list) as exactly
 * the same values, in as few characters as its runs allow; a grid recorded in a context reads
 * back equal, also after the tidy CSV turned its commas into ';'; a context without a grid, or
 * with a malformed one, is told apart; a --benchmark_filter keeps exactly the points whose
 * benchmark name it matches. */
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "harness/cli.h"
#include "harness/grid.h"
#include "harness/sweep.h"
#include "pk_test.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Formats v, parses the text back, and checks the values are the same. */
static void round_trip(const uint64_t *v, size_t n, const char *want)
{
    char text[PK_CONTEXT_VALUE], err[256];
    uint64_t back[PK_GRID_MAX_AXIS];
    size_t nb = 0;
    int rc = pk_grid_axis_format(v, n, text, sizeof text);
    if (rc == PK_ERANGE && !want)
        return; /* too irregular to fit: refused, never truncated */
    PK_CHECK(rc == PK_OK);
    if (want)
        PK_CHECK_STR(text, want);
    PK_CHECK(pk_cli_u64_list("--x", text, UINT64_MAX, back, PK_GRID_MAX_AXIS, &nb, err, sizeof err) == PK_OK);
    PK_CHECK_U64(nb, n);
    for (size_t i = 0; i < n && i < nb; i++)
        PK_CHECK_U64(back[i], v[i]);
}

static void axis_format(void)
{
    uint64_t pow2[15], items[] = {0, 1000, 5000, 20000, 50000}, step[] = {0, 1000, 5000, 20000, 35000, 50000, 7};
    for (int i = 0; i < 15; i++)
        pow2[i] = (uint64_t)1 << i;
    round_trip(pow2, 15, "1:16384:*2");
    round_trip(items, 5, "0,1000,5000,20000,50000");
    round_trip(step, 4, "0,1000,5000,20000");
    round_trip(step + 2, 4, "5000:50000:+15000");
    round_trip(items, 1, "0");
    uint64_t big[] = {UINT64_MAX - 2, UINT64_MAX - 1, UINT64_MAX};
    round_trip(big, 3, "18446744073709551613:18446744073709551615:+1");
    /* Random ascending lists of random lengths: each either round-trips or is refused. */
    for (int t = 0; t < 2000; t++) {
        uint64_t v[64];
        size_t n = 1 + next() % 64;
        uint64_t x = next() % 100;
        for (size_t i = 0; i < n; i++) {
            uint64_t kind = next() % 3;
            x += kind == 0 ? 1 + next() % 3 : kind == 1 ? 7 : x + 1; /* mixes runs and jumps */
            v[i] = x;
        }
        round_trip(v, n, NULL);
    }
    char small[4];
    PK_CHECK(pk_grid_axis_format(pow2, 15, small, sizeof small) == PK_ERANGE);
}

static void record_read(void)
{
    uint64_t items[] = {0, 5000}, batches[] = {1, 2, 4, 8, 100}, grids[] = {1}, blocks[] = {0, 64};
    pk_grid g = {.strategies = {PK_STRAT_PERSISTENT, PK_STRAT_STANDARD}, .ns = 2,
                 .vals = {items, batches, grids, blocks}, .n = {2, 5, 1, 2}};
    pk_context ctx = {0};
    char err[256];
    PK_CHECK(pk_grid_record(&g, &ctx, err, sizeof err) == PK_OK);
    PK_CHECK_STR(pk_context_get(&ctx, "sweep_strategy"), "persistent,standard");
    PK_CHECK_STR(pk_context_get(&ctx, "sweep_batch"), "1:8:*2,100");
    for (int pass = 0; pass < 2; pass++) {
        pk_grid back;
        PK_CHECK(pk_grid_from_context(&ctx, &back, err, sizeof err) == PK_OK);
        PK_CHECK_U64(back.ns, 2);
        PK_CHECK(back.strategies[0] == PK_STRAT_PERSISTENT && back.strategies[1] == PK_STRAT_STANDARD);
        for (int a = 0; a < PK_GRID_AXES; a++) {
            PK_CHECK_U64(back.n[a], g.n[a]);
            PK_CHECK(back.n[a] == g.n[a] && memcmp(back.vals[a], g.vals[a], g.n[a] * sizeof(uint64_t)) == 0);
        }
        size_t np = 0;
        pk_point *pts = pk_grid_points(&back, &np);
        PK_CHECK_U64(np, 2 * 2 * 5 * 1 * 2);
        PK_CHECK(pts && pts[0].strategy == PK_STRAT_PERSISTENT && pts[1].strategy == PK_STRAT_STANDARD);
        free(pts);
        pk_grid_free(&back);
        /* As the tidy CSV writes it: commas become ';'. */
        for (size_t k = 0; k < ctx.count; k++)
            for (char *c = ctx.value[k]; (c = strchr(c, ',')) != NULL;)
                *c = ';';
    }
    pk_grid none;
    pk_context empty = {0};
    PK_CHECK(pk_grid_from_context(&empty, &none, err, sizeof err) == PK_EINVAL);
    pk_context_set(&ctx, "sweep_batch", "1:x");
    PK_CHECK(pk_grid_from_context(&ctx, &none, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "sweep_batch") != NULL);
    pk_context_set(&ctx, "sweep_batch", "1");
    pk_context_set(&ctx, "sweep_strategy", "warp");
    PK_CHECK(pk_grid_from_context(&ctx, &none, err, sizeof err) == PK_EPARSE);
    PK_CHECK(strstr(err, "sweep_strategy") != NULL);
    /* An axis too irregular for a context value is refused, naming its flag. */
    uint64_t odd[200];
    for (int i = 0; i < 200; i++)
        odd[i] = (uint64_t)i * i * 7 + 3;
    g.vals[PK_GRID_BATCH] = odd;
    g.n[PK_GRID_BATCH] = 200;
    PK_CHECK(pk_grid_record(&g, &ctx, err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "--batch") != NULL);
}

static void filter(void)
{
    int strat[] = {PK_STRAT_STANDARD, PK_STRAT_GRAPH};
    uint64_t items[] = {0, 1000}, batches[] = {1, 16}, one[] = {1}, zero[] = {0};
    size_t n = 0;
    pk_point *pts = pk_sweep_points(strat, 2, items, 2, batches, 2, one, 1, zero, 1, &n);
    PK_CHECK_U64(n, 8);
    size_t k = n;
    PK_CHECK(pk_grid_filter("^graph/.*batch:16/", pts, &k) == PK_OK);
    PK_CHECK_U64(k, 2);
    for (size_t i = 0; i < k; i++)
        PK_CHECK(pts[i].strategy == PK_STRAT_GRAPH && pts[i].batch == 16);
    free(pts);
    pts = pk_sweep_points(strat, 2, items, 2, batches, 2, one, 1, zero, 1, &n);
    k = n;
    PK_CHECK(pk_grid_filter("-^graph/", pts, &k) == PK_OK);
    PK_CHECK_U64(k, 4);
    k = n;
    PK_CHECK(pk_grid_filter("manual_time$", pts, &k) == PK_OK);
    PK_CHECK_U64(k, 8);
    k = n;
    PK_CHECK(pk_grid_filter("all", pts, &k) == PK_OK && k == 8);
    PK_CHECK(pk_grid_filter("(", pts, &k) == PK_EINVAL);
    free(pts);
}

/* A list at its bound: a repeated value counts once (the list is deduplicated), a new one past
 * the bound is refused. */
static void list_bound(void)
{
    static uint64_t v[PK_GRID_MAX_AXIS];
    size_t n = 0;
    char err[256], text[64];
    snprintf(text, sizeof text, "1:%d:+1,1,%d,7", PK_GRID_MAX_AXIS, PK_GRID_MAX_AXIS);
    PK_CHECK(pk_cli_u64_list("--x", text, UINT64_MAX, v, PK_GRID_MAX_AXIS, &n, err, sizeof err) == PK_OK);
    PK_CHECK_U64(n, PK_GRID_MAX_AXIS);
    PK_CHECK_U64(v[PK_GRID_MAX_AXIS - 1], PK_GRID_MAX_AXIS);
    snprintf(text, sizeof text, "1:%d:+1,1,%d", PK_GRID_MAX_AXIS, PK_GRID_MAX_AXIS + 1);
    PK_CHECK(pk_cli_u64_list("--x", text, UINT64_MAX, v, PK_GRID_MAX_AXIS, &n, err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "too many values") != NULL);
}

int main(void)
{
    list_bound();
    axis_format();
    record_read();
    filter();
    return pk_test_done("fleet.grid");
}
