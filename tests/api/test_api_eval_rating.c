/* API tests for the unit's year rating board (issue 4, "The cap"), against a
 * live server: annual score from approved period scores, discipline feeding
 * KHT, the HTXS cap where naive rounding is wrong (9 HTT + 3 HTXS -> 2 kept),
 * a tie at the boundary flagged then decided by the council, a decision
 * breaking the cap refused, a competent-level exception raising the limit
 * (recorded and audited), scope (404 for another unit's officer), validation
 * (400 with field and code), and the audit chain. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static struct server srv;
static long long u3[13], u4[12], u5[11]; /* people of units 3, 4, 5 */

static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01'),(4,'2020-01-01'),"
    " (5,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','department',1),"
    " (3,'2020-01-01','Phòng Tổ chức cán bộ','division',2),"
    " (4,'2020-01-01','Sở Tài chính','department',1),"
    " (5,'2020-01-01','Sở Xây dựng','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES"
    " (1,1,0),(2,2,0),(3,3,0),(4,4,0),(5,5,0),(1,2,1),(1,3,2),(2,3,1),(1,4,1),(1,5,1);";

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

static int seq;

/* A person through the API, with approved period scores (hundredths). The
 * approved assessments are written with db_sql: the API reaches 'approved'
 * only through tasks, verified results and five signed workflow steps per
 * period, which test_api_eval.c already covers; here only the stored score of
 * an approved period matters. */
static long long person(struct client *a, int unit, const char *name, const int *scores, int n)
{
    char buf[512];
    seq++;
    snprintf(buf, sizeof buf, "{\"full_name\":\"%s\",\"cccd\":\"0480%02d%06d\",\"birth_date\":\"19%02d-03-10\","
             "\"sex\":1,\"ethnicity_id\":1,\"unit_id\":%d}", name, 70 + seq % 20, 100 + seq, 70 + seq % 20, unit);
    int st = client_req(a, "POST", "/api/v1/people", buf);
    if (st != 201) { fprintf(stderr, "person: %d %s\n", st, a->body ? a->body : ""); exit(1); }
    long long id = jint(a, "id");
    for (int q = 0; q < n; q++) {
        snprintf(buf, sizeof buf,
                 "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100,"
                 " band, created_at, updated_at) VALUES (%lld, %d, 'quarter', 2026, %d, 'approved', 'nd335_2025', %d,"
                 " NULL, '2026-12-20T00:00:00Z', '2026-12-20T00:00:00Z')", id, unit, q + 1, scores[q]);
        if (db_sql(&srv, buf) != 0) exit(1);
    }
    return id;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) { fprintf(stderr, "tree insert failed\n"); exit(1); }
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "officer.b", "officer", 4, 0);
    make_user(&srv, "officer.c", "officer", 5, 0);
    struct client a;
    login(&a, "admin");
    char name[64];
    /* unit 3: 9 HTT (80, 82 -> 81), 3 HTXS (95, 93, 91), one 85 disciplined (KHT) */
    for (int i = 0; i < 9; i++) {
        int s[2] = {8000, 8200};
        snprintf(name, sizeof name, "Nguyễn Văn Tổ %d", i + 1);
        u3[i] = person(&a, 3, name, s, 2);
    }
    int x[3] = {9500, 9300, 9100};
    for (int i = 0; i < 3; i++) {
        int s[1] = {x[i]};
        snprintf(name, sizeof name, "Trần Thị Xuất Sắc %d", i + 1);
        u3[9 + i] = person(&a, 3, name, s, 1);
    }
    int kd[1] = {8500};
    u3[12] = person(&a, 3, "Lê Văn Kỷ", kd, 1);
    char sql[256];
    /* discipline has no API shortcut for a bare row here: written directly */
    snprintf(sql, sizeof sql, "INSERT INTO discipline(person_id, year, form, authority, decision_no, effective)"
             " VALUES (%lld, 2026, 'Khiển trách', 'Giám đốc Sở', '12/QĐ-SNV', '2026-06-01')", u3[12]);
    if (db_sql(&srv, sql) != 0) exit(1);
    /* unit 4: 9 HTT, HTXS 95, 92, 92 -> one kept, two tied for one place */
    for (int i = 0; i < 9; i++) {
        int s[1] = {7500 + 100 * i};
        snprintf(name, sizeof name, "Phạm Văn Tài %d", i + 1);
        u4[i] = person(&a, 4, name, s, 1);
    }
    int y[3] = {9500, 9200, 9200};
    for (int i = 0; i < 3; i++) {
        int s[1] = {y[i]};
        snprintf(name, sizeof name, "Đỗ Thị Chính %d", i + 1);
        u4[9 + i] = person(&a, 4, name, s, 1);
    }
    /* unit 5: 8 HTT, HTXS 96, 94, 90 -> 1 place at 20%; 2 with an exception at 25% */
    for (int i = 0; i < 8; i++) {
        int s[1] = {7800};
        snprintf(name, sizeof name, "Vũ Văn Dựng %d", i + 1);
        u5[i] = person(&a, 5, name, s, 1);
    }
    int z[3] = {9600, 9400, 9000};
    for (int i = 0; i < 3; i++) {
        int s[1] = {z[i]};
        snprintf(name, sizeof name, "Hồ Thị Xây %d", i + 1);
        u5[8 + i] = person(&a, 5, name, s, 1);
    }
    client_free(&a);
}

