/* API tests for the organisation tree (/api/v1/units) against a live server:
 * effective-dated versions (rename, move, quota read as of a date), events
 * (merge, split, dissolve) that re-home people, scope by unit subtree, roles,
 * strict input validation, history protection and the audit trail. The tree
 * is built through the API itself (no demo data needed). */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

extern Suite *suite_api_units(void);

static struct server srv;
/* The base tree: T province > A Sở Nội vụ > A1 Phòng Tổ chức cán bộ; T > B Sở Tài chính. */
static long long u_t, u_a, u_a1, u_b;

/* --- helpers ----------------------------------------------------------------- */

/* One integer from the server's database, -1 when no row / error. */
static long long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long sql_int(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h;
    long long v = -1;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) { sqlite3_close(h); return -1; }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

/* POST /api/v1/units; parent 0 = root. Returns the new id (the request must succeed). */
static long long mk_unit(struct client *c, const char *name, const char *type, long long parent, const char *effective)
{
    char body[512], par[32] = "null";
    if (parent > 0) snprintf(par, sizeof par, "%lld", parent);
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"type\":\"%s\",\"parent_id\":%s,\"effective\":\"%s\"}", name, type,
             par, effective);
    int st = client_req(c, "POST", "/api/v1/units", body);
    if (st != 201) fprintf(stderr, "mk_unit %s: %d %s\n", name, st, c->body ? c->body : "");
    ck_assert_int_eq(st, 201);
    long long id = jint(c, "unit.id");
    ck_assert_int_gt(id, 0);
    return id;
}

/* A person posted to `unit` since 2020-01-01 (POST /api/v1/people). */
static long long mk_person(struct client *c, long long unit, const char *name)
{
    char body[512];
    /* Tests run in forked children: number people from the database. */
    int n = (int)sql_int("SELECT count(*) FROM person") + 1;
    snprintf(body, sizeof body,
             "{\"full_name\":\"%s\",\"cccd\":\"001080%06d\",\"birth_date\":\"1980-03-04\",\"sex\":1,"
             "\"unit_id\":%lld,\"posting_from\":\"2020-01-01\"}", name, n, unit);
    int st = client_req(c, "POST", "/api/v1/people", body);
    if (st != 201) fprintf(stderr, "mk_person %s: %d %s\n", name, st, c->body ? c->body : "");
    ck_assert_int_eq(st, 201);
    long long id = jint(c, "id");
    ck_assert_int_gt(id, 0);
    return id;
}

static long long person_unit(long long pid) { return sql_int("SELECT unit_id FROM person WHERE id = %lld", pid); }

/* The tree item with this id in the last GET /api/v1/units reply, or NULL. */
static json_t *tree_item(struct client *c, long long id)
{
    json_t *items = jget(c, "items"), *v;
    size_t i;
    json_array_foreach(items, i, v)
        if (json_integer_value(json_object_get(v, "id")) == id) return v;
    return NULL;
}

static long long item_int(json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }
static const char *item_str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void expect_error(struct client *c, int status, const char *code, const char *field)
{
    if (c->status != status || strcmp(jerr(c), code) != 0)
        fprintf(stderr, "expected %d %s (%s), got %d %s\n", status, code, field ? field : "-", c->status,
                c->body ? c->body : "");
    ck_assert_int_eq(c->status, status);
    ck_assert_str_eq(jerr(c), code);
    if (field) {
        ck_assert_ptr_nonnull(jstr(c, "error.field"));
        ck_assert_str_eq(jstr(c, "error.field"), field);
    }
    ck_assert_ptr_nonnull(jstr(c, "error.message"));
}

static long long unit_audit_count(void)
{
    return sql_int("SELECT count(*) FROM audit_log WHERE entity = 'unit'");
}

