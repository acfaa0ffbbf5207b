/* SQL for evaluation by product (see db/eval.h and migration 0003). */
#include "db/eval.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scope predicate of db/person.c: ?1 all, ?2 subtree root, ?3 own person. */
#define SCOPE_UNIT(col) "(?1 = 1 OR " col " IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2))"

static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_NULL: return json_null();
    default: return json_string(db_col_text(st, i));
    }
}

static json_t *row_obj(sqlite3_stmt *st)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), col_json(st, i));
    return o;
}

/* All rows as objects; NULL on a step error. Resets the statement. */
static json_t *rows(sqlite3_stmt *st)
{
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, row_obj(st));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

/* Runs an INSERT; 1 on a constraint violation, -1 on other errors. */
static int insert_done(db *d, sqlite3_stmt *st, int64_t *id)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return (rc & 0xff) == SQLITE_CONSTRAINT ? 1 : -1;
    if (id) *id = db_last_id(d);
    return 0;
}

static void bind_scope(sqlite3_stmt *st, const struct scope *sc)
{
    db_bind_int(st, 1, sc->all);
    db_bind_int(st, 2, sc->unit_root);
}

static void bind_opt_id(sqlite3_stmt *st, int i, int64_t v)
{
    if (v > 0) db_bind_int(st, i, v);
    else db_bind_null(st, i);
}

/* ---- task groups and product types ------------------------------------ */

int db_eval_group_insert(db *d, int64_t unit_id, const char *name, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_task_group(unit_id, name, created_at) VALUES (?1, ?2, ?3)");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, now);
    return insert_done(d, st, id);
}

int db_eval_group_unit(db *d, int64_t id, int64_t *unit_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT unit_id FROM eval_task_group WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) { *unit_id = sqlite3_column_int64(st, 0); rc = 0; }
    sqlite3_reset(st);
    return rc;
}

json_t *db_eval_group_list(db *d, const struct scope *sc, int64_t unit_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT g.id, g.unit_id, g.name, g.created_at FROM eval_task_group g"
                                  " WHERE " SCOPE_UNIT("g.unit_id") " AND (?3 IS NULL OR g.unit_id = ?3)"
                                  " ORDER BY g.unit_id, g.name LIMIT 5000");
    if (!st) return NULL;
    bind_scope(st, sc);
    bind_opt_id(st, 3, unit_id);
    return rows(st);
}

int db_eval_ptype_insert(db *d, const struct eval_ptype *p, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_product_type(unit_id, position, code, name, measure, norm_x100,"
                                  " task_group_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    if (!st) return -1;
    db_bind_int(st, 1, p->unit_id);
    db_bind_text(st, 2, p->position);
    db_bind_text(st, 3, p->code);
    db_bind_text(st, 4, p->name);
    db_bind_text(st, 5, p->measure);
    db_bind_int(st, 6, p->norm_x100);
    bind_opt_id(st, 7, p->task_group_id);
    db_bind_text(st, 8, now);
    return insert_done(d, st, id);
}

#define PTYPE_COLS "p.id, p.unit_id, p.position, p.code, p.name, p.measure, p.norm_x100, p.task_group_id," \
                   " g.name AS task_group_name, p.active, p.created_at, p.updated_at" \
                   " FROM eval_product_type p LEFT JOIN eval_task_group g ON g.id = p.task_group_id"

int db_eval_ptype_get(db *d, int64_t id, json_t **out)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT " PTYPE_COLS " WHERE p.id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) { *out = row_obj(st); rc = 0; }
    sqlite3_reset(st);
    return rc;
}

int db_eval_ptype_update(db *d, int64_t id, const char *name, const char *measure, const char *position,
                         int64_t norm_x100, int64_t task_group_id, int active, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_product_type SET name = ?2, measure = ?3, position = ?4, norm_x100 = ?5,"
                                  " task_group_id = ?6, active = ?7, updated_at = ?8 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, measure);
    db_bind_text(st, 4, position);
    db_bind_int(st, 5, norm_x100);
    bind_opt_id(st, 6, task_group_id);
    db_bind_int(st, 7, active);
    db_bind_text(st, 8, now);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

json_t *db_eval_ptype_list(db *d, const struct scope *sc, int64_t unit_id, int active_only)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT " PTYPE_COLS " WHERE " SCOPE_UNIT("p.unit_id")
                                  " AND (?3 IS NULL OR p.unit_id = ?3) AND (?4 = 0 OR p.active = 1)"
                                  " ORDER BY p.unit_id, p.code LIMIT 5000");
    if (!st) return NULL;
    bind_scope(st, sc);
    bind_opt_id(st, 3, unit_id);
    db_bind_int(st, 4, active_only);
    return rows(st);
}

/* ---- tasks ------------------------------------------------------------- */

