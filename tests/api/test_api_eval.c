/* API tests for evaluation by product (issue 4), against a live server:
 * product catalogue, task assignment, results with evidence (files checked by
 * size, type and SHA-256), verification (unverified outputs do not count),
 * quality reviews and delays, results imported from other systems, the
 * signed assessment workflow (order enforced, return keeps history, score
 * under NĐ 335/2025 stored with its regime), historic ratings, scope (404
 * outside), and the audit chain. */
#include <check.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static struct server srv;
static long long p_dung, p_hoa;       /* unit 3 (under 2), unit 4 */
static long long g_group, g_ptype, g_ptype_b, g_task, g_task_hoa;
static long long u_verifier;          /* leader.a's user id */

static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01'),(4,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','department',1),"
    " (3,'2020-01-01','Phòng Tổ chức cán bộ','division',2),"
    " (4,'2020-01-01','Sở Tài chính','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES"
    " (1,1,0),(2,2,0),(3,3,0),(4,4,0),(1,2,1),(1,3,2),(2,3,1),(1,4,1);";

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

static long long post_id(struct client *c, const char *path, const char *json)
{
    int st = client_req(c, "POST", path, json);
    if (st != 201) fprintf(stderr, "POST %s: %d %s\n", path, st, c->body ? c->body : "");
    return st == 201 ? jint(c, "id") : -1;
}

static long long user_id_of(struct client *admin, const char *username)
{
    client_req(admin, "GET", "/api/v1/users", NULL);
    json_t *items = jget(admin, "items");
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u)
        if (!strcmp(json_string_value(json_object_get(u, "username")), username))
            return json_integer_value(json_object_get(u, "id"));
    return -1;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) { fprintf(stderr, "tree insert failed\n"); exit(1); }
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "officer.b", "officer", 4, 0);
    make_user(&srv, "leader.a", "leader", 2, 0);
    struct client c;
    client_init(&c, &srv);
    if (client_login(&c, "admin", TEST_ADMIN_PASSWORD) != 200) exit(1);
    p_dung = post_id(&c, "/api/v1/people",
        "{\"full_name\":\"Nguyễn Văn Dũng\",\"cccd\":\"048080000123\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
        "\"ethnicity_id\":1,\"unit_id\":3,\"position\":\"Chuyên viên tổ chức\"}");
    p_hoa = post_id(&c, "/api/v1/people",
        "{\"full_name\":\"Đặng Thị Hoa\",\"cccd\":\"048185000456\",\"birth_date\":\"1985-02-03\",\"sex\":2,"
        "\"ethnicity_id\":1,\"unit_id\":4}");
    if (p_dung < 0 || p_hoa < 0) exit(1);
    make_user(&srv, "nhanvien.dung", "staff", 0, p_dung);
    make_user(&srv, "nhanvien.hoa", "staff", 0, p_hoa);
    u_verifier = user_id_of(&c, "leader.a");
    client_free(&c);

    struct client o;
    client_init(&o, &srv);
    if (client_login(&o, "officer.a", TEST_USER_PASSWORD) != 200) exit(1);
    g_group = post_id(&o, "/api/v1/eval/task-groups", "{\"unit_id\":2,\"name\":\"Chuyên viên tổ chức\"}");
    char buf[512];
    snprintf(buf, sizeof buf, "{\"unit_id\":2,\"code\":\"HS-01\",\"name\":\"Hồ sơ thẩm định\",\"measure\":\"hồ sơ\","
             "\"norm_x100\":150,\"task_group_id\":%lld}", g_group);
    g_ptype = post_id(&o, "/api/v1/eval/product-types", buf);
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":1,"
             "\"product_type_id\":%lld,\"target_qty\":10,\"deadline\":\"2026-03-31\",\"quality_req\":\"Đúng quy định\","
             "\"verifier_user_id\":%lld}", p_dung, g_ptype, u_verifier);
    g_task = post_id(&o, "/api/v1/eval/tasks", buf);
    client_free(&o);
    client_init(&o, &srv);
    if (client_login(&o, "officer.b", TEST_USER_PASSWORD) != 200) exit(1);
    g_ptype_b = post_id(&o, "/api/v1/eval/product-types", "{\"unit_id\":4,\"code\":\"BC\",\"name\":\"Báo cáo\",\"norm_x100\":100}");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"month\",\"year\":2026,\"number\":2,"
             "\"product_type_id\":%lld,\"target_qty\":4,\"deadline\":\"2026-02-28\"}", p_hoa, g_ptype_b);
    g_task_hoa = post_id(&o, "/api/v1/eval/tasks", buf);
    client_free(&o);
    if (g_group < 0 || g_ptype < 0 || g_task < 0 || g_ptype_b < 0 || g_task_hoa < 0 || u_verifier < 0) exit(1);
}

static void teardown(void) { server_stop(&srv); }

