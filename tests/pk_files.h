/* Test helpers for files: write a text file, read it (or its first line) back. */
#ifndef PK_FILES_H
#define PK_FILES_H

#include <stdio.h>

/* Writes text to path (replacing it); silently does nothing when path cannot be opened. */
static inline void pk_test_put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* The first line of path, newline included, or "" when it cannot be read (a static buffer). */
static inline const char *pk_test_first_line(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (fp) {
        if (!fgets(buf, sizeof buf, fp))
            buf[0] = '\0';
        fclose(fp);
    }
    return buf;
}

/* Reads path into buf (at most len - 1 bytes, NUL-terminated; "" when it cannot be opened);
 * returns the bytes read. */
static inline size_t pk_test_read(const char *path, char *buf, size_t len)
{
    FILE *fp = fopen(path, "r");
    size_t got = fp ? fread(buf, 1, len - 1, fp) : 0;
    buf[got] = '\0';
    if (fp)
        fclose(fp);
    return got;
}

#endif
