/* SQL of the online sitting (see db/exam_sitting.h). */
#include "db/exam_sitting.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const char *v = db_col_text(st, i);
    snprintf(dst, cap, "%s", v ? v : "");
}

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
    const char *v = db_col_text(st, i);
    return v ? json_string(v) : json_null();
}

int64_t db_sit_subject(db *d, int64_t exam_id, int64_t sitting_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT e.subject_id FROM exam_sitting s JOIN exam e ON e.id = s.exam_id"
                                  " WHERE s.id = ?1 AND s.exam_id = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, sitting_id);
    db_bind_int(st, 2, exam_id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

json_t *db_sit_candidates(db *d, int64_t sitting_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT c.id, c.full_name, k.candidate_id IS NOT NULL, k.used_at IS NOT NULL, g.reg_no"
                                  " FROM exam_candidate c LEFT JOIN exam_code k ON k.candidate_id = c.id"
                                  " LEFT JOIN exam_cand_grading g ON g.candidate_id = c.id"
                                  " WHERE c.sitting_id = ?1 ORDER BY c.id");
    if (!st) return NULL;
    db_bind_int(st, 1, sitting_id);
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(a, json_pack("{s:I,s:s,s:b,s:b,s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                                           "full_name", db_col_text(st, 1), "has_code", sqlite3_column_int(st, 2),
                                           "used", sqlite3_column_int(st, 3), "reg_no", text_or_null(st, 4)));
    sqlite3_reset(st);
    return a;
}

int db_sit_code_set(db *d, int64_t candidate_id, int64_t sitting_id, const char *hash, const char *now, int64_t by)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_code(candidate_id, sitting_id, code_hash, issued_at, issued_by)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)"
                                  " ON CONFLICT(candidate_id) DO UPDATE SET sitting_id = excluded.sitting_id,"
                                  " code_hash = excluded.code_hash, issued_at = excluded.issued_at,"
                                  " issued_by = excluded.issued_by, generation = generation + 1, used_at = NULL");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    db_bind_int(st, 2, sitting_id);
    db_bind_text(st, 3, hash);
    db_bind_text(st, 4, now);
    if (by > 0) db_bind_int(st, 5, by);
    else db_bind_null(st, 5);
    if (db_step_done(st) != 0) return -1;
    /* A reissue ends the sessions opened with the old code. */
    st = db_stmt(d, "DELETE FROM exam_csession WHERE candidate_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    return db_step_done(st);
}

int db_sit_code_use(db *d, const char *hash, const char *now, int64_t *candidate_id)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_code SET used_at = ?2 WHERE code_hash = ?1 AND used_at IS NULL"
                                  " RETURNING candidate_id");
    if (!st) return -1;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW;
    if (found) *candidate_id = sqlite3_column_int64(st, 0);
    if (found) rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return -1;
    return found;
}

int db_sit_session_create(db *d, const char *token_hash, int64_t candidate_id, const char *csrf, const char *now,
                          const char *expires)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_csession(token_hash, candidate_id, csrf, created_at, expires_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return -1;
    db_bind_text(st, 1, token_hash);
    db_bind_int(st, 2, candidate_id);
    db_bind_text(st, 3, csrf);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, expires);
    if (db_step_done(st) != 0) return -1;
    /* Expired sessions go away with each new one. */
    st = db_stmt(d, "DELETE FROM exam_csession WHERE expires_at <= ?1");
    if (!st) return -1;
    db_bind_text(st, 1, now);
    return db_step_done(st);
}

int db_sit_session_end(db *d, const char *token_hash)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM exam_csession WHERE token_hash = ?1");
    if (!st) return -1;
    db_bind_text(st, 1, token_hash);
    return db_step_done(st);
}