/* Expects a 400 naming `field` with `code`. */
#define BAD(c, st, code, field)                                                   \
    do {                                                                          \
        ck_assert_int_eq((st), 400);                                              \
        ck_assert_str_eq(jerr(c), (code));                                        \
        ck_assert_str_eq(jstr((c), "error.field"), (field));                      \
    } while (0)

/* --- raw uploads (binary bodies) ---------------------------------------- */

struct raw { long status; char *body; size_t len; };

static size_t raw_body(char *p, size_t sz, size_t n, void *ud)
{
    struct raw *r = ud;
    size_t k = sz * n;
    char *nb = realloc(r->body, r->len + k + 1);
    if (!nb) return 0;
    r->body = nb;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = 0;
    return k;
}

static long raw_req(struct client *c, const char *method, const char *path, const void *body, size_t len,
                    struct raw *out)
{
    memset(out, 0, sizeof *out);
    CURL *h = curl_easy_init();
    char url[2048], hdr[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", srv.port, path);
    struct curl_slist *hl = NULL;
    if (c->csrf[0]) {
        snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, hdr);
    }
    hl = curl_slist_append(hl, "Content-Type: application/octet-stream");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, raw_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (c->cookie[0]) curl_easy_setopt(h, CURLOPT_COOKIE, c->cookie);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    return out->status;
}

static json_t *raw_json(struct raw *r) { return r->body ? json_loads(r->body, 0, NULL) : NULL; }

static const char *raw_err(json_t *j, const char *member)
{
    const char *s = json_string_value(json_object_get(json_object_get(j, "error"), member));
    return s ? s : "";
}

/* A minimal PNG header with NUL bytes (binary-safe upload). */
static const unsigned char png_bytes[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                          0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0};

/* Uploads a file for a person; returns its id (or -1). */
static long long upload(struct client *c, long long person, const char *type, const void *data, size_t len,
                        char sha_out[65])
{
    char path[256];
    snprintf(path, sizeof path, "/api/v1/eval/files?name=bien-ban.%s&type=%s&person_id=%lld", type, type, person);
    struct raw r;
    raw_req(c, "POST", path, data, len, &r);
    long long id = -1;
    json_t *j = raw_json(&r);
    if (r.status == 201) {
        id = json_integer_value(json_object_get(j, "id"));
        if (sha_out) snprintf(sha_out, 65, "%s", json_string_value(json_object_get(j, "sha256")));
    } else fprintf(stderr, "upload: %ld %s\n", r.status, r.body ? r.body : "");
    json_decref(j);
    free(r.body);
    return id;
}

/* --- catalogue ----------------------------------------------------------- */

START_TEST(catalogue_crud_scope_and_validation)
{
    struct client c;
    login(&c, "officer.a");
    char buf[512];
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"name\":\"X\",\"norm_x100\":100}"), "required", "code");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"X1\",\"name\":\"X\",\"norm_x100\":0}"), "out_of_range", "norm_x100");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"X1\",\"name\":\"X\",\"norm_x100\":\"1\"}"), "invalid_type", "norm_x100");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"a b\",\"name\":\"X\"}"), "invalid_value", "code");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"X1\",\"name\":\"X\",\"color\":1}"), "unknown_field", "color");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"X1\",\"name\":\"   \"}"), "required", "name");
    /* A task group of another unit is refused. */
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/eval/task-groups", "{\"unit_id\":3,\"name\":\"Nhóm phòng\"}"), 201);
    long long g3 = jint(&c, "id");
    snprintf(buf, sizeof buf, "{\"unit_id\":2,\"code\":\"X1\",\"name\":\"X\",\"task_group_id\":%lld}", g3);
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/product-types", buf), "unknown_code", "task_group_id");
    /* Duplicate code in the unit. */
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"HS-01\",\"name\":\"X\"}"), 409);
    ck_assert_str_eq(jerr(&c), "duplicate_code");
    /* Another unit's catalogue is outside the scope: 404. */
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/eval/product-types", "{\"unit_id\":4,\"code\":\"Z\",\"name\":\"Z\"}"), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/eval/product-types/%lld", g_ptype_b), 404);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"norm_x100\":300}", "/api/v1/eval/product-types/%lld", g_ptype_b), 404);
    /* Create, edit (audited before/after), retire. */
    long long id = post_id(&c, "/api/v1/eval/product-types", "{\"unit_id\":3,\"code\":\"VB\",\"name\":\"Văn bản\",\"norm_x100\":50}");
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"norm_x100\":75,\"measure\":\"văn bản\"}", "/api/v1/eval/product-types/%lld", id), 200);
    ck_assert_int_eq(jint(&c, "norm_x100"), 75);
    BAD(&c, client_reqf(&c, "PATCH", "{\"active\":1}", "/api/v1/eval/product-types/%lld", id), "invalid_type", "active");
    ck_assert_int_eq(client_reqf(&c, "DELETE", NULL, "/api/v1/eval/product-types/%lld", id), 200);
    ck_assert_int_eq(jint(&c, "active"), 0);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/eval/product-types?unit=3", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&c, "items")), 0);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/eval/product-types?unit=3&all=1", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&c, "items")), 1);
    /* officer.b does not see unit 2's catalogue. */
    struct client b;
    login(&b, "officer.b");
    ck_assert_int_eq(client_req(&b, "GET", "/api/v1/eval/product-types", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&b, "items")), 1);
    ck_assert_str_eq(jstr(&b, "items.0.code"), "BC");
    client_free(&b);
    /* Staff and leaders do not manage the catalogue. */
    struct client s;
    login(&s, "nhanvien.dung");
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/product-types", "{\"unit_id\":3,\"code\":\"S\",\"name\":\"S\"}"), 403);
    client_free(&s);
    client_free(&c);
}
END_TEST

