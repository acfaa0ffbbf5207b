/* API tests for grading and results (issue 5; docs/exam-grading.md):
 * automatic grading (exact option sets, short answers folded), double-blind
 * essays under anonymous codes with a third grader past the gap, pass rules,
 * the recruitment ranking with priority points and a tie at the last place
 * decided by the head (NĐ 170/2025, rules.md §4.2, §4.3; core/exam.h),
 * publication without names, appeals, item statistics, staff results on the
 * person, the Excel export read back, and an intact audit chain.
 * Attempts and answers are inserted per the contract of migration 6. */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "io/xlsx_read.h"

static struct server srv;
static long long subj, t_law, t_it, p1, p2, p3;
static json_t *vtype; /* version_id (text) -> type */

static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),(2,'2020-01-01','Sở Nội vụ','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES (1,1,0),(2,2,0),(1,2,1);";

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    if (st != 200) { fprintf(stderr, "login %s: %d\n", user, st); exit(1); }
}

static long long must(struct client *c, int want, const char *method, const char *path, const char *body)
{
    int st = client_req(c, method, path, body);
    if (st != want) { fprintf(stderr, "%s %s: %d %s\n", method, path, st, c->body ? c->body : ""); exit(1); }
    return jget(c, "id") ? jint(c, "id") : 0;
}

static long long mustf(struct client *c, int want, const char *method, const char *body, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static long long mustf(struct client *c, int want, const char *method, const char *body, const char *fmt, ...)
{
    char path[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    return must(c, want, method, path, body);
}

static long long user_id(struct client *admin, const char *name)
{
    client_req(admin, "GET", "/api/v1/users", NULL);
    json_t *items = jget(admin, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *u = json_array_get(items, i);
        if (!strcmp(json_string_value(json_object_get(u, "username")), name)) return json_integer_value(json_object_get(u, "id"));
    }
    return -1;
}

/* Bank: law d1: 2 single (option 0 correct, 100 each); law d2: a multiple
 * (options 0 and 2 correct, 200) and a short answer (100); law d4: a
 * true/false (Đúng correct, 100); it d3: an essay (400). Every blueprint row
 * takes its whole pool, so each form has the same 6 items (max 1000). */
static char *bank_json(void)
{
    json_t *qs = json_array();
    for (int i = 0; i < 2; i++)
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b},{s:s,s:b}]}", "topic_code", "luat", "type",
                                            "single", "difficulty", 1, "stem", i ? "Câu một lựa chọn 2?" : "Câu một lựa chọn 1?",
                                            "options", "text", "A", "correct", 1, "text", "B", "correct", 0, "text", "C", "correct", 0));
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:i,s:[{s:s,s:b},{s:s,s:b},{s:s,s:b},{s:s,s:b}]}", "topic_code", "luat",
                                        "type", "multiple", "difficulty", 2, "stem", "Chọn các ý đúng.", "points", 200, "options",
                                        "text", "Ý 1", "correct", 1, "text", "Ý 2", "correct", 0, "text", "Ý 3", "correct", 1,
                                        "text", "Ý 4", "correct", 0));
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:s}", "topic_code", "luat", "type", "short_answer", "difficulty", 2,
                                        "stem", "Nghị định nào quy định tuyển dụng công chức từ 01/7/2025?", "answer",
                                        "Nghị định 170|NĐ 170/2025/NĐ-CP"));
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b}]}", "topic_code", "luat", "type", "true_false",
                                        "difficulty", 4, "stem", "Vòng 1 đạt khi đúng từ 50% số câu.", "options", "text", "Đúng",
                                        "correct", 1, "text", "Sai", "correct", 0));
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:s,s:i}", "topic_code", "tinhoc", "type", "essay", "difficulty", 3,
                                        "stem", "Trình bày quy trình số hóa hồ sơ.", "answer", "3 ý, mỗi ý 1 điểm.", "points", 400));
    json_t *o = json_pack("{s:o}", "questions", qs);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static long long person(struct client *c, const char *name, const char *cccd)
{
    char body[300];
    snprintf(body, sizeof body, "{\"full_name\":\"%s\",\"cccd\":\"%s\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
             "\"ethnicity_id\":1,\"unit_id\":2}", name, cccd);
    return must(c, 201, "POST", "/api/v1/people", body);
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) exit(1);
    const char *users[] = {"author.a", "board.a", "gk1", "gk2", "gk3", "gk4", "outsider"};
    for (size_t i = 0; i < sizeof users / sizeof *users; i++) make_user(&srv, users[i], "leader", 2, 0);
    struct client c, a;
    login(&c, "admin");
    p1 = person(&c, "Nguyễn Văn Dũng", "048080000123");
    p2 = person(&c, "Trần Thị Mai", "048080000124");
    p3 = person(&c, "Lê Văn Tám", "048080000125");
    subj = must(&c, 201, "POST", "/api/v1/exam/subjects", "{\"code\":\"kthc\",\"name\":\"Kiến thức chung\"}");
    t_law = mustf(&c, 201, "POST", "{\"code\":\"luat\",\"name\":\"Pháp luật\"}", "/api/v1/exam/subjects/%lld/topics", subj);
    t_it = mustf(&c, 201, "POST", "{\"code\":\"tinhoc\",\"name\":\"Tin học\"}", "/api/v1/exam/subjects/%lld/topics", subj);
    char body[128];
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"author\"}", user_id(&c, "author.a"));
    mustf(&c, 201, "POST", body, "/api/v1/exam/subjects/%lld/members", subj);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"board\"}", user_id(&c, "board.a"));
    mustf(&c, 201, "POST", body, "/api/v1/exam/subjects/%lld/members", subj);
    login(&a, "author.a");
    char *bank = bank_json();
    mustf(&a, 201, "POST", bank, "/api/v1/exam/subjects/%lld/bank", subj);
    free(bank);
    mustf(&a, 200, "GET", NULL, "/api/v1/exam/subjects/%lld/questions", subj);
    vtype = json_object();
    json_t *items = jget(&a, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(json_array_get(items, i), "version_id")));
        json_object_set(vtype, k, json_object_get(json_array_get(items, i), "type"));
    }
    client_free(&a);
    client_free(&c);
}

static void teardown(void)
{
    json_decref(vtype);
    server_stop(&srv);
}