int db_eval_task_insert(db *d, const struct eval_task *t, int64_t assigned_by, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_task(person_id, unit_id, period_kind, year, number, product_type_id, norm_x100, title,"
        " target_qty, deadline, quality_req, weight_x100, verifier_user_id, key_task, assigned_by, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return -1;
    db_bind_int(st, 1, t->person_id);
    db_bind_int(st, 2, t->unit_id);
    db_bind_text(st, 3, t->period_kind);
    db_bind_int(st, 4, t->year);
    db_bind_int(st, 5, t->number);
    db_bind_int(st, 6, t->product_type_id);
    db_bind_int(st, 7, t->norm_x100);
    db_bind_text(st, 8, t->title);
    db_bind_int(st, 9, t->target_qty);
    db_bind_text(st, 10, t->deadline);
    db_bind_text(st, 11, t->quality_req);
    db_bind_int(st, 12, t->weight_x100);
    bind_opt_id(st, 13, t->verifier_user_id);
    db_bind_int(st, 14, t->key_task);
    db_bind_int(st, 15, assigned_by);
    db_bind_text(st, 16, now);
    return insert_done(d, st, id);
}

int db_eval_task_get(db *d, int64_t id, struct eval_task *t)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, person_id, unit_id, period_kind, year, number, product_type_id, norm_x100,"
                                  " target_qty, weight_x100, coalesce(verifier_user_id, 0), key_task FROM eval_task WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    memset(t, 0, sizeof *t);
    if (sqlite3_step(st) == SQLITE_ROW) {
        t->id = sqlite3_column_int64(st, 0);
        t->person_id = sqlite3_column_int64(st, 1);
        t->unit_id = sqlite3_column_int64(st, 2);
        snprintf(t->period_kind, sizeof t->period_kind, "%s", db_col_text(st, 3));
        t->year = sqlite3_column_int64(st, 4);
        t->number = sqlite3_column_int64(st, 5);
        t->product_type_id = sqlite3_column_int64(st, 6);
        t->norm_x100 = sqlite3_column_int64(st, 7);
        t->target_qty = sqlite3_column_int64(st, 8);
        t->weight_x100 = sqlite3_column_int64(st, 9);
        t->verifier_user_id = sqlite3_column_int64(st, 10);
        t->key_task = sqlite3_column_int64(st, 11);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

/* The evidence of one result row (its "id"), with the file's metadata. */
static json_t *evidence_of(db *d, json_t *result)
{
    sqlite3_stmt *ev = db_stmt(d, "SELECT e.kind, e.ref, e.file_id, f.name AS file_name, f.sha256, f.size,"
                                  " f.content_type FROM eval_evidence e LEFT JOIN eval_file f ON f.id = e.file_id"
                                  " WHERE e.result_id = ?1 ORDER BY e.id");
    if (!ev) return NULL;
    db_bind_int(ev, 1, json_integer_value(json_object_get(result, "id")));
    return rows(ev);
}

static json_t *results_of(db *d, int64_t task_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT r.id, r.quantity, r.note, r.origin, r.source, r.extracted_at, r.external_ref,"
                                  " r.reported_at, u.username AS reported_by, r.status, v.username AS verified_by,"
                                  " r.verified_at, r.verify_note FROM eval_result r"
                                  " JOIN app_user u ON u.id = r.reported_by LEFT JOIN app_user v ON v.id = r.verified_by"
                                  " WHERE r.task_id = ?1 ORDER BY r.id");
    if (!st) return NULL;
    db_bind_int(st, 1, task_id);
    json_t *res = rows(st);
    if (!res) return NULL;
    size_t i;
    json_t *r;
    json_array_foreach(res, i, r) {
        json_t *evs = evidence_of(d, r);
        if (!evs) { json_decref(res); return NULL; }
        json_object_set_new(r, "evidence", evs);
        /* Counts only when verified; an output without evidence stays unverified. */
        json_object_set_new(r, "counts", json_boolean(!strcmp(json_string_value(json_object_get(r, "status")), "verified")));
    }
    return res;
}

json_t *db_eval_tasks_of(db *d, int64_t person_id, int64_t year, const char *kind, int64_t number)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT t.id, t.person_id, t.unit_id, t.period_kind, t.year, t.number, t.product_type_id, p.code AS product_code,"
        " p.name AS product_name, p.measure, t.norm_x100, p.task_group_id, t.title, t.target_qty, t.deadline, t.quality_req,"
        " t.weight_x100, t.verifier_user_id, t.key_task, a.username AS assigned_by, t.created_at,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'verified') AS verified_qty,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'unverified') AS unverified_qty"
        " FROM eval_task t JOIN eval_product_type p ON p.id = t.product_type_id JOIN app_user a ON a.id = t.assigned_by"
        " WHERE t.person_id = ?1 AND (?2 = 0 OR t.year = ?2) AND (?3 IS NULL OR t.period_kind = ?3)"
        " AND (?4 = 0 OR t.number = ?4) ORDER BY t.year, t.period_kind, t.number, t.id LIMIT 5000");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, kind);
    db_bind_int(st, 4, number);
    json_t *tasks = rows(st);
    if (!tasks) return NULL;
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t) {
        int64_t tid = json_integer_value(json_object_get(t, "id"));
        json_t *res = results_of(d, tid);
        sqlite3_stmt *rv = db_stmt(d, "SELECT r.id, r.kind, r.on_date, r.objective, r.reason, u.username AS recorded_by,"
                                      " r.recorded_at FROM eval_review r JOIN app_user u ON u.id = r.recorded_by"
                                      " WHERE r.task_id = ?1 ORDER BY r.id");
        json_t *revs = NULL;
        if (rv) { db_bind_int(rv, 1, tid); revs = rows(rv); }
        if (!res || !revs) { json_decref(res); json_decref(revs); json_decref(tasks); return NULL; }
        json_object_set_new(t, "results", res);
        json_object_set_new(t, "reviews", revs);
    }
    return tasks;
}

