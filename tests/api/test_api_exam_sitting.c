/* API tests for the online sitting (issue 5; docs/exam-sitting.md):
 * one-time codes (shown once, hashed, one sign-in each, a reissue kills the
 * old code and its sessions), candidate isolation (own form only, no keys,
 * no route to another candidate's form or answers or to any question; a
 * candidate session is not a user session), the server-side deadline and
 * submission (409 on every later save; lazy close and the board's sweep),
 * answers stored as the contract of migration 6 says (stored option ords,
 * last write wins by seq), incidents, throttled sign-in, and the SIGKILL
 * test: concurrent saves, the server killed mid-load and restarted, every
 * acknowledged answer present with its value. */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

static struct server srv;
static long long subj, t_law, t_it, exam_id, sit1, sit2;
static long long cand[5];      /* sitting 1: A B C D E */
#define KILL_CANDS 16
static long long kcand[KILL_CANDS]; /* sitting 2: the SIGKILL load */

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

/* One text value from the server's db (read-only connection), or "". */
static void sql_text(const char *sql, char *out, size_t cap)
{
    sqlite3 *h;
    out[0] = 0;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return;
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
}

/* ---- candidate client ---- */

struct cand { struct client c; char hdr[96]; };

static int cand_req(struct cand *k, const char *method, const char *path, const char *body)
{
    const char *h[] = {k->hdr, NULL};
    return client_req_h(&k->c, method, path, body, h);
}

/* Issues codes (all without one, or `ids`) for a sitting; returns the reply's codes array (caller decrefs). */
static json_t *issue_codes(struct client *c, long long sitting, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/codes", exam_id, sitting);
    int st = client_req(c, "POST", path, body);
    if (st != 201) { fprintf(stderr, "codes: %d %s\n", st, c->body ? c->body : ""); return NULL; }
    return json_incref(jget(c, "codes"));
}

static const char *code_of(json_t *codes, long long cid)
{
    for (size_t i = 0; i < json_array_size(codes); i++) {
        json_t *x = json_array_get(codes, i);
        if (json_integer_value(json_object_get(x, "candidate_id")) == cid) return json_string_value(json_object_get(x, "code"));
    }
    return NULL;
}

/* Signs in; returns the status. */
static int cand_signin(struct cand *k, const char *code)
{
    client_init(&k->c, &srv);
    k->hdr[0] = 0;
    char body[128];
    snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
    int st = client_req(&k->c, "POST", "/api/v1/sitting/signin", body);
    if (st == 200) snprintf(k->hdr, sizeof k->hdr, "X-Exam-CSRF: %s", jstr(&k->c, "csrf_token"));
    return st;
}

static json_t *codes1, *codes2;