static void teardown(void) { server_stop(&srv); }

#define BAD(c, st, code, field)                                                   \
    do {                                                                          \
        ck_assert_int_eq((st), 400);                                              \
        ck_assert_str_eq(jerr(c), (code));                                        \
        ck_assert_str_eq(jstr((c), "error.field"), (field));                      \
    } while (0)

/* The person's row in the last "people" / "items" array. */
static json_t *row_of(struct client *c, const char *arr, long long pid)
{
    size_t i;
    json_t *o;
    json_array_foreach(jget(c, arr), i, o)
        if (json_integer_value(json_object_get(o, "person_id")) == pid) return o;
    return NULL;
}

static const char *member(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

START_TEST(naive_rounding_is_wrong_two_kept_and_discipline_is_kht)
{
    struct client o;
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_str_eq(jstr(&o, "regime_code"), "nd335_2025");
    ck_assert_int_eq(json_array_size(jget(&o, "groups")), 1);
    ck_assert_int_eq(jint(&o, "groups.0.counts.HTXS"), 3);
    ck_assert_int_eq(jint(&o, "groups.0.counts.HTT"), 9);
    ck_assert_int_eq(jint(&o, "groups.0.counts.KHT"), 1);
    ck_assert_int_eq(jint(&o, "groups.0.limit_percent"), 20);
    /* naive floor(20% x 9) = 1; the HTT count after the cap is 10 -> 2 places */
    ck_assert_int_eq(jint(&o, "groups.0.cap.htxs_places"), 2);
    ck_assert_int_eq(json_array_size(jget(&o, "groups.0.kept")), 2);
    ck_assert_int_eq(json_array_size(jget(&o, "groups.0.demoted")), 1);
    ck_assert_int_eq(jint(&o, "groups.0.demoted.0"), u3[11]);
    ck_assert_int_eq(jint(&o, "groups.0.candidates.0.person_id"), u3[9]);
    ck_assert_int_eq(jint(&o, "groups.0.candidates.0.rank"), 1);
    ck_assert(json_is_null(jget(&o, "groups.0.tie")));
    ck_assert_int_ge(json_array_size(jget(&o, "groups.0.explain")), 3);
    json_t *p = row_of(&o, "people", u3[0]);
    ck_assert_str_eq(member(p, "score"), "81.00");
    ck_assert_str_eq(member(p, "proposed"), "HTT");
    ck_assert_int_eq(json_integer_value(json_object_get(p, "periods")), 2);
    p = row_of(&o, "people", u3[12]);
    ck_assert_str_eq(member(p, "proposed"), "KHT");
    ck_assert_int_ge(json_array_size(json_object_get(p, "explain")), 1);
    p = row_of(&o, "people", u3[11]);
    ck_assert_str_eq(member(p, "cap_status"), "demoted");
    ck_assert_str_eq(member(p, "cap_level"), "HTT");
    /* recompute replaces the undecided proposal */
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 13);
    ck_assert(json_is_null(json_object_get(row_of(&o, "items", u3[9]), "final_level")));
    /* no tie: the council confirms the cap outcome */
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/decide",
                                "{\"year\":2026,\"decisions\":[],\"minutes\":\"Biên bản họp Hội đồng số 1\"}"), 200);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings?year=2026", NULL), 200);
    ck_assert_str_eq(member(row_of(&o, "items", u3[9]), "final_level"), "HTXS");
    ck_assert_str_eq(member(row_of(&o, "items", u3[11]), "final_level"), "HTT");
    ck_assert_str_eq(member(row_of(&o, "items", u3[12]), "final_level"), "KHT");
    ck_assert_str_eq(member(row_of(&o, "items", u3[0]), "name"), "Nguyễn Văn Tổ 1");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/compute", "{\"year\":2026}"), 409);
    ck_assert_str_eq(jerr(&o), "already_decided");
    ck_assert_int_eq(db_sql(&srv, "UPDATE eval_year_rating SET final_level = 'HTXS' WHERE unit_id = 3"), -1);
    client_free(&o);
}
END_TEST

