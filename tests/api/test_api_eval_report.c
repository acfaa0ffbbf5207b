/* API tests for the year results' reports (issue 4, "Workflow and
 * publication"), against a live server:
 *  - publication: refused before the council decision (409 not_decided), an
 *    immutable snapshot (triggers refuse update, delete and extra rows),
 *    409 unchanged when nothing changed, a new version after a correction
 *    with the old one still readable, staff of the unit see colleagues' name,
 *    post, score and final level only, other units 404, audited;
 *  - peers: same job position across units (decided board rows, and approved
 *    period scores where no board decided), distribution by level and 10-point
 *    band, quartiles (type 7), percentile = lower + half the ties, rank-group
 *    fallback, small groups suppressed, no names;
 *  - flags: KHT (NĐ 154/2025 Art. 2(1)(e)), two periods below 50 (NĐ 335/2025
 *    Art. 20 threshold), two years HTNV/KHT running (NĐ 29/2023 Art. 2(1)(đ),
 *    Luật CBCC 2008 Art. 58(3)), output far above the peer median with a
 *    configurable factor, results without evidence older than N days;
 *  - the Excel export read back with io/xlsx_read.h, cell by cell. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "io/xlsx_read.h"

static struct server srv;
/* unit 3: A (HTT 70..86), X (95, 93, 91), K (85, disciplined), L (45, 40);
 * unit 4: B (periods only: 60, 75, 88, 92), P0 (no position, rank 01.003);
 * unit 5: V (8 x 78), Y (96, 94, 90), C (carried over from unit 4). */
static long long A[9], X[3], K, L, B[4], P0, V[8], Y[3], C;
static long long ptype, tasks[6];

#define POS "Chuyên viên tổ chức"

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

static void sql(const char *s)
{
    if (db_sql(&srv, s) != 0) { fprintf(stderr, "sql failed: %s\n", s); exit(1); }
}

/* An approved, scored period (the API path to 'approved' is covered by
 * test_api_eval.c; only the stored score matters here). */
static void period(long long id, int unit, int q, int score)
{
    char buf[512];
    snprintf(buf, sizeof buf,
             "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100,"
             " band, created_at, updated_at) VALUES (%lld, %d, 'quarter', 2026, %d, 'approved', 'nd335_2025', %d,"
             " NULL, '2026-12-20T00:00:00Z', '2026-12-20T00:00:00Z')", id, unit, q, score);
    sql(buf);
}

/* A person through the API with one approved period per score. */
static long long person(struct client *a, int unit, const char *name, const char *position, const char *rank,
                        const int *scores, int n)
{
    char buf[768], pos[300] = "", rk[80] = "";
    seq++;
    if (position) snprintf(pos, sizeof pos, ",\"position\":\"%s\"", position);
    if (rank) snprintf(rk, sizeof rk, ",\"rank_code\":\"%s\",\"salary_step\":1", rank);
    snprintf(buf, sizeof buf, "{\"full_name\":\"%s\",\"cccd\":\"0480%02d%06d\",\"birth_date\":\"19%02d-03-10\","
             "\"sex\":1,\"ethnicity_id\":1,\"unit_id\":%d%s%s}", name, 70 + seq % 20, 200 + seq, 70 + seq % 20, unit, pos, rk);
    int st = client_req(a, "POST", "/api/v1/people", buf);
    if (st != 201) { fprintf(stderr, "person: %d %s\n", st, a->body ? a->body : ""); exit(1); }
    long long id = jint(a, "id");
    for (int q = 0; q < n; q++) period(id, unit, q + 1, scores[q]);
    return id;
}