/* Bank: law d1: 6 single; law d4: 2 multiple; it d2: 3 true/false; it d3: 1 essay. */
static char *bank_json(void)
{
    json_t *qs = json_array();
    for (int i = 0; i < 6; i++) {
        char stem[128];
        snprintf(stem, sizeof stem, "Luật Cán bộ, công chức — câu %d?", i + 1);
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:s,s:[{s:s,s:b},{s:s,s:b},{s:s,s:b},{s:s,s:b}]}",
            "topic_code", "luat", "type", "single", "difficulty", 1, "stem", stem, "answer", "BÍ-MẬT-ĐÁP-ÁN",
            "options", "text", "Phương án A", "correct", 1, "text", "Phương án B", "correct", 0,
            "text", "Phương án C", "correct", 0, "text", "Phương án D", "correct", 0));
    }
    for (int i = 0; i < 2; i++)
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b},{s:s,s:b}]}", "topic_code", "luat",
            "type", "multiple", "difficulty", 4, "stem", i ? "Chọn các ý đúng (2)" : "Chọn các ý đúng (1)",
            "options", "text", "Ý một", "correct", 1, "text", "Ý hai", "correct", 1, "text", "Ý ba", "correct", 0));
    for (int i = 0; i < 3; i++) {
        char stem[128];
        snprintf(stem, sizeof stem, "Tin học — mệnh đề %d đúng hay sai?", i + 1);
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b}]}", "topic_code", "tinhoc",
            "type", "true_false", "difficulty", 2, "stem", stem, "options", "text", "Đúng", "correct", 1, "text", "Sai", "correct", 0));
    }
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:s,s:[{s:s,s:s}]}", "topic_code", "tinhoc", "type", "essay",
        "difficulty", 3, "stem", "Trình bày quy trình số hóa hồ sơ.", "answer", "HƯỚNG-DẪN-CHẤM-BÍ-MẬT",
        "images", "mime", "image/png", "data_base64", "iVBORw0KGgo="));
    json_t *o = json_pack("{s:o}", "questions", qs);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) exit(1);
    make_user(&srv, "board.a", "leader", 2, 0);
    make_user(&srv, "outsider", "leader", 2, 0);
    struct client c;
    login(&c, "admin");
    subj = must(&c, 201, "POST", "/api/v1/exam/subjects", "{\"code\":\"kthc\",\"name\":\"Kiến thức chung\"}");
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/topics", subj);
    t_law = must(&c, 201, "POST", path, "{\"code\":\"luat\",\"name\":\"Pháp luật\"}");
    t_it = must(&c, 201, "POST", path, "{\"code\":\"tinhoc\",\"name\":\"Tin học\"}");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/members", subj);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"board\"}", user_id(&c, "board.a"));
    must(&c, 201, "POST", path, body);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"board\"}", user_id(&c, "admin"));
    must(&c, 201, "POST", path, body);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    char *bank = bank_json();
    must(&c, 201, "POST", path, bank);
    free(bank);
    snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"recruit_r1\",\"title\":\"Thi tuyển công chức 2025 — vòng 1\","
             "\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":3},"
             "{\"topic_id\":%lld,\"difficulty\":4,\"count\":1},{\"topic_id\":%lld,\"difficulty\":2,\"count\":2},"
             "{\"topic_id\":%lld,\"difficulty\":3,\"count\":1}]}", subj, t_law, t_law, t_it, t_it);
    exam_id = must(&c, 201, "POST", "/api/v1/exams", body);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings", exam_id);
    sit1 = must(&c, 201, "POST", path, "{\"starts_at\":\"2025-11-20T08:00\",\"room\":\"Phòng 201\",\"capacity\":30}");
    sit2 = must(&c, 201, "POST", path, "{\"starts_at\":\"2025-11-20T14:00\",\"room\":\"Phòng 202\",\"capacity\":30}");
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates", exam_id);
    for (int i = 0; i < 5 + KILL_CANDS; i++) {
        snprintf(body, sizeof body, "{\"full_name\":\"Thí sinh số %d\",\"birth_date\":\"1998-03-04\",\"cccd\":\"0110980%05d\",\"sitting_id\":%lld}",
                 i + 1, i + 1, i < 5 ? sit1 : sit2);
        long long id = must(&c, 201, "POST", path, body);
        if (i < 5) cand[i] = id;
        else kcand[i - 5] = id;
    }
    snprintf(path, sizeof path, "/api/v1/exams/%lld/forms", exam_id);
    must(&c, 201, "POST", path, "{}");
    /* Codes for everyone, issued here: tests run in forked children. */
    codes1 = issue_codes(&c, sit1, "{}");
    codes2 = issue_codes(&c, sit2, "{}");
    if (!codes1 || !codes2) exit(1);
    client_free(&c);
}

static void teardown(void)
{
    server_stop(&srv);
    json_decref(codes1);
    json_decref(codes2);
    codes1 = codes2 = NULL;
}

/* The position of the candidate's first choice question (forms are shuffled). */
static int first_choice(struct cand *k)
{
    if (cand_req(k, "GET", "/api/v1/sitting/form", NULL) != 200) return 0;
    json_t *items = jget(&k->c, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        if (json_array_size(json_object_get(it, "options")) > 0) return (int)json_integer_value(json_object_get(it, "pos"));
    }
    return 0;
}

static json_t *live(struct client *c, long long sitting, long long cid)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/live", exam_id, sitting);
    ck_assert_int_eq(client_req(c, "GET", path, NULL), 200);
    json_t *rows = jget(c, "candidates");
    for (size_t i = 0; i < json_array_size(rows); i++)
        if (json_integer_value(json_object_get(json_array_get(rows, i), "candidate_id")) == cid) return json_array_get(rows, i);
    return NULL;
}

