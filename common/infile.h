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
/* The offset of the first NUL byte in fp from its start (it is rewound first), or -1 when it has
 * none or cannot be read. A JSON reader (jansson) takes a NUL for the end of the text, and says
 * "expected near end of file"; its callers use this to name the NUL instead. */
long long pk_stream_nul_at(FILE *fp);
/* A JSON reader's failure on path, into err: "PATH: invalid JSON: a NUL byte at offset N" where
 * the text (fp, or the file at path when fp is NULL) holds a NUL before the place the reader
 * stopped (position: bytes read, jansson's json_error_t.position, one past a NUL it took for the
 * end), else "PATH:LINE: invalid JSON: TEXT" (line and text: json_error_t's). */
void pk_json_failure(char *err, size_t errlen, const char *path, FILE *fp, int line, int position, const char *text);

#ifdef __cplusplus
}
#endif

#endif