json_t *db_eval_tasks_list(db *d, const struct scope *sc, int64_t unit_id, int64_t year, const char *kind,
                           int64_t number, int limit, int offset)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT t.id, t.person_id, p.full_name AS person_name, p.unit_id AS person_unit_id, t.period_kind, t.year, t.number,"
        " t.product_type_id, pt.code AS product_code, t.title, t.target_qty, t.deadline, t.verifier_user_id, t.key_task,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'verified') AS verified_qty,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'unverified') AS unverified_qty"
        " FROM eval_task t JOIN person p ON p.id = t.person_id JOIN eval_product_type pt ON pt.id = t.product_type_id"
        " WHERE (?1 = 1 OR p.id = ?3 OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2))"
        " AND (?4 IS NULL OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?4))"
        " AND (?5 = 0 OR t.year = ?5) AND (?6 IS NULL OR t.period_kind = ?6) AND (?7 = 0 OR t.number = ?7)"
        " ORDER BY p.sort_key, t.year, t.period_kind, t.number, t.id LIMIT ?8 OFFSET ?9");
    if (!st) return NULL;
    bind_scope(st, sc);
    db_bind_int(st, 3, sc->person_id);
    bind_opt_id(st, 4, unit_id);
    db_bind_int(st, 5, year);
    db_bind_text(st, 6, kind);
    db_bind_int(st, 7, number);
    db_bind_int(st, 8, limit);
    db_bind_int(st, 9, offset);
    return rows(st);
}

/* ---- evidence files ---------------------------------------------------- */

int db_eval_file_insert(db *d, const char *sha256_hex, const char *ctype, const char *name, const void *data,
                        size_t len, int64_t person_id, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_file(sha256, size, content_type, name, data, person_id, uploaded_by,"
                                  " uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return -1;
    db_bind_text(st, 1, sha256_hex);
    db_bind_int(st, 2, (int64_t)len);
    db_bind_text(st, 3, ctype);
    db_bind_text(st, 4, name);
    sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC);
    bind_opt_id(st, 6, person_id);
    db_bind_int(st, 7, user_id);
    db_bind_text(st, 8, now);
    int rc = insert_done(d, st, id);
    sqlite3_clear_bindings(st); /* drop the SQLITE_STATIC pointer */
    return rc;
}

int db_eval_file_owner(db *d, int64_t id, int64_t *person_id, int64_t *uploaded_by)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(person_id, 0), uploaded_by FROM eval_file WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *person_id = sqlite3_column_int64(st, 0);
        *uploaded_by = sqlite3_column_int64(st, 1);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_file_meta(db *d, int64_t id, json_t **out)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, sha256, size, content_type, name, person_id, uploaded_at FROM eval_file WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) { *out = row_obj(st); rc = 0; }
    sqlite3_reset(st);
    return rc;
}

int db_eval_file_data(db *d, int64_t id, char **data, size_t *len, char *ctype, size_t ccap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT data, content_type FROM eval_file WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        *data = malloc(n ? n : 1);
        if (*data) {
            if (n) memcpy(*data, b, n);
            *len = n;
            snprintf(ctype, ccap, "%s", db_col_text(st, 1));
            rc = 0;
        } else rc = -1;
    }
    sqlite3_reset(st);
    return rc;
}

/* ---- results ----------------------------------------------------------- */

