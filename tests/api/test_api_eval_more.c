/* API tests for the evaluation read routes added for the UI (issue 4):
 *  - GET /eval/verifiers?unit= — the accounts that may verify tasks of a
 *    unit (scope covering the unit, plus staff accounts of its people);
 *  - GET /eval/results?pending_for=me — the verifier's queue, for a named
 *    verifier of any role (staff included) and officers over their subtree,
 *    and the evidence files the named verifier may open;
 *  - GET /eval/people/{id}/year-ratings — the person's rows of the year
 *    rating board (eval_year_rating).
 * Scope denials are 404, role denials 403 (docs/evaluation.md). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static struct server srv;
/* unit 2: p_c; unit 3 (under 2): p_a, p_b, p_d; unit 4 (outside officer.a's scope): p_e. */
static long long p_a, p_b, p_c, p_d, p_e;
static long long u_admin, u_officer_a, u_officer_b, u_leader_a, u_leader_c, u_an, u_binh, u_em;

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

static long long person(struct client *c, const char *name, const char *cccd, int unit)
{
    char buf[512];
    snprintf(buf, sizeof buf, "{\"full_name\":\"%s\",\"cccd\":\"%s\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
             "\"ethnicity_id\":1,\"unit_id\":%d}", name, cccd, unit);
    return post_id(c, "/api/v1/people", buf);
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
    make_user(&srv, "leader.c", "leader", 3, 0);
    struct client c;
    client_init(&c, &srv);
    if (client_login(&c, "admin", TEST_ADMIN_PASSWORD) != 200) exit(1);
    p_a = person(&c, "Nguyễn Văn An", "048080000202", 3);
    p_b = person(&c, "Lê Thị Bình", "048080000203", 3);
    p_c = person(&c, "Phạm Văn Cường", "048080000204", 2);
    p_d = person(&c, "Hoàng Thị Dung", "048080000205", 3);
    p_e = person(&c, "Võ Văn Em", "048080000206", 4);
    if (p_a < 0 || p_b < 0 || p_c < 0 || p_d < 0 || p_e < 0) exit(1);
    make_user(&srv, "nhanvien.an", "staff", 0, p_a);
    make_user(&srv, "nhanvien.binh", "staff", 0, p_b);
    make_user(&srv, "nhanvien.em", "staff", 0, p_e);
    u_admin = user_id_of(&c, "admin");
    u_officer_a = user_id_of(&c, "officer.a");
    u_officer_b = user_id_of(&c, "officer.b");
    u_leader_a = user_id_of(&c, "leader.a");
    u_leader_c = user_id_of(&c, "leader.c");
    u_an = user_id_of(&c, "nhanvien.an");
    u_binh = user_id_of(&c, "nhanvien.binh");
    u_em = user_id_of(&c, "nhanvien.em");
    client_free(&c);
    if (u_admin < 0 || u_officer_a < 0 || u_officer_b < 0 || u_leader_a < 0 || u_leader_c < 0 || u_an < 0 || u_binh < 0 ||
        u_em < 0)
        exit(1);
    if (db_sql(&srv, "INSERT INTO eval_product_type(id, unit_id, code, name, measure, norm_x100, created_at, updated_at)"
                     " VALUES (1, 1, 'HS', 'Hồ sơ thủ tục', 'hồ sơ', 100, '2026-01-01', '2026-01-01')") != 0) exit(1);
}

static void teardown(void) { server_stop(&srv); }

/* The item of `items` whose `key` equals `id`, or NULL. */
static json_t *find_item(struct client *c, const char *key, long long id)
{
    json_t *items = jget(c, "items");
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
        if (json_integer_value(json_object_get(o, key)) == id) return o;
    return NULL;
}

/* --- GET /eval/verifiers -------------------------------------------------- */

