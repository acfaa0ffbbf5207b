/* SQL for the unit's year rating board (see db/eval_rating.h, migration 0005). */
#include "db/eval_rating.h"
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

static json_t *rows(sqlite3_stmt *st)
{
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), col_json(st, i));
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

static void copy_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const char *s = db_col_text(st, i);
    snprintf(out, cap, "%s", s ? s : "");
}

int db_er_periods(db *d, int64_t unit_id, int64_t year, struct er_period **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d,
        "SELECT a.person_id, a.unit_id, a.score_x100 FROM eval_assessment a"
        " WHERE a.year = ?2 AND a.state = 'approved' AND a.score_x100 IS NOT NULL AND a.person_id IN"
        " (SELECT b.person_id FROM eval_assessment b WHERE b.year = ?2 AND b.state = 'approved'"
        "  AND b.score_x100 IS NOT NULL AND b.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?1))"
        " ORDER BY a.person_id, CASE a.period_kind WHEN 'month' THEN a.number ELSE a.number * 3 END, a.id");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            struct er_period *p = realloc(*out, nc * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *out = p;
            cap = nc;
        }
        struct er_period *p = &(*out)[(*n)++];
        p->person_id = sqlite3_column_int64(st, 0);
        p->unit_id = sqlite3_column_int64(st, 1);
        p->score_x100 = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
    return 0;
}

int db_er_person(db *d, int64_t person_id, char *name, size_t cap, int *is_leader)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT p.full_name, coalesce(t.is_leader, 0) FROM person p"
                                  " LEFT JOIN ref_title t ON t.id = p.title_id WHERE p.id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        copy_text(st, 0, name, cap);
        *is_leader = sqlite3_column_int(st, 1) != 0;
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

int db_er_task_group(db *d, int64_t person_id, int64_t year, int64_t *group_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT pt.task_group_id, count(*) AS c FROM eval_task t"
                                  " JOIN eval_product_type pt ON pt.id = t.product_type_id"
                                  " WHERE t.person_id = ?1 AND t.year = ?2 AND pt.task_group_id IS NOT NULL"
                                  " GROUP BY pt.task_group_id ORDER BY c DESC, pt.task_group_id LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    *group_id = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *group_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int one_text(db *d, sqlite3_stmt *st, int64_t id, char *name, size_t cap)
{
    (void)d;
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    name[0] = 0;
    if (sqlite3_step(st) == SQLITE_ROW) { copy_text(st, 0, name, cap); rc = 0; }
    sqlite3_reset(st);
    return rc;
}

int db_er_group_name(db *d, int64_t group_id, char *name, size_t cap)
{
    return one_text(d, db_stmt(d, "SELECT name FROM eval_task_group WHERE id = ?1"), group_id, name, cap);
}

int db_er_unit_name(db *d, int64_t unit_id, char *name, size_t cap)
{
    return one_text(d, db_stmt(d, "SELECT name FROM unit_version WHERE unit_id = ?1"
                                  " ORDER BY valid_from DESC, id DESC LIMIT 1"), unit_id, name, cap);
}

int db_er_discipline(db *d, int64_t person_id, int64_t year, struct er_disc *out, size_t cap, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, year, form, effective FROM discipline WHERE person_id = ?1"
                                  " AND (year = ?2 OR substr(effective, 1, 4) = CAST(?2 AS TEXT)) ORDER BY id");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
        struct er_disc *r = &out[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->year = sqlite3_column_int64(st, 1);
        copy_text(st, 2, r->form, sizeof r->form);
        copy_text(st, 3, r->effective, sizeof r->effective);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int db_er_decided(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM eval_year_rating WHERE unit_id = ?1 AND year = ?2"
                                  " AND final_level IS NOT NULL LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_er_clear(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM eval_year_rating WHERE unit_id = ?1 AND year = ?2"
                                  " AND final_level IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_step_done(st);
}

int db_er_insert(db *d, const struct er_row *r)
{
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_year_rating(unit_id, year, person_id, rating_unit_id, task_group_id, regime, score_x100,"
        " periods, carried_over, proposed_level, cap_status, cap_level, detail, computed_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!st) return -1;
    db_bind_int(st, 1, r->unit_id);
    db_bind_int(st, 2, r->year);
    db_bind_int(st, 3, r->person_id);
    db_bind_int(st, 4, r->rating_unit_id);
    if (r->task_group_id > 0) db_bind_int(st, 5, r->task_group_id);
    else db_bind_null(st, 5);
    db_bind_text(st, 6, r->regime);
    if (r->score_x100 >= 0) db_bind_int(st, 7, r->score_x100);
    else db_bind_null(st, 7);
    db_bind_int(st, 8, r->periods);
    db_bind_int(st, 9, r->carried_over);
    db_bind_text(st, 10, r->proposed_level);
    db_bind_text(st, 11, r->cap_status);
    db_bind_text(st, 12, r->cap_level);
    db_bind_text(st, 13, r->detail);
    db_bind_text(st, 14, r->computed_at);
    return db_step_done(st);
}

json_t *db_er_list(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT r.person_id, p.full_name AS name, r.rating_unit_id, r.task_group_id, r.regime, r.score_x100,"
        " r.periods, r.carried_over, r.proposed_level, r.cap_status, r.cap_level, r.final_level,"
        " r.computed_at, r.decided_at, r.decision_id"
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id WHERE r.unit_id = ?1 AND r.year = ?2"
        " ORDER BY r.rating_unit_id, coalesce(r.task_group_id, 0), r.score_x100 DESC, p.sort_key, r.person_id");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return rows(st);
}

int db_er_set_final(db *d, int64_t unit_id, int64_t year, int64_t person_id, const char *level,
                    int64_t decision_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_year_rating SET final_level = ?4, decision_id = ?5, decided_at = ?6"
                                  " WHERE unit_id = ?1 AND year = ?2 AND person_id = ?3 AND final_level IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, person_id);
    db_bind_text(st, 4, level);
    db_bind_int(st, 5, decision_id);
    db_bind_text(st, 6, now);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_er_decision_insert(db *d, int64_t unit_id, int64_t year, const char *exc_no, const char *exc_date,
                          int64_t limit_percent, const char *minutes, const char *decisions_json,
                          int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_cap_decision(unit_id, year, exception_no, exception_date, limit_percent, minutes,"
        " decisions, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, exc_no);
    db_bind_text(st, 4, exc_date);
    db_bind_int(st, 5, limit_percent);
    db_bind_text(st, 6, minutes);
    db_bind_text(st, 7, decisions_json);
    db_bind_int(st, 8, user_id);
    db_bind_text(st, 9, now);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

json_t *db_er_decisions(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, exception_no, exception_date, limit_percent, minutes, decisions,"
                                  " decided_by, decided_at FROM eval_cap_decision WHERE unit_id = ?1 AND year = ?2"
                                  " ORDER BY id");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return rows(st);
}