static long long make_exam(struct client *c, const char *type, const char *date)
{
    char ex[600];
    snprintf(ex, sizeof ex, "{\"subject_id\":%lld,\"type\":\"%s\",\"title\":\"Kỳ thi %s\",\"reference_date\":\"%s\","
             "\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":2},"
             "{\"topic_id\":%lld,\"difficulty\":2,\"count\":2},{\"topic_id\":%lld,\"difficulty\":4,\"count\":1},"
             "{\"topic_id\":%lld,\"difficulty\":3,\"count\":1}]}", subj, type, type, date, t_law, t_law, t_law, t_it);
    return must(c, 201, "POST", "/api/v1/exams", ex);
}

/* SQL string literal body: quotes doubled. Caller frees. */
static char *sql_quote(const char *s)
{
    char *o = malloc(2 * strlen(s) + 1), *p = o;
    for (; *s; s++) {
        if (*s == '\'') *p++ = '\'';
        *p++ = *s;
    }
    *p = 0;
    return o;
}

/* An exam of the five objective items only (no essay; max 600). */
static long long make_objective_exam(struct client *c, const char *type, const char *date)
{
    char ex[600];
    snprintf(ex, sizeof ex, "{\"subject_id\":%lld,\"type\":\"%s\",\"title\":\"Trắc nghiệm %s\",\"reference_date\":\"%s\","
             "\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":2},"
             "{\"topic_id\":%lld,\"difficulty\":2,\"count\":2},{\"topic_id\":%lld,\"difficulty\":4,\"count\":1}]}",
             subj, type, type, date, t_law, t_law, t_law);
    return must(c, 201, "POST", "/api/v1/exams", ex);
}

/* A candidate's answers, as JSON responses per item type (NULL = not answered). */
struct answers { const char *single1, *single2, *multiple, *short_answer, *tf, *essay; };

/* When set, sit() leaves the attempt open past its deadline (the candidate
 * never pressed submit and nobody swept it): grading must close it first. */
static int sit_leave_open;

/* Sits the candidate's form: attempt, answers (stored option ords), submit. */
static void sit(struct client *c, long long exam, long long cand, const struct answers *a)
{
    mustf(c, 200, "GET", NULL, "/api/v1/exams/%lld/candidates/%lld/form", exam, cand);
    long long form = jint(c, "form_id");
    char sql[4096];
    snprintf(sql, sizeof sql, "INSERT INTO exam_attempt(candidate_id, form_id, started_at, deadline_at) VALUES"
             " (%lld, %lld, '2026-05-10T01:00:00.000Z', '2026-05-10T02:00:00.000Z');", cand, form);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
    json_t *items = jget(c, "items");
    int singles = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(it, "version_id")));
        const char *type = json_string_value(json_object_get(vtype, k));
        ck_assert_ptr_nonnull(type);
        const char *resp = !strcmp(type, "single") ? (singles++ ? a->single2 : a->single1)
                         : !strcmp(type, "multiple") ? a->multiple
                         : !strcmp(type, "short_answer") ? a->short_answer
                         : !strcmp(type, "true_false") ? a->tf : a->essay;
        if (!resp) continue;
        char *q = sql_quote(resp);
        snprintf(sql, sizeof sql, "INSERT INTO exam_answer(form_id, pos, response, seq, saved_at) VALUES"
                 " (%lld, %lld, '%s', 1, '2026-05-10T01:10:00.000Z');", form,
                 (long long)json_integer_value(json_object_get(it, "pos")), q);
        free(q);
        ck_assert_int_eq(db_sql(&srv, sql), 0);
    }
    if (sit_leave_open) return;
    snprintf(sql, sizeof sql, "UPDATE exam_attempt SET submitted_at = '2026-05-10T01:50:00.000Z', submit_kind = 'candidate'"
             " WHERE candidate_id = %lld;", cand);
    ck_assert_int_eq(db_sql(&srv, sql), 0);
}

/* The first column of the first row of a query on the server's db, as a number (-1: none). */
static long long sql_num(const char *q)
{
    sqlite3 *h;
    long long v = -1;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return -1;
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, q, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

/* The results row of a candidate (borrowed from c's last body). */
static json_t *row_of(struct client *c, long long cand)
{
    json_t *items = jget(c, "candidates");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (json_integer_value(json_object_get(json_array_get(items, i), "candidate_id")) == cand) return json_array_get(items, i);
    return NULL;
}
static long long rint_(struct client *c, long long cand, const char *k)
{
    json_t *r = row_of(c, cand);
    ck_assert_ptr_nonnull(r);
    return json_integer_value(json_object_get(r, k));
}
static const char *rstr(struct client *c, long long cand, const char *k)
{
    json_t *r = row_of(c, cand);
    ck_assert_ptr_nonnull(r);
    const char *s = json_string_value(json_object_get(r, k));
    return s ? s : "";
}

/* The grader's open task on the essay of the candidate with this code: task id or 0. */
static long long task_for(const char *grader, const char *code, long long exam, int *slot)
{
    struct client g;
    login(&g, grader);
    mustf(&g, 200, "GET", NULL, "/api/v1/exam/grading/tasks?exam=%lld", exam);
    long long id = 0;
    json_t *items = jget(&g, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *t = json_array_get(items, i);
        if (!strcmp(json_string_value(json_object_get(t, "code")), code)) {
            id = json_integer_value(json_object_get(t, "task_id"));
            if (slot) *slot = (int)json_integer_value(json_object_get(t, "slot"));
        }
    }
    client_free(&g);
    return id;
}

static int mark(const char *grader, long long task, int pts)
{
    struct client g;
    login(&g, grader);
    char body[64];
    snprintf(body, sizeof body, "{\"mark\":%d}", pts);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/exam/grading/tasks/%lld", task);
    int st = client_req(&g, "PUT", path, body);
    client_free(&g);
    return st;
}

static int audit_count(const char *action)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/audit?per_page=500", NULL), 200);
    json_t *items = jget(&c, "items");
    int n = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        n += !strcmp(json_string_value(json_object_get(json_array_get(items, i), "action")), action);
    client_free(&c);
    return n;
}

static const char *graders4[] = {"gk1", "gk2", "gk3", "gk4"};

