/* /api/v1/eval: evaluation by product (issue 4) — task groups and product
 * types, tasks, results with evidence and their verification, quality
 * reviews and delays, results loaded from other systems, evidence files,
 * period assessments with their signed workflow, historic ratings.
 * See docs/evaluation.md. */
#include "api/api.h"
#include "auth/audit.h"
#include "core/date.h"
#include "core/rating.h"
#include "core/regime.h"
#include "core/score.h"
#include "core/vntext.h"
#include "db/eval.h"
#include "io/eval_sheet.h"
#include "io/sheet.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define EVAL_MAX_FILE (10u << 20)   /* 10 MiB per evidence file */
#define EVAL_MAX_EVIDENCE 20        /* evidence items per result */
#define EVAL_MAX_IMPORT_ROWS 20000

/* --- small helpers ------------------------------------------------------ */

static void internal(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void busy(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); }
static void not_found(struct resp *out) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy."); }
static void forbidden(struct resp *out, const char *msg) { resp_error(out, 403, "forbidden", NULL, msg); }
static void bad(struct resp *out, const char *code, const char *field, const char *msg)
{
    resp_error(out, 400, code, field, msg);
}

static int is_officer(const struct user *u) { return u->role == ROLE_ADMIN || u->role == ROLE_OFFICER; }
static int is_reviewer(const struct user *u) { return is_officer(u) || u->role == ROLE_LEADER; }
static int is_self(const struct user *u, int64_t person_id) { return u->person_id > 0 && u->person_id == person_id; }

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends the audit entry and commits; rolls back on failure. 0 / -1. */
static int audit_commit(struct req *r, const char *action, const char *entity, int64_t id, const char *before,
                        json_t *after)
{
    struct actor a;
    api_actor(r, &a);
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int ok = audit_append(r->db, &a, action, entity, id, before, s) == 0 && db_commit(r->db) == 0;
    free(s);
    if (!ok) db_rollback(r->db);
    return ok ? 0 : -1;
}

static int64_t query_id(struct req *r, const char *name)
{
    const char *v = req_query(r, name);
    if (!v || !*v) return 0;
    char *end;
    long long x = strtoll(v, &end, 10);
    return (*end || x < 1) ? -1 : x;
}

/* Period members: period_kind ("month" | "quarter"), year, number. */
static int parse_period(json_t *in, const char **kind, int64_t *year, int64_t *number, struct resp *out)
{
    if (api_get_string(in, "period_kind", 1, 10, kind, out)) return -1;
    if (strcmp(*kind, "month") && strcmp(*kind, "quarter")) {
        bad(out, "invalid_value", "period_kind", "Kỳ đánh giá phải là «month» (tháng) hoặc «quarter» (quý).");
        return -1;
    }
    if (api_get_int(in, "year", 1, 2000, 2100, year, NULL, out)) return -1;
    if (api_get_int(in, "number", 1, 1, !strcmp(*kind, "month") ? 12 : 4, number, NULL, out)) return -1;
    return 0;
}

/* Date-time text from another system: YYYY-MM-DD, optionally followed by
 * THH:MM[:SS] and Z or ±HH:MM. 0 when valid. */
static int parse_stamp(const char *s)
{
    cdate d;
    char day[11];
    if (strlen(s) < 10) return -1;
    memcpy(day, s, 10);
    day[10] = 0;
    if (date_parse_iso(day, &d) != 0) return -1;
    const char *p = s + 10;
    if (!*p) return 0;
    int hh, mm, ss = 0, n = 0;
    if (sscanf(p, "T%2d:%2d%n", &hh, &mm, &n) != 2 || n != 6 || hh > 23 || mm > 59) return -1;
    p += n;
    if (*p == ':') {
        if (sscanf(p, ":%2d%n", &ss, &n) != 1 || n != 3 || ss > 59) return -1;
        p += n;
    }
    if (!*p || !strcmp(p, "Z")) return 0;
    if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') return 0;
    return -1;
}

/* --- task groups -------------------------------------------------------- */