START_TEST(codes_are_one_time_hashed_and_reissued)
{
    struct client adm, out;
    login(&adm, "admin");
    login(&out, "outsider");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/codes", exam_id, sit1);
    ck_assert_int_eq(client_req(&out, "POST", path, "{}"), 404); /* not a manager, not on the board */
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/codes", exam_id + 99, sit1);
    ck_assert_int_eq(client_req(&adm, "POST", path, "{}"), 404); /* sitting of another exam */
    /* Setup issued one code per candidate: a printable list with names. */
    ck_assert_int_eq(json_array_size(codes1), 5);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(codes1, 4), "full_name")), "Thí sinh số 5");
    const char *ce = code_of(codes1, cand[4]);
    ck_assert_int_eq(strlen(ce), 11); /* XXXXX-XXXXX */
    ck_assert_int_eq(ce[5], '-');
    ck_assert_str_ne(ce, code_of(codes1, cand[3]));
    /* A second issue without ids gives nobody a new code. */
    json_t *none = issue_codes(&adm, sit1, "{}");
    ck_assert_int_eq(json_array_size(none), 0);
    json_decref(none);
    /* Only the hash is stored, and the audit entry does not carry the code. */
    char buf[4000], q[200], plain[11];
    snprintf(plain, sizeof plain, "%.5s%.5s", ce, ce + 6);
    snprintf(q, sizeof q, "SELECT code_hash FROM exam_code WHERE candidate_id = %lld", cand[4]);
    sql_text(q, buf, sizeof buf);
    ck_assert_int_eq(strlen(buf), 64);
    ck_assert_ptr_null(strstr(buf, plain));
    sql_text("SELECT group_concat(after, '|') FROM audit_log WHERE action = 'exam.codes.issue'", buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, "candidates"));
    ck_assert_ptr_null(strstr(buf, plain));
    ck_assert_ptr_null(strstr(buf, ce));

    /* One sign-in per code; lower case and without the dash is the same code. */
    struct cand e, e2, e3;
    char lower[16];
    for (int i = 0, k = 0; i < 11; i++)
        if (ce[i] != '-') { lower[k++] = (char)(ce[i] >= 'A' && ce[i] <= 'Z' ? ce[i] + 32 : ce[i]); lower[k] = 0; }
    ck_assert_int_eq(cand_signin(&e, lower), 200);
    ck_assert_str_eq(jstr(&e.c, "candidate.full_name"), "Thí sinh số 5");
    ck_assert_ptr_nonnull(strstr(e.c.set_cookie, "HttpOnly"));
    ck_assert_ptr_nonnull(strstr(e.c.set_cookie, "canbo_exam="));
    ck_assert_int_eq(cand_req(&e, "GET", "/api/v1/sitting/state", NULL), 200);
    ck_assert(json_is_null(jget(&e.c, "attempt")));
    ck_assert_int_eq(cand_signin(&e2, ce), 401);
    ck_assert_str_eq(jerr(&e2.c), "bad_code");

    /* Reissue: the old code and the old session are dead, the new code works once. */
    char body[64];
    snprintf(body, sizeof body, "{\"candidate_ids\":[%lld]}", cand[4]);
    json_t *re = issue_codes(&adm, sit1, body);
    ck_assert_int_eq(json_array_size(re), 1);
    ck_assert(json_is_true(json_object_get(json_array_get(re, 0), "reissued")));
    const char *cnew = code_of(re, cand[4]);
    ck_assert_str_ne(cnew, ce);
    ck_assert_int_eq(cand_req(&e, "GET", "/api/v1/sitting/state", NULL), 401);
    ck_assert_int_eq(cand_signin(&e3, ce), 401);
    client_free(&e3.c);
    ck_assert_int_eq(cand_signin(&e3, cnew), 200);
    ck_assert_int_eq(cand_req(&e3, "POST", "/api/v1/sitting/start", "{}"), 201);
    client_free(&e3.c);
    ck_assert_int_eq(cand_signin(&e3, cnew), 401);
    /* A candidate of the other sitting is not reissued through this one. */
    snprintf(body, sizeof body, "{\"candidate_ids\":[%lld]}", kcand[0]);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/codes", exam_id, sit1);
    ck_assert_int_eq(client_req(&adm, "POST", path, body), 404);
    /* A board member issues codes too. */
    struct client b;
    login(&b, "board.a");
    json_t *rb = issue_codes(&b, sit1, "{}");
    ck_assert_ptr_nonnull(rb);
    json_decref(rb);
    json_decref(re);
    client_free(&e.c);
    client_free(&e2.c);
    client_free(&e3.c);
    client_free(&b);
    client_free(&adm);
    client_free(&out);
}
END_TEST

static struct cand ka, kb, kc, kd;