/* --- fixture ----------------------------------------------------------------- */

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    struct client c;
    client_init(&c, &srv);
    if (client_login(&c, "admin", TEST_ADMIN_PASSWORD) != 200) { fprintf(stderr, "admin login failed\n"); exit(1); }
    const char *bodies[] = {
        "{\"name\":\"UBND tỉnh Thử Nghiệm\",\"type\":\"province\",\"code\":\"99\",\"effective\":\"2020-01-01\"}",
    };
    if (client_req(&c, "POST", "/api/v1/units", bodies[0]) != 201) { fprintf(stderr, "root: %s\n", c.body); exit(1); }
    u_t = jint(&c, "unit.id");
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"Sở Nội vụ\",\"type\":\"department\",\"parent_id\":%lld,\"quota\":40,"
             "\"effective\":\"2020-01-01\"}", u_t);
    if (client_req(&c, "POST", "/api/v1/units", body) != 201) { fprintf(stderr, "A: %s\n", c.body); exit(1); }
    u_a = jint(&c, "unit.id");
    snprintf(body, sizeof body, "{\"name\":\"Phòng Tổ chức cán bộ\",\"type\":\"division\",\"parent_id\":%lld,"
             "\"effective\":\"2020-01-01\"}", u_a);
    if (client_req(&c, "POST", "/api/v1/units", body) != 201) { fprintf(stderr, "A1: %s\n", c.body); exit(1); }
    u_a1 = jint(&c, "unit.id");
    snprintf(body, sizeof body, "{\"name\":\"Sở Tài chính\",\"type\":\"department\",\"parent_id\":%lld,"
             "\"effective\":\"2020-01-01\"}", u_t);
    if (client_req(&c, "POST", "/api/v1/units", body) != 201) { fprintf(stderr, "B: %s\n", c.body); exit(1); }
    u_b = jint(&c, "unit.id");
    client_free(&c);
    if (make_user(&srv, "officer.a", "officer", u_a, 0) || make_user(&srv, "leader.a", "leader", u_a, 0)) {
        fprintf(stderr, "make_user failed\n");
        exit(1);
    }
}

static void teardown(void) { server_stop(&srv); }

/* --- tests ------------------------------------------------------------------- */

START_TEST(tree_is_built_and_read)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units", NULL), 200);
    json_t *t = tree_item(&c, u_t), *a = tree_item(&c, u_a), *a1 = tree_item(&c, u_a1), *b = tree_item(&c, u_b);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(a1);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(item_int(t, "depth"), 0);
    ck_assert(json_is_null(json_object_get(t, "parent_id")));
    ck_assert_int_eq(item_int(a, "depth"), 1);
    ck_assert_int_eq(item_int(a, "parent_id"), u_t);
    ck_assert_int_eq(item_int(a, "quota"), 40);
    ck_assert_int_eq(item_int(a1, "depth"), 2);
    ck_assert_str_eq(item_str(a1, "type"), "division");
    ck_assert_str_eq(item_str(t, "code"), "99");
    /* Depth-first order: the root first, A1 right after A. */
    json_t *items = jget(&c, "items");
    ck_assert_int_eq(item_int(json_array_get(items, 0), "id"), u_t);
    size_t i, ia = 0, ia1 = 0;
    json_t *v;
    json_array_foreach(items, i, v) {
        if (item_int(v, "id") == u_a) ia = i;
        if (item_int(v, "id") == u_a1) ia1 = i;
    }
    ck_assert_int_eq((long long)ia1, (long long)ia + 1);
    /* Before the units existed, the tree is empty of them. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2019-12-31", NULL), 200);
    ck_assert_ptr_null(tree_item(&c, u_t));
    /* One unit with versions, events, ancestors and children. */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", u_a), 200);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Sở Nội vụ");
    ck_assert(json_is_true(jget(&c, "unit.active")));
    ck_assert_int_eq((long long)json_array_size(jget(&c, "unit.versions")), 1);
    ck_assert_int_eq((long long)json_array_size(jget(&c, "unit.events")), 1);
    ck_assert_str_eq(jstr(&c, "unit.events.0.kind"), "create");
    ck_assert_int_eq(jint(&c, "unit.ancestors.0.id"), u_t);
    ck_assert_int_eq(jint(&c, "unit.children.0.id"), u_a1);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld/children", u_t), 200);
    ck_assert_int_ge((long long)json_array_size(jget(&c, "items")), 2);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units/999999", NULL), 404);
    client_free(&c);
}
END_TEST

