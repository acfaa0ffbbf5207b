/* SQL for users, proposals, reference lists and audit listings. */
#ifndef CANBO_DB_ADMIN_H
#define CANBO_DB_ADMIN_H
#include <jansson.h>
#include "auth/auth.h"
#include "db/db.h"

/* kind: ranks, salary-steps, ethnicities, religions, levels, titles.
 * NULL for an unknown kind. */
json_t *db_ref_list(db *d, const char *kind);
/* Current name of a unit, or -1. */
int db_unit_current_name(db *d, int64_t unit_id, char *out, size_t cap);

json_t *db_users_list(db *d);
/* 0 created, 1 constraint violation (duplicate name, bad unit/person), -1 error. */
int db_user_insert(db *d, const char *username, const char *pw_hash, const char *role, int64_t unit_id,
                   int64_t person_id, const char *display_name, const char *created_at, int64_t *id);

/* Audit entries, newest first; entity NULL = all; entity_id 0 = any. */
json_t *db_audit_list(db *d, const char *entity, int64_t entity_id, int limit, int offset);

int db_proposal_insert(db *d, int64_t person_id, int64_t user_id, const char *created_at, const char *changes,
                       const char *note, int64_t *id);
json_t *db_proposal_list(db *d, const struct scope *sc, const char *status);
/* Loads a proposal: 0 found, 1 absent, -1 error. *changes is malloc'd. */
int db_proposal_get(db *d, int64_t id, int64_t *person_id, char *status, size_t scap, char **changes);
int db_proposal_decide(db *d, int64_t id, const char *decisions, int64_t user_id, const char *on, const char *note);

#endif
