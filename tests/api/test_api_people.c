/* API tests against a live server on loopback: authentication, CSRF, limits,
 * people records, scope by unit subtree, search, sensitive reads, staff
 * proposals, audit chain, all-or-nothing bulk writes and crash safety. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"

static struct server srv;
static long long p_dung, p_hoa; /* person ids created in setup */

/* A small tree: 1 province > 2 Sở Nội vụ > 3 Phòng Tổ chức; 1 > 4 Sở Tài chính. */
static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01'),(4,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','department',1),"
    " (3,'2020-01-01','Phòng Tổ chức cán bộ','division',2),"
    " (4,'2020-01-01','Sở Tài chính','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES"
    " (1,1,0),(2,2,0),(3,3,0),(4,4,0),(1,2,1),(1,3,2),(2,3,1),(1,4,1);";

static long long create_person(struct client *c, const char *json)
{
    int st = client_req(c, "POST", "/api/v1/people", json);
    if (st != 201) fprintf(stderr, "create_person: %d %s\n", st, c->body ? c->body : "");
    return st == 201 ? jint(c, "id") : -1;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) { fprintf(stderr, "tree insert failed\n"); exit(1); }
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "officer.b", "officer", 4, 0);
    make_user(&srv, "leader.a", "leader", 2, 0);
    make_user(&srv, "throttle.victim", "leader", 2, 0);
    struct client c;
    client_init(&c, &srv);
    client_login(&c, "admin", TEST_ADMIN_PASSWORD);
    p_dung = create_person(&c,
        "{\"full_name\":\"Nguyễn Văn Dũng\",\"cccd\":\"048080000123\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
        "\"ethnicity_id\":1,\"unit_id\":3,\"position\":\"Chuyên viên tổ chức\",\"rank_code\":\"01.003\","
        "\"salary_step\":3,\"posting_from\":\"2020-01-01\",\"salary_from\":\"2024-03-01\"}");
    p_hoa = create_person(&c,
        "{\"full_name\":\"Đặng Thị Hoa\",\"cccd\":\"048185000456\",\"birth_date\":\"1985-02-03\",\"sex\":2,"
        "\"ethnicity_id\":1,\"unit_id\":4,\"rank_code\":\"01.003\",\"salary_step\":2}");
    client_free(&c);
    if (p_dung < 0 || p_hoa < 0) exit(1);
    make_user(&srv, "nhanvien.dung", "staff", 0, p_dung);
}

static void teardown(void) { server_stop(&srv); }

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

/* --- authentication, sessions, CSRF, limits ----------------------------- */

START_TEST(login_sets_hardened_cookie)
{
    struct client c;
    login(&c, "admin");
    ck_assert_ptr_nonnull(strstr(c.set_cookie, "HttpOnly"));
    ck_assert_ptr_nonnull(strstr(c.set_cookie, "SameSite=Strict"));
    ck_assert_str_eq(jstr(&c, "user.role"), "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/auth/me", NULL), 200);
    ck_assert_str_eq(jstr(&c, "user.username"), "admin");
    client_free(&c);
}
END_TEST

START_TEST(bad_password_and_no_session)
{
    struct client c;
    client_init(&c, &srv);
    ck_assert_int_eq(client_login(&c, "admin", "wrong-password"), 401);
    ck_assert_str_eq(jerr(&c), "bad_credentials");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people", NULL), 401);
    ck_assert_str_eq(jerr(&c), "unauthenticated");
    client_free(&c);
}
END_TEST

START_TEST(login_is_throttled)
{
    struct client c;
    client_init(&c, &srv);
    for (int i = 0; i < 5; i++) ck_assert_int_eq(client_login(&c, "throttle.victim", "nope-nope-nope"), 401);
    /* Sixth attempt is refused even with the right password. */
    ck_assert_int_eq(client_login(&c, "throttle.victim", TEST_USER_PASSWORD), 429);
    ck_assert_str_eq(jerr(&c), "too_many_attempts");
    client_free(&c);
}
END_TEST

