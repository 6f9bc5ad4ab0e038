/* Path building that reports overflow instead of truncating, and the few file-system questions
 * the commands ask (is it a file; create a directory and its parents, or could we). */
#ifndef PK_COMMON_PATH_H
#define PK_COMMON_PATH_H

#include <stddef.h>
#include <stdio.h>

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

/* Splits path at its last '/': the folder that holds it into dir (len bytes; "." for a bare
 * name, "/" for a name under the root) and its last component into *base (a pointer into path).
 * Returns 0, or PK_ERANGE when the folder does not fit (dir then holds the empty string). */
int pk_path_split(const char *path, char *dir, size_t len, const char **base);

/* 1 when path's name ends in ".gz" (and is more than that): a name that zcat and other tools
 * take for gzip, refused for the plain text the writers make. */
int pk_path_gz_name(const char *path);
/* 1 when path names a regular file. */
int pk_path_is_file(const char *path);
/* 1 when a and b name the same file: the same inode when both exist, else the same file once
 * their folders are made (each resolved as pk_path_inside resolves it, so "x.csv", "./x.csv"
 * and "new/../x.csv" are one file before any is written, though "new" does not exist). */
int pk_path_same(const char *a, const char *b);
/* 1 when file is dir, or would be written inside folder dir or a folder under it, once both are
 * made: each made absolute, the parts that exist resolved (links followed, file's own name too),
 * '.' and '..' taken as written in the parts that do not; else 0 (also when either cannot be
 * resolved). A hard link is not seen: compare inodes (pk_path_same) for that. */
int pk_path_inside(const char *file, const char *dir);
/* Creates a directory and its parents (like mkdir -p). Returns 0, or -1 with errno set; an
 * existing path that is not a directory fails with ENOTDIR, a path too long with ENAMETOOLONG. */
int pk_path_mkdirs(const char *path);
/* Why pk_path_mkdirs(path) (or pk_path_creatable) failed with errno e, as a message writes it
 * after the path: "is a file; give a folder" where path names something that is not a folder,
 * "cannot write in the folder: " and strerror(e) where it is a folder already, else "cannot make
 * the folder: " and strerror(e). Written into buf (len bytes); returns buf. */
const char *pk_path_mkdirs_why(const char *path, int e, char *buf, size_t len);
/* Creates the directory that file is in, and its parents (nothing for a bare name). Returns 0,
 * or -1 with errno set as pk_path_mkdirs does. */
int pk_path_mkparent(const char *file);
/* 0 when dir is a directory or pk_path_mkdirs could create it: its nearest existing ancestor is
 * a directory this process may write into. Else -1 with errno set (ENOTDIR when a component is
 * not a directory, EACCES when the ancestor is not writable, ENAMETOOLONG). Creates nothing
 * (as root, whom permissions do not stop, a probe folder made and removed at once tells instead),
 * so that a command can refuse an output it cannot write before it starts its work. */
int pk_path_creatable(const char *dir);
/* The folders pk_path_mkparent(file) would make, as a record for pk_path_remove_made, into
 * first (len bytes): the shallowest missing folder of each branch the path takes, as an absolute
 * path with '.', '..' and repeated '/' resolved, one after another, each ending in '\0', the
 * record in one more '\0' ("a/b/../../c/f" with neither there: a, then c). first[0] is '\0' when
 * file's folder is there. A folder that does not fit in len is left out (not taken back). */
void pk_path_first_missing(const char *file, char *first, size_t len);
/* Removes the folders made for file, deepest first: those in or under a folder of first's record
 * (pk_path_first_missing's), file resolved as there; a folder that holds anything stays, and none
 * outside the record goes. Nothing when first is "". */
void pk_path_remove_made(const char *file, const char *first);
/* pk_path_creatable for the directory that file is in. */
int pk_path_parent_creatable(const char *file);

/* Whether s starts a control: a C0 byte (0x00-0x1f), DEL, or a C1 control (U+0080-U+009F, CSI
 * among them) written in UTF-8 (0xc2 0x80-0x9f), which a terminal obeys as it obeys ESC [. 0, or
 * the bytes it takes (1 or 2). s[0] must be a byte of a NUL-terminated string. */
size_t pk_control_len(const char *s);

/* path as a report shows it inside a markdown code span: each control byte (0x00-0x1f, 0x7f)
 * and each C1 control in UTF-8 (0xc2 0x80-0x9f) written as '?' and each backtick as '\'', so
 * that a name typed with an escape sequence or a backtick can neither reach a terminal that shows
 * the report nor end its span. Written into buf (len bytes; a longer path is cut at len - 1
 * bytes) and returned. (Terminal messages escape with pk_cli_esc instead, as \xHH.) */
const char *pk_path_shown(const char *path, char *buf, size_t len);

/* An anonymous temporary file, open for reading and writing and gone once closed, in $TMPDIR
 * (when set and not empty) else /tmp: tmpfile() ignores TMPDIR. NULL when it cannot be made,
 * with why (when not NULL) saying "cannot make a temporary file in DIR: REASON". */
FILE *pk_path_tmpfile(char *why, size_t whylen);

#ifdef __cplusplus
}
#endif

#endif