START_TEST(candidate_sees_only_own_form_and_answers)
{
    struct client adm;
    login(&adm, "admin");
    ck_assert_int_eq(cand_signin(&ka, code_of(codes1, cand[0])), 200);
    ck_assert_int_eq(cand_signin(&kb, code_of(codes1, cand[1])), 200);

    /* No form before the start. */
    ck_assert_int_eq(cand_req(&ka, "GET", "/api/v1/sitting/form", NULL), 409);
    ck_assert_str_eq(jerr(&ka.c), "not_started");
    /* Writes need the candidate's CSRF header. */
    const char *noh[] = {NULL};
    ck_assert_int_eq(client_req_h(&ka.c, "POST", "/api/v1/sitting/start", "{}", noh), 403);
    char wrong[96];
    snprintf(wrong, sizeof wrong, "%s", kb.hdr);
    const char *wh[] = {wrong, NULL};
    ck_assert_int_eq(client_req_h(&ka.c, "POST", "/api/v1/sitting/start", "{}", wh), 403);

    ck_assert_int_eq(cand_req(&ka, "POST", "/api/v1/sitting/start", "{}"), 201);
    const char *started = jstr(&ka.c, "attempt.started_at"), *deadline = jstr(&ka.c, "attempt.deadline_at");
    ck_assert_int_eq(strlen(started), 24);
    /* Exactly the 60-minute duration later, same milliseconds. */
    struct tm ts, td;
    memset(&ts, 0, sizeof ts);
    memset(&td, 0, sizeof td);
    ck_assert_ptr_nonnull(strptime(started, "%Y-%m-%dT%H:%M:%S", &ts));
    ck_assert_ptr_nonnull(strptime(deadline, "%Y-%m-%dT%H:%M:%S", &td));
    ck_assert_int_eq((long)(timegm(&td) - timegm(&ts)), 3600);
    ck_assert_str_eq(started + 19, deadline + 19);
    ck_assert_int_eq(cand_req(&ka, "POST", "/api/v1/sitting/start", "{}"), 200); /* idempotent */
    ck_assert_int_eq(cand_req(&kb, "POST", "/api/v1/sitting/start", "{}"), 201);

    ck_assert_int_eq(cand_req(&ka, "GET", "/api/v1/sitting/form", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&ka.c, "items")), 7);
    /* No key, no marking guide, no ids of versions or questions. */
    ck_assert_ptr_null(strstr(ka.c.body, "correct"));
    ck_assert_ptr_null(strstr(ka.c.body, "BÍ-MẬT"));
    ck_assert_ptr_null(strstr(ka.c.body, "version"));
    ck_assert_ptr_null(strstr(ka.c.body, "question_id"));
    ck_assert_ptr_null(strstr(ka.c.body, "\"ord\""));
    char *form_a = strdup(ka.c.body);

    /* The board's view of A's form: option_order maps shown -> stored. */
    char path[160];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates/%lld/form", exam_id, cand[0]);
    ck_assert_int_eq(client_req(&adm, "GET", path, NULL), 200);
    json_t *items = json_incref(jget(&adm, "items"));
    long long qid0 = json_integer_value(json_object_get(json_array_get(items, 0), "question_id"));
    /* Find A's first single/true-false item and its option order. */
    json_t *fa = json_loads(form_a, 0, NULL);
    int choice_pos = -1, essay_pos = -1;
    for (size_t i = 0; i < json_array_size(json_object_get(fa, "items")); i++) {
        json_t *it = json_array_get(json_object_get(fa, "items"), i);
        const char *t = json_string_value(json_object_get(it, "type"));
        if (choice_pos < 0 && (!strcmp(t, "single"))) choice_pos = (int)json_integer_value(json_object_get(it, "pos"));
        if (!strcmp(t, "essay")) {
            essay_pos = (int)json_integer_value(json_object_get(it, "pos"));
            ck_assert_int_eq(json_array_size(json_object_get(it, "images")), 1);
            ck_assert_int_eq(json_array_size(json_object_get(it, "options")), 0);
        }
    }
    ck_assert_int_ge(choice_pos, 0);
    ck_assert_int_ge(essay_pos, 0);
    json_t *order = NULL;
    for (size_t i = 0; i < json_array_size(items); i++)
        if (json_integer_value(json_object_get(json_array_get(items, i), "pos")) == choice_pos)
            order = json_object_get(json_array_get(items, i), "option_order");
    ck_assert_ptr_nonnull(order);

    /* Save shown position 2 -> stored ord option_order[2]. */
    snprintf(path, sizeof path, "/api/v1/sitting/answers/%d", choice_pos);
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":[2],\"seq\":1}"), 200);
    ck_assert(json_is_true(jget(&ka.c, "applied")));
    char q[200], buf[200], want[32];
    snprintf(q, sizeof q, "SELECT response FROM exam_answer a JOIN exam_form f ON f.id = a.form_id WHERE f.candidate_id = %lld AND a.pos = %d",
             cand[0], choice_pos);
    sql_text(q, buf, sizeof buf);
    snprintf(want, sizeof want, "[%lld]", (long long)json_integer_value(json_array_get(order, 2)));
    ck_assert_str_eq(buf, want);
    /* Idempotent by seq: an older or equal seq does not overwrite. */
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":[3],\"seq\":1}"), 200);
    ck_assert(json_is_false(jget(&ka.c, "applied")));
    sql_text(q, buf, sizeof buf);
    ck_assert_str_eq(buf, want);
    /* A single-choice item takes one position; positions are checked. */
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":[0,1],\"seq\":5}"), 400);
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":[4],\"seq\":5}"), 400);
    snprintf(path, sizeof path, "/api/v1/sitting/answers/%d", essay_pos);
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":\"Bài làm của thí sinh A\",\"seq\":3}"), 200);
    ck_assert_int_eq(cand_req(&ka, "PUT", path, "{\"response\":[1],\"seq\":4}"), 400);

    /* Load: shown positions back, and the text. */
    ck_assert_int_eq(cand_req(&ka, "GET", "/api/v1/sitting/answers", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&ka.c, "items")), 2);
    char *answers_a = json_dumps(jget(&ka.c, "items"), JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(answers_a, "[2]"));
    ck_assert_ptr_nonnull(strstr(answers_a, "Bài làm của thí sinh A"));

    /* B sees none of A's answers, and its own form only. */
    ck_assert_int_eq(cand_req(&kb, "GET", "/api/v1/sitting/answers", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&kb.c, "items")), 0);
    ck_assert_int_eq(cand_req(&kb, "GET", "/api/v1/sitting/form", NULL), 200);
    int b_choice = 0;
    for (size_t i = 0; i < json_array_size(jget(&kb.c, "items")); i++) {
        json_t *it = json_array_get(jget(&kb.c, "items"), i);
        if (!b_choice && json_array_size(json_object_get(it, "options")) > 0) b_choice = (int)json_integer_value(json_object_get(it, "pos"));
    }
    ck_assert_int_gt(b_choice, 0);
    snprintf(path, sizeof path, "/api/v1/sitting/answers/%d", b_choice);
    ck_assert_int_eq(cand_req(&kb, "PUT", path, "{\"response\":[],\"seq\":1}"), 200);
    ck_assert_int_eq(cand_req(&ka, "GET", "/api/v1/sitting/answers", NULL), 200);
    char *again = json_dumps(jget(&ka.c, "items"), JSON_COMPACT);
    ck_assert_str_eq(answers_a, again); /* B's save did not touch A's form */

    /* No route reaches a question or another form: positions outside the
     * form are 404, user routes refuse the candidate session (401). */
    ck_assert_int_eq(cand_req(&kb, "PUT", "/api/v1/sitting/answers/8", "{\"response\":[0],\"seq\":1}"), 404);
    ck_assert_int_eq(cand_req(&kb, "PUT", "/api/v1/sitting/answers/100001", "{\"response\":[0],\"seq\":1}"), 404);
    /* A version or question id is not a position: every id of A's form above
     * 7 (forms have 7 items; the true/false and essay ids of this bank are 9-12,
     * so there always are some) addresses nothing. */
    int tried = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        long long ids[2] = {json_integer_value(json_object_get(json_array_get(items, i), "version_id")),
                            json_integer_value(json_object_get(json_array_get(items, i), "question_id"))};
        for (int k = 0; k < 2; k++) {
            if (ids[k] <= 7) continue;
            snprintf(path, sizeof path, "/api/v1/sitting/answers/%lld", ids[k]);
            ck_assert_int_eq(cand_req(&kb, "PUT", path, "{\"response\":[0],\"seq\":1}"), 404);
            tried++;
        }
    }
    ck_assert_int_ge(tried, 4);
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", qid0);
    ck_assert_int_eq(cand_req(&kb, "GET", path, NULL), 401);
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld?version=1", qid0);
    ck_assert_int_eq(cand_req(&kb, "GET", path, NULL), 401);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates/%lld/form", exam_id, cand[0]);
    ck_assert_int_eq(cand_req(&kb, "GET", path, NULL), 401);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/live", exam_id, sit1);
    ck_assert_int_eq(cand_req(&kb, "GET", path, NULL), 401);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    ck_assert_int_eq(cand_req(&kb, "GET", path, NULL), 401);
    ck_assert_int_eq(cand_req(&kb, "GET", "/api/v1/sitting/form?candidate_id=1&form_id=1", NULL), 200);
    ck_assert_str_ne(kb.c.body, form_a);
    /* Without the cookie nothing works. */
    struct client anon;
    client_init(&anon, &srv);
    ck_assert_int_eq(client_req(&anon, "GET", "/api/v1/sitting/form", NULL), 401);
    ck_assert_int_eq(client_req(&anon, "GET", "/api/v1/sitting/answers", NULL), 401);
    client_free(&anon);

    free(answers_a);
    free(again);
    free(form_a);
    json_decref(fa);
    json_decref(items);
    client_free(&adm);
}
END_TEST