static void groups_list(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    if (r->user.role == ROLE_STAFF) { forbidden(out, "Bạn không có quyền xem danh mục này."); return; }
    int64_t unit = query_id(r, "unit");
    if (unit < 0) { bad(out, "invalid_value", "unit", "Mã đơn vị không hợp lệ."); return; }
    json_t *items = db_eval_group_list(r->db, &sc, unit);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void groups_create(struct req *r, struct resp *out)
{
    if (!is_officer(&r->user)) { forbidden(out, "Chỉ cán bộ tổ chức được quản lý nhóm nhiệm vụ."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"unit_id", "name", NULL};
    int64_t unit_id = 0;
    const char *name = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "unit_id", 1, 1, INT64_MAX, &unit_id, NULL, out) ||
        api_get_string(in, "name", 1, 200, &name, out)) { json_decref(in); return; }
    if (!auth_unit_in_scope(r->db, &r->user, unit_id)) { json_decref(in); not_found(out); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    int rc = db_eval_group_insert(r->db, unit_id, name, now, &id);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate_name", "name", "Đơn vị đã có nhóm nhiệm vụ cùng tên.");
        else internal(out);
        return;
    }
    int ok = audit_commit(r, "eval.group.create", "eval_task_group", id, NULL, in) == 0;
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* --- product types ------------------------------------------------------ */

static int valid_code(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* A task group must belong to the product type's unit. */
static int check_group(struct req *r, int64_t group_id, int64_t unit_id, struct resp *out)
{
    int64_t gu = 0;
    if (group_id > 0 && (db_eval_group_unit(r->db, group_id, &gu) != 0 || gu != unit_id)) {
        bad(out, "unknown_code", "task_group_id", "Nhóm nhiệm vụ không có trong danh mục của đơn vị.");
        return -1;
    }
    return 0;
}

static void ptypes_list(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_STAFF) { forbidden(out, "Bạn không có quyền xem danh mục này."); return; }
    struct scope sc;
    auth_scope(&r->user, &sc);
    int64_t unit = query_id(r, "unit");
    if (unit < 0) { bad(out, "invalid_value", "unit", "Mã đơn vị không hợp lệ."); return; }
    const char *all = req_query(r, "all");
    json_t *items = db_eval_ptype_list(r->db, &sc, unit, !(all && !strcmp(all, "1")));
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void ptypes_create(struct req *r, struct resp *out)
{
    if (!is_officer(&r->user)) { forbidden(out, "Chỉ cán bộ tổ chức được quản lý danh mục sản phẩm."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"unit_id", "code", "name", "measure", "position", "norm_x100", "task_group_id", NULL};
    struct eval_ptype p = {0};
    p.norm_x100 = 100;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "unit_id", 1, 1, INT64_MAX, &p.unit_id, NULL, out) ||
        api_get_string(in, "code", 1, 32, &p.code, out) || api_get_string(in, "name", 1, 300, &p.name, out) ||
        api_get_string(in, "measure", 0, 50, &p.measure, out) || api_get_string(in, "position", 0, 200, &p.position, out) ||
        api_get_int(in, "norm_x100", 0, 1, 100000, &p.norm_x100, NULL, out) ||
        api_get_int(in, "task_group_id", 0, 1, INT64_MAX, &p.task_group_id, NULL, out)) { json_decref(in); return; }
    if (!valid_code(p.code)) {
        json_decref(in);
        bad(out, "invalid_value", "code", "Mã sản phẩm chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang.");
        return;
    }
    if (!auth_unit_in_scope(r->db, &r->user, p.unit_id)) { json_decref(in); not_found(out); return; }
    if (check_group(r, p.task_group_id, p.unit_id, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    int rc = db_eval_ptype_insert(r->db, &p, now, &id);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate_code", "code", "Đơn vị đã có loại sản phẩm cùng mã.");
        else internal(out);
        return;
    }
    int ok = audit_commit(r, "eval.product_type.create", "eval_product_type", id, NULL, in) == 0;
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* Loads a product type visible to the user (404 otherwise). */
static json_t *ptype_in_scope(struct req *r, int64_t id, struct resp *out)
{
    json_t *cur = NULL;
    int rc = db_eval_ptype_get(r->db, id, &cur);
    if (rc < 0) { internal(out); return NULL; }
    if (rc == 1 || !auth_unit_in_scope(r->db, &r->user, json_integer_value(json_object_get(cur, "unit_id")))) {
        json_decref(cur);
        not_found(out);
        return NULL;
    }
    return cur;
}

static void ptypes_get(struct req *r, struct resp *out)
{
    json_t *cur = ptype_in_scope(r, r->params[0], out);
    if (cur) resp_json(out, 200, cur);
}

/* PATCH (any of name, measure, position, norm_x100, task_group_id, active)
 * and DELETE (active = false: retired, never removed — tasks refer to it). */
static void ptype_change(struct req *r, struct resp *out, int retire)
{
    if (!is_officer(&r->user)) { forbidden(out, "Chỉ cán bộ tổ chức được quản lý danh mục sản phẩm."); return; }
    json_t *in = NULL;
    if (!retire) {
        in = req_json_object(r, out);
        if (!in) return;
        static const char *const allowed[] = {"name", "measure", "position", "norm_x100", "task_group_id", "active", NULL};
        if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    json_t *cur = ptype_in_scope(r, r->params[0], out);
    if (!cur) { db_rollback(r->db); json_decref(in); return; }
    const char *name = json_string_value(json_object_get(cur, "name"));
    const char *measure = json_string_value(json_object_get(cur, "measure"));
    const char *position = json_string_value(json_object_get(cur, "position"));
    int64_t norm = json_integer_value(json_object_get(cur, "norm_x100"));
    int64_t group = json_integer_value(json_object_get(cur, "task_group_id"));
    int64_t unit_id = json_integer_value(json_object_get(cur, "unit_id"));
    int active = retire ? 0 : (int)json_integer_value(json_object_get(cur, "active"));
    int err = 0;
    if (in) {
        int gp = 0;
        err = api_get_string(in, "name", json_object_get(in, "name") != NULL, 300, &name, out) ||
              api_get_string(in, "measure", 0, 50, &measure, out) ||
              api_get_string(in, "position", 0, 200, &position, out) ||
              api_get_int(in, "norm_x100", 0, 1, 100000, &norm, NULL, out) ||
              api_get_int(in, "task_group_id", 0, 1, INT64_MAX, &group, &gp, out);
        if (!err && gp == 2) group = 0;
        json_t *av = json_object_get(in, "active");
        if (!err && av) {
            if (!json_is_boolean(av)) { bad(out, "invalid_type", "active", "Trường «active» phải là true hoặc false."); err = 1; }
            else active = json_is_true(av);
        }
        if (!err && check_group(r, group, unit_id, out)) err = 1;
    }
    char now[32];
    now_iso(now);
    if (err) { db_rollback(r->db); json_decref(cur); json_decref(in); return; }
    char *before = json_dumps(cur, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = db_eval_ptype_update(r->db, r->params[0], name, measure, position, norm, group, active, now);
    json_t *after = NULL;
    int ok = rc == 0 && db_eval_ptype_get(r->db, r->params[0], &after) == 0;
    ok = ok && audit_commit(r, retire ? "eval.product_type.retire" : "eval.product_type.update", "eval_product_type",
                            r->params[0], before, after) == 0;
    if (!ok) db_rollback(r->db);
    free(before);
    json_decref(cur);
    json_decref(in);
    if (!ok) { json_decref(after); internal(out); return; }
    resp_json(out, 200, after);
}

static void ptypes_patch(struct req *r, struct resp *out) { ptype_change(r, out, 0); }
static void ptypes_delete(struct req *r, struct resp *out) { ptype_change(r, out, 1); }

/* --- tasks -------------------------------------------------------------- */

static void tasks_create(struct req *r, struct resp *out)
{
    if (!is_reviewer(&r->user)) { forbidden(out, "Chỉ lãnh đạo hoặc cán bộ tổ chức được giao nhiệm vụ."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"person_id", "period_kind", "year", "number", "product_type_id", "title",
                                          "target_qty", "deadline", "quality_req", "weight_x100", "verifier_user_id",
                                          "key_task", NULL};
    struct eval_task t;
    memset(&t, 0, sizeof t);
    t.weight_x100 = 100;
    const char *kind = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "person_id", 1, 1, INT64_MAX, &t.person_id, NULL, out) ||
        parse_period(in, &kind, &t.year, &t.number, out) ||
        api_get_int(in, "product_type_id", 1, 1, INT64_MAX, &t.product_type_id, NULL, out) ||
        api_get_string(in, "title", 0, 500, &t.title, out) ||
        api_get_int(in, "target_qty", 1, 1, 1000000, &t.target_qty, NULL, out) ||
        api_get_date(in, "deadline", 1, &t.deadline, out) || api_get_string(in, "quality_req", 0, 2000, &t.quality_req, out) ||
        api_get_int(in, "weight_x100", 0, 1, 100000, &t.weight_x100, NULL, out) ||
        api_get_int(in, "verifier_user_id", 0, 1, INT64_MAX, &t.verifier_user_id, NULL, out)) { json_decref(in); return; }
    json_t *kt = json_object_get(in, "key_task");
    if (kt && !json_is_boolean(kt)) { json_decref(in); bad(out, "invalid_type", "key_task", "Trường «key_task» phải là true hoặc false."); return; }
    t.key_task = kt && json_is_true(kt);
    snprintf(t.period_kind, sizeof t.period_kind, "%s", kind);
    if (!auth_person_in_scope(r->db, &r->user, t.person_id) || db_eval_person_unit(r->db, t.person_id, &t.unit_id, NULL) != 0) {
        json_decref(in);
        not_found(out);
        return;
    }
    if (is_self(&r->user, t.person_id)) { json_decref(in); forbidden(out, "Không được tự giao nhiệm vụ cho chính mình."); return; }
    json_t *pt = NULL;
    if (db_eval_ptype_get(r->db, t.product_type_id, &pt) != 0 ||
        !json_integer_value(json_object_get(pt, "active")) ||
        !db_eval_unit_contains(r->db, json_integer_value(json_object_get(pt, "unit_id")), t.unit_id)) {
        json_decref(pt);
        json_decref(in);
        bad(out, "unknown_code", "product_type_id", "Loại sản phẩm không có trong danh mục đang áp dụng cho đơn vị của người được giao.");
        return;
    }
    t.norm_x100 = json_integer_value(json_object_get(pt, "norm_x100"));
    if (!t.title) t.title = json_string_value(json_object_get(pt, "name"));
    if (t.verifier_user_id && !db_eval_user_active(r->db, t.verifier_user_id)) {
        json_decref(pt);
        json_decref(in);
        bad(out, "unknown_code", "verifier_user_id", "Không tìm thấy người kiểm chứng.");
        return;
    }
    char now[32];
    now_iso(now);
    int64_t id = 0;
    int ok = db_begin(r->db) == 0;
    if (!ok) { json_decref(pt); json_decref(in); busy(out); return; }
    ok = db_eval_task_insert(r->db, &t, r->user.id, now, &id) == 0;
    if (ok) {
        json_object_set_new(in, "norm_x100", json_integer(t.norm_x100));
        json_object_set_new(in, "unit_id", json_integer(t.unit_id));
        ok = audit_commit(r, "eval.task.create", "eval_task", id, NULL, in) == 0;
    } else db_rollback(r->db);
    json_decref(pt);
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:I}", "id", (json_int_t)id, "norm_x100", (json_int_t)t.norm_x100));
}

/* Loads a task whose person is in the user's scope (or of which the user is
 * the verifier when allow_verifier). 404 otherwise. 0 / -1. */
static int task_visible(struct req *r, int64_t id, struct eval_task *t, int allow_verifier, struct resp *out)
{
    int rc = db_eval_task_get(r->db, id, t);
    if (rc < 0) { internal(out); return -1; }
    if (rc == 0 && (auth_person_in_scope(r->db, &r->user, t->person_id) ||
                    (allow_verifier && t->verifier_user_id == r->user.id)))
        return 0;
    not_found(out);
    return -1;
}

static void person_tasks(struct req *r, struct resp *out)
{
    int64_t pid = r->params[0];
    if (!auth_person_in_scope(r->db, &r->user, pid)) { not_found(out); return; }
    int64_t year = query_id(r, "year"), number = query_id(r, "number");
    const char *kind = req_query(r, "period_kind");
    if (year < 0) { bad(out, "invalid_value", "year", "Năm không hợp lệ."); return; }
    if (number < 0) { bad(out, "invalid_value", "number", "Số kỳ không hợp lệ."); return; }
    if (kind && strcmp(kind, "month") && strcmp(kind, "quarter")) {
        bad(out, "invalid_value", "period_kind", "Kỳ đánh giá phải là «month» hoặc «quarter».");
        return;
    }
    json_t *items = db_eval_tasks_of(r->db, pid, year, kind, number);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void tasks_list(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    int64_t unit = query_id(r, "unit"), year = query_id(r, "year"), number = query_id(r, "number");
    const char *kind = req_query(r, "period_kind");
    if (unit < 0) { bad(out, "invalid_value", "unit", "Mã đơn vị không hợp lệ."); return; }
    if (year < 0) { bad(out, "invalid_value", "year", "Năm không hợp lệ."); return; }
    if (number < 0) { bad(out, "invalid_value", "number", "Số kỳ không hợp lệ."); return; }
    if (kind && strcmp(kind, "month") && strcmp(kind, "quarter")) {
        bad(out, "invalid_value", "period_kind", "Kỳ đánh giá phải là «month» hoặc «quarter».");
        return;
    }
    if (unit > 0 && r->user.role != ROLE_STAFF && !auth_unit_in_scope(r->db, &r->user, unit)) { not_found(out); return; }
    int page, per;
    api_paging(r, &page, &per);
    json_t *items = db_eval_tasks_list(r->db, &sc, unit, year, kind, number, per, (page - 1) * per);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o,s:i,s:i}", "items", items, "page", page, "per_page", per));
}

/* --- evidence files ----------------------------------------------------- */

struct ftype { const char *key, *ctype; };
static const struct ftype ftypes[] = {
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"jpeg", "image/jpeg"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {NULL, NULL},
};

/* Magic bytes agree with the declared type. docx/xlsx are ZIP packages that
 * must contain the part folder of their kind (word/ or xl/). */
static int magic_ok(const char *key, const unsigned char *b, size_t n)
{
    if (!strcmp(key, "pdf")) return n >= 5 && !memcmp(b, "%PDF-", 5);
    if (!strcmp(key, "png")) return n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8);
    if (!strcmp(key, "jpeg")) return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
    if (n < 4 || memcmp(b, "PK\x03\x04", 4)) return 0;
    const char *part = !strcmp(key, "docx") ? "word/" : "xl/";
    return memmem(b, n, part, strlen(part)) != NULL && memmem(b, n, "[Content_Types].xml", 19) != NULL;
}

static void files_upload(struct req *r, struct resp *out)
{
    int64_t pid = query_id(r, "person_id");
    if (pid < 0) { bad(out, "invalid_value", "person_id", "Mã hồ sơ không hợp lệ."); return; }
    if (r->user.role == ROLE_STAFF) {
        if (!pid) pid = r->user.person_id;
    } else if (!is_officer(&r->user)) {
        forbidden(out, "Bạn không có quyền tải minh chứng.");
        return;
    }
    if (!pid) { bad(out, "required", "person_id", "Trường «person_id» là bắt buộc."); return; }
    if (!auth_person_in_scope(r->db, &r->user, pid)) { not_found(out); return; }
    const char *name = req_query(r, "name"), *type = req_query(r, "type");
    if (!name || !*name) { bad(out, "required", "name", "Trường «name» là bắt buộc."); return; }
    size_t nl = strlen(name);
    if (nl > 200) { bad(out, "too_long", "name", "Tên tệp quá dài."); return; }
    if (!utf8_valid(name, nl) || strchr(name, '/') || strchr(name, '\\')) {
        bad(out, "invalid_text", "name", "Tên tệp chứa ký tự không hợp lệ.");
        return;
    }
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) { bad(out, "invalid_text", "name", "Tên tệp chứa ký tự không hợp lệ."); return; }
    if (!type || !*type) { bad(out, "required", "type", "Trường «type» là bắt buộc."); return; }
    const struct ftype *ft = ftypes;
    while (ft->key && strcmp(ft->key, type)) ft++;
    if (!ft->key) { bad(out, "invalid_value", "type", "Loại tệp phải là pdf, png, jpeg, docx hoặc xlsx."); return; }
    if (r->body_len == 0) { bad(out, "required", "body", "Tệp tải lên rỗng."); return; }
    if (r->body_len > EVAL_MAX_FILE) {
        resp_error(out, 413, "file_too_large", "body", "Tệp minh chứng không được lớn hơn 10 MiB.");
        return;
    }
    if (!magic_ok(ft->key, (const unsigned char *)r->body, r->body_len)) {
        bad(out, "type_mismatch", "type", "Nội dung tệp không khớp với loại tệp đã khai báo.");
        return;
    }
    unsigned char dig[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dig, (const unsigned char *)r->body, r->body_len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, dig, sizeof dig);
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { busy(out); return; }
    int64_t id = 0;
    if (db_eval_file_insert(r->db, hex, ft->ctype, name, r->body, r->body_len, pid, r->user.id, now, &id) != 0) {
        db_rollback(r->db);
        internal(out);
        return;
    }
    json_t *meta = json_pack("{s:I,s:s,s:I,s:s,s:s,s:I}", "id", (json_int_t)id, "sha256", hex, "size",
                             (json_int_t)r->body_len, "content_type", ft->ctype, "name", name, "person_id", (json_int_t)pid);
    if (audit_commit(r, "eval.file.upload", "eval_file", id, NULL, meta) != 0) { json_decref(meta); internal(out); return; }
    resp_json(out, 201, meta);
}

static int file_visible(struct req *r, int64_t id, struct resp *out)
{
    int64_t pid = 0, by = 0;
    int rc = db_eval_file_owner(r->db, id, &pid, &by);
    if (rc < 0) { internal(out); return -1; }
    if (rc == 0 && (by == r->user.id || (pid && auth_person_in_scope(r->db, &r->user, pid)) ||
                    db_eval_file_verifier(r->db, id, r->user.id)))
        return 0;
    not_found(out);
    return -1;
}

static void files_get(struct req *r, struct resp *out)
{
    if (file_visible(r, r->params[0], out)) return;
    json_t *meta = NULL;
    if (db_eval_file_meta(r->db, r->params[0], &meta) != 0) { internal(out); return; }
    resp_json(out, 200, meta);
}

static void files_content(struct req *r, struct resp *out)
{
    if (file_visible(r, r->params[0], out)) return;
    char *data = NULL, ctype[128];
    size_t len = 0;
    if (db_eval_file_data(r->db, r->params[0], &data, &len, ctype, sizeof ctype) != 0) { internal(out); return; }
    const struct ftype *ft = ftypes;
    while (ft->key && strcmp(ft->ctype, ctype)) ft++;
    resp_text(out, 200, ft->key ? ft->ctype : "application/octet-stream", data, len);
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Content-Disposition: attachment");
    free(data);
}

/* --- results ------------------------------------------------------------ */

/* Validates `evidence` (array of {kind, ref?, file_id?}) for a task of
 * person_id; writes a 400 and returns -1 on the first fault. */
static int check_evidence(struct req *r, json_t *ev, int64_t person_id, struct resp *out)
{
    if (!ev || json_is_null(ev)) return 0;
    if (!json_is_array(ev)) { bad(out, "invalid_type", "evidence", "Trường «evidence» phải là danh sách."); return -1; }
    if (json_array_size(ev) > EVAL_MAX_EVIDENCE) { bad(out, "too_long", "evidence", "Quá nhiều minh chứng cho một kết quả."); return -1; }
    size_t i;
    json_t *e;
    static const char *const allowed[] = {"kind", "ref", "file_id", NULL};
    json_array_foreach(ev, i, e) {
        if (!json_is_object(e)) { bad(out, "invalid_type", "evidence", "Mỗi minh chứng phải là một đối tượng."); return -1; }
        const char *kind = NULL, *ref = NULL;
        int64_t fid = 0;
        if (api_only_fields(e, allowed, out) || api_get_string(e, "kind", 1, 16, &kind, out)) return -1;
        if (!strcmp(kind, "file")) {
            if (api_get_int(e, "file_id", 1, 1, INT64_MAX, &fid, NULL, out)) return -1;
            int64_t fp = 0, by = 0;
            if (db_eval_file_owner(r->db, fid, &fp, &by) != 0 || fp != person_id) {
                bad(out, "unknown_code", "file_id", "Không tìm thấy tệp minh chứng của người này.");
                return -1;
            }
        } else if (!strcmp(kind, "document") || !strcmp(kind, "dossier")) {
            if (api_get_string(e, "ref", 1, 200, &ref, out)) return -1;
            if (json_object_get(e, "file_id")) { bad(out, "invalid_value", "file_id", "Chỉ minh chứng loại «file» có file_id."); return -1; }
        } else {
            bad(out, "invalid_value", "kind", "Loại minh chứng phải là document (số văn bản), dossier (mã hồ sơ) hoặc file (tệp).");
            return -1;
        }
    }
    return 0;
}

static int insert_evidence(db *d, int64_t result_id, json_t *ev)
{
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e) {
        json_t *f = json_object_get(e, "file_id");
        if (db_eval_evidence_insert(d, result_id, json_string_value(json_object_get(e, "kind")),
                                    json_string_value(json_object_get(e, "ref")), f ? json_integer_value(f) : 0) != 0)
            return -1;
    }
    return 0;
}

