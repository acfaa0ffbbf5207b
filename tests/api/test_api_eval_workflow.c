/* API tests for the period workflow rules of evaluation by product (issue 4):
 *  - leaders' period score, NĐ 335/2025/NĐ-CP Art. 15-16 (components d, đ, e):
 *    d from the subordinates scored in the period (100% / 50% when one is
 *    KHT), đ and e entered by the reviewer, computed at head/council review
 *    and again at approve; approve refuses an unscored leader;
 *  - lawful absence per assessment, NĐ 335/2025/NĐ-CP Art. 21 (a period not
 *    worked has no score and is left out of the annual average);
 *  - deadlines per unit and period, and the reminders of the current user;
 *  - the batch workflow step (all or nothing), with its latency on 200. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

static struct server srv;
/* unit 2: p_head (Giám đốc sở, leader), p_c; unit 3 (under 2): p_a, p_b, p_d;
 * unit 4 (outside officer.a's scope): p_e. */
static long long p_head, p_a, p_b, p_c, p_d, p_e;
static long long u_leader;

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

static long long person(struct client *c, const char *name, const char *cccd, int unit, int title)
{
    char buf[512];
    if (title)
        snprintf(buf, sizeof buf, "{\"full_name\":\"%s\",\"cccd\":\"%s\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
                 "\"ethnicity_id\":1,\"unit_id\":%d,\"title_id\":%d}", name, cccd, unit, title);
    else
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

/* One task of `target` products (norm 1,00) for the period, with `verified`
 * of them reported and verified (inserted directly: the reporting and
 * verification routes are covered by test_api_eval.c). */
static void task_sql(long long pid, int unit, const char *kind, int year, int number, int target, int verified)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO eval_task(person_id, unit_id, period_kind, year, number, product_type_id, norm_x100, title,"
             " target_qty, deadline, assigned_by, created_at) VALUES (%lld, %d, '%s', %d, %d, 1, 100, 'Hồ sơ', %d,"
             " '2026-12-31', 1, '2026-01-01T00:00:00Z');"
             "INSERT INTO eval_result(task_id, quantity, origin, reported_by, reported_at, status, verified_by, verified_at)"
             " VALUES (last_insert_rowid(), %d, 'report', 1, '2026-01-02T00:00:00Z', 'verified', 1, '2026-01-03T00:00:00Z');",
             pid, unit, kind, year, number, target, verified);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
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
    p_head = person(&c, "Trần Văn Giám", "048080000101", 2, 3); /* Giám đốc sở */
    p_a = person(&c, "Nguyễn Văn An", "048080000102", 3, 0);
    p_b = person(&c, "Lê Thị Bình", "048080000103", 3, 0);
    p_c = person(&c, "Phạm Văn Cường", "048080000104", 2, 0);
    p_d = person(&c, "Hoàng Thị Dung", "048080000105", 3, 0);
    p_e = person(&c, "Võ Văn Em", "048080000106", 4, 0);
    if (p_head < 0 || p_a < 0 || p_b < 0 || p_c < 0 || p_d < 0 || p_e < 0) exit(1);
    make_user(&srv, "nhanvien.an", "staff", 0, p_a);
    u_leader = user_id_of(&c, "leader.a");
    client_free(&c);
    if (u_leader < 0) exit(1);
    if (db_sql(&srv, "INSERT INTO eval_product_type(id, unit_id, code, name, norm_x100, created_at, updated_at)"
                     " VALUES (1, 1, 'HS', 'Hồ sơ', 100, '2026-01-01', '2026-01-01')") != 0) exit(1);
}

static void teardown(void) { server_stop(&srv); }

#define BAD(c, st, code, field)                                                   \
    do {                                                                          \
        ck_assert_int_eq((st), 400);                                              \
        ck_assert_str_eq(jerr(c), (code));                                        \
        ck_assert_str_eq(jstr((c), "error.field"), (field));                      \
    } while (0)

static long long open_assessment(struct client *o, long long pid, const char *kind, int year, int number)
{
    char buf[256];
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"%s\",\"year\":%d,\"number\":%d}", pid, kind, year, number);
    return post_id(o, "/api/v1/eval/assessments", buf);
}