static long long post_id(struct client *c, const char *path, const char *body)
{
    int st = client_req(c, "POST", path, body);
    if (st != 201) { fprintf(stderr, "%s: %d %s\n", path, st, c->body ? c->body : ""); exit(1); }
    return jint(c, "id");
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    sql(tree_sql);
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "officer.b", "officer", 4, 0);
    make_user(&srv, "officer.c", "officer", 5, 0);
    make_user(&srv, "leader.a", "leader", 3, 0);
    struct client a;
    login(&a, "admin");
    char name[64];
    for (int i = 0; i < 9; i++) {
        int s[1] = {7000 + 200 * i};
        snprintf(name, sizeof name, "Nguyễn Văn An %d", i + 1);
        A[i] = person(&a, 3, name, POS, "01.003", s, 1);
    }
    int x[3] = {9500, 9300, 9100};
    for (int i = 0; i < 3; i++) {
        int s[1] = {x[i]};
        snprintf(name, sizeof name, "Trần Thị Xuân %d", i + 1);
        X[i] = person(&a, 3, name, POS, "01.003", s, 1);
    }
    int k[1] = {8500};
    K = person(&a, 3, "Lê Văn Kỷ", POS, "01.003", k, 1);
    char buf[640];
    snprintf(buf, sizeof buf, "INSERT INTO discipline(person_id, year, form, authority, decision_no, effective)"
             " VALUES (%lld, 2026, 'Khiển trách', 'Giám đốc Sở', '12/QĐ-SNV', '2026-06-01')", K);
    sql(buf);
    int l[2] = {4500, 4000};
    L = person(&a, 3, "Phan Thị Lưu", "Văn thư", "02.007", l, 2);
    int b[4] = {6000, 7500, 8800, 9200};
    for (int i = 0; i < 4; i++) {
        int s[1] = {b[i]};
        snprintf(name, sizeof name, "Bùi Văn Bình %d", i + 1);
        B[i] = person(&a, 4, name, POS, "01.003", s, 1);
    }
    int p0[1] = {7000};
    P0 = person(&a, 4, "Phạm Thị Không Vị Trí", NULL, "01.003", p0, 1);
    for (int i = 0; i < 8; i++) {
        int s[1] = {7800};
        snprintf(name, sizeof name, "Vũ Văn Dựng %d", i + 1);
        V[i] = person(&a, 5, name, "Kỹ sư xây dựng", NULL, s, 1);
    }
    int y[3] = {9600, 9400, 9000};
    for (int i = 0; i < 3; i++) {
        int s[1] = {y[i]};
        snprintf(name, sizeof name, "Hồ Thị Yến %d", i + 1);
        Y[i] = person(&a, 5, name, "Kỹ sư xây dựng", NULL, s, 1);
    }
    /* carried over: Q1 in unit 4, Q2 in unit 5 (HTNV, outside the cap counts) */
    C = person(&a, 5, "Đinh Văn Chuyển", "Kỹ sư xây dựng", NULL, NULL, 0);
    period(C, 4, 1, 6000);
    period(C, 5, 2, 6000);
    make_user(&srv, "staff.a1", "staff", 0, A[0]);
    make_user(&srv, "staff.b1", "staff", 0, B[0]);
    client_free(&a);

    /* historic ratings of 2025 (NĐ 90/2020 + 48/2023) */
    struct client o;
    login(&o, "officer.a");
    snprintf(buf, sizeof buf, "{\"rows\":[{\"person_id\":%lld,\"year\":2025,\"regime\":\"nd90_48_2023\",\"level\":\"HTNV\"},"
             "{\"person_id\":%lld,\"year\":2025,\"regime\":\"nd90_48_2023\",\"level\":\"KHT\"},"
             "{\"person_id\":%lld,\"year\":2025,\"regime\":\"nd90_48_2023\",\"level\":\"HTNV\"}]}", L, K, A[0]);
    if (client_req(&o, "POST", "/api/v1/eval/ratings/import", buf) != 201) { fprintf(stderr, "import: %s\n", o.body); exit(1); }
    /* outputs of one product type: 10, 12, 8, 11 and 50 (far above the median 11) */
    ptype = post_id(&o, "/api/v1/eval/product-types",
                    "{\"unit_id\":3,\"code\":\"HS\",\"name\":\"Hồ sơ thẩm định\",\"measure\":\"hồ sơ\",\"norm_x100\":100}");
    int qty[6] = {10, 12, 8, 11, 50, 5};
    for (int i = 0; i < 6; i++) {
        snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":3,"
                 "\"product_type_id\":%lld,\"target_qty\":10,\"deadline\":\"2026-09-30\"}", A[i], ptype);
        tasks[i] = post_id(&o, "/api/v1/eval/tasks", buf);
        if (i < 5) {
            snprintf(buf, sizeof buf, "{\"quantity\":%d,\"evidence\":[{\"kind\":\"document\",\"ref\":\"%d/BC-TCCB\"}]}", qty[i], i + 1);
            snprintf(name, sizeof name, "/api/v1/eval/tasks/%lld/results", tasks[i]);
            post_id(&o, name, buf);
        }
    }
    /* a result without evidence reported long ago (reported_at cannot be
     * rewritten: written directly with its date) */
    snprintf(buf, sizeof buf, "INSERT INTO eval_result(task_id, quantity, origin, reported_by, reported_at)"
             " VALUES (%lld, 5, 'report', 1, '2026-02-01T08:00:00Z')", tasks[5]);
    sql(buf);
    client_free(&o);
}

static void teardown(void) { server_stop(&srv); }

#define BAD(c, st, code, field)                                                   \
    do {                                                                          \
        ck_assert_int_eq((st), 400);                                              \
        ck_assert_str_eq(jerr(c), (code));                                        \
        ck_assert_str_eq(jstr((c), "error.field"), (field));                      \
    } while (0)

static json_t *find_by(json_t *arr, const char *key, long long v)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
        if (json_integer_value(json_object_get(o, key)) == v) return o;
    return NULL;
}

static json_t *find_rule(json_t *arr, long long pid, const char *rule)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
        if (json_integer_value(json_object_get(o, "person_id")) == pid && !strcmp(json_string_value(json_object_get(o, "rule")), rule))
            return o;
    return NULL;
}

static json_t *find_str(json_t *arr, const char *key, const char *v)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
        if (json_string_value(json_object_get(o, key)) && !strcmp(json_string_value(json_object_get(o, key)), v)) return o;
    return NULL;
}