int db_sit_session_get(db *d, const char *token_hash, const char *now, int64_t *candidate_id, char csrf[64])
{
    sqlite3_stmt *st = db_stmt(d, "SELECT candidate_id, csrf FROM exam_csession WHERE token_hash = ?1 AND expires_at > ?2");
    if (!st) return -1;
    db_bind_text(st, 1, token_hash);
    db_bind_text(st, 2, now);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *candidate_id = sqlite3_column_int64(st, 0);
        copy_col(st, 1, csrf, 64);
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

json_t *db_sit_candidate_info(db *d, int64_t candidate_id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT c.id, c.full_name, e.id, e.title, e.type, e.duration_min, s.id, s.starts_at, s.room, f.id,"
        " (SELECT count(*) FROM exam_form_item i WHERE i.form_id = f.id), g.reg_no"
        " FROM exam_candidate c JOIN exam e ON e.id = c.exam_id LEFT JOIN exam_sitting s ON s.id = c.sitting_id"
        " LEFT JOIN exam_form f ON f.candidate_id = c.id LEFT JOIN exam_cand_grading g ON g.candidate_id = c.id"
        " WHERE c.id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, candidate_id);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:i,s:I,s:o,s:o,s:I,s:i,s:o}",
                      "candidate_id", (json_int_t)sqlite3_column_int64(st, 0), "full_name", db_col_text(st, 1),
                      "exam_id", (json_int_t)sqlite3_column_int64(st, 2), "exam_title", db_col_text(st, 3),
                      "exam_type", db_col_text(st, 4), "duration_min", sqlite3_column_int(st, 5),
                      "sitting_id", (json_int_t)sqlite3_column_int64(st, 6), "starts_at", text_or_null(st, 7),
                      "room", text_or_null(st, 8), "form_id", (json_int_t)sqlite3_column_int64(st, 9),
                      "items", sqlite3_column_int(st, 10), "reg_no", text_or_null(st, 11));
    }
    sqlite3_reset(st);
    return o;
}

int db_sit_attempt_get(db *d, int64_t candidate_id, struct sit_attempt *a)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st = db_stmt(d, "SELECT form_id, started_at, deadline_at, submitted_at, submit_kind"
                                  " FROM exam_attempt WHERE candidate_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->form_id = sqlite3_column_int64(st, 0);
        copy_col(st, 1, a->started_at, sizeof a->started_at);
        copy_col(st, 2, a->deadline_at, sizeof a->deadline_at);
        copy_col(st, 3, a->submitted_at, sizeof a->submitted_at);
        copy_col(st, 4, a->submit_kind, sizeof a->submit_kind);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_sit_attempt_create(db *d, int64_t candidate_id, int64_t form_id, const char *started, const char *deadline)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_attempt(candidate_id, form_id, started_at, deadline_at)"
                                  " VALUES (?1, ?2, ?3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    db_bind_int(st, 2, form_id);
    db_bind_text(st, 3, started);
    db_bind_text(st, 4, deadline);
    return db_step_done(st);
}

int db_sit_attempt_close(db *d, int64_t candidate_id, const char *at, const char *kind)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_attempt SET submitted_at = ?2, submit_kind = ?3"
                                  " WHERE candidate_id = ?1 AND submitted_at IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    db_bind_text(st, 2, at);
    db_bind_text(st, 3, kind);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) > 0;
}

