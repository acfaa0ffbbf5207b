/* /api/v1/units: the organisation tree as of a date, one unit with its
 * versions and events, and the restructuring events (create, rename, move,
 * quota, merge, split, dissolve). Every change is one transaction with an
 * audit entry; anything outside the user's subtree answers 404. */
#include "api/api.h"
#include "auth/audit.h"
#include "core/date.h"
#include "db/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 300
#define CODE_MAX_BYTES 32
#define DECISION_MAX_BYTES 100
#define QUOTA_MAX 10000000
#define MAX_SOURCES 200
#define MAX_PARTS 50
#define MAX_PART_PEOPLE 20000

static void internal(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void unit_not_found(struct resp *out, const char *field)
{
    resp_error(out, 404, "not_found", field, "Không tìm thấy đơn vị.");
}

/* --- access ------------------------------------------------------------- */

static int can_write(struct req *r, struct resp *out)
{
    if (auth_can_manage_units(&r->user)) return 1;
    resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền thay đổi cơ cấu tổ chức.");
    return 0;
}

/* Units a user may change: admin any existing unit; officer the units of
 * the subtree (current tree, or the latest known one for future-dated units). */
static int write_scope(struct req *r, int64_t id)
{
    if (id <= 0 || !db_unit_exists(r->db, id)) return 0;
    if (r->user.role == ROLE_ADMIN) return 1;
    if (r->user.role != ROLE_OFFICER || r->user.unit_id <= 0) return 0;
    return auth_unit_in_scope(r->db, &r->user, id) || db_unit_under(r->db, r->user.unit_id, id, NULL);
}

/* Officers may not restructure away the root of their own scope. */
static int root_guard(struct req *r, int64_t id, struct resp *out)
{
    if (r->user.role == ROLE_OFFICER && id == r->user.unit_id) {
        resp_error(out, 403, "forbidden", NULL,
                   "Chỉ quản trị hệ thống mới được thay đổi đơn vị gốc trong phạm vi quản lý của bạn.");
        return 0;
    }
    return 1;
}

static int read_scope(struct req *r, int64_t id, const char *as_of)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    if (db_unit_in_scope(r->db, &sc, id, as_of)) return 1;
    return r->user.role != ROLE_STAFF && auth_unit_in_scope(r->db, &r->user, id);
}

/* ?as_of=YYYY-MM-DD (default today). 0, or -1 with a 400 written. */
static int query_as_of(struct req *r, struct resp *out, char as_of[11])
{
    const char *q = req_query(r, "as_of");
    if (!q || !*q) { api_today(as_of); return 0; }
    cdate dt;
    if (strlen(q) != 10 || date_parse_iso(q, &dt) != 0) {
        resp_error(out, 400, "invalid_date", "as_of", "Tham số «as_of» phải là ngày hợp lệ dạng YYYY-MM-DD.");
        return -1;
    }
    memcpy(as_of, q, 11);
    return 0;
}

/* --- nested-field validation (errors name "prefix.field") ---------------- */

static int sub_only_fields(json_t *o, const char *prefix, const char *const *allowed, struct resp *resp)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, key)) { ok = 1; break; }
        if (!ok) {
            char field[96], msg[200];
            snprintf(field, sizeof field, "%s.%.40s", prefix, key);
            snprintf(msg, sizeof msg, "Trường «%s» không được hỗ trợ.", field);
            resp_error(resp, 400, "unknown_field", field, msg);
            return -1;
        }
    }
    return 0;
}

/* Runs api_get_string / api_get_int on o[key] under the name "prefix.key".
 * The string returned stays owned by o. */
static json_t *sub_wrap(json_t *o, const char *prefix, const char *key, char *full, size_t cap)
{
    snprintf(full, cap, "%s.%s", prefix, key);
    json_t *tmp = json_object();
    json_t *v = json_object_get(o, key);
    if (tmp && v) json_object_set(tmp, full, v);
    return tmp;
}

