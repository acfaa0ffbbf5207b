/* /api/v1/exam/... and /api/v1/exams: question banks (subjects, topics,
 * members, versioned questions, JSON import/export) and exams (blueprint,
 * sittings, candidates, per-candidate forms). Issue 5; docs/exams.md.
 *
 * Access: admin and officers manage subjects, members, exams, sittings,
 * candidates and forms. Question content is secret: only the subject's
 * authors, reviewers and exam board read it (not even admin without a
 * membership), every read is audited ("question.read"), and anyone else gets
 * 404. auth_exam_can() (auth/exam_access.c) is the one place that decides. */
#include "api/api.h"
#include "auth/exam_access.h"
#include "auth/audit.h"
#include "core/date.h"
#include "core/exam.h"
#include "core/exam_form.h"
#include "core/vntext.h"
#include "db/exam_store.h"
#include "db/person.h"
#include "io/bank_sheet.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BLUEPRINT 200
#define MAX_FORM 2000

/* ---- access: decided in auth/exam_access.c ---- */

static int exam_can(struct req *r, int64_t subject_id, enum exam_need need)
{
    return auth_exam_can(r->db, &r->user, subject_id, need);
}

static void e404(struct resp *out, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "Không tìm thấy %s.", what);
    resp_error(out, 404, "not_found", NULL, msg);
}
static void e403(struct resp *out) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền thực hiện thao tác này."); }
static void e500(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void e503(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận."); }

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Commits `after` as one audit entry with the open transaction; replies 500 and rolls back on failure. */
static int audit_commit(struct req *r, struct resp *out, const char *action, const char *entity, int64_t id, json_t *after)
{
    struct actor a;
    api_actor(r, &a);
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int ok = audit_append(r->db, &a, action, entity, id, NULL, s) == 0 && db_commit(r->db) == 0;
    free(s);
    if (!ok) { db_rollback(r->db); e500(out); }
    return ok ? 0 : -1;
}

/* Codes: lowercase ASCII letters, digits, '.', '_', '-'. */
static int valid_code(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-')) return 0;
    return 1;
}

/* ---- subjects, topics, members ---- */

static void subjects_list(struct req *r, struct resp *out)
{
    json_t *items = db_exam_subject_list(r->db, auth_exam_manager(&r->user), r->user.id);
    if (!items) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void subject_create(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"code", "name", NULL};
    const char *code = NULL, *name = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "code", 1, 32, &code, out) ||
        api_get_string(in, "name", 1, 200, &name, out)) { json_decref(in); return; }
    if (!valid_code(code)) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "code", "Mã môn chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.");
        return;
    }
    char now[32];
    now_iso(now);
    int64_t id = 0;
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_exam_subject_insert(r->db, code, name, now, &id);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate_code", "code", "Mã môn đã tồn tại.");
        else e500(out);
        return;
    }
    int ok = audit_commit(r, out, "exam_subject.create", "exam_subject", id, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void subject_get(struct req *r, struct resp *out)
{
    int64_t sid = r->params[0];
    if (!exam_can(r, sid, NEED_MANAGE) && !exam_can(r, sid, NEED_READ_Q)) { e404(out, "môn thi"); return; }
    json_t *o = db_exam_subject_get(r->db, sid);
    if (!o) { e404(out, "môn thi"); return; }
    resp_json(out, 200, o);
}

static void subject_update(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"name", NULL};
    const char *name = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "name", 1, 200, &name, out)) { json_decref(in); return; }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_exam_subject_update(r->db, r->params[0], name);
    if (rc != 0) { db_rollback(r->db); json_decref(in); if (rc == 1) e404(out, "môn thi"); else e500(out); return; }
    int ok = audit_commit(r, out, "exam_subject.update", "exam_subject", r->params[0], in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void topic_create(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"code", "name", NULL};
    const char *code = NULL, *name = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "code", 1, 32, &code, out) ||
        api_get_string(in, "name", 1, 200, &name, out)) { json_decref(in); return; }
    if (!valid_code(code)) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "code", "Mã chủ đề chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.");
        return;
    }
    json_t *subj = db_exam_subject_get(r->db, r->params[0]);
    if (!subj) { json_decref(in); e404(out, "môn thi"); return; }
    json_decref(subj);
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int64_t id = 0;
    int rc = db_exam_topic_insert(r->db, r->params[0], code, name, &id);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate_code", "code", "Mã chủ đề đã có trong môn này.");
        else e500(out);
        return;
    }
    json_object_set_new(in, "subject_id", json_integer(r->params[0]));
    int ok = audit_commit(r, out, "exam_topic.create", "exam_topic", id, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void topic_update(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"name", NULL};
    const char *name = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "name", 1, 200, &name, out)) { json_decref(in); return; }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_exam_topic_update(r->db, r->params[0], name);
    if (rc != 0) { db_rollback(r->db); json_decref(in); if (rc == 1) e404(out, "chủ đề"); else e500(out); return; }
    int ok = audit_commit(r, out, "exam_topic.update", "exam_topic", r->params[0], in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static int member_body(struct req *r, struct resp *out, json_t **in, int64_t *uid, const char **role)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return -1; }
    *in = req_json_object(r, out);
    if (!*in) return -1;
    static const char *const allowed[] = {"user_id", "role", NULL};
    if (api_only_fields(*in, allowed, out) || api_get_int(*in, "user_id", 1, 1, INT64_MAX, uid, NULL, out) ||
        api_get_string(*in, "role", 1, 16, role, out)) { json_decref(*in); return -1; }
    if (strcmp(*role, "author") && strcmp(*role, "reviewer") && strcmp(*role, "board")) {
        json_decref(*in);
        resp_error(out, 400, "invalid_value", "role", "Vai trò phải là author (người ra đề), reviewer (người thẩm định) hoặc board (hội đồng thi).");
        return -1;
    }
    json_t *subj = db_exam_subject_get(r->db, r->params[0]);
    if (!subj) { json_decref(*in); e404(out, "môn thi"); return -1; }
    json_decref(subj);
    struct user u;
    if (auth_load_user(r->db, *uid, &u) != 0) {
        json_decref(*in);
        resp_error(out, 400, "unknown_code", "user_id", "Không tìm thấy người dùng.");
        return -1;
    }
    return 0;
}

