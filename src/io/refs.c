/* Reference lists for io/: loaded through db_ref_list (db/admin.h). */
#include "io/refs.h"
#include "core/vntext.h"
#include "db/admin.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int load_one(db *d, const char *kind, json_t **src, struct ref_list *l)
{
    *src = db_ref_list(d, kind);
    if (!*src) return -1;
    size_t n = json_array_size(*src);
    l->v = calloc(n ? n : 1, sizeof *l->v);
    if (!l->v) return -1;
    l->n = n;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(*src, i);
        struct ref_item *it = &l->v[i];
        it->id = json_integer_value(json_object_get(o, "id"));
        it->code = json_string_value(json_object_get(o, "code"));
        it->name = json_string_value(json_object_get(o, "name"));
        it->kind = json_string_value(json_object_get(o, "kind"));
        if (!it->kind) it->kind = json_string_value(json_object_get(o, "rank_group"));
        it->group = json_string_value(json_object_get(o, "salary_group"));
        json_t *al = json_object_get(o, "allowance_x100");
        it->allowance_x100 = json_is_integer(al) ? json_integer_value(al) : -1;
        if (!it->name) it->name = "";
        if (vn_fold(it->name, strlen(it->name), it->fold, sizeof it->fold) == (size_t)-1) it->fold[0] = 0;
    }
    return 0;
}

int io_refs_load(db *d, struct io_refs *r)
{
    memset(r, 0, sizeof *r);
    if (load_one(d, "ethnicities", &r->src[0], &r->eth) || load_one(d, "religions", &r->src[1], &r->rel) ||
        load_one(d, "titles", &r->src[2], &r->title) || load_one(d, "levels", &r->src[3], &r->level) ||
        load_one(d, "ranks", &r->src[4], &r->rank))
        return -1;
    return 0;
}

void io_refs_free(struct io_refs *r)
{
    free(r->eth.v);
    free(r->rel.v);
    free(r->title.v);
    free(r->level.v);
    free(r->rank.v);
    for (int i = 0; i < 5; i++) json_decref(r->src[i]);
    memset(r, 0, sizeof *r);
}

const struct ref_item *ref_by_id(const struct ref_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == id) return &l->v[i];
    return NULL;
}

static int kind_ok(const struct ref_item *it, const char *kind)
{
    return !kind || (it->kind && !strcmp(it->kind, kind));
}

const struct ref_item *ref_by_code(const struct ref_list *l, const char *code, const char *kind)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].code && kind_ok(&l->v[i], kind) && !strcasecmp(l->v[i].code, code)) return &l->v[i];
    return NULL;
}

const struct ref_item *ref_by_name(const struct ref_list *l, const char *name, const char *kind, int *ambiguous)
{
    if (ambiguous) *ambiguous = 0;
    for (size_t i = 0; i < l->n; i++)
        if (kind_ok(&l->v[i], kind) && !strcmp(l->v[i].name, name)) return &l->v[i];
    char f[160];
    if (vn_fold(name, strlen(name), f, sizeof f) == (size_t)-1 || !f[0]) return NULL;
    const struct ref_item *found = NULL;
    for (size_t i = 0; i < l->n; i++)
        if (kind_ok(&l->v[i], kind) && !strcmp(l->v[i].fold, f)) {
            if (found) {
                if (ambiguous) *ambiguous = 1;
                return NULL;
            }
            found = &l->v[i];
        }
    return found;
}