static int sub_string(json_t *o, const char *prefix, const char *key, int required, size_t maxlen, const char **out,
                      struct resp *resp)
{
    char full[96];
    json_t *tmp = sub_wrap(o, prefix, key, full, sizeof full);
    if (!tmp) { internal(resp); return -1; }
    int rc = api_get_string(tmp, full, required, maxlen, out, resp);
    json_decref(tmp);
    return rc;
}

static int sub_int(json_t *o, const char *prefix, const char *key, int required, int64_t min, int64_t max, int64_t *out,
                   int *present, struct resp *resp)
{
    char full[96];
    json_t *tmp = sub_wrap(o, prefix, key, full, sizeof full);
    if (!tmp) { internal(resp); return -1; }
    int rc = api_get_int(tmp, full, required, min, max, out, present, resp);
    json_decref(tmp);
    return rc;
}

static int check_type(const char *type, const char *field, struct resp *resp)
{
    if (unit_type_valid(type)) return 0;
    char msg[300];
    snprintf(msg, sizeof msg,
             "Trường «%s» phải là một trong: province, department, division, commune, ward, special_zone,"
             " service_unit, party_org, other.", field);
    resp_error(resp, 400, "invalid_value", field, msg);
    return -1;
}

/* Parses {name, type, parent_id?, code?, quota?} of a new unit. prefix NULL =
 * top-level members. */
static int parse_spec(json_t *o, const char *prefix, int with_parent, int parent_required, struct unit_spec *s,
                      struct resp *out)
{
    memset(s, 0, sizeof *s);
    int64_t parent = 0, quota = 0;
    int has_quota = 0;
    char tf[96];
    if (prefix) {
        if (sub_string(o, prefix, "name", 1, NAME_MAX_BYTES, &s->name, out) ||
            sub_string(o, prefix, "type", 1, 32, &s->type, out))
            return -1;
        snprintf(tf, sizeof tf, "%s.type", prefix);
        if (check_type(s->type, tf, out) || sub_string(o, prefix, "code", 0, CODE_MAX_BYTES, &s->code, out) ||
            sub_int(o, prefix, "quota", 0, 0, QUOTA_MAX, &quota, &has_quota, out))
            return -1;
        if (with_parent && sub_int(o, prefix, "parent_id", parent_required, 1, INT64_MAX, &parent, NULL, out))
            return -1;
    } else {
        if (api_get_string(o, "name", 1, NAME_MAX_BYTES, &s->name, out) ||
            api_get_string(o, "type", 1, 32, &s->type, out) || check_type(s->type, "type", out) ||
            api_get_string(o, "code", 0, CODE_MAX_BYTES, &s->code, out) ||
            api_get_int(o, "quota", 0, 0, QUOTA_MAX, &quota, &has_quota, out))
            return -1;
        if (with_parent && api_get_int(o, "parent_id", parent_required, 1, INT64_MAX, &parent, NULL, out)) return -1;
    }
    s->parent_id = parent;
    s->has_quota = has_quota == 1;
    s->quota = quota;
    return 0;
}

/* Array of positive integer ids. 0, or -1 with a 400 written. */
static int parse_ids(const char *field, json_t *arr, size_t min, size_t max, int64_t **ids, size_t *n,
                     struct resp *out)
{
    *ids = NULL;
    *n = 0;
    char msg[200];
    if (!arr || json_is_null(arr)) {
        if (min == 0) return 0;
        snprintf(msg, sizeof msg, "Trường «%s» là bắt buộc.", field);
        resp_error(out, 400, "required", field, msg);
        return -1;
    }
    if (!json_is_array(arr)) {
        snprintf(msg, sizeof msg, "Trường «%s» phải là danh sách số hiệu.", field);
        resp_error(out, 400, "invalid_type", field, msg);
        return -1;
    }
    size_t len = json_array_size(arr);
    if (len < min || len > max) {
        snprintf(msg, sizeof msg, "Trường «%s» phải có từ %zu đến %zu phần tử.", field, min, max);
        resp_error(out, 400, len < min ? "too_few" : "too_many", field, msg);
        return -1;
    }
    if (len == 0) return 0;
    *ids = calloc(len, sizeof **ids);
    if (!*ids) { internal(out); return -1; }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            snprintf(msg, sizeof msg, "Trường «%s» chỉ được chứa số hiệu (số nguyên dương).", field);
            resp_error(out, 400, "invalid_type", field, msg);
            free(*ids);
            *ids = NULL;
            return -1;
        }
        (*ids)[i] = json_integer_value(v);
    }
    *n = len;
    return 0;
}

