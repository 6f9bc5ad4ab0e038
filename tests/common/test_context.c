/* Invariant: no context key or value can break the line formats that carry it: control
 * characters (a newline would start a forged "# partial: true" line in a tidy CSV) are replaced,
 * and so are '=' and ',' in keys; other text is kept as given. A full context loses nothing
 * silently: a key that finds no room is refused and counted, with the first such key, under
 * context_dropped in the slot kept for it, while existing keys can still be set; a value too long
 * for its slot (a file's path) is kept by pk_context_set_tail as "..." and its tail. */
#include <stdio.h>
#include <string.h>

#include "common/context.h"
#include "common/status.h"
#include "tests/pk_test.h"

int main(void)
{
    pk_context c = {0};
    PK_CHECK(pk_context_set(&c, "gpu\n# partial: true\nx", "a\nb\r\tc") == PK_OK);
    PK_CHECK_STR(c.key[0], "gpu_#_partial:_true_x");
    PK_CHECK_STR(c.value[0], "a b  c");
    PK_CHECK(pk_context_set(&c, "k=v,w", "x=1, y") == PK_OK);
    PK_CHECK_STR(c.key[1], "k_v_w");
    PK_CHECK_STR(c.value[1], "x=1, y");
    PK_CHECK(pk_context_get(&c, "k_v_w") != NULL);
    PK_CHECK(pk_context_set(&c, "", "empty key") == PK_ERANGE);
    PK_CHECK_U64(c.count, 2);
    /* a path too long for a value keeps its tail (pk_context_set refuses it, and a caller that
     * did not look lost the key) */
    char path[PK_CONTEXT_VALUE + 40];
    memset(path, 'd', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    memcpy(path + sizeof path - 8, "/wl.csv", 7);
    PK_CHECK(pk_context_set(&c, "path", path) == PK_ERANGE && pk_context_get(&c, "path") == NULL);
    PK_CHECK(pk_context_set_tail(&c, "path", path) == PK_OK);
    const char *tail = pk_context_get(&c, "path");
    PK_CHECK(tail && strlen(tail) == PK_CONTEXT_VALUE - 1 && strncmp(tail, "...ddd", 6) == 0 &&
             strcmp(tail + strlen(tail) - 7, "/wl.csv") == 0);
    PK_CHECK(pk_context_set_tail(&c, "path", "short/wl.csv") == PK_OK); /* one that fits: as given */
    PK_CHECK_STR(pk_context_get(&c, "path"), "short/wl.csv");
    pk_context_del(&c, "path");

    pk_context f = {0};
    char key[16];
    for (int i = 0; i < PK_CONTEXT_MAX - 1; i++) {
        snprintf(key, sizeof key, "key%d", i);
        PK_CHECK(pk_context_set(&f, key, "x") == PK_OK);
    }
    PK_CHECK(pk_context_get(&f, PK_CONTEXT_DROPPED) == NULL);
    PK_CHECK(pk_context_set(&f, "late_a", "y") == PK_ERANGE);
    PK_CHECK_U64(f.count, PK_CONTEXT_MAX);
    PK_CHECK_STR(pk_context_get(&f, PK_CONTEXT_DROPPED), "1 (the first: late_a)");
    PK_CHECK(pk_context_set(&f, "late_b", "y") == PK_ERANGE);
    PK_CHECK_STR(pk_context_get(&f, PK_CONTEXT_DROPPED), "2 (the first: late_a)");
    PK_CHECK(pk_context_get(&f, "late_b") == NULL);
    PK_CHECK(pk_context_set(&f, "key3", "replaced") == PK_OK); /* an existing key still changes */
    PK_CHECK_STR(pk_context_get(&f, "key3"), "replaced");
    /* a file read back that carries the note sets it in the kept slot */
    pk_context g = {0};
    for (int i = 0; i < PK_CONTEXT_MAX - 1; i++) {
        snprintf(key, sizeof key, "key%d", i);
        PK_CHECK(pk_context_set(&g, key, "x") == PK_OK);
    }
    PK_CHECK(pk_context_set(&g, PK_CONTEXT_DROPPED, "2 (the first: late_a)") == PK_OK);
    PK_CHECK(pk_context_set(&g, "late_c", "y") == PK_ERANGE);
    PK_CHECK_STR(pk_context_get(&g, PK_CONTEXT_DROPPED), "3 (the first: late_a)");
    /* a count copied in from another context adds to the one here, keeping this one's first */
    PK_CHECK(pk_context_set(&g, PK_CONTEXT_DROPPED, "4 (the first: other)") == PK_OK);
    PK_CHECK_STR(pk_context_get(&g, PK_CONTEXT_DROPPED), "7 (the first: late_a)");
    /* a key with a parenthesis comes back whole */
    pk_context h = {0};
    for (int i = 0; i < PK_CONTEXT_MAX - 1; i++) {
        snprintf(key, sizeof key, "key%d", i);
        PK_CHECK(pk_context_set(&h, key, "x") == PK_OK);
    }
    PK_CHECK(pk_context_set(&h, "f(x)", "y") == PK_ERANGE);
    PK_CHECK(pk_context_set(&h, "g", "y") == PK_ERANGE);
    PK_CHECK_STR(pk_context_get(&h, PK_CONTEXT_DROPPED), "2 (the first: f(x))");
    return pk_test_done("common.context");
}