START_TEST(no_change_after_submission_or_deadline)
{
    struct client adm;
    login(&adm, "admin");
    ck_assert_int_eq(cand_signin(&kc, code_of(codes1, cand[2])), 200);
    ck_assert_int_eq(cand_signin(&kd, code_of(codes1, cand[3])), 200);
    ck_assert_int_eq(cand_req(&kc, "POST", "/api/v1/sitting/start", "{}"), 201);
    ck_assert_int_eq(cand_req(&kd, "POST", "/api/v1/sitting/start", "{}"), 201);
    char cpath[64];
    snprintf(cpath, sizeof cpath, "/api/v1/sitting/answers/%d", first_choice(&kc));
    ck_assert_int_eq(cand_req(&kc, "PUT", cpath, "{\"response\":[0],\"seq\":1}"), 200);
    ck_assert_int_eq(cand_req(&kc, "POST", "/api/v1/sitting/incidents", "{\"kind\":\"focus_loss\",\"detail\":\"blur\",\"client_at\":\"2025-11-20T08:10:00Z\"}"), 201);
    ck_assert_int_eq(cand_req(&kc, "POST", "/api/v1/sitting/incidents", "{\"kind\":\"teleport\"}"), 400);

    /* C submits: every later save is refused, submitting again changes nothing. */
    ck_assert_int_eq(cand_req(&kc, "POST", "/api/v1/sitting/submit", "{}"), 200);
    ck_assert_str_eq(jstr(&kc.c, "attempt.state"), "submitted");
    char submitted[32];
    snprintf(submitted, sizeof submitted, "%s", jstr(&kc.c, "attempt.submitted_at"));
    ck_assert_int_eq(cand_req(&kc, "PUT", cpath, "{\"response\":[1],\"seq\":2}"), 409);
    ck_assert_str_eq(jerr(&kc.c), "attempt_closed");
    ck_assert_int_eq(cand_req(&kc, "PUT", "/api/v1/sitting/answers/2", "{\"response\":[1],\"seq\":9}"), 409);
    ck_assert_int_eq(cand_req(&kc, "POST", "/api/v1/sitting/submit", "{}"), 200);
    ck_assert_str_eq(jstr(&kc.c, "attempt.submitted_at"), submitted);
    ck_assert_int_eq(cand_req(&kc, "GET", "/api/v1/sitting/form", NULL), 409);
    ck_assert_int_eq(cand_req(&kc, "GET", "/api/v1/sitting/answers", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&kc.c, "items")), 1);
    ck_assert_int_eq(jint(&kc.c, "items.0.seq"), 1);
    /* The database refuses too (migration 6 triggers), whatever the route. */
    char q[240];
    snprintf(q, sizeof q, "UPDATE exam_answer SET response = '[3]' WHERE form_id = (SELECT id FROM exam_form WHERE candidate_id = %lld)", cand[2]);
    ck_assert_int_eq(db_sql(&srv, q), -1);

    /* D's deadline has passed (set in the db: a 60-minute exam cannot wait). */
    char dpath[64];
    snprintf(dpath, sizeof dpath, "/api/v1/sitting/answers/%d", first_choice(&kd));
    ck_assert_int_eq(cand_req(&kd, "PUT", dpath, "{\"response\":[0],\"seq\":1}"), 200);
    snprintf(q, sizeof q, "UPDATE exam_attempt SET deadline_at = '2000-01-01T00:00:00.000Z' WHERE candidate_id = %lld", cand[3]);
    ck_assert_int_eq(db_sql(&srv, q), 0);
    ck_assert_int_eq(cand_req(&kd, "PUT", dpath, "{\"response\":[1],\"seq\":2}"), 409);
    ck_assert_str_eq(jerr(&kd.c), "deadline_passed");
    ck_assert_int_eq(cand_req(&kd, "PUT", dpath, "{\"response\":[1],\"seq\":3}"), 409);
    ck_assert_str_eq(jerr(&kd.c), "attempt_closed");
    ck_assert_int_eq(cand_req(&kd, "GET", "/api/v1/sitting/state", NULL), 200);
    ck_assert_str_eq(jstr(&kd.c, "attempt.state"), "deadline");
    ck_assert_str_eq(jstr(&kd.c, "attempt.submitted_at"), "2000-01-01T00:00:00.000Z");
    ck_assert_int_eq(cand_req(&kd, "POST", "/api/v1/sitting/submit", "{}"), 200);
    ck_assert_str_eq(jstr(&kd.c, "attempt.submit_kind"), "deadline");
    ck_assert_int_eq(cand_req(&kd, "GET", "/api/v1/sitting/answers", NULL), 200);
    ck_assert_int_eq(jint(&kd.c, "items.0.seq"), 1);

    /* E's deadline passes without E calling: the board's view sweeps it. */
    snprintf(q, sizeof q, "UPDATE exam_attempt SET deadline_at = '2000-01-01T00:00:01.000Z' WHERE candidate_id = %lld", cand[4]);
    ck_assert_int_eq(db_sql(&srv, q), 0);
    json_t *row = live(&adm, sit1, cand[4]);
    ck_assert_str_eq(json_string_value(json_object_get(row, "state")), "deadline");
    ck_assert_str_eq(json_string_value(json_object_get(row, "submitted_at")), "2000-01-01T00:00:01.000Z");
    ck_assert_str_eq(json_string_value(json_object_get(row, "code")), "used");
    char buf[64];
    snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = 'exam.attempt.deadline' AND entity_id = %lld", cand[4]);
    sql_text(q, buf, sizeof buf);
    ck_assert_str_eq(buf, "1");

    /* The live view: states, answered counts, incidents. */
    row = live(&adm, sit1, cand[2]);
    ck_assert_str_eq(json_string_value(json_object_get(row, "state")), "submitted");
    ck_assert_int_eq(json_integer_value(json_object_get(row, "answered")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "items")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "incidents_count")), 2); /* sign-in + focus loss */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(row, "incidents"), 0), "kind")), "focus_loss");
    ck_assert(json_is_string(json_object_get(row, "last_save")));
    row = live(&adm, sit1, cand[0]);
    ck_assert_str_eq(json_string_value(json_object_get(row, "state")), "in_progress");
    ck_assert_int_eq(jint(&adm, "counts.deadline"), 2);
    ck_assert_int_eq(jint(&adm, "counts.in_progress"), 2); /* A and B */
    ck_assert_int_eq(jint(&adm, "counts.submitted"), 1);
    struct client out;
    login(&out, "outsider");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/live", exam_id, sit1);
    ck_assert_int_eq(client_req(&out, "GET", path, NULL), 404);
    client_free(&out);
    client_free(&adm);
}
END_TEST