START_TEST(staff_test_grading_essays_appeal_and_person_results)
{
    struct client c, b;
    login(&c, "admin");
    login(&b, "board.a");
    long long ex = make_exam(&c, "staff_test", "2025-11-20");
    char body[200];
    long long cand[3];
    long long pp[3] = {p1, p2, p3};
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"person_id\":%lld}", pp[i]);
        cand[i] = mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/candidates", ex);
    }
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", ex);
    /* Candidate 1: all objective items right; the short answer without
     * diacritics and in other case (vn_fold); candidate 2: one single wrong,
     * the multiple partly right ([0] of {0,2}: nothing), short answer via the
     * second alternative, true/false wrong; candidate 3 absent. */
    struct answers a1 = {"[0]", "[0]", "[0,2]", "\"nghi DINH  170\"", "[0]", "\"Bước 1, bước 2, bước 3.\""};
    struct answers a2 = {"[0]", "[1]", "[0]", "\"NĐ 170/2025/NĐ-CP\"", "[1]", "\"Chỉ một ý.\""};
    sit(&c, ex, cand[0], &a1);
    sit_leave_open = 1; /* candidate 2's deadline passed without a submit */
    sit(&c, ex, cand[1], &a2);
    sit_leave_open = 0;

    /* Graders are assigned by the board; an outsider sees nothing. */
    struct client o;
    login(&o, "outsider");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/exams/%lld/results", ex), 404);
    ck_assert_int_eq(client_reqf(&o, "POST", "{}", "/api/v1/exams/%lld/grading/run", ex), 404);
    /* The pick list of graders: the board sees active users with only id,
     * username, display name and role; an outsider gets 404; an inactive
     * user and those already graders are not offered. */
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/exams/%lld/grading/eligible-graders", ex), 404);
    snprintf(body, sizeof body, "UPDATE app_user SET active = 0 WHERE username = 'gk4';");
    ck_assert_int_eq(db_sql(&srv, body), 0);
    snprintf(body, sizeof body, "{\"user_id\":%lld}", user_id(&c, graders4[0]));
    mustf(&b, 201, "POST", body, "/api/v1/exams/%lld/grading/graders", ex);
    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/grading/eligible-graders", ex);
    {
        json_t *el = jget(&b, "items");
        int seen_gk2 = 0, seen_gk1 = 0, seen_gk4 = 0;
        for (size_t i = 0; i < json_array_size(el); i++) {
            json_t *u = json_array_get(el, i);
            ck_assert_int_eq(json_object_size(u), 4);
            ck_assert_ptr_nonnull(json_object_get(u, "display_name"));
            ck_assert(json_is_string(json_object_get(u, "role")));
            const char *un = json_string_value(json_object_get(u, "username"));
            seen_gk1 += !strcmp(un, "gk1");
            seen_gk4 += !strcmp(un, "gk4");
            if (!strcmp(un, "gk2")) {
                seen_gk2 = 1;
                ck_assert_int_eq(json_integer_value(json_object_get(u, "id")), user_id(&c, "gk2"));
                ck_assert_str_eq(json_string_value(json_object_get(u, "role")), "leader");
            }
        }
        ck_assert_int_eq(seen_gk2, 1);
        ck_assert_int_eq(seen_gk1, 0); /* already a grader */
        ck_assert_int_eq(seen_gk4, 0); /* inactive */
        ck_assert_ptr_null(strstr(b.body, "pw_hash"));
    }
    snprintf(body, sizeof body, "UPDATE app_user SET active = 1 WHERE username = 'gk4';");
    ck_assert_int_eq(db_sql(&srv, body), 0);
    for (int i = 1; i < 3; i++) {
        snprintf(body, sizeof body, "{\"user_id\":%lld}", user_id(&c, graders4[i]));
        mustf(&b, 201, "POST", body, "/api/v1/exams/%lld/grading/graders", ex);
    }
    mustf(&b, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", ex);
    ck_assert_int_eq(jint(&b, "graded"), 2);
    ck_assert_int_eq(jint(&b, "not_submitted"), 0);
    ck_assert_int_eq(jint(&b, "absent"), 1);
    /* The open attempt was closed at its deadline by the run's sweep, audited. */
    snprintf(body, sizeof body, "SELECT count(*) FROM exam_attempt WHERE candidate_id = %lld AND submit_kind = 'deadline'"
             " AND submitted_at = deadline_at", cand[1]);
    ck_assert_int_eq(sql_num(body), 1);
    snprintf(body, sizeof body, "SELECT count(*) FROM audit_log WHERE action = 'exam.attempt.deadline' AND entity_id = %lld", cand[1]);
    ck_assert_int_eq(sql_num(body), 1);
    ck_assert_int_eq(jint(&b, "essays"), 2);
    ck_assert_int_eq(jint(&b, "essays_unassigned"), 0);

    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_int_eq(rint_(&b, cand[0], "points"), 600); /* 100+100+200+100+100 */
    ck_assert_int_eq(rint_(&b, cand[1], "points"), 200); /* single 100 + short answer 100 */
    ck_assert_int_eq(rint_(&b, cand[0], "max_points"), 1000);
    ck_assert_str_eq(rstr(&b, cand[0], "status"), "grading");
    ck_assert_str_eq(rstr(&b, cand[2], "status"), "absent");
    ck_assert(!json_is_true(jget(&b, "complete")));
    char code1[16], code2[16];
    snprintf(code1, sizeof code1, "%s", rstr(&b, cand[0], "anon_code"));
    snprintf(code2, sizeof code2, "%s", rstr(&b, cand[1], "anon_code"));
    ck_assert_int_eq(strlen(code1), 8);
    ck_assert_str_ne(code1, code2);

    /* Each essay has two graders; a grader's task list names no candidate. */
    const char *g1[2] = {0}, *g2[2] = {0};
    int n1 = 0, n2 = 0;
    long long t1[2] = {0}, t2[2] = {0};
    for (int i = 0; i < 3; i++) {
        long long t = task_for(graders4[i], code1, ex, NULL);
        if (t) { g1[n1] = graders4[i]; t1[n1++] = t; }
        t = task_for(graders4[i], code2, ex, NULL);
        if (t) { g2[n2] = graders4[i]; t2[n2++] = t; }
    }
    ck_assert_int_eq(n1, 2);
    ck_assert_int_eq(n2, 2);
    struct client g;
    login(&g, g1[0]);
    mustf(&g, 200, "GET", NULL, "/api/v1/exam/grading/tasks?exam=%lld", ex);
    ck_assert_ptr_null(strstr(g.body, "Nguyễn"));
    ck_assert_ptr_null(strstr(g.body, "full_name"));
    ck_assert_ptr_nonnull(strstr(g.body, "Bước 1, bước 2"));
    /* A grader cannot read the exam's results, and cannot mark another's task. */
    ck_assert_int_eq(client_reqf(&g, "GET", NULL, "/api/v1/exams/%lld/results", ex), 404);
    client_free(&g);
    ck_assert_int_eq(mark("outsider", t1[0], 100), 404);
    ck_assert_int_eq(mark(g1[0], t1[0], 401), 400); /* above the item's 4 points */

    /* Essay 1: 3,00 and 3,20: within 10% of 4 points -> average 3,10. */
    ck_assert_int_eq(mark(g1[0], t1[0], 300), 200);
    login(&g, g1[1]);
    mustf(&g, 200, "GET", NULL, "/api/v1/exam/grading/tasks?exam=%lld", ex);
    ck_assert_ptr_null(strstr(g.body, "300")); /* the first mark is not shown */
    client_free(&g);
    ck_assert_int_eq(mark(g1[1], t1[1], 320), 200);
    /* Essay 2: 1,00 and 3,00 differ by more than 0,40: a third grader. */
    ck_assert_int_eq(mark(g2[0], t2[0], 100), 200);
    ck_assert_int_eq(mark(g2[1], t2[1], 300), 200);
    const char *third = NULL;
    long long t3 = 0;
    int slot = 0;
    for (int i = 0; i < 3; i++) {
        int s = 0;
        long long t = task_for(graders4[i], code2, ex, &s);
        if (s == 3) { third = graders4[i]; t3 = t; slot = s; }
    }
    ck_assert_ptr_nonnull(third);
    ck_assert_int_eq(slot, 3);
    ck_assert_int_eq(mark(g2[0], t2[0], 200), 409); /* the first two marks are locked once a third is called */
    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_int_eq(rint_(&b, cand[1], "essays_pending"), 1);
    /* Third 2,50: closer to 3,00 -> (2,50 + 3,00) / 2 = 2,75. */
    ck_assert_int_eq(mark(third, t3, 250), 200);
    ck_assert_int_eq(mark(third, t3, 260), 409);
    /* A grader removed from the exam loses their tasks. */
    snprintf(body, sizeof body, "{\"user_id\":%lld}", user_id(&c, g1[0]));
    mustf(&b, 200, "DELETE", body, "/api/v1/exams/%lld/grading/graders", ex);
    ck_assert_int_eq(task_for(g1[0], code1, ex, NULL), 0);
    ck_assert_int_eq(mark(g1[0], t1[0], 300), 404);

    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert(json_is_true(jget(&b, "complete")));
    ck_assert_int_eq(rint_(&b, cand[0], "points"), 910);
    ck_assert_int_eq(rint_(&b, cand[1], "points"), 475);
    ck_assert(json_is_true(json_object_get(row_of(&b, cand[0]), "passed")));
    ck_assert(json_is_false(json_object_get(row_of(&b, cand[1]), "passed"))); /* 47,5% < 50% */
    ck_assert(json_is_false(json_object_get(row_of(&b, cand[2]), "passed")));

    /* Not public before publication; then by registration number, no names. */
    struct client anon;
    client_init(&anon, &srv);
    ck_assert_int_eq(client_reqf(&anon, "GET", NULL, "/api/v1/exams/%lld/results/public", ex), 404);
    mustf(&b, 200, "POST", "{}", "/api/v1/exams/%lld/publish", ex);
    ck_assert_int_eq(client_reqf(&anon, "GET", NULL, "/api/v1/exams/%lld/results/public", ex), 200);
    ck_assert_int_eq(json_array_size(jget(&anon, "items")), 3);
    ck_assert_str_eq(jstr(&anon, "items.0.reg_no"), "SBD0001");
    ck_assert_ptr_null(strstr(anon.body, "Nguyễn"));
    ck_assert_ptr_null(strstr(anon.body, code1));
    client_free(&anon);

    /* The staff result is on the person. */
    mustf(&c, 200, "GET", NULL, "/api/v1/exam/people/%lld/results", p1);
    ck_assert_int_eq(json_array_size(jget(&c, "items")), 1);
    ck_assert_int_eq(jint(&c, "items.0.points"), 910);
    ck_assert_int_eq(jint(&c, "items.0.passed"), 1);
    ck_assert_int_eq(jint(&c, "items.0.percent"), 9100);
    mustf(&c, 200, "GET", NULL, "/api/v1/exam/people/%lld/results", p2);
    ck_assert_int_eq(jint(&c, "items.0.passed"), 0);

    /* Appeal on candidate 2's essay: every grader of the exam marked it, so a
     * fourth is needed; the re-grade is applied by the board's decision. */
    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/candidates/%lld/form", ex, cand[1]);
    long long essay_pos = -1;
    json_t *items = jget(&b, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(json_array_get(items, i), "version_id")));
        if (!strcmp(json_string_value(json_object_get(vtype, k)), "essay"))
            essay_pos = json_integer_value(json_object_get(json_array_get(items, i), "pos"));
    }
    snprintf(body, sizeof body, "{\"candidate_id\":%lld,\"pos\":%lld,\"reason\":\"Đề nghị chấm lại câu tự luận.\"}", cand[1], essay_pos);
    ck_assert_int_eq(client_reqf(&b, "POST", body, "/api/v1/exams/%lld/appeals", ex), 409);
    ck_assert_str_eq(jerr(&b), "no_regrader");
    char gb[64];
    snprintf(gb, sizeof gb, "{\"user_id\":%lld}", user_id(&c, "gk4"));
    mustf(&b, 201, "POST", gb, "/api/v1/exams/%lld/grading/graders", ex);
    long long ap = mustf(&b, 201, "POST", body, "/api/v1/exams/%lld/appeals", ex);
    login(&g, "gk4");
    mustf(&g, 200, "GET", NULL, "/api/v1/exam/grading/tasks?exam=%lld", ex);
    ck_assert_int_eq(json_array_size(jget(&g, "appeals")), 1);
    ck_assert_str_eq(jstr(&g, "appeals.0.code"), code2);
    ck_assert_ptr_null(jget(&g, "appeals.0.before_points")); /* blind re-grade */
    ck_assert_int_eq(client_reqf(&g, "POST", "{\"accept\":true,\"decision_no\":\"x\"}", "/api/v1/exams/%lld/appeals/%lld/decision", ex, ap), 404);
    mustf(&g, 200, "PUT", "{\"mark\":350}", "/api/v1/exam/appeals/%lld/regrade", ap);
    client_free(&g);
    ck_assert_int_eq(client_reqf(&c, "PUT", "{\"mark\":350}", "/api/v1/exam/appeals/%lld/regrade", ap), 404); /* not the regrader */
    mustf(&b, 200, "POST", "{\"accept\":true,\"decision_no\":\"12/QĐ-HĐKT\"}", "/api/v1/exams/%lld/appeals/%lld/decision", ex, ap);
    ck_assert_int_eq(jint(&b, "before_points"), 275);
    ck_assert_int_eq(jint(&b, "after_points"), 350);
    ck_assert_str_eq(jstr(&b, "status"), "accepted");
    mustf(&b, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_int_eq(rint_(&b, cand[1], "points"), 550); /* recomputed: 475 - 275 + 350 */
    ck_assert(json_is_true(json_object_get(row_of(&b, cand[1]), "passed")));
    mustf(&c, 200, "GET", NULL, "/api/v1/exam/people/%lld/results", p2);
    ck_assert_int_eq(jint(&c, "items.0.passed"), 1);
    ck_assert_int_eq(audit_count("exam_appeal.decide"), 1);
    ck_assert_int_eq(audit_count("exam_essay.mark"), 5);
    ck_assert_int_gt(audit_count("question.read"), 0); /* graders' views of the essay question are logged reads */

    /* Item statistics: the bank's members only. */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/exams/%lld/item-stats", ex), 404); /* admin is not a member */
    struct client au;
    login(&au, "author.a");
    mustf(&au, 200, "GET", NULL, "/api/v1/exams/%lld/item-stats", ex);
    ck_assert_int_eq(jint(&au, "candidates"), 2);
    json_t *st = jget(&au, "items");
    int seen = 0;
    for (size_t i = 0; i < json_array_size(st); i++) {
        json_t *it = json_array_get(st, i);
        const char *type = json_string_value(json_object_get(it, "type"));
        if (!strcmp(type, "multiple")) {
            seen++;
            ck_assert_int_eq(json_integer_value(json_object_get(it, "responses")), 2);
            ck_assert(json_number_value(json_object_get(it, "difficulty_index")) == 0.5);
            /* upper group (candidate 1) right, lower (candidate 2) wrong */
            ck_assert(json_number_value(json_object_get(it, "discrimination")) == 1.0);
            json_t *never = json_object_get(it, "never_chosen");
            ck_assert_int_eq(json_array_size(never), 2);
            ck_assert_int_eq(json_integer_value(json_array_get(never, 0)), 1);
            ck_assert_int_eq(json_integer_value(json_array_get(never, 1)), 3);
            ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(it, "options"), 0), "chosen")), 2);
        }
        if (!strcmp(type, "short_answer")) {
            seen++;
            ck_assert(json_number_value(json_object_get(it, "difficulty_index")) == 1.0);
        }
    }
    ck_assert_int_eq(seen, 2);
    client_free(&au);
    client_free(&o);
    client_free(&b);
    client_free(&c);
}
END_TEST