START_TEST(csrf_required_on_state_change)
{
    struct client c;
    login(&c, "admin");
    char saved[64];
    snprintf(saved, sizeof saved, "%s", c.csrf);
    c.csrf[0] = 0;
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"other_names\":\"X\"}", "/api/v1/people/%lld", p_dung), 403);
    ck_assert_str_eq(jerr(&c), "csrf_failed");
    snprintf(c.csrf, sizeof c.csrf, "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"other_names\":\"X\"}", "/api/v1/people/%lld", p_dung), 403);
    snprintf(c.csrf, sizeof c.csrf, "%s", saved);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"other_names\":\"Dũng Tổ chức\"}", "/api/v1/people/%lld", p_dung), 200);
    client_free(&c);
}
END_TEST

START_TEST(logout_ends_session)
{
    struct client c;
    login(&c, "officer.a");
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s", c.cookie);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/auth/logout", NULL), 200);
    snprintf(c.cookie, sizeof c.cookie, "%s", cookie); /* replay the old token */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/auth/me", NULL), 401);
    client_free(&c);
}
END_TEST

START_TEST(duplicate_content_length_refused)
{
    const char *req = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}";
    ck_assert_int_eq(raw_http(&srv, req, strlen(req)), 400);
}
END_TEST

START_TEST(body_size_limit)
{
    struct client c;
    login(&c, "admin");
    size_t n = (1u << 20) + 100;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = 0;
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/people", big), 413);
    ck_assert_str_eq(jerr(&c), "body_too_large");
    free(big);
    client_free(&c);
}
END_TEST

START_TEST(bad_json_and_media_type)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/people", "{\"full_name\":"), 400);
    ck_assert_str_eq(jerr(&c), "invalid_json");
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/people", "{\"a\":1,\"a\":2}"), 400);
    ck_assert_str_eq(jerr(&c), "invalid_json");
    const char *h[] = {"Content-Type: text/plain", NULL};
    ck_assert_int_eq(client_req_h(&c, "PATCH", "/api/v1/people/1", "{\"phone\":\"1\"}", h), 415);
    ck_assert_str_eq(jerr(&c), "unsupported_media_type");
    client_free(&c);
}
END_TEST

/* --- people: create, validate, update, audit ----------------------------- */

START_TEST(create_validates_fields)
{
    struct client c;
    login(&c, "admin");
    /* Each bad input names its field and a stable code; nothing is written. */
    struct { const char *body; int status; const char *code; const char *field; } cases[] = {
        {"{\"full_name\":\"A\",\"cccd\":\"12345\",\"birth_date\":\"1980-01-01\",\"sex\":1,\"unit_id\":3}", 400, "invalid_cccd", "cccd"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-30\",\"sex\":1,\"unit_id\":3}", 400, "invalid_date", "birth_date"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":3,\"unit_id\":3}", 400, "invalid_value", "sex"},
        {"{\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":3}", 400, "required", "full_name"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000123\",\"birth_date\":\"1980-05-17\",\"sex\":1,\"unit_id\":3}", 409, "duplicate_cccd", "cccd"},
        /* sex/century digit 1 = woman born 1900-1999 but sex says man */
        {"{\"full_name\":\"A\",\"cccd\":\"048180000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":3}", 400, "cccd_mismatch", "cccd"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":3,\"salary\":1}", 400, "unknown_field", "salary"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":999}", 404, "not_found", "unit_id"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":3,\"rank_code\":\"01.003\",\"salary_step\":10}", 400, "out_of_range", "salary_step"},
        {"{\"full_name\":\"A\",\"cccd\":\"048080000999\",\"birth_date\":\"1980-02-03\",\"sex\":1,\"unit_id\":3,\"ethnicity_id\":99}", 400, "unknown_code", "ethnicity_id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int st = client_req(&c, "POST", "/api/v1/people", cases[i].body);
        ck_assert_msg(st == cases[i].status, "case %zu: status %d body %s", i, st, c.body);
        ck_assert_str_eq(jerr(&c), cases[i].code);
        ck_assert_str_eq(jstr(&c, "error.field"), cases[i].field);
        ck_assert_ptr_nonnull(jstr(&c, "error.message"));
    }
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=048080000999", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    client_free(&c);
}
END_TEST