/* --- tasks ----------------------------------------------------------------- */

START_TEST(assign_tasks_validation_and_scope)
{
    struct client c;
    login(&c, "officer.a");
    char buf[512];
#define TASK(extra) \
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":5,\"deadline\":\"2026-06-30\"" extra "}", p_dung, g_ptype)
    TASK(",\"period_kind\":\"week\",\"year\":2026,\"number\":1");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "invalid_value", "period_kind");
    TASK(",\"period_kind\":\"quarter\",\"year\":2026,\"number\":5");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "out_of_range", "number");
    TASK(",\"period_kind\":\"month\",\"year\":1999,\"number\":5");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "out_of_range", "year");
    TASK(",\"period_kind\":\"month\",\"year\":2026,\"number\":12,\"verifier_user_id\":99999");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "unknown_code", "verifier_user_id");
    TASK(",\"period_kind\":\"month\",\"year\":2026,\"number\":12,\"key_task\":\"yes\"");
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "invalid_type", "key_task");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":0,\"deadline\":\"2026-06-30\","
             "\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}", p_dung, g_ptype);
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "out_of_range", "target_qty");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":3,\"deadline\":\"2026-02-30\","
             "\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}", p_dung, g_ptype);
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "invalid_date", "deadline");
    /* A product type of another unit's catalogue does not apply. */
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":3,\"deadline\":\"2026-06-30\","
             "\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}", p_dung, g_ptype_b);
    BAD(&c, client_req(&c, "POST", "/api/v1/eval/tasks", buf), "unknown_code", "product_type_id");
    /* A person of another unit: 404. */
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":3,\"deadline\":\"2026-06-30\","
             "\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}", p_hoa, g_ptype);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/eval/tasks", buf), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_hoa), 404);
    /* The leader (manager) assigns too; the norm is snapshotted. */
    struct client l;
    login(&l, "leader.a");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"product_type_id\":%lld,\"target_qty\":3,\"deadline\":\"2026-06-30\","
             "\"period_kind\":\"month\",\"year\":2026,\"number\":4}", p_dung, g_ptype);
    ck_assert_int_eq(client_req(&l, "POST", "/api/v1/eval/tasks", buf), 201);
    ck_assert_int_eq(jint(&l, "norm_x100"), 150);
    client_free(&l);
    /* Unit-wide list, scoped: officer.a sees Dũng's tasks, not Hoa's. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/eval/tasks?year=2026", NULL), 200);
    ck_assert_int_ge(json_array_size(jget(&c, "items")), 2);
    json_t *it;
    size_t k;
    json_array_foreach(jget(&c, "items"), k, it) ck_assert_int_eq(json_integer_value(json_object_get(it, "person_id")), p_dung);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/eval/tasks?unit=4", NULL), 404);
    BAD(&c, client_req(&c, "GET", "/api/v1/eval/tasks?period_kind=week", NULL), "invalid_value", "period_kind");
    /* Staff cannot assign. */
    struct client s;
    login(&s, "nhanvien.dung");
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/tasks", buf), 403);
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/tasks?year=2026", p_dung), 200);
    ck_assert_int_ge(json_array_size(jget(&s, "items")), 2);
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_hoa), 404);
    client_free(&s);
    client_free(&c);
}
END_TEST

/* --- results, evidence, verification --------------------------------------- */