/* ---- SIGKILL during concurrent saves ---- */

#define KILL_ITEMS 7
struct killer {
    struct cand k;
    long long acked_seq[KILL_ITEMS];  /* highest acknowledged seq per position */
    int acks;
    volatile int *stop;
};

/* The value saved with seq s at position p: for choice items shown position
 * (s mod 2) (every choice item has >= 2 options), for text a string. */
static void value_for(const char *type, long long s, char *out, size_t cap)
{
    if (!strcmp(type, "essay") || !strcmp(type, "short_answer")) snprintf(out, cap, "\"bản nháp %lld\"", s);
    else snprintf(out, cap, "[%lld]", s % 2);
}

static char kill_types[KILL_CANDS][KILL_ITEMS][16];

struct kill_arg { struct killer *w; int i; };

static void *kill_worker2(void *arg)
{
    struct kill_arg *ka2 = arg;
    struct killer *w = ka2->w;
    long long seq = 0;
    while (!*w->stop) {
        seq++;
        int pos = (int)(seq % KILL_ITEMS); /* index; the form's positions are 1-based */
        char path[64], body[160], val[64];
        value_for(kill_types[ka2->i][pos], seq, val, sizeof val);
        snprintf(path, sizeof path, "/api/v1/sitting/answers/%d", pos + 1);
        snprintf(body, sizeof body, "{\"response\":%s,\"seq\":%lld}", val, seq);
        int st = cand_req(&w->k, "PUT", path, body);
        if (st == 200) {
            w->acked_seq[pos] = seq;
            w->acks++;
        } else if (st == 0) {
            usleep(2000); /* server down: keep trying until told to stop */
        }
    }
    return NULL;
}

