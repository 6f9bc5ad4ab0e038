/* Invariant: where the model reads chunks (C at least 8 W), calibrate measures
 * persistent_resident_item_ns (e_r) from resident batches of 3 W and 7 W items and B_w from 3 W
 * with it, keeps e_r only below e, and notes the window step's walls; rounds and brackets take
 * the median of the e_r measured, and none where the combined C or e leave the model unable to
 * use it; without chunks, no e_r and B_w the old way (1.5 W with e). */
#include <string.h>

#include "common/status.h"
#include "fake_backend.h"
#include "harness/calibrate.h"
#include "pk_test.h"

static pk_backend *plant(char *err, size_t errlen)
{
    pk_backend *b = fake_plant(err, errlen);
    PK_CHECK(b != NULL);
    return b;
}

/* A resident batch's items past the window at e_r = 30 ns within the first chunk of 256 words,
 * each full chunk 256 (e - e_r) more (e 45): e_r from the batches of 96 and 224 items, B_w from
 * 96 against 15 less 64 e_r, both as planted; the context notes the four batches' walls and the
 * B_w that 48 items with e would give (16 (e - e_r) more). Three rounds, one of them without e_r
 * (an older calibration's, 0): e_r the median of the two that measured it; none where it is not
 * below the combined e or most rounds found no chunks. Then a backend without cheaper items in a
 * chunk: no chunks, no e_r, B_w the old way. */
static double combined_er(const pk_params *r)
{
    char err[256];
    pk_params q;
    pk_params_init(&q);
    PK_CHECK(pk_calibrate_combine(r, 3, &q, err, sizeof err) == PK_OK);
    const double v = q.value[PK_P_PERSISTENT_RESIDENT_ITEM];
    pk_params_free(&q);
    return v;
}

static void test_resident_item(void)
{
    char err[512];
    pk_backend *b = plant(err, sizeof err);
    pk_params p;
    pk_params_init(&p);
    pk_calibrate_opts o = {4, NULL, NULL, NULL, 0, 0, 0, 0};
    fake.C = 256, fake.ec = 30, fake.er = 30, fake.W = 32, fake.Bw = 1600;
    o.chunk_items = 256, o.window_items = 32;
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_RESIDENT_ITEM], 30, 1e-6);
    PK_CHECK_U64(p.samples[PK_P_PERSISTENT_RESIDENT_ITEM].n, 4);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], 1600, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_ITEM], fake.e, 1e-6);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_BATCH], fake.B, 1e-6);
    const char *walls = pk_context_get(&p.context, "persistent_window_walls");
    PK_CHECK(walls && strcmp(walls, "median walls N = 15: 9500, 48: 11580, 96: 13020, 224: 16860 ns; "
                                    "B_w at 48 with e: 1360 ns") == 0);
    pk_params r[3];
    for (int i = 0; i < 3; i++) {
        pk_params_init(&r[i]);
        memcpy(r[i].value, p.value, sizeof p.value);
        r[i].value[PK_P_PERSISTENT_RESIDENT_ITEM] = i == 0 ? 0 : 20 + 10 * i;
    }
    PK_CHECK_NEAR(combined_er(r), 35, 1e-9); /* 30 and 40, not 30 */
    r[2].value[PK_P_PERSISTENT_ITEM] = r[1].value[PK_P_PERSISTENT_ITEM] = 33; /* e 33: 35 not below */
    PK_CHECK_NEAR(combined_er(r), 0, 0);
    r[2].value[PK_P_PERSISTENT_ITEM] = r[1].value[PK_P_PERSISTENT_ITEM] = fake.e;
    r[1].value[PK_P_PERSISTENT_CHUNK_ITEMS] = r[2].value[PK_P_PERSISTENT_CHUNK_ITEMS] = 0; /* most found no chunks */
    r[1].value[PK_P_PERSISTENT_CHUNK_ITEM] = r[2].value[PK_P_PERSISTENT_CHUNK_ITEM] = 0;
    PK_CHECK_NEAR(combined_er(r), 0, 0);
    r[1].value[PK_P_PERSISTENT_CHUNK_ITEMS] = r[2].value[PK_P_PERSISTENT_CHUNK_ITEMS] = 256;
    r[1].value[PK_P_PERSISTENT_CHUNK_ITEM] = r[2].value[PK_P_PERSISTENT_CHUNK_ITEM] = 30;
    r[1].value[PK_P_PERSISTENT_RESIDENT_ITEM] = r[2].value[PK_P_PERSISTENT_RESIDENT_ITEM] = 0;
    PK_CHECK_NEAR(combined_er(r), 0, 0);
    for (int i = 0; i < 3; i++)
        pk_params_free(&r[i]);

    /* A backend whose items cost no less within a chunk (e_c 50 against e 45): no chunks stored, so
     * no e_r (the model could not use it) and B_w at 48 with e, which the model then meets there:
     * 48 costs B + Bw + 16 * 30 on this fake, B_w = Bw - 16 * 15. */
    fake.ec = 50;
    pk_params_free(&p);
    pk_params_init(&p);
    PK_CHECK(pk_calibrate(&fake_backend, b, &o, &p, err, sizeof err) == PK_OK);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_CHUNK_ITEMS], 0, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_RESIDENT_ITEM], 0, 0);
    PK_CHECK_NEAR(p.value[PK_P_PERSISTENT_WINDOW], 1600 + 16 * 30 - 16 * p.value[PK_P_PERSISTENT_ITEM], 1e-6);
    PK_CHECK(pk_context_get(&p.context, "persistent_window_walls") == NULL);
    fake.C = 0, fake.ec = 0, fake.er = 0, fake.W = 0, fake.Bw = 0;
    pk_params_free(&p);
    fake_backend.close(b);
}

int main(void)
{
    test_resident_item();
    return pk_test_done("harness.calibrate_resident");
}