START_TEST(staff_reports_only_own_tasks_and_unverified_does_not_count)
{
    struct client s;
    login(&s, "nhanvien.dung");
    BAD(&s, client_reqf(&s, "POST", "{\"quantity\":-1}", "/api/v1/eval/tasks/%lld/results", g_task), "out_of_range", "quantity");
    BAD(&s, client_reqf(&s, "POST", "{}", "/api/v1/eval/tasks/%lld/results", g_task), "required", "quantity");
    BAD(&s, client_reqf(&s, "POST", "{\"quantity\":1,\"evidence\":[{\"kind\":\"photo\",\"ref\":\"x\"}]}", "/api/v1/eval/tasks/%lld/results", g_task),
        "invalid_value", "kind");
    BAD(&s, client_reqf(&s, "POST", "{\"quantity\":1,\"evidence\":[{\"kind\":\"document\"}]}", "/api/v1/eval/tasks/%lld/results", g_task),
        "required", "ref");
    BAD(&s, client_reqf(&s, "POST", "{\"quantity\":1,\"evidence\":[{\"kind\":\"file\",\"file_id\":424242}]}", "/api/v1/eval/tasks/%lld/results", g_task),
        "unknown_code", "file_id");
    /* Own task: recorded, unverified, does not count. */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"quantity\":4,\"note\":\"Tháng 1\"}", "/api/v1/eval/tasks/%lld/results", g_task), 201);
    ck_assert_str_eq(jstr(&s, "status"), "unverified");
    ck_assert(!json_is_true(jget(&s, "counts")));
    ck_assert(!json_is_true(jget(&s, "has_evidence")));
    /* Another person's task: outside the scope. */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"quantity\":4}", "/api/v1/eval/tasks/%lld/results", g_task_hoa), 404);
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/tasks?period_kind=quarter&year=2026&number=1", p_dung), 200);
    ck_assert_int_eq(jint(&s, "items.0.verified_qty"), 0);
    ck_assert_int_ge(jint(&s, "items.0.unverified_qty"), 4);
    ck_assert(!json_is_true(jget(&s, "items.0.results.0.counts")));
    client_free(&s);
    /* A leader reads but does not report. */
    struct client l;
    login(&l, "leader.a");
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"quantity\":1}", "/api/v1/eval/tasks/%lld/results", g_task), 403);
    client_free(&l);
    /* Another unit's officer: 404. */
    struct client b;
    login(&b, "officer.b");
    ck_assert_int_eq(client_reqf(&b, "POST", "{\"quantity\":1}", "/api/v1/eval/tasks/%lld/results", g_task), 404);
    client_free(&b);
}
END_TEST

