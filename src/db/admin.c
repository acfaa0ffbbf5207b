/* SQL for users, proposals, reference lists and audit listings. */
#include "db/admin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_NULL: return json_null();
    default: return json_string(db_col_text(st, i));
    }
}

/* Rows as objects; columns named *_json are parsed as JSON. */
static json_t *rows(sqlite3_stmt *st)
{
    json_t *arr = json_array();
    int n = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < n; i++) {
            const char *name = sqlite3_column_name(st, i);
            size_t len = strlen(name);
            if (len > 5 && !strcmp(name + len - 5, "_json")) {
                char key[64];
                snprintf(key, sizeof key, "%.*s", (int)(len - 5), name);
                const char *t = db_col_text(st, i);
                json_object_set_new(o, key, t ? json_loads(t, 0, NULL) : json_null());
                if (!json_object_get(o, key)) json_object_set_new(o, key, json_null());
            } else json_object_set_new(o, name, col_json(st, i));
        }
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
    return arr;
}

json_t *db_ref_list(db *d, const char *kind)
{
    const char *sql = NULL;
    if (!strcmp(kind, "ranks")) sql = "SELECT code, name, salary_group, rank_group, source FROM ref_rank ORDER BY code";
    else if (!strcmp(kind, "salary-steps")) sql = "SELECT salary_group, step, coef_x100 FROM ref_salary_step ORDER BY salary_group, step";
    else if (!strcmp(kind, "ethnicities")) sql = "SELECT id, name, code_1979, code_2008 FROM ref_ethnicity ORDER BY id";
    else if (!strcmp(kind, "religions")) sql = "SELECT id, name, gso_code FROM ref_religion ORDER BY id";
    else if (!strcmp(kind, "levels")) sql = "SELECT kind, code, name, ord FROM ref_level ORDER BY kind, ord";
    else if (!strcmp(kind, "titles")) sql = "SELECT id, code, name, level, allowance_x100, is_leader FROM ref_title ORDER BY level, id";
    if (!sql) return NULL;
    sqlite3_stmt *st = db_stmt(d, sql);
    return st ? rows(st) : NULL;
}

int db_unit_current_name(db *d, int64_t unit_id, char *out, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT name FROM unit_version WHERE unit_id = ?1 ORDER BY valid_from DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, cap, "%s", db_col_text(st, 0));
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

json_t *db_users_list(db *d)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, username, role, unit_id, person_id, coalesce(display_name, username) AS display_name,"
                                  " active, created_at FROM app_user ORDER BY id");
    return st ? rows(st) : NULL;
}

int db_user_insert(db *d, const char *username, const char *pw_hash, const char *role, int64_t unit_id,
                   int64_t person_id, const char *display_name, const char *created_at, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO app_user(username, pw_hash, role, unit_id, person_id, display_name, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return -1;
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, pw_hash);
    db_bind_text(st, 3, role);
    if (unit_id > 0) db_bind_int(st, 4, unit_id);
    if (person_id > 0) db_bind_int(st, 5, person_id);
    db_bind_text(st, 6, display_name ? display_name : username);
    db_bind_text(st, 7, created_at);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) { *id = db_last_id(d); return 0; }
    return (rc & 0xff) == SQLITE_CONSTRAINT ? 1 : -1;
}

json_t *db_audit_list(db *d, const char *entity, int64_t entity_id, int limit, int offset)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, at, username, action, entity, entity_id, before AS before_json, after AS after_json"
                                  " FROM audit_log WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2)"
                                  " ORDER BY id DESC LIMIT ?3 OFFSET ?4");
    if (!st) return NULL;
    db_bind_text(st, 1, entity);
    db_bind_int(st, 2, entity_id);
    db_bind_int(st, 3, limit);
    db_bind_int(st, 4, offset);
    return rows(st);
}

int db_proposal_insert(db *d, int64_t person_id, int64_t user_id, const char *created_at, const char *changes,
                       const char *note, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO change_request(person_id, requested_by, created_at, changes, note)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, created_at);
    db_bind_text(st, 4, changes);
    db_bind_text(st, 5, note);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

json_t *db_proposal_list(db *d, const struct scope *sc, const char *status)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT c.id, c.person_id, p.full_name AS person_name, c.created_at, c.status, c.changes AS changes_json,"
        " c.decisions AS decisions_json, c.note, u.username AS requested_by FROM change_request c"
        " JOIN person p ON p.id = c.person_id JOIN app_user u ON u.id = c.requested_by"
        " WHERE (?1 = 1 OR p.id = ?3 OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2))"
        " AND (?4 IS NULL OR c.status = ?4) ORDER BY c.id DESC LIMIT 500");
    if (!st) return NULL;
    db_bind_int(st, 1, sc->all);
    db_bind_int(st, 2, sc->unit_root);
    db_bind_int(st, 3, sc->person_id);
    db_bind_text(st, 4, status);
    return rows(st);
}

int db_proposal_get(db *d, int64_t id, int64_t *person_id, char *status, size_t scap, char **changes)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT person_id, status, changes FROM change_request WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *person_id = sqlite3_column_int64(st, 0);
        snprintf(status, scap, "%s", db_col_text(st, 1));
        *changes = strdup(db_col_text(st, 2));
        rc = *changes ? 0 : -1;
    }
    sqlite3_reset(st);
    return rc;
}

int db_proposal_decide(db *d, int64_t id, const char *decisions, int64_t user_id, const char *on, const char *note)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE change_request SET status = 'decided', decisions = ?2, decided_by = ?3,"
                                  " decided_at = ?4, note = coalesce(?5, note) WHERE id = ?1 AND status = 'pending'");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, decisions);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, on);
    db_bind_text(st, 5, note);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : -1;
}