START_TEST(verifiers_pick_list_by_unit_scope)
{
    struct client o, ob, l, s;
    login(&o, "officer.a");
    login(&ob, "officer.b");
    login(&l, "leader.c");
    login(&s, "nhanvien.an");

    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=3", NULL), 200);
    /* accounts whose scope covers unit 3: admin, officer.a and leader.a (unit 2), leader.c (unit 3) */
    ck_assert_ptr_nonnull(find_item(&o, "id", u_admin));
    ck_assert_ptr_nonnull(find_item(&o, "id", u_officer_a));
    ck_assert_ptr_nonnull(find_item(&o, "id", u_leader_a));
    json_t *lc = find_item(&o, "id", u_leader_c);
    ck_assert_ptr_nonnull(lc);
    ck_assert_str_eq(json_string_value(json_object_get(lc, "username")), "leader.c");
    ck_assert_str_eq(json_string_value(json_object_get(lc, "role")), "leader");
    ck_assert_int_eq(json_integer_value(json_object_get(lc, "unit_id")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(lc, "unit_name")), "Phòng Tổ chức cán bộ");
    ck_assert_ptr_nonnull(json_object_get(lc, "display_name"));
    /* staff accounts of people in unit 3 */
    json_t *an = find_item(&o, "id", u_an);
    ck_assert_ptr_nonnull(an);
    ck_assert_str_eq(json_string_value(json_object_get(an, "role")), "staff");
    ck_assert_str_eq(json_string_value(json_object_get(an, "person_name")), "Nguyễn Văn An");
    ck_assert_int_eq(json_integer_value(json_object_get(an, "unit_id")), 3); /* the person's unit */
    ck_assert_ptr_nonnull(find_item(&o, "id", u_binh));
    /* not: officer.b (unit 4) nor the staff of unit 4 */
    ck_assert_ptr_null(find_item(&o, "id", u_officer_b));
    ck_assert_ptr_null(find_item(&o, "id", u_em));
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 6);

    /* unit 2: leader.c's scope (unit 3) does not cover it; unit 3's staff are not unit 2's people */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=2", NULL), 200);
    ck_assert_ptr_nonnull(find_item(&o, "id", u_leader_a));
    ck_assert_ptr_null(find_item(&o, "id", u_leader_c));
    ck_assert_ptr_null(find_item(&o, "id", u_an));

    /* a leader in scope may call it */
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/verifiers?unit=3", NULL), 200);
    ck_assert_ptr_nonnull(find_item(&l, "id", u_binh));

    /* scope denials: 404 */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=4", NULL), 404);
    ck_assert_int_eq(client_req(&ob, "GET", "/api/v1/eval/verifiers?unit=3", NULL), 404);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/verifiers?unit=2", NULL), 404);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=999", NULL), 404);
    /* staff: 403 */
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/verifiers?unit=3", NULL), 403);
    /* validation */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers", NULL), 400);
    ck_assert_str_eq(jerr(&o), "required");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=abc", NULL), 400);
    ck_assert_str_eq(jerr(&o), "invalid_value");
    /* an account that is deactivated drops out */
    ck_assert_int_eq(db_sql(&srv, "UPDATE app_user SET active = 0 WHERE username = 'nhanvien.binh'"), 0);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/verifiers?unit=3", NULL), 200);
    ck_assert_ptr_null(find_item(&o, "id", u_binh));
    ck_assert_int_eq(db_sql(&srv, "UPDATE app_user SET active = 1 WHERE username = 'nhanvien.binh'"), 0);
    client_free(&o);
    client_free(&ob);
    client_free(&l);
    client_free(&s);
}
END_TEST

/* --- GET /eval/results?pending_for=me -------------------------------------- */

static long long task(struct client *c, long long pid, int number, long long verifier, const char *title)
{
    char buf[512], ver[48] = "";
    if (verifier > 0) snprintf(ver, sizeof ver, ",\"verifier_user_id\":%lld", verifier);
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":%d,"
             "\"product_type_id\":1,\"title\":\"%s\",\"target_qty\":10,\"deadline\":\"2026-06-30\"%s}",
             pid, number, title, ver);
    return post_id(c, "/api/v1/eval/tasks", buf);
}

static long long report(struct client *c, long long tid, int qty, const char *evidence)
{
    char path[96], buf[512];
    snprintf(path, sizeof path, "/api/v1/eval/tasks/%lld/results", tid);
    snprintf(buf, sizeof buf, "{\"quantity\":%d%s%s}", qty, evidence ? ",\"evidence\":" : "", evidence ? evidence : "");
    return post_id(c, path, buf);
}