static void results_create(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct eval_task t;
    if (task_visible(r, r->params[0], &t, 0, out)) { json_decref(in); return; }
    if (!is_officer(&r->user) && !(r->user.role == ROLE_STAFF && is_self(&r->user, t.person_id))) {
        json_decref(in);
        forbidden(out, "Chỉ người được giao (hoặc cán bộ tổ chức) được báo cáo kết quả.");
        return;
    }
    static const char *const allowed[] = {"quantity", "note", "evidence", NULL};
    struct eval_result_in res = {.task_id = t.id, .origin = "report"};
    if (api_only_fields(in, allowed, out) || api_get_int(in, "quantity", 1, 0, 1000000, &res.quantity, NULL, out) ||
        api_get_string(in, "note", 0, 2000, &res.note, out)) { json_decref(in); return; }
    json_t *ev = json_object_get(in, "evidence");
    if (check_evidence(r, ev, t.person_id, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    int ok = db_eval_result_insert(r->db, &res, r->user.id, now, &id) == 0 && (!ev || json_is_null(ev) ||
                                                                             insert_evidence(r->db, id, ev) == 0);
    if (ok) {
        json_object_set_new(in, "task_id", json_integer(t.id));
        ok = audit_commit(r, "eval.result.report", "eval_result", id, NULL, in) == 0;
    } else db_rollback(r->db);
    size_t nev = json_is_array(ev) ? json_array_size(ev) : 0;
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:s,s:b,s:b}", "id", (json_int_t)id, "status", "unverified", "counts", 0,
                                  "has_evidence", nev > 0));
}

/* Loads a result and its task; the task must be visible (verifier allowed). */
static int result_load(struct req *r, int64_t id, struct eval_task *t, int64_t *reporter, char *status, size_t scap,
                       int allow_verifier, struct resp *out)
{
    int64_t tid = 0;
    int rc = db_eval_result_get(r->db, id, &tid, reporter, status, scap);
    if (rc < 0) { internal(out); return -1; }
    if (rc == 1) { not_found(out); return -1; }
    return task_visible(r, tid, t, allow_verifier, out);
}

static void results_add_evidence(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct eval_task t;
    int64_t reporter = 0;
    char status[16];
    if (result_load(r, r->params[0], &t, &reporter, status, sizeof status, 0, out)) { json_decref(in); return; }
    if (!is_officer(&r->user) && !(r->user.role == ROLE_STAFF && is_self(&r->user, t.person_id))) {
        json_decref(in);
        forbidden(out, "Chỉ người được giao (hoặc cán bộ tổ chức) được bổ sung minh chứng.");
        return;
    }
    static const char *const allowed[] = {"evidence", NULL};
    json_t *ev = json_object_get(in, "evidence");
    if (api_only_fields(in, allowed, out) || check_evidence(r, ev, t.person_id, out)) { json_decref(in); return; }
    if (!json_is_array(ev) || json_array_size(ev) == 0) { json_decref(in); bad(out, "required", "evidence", "Cần ít nhất một minh chứng."); return; }
    if (strcmp(status, "unverified")) {
        json_decref(in);
        resp_error(out, 409, "invalid_state", NULL, "Kết quả đã được kiểm chứng; không thể bổ sung minh chứng.");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int ok = insert_evidence(r->db, r->params[0], ev) == 0;
    if (ok) ok = audit_commit(r, "eval.result.evidence", "eval_result", r->params[0], NULL, in) == 0;
    else db_rollback(r->db);
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void results_verify(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct eval_task t;
    int64_t reporter = 0;
    char status[16];
    if (result_load(r, r->params[0], &t, &reporter, status, sizeof status, 1, out)) { json_decref(in); return; }
    int verifier = t.verifier_user_id == r->user.id;
    if ((!verifier && !is_officer(&r->user)) || is_self(&r->user, t.person_id) || reporter == r->user.id) {
        json_decref(in);
        forbidden(out, "Chỉ người kiểm chứng được chỉ định (hoặc cán bộ tổ chức), khác người báo cáo, được kiểm chứng kết quả.");
        return;
    }
    static const char *const allowed[] = {"decision", "note", NULL};
    const char *decision = NULL, *note = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "decision", 1, 16, &decision, out) ||
        api_get_string(in, "note", 0, 2000, &note, out)) { json_decref(in); return; }
    if (strcmp(decision, "verified") && strcmp(decision, "rejected")) {
        json_decref(in);
        bad(out, "invalid_value", "decision", "Quyết định phải là «verified» (xác nhận) hoặc «rejected» (không xác nhận).");
        return;
    }
    if (!strcmp(decision, "rejected") && !note) {
        json_decref(in);
        bad(out, "required", "note", "Cần nêu lý do không xác nhận.");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    if (!strcmp(decision, "verified") && db_eval_result_evidence_count(r->db, r->params[0]) <= 0) {
        db_rollback(r->db);
        json_decref(in);
        bad(out, "evidence_required", "evidence", "Kết quả chưa có minh chứng nên chưa thể xác nhận.");
        return;
    }
    char now[32];
    now_iso(now);
    int rc = db_eval_result_verify(r->db, r->params[0], decision, r->user.id, now, note);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "invalid_state", NULL, "Kết quả này đã được kiểm chứng.");
        else internal(out);
        return;
    }
    char before[64];
    snprintf(before, sizeof before, "{\"status\":\"%s\"}", status);
    json_object_set_new(in, "task_id", json_integer(t.id));
    int ok = audit_commit(r, "eval.result.verify", "eval_result", r->params[0], before, in) == 0;
    int verified = !strcmp(decision, "verified"); /* decision lives in `in` */
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:s,s:b}", "status", verified ? "verified" : "rejected", "counts", verified));
}

/* --- imports: JSON, .csv and .xlsx through one validation and insert path --- */

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define IMPORT_PREVIEW 200

struct import_ctx {
    enum eval_sheet_kind kind;
    json_t *rows;      /* row objects of the JSON import shape */
    json_t *rownum;    /* NULL: JSON body (row = index + 1); else the spreadsheet row of each */
    json_t *errors;    /* report: [{row, column?, field, code, message, value?}] */
    long error_count;
    json_t *preview;   /* the valid rows, normalised, at most IMPORT_PREVIEW */
    json_t *written;   /* ratings: the rows as stored (audit entry) */
};

static long import_row_no(const struct import_ctx *c, size_t i)
{
    return c->rownum ? (long)json_integer_value(json_array_get(c->rownum, i)) : (long)(i + 1);
}

/* Records the error of row i held in e (a resp written by bad()/api_get_*). */
static void import_error(struct import_ctx *c, size_t i, struct resp *e)
{
    c->error_count++;
    if (json_array_size(c->errors) >= EVAL_SHEET_MAX_REPORT) return;
    json_t *ej = e->body ? json_loads(e->body, 0, NULL) : NULL;
    json_t *eo = json_object_get(ej, "error");
    const char *field = json_string_value(json_object_get(eo, "field"));
    json_t *item = json_pack("{s:I,s:s?,s:O,s:O}", "row", (json_int_t)import_row_no(c, i), "field", field, "code",
                             json_object_get(eo, "code"), "message", json_object_get(eo, "message"));
    if (item && c->rownum && field) json_object_set_new(item, "column", json_string(eval_sheet_column(c->kind, field)));
    if (item) json_array_append_new(c->errors, item);
    json_decref(ej);
}

/* One results row: validated and (when write) inserted with its `system`
 * evidence. 0 (a fault is recorded in c), -1 on a database failure. */
static int import_result_row(struct req *r, struct import_ctx *c, size_t i, json_t *row, const char *now, int write)
{
    static const char *const rallowed[] = {"task_id", "quantity", "source", "extracted_at", "external_ref", "note", NULL};
    struct resp e = {0};
    struct eval_result_in res = {.origin = "import"};
    struct eval_task t;
    int fault = 0;
    if (!json_is_object(row)) { bad(&e, "invalid_type", NULL, "Mỗi dòng phải là một đối tượng."); fault = 1; }
    if (!fault && (api_only_fields(row, rallowed, &e) || api_get_int(row, "task_id", 1, 1, INT64_MAX, &res.task_id, NULL, &e) ||
                   api_get_int(row, "quantity", 1, 0, 1000000, &res.quantity, NULL, &e) ||
                   api_get_string(row, "source", 1, 100, &res.source, &e) ||
                   api_get_string(row, "extracted_at", 1, 32, &res.extracted_at, &e) ||
                   api_get_string(row, "external_ref", 0, 200, &res.external_ref, &e) ||
                   api_get_string(row, "note", 0, 2000, &res.note, &e)))
        fault = 1;
    if (!fault && parse_stamp(res.extracted_at) != 0) {
        bad(&e, "invalid_date", "extracted_at", "«extracted_at» phải là thời điểm dạng YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SSZ.");
        fault = 1;
    }
    /* Outside the user's scope reads exactly as absent (404 semantics per row). */
    if (!fault && (db_eval_task_get(r->db, res.task_id, &t) != 0 || !auth_person_in_scope(r->db, &r->user, t.person_id))) {
        resp_error(&e, 400, "not_found", "task_id", "Không tìm thấy nhiệm vụ (hoặc nhiệm vụ ngoài phạm vi quản lý).");
        fault = 1;
    }
    int rc = 0;
    if (fault) {
        import_error(c, i, &e);
    } else {
        int64_t id = 0;
        if (write && (db_eval_result_insert(r->db, &res, r->user.id, now, &id) != 0 ||
                      db_eval_evidence_insert(r->db, id, "system", res.external_ref ? res.external_ref : res.source, 0) != 0))
            rc = -1;
        if (json_array_size(c->preview) < IMPORT_PREVIEW) {
            char name[200] = "";
            db_eval_person_name(r->db, t.person_id, name, sizeof name);
            json_array_append_new(c->preview,
                                  json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s?,s:s?}", "row", (json_int_t)import_row_no(c, i),
                                            "task_id", (json_int_t)res.task_id, "person_id", (json_int_t)t.person_id, "person_name",
                                            name, "period_kind", t.period_kind, "year", (json_int_t)t.year, "number",
                                            (json_int_t)t.number, "quantity", (json_int_t)res.quantity, "source", res.source,
                                            "extracted_at", res.extracted_at, "external_ref", res.external_ref, "note", res.note));
        }
    }
    free(e.body);
    return rc;
}

