/* Opening an input file without surprises: only a regular file of bounded size is read, so
 * that a directory, a device (/dev/zero), a FIFO or a terminal given as an input is refused at
 * once with a reason instead of blocking, reading forever or failing as "invalid contents". */
#ifndef PK_COMMON_INFILE_H
#define PK_COMMON_INFILE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest input file any pkbench reader accepts, in bytes (1 GiB). */
#define PK_INPUT_MAX_BYTES (1024LL * 1024 * 1024)

/* Opens path for reading (never blocking on a FIFO or device). Returns 0 and *fp, or PK_EIO
 * with err holding "PATH: cannot open: REASON", "PATH: is a directory", "PATH: is not a
 * regular file" or "PATH: is larger than 1073741824 bytes". */
int pk_input_open(const char *path, FILE **fp, char *err, size_t errlen);
/* The same with another size bound: max_bytes, or none when 0 (for readers that stream a file
 * in constant memory, such as profiler traces of several GB). */
int pk_input_open_max(const char *path, long long max_bytes, FILE **fp, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
