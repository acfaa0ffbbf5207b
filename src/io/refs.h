/* Reference lists (ethnicities, religions, titles, levels, ranks) loaded once
 * per import/export run, with lookups by id, code and name. Name lookups
 * ignore case and diacritics (core/vntext folding) when the exact name is
 * not found, as long as the folded name is unambiguous. */
#ifndef CANBO_IO_REFS_H
#define CANBO_IO_REFS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

struct ref_item {
    int64_t id;                /* ethnicity, religion, title; 0 otherwise */
    const char *code;          /* title, level, rank code; NULL otherwise */
    const char *name;
    const char *kind;          /* level kind; rank: rank_group */
    const char *group;         /* rank: salary group */
    int64_t allowance_x100;    /* title: position allowance, -1 when unknown */
    char fold[160];            /* folded name */
};

struct ref_list { struct ref_item *v; size_t n; };

struct io_refs {
    json_t *src[5];            /* the JSON lists the items point into */
    struct ref_list eth, rel, title, level, rank;
};

/* 0 / -1. io_refs_free is safe after a failed load. */
int io_refs_load(db *d, struct io_refs *r);
void io_refs_free(struct io_refs *r);

const struct ref_item *ref_by_id(const struct ref_list *l, int64_t id);
/* Case-insensitive code match; kind (may be NULL) restricts levels. */
const struct ref_item *ref_by_code(const struct ref_list *l, const char *code, const char *kind);
/* Exact name, else the unique folded match; kind as above. *ambiguous set
 * to 1 when several folded names match (may be NULL). */
const struct ref_item *ref_by_name(const struct ref_list *l, const char *name, const char *kind, int *ambiguous);

#endif