/* NĐ 170/2025 (rules.md §4.2, §4.3): round 2 pass at ≥ 50 points, winners
 * ranked by round 2 + the single highest priority within the quota; a tie at
 * the last place goes to the higher round-2 score, then to the head. */
START_TEST(recruitment_ranking_priority_tie_decision_and_export)
{
    struct client c;
    login(&c, "admin");
    long long ex = make_exam(&c, "recruit_r2", "2026-05-10");
    long long cand[3];
    const char *ext[3] = {
        "{\"full_name\":\"Phạm Văn An\",\"birth_date\":\"1998-03-04\",\"cccd\":\"011098000771\"}",
        "{\"full_name\":\"Hoàng Thị Bình\",\"birth_date\":\"1997-01-02\",\"cccd\":\"011097000772\"}",
        "{\"full_name\":\"Lò Văn Páo\",\"birth_date\":\"1996-05-06\",\"cccd\":\"011096000773\","
        "\"priority\":[\"dan_toc_thieu_so\",\"hoan_thanh_nghia_vu_quan_su\"]}"};
    for (int i = 0; i < 3; i++) cand[i] = mustf(&c, 201, "POST", ext[i], "/api/v1/exams/%lld/candidates", ex);
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", ex);
    struct answers all = {"[0]", "[0]", "[0,2]", "\"Nghị định 170\"", "[0]", "\"Bài viết.\""};
    struct answers one_wrong = {"[0]", "[2]", "[0,2]", "\"Nghị định 170\"", "[0]", "\"Bài viết.\""};
    sit(&c, ex, cand[0], &all);
    sit(&c, ex, cand[1], &all);
    sit(&c, ex, cand[2], &one_wrong);
    char body[200];
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "{\"user_id\":%lld}", user_id(&c, graders4[i]));
        mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/grading/graders", ex);
    }
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", ex);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert(json_is_false(jget(&c, "ranking.ready")));
    /* Essays: An and Bình 3,00 -> 90,00; Páo 3,50 -> 500 + 350 = 85,00, + 5 priority = 90,00. */
    int marks[3] = {300, 300, 350};
    for (int i = 0; i < 3; i++) {
        char code[16];
        snprintf(code, sizeof code, "%s", rstr(&c, cand[i], "anon_code"));
        for (int k = 0; k < 2; k++) ck_assert_int_eq(mark(graders4[k], task_for(graders4[k], code, ex, NULL), marks[i]), 200);
    }
    mustf(&c, 200, "POST", "{\"code\":\"VT01\",\"name\":\"Chuyên viên tổ chức cán bộ\",\"quota\":1}", "/api/v1/exams/%lld/positions", ex);
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"position\":\"VT99\"}", "/api/v1/exams/%lld/grading/candidates/%lld", ex, cand[0]), 400);
    for (int i = 0; i < 3; i++)
        mustf(&c, 200, "PATCH", "{\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60}}",
              "/api/v1/exams/%lld/grading/candidates/%lld", ex, cand[i]);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert(json_is_true(jget(&c, "ranking.ready")));
    ck_assert_int_eq(rint_(&c, cand[0], "round2"), 9000);
    ck_assert_int_eq(rint_(&c, cand[2], "round2"), 8500);
    ck_assert_int_eq(rint_(&c, cand[2], "priority_points"), 500); /* only the highest priority */
    ck_assert_int_eq(rint_(&c, cand[2], "total"), 9000);
    ck_assert_str_eq(rstr(&c, cand[2], "result"), "khong_trung_tuyen");
    ck_assert_str_eq(rstr(&c, cand[2], "tie"), "round2");
    ck_assert_str_eq(rstr(&c, cand[0], "result"), "cho_quyet_dinh");
    ck_assert_str_eq(rstr(&c, cand[1], "result"), "cho_quyet_dinh");
    ck_assert_str_eq(rstr(&c, cand[0], "tie"), "full");
    ck_assert_int_gt(json_array_size(json_object_get(row_of(&c, cand[0]), "explain")), 2);
    ck_assert_int_eq(client_reqf(&c, "POST", "{}", "/api/v1/exams/%lld/publish", ex), 409);
    ck_assert_str_eq(jerr(&c), "tie_pending");

    /* The decision must name someone from the full tie. */
    snprintf(body, sizeof body, "{\"position\":\"VT01\",\"winners\":[%lld],\"decision_no\":\"25/QĐ-SNV\",\"date\":\"2026-06-01\"}", cand[2]);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/exams/%lld/tie-decisions", ex), 400);
    ck_assert_str_eq(jerr(&c), "invalid_decision");
    snprintf(body, sizeof body, "{\"position\":\"VT01\",\"winners\":[%lld],\"decision_no\":\"25/QĐ-SNV\",\"date\":\"2026-06-01\"}", cand[1]);
    mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/tie-decisions", ex);
    ck_assert_int_eq(client_reqf(&c, "POST", body, "/api/v1/exams/%lld/tie-decisions", ex), 409);
    ck_assert_int_eq(audit_count("exam_tie.decide"), 1);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_str_eq(rstr(&c, cand[1], "result"), "trung_tuyen");
    ck_assert_str_eq(rstr(&c, cand[0], "result"), "khong_trung_tuyen");
    json_t *ex1 = json_object_get(row_of(&c, cand[1]), "explain");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_array_get(ex1, json_array_size(ex1) - 1)), "25/QĐ-SNV"));
    /* Reproducible: the same request gives the same document. */
    char *once = json_dumps(jget(&c, "candidates"), JSON_COMPACT | JSON_SORT_KEYS);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    char *twice = json_dumps(jget(&c, "candidates"), JSON_COMPACT | JSON_SORT_KEYS);
    ck_assert_str_eq(once, twice);
    free(once);
    free(twice);
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/publish", ex);

    /* Excel export, read back. */
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results/export", ex);
    struct xlsx_reader *xr = NULL;
    char err[256];
    ck_assert_int_eq(xlsx_open_mem(c.body, c.body_len, &xr, err, sizeof err), 0);
    ck_assert_str_eq(xlsx_sheet_name(xr), "Kết quả");
    struct xlsx_row row;
    ck_assert_int_eq(xlsx_next(xr, &row), 1);
    ck_assert_str_eq(row.cell[0], "Số báo danh");
    ck_assert_str_eq(row.cell[11], "Thứ hạng");
    ck_assert_str_eq(row.cell[13], "Bằng điểm");
    int rows = 0, winners = 0;
    while (xlsx_next(xr, &row) == 1) {
        rows++;
        ck_assert(row.n >= 13);
        if (!strcmp(row.cell[1], "Hoàng Thị Bình")) {
            ck_assert_str_eq(row.cell[0], "SBD0002");
            ck_assert_str_eq(row.cell[10], "90");
            ck_assert_str_eq(row.cell[12], "trúng tuyển");
            /* The tie column in words, as the results page shows it (not the code "full"). */
            ck_assert_int_ge(row.n, 14);
            ck_assert_str_eq(row.cell[13], "Bằng cả tổng điểm và điểm vòng 2");
            winners++;
        }
        if (!strcmp(row.cell[1], "Lò Văn Páo")) {
            ck_assert_str_eq(row.cell[9], "5");
            ck_assert_int_ge(row.n, 14);
            ck_assert_str_eq(row.cell[13], "Bằng tổng điểm – xét điểm vòng 2");
        }
    }
    xlsx_close(xr);
    ck_assert_int_eq(rows, 3);
    ck_assert_int_eq(winners, 1);

    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
    client_free(&c);
}
END_TEST

