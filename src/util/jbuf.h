/* JSON text writers: a streaming builder (struct jbuf) for hot read paths
 * that go straight from SQLite rows to the reply, and json_out() for jansson
 * values (same text as json_dumps(JSON_COMPACT), several times faster). */
#ifndef CANBO_UTIL_JBUF_H
#define CANBO_UTIL_JBUF_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define JB_MAX_DEPTH 32

struct jbuf {
    char *p;             /* malloc'd text; take it with jb_take */
    size_t n, cap;
    int oom;
    int depth;
    int after_key;       /* a key was written; its value needs no comma */
    unsigned char first[JB_MAX_DEPTH]; /* no member written yet at this depth */
};

void jb_init(struct jbuf *b);
void jb_free(struct jbuf *b);
/* Returns the NUL-terminated text (caller frees) and its length, or NULL on OOM. */
char *jb_take(struct jbuf *b, size_t *len);
void jb_obj_open(struct jbuf *b);
void jb_obj_close(struct jbuf *b);
void jb_arr_open(struct jbuf *b);
void jb_arr_close(struct jbuf *b);
void jb_key(struct jbuf *b, const char *key);   /* inside an object: "key": */
/* A key already written as JSON text with its colon ("\"name\":"). */
void jb_key_raw(struct jbuf *b, const char *quoted, size_t n);
void jb_str(struct jbuf *b, const char *s);      /* NULL writes null */
void jb_strn(struct jbuf *b, const char *s, size_t n);
void jb_int(struct jbuf *b, int64_t v);
void jb_null(struct jbuf *b);
void jb_bool(struct jbuf *b, int v);
void jb_json(struct jbuf *b, const json_t *v);   /* embeds a jansson value */
void jb_raw(struct jbuf *b, const char *json, size_t n); /* embeds JSON text as is */

char *json_out(const json_t *v, size_t *len);

#endif