/* --- historic ratings rows --- */

/* 1 when `year` lies in the regime's validity for some category. */
static int regime_covers_year(const struct eval_regime *rg, int64_t year)
{
    static const enum eval_category cats[] = {CAT_CONG_CHUC, CAT_VIEN_CHUC, CAT_CAN_BO};
    for (size_t i = 0; i < 3; i++) {
        cdate from, to;
        if (regime_validity(rg, cats[i], &from, &to) != 0) continue;
        int fy, ty, m, d;
        date_to_ymd(from, &fy, &m, &d);
        ty = 9999;
        if (to != CDATE_NONE) date_to_ymd(to, &ty, &m, &d);
        if (year >= fy && year <= ty) return 1;
    }
    return 0;
}

static const char *stored_level_name(const struct eval_regime *rg, const char *code)
{
    if (rg->free_levels) return code;
    if (rg->legacy) return legacy_level_name(legacy_level_parse(code));
    enum rating_level l = rating_level_parse(code);
    return l == LEVEL_UNDETERMINED ? NULL : rating_level_name(l);
}

/* One historic rating row: the person by person_id or cccd (CCCD), the
 * regime by code or, when absent, the one in force on 31/12 of the year
 * (công chức assumed), the level by code or Vietnamese label. */
static int import_rating_row(struct req *r, struct import_ctx *c, size_t i, json_t *row, const char *now, int write)
{
    static const char *const rallowed[] = {"person_id", "cccd", "year", "regime", "level", "score_x100", "decision_no", "source", NULL};
    struct resp e = {0};
    int64_t pid = 0, year = 0, score = -1;
    const char *regime = NULL, *level = NULL, *dec = NULL, *src = NULL, *cccd = NULL;
    int y, m, dd, fault = 0;
    date_to_ymd(date_today(), &y, &m, &dd);
    if (!json_is_object(row)) { bad(&e, "invalid_type", NULL, "Mỗi dòng phải là một đối tượng."); fault = 1; }
    if (!fault && (api_only_fields(row, rallowed, &e) || api_get_int(row, "person_id", 0, 1, INT64_MAX, &pid, NULL, &e) ||
                   api_get_string(row, "cccd", 0, 12, &cccd, &e) ||
                   api_get_int(row, "year", 1, 1990, y, &year, NULL, &e) || api_get_string(row, "regime", 0, 32, &regime, &e) ||
                   api_get_string(row, "level", 1, 120, &level, &e) ||
                   api_get_int(row, "score_x100", 0, 0, 10000, &score, NULL, &e) ||
                   api_get_string(row, "decision_no", 0, 100, &dec, &e) || api_get_string(row, "source", 0, 200, &src, &e)))
        fault = 1;
    const char *who = pid ? "person_id" : "cccd";
    if (!fault && !pid && !cccd) { bad(&e, "required", "person_id", "Cần «person_id» (mã hồ sơ) hoặc «cccd» (số CCCD)."); fault = 1; }
    if (!fault && cccd) {
        int64_t by = 0;
        int rc = db_eval_person_by_cccd(r->db, cccd, &by);
        if (rc < 0) { free(e.body); return -1; }
        if (rc == 1 || (pid && by != pid)) {
            resp_error(&e, 400, "not_found", "cccd", pid ? "Số CCCD không khớp với mã hồ sơ." : "Không tìm thấy hồ sơ có số CCCD này.");
            fault = 1;
        }
        pid = by;
    }
    const struct eval_regime *rg = NULL;
    if (!fault) {
        rg = regime ? regime_by_code(regime) : regime_for_year(CAT_CONG_CHUC, (int)year);
        if (!rg) { bad(&e, "unknown_code", "regime", "Chế độ đánh giá không có trong danh mục."); fault = 1; }
    }
    if (!fault && !regime_covers_year(rg, year)) { bad(&e, "invalid_value", "year", "Năm không thuộc thời gian áp dụng của chế độ đánh giá."); fault = 1; }
    char lv[128];
    if (!fault && !rating_history_level(rg, level, lv, sizeof lv)) {
        char msg[400];
        snprintf(msg, sizeof msg, "Mức xếp loại không thuộc chế độ đánh giá %s (%s).", rg->name, rg->cite_levels);
        bad(&e, "unknown_code", "level", msg);
        fault = 1;
    }
    if (!fault && score >= 0 && !rg->scored) {
        bad(&e, "invalid_value", "score_x100", "Chế độ đánh giá này không chấm điểm (thang điểm 100 chỉ có từ NĐ 335/2025/NĐ-CP).");
        fault = 1;
    }
    if (!fault && !auth_person_in_scope(r->db, &r->user, pid)) { resp_error(&e, 400, "not_found", who, "Không tìm thấy hồ sơ."); fault = 1; }
    int rc = 0;
    if (fault) {
        import_error(c, i, &e);
    } else {
        if (write && db_eval_rating_insert(r->db, pid, year, rg->code, lv, score, dec, src, r->user.id, now, NULL) != 0) rc = -1;
        json_t *w = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s?}", "person_id", (json_int_t)pid, "year", (json_int_t)year, "regime",
                              rg->code, "level", lv, "decision_no", dec, "source", src);
        if (w && score >= 0) json_object_set_new(w, "score_x100", json_integer(score));
        if (w) json_array_append_new(c->written, w);
        if (json_array_size(c->preview) < IMPORT_PREVIEW) {
            char name[200] = "";
            db_eval_person_name(r->db, pid, name, sizeof name);
            json_t *p = json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s?,s:b}", "row", (json_int_t)import_row_no(c, i), "person_id",
                                  (json_int_t)pid, "person_name", name, "year", (json_int_t)year, "regime", rg->code,
                                  "regime_name", rg->name, "level", lv, "level_name", stored_level_name(rg, lv), "legacy",
                                  rg->legacy);
            if (p) {
                json_object_set_new(p, "score_x100", score >= 0 ? json_integer(score) : json_null());
                json_object_set_new(p, "decision_no", dec ? json_string(dec) : json_null());
                json_object_set_new(p, "source", src ? json_string(src) : json_null());
                json_array_append_new(c->preview, p);
            }
        }
    }
    free(e.body);
    return rc;
}

struct keyed { json_t *v; long row; size_t seq; };
static int by_row(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The report in row order (cell errors of a row before its validation errors). */
static json_t *sorted_report(json_t *errors)
{
    size_t n = json_array_size(errors);
    struct keyed *k = calloc(n ? n : 1, sizeof *k);
    json_t *outa = json_array();
    if (!k) return json_incref(errors);
    for (size_t i = 0; i < n; i++) {
        k[i].v = json_array_get(errors, i);
        k[i].row = (long)json_integer_value(json_object_get(k[i].v, "row"));
        k[i].seq = i;
    }
    qsort(k, n, sizeof *k, by_row);
    for (size_t i = 0; i < n; i++) json_array_append(outa, k[i].v);
    free(k);
    return outa;
}

static int want_dry_run(struct req *r)
{
    const char *d = req_query(r, "dry_run");
    return d && (!strcmp(d, "1") || !strcmp(d, "true"));
}

/* Runs every row through the shared path in one transaction: nothing is
 * written when any row (or cell) is bad, nor on a dry run (?dry_run=1: the
 * rows are inserted and rolled back, so the database constraints are tried
 * too). `total` = rows in the file / body. */
static void import_run(struct req *r, struct resp *out, struct import_ctx *c, const char *format, long total)
{
    int dry = want_dry_run(r);
    int results = c->kind == EVAL_SHEET_RESULTS;
    if (db_begin(r->db) != 0) { busy(out); return; }
    c->preview = json_array();
    c->written = json_array();
    char now[32];
    now_iso(now);
    size_t i, valid = 0;
    json_t *row;
    int failed = 0;
    json_array_foreach(c->rows, i, row) {
        long before = c->error_count;
        int write = c->error_count == 0;
        int rc = results ? import_result_row(r, c, i, row, now, write) : import_rating_row(r, c, i, row, now, write);
        if (rc < 0) { failed = 1; break; }
        if (c->error_count == before) valid++;
    }
    if (failed) { db_rollback(r->db); internal(out); goto done; }
    if (c->error_count > 0) {
        db_rollback(r->db);
        json_t *rows = sorted_report(c->errors);
        resp_json(out, 400,
                  json_pack("{s:{s:s,s:s,s:o,s:I,s:I,s:I,s:b}}", "error", "code", "rows_invalid", "message",
                            results ? "Có dòng không hợp lệ; không kết quả nào được ghi."
                                    : "Có dòng không hợp lệ; không kết quả xếp loại nào được ghi.",
                            "rows", rows, "error_count", (json_int_t)c->error_count, "total", (json_int_t)total, "valid",
                            (json_int_t)valid, "truncated", c->error_count > (long)json_array_size(c->errors)));
        goto done;
    }
    if (dry) {
        db_rollback(r->db);
        resp_json(out, 200, json_pack("{s:b,s:I,s:I,s:i,s:O}", "dry_run", 1, "valid", (json_int_t)valid, "total", (json_int_t)total,
                                      "count", 0, "preview", c->preview));
        goto done;
    }
    json_t *summary = results ? json_pack("{s:I,s:s}", "count", (json_int_t)valid, "format", format)
                              : json_pack("{s:I,s:s,s:O}", "count", (json_int_t)valid, "format", format, "rows", c->written);
    int ok = audit_commit(r, results ? "eval.result.import" : "eval.rating.import", results ? "eval_result" : "eval_rating_history",
                          0, NULL, summary) == 0;
    json_decref(summary);
    if (!ok) { internal(out); goto done; }
    json_t *res = json_pack("{s:b,s:I,s:I,s:O}", "dry_run", 0, "count", (json_int_t)valid, "total", (json_int_t)total, "preview",
                            c->preview);
    if (results) json_object_set_new(res, "status", json_string("unverified"));
    resp_json(out, 201, res);
done:
    json_decref(c->preview);
    json_decref(c->written);
    c->preview = c->written = NULL;
}

/* POST /eval/results/import and /eval/ratings/import: {rows: [...]}. */
static void json_import(struct req *r, struct resp *out, enum eval_sheet_kind kind)
{
    int results = kind == EVAL_SHEET_RESULTS;
    if (!is_officer(&r->user)) {
        forbidden(out, results ? "Chỉ cán bộ tổ chức được nạp kết quả từ hệ thống khác." : "Chỉ cán bộ tổ chức được ghi kết quả xếp loại.");
        return;
    }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"rows", NULL};
    json_t *rowsj = json_object_get(in, "rows");
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    if (!json_is_array(rowsj) || json_array_size(rowsj) == 0) {
        json_decref(in);
        bad(out, "required", "rows", results ? "Cần ít nhất một dòng kết quả." : "Cần ít nhất một dòng xếp loại.");
        return;
    }
    if (json_array_size(rowsj) > EVAL_MAX_IMPORT_ROWS) { json_decref(in); bad(out, "too_long", "rows", "Quá nhiều dòng trong một lần nạp (tối đa 20.000)."); return; }
    struct import_ctx c = {.kind = kind, .rows = rowsj, .errors = json_array()};
    import_run(r, out, &c, "json", (long)json_array_size(rowsj));
    json_decref(c.errors);
    json_decref(in);
}