extern Suite *suite_api_exam_grading(void);
/* Round 1 (NĐ 170/2025; NĐ 138/2020 Art. 8(1)): pass at ≥ 50% correct,
 * 3/5 passes, 2/5 fails. Combined round 2 (NĐ 170/2025: each part ≥ 50% of
 * its maximum; weights from the plan, 70/30 here): written 100 + interview
 * 49,99 gives 85,00 but fails; 83,33 + 50,00 gives 73,33 and passes. Round 1
 * of the round-2 candidates comes from the linked round-1 exam (same CCCD). */
START_TEST(round1_rule_and_combined_round2_with_interview)
{
    struct client c;
    login(&c, "admin");
    const char *who[3] = {
        "{\"full_name\":\"Vũ Văn Xuân\",\"birth_date\":\"1995-03-04\",\"cccd\":\"011095000881\"}",
        "{\"full_name\":\"Đỗ Thị Yến\",\"birth_date\":\"1994-01-02\",\"cccd\":\"011094000882\"}",
        "{\"full_name\":\"Bùi Văn Zũng\",\"birth_date\":\"1993-05-06\",\"cccd\":\"011093000883\"}"};
    long long r1 = make_objective_exam(&c, "recruit_r1", "2026-04-10");
    long long k1[3];
    for (int i = 0; i < 3; i++) k1[i] = mustf(&c, 201, "POST", who[i], "/api/v1/exams/%lld/candidates", r1);
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", r1);
    struct answers three = {"[0]", "[0]", "[1]", "\"sai\"", "[0]", NULL};  /* 3 of 5 */
    struct answers four = {"[0]", "[0]", "[0,2]", "\"sai\"", "[0]", NULL}; /* 4 of 5 */
    struct answers two = {"[0]", "[0]", "[1]", "\"sai\"", "[1]", NULL};    /* 2 of 5 */
    sit(&c, r1, k1[0], &three);
    sit(&c, r1, k1[1], &four);
    sit(&c, r1, k1[2], &two);
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", r1);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", r1);
    ck_assert_int_eq(rint_(&c, k1[0], "correct"), 3);
    ck_assert(json_is_true(json_object_get(row_of(&c, k1[0]), "passed")));
    ck_assert(json_is_true(json_object_get(row_of(&c, k1[1]), "passed")));
    ck_assert_int_eq(rint_(&c, k1[2], "correct"), 2);
    ck_assert(json_is_false(json_object_get(row_of(&c, k1[2]), "passed")));

    long long r2 = make_objective_exam(&c, "recruit_r2", "2026-05-10");
    long long k2[2];
    for (int i = 0; i < 2; i++) k2[i] = mustf(&c, 201, "POST", who[i], "/api/v1/exams/%lld/candidates", r2);
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", r2);
    struct answers all = {"[0]", "[0]", "[0,2]", "\"Nghị định 170\"", "[0]", NULL}; /* 600/600 */
    struct answers five = {"[0]", "[0]", "[0,2]", "\"Nghị định 170\"", "[1]", NULL}; /* 500/600 */
    sit(&c, r2, k2[0], &all);
    sit(&c, r2, k2[1], &five);
    char cfg[96];
    snprintf(cfg, sizeof cfg, "{\"combined\":true,\"round1_exam_id\":%lld}", r2);
    ck_assert_int_eq(client_reqf(&c, "PUT", cfg, "/api/v1/exams/%lld/grading/config", r2), 400); /* not a round-1 exam */
    snprintf(cfg, sizeof cfg, "{\"combined\":true,\"round1_exam_id\":%lld}", r1);
    mustf(&c, 200, "PUT", cfg, "/api/v1/exams/%lld/grading/config", r2);
    mustf(&c, 200, "POST", "{\"code\":\"VT02\",\"name\":\"Chuyên viên\",\"quota\":1}", "/api/v1/exams/%lld/positions", r2);
    for (int i = 0; i < 2; i++) mustf(&c, 200, "PATCH", "{\"position\":\"VT02\"}", "/api/v1/exams/%lld/grading/candidates/%lld", r2, k2[i]);
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", r2);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", r2);
    ck_assert_str_eq(rstr(&c, k2[0], "status"), "interview"); /* waits for the interview score */
    ck_assert(json_is_false(jget(&c, "ranking.ready")));
    ck_assert_int_eq(client_reqf(&c, "PATCH", "{\"interview\":10001}", "/api/v1/exams/%lld/grading/candidates/%lld", r2, k2[0]), 400);
    mustf(&c, 200, "PATCH", "{\"interview\":4999}", "/api/v1/exams/%lld/grading/candidates/%lld", r2, k2[0]);
    mustf(&c, 200, "PATCH", "{\"interview\":5000}", "/api/v1/exams/%lld/grading/candidates/%lld", r2, k2[1]);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", r2);
    ck_assert(json_is_true(jget(&c, "ranking.ready")));
    ck_assert_int_eq(rint_(&c, k2[0], "score"), 10000);
    ck_assert_int_eq(rint_(&c, k2[0], "round2"), 8500);
    ck_assert(json_is_false(json_object_get(row_of(&c, k2[0]), "passed")));
    ck_assert_int_eq(rint_(&c, k2[1], "score"), 8333);
    ck_assert_int_eq(rint_(&c, k2[1], "round2"), 7333);
    ck_assert(json_is_true(json_object_get(row_of(&c, k2[1]), "passed")));
    ck_assert_int_eq(jint(&c, "candidates.0.round1.correct"), 3); /* from the round-1 exam, by CCCD */
    ck_assert_str_eq(rstr(&c, k2[1], "result"), "trung_tuyen");
    ck_assert_str_ne(rstr(&c, k2[0], "result"), "trung_tuyen");
    client_free(&c);
}
END_TEST

