#ifndef CANBO_HTTP_JSON_OUT_H
#define CANBO_HTTP_JSON_OUT_H
#include <jansson.h>
#include <stddef.h>
/* Compact JSON text of v (malloc'd, NUL-terminated), or NULL when out of memory. */
char *json_out(const json_t *v, size_t *len);
#endif