START_TEST(rename_keeps_history)
{
    struct client c;
    login(&c, "admin");
    long long r = mk_unit(&c, "Phòng Văn hóa", "division", u_t, "2020-01-01");
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"Phòng Văn hóa và Thông tin\",\"code\":\"VHTT\",\"effective\":\"2024-01-01\","
             "\"decision_no\":\"123/QĐ-UBND\"}");
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/rename", r), 200);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Phòng Văn hóa và Thông tin");
    ck_assert_int_gt(jint(&c, "event.id"), 0);
    /* As of a date before: the old name; after: the new one. */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2023-06-01", r), 200);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Phòng Văn hóa");
    ck_assert(json_is_null(jget(&c, "unit.code")));
    ck_assert_int_eq((long long)json_array_size(jget(&c, "unit.versions")), 2);
    ck_assert_str_eq(jstr(&c, "unit.versions.0.valid_to"), "2024-01-01");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2024-06-01", r), 200);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Phòng Văn hóa và Thông tin");
    ck_assert_str_eq(jstr(&c, "unit.code"), "VHTT");
    ck_assert_str_eq(jstr(&c, "unit.events.1.kind"), "rename");
    ck_assert_str_eq(jstr(&c, "unit.events.1.decision_no"), "123/QĐ-UBND");
    ck_assert_str_eq(jstr(&c, "unit.events.1.detail.from.name"), "Phòng Văn hóa");
    /* The tree as of each date agrees. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2023-12-31", NULL), 200);
    ck_assert_str_eq(item_str(tree_item(&c, r), "name"), "Phòng Văn hóa");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2024-01-01", NULL), 200);
    ck_assert_str_eq(item_str(tree_item(&c, r), "name"), "Phòng Văn hóa và Thông tin");
    /* An effective date before the current version would rewrite history. */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"name\":\"Khác\",\"effective\":\"2023-01-01\"}",
                                 "/api/v1/units/%lld/rename", r), 400);
    expect_error(&c, 400, "history_rewrite", "effective");
    /* Quota is a new version too. */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"quota\":12,\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/quota", r),
                     200);
    ck_assert_int_eq(jint(&c, "unit.quota"), 12);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2024-12-31", r), 200);
    ck_assert(json_is_null(jget(&c, "unit.quota")));
    ck_assert_int_eq((long long)json_array_size(jget(&c, "unit.versions")), 3);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"quota\":12,\"effective\":\"2024-06-01\"}", "/api/v1/units/%lld/quota", r),
                     400);
    expect_error(&c, 400, "history_rewrite", "effective");
    client_free(&c);
}
END_TEST

START_TEST(move_rejects_cycles_and_ended_parents)
{
    struct client c;
    login(&c, "admin");
    long long m1 = mk_unit(&c, "Ban Quản lý Một", "other", u_t, "2020-01-01");
    long long m2 = mk_unit(&c, "Ban Quản lý Hai", "other", m1, "2020-01-01");
    long long m3 = mk_unit(&c, "Tổ Ba", "other", m2, "2020-01-01");
    char body[256];
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2024-01-01\"}", m3);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", m1), 400);
    expect_error(&c, 400, "cycle", "parent_id");
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2024-01-01\"}", m1);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", m1), 400);
    expect_error(&c, 400, "cycle", "parent_id");
    /* A legal move: m2 goes under B; the past still shows it under m1. */
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2024-01-01\"}", u_b);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", m2), 200);
    ck_assert_int_eq(jint(&c, "unit.parent_id"), u_b);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2023-01-01", m2), 200);
    ck_assert_int_eq(jint(&c, "unit.parent_id"), m1);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2024-02-01", NULL), 200);
    ck_assert_int_eq(item_int(tree_item(&c, m2), "parent_id"), u_b);
    ck_assert_int_eq(item_int(tree_item(&c, m3), "depth"), 3);
    /* m2 cannot go under its own child m3. */
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2024-01-01\"}", m3);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", m2), 400);
    expect_error(&c, 400, "cycle", "parent_id");
    /* Under an ended unit: refused. */
    long long x = mk_unit(&c, "Ban Tạm Thời", "other", u_t, "2020-01-01");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2024-01-01\"}", "/api/v1/units/%lld/dissolve", x), 200);
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2024-06-01\"}", x);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", m3), 400);
    expect_error(&c, 400, "unit_ended", "parent_id");
    /* Creating under an ended unit is refused as well, and an ended unit cannot be renamed. */
    snprintf(body, sizeof body, "{\"name\":\"Con\",\"type\":\"other\",\"parent_id\":%lld,\"effective\":\"2024-06-01\"}", x);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units", body), 400);
    expect_error(&c, 400, "unit_ended", "parent_id");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"name\":\"Mới\",\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/rename", x),
                     400);
    expect_error(&c, 400, "unit_ended", NULL);
    client_free(&c);
}
END_TEST