static int step(struct client *c, long long aid, const char *body)
{
    return client_reqf(c, "POST", body, "/api/v1/eval/assessments/%lld/transitions", aid);
}

/* --- NĐ 335/2025 Art. 15-16: leaders ------------------------------------- */

START_TEST(leader_scored_by_reviewer_with_subordinates_nd335_art15_16)
{
    struct client o, l, ob;
    login(&o, "officer.a");
    login(&l, "leader.a");
    login(&ob, "officer.b");
    /* Quarter 1/2026: everyone has one task of 10 products. */
    task_sql(p_head, 2, "quarter", 2026, 1, 10, 10);
    task_sql(p_a, 3, "quarter", 2026, 1, 10, 10);
    task_sql(p_b, 3, "quarter", 2026, 1, 10, 10);
    task_sql(p_c, 2, "quarter", 2026, 1, 10, 10);
    task_sql(p_d, 3, "quarter", 2026, 1, 10, 5);
    task_sql(p_e, 4, "quarter", 2026, 1, 10, 0);
    long long ah = open_assessment(&o, p_head, "quarter", 2026, 1);
    long long aa = open_assessment(&o, p_a, "quarter", 2026, 1);
    long long ab = open_assessment(&o, p_b, "quarter", 2026, 1);
    long long ac = open_assessment(&o, p_c, "quarter", 2026, 1);
    long long ad = open_assessment(&o, p_d, "quarter", 2026, 1);
    long long ae = open_assessment(&ob, p_e, "quarter", 2026, 1);
    ck_assert(ah > 0 && aa > 0 && ab > 0 && ac > 0 && ad > 0 && ae > 0);
    /* Subordinates: 30 + 70 = 100 points each (HTXS). */
    ck_assert_int_eq(step(&o, aa, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(jint(&o, "score_x100"), 10000);
    ck_assert_int_eq(step(&o, ab, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(step(&o, ac, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    /* Outside the leader's subtree a KHT (0 + 0 points) changes nothing. */
    ck_assert_int_eq(step(&ob, ae, "{\"action\":\"submit\",\"general\":[0,0,0]}"), 200);
    ck_assert_str_eq(jstr(&ob, "band"), "KHT");

    /* The leader's self-assessment: own items validated, no score yet. */
    ck_assert_int_eq(step(&o, ah, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_ptr_null(jget(&o, "score_x100"));
    ck_assert_str_eq(jstr(&o, "score_detail.pending"), "leader_components");
    ck_assert_int_eq(jint(&o, "score_detail.a_bp"), 10000);
    /* đ, e only at the head / council / approve steps, only for a leader. */
    BAD(&l, step(&l, ah, "{\"action\":\"manager_review\",\"leader\":{\"organising_bp\":10000,\"unity_bp\":10000}}"),
        "invalid_value", "leader");
    ck_assert_int_eq(step(&l, ah, "{\"action\":\"manager_review\"}"), 200);
    ck_assert_int_eq(step(&l, aa, "{\"action\":\"manager_review\"}"), 200);
    BAD(&l, step(&l, aa, "{\"action\":\"head_review\",\"leader\":{\"organising_bp\":10000,\"unity_bp\":10000}}"),
        "invalid_value", "leader");
    BAD(&l, step(&l, ah, "{\"action\":\"head_review\",\"leader\":{\"organising_bp\":10001,\"unity_bp\":0}}"),
        "out_of_range", "organising_bp");
    BAD(&l, step(&l, ah, "{\"action\":\"head_review\",\"leader\":{\"organising_bp\":10000}}"), "required", "unity_bp");
    /* Head review without the components: allowed, still unscored ... */
    ck_assert_int_eq(step(&l, ah, "{\"action\":\"head_review\"}"), 200);
    ck_assert_ptr_null(jget(&l, "score_x100"));
    /* ... and approve refuses an unscored leader (nothing written). */
    ck_assert_int_eq(step(&o, ah, "{\"action\":\"approve\"}"), 409);
    ck_assert_str_eq(jerr(&o), "leader_unscored");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", ah), 200);
    ck_assert_str_eq(jstr(&o, "state"), "head_reviewed");

    /* Council enters đ = 100%, e = 80%. d: A, B, C scored, none KHT => 100%
     * (D's draft does not count, nor E outside the subtree).
     * task = 70 × (1 + 1 + 1 + 1 + 1 + 0,8) / 6 = 67,666… => 67,66; total 97,66. */
    ck_assert_int_eq(step(&o, ah, "{\"action\":\"council_review\",\"leader\":{\"organising_bp\":10000,\"unity_bp\":8000}}"), 200);
    ck_assert_int_eq(jint(&o, "score_x100"), 9766);
    ck_assert_int_eq(jint(&o, "score_detail.d_bp"), 10000);
    ck_assert_int_eq(jint(&o, "score_detail.subordinates_total"), 3);
    ck_assert_int_eq(jint(&o, "score_detail.subordinates_kht"), 0);
    ck_assert_int_eq(jint(&o, "score_detail.e_bp"), 8000);

    /* D submits at KHT level: 0 + 70 × 0,5 = 35 points. */
    ck_assert_int_eq(step(&o, ad, "{\"action\":\"submit\",\"general\":[0,0,0]}"), 200);
    ck_assert_int_eq(jint(&o, "score_x100"), 3500);
    ck_assert_str_eq(jstr(&o, "band"), "KHT");
    /* Approve recomputes d from the subordinates at that moment: one KHT =>
     * d = 50%: 70 × (3 + 0,5 + 1 + 0,8) / 6 = 61,833… => 61,83; total 91,83. */
    ck_assert_int_eq(step(&o, ah, "{\"action\":\"approve\"}"), 200);
    ck_assert_str_eq(jstr(&o, "state"), "approved");
    ck_assert_int_eq(jint(&o, "score_x100"), 9183);
    ck_assert_int_eq(jint(&o, "score_detail.d_bp"), 5000);
    ck_assert_int_eq(jint(&o, "score_detail.subordinates_total"), 4);
    ck_assert_int_eq(jint(&o, "score_detail.subordinates_kht"), 1);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", ah), 200);
    ck_assert_int_eq(jint(&o, "score_x100"), 9183);
    ck_assert_int_eq(jint(&o, "leader_organising_bp"), 10000);
    ck_assert_int_eq(jint(&o, "leader_unity_bp"), 8000);
    ck_assert_int_eq(json_array_size(jget(&o, "transitions")), 5);
    /* The stored score is the one the approve step signed. */
    ck_assert_int_eq(jint(&o, "transitions.4.score_x100"), 9183);
    client_free(&o);
    client_free(&l);
    client_free(&ob);
}
END_TEST

/* --- NĐ 335/2025 Art. 21: lawful absence --------------------------------- */

START_TEST(absence_per_assessment_nd335_art21)
{
    struct client o, ob, s, l;
    login(&o, "officer.a");
    login(&ob, "officer.b");
    login(&s, "nhanvien.an");
    login(&l, "leader.a");
    long long am = open_assessment(&o, p_a, "month", 2026, 5);
    ck_assert(am > 0);
    const char *path = "/api/v1/eval/assessments/%lld/absence";
    BAD(&o, client_reqf(&o, "POST", "{\"days\":32,\"reason\":\"sick\"}", path, am), "out_of_range", "days");
    BAD(&o, client_reqf(&o, "POST", "{\"days\":5}", path, am), "required", "reason");
    BAD(&o, client_reqf(&o, "POST", "{\"days\":0,\"not_worked\":true}", path, am), "required", "reason");
    BAD(&o, client_reqf(&o, "POST", "{\"days\":5,\"reason\":\"holiday\"}", path, am), "unknown_code", "reason");
    BAD(&o, client_reqf(&o, "POST", "{\"days\":5,\"reason\":\"sick\",\"x\":1}", path, am), "unknown_field", "x");
    ck_assert_int_eq(client_reqf(&s, "POST", "{\"days\":31,\"reason\":\"maternity\",\"not_worked\":true}", path, am), 403);
    ck_assert_int_eq(client_reqf(&ob, "POST", "{\"days\":31,\"reason\":\"maternity\",\"not_worked\":true}", path, am), 404);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"days\":31,\"reason\":\"maternity\",\"not_worked\":true}", path, am), 200);
    ck_assert_int_eq(jint(&o, "days"), 31);
    /* A period not worked is not scored: no general criteria, no tasks needed. */
    BAD(&s, step(&s, am, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), "invalid_value", "general");
    ck_assert_int_eq(step(&s, am, "{\"action\":\"submit\"}"), 200);
    ck_assert_ptr_null(jget(&s, "score_x100"));
    ck_assert(json_is_true(jget(&s, "score_detail.not_worked")));
    ck_assert_str_eq(jstr(&s, "regime"), "nd335_2025");
    /* Recorded before submission only. */
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"days\":0}", path, am), 409);
    ck_assert_int_eq(step(&l, am, "{\"action\":\"manager_review\"}"), 200);
    ck_assert_int_eq(step(&l, am, "{\"action\":\"head_review\"}"), 200);
    ck_assert_int_eq(step(&o, am, "{\"action\":\"approve\"}"), 200);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", am), 200);
    ck_assert_str_eq(jstr(&o, "state"), "approved");
    ck_assert_int_eq(jint(&o, "absence_days"), 31);
    ck_assert_str_eq(jstr(&o, "absence_reason"), "maternity");
    ck_assert_int_eq(jint(&o, "not_worked"), 1);
    ck_assert(json_is_null(jget(&o, "score_x100")));
    /* Not worked => not in the annual average: the approved period has no score. */
    ck_assert_int_eq(db_sql(&srv, "UPDATE eval_assessment SET not_worked = 0 WHERE state = 'approved'"), -1);

    /* Part of a period absent (10 days sick): scored on the work of the period. */
    task_sql(p_a, 3, "month", 2026, 6, 4, 4);
    long long a6 = open_assessment(&o, p_a, "month", 2026, 6);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"days\":10,\"reason\":\"sick\"}", path, a6), 200);
    BAD(&s, step(&s, a6, "{\"action\":\"submit\"}"), "required", "general");
    ck_assert_int_eq(step(&s, a6, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(jint(&s, "score_x100"), 10000);
    /* Returned, the absence can be corrected and the score recomputed. */
    ck_assert_int_eq(step(&l, a6, "{\"action\":\"return\",\"note\":\"Nghỉ cả tháng\"}"), 200);
    ck_assert_int_eq(client_reqf(&o, "POST", "{\"days\":30,\"reason\":\"sick\",\"not_worked\":true}", path, a6), 200);
    ck_assert_int_eq(step(&s, a6, "{\"action\":\"submit\"}"), 200);
    ck_assert_ptr_null(jget(&s, "score_x100"));
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", a6), 200);
    ck_assert(json_is_null(jget(&o, "score_x100")));
    /* Audited with before/after. */
    struct client a;
    login(&a, "admin");
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_assessment&per_page=500", NULL), 200);
    json_t *items = jget(&a, "items");
    int n = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        n += !strcmp(json_string_value(json_object_get(it, "action")), "eval.assessment.absence");
    ck_assert_int_eq(n, 3);
    client_free(&a);
    client_free(&o);
    client_free(&ob);
    client_free(&s);
    client_free(&l);
}
END_TEST

/* --- deadlines and reminders --------------------------------------------- */

static json_t *find_item(json_t *items, const char *kind, const char *key, long long id)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        if (!strcmp(json_string_value(json_object_get(it, "kind")), kind) &&
            json_integer_value(json_object_get(it, key)) == id)
            return it;
    return NULL;
}

START_TEST(deadlines_and_reminders)
{
    struct client o, ob, s, l;
    login(&o, "officer.a");
    login(&ob, "officer.b");
    login(&s, "nhanvien.an");
    login(&l, "leader.a");
    const char *dl = "/api/v1/eval/deadlines";
    /* Validation, permissions, scope. */
    BAD(&o, client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"later\",\"due\":\"2026-10-05\"}"),
        "invalid_value", "step");
    BAD(&o, client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-02-30\"}"),
        "invalid_date", "due");
    BAD(&o, client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":5,\"step\":\"self\",\"due\":\"2026-10-05\"}"),
        "out_of_range", "number");
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":4,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-05\"}"), 404);
    ck_assert_int_eq(client_req(&s, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-05\"}"), 403);
    ck_assert_int_eq(client_req(&l, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-05\"}"), 403);
    /* Quarter 3: self-assessment due long ago (overdue), set then moved. */
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-01\"}"), 201);
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-05\"}"), 200);
    ck_assert_str_eq(jstr(&o, "previous_due"), "2026-10-01");
    /* Manager review: unit 2 and, nearer, unit 3. */
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"manager\",\"due\":\"2026-10-10\"}"), 201);
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":3,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"manager\",\"due\":\"2099-10-08\"}"), 201);
    /* Quarter 4: self-assessment due far ahead (not overdue). */
    ck_assert_int_eq(client_req(&o, "POST", dl, "{\"unit_id\":2,\"period_kind\":\"quarter\",\"year\":2026,\"number\":4,\"step\":\"self\",\"due\":\"2099-01-05\"}"), 201);
    ck_assert_int_eq(client_req(&ob, "POST", dl, "{\"unit_id\":4,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,\"step\":\"self\",\"due\":\"2026-10-03\"}"), 201);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/deadlines?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 4); /* not unit 4's */
    ck_assert_str_eq(jstr(&o, "items.0.step"), "self");
    ck_assert_str_eq(jstr(&o, "items.0.due"), "2026-10-05");
    ck_assert_str_eq(jstr(&o, "items.0.unit_name"), "Sở Nội vụ");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/deadlines?unit=3", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 1);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/deadlines?unit=4", NULL), 404);

    /* Staff A: quarters 3 and 4 not opened yet => two self-assessment reminders
     * (the unit-2 deadline applies to unit 3 below it). */
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_int_eq(jint(&s, "counts.self_assessment"), 2);
    ck_assert_str_eq(jstr(&s, "items.0.kind"), "self_assessment");
    ck_assert_int_eq(jint(&s, "items.0.number"), 3);
    ck_assert_str_eq(jstr(&s, "items.0.due"), "2026-10-05");
    ck_assert(json_is_true(jget(&s, "items.0.overdue")));
    ck_assert(json_is_null(jget(&s, "items.0.assessment_id")));
    ck_assert_str_eq(jstr(&s, "items.1.due"), "2099-01-05");
    ck_assert(json_is_false(jget(&s, "items.1.overdue")));
    ck_assert_int_eq(jint(&s, "counts.overdue"), 1);

    /* A opens and submits quarter 3: the reminder moves to the reviewers. */
    task_sql(p_a, 3, "quarter", 2026, 3, 4, 4);
    task_sql(p_c, 2, "quarter", 2026, 3, 4, 4);
    long long a3 = open_assessment(&s, p_a, "quarter", 2026, 3);
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_int_eq(jint(&s, "counts.self_assessment"), 2);
    ck_assert_int_eq(jint(&s, "items.0.assessment_id"), a3); /* opened, still draft */
    ck_assert_int_eq(step(&s, a3, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_int_eq(jint(&s, "counts.self_assessment"), 1);
    ck_assert_int_eq(jint(&s, "counts.review"), 0); /* staff review nothing */
    long long c3 = open_assessment(&o, p_c, "quarter", 2026, 3);
    ck_assert_int_eq(step(&o, c3, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/reminders", NULL), 200);
    json_t *ra = find_item(jget(&l, "items"), "review", "assessment_id", a3);
    json_t *rc = find_item(jget(&l, "items"), "review", "assessment_id", c3);
    ck_assert_ptr_nonnull(ra);
    ck_assert_ptr_nonnull(rc);
    ck_assert_str_eq(json_string_value(json_object_get(ra, "step")), "manager_review");
    ck_assert_str_eq(json_string_value(json_object_get(ra, "due")), "2099-10-08"); /* unit 3's own */
    ck_assert(json_is_false(json_object_get(ra, "overdue")));
    ck_assert_str_eq(json_string_value(json_object_get(rc, "due")), "2026-10-10"); /* unit 2's */
    ck_assert(json_is_true(json_object_get(rc, "overdue")));
    /* Officer B sees neither (outside the scope). */
    ck_assert_int_eq(client_req(&ob, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_ptr_null(find_item(jget(&ob, "items"), "review", "assessment_id", a3));
    /* After the manager review, the leader's item is the head review; approval
     * waits for an officer, not for a leader. */
    ck_assert_int_eq(step(&l, a3, "{\"action\":\"manager_review\"}"), 200);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/reminders", NULL), 200);
    ra = find_item(jget(&l, "items"), "review", "assessment_id", a3);
    ck_assert_str_eq(json_string_value(json_object_get(ra, "step")), "head_review");
    ck_assert(json_is_null(json_object_get(ra, "due")));
    ck_assert_int_eq(step(&l, a3, "{\"action\":\"head_review\"}"), 200);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_ptr_null(find_item(jget(&l, "items"), "review", "assessment_id", a3));
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/reminders", NULL), 200);
    ra = find_item(jget(&o, "items"), "review", "assessment_id", a3);
    ck_assert_ptr_nonnull(ra);
    ck_assert_str_eq(json_string_value(json_object_get(ra, "step")), "approve");

    /* Verification: an unverified result with evidence on a task whose
     * verifier is leader.a, reported by someone else. */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO eval_task(id, person_id, unit_id, period_kind, year, number, product_type_id, norm_x100, title,"
             " target_qty, deadline, verifier_user_id, assigned_by, created_at) VALUES (900, %lld, 3, 'quarter', 2026, 3, 1,"
             " 100, 'Báo cáo quý', 2, '2026-09-30', %lld, 1, '2026-07-01T00:00:00Z');"
             "INSERT INTO eval_result(id, task_id, quantity, origin, reported_by, reported_at) VALUES"
             " (900, 900, 2, 'report', 1, '2026-09-01T00:00:00Z'), (901, 900, 1, 'report', 1, '2026-09-02T00:00:00Z');"
             "INSERT INTO eval_evidence(result_id, kind, ref) VALUES (900, 'document', '12/BC-SNV');",
             p_b, u_leader);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/reminders", NULL), 200);
    json_t *rv = find_item(jget(&l, "items"), "verification", "result_id", 900);
    ck_assert_ptr_nonnull(rv);
    ck_assert_str_eq(json_string_value(json_object_get(rv, "due")), "2099-10-08"); /* manager step of unit 3 */
    /* Without evidence it cannot be verified yet: not a reminder. */
    ck_assert_ptr_null(find_item(jget(&l, "items"), "verification", "result_id", 901));
    ck_assert_int_eq(jint(&l, "counts.verification"), 1);
    /* Officers get results only when no verifier is named. */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_ptr_null(find_item(jget(&o, "items"), "verification", "result_id", 900));
    /* Deadline writes are audited. */
    struct client a;
    login(&a, "admin");
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_deadline", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 6);
    ck_assert_str_eq(jstr(&a, "items.5.after.due"), "2026-10-01");
    ck_assert(json_is_null(jget(&a, "items.5.before")));
    ck_assert_str_eq(jstr(&a, "items.4.before.due"), "2026-10-01");
    ck_assert_str_eq(jstr(&a, "items.4.after.due"), "2026-10-05");
    client_free(&a);
    client_free(&o);
    client_free(&ob);
    client_free(&s);
    client_free(&l);
}
END_TEST

/* --- batch step ---------------------------------------------------------- */

START_TEST(batch_transition_all_or_nothing)
{
    struct client o, l, ob;
    login(&o, "officer.a");
    login(&l, "leader.a");
    login(&ob, "officer.b");
    const char *bp = "/api/v1/eval/assessments/transitions";
    /* Month 11/2025 (NĐ 90/2020 + 48/2023: no 100-point score). */
    long long ids[3] = {open_assessment(&o, p_a, "month", 2025, 11), open_assessment(&o, p_b, "month", 2025, 11),
                        open_assessment(&o, p_c, "month", 2025, 11)};
    long long other = open_assessment(&ob, p_e, "month", 2025, 11);
    for (int i = 0; i < 3; i++) ck_assert_int_eq(step(&o, ids[i], "{\"action\":\"submit\"}"), 200);
    ck_assert_int_eq(step(&ob, other, "{\"action\":\"submit\"}"), 200);
    char buf[512];
    BAD(&l, client_req(&l, "POST", bp, "{\"ids\":[1],\"action\":\"submit\"}"), "invalid_value", "action");
    BAD(&l, client_req(&l, "POST", bp, "{\"ids\":[],\"action\":\"manager_review\"}"), "required", "ids");
    BAD(&l, client_req(&l, "POST", bp, "{\"ids\":3,\"action\":\"manager_review\"}"), "invalid_type", "ids");
    BAD(&l, client_req(&l, "POST", bp, "{\"ids\":[1],\"action\":\"return\"}"), "required", "note");
    BAD(&l, client_req(&l, "POST", bp, "{\"ids\":[1],\"action\":\"manager_review\",\"general\":[1,1,1]}"), "unknown_field", "general");
    /* One bad id (outside the scope), one duplicate, one not a number: nothing moves. */
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld,%lld,%lld,\"x\",%lld],\"action\":\"manager_review\"}", ids[0], ids[1], other,
             ids[0], ids[2]);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 400);
    ck_assert_str_eq(jerr(&l), "rows_invalid");
    ck_assert_int_eq(json_array_size(jget(&l, "error.rows")), 3);
    ck_assert_int_eq(jint(&l, "error.rows.0.row"), 3);
    ck_assert_str_eq(jstr(&l, "error.rows.0.code"), "not_found");
    ck_assert_str_eq(jstr(&l, "error.rows.1.code"), "duplicate");
    ck_assert_str_eq(jstr(&l, "error.rows.2.code"), "invalid_type");
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", ids[i]), 200);
        ck_assert_str_eq(jstr(&o, "state"), "submitted");
        ck_assert_int_eq(json_array_size(jget(&o, "transitions")), 1);
    }
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld,%lld],\"action\":\"manager_review\",\"note\":\"Đồng ý\"}", ids[0], ids[1], ids[2]);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 200);
    ck_assert_int_eq(jint(&l, "count"), 3);
    ck_assert_str_eq(jstr(&l, "state"), "manager_reviewed");
    /* A wrong state on one row refuses the whole batch. */
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld,%lld],\"action\":\"manager_review\"}", ids[0], ids[1], ids[2]);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 400);
    ck_assert_str_eq(jstr(&l, "error.rows.0.code"), "invalid_state");
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld,%lld],\"action\":\"head_review\"}", ids[0], ids[1], ids[2]);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 200);
    /* Leaders do not approve (forbidden on every row). */
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld,%lld],\"action\":\"approve\"}", ids[0], ids[1], ids[2]);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 400);
    ck_assert_int_eq(json_array_size(jget(&l, "error.rows")), 3);
    ck_assert_str_eq(jstr(&l, "error.rows.2.code"), "forbidden");
    ck_assert_int_eq(client_req(&o, "POST", bp, buf), 200);
    ck_assert_int_eq(jint(&o, "count"), 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", ids[i]), 200);
        ck_assert_str_eq(jstr(&o, "state"), "approved");
        ck_assert_int_eq(json_array_size(jget(&o, "transitions")), 4);
        ck_assert_str_eq(jstr(&o, "transitions.1.note"), "Đồng ý");
        ck_assert_uint_eq(strlen(jstr(&o, "transitions.3.signature")), 64);
    }
    /* An unscored leader in a batch approve fails that row. */
    task_sql(p_head, 2, "month", 2026, 2, 4, 4);
    task_sql(p_c, 2, "month", 2026, 2, 4, 4);
    long long lh = open_assessment(&o, p_head, "month", 2026, 2);
    long long lc = open_assessment(&o, p_c, "month", 2026, 2);
    ck_assert_int_eq(step(&o, lh, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    ck_assert_int_eq(step(&o, lc, "{\"action\":\"submit\",\"general\":[1000,1000,1000]}"), 200);
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld],\"action\":\"manager_review\"}", lc, lh);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 200);
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld],\"action\":\"head_review\"}", lc, lh);
    ck_assert_int_eq(client_req(&l, "POST", bp, buf), 200);
    snprintf(buf, sizeof buf, "{\"ids\":[%lld,%lld],\"action\":\"approve\"}", lc, lh);
    ck_assert_int_eq(client_req(&o, "POST", bp, buf), 400);
    ck_assert_int_eq(json_array_size(jget(&o, "error.rows")), 1);
    ck_assert_int_eq(jint(&o, "error.rows.0.id"), lh);
    ck_assert_str_eq(jstr(&o, "error.rows.0.code"), "leader_unscored");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/assessments/%lld", lc), 200);
    ck_assert_str_eq(jstr(&o, "state"), "head_reviewed");
    client_free(&o);
    client_free(&l);
    client_free(&ob);
}
END_TEST