/* --- one change: parse, transaction, audit, reply ----------------------- */

struct op {
    struct req *r;
    struct resp *out;
    json_t *in;
    const char *effective, *decision_no;
    char today[11];
    struct unit_change c;
    json_t *before;          /* snapshots taken inside the transaction */
    int tx;
};

static void op_free(struct op *o)
{
    if (o->tx) db_rollback(o->r->db);
    json_decref(o->in);
    json_decref(o->before);
    unit_change_clear(&o->c);
}

/* Role check, strict body, effective and decision_no. 0 / -1 (reply written). */
static int op_parse(struct op *o, struct req *r, struct resp *out, const char *const *allowed)
{
    memset(o, 0, sizeof *o);
    o->r = r;
    o->out = out;
    if (!can_write(r, out)) return -1;
    o->in = req_json_object(r, out);
    if (!o->in) return -1;
    if (api_only_fields(o->in, allowed, out) || api_get_date(o->in, "effective", 1, &o->effective, out) ||
        api_get_string(o->in, "decision_no", 0, DECISION_MAX_BYTES, &o->decision_no, out))
        return -1;
    api_today(o->today);
    unit_change_init(&o->c, o->effective, o->decision_no, r->user.id, o->today);
    return 0;
}

static int op_begin(struct op *o)
{
    if (db_begin(o->r->db) != 0) { internal(o->out); return -1; }
    o->tx = 1;
    o->before = json_array();
    return o->before ? 0 : (internal(o->out), -1);
}

static void op_snap(struct op *o, json_t *arr, int64_t id)
{
    json_t *s = db_unit_snapshot(o->r->db, id);
    if (s) json_array_append_new(arr, s);
}

/* In scope for writing, else 404 naming the field (NULL for the path id). */
static int op_scope(struct op *o, int64_t id, const char *field)
{
    if (write_scope(o->r, id)) return 1;
    unit_not_found(o->out, field);
    return 0;
}

static void change_error(struct resp *out, const struct unit_change *c, int rc)
{
    const char *field = c->err_field[0] ? c->err_field : NULL;
    long long u = (long long)c->err_unit;
    char msg[400];
    const char *code;
    switch (rc) {
    case UNIT_NOT_FOUND:
        code = "not_found";
        snprintf(msg, sizeof msg, "Không tìm thấy đơn vị #%lld.", u);
        break;
    case UNIT_ENDED:
        code = "unit_ended";
        snprintf(msg, sizeof msg, "Đơn vị #%lld đã giải thể, sáp nhập hoặc chia tách; không thể thực hiện thay đổi.", u);
        break;
    case UNIT_NOT_ACTIVE:
        code = "not_active";
        snprintf(msg, sizeof msg, "Đơn vị #%lld chưa tồn tại vào ngày hiệu lực.", u);
        break;
    case UNIT_HISTORY:
        code = "history_rewrite";
        snprintf(msg, sizeof msg,
                 "Ngày hiệu lực sớm hơn dữ liệu hiện hành của đơn vị #%lld: không được ghi đè lịch sử.", u);
        break;
    case UNIT_CYCLE:
        code = "cycle";
        snprintf(msg, sizeof msg,
                 "Không thể đặt đơn vị vào chính nó hoặc vào một đơn vị trực thuộc nó (đơn vị #%lld).", u);
        break;
    case UNIT_HAS_PEOPLE:
        code = "has_people";
        snprintf(msg, sizeof msg, "Đơn vị còn cán bộ, công chức, viên chức: cần chỉ định đơn vị tiếp nhận (transfer_to).");
        break;
    case UNIT_HAS_CHILDREN:
        code = "has_children";
        snprintf(msg, sizeof msg, "Đơn vị còn đơn vị trực thuộc: cần chỉ định đơn vị tiếp nhận (transfer_to).");
        break;
    case UNIT_NOT_IN_UNIT:
        code = "not_in_unit";
        snprintf(msg, sizeof msg, "Cán bộ #%lld không thuộc đơn vị được chia tách.", u);
        break;
    case UNIT_DUPLICATE:
        code = "duplicate";
        snprintf(msg, sizeof msg, "Số hiệu #%lld được nêu nhiều lần.", u);
        break;
    case UNIT_NESTED:
        code = "nested_sources";
        snprintf(msg, sizeof msg, "Đơn vị #%lld nằm trong một đơn vị khác cũng được sáp nhập.", u);
        break;
    case UNIT_NO_CHANGE:
        code = "no_change";
        snprintf(msg, sizeof msg, "Thay đổi không làm khác đi đơn vị.");
        break;
    default:
        internal(out);
        return;
    }
    resp_error(out, 400, code, field, msg);
}