/* The per-exam essay parameters (docs/exam-grading.md; no regulation text
 * read, [M]): with a gap of 100% any two marks are averaged, half up to the
 * hundredth (3,01 and 3,20 -> 3,105 -> 3,11); with a gap of 0% and the final
 * rule "third", any difference calls a third grader whose mark is final. */
START_TEST(essay_parameters_rounding_and_third_rule)
{
    struct client c;
    login(&c, "admin");
    long long ex = make_exam(&c, "staff_test", "2025-11-20");
    char body[200];
    long long cand[2];
    long long pp[2] = {p1, p2};
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "{\"person_id\":%lld}", pp[i]);
        cand[i] = mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/candidates", ex);
    }
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", ex);
    struct answers none = {NULL, NULL, NULL, NULL, NULL, "\"Bài tự luận.\""};
    sit(&c, ex, cand[0], &none);
    sit(&c, ex, cand[1], &none);
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"user_id\":%lld}", user_id(&c, graders4[i]));
        mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/grading/graders", ex);
    }
    ck_assert_int_eq(client_reqf(&c, "PUT", "{\"final_rule\":\"median\"}", "/api/v1/exams/%lld/grading/config", ex), 400);
    ck_assert_int_eq(client_reqf(&c, "PUT", "{\"essay_gap_percent\":101}", "/api/v1/exams/%lld/grading/config", ex), 400);
    mustf(&c, 200, "PUT", "{\"essay_gap_percent\":100}", "/api/v1/exams/%lld/grading/config", ex);
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", ex);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    char code[2][16];
    for (int i = 0; i < 2; i++) snprintf(code[i], sizeof code[i], "%s", rstr(&c, cand[i], "anon_code"));
    /* Candidate 1 under gap 100%: 3,01 and 3,20 -> 3,11 (nothing else answered). */
    int k = 0;
    for (int g = 0; g < 3; g++) {
        long long t = task_for(graders4[g], code[0], ex, NULL);
        if (t) ck_assert_int_eq(mark(graders4[g], t, k++ ? 320 : 301), 200);
    }
    ck_assert_int_eq(k, 2);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_int_eq(rint_(&c, cand[0], "points"), 311);
    /* Candidate 2 under gap 0% and rule "third": 2,00 and 2,01 -> third 1,00 is final. */
    mustf(&c, 200, "PUT", "{\"essay_gap_percent\":0,\"final_rule\":\"third\"}", "/api/v1/exams/%lld/grading/config", ex);
    k = 0;
    for (int g = 0; g < 3; g++) {
        long long t = task_for(graders4[g], code[1], ex, NULL);
        if (t) ck_assert_int_eq(mark(graders4[g], t, k++ ? 201 : 200), 200);
    }
    ck_assert_int_eq(k, 2);
    int found = 0;
    for (int g = 0; g < 3; g++) {
        int slot = 0;
        long long t = task_for(graders4[g], code[1], ex, &slot);
        if (slot == 3) { found++; ck_assert_int_eq(mark(graders4[g], t, 100), 200); }
    }
    ck_assert_int_eq(found, 1);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    ck_assert_int_eq(rint_(&c, cand[1], "points"), 100);
    ck_assert(json_is_true(jget(&c, "complete")));
    client_free(&c);
}
END_TEST

