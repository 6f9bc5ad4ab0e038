/* Invariant: no context key or value can break the line formats that carry it: control
 * characters (a newline would start a forged "# partial: true" line in a tidy CSV) are replaced,
 * and so are '=' and ',' in keys; other text is kept as given. */
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
    return pk_test_done("common.context");
}
