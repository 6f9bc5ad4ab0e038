/* Machine-context key/value store (see context.h). */
#include "common/context.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/status.h"

/* Copies src into dst (which holds it), replacing what could break the one-line formats that
 * carry a context: control characters (a newline would start a forged "# partial" line) always,
 * and in keys also '=', ',', '"' and spaces. */
static void clean_copy(char *dst, const char *src, int is_key)
{
    for (; *src; src++, dst++) {
        unsigned char ch = (unsigned char)*src;
        int bad = ch < 0x20 || ch == 0x7f || (is_key && (ch == '=' || ch == ',' || ch == '"' || ch == ' '));
        *dst = bad ? (is_key ? '_' : ' ') : *src;
    }
    *dst = '\0';
}

/* A PK_CONTEXT_DROPPED value: its count and first key (keys hold no spaces); 0 when it is not one. */
static int parse_dropped(const char *v, unsigned long *n, char *first)
{
    if (sscanf(v, "%lu (the first: %47s", n, first) < 2)
        return 0;
    const size_t len = strlen(first);
    if (len && first[len - 1] == ')')
        first[len - 1] = '\0';
    return 1;
}

/* Adds add refusals, the first of them first_key, under PK_CONTEXT_DROPPED (the slot kept for it). */
static void add_dropped(pk_context *c, unsigned long add, const char *first_key)
{
    size_t i = 0;
    while (i < c->count && strcmp(c->key[i], PK_CONTEXT_DROPPED) != 0)
        i++;
    unsigned long n = 0;
    char first[PK_CONTEXT_KEY] = "";
    if (i == c->count) {
        if (c->count == PK_CONTEXT_MAX)
            return;
        c->count++;
        snprintf(c->key[i], PK_CONTEXT_KEY, "%s", PK_CONTEXT_DROPPED);
    } else if (!parse_dropped(c->value[i], &n, first)) {
        n = 0;
    }
    if (!first[0])
        snprintf(first, sizeof first, "%s", first_key);
    snprintf(c->value[i], PK_CONTEXT_VALUE, "%lu (the first: %s)", n + add, first);
}

void pk_context_note_dropped(pk_context *c, const char *key)
{
    char k[PK_CONTEXT_KEY];
    snprintf(k, sizeof k, "%s", key);
    clean_copy(k, k, 1);
    add_dropped(c, 1, k);
}

void pk_context_del(pk_context *c, const char *key)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->key[i], key) == 0) {
            memmove(c->key[i], c->key[i + 1], (c->count - i - 1) * sizeof c->key[0]);
            memmove(c->value[i], c->value[i + 1], (c->count - i - 1) * sizeof c->value[0]);
            c->count--;
            return;
        }
}

int pk_context_fits(const char *key, const char *value)
{
    return *key && strlen(key) < PK_CONTEXT_KEY && strlen(value) < PK_CONTEXT_VALUE;
}

int pk_context_set(pk_context *c, const char *key, const char *value)
{
    if (!pk_context_fits(key, value))
        return PK_ERANGE;
    char k[PK_CONTEXT_KEY];
    clean_copy(k, key, 1);
    key = k;
    unsigned long n;
    char first[PK_CONTEXT_KEY];
    if (strcmp(key, PK_CONTEXT_DROPPED) == 0 && pk_context_get(c, key) && parse_dropped(value, &n, first)) {
        add_dropped(c, n, first); /* a copied count adds to the one here */
        return PK_OK;
    }
    size_t i = 0;
    while (i < c->count && strcmp(c->key[i], key) != 0)
        i++;
    if (i == c->count) {
        if (c->count >= PK_CONTEXT_MAX - (strcmp(key, PK_CONTEXT_DROPPED) != 0)) {
            add_dropped(c, 1, key);
            return PK_ERANGE;
        }
        c->count++;
        snprintf(c->key[i], PK_CONTEXT_KEY, "%s", key);
    }
    clean_copy(c->value[i], value, 0);
    return PK_OK;
}

int pk_context_set_tail(pk_context *c, const char *key, const char *value)
{
    const size_t n = strlen(value);
    if (n < PK_CONTEXT_VALUE)
        return pk_context_set(c, key, value);
    char buf[PK_CONTEXT_VALUE];
    snprintf(buf, sizeof buf, "...%s", value + n - (PK_CONTEXT_VALUE - 4));
    return pk_context_set(c, key, buf);
}

int pk_context_setf(pk_context *c, const char *key, const char *fmt, ...)
{
    char buf[PK_CONTEXT_VALUE];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return PK_ERANGE;
    return pk_context_set(c, key, buf);
}

const char *pk_context_get(const pk_context *c, const char *key)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->key[i], key) == 0)
            return c->value[i];
    return NULL;
}
