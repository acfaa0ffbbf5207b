/* Organisation tree: units with effective-dated versions (name, code, type,
 * parent, quota) and restructuring events (create, rename, move, quota,
 * merge, split, dissolve). History is never overwritten: a change closes the
 * open version on the effective date and opens a new one for the same unit.
 *
 * Writers: the caller holds the transaction (db_begin) and rolls it back on
 * any non-zero result; each writer adds one unit_event row (detail JSON with
 * from->to links and a "units" array of every unit involved) and rebuilds the
 * current-tree closure (as of c->today) before returning 0. */
#ifndef CANBO_DB_UNIT_H
#define CANBO_DB_UNIT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/auth.h"
#include "db/db.h"

/* Results of writers: 0 success, -1 storage error, or one of these. */
enum unit_rc {
    UNIT_NOT_FOUND = 1,   /* a referenced unit does not exist */
    UNIT_ENDED,           /* a referenced unit has ended (dissolved, merged, split) */
    UNIT_NOT_ACTIVE,      /* a referenced unit has no version valid on the effective date */
    UNIT_HISTORY,         /* the effective date is before the current version (or a later posting) */
    UNIT_CYCLE,           /* the new parent is the unit itself or one of its descendants */
    UNIT_HAS_PEOPLE,      /* dissolving a unit with people needs transfer_to */
    UNIT_HAS_CHILDREN,    /* dissolving a unit with sub-units needs transfer_to */
    UNIT_NOT_IN_UNIT,     /* a listed person does not belong to the unit being split */
    UNIT_DUPLICATE,       /* an id listed twice, or the target listed among the sources */
    UNIT_NESTED,          /* a merge source lies inside another source */
    UNIT_NO_CHANGE,       /* the change would leave the unit as it is */
};

/* Inputs shared by every change, and the details of its outcome. */
struct unit_change {
    const char *effective;    /* "YYYY-MM-DD", required */
    const char *decision_no;  /* decision number, or NULL */
    int64_t user_id;          /* unit_event.created_by (0 = system) */
    const char *today;        /* "YYYY-MM-DD": date of the current-tree closure */
    /* Outputs. */
    int64_t event_id;         /* the unit_event row written */
    json_t *detail;           /* the event detail (owned: unit_change_clear frees it) */
    char err_field[64];       /* JSON member an error refers to ("parent_id", "sources"...) */
    int64_t err_unit;         /* unit an error refers to, or 0 */
};
void unit_change_init(struct unit_change *c, const char *effective, const char *decision_no, int64_t user_id,
                      const char *today);
void unit_change_clear(struct unit_change *c);

/* Attributes of a new unit. parent_id 0 = a root (no parent). */
struct unit_spec {
    const char *name;
    const char *code;         /* or NULL */
    const char *type;         /* see unit_type_valid */
    int64_t parent_id;
    int has_quota;
    int64_t quota;
};
/* 1 for province, department, division, commune, ward, special_zone,
 * service_unit, party_org, other. */
int unit_type_valid(const char *type);

/* The writers (see the header comment for the transaction contract). */
int db_unit_create(db *d, struct unit_change *c, const struct unit_spec *s, int64_t *id);
/* set_code: 0 keeps the code, 1 sets it to `code` (NULL clears it). */
int db_unit_rename(db *d, struct unit_change *c, int64_t id, const char *name, int set_code, const char *code);
/* has_quota 0 clears the quota. */
int db_unit_set_quota(db *d, struct unit_change *c, int64_t id, int has_quota, int64_t quota);
int db_unit_move(db *d, struct unit_change *c, int64_t id, int64_t parent_id);
/* Merges n sources into `target` (an existing live unit), or, with target 0,
 * into a new unit described by new_unit. Sources end on the effective date;
 * their open sub-units get the target as parent; their people are re-homed to
 * the target. *target_out receives the target's id. */
int db_unit_merge(db *d, struct unit_change *c, const int64_t *sources, size_t n, int64_t target,
                  const struct unit_spec *new_unit, int64_t *target_out);
/* One part of a split; spec.parent_id is ignored (parts get the source's parent). */
struct unit_part {
    struct unit_spec spec;
    const int64_t *person_ids; /* people who go to this part, or NULL */
    size_t n_people;
};
/* Splits unit `id` into n (>= 2) new units. Listed people go to their part,
 * everyone else (and every sub-unit) to the first part; the source ends.
 * new_ids (n entries) receives the new units' ids. */
int db_unit_split(db *d, struct unit_change *c, int64_t id, const struct unit_part *parts, size_t n,
                  int64_t *new_ids);
/* Ends unit `id`. When it has people or sub-units, transfer_to (> 0) must name
 * the unit that takes them. */
int db_unit_dissolve(db *d, struct unit_change *c, int64_t id, int64_t transfer_to);

/* Readers. Dates are "YYYY-MM-DD". */
/* 1 when the unit exists (ended or not). */
int db_unit_exists(db *d, int64_t id);
/* 1 when `id` is `ancestor` or lies below it in the tree as of `as_of`, or,
 * with as_of NULL, in the tree of open versions (the latest known state). */
int db_unit_under(db *d, int64_t ancestor, int64_t id, const char *as_of);
/* 1 when the unit is visible to the scope: in the subtree of the scope root
 * in the latest tree, as of `as_of` (may be NULL), or on the day before the
 * unit ended. Admin scope: every existing unit. */
int db_unit_in_scope(db *d, const struct scope *sc, int64_t id, const char *as_of);
/* The tree as of a date, restricted to the scope, as a flat array in
 * depth-first order (siblings by name): {id, name, code, type, parent_id,
 * depth, quota, headcount}. With q (may be NULL) only units whose name or
 * code matches (ignoring case and diacritics) and their ancestors, with
 * "match": true on the matches. 0 / -1. */
int db_unit_tree(db *d, const struct scope *sc, const char *as_of, const char *q, json_t **items);
/* One unit as of a date: its attributes (from the version valid on as_of, or
 * the latest one with "active": false), ancestors, children, headcount, all
 * versions and all events. 0, 1 when absent, -1 on error. */
int db_unit_get(db *d, int64_t id, const char *as_of, json_t **out);
/* The sub-units valid on as_of: {id, name, code, type, quota, headcount}. */
int db_unit_children(db *d, int64_t id, const char *as_of, json_t **items);
/* Compact state for audit entries: {id, created_on, ended_on, version}
 * (the open version, or the last one). NULL when absent or on error. */
json_t *db_unit_snapshot(db *d, int64_t id);

#endif