static int ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* POST /eval/{results,ratings}/import.csv | .xlsx: raw body = the file. */
static void sheet_import(struct req *r, struct resp *out, enum eval_sheet_kind kind, int want_xlsx)
{
    int results = kind == EVAL_SHEET_RESULTS;
    if (!is_officer(&r->user)) {
        forbidden(out, results ? "Chỉ cán bộ tổ chức được nạp kết quả từ hệ thống khác." : "Chỉ cán bộ tổ chức được ghi kết quả xếp loại.");
        return;
    }
    const char *ct = req_header(r, "Content-Type");
    int says_xlsx = ctype_is(ct, CT_XLSX);
    int says_csv = ctype_is(ct, "text/csv") || ctype_is(ct, "application/csv") || ctype_is(ct, "text/plain") ||
                   ctype_is(ct, "application/vnd.ms-excel");
    if (!says_xlsx && !says_csv && !ctype_is(ct, "application/octet-stream")) {
        resp_error(out, 415, "unsupported_media_type", NULL, "Tệp nhập phải là .xlsx (" CT_XLSX ") hoặc .csv (text/csv).");
        return;
    }
    if (r->body_len == 0) { resp_error(out, 400, "required", NULL, "Tệp tải lên rỗng."); return; }
    enum sheet_format fmt = sheet_detect(r->body, r->body_len);
    if (fmt == SHEET_XLS) {
        resp_error(out, 400, "invalid_file", NULL, "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8.");
        return;
    }
    if (want_xlsx && fmt != SHEET_XLSX) { resp_error(out, 400, "invalid_file", NULL, "Nội dung tải lên không phải là tệp .xlsx."); return; }
    if (!want_xlsx && fmt != SHEET_CSV) {
        resp_error(out, 400, "invalid_file", NULL, "Nội dung tải lên không phải là tệp .csv (hãy dùng địa chỉ import.xlsx cho tệp Excel).");
        return;
    }
    struct eval_sheet s;
    eval_sheet_init(&s);
    if (eval_sheet_read(r->body, r->body_len, kind, &s) != 0) {
        resp_error(out, 400, "invalid_file", "file", s.message);
        eval_sheet_clear(&s);
        return;
    }
    struct import_ctx c = {.kind = kind, .rows = s.rows, .rownum = s.rownum, .errors = s.errors, .error_count = s.error_count};
    import_run(r, out, &c, want_xlsx ? "xlsx" : "csv", s.total);
    eval_sheet_clear(&s);
}

static void results_import(struct req *r, struct resp *out) { json_import(r, out, EVAL_SHEET_RESULTS); }
static void results_import_csv(struct req *r, struct resp *out) { sheet_import(r, out, EVAL_SHEET_RESULTS, 0); }
static void results_import_xlsx(struct req *r, struct resp *out) { sheet_import(r, out, EVAL_SHEET_RESULTS, 1); }
static void ratings_import(struct req *r, struct resp *out) { json_import(r, out, EVAL_SHEET_RATINGS); }
static void ratings_import_csv(struct req *r, struct resp *out) { sheet_import(r, out, EVAL_SHEET_RATINGS, 0); }
static void ratings_import_xlsx(struct req *r, struct resp *out) { sheet_import(r, out, EVAL_SHEET_RATINGS, 1); }

/* --- quality reviews and delays ----------------------------------------- */

static void reviews_create(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct eval_task t;
    if (task_visible(r, r->params[0], &t, 1, out)) { json_decref(in); return; }
    if ((!is_reviewer(&r->user) && t.verifier_user_id != r->user.id) || is_self(&r->user, t.person_id)) {
        json_decref(in);
        forbidden(out, "Chỉ người kiểm chứng, lãnh đạo hoặc cán bộ tổ chức được ghi nhận lỗi chất lượng, chậm tiến độ.");
        return;
    }
    static const char *const allowed[] = {"kind", "on", "objective", "reason", NULL};
    const char *kind = NULL, *on = NULL, *reason = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "kind", 1, 16, &kind, out) ||
        api_get_date(in, "on", 1, &on, out) || api_get_string(in, "reason", 0, 2000, &reason, out)) { json_decref(in); return; }
    if (strcmp(kind, "quality") && strcmp(kind, "delay")) {
        json_decref(in);
        bad(out, "invalid_value", "kind", "Loại phải là «quality» (không đạt chất lượng) hoặc «delay» (chậm tiến độ).");
        return;
    }
    json_t *ob = json_object_get(in, "objective");
    if (!ob) { json_decref(in); bad(out, "required", "objective", "Trường «objective» là bắt buộc."); return; }
    if (!json_is_boolean(ob)) { json_decref(in); bad(out, "invalid_type", "objective", "Trường «objective» phải là true hoặc false."); return; }
    int objective = json_is_true(ob);
    if (objective && !reason) {
        json_decref(in);
        bad(out, "required", "reason", "Nguyên nhân khách quan phải nêu lý do.");
        return;
    }
    cdate d;
    if (date_parse_iso(on, &d) == 0 && d > date_today()) { json_decref(in); bad(out, "future_date", "on", "Ngày ghi nhận không được sau hôm nay."); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    int ok = db_eval_review_insert(r->db, t.id, kind, on, objective, reason, r->user.id, now, &id) == 0;
    if (ok) {
        json_object_set_new(in, "task_id", json_integer(t.id));
        ok = audit_commit(r, "eval.review.create", "eval_review", id, NULL, in) == 0;
    } else db_rollback(r->db);
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deducts", !objective));
}

/* --- period assessments and workflow ------------------------------------ */

static void assessments_create(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"person_id", "period_kind", "year", "number", NULL};
    int64_t pid = 0, year = 0, number = 0, unit_id = 0;
    const char *kind = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "person_id", 1, 1, INT64_MAX, &pid, NULL, out) ||
        parse_period(in, &kind, &year, &number, out)) { json_decref(in); return; }
    if (!auth_person_in_scope(r->db, &r->user, pid) || db_eval_person_unit(r->db, pid, &unit_id, NULL) != 0) {
        json_decref(in);
        not_found(out);
        return;
    }
    if (!is_officer(&r->user) && !is_self(&r->user, pid)) {
        json_decref(in);
        forbidden(out, "Chỉ người được đánh giá (hoặc cán bộ tổ chức) được mở phiếu đánh giá.");
        return;
    }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    int rc = db_eval_assessment_insert(r->db, pid, unit_id, kind, year, number, now, &id);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) {
            json_t *b = json_pack("{s:{s:s,s:s,s:I}}", "error", "code", "duplicate_assessment", "message",
                                  "Kỳ này đã có phiếu đánh giá.", "id", (json_int_t)id);
            resp_json(out, 409, b);
        } else internal(out);
        return;
    }
    json_object_set_new(in, "unit_id", json_integer(unit_id));
    int ok = audit_commit(r, "eval.assessment.create", "eval_assessment", id, NULL, in) == 0;
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "state", "draft"));
}

static void assessments_get(struct req *r, struct resp *out)
{
    struct eval_assessment a;
    int rc = db_eval_assessment_get(r->db, r->params[0], &a);
    if (rc < 0) { internal(out); return; }
    if (rc == 1 || !auth_person_in_scope(r->db, &r->user, a.person_id)) { not_found(out); return; }
    json_t *o = NULL;
    if (db_eval_assessment_json(r->db, a.id, &o) != 0) { internal(out); return; }
    resp_json(out, 200, o);
}

static void person_assessments(struct req *r, struct resp *out)
{
    if (!auth_person_in_scope(r->db, &r->user, r->params[0])) { not_found(out); return; }
    int64_t year = query_id(r, "year");
    if (year < 0) { bad(out, "invalid_value", "year", "Năm không hợp lệ."); return; }
    json_t *items = db_eval_assessments_of(r->db, r->params[0], year);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

/* Who may take which step, from which states, to which state. */
enum who { WHO_SELF_OR_OFFICER, WHO_REVIEWER, WHO_OFFICER };
struct step { const char *action; const char *from[4]; const char *to; enum who who; };
static const struct step steps[] = {
    {"submit", {"draft", "returned"}, "submitted", WHO_SELF_OR_OFFICER},
    {"manager_review", {"submitted"}, "manager_reviewed", WHO_REVIEWER},
    {"head_review", {"manager_reviewed"}, "head_reviewed", WHO_REVIEWER},
    {"council_review", {"head_reviewed"}, "council_reviewed", WHO_OFFICER},
    {"approve", {"head_reviewed", "council_reviewed"}, "approved", WHO_OFFICER},
    {"return", {"submitted", "manager_reviewed", "head_reviewed", "council_reviewed"}, "returned", WHO_REVIEWER},
    {NULL, {NULL}, NULL, WHO_OFFICER},
};

static void feed(crypto_hash_sha256_state *h, const char *s)
{
    char len[24];
    size_t n = s ? strlen(s) : 0;
    int k = s ? snprintf(len, sizeof len, "%zu:", n) : snprintf(len, sizeof len, "N;");
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    if (s) crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

/* signature = SHA-256(prev ‖ assessment ‖ action ‖ from ‖ to ‖ user ‖ at ‖ note ‖ score). */
static void sign_step(char hex[65], const char *prev, int64_t aid, const char *action, const char *from,
                      const char *to, const struct user *u, const char *at, const char *note, int64_t score)
{
    crypto_hash_sha256_state h;
    unsigned char dig[crypto_hash_sha256_BYTES];
    char num[3][24];
    snprintf(num[0], sizeof num[0], "%lld", (long long)aid);
    snprintf(num[1], sizeof num[1], "%lld", (long long)u->id);
    snprintf(num[2], sizeof num[2], "%lld", (long long)score);
    crypto_hash_sha256_init(&h);
    feed(&h, prev);
    feed(&h, num[0]);
    feed(&h, action);
    feed(&h, from);
    feed(&h, to);
    feed(&h, num[1]);
    feed(&h, u->username);
    feed(&h, at);
    feed(&h, note);
    feed(&h, score >= 0 ? num[2] : NULL);
    crypto_hash_sha256_final(&h, dig);
    sodium_bin2hex(hex, 65, dig, sizeof dig);
}

/* The period's last day: the reference date of its regime. */
static cdate period_end(const struct eval_assessment *a)
{
    int m = !strcmp(a->period_kind, "month") ? (int)a->number : (int)a->number * 3;
    int y = (int)a->year;
    cdate next;
    if (m == 12) date_from_ymd(y + 1, 1, 1, &next);
    else date_from_ymd(y, m + 1, 1, &next);
    return next - 1;
}

struct score_out {
    const char *regime;
    int64_t score;        /* hundredths, -1 when not computed */
    const char *band;
    json_t *detail;       /* owned */
};

/* The three general-criteria groups (hundredths). On a 400 writes out, -1. */
static int parse_general(json_t *general, int32_t g[3], struct resp *out)
{
    if (!general || json_is_null(general)) { bad(out, "required", "general", "Cần điểm ba nhóm tiêu chí chung (phần trăm điểm ×100)."); return -1; }
    if (!json_is_array(general) || json_array_size(general) != 3) {
        bad(out, "invalid_type", "general", "«general» phải là danh sách 3 số nguyên (điểm ×100).");
        return -1;
    }
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_array_get(general, i);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3000) {
            bad(out, "out_of_range", "general", "Điểm tiêu chí chung nằm ngoài phạm vi cho phép.");
            return -1;
        }
        g[i] = (int32_t)json_integer_value(v);
    }
    return 0;
}

/* "leader": {"organising_bp", "unity_bp"} — components đ and e of NĐ 335/2025
 * Art. 15 as entered by the reviewer, basis points 0..10000. */
static int parse_leader(json_t *in, int *present, int32_t *org, int32_t *unity, struct resp *out)
{
    json_t *l = json_object_get(in, "leader");
    *present = 0;
    if (!l || json_is_null(l)) return 0;
    if (!json_is_object(l)) { bad(out, "invalid_type", "leader", "«leader» phải là đối tượng {organising_bp, unity_bp}."); return -1; }
    static const char *const allowed[] = {"organising_bp", "unity_bp", NULL};
    int64_t a = 0, b = 0;
    if (api_only_fields(l, allowed, out) || api_get_int(l, "organising_bp", 1, 0, 10000, &a, NULL, out) ||
        api_get_int(l, "unity_bp", 1, 0, 10000, &b, NULL, out))
        return -1;
    *present = 1;
    *org = (int32_t)a;
    *unity = (int32_t)b;
    return 0;
}

enum score_mode { MODE_NONLEADER, MODE_LEADER_PENDING, MODE_LEADER };