static void member_add(struct req *r, struct resp *out)
{
    json_t *in;
    int64_t uid;
    const char *role;
    if (member_body(r, out, &in, &uid, &role) != 0) return;
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_exam_member_add(r->db, r->params[0], uid, role);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate_member", "user_id", "Người dùng đã có vai trò này trong môn.");
        else e500(out);
        return;
    }
    int ok = audit_commit(r, out, "exam_member.add", "exam_subject", r->params[0], in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:b}", "ok", 1));
}

static void member_remove(struct req *r, struct resp *out)
{
    json_t *in;
    int64_t uid;
    const char *role;
    if (member_body(r, out, &in, &uid, &role) != 0) return;
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_exam_member_remove(r->db, r->params[0], uid, role);
    if (rc != 0) { db_rollback(r->db); json_decref(in); if (rc == 1) e404(out, "thành viên"); else e500(out); return; }
    int ok = audit_commit(r, out, "exam_member.remove", "exam_subject", r->params[0], in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- questions: validated and written by io/bank_sheet.c (shared with the sheet import) ---- */

static void question_create(struct req *r, struct resp *out)
{
    int64_t sid = r->params[0];
    if (!exam_can(r, sid, NEED_WRITE_Q)) { e404(out, "môn thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct bank_q p;
    struct bank_err e;
    if (bank_q_parse(r->db, sid, in, &p, &e) != 0) {
        resp_error(out, 400, e.code, e.field, e.message);
        bank_q_free(&p);
        json_decref(in);
        return;
    }
    int64_t qid = 0, vid = 0;
    int ok = db_begin(r->db) == 0;
    if (!ok) { bank_q_free(&p); json_decref(in); e503(out); return; }
    struct actor a;
    api_actor(r, &a);
    ok = bank_q_write(r->db, &a, r->user.id, sid, &qid, 1, &p, &vid, "api") == 0 && db_commit(r->db) == 0;
    if (!ok) db_rollback(r->db);
    bank_q_free(&p);
    json_decref(in);
    if (!ok) { e500(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:i,s:I}", "id", (json_int_t)qid, "version", 1, "version_id", (json_int_t)vid));
}

static void question_edit(struct req *r, struct resp *out)
{
    int64_t sid = 0;
    int cur = 0;
    if (db_exam_question_meta(r->db, r->params[0], &sid, &cur) != 0 || !exam_can(r, sid, NEED_WRITE_Q)) {
        e404(out, "câu hỏi");
        return;
    }
    if (db_exam_question_retired(r->db, r->params[0]) == 1) {
        resp_error(out, 409, "retired", NULL, "Câu hỏi đã bị rút khỏi ngân hàng; khôi phục trước khi sửa.");
        return;
    }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    json_t *rv = json_object_get(in, "version");
    if (rv) {
        /* Optimistic locking: the version the editor started from. */
        if (!json_is_integer(rv)) { json_decref(in); resp_error(out, 400, "invalid_type", "version", "«version» phải là số nguyên."); return; }
        if (json_integer_value(rv) != cur) {
            json_decref(in);
            resp_error(out, 409, "conflict", "version", "Câu hỏi đã được người khác sửa; hãy tải lại.");
            return;
        }
        json_object_del(in, "version");
    }
    struct bank_q p;
    struct bank_err e;
    if (bank_q_parse(r->db, sid, in, &p, &e) != 0) {
        resp_error(out, 400, e.code, e.field, e.message);
        bank_q_free(&p);
        json_decref(in);
        return;
    }
    if (db_begin(r->db) != 0) { bank_q_free(&p); json_decref(in); e503(out); return; }
    int64_t qid = r->params[0], vid = 0;
    struct actor a;
    api_actor(r, &a);
    int ok = db_exam_question_meta(r->db, qid, &sid, &cur) == 0 &&
             bank_q_write(r->db, &a, r->user.id, sid, &qid, cur + 1, &p, &vid, "api") == 0 && db_commit(r->db) == 0;
    if (!ok) db_rollback(r->db);
    bank_q_free(&p);
    json_decref(in);
    if (!ok) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:I,s:i,s:I}", "id", (json_int_t)qid, "version", cur + 1, "version_id", (json_int_t)vid));
}

static void question_get(struct req *r, struct resp *out)
{
    int64_t sid = 0;
    int cur = 0;
    if (db_exam_question_meta(r->db, r->params[0], &sid, &cur) != 0 || !exam_can(r, sid, NEED_READ_Q)) {
        e404(out, "câu hỏi");
        return;
    }
    const char *vs = req_query(r, "version");
    int version = 0;
    if (vs) {
        char *end;
        long x = strtol(vs, &end, 10);
        if (*end || x < 1 || x > cur) { resp_error(out, 400, "invalid_value", "version", "Phiên bản không tồn tại."); return; }
        version = (int)x;
    }
    json_t *q = db_exam_question_get(r->db, r->params[0], version);
    if (!q) { e404(out, "câu hỏi"); return; }
    json_t *ids = json_pack("[{s:I,s:O}]", "id", (json_int_t)r->params[0], "version", json_object_get(q, "version"));
    struct actor a;
    api_actor(r, &a);
    int logged = bank_log_reads(r->db, &a, ids, "api");
    json_decref(ids);
    if (logged != 0) {
        json_decref(q);
        resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả nội dung câu hỏi.");
        return;
    }
    resp_json(out, 200, q);
}

static void question_list(struct req *r, struct resp *out)
{
    int64_t sid = r->params[0];
    if (!exam_can(r, sid, NEED_READ_Q)) { e404(out, "môn thi"); return; }
    const char *t = req_query(r, "topic"), *dq = req_query(r, "difficulty");
    json_t *items = db_exam_question_list(r->db, sid, t ? atoll(t) : 0, dq ? atoi(dq) : 0);
    if (!items) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

/* Retiring a question: withdrawn from future forms (the live pool), never
 * deleted; forms and the pool snapshots of exams already drawn keep it. */
static void question_retire_or_restore(struct req *r, struct resp *out, int retire)
{
    int64_t sid = 0, qid = r->params[0];
    int cur = 0;
    if (db_exam_question_meta(r->db, qid, &sid, &cur) != 0 || !exam_can(r, sid, NEED_WRITE_Q)) { e404(out, "câu hỏi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"reason", NULL};
    const char *reason = NULL;
    if (api_only_fields(in, allowed, out) || (retire && api_get_string(in, "reason", 0, 1000, &reason, out))) { json_decref(in); return; }
    if (!retire && json_object_get(in, "reason")) {
        json_decref(in);
        resp_error(out, 400, "unknown_field", "reason", "Trường không được hỗ trợ.");
        return;
    }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = retire ? db_exam_question_retire(r->db, qid, r->user.id, now, reason) : db_exam_question_restore(r->db, qid);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, retire ? "already_retired" : "not_retired", NULL,
                                retire ? "Câu hỏi đã được rút trước đó." : "Câu hỏi không ở trạng thái đã rút.");
        else e500(out);
        return;
    }
    /* The reason may describe the content: the audit keeps only that there is one. */
    json_t *after = json_pack("{s:I,s:i,s:b}", "subject_id", (json_int_t)sid, "version", cur, "reason_given", reason != NULL);
    int ok = audit_commit(r, out, retire ? "question.retire" : "question.restore", "exam_question", qid, after) == 0;
    json_decref(after);
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:I,s:b}", "id", (json_int_t)qid, "retired", retire));
}

static void question_retire(struct req *r, struct resp *out) { question_retire_or_restore(r, out, 1); }
static void question_restore(struct req *r, struct resp *out) { question_retire_or_restore(r, out, 0); }

/* Bank export: every question's current version with its content. */
static void bank_export(struct req *r, struct resp *out)
{
    int64_t sid = r->params[0];
    if (!exam_can(r, sid, NEED_READ_Q)) { e404(out, "môn thi"); return; }
    json_t *subj = db_exam_subject_get(r->db, sid);
    if (!subj) { e404(out, "môn thi"); return; }
    struct actor a;
    api_actor(r, &a);
    json_t *qs = bank_export_collect(r->db, &a, sid, "export");
    if (!qs) {
        json_decref(subj);
        resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không xuất ngân hàng câu hỏi.");
        return;
    }
    resp_json(out, 200, json_pack("{s:i,s:O,s:o}", "format", 1, "subject_code", json_object_get(subj, "code"), "questions", qs));
    json_decref(subj);
}

/* Bank import: {questions: [...]} validated row by row; all or nothing
 * (bank_import, the path the .xlsx/.csv import takes too). */
static void bank_import_json(struct req *r, struct resp *out)
{
    int64_t sid = r->params[0];
    if (!exam_can(r, sid, NEED_WRITE_Q)) { e404(out, "môn thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"format", "subject_code", "questions", "dry_run", NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    json_t *qs = json_object_get(in, "questions");
    if (!json_is_array(qs) || json_array_size(qs) == 0 || json_array_size(qs) > BANK_MAX_QUESTIONS) {
        json_decref(in);
        resp_error(out, 400, "required", "questions", "Cần mảng «questions» từ 1 đến 10.000 câu hỏi.");
        return;
    }
    int dry = json_is_true(json_object_get(in, "dry_run"));
    size_t n = json_array_size(qs);
    json_t *report = json_array();
    struct actor a;
    api_actor(r, &a);
    long created = 0;
    int rc = bank_import(r->db, &a, r->user.id, sid, qs, dry, "import", report, &created);
    json_decref(in);
    if (rc == 1) {
        json_t *rows = json_array();
        size_t i;
        json_t *e;
        json_array_foreach(report, i, e) {
            json_int_t idx = json_integer_value(json_object_get(e, "index"));
            char field[96];
            snprintf(field, sizeof field, "questions.%lld.%s", (long long)idx, json_string_value(json_object_get(e, "field")));
            json_array_append_new(rows, json_pack("{s:I,s:s,s:O,s:O}", "row", idx + 1, "field", field, "code",
                                                  json_object_get(e, "code"), "message", json_object_get(e, "message")));
        }
        json_decref(report);
        json_t *err = json_pack("{s:{s:s,s:s,s:s,s:o}}", "error", "code", "rows_invalid", "field", "questions", "message",
                                "Có dòng không hợp lệ; không câu hỏi nào được ghi.", "rows", rows);
        resp_json(out, 400, err);
        return;
    }
    json_decref(report);
    if (rc != 0) { e500(out); return; }
    resp_json(out, dry ? 200 : 201, json_pack("{s:b,s:I,s:I}", "dry_run", dry, "valid", (json_int_t)n, "created", (json_int_t)created));
}

/* ---- exams ---- */

static const char *const exam_types[] = {"staff_test", "recruit_r1", "recruit_r2", "leadership", NULL};

/* Validates a blueprint against the subject's topics and the live pool.
 * On error writes the 400 (naming the row) and returns -1. */
static int parse_blueprint(struct req *r, int64_t sid, json_t *bp, struct form_bp_row **rows_out, size_t *n_out, struct resp *out)
{
    *rows_out = NULL;
    *n_out = 0;
    if (!json_is_array(bp) || json_array_size(bp) == 0 || json_array_size(bp) > MAX_BLUEPRINT) {
        resp_error(out, 400, "required", "blueprint", "Ma trận đề (blueprint) là mảng từ 1 đến 200 dòng {topic_id, difficulty, count}.");
        return -1;
    }
    size_t n = json_array_size(bp);
    struct form_bp_row *rows = calloc(n, sizeof *rows);
    if (!rows) { e500(out); return -1; }
    char field[64], msg[256];
    long total = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(bp, i);
        static const char *const allowed[] = {"topic_id", "difficulty", "count", NULL};
        snprintf(field, sizeof field, "blueprint.%zu", i);
        if (!json_is_object(o)) { resp_error(out, 400, "invalid_type", field, "Mỗi dòng ma trận đề là {topic_id, difficulty, count}."); goto bad; }
        if (api_only_fields(o, allowed, out)) goto bad;
        const char *names[3] = {"topic_id", "difficulty", "count"};
        int64_t lim[3][2] = {{1, INT64_MAX}, {1, 5}, {1, 1000}};
        int64_t val[3];
        for (int k = 0; k < 3; k++) {
            json_t *v = json_object_get(o, names[k]);
            snprintf(field, sizeof field, "blueprint.%zu.%s", i, names[k]);
            if (!v) { snprintf(msg, sizeof msg, "Dòng %zu của ma trận đề thiếu «%s».", i + 1, names[k]); resp_error(out, 400, "required", field, msg); goto bad; }
            if (!json_is_integer(v)) { snprintf(msg, sizeof msg, "Dòng %zu: «%s» phải là số nguyên.", i + 1, names[k]); resp_error(out, 400, "invalid_type", field, msg); goto bad; }
            val[k] = json_integer_value(v);
            if (val[k] < lim[k][0] || val[k] > lim[k][1]) { snprintf(msg, sizeof msg, "Dòng %zu: «%s» nằm ngoài phạm vi cho phép.", i + 1, names[k]); resp_error(out, 400, "out_of_range", field, msg); goto bad; }
        }
        rows[i].topic_id = val[0];
        rows[i].difficulty = (int)val[1];
        rows[i].count = (int)val[2];
        snprintf(field, sizeof field, "blueprint.%zu.topic_id", i);
        if (db_exam_topic_subject(r->db, rows[i].topic_id) != sid) {
            snprintf(msg, sizeof msg, "Dòng %zu: chủ đề không thuộc môn thi của kỳ thi.", i + 1);
            resp_error(out, 400, "unknown_code", field, msg);
            goto bad;
        }
        for (size_t j = 0; j < i; j++)
            if (rows[j].topic_id == rows[i].topic_id && rows[j].difficulty == rows[i].difficulty) {
                snprintf(field, sizeof field, "blueprint.%zu", i);
                snprintf(msg, sizeof msg, "Dòng %zu trùng chủ đề và độ khó với dòng %zu.", i + 1, j + 1);
                resp_error(out, 400, "duplicate_row", field, msg);
                goto bad;
            }
        total += rows[i].count;
    }
    if (total > MAX_FORM) { resp_error(out, 400, "out_of_range", "blueprint", "Một đề thi tối đa 2.000 câu hỏi."); goto bad; }
    struct form_pool_item *pool = NULL;
    size_t np = 0;
    if (db_exam_pool_live(r->db, sid, &pool, &np) != 0) { e500(out); goto bad; }
    for (size_t i = 0; i < n; i++) {
        size_t avail = form_bp_available(pool, np, &rows[i]);
        if (avail < (size_t)rows[i].count) {
            snprintf(field, sizeof field, "blueprint.%zu.count", i);
            snprintf(msg, sizeof msg, "Dòng %zu của ma trận đề cần %d câu (độ khó %d) nhưng ngân hàng chỉ có %zu câu.",
                     i + 1, rows[i].count, rows[i].difficulty, avail);
            resp_error(out, 400, "pool_too_small", field, msg);
            free(pool);
            goto bad;
        }
    }
    free(pool);
    *rows_out = rows;
    *n_out = n;
    return 0;
bad:
    free(rows);
    return -1;
}

/* Exam fields common to create and update; `cur` is the stored exam (update) or NULL. */
static int parse_exam(struct req *r, json_t *in, json_t *cur, struct exam_def *e, struct resp *out)
{
    int64_t x = 0;
    int present = 0;
    if (!cur) {
        if (api_get_int(in, "subject_id", 1, 1, INT64_MAX, &e->subject_id, NULL, out) ||
            api_get_string(in, "type", 1, 16, &e->type, out)) return -1;
        const char *const *t = exam_types;
        while (*t && strcmp(*t, e->type)) t++;
        if (!*t) { resp_error(out, 400, "invalid_value", "type", "Loại kỳ thi phải là staff_test, recruit_r1, recruit_r2 hoặc leadership."); return -1; }
        json_t *s = db_exam_subject_get(r->db, e->subject_id);
        if (!s) { resp_error(out, 400, "unknown_code", "subject_id", "Không tìm thấy môn thi."); return -1; }
        json_decref(s);
    } else {
        e->subject_id = json_integer_value(json_object_get(cur, "subject_id"));
        e->type = json_string_value(json_object_get(cur, "type"));
        e->title = json_string_value(json_object_get(cur, "title"));
        e->reference_date = json_string_value(json_object_get(cur, "reference_date"));
        e->duration_min = (int)json_integer_value(json_object_get(cur, "duration_min"));
        e->pass_percent = (int)json_integer_value(json_object_get(cur, "pass_percent"));
    }
    if (api_get_string(in, "title", !cur, 300, &e->title, out) || api_get_date(in, "reference_date", !cur, &e->reference_date, out))
        return -1;
    if (api_get_int(in, "duration_min", !cur, 1, 600, &x, &present, out)) return -1;
    if (present == 1) e->duration_min = (int)x;
    if (api_get_int(in, "pass_percent", 0, 1, 100, &x, &present, out)) return -1;
    if (present == 1) e->pass_percent = (int)x;
    else if (!cur) e->pass_percent = 50;
    if (!e->title || !e->reference_date) { resp_error(out, 400, "required", !e->title ? "title" : "reference_date", "Trường này là bắt buộc."); return -1; }
    int recruit = !strcmp(e->type, "recruit_r1") || !strcmp(e->type, "recruit_r2");
    if (recruit) {
        cdate d;
        date_parse_iso(e->reference_date, &d);
        if (!exam_regime_at(d)) {
            resp_error(out, 400, "invalid_value", "reference_date", "Ngày thi trước NĐ 138/2020/NĐ-CP (27/11/2020): chưa có chế độ thi tuyển được mã hóa.");
            return -1;
        }
        /* Round 1: >= 50% correct; round 2: >= 50 of 100 points (core/exam.h). */
        if (e->pass_percent != 50) {
            resp_error(out, 400, "invalid_value", "pass_percent", "Thi tuyển công chức: ngưỡng đạt là 50% (NĐ 138/2020 Điều 8; NĐ 170/2025).");
            return -1;
        }
    }
    return 0;
}

static void exam_create(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"subject_id", "type", "title", "reference_date", "duration_min", "pass_percent", "blueprint", NULL};
    struct exam_def e = {0};
    struct form_bp_row *rows = NULL;
    size_t n = 0;
    if (api_only_fields(in, allowed, out) || parse_exam(r, in, NULL, &e, out) ||
        parse_blueprint(r, e.subject_id, json_object_get(in, "blueprint"), &rows, &n, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    int64_t id = 0;
    if (db_begin(r->db) != 0) { free(rows); json_decref(in); e503(out); return; }
    int ok = db_exam_insert(r->db, &e, r->user.id, now, &id) == 0;
    for (size_t i = 0; ok && i < n; i++) ok = db_exam_blueprint_insert(r->db, id, (int)i + 1, &rows[i]) == 0;
    free(rows);
    if (!ok) { db_rollback(r->db); json_decref(in); e500(out); return; }
    ok = audit_commit(r, out, "exam.create", "exam", id, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void exam_update(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *cur = db_exam_get(r->db, r->params[0]);
    if (!cur) { e404(out, "kỳ thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) { json_decref(cur); return; }
    static const char *const allowed[] = {"title", "reference_date", "duration_min", "pass_percent", "blueprint", NULL};
    struct exam_def e = {0};
    struct form_bp_row *rows = NULL;
    size_t n = 0;
    json_t *bp = json_object_get(in, "blueprint");
    int bad = api_only_fields(in, allowed, out) || parse_exam(r, in, cur, &e, out);
    if (!bad && bp && db_exam_form_count(r->db, r->params[0]) > 0) {
        resp_error(out, 409, "forms_exist", "blueprint", "Đã phát sinh đề cho thí sinh; không sửa được ma trận đề.");
        bad = 1;
    }
    if (!bad && bp) bad = parse_blueprint(r, e.subject_id, bp, &rows, &n, out);
    if (bad) { json_decref(in); json_decref(cur); return; }
    if (db_begin(r->db) != 0) { free(rows); json_decref(in); json_decref(cur); e503(out); return; }
    int ok = db_exam_update(r->db, r->params[0], &e) == 0;
    if (ok && bp) {
        ok = db_exam_blueprint_clear(r->db, r->params[0]) == 0;
        for (size_t i = 0; ok && i < n; i++) ok = db_exam_blueprint_insert(r->db, r->params[0], (int)i + 1, &rows[i]) == 0;
    }
    free(rows);
    json_decref(cur);
    if (!ok) { db_rollback(r->db); json_decref(in); e500(out); return; }
    ok = audit_commit(r, out, "exam.update", "exam", r->params[0], in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void exams_list(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    json_t *items = db_exam_list(r->db);
    if (!items) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void exam_get(struct req *r, struct resp *out)
{
    int64_t sid = db_exam_subject_of(r->db, r->params[0]);
    if (!sid || !exam_can(r, sid, NEED_VIEW_EXAM)) { e404(out, "kỳ thi"); return; }
    json_t *o = db_exam_get(r->db, r->params[0]);
    if (!o) { e404(out, "kỳ thi"); return; }
    resp_json(out, 200, o);
}

static void sitting_create(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    if (!db_exam_subject_of(r->db, r->params[0])) { e404(out, "kỳ thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"starts_at", "room", "capacity", NULL};
    const char *starts = NULL, *room = NULL;
    int64_t cap = 0;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "starts_at", 1, 16, &starts, out) ||
        api_get_string(in, "room", 1, 200, &room, out) || api_get_int(in, "capacity", 1, 1, 100000, &cap, NULL, out)) {
        json_decref(in);
        return;
    }
    char day[11];
    cdate d;
    snprintf(day, sizeof day, "%.10s", starts);
    int hh = -1, mm = -1;
    if (strlen(starts) != 16 || starts[10] != 'T' || date_parse_iso(day, &d) != 0 ||
        sscanf(starts + 11, "%2d:%2d", &hh, &mm) != 2 || starts[13] != ':' || hh < 0 || hh > 23 || mm < 0 || mm > 59) {
        json_decref(in);
        resp_error(out, 400, "invalid_date", "starts_at", "Giờ thi phải có dạng YYYY-MM-DDTHH:MM.");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int64_t id = 0;
    if (db_exam_sitting_insert(r->db, r->params[0], starts, room, (int)cap, &id) != 0) { db_rollback(r->db); json_decref(in); e500(out); return; }
    json_object_set_new(in, "exam_id", json_integer(r->params[0]));
    int ok = audit_commit(r, out, "exam.sitting", "exam_sitting", id, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void candidate_create(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    int64_t eid = r->params[0];
    json_t *ex = db_exam_get(r->db, eid);
    if (!ex) { e404(out, "kỳ thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) { json_decref(ex); return; }
    static const char *const allowed[] = {"person_id", "full_name", "birth_date", "cccd", "documents", "priority", "sitting_id", NULL};
    struct exam_cand c = {0};
    json_t *person = NULL;
    char *docs = NULL, *prio = NULL;
    int ok = 0;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "person_id", 0, 1, INT64_MAX, &c.person_id, NULL, out) ||
        api_get_int(in, "sitting_id", 0, 1, INT64_MAX, &c.sitting_id, NULL, out)) goto done;
    if (c.person_id) {
        /* Staff from the records: only people in the user's scope (404 otherwise). */
        if (json_object_get(in, "full_name") || json_object_get(in, "birth_date") || json_object_get(in, "cccd")) {
            resp_error(out, 400, "invalid_value", "person_id", "Thí sinh là cán bộ: họ tên, ngày sinh, CCCD lấy từ hồ sơ.");
            goto done;
        }
        struct scope sc;
        auth_scope(&r->user, &sc);
        if (db_person_get(r->db, &sc, c.person_id, &person) != 0 || !person) {
            resp_error(out, 404, "not_found", "person_id", "Không tìm thấy hồ sơ cán bộ.");
            goto done;
        }
        c.full_name = json_string_value(json_object_get(person, "full_name"));
        c.birth_date = json_string_value(json_object_get(person, "birth_date"));
        c.cccd = json_string_value(json_object_get(person, "cccd"));
    } else {
        if (api_get_string(in, "full_name", 1, 120, &c.full_name, out) || api_get_date(in, "birth_date", 1, &c.birth_date, out) ||
            api_get_string(in, "cccd", 1, 12, &c.cccd, out)) goto done;
        int digits = strlen(c.cccd) == 12;
        for (const char *p = c.cccd; *p; p++) digits &= *p >= '0' && *p <= '9';
        if (!digits) { resp_error(out, 400, "invalid_cccd", "cccd", "Số CCCD gồm đúng 12 chữ số."); goto done; }
    }
    json_t *dv = json_object_get(in, "documents");
    json_t *dcopy = json_array();
    if (dv && !json_is_null(dv)) {
        if (!json_is_array(dv) || json_array_size(dv) > 50) { json_decref(dcopy); resp_error(out, 400, "invalid_type", "documents", "Hồ sơ kèm theo là mảng tối đa 50 mục {kind, ref}."); goto done; }
        for (size_t i = 0; i < json_array_size(dv); i++) {
            json_t *o = json_array_get(dv, i);
            const char *kind = json_string_value(json_object_get(o, "kind")), *ref = json_string_value(json_object_get(o, "ref"));
            char field[48];
            snprintf(field, sizeof field, "documents.%zu", i);
            if (!json_is_object(o) || json_object_size(o) != 2 || !kind || !ref || !*kind || strlen(kind) > 64 || strlen(ref) > 300 ||
                !utf8_valid(kind, strlen(kind)) || !utf8_valid(ref, strlen(ref))) {
                json_decref(dcopy);
                resp_error(out, 400, "invalid_value", field, "Mỗi giấy tờ có dạng {kind: loại (≤ 64), ref: số hiệu hoặc tên tệp (≤ 300)}.");
                goto done;
            }
            json_array_append_new(dcopy, json_pack("{s:s,s:s}", "kind", kind, "ref", ref));
        }
    }
    docs = json_dumps(dcopy, JSON_COMPACT);
    json_decref(dcopy);
    json_t *pv = json_object_get(in, "priority");
    json_t *pcopy = json_array();
    if (pv && !json_is_null(pv)) {
        if (!json_is_array(pv) || json_array_size(pv) > 10) { json_decref(pcopy); resp_error(out, 400, "invalid_type", "priority", "Đối tượng ưu tiên là mảng mã (tối đa 10)."); goto done; }
        for (size_t i = 0; i < json_array_size(pv); i++) {
            const char *code = json_string_value(json_array_get(pv, i));
            char field[48];
            snprintf(field, sizeof field, "priority.%zu", i);
            if (!code || !exam_priority_find(code)) {
                json_decref(pcopy);
                resp_error(out, 400, "unknown_code", field, "Mã đối tượng ưu tiên không có trong danh mục (NĐ 138/2020 Điều 5).");
                goto done;
            }
            json_array_append_new(pcopy, json_string(code));
        }
    }
    prio = json_dumps(pcopy, JSON_COMPACT);
    json_decref(pcopy);
    c.documents_json = docs;
    c.priority_json = prio;
    if (c.sitting_id) {
        int exists = 0;
        int room = db_exam_sitting_has_room(r->db, eid, c.sitting_id, &exists);
        if (!exists) { resp_error(out, 400, "unknown_code", "sitting_id", "Ca thi không thuộc kỳ thi này."); goto done; }
        if (room != 1) { resp_error(out, 409, "sitting_full", "sitting_id", "Ca thi đã đủ số chỗ."); goto done; }
    }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { e503(out); goto done; }
    int64_t id = 0;
    int rc = db_exam_candidate_insert(r->db, eid, &c, now, &id);
    if (rc != 0) {
        db_rollback(r->db);
        if (rc == 1) resp_error(out, 409, "duplicate_candidate", c.person_id ? "person_id" : "cccd", "Thí sinh đã đăng ký kỳ thi này.");
        else e500(out);
        goto done;
    }
    json_t *after = json_pack("{s:I,s:I,s:s,s:s}", "exam_id", (json_int_t)eid, "person_id", (json_int_t)c.person_id,
                              "documents", docs, "priority", prio);
    ok = audit_commit(r, out, "exam.candidate", "exam_candidate", id, after) == 0;
    json_decref(after);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
done:
    free(docs);
    free(prio);
    json_decref(person);
    json_decref(in);
    json_decref(ex);
}

/* The priority categories (NĐ 138/2020 Art. 5), for the candidate forms. */
/* The priority categories (rules.md §4.3). With ?date=YYYY-MM-DD (the exam's
 * reference date): the regime in force then, the legal source to cite, and
 * each category's points under it (0 = the category does not exist yet). */
static void priorities_list(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    const char *ds = req_query(r, "date");
    const struct exam_regime *rg = NULL;
    cdate on = CDATE_NONE;
    if (ds) {
        if (date_parse_iso(ds, &on) != 0) {
            resp_error(out, 400, "invalid_date", "date", "Ngày phải là ngày hợp lệ dạng YYYY-MM-DD.");
            return;
        }
        rg = exam_regime_at(on);
        if (!rg) {
            resp_error(out, 400, "no_regime", "date", "Chưa có quy định về ưu tiên trong tuyển dụng áp dụng cho ngày này.");
            return;
        }
    }
    size_t n = 0;
    const struct exam_priority *p = exam_priority_list(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:s#}", "code", p[i].code, "label", p[i].label,
                                               "points", rg ? exam_priority_points(rg, &p[i], on) : p[i].points,
                                               "clause", &p[i].clause, (int)1));
    json_t *doc = json_pack("{s:o}", "items", items);
    if (rg) {
        json_object_set_new(doc, "date", json_string(ds));
        json_object_set_new(doc, "regime", json_pack("{s:s,s:s,s:s,s:s,s:s?}", "code", rg->code, "name", rg->name,
                                                     "short_name", rg->short_name, "valid_from", rg->valid_from_iso,
                                                     "valid_to", rg->valid_to_iso));
        json_object_set_new(doc, "source", json_string(rg->cite_priority));
        json_object_set_new(doc, "source_max", json_string(rg->cite_priority_max));
    }
    resp_json(out, 200, doc);
}

static void candidates_list(struct req *r, struct resp *out)
{
    int64_t sid = db_exam_subject_of(r->db, r->params[0]);
    if (!sid || !exam_can(r, sid, NEED_VIEW_EXAM)) { e404(out, "kỳ thi"); return; }
    json_t *items = db_exam_candidate_list(r->db, r->params[0]);
    if (!items) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static char *option_order_json(const struct form_item *it)
{
    json_t *a = json_array();
    for (int o = 0; o < it->noptions; o++) json_array_append_new(a, json_integer(it->perm[o]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return s;
}

/* Draws every candidate without a form. The first batch snapshots the pool
 * (current versions) into exam_pool; later batches draw from the snapshot. */
static void forms_generate(struct req *r, struct resp *out)
{
    if (!exam_can(r, 0, NEED_MANAGE)) { e403(out); return; }
    int64_t eid = r->params[0];
    int64_t sid = db_exam_subject_of(r->db, eid);
    if (!sid) { e404(out, "kỳ thi"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    json_decref(in);
    if (db_begin(r->db) != 0) { e503(out); return; }
    struct form_bp_row *bp = NULL;
    struct form_pool_item *pool = NULL;
    size_t nbp = 0, np = 0, nc = 0, *scratch = NULL;
    int64_t *cands = NULL;
    struct form_item *items = NULL;
    json_t *res = json_array();
    int fresh = 0, ok = db_exam_blueprint_load(r->db, eid, &bp, &nbp) == 0 && db_exam_pool_snapshot(r->db, eid, &pool, &np) == 0;
    if (ok && np == 0) {
        free(pool);
        pool = NULL;
        fresh = 1;
        ok = db_exam_pool_live(r->db, sid, &pool, &np) == 0;
    }
    ok = ok && db_exam_candidates_without_form(r->db, eid, &cands, &nc) == 0;
    scratch = calloc(np ? np : 1, sizeof *scratch);
    items = calloc(MAX_FORM, sizeof *items);
    ok = ok && scratch && items;
    if (!ok) { db_rollback(r->db); e500(out); goto done; }
    char now[32];
    now_iso(now);
    for (size_t c = 0; c < nc; c++) {
        uint64_t seed;
        randombytes_buf(&seed, sizeof seed);
        size_t n = 0, bad = 0, avail = 0;
        enum form_error fe = form_draw(pool, np, bp, nbp, seed, scratch, items, MAX_FORM, &n, &bad, &avail);
        if (fe != FORM_OK) {
            db_rollback(r->db);
            char field[48], msg[200];
            snprintf(field, sizeof field, "blueprint.%zu.count", bad);
            snprintf(msg, sizeof msg, "Dòng %zu của ma trận đề cần nhiều câu hơn số câu có trong ngân hàng (%zu).", bad + 1, avail);
            if (fe == FORM_POOL_TOO_SMALL) resp_error(out, 400, "pool_too_small", field, msg);
            else e500(out);
            goto done;
        }
        char hex[17];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)seed);
        int64_t fid = 0;
        ok = db_exam_form_insert(r->db, cands[c], hex, now, &fid) == 0;
        for (size_t k = 0; ok && k < n; k++) {
            char *oo = option_order_json(&items[k]);
            ok = oo && db_exam_form_item_insert(r->db, fid, (int)k + 1, items[k].id, oo) == 0;
            free(oo);
        }
        if (!ok) break;
        json_array_append_new(res, json_pack("{s:I,s:I,s:s,s:I}", "candidate_id", (json_int_t)cands[c], "form_id", (json_int_t)fid,
                                             "seed", hex, "questions", (json_int_t)n));
    }
    if (ok && fresh && nc) ok = db_exam_pool_save(r->db, eid, pool, np) == 0;
    if (!ok) { db_rollback(r->db); e500(out); goto done; }
    json_t *after = json_pack("{s:I,s:I}", "generated", (json_int_t)nc, "pool", (json_int_t)np);
    ok = audit_commit(r, out, "exam.forms", "exam", eid, after) == 0;
    json_decref(after);
    if (ok) { resp_json(out, 201, json_pack("{s:I,s:O}", "generated", (json_int_t)nc, "forms", res)); }
done:
    json_decref(res);
    free(bp);
    free(pool);
    free(cands);
    free(scratch);
    free(items);
}

/* A candidate's form; ?verify=1 redraws it from the stored seed and the
 * exam's pool snapshot and says whether it is identical. */
static void form_get(struct req *r, struct resp *out)
{
    int64_t eid = r->params[0], cid = r->params[1];
    int64_t sid = db_exam_subject_of(r->db, eid);
    if (!sid || !exam_can(r, sid, NEED_VIEW_EXAM) || !db_exam_candidate_in_exam(r->db, eid, cid)) { e404(out, "thí sinh"); return; }
    json_t *f = db_exam_form_get(r->db, cid);
    if (!f) { e404(out, "đề của thí sinh"); return; }
    const char *v = req_query(r, "verify");
    if (v && !strcmp(v, "1")) {
        struct form_bp_row *bp = NULL;
        struct form_pool_item *pool = NULL;
        size_t nbp = 0, np = 0, n = 0;
        int same = 0;
        if (db_exam_blueprint_load(r->db, eid, &bp, &nbp) == 0 && db_exam_pool_snapshot(r->db, eid, &pool, &np) == 0) {
            size_t *scratch = calloc(np ? np : 1, sizeof *scratch);
            struct form_item *items = calloc(MAX_FORM, sizeof *items);
            uint64_t seed = strtoull(json_string_value(json_object_get(f, "seed")), NULL, 16);
            json_t *stored = json_object_get(f, "items");
            if (scratch && items && form_draw(pool, np, bp, nbp, seed, scratch, items, MAX_FORM, &n, NULL, NULL) == FORM_OK &&
                n == json_array_size(stored)) {
                same = 1;
                for (size_t k = 0; same && k < n; k++) {
                    json_t *it = json_array_get(stored, k);
                    char *oo = option_order_json(&items[k]);
                    json_t *want = oo ? json_loads(oo, 0, NULL) : NULL;
                    same = json_integer_value(json_object_get(it, "version_id")) == items[k].id &&
                           json_equal(want, json_object_get(it, "option_order"));
                    json_decref(want);
                    free(oo);
                }
            }
            free(scratch);
            free(items);
        }
        free(bp);
        free(pool);
        json_object_set_new(f, "reproduced", json_boolean(same));
    }
    resp_json(out, 200, f);
}

const struct route api_exam_routes[] = {
    {"GET", "/api/v1/exam/subjects", subjects_list, 0},
    {"POST", "/api/v1/exam/subjects", subject_create, 0},
    {"GET", "/api/v1/exam/subjects/:id", subject_get, 0},
    {"PATCH", "/api/v1/exam/subjects/:id", subject_update, 0},
    {"POST", "/api/v1/exam/subjects/:id/topics", topic_create, 0},
    {"PATCH", "/api/v1/exam/topics/:id", topic_update, 0},
    {"POST", "/api/v1/exam/subjects/:id/members", member_add, 0},
    {"DELETE", "/api/v1/exam/subjects/:id/members", member_remove, 0},
    {"GET", "/api/v1/exam/subjects/:id/questions", question_list, 0},
    {"POST", "/api/v1/exam/subjects/:id/questions", question_create, 0},
    {"GET", "/api/v1/exam/subjects/:id/bank", bank_export, 0},
    {"POST", "/api/v1/exam/subjects/:id/bank", bank_import_json, ROUTE_BIG_BODY},
    {"GET", "/api/v1/exam/questions/:id", question_get, 0},
    {"PUT", "/api/v1/exam/questions/:id", question_edit, 0},
    {"POST", "/api/v1/exam/questions/:id/retire", question_retire, 0},
    {"POST", "/api/v1/exam/questions/:id/restore", question_restore, 0},
    {"GET", "/api/v1/exam/priorities", priorities_list, 0},
    {"GET", "/api/v1/exams", exams_list, 0},
    {"POST", "/api/v1/exams", exam_create, 0},
    {"GET", "/api/v1/exams/:id", exam_get, 0},
    {"PATCH", "/api/v1/exams/:id", exam_update, 0},
    {"POST", "/api/v1/exams/:id/sittings", sitting_create, 0},
    {"GET", "/api/v1/exams/:id/candidates", candidates_list, 0},
    {"POST", "/api/v1/exams/:id/candidates", candidate_create, 0},
    {"POST", "/api/v1/exams/:id/forms", forms_generate, 0},
    {"GET", "/api/v1/exams/:id/candidates/:id/form", form_get, 0},
    {NULL, NULL, NULL, 0},
};
