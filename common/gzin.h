/* Reading a results file that may be stored gzipped: the committed H200 leases keep their
 * measured.csv as measured.csv.gz (results/README.md), and every tidy-CSV reader takes either.
 * PATH is read as given when it exists (inflated when it starts with the gzip magic), else
 * PATH.gz when that exists; what is handed back is a plain text stream of the contents. */
#ifndef PK_COMMON_GZIN_H
#define PK_COMMON_GZIN_H

#include <stddef.h>
#include <stdio.h>

/* The most a gzipped input may inflate to, in bytes (256 MiB): a bound against a small file
 * that inflates without end. */
#define PK_GZIN_MAX_BYTES (256LL * 1024 * 1024)

/* Opens path (or path.gz, see above) as pk_input_open does; *fp reads the inflated text. The
 * file actually opened goes to used (path or path.gz), for messages. Returns 0, or PK_EIO with
 * err naming the file and why: those of pk_input_open, "truncated gzip data", "corrupt gzip
 * data in member K: REASON", "trailing bytes after gzip member K that are not gzip data" (every
 * member is read, and nothing else may follow one), "read error: REASON", "inflates to more than
 * 268435456 bytes", "cannot make a temporary file in DIR: REASON" (the inflated text goes to an
 * anonymous file in $TMPDIR, else /tmp: pk_path_tmpfile), or, in a build without zlib,
 * "gzip data, and this pkbench was built without zlib (install zlib1g-dev)". */
int pk_gzin_open(const char *path, FILE **fp, char *used, size_t usedlen, char *err, size_t errlen);
/* The file pk_gzin_open reads for path into out: path when it exists, else path.gz when that
 * exists; 1, or 0 when neither does (or out is too small). */
int pk_gzin_which(const char *path, char *out, size_t len);
/* 1 when path or path.gz exists (what pk_gzin_open would read), else 0. */
int pk_gzin_exists(const char *path);

#endif