START_TEST(get_has_computed_fields)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_str_eq(jstr(&c, "full_name"), "Nguyễn Văn Dũng");
    ck_assert_str_eq(jstr(&c, "unit_name"), "Phòng Tổ chức cán bộ");
    /* NĐ 135/2020: a man born 05/1980 retires at 62 -> end of 05/2042. */
    ck_assert_str_eq(jstr(&c, "computed.retirement.date"), "2042-05-31");
    ck_assert_str_eq(jstr(&c, "computed.retirement.pension_start"), "2042-06-01");
    /* TT 08/2013: A1 step 3 since 2024-03-01 -> step 4 after 36 months. */
    ck_assert_str_eq(jstr(&c, "computed.next_salary_step.due"), "2027-03-01");
    ck_assert_int_eq(jint(&c, "computed.next_salary_step.step"), 4);
    ck_assert_int_eq(jint(&c, "computed.next_salary_step.coef_x100"), 333);
    ck_assert_int_eq(jint(&c, "coef_x100"), 300);
    ck_assert_ptr_null(jget(&c, "family")); /* sensitive group not requested */
    client_free(&c);
}
END_TEST

START_TEST(bad_edit_changes_nothing_then_fix_is_audited)
{
    struct client c;
    login(&c, "officer.a");
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"current_address\":\"Số 1 Lê Lợi\",\"recruitment_date\":\"2031-13-01\"}",
                                 "/api/v1/people/%lld", p_dung), 400);
    ck_assert_str_eq(jstr(&c, "error.field"), "recruitment_date");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_ptr_null(jstr(&c, "current_address")); /* nothing half-written */
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"current_address\":\"Số 1 Lê Lợi\",\"recruitment_date\":\"2005-09-01\"}",
                                 "/api/v1/people/%lld", p_dung), 200);
    ck_assert_str_eq(jstr(&c, "current_address"), "Số 1 Lê Lợi");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/audit", p_dung), 200);
    ck_assert_str_eq(jstr(&c, "items.0.action"), "person.update");
    ck_assert_str_eq(jstr(&c, "items.0.after.current_address"), "Số 1 Lê Lợi");
    ck_assert(json_is_null(jget(&c, "items.0.before.current_address")));
    ck_assert_str_eq(jstr(&c, "items.0.username"), "officer.a");
    client_free(&c);
}
END_TEST

START_TEST(postings_are_dated_and_as_of_works)
{
    struct client c;
    login(&c, "admin");
    long long id = create_person(&c, "{\"full_name\":\"Lê Minh Tâm\",\"cccd\":\"048079000777\",\"birth_date\":\"1979-01-01\","
                                     "\"sex\":1,\"unit_id\":3,\"posting_from\":\"2019-01-01\"}");
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"unit_id\":4,\"effective\":\"2024-01-01\",\"decision_no\":\"12/QĐ-UBND\"}",
                                 "/api/v1/people/%lld/postings", id), 200);
    /* An effective date before the current posting would rewrite history. */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"unit_id\":2,\"effective\":\"2023-06-01\"}", "/api/v1/people/%lld/postings", id), 400);
    ck_assert_str_eq(jerr(&c), "history_rewrite");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld?as_of=2021-06-30", id), 200);
    ck_assert_int_eq(jint(&c, "as_of.unit_id"), 3);
    ck_assert_int_eq(jint(&c, "unit_id"), 4);
    ck_assert_int_eq((long long)json_array_size(jget(&c, "postings")), 2);
    ck_assert_str_eq(jstr(&c, "postings.0.valid_to"), "2024-01-01");
    client_free(&c);
}
END_TEST

START_TEST(history_rows_crud)
{
    struct client c;
    login(&c, "officer.a");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"school\":\"Học viện Hành chính Quốc gia\",\"major\":\"Quản lý nhà nước\","
                                 "\"from_month\":\"2000-09\",\"to_month\":\"1999-06\"}", "/api/v1/people/%lld/training", p_dung), 400);
    ck_assert_str_eq(jstr(&c, "error.field"), "to_month");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"school\":\"Học viện Hành chính Quốc gia\",\"major\":\"Quản lý nhà nước\","
                                 "\"from_month\":\"2000-09\",\"to_month\":\"2004-06\",\"degree\":\"Cử nhân\"}",
                                 "/api/v1/people/%lld/training", p_dung), 200);
    long long tid = jint(&c, "id");
    ck_assert_int_eq(client_reqf(&c, "PUT", "{\"degree\":\"Cử nhân hành chính\"}", "/api/v1/people/%lld/training/%lld", p_dung, tid), 200);
    ck_assert_str_eq(jstr(&c, "degree"), "Cử nhân hành chính");
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"side\":\"self\",\"relation\":\"Mẹ\",\"full_name\":\"Trần Thị Lan\",\"birth_year\":1955}",
                                 "/api/v1/people/%lld/family", p_dung), 200);
    ck_assert_int_eq(client_reqf(&c, "DELETE", NULL, "/api/v1/people/%lld/training/%lld", p_dung, tid), 200);
    ck_assert_int_eq(client_reqf(&c, "DELETE", NULL, "/api/v1/people/%lld/training/%lld", p_dung, tid), 404);
    client_free(&c);
}
END_TEST