START_TEST(merge_rehomes_people_and_keeps_the_past)
{
    struct client c;
    login(&c, "admin");
    long long c1 = mk_unit(&c, "Xã An Bình", "commune", u_t, "2020-01-01");
    long long c2 = mk_unit(&c, "Xã Tân Lập", "commune", u_t, "2020-01-01");
    long long c1x = mk_unit(&c, "Thôn Đông", "other", c1, "2020-01-01");
    long long p1 = mk_person(&c, c1, "Nguyễn Văn Một");
    long long p2 = mk_person(&c, c1, "Trần Thị Hai");
    long long p3 = mk_person(&c, c2, "Lê Văn Ba");
    long long before = unit_audit_count();
    char body[512];
    snprintf(body, sizeof body,
             "{\"sources\":[%lld,%lld],\"new_unit\":{\"name\":\"Xã An Lập\",\"type\":\"commune\",\"parent_id\":%lld},"
             "\"effective\":\"2025-07-01\",\"decision_no\":\"1656/NQ-UBTVQH15\"}", c1, c2, u_t);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 200);
    long long n = jint(&c, "target_id");
    ck_assert_int_gt(n, 0);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Xã An Lập");
    ck_assert_int_eq(jint(&c, "unit.headcount"), 3);
    ck_assert_int_eq(unit_audit_count(), before + 1);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'unit.merge' AND entity_id = %lld", n), 1);
    /* People re-homed, with dated postings. */
    ck_assert_int_eq(person_unit(p1), n);
    ck_assert_int_eq(person_unit(p2), n);
    ck_assert_int_eq(person_unit(p3), n);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM posting WHERE person_id = %lld AND unit_id = %lld"
                             " AND valid_to = '2025-07-01'", p1, c1), 1);
    /* Sources ended; their sub-unit moved to the new unit. */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", c1), 200);
    ck_assert_str_eq(jstr(&c, "unit.ended_on"), "2025-07-01");
    ck_assert(json_is_false(jget(&c, "unit.active")));
    ck_assert_str_eq(jstr(&c, "unit.events.1.kind"), "merge");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", c1x), 200);
    ck_assert_int_eq(jint(&c, "unit.parent_id"), n);
    /* The day before: both old communes with their people; the new one absent. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2025-06-30", NULL), 200);
    ck_assert_ptr_nonnull(tree_item(&c, c1));
    ck_assert_ptr_nonnull(tree_item(&c, c2));
    ck_assert_ptr_null(tree_item(&c, n));
    ck_assert_int_eq(item_int(tree_item(&c, c1), "headcount"), 2);
    ck_assert_int_eq(item_int(tree_item(&c, c2), "headcount"), 1);
    ck_assert_int_eq(item_int(tree_item(&c, c1x), "parent_id"), c1);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2025-07-01", NULL), 200);
    ck_assert_ptr_null(tree_item(&c, c1));
    ck_assert_ptr_null(tree_item(&c, c2));
    ck_assert_int_eq(item_int(tree_item(&c, n), "headcount"), 3);
    /* A merged unit cannot be merged again; into an existing target works. */
    snprintf(body, sizeof body, "{\"sources\":[%lld],\"target_id\":%lld,\"effective\":\"2025-08-01\"}", c1, u_b);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "unit_ended", "sources");
    long long c3 = mk_unit(&c, "Xã Hòa Phú", "commune", u_t, "2020-01-01");
    long long p4 = mk_person(&c, c3, "Phạm Văn Bốn");
    snprintf(body, sizeof body, "{\"sources\":[%lld],\"target_id\":%lld,\"effective\":\"2025-08-01\"}", c3, n);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 200);
    ck_assert_int_eq(jint(&c, "target_id"), n);
    ck_assert_int_eq(person_unit(p4), n);
    /* The target may not lie inside a source. */
    long long c4 = mk_unit(&c, "Xã Bốn", "commune", u_t, "2020-01-01");
    long long c4x = mk_unit(&c, "Thôn Bốn", "other", c4, "2020-01-01");
    snprintf(body, sizeof body, "{\"sources\":[%lld],\"target_id\":%lld,\"effective\":\"2025-08-01\"}", c4, c4x);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "cycle", "target_id");
    /* A merge that fails half-way (c5's sub-unit only starts in 2026, after the
     * merge date) writes nothing: c4 keeps its sub-unit and stays open. */
    long long c5 = mk_unit(&c, "Xã Năm", "commune", u_t, "2020-01-01");
    mk_unit(&c, "Thôn Năm", "other", c5, "2026-01-01");
    long long units_before = sql_int("SELECT count(*) FROM unit");
    long long events_before = sql_int("SELECT count(*) FROM unit_event");
    long long versions_before = sql_int("SELECT count(*) FROM unit_version");
    long long audit_before = sql_int("SELECT count(*) FROM audit_log");
    snprintf(body, sizeof body,
             "{\"sources\":[%lld,%lld],\"new_unit\":{\"name\":\"Xã Lỗi\",\"type\":\"commune\",\"parent_id\":%lld},"
             "\"effective\":\"2025-09-01\"}", c4, c5, u_t);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "history_rewrite", "effective");
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit"), units_before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit_event"), events_before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit_version"), versions_before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log"), audit_before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit WHERE id = %lld AND ended_on IS NULL", c4), 1);
    ck_assert_int_eq(sql_int("SELECT parent_id FROM unit_version WHERE unit_id = %lld AND valid_to IS NULL", c4x), c4);
    client_free(&c);
}
END_TEST

