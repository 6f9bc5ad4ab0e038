/* Path building that reports overflow instead of truncating, and the few file-system questions
 * the commands ask (is it a file; create a directory and its parents). */
#ifndef PK_COMMON_PATH_H
#define PK_COMMON_PATH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The size of every path buffer: the longest path, terminator included. */
#define PK_PATH_MAX 4096

/* Writes "DIR/NAME" into out (len bytes). Returns 0, or PK_ERANGE when it does not fit: out
 * then holds the empty string, never a truncated path, and err (when not NULL) says
 * "DIR/NAME: path too long (more than LEN - 1 bytes)". */
int pk_path_join(char *out, size_t len, const char *dir, const char *name, char *err, size_t errlen);
/* printf-style path building into out; PK_ERANGE (out empty) when it does not fit. */
int pk_path_fmt(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* 1 when path names a regular file. */
int pk_path_is_file(const char *path);
/* Creates a directory and its parents (like mkdir -p). Returns 0, or -1 with errno set; an
 * existing path that is not a directory fails with ENOTDIR, a path too long with ENAMETOOLONG. */
int pk_path_mkdirs(const char *path);

#ifdef __cplusplus
}
#endif

#endif