/* --- scope: an officer of one unit cannot read, list, search or change
 * a person of another unit (404, never 403) ------------------------------ */

START_TEST(officer_scope_is_enforced)
{
    struct client c;
    login(&c, "officer.a");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_hoa), 404);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"other_names\":\"x\"}", "/api/v1/people/%lld", p_hoa), 404);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"unit_id\":3,\"effective\":\"2026-01-01\"}", "/api/v1/people/%lld/postings", p_hoa), 404);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"school\":\"X\"}", "/api/v1/people/%lld/training", p_hoa), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/audit", p_hoa), 404);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=dang", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?per_page=500", NULL), 200);
    for (size_t i = 0; i < json_array_size(jget(&c, "items")); i++)
        ck_assert_int_ne(json_integer_value(json_object_get(json_array_get(jget(&c, "items"), i), "id")), p_hoa);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?unit=4", NULL), 404);
    /* Moving own person into the other unit is refused too. */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"unit_id\":4,\"effective\":\"2026-02-01\"}", "/api/v1/people/%lld/postings", p_dung), 404);
    client_free(&c);
    login(&c, "officer.b");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 404);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=nguyen%20van%20dung", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    client_free(&c);
}
END_TEST

START_TEST(leader_reads_but_cannot_write)
{
    struct client c;
    login(&c, "leader.a");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"other_names\":\"x\"}", "/api/v1/people/%lld", p_dung), 403);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld?include=family", p_dung), 403);
    client_free(&c);
}
END_TEST

START_TEST(search_ignores_case_and_diacritics)
{
    struct client c;
    login(&c, "admin");
    const char *queries[] = {"nguyen%20van%20dung", "NGUYEN%20VAN%20DUNG", "Nguy%E1%BB%85n%20D%C5%A9ng", "dung", "dang", "dang%20thi", "%C4%90%E1%BA%B7ng"};
    long long expect[] = {p_dung, p_dung, p_dung, p_dung, p_hoa, p_hoa, p_hoa};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people?q=%s", queries[i]), 200);
        ck_assert_msg(jint(&c, "total") >= 1, "query %s found nothing", queries[i]);
        ck_assert_int_eq(jint(&c, "items.0.id"), expect[i]);
    }
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=zzzz", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?sex=2", NULL), 200);
    ck_assert_int_eq(jint(&c, "items.0.id"), p_hoa);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?sort=-birth_date&q=nguyen%20van%20dung", NULL), 200);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?sort=-birth_date", NULL), 200);
    for (size_t i = 1; i < json_array_size(jget(&c, "items")); i++) {
        const char *prev = json_string_value(json_object_get(json_array_get(jget(&c, "items"), i - 1), "birth_date"));
        const char *cur = json_string_value(json_object_get(json_array_get(jget(&c, "items"), i), "birth_date"));
        ck_assert_int_ge(strcmp(prev, cur), 0);
    }
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?sort=salary", NULL), 400);
    ck_assert_str_eq(jstr(&c, "error.field"), "sort");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?sex=7", NULL), 400);
    ck_assert_str_eq(jstr(&c, "error.field"), "sex");
    client_free(&c);
}
END_TEST

START_TEST(sensitive_reads_are_logged)
{
    struct client c;
    login(&c, "officer.a");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld?include=family,health", p_dung), 200);
    ck_assert(json_is_array(jget(&c, "family")));
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/audit", p_dung), 200);
    ck_assert_str_eq(jstr(&c, "items.0.action"), "person.read_sensitive");
    client_free(&c);
}
END_TEST

/* --- staff self-service ------------------------------------------------- */