START_TEST(split_assigns_listed_people)
{
    struct client c;
    login(&c, "admin");
    long long s = mk_unit(&c, "Phường Đông Hải", "ward", u_t, "2020-01-01");
    long long sx = mk_unit(&c, "Khu phố 1", "other", s, "2020-01-01");
    long long p1 = mk_person(&c, s, "Võ Văn Năm");
    long long p2 = mk_person(&c, s, "Đỗ Thị Sáu");
    long long p3 = mk_person(&c, s, "Hồ Văn Bảy");
    long long outsider = mk_person(&c, u_b, "Ngô Văn Tám");
    char body[768];
    /* Too few parts, and a person who is not in the unit. */
    ck_assert_int_eq(client_reqf(&c, "POST",
                                 "{\"parts\":[{\"name\":\"Một\",\"type\":\"ward\"}],\"effective\":\"2025-07-01\"}",
                                 "/api/v1/units/%lld/split", s), 400);
    expect_error(&c, 400, "too_few", "parts");
    snprintf(body, sizeof body,
             "{\"parts\":[{\"name\":\"Phường Đông\",\"type\":\"ward\"},"
             "{\"name\":\"Phường Tây\",\"type\":\"ward\",\"person_ids\":[%lld]}],\"effective\":\"2025-07-01\"}",
             outsider);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/split", s), 400);
    expect_error(&c, 400, "not_in_unit", "parts[1].person_ids");
    snprintf(body, sizeof body,
             "{\"parts\":[{\"name\":\"Phường Đông\",\"type\":\"ward\",\"quota\":20},"
             "{\"name\":\"Phường Tây\",\"type\":\"ward\",\"code\":\"PT\",\"person_ids\":[%lld,%lld]}],"
             "\"effective\":\"2025-07-01\",\"decision_no\":\"01/NQ\"}", p2, p3);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/split", s), 200);
    long long east = jint(&c, "part_ids.0"), west = jint(&c, "part_ids.1");
    ck_assert_int_gt(east, 0);
    ck_assert_int_gt(west, 0);
    ck_assert_str_eq(jstr(&c, "unit.ended_on"), "2025-07-01");
    ck_assert_int_eq(person_unit(p1), east);
    ck_assert_int_eq(person_unit(p2), west);
    ck_assert_int_eq(person_unit(p3), west);
    ck_assert_int_eq(person_unit(outsider), u_b);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2025-07-01", NULL), 200);
    ck_assert_int_eq(item_int(tree_item(&c, east), "parent_id"), u_t);
    ck_assert_int_eq(item_int(tree_item(&c, west), "parent_id"), u_t);
    ck_assert_int_eq(item_int(tree_item(&c, east), "headcount"), 1);
    ck_assert_int_eq(item_int(tree_item(&c, west), "headcount"), 2);
    ck_assert_int_eq(item_int(tree_item(&c, east), "quota"), 20);
    ck_assert_int_eq(item_int(tree_item(&c, sx), "parent_id"), east);
    ck_assert_ptr_null(tree_item(&c, s));
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2025-06-30", NULL), 200);
    ck_assert_int_eq(item_int(tree_item(&c, s), "headcount"), 3);
    ck_assert_ptr_null(tree_item(&c, east));
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'unit.split' AND entity_id = %lld", s), 1);
    client_free(&c);
}
END_TEST

