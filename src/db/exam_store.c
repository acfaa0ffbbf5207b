/* SQL for question banks and exams (see exam_store.h). */
#include "db/exam_store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first row as an object, or NULL. */
static json_t *one(sqlite3_stmt *st)
{
    json_t *a = db_rows_json(st);
    json_t *o = a && json_array_size(a) ? json_incref(json_array_get(a, 0)) : NULL;
    json_decref(a);
    return o;
}

static int64_t one_int(sqlite3_stmt *st)
{
    int64_t v = 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

/* ---- subjects, topics, members ---- */

int db_exam_subject_insert(db *d, const char *code, const char *name, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_subject(code, name, created_at) VALUES (?1, ?2, ?3)");
    if (!st) return -1;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, now);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

int db_exam_subject_update(db *d, int64_t id, const char *name)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_subject SET name = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    int rc = db_step_write(st);
    return rc ? rc : db_changes(d) == 1 ? 0 : 1;
}

json_t *db_exam_subject_list(db *d, int all, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT s.id, s.code, s.name, s.created_at,"
                                  " (SELECT count(*) FROM exam_topic t WHERE t.subject_id = s.id) AS topics"
                                  " FROM exam_subject s WHERE ?1 = 1 OR EXISTS (SELECT 1 FROM exam_member m"
                                  " WHERE m.subject_id = s.id AND m.user_id = ?2) ORDER BY s.code");
    if (!st) return NULL;
    db_bind_int(st, 1, all);
    db_bind_int(st, 2, user_id);
    return db_rows_json(st);
}

json_t *db_exam_subject_get(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, code, name, created_at FROM exam_subject WHERE id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    json_t *o = one(st);
    if (!o) return NULL;
    st = db_stmt(d, "SELECT id, code, name FROM exam_topic WHERE subject_id = ?1 ORDER BY code");
    if (st) { db_bind_int(st, 1, id); json_object_set_new(o, "topics", db_rows_json(st)); }
    st = db_stmt(d, "SELECT m.user_id, u.username, m.role FROM exam_member m JOIN app_user u ON u.id = m.user_id"
                    " WHERE m.subject_id = ?1 ORDER BY m.role, u.username");
    if (st) { db_bind_int(st, 1, id); json_object_set_new(o, "members", db_rows_json(st)); }
    return o;
}

int db_exam_topic_insert(db *d, int64_t subject_id, const char *code, const char *name, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_topic(subject_id, code, name) VALUES (?1, ?2, ?3)");
    if (!st) return -1;
    db_bind_int(st, 1, subject_id);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, name);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

int db_exam_topic_update(db *d, int64_t id, const char *name)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_topic SET name = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    int rc = db_step_write(st);
    return rc ? rc : db_changes(d) == 1 ? 0 : 1;
}

int64_t db_exam_topic_subject(db *d, int64_t topic_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT subject_id FROM exam_topic WHERE id = ?1");
    if (!st) return 0;
    db_bind_int(st, 1, topic_id);
    return one_int(st);
}

int64_t db_exam_topic_by_code(db *d, int64_t subject_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id FROM exam_topic WHERE subject_id = ?1 AND code = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, subject_id);
    db_bind_text(st, 2, code);
    return one_int(st);
}

int db_exam_member_add(db *d, int64_t subject_id, int64_t user_id, const char *role)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_member(subject_id, user_id, role) VALUES (?1, ?2, ?3)");
    if (!st) return -1;
    db_bind_int(st, 1, subject_id);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, role);
    return db_step_write(st);
}

int db_exam_member_remove(db *d, int64_t subject_id, int64_t user_id, const char *role)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM exam_member WHERE subject_id = ?1 AND user_id = ?2 AND role = ?3");
    if (!st) return -1;
    db_bind_int(st, 1, subject_id);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, role);
    int rc = db_step_write(st);
    return rc ? rc : db_changes(d) == 1 ? 0 : 1;
}

unsigned db_exam_member_roles(db *d, int64_t subject_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT role FROM exam_member WHERE subject_id = ?1 AND user_id = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, subject_id);
    db_bind_int(st, 2, user_id);
    unsigned m = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = db_col_text(st, 0);
        if (!strcmp(r, "author")) m |= EXAM_M_AUTHOR;
        else if (!strcmp(r, "reviewer")) m |= EXAM_M_REVIEWER;
        else if (!strcmp(r, "board")) m |= EXAM_M_BOARD;
    }
    sqlite3_reset(st);
    return m;
}

/* ---- questions ---- */