/* Computes the period score from the stored items (NĐ 335/2025, công chức).
 * Only verified quantities count; non-objective failed reviews and delays
 * deduct. MODE_LEADER_PENDING validates the person's own items (a, b, c) but
 * stores no score: a leader is scored once the reviewer has entered đ and e
 * (MODE_LEADER, with d from the subordinates). On a 400 writes out, -1. */
static int run_score(struct req *r, const struct eval_assessment *a, const struct eval_regime *rg, json_t *general,
                     enum score_mode mode, const struct score_leader *lead, struct score_out *so, struct resp *out)
{
    struct score_input in;
    memset(&in, 0, sizeof in);
    if (parse_general(general, in.general, out) != 0) return -1;
    struct eval_score_row *rows = calloc(SCORE_MAX_ITEMS, sizeof *rows);
    struct score_item *items = calloc(SCORE_MAX_ITEMS, sizeof *items);
    struct score_result *res = calloc(1, sizeof *res);
    size_t n = 0;
    int rc = -1;
    if (!rows || !items || !res) { internal(out); goto done; }
    if (db_eval_score_rows(r->db, a->person_id, a->period_kind, a->year, a->number, rows, SCORE_MAX_ITEMS, &n) != 0) {
        bad(out, "out_of_range", "tasks", "Quá nhiều nhiệm vụ trong kỳ để chấm điểm.");
        goto done;
    }
    json_t *ji = json_array();
    for (size_t i = 0; i < n; i++) {
        items[i].weight = (int32_t)rows[i].norm_x100;
        items[i].assigned = (int32_t)rows[i].target_qty;
        items[i].completed = (int32_t)(rows[i].verified_qty > SCORE_MAX_QTY ? SCORE_MAX_QTY : rows[i].verified_qty);
        items[i].quality_failures = (int32_t)(rows[i].quality_failures > SCORE_MAX_EVENTS ? SCORE_MAX_EVENTS : rows[i].quality_failures);
        items[i].delays = (int32_t)(rows[i].delays > SCORE_MAX_EVENTS ? SCORE_MAX_EVENTS : rows[i].delays);
        json_array_append_new(ji, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "task_id", (json_int_t)rows[i].task_id,
                                            "weight", (json_int_t)rows[i].norm_x100, "assigned", (json_int_t)rows[i].target_qty,
                                            "completed_verified", (json_int_t)rows[i].verified_qty,
                                            "unverified_not_counted", (json_int_t)rows[i].unverified_qty,
                                            "quality_failures", (json_int_t)rows[i].quality_failures,
                                            "delays", (json_int_t)rows[i].delays,
                                            "objective_not_counted", (json_int_t)rows[i].objective_events));
    }
    in.items = items;
    in.nitems = n;
    if (mode == MODE_LEADER) {
        in.leader = 1;
        in.lead = *lead;
    }
    int src = score_period(rg, &in, res);
    if (src != 0) {
        json_decref(ji);
        if (src == SCORE_ENOTASKS) bad(out, "no_tasks", "tasks", "Kỳ này chưa có nhiệm vụ nào được giao nên chưa thể chấm điểm.");
        else if (src == SCORE_EGROUPS) bad(out, "out_of_range", "general", "Điểm một nhóm tiêu chí chung vượt mức tối đa.");
        else bad(out, "invalid_value", "tasks", "Dữ liệu nhiệm vụ của kỳ không hợp lệ để chấm điểm.");
        goto done;
    }
    json_t *ex = json_array();
    for (int i = 0; i < res->nexplain; i++) json_array_append_new(ex, json_string(res->explain[i]));
    if (mode == MODE_LEADER_PENDING) {
        json_array_append_new(ex, json_string("Người giữ chức vụ lãnh đạo, quản lý: điểm kỳ được tính khi người đánh giá "
                                              "(thủ trưởng hoặc hội đồng) nhập các thành phần đ) và e), với thành phần d) "
                                              "lấy từ kết quả của công chức thuộc quyền (NĐ 335/2025/NĐ-CP Điều 15, Điều 16 khoản 2)."));
        so->detail = json_pack("{s:b,s:b,s:s,s:O,s:o,s:i,s:i,s:i,s:i,s:o}", "scored", 0, "leader", 1, "pending",
                               "leader_components", "general", general, "items", ji, "general_x100", res->general,
                               "a_bp", res->a_bp, "b_bp", res->b_bp, "c_bp", res->c_bp, "explain", ex);
        rc = 0;
        goto done;
    }
    so->score = res->total;
    so->band = rating_level_code(res->band);
    so->detail = json_pack("{s:b,s:O,s:o,s:i,s:i,s:i,s:i,s:i,s:i,s:o}", "scored", 1, "general", general, "items", ji,
                           "general_x100", res->general, "task_x100", res->task, "a_bp", res->a_bp, "b_bp", res->b_bp,
                           "c_bp", res->c_bp, "total_x100", res->total, "explain", ex);
    if (mode == MODE_LEADER) {
        json_object_set_new(so->detail, "leader", json_true());
        json_object_set_new(so->detail, "d_bp", json_integer(res->d_bp));
        json_object_set_new(so->detail, "dd_bp", json_integer(res->dd_bp));
        json_object_set_new(so->detail, "e_bp", json_integer(res->e_bp));
        json_object_set_new(so->detail, "subordinates_total", json_integer(lead->subordinates_total));
        json_object_set_new(so->detail, "subordinates_kht", json_integer(lead->subordinates_kht));
    }
    rc = 0;
done:
    free(rows);
    free(items);
    free(res);
    return rc;
}

/* The leader's full score: general from the self-assessment, own items, d from
 * the subordinates' scores of the period, đ and e as entered. */
static int leader_score(struct req *r, const struct eval_assessment *a, const struct eval_regime *rg,
                        const struct eval_inputs *inp, int32_t org, int32_t unity, struct score_out *so, struct resp *out)
{
    json_t *general = inp->general[0] ? json_loads(inp->general, 0, NULL) : NULL;
    if (!general) { resp_error(out, 409, "invalid_state", "general", "Chưa có điểm tiêu chí chung của bước tự đánh giá."); return -1; }
    int64_t unit_id = 0;
    int32_t *subs = NULL;
    size_t nsub = 0;
    struct score_leader lead = {0, 0, org, unity};
    int rc = -1;
    if (db_eval_person_unit(r->db, a->person_id, &unit_id, NULL) != 0 ||
        db_eval_subordinate_scores(r->db, a->person_id, unit_id, a->period_kind, a->year, a->number, &subs, &nsub) != 0 ||
        score_leader_subordinates(rg, subs, nsub, &lead) != 0)
        internal(out);
    else
        rc = run_score(r, a, rg, general, MODE_LEADER, &lead, so, out);
    free(subs);
    json_decref(general);
    return rc;
}

/* Days in the assessment's period (a month or a quarter). */
static int period_days(const struct eval_assessment *a)
{
    int first = !strcmp(a->period_kind, "month") ? (int)a->number : (int)a->number * 3 - 2;
    int last = !strcmp(a->period_kind, "month") ? first : first + 2;
    int n = 0;
    for (int m = first; m <= last; m++) n += date_days_in_month((int)a->year, m);
    return n;
}

static void audit_actor_append(struct req *r, const char *action, const char *entity, int64_t id, const char *before,
                               json_t *after, int *ok)
{
    struct actor act;
    api_actor(r, &act);
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (*ok) *ok = audit_append(r->db, &act, action, entity, id, before, s) == 0;
    free(s);
}

/* One workflow step on assessment `aid`, inside the caller's transaction,
 * with its audit entry (not committed). 0 with *result set; 1 when refused
 * (the error in e, nothing written); -1 on an internal error (e filled). */
static int apply_step(struct req *r, int64_t aid, const struct step *s, const char *note, json_t *general,
                      int has_leader, int32_t org, int32_t unity, struct resp *e, json_t **result)
{
    *result = NULL;
    struct eval_assessment a;
    int rc = db_eval_assessment_get(r->db, aid, &a);
    if (rc < 0) { internal(e); return -1; }
    if (rc == 1 || !auth_person_in_scope(r->db, &r->user, a.person_id)) { not_found(e); return 1; }
    int self = is_self(&r->user, a.person_id);
    int allowed_who = s->who == WHO_SELF_OR_OFFICER ? (self || is_officer(&r->user))
                    : s->who == WHO_REVIEWER ? (is_reviewer(&r->user) && !self)
                    : (is_officer(&r->user) && !self);
    if (!allowed_who) { forbidden(e, "Bạn không có quyền thực hiện bước này của quy trình đánh giá."); return 1; }
    int from_ok = 0;
    for (int i = 0; i < 4 && s->from[i]; i++) from_ok |= !strcmp(s->from[i], a.state);
    if (!from_ok) {
        char msg[200];
        snprintf(msg, sizeof msg, "Không thể thực hiện bước này khi phiếu đang ở trạng thái «%s».", a.state);
        resp_error(e, 409, "invalid_state", "action", msg);
        return 1;
    }
    struct eval_inputs inp;
    if (db_eval_inputs_get(r->db, a.id, &inp) != 0) { internal(e); return -1; }
    /* TODO(issue 4): the category (công chức / viên chức / cán bộ) is not yet
     * recorded per person; công chức is assumed. */
    const struct eval_regime *rg = regime_find(CAT_CONG_CHUC, period_end(&a));
    int scored = rg && rg->scored && !inp.not_worked;
    int leader = 0;
    int64_t unit_id = 0;
    db_eval_person_unit(r->db, a.person_id, &unit_id, &leader);
    int leader_step = !strcmp(s->action, "head_review") || !strcmp(s->action, "council_review") ||
                      !strcmp(s->action, "approve");
    if (has_leader && !(leader_step && scored && leader)) {
        bad(e, "invalid_value", "leader", "Thành phần đ), e) chỉ nhập cho người giữ chức vụ lãnh đạo, quản lý ở bước thủ trưởng, hội đồng hoặc phê duyệt của kỳ chấm điểm theo NĐ 335/2025.");
        return 1;
    }
    struct score_out so = {NULL, -1, NULL, NULL};
    int set_score = 0;
    if (!strcmp(s->action, "submit")) {
        set_score = 1;
        so.regime = rg ? rg->code : NULL;
        int has_general = general && !json_is_null(general);
        if (rg && !rg->scored) {
            if (has_general) { bad(e, "invalid_value", "general", "Chế độ đánh giá của kỳ này không chấm điểm theo thang 100."); return 1; }
            so.detail = json_pack("{s:b}", "scored", 0);
        } else if (rg && inp.not_worked) {
            if (has_general) { bad(e, "invalid_value", "general", "Kỳ không làm việc (nghỉ theo quy định) không chấm điểm."); return 1; }
            so.detail = json_pack("{s:b,s:b,s:i,s:s,s:[s]}", "scored", 0, "not_worked", 1, "absence_days", inp.absence_days,
                                  "absence_reason", inp.absence_reason,
                                  "explain", "Kỳ không làm việc do nghỉ theo quy định: không chấm điểm và không tính vào điểm trung bình của năm; xếp loại theo tổng điểm thời gian làm việc thực tế (NĐ 335/2025/NĐ-CP Điều 21).");
        } else if (rg) {
            if (run_score(r, &a, rg, general, leader ? MODE_LEADER_PENDING : MODE_NONLEADER, NULL, &so, e) != 0)
                return e->status >= 500 ? -1 : 1;
            char *gs = json_dumps(general, JSON_COMPACT);
            int ok = gs && db_eval_set_general(r->db, a.id, gs) == 0 && db_eval_set_leader(r->db, a.id, -1, 0) == 0;
            free(gs);
            if (!ok) { json_decref(so.detail); internal(e); return -1; }
        }
    } else if (leader_step && scored && leader) {
        if (has_leader) {
            if (db_eval_set_leader(r->db, a.id, org, unity) != 0) { internal(e); return -1; }
            inp.has_leader = 1;
            inp.organising_bp = org;
            inp.unity_bp = unity;
        }
        if (inp.has_leader) {
            if (leader_score(r, &a, rg, &inp, inp.organising_bp, inp.unity_bp, &so, e) != 0)
                return e->status >= 500 ? -1 : 1;
            so.regime = rg->code;
            set_score = 1;
        } else if (!strcmp(s->action, "approve")) {
            resp_error(e, 409, "leader_unscored", "leader",
                       "Người giữ chức vụ lãnh đạo, quản lý chưa được chấm điểm: cần nhập thành phần đ) khả năng tổ chức triển khai và e) năng lực tập hợp, đoàn kết trước khi phê duyệt (NĐ 335/2025/NĐ-CP Điều 15).");
            return 1;
        }
    }
    char at[32], prev[80], sig[65];
    now_iso(at);
    char *detail = so.detail ? json_dumps(so.detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int64_t tid = 0;
    int ok = db_eval_transition_last_sig(r->db, a.id, prev, sizeof prev) == 0;
    if (ok) {
        sign_step(sig, prev, a.id, s->action, a.state, s->to, &r->user, at, note, so.score);
        ok = db_eval_assessment_move(r->db, a.id, a.state, s->to, set_score, so.regime, so.score, so.band, detail, at) == 0 &&
             db_eval_transition_insert(r->db, a.id, s->action, a.state, s->to, r->user.id, at, note, so.score, sig, &tid) == 0;
    }
    free(detail);
    json_t *after = NULL;
    if (ok) {
        char before[64];
        snprintf(before, sizeof before, "{\"state\":\"%s\"}", a.state);
        after = json_pack("{s:s,s:s,s:I,s:s,s:s*,s:s}", "action", s->action, "state", s->to, "person_id",
                          (json_int_t)a.person_id, "at", at, "note", note, "signature", sig);
        if (so.score >= 0) json_object_set_new(after, "score_x100", json_integer(so.score));
        if (has_leader) json_object_set_new(after, "leader", json_pack("{s:i,s:i}", "organising_bp", org, "unity_bp", unity));
        audit_actor_append(r, "eval.assessment.transition", "eval_assessment", a.id, before, after, &ok);
    }
    if (!ok) { json_decref(after); json_decref(so.detail); internal(e); return -1; }
    json_object_set_new(after, "id", json_integer(a.id));
    json_object_set_new(after, "transition_id", json_integer(tid));
    if (so.regime) json_object_set_new(after, "regime", json_string(so.regime));
    if (so.band) json_object_set_new(after, "band", json_string(so.band));
    if (so.detail) json_object_set_new(after, "score_detail", so.detail);
    *result = after;
    return 0;
}

static const struct step *find_step(const char *action)
{
    const struct step *s = steps;
    while (s->action && strcmp(s->action, action)) s++;
    return s->action ? s : NULL;
}

static void unknown_action(struct resp *out)
{
    bad(out, "invalid_value", "action", "Bước phải là submit, manager_review, head_review, council_review, approve hoặc return.");
}

/* Moves the error body of `e` into out (same status). */
static void pass_error(struct resp *e, struct resp *out)
{
    free(out->body);
    out->status = e->status;
    out->body = e->body;
    out->len = e->len;
    out->content_type = e->content_type;
    e->body = NULL;
}

static void assessments_transition(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"action", "note", "general", "leader", NULL};
    const char *action = NULL, *note = NULL;
    int has_leader = 0;
    int32_t org = 0, unity = 0;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "action", 1, 32, &action, out) ||
        api_get_string(in, "note", 0, 2000, &note, out) || parse_leader(in, &has_leader, &org, &unity, out)) { json_decref(in); return; }
    const struct step *s = find_step(action);
    if (!s) { json_decref(in); unknown_action(out); return; }
    if (!strcmp(s->action, "return") && !note) { json_decref(in); bad(out, "required", "note", "Trả lại phải nêu lý do."); return; }
    if (strcmp(s->action, "submit") && json_object_get(in, "general")) {
        json_decref(in);
        bad(out, "invalid_value", "general", "Điểm tiêu chí chung chỉ gửi kèm bước tự đánh giá (submit).");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    struct resp e = {0};
    json_t *res = NULL;
    int rc = apply_step(r, r->params[0], s, note, json_object_get(in, "general"), has_leader, org, unity, &e, &res);
    json_decref(in);
    if (rc != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        json_decref(res);
        if (rc != 0) pass_error(&e, out);
        else internal(out);
        free(e.body);
        return;
    }
    resp_json(out, 200, res);
}

