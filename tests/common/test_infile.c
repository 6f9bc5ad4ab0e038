/* Invariant: pk_input_open reads only regular files: a directory, /dev/zero and a FIFO without
 * a writer are refused at once with a reason naming the path (never read forever or blocked
 * on), a missing file is named with the system's reason, and a regular file opens. */
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
    unlink(file);
    return pk_test_done("common.infile");
}