int db_exam_question_insert(db *d, int64_t subject_id, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_question(subject_id, current_version, created_by, created_at)"
                                  " VALUES (?1, 0, ?2, ?3)");
    if (!st) return -1;
    db_bind_int(st, 1, subject_id);
    if (user_id > 0) db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, now);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

int db_exam_version_insert(db *d, int64_t question_id, int version, const struct exam_qv *v, int64_t user_id,
                           const char *now, int64_t *vid)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_question_version(question_id, version, topic_id, type, difficulty,"
                                  " stem, tags, answer, points, created_by, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return -1;
    db_bind_int(st, 1, question_id);
    db_bind_int(st, 2, version);
    db_bind_int(st, 3, v->topic_id);
    db_bind_text(st, 4, v->type);
    db_bind_int(st, 5, v->difficulty);
    db_bind_text(st, 6, v->stem);
    db_bind_text(st, 7, v->tags_json ? v->tags_json : "[]");
    db_bind_text(st, 8, v->answer);
    db_bind_int(st, 9, v->points);
    if (user_id > 0) db_bind_int(st, 10, user_id);
    db_bind_text(st, 11, now);
    if (db_step_write(st) != 0) return -1;
    *vid = db_last_id(d);
    st = db_stmt(d, "UPDATE exam_question SET current_version = ?2 WHERE id = ?1 AND current_version = ?2 - 1");
    if (!st) return -1;
    db_bind_int(st, 1, question_id);
    db_bind_int(st, 2, version);
    if (db_step_write(st) != 0 || db_changes(d) != 1) return -1;
    return 0;
}

int db_exam_option_insert(db *d, int64_t vid, int ord, const char *text, int correct)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_option(version_id, ord, text, correct) VALUES (?1, ?2, ?3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, vid);
    db_bind_int(st, 2, ord);
    db_bind_text(st, 3, text);
    db_bind_int(st, 4, correct);
    return db_step_write(st) ? -1 : 0;
}

int db_exam_image_insert(db *d, int64_t vid, int ord, const char *mime, const char *sha256, const void *data, size_t len)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_image(version_id, ord, mime, sha256, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return -1;
    db_bind_int(st, 1, vid);
    db_bind_int(st, 2, ord);
    db_bind_text(st, 3, mime);
    db_bind_text(st, 4, sha256);
    sqlite3_bind_blob64(st, 5, data, len, SQLITE_TRANSIENT);
    return db_step_write(st) ? -1 : 0;
}

int db_exam_question_meta(db *d, int64_t qid, int64_t *subject_id, int *current_version)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT subject_id, current_version FROM exam_question WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, qid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *subject_id = sqlite3_column_int64(st, 0);
        *current_version = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

json_t *db_exam_question_get(db *d, int64_t qid, int version)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT q.id, q.subject_id, q.current_version, v.id AS version_id, v.version, v.topic_id, t.code AS topic_code,"
        " v.type, v.difficulty, v.stem, v.tags AS tags_json, v.answer, v.points, v.created_at, q.retired_at, q.retired_reason"
        " FROM exam_question q JOIN exam_question_version v ON v.question_id = q.id"
        " JOIN exam_topic t ON t.id = v.topic_id"
        " WHERE q.id = ?1 AND v.version = CASE WHEN ?2 > 0 THEN ?2 ELSE q.current_version END");
    if (!st) return NULL;
    db_bind_int(st, 1, qid);
    db_bind_int(st, 2, version);
    json_t *o = one(st);
    if (!o) return NULL;
    int64_t vid = json_integer_value(json_object_get(o, "version_id"));
    st = db_stmt(d, "SELECT ord, text, correct FROM exam_option WHERE version_id = ?1 ORDER BY ord");
    if (st) {
        db_bind_int(st, 1, vid);
        json_t *opts = db_rows_json(st);
        size_t i;
        json_t *op;
        json_array_foreach(opts, i, op)
            json_object_set_new(op, "correct", json_boolean(json_integer_value(json_object_get(op, "correct"))));
        json_object_set_new(o, "options", opts);
    }
    st = db_stmt(d, "SELECT ord, mime, sha256, data FROM exam_image WHERE version_id = ?1 ORDER BY ord");
    if (st) {
        db_bind_int(st, 1, vid);
        json_t *imgs = json_array();
        while (sqlite3_step(st) == SQLITE_ROW) {
            const void *b = sqlite3_column_blob(st, 3);
            size_t n = (size_t)sqlite3_column_bytes(st, 3);
            size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
            char *b64 = malloc(cap);
            if (!b64) continue;
            sodium_bin2base64(b64, cap, b, n, sodium_base64_VARIANT_ORIGINAL);
            json_array_append_new(imgs, json_pack("{s:i,s:s,s:s,s:I,s:s}", "ord", sqlite3_column_int(st, 0),
                                                  "mime", db_col_text(st, 1), "sha256", db_col_text(st, 2),
                                                  "size", (json_int_t)n, "data_base64", b64));
            free(b64);
        }
        sqlite3_reset(st);
        json_object_set_new(o, "images", imgs);
    }
    return o;
}