START_TEST(pending_results_for_named_verifier_and_officer)
{
    struct client ad, o, ob, la, binh, an, em;
    login(&ad, "admin");
    login(&o, "officer.a");
    login(&ob, "officer.b");
    login(&la, "leader.a");
    login(&binh, "nhanvien.binh");
    login(&an, "nhanvien.an");
    login(&em, "nhanvien.em");

    long long t1 = task(&o, p_a, 2, u_binh, "Thẩm định hồ sơ");   /* staff verifier */
    long long t2 = task(&o, p_d, 2, u_leader_a, "Soạn văn bản");  /* leader verifier */
    long long t3 = task(&o, p_a, 2, 0, "Tiếp dân");               /* no verifier */
    long long t4 = task(&o, p_a, 3, u_binh, "Báo cáo quý 3");     /* another period */
    ck_assert(t1 > 0 && t2 > 0 && t3 > 0 && t4 > 0);
    /* evidence file of p_a (stored directly; uploads are covered by test_api_eval.c) */
    ck_assert_int_eq(db_sql(&srv, "INSERT INTO eval_file(id, sha256, size, content_type, name, data, person_id, uploaded_by,"
                                  " uploaded_at) VALUES (77, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',"
                                  " 9, 'application/pdf', 'bien-ban.pdf', X'255044462D312E340A', (SELECT id FROM person"
                                  " WHERE full_name = 'Nguyễn Văn An'), 1, '2026-04-01T00:00:00Z')"), 0);
    long long r1 = report(&an, t1, 4, "[{\"kind\":\"document\",\"ref\":\"12/QĐ-SNV\"},{\"kind\":\"file\",\"file_id\":77}]");
    long long r2 = report(&ad, t2, 3, "[{\"kind\":\"dossier\",\"ref\":\"HS-0042\"}]");
    long long r3 = report(&ad, t3, 5, NULL); /* no evidence: listed, cannot be verified yet */
    long long r4 = report(&an, t4, 2, "[{\"kind\":\"document\",\"ref\":\"30/BC\"}]");
    ck_assert(r1 > 0 && r2 > 0 && r3 > 0 && r4 > 0);

    /* the staff verifier sees the results of the tasks naming them, with the task, the person and the evidence */
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=me&year=2026&period_kind=quarter&number=2", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&binh, "items")), 1);
    ck_assert_int_eq(jint(&binh, "items.0.id"), r1);
    ck_assert_int_eq(jint(&binh, "items.0.task_id"), t1);
    ck_assert_str_eq(jstr(&binh, "items.0.title"), "Thẩm định hồ sơ");
    ck_assert_str_eq(jstr(&binh, "items.0.person_name"), "Nguyễn Văn An");
    ck_assert_int_eq(jint(&binh, "items.0.quantity"), 4);
    ck_assert_int_eq(jint(&binh, "items.0.target_qty"), 10);
    ck_assert_str_eq(jstr(&binh, "items.0.reported_by"), "nhanvien.an");
    ck_assert_str_eq(jstr(&binh, "items.0.evidence.0.ref"), "12/QĐ-SNV");
    ck_assert_str_eq(jstr(&binh, "items.0.evidence.1.file_name"), "bien-ban.pdf");
    ck_assert(json_is_true(jget(&binh, "items.0.has_evidence")));
    /* no period filter: both periods */
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=me", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&binh, "items")), 2);
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=me&year=2025", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&binh, "items")), 0);
    /* the named verifier may open the evidence file; a stranger may not */
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/files/77", NULL), 200);
    ck_assert_str_eq(jstr(&binh, "name"), "bien-ban.pdf");
    ck_assert_int_eq(client_req(&em, "GET", "/api/v1/eval/files/77", NULL), 404);
    ck_assert_int_eq(client_req(&ob, "GET", "/api/v1/eval/files/77", NULL), 404);

    /* the person who reported (and whose task it is) has nothing to verify */
    ck_assert_int_eq(client_req(&an, "GET", "/api/v1/eval/results?pending_for=me", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&an, "items")), 0);
    /* staff of another unit: nothing */
    ck_assert_int_eq(client_req(&em, "GET", "/api/v1/eval/results?pending_for=me", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&em, "items")), 0);
    /* a leader: only the task naming them, not the others of the subtree */
    ck_assert_int_eq(client_req(&la, "GET", "/api/v1/eval/results?pending_for=me&year=2026&period_kind=quarter&number=2", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&la, "items")), 1);
    ck_assert_int_eq(jint(&la, "items.0.id"), r2);
    ck_assert_str_eq(jstr(&la, "items.0.person_name"), "Hoàng Thị Dung");
    /* an officer: every unverified result in the subtree, including the one without evidence */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/results?pending_for=me&year=2026&period_kind=quarter&number=2", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 3);
    json_t *x3 = find_item(&o, "id", r3);
    ck_assert_ptr_nonnull(x3);
    ck_assert(json_is_false(json_object_get(x3, "has_evidence")));
    /* an officer of another subtree: none (404-equivalent: nothing outside scope is listed) */
    ck_assert_int_eq(client_req(&ob, "GET", "/api/v1/eval/results?pending_for=me", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&ob, "items")), 0);
    /* the admin reported r2 and r3: only r1 (and r4 of quarter 3) remain for them */
    ck_assert_int_eq(client_req(&ad, "GET", "/api/v1/eval/results?pending_for=me&year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&ad, "items")), 2);
    ck_assert_ptr_null(find_item(&ad, "id", r2));

    /* validation */
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results", NULL), 400);
    ck_assert_str_eq(jerr(&binh), "required");
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=42", NULL), 400);
    ck_assert_str_eq(jerr(&binh), "invalid_value");
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=me&period_kind=week", NULL), 400);
    ck_assert_str_eq(jstr(&binh, "error.field"), "period_kind");

    /* the staff verifier verifies: the queue empties for that period and the other verifiers */
    char path[96];
    snprintf(path, sizeof path, "/api/v1/eval/results/%lld/verify", r1);
    ck_assert_int_eq(client_req(&binh, "POST", path, "{\"decision\":\"verified\"}"), 200);
    ck_assert_int_eq(client_req(&binh, "GET", "/api/v1/eval/results?pending_for=me&year=2026&period_kind=quarter&number=2", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&binh, "items")), 0);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/results?pending_for=me&year=2026&period_kind=quarter&number=2", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 2);
    ck_assert_ptr_null(find_item(&o, "id", r1));

    client_free(&ad);
    client_free(&o);
    client_free(&ob);
    client_free(&la);
    client_free(&binh);
    client_free(&an);
    client_free(&em);
}
END_TEST