START_TEST(evidence_files_are_checked_and_hashed)
{
    struct client s;
    login(&s, "nhanvien.dung");
    const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    char sha[65];
    long long fid = upload(&s, p_dung, "pdf", pdf, sizeof pdf - 1, sha);
    ck_assert_int_gt(fid, 0);
    unsigned char dig[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(dig, (const unsigned char *)pdf, sizeof pdf - 1);
    sodium_bin2hex(hex, sizeof hex, dig, sizeof dig);
    ck_assert_str_eq(sha, hex);
    /* Binary PNG with NUL bytes. */
    ck_assert_int_gt(upload(&s, p_dung, "png", png_bytes, sizeof png_bytes, NULL), 0);
    struct raw r;
    json_t *j;
    /* Declared type does not match the magic bytes. */
    raw_req(&s, "POST", "/api/v1/eval/files?name=a.png&type=png", pdf, sizeof pdf - 1, &r);
    ck_assert_int_eq(r.status, 400);
    j = raw_json(&r);
    ck_assert_str_eq(raw_err(j, "code"), "type_mismatch");
    ck_assert_str_eq(raw_err(j, "field"), "type");
    json_decref(j);
    free(r.body);
    /* A ZIP that is not a Word document. */
    raw_req(&s, "POST", "/api/v1/eval/files?name=a.docx&type=docx", "PK\x03\x04xl/[Content_Types].xml", 27, &r);
    ck_assert_int_eq(r.status, 400);
    free(r.body);
    /* Not on the allow-list. */
    raw_req(&s, "POST", "/api/v1/eval/files?name=a.exe&type=exe", "MZ", 2, &r);
    ck_assert_int_eq(r.status, 400);
    j = raw_json(&r);
    ck_assert_str_eq(raw_err(j, "code"), "invalid_value");
    ck_assert_str_eq(raw_err(j, "field"), "type");
    json_decref(j);
    free(r.body);
    /* Missing name, empty body. */
    raw_req(&s, "POST", "/api/v1/eval/files?type=pdf", pdf, sizeof pdf - 1, &r);
    j = raw_json(&r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(raw_err(j, "field"), "name");
    json_decref(j);
    free(r.body);
    raw_req(&s, "POST", "/api/v1/eval/files?name=a.pdf&type=pdf", "", 0, &r);
    ck_assert_int_eq(r.status, 400);
    free(r.body);
    /* Over 10 MiB. */
    size_t big = (10u << 20) + 1;
    char *b = malloc(big);
    memset(b, 'x', big);
    memcpy(b, "%PDF-", 5);
    raw_req(&s, "POST", "/api/v1/eval/files?name=big.pdf&type=pdf", b, big, &r);
    free(b);
    ck_assert_int_eq(r.status, 413);
    j = raw_json(&r);
    ck_assert_str_eq(raw_err(j, "code"), "file_too_large");
    json_decref(j);
    free(r.body);
    /* Staff cannot upload for someone else. */
    raw_req(&s, "POST", "/api/v1/eval/files?name=a.pdf&type=pdf&person_id=999999", pdf, sizeof pdf - 1, &r);
    ck_assert_int_eq(r.status, 404);
    free(r.body);
    /* Reading back: the bytes are stored as sent; another unit's officer gets 404. */
    char path[128];
    snprintf(path, sizeof path, "/api/v1/eval/files/%lld/content", fid);
    raw_req(&s, "GET", path, NULL, 0, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, sizeof pdf - 1);
    ck_assert(!memcmp(r.body, pdf, r.len));
    free(r.body);
    struct client o;
    login(&o, "officer.b");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/files/%lld", fid), 404);
    client_free(&o);
    login(&o, "officer.a");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/files/%lld", fid), 200);
    ck_assert_str_eq(jstr(&o, "sha256"), hex);
    ck_assert_int_eq(jint(&o, "size"), (long long)(sizeof pdf - 1));
    client_free(&o);
    client_free(&s);
}
END_TEST

START_TEST(verification_needs_evidence_and_the_right_person)
{
    struct client s, v, o;
    login(&s, "nhanvien.dung");
    login(&v, "leader.a");  /* the task's verifier */
    login(&o, "officer.a");
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"quantity\":6}", "/api/v1/eval/tasks/%lld/results", g_task), 201);
    long long rid = jint(&s, "id");
    /* The person cannot verify their own output. */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"decision\":\"verified\"}", "/api/v1/eval/results/%lld/verify", rid), 403);
    BAD(&v, client_reqf(&v, "POST", "{\"decision\":\"ok\"}", "/api/v1/eval/results/%lld/verify", rid), "invalid_value", "decision");
    BAD(&v, client_reqf(&v, "POST", "{\"decision\":\"rejected\"}", "/api/v1/eval/results/%lld/verify", rid), "required", "note");
    /* Without evidence it stays unverified. */
    BAD(&v, client_reqf(&v, "POST", "{\"decision\":\"verified\"}", "/api/v1/eval/results/%lld/verify", rid), "evidence_required", "evidence");
    const char pdf[] = "%PDF-1.7\nbiên bản nghiệm thu\n%%EOF\n";
    long long fid = upload(&s, p_dung, "pdf", pdf, sizeof pdf - 1, NULL);
    char body[256];
    snprintf(body, sizeof body, "{\"evidence\":[{\"kind\":\"file\",\"file_id\":%lld},{\"kind\":\"document\",\"ref\":\"123/QĐ-SNV\"}]}", fid);
    ck_assert_int_eq(client_reqf(&s, "POST", body, "/api/v1/eval/results/%lld/evidence", rid), 200);
    ck_assert_int_eq(client_reqf(&v, "POST", "{\"decision\":\"verified\",\"note\":\"Đủ hồ sơ\"}", "/api/v1/eval/results/%lld/verify", rid), 200);
    ck_assert_str_eq(jstr(&v, "status"), "verified");
    /* Decided once. */
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"decision\":\"rejected\",\"note\":\"x\"}", "/api/v1/eval/results/%lld/verify", rid), 409);
    ck_assert_str_eq(jerr(&o), "invalid_state");
    ck_assert_int_eq(client_reqf(&s, "POST", body, "/api/v1/eval/results/%lld/evidence", rid), 409);
    /* Now it counts. */
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks?period_kind=quarter&year=2026&number=1", p_dung), 200);
    ck_assert_int_ge(jint(&o, "items.0.verified_qty"), 6);
    /* Officer of another unit: 404. */
    struct client b;
    login(&b, "officer.b");
    ck_assert_int_eq(client_reqf(&b, "POST", "{\"decision\":\"verified\"}", "/api/v1/eval/results/%lld/verify", rid), 404);
    client_free(&b);
    client_free(&s);
    client_free(&v);
    client_free(&o);
}
END_TEST

START_TEST(quality_reviews_and_delays)
{
    struct client o;
    login(&o, "officer.a");
    BAD(&o, client_reqf(&o, "POST", "{\"kind\":\"late\",\"on\":\"2026-01-15\",\"objective\":false}", "/api/v1/eval/tasks/%lld/reviews", g_task),
        "invalid_value", "kind");
    BAD(&o, client_reqf(&o, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-15\"}", "/api/v1/eval/tasks/%lld/reviews", g_task),
        "required", "objective");
    BAD(&o, client_reqf(&o, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-15\",\"objective\":true}", "/api/v1/eval/tasks/%lld/reviews", g_task),
        "required", "reason");
    BAD(&o, client_reqf(&o, "POST", "{\"kind\":\"delay\",\"on\":\"15/01/2026\",\"objective\":false}", "/api/v1/eval/tasks/%lld/reviews", g_task),
        "invalid_date", "on");
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-15\",\"objective\":true,\"reason\":\"Mất điện diện rộng\"}",
                                 "/api/v1/eval/tasks/%lld/reviews", g_task), 201);
    ck_assert(!json_is_true(jget(&o, "deducts")));
    struct client s;
    login(&s, "nhanvien.dung");
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-15\",\"objective\":false}", "/api/v1/eval/tasks/%lld/reviews", g_task), 403);
    client_free(&s);
    struct client b;
    login(&b, "officer.b");
    ck_assert_int_eq(client_reqf(&b, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-15\",\"objective\":false}", "/api/v1/eval/tasks/%lld/reviews", g_task), 404);
    client_free(&b);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks?period_kind=quarter&year=2026&number=1", p_dung), 200);
    ck_assert_str_eq(jstr(&o, "items.0.reviews.0.reason"), "Mất điện diện rộng");
    client_free(&o);
}
END_TEST