json_t *db_exam_question_list(db *d, int64_t subject_id, int64_t topic_id, int difficulty)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT q.id, q.current_version AS version, v.id AS version_id, v.topic_id, t.code AS topic_code, v.type,"
        " v.difficulty, v.tags AS tags_json,"
        " (SELECT count(*) FROM exam_option o WHERE o.version_id = v.id) AS options, v.created_at AS updated_at,"
        " q.retired_at, q.retired_reason"
        " FROM exam_question q JOIN exam_question_version v ON v.question_id = q.id AND v.version = q.current_version"
        " JOIN exam_topic t ON t.id = v.topic_id"
        " WHERE q.subject_id = ?1 AND (?2 = 0 OR v.topic_id = ?2) AND (?3 = 0 OR v.difficulty = ?3)"
        " ORDER BY q.id LIMIT 10000");
    if (!st) return NULL;
    db_bind_int(st, 1, subject_id);
    db_bind_int(st, 2, topic_id);
    db_bind_int(st, 3, difficulty);
    return db_rows_json(st);
}

int db_exam_question_retire(db *d, int64_t qid, int64_t user_id, const char *now, const char *reason)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_question SET retired_at = ?2, retired_by = ?3, retired_reason = ?4"
                                  " WHERE id = ?1 AND retired_at IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, qid);
    db_bind_text(st, 2, now);
    if (user_id > 0) db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, reason);
    if (db_step_write(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_exam_question_restore(db *d, int64_t qid)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam_question SET retired_at = NULL, retired_by = NULL, retired_reason = NULL"
                                  " WHERE id = ?1 AND retired_at IS NOT NULL");
    if (!st) return -1;
    db_bind_int(st, 1, qid);
    if (db_step_write(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_exam_question_retired(db *d, int64_t qid)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT retired_at IS NOT NULL FROM exam_question WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, qid);
    int r = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return r;
}

json_t *db_exam_question_ids(db *d, int64_t subject_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id FROM exam_question WHERE subject_id = ?1 ORDER BY id");
    if (!st) return NULL;
    db_bind_int(st, 1, subject_id);
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) json_array_append_new(a, json_integer(sqlite3_column_int64(st, 0)));
    sqlite3_reset(st);
    return a;
}

/* ---- exams ---- */

int db_exam_insert(db *d, const struct exam_def *e, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam(subject_id, type, title, reference_date, duration_min, pass_percent,"
                                  " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return -1;
    db_bind_int(st, 1, e->subject_id);
    db_bind_text(st, 2, e->type);
    db_bind_text(st, 3, e->title);
    db_bind_text(st, 4, e->reference_date);
    db_bind_int(st, 5, e->duration_min);
    db_bind_int(st, 6, e->pass_percent);
    if (user_id > 0) db_bind_int(st, 7, user_id);
    db_bind_text(st, 8, now);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

int db_exam_update(db *d, int64_t id, const struct exam_def *e)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE exam SET title = ?2, reference_date = ?3, duration_min = ?4, pass_percent = ?5"
                                  " WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, e->title);
    db_bind_text(st, 3, e->reference_date);
    db_bind_int(st, 4, e->duration_min);
    db_bind_int(st, 5, e->pass_percent);
    return db_step_write(st) ? -1 : 0;
}

int db_exam_blueprint_clear(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM exam_blueprint WHERE exam_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    return db_step_write(st) ? -1 : 0;
}

int db_exam_blueprint_insert(db *d, int64_t exam_id, int row, const struct form_bp_row *r)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_blueprint(exam_id, row, topic_id, difficulty, count)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, row);
    db_bind_int(st, 3, r->topic_id);
    db_bind_int(st, 4, r->difficulty);
    db_bind_int(st, 5, r->count);
    return db_step_write(st) ? -1 : 0;
}

int db_exam_blueprint_load(db *d, int64_t exam_id, struct form_bp_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT topic_id, difficulty, count FROM exam_blueprint WHERE exam_id = ?1 ORDER BY row");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct form_bp_row *p = realloc(*out, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *out = p;
        }
        (*out)[*n].topic_id = sqlite3_column_int64(st, 0);
        (*out)[*n].difficulty = sqlite3_column_int(st, 1);
        (*out)[*n].count = sqlite3_column_int(st, 2);
        (*n)++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
    return 0;
}