START_TEST(tie_at_the_boundary_flagged_refused_over_cap_then_decided)
{
    struct client o;
    login(&o, "officer.b");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/4/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(jint(&o, "groups.0.cap.htxs_places"), 2);
    ck_assert_int_eq(jint(&o, "groups.0.cap.kept"), 1);
    ck_assert_int_eq(jint(&o, "groups.0.tie.places"), 1);
    ck_assert_str_eq(jstr(&o, "groups.0.tie.score"), "92.00");
    ck_assert_int_eq(json_array_size(jget(&o, "groups.0.tie.people")), 2);
    ck_assert_str_eq(member(row_of(&o, "people", u4[10]), "cap_status"), "tie");
    ck_assert_str_eq(member(row_of(&o, "people", u4[10]), "cap_level"), "council");
    char buf[512];
    /* a tie left undecided */
    int st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", "{\"year\":2026,\"decisions\":[],\"minutes\":\"BB\"}");
    BAD(&o, st, "decision_missing", "decisions");
    /* both tied kept: 3 HTXS for 9 HTT (limit 1) */
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"},"
             "{\"person_id\":%lld,\"level\":\"HTXS\"}],\"minutes\":\"BB\"}", u4[10], u4[11]);
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", buf);
    BAD(&o, st, "cap_exceeded", "decisions");
    /* the council keeps one */
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"},"
             "{\"person_id\":%lld,\"level\":\"HTT\"}],\"minutes\":\"Biên bản Hội đồng: bỏ phiếu kín\"}", u4[11], u4[10]);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", buf), 200);
    ck_assert_int_eq(jint(&o, "checks.0.final_htxs"), 2);
    ck_assert_int_eq(jint(&o, "checks.0.final_htt"), 10);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/4/ratings?year=2026", NULL), 200);
    ck_assert_str_eq(member(row_of(&o, "items", u4[11]), "final_level"), "HTXS");
    ck_assert_str_eq(member(row_of(&o, "items", u4[10]), "final_level"), "HTT");
    ck_assert_str_eq(member(row_of(&o, "items", u4[10]), "cap_status"), "tie");
    ck_assert_int_eq(json_array_size(jget(&o, "decisions")), 1);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", buf), 409);
    client_free(&o);
}
END_TEST

START_TEST(exception_raises_the_limit_recorded_and_audited)
{
    struct client o;
    login(&o, "officer.c");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/5/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(jint(&o, "groups.0.cap.htxs_places"), 1);
    ck_assert_int_eq(json_array_size(jget(&o, "groups.0.demoted")), 2);
    char buf[640];
    /* keeping 2 without an exception: 2 HTXS for 9 HTT at 20% (limit 1) */
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"}],\"minutes\":\"BB\"}", u5[9]);
    int st = client_req(&o, "POST", "/api/v1/eval/units/5/ratings/decide", buf);
    BAD(&o, st, "cap_exceeded", "decisions");
    /* an exception above the maximum */
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"}],\"minutes\":\"BB\","
             "\"exception\":{\"decision_no\":\"88/QĐ-UBND\",\"date\":\"2026-12-15\",\"limit_percent\":30}}", u5[9]);
    st = client_req(&o, "POST", "/api/v1/eval/units/5/ratings/decide", buf);
    BAD(&o, st, "invalid_value", "exception.limit_percent");
    /* 25%: 25% x 9 = 2.25 -> 2 */
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"}],"
             "\"minutes\":\"Biên bản Hội đồng ngày 20/12/2026\","
             "\"exception\":{\"decision_no\":\"88/QĐ-UBND\",\"date\":\"2026-12-15\",\"limit_percent\":25}}", u5[9]);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/5/ratings/decide", buf), 200);
    ck_assert_int_eq(jint(&o, "limit_percent"), 25);
    ck_assert_str_eq(jstr(&o, "exception.decision_no"), "88/QĐ-UBND");
    long long did = jint(&o, "id");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings?year=2026", NULL), 200);
    ck_assert_str_eq(member(row_of(&o, "items", u5[9]), "final_level"), "HTXS");
    ck_assert_str_eq(member(row_of(&o, "items", u5[10]), "final_level"), "HTT");
    ck_assert_str_eq(jstr(&o, "decisions.0.exception_no"), "88/QĐ-UBND");
    ck_assert_int_eq(jint(&o, "decisions.0.limit_percent"), 25);
    client_free(&o);
    struct client a;
    login(&a, "admin");
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_cap_decision&per_page=500", NULL), 200);
    int found = 0;
    size_t i;
    json_t *e;
    json_array_foreach(jget(&a, "items"), i, e)
        if (!strcmp(member(e, "action"), "eval.rating.cap_exception") &&
            json_integer_value(json_object_get(e, "entity_id")) == did) found = 1;
    ck_assert(found);
    client_free(&a);
}
END_TEST