START_TEST(import_from_other_systems_is_all_or_nothing)
{
    struct client o;
    login(&o, "officer.b");
    char buf[1024];
    snprintf(buf, sizeof buf, "{\"rows\":[{\"task_id\":%lld,\"quantity\":2,\"source\":\"Một cửa điện tử\",\"extracted_at\":\"2026-02-10T08:00:00Z\"},"
             "{\"task_id\":%lld,\"quantity\":1,\"source\":\"Một cửa điện tử\",\"extracted_at\":\"hôm qua\"},"
             "{\"task_id\":%lld,\"quantity\":1,\"source\":\"Một cửa điện tử\",\"extracted_at\":\"2026-02-10\"}]}",
             g_task_hoa, g_task_hoa, g_task);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/results/import", buf), 400);
    ck_assert_str_eq(jerr(&o), "rows_invalid");
    ck_assert_int_eq(json_array_size(jget(&o, "error.rows")), 2);
    ck_assert_int_eq(jint(&o, "error.rows.0.row"), 2);
    ck_assert_str_eq(jstr(&o, "error.rows.0.field"), "extracted_at");
    ck_assert_int_eq(jint(&o, "error.rows.1.row"), 3);           /* another unit's task */
    ck_assert_str_eq(jstr(&o, "error.rows.1.field"), "task_id");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_hoa), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items.0.results")), 0);  /* nothing written */
    snprintf(buf, sizeof buf, "{\"rows\":[{\"task_id\":%lld,\"quantity\":2,\"source\":\"Một cửa điện tử\",\"extracted_at\":\"2026-02-10T08:00:00+07:00\","
             "\"external_ref\":\"HS-000123\"}]}", g_task_hoa);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/results/import", buf), 201);
    ck_assert_int_eq(jint(&o, "count"), 1);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_hoa), 200);
    ck_assert_str_eq(jstr(&o, "items.0.results.0.origin"), "import");
    ck_assert_str_eq(jstr(&o, "items.0.results.0.source"), "Một cửa điện tử");
    ck_assert_str_eq(jstr(&o, "items.0.results.0.extracted_at"), "2026-02-10T08:00:00+07:00");
    ck_assert_str_eq(jstr(&o, "items.0.results.0.status"), "unverified");
    ck_assert_int_eq(jint(&o, "items.0.verified_qty"), 0);
    client_free(&o);
    struct client s;
    login(&s, "nhanvien.hoa");
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/results/import", buf), 403);
    client_free(&s);
}
END_TEST

/* --- workflow ---------------------------------------------------------------- */