static const char *mem(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

START_TEST(publication_before_decision_then_immutable_versions_and_staff_view)
{
    struct client o;
    login(&o, "officer.a");
    /* nothing computed, then computed but not decided */
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026}"), 409);
    ck_assert_str_eq(jerr(&o), "not_decided");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026}"), 409);
    ck_assert_str_eq(jerr(&o), "not_decided");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 404);
    ck_assert_str_eq(jerr(&o), "not_published");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/decide",
                                "{\"year\":2026,\"decisions\":[],\"minutes\":\"Biên bản họp Hội đồng số 1\"}"), 200);
    /* validation */
    BAD(&o, client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{}"), "required", "year");
    BAD(&o, client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026,\"x\":1}"), "unknown_field", "x");
    BAD(&o, client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026,\"note\":5}"), "invalid_type", "note");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026,\"note\":\"Công bố lần đầu\"}"), 201);
    ck_assert_int_eq(jint(&o, "version"), 1);
    ck_assert_int_eq(jint(&o, "rows"), 14);
    ck_assert_int_eq(jint(&o, "totals.HTXS"), 2);
    ck_assert_int_eq(jint(&o, "totals.HTT"), 10);
    ck_assert_int_eq(jint(&o, "totals.KHT"), 2);
    long long pub1 = jint(&o, "id");
    /* the same content again */
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026}"), 409);
    ck_assert_str_eq(jerr(&o), "unchanged");
    /* the snapshot cannot change, lose rows or gain rows */
    ck_assert_int_eq(db_sql(&srv, "UPDATE eval_publication_row SET final_level = 'HTXS'"), -1);
    ck_assert_int_eq(db_sql(&srv, "DELETE FROM eval_publication_row"), -1);
    ck_assert_int_eq(db_sql(&srv, "UPDATE eval_publication SET note = 'x'"), -1);
    ck_assert_int_eq(db_sql(&srv, "DELETE FROM eval_publication"), -1);
    char buf[512];
    snprintf(buf, sizeof buf, "INSERT INTO eval_publication_row(publication_id, seq, person_id, full_name, rating_unit_id,"
             " rating_unit_name, proposed_level, final_level) VALUES (%lld, 99, %lld, 'X', 3, 'X', 'HTT', 'HTXS')", pub1, A[0]);
    ck_assert_int_eq(db_sql(&srv, buf), -1);
    /* the officer's full view */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 200);
    ck_assert_str_eq(jstr(&o, "view"), "full");
    ck_assert_int_eq(json_array_size(jget(&o, "rows")), 14);
    ck_assert_str_eq(jstr(&o, "rows.0.name"), "Trần Thị Xuân 1"); /* ordered by score */
    ck_assert_str_eq(jstr(&o, "rows.0.score"), "95.00");
    ck_assert_str_eq(jstr(&o, "rows.0.final_level"), "HTXS");
    json_t *x3 = find_by(jget(&o, "rows"), "person_id", X[2]);
    ck_assert_str_eq(mem(x3, "proposed_level"), "HTXS");
    ck_assert_str_eq(mem(x3, "final_level"), "HTT");
    ck_assert_ptr_nonnull(strstr(mem(x3, "note"), "vượt giới hạn"));
    json_t *kk = find_by(jget(&o, "rows"), "person_id", K);
    ck_assert_str_eq(mem(kk, "final_level"), "KHT");
    ck_assert_ptr_nonnull(strstr(mem(kk, "note"), "kỷ luật"));
    ck_assert_str_eq(mem(find_by(jget(&o, "rows"), "person_id", A[0]), "post"), POS);
    ck_assert_int_eq(jint(&o, "summary.totals.total"), 14);
    ck_assert_int_eq(jint(&o, "summary.groups.0.limit"), 2);
    client_free(&o);

    /* staff of the unit: colleagues' name, post, score, final level; nothing else */
    struct client s;
    login(&s, "staff.a1");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 200);
    ck_assert_str_eq(jstr(&s, "view"), "unit_member");
    ck_assert_int_eq(json_array_size(jget(&s, "rows")), 14);
    json_t *r0 = jget(&s, "rows.0");
    ck_assert_str_eq(mem(r0, "name"), "Trần Thị Xuân 1");
    ck_assert_str_eq(mem(r0, "score"), "95.00");
    ck_assert_str_eq(mem(r0, "final_level"), "HTXS");
    ck_assert_str_eq(mem(r0, "post"), POS);
    ck_assert_ptr_null(json_object_get(r0, "person_id"));
    ck_assert_ptr_null(json_object_get(r0, "note"));
    ck_assert_ptr_null(json_object_get(r0, "proposed_level"));
    ck_assert_ptr_null(jget(&s, "published_by"));
    /* staff never see colleagues through the board itself */
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings?year=2026", NULL), 404);
    /* the list of publications this user may read: unit 3, limited view */
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/publications?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&s, "items")), 1);
    ck_assert_int_eq(jint(&s, "items.0.unit_id"), 3);
    ck_assert_str_eq(jstr(&s, "items.0.view"), "limited");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/publications?year=2025", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&s, "items")), 0);
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/publications", NULL), 400);
    client_free(&s);
    /* another unit's staff and officer: 404, and the list does not name the unit */
    login(&s, "staff.b1");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/publications?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&s, "items")), 0);
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 404);
    client_free(&s);
    login(&s, "officer.b");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 404);
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026}"), 404);
    client_free(&s);
    /* the unit's leader reads it in full but cannot publish */
    login(&s, "leader.a");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 200);
    ck_assert_str_eq(jstr(&s, "view"), "full");
    ck_assert_int_eq(client_req(&s, "POST", "/api/v1/eval/units/3/ratings/publish", "{\"year\":2026}"), 404);
    client_free(&s);

    /* a correction (a misspelt name) and a re-publication: version 2, version 1 unchanged */
    snprintf(buf, sizeof buf, "UPDATE person SET full_name = 'Nguyễn Văn Ân 1' WHERE id = %lld", A[0]);
    sql(buf);
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/3/ratings/publish",
                                "{\"year\":2026,\"note\":\"Đính chính họ tên\"}"), 201);
    ck_assert_int_eq(jint(&o, "version"), 2);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published?year=2026", NULL), 200);
    ck_assert_int_eq(jint(&o, "version"), 2);
    ck_assert_int_eq(json_array_size(jget(&o, "versions")), 2);
    ck_assert_str_eq(mem(find_by(jget(&o, "rows"), "person_id", A[0]), "name"), "Nguyễn Văn Ân 1");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published?year=2026&version=1", NULL), 200);
    ck_assert_int_eq(jint(&o, "version"), 1);
    ck_assert_str_eq(jstr(&o, "note"), "Công bố lần đầu");
    ck_assert_str_eq(mem(find_by(jget(&o, "rows"), "person_id", A[0]), "name"), "Nguyễn Văn An 1");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published?year=2026&version=3", NULL), 404);
    ck_assert_str_eq(jerr(&o), "not_published");
    BAD(&o, client_req(&o, "GET", "/api/v1/eval/units/3/ratings/published", NULL), "required", "year");
    client_free(&o);
    /* audited */
    struct client ad;
    login(&ad, "admin");
    ck_assert_int_eq(client_req(&ad, "GET", "/api/v1/audit?entity=eval_publication&per_page=100", NULL), 200);
    int n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(jget(&ad, "items"), i, e)
        if (!strcmp(mem(e, "action"), "eval.rating.publish")) n++;
    ck_assert_int_eq(n, 2);
    client_free(&ad);
}
END_TEST