/* Approving a 200-person unit at once: one request, one transaction. */
START_TEST(batch_approve_200_latency)
{
    char sql[256];
    long long pids[200];
    struct client a;
    login(&a, "admin");
    for (int i = 0; i < 200; i++) {
        char name[64], cccd[24];
        snprintf(name, sizeof name, "Công chức Số %d", i + 1);
        snprintf(cccd, sizeof cccd, "048080%06d", 500000 + i);
        pids[i] = person(&a, name, cccd, 3, 0);
        ck_assert_int_gt(pids[i], 0);
    }
    client_free(&a);
    for (int i = 0; i < 200; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state,"
                 " created_at, updated_at) VALUES (%lld, 3, 'month', 2025, 12, 'head_reviewed', 'x', 'x')", pids[i]);
        ck_assert_int_eq(db_sql(&srv, sql), 0);
    }
    struct client o;
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/reminders", NULL), 200);
    ck_assert_int_ge(jint(&o, "counts.review"), 200);
    char *body = malloc(200 * 24 + 64);
    size_t n = (size_t)sprintf(body, "{\"action\":\"approve\",\"ids\":[");
    for (int i = 0; i < 200; i++) {
        ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/assessments?year=2025", pids[i]), 200);
        n += (size_t)sprintf(body + n, "%s%lld", i ? "," : "", jint(&o, "items.0.id"));
    }
    sprintf(body + n, "]}");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int st = client_req(&o, "POST", "/api/v1/eval/assessments/transitions", body);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(st, 200);
    ck_assert_int_eq(jint(&o, "count"), 200);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    fprintf(stderr, "batch approve of 200 assessments: %.1f ms\n", ms);
    ck_assert_msg(ms < 5000, "batch approve took %.1f ms", ms);
    struct client ad;
    login(&ad, "admin");
    ck_assert_int_eq(client_req(&ad, "GET", "/api/v1/audit?entity=eval_assessment&per_page=500", NULL), 200);
    int approvals = 0;
    size_t i;
    json_t *it;
    json_array_foreach(jget(&ad, "items"), i, it) {
        const char *act = json_string_value(json_object_get(json_object_get(it, "after"), "action"));
        approvals += act && !strcmp(act, "approve");
    }
    ck_assert_int_ge(approvals, 200);
    client_free(&ad);
    free(body);
    client_free(&o);
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}
END_TEST

extern Suite *suite_api_eval_workflow(void);
Suite *suite_api_eval_workflow(void)
{
    Suite *s = suite_create("api_eval_workflow");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, leader_scored_by_reviewer_with_subordinates_nd335_art15_16);
    tcase_add_test(tc, absence_per_assessment_nd335_art21);
    tcase_add_test(tc, deadlines_and_reminders);
    tcase_add_test(tc, batch_transition_all_or_nothing);
    tcase_add_test(tc, batch_approve_200_latency);
    suite_add_tcase(s, tc);
    return s;
}