START_TEST(workflow_order_history_and_score)
{
    struct client o, s, l, b;
    login(&o, "officer.a");
    login(&s, "nhanvien.dung");
    login(&l, "leader.a");
    login(&b, "officer.b");
    char buf[512];
    /* A dedicated period: Q2 2026 with one task of 10, all verified, one delay. */
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":2,\"product_type_id\":%lld,"
             "\"target_qty\":10,\"deadline\":\"2026-06-30\",\"verifier_user_id\":%lld}", p_dung, g_ptype, u_verifier);
    long long task = post_id(&o, "/api/v1/eval/tasks", buf);
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"quantity\":10,\"evidence\":[{\"kind\":\"dossier\",\"ref\":\"G01.99-2026\"}]}",
                                 "/api/v1/eval/tasks/%lld/results", task), 201);
    long long rid = jint(&s, "id");
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"decision\":\"verified\"}", "/api/v1/eval/results/%lld/verify", rid), 200);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"kind\":\"delay\",\"on\":\"2026-01-20\",\"objective\":false}", "/api/v1/eval/tasks/%lld/reviews", task), 201);
    /* An unverified extra output does not change the score. */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"quantity\":50}", "/api/v1/eval/tasks/%lld/results", task), 201);

    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}", p_dung);
    BAD(&s, client_req(&s, "POST", "/api/v1/eval/assessments", "{\"period_kind\":\"quarter\",\"year\":2026,\"number\":2}"), "required", "person_id");
    ck_assert_int_eq(client_req(&b, "POST", "/api/v1/eval/assessments", buf), 404);
    long long aid = post_id(&s, "/api/v1/eval/assessments", buf);
    ck_assert_int_gt(aid, 0);
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/assessments", buf), 409);
    /* Order enforced: nothing before submit. */
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"approve\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 409);
    ck_assert_str_eq(jerr(&o), "invalid_state");
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"manager_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 409);
    BAD(&s, client_reqf(&s, "POST", "{\"action\":\"publish\"}", "/api/v1/eval/assessments/%lld/transitions", aid), "invalid_value", "action");
    BAD(&s, client_reqf(&s, "POST", "{\"action\":\"submit\"}", "/api/v1/eval/assessments/%lld/transitions", aid), "required", "general");
    BAD(&s, client_reqf(&s, "POST", "{\"action\":\"submit\",\"general\":[1000,1000]}", "/api/v1/eval/assessments/%lld/transitions", aid), "invalid_type", "general");
    BAD(&s, client_reqf(&s, "POST", "{\"action\":\"submit\",\"general\":[1000,1000,1001]}", "/api/v1/eval/assessments/%lld/transitions", aid), "out_of_range", "general");
    /* Self-assessment: the score is computed from verified outputs only
     * (10 of 10, one non-objective delay => progress 75%):
     * 30 + 70 × (1 + 1 + 0,75) / 3 = 94,1666… => 94,16 (NĐ 335/2025). */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"action\":\"submit\",\"general\":[1000,1000,1000],\"note\":\"Tự đánh giá\"}",
                                 "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_str_eq(jstr(&s, "state"), "submitted");
    ck_assert_int_eq(jint(&s, "score_x100"), 9416);
    ck_assert_str_eq(jstr(&s, "band"), "HTXS");
    ck_assert_str_eq(jstr(&s, "regime"), "nd335_2025");
    char sig1[65];
    snprintf(sig1, sizeof sig1, "%s", jstr(&s, "signature"));
    ck_assert_uint_eq(strlen(sig1), 64);
    /* The person does not review themselves; the manager does. */
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"action\":\"manager_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 403);
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"manager_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    /* Return needs a reason, and keeps the history. */
    BAD(&l, client_reqf(&l, "POST", "{\"action\":\"return\"}", "/api/v1/eval/assessments/%lld/transitions", aid), "required", "note");
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"return\",\"note\":\"Bổ sung minh chứng\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_str_eq(jstr(&l, "state"), "returned");
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"approve\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 409);
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"action\":\"submit\",\"general\":[900,1000,1000]}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_int_eq(jint(&s, "score_x100"), 9316);
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"manager_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"head_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    /* Leaders do not approve; the officer does (council optional). */
    ck_assert_int_eq(client_reqf(&l, "POST", "{\"action\":\"approve\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 403);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"council_review\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"approve\",\"note\":\"Hội đồng thống nhất\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 200);
    ck_assert_str_eq(jstr(&o, "state"), "approved");
    /* A decided assessment never changes. */
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"return\",\"note\":\"x\"}", "/api/v1/eval/assessments/%lld/transitions", aid), 409);
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"action\":\"submit\",\"general\":[1000,1000,1000]}", "/api/v1/eval/assessments/%lld/transitions", aid), 409);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE eval_assessment SET score_x100 = 10000 WHERE id = %lld", aid);
    ck_assert_int_eq(db_sql(&srv, sql), -1);
    ck_assert_int_eq(db_sql(&srv, "UPDATE eval_transition SET note = 'x'"), -1);
    /* Full, signed history. */
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/assessments/%lld", aid), 200);
    ck_assert_str_eq(jstr(&s, "state"), "approved");
    ck_assert_int_eq(jint(&s, "score_x100"), 9316);
    ck_assert_str_eq(jstr(&s, "regime"), "nd335_2025");
    ck_assert_int_eq(json_array_size(jget(&s, "transitions")), 8);
    const char *acts[] = {"submit", "manager_review", "return", "submit", "manager_review", "head_review", "council_review", "approve"};
    for (int i = 0; i < 8; i++) {
        char p[64];
        snprintf(p, sizeof p, "transitions.%d.action", i);
        ck_assert_str_eq(jstr(&s, p), acts[i]);
    }
    ck_assert_str_eq(jstr(&s, "transitions.0.signature"), sig1);
    ck_assert_str_eq(jstr(&s, "transitions.2.note"), "Bổ sung minh chứng");
    ck_assert_str_ne(jstr(&s, "transitions.3.signature"), sig1);
    ck_assert_int_eq(jint(&s, "score_detail.items.0.unverified_not_counted"), 50);
    ck_assert_int_eq(client_reqf(&b, "GET", NULL, "/api/v1/eval/assessments/%lld", aid), 404);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/assessments?year=2026", p_dung), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 1);
    /* A 2025 period falls under NĐ 90/2020 + 48/2023: no 100-point score. */
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"month\",\"year\":2025,\"number\":11}", p_dung);
    long long old = post_id(&o, "/api/v1/eval/assessments", buf);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"action\":\"submit\"}", "/api/v1/eval/assessments/%lld/transitions", old), 200);
    ck_assert_str_eq(jstr(&o, "regime"), "nd90_48_2023");
    ck_assert_ptr_null(jget(&o, "score_x100"));
    client_free(&o);
    client_free(&s);
    client_free(&l);
    client_free(&b);
}
END_TEST