START_TEST(dissolve_needs_transfer_when_not_empty)
{
    struct client c;
    login(&c, "admin");
    long long d = mk_unit(&c, "Trung tâm Dịch vụ công", "service_unit", u_t, "2020-01-01");
    long long dx = mk_unit(&c, "Tổ Tiếp nhận", "other", d, "2020-01-01");
    long long p = mk_person(&c, d, "Bùi Văn Chín");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-07-01\"}", "/api/v1/units/%lld/dissolve", d), 400);
    expect_error(&c, 400, "has_people", "transfer_to");
    char body[256];
    snprintf(body, sizeof body, "{\"effective\":\"2025-07-01\",\"transfer_to\":%lld}", dx);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/dissolve", d), 400);
    expect_error(&c, 400, "cycle", "transfer_to");
    snprintf(body, sizeof body, "{\"effective\":\"2025-07-01\",\"transfer_to\":%lld,\"decision_no\":\"9/QĐ\"}", u_b);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/dissolve", d), 200);
    ck_assert_str_eq(jstr(&c, "unit.ended_on"), "2025-07-01");
    ck_assert_int_eq(person_unit(p), u_b);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", dx), 200);
    ck_assert_int_eq(jint(&c, "unit.parent_id"), u_b);
    /* Twice: refused. An empty unit needs no transfer. */
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/dissolve", d), 400);
    expect_error(&c, 400, "unit_ended", NULL);
    long long e = mk_unit(&c, "Ban Rỗng", "other", u_t, "2020-01-01");
    long long ec = mk_unit(&c, "Tổ Rỗng", "other", e, "2020-01-01");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-07-01\"}", "/api/v1/units/%lld/dissolve", e), 400);
    expect_error(&c, 400, "has_children", "transfer_to");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-07-01\"}", "/api/v1/units/%lld/dissolve", ec), 200);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-07-01\"}", "/api/v1/units/%lld/dissolve", e), 200);
    client_free(&c);
}
END_TEST

START_TEST(officer_sees_and_changes_only_their_subtree)
{
    struct client c;
    login(&c, "officer.a");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units", NULL), 200);
    ck_assert_ptr_nonnull(tree_item(&c, u_a));
    ck_assert_ptr_nonnull(tree_item(&c, u_a1));
    ck_assert_ptr_null(tree_item(&c, u_b));
    ck_assert_ptr_null(tree_item(&c, u_t));
    ck_assert_int_eq(item_int(tree_item(&c, u_a), "depth"), 0);
    /* Outside the subtree: 404, for reads and writes alike. */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", u_b), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", u_t), 404);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"name\":\"Sở Tài chính mới\",\"effective\":\"2025-01-01\"}",
                                 "/api/v1/units/%lld/rename", u_b), 404);
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"Phòng Ngân sách\",\"type\":\"division\",\"parent_id\":%lld,"
             "\"effective\":\"2025-01-01\"}", u_b);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units", body), 404);
    expect_error(&c, 404, "not_found", "parent_id");
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units",
                                "{\"name\":\"Phòng Gốc\",\"type\":\"division\",\"effective\":\"2025-01-01\"}"), 400);
    expect_error(&c, 400, "required", "parent_id");
    /* Inside: allowed. */
    snprintf(body, sizeof body, "{\"name\":\"Phòng Công chức\",\"type\":\"division\",\"parent_id\":%lld,"
             "\"effective\":\"2025-01-01\"}", u_a);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units", body), 201);
    long long mine = jint(&c, "unit.id");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", mine), 200);
    /* Moving into a unit outside the subtree, or restructuring the scope root: refused. */
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2025-06-01\"}", u_b);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", mine), 404);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-06-01\"}", "/api/v1/units/%lld/dissolve", u_a), 403);
    snprintf(body, sizeof body, "{\"sources\":[%lld],\"target_id\":%lld,\"effective\":\"2025-06-01\"}", mine, u_b);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 404);
    expect_error(&c, 404, "not_found", "target_id");
    /* Within the subtree the officer may restructure. */
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2025-06-01\"}", u_a1);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", mine), 200);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units", NULL), 200);
    ck_assert_int_eq(item_int(tree_item(&c, mine), "depth"), 2);
    ck_assert_str_eq(jstr(&c, "items.0.name"), "Sở Nội vụ");
    /* A unit the officer dissolved stays readable (it was in the subtree on its last day). */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-09-01\"}", "/api/v1/units/%lld/dissolve", mine), 200);
    ck_assert_str_eq(jstr(&c, "event.kind"), "dissolve");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld", mine), 200);
    ck_assert_str_eq(jstr(&c, "unit.ended_on"), "2025-09-01");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2025-08-01", mine), 200);
    ck_assert(json_is_true(jget(&c, "unit.active")));
    ck_assert_int_eq(jint(&c, "unit.ancestors.1.id"), u_a1);
    client_free(&c);
}
END_TEST