/* Ends the change: on rc != 0 rolls back and replies with the error; else
 * audits (before: the snapshots; after: the event and new snapshots of ids),
 * commits, and replies with `reply` plus the event and `show` as of the
 * effective date. Takes ownership of reply. */
static void op_finish(struct op *o, int rc, const char *action, int64_t entity_id, const int64_t *ids, size_t n,
                      int status, int64_t show, json_t *reply)
{
    db *d = o->r->db;
    if (rc != 0) {
        db_rollback(d);
        o->tx = 0;
        change_error(o->out, &o->c, rc);
        json_decref(reply);
        return;
    }
    json_t *event = json_pack("{s:I,s:s,s:s,s:s?,s:O}", "id", (json_int_t)o->c.event_id, "kind", action + 5,
                              "effective", o->effective, "decision_no", o->decision_no, "detail", o->c.detail);
    json_t *after_units = json_array();
    for (size_t i = 0; i < n; i++) op_snap(o, after_units, ids[i]);
    json_t *before = json_pack("{s:O}", "units", o->before);
    json_t *after = json_pack("{s:O,s:o}", "event", event, "units", after_units);
    char *bt = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *at = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(before);
    json_decref(after);
    struct actor a;
    api_actor(o->r, &a);
    int ok = bt && at && audit_append(d, &a, action, "unit", entity_id, bt, at) == 0 && db_commit(d) == 0;
    free(bt);
    free(at);
    if (!ok) {
        db_rollback(d);
        o->tx = 0;
        json_decref(event);
        json_decref(reply);
        internal(o->out);
        return;
    }
    o->tx = 0;
    json_t *unit = NULL;
    if (!reply) reply = json_object();
    if (db_unit_get(d, show, o->effective, &unit) == 0) json_object_set_new(reply, "unit", unit);
    json_object_set_new(reply, "event", event);
    resp_json(o->out, status, reply);
}

/* --- handlers ------------------------------------------------------------ */

static void units_list(struct req *r, struct resp *out)
{
    char as_of[11];
    if (query_as_of(r, out, as_of) != 0) return;
    const char *q = req_query(r, "q");
    if (q && strlen(q) > 200) { resp_error(out, 400, "too_long", "q", "Tham số «q» quá dài."); return; }
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *items;
    if (db_unit_tree(r->db, &sc, as_of, q, &items) != 0) { internal(out); return; }
    json_t *res = json_pack("{s:s,s:I,s:o}", "as_of", as_of, "total", (json_int_t)json_array_size(items), "items", items);
    if (q && *q) json_object_set_new(res, "q", json_string(q));
    resp_json(out, 200, res);
}