json_t *db_exam_get(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT e.id, e.subject_id, s.code AS subject_code, e.type, e.title, e.reference_date,"
                                  " e.duration_min, e.pass_percent, e.created_at,"
                                  " (SELECT count(*) FROM exam_candidate c WHERE c.exam_id = e.id) AS candidates,"
                                  " (SELECT count(*) FROM exam_form f JOIN exam_candidate c ON c.id = f.candidate_id"
                                  "   WHERE c.exam_id = e.id) AS forms"
                                  " FROM exam e JOIN exam_subject s ON s.id = e.subject_id WHERE e.id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    json_t *o = one(st);
    if (!o) return NULL;
    st = db_stmt(d, "SELECT b.row, b.topic_id, t.code AS topic_code, b.difficulty, b.count FROM exam_blueprint b"
                    " JOIN exam_topic t ON t.id = b.topic_id WHERE b.exam_id = ?1 ORDER BY b.row");
    if (st) { db_bind_int(st, 1, id); json_object_set_new(o, "blueprint", db_rows_json(st)); }
    st = db_stmt(d, "SELECT s.id, s.starts_at, s.room, s.capacity,"
                    " (SELECT count(*) FROM exam_candidate c WHERE c.sitting_id = s.id) AS registered"
                    " FROM exam_sitting s WHERE s.exam_id = ?1 ORDER BY s.starts_at, s.id");
    if (st) { db_bind_int(st, 1, id); json_object_set_new(o, "sittings", db_rows_json(st)); }
    return o;
}

json_t *db_exam_list(db *d)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT e.id, e.subject_id, e.type, e.title, e.reference_date, e.duration_min,"
                                  " (SELECT count(*) FROM exam_candidate c WHERE c.exam_id = e.id) AS candidates"
                                  " FROM exam e ORDER BY e.reference_date DESC, e.id DESC LIMIT 1000");
    return st ? db_rows_json(st) : NULL;
}

int64_t db_exam_subject_of(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT subject_id FROM exam WHERE id = ?1");
    if (!st) return 0;
    db_bind_int(st, 1, exam_id);
    return one_int(st);
}

int db_exam_sitting_insert(db *d, int64_t exam_id, const char *starts_at, const char *room, int capacity, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_sitting(exam_id, starts_at, room, capacity) VALUES (?1, ?2, ?3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_text(st, 2, starts_at);
    db_bind_text(st, 3, room);
    db_bind_int(st, 4, capacity);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

int db_exam_sitting_has_room(db *d, int64_t exam_id, int64_t sitting_id, int *exists)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT s.capacity - (SELECT count(*) FROM exam_candidate c WHERE c.sitting_id = s.id)"
                                  " FROM exam_sitting s WHERE s.id = ?1 AND s.exam_id = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, sitting_id);
    db_bind_int(st, 2, exam_id);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW;
    int room = *exists && sqlite3_column_int64(st, 0) > 0;
    sqlite3_reset(st);
    return room;
}

int db_exam_candidate_insert(db *d, int64_t exam_id, const struct exam_cand *c, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_candidate(exam_id, sitting_id, person_id, full_name, birth_date, cccd,"
                                  " documents, priority, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    if (c->sitting_id > 0) db_bind_int(st, 2, c->sitting_id);
    if (c->person_id > 0) db_bind_int(st, 3, c->person_id);
    db_bind_text(st, 4, c->full_name);
    db_bind_text(st, 5, c->birth_date);
    db_bind_text(st, 6, c->cccd);
    db_bind_text(st, 7, c->documents_json ? c->documents_json : "[]");
    db_bind_text(st, 8, c->priority_json ? c->priority_json : "[]");
    db_bind_text(st, 9, now);
    int rc = db_step_write(st);
    if (rc == 0) *id = db_last_id(d);
    return rc;
}

json_t *db_exam_candidate_list(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT c.id, c.sitting_id, c.person_id, c.full_name, c.birth_date, c.cccd,"
                                  " c.documents AS documents_json, c.priority AS priority_json, c.created_at,"
                                  " f.id AS form_id FROM exam_candidate c LEFT JOIN exam_form f ON f.candidate_id = c.id"
                                  " WHERE c.exam_id = ?1 ORDER BY c.id");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

int db_exam_candidates_without_form(db *d, int64_t exam_id, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT c.id FROM exam_candidate c WHERE c.exam_id = ?1"
                                  " AND NOT EXISTS (SELECT 1 FROM exam_form f WHERE f.candidate_id = c.id) ORDER BY c.id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            int64_t *p = realloc(*ids, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *ids = p;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*ids); *ids = NULL; *n = 0; return -1; }
    return 0;
}

int db_exam_candidate_in_exam(db *d, int64_t exam_id, int64_t cand_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM exam_candidate WHERE id = ?1 AND exam_id = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, cand_id);
    db_bind_int(st, 2, exam_id);
    return one_int(st) == 1;
}

int64_t db_exam_form_count(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM exam_form f JOIN exam_candidate c ON c.id = f.candidate_id"
                                  " WHERE c.exam_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    return one_int(st);
}

/* ---- pools and forms ---- */

static int load_pool(sqlite3_stmt *st, struct form_pool_item **pool, size_t *n)
{
    *pool = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            struct form_pool_item *p = realloc(*pool, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *pool = p;
        }
        struct form_pool_item *it = &(*pool)[(*n)++];
        it->id = sqlite3_column_int64(st, 0);
        it->topic_id = sqlite3_column_int64(st, 1);
        it->difficulty = sqlite3_column_int(st, 2);
        it->noptions = sqlite3_column_int(st, 3);
        const char *type = db_col_text(st, 4);
        it->shuffle_options = !strcmp(type, "single") || !strcmp(type, "multiple");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*pool); *pool = NULL; *n = 0; return -1; }
    return 0;
}