/* Runs after unit 3 is decided (previous test). */
START_TEST(peers_distribution_percentile_and_privacy)
{
    struct client o;
    login(&o, "officer.a");
    /* A[4] scored 78: group of 17 in the same job position across units 3
     * (decided) and 4 (approved periods only) */
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", A[4]), 200);
    ck_assert_str_eq(jstr(&o, "basis"), "position");
    ck_assert_str_eq(jstr(&o, "key"), POS);
    ck_assert_int_eq(jint(&o, "group_size"), 17);
    ck_assert_int_eq(jint(&o, "decided"), 13);
    ck_assert_int_eq(jint(&o, "peers"), 16);
    ck_assert_str_eq(jstr(&o, "score"), "78.00");
    ck_assert_str_eq(jstr(&o, "level"), "HTT");
    ck_assert_str_eq(jstr(&o, "source"), "decided");
    /* lower: 70, 72, 74, 76 (unit 3), 60, 75 (unit 4) = 6 of 16 -> 37.5 */
    ck_assert_int_eq(jint(&o, "lower"), 6);
    ck_assert_int_eq(jint(&o, "equal"), 0);
    ck_assert(json_real_value(jget(&o, "percentile")) == 37.5);
    /* levels: decided finals (2 HTXS, 9+1 HTT, 1 KHT) + bands of unit 4's averages (60 HTNV, 75, 88 HTT, 92 HTXS) */
    ck_assert_int_eq(jint(&o, "levels.HTXS"), 3);
    ck_assert_int_eq(jint(&o, "levels.HTT"), 12);
    ck_assert_int_eq(jint(&o, "levels.HTNV"), 1);
    ck_assert_int_eq(jint(&o, "levels.KHT"), 1);
    ck_assert_int_eq(jint(&o, "bands.6.count"), 1);
    ck_assert_int_eq(jint(&o, "bands.7.count"), 6);
    ck_assert_int_eq(jint(&o, "bands.8.count"), 6);
    ck_assert_int_eq(jint(&o, "bands.9.count"), 4);
    ck_assert_int_eq(jint(&o, "bands.9.from"), 90);
    ck_assert_str_eq(jstr(&o, "quartiles.median"), "82.00");
    ck_assert_str_eq(jstr(&o, "quartiles.q1"), "75.00");
    ck_assert_str_eq(jstr(&o, "quartiles.q3"), "88.00");
    ck_assert_str_eq(jstr(&o, "quartiles.min"), "60.00");
    /* aggregates only: no names of unit 4's people */
    ck_assert_ptr_null(strstr(o.body, "Bùi"));
    ck_assert_ptr_null(strstr(o.body, "Nguyễn"));
    /* unit 4's person with 60 (lowest): percentile 0, level from the band of the average */
    client_free(&o);
    struct client b;
    login(&b, "officer.b");
    ck_assert_int_eq(client_reqf(&b, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", B[0]), 200);
    ck_assert_str_eq(jstr(&b, "source"), "periods");
    ck_assert_str_eq(jstr(&b, "level"), "HTNV");
    ck_assert(json_real_value(jget(&b, "percentile")) == 0.0);
    ck_assert_int_eq(client_reqf(&b, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", A[0]), 404);
    /* no job position: the rank group (chuyen_vien: 01.003 and Văn thư viên 02.007) */
    ck_assert_int_eq(client_reqf(&b, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", P0), 200);
    ck_assert_str_eq(jstr(&b, "basis"), "rank_group");
    ck_assert_str_eq(jstr(&b, "key"), "chuyen_vien");
    ck_assert_int_eq(jint(&b, "group_size"), 19);
    /* the distribution alone, by position or by rank (code or group) */
    ck_assert_int_eq(client_req(&b, "GET", "/api/v1/eval/peers?year=2026&position=Chuy%C3%AAn%20vi%C3%AAn%20t%E1%BB%95%20ch%E1%BB%A9c", NULL), 200);
    ck_assert_int_eq(jint(&b, "group_size"), 17);
    ck_assert_ptr_null(jget(&b, "percentile"));
    ck_assert_int_eq(client_req(&b, "GET", "/api/v1/eval/peers?year=2026&rank=01.003", NULL), 200);
    ck_assert_int_eq(jint(&b, "group_size"), 19);
    ck_assert_int_eq(client_req(&b, "GET", "/api/v1/eval/peers?year=2026&rank=chuyen_vien", NULL), 200);
    ck_assert_int_eq(jint(&b, "group_size"), 19);
    BAD(&b, client_req(&b, "GET", "/api/v1/eval/peers?year=2026&rank=99.999", NULL), "unknown_code", "rank");
    BAD(&b, client_req(&b, "GET", "/api/v1/eval/peers?year=2026", NULL), "required", "position");
    BAD(&b, client_req(&b, "GET", "/api/v1/eval/peers?year=2026&rank=01.003&position=x", NULL), "invalid_value", "rank");
    BAD(&b, client_req(&b, "GET", "/api/v1/eval/peers?position=x", NULL), "required", "year");
    client_free(&b);
    /* a group under 5 people: only the person's own score, no distribution */
    login(&o, "officer.a");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", L), 200);
    ck_assert_str_eq(jstr(&o, "key"), "Văn thư");
    ck_assert_int_eq(jint(&o, "group_size"), 1);
    ck_assert(json_is_true(jget(&o, "suppressed")));
    ck_assert(json_is_null(jget(&o, "levels")));
    ck_assert(json_is_null(jget(&o, "percentile")));
    ck_assert_str_eq(jstr(&o, "score"), "42.50");
    ck_assert_str_eq(jstr(&o, "level"), "KHT");
    /* basis forced to the rank group */
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026&basis=rank", L), 200);
    ck_assert_int_eq(jint(&o, "group_size"), 19);
    ck_assert(json_is_false(jget(&o, "suppressed")));
    BAD(&o, client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026&basis=x", L), "invalid_value", "basis");
    client_free(&o);
    /* staff: their own comparison only */
    struct client s;
    login(&s, "staff.a1");
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", A[0]), 200);
    ck_assert_int_eq(jint(&s, "lower"), 1); /* 60 */
    ck_assert_int_eq(client_reqf(&s, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", A[1]), 404);
    client_free(&s);
}
END_TEST

START_TEST(flags_kht_below_twice_and_anomalies)
{
    struct client o;
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026", NULL), 200);
    /* KHT of the decided board: K (discipline) and L (score 42.50) */
    ck_assert_int_eq(json_array_size(jget(&o, "kht")), 2);
    json_t *k = find_by(jget(&o, "kht"), "person_id", K);
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(mem(k, "rule"), "nd154_2025_art2_1e");
    ck_assert_ptr_nonnull(strstr(mem(k, "reason"), "NĐ 154/2025/NĐ-CP Điều 2 khoản 1 điểm e"));
    ck_assert(json_integer_value(json_object_get(json_object_get(k, "links"), "year_rating_id")) > 0);
    ck_assert(json_integer_value(json_object_get(json_object_get(k, "links"), "decision_id")) > 0);
    ck_assert_ptr_nonnull(find_by(jget(&o, "kht"), "person_id", L));
    /* L: two periods below 50 */
    json_t *b = find_rule(jget(&o, "below_twice"), L, "periods_below_htnv");
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(b, "links"), "assessment_ids")), 2);
    ck_assert_ptr_nonnull(strstr(mem(b, "reason"), "NĐ 335/2025/NĐ-CP Điều 20"));
    /* two years running: L (2025 HTNV, 2026 KHT: NĐ 29/2023 đ), K (KHT twice: Luật 2008 Art. 58(3)) */
    b = find_rule(jget(&o, "below_twice"), L, "two_years_htnv_or_kht");
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(mem(b, "reason"), "NĐ 29/2023/NĐ-CP Điều 2 khoản 1 điểm đ"));
    ck_assert_str_eq(mem(json_array_get(json_object_get(b, "years"), 0), "source"), "history");
    ck_assert_str_eq(mem(json_array_get(json_object_get(b, "years"), 1), "source"), "board");
    b = find_rule(jget(&o, "below_twice"), K, "two_years_htnv_or_kht");
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(mem(b, "reason"), "22/2008/QH12 Điều 58 khoản 3"));
    /* not flagged: K had no period below 50; A[0] was HTNV in 2025 but HTT in 2026 */
    ck_assert_ptr_null(find_rule(jget(&o, "below_twice"), K, "periods_below_htnv"));
    ck_assert_ptr_null(find_by(jget(&o, "below_twice"), "person_id", A[0]));
    /* anomalies: 50 is > 3 x the median 10.5 of the 6 reported tasks (10, 12, 8, 11, 50 and the
     * 5 reported without evidence); the old result without evidence */
    json_t *an = find_str(jget(&o, "anomalies"), "kind", "above_median");
    ck_assert_ptr_nonnull(an);
    ck_assert_int_eq(json_integer_value(json_object_get(an, "task_id")), tasks[4]);
    ck_assert_int_eq(json_integer_value(json_object_get(an, "quantity")), 50);
    ck_assert(json_real_value(json_object_get(an, "median")) == 10.5);
    ck_assert_int_eq(json_integer_value(json_object_get(an, "peers")), 6);
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(an, "links"), "result_ids")), 1);
    json_t *ne = find_str(jget(&o, "anomalies"), "kind", "no_evidence");
    ck_assert_ptr_nonnull(ne);
    ck_assert_int_eq(json_integer_value(json_object_get(ne, "task_id")), tasks[5]);
    /* the period of the task, and the report date as people read it (15:00 Vietnam time) */
    ck_assert_ptr_nonnull(json_object_get(ne, "period_kind"));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(ne, "reason")), "ngày 01/02/2026 "));
    ck_assert_int_eq(json_array_size(jget(&o, "anomalies")), 2);
    /* the factor and the age are parameters */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026&factor=5&days=3650", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "anomalies")), 0);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026&factor=4.5", NULL), 200);
    ck_assert_ptr_nonnull(find_str(jget(&o, "anomalies"), "kind", "above_median"));
    BAD(&o, client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026&factor=1", NULL), "invalid_value", "factor");
    BAD(&o, client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026&days=-1", NULL), "invalid_value", "days");
    BAD(&o, client_req(&o, "GET", "/api/v1/eval/flags?unit=2", NULL), "required", "year");
    /* another unit: 404; default scope = the officer's subtree */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?unit=4&year=2026", NULL), 404);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "kht")), 2);
    client_free(&o);
    struct client x;
    login(&x, "officer.b");
    ck_assert_int_eq(client_req(&x, "GET", "/api/v1/eval/flags?year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&x, "kht")), 0);
    ck_assert_int_eq(json_array_size(jget(&x, "below_twice")), 0);
    ck_assert_int_eq(json_array_size(jget(&x, "anomalies")), 0);
    ck_assert_ptr_null(strstr(x.body, "Phan Thị Lưu"));
    client_free(&x);
    login(&x, "staff.a1");
    ck_assert_int_eq(client_req(&x, "GET", "/api/v1/eval/flags?year=2026", NULL), 403);
    client_free(&x);
}
END_TEST

/* --- Excel ---------------------------------------------------------------- */

#define GR 64
#define GC 8
struct grid {
    char *c[GR][GC];
};

static void grid_free(struct grid *g)
{
    for (int r = 0; r < GR; r++)
        for (int c = 0; c < GC; c++) free(g->c[r][c]);
}

static void grid_load(struct grid *g, const char *data, size_t len)
{
    memset(g, 0, sizeof *g);
    struct xlsx_reader *rd = NULL;
    char err[256];
    ck_assert_int_eq(xlsx_open_mem(data, len, &rd, err, sizeof err), 0);
    struct xlsx_row row;
    int rc;
    while ((rc = xlsx_next(rd, &row)) == 1) {
        if (row.row < 1 || row.row > GR) continue;
        for (size_t c = 0; c < row.n && c < GC; c++)
            if (row.cell[c][0]) g->c[row.row - 1][c] = strdup(row.cell[c]);
    }
    ck_assert_int_eq(rc, 0);
    xlsx_close(rd);
}

static const char *cell(struct grid *g, int r, int c) { return g->c[r][c] ? g->c[r][c] : ""; }

/* Row index whose column 0 (or col) equals text; -1 when none. */
static int row_with(struct grid *g, int col, const char *text)
{
    for (int r = 0; r < GR; r++)
        if (g->c[r][col] && !strcmp(g->c[r][col], text)) return r;
    return -1;
}

static int row_containing(struct grid *g, int col, const char *text)
{
    for (int r = 0; r < GR; r++)
        if (g->c[r][col] && strstr(g->c[r][col], text)) return r;
    return -1;
}

START_TEST(excel_export_of_the_year_results_read_back)
{
    struct client o;
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/3/ratings/export.xlsx?year=2026", NULL), 200);
    struct grid g;
    grid_load(&g, o.body, o.body_len);
    /* header block */
    ck_assert_str_eq(cell(&g, 0, 0), "Sở Nội vụ");
    ck_assert_str_eq(cell(&g, 1, 0), "Phòng Tổ chức cán bộ");
    ck_assert_str_eq(cell(&g, 0, 4), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    ck_assert_str_eq(cell(&g, 1, 4), "Độc lập - Tự do - Hạnh phúc");
    ck_assert_str_eq(cell(&g, 3, 0), "Kết quả đánh giá, xếp loại chất lượng công chức năm 2026");
    ck_assert_ptr_nonnull(strstr(cell(&g, 4, 0), "Hội đồng quyết định"));
    /* columns */
    static const char *const heads[GC] = {"STT", "Họ và tên", "Chức vụ/chức danh", "Đơn vị", "Điểm", "Mức đề xuất",
                                          "Mức xếp loại (cuối cùng)", "Ghi chú"};
    for (int c = 0; c < GC; c++) ck_assert_str_eq(cell(&g, 6, c), heads[c]);
    /* rows by score: 95 first */
    ck_assert_str_eq(cell(&g, 7, 0), "1");
    ck_assert_str_eq(cell(&g, 7, 1), "Trần Thị Xuân 1");
    ck_assert_str_eq(cell(&g, 7, 2), POS);
    ck_assert_str_eq(cell(&g, 7, 3), "Phòng Tổ chức cán bộ");
    ck_assert_str_eq(cell(&g, 7, 4), "95");
    ck_assert_str_eq(cell(&g, 7, 5), "Hoàn thành xuất sắc nhiệm vụ");
    ck_assert_str_eq(cell(&g, 7, 6), "Hoàn thành xuất sắc nhiệm vụ");
    int r = row_with(&g, 1, "Trần Thị Xuân 3");
    ck_assert_int_ge(r, 7);
    ck_assert_str_eq(cell(&g, r, 5), "Hoàn thành xuất sắc nhiệm vụ");
    ck_assert_str_eq(cell(&g, r, 6), "Hoàn thành tốt nhiệm vụ");
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 7), "vượt giới hạn"));
    r = row_with(&g, 1, "Phan Thị Lưu");
    ck_assert_str_eq(cell(&g, r, 4), "42.5");
    ck_assert_str_eq(cell(&g, r, 2), "Văn thư");
    ck_assert_str_eq(cell(&g, r, 6), "Không hoàn thành nhiệm vụ");
    r = row_with(&g, 1, "Lê Văn Kỷ");
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 7), "kỷ luật"));
    ck_assert_str_eq(cell(&g, 20, 0), "14"); /* the 14th and last row */
    /* totals per level */
    r = row_with(&g, 0, "Hoàn thành xuất sắc nhiệm vụ (HTXS)");
    ck_assert_int_gt(r, 20);
    ck_assert_str_eq(cell(&g, r, 4), "2");
    ck_assert_str_eq(cell(&g, row_with(&g, 0, "Hoàn thành tốt nhiệm vụ (HTT)"), 4), "10");
    ck_assert_str_eq(cell(&g, row_with(&g, 0, "Hoàn thành nhiệm vụ (HTNV)"), 4), "0");
    ck_assert_str_eq(cell(&g, row_with(&g, 0, "Không hoàn thành nhiệm vụ (KHT)"), 4), "2");
    ck_assert_str_eq(cell(&g, row_with(&g, 0, "Tổng số"), 4), "14");
    /* the cap line: 2 HTXS, 20% of 10 HTT = 2 */
    r = row_containing(&g, 0, "Giới hạn HTXS");
    ck_assert_int_gt(r, 20);
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 0), "2 người HTXS; 20% × 10 người HTT = 2 người"));
    /* date and signatures */
    ck_assert_int_gt(row_containing(&g, 5, "ngày "), r);
    r = row_with(&g, 0, "NGƯỜI LẬP BIỂU");
    ck_assert_int_gt(r, 0);
    ck_assert_str_eq(cell(&g, r, 5), "THỦ TRƯỞNG ĐƠN VỊ");
    grid_free(&g);
    /* scope and state */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings/export.xlsx?year=2026", NULL), 404);
    BAD(&o, client_req(&o, "GET", "/api/v1/eval/units/3/ratings/export.xlsx", NULL), "required", "year");
    client_free(&o);
    struct client s;
    login(&s, "staff.a1");
    ck_assert_int_eq(client_req(&s, "GET", "/api/v1/eval/units/3/ratings/export.xlsx?year=2026", NULL), 404);
    client_free(&s);
}
END_TEST