int db_eval_result_insert(db *d, const struct eval_result_in *r, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_result(task_id, quantity, note, origin, source, extracted_at,"
                                  " external_ref, reported_by, reported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, r->task_id);
    db_bind_int(st, 2, r->quantity);
    db_bind_text(st, 3, r->note);
    db_bind_text(st, 4, r->origin);
    db_bind_text(st, 5, r->source);
    db_bind_text(st, 6, r->extracted_at);
    db_bind_text(st, 7, r->external_ref);
    db_bind_int(st, 8, user_id);
    db_bind_text(st, 9, now);
    return insert_done(d, st, id);
}

int db_eval_evidence_insert(db *d, int64_t result_id, const char *kind, const char *ref, int64_t file_id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_evidence(result_id, kind, ref, file_id) VALUES (?1, ?2, ?3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, result_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, ref);
    bind_opt_id(st, 4, file_id);
    return insert_done(d, st, NULL);
}

int db_eval_result_get(db *d, int64_t id, int64_t *task_id, int64_t *reported_by, char *status, size_t scap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT task_id, status, reported_by FROM eval_result WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *task_id = sqlite3_column_int64(st, 0);
        snprintf(status, scap, "%s", db_col_text(st, 1));
        *reported_by = sqlite3_column_int64(st, 2);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_result_evidence_count(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM eval_evidence WHERE result_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

int db_eval_result_verify(db *d, int64_t id, const char *status, int64_t user_id, const char *now, const char *note)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_result SET status = ?2, verified_by = ?3, verified_at = ?4, verify_note = ?5"
                                  " WHERE id = ?1 AND status = 'unverified'");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, note);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

/* ---- reviews ----------------------------------------------------------- */

int db_eval_review_insert(db *d, int64_t task_id, const char *kind, const char *on_date, int objective,
                          const char *reason, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_review(task_id, kind, on_date, objective, reason, recorded_by,"
                                  " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return -1;
    db_bind_int(st, 1, task_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, on_date);
    db_bind_int(st, 4, objective);
    db_bind_text(st, 5, reason);
    db_bind_int(st, 6, user_id);
    db_bind_text(st, 7, now);
    return insert_done(d, st, id);
}

/* ---- score inputs ------------------------------------------------------ */

int db_eval_score_rows(db *d, int64_t person_id, const char *kind, int64_t year, int64_t number,
                       struct eval_score_row *out, size_t cap, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT t.id, t.norm_x100, t.target_qty,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'verified'),"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result r WHERE r.task_id = t.id AND r.status = 'unverified'),"
        " (SELECT count(*) FROM eval_review v WHERE v.task_id = t.id AND v.kind = 'quality' AND v.objective = 0),"
        " (SELECT count(*) FROM eval_review v WHERE v.task_id = t.id AND v.kind = 'delay' AND v.objective = 0),"
        " (SELECT count(*) FROM eval_review v WHERE v.task_id = t.id AND v.objective = 1)"
        " FROM eval_task t WHERE t.person_id = ?1 AND t.period_kind = ?2 AND t.year = ?3 AND t.number = ?4 ORDER BY t.id");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, kind);
    db_bind_int(st, 3, year);
    db_bind_int(st, 4, number);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n >= cap) { sqlite3_reset(st); return -1; }
        struct eval_score_row *r = &out[(*n)++];
        r->task_id = sqlite3_column_int64(st, 0);
        r->norm_x100 = sqlite3_column_int64(st, 1);
        r->target_qty = sqlite3_column_int64(st, 2);
        r->verified_qty = sqlite3_column_int64(st, 3);
        r->unverified_qty = sqlite3_column_int64(st, 4);
        r->quality_failures = sqlite3_column_int64(st, 5);
        r->delays = sqlite3_column_int64(st, 6);
        r->objective_events = sqlite3_column_int64(st, 7);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- assessments and workflow ------------------------------------------ */

int db_eval_assessment_insert(db *d, int64_t person_id, int64_t unit_id, const char *kind, int64_t year,
                              int64_t number, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state,"
                                  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?6)");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, unit_id);
    db_bind_text(st, 3, kind);
    db_bind_int(st, 4, year);
    db_bind_int(st, 5, number);
    db_bind_text(st, 6, now);
    int rc = insert_done(d, st, id);
    if (rc != 1) return rc;
    sqlite3_stmt *q = db_stmt(d, "SELECT id FROM eval_assessment WHERE person_id = ?1 AND period_kind = ?2 AND year = ?3"
                                 " AND number = ?4");
    if (!q) return -1;
    db_bind_int(q, 1, person_id);
    db_bind_text(q, 2, kind);
    db_bind_int(q, 3, year);
    db_bind_int(q, 4, number);
    if (sqlite3_step(q) == SQLITE_ROW) *id = sqlite3_column_int64(q, 0);
    else rc = -1;
    sqlite3_reset(q);
    return rc;
}