/* The registration number (số báo danh) is assigned once, when the one-time
 * codes of a sitting are issued: the printed code list, the board's live view,
 * the candidate's own page and the published results show the same number,
 * so a candidate finds their result by the number on their slip. A candidate
 * added after the codes gets the next number at the grading run. */
static json_t *codes_of(struct client *c, long long ex, long long sitting)
{
    mustf(c, 201, "POST", "{}", "/api/v1/exams/%lld/sittings/%lld/codes", ex, sitting);
    return json_incref(jget(c, "codes"));
}
static const char *field_of(json_t *a, const char *idk, long long id, const char *k)
{
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *x = json_array_get(a, i);
        if (json_integer_value(json_object_get(x, idk)) == id) return json_string_value(json_object_get(x, k));
    }
    return NULL;
}

START_TEST(reg_no_on_code_list_equals_published_results)
{
    struct client c;
    login(&c, "admin");
    long long ex = make_objective_exam(&c, "staff_test", "2025-11-20");
    long long sa = mustf(&c, 201, "POST", "{\"starts_at\":\"2025-11-20T08:00\",\"room\":\"Phòng A\",\"capacity\":10}",
                         "/api/v1/exams/%lld/sittings", ex);
    long long sb = mustf(&c, 201, "POST", "{\"starts_at\":\"2025-11-20T14:00\",\"room\":\"Phòng B\",\"capacity\":10}",
                         "/api/v1/exams/%lld/sittings", ex);
    char body[200];
    long long cand[4];
    long long pp[3] = {p1, p2, p3};
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"person_id\":%lld,\"sitting_id\":%lld}", pp[i], i == 1 ? sb : sa);
        cand[i] = mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/candidates", ex);
    }
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", ex);
    /* Sitting B's codes first: numbers do not depend on which list is printed first. */
    json_t *cb = codes_of(&c, ex, sb), *ca = codes_of(&c, ex, sa);
    const char *reg[3] = {field_of(ca, "candidate_id", cand[0], "reg_no"), field_of(cb, "candidate_id", cand[1], "reg_no"),
                          field_of(ca, "candidate_id", cand[2], "reg_no")};
    for (int i = 0; i < 3; i++) ck_assert_ptr_nonnull(reg[i]);
    ck_assert_str_eq(reg[0], "SBD0001");
    ck_assert_str_eq(reg[1], "SBD0002");
    ck_assert_str_eq(reg[2], "SBD0003");
    /* A reissue keeps the number. */
    snprintf(body, sizeof body, "{\"candidate_ids\":[%lld]}", cand[1]);
    mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/sittings/%lld/codes", ex, sb);
    ck_assert_str_eq(jstr(&c, "codes.0.reg_no"), reg[1]);
    /* The live view shows the same number. */
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/sittings/%lld/live", ex, sa);
    ck_assert_str_eq(field_of(jget(&c, "candidates"), "candidate_id", cand[0], "reg_no"), reg[0]);
    ck_assert_str_eq(field_of(jget(&c, "candidates"), "candidate_id", cand[2], "reg_no"), reg[2]);
    /* So does the candidate's own page after signing in with the code. */
    struct client k;
    client_init(&k, &srv);
    snprintf(body, sizeof body, "{\"code\":\"%s\"}", field_of(ca, "candidate_id", cand[0], "code"));
    ck_assert_int_eq(client_req(&k, "POST", "/api/v1/sitting/signin", body), 200);
    ck_assert_str_eq(jstr(&k, "candidate.reg_no"), reg[0]);
    client_free(&k);
    /* A late external candidate without a code: numbered at the grading run. */
    snprintf(body, sizeof body, "{\"full_name\":\"Đinh Văn Muộn\",\"birth_date\":\"1990-01-02\",\"cccd\":\"048090000999\"}");
    cand[3] = mustf(&c, 201, "POST", body, "/api/v1/exams/%lld/candidates", ex);
    mustf(&c, 201, "POST", "{}", "/api/v1/exams/%lld/forms", ex);

    struct answers good = {"[0]", "[0]", "[0,2]", "\"Nghị định 170\"", "[0]", NULL};
    struct answers half = {"[0]", "[1]", "[0]", "\"Nghị định 170\"", "[1]", NULL};
    sit(&c, ex, cand[0], &good);
    sit(&c, ex, cand[1], &half);
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/grading/run", ex);
    mustf(&c, 200, "GET", NULL, "/api/v1/exams/%lld/results", ex);
    for (int i = 0; i < 3; i++) ck_assert_str_eq(rstr(&c, cand[i], "reg_no"), reg[i]);
    ck_assert_str_eq(rstr(&c, cand[3], "reg_no"), "SBD0004");
    json_t *results = json_incref(jget(&c, "candidates"));
    mustf(&c, 200, "POST", "{}", "/api/v1/exams/%lld/publish", ex);
    struct client anon;
    client_init(&anon, &srv);
    mustf(&anon, 200, "GET", NULL, "/api/v1/exams/%lld/results/public", ex);
    json_t *pub = jget(&anon, "items");
    ck_assert_int_eq(json_array_size(pub), 4);
    for (int i = 0; i < 3; i++) {
        json_t *found = NULL;
        for (size_t j = 0; j < json_array_size(pub); j++)
            if (!strcmp(json_string_value(json_object_get(json_array_get(pub, j), "reg_no")), reg[i])) found = json_array_get(pub, j);
        ck_assert_ptr_nonnull(found);
        json_t *mine = NULL;
        for (size_t j = 0; j < json_array_size(results); j++)
            if (json_integer_value(json_object_get(json_array_get(results, j), "candidate_id")) == cand[i])
                mine = json_array_get(results, j);
        ck_assert(json_equal(json_object_get(found, "score"), json_object_get(mine, "score")));
        ck_assert(json_equal(json_object_get(found, "result"), json_object_get(mine, "result_label")));
    }
    json_decref(results);
    json_decref(ca);
    json_decref(cb);
    client_free(&anon);
    client_free(&c);
}
END_TEST

Suite *suite_api_exam_grading(void)
{
    Suite *s = suite_create("api_exam_grading");
    TCase *tc = tcase_create("grading");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, staff_test_grading_essays_appeal_and_person_results);
    tcase_add_test(tc, recruitment_ranking_priority_tie_decision_and_export);
    tcase_add_test(tc, round1_rule_and_combined_round2_with_interview);
    tcase_add_test(tc, essay_parameters_rounding_and_third_rule);
    tcase_add_test(tc, reg_no_on_code_list_equals_published_results);
    suite_add_tcase(s, tc);
    return s;
}