int db_exam_pool_live(db *d, int64_t subject_id, struct form_pool_item **pool, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT v.id, v.topic_id, v.difficulty,"
                                  " (SELECT count(*) FROM exam_option o WHERE o.version_id = v.id), v.type"
                                  " FROM exam_question q JOIN exam_question_version v"
                                  " ON v.question_id = q.id AND v.version = q.current_version"
                                  " WHERE q.subject_id = ?1 AND q.retired_at IS NULL ORDER BY v.id");
    if (!st) return -1;
    db_bind_int(st, 1, subject_id);
    return load_pool(st, pool, n);
}

int db_exam_pool_snapshot(db *d, int64_t exam_id, struct form_pool_item **pool, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT v.id, v.topic_id, v.difficulty,"
                                  " (SELECT count(*) FROM exam_option o WHERE o.version_id = v.id), v.type"
                                  " FROM exam_pool p JOIN exam_question_version v ON v.id = p.version_id"
                                  " WHERE p.exam_id = ?1 ORDER BY v.id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    return load_pool(st, pool, n);
}

int db_exam_pool_save(db *d, int64_t exam_id, const struct form_pool_item *pool, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_pool(exam_id, version_id) VALUES (?1, ?2)");
        if (!st) return -1;
        db_bind_int(st, 1, exam_id);
        db_bind_int(st, 2, pool[i].id);
        if (db_step_write(st) != 0) return -1;
    }
    return 0;
}

int db_exam_form_insert(db *d, int64_t cand_id, const char *seed_hex, const char *now, int64_t *form_id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_form(candidate_id, seed, generated_at) VALUES (?1, ?2, ?3)");
    if (!st) return -1;
    db_bind_int(st, 1, cand_id);
    db_bind_text(st, 2, seed_hex);
    db_bind_text(st, 3, now);
    int rc = db_step_write(st);
    if (rc == 0) *form_id = db_last_id(d);
    return rc;
}

int db_exam_form_item_insert(db *d, int64_t form_id, int pos, int64_t vid, const char *option_order_json)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_form_item(form_id, pos, version_id, option_order) VALUES (?1, ?2, ?3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    db_bind_int(st, 3, vid);
    db_bind_text(st, 4, option_order_json);
    return db_step_write(st) ? -1 : 0;
}

json_t *db_exam_form_get(db *d, int64_t cand_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id AS form_id, candidate_id, seed, generated_at FROM exam_form WHERE candidate_id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, cand_id);
    json_t *o = one(st);
    if (!o) return NULL;
    st = db_stmt(d, "SELECT i.pos, i.version_id, v.question_id, v.version, i.option_order AS option_order_json"
                    " FROM exam_form_item i JOIN exam_question_version v ON v.id = i.version_id"
                    " WHERE i.form_id = ?1 ORDER BY i.pos");
    if (st) {
        db_bind_int(st, 1, json_integer_value(json_object_get(o, "form_id")));
        json_object_set_new(o, "items", db_rows_json(st));
    }
    return o;
}