/* --- historic ratings ---------------------------------------------------------- */

START_TEST(historic_ratings_any_regime_all_or_nothing)
{
    struct client o;
    login(&o, "officer.a");
    char buf[1024];
    snprintf(buf, sizeof buf, "{\"rows\":[{\"person_id\":%lld,\"year\":2018,\"regime\":\"nd56_2015\",\"level\":\"htnv_han_che\"},"
             "{\"person_id\":%lld,\"year\":2019,\"regime\":\"nd335_2025\",\"level\":\"HTT\"},"
             "{\"person_id\":%lld,\"year\":2024,\"regime\":\"nd90_48_2023\",\"level\":\"XYZ\"},"
             "{\"person_id\":%lld,\"year\":2024,\"regime\":\"nd90_48_2023\",\"level\":\"HTT\"}]}", p_dung, p_dung, p_dung, p_hoa);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/ratings/import", buf), 400);
    ck_assert_str_eq(jerr(&o), "rows_invalid");
    ck_assert_int_eq(json_array_size(jget(&o, "error.rows")), 3);
    ck_assert_str_eq(jstr(&o, "error.rows.0.field"), "year");
    ck_assert_str_eq(jstr(&o, "error.rows.1.field"), "level");
    ck_assert_str_eq(jstr(&o, "error.rows.2.field"), "person_id"); /* outside the scope */
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/ratings", p_dung), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 0);
    snprintf(buf, sizeof buf, "{\"rows\":[{\"person_id\":%lld,\"year\":2018,\"regime\":\"nd56_2015\",\"level\":\"htnv_han_che\","
             "\"decision_no\":\"45/QĐ-UBND\",\"source\":\"Hồ sơ giấy\"},"
             "{\"person_id\":%lld,\"year\":2024,\"regime\":\"nd90_48_2023\",\"level\":\"HTT\"}]}", p_dung, p_dung);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/ratings/import", buf), 201);
    ck_assert_int_eq(jint(&o, "count"), 2);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/ratings", p_dung), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 2);
    ck_assert_str_eq(jstr(&o, "items.0.level"), "htnv_han_che");
    ck_assert_int_eq(db_sql(&srv, "DELETE FROM eval_rating_history"), -1);
    client_free(&o);
    struct client s;
    login(&s, "nhanvien.dung");
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/ratings/import", buf), 403);
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/ratings", p_dung), 200);
    client_free(&s);
}
END_TEST

/* Runs last: every write above is in the audit trail and the chain holds. */
START_TEST(every_write_is_audited_and_chain_verifies)
{
    struct client a;
    login(&a, "admin");
    const char *entities[] = {"eval_task_group", "eval_product_type", "eval_task", "eval_result", "eval_file",
                              "eval_review", "eval_assessment", "eval_rating_history"};
    for (size_t i = 0; i < sizeof entities / sizeof *entities; i++) {
        ck_assert_int_eq(client_reqf(&a, "GET", NULL, "/api/v1/audit?entity=%s", entities[i]), 200);
        if (json_array_size(jget(&a, "items")) == 0) ck_abort_msg("no audit entry for %s", entities[i]);
    }
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_assessment&per_page=500", NULL), 200);
    ck_assert_int_ge(json_array_size(jget(&a, "items")), 10);
    client_free(&a);
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "intact"));
}
END_TEST

extern Suite *suite_api_eval(void);
Suite *suite_api_eval(void)
{
    Suite *s = suite_create("api_eval");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, catalogue_crud_scope_and_validation);
    tcase_add_test(tc, assign_tasks_validation_and_scope);
    tcase_add_test(tc, staff_reports_only_own_tasks_and_unverified_does_not_count);
    tcase_add_test(tc, evidence_files_are_checked_and_hashed);
    tcase_add_test(tc, verification_needs_evidence_and_the_right_person);
    tcase_add_test(tc, quality_reviews_and_delays);
    tcase_add_test(tc, import_from_other_systems_is_all_or_nothing);
    tcase_add_test(tc, workflow_order_history_and_score);
    tcase_add_test(tc, historic_ratings_any_regime_all_or_nothing);
    tcase_add_test(tc, every_write_is_audited_and_chain_verifies);
    suite_add_tcase(s, tc);
    return s;
}