START_TEST(staff_proposes_officer_decides_per_field)
{
    struct client c;
    login(&c, "nhanvien.dung");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_hoa), 404);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"phone\":\"0900000000\"}", "/api/v1/people/%lld", p_dung), 403);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/me/proposals", "{\"changes\":{\"cccd\":\"048080000124\"}}"), 400);
    ck_assert_str_eq(jerr(&c), "not_self_service");
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/me/proposals",
                                "{\"changes\":{\"phone\":\"0905123456\",\"strengths\":\"Tổ chức\"}}"), 201);
    long long pid = jint(&c, "id");
    client_free(&c);
    login(&c, "officer.b"); /* another unit: cannot see or decide it */
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"decisions\":{\"phone\":\"accept\",\"strengths\":\"accept\"}}",
                                 "/api/v1/proposals/%lld/decide", pid), 404);
    client_free(&c);
    login(&c, "officer.a");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/proposals?status=pending", NULL), 200);
    ck_assert_int_ge((long long)json_array_size(jget(&c, "items")), 1);
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"decisions\":{\"phone\":\"accept\",\"strengths\":\"reject\"}}",
                                 "/api/v1/proposals/%lld/decide", pid), 200);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld", p_dung), 200);
    ck_assert_str_eq(jstr(&c, "phone"), "0905123456");
    ck_assert_ptr_null(jstr(&c, "strengths"));
    ck_assert_int_eq(client_reqf(&c, "POST", "{\"decisions\":{\"phone\":\"accept\",\"strengths\":\"accept\"}}",
                                 "/api/v1/proposals/%lld/decide", pid), 400);
    client_free(&c);
}
END_TEST

/* --- bulk writes: all or nothing --------------------------------------- */

START_TEST(bulk_is_all_or_nothing)
{
    struct client c;
    login(&c, "admin");
    const char *body = "{\"people\":["
        "{\"full_name\":\"Phạm Văn Một\",\"cccd\":\"048090000001\",\"birth_date\":\"1990-01-01\",\"sex\":1,\"unit_id\":3},"
        "{\"full_name\":\"Phạm Văn Hai\",\"cccd\":\"04809000000X\",\"birth_date\":\"1990-01-01\",\"sex\":1,\"unit_id\":3},"
        "{\"full_name\":\"Phạm Thị Ba\",\"cccd\":\"048190000003\",\"birth_date\":\"1990-13-01\",\"sex\":2,\"unit_id\":3}]}";
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/people/bulk", body), 400);
    ck_assert_str_eq(jerr(&c), "rows_invalid");
    ck_assert_int_eq(jint(&c, "error.rows.0.row"), 2);
    ck_assert_str_eq(jstr(&c, "error.rows.0.field"), "cccd");
    ck_assert_int_eq(jint(&c, "error.rows.1.row"), 3);
    ck_assert_str_eq(jstr(&c, "error.rows.1.field"), "birth_date");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=pham%20van%20mot", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 0);
    client_free(&c);
}
END_TEST

/* --- audit chain -------------------------------------------------------- */

START_TEST(audit_chain_detects_hand_edits)
{
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "intact"));
    /* The table refuses updates through SQL ... */
    ck_assert_int_eq(db_sql(&srv, "UPDATE audit_log SET username = 'mallory' WHERE id = 2"), -1);
    /* ... and an edit that gets around the trigger is detected. */
    ck_assert_int_eq(db_sql(&srv, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = 'mallory' WHERE id = 2;"), 0);
    ck_assert_int_ne(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "entry 2"));
}
END_TEST

/* --- SIGKILL during a bulk write leaves the database consistent -------- */