START_TEST(leader_reads_but_cannot_write)
{
    struct client c;
    login(&c, "leader.a");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units", NULL), 200);
    ck_assert_ptr_nonnull(tree_item(&c, u_a));
    ck_assert_ptr_null(tree_item(&c, u_b));
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"Phòng X\",\"type\":\"division\",\"parent_id\":%lld,"
             "\"effective\":\"2025-01-01\"}", u_a);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units", body), 403);
    expect_error(&c, 403, "forbidden", NULL);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"name\":\"Y\",\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/rename",
                                 u_a1), 403);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/dissolve", u_a1), 403);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", "{}"), 403);
    client_free(&c);
}
END_TEST

START_TEST(bad_input_names_the_field)
{
    struct client c;
    login(&c, "admin");
    char body[512];
    long long before = sql_int("SELECT count(*) FROM unit");
    struct { const char *body; const char *code; const char *field; } cases[] = {
        {"{\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2025-01-01\"}", "required", "name"},
        {"{\"name\":\"  \",\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2025-01-01\"}", "required", "name"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2025-02-30\"}", "invalid_date", "effective"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":%lld}", "required", "effective"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2025-01-01\",\"foo\":1}", "unknown_field", "foo"},
        {"{\"name\":\"P\",\"type\":\"district\",\"parent_id\":%lld,\"effective\":\"2025-01-01\"}", "invalid_value", "type"},
        {"{\"name\":42,\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2025-01-01\"}", "invalid_type", "name"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":\"%lld\",\"effective\":\"2025-01-01\"}", "invalid_type", "parent_id"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":%lld,\"quota\":-1,\"effective\":\"2025-01-01\"}", "out_of_range", "quota"},
        {"{\"name\":\"P\",\"type\":\"division\",\"parent_id\":%lld,\"effective\":\"2019-06-01\"}", "not_active", "parent_id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(body, sizeof body, cases[i].body, u_a);
#pragma GCC diagnostic pop
        client_req(&c, "POST", "/api/v1/units", body);
        expect_error(&c, 400, cases[i].code, cases[i].field);
    }
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units", "{\"name\":\"P\",\"type\":\"division\",\"parent_id\":999999,"
                                "\"effective\":\"2025-01-01\"}"), 404);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit"), before);
    /* Query parameters and nested members. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?as_of=2025-13-01", NULL), 400);
    expect_error(&c, 400, "invalid_date", "as_of");
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", "{\"sources\":\"1\",\"target_id\":2,\"effective\":\"2025-01-01\"}"), 400);
    expect_error(&c, 400, "invalid_type", "sources");
    snprintf(body, sizeof body, "{\"sources\":[%lld,%lld],\"new_unit\":{\"name\":\"X\",\"type\":\"ward\",\"parent_id\":%lld,"
             "\"bar\":1},\"effective\":\"2025-01-01\"}", u_a1, u_b, u_t);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "unknown_field", "new_unit.bar");
    snprintf(body, sizeof body, "{\"sources\":[%lld,%lld],\"new_unit\":{\"type\":\"ward\",\"parent_id\":%lld},"
             "\"effective\":\"2025-01-01\"}", u_a1, u_b, u_t);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "required", "new_unit.name");
    snprintf(body, sizeof body, "{\"sources\":[%lld],\"effective\":\"2025-01-01\"}", u_a1);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "required", "target_id");
    snprintf(body, sizeof body, "{\"sources\":[%lld,%lld],\"target_id\":%lld,\"effective\":\"2025-01-01\"}", u_a1, u_a1, u_b);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/units/merge", body), 400);
    expect_error(&c, 400, "duplicate", "sources");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"parts\":[{\"name\":\"A\",\"type\":\"ward\"},{\"type\":\"ward\"}],"
                                 "\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/split", u_a1), 400);
    expect_error(&c, 400, "required", "parts[1].name");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"parts\":[{\"name\":\"A\",\"type\":\"ward\",\"person_ids\":[\"x\"]},"
                                 "{\"name\":\"B\",\"type\":\"ward\"}],\"effective\":\"2025-01-01\"}",
                                 "/api/v1/units/%lld/split", u_a1), 400);
    expect_error(&c, 400, "invalid_type", "parts[0].person_ids");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"parent_id\":1}", "/api/v1/units/%lld/move", u_a1), 400);
    expect_error(&c, 400, "required", "effective");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2025-01-01\"}", "/api/v1/units/%lld/quota", u_a1), 400);
    expect_error(&c, 400, "required", "quota");
    ck_assert_int_eq(client_reqf(&c, "POST", "not json", "/api/v1/units/%lld/quota", u_a1), 400);
    /* Nothing was written by any of these. */
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit"), before);
    client_free(&c);
}
END_TEST

