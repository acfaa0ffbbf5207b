/* JSON text writers. */
#include "util/jbuf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jb_init(struct jbuf *b)
{
    memset(b, 0, sizeof *b);
    b->first[0] = 1;
}

void jb_free(struct jbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

static void grow(struct jbuf *b, size_t need)
{
    if (b->oom || b->n + need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + need) cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) { b->oom = 1; return; }
    b->p = np;
    b->cap = cap;
}

static inline void put(struct jbuf *b, const char *s, size_t n)
{
    if (b->n + n > b->cap) {
        grow(b, n);
        if (b->oom) return;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put1(struct jbuf *b, char c) { put(b, &c, 1); }

char *jb_take(struct jbuf *b, size_t *len)
{
    put1(b, 0);
    if (b->oom) { jb_free(b); return NULL; }
    *len = b->n - 1;
    char *p = b->p;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

/* A value in an array needs a comma before it unless it is the first. */
static void before_value(struct jbuf *b)
{
    if (b->depth > 0 && b->depth < JB_MAX_DEPTH) {
        if (!b->first[b->depth]) put1(b, ',');
        b->first[b->depth] = 0;
    }
}

static void open_(struct jbuf *b, char c)
{
    put1(b, c);
    if (b->depth + 1 < JB_MAX_DEPTH) b->first[b->depth + 1] = 1;
    b->depth++;
}

/* 1 for bytes that must be escaped in a JSON string. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/* Index of the first byte that needs escaping, scanning 8 bytes at a time
 * (a byte < 0x20, '"' or '\\'). */
static size_t clean_run(const char *s, size_t n)
{
    size_t i = 0;
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t lt20 = (w - ones * 0x20) & ~w & highs;
        uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
        uint64_t hit = lt20 | ((q - ones) & ~q & highs) | ((bs - ones) & ~bs & highs);
        if (hit) break;
    }
    while (i < n && !needs_escape[(unsigned char)s[i]]) i++;
    return i;
}

static void put_string(struct jbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    grow(b, n + 2);
    put1(b, '"');
    size_t i = 0;
    while (i < n) {
        size_t run = clean_run(s + i, n - i);
        put(b, s + i, run);
        i += run;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i++];
        switch (c) {
        case '"': put(b, "\\\"", 2); break;
        case '\\': put(b, "\\\\", 2); break;
        case '\n': put(b, "\\n", 2); break;
        case '\r': put(b, "\\r", 2); break;
        case '\t': put(b, "\\t", 2); break;
        case '\b': put(b, "\\b", 2); break;
        case '\f': put(b, "\\f", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(b, e, 6);
        }
        }
    }
    put1(b, '"');
}

/* A value right after its key takes no comma (jb_key wrote it). */
static void value_prefix(struct jbuf *b)
{
    if (b->after_key) { b->after_key = 0; return; }
    before_value(b);
}

void jb_obj_open(struct jbuf *b) { value_prefix(b); open_(b, '{'); }
void jb_arr_open(struct jbuf *b) { value_prefix(b); open_(b, '['); }
void jb_obj_close(struct jbuf *b) { put1(b, '}'); if (b->depth > 0) b->depth--; }
void jb_arr_close(struct jbuf *b) { put1(b, ']'); if (b->depth > 0) b->depth--; }

void jb_key_raw(struct jbuf *b, const char *quoted, size_t n)
{
    before_value(b);
    put(b, quoted, n);
    b->after_key = 1;
}

void jb_key(struct jbuf *b, const char *key)
{
    before_value(b);
    put_string(b, key, strlen(key));
    put1(b, ':');
    b->after_key = 1;
}

void jb_strn(struct jbuf *b, const char *s, size_t n) { value_prefix(b); put_string(b, s, n); }
void jb_str(struct jbuf *b, const char *s)
{
    if (!s) { jb_null(b); return; }
    jb_strn(b, s, strlen(s));
}
void jb_null(struct jbuf *b) { value_prefix(b); put(b, "null", 4); }
void jb_bool(struct jbuf *b, int v) { value_prefix(b); if (v) put(b, "true", 4); else put(b, "false", 5); }
void jb_int(struct jbuf *b, int64_t v)
{
    char num[24], *e = num + sizeof num, *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *--p = '-';
    value_prefix(b);
    put(b, p, (size_t)(e - p));
}

static void put_value(struct jbuf *b, const json_t *v, int depth)
{
    if (depth > 64) { put(b, "null", 4); return; }
    char num[64];
    int k;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        put1(b, '{');
        const char *key;
        json_t *x;
        int first = 1;
        json_object_foreach((json_t *)v, key, x) {
            if (!first) put1(b, ',');
            first = 0;
            put_string(b, key, strlen(key));
            put1(b, ':');
            put_value(b, x, depth + 1);
        }
        put1(b, '}');
        break;
    }
    case JSON_ARRAY: {
        put1(b, '[');
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i) put1(b, ',');
            put_value(b, x, depth + 1);
        }
        put1(b, ']');
        break;
    }
    case JSON_STRING: put_string(b, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER:
        k = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        put(b, num, (size_t)k);
        break;
    case JSON_REAL:
        k = snprintf(num, sizeof num, "%.17g", json_real_value(v));
        put(b, num, (size_t)k);
        break;
    case JSON_TRUE: put(b, "true", 4); break;
    case JSON_FALSE: put(b, "false", 5); break;
    default: put(b, "null", 4);
    }
}

void jb_json(struct jbuf *b, const json_t *v)
{
    value_prefix(b);
    put_value(b, v, 0);
}

void jb_raw(struct jbuf *b, const char *json, size_t n)
{
    value_prefix(b);
    if (!json) put(b, "null", 4);
    else put(b, json, n);
}

char *json_out(const json_t *v, size_t *len)
{
    struct jbuf b;
    jb_init(&b);
    put_value(&b, v, 0);
    return jb_take(&b, len);
}