START_TEST(excel_export_with_exception_carried_over_and_draft)
{
    struct client o;
    login(&o, "officer.c");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings/export.xlsx?year=2026", NULL), 409);
    ck_assert_str_eq(jerr(&o), "not_computed");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/5/ratings/compute", "{\"year\":2026}"), 200);
    /* a draft before the decision: final level left empty */
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings/export.xlsx?year=2026", NULL), 200);
    struct grid g;
    grid_load(&g, o.body, o.body_len);
    ck_assert_ptr_nonnull(strstr(cell(&g, 4, 0), "DỰ THẢO"));
    ck_assert_str_eq(cell(&g, 7, 1), "Hồ Thị Yến 1");
    ck_assert_str_eq(cell(&g, 7, 6), "");
    grid_free(&g);
    char buf[640];
    snprintf(buf, sizeof buf, "{\"year\":2026,\"decisions\":[{\"person_id\":%lld,\"level\":\"HTXS\"}],"
             "\"minutes\":\"Biên bản Hội đồng ngày 20/12/2026\","
             "\"exception\":{\"decision_no\":\"88/QĐ-UBND\",\"date\":\"2026-12-15\",\"limit_percent\":25}}", Y[1]);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/5/ratings/decide", buf), 200);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings/export.xlsx?year=2026", NULL), 200);
    grid_load(&g, o.body, o.body_len);
    ck_assert_str_eq(cell(&g, 0, 0), "UBND tỉnh Thử Nghiệm");
    ck_assert_str_eq(cell(&g, 1, 0), "Sở Xây dựng");
    int r = row_with(&g, 1, "Hồ Thị Yến 2");
    ck_assert_str_eq(cell(&g, r, 6), "Hoàn thành xuất sắc nhiệm vụ");
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 7), "ngoại lệ 25% (Quyết định số 88/QĐ-UBND ngày 15/12/2026)"));
    r = row_with(&g, 1, "Hồ Thị Yến 3");
    ck_assert_str_eq(cell(&g, r, 6), "Hoàn thành tốt nhiệm vụ");
    r = row_with(&g, 1, "Đinh Văn Chuyển");
    ck_assert_str_eq(cell(&g, r, 4), "60");
    ck_assert_str_eq(cell(&g, r, 6), "Hoàn thành nhiệm vụ");
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 7), "1 kỳ đánh giá chuyển từ đơn vị cũ"));
    r = row_containing(&g, 0, "Giới hạn HTXS");
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 0), "2 người HTXS; 25% × 9 người HTT = 2 người"));
    ck_assert_ptr_nonnull(strstr(cell(&g, r, 0), "nâng từ 20% lên 25% theo Quyết định số 88/QĐ-UBND ngày 15/12/2026"));
    ck_assert_str_eq(cell(&g, row_with(&g, 0, "Tổng số"), 4), "12");
    grid_free(&g);
    /* publish: the exception is in the snapshot */
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/5/ratings/publish", "{\"year\":2026}"), 201);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/units/5/ratings/published?year=2026", NULL), 200);
    ck_assert_int_eq(jint(&o, "limit_percent"), 25);
    ck_assert_str_eq(jstr(&o, "exception_no"), "88/QĐ-UBND");
    client_free(&o);
}
END_TEST