int db_eval_assessment_get(db *d, int64_t id, struct eval_assessment *a)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, person_id, unit_id, year, number, period_kind, state FROM eval_assessment"
                                  " WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    memset(a, 0, sizeof *a);
    if (sqlite3_step(st) == SQLITE_ROW) {
        a->id = sqlite3_column_int64(st, 0);
        a->person_id = sqlite3_column_int64(st, 1);
        a->unit_id = sqlite3_column_int64(st, 2);
        a->year = sqlite3_column_int64(st, 3);
        a->number = sqlite3_column_int64(st, 4);
        snprintf(a->period_kind, sizeof a->period_kind, "%s", db_col_text(st, 5));
        snprintf(a->state, sizeof a->state, "%s", db_col_text(st, 6));
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_assessment_move(db *d, int64_t id, const char *from, const char *to, int set_score, const char *regime,
                            int64_t score_x100, const char *band, const char *detail, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_assessment SET state = ?3, updated_at = ?4,"
                                  " regime = CASE WHEN ?5 = 1 THEN ?6 ELSE regime END,"
                                  " score_x100 = CASE WHEN ?5 = 1 THEN ?7 ELSE score_x100 END,"
                                  " band = CASE WHEN ?5 = 1 THEN ?8 ELSE band END,"
                                  " score_detail = CASE WHEN ?5 = 1 THEN ?9 ELSE score_detail END"
                                  " WHERE id = ?1 AND state = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, now);
    db_bind_int(st, 5, set_score);
    db_bind_text(st, 6, regime);
    if (score_x100 >= 0) db_bind_int(st, 7, score_x100);
    else db_bind_null(st, 7);
    db_bind_text(st, 8, band);
    db_bind_text(st, 9, detail);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_eval_transition_last_sig(db *d, int64_t assessment_id, char *sig, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT signature FROM eval_transition WHERE assessment_id = ?1 ORDER BY id DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, assessment_id);
    sig[0] = 0;
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(sig, cap, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return 0;
}

int db_eval_transition_insert(db *d, int64_t assessment_id, const char *action, const char *from, const char *to,
                              int64_t user_id, const char *at, const char *note, int64_t score_x100,
                              const char *signature, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_transition(assessment_id, action, from_state, to_state, user_id, at,"
                                  " note, score_x100, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, assessment_id);
    db_bind_text(st, 2, action);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    db_bind_int(st, 5, user_id);
    db_bind_text(st, 6, at);
    db_bind_text(st, 7, note);
    if (score_x100 >= 0) db_bind_int(st, 8, score_x100);
    else db_bind_null(st, 8);
    db_bind_text(st, 9, signature);
    return insert_done(d, st, id);
}

#define ASSESS_COLS "a.id, a.person_id, a.unit_id, a.period_kind, a.year, a.number, a.state, a.regime, a.score_x100," \
                    " a.band, a.score_detail, a.absence_days, a.absence_reason, a.not_worked, a.leader_organising_bp," \
                    " a.leader_unity_bp, a.created_at, a.updated_at FROM eval_assessment a"

static void parse_detail(json_t *o)
{
    const char *t = json_string_value(json_object_get(o, "score_detail"));
    json_t *j = t ? json_loads(t, 0, NULL) : NULL;
    json_object_set_new(o, "score_detail", j ? j : json_null());
}

int db_eval_assessment_json(db *d, int64_t id, json_t **out)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT " ASSESS_COLS " WHERE a.id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = row_obj(st);
    sqlite3_reset(st);
    if (!o) return 1;
    parse_detail(o);
    sqlite3_stmt *tr = db_stmt(d, "SELECT t.id, t.action, t.from_state, t.to_state, t.user_id, u.username, t.at, t.note,"
                                  " t.score_x100, t.signature FROM eval_transition t JOIN app_user u ON u.id = t.user_id"
                                  " WHERE t.assessment_id = ?1 ORDER BY t.id");
    json_t *hist = NULL;
    if (tr) { db_bind_int(tr, 1, id); hist = rows(tr); }
    if (!hist) { json_decref(o); return -1; }
    json_object_set_new(o, "transitions", hist);
    *out = o;
    return 0;
}

json_t *db_eval_assessments_of(db *d, int64_t person_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT " ASSESS_COLS " WHERE a.person_id = ?1 AND (?2 = 0 OR a.year = ?2)"
                                  " ORDER BY a.year, a.period_kind, a.number LIMIT 1000");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    json_t *arr = rows(st);
    size_t i;
    json_t *o;
    if (arr) json_array_foreach(arr, i, o) parse_detail(o);
    return arr;
}

/* ---- historic ratings -------------------------------------------------- */

int db_eval_rating_insert(db *d, int64_t person_id, int64_t year, const char *regime, const char *level,
                          int64_t score_x100, const char *decision_no, const char *source, int64_t user_id,
                          const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_rating_history(person_id, year, regime, level, score_x100, decision_no,"
                                  " source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, regime);
    db_bind_text(st, 4, level);
    if (score_x100 >= 0) db_bind_int(st, 5, score_x100);
    else db_bind_null(st, 5);
    db_bind_text(st, 6, decision_no);
    db_bind_text(st, 7, source);
    db_bind_int(st, 8, user_id);
    db_bind_text(st, 9, now);
    return insert_done(d, st, id);
}

json_t *db_eval_ratings_of(db *d, int64_t person_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT r.id, r.year, r.regime, r.level, r.score_x100, r.decision_no, r.source,"
                                  " u.username AS recorded_by, r.recorded_at FROM eval_rating_history r"
                                  " JOIN app_user u ON u.id = r.recorded_by WHERE r.person_id = ?1 ORDER BY r.year, r.id");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    return rows(st);
}

int db_eval_person_by_cccd(db *d, const char *cccd, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id FROM person WHERE cccd = ?1 ORDER BY id LIMIT 1");
    if (!st) return -1;
    db_bind_text(st, 1, cccd);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_person_name(db *d, int64_t id, char *buf, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT full_name FROM person WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(buf, cap, "%s", t ? (const char *)t : "");
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

/* ---- helpers ----------------------------------------------------------- */

int db_eval_person_unit(db *d, int64_t person_id, int64_t *unit_id, int *is_leader)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT p.unit_id, coalesce(t.is_leader, 0) FROM person p"
                                  " LEFT JOIN ref_title t ON t.id = p.title_id WHERE p.id = ?1 AND p.unit_id IS NOT NULL");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *unit_id = sqlite3_column_int64(st, 0);
        if (is_leader) *is_leader = sqlite3_column_int(st, 1) != 0;
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_unit_contains(db *d, int64_t ancestor, int64_t descendant)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM unit_closure WHERE ancestor = ?1 AND descendant = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, ancestor);
    db_bind_int(st, 2, descendant);
    int in = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return in;
}

int db_eval_user_active(db *d, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM app_user WHERE id = ?1 AND active = 1");
    if (!st) return 0;
    db_bind_int(st, 1, user_id);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return ok;
}

/* ---- workflow inputs, absence, deadlines (migration 0009) -------------- */

