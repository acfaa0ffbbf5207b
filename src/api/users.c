/* /api/v1/users (admin), /api/v1/audit (admin), /api/v1/me, proposals
 * (staff self-service with field-by-field approval by an officer). */
#include "api/api.h"
#include "api/people.h"
#include "auth/audit.h"
#include "db/admin.h"
#include "db/person.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void users_list(struct req *r, struct resp *out)
{
    if (!auth_can_manage_users(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Chỉ quản trị hệ thống được xem người dùng."); return; }
    json_t *items = db_users_list(r->db);
    if (!items) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void users_create(struct req *r, struct resp *out)
{
    if (!auth_can_manage_users(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Chỉ quản trị hệ thống được tạo người dùng."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"username", "password", "role", "unit_id", "person_id", "display_name", NULL};
    const char *username = NULL, *password = NULL, *role = NULL, *display = NULL;
    int64_t unit_id = 0, person_id = 0;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "username", 1, 63, &username, out) ||
        api_get_string(in, "password", 1, 256, &password, out) || api_get_string(in, "role", 1, 16, &role, out) ||
        api_get_int(in, "unit_id", 0, 1, INT64_MAX, &unit_id, NULL, out) ||
        api_get_int(in, "person_id", 0, 1, INT64_MAX, &person_id, NULL, out) ||
        api_get_string(in, "display_name", 0, 120, &display, out)) {
        json_decref(in);
        return;
    }
    enum role ro = role_parse(role);
    const char *err = NULL, *field = NULL;
    for (const char *p = username; *p && !err; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            err = "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.", field = "username";
    if (!err && ro == ROLE_NONE) err = "Vai trò phải là admin, officer, leader hoặc staff.", field = "role";
    if (!err && strlen(password) < 10) err = "Mật khẩu phải có ít nhất 10 ký tự.", field = "password";
    if (!err && (ro == ROLE_OFFICER || ro == ROLE_LEADER) && !unit_id) err = "Vai trò này cần đơn vị (unit_id).", field = "unit_id";
    if (!err && ro == ROLE_STAFF && !person_id) err = "Vai trò nhân viên cần hồ sơ (person_id).", field = "person_id";
    char buf[24];
    if (!err && unit_id) {
        snprintf(buf, sizeof buf, "%lld", (long long)unit_id);
        if (db_ref_exists(r->db, "unit", buf) != 1) err = "Không tìm thấy đơn vị.", field = "unit_id";
    }
    if (err) { json_decref(in); resp_error(out, 400, "invalid_value", field, err); return; }
    char hash[256];
    if (auth_hash_password(password, hash, sizeof hash) != 0) { json_decref(in); resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    char today[11];
    api_today(today);
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận."); return; }
    int64_t id = 0;
    int irc = db_user_insert(r->db, username, hash, role, unit_id, person_id, display, today, &id);
    if (irc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (irc == 1) resp_error(out, 409, "duplicate_username", "username", "Tên đăng nhập đã tồn tại hoặc hồ sơ không hợp lệ.");
        else resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    json_object_del(in, "password"); /* never in the audit trail */
    char *after = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    struct actor a;
    api_actor(r, &a);
    int ok = audit_append(r->db, &a, "user.create", "user", id, NULL, after) == 0 && db_commit(r->db) == 0;
    free(after);
    json_decref(in);
    if (!ok) { db_rollback(r->db); resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void audit_list(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ADMIN) { resp_error(out, 403, "forbidden", NULL, "Chỉ quản trị hệ thống được xem nhật ký."); return; }
    int page, per;
    api_paging(r, &page, &per);
    const char *eid = req_query(r, "entity_id");
    json_t *items = db_audit_list(r->db, req_query(r, "entity"), eid ? atoll(eid) : 0, per, (page - 1) * per);
    if (!items) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 200, json_pack("{s:o,s:i,s:i}", "items", items, "page", page, "per_page", per));
}

static void audit_verify_h(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_ADMIN) { resp_error(out, 403, "forbidden", NULL, "Chỉ quản trị hệ thống được kiểm tra nhật ký."); return; }
    int64_t bad;
    char msg[256];
    int rc = audit_verify(r->db, &bad, msg, sizeof msg);
    json_t *o = json_pack("{s:b}", "intact", rc == 0);
    if (rc != 0) {
        json_object_set_new(o, "first_bad_entry", json_integer(bad));
        json_object_set_new(o, "reason", json_string(msg));
    }
    resp_json(out, 200, o);
}

/* --- staff self-service ------------------------------------------------ */

static void proposal_create(struct req *r, struct resp *out)
{
    if (r->user.role != ROLE_STAFF || r->user.person_id <= 0) {
        resp_error(out, 403, "forbidden", NULL, "Chỉ cán bộ có hồ sơ liên kết mới gửi đề nghị sửa hồ sơ của mình.");
        return;
    }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    json_t *changes = json_object_get(in, "changes");
    static const char *const allowed[] = {"changes", "note", NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    if (!json_is_object(changes) || json_object_size(changes) == 0) {
        json_decref(in);
        resp_error(out, 400, "required", "changes", "Cần ít nhất một thay đổi đề nghị.");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(changes, key, v) {
        const struct person_field *f = person_field_find(key);
        if (!f || !f->self_service) {
            char msg[200];
            snprintf(msg, sizeof msg, "Trường «%s» không được tự đề nghị sửa.", key);
            resp_error(out, 400, "not_self_service", key, msg); /* key lives in `in` */
            json_decref(in);
            return;
        }
        if (!json_is_string(v) && !json_is_integer(v) && !json_is_null(v)) {
            resp_error(out, 400, "invalid_type", key, "Giá trị đề nghị không hợp lệ.");
            json_decref(in);
            return;
        }
    }
    char *ch = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
    char now[11];
    api_today(now);
    struct actor a;
    api_actor(r, &a);
    int ok = 0;
    int64_t id = 0;
    if (db_begin(r->db) == 0) {
        ok = db_proposal_insert(r->db, r->user.person_id, r->user.id, now, ch,
                                json_string_value(json_object_get(in, "note")), &id) == 0;
        ok = ok && audit_append(r->db, &a, "proposal.create", "person", r->user.person_id, NULL, ch) == 0 && db_commit(r->db) == 0;
        if (!ok) db_rollback(r->db);
    }
    free(ch);
    json_decref(in);
    if (!ok) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "pending"));
}

static void proposal_list(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *items = db_proposal_list(r->db, &sc, req_query(r, "status"));
    if (!items) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

static void proposal_decide(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền duyệt đề nghị."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"decisions", "note", NULL};
    json_t *dec = json_object_get(in, "decisions");
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    if (!json_is_object(dec)) { json_decref(in); resp_error(out, 400, "required", "decisions", "Cần quyết định cho từng trường."); return; }
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận."); return; }
    int64_t pid = 0;
    char *changes_s = NULL, status[16] = "";
    if (db_proposal_get(r->db, r->params[0], &pid, status, sizeof status, &changes_s) != 0) pid = 0;
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *cur = NULL;
    if (!pid || db_person_get(r->db, &sc, pid, &cur) != 0) {
        db_rollback(r->db);
        free(changes_s);
        json_decref(in);
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy đề nghị.");
        return;
    }
    json_t *changes = json_loads(changes_s, 0, NULL);
    free(changes_s);
    const char *err = NULL, *field = NULL;
    if (strcmp(status, "pending") != 0) err = "Đề nghị này đã được xử lý.";
    const char *key;
    json_t *v;
    json_t *accepted = json_object();
    json_object_foreach(changes, key, v) {
        if (err) break;
        const char *d = json_string_value(json_object_get(dec, key));
        if (!d || (strcmp(d, "accept") && strcmp(d, "reject"))) { err = "Mỗi trường phải có quyết định «accept» hoặc «reject»."; field = key; break; }
        if (!strcmp(d, "accept")) json_object_set(accepted, key, v);
    }
    json_object_foreach(dec, key, v) {
        if (!err && !json_object_get(changes, key)) { err = "Quyết định cho trường không có trong đề nghị."; field = key; }
    }
    int ok = 0;
    if (!err) {
        struct actor a;
        api_actor(r, &a);
        char *ds = json_dumps(dec, JSON_COMPACT | JSON_SORT_KEYS);
        char today[11];
        api_today(today);
        ok = db_proposal_decide(r->db, r->params[0], ds, r->user.id, today,
                                json_string_value(json_object_get(in, "note"))) == 0;
        ok = ok && (json_object_size(accepted) == 0 ||
                    people_apply_changes(r->db, &a, pid, cur, accepted, "proposal.apply") == 0);
        ok = ok && audit_append(r->db, &a, "proposal.decide", "person", pid, NULL, ds) == 0 && db_commit(r->db) == 0;
        free(ds);
    }
    if (!ok) db_rollback(r->db);
    /* Reply before freeing: `field` points into changes or in. */
    if (err) resp_error(out, 400, "invalid_value", field, err);
    else if (!ok) resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
    else resp_json(out, 200, json_pack("{s:b}", "ok", 1));
    json_decref(accepted);
    json_decref(changes);
    json_decref(cur);
    json_decref(in);
}

const struct route api_user_routes[] = {
    {"GET", "/api/v1/users", users_list, 0},
    {"POST", "/api/v1/users", users_create, 0},
    {NULL, NULL, NULL, 0},
};

const struct route api_audit_routes[] = {
    {"GET", "/api/v1/audit", audit_list, 0},
    {"GET", "/api/v1/audit/verify", audit_verify_h, 0},
    {NULL, NULL, NULL, 0},
};

const struct route api_proposal_routes[] = {
    {"POST", "/api/v1/me/proposals", proposal_create, 0},
    {"GET", "/api/v1/proposals", proposal_list, 0},
    {"POST", "/api/v1/proposals/:id/decide", proposal_decide, 0},
    {NULL, NULL, NULL, 0},
};