START_TEST(scope_and_validation)
{
    struct client o;
    login(&o, "officer.b");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/compute", "{\"year\":2026}"), 404);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/decide", "{\"year\":2026,\"decisions\":[],\"minutes\":\"x\"}"), 404);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings?year=2026", NULL), 404);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/999/ratings?year=2026", NULL), 404);
    int st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/compute", "{\"year\":\"2026\"}");
    BAD(&o, st, "invalid_type", "year");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/compute", "{}");
    BAD(&o, st, "required", "year");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/compute", "{\"year\":2025}");
    BAD(&o, st, "invalid_value", "year");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/compute", "{\"year\":2026,\"unit\":1}");
    ck_assert_int_eq(st, 400);
    ck_assert_str_eq(jerr(&o), "unknown_field");
    st = client_req(&o, "GET", "/api/v1/eval/units/4/ratings", NULL);
    BAD(&o, st, "required", "year");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", "{\"year\":2026,\"decisions\":{},\"minutes\":\"x\"}");
    BAD(&o, st, "invalid_type", "decisions");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide", "{\"year\":2026,\"decisions\":[]}");
    BAD(&o, st, "required", "minutes");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide",
                    "{\"year\":2026,\"decisions\":[{\"person_id\":1,\"level\":\"HTNV\"}],\"minutes\":\"x\"}");
    BAD(&o, st, "invalid_value", "decisions[0].level");
    st = client_req(&o, "POST", "/api/v1/eval/units/4/ratings/decide",
                    "{\"year\":2026,\"decisions\":[],\"minutes\":\"x\",\"exception\":{\"decision_no\":\"1\",\"date\":\"2026-13-01\",\"limit_percent\":25}}");
    BAD(&o, st, "invalid_value", "exception.date");
    client_free(&o);
    struct client a;
    login(&a, "officer.a"); /* unit 3 is in officer.a's subtree (2) */
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/3/ratings?year=2026", NULL), 200);
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/4/ratings?year=2026", NULL), 404);
    client_free(&a);
}
END_TEST

/* Runs last: every write above is audited and the chain holds. */
START_TEST(audited_and_chain_verifies)
{
    struct client a;
    login(&a, "admin");
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_year_rating&per_page=500", NULL), 200);
    ck_assert_int_ge(json_array_size(jget(&a, "items")), 4);
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?entity=eval_cap_decision&per_page=500", NULL), 200);
    ck_assert_int_ge(json_array_size(jget(&a, "items")), 4);
    client_free(&a);
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "intact"));
}
END_TEST

/* The board over the whole tree (one pass over the year's scores) and a
 * one-unit board (through the unit's assessments) rate the same way: a person
 * who moved during the year is rated in the unit of the last period with the
 * earlier unit's period carried over (NĐ 335/2025/NĐ-CP Art. 21), and is not on
 * the board of the unit left; the root board caps each unit separately
 * (NĐ 335/2025/NĐ-CP Art. 20(5)), exactly as the units' own boards did. */