int db_eval_inputs_get(db *d, int64_t id, struct eval_inputs *in)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT general, leader_organising_bp, leader_unity_bp, absence_days, absence_reason,"
                                  " not_worked FROM eval_assessment WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    memset(in, 0, sizeof *in);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *g = db_col_text(st, 0);
        snprintf(in->general, sizeof in->general, "%s", g ? g : "");
        in->has_leader = sqlite3_column_type(st, 1) != SQLITE_NULL && sqlite3_column_type(st, 2) != SQLITE_NULL;
        in->organising_bp = sqlite3_column_int(st, 1);
        in->unity_bp = sqlite3_column_int(st, 2);
        in->absence_days = sqlite3_column_int(st, 3);
        const char *reason = db_col_text(st, 4);
        snprintf(in->absence_reason, sizeof in->absence_reason, "%s", reason ? reason : "");
        in->not_worked = sqlite3_column_int(st, 5);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_eval_set_general(db *d, int64_t id, const char *general_json)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_assessment SET general = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, general_json);
    return db_step_done(st) == 0 ? 0 : -1;
}

int db_eval_set_leader(db *d, int64_t id, int32_t organising_bp, int32_t unity_bp)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_assessment SET leader_organising_bp = ?2, leader_unity_bp = ?3 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    if (organising_bp >= 0) {
        db_bind_int(st, 2, organising_bp);
        db_bind_int(st, 3, unity_bp);
    } else {
        db_bind_null(st, 2);
        db_bind_null(st, 3);
    }
    return db_step_done(st) == 0 ? 0 : -1;
}

int db_eval_set_absence(db *d, int64_t id, int32_t days, const char *reason, int not_worked, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_assessment SET absence_days = ?2, absence_reason = ?3, not_worked = ?4,"
                                  " updated_at = ?5 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, days);
    db_bind_text(st, 3, reason);
    db_bind_int(st, 4, not_worked);
    db_bind_text(st, 5, now);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_eval_subordinate_scores(db *d, int64_t leader_person_id, int64_t unit_id, const char *kind, int64_t year,
                               int64_t number, int32_t **scores, size_t *n)
{
    *scores = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d,
        "SELECT a.score_x100 FROM eval_assessment a JOIN person p ON p.id = a.person_id"
        " LEFT JOIN ref_title t ON t.id = p.title_id"
        " WHERE a.period_kind = ?2 AND a.year = ?3 AND a.number = ?4 AND a.score_x100 IS NOT NULL"
        " AND a.state NOT IN ('draft', 'returned') AND a.person_id <> ?5"
        " AND a.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?1)"
        " AND NOT (a.unit_id = ?1 AND coalesce(t.is_leader, 0) = 1) ORDER BY a.id");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_text(st, 2, kind);
    db_bind_int(st, 3, year);
    db_bind_int(st, 4, number);
    db_bind_int(st, 5, leader_person_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            int32_t *p = realloc(*scores, nc * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *scores = p;
            cap = nc;
        }
        (*scores)[(*n)++] = (int32_t)sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*scores); *scores = NULL; *n = 0; return -1; }
    return 0;
}

int db_eval_deadline_set(db *d, int64_t unit_id, const char *kind, int64_t year, int64_t number, const char *step,
                         const char *due, int64_t user_id, const char *now, char before[11], int64_t *id)
{
    before[0] = '\0';
    sqlite3_stmt *q = db_stmt(d, "SELECT id, due FROM eval_deadline WHERE unit_id = ?1 AND period_kind = ?2"
                                 " AND year = ?3 AND number = ?4 AND step = ?5");
    if (!q) return -1;
    db_bind_int(q, 1, unit_id);
    db_bind_text(q, 2, kind);
    db_bind_int(q, 3, year);
    db_bind_int(q, 4, number);
    db_bind_text(q, 5, step);
    int64_t old = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        old = sqlite3_column_int64(q, 0);
        snprintf(before, 11, "%s", db_col_text(q, 1));
    }
    sqlite3_reset(q);
    if (old) {
        sqlite3_stmt *u = db_stmt(d, "UPDATE eval_deadline SET due = ?2, set_by = ?3, set_at = ?4 WHERE id = ?1");
        if (!u) return -1;
        db_bind_int(u, 1, old);
        db_bind_text(u, 2, due);
        db_bind_int(u, 3, user_id);
        db_bind_text(u, 4, now);
        if (db_step_done(u) != 0) return -1;
        *id = old;
        return 0;
    }
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO eval_deadline(unit_id, period_kind, year, number, step, due, set_by, set_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_text(st, 2, kind);
    db_bind_int(st, 3, year);
    db_bind_int(st, 4, number);
    db_bind_text(st, 5, step);
    db_bind_text(st, 6, due);
    db_bind_int(st, 7, user_id);
    db_bind_text(st, 8, now);
    return insert_done(d, st, id) == 0 ? 0 : -1;
}

json_t *db_eval_deadlines_list(db *d, const struct scope *sc, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT e.id, e.unit_id, (SELECT v.name FROM unit_version v WHERE v.unit_id = e.unit_id"
                                  " ORDER BY v.valid_from DESC LIMIT 1) AS unit_name, e.period_kind, e.year, e.number, e.step,"
                                  " e.due, us.username AS set_by, e.set_at FROM eval_deadline e"
                                  " JOIN app_user us ON us.id = e.set_by"
                                  " WHERE " SCOPE_UNIT("e.unit_id")
                                  " AND (?3 = 0 OR e.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?3))"
                                  " AND (?4 = 0 OR e.year = ?4)"
                                  " ORDER BY e.year, e.period_kind, e.number, e.unit_id,"
                                  " CASE e.step WHEN 'self' THEN 1 WHEN 'manager' THEN 2 WHEN 'head' THEN 3 ELSE 4 END"
                                  " LIMIT 5000");
    if (!st) return NULL;
    bind_scope(st, sc);
    db_bind_int(st, 3, unit_id);
    db_bind_int(st, 4, year);
    return rows(st);
}

