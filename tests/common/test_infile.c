/* Invariant: pk_input_open reads only regular files: a directory, /dev/zero and a FIFO without
 * a writer are refused at once with a reason naming the path (never read forever or blocked
 * on), a missing file is named with the system's reason, and a regular file opens; a file over
 * the size bound (1 GiB, or pk_input_open_max's; none there when 0) is refused, naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/infile.h"
#include "common/status.h"
#include "tests/pk_test.h"

static void refused(const char *path, const char *why)
{
    FILE *fp = NULL;
    char err[512];
    PK_CHECK(pk_input_open(path, &fp, err, sizeof err) == PK_EIO);
    PK_CHECK(fp == NULL);
    if (!strstr(err, why) || strncmp(err, path, strlen(path)) != 0)
        fprintf(stderr, "message '%s' lacks '%s'\n", err, why);
    PK_CHECK(strstr(err, why) != NULL && strncmp(err, path, strlen(path)) == 0);
}

int main(void)
{
    char fifo[64], file[64];
    snprintf(fifo, sizeof fifo, "infile.%ld.fifo", (long)getpid());
    snprintf(file, sizeof file, "infile.%ld.txt", (long)getpid());
    refused(".", "is a directory");
    refused("/dev/zero", "is not a regular file");
    refused("no-such-input.json", "cannot open");
    if (mkfifo(fifo, 0600) == 0) {
        refused(fifo, "is not a regular file");
        unlink(fifo);
    }
    FILE *w = fopen(file, "w");
    fputs("{}\n", w);
    fclose(w);
    FILE *fp = NULL;
    char err[256], buf[8] = "";
    PK_CHECK(pk_input_open(file, &fp, err, sizeof err) == PK_OK);
    PK_CHECK(fp && fgets(buf, sizeof buf, fp) && strcmp(buf, "{}\n") == 0);
    if (fp)
        fclose(fp);
    /* The size bound: 3 bytes pass a bound of 3 and none (0), not one of 2; a sparse file of
     * 1 GiB passes pk_input_open, one byte more is refused with the bound named. */
    fp = NULL;
    PK_CHECK(pk_input_open_max(file, 3, &fp, err, sizeof err) == PK_OK && fp);
    if (fp)
        fclose(fp);
    fp = NULL;
    PK_CHECK(pk_input_open_max(file, 0, &fp, err, sizeof err) == PK_OK && fp);
    if (fp)
        fclose(fp);
    fp = NULL;
    PK_CHECK(pk_input_open_max(file, 2, &fp, err, sizeof err) == PK_EIO && !fp && strstr(err, "is larger than 2 bytes"));
    if (truncate(file, PK_INPUT_MAX_BYTES) == 0) {
        PK_CHECK(pk_input_open(file, &fp, err, sizeof err) == PK_OK && fp);
        if (fp)
            fclose(fp);
        PK_CHECK(truncate(file, PK_INPUT_MAX_BYTES + 1) == 0);
        refused(file, "is larger than 1073741824 bytes");
    }
    unlink(file);
    return pk_test_done("common.infile");
}