START_TEST(whole_tree_board_and_carried_over_periods)
{
    static const char *unit6 =
        "INSERT INTO unit(id, created_on) VALUES (6,'2020-01-01');"
        "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES (6,'2020-01-01','Sở Y tế','department',1);"
        "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES (6,6,0),(1,6,1);";
    ck_assert_int_eq(db_sql(&srv, unit6), 0);
    struct client a;
    login(&a, "admin");
    long long in = person(&a, 6, "Ngô Văn Chuyển Đến", NULL, 0);
    long long out = person(&a, 6, "Ngô Thị Chuyển Đi", NULL, 0);
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100,"
             " created_at, updated_at) VALUES (%lld, 5, 'quarter', 2026, 1, 'approved', 'nd335_2025', 8000, 'x', 'x'),"
             " (%lld, 6, 'quarter', 2026, 2, 'approved', 'nd335_2025', 9000, 'x', 'x'),"
             " (%lld, 6, 'quarter', 2026, 1, 'approved', 'nd335_2025', 8000, 'x', 'x'),"
             " (%lld, 5, 'quarter', 2026, 2, 'approved', 'nd335_2025', 7000, 'x', 'x')", in, in, out, out);
    ck_assert_int_eq(db_sql(&srv, sql), 0);

    /* unit 6 alone: only the one who came in, with Q1 of unit 5 carried over */
    ck_assert_int_eq(client_req(&a, "POST", "/api/v1/eval/units/6/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(jint(&a, "people_total"), 1);
    ck_assert(json_is_false(jget(&a, "people_truncated")));
    ck_assert_int_eq(jint(&a, "people.0.person_id"), in);
    ck_assert_int_eq(jint(&a, "people.0.rating_unit_id"), 6);
    ck_assert_int_eq(jint(&a, "people.0.periods"), 2);
    ck_assert_int_eq(jint(&a, "people.0.carried_over"), 1);
    ck_assert_str_eq(jstr(&a, "people.0.score"), "85.00");
    ck_assert_str_eq(jstr(&a, "people.0.proposed"), "HTT");

    /* the whole tree: everybody, each capped in their own unit */
    ck_assert_int_eq(client_req(&a, "POST", "/api/v1/eval/units/1/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(jint(&a, "people_total"), 13 + 12 + 11 + 2);
    ck_assert_int_eq(json_array_size(jget(&a, "people")), 13 + 12 + 11 + 2);
    ck_assert_int_eq(json_array_size(jget(&a, "groups")), 4);
    json_t *p = row_of(&a, "people", in);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "rating_unit_id")), 6);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "carried_over")), 1);
    p = row_of(&a, "people", out);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "rating_unit_id")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "carried_over")), 1);
    ck_assert_str_eq(member(p, "score"), "75.00");
    /* unit 3's group: 9 HTT + 3 HTXS -> 2 places, the lowest demoted; KHT by discipline */
    ck_assert_int_eq(jint(&a, "groups.0.rating_unit_id"), 3);
    ck_assert_int_eq(jint(&a, "groups.0.cap.htxs_places"), 2);
    ck_assert_int_eq(jint(&a, "groups.0.demoted.0"), u3[11]);
    ck_assert_str_eq(member(row_of(&a, "people", u3[12]), "proposed"), "KHT");
    /* unit 4's tie is left to the council again */
    ck_assert_str_eq(member(row_of(&a, "people", u4[10]), "cap_status"), "tie");
    ck_assert_str_eq(member(row_of(&a, "people", u4[11]), "cap_status"), "tie");
    /* every row stored */
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/1/ratings?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 13 + 12 + 11 + 2);
    client_free(&a);
}
END_TEST

/* Has the explanation array `ex` a line containing `needle`? */
static int explains(json_t *ex, const char *needle)
{
    size_t i;
    json_t *l;
    json_array_foreach(ex, i, l)
        if (json_is_string(l) && strstr(json_string_value(l), needle)) return 1;
    return 0;
}

/* A period not worked (lawful absence, NĐ 335/2025/NĐ-CP Art. 21, migration
 * 0009): it is left out of the average, reported in the explanation (through
 * core rating_periods_collect), and the absence days reach the rating; the
 * board's GET renders each row's explanation from the compact stored detail,
 * the same lines as the compute reply; GET pages (page, per_page) with the
 * total. Runs after whole_tree_board_and_carried_over_periods. */