int db_sit_close_expired(db *d, int64_t sitting_id, int64_t exam_id, const char *now, json_t *closed)
{
    sqlite3_stmt *st = db_stmt(d,
        "UPDATE exam_attempt SET submitted_at = deadline_at, submit_kind = 'deadline'"
        " WHERE submitted_at IS NULL AND deadline_at <= ?1 AND candidate_id IN"
        " (SELECT id FROM exam_candidate WHERE (?2 > 0 AND sitting_id = ?2) OR (?3 > 0 AND exam_id = ?3))"
        " RETURNING candidate_id");
    if (!st) return -1;
    db_bind_text(st, 1, now);
    db_bind_int(st, 2, sitting_id);
    db_bind_int(st, 3, exam_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (closed) json_array_append_new(closed, json_integer(sqlite3_column_int64(st, 0)));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

json_t *db_sit_form(db *d, int64_t form_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT i.pos, i.version_id, v.type, v.stem, i.option_order FROM exam_form_item i"
                                  " JOIN exam_question_version v ON v.id = i.version_id WHERE i.form_id = ?1 ORDER BY i.pos");
    if (!st) return NULL;
    db_bind_int(st, 1, form_id);
    json_t *items = json_array();
    json_t *vids = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *order = json_loads(db_col_text(st, 4), 0, NULL);
        json_array_append_new(items, json_pack("{s:i,s:s,s:s,s:o}", "pos", sqlite3_column_int(st, 0),
                                               "type", db_col_text(st, 2), "stem", db_col_text(st, 3),
                                               "option_order", order ? order : json_array()));
        json_array_append_new(vids, json_integer(sqlite3_column_int64(st, 1)));
    }
    sqlite3_reset(st);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        int64_t vid = json_integer_value(json_array_get(vids, k));
        json_t *opts = json_array(), *imgs = json_array();
        sqlite3_stmt *o = db_stmt(d, "SELECT ord, text FROM exam_option WHERE version_id = ?1 ORDER BY ord");
        if (!o) goto fail;
        db_bind_int(o, 1, vid);
        while (sqlite3_step(o) == SQLITE_ROW)
            json_array_append_new(opts, json_pack("{s:i,s:s}", "ord", sqlite3_column_int(o, 0), "text", db_col_text(o, 1)));
        sqlite3_reset(o);
        o = db_stmt(d, "SELECT mime, data FROM exam_image WHERE version_id = ?1 ORDER BY ord");
        if (!o) { json_decref(opts); json_decref(imgs); goto fail; }
        db_bind_int(o, 1, vid);
        while (sqlite3_step(o) == SQLITE_ROW) {
            const void *b = sqlite3_column_blob(o, 1);
            size_t n = (size_t)sqlite3_column_bytes(o, 1);
            size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
            char *b64 = malloc(cap);
            if (!b64) continue;
            sodium_bin2base64(b64, cap, b ? b : "", n, sodium_base64_VARIANT_ORIGINAL);
            json_array_append_new(imgs, json_pack("{s:s,s:s}", "mime", db_col_text(o, 0), "data_base64", b64));
            free(b64);
        }
        sqlite3_reset(o);
        json_object_set_new(it, "options", opts);
        json_object_set_new(it, "images", imgs);
    }
    json_decref(vids);
    return items;
fail:
    json_decref(vids);
    json_decref(items);
    return NULL;
}

int db_sit_item(db *d, int64_t form_id, int pos, char type[16], char *order, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT v.type, i.option_order FROM exam_form_item i"
                                  " JOIN exam_question_version v ON v.id = i.version_id WHERE i.form_id = ?1 AND i.pos = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_col(st, 0, type, 16);
        copy_col(st, 1, order, cap);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_sit_answer_save(db *d, int64_t form_id, int pos, const char *response, int64_t seq, const char *now, int *applied)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_answer(form_id, pos, response, seq, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)"
                                  " ON CONFLICT(form_id, pos) DO UPDATE SET response = excluded.response,"
                                  " seq = excluded.seq, saved_at = excluded.saved_at WHERE excluded.seq > exam_answer.seq");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    db_bind_text(st, 3, response);
    db_bind_int(st, 4, seq);
    db_bind_text(st, 5, now);
    if (db_step_done(st) != 0) return -1;
    *applied = db_changes(d) > 0;
    return 0;
}