/* The nearest deadline of step `STEP` (SQL expression) for unit `UNIT` and
 * the period columns of alias `P`. */
#define DUE_FOR(UNIT, P, STEP)                                                                          \
    "(SELECT dl.due FROM eval_deadline dl JOIN unit_closure dc ON dc.ancestor = dl.unit_id"              \
    " WHERE dc.descendant = " UNIT " AND dl.period_kind = " P ".period_kind AND dl.year = " P ".year"     \
    " AND dl.number = " P ".number AND dl.step = " STEP " ORDER BY dc.depth LIMIT 1)"

int db_eval_deadline_for(db *d, int64_t unit_id, const char *kind, int64_t year, int64_t number, const char *step,
                         char due[11])
{
    sqlite3_stmt *st = db_stmt(d, "SELECT dl.due FROM eval_deadline dl JOIN unit_closure dc ON dc.ancestor = dl.unit_id"
                                  " WHERE dc.descendant = ?1 AND dl.period_kind = ?2 AND dl.year = ?3 AND dl.number = ?4"
                                  " AND dl.step = ?5 ORDER BY dc.depth LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_text(st, 2, kind);
    db_bind_int(st, 3, year);
    db_bind_int(st, 4, number);
    db_bind_text(st, 5, step);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(due, 11, "%s", db_col_text(st, 0));
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

json_t *db_eval_reminders_own(db *d, int64_t person_id, int limit)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT * FROM (SELECT 'self_assessment' AS kind, 'self' AS step, a.id AS assessment_id, a.person_id, p.full_name,"
        " a.period_kind, a.year, a.number, a.state, " DUE_FOR("a.unit_id", "a", "'self'") " AS due"
        " FROM eval_assessment a JOIN person p ON p.id = a.person_id"
        " WHERE a.person_id = ?1 AND a.state IN ('draft', 'returned')"
        " UNION ALL"
        " SELECT 'self_assessment', 'self', NULL, p.id, p.full_name, g.period_kind, g.year, g.number, NULL,"
        " " DUE_FOR("p.unit_id", "g", "'self'")
        " FROM person p JOIN (SELECT DISTINCT e.period_kind, e.year, e.number FROM eval_deadline e"
        "  JOIN unit_closure c ON c.ancestor = e.unit_id"
        "  WHERE e.step = 'self' AND c.descendant = (SELECT unit_id FROM person WHERE id = ?1)) g"
        " WHERE p.id = ?1 AND NOT EXISTS (SELECT 1 FROM eval_assessment x WHERE x.person_id = p.id"
        "  AND x.period_kind = g.period_kind AND x.year = g.year AND x.number = g.number))"
        " ORDER BY due IS NULL, due, year, period_kind, number LIMIT ?2");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, limit);
    return rows(st);
}

json_t *db_eval_reminders_review(db *d, const struct scope *sc, int64_t self_person_id, int officer, int limit)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT * FROM (SELECT 'review' AS kind,"
        " CASE a.state WHEN 'submitted' THEN 'manager_review' WHEN 'manager_reviewed' THEN 'head_review'"
        "  ELSE 'approve' END AS step, a.id AS assessment_id, a.person_id, p.full_name, a.unit_id,"
        " a.period_kind, a.year, a.number, a.state,"
        " " DUE_FOR("a.unit_id", "a",
                    "CASE a.state WHEN 'submitted' THEN 'manager' WHEN 'manager_reviewed' THEN 'head' ELSE 'approval' END")
        " AS due FROM eval_assessment a JOIN person p ON p.id = a.person_id"
        " WHERE " SCOPE_UNIT("p.unit_id") " AND a.person_id <> ?3"
        " AND (a.state IN ('submitted', 'manager_reviewed')"
        "  OR (?4 = 1 AND a.state IN ('head_reviewed', 'council_reviewed'))))"
        " ORDER BY due IS NULL, due, assessment_id LIMIT ?5");
    if (!st) return NULL;
    bind_scope(st, sc);
    db_bind_int(st, 3, self_person_id);
    db_bind_int(st, 4, officer);
    db_bind_int(st, 5, limit);
    return rows(st);
}

json_t *db_eval_reminders_verify(db *d, const struct scope *sc, int64_t user_id, int officer, int limit)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT * FROM (SELECT 'verification' AS kind, 'verify' AS step, r.id AS result_id, t.id AS task_id,"
        " t.title, t.person_id, p.full_name, t.period_kind, t.year, t.number, r.quantity,"
        " " DUE_FOR("t.unit_id", "t", "'manager'") " AS due"
        " FROM eval_result r JOIN eval_task t ON t.id = r.task_id JOIN person p ON p.id = t.person_id"
        " WHERE r.status = 'unverified' AND r.reported_by <> ?3"
        " AND EXISTS (SELECT 1 FROM eval_evidence v WHERE v.result_id = r.id)"
        " AND (t.verifier_user_id = ?3 OR (?4 = 1 AND t.verifier_user_id IS NULL AND " SCOPE_UNIT("p.unit_id") ")))"
        " ORDER BY due IS NULL, due, result_id LIMIT ?5");
    if (!st) return NULL;
    bind_scope(st, sc);
    db_bind_int(st, 3, user_id);
    db_bind_int(st, 4, officer);
    db_bind_int(st, 5, limit);
    return rows(st);
}