START_TEST(search_ignores_case_and_diacritics)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?q=PHONG%20TO%20CHUC", NULL), 200);
    ck_assert_ptr_nonnull(tree_item(&c, u_a1));
    ck_assert(json_is_true(json_object_get(tree_item(&c, u_a1), "match")));
    /* Ancestors come along (not as matches); unrelated units do not. */
    ck_assert_ptr_nonnull(tree_item(&c, u_a));
    ck_assert(json_is_false(json_object_get(tree_item(&c, u_a), "match")));
    ck_assert_ptr_nonnull(tree_item(&c, u_t));
    ck_assert_ptr_null(tree_item(&c, u_b));
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?q=s%E1%BB%9F%20n%E1%BB%99i", NULL), 200); /* "sở nội" */
    ck_assert_ptr_nonnull(tree_item(&c, u_a));
    ck_assert_ptr_null(tree_item(&c, u_b));
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units?q=khong-co-don-vi-nay", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    client_free(&c);
}
END_TEST

START_TEST(every_change_is_audited_and_chain_verifies)
{
    struct client c;
    login(&c, "admin");
    long long before = unit_audit_count();
    long long u = mk_unit(&c, "Ban Kiểm tra", "party_org", u_t, "2020-01-01");
    char body[256];
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"name\":\"Ủy ban Kiểm tra\",\"effective\":\"2021-01-01\"}",
                                 "/api/v1/units/%lld/rename", u), 200);
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"effective\":\"2022-01-01\"}", u_a);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/units/%lld/move", u), 200);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"quota\":5,\"effective\":\"2022-01-01\"}", "/api/v1/units/%lld/quota", u), 200);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2023-01-01\"}", "/api/v1/units/%lld/dissolve", u), 200);
    /* A refused change adds nothing. */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"effective\":\"2023-01-01\"}", "/api/v1/units/%lld/dissolve", u), 400);
    ck_assert_int_eq(unit_audit_count(), before + 5);
    static const char *const actions[] = {"unit.create", "unit.rename", "unit.move", "unit.quota", "unit.dissolve"};
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = '%s' AND entity_id = %lld"
                                 " AND before IS NOT NULL AND after IS NOT NULL", actions[i], u), 1);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM unit_event e WHERE e.id IN"
                             " (SELECT event_id FROM unit_version WHERE unit_id = %lld)", u), 4);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld?as_of=2021-06-01", u), 200);
    ck_assert_int_eq((long long)json_array_size(jget(&c, "unit.events")), 5);
    ck_assert_str_eq(jstr(&c, "unit.name"), "Ủy ban Kiểm tra");
    ck_assert_int_eq(jint(&c, "unit.parent_id"), u_t);
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "intact"));
    client_free(&c);
}
END_TEST

Suite *suite_api_units(void)
{
    Suite *s = suite_create("api_units");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tree_is_built_and_read);
    tcase_add_test(tc, rename_keeps_history);
    tcase_add_test(tc, move_rejects_cycles_and_ended_parents);
    tcase_add_test(tc, merge_rehomes_people_and_keeps_the_past);
    tcase_add_test(tc, split_assigns_listed_people);
    tcase_add_test(tc, dissolve_needs_transfer_when_not_empty);
    tcase_add_test(tc, officer_sees_and_changes_only_their_subtree);
    tcase_add_test(tc, leader_reads_but_cannot_write);
    tcase_add_test(tc, bad_input_names_the_field);
    tcase_add_test(tc, search_ignores_case_and_diacritics);
    tcase_add_test(tc, every_change_is_audited_and_chain_verifies);
    suite_add_tcase(s, tc);
    return s;
}
