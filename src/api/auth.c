/* /api/v1/auth: login, logout, current user. */
#include "api/api.h"
#include "auth/audit.h"
#include "db/admin.h"
#include <stdio.h>
#include <string.h>

static json_t *user_json(const struct user *u)
{
    json_t *j = json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)u->id, "username", u->username,
                          "role", role_name(u->role), "display_name", u->display_name);
    json_object_set_new(j, "unit_id", u->unit_id > 0 ? json_integer(u->unit_id) : json_null());
    json_object_set_new(j, "person_id", u->person_id > 0 ? json_integer(u->person_id) : json_null());
    return j;
}

static void login(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"username", "password", NULL};
    const char *username = NULL, *password = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "username", 1, 63, &username, out) ||
        api_get_string(in, "password", 1, 256, &password, out)) {
        json_decref(in);
        return;
    }
    struct user u;
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
    int retry = 0;
    enum auth_result ar = auth_login(r->db, username, password, r->client, &u, token, csrf, &retry);
    struct actor a = {0, username};
    switch (ar) {
    case AUTH_OK: {
        if (db_begin(r->db) == 0) {
            a.user_id = u.id;
            if (audit_append(r->db, &a, "auth.login", "user", u.id, NULL, NULL) == 0) db_commit(r->db);
            else db_rollback(r->db);
        }
        json_t *res = json_pack("{s:o,s:s}", "user", user_json(&u), "csrf_token", csrf);
        resp_session_cookie(out, token);
        resp_json(out, 200, res);
        break;
    }
    case AUTH_THROTTLED:
        snprintf(out->extra_header[0], sizeof out->extra_header[0], "Retry-After: %d", retry);
        resp_error(out, 429, "too_many_attempts", NULL,
                   "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.");
        break;
    case AUTH_BAD_CREDENTIALS:
        if (db_begin(r->db) == 0) {
            if (audit_append(r->db, &a, "auth.login_failed", "user", 0, NULL, NULL) == 0) db_commit(r->db);
            else db_rollback(r->db);
        }
        resp_error(out, 401, "bad_credentials", NULL, "Tên đăng nhập hoặc mật khẩu không đúng.");
        break;
    default:
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
    }
    json_decref(in);
}

static void logout(struct req *r, struct resp *out)
{
    auth_logout(r->db, r->token);
    struct actor a;
    api_actor(r, &a);
    if (db_begin(r->db) == 0) {
        if (audit_append(r->db, &a, "auth.logout", "user", r->user.id, NULL, NULL) == 0) db_commit(r->db);
        else db_rollback(r->db);
    }
    resp_session_cookie(out, NULL);
    resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void me(struct req *r, struct resp *out)
{
    json_t *res = json_pack("{s:o,s:s}", "user", user_json(&r->user), "csrf_token", r->csrf);
    /* The units the user manages (scope roots), with names. */
    json_t *units = json_array();
    char name[256];
    if (r->user.unit_id > 0 && db_unit_current_name(r->db, r->user.unit_id, name, sizeof name) == 0)
        json_array_append_new(units, json_pack("{s:I,s:s}", "id", (json_int_t)r->user.unit_id, "name", name));
    json_object_set_new(res, "scope", json_pack("{s:b,s:o}", "all", r->user.role == ROLE_ADMIN, "units", units));
    resp_json(out, 200, res);
}

static void health(struct req *r, struct resp *out)
{
    resp_json(out, 200, json_pack("{s:s,s:i}", "status", "ok", "schema", db_schema_version(r->db)));
}

const struct route api_auth_routes[] = {
    {"POST", "/api/v1/auth/login", login, ROUTE_PUBLIC},
    {"POST", "/api/v1/auth/logout", logout, 0},
    {"GET", "/api/v1/auth/me", me, 0},
    {"GET", "/api/v1/health", health, ROUTE_PUBLIC},
    {NULL, NULL, NULL, 0},
};