static void unit_get(struct req *r, struct resp *out)
{
    char as_of[11];
    if (query_as_of(r, out, as_of) != 0) return;
    int64_t id = r->params[0];
    if (!read_scope(r, id, as_of)) { unit_not_found(out, NULL); return; }
    json_t *u;
    int rc = db_unit_get(r->db, id, as_of, &u);
    if (rc == 1) { unit_not_found(out, NULL); return; }
    if (rc != 0) { internal(out); return; }
    /* Outside admin scope, the breadcrumb starts at the scope root. */
    if (r->user.role != ROLE_ADMIN) {
        json_t *anc = json_object_get(u, "ancestors");
        size_t n = json_array_size(anc), cut = n;
        for (size_t i = 0; i < n; i++)
            if (json_integer_value(json_object_get(json_array_get(anc, i), "id")) == r->user.unit_id) { cut = i; break; }
        for (size_t i = 0; i < cut; i++) json_array_remove(anc, 0);
    }
    resp_json(out, 200, json_pack("{s:o}", "unit", u));
}

static void unit_children(struct req *r, struct resp *out)
{
    char as_of[11];
    if (query_as_of(r, out, as_of) != 0) return;
    int64_t id = r->params[0];
    if (!read_scope(r, id, as_of)) { unit_not_found(out, NULL); return; }
    json_t *items;
    if (db_unit_children(r->db, id, as_of, &items) != 0) { internal(out); return; }
    resp_json(out, 200, json_pack("{s:s,s:o}", "as_of", as_of, "items", items));
}

static void unit_create(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"name", "type", "parent_id", "code", "quota", "effective", "decision_no", NULL};
    struct op o;
    struct unit_spec s;
    if (op_parse(&o, r, out, allowed) ||
        parse_spec(o.in, NULL, 1, r->user.role != ROLE_ADMIN, &s, out) || op_begin(&o) ||
        (s.parent_id > 0 && !op_scope(&o, s.parent_id, "parent_id"))) {
        op_free(&o);
        return;
    }
    int64_t id = 0;
    int rc = db_unit_create(r->db, &o.c, &s, &id);
    op_finish(&o, rc, "unit.create", id, &id, 1, 201, id, NULL);
    op_free(&o);
}

static void unit_rename(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"name", "code", "effective", "decision_no", NULL};
    struct op o;
    int64_t id = r->params[0];
    const char *name = NULL, *code = NULL;
    if (op_parse(&o, r, out, allowed) || api_get_string(o.in, "name", 1, NAME_MAX_BYTES, &name, out) ||
        api_get_string(o.in, "code", 0, CODE_MAX_BYTES, &code, out) || op_begin(&o) || !op_scope(&o, id, NULL)) {
        op_free(&o);
        return;
    }
    op_snap(&o, o.before, id);
    int rc = db_unit_rename(r->db, &o.c, id, name, json_object_get(o.in, "code") != NULL, code);
    op_finish(&o, rc, "unit.rename", id, &id, 1, 200, id, NULL);
    op_free(&o);
}

static void unit_quota(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"quota", "effective", "decision_no", NULL};
    struct op o;
    int64_t id = r->params[0], quota = 0;
    int present = 0;
    if (op_parse(&o, r, out, allowed) || api_get_int(o.in, "quota", 0, 0, QUOTA_MAX, &quota, &present, out)) {
        op_free(&o);
        return;
    }
    if (!present) {
        resp_error(out, 400, "required", "quota", "Trường «quota» là bắt buộc.");
        op_free(&o);
        return;
    }
    if (op_begin(&o) || !op_scope(&o, id, NULL)) { op_free(&o); return; }
    op_snap(&o, o.before, id);
    int rc = db_unit_set_quota(r->db, &o.c, id, present == 1, quota);
    op_finish(&o, rc, "unit.quota", id, &id, 1, 200, id, NULL);
    op_free(&o);
}

static void unit_move(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"parent_id", "effective", "decision_no", NULL};
    struct op o;
    int64_t id = r->params[0], parent = 0;
    if (op_parse(&o, r, out, allowed) || api_get_int(o.in, "parent_id", 1, 1, INT64_MAX, &parent, NULL, out) ||
        op_begin(&o) || !op_scope(&o, id, NULL) || !root_guard(r, id, out) || !op_scope(&o, parent, "parent_id")) {
        op_free(&o);
        return;
    }
    op_snap(&o, o.before, id);
    int rc = db_unit_move(r->db, &o.c, id, parent);
    op_finish(&o, rc, "unit.move", id, &id, 1, 200, id, NULL);
    op_free(&o);
}