#define EVAL_MAX_BATCH 2000

/* POST /eval/assessments/transitions {ids, action, note?}: the same step on
 * many assessments (a head approving a unit), all or nothing. `submit` is not
 * batched (each self-assessment has its own general criteria), nor are the
 * leader components (per person). */
static void assessments_batch(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"ids", "action", "note", NULL};
    const char *action = NULL, *note = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "action", 1, 32, &action, out) ||
        api_get_string(in, "note", 0, 2000, &note, out)) { json_decref(in); return; }
    const struct step *s = find_step(action);
    if (!s) { json_decref(in); unknown_action(out); return; }
    if (!strcmp(s->action, "submit")) {
        json_decref(in);
        bad(out, "invalid_value", "action", "Bước tự đánh giá (submit) thực hiện riêng cho từng người.");
        return;
    }
    if (!strcmp(s->action, "return") && !note) { json_decref(in); bad(out, "required", "note", "Trả lại phải nêu lý do."); return; }
    json_t *ids = json_object_get(in, "ids");
    if (!ids) { json_decref(in); bad(out, "required", "ids", "Cần danh sách phiếu đánh giá."); return; }
    if (!json_is_array(ids)) { json_decref(in); bad(out, "invalid_type", "ids", "«ids» phải là danh sách số."); return; }
    if (json_array_size(ids) == 0) { json_decref(in); bad(out, "required", "ids", "Cần ít nhất một phiếu đánh giá."); return; }
    if (json_array_size(ids) > EVAL_MAX_BATCH) { json_decref(in); bad(out, "too_long", "ids", "Quá nhiều phiếu trong một lần (tối đa 2.000)."); return; }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    json_t *errors = json_array(), *items = json_array();
    int failed = 0;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        struct resp e = {0};
        json_t *res = NULL;
        int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
        int rc;
        if (id < 1) {
            bad(&e, "invalid_type", "ids", "Mã phiếu phải là số nguyên dương.");
            rc = 1;
        } else {
            int dup = 0;
            for (size_t j = 0; j < i && !dup; j++) dup = json_integer_value(json_array_get(ids, j)) == id;
            if (dup) { bad(&e, "duplicate", "ids", "Phiếu bị lặp trong danh sách."); rc = 1; }
            else rc = apply_step(r, id, s, note, NULL, 0, 0, 0, &e, &res);
        }
        if (rc < 0) { failed = 1; free(e.body); break; }
        if (rc == 1) {
            json_t *ej = e.body ? json_loads(e.body, 0, NULL) : NULL;
            json_t *eo = json_object_get(ej, "error");
            json_array_append_new(errors, json_pack("{s:I,s:O,s:O?,s:O,s:O}", "row", (json_int_t)(i + 1), "id", v,
                                                    "field", json_object_get(eo, "field"), "code", json_object_get(eo, "code"),
                                                    "message", json_object_get(eo, "message")));
            json_decref(ej);
        } else {
            json_t *it = json_pack("{s:I,s:s,s:O}", "id", (json_int_t)id, "state", s->to, "transition_id",
                                   json_object_get(res, "transition_id"));
            json_t *sc = json_object_get(res, "score_x100");
            if (sc) json_object_set(it, "score_x100", sc);
            json_array_append_new(items, it);
            json_decref(res);
        }
        free(e.body);
        if (json_array_size(errors) >= 1000) break;
    }
    json_decref(in);
    if (failed) { db_rollback(r->db); json_decref(errors); json_decref(items); internal(out); return; }
    if (json_array_size(errors) > 0) {
        db_rollback(r->db);
        json_decref(items);
        resp_json(out, 400, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "rows_invalid", "message",
                                      "Có phiếu không thực hiện được bước này; không phiếu nào được chuyển.", "rows", errors));
        return;
    }
    json_decref(errors);
    if (db_commit(r->db) != 0) { db_rollback(r->db); json_decref(items); internal(out); return; }
    resp_json(out, 200, json_pack("{s:s,s:s,s:I,s:o}", "action", s->action, "state", s->to, "count",
                                  (json_int_t)json_array_size(items), "items", items));
}

/* POST /eval/assessments/{id}/absence {days, reason?, not_worked?}: lawful
 * absence of the period (NĐ 335/2025 Art. 21), recorded by an officer before
 * the self-assessment is submitted (draft or returned). */
static void assessments_absence(struct req *r, struct resp *out)
{
    if (!is_officer(&r->user)) { forbidden(out, "Chỉ cán bộ tổ chức được ghi thời gian nghỉ theo quy định."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"days", "reason", "not_worked", NULL};
    int64_t days = 0;
    const char *reason = NULL;
    json_t *nw = json_object_get(in, "not_worked");
    if (api_only_fields(in, allowed, out) || api_get_int(in, "days", 1, 0, 92, &days, NULL, out) ||
        api_get_string(in, "reason", 0, 20, &reason, out)) { json_decref(in); return; }
    if (nw && !json_is_boolean(nw)) { json_decref(in); bad(out, "invalid_type", "not_worked", "«not_worked» phải là true hoặc false."); return; }
    int not_worked = nw && json_is_true(nw);
    if (reason && absence_reason_parse(reason) == ABSENCE_NONE) {
        json_decref(in);
        bad(out, "unknown_code", "reason", "Lý do nghỉ phải là sick (ốm đau), maternity (thai sản) hoặc other_lawful (nghỉ khác theo quy định).");
        return;
    }
    if ((days > 0 || not_worked) && !reason) { json_decref(in); bad(out, "required", "reason", "Cần lý do nghỉ theo quy định."); return; }
    if (reason && days == 0) { json_decref(in); bad(out, "out_of_range", "days", "Có lý do nghỉ thì số ngày nghỉ phải từ 1 trở lên."); return; }
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    struct eval_assessment a;
    struct eval_inputs old;
    int rc = db_eval_assessment_get(r->db, r->params[0], &a);
    if (rc != 0 || !auth_person_in_scope(r->db, &r->user, a.person_id)) {
        db_rollback(r->db);
        json_decref(in);
        if (rc < 0) internal(out);
        else not_found(out);
        return;
    }
    if (days > period_days(&a)) {
        db_rollback(r->db);
        json_decref(in);
        bad(out, "out_of_range", "days", "Số ngày nghỉ vượt quá số ngày của kỳ.");
        return;
    }
    if (strcmp(a.state, "draft") && strcmp(a.state, "returned")) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 409, "invalid_state", "state", "Chỉ ghi thời gian nghỉ trước khi nộp tự đánh giá (phiếu nháp hoặc bị trả lại).");
        return;
    }
    char now[32];
    now_iso(now);
    int ok = db_eval_inputs_get(r->db, a.id, &old) == 0 &&
             db_eval_set_absence(r->db, a.id, (int32_t)days, reason, not_worked, now) == 0;
    json_t *after = json_pack("{s:I,s:s?,s:b}", "days", (json_int_t)days, "reason", reason, "not_worked", not_worked);
    json_decref(in);
    if (!ok) { db_rollback(r->db); json_decref(after); internal(out); return; }
    char before[160];
    snprintf(before, sizeof before, "{\"days\":%d,\"not_worked\":%s,\"reason\":%s%s%s}", old.absence_days,
             old.not_worked ? "true" : "false", old.absence_reason[0] ? "\"" : "", old.absence_reason[0] ? old.absence_reason : "null",
             old.absence_reason[0] ? "\"" : "");
    if (audit_commit(r, "eval.assessment.absence", "eval_assessment", a.id, before, after) != 0) {
        json_decref(after);
        internal(out);
        return;
    }
    json_object_set_new(after, "id", json_integer(a.id));
    resp_json(out, 200, after);
}

