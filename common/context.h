/* Machine context: ordered key/value strings (GPU, driver, runtime, clocks, pkbench version,
 * git commit...) carried by params JSON, Google Benchmark JSON and CSV headers alike. */
#ifndef PK_COMMON_CONTEXT_H
#define PK_COMMON_CONTEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PK_CONTEXT_MAX 64
#define PK_CONTEXT_KEY 48
#define PK_CONTEXT_VALUE 160
/* The last slot's key: how many times a key found no room, and the first such key
 * ("3 (the first: x)"). */
#define PK_CONTEXT_DROPPED "context_dropped"

typedef struct pk_context {
    size_t count;
    char key[PK_CONTEXT_MAX][PK_CONTEXT_KEY];
    char value[PK_CONTEXT_MAX][PK_CONTEXT_VALUE];
} pk_context;

/* Sets key to value (replacing an existing key). Control characters become '_' in the key and
 * ' ' in the value, and '=', ',', '"' and spaces '_' in the key, so that no key or value can
 * break the line formats that carry them (CSV comment lines). Returns 0, or PK_ERANGE when
 * full, too long or the key is empty. A context holds PK_CONTEXT_MAX - 1 keys; a new key that
 * finds no room is counted under PK_CONTEXT_DROPPED in the last slot, so that every file written
 * from the context says what it lacks instead of losing it silently; setting PK_CONTEXT_DROPPED
 * itself (a file read back, a context copied into another) adds its count to the one there. */
int pk_context_set(pk_context *c, const char *key, const char *value);
/* pk_context_set for a value that may be too long (a file's path): one of PK_CONTEXT_VALUE bytes or
 * more is kept as "..." and its last PK_CONTEXT_VALUE - 4 bytes, not refused. */
int pk_context_set_tail(pk_context *c, const char *key, const char *value);
/* 1 when key and value can be carried: a key of 1 to PK_CONTEXT_KEY - 1 bytes, a value under
 * PK_CONTEXT_VALUE (what pk_context_set refuses but for a full context). */
int pk_context_fits(const char *key, const char *value);
/* printf-style variant of pk_context_set. */
int pk_context_setf(pk_context *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Counts key under PK_CONTEXT_DROPPED as a key that found no room (for a caller that takes back
 * what it set when a later key was refused, so that the file still says what it lacks). */
void pk_context_note_dropped(pk_context *c, const char *key);
/* The value for key, or NULL. */
const char *pk_context_get(const pk_context *c, const char *key);
/* Removes key (and its value) where c holds it; the other keys keep their order. */
void pk_context_del(pk_context *c, const char *key);

#ifdef __cplusplus
}
#endif

#endif