static void unit_merge(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"sources", "target_id", "new_unit", "effective", "decision_no", NULL};
    static const char *const nu_allowed[] = {"name", "type", "parent_id", "code", "quota", NULL};
    struct op o;
    int64_t *src = NULL, target = 0;
    size_t n = 0;
    struct unit_spec nu;
    int has_nu = 0;
    if (op_parse(&o, r, out, allowed)) goto done;
    json_t *jnu = json_object_get(o.in, "new_unit");
    if (jnu && json_is_null(jnu)) jnu = NULL;
    if (api_get_int(o.in, "target_id", 0, 1, INT64_MAX, &target, NULL, out)) goto done;
    if (jnu && target) {
        resp_error(out, 400, "conflict", "new_unit", "Chỉ được nêu một trong hai trường «target_id» hoặc «new_unit».");
        goto done;
    }
    if (!jnu && !target) {
        resp_error(out, 400, "required", "target_id", "Cần nêu «target_id» (đơn vị tiếp nhận) hoặc «new_unit» (đơn vị mới).");
        goto done;
    }
    if (jnu) {
        if (!json_is_object(jnu)) {
            resp_error(out, 400, "invalid_type", "new_unit", "Trường «new_unit» phải là một đối tượng.");
            goto done;
        }
        if (sub_only_fields(jnu, "new_unit", nu_allowed, out) ||
            parse_spec(jnu, "new_unit", 1, r->user.role != ROLE_ADMIN, &nu, out))
            goto done;
        has_nu = 1;
    }
    if (parse_ids("sources", json_object_get(o.in, "sources"), has_nu ? 2 : 1, MAX_SOURCES, &src, &n, out)) goto done;
    if (op_begin(&o)) goto done;
    for (size_t i = 0; i < n; i++)
        if (!op_scope(&o, src[i], "sources") || !root_guard(r, src[i], out)) goto done;
    if (target && !op_scope(&o, target, "target_id")) goto done;
    if (has_nu && nu.parent_id > 0 && !op_scope(&o, nu.parent_id, "new_unit.parent_id")) goto done;
    for (size_t i = 0; i < n; i++) op_snap(&o, o.before, src[i]);
    if (target) op_snap(&o, o.before, target);
    int64_t tid = 0;
    int rc = db_unit_merge(r->db, &o.c, src, n, target, has_nu ? &nu : NULL, &tid);
    int64_t *ids = calloc(n + 1, sizeof *ids);
    if (!ids) { internal(out); goto done; }
    memcpy(ids, src, n * sizeof *ids);
    ids[n] = tid;
    op_finish(&o, rc, "unit.merge", tid ? tid : target, ids, n + 1, 200, tid,
              rc == 0 ? json_pack("{s:I}", "target_id", (json_int_t)tid) : NULL);
    free(ids);
done:
    free(src);
    op_free(&o);
}