json_t *db_sit_answers(db *d, int64_t form_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT a.pos, v.type, i.option_order, a.response, a.seq, a.saved_at FROM exam_answer a"
                                  " JOIN exam_form_item i ON i.form_id = a.form_id AND i.pos = a.pos"
                                  " JOIN exam_question_version v ON v.id = i.version_id WHERE a.form_id = ?1 ORDER BY a.pos");
    if (!st) return NULL;
    db_bind_int(st, 1, form_id);
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *order = json_loads(db_col_text(st, 2), 0, NULL);
        json_array_append_new(a, json_pack("{s:i,s:s,s:o,s:s,s:I,s:s}", "pos", sqlite3_column_int(st, 0),
                                           "type", db_col_text(st, 1), "option_order", order ? order : json_array(),
                                           "response", db_col_text(st, 3), "seq", (json_int_t)sqlite3_column_int64(st, 4),
                                           "saved_at", db_col_text(st, 5)));
    }
    sqlite3_reset(st);
    return a;
}

int db_sit_incident_add(db *d, int64_t candidate_id, const char *kind, const char *detail, const char *client_at,
                        const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_incident(candidate_id, kind, detail, client_at, at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, detail);
    db_bind_text(st, 4, client_at);
    db_bind_text(st, 5, now);
    return db_step_done(st);
}

int db_sit_incident_count(db *d, int64_t candidate_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM exam_incident WHERE candidate_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, candidate_id);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

json_t *db_sit_live(db *d, int64_t sitting_id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT c.id, c.full_name,"
        " CASE WHEN k.candidate_id IS NULL THEN 'none' WHEN k.used_at IS NULL THEN 'issued' ELSE 'used' END,"
        " coalesce(k.generation, 0), t.started_at, t.deadline_at, t.submitted_at, t.submit_kind,"
        " (SELECT count(*) FROM exam_form_item i WHERE i.form_id = f.id),"
        " (SELECT count(*) FROM exam_answer a WHERE a.form_id = f.id AND a.response NOT IN ('[]', '\"\"')),"
        " (SELECT max(saved_at) FROM exam_answer a WHERE a.form_id = f.id),"
        " (SELECT count(*) FROM exam_incident n WHERE n.candidate_id = c.id), g.reg_no"
        " FROM exam_candidate c LEFT JOIN exam_code k ON k.candidate_id = c.id"
        " LEFT JOIN exam_cand_grading g ON g.candidate_id = c.id"
        " LEFT JOIN exam_form f ON f.candidate_id = c.id LEFT JOIN exam_attempt t ON t.candidate_id = c.id"
        " WHERE c.sitting_id = ?1 ORDER BY c.id");
    if (!st) return NULL;
    db_bind_int(st, 1, sitting_id);
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:i,s:i,s:o,s:i,s:o}",
            "candidate_id", (json_int_t)sqlite3_column_int64(st, 0), "full_name", db_col_text(st, 1),
            "code", db_col_text(st, 2), "generation", sqlite3_column_int(st, 3),
            "started_at", text_or_null(st, 4), "deadline_at", text_or_null(st, 5),
            "submitted_at", text_or_null(st, 6), "submit_kind", text_or_null(st, 7),
            "items", sqlite3_column_int(st, 8), "answered", sqlite3_column_int(st, 9),
            "last_save", text_or_null(st, 10), "incidents_count", sqlite3_column_int(st, 11),
            "reg_no", text_or_null(st, 12)));
    }
    sqlite3_reset(st);
    size_t k;
    json_t *c;
    json_array_foreach(a, k, c) {
        json_t *inc = json_array();
        sqlite3_stmt *q = db_stmt(d, "SELECT kind, detail, at FROM exam_incident WHERE candidate_id = ?1"
                                     " ORDER BY id DESC LIMIT 50");
        if (!q) { json_decref(inc); json_decref(a); return NULL; }
        db_bind_int(q, 1, json_integer_value(json_object_get(c, "candidate_id")));
        while (sqlite3_step(q) == SQLITE_ROW)
            json_array_append_new(inc, json_pack("{s:s,s:o,s:s}", "kind", db_col_text(q, 0), "detail", text_or_null(q, 1),
                                                 "at", db_col_text(q, 2)));
        sqlite3_reset(q);
        json_object_set_new(c, "incidents", inc);
    }
    return a;
}