START_TEST(sigkill_mid_bulk_leaves_no_partial_batch)
{
    struct server s;
    ck_assert_int_eq(server_start(&s, 0), 0);
    ck_assert_int_eq(db_sql(&s, tree_sql), 0);
    struct client c;
    client_init(&c, &s);
    ck_assert_int_eq(client_login(&c, "admin", TEST_ADMIN_PASSWORD), 200);
    /* 20,000 valid people in one request. */
    size_t cap = 20000 * 200 + 64, used = 0;
    char *body = malloc(cap);
    used += (size_t)snprintf(body + used, cap - used, "{\"people\":[");
    for (int i = 0; i < 20000; i++)
        used += (size_t)snprintf(body + used, cap - used,
                                 "%s{\"full_name\":\"Võ Văn Số %d\",\"cccd\":\"0480850%05d\",\"birth_date\":\"1985-03-04\",\"sex\":1,\"unit_id\":3}",
                                 i ? "," : "", i, i);
    snprintf(body + used, cap - used, "]}");
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t child = fork();
    if (child == 0) {
        int st = client_req(&c, "POST", "/api/v1/people/bulk", body);
        ssize_t w = write(fds[1], &st, sizeof st);
        (void)w;
        _exit(0);
    }
    close(fds[1]);
    /* Kill once the write transaction has started spilling pages to the WAL. */
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", s.db);
    struct stat sb;
    int waited = 0;
    while (waited < 20000 && !(stat(wal, &sb) == 0 && sb.st_size > 2 * 1024 * 1024)) {
        usleep(2000);
        waited += 2;
    }
    server_kill9(&s);
    int status = 0;
    ssize_t got = read(fds[0], &status, sizeof status);
    close(fds[0]);
    waitpid(child, NULL, 0);
    free(body);
    int committed = got == (ssize_t)sizeof status && status == 201;
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "check", "--db", s.db, NULL), 0);
    ck_assert_int_eq(server_restart(&s), 0);
    ck_assert_int_eq(client_login(&c, "admin", TEST_ADMIN_PASSWORD), 200);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=vo%20van%20so", NULL), 200);
    long long n = jint(&c, "total");
    /* All 20,000 (the count stops at 10,000) if the reply said so, else none. */
    ck_assert_msg(n == (committed ? 10000 : 0), "partial batch visible: %lld (committed=%d)", n, committed);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", s.db, NULL), 0);
    client_free(&c);
    server_stop(&s);
}
END_TEST

START_TEST(backup_while_serving)
{
    char to[400], out[512];
    snprintf(to, sizeof to, "%s/backup.db", srv.dir);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "backup", "--db", srv.db, "--to", to, NULL), 0);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "check", "--db", to, NULL), 0);
    ck_assert_int_ne(canbo_run(out, sizeof out, NULL, "backup", "--db", srv.db, "--to", to, NULL), 0);
}
END_TEST

START_TEST(reference_data_served)
{
    struct client c;
    login(&c, "leader.a");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/ref/ethnicities", NULL), 200);
    ck_assert_int_eq((long long)json_array_size(jget(&c, "items")), 54);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/ref/salary-steps", NULL), 200);
    /* NĐ 204/2004 Bảng 2: 6+6+8+8+9+10+12+12+12+12 steps. */
    ck_assert_int_eq((long long)json_array_size(jget(&c, "items")), 95);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/ref/nope", NULL), 404);
    client_free(&c);
}
END_TEST

Suite *suite_api_people(void);
Suite *suite_api_people(void)
{
    Suite *s = suite_create("api_people");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, login_sets_hardened_cookie);
    tcase_add_test(tc, bad_password_and_no_session);
    tcase_add_test(tc, login_is_throttled);
    tcase_add_test(tc, csrf_required_on_state_change);
    tcase_add_test(tc, logout_ends_session);
    tcase_add_test(tc, duplicate_content_length_refused);
    tcase_add_test(tc, body_size_limit);
    tcase_add_test(tc, bad_json_and_media_type);
    tcase_add_test(tc, create_validates_fields);
    tcase_add_test(tc, get_has_computed_fields);
    tcase_add_test(tc, bad_edit_changes_nothing_then_fix_is_audited);
    tcase_add_test(tc, postings_are_dated_and_as_of_works);
    tcase_add_test(tc, history_rows_crud);
    tcase_add_test(tc, officer_scope_is_enforced);
    tcase_add_test(tc, leader_reads_but_cannot_write);
    tcase_add_test(tc, search_ignores_case_and_diacritics);
    tcase_add_test(tc, sensitive_reads_are_logged);
    tcase_add_test(tc, staff_proposes_officer_decides_per_field);
    tcase_add_test(tc, bulk_is_all_or_nothing);
    tcase_add_test(tc, backup_while_serving);
    tcase_add_test(tc, reference_data_served);
    tcase_add_test(tc, audit_chain_detects_hand_edits);
    suite_add_tcase(s, tc);
    TCase *crash = tcase_create("crash");
    tcase_set_timeout(crash, 300);
    tcase_add_test(crash, sigkill_mid_bulk_leaves_no_partial_batch);
    suite_add_tcase(s, crash);
    return s;
}