START_TEST(sigkill_keeps_every_acknowledged_answer)
{
    static struct killer ws[KILL_CANDS];
    static struct kill_arg args[KILL_CANDS];
    volatile int stop = 0;
    for (int i = 0; i < KILL_CANDS; i++) {
        memset(&ws[i], 0, sizeof ws[i]);
        ws[i].stop = &stop;
        ck_assert_int_eq(cand_signin(&ws[i].k, code_of(codes2, kcand[i])), 200);
        ck_assert_int_eq(cand_req(&ws[i].k, "POST", "/api/v1/sitting/start", "{}"), 201);
        ck_assert_int_eq(cand_req(&ws[i].k, "GET", "/api/v1/sitting/form", NULL), 200);
        json_t *items = jget(&ws[i].k.c, "items");
        ck_assert_int_eq(json_array_size(items), KILL_ITEMS);
        for (int p = 0; p < KILL_ITEMS; p++)
            snprintf(kill_types[i][p], 16, "%s", json_string_value(json_object_get(json_array_get(items, (size_t)p), "type")));
        args[i].w = &ws[i];
        args[i].i = i;
    }
    pthread_t th[KILL_CANDS];
    for (int i = 0; i < KILL_CANDS; i++) pthread_create(&th[i], NULL, kill_worker2, &args[i]);
    usleep(1500 * 1000);
    server_kill9(&srv); /* mid-load */
    usleep(200 * 1000);
    stop = 1;
    for (int i = 0; i < KILL_CANDS; i++) pthread_join(th[i], NULL);
    ck_assert_int_eq(server_restart(&srv), 0);

    int total = 0, checked = 0;
    for (int i = 0; i < KILL_CANDS; i++) {
        total += ws[i].acks;
        /* The session survives the restart (it is in the db). */
        ck_assert_int_eq(cand_req(&ws[i].k, "GET", "/api/v1/sitting/answers", NULL), 200);
        json_t *items = jget(&ws[i].k.c, "items");
        for (int p = 0; p < KILL_ITEMS; p++) {
            if (!ws[i].acked_seq[p]) continue;
            json_t *found = NULL;
            for (size_t j = 0; j < json_array_size(items); j++)
                if (json_integer_value(json_object_get(json_array_get(items, j), "pos")) == p + 1) found = json_array_get(items, j);
            ck_assert_msg(found != NULL, "candidate %d pos %d: acknowledged seq %lld lost", i, p, ws[i].acked_seq[p]);
            long long s = json_integer_value(json_object_get(found, "seq"));
            /* Last write wins by seq: at least the acknowledged one (a later
             * unacknowledged write may also have committed). */
            ck_assert_msg(s >= ws[i].acked_seq[p], "candidate %d pos %d: stored seq %lld < acknowledged %lld", i, p, s,
                          ws[i].acked_seq[p]);
            char want[64];
            value_for(kill_types[i][p], s, want, sizeof want);
            char *got = json_dumps(json_object_get(found, "response"), JSON_COMPACT | JSON_ENCODE_ANY);
            ck_assert_str_eq(got, want);
            free(got);
            checked++;
        }
    }
    fprintf(stderr, "sigkill: %d acknowledged saves by %d candidates; %d positions checked after restart\n", total,
            KILL_CANDS, checked);
    ck_assert_int_gt(total, 50);
    ck_assert_int_gt(checked, KILL_CANDS * 3);
    for (int i = 0; i < KILL_CANDS; i++) client_free(&ws[i].k.c);
    server_stop(&srv); /* the restarted server is this child's */
}
END_TEST