/* A board of the parent unit (2) covers unit 3's people: the sub-unit's leader
 * and staff are users of unit 2 and read its publication in the limited view;
 * another unit's staff cannot. Runs after the flags and peers tests (a second
 * decided board row per person must not double-count them). */
START_TEST(parent_board_publication_read_by_sub_unit_users)
{
    struct client o;
    login(&o, "officer.a");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/2/ratings/compute", "{\"year\":2026}"), 200);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/2/ratings/decide",
                                "{\"year\":2026,\"decisions\":[],\"minutes\":\"Biên bản Hội đồng Sở\"}"), 200);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/units/2/ratings/publish", "{\"year\":2026}"), 201);
    ck_assert_int_eq(jint(&o, "version"), 1);
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/eval/flags?unit=2&year=2026", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "kht")), 2);
    client_free(&o);
    struct client l;
    login(&l, "leader.a");
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/units/2/ratings/published?year=2026", NULL), 200);
    ck_assert_str_eq(jstr(&l, "view"), "unit_member");
    ck_assert_int_eq(json_array_size(jget(&l, "rows")), 14);
    ck_assert_ptr_null(jget(&l, "rows.0.person_id"));
    client_free(&l);
    login(&l, "staff.a1");
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/units/2/ratings/published?year=2026", NULL), 200);
    ck_assert_str_eq(jstr(&l, "view"), "unit_member");
    ck_assert_int_eq(client_reqf(&l, "GET", NULL, "/api/v1/eval/people/%lld/peers?year=2026", A[0]), 200);
    ck_assert_int_eq(jint(&l, "decided"), 13);
    client_free(&l);
    login(&l, "staff.b1");
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/eval/units/2/ratings/published?year=2026", NULL), 404);
    client_free(&l);
}
END_TEST

/* Runs last: every write above is audited and the chain holds. */
START_TEST(audit_chain_verifies)
{
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "intact"));
}
END_TEST

extern Suite *suite_api_eval_report(void);
Suite *suite_api_eval_report(void)
{
    Suite *s = suite_create("api_eval_report");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, publication_before_decision_then_immutable_versions_and_staff_view);
    tcase_add_test(tc, peers_distribution_percentile_and_privacy);
    tcase_add_test(tc, flags_kht_below_twice_and_anomalies);
    tcase_add_test(tc, excel_export_of_the_year_results_read_back);
    tcase_add_test(tc, excel_export_with_exception_carried_over_and_draft);
    tcase_add_test(tc, parent_board_publication_read_by_sub_unit_users);
    tcase_add_test(tc, audit_chain_verifies);
    suite_add_tcase(s, tc);
    return s;
}