static void unit_split(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"parts", "effective", "decision_no", NULL};
    static const char *const part_allowed[] = {"name", "type", "code", "quota", "person_ids", NULL};
    struct op o;
    int64_t id = r->params[0];
    struct unit_part *parts = NULL;
    int64_t *new_ids = NULL, *ids = NULL;
    size_t n = 0;
    if (op_parse(&o, r, out, allowed)) goto done;
    json_t *jparts = json_object_get(o.in, "parts");
    if (!jparts || json_is_null(jparts)) {
        resp_error(out, 400, "required", "parts", "Trường «parts» là bắt buộc.");
        goto done;
    }
    if (!json_is_array(jparts)) {
        resp_error(out, 400, "invalid_type", "parts", "Trường «parts» phải là danh sách các đơn vị mới.");
        goto done;
    }
    n = json_array_size(jparts);
    if (n < 2 || n > MAX_PARTS) {
        resp_error(out, 400, n < 2 ? "too_few" : "too_many", "parts", "Chia tách cần từ 2 đến 50 đơn vị mới.");
        goto done;
    }
    parts = calloc(n, sizeof *parts);
    new_ids = calloc(n, sizeof *new_ids);
    ids = calloc(n + 1, sizeof *ids);
    if (!parts || !new_ids || !ids) { internal(out); goto done; }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "parts[%zu]", i);
        json_t *p = json_array_get(jparts, i);
        if (!json_is_object(p)) {
            char msg[120];
            snprintf(msg, sizeof msg, "Trường «%s» phải là một đối tượng.", prefix);
            resp_error(out, 400, "invalid_type", prefix, msg);
            goto done;
        }
        if (sub_only_fields(p, prefix, part_allowed, out) || parse_spec(p, prefix, 0, 0, &parts[i].spec, out))
            goto done;
        char field[64];
        snprintf(field, sizeof field, "%s.person_ids", prefix);
        int64_t *pids;
        size_t np;
        if (parse_ids(field, json_object_get(p, "person_ids"), 0, MAX_PART_PEOPLE, &pids, &np, out)) goto done;
        parts[i].person_ids = pids;
        parts[i].n_people = np;
        total += np;
        if (total > MAX_PART_PEOPLE) {
            resp_error(out, 400, "too_many", field, "Danh sách cán bộ quá dài.");
            goto done;
        }
    }
    if (op_begin(&o) || !op_scope(&o, id, NULL) || !root_guard(r, id, out)) goto done;
    op_snap(&o, o.before, id);
    int rc = db_unit_split(r->db, &o.c, id, parts, n, new_ids);
    ids[0] = id;
    memcpy(ids + 1, new_ids, n * sizeof *ids);
    json_t *reply = NULL;
    if (rc == 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) json_array_append_new(arr, json_integer(new_ids[i]));
        reply = json_pack("{s:o}", "part_ids", arr);
    }
    op_finish(&o, rc, "unit.split", id, ids, n + 1, 200, id, reply);
done:
    if (parts)
        for (size_t i = 0; i < n; i++) free((void *)parts[i].person_ids);
    free(parts);
    free(new_ids);
    free(ids);
    op_free(&o);
}

static void unit_dissolve(struct req *r, struct resp *out)
{
    static const char *const allowed[] = {"transfer_to", "effective", "decision_no", NULL};
    struct op o;
    int64_t id = r->params[0], to = 0;
    if (op_parse(&o, r, out, allowed) || api_get_int(o.in, "transfer_to", 0, 1, INT64_MAX, &to, NULL, out) ||
        op_begin(&o) || !op_scope(&o, id, NULL) || !root_guard(r, id, out) ||
        (to > 0 && !op_scope(&o, to, "transfer_to"))) {
        op_free(&o);
        return;
    }
    op_snap(&o, o.before, id);
    if (to > 0) op_snap(&o, o.before, to);
    int rc = db_unit_dissolve(r->db, &o.c, id, to);
    int64_t ids[2] = {id, to};
    op_finish(&o, rc, "unit.dissolve", id, ids, to > 0 ? 2 : 1, 200, id, NULL);
    op_free(&o);
}

const struct route api_unit_routes[] = {
    {"GET", "/api/v1/units", units_list, 0},
    {"POST", "/api/v1/units", unit_create, 0},
    {"POST", "/api/v1/units/merge", unit_merge, 0},
    {"GET", "/api/v1/units/:id", unit_get, 0},
    {"GET", "/api/v1/units/:id/children", unit_children, 0},
    {"POST", "/api/v1/units/:id/rename", unit_rename, 0},
    {"POST", "/api/v1/units/:id/move", unit_move, 0},
    {"POST", "/api/v1/units/:id/quota", unit_quota, 0},
    {"POST", "/api/v1/units/:id/split", unit_split, 0},
    {"POST", "/api/v1/units/:id/dissolve", unit_dissolve, 0},
    {NULL, NULL, NULL, 0},
};