/* A browser holding a staff session as well (an invigilator's machine) can
 * still sit: the sitting routes read only their own session and CSRF header
 * (ROUTE_OWN_SESSION), and a cross-origin write is refused. */
START_TEST(candidate_routes_ignore_a_staff_session_in_the_same_browser)
{
    struct client adm;
    login(&adm, "admin");
    char body[64];
    snprintf(body, sizeof body, "{\"candidate_ids\":[%lld]}", cand[4]);
    json_t *codes = issue_codes(&adm, sit1, body);
    ck_assert_ptr_nonnull(codes);
    struct cand ke;
    ck_assert_int_eq(cand_signin(&ke, code_of(codes, cand[4])), 200);
    json_decref(codes);
    char both[sizeof ke.c.cookie];
    ck_assert_int_lt(snprintf(both, sizeof both, "%s; %s", adm.cookie, ke.c.cookie), (int)sizeof both);
    memcpy(ke.c.cookie, both, sizeof both);
    /* No X-CSRF-Token of the staff session is needed, the X-Exam-CSRF is. */
    ck_assert_int_eq(cand_req(&ke, "GET", "/api/v1/sitting/state", NULL), 200);
    ck_assert_int_eq(client_req_h(&ke.c, "POST", "/api/v1/sitting/start", "{}", (const char *const[]){NULL}), 403);
    int st = cand_req(&ke, "POST", "/api/v1/sitting/start", "{}");
    ck_assert_msg(st == 200 || st == 201, "start: %d", st); /* 200: E's attempt exists already */
    const char *evil[] = {ke.hdr, "Origin: http://evil.example", NULL};
    ck_assert_int_eq(client_req_h(&ke.c, "POST", "/api/v1/sitting/submit", "{}", evil), 403);
    ck_assert_str_eq(jerr(&ke.c), "bad_origin");
    /* The staff session in the same cookie header still works on user routes. */
    ck_assert_int_eq(client_req(&ke.c, "GET", "/api/v1/exams", NULL), 200);
    client_free(&ke.c);
    client_free(&adm);
}
END_TEST

START_TEST(signin_is_throttled)
{
    struct cand x;
    int st = 0, n = 0;
    for (; n < 100; n++) {
        st = cand_signin(&x, n % 2 ? "ZZZZZ-ZZZZZ" : "not a code");
        if (st != 401) break;
        client_free(&x.c);
    }
    ck_assert_int_eq(st, 429);
    /* 30 failures per client address and 5 minutes (earlier tests of this
     * server failed 3 sign-ins from the same address). */
    ck_assert_int_le(n, 30);
    ck_assert_int_ge(n, 25);
    ck_assert_str_eq(jerr(&x.c), "too_many_attempts");
    client_free(&x.c);
    /* Blocked even with a valid code while the window lasts. */
    ck_assert_int_eq(cand_signin(&x, code_of(codes1, cand[4])), 429);
    client_free(&x.c);
}
END_TEST

extern Suite *suite_api_exam_sitting(void);
Suite *suite_api_exam_sitting(void)
{
    Suite *s = suite_create("api_exam_sitting");
    TCase *tc = tcase_create("sitting");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, codes_are_one_time_hashed_and_reissued);
    tcase_add_test(tc, candidate_sees_only_own_form_and_answers);
    tcase_add_test(tc, no_change_after_submission_or_deadline);
    tcase_add_test(tc, candidate_routes_ignore_a_staff_session_in_the_same_browser);
    tcase_add_test(tc, signin_is_throttled);
    suite_add_tcase(s, tc);
    /* Its own server: the test kills it and restarts it in the forked child. */
    TCase *tk = tcase_create("sigkill");
    tcase_add_unchecked_fixture(tk, setup, teardown);
    tcase_set_timeout(tk, 180);
    tcase_add_test(tk, sigkill_keeps_every_acknowledged_answer);
    suite_add_tcase(s, tk);
    return s;
}