START_TEST(period_not_worked_explained_and_board_read_back)
{
    static const char *unit7 =
        "INSERT INTO unit(id, created_on) VALUES (7,'2020-01-01');"
        "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES (7,'2020-01-01','Sở Giáo dục','department',1);"
        "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES (7,7,0),(1,7,1);";
    ck_assert_int_eq(db_sql(&srv, unit7), 0);
    struct client a;
    login(&a, "admin");
    int sc[1] = {9000};
    seq += 500; /* CCCD numbers not used by the tests above */
    long long m = person(&a, 7, "Lý Thị Thai Sản", sc, 1); /* Q1: 90 */
    char sql[700];
    snprintf(sql, sizeof sql,
             "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100,"
             " not_worked, absence_days, absence_reason, created_at, updated_at) VALUES"
             " (%lld, 7, 'quarter', 2026, 2, 'approved', 'nd335_2025', NULL, 1, 91, 'maternity', 'x', 'x'),"
             " (%lld, 7, 'quarter', 2026, 3, 'approved', 'nd335_2025', 8000, 0, 0, NULL, 'x', 'x')", m, m);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
    ck_assert_int_eq(client_req(&a, "POST", "/api/v1/eval/units/7/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(jint(&a, "people_total"), 1);
    ck_assert_int_eq(jint(&a, "people.0.person_id"), m);
    ck_assert_int_eq(jint(&a, "people.0.periods"), 2);   /* Q2 not worked is not a scored period */
    ck_assert_str_eq(jstr(&a, "people.0.score"), "85.00"); /* (90 + 80) / 2 */
    json_t *ex = json_deep_copy(jget(&a, "people.0.explain"));
    ck_assert(explains(ex, "1 kỳ nghỉ theo quy định"));
    ck_assert(explains(ex, "Nghỉ theo quy định 3 tháng")); /* 91 days */
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/7/ratings?year=2026", NULL), 200);
    ck_assert_int_eq(jint(&a, "total"), 1);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 1);
    ck_assert(json_equal(jget(&a, "items.0.explain"), ex));
    ck_assert_ptr_null(jget(&a, "items.0.detail"));
    json_decref(ex);

    /* the whole tree: the disciplined person's explanation (decision rows in
     * the stored inputs) and the mover's (carried-over period) read back */
    ck_assert_int_eq(client_req(&a, "POST", "/api/v1/eval/units/1/ratings/compute", "{\"year\":2026}"), 200);
    int total = (int)jint(&a, "people_total");
    ck_assert_int_eq(total, 13 + 12 + 11 + 2 + 1);
    json_t *kex = json_deep_copy(json_object_get(row_of(&a, "people", u3[12]), "explain"));
    json_t *mex = json_deep_copy(json_object_get(row_of(&a, "people", m), "explain"));
    ck_assert(explains(kex, "kỷ luật"));
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/1/ratings?year=2026", NULL), 200);
    ck_assert_int_eq(jint(&a, "total"), total);
    ck_assert_int_eq(jint(&a, "per_page"), total);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), (size_t)total);
    ck_assert(json_equal(json_object_get(row_of(&a, "items", u3[12]), "explain"), kex));
    ck_assert(json_equal(json_object_get(row_of(&a, "items", m), "explain"), mex));
    json_decref(kex);
    json_decref(mex);
    long long ids[64];
    for (int i = 0; i < total; i++) ids[i] = json_integer_value(json_object_get(json_array_get(jget(&a, "items"), (size_t)i), "person_id"));
    /* page 2 of 5: the same rows as 5..9 of the whole list */
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/1/ratings?year=2026&page=2&per_page=5", NULL), 200);
    ck_assert_int_eq(jint(&a, "total"), total);
    ck_assert_int_eq(jint(&a, "page"), 2);
    ck_assert_int_eq(jint(&a, "per_page"), 5);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 5);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(jget(&a, "items"), (size_t)i), "person_id")), ids[5 + i]);
    ck_assert_int_ge(json_array_size(jget(&a, "items.0.explain")), 1);
    /* past the end: no rows, the total still given */
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/eval/units/1/ratings?year=2026&page=99&per_page=5", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 0);
    ck_assert_int_eq(jint(&a, "total"), total);
    client_free(&a);
}
END_TEST

extern Suite *suite_api_eval_rating(void);
Suite *suite_api_eval_rating(void)
{
    Suite *s = suite_create("api_eval_rating");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, naive_rounding_is_wrong_two_kept_and_discipline_is_kht);
    tcase_add_test(tc, tie_at_the_boundary_flagged_refused_over_cap_then_decided);
    tcase_add_test(tc, exception_raises_the_limit_recorded_and_audited);
    tcase_add_test(tc, scope_and_validation);
    tcase_add_test(tc, audited_and_chain_verifies);
    tcase_add_test(tc, whole_tree_board_and_carried_over_periods);
    tcase_add_test(tc, period_not_worked_explained_and_board_read_back);
    suite_add_tcase(s, tc);
    return s;
}