/* --- GET /eval/people/{id}/year-ratings ------------------------------------ */

START_TEST(year_ratings_of_person_in_scope)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "INSERT INTO eval_year_rating(unit_id, year, person_id, rating_unit_id, task_group_id, regime, score_x100, periods,"
             " carried_over, proposed_level, cap_status, cap_level, final_level, detail, computed_at, decided_at) VALUES"
             " (2, 2025, %lld, 3, NULL, 'nd90_48_2023', NULL, 4, 0, 'HTXS', 'demoted', 'HTT', 'HTT', '{}',"
             "  '2025-12-10T08:00:00Z', '2025-12-12T09:30:00Z'),"
             " (2, 2026, %lld, 3, NULL, 'nd335_2025', 9150, 4, 0, 'HTXS', 'tie', NULL, NULL, '{}',"
             "  '2026-12-10T08:00:00Z', NULL),"
             " (4, 2026, %lld, 4, NULL, 'nd335_2025', 7200, 4, 0, 'HTT', 'unchanged', 'HTT', NULL, '{}',"
             "  '2026-12-10T08:00:00Z', NULL);",
             p_a, p_a, p_e);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
    struct client o, ob, la, an, binh;
    login(&o, "officer.a");
    login(&ob, "officer.b");
    login(&la, "leader.a");
    login(&an, "nhanvien.an");
    login(&binh, "nhanvien.binh");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/eval/people/%lld/year-ratings", p_a);
    ck_assert_int_eq(client_req(&o, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 2);
    /* newest year first */
    ck_assert_int_eq(jint(&o, "items.0.year"), 2026);
    ck_assert_int_eq(jint(&o, "items.0.score_x100"), 9150);
    ck_assert_str_eq(jstr(&o, "items.0.proposed_level"), "HTXS");
    ck_assert_str_eq(jstr(&o, "items.0.cap_status"), "tie");
    ck_assert(json_is_null(jget(&o, "items.0.final_level")));
    ck_assert(json_is_null(jget(&o, "items.0.decided_at")));
    ck_assert_int_eq(jint(&o, "items.1.year"), 2025);
    ck_assert_str_eq(jstr(&o, "items.1.cap_status"), "demoted");
    ck_assert_str_eq(jstr(&o, "items.1.final_level"), "HTT");
    ck_assert_str_eq(jstr(&o, "items.1.decided_at"), "2025-12-12T09:30:00Z");
    ck_assert_str_eq(jstr(&o, "items.1.unit_name"), "Sở Nội vụ");
    ck_assert_str_eq(jstr(&o, "items.1.rating_unit_name"), "Phòng Tổ chức cán bộ");
    /* leader in scope; staff: own record */
    ck_assert_int_eq(client_req(&la, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&la, "items")), 2);
    ck_assert_int_eq(client_req(&an, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&an, "items")), 2);
    /* scope denials: 404 */
    ck_assert_int_eq(client_req(&binh, "GET", path, NULL), 404);
    ck_assert_int_eq(client_req(&ob, "GET", path, NULL), 404);
    snprintf(path, sizeof path, "/api/v1/eval/people/%lld/year-ratings", p_e);
    ck_assert_int_eq(client_req(&o, "GET", path, NULL), 404);
    ck_assert_int_eq(client_req(&ob, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&ob, "items")), 1);
    ck_assert_str_eq(jstr(&ob, "items.0.cap_level"), "HTT");
    /* a person without board rows: empty */
    snprintf(path, sizeof path, "/api/v1/eval/people/%lld/year-ratings", p_c);
    ck_assert_int_eq(client_req(&o, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 0);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/people/999999/year-ratings", NULL), 404);
    client_free(&o);
    client_free(&ob);
    client_free(&la);
    client_free(&an);
    client_free(&binh);
}
END_TEST

extern Suite *suite_api_eval_more(void);
Suite *suite_api_eval_more(void)
{
    Suite *s = suite_create("api_eval_more");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, verifiers_pick_list_by_unit_scope);
    tcase_add_test(tc, pending_results_for_named_verifier_and_officer);
    tcase_add_test(tc, year_ratings_of_person_in_scope);
    suite_add_tcase(s, tc);
    return s;
}