/* ---- verifier pick list, verifier's queue, board results --------------- */

/* The current name of a unit (its latest version). */
#define UNIT_NAME(col) "(SELECT v.name FROM unit_version v WHERE v.unit_id = " col " ORDER BY v.valid_from DESC LIMIT 1)"

json_t *db_eval_verifiers(db *d, int64_t unit_id, int limit)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT u.id, u.username, u.display_name, u.role, coalesce(u.unit_id, p.unit_id) AS unit_id,"
        " " UNIT_NAME("coalesce(u.unit_id, p.unit_id)") " AS unit_name, u.person_id,"
        " p.full_name AS person_name FROM app_user u LEFT JOIN person p ON p.id = u.person_id WHERE u.active = 1 AND (u.role = 'admin'"
        " OR (u.role IN ('officer', 'leader') AND u.unit_id IN (SELECT ancestor FROM unit_closure WHERE descendant = ?1))"
        " OR (u.role = 'staff' AND p.unit_id = ?1))"
        " ORDER BY CASE u.role WHEN 'leader' THEN 0 WHEN 'officer' THEN 1 WHEN 'staff' THEN 2 ELSE 3 END,"
        " coalesce(u.display_name, p.full_name, u.username), u.id LIMIT ?2");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, limit);
    return rows(st);
}

json_t *db_eval_results_pending(db *d, const struct scope *sc, int64_t user_id, int64_t self_person_id, int in_scope_too,
                                int64_t year, const char *kind, int64_t number, int limit)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT r.id, r.task_id, r.quantity, r.note, r.origin, r.source, r.extracted_at, r.external_ref, r.reported_at,"
        " u.username AS reported_by, r.status, t.person_id, p.full_name AS person_name, p.unit_id AS person_unit_id,"
        " " UNIT_NAME("p.unit_id") " AS unit_name, t.period_kind, t.year, t.number, t.title, t.target_qty, t.deadline, t.quality_req,"
        " t.verifier_user_id, pt.code AS product_code, pt.name AS product_name, pt.measure,"
        " (SELECT coalesce(sum(quantity), 0) FROM eval_result x WHERE x.task_id = t.id AND x.status = 'verified') AS verified_qty"
        " FROM eval_result r JOIN eval_task t ON t.id = r.task_id JOIN person p ON p.id = t.person_id"
        " JOIN eval_product_type pt ON pt.id = t.product_type_id JOIN app_user u ON u.id = r.reported_by"
        " WHERE r.status = 'unverified' AND r.reported_by <> ?3 AND t.person_id <> ?4"
        " AND (t.verifier_user_id = ?3 OR (?5 = 1 AND " SCOPE_UNIT("p.unit_id") "))"
        " AND (?6 = 0 OR t.year = ?6) AND (?7 IS NULL OR t.period_kind = ?7) AND (?8 = 0 OR t.number = ?8)"
        " ORDER BY t.year, t.period_kind, t.number, p.full_name, t.id, r.id LIMIT ?9");
    if (!st) return NULL;
    bind_scope(st, sc);
    db_bind_int(st, 3, user_id);
    db_bind_int(st, 4, self_person_id > 0 ? self_person_id : -1);
    db_bind_int(st, 5, in_scope_too ? 1 : 0);
    db_bind_int(st, 6, year);
    db_bind_text(st, 7, kind);
    db_bind_int(st, 8, number);
    db_bind_int(st, 9, limit);
    json_t *res = rows(st);
    if (!res) return NULL;
    size_t i;
    json_t *r;
    json_array_foreach(res, i, r) {
        json_t *evs = evidence_of(d, r);
        if (!evs) { json_decref(res); return NULL; }
        json_object_set_new(r, "has_evidence", json_boolean(json_array_size(evs) > 0));
        json_object_set_new(r, "evidence", evs);
    }
    return res;
}

int db_eval_file_verifier(db *d, int64_t file_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM eval_evidence e JOIN eval_result r ON r.id = e.result_id"
                                  " JOIN eval_task t ON t.id = r.task_id WHERE e.file_id = ?1 AND t.verifier_user_id = ?2 LIMIT 1");
    if (!st) return 0;
    db_bind_int(st, 1, file_id);
    db_bind_int(st, 2, user_id);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

json_t *db_eval_year_ratings_of(db *d, int64_t person_id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT y.id, y.year, y.unit_id, " UNIT_NAME("y.unit_id") " AS unit_name, y.rating_unit_id,"
        " " UNIT_NAME("y.rating_unit_id") " AS rating_unit_name,"
        " y.task_group_id, g.name AS task_group_name, y.regime, y.score_x100, y.periods, y.carried_over,"
        " y.proposed_level, y.cap_status, y.cap_level, y.final_level, y.computed_at, y.decided_at, y.decision_id"
        " FROM eval_year_rating y LEFT JOIN eval_task_group g ON g.id = y.task_group_id WHERE y.person_id = ?1"
        " ORDER BY y.year DESC, y.id LIMIT 500");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    return rows(st);
}
