/* Invariant: pk_params_load accepts a file whose values and samples are finite numbers in
 * [0, 1e15] with a whole launch_queue_depth, and rejects any other value (too large, fractional
 * queue depth, huge sample) with one error naming the file and the field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"
#include "sim/params.h"
#include "tests/pk_test.h"

/* Writes a params file where field `name` has text `val` (others valid) and loads it. */
static int load_with(const char *path, const char *name, const char *val, const char *sample, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return PK_EIO;
    fprintf(fp, "{\"schema_version\": %d, \"params\": {", PK_PARAMS_SCHEMA_VERSION);
    for (int i = 0; i < PK_PARAM_COUNT; i++)
        fprintf(fp, "%s\"%s\": %s", i ? ", " : "", pk_param_table[i].name,
                strcmp(pk_param_table[i].name, name) == 0 ? val : "10");
    fprintf(fp, "}, \"samples\": {\"sync_ns\": [1, %s]}}\n", sample);
    fclose(fp);
    pk_params p;
    int rc = pk_params_load(path, &p, err, errlen);
    if (rc == PK_OK)
        pk_params_free(&p);
    return rc;
}

int main(void)
{
    char path[64], err[512];
    snprintf(path, sizeof path, "test_params.%ld.json", (long)getpid());

    PK_CHECK(load_with(path, "sync_ns", "1e15", "2", err, sizeof err) == PK_OK);
    PK_CHECK(load_with(path, "launch_queue_depth", "1024", "2", err, sizeof err) == PK_OK);

    PK_CHECK(load_with(path, "launch_queue_depth", "1.5", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, path) && strstr(err, "\"launch_queue_depth\" must be a whole number"));
    PK_CHECK(load_with(path, "launch_queue_depth", "1e30", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"launch_queue_depth\" must be a finite number in [0, 1e15]") != NULL);
    PK_CHECK(load_with(path, "launch_host_ns", "1e300", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, path) && strstr(err, "\"launch_host_ns\""));
    PK_CHECK(load_with(path, "launch_host_ns", "-1", "2", err, sizeof err) == PK_ERANGE);
    PK_CHECK(load_with(path, "sync_ns", "5", "1e300", err, sizeof err) == PK_ERANGE);
    PK_CHECK(strstr(err, "\"samples\".\"sync_ns\"[1]") != NULL);
    PK_CHECK(strchr(err, '\n') == NULL);

    unlink(path);
    return pk_test_done("sim.params");
}