/* --- deadlines and reminders -------------------------------------------- */

static const char *const deadline_steps[] = {"self", "manager", "head", "approval", NULL};

/* POST /eval/deadlines {unit_id, period_kind, year, number, step, due}: sets
 * (or moves) the deadline of one step for a unit's subtree and a period. */
static void deadlines_set(struct req *r, struct resp *out)
{
    if (!is_officer(&r->user)) { forbidden(out, "Chỉ cán bộ tổ chức được đặt thời hạn đánh giá."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"unit_id", "period_kind", "year", "number", "step", "due", NULL};
    int64_t unit_id = 0, year = 0, number = 0;
    const char *kind = NULL, *step = NULL, *due = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "unit_id", 1, 1, INT64_MAX, &unit_id, NULL, out) ||
        parse_period(in, &kind, &year, &number, out) || api_get_string(in, "step", 1, 16, &step, out) ||
        api_get_date(in, "due", 1, &due, out)) { json_decref(in); return; }
    int known = 0;
    for (int i = 0; deadline_steps[i]; i++) known |= !strcmp(deadline_steps[i], step);
    if (!known) { json_decref(in); bad(out, "invalid_value", "step", "Bước phải là self, manager, head hoặc approval."); return; }
    if (!auth_unit_in_scope(r->db, &r->user, unit_id)) { json_decref(in); not_found(out); return; }
    char now[32], before[11];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); busy(out); return; }
    int64_t id = 0;
    if (db_eval_deadline_set(r->db, unit_id, kind, year, number, step, due, r->user.id, now, before, &id) != 0) {
        db_rollback(r->db);
        json_decref(in);
        internal(out);
        return;
    }
    char bj[40];
    snprintf(bj, sizeof bj, "{\"due\":\"%s\"}", before);
    int created = !before[0];
    int ok = audit_commit(r, "eval.deadline.set", "eval_deadline", id, created ? NULL : bj, in) == 0;
    json_t *reply = ok ? json_pack("{s:I,s:I,s:s,s:I,s:I,s:s,s:s,s:s?}", "id", (json_int_t)id, "unit_id", (json_int_t)unit_id,
                                   "period_kind", kind, "year", (json_int_t)year, "number", (json_int_t)number, "step", step,
                                   "due", due, "previous_due", created ? NULL : before)
                       : NULL;
    json_decref(in);
    if (!ok) { internal(out); return; }
    resp_json(out, created ? 201 : 200, reply);
}

static void deadlines_list(struct req *r, struct resp *out)
{
    int64_t unit_id = query_id(r, "unit"), year = query_id(r, "year");
    if (unit_id < 0) { bad(out, "invalid_value", "unit", "Đơn vị không hợp lệ."); return; }
    if (year < 0) { bad(out, "invalid_value", "year", "Năm không hợp lệ."); return; }
    if (unit_id > 0 && !auth_unit_in_scope(r->db, &r->user, unit_id)) { not_found(out); return; }
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *items = db_eval_deadlines_list(r->db, &sc, unit_id, year);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

#define REMINDERS_MAX 500

/* Adds "overdue" to every row and appends them to `all`; counts overdue. */
static void mark_overdue(json_t *rows_, const char *today, json_t *all, int *overdue)
{
    size_t i;
    json_t *o;
    json_array_foreach(rows_, i, o) {
        const char *due = json_string_value(json_object_get(o, "due"));
        int late = due && strcmp(due, today) < 0;
        json_object_set_new(o, "overdue", json_boolean(late));
        *overdue += late;
        json_array_append(all, o);
    }
}

/* GET /eval/reminders: what awaits the current user — their own
 * self-assessments not submitted, assessments waiting for a step they may
 * take, results waiting for their verification — with due date and overdue. */
static void reminders(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    char today[11];
    api_today(today);
    json_t *own = r->user.person_id > 0 ? db_eval_reminders_own(r->db, r->user.person_id, REMINDERS_MAX) : json_array();
    json_t *rev = is_reviewer(&r->user)
                      ? db_eval_reminders_review(r->db, &sc, r->user.person_id > 0 ? r->user.person_id : 0, is_officer(&r->user),
                                                 REMINDERS_MAX)
                      : json_array();
    json_t *ver = db_eval_reminders_verify(r->db, &sc, r->user.id, is_officer(&r->user), REMINDERS_MAX);
    if (!own || !rev || !ver) { json_decref(own); json_decref(rev); json_decref(ver); internal(out); return; }
    json_t *items = json_array();
    int overdue = 0;
    mark_overdue(own, today, items, &overdue);
    mark_overdue(rev, today, items, &overdue);
    mark_overdue(ver, today, items, &overdue);
    json_t *counts = json_pack("{s:I,s:I,s:I,s:i}", "self_assessment", (json_int_t)json_array_size(own), "review",
                               (json_int_t)json_array_size(rev), "verification", (json_int_t)json_array_size(ver),
                               "overdue", overdue);
    json_decref(own);
    json_decref(rev);
    json_decref(ver);
    resp_json(out, 200, json_pack("{s:s,s:o,s:o,s:i}", "today", today, "items", items, "counts", counts, "limit", REMINDERS_MAX));
}

/* --- historic ratings --------------------------------------------------- */

static void person_ratings(struct req *r, struct resp *out)
{
    if (!auth_person_in_scope(r->db, &r->user, r->params[0])) { not_found(out); return; }
    json_t *items = db_eval_ratings_of(r->db, r->params[0]);
    if (!items) { internal(out); return; }
    /* names for display: the regime and, for a coded level, its label */
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        const struct eval_regime *rg = regime_by_code(json_string_value(json_object_get(it, "regime")));
        const char *lv = json_string_value(json_object_get(it, "level"));
        json_object_set_new(it, "regime_name", rg ? json_string(rg->name) : json_null());
        const char *ln = rg && lv ? stored_level_name(rg, lv) : NULL;
        json_object_set_new(it, "level_name", ln ? json_string(ln) : json_null());
    }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

/* --- verifiers, the verifier's queue, board results --------------------- */

#define VERIFIERS_MAX 1000
#define PENDING_MAX 2000

/* GET /eval/verifiers?unit=: the accounts that may verify tasks of the unit's
 * people (pick list of the assign form). Reviewers with the unit in scope. */
static void verifiers_list(struct req *r, struct resp *out)
{
    if (!is_reviewer(&r->user)) { forbidden(out, "Chỉ lãnh đạo hoặc cán bộ tổ chức được xem danh sách người kiểm chứng."); return; }
    int64_t unit = query_id(r, "unit");
    if (unit == 0) { bad(out, "required", "unit", "Trường «unit» là bắt buộc."); return; }
    if (unit < 0) { bad(out, "invalid_value", "unit", "Mã đơn vị không hợp lệ."); return; }
    if (!auth_unit_in_scope(r->db, &r->user, unit)) { not_found(out); return; }
    json_t *items = db_eval_verifiers(r->db, unit, VERIFIERS_MAX);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o,s:i}", "items", items, "limit", VERIFIERS_MAX));
}

/* GET /eval/results?pending_for=me&year=&period_kind=&number=: unverified
 * results the user may verify — tasks naming the user as verifier (any
 * role), and for officers every task in their scope. */
static void results_pending(struct req *r, struct resp *out)
{
    const char *pf = req_query(r, "pending_for");
    if (!pf || !*pf) { bad(out, "required", "pending_for", "Trường «pending_for» là bắt buộc (pending_for=me)."); return; }
    if (strcmp(pf, "me")) { bad(out, "invalid_value", "pending_for", "Chỉ hỗ trợ pending_for=me."); return; }
    int64_t year = query_id(r, "year"), number = query_id(r, "number");
    const char *kind = req_query(r, "period_kind");
    if (year < 0) { bad(out, "invalid_value", "year", "Năm không hợp lệ."); return; }
    if (number < 0) { bad(out, "invalid_value", "number", "Số kỳ không hợp lệ."); return; }
    if (kind && !*kind) kind = NULL;
    if (kind && strcmp(kind, "month") && strcmp(kind, "quarter")) {
        bad(out, "invalid_value", "period_kind", "Kỳ đánh giá phải là «month» hoặc «quarter».");
        return;
    }
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *items = db_eval_results_pending(r->db, &sc, r->user.id, r->user.person_id, is_officer(&r->user), year, kind,
                                            number, PENDING_MAX + 1);
    if (!items) { internal(out); return; }
    int truncated = json_array_size(items) > PENDING_MAX;
    if (truncated) json_array_remove(items, PENDING_MAX);
    resp_json(out, 200, json_pack("{s:o,s:i,s:b}", "items", items, "limit", PENDING_MAX, "truncated", truncated));
}

/* GET /eval/people/{id}/year-ratings: the person's rows of the year rating
 * board (score, proposed level, cap outcome, final level, decided date). */
static void person_year_ratings(struct req *r, struct resp *out)
{
    if (!auth_person_in_scope(r->db, &r->user, r->params[0])) { not_found(out); return; }
    json_t *items = db_eval_year_ratings_of(r->db, r->params[0]);
    if (!items) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

const struct route api_eval_routes[] = {
    {"GET", "/api/v1/eval/task-groups", groups_list, 0},
    {"POST", "/api/v1/eval/task-groups", groups_create, 0},
    {"GET", "/api/v1/eval/product-types", ptypes_list, 0},
    {"POST", "/api/v1/eval/product-types", ptypes_create, 0},
    {"GET", "/api/v1/eval/product-types/:id", ptypes_get, 0},
    {"PATCH", "/api/v1/eval/product-types/:id", ptypes_patch, 0},
    {"DELETE", "/api/v1/eval/product-types/:id", ptypes_delete, 0},
    {"GET", "/api/v1/eval/tasks", tasks_list, 0},
    {"POST", "/api/v1/eval/tasks", tasks_create, 0},
    {"POST", "/api/v1/eval/tasks/:id/results", results_create, 0},
    {"POST", "/api/v1/eval/tasks/:id/reviews", reviews_create, 0},
    {"POST", "/api/v1/eval/results/import", results_import, 0},
    {"POST", "/api/v1/eval/results/import.csv", results_import_csv, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"POST", "/api/v1/eval/results/import.xlsx", results_import_xlsx, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"POST", "/api/v1/eval/results/:id/evidence", results_add_evidence, 0},
    {"POST", "/api/v1/eval/results/:id/verify", results_verify, 0},
    {"POST", "/api/v1/eval/files", files_upload, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"GET", "/api/v1/eval/files/:id", files_get, 0},
    {"GET", "/api/v1/eval/files/:id/content", files_content, 0},
    {"POST", "/api/v1/eval/assessments", assessments_create, 0},
    {"GET", "/api/v1/eval/assessments/:id", assessments_get, 0},
    {"POST", "/api/v1/eval/assessments/transitions", assessments_batch, 0},
    {"POST", "/api/v1/eval/assessments/:id/transitions", assessments_transition, 0},
    {"POST", "/api/v1/eval/assessments/:id/absence", assessments_absence, 0},
    {"GET", "/api/v1/eval/deadlines", deadlines_list, 0},
    {"POST", "/api/v1/eval/deadlines", deadlines_set, 0},
    {"GET", "/api/v1/eval/reminders", reminders, 0},
    {"POST", "/api/v1/eval/ratings/import", ratings_import, 0},
    {"POST", "/api/v1/eval/ratings/import.csv", ratings_import_csv, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"POST", "/api/v1/eval/ratings/import.xlsx", ratings_import_xlsx, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"GET", "/api/v1/eval/people/:id/tasks", person_tasks, 0},
    {"GET", "/api/v1/eval/people/:id/assessments", person_assessments, 0},
    {"GET", "/api/v1/eval/people/:id/ratings", person_ratings, 0},
    {"GET", "/api/v1/eval/people/:id/year-ratings", person_year_ratings, 0},
    {"GET", "/api/v1/eval/verifiers", verifiers_list, 0},
    {"GET", "/api/v1/eval/results", results_pending, 0},
    {NULL, NULL, NULL, 0},
};
