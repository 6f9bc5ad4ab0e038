/* libFuzzer harness of the tidy CSV reader (harness/tidy.c): any bytes are read or refused; a
 * table that is read is written again and reads back with the same keys (the writer never
 * produces what the reader refuses). */
#include "fuzz/fuzz_input.h"

#include <string.h>

#include "harness/tidy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_table t, back;
    char err[512];
    if (pk_table_read_csv(pk_fuzz_file(data, size), &t, err, sizeof err) != 0)
        return 0;
    pk_table_fill_savings(&t);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        abort();
    pk_table_write_fp(fp, &t);
    fclose(fp);
    if (pk_table_read_csv(pk_fuzz_file((const uint8_t *)text, len), &back, err, sizeof err) != 0) {
        fprintf(stderr, "a table written by pkbench does not read back: %s\n", err);
        abort();
    }
    if (back.n != t.n || back.partial != t.partial)
        abort();
    for (size_t i = 0; i < t.n; i++)
        if (!pk_point_equal(&t.rows[i].key, &back.rows[i].key))
            abort();
    free(text);
    pk_table_free(&t);
    pk_table_free(&back);
    return 0;
}
