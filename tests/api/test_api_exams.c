/* API tests for question banks and exams (issue 5; docs/exams.md): bank
 * import (all or nothing with a per-row report), versioned questions and
 * forms that keep the version they were drawn with, question secrecy (404
 * outside the subject's authors, reviewers and board; nothing in lists),
 * every question read audited, blueprint vs. pool (400 naming the row),
 * reproducible forms, per-field validation, and an intact audit chain. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static struct server srv;
static long long subj, t_law, t_it, p_in, p_out, exam_id;

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

/* The bank: law (topic 1): 6 single-choice at difficulty 1; it (topic 2):
 * 3 true/false at difficulty 2 and one essay at difficulty 3. */
static char *bank_json(int bad_row)
{
    json_t *qs = json_array();
    for (int i = 0; i < 6; i++) {
        char stem[128];
        snprintf(stem, sizeof stem, "Luật Cán bộ, công chức — câu %d?", i + 1);
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[s],s:[{s:s,s:b},{s:s,s:b},{s:s,s:b},{s:s,s:b}]}",
            "topic_code", "luat", "type", "single", "difficulty", 1, "stem", stem, "tags", "luật",
            "options", "text", "Phương án A", "correct", 1, "text", "Phương án B", "correct", 0,
            "text", "Phương án C", "correct", 0, "text", "Phương án D", "correct", 0));
    }
    for (int i = 0; i < 3; i++) {
        char stem[128];
        snprintf(stem, sizeof stem, "Tin học văn phòng — mệnh đề %d đúng hay sai?", i + 1);
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b}]}", "topic_code", "tinhoc",
            "type", "true_false", "difficulty", 2, "stem", stem, "options", "text", "Đúng", "correct", 1, "text", "Sai", "correct", 0));
    }
    json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:s,s:[{s:s,s:s}]}", "topic_code", "tinhoc", "type", "essay",
        "difficulty", 3, "stem", "Trình bày quy trình số hóa hồ sơ.", "answer", "Hướng dẫn chấm: 3 ý.",
        "images", "mime", "image/png", "data_base64", "iVBORw0KGgo="));
    if (bad_row) {
        json_object_set_new(json_array_get(qs, 3), "difficulty", json_integer(9));
        json_object_set_new(json_array_get(qs, 7), "type", json_string("matching"));
    }
    json_t *o = json_pack("{s:o}", "questions", qs);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) exit(1);
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "author.a", "leader", 2, 0);
    make_user(&srv, "board.a", "leader", 2, 0);
    make_user(&srv, "reviewer.a", "leader", 2, 0);
    make_user(&srv, "outsider", "leader", 4, 0);
    struct client c, a;
    login(&c, "admin");
    p_in = must(&c, 201, "POST", "/api/v1/people",
        "{\"full_name\":\"Nguyễn Văn Dũng\",\"cccd\":\"048080000123\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
        "\"ethnicity_id\":1,\"unit_id\":3}");
    p_out = must(&c, 201, "POST", "/api/v1/people",
        "{\"full_name\":\"Đặng Thị Hoa\",\"cccd\":\"048185000456\",\"birth_date\":\"1985-02-03\",\"sex\":2,"
        "\"ethnicity_id\":1,\"unit_id\":4}");
    subj = must(&c, 201, "POST", "/api/v1/exam/subjects", "{\"code\":\"kthc\",\"name\":\"Kiến thức chung\"}");
    char path[96], body[128];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/topics", subj);
    t_law = must(&c, 201, "POST", path, "{\"code\":\"luat\",\"name\":\"Pháp luật về cán bộ, công chức\"}");
    t_it = must(&c, 201, "POST", path, "{\"code\":\"tinhoc\",\"name\":\"Tin học\"}");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/members", subj);
    const char *m[][2] = {{"author.a", "author"}, {"board.a", "board"}, {"reviewer.a", "reviewer"}};
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"%s\"}", user_id(&c, m[i][0]), m[i][1]);
        must(&c, 201, "POST", path, body);
    }
    login(&a, "author.a");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    char *bank = bank_json(0);
    must(&a, 201, "POST", path, bank);
    free(bank);
    char ex[400];
    snprintf(ex, sizeof ex, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"Sát hạch kiến thức chung 2025\","
             "\"reference_date\":\"2025-11-20\",\"duration_min\":60,"
             "\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":3},{\"topic_id\":%lld,\"difficulty\":2,\"count\":2}]}",
             subj, t_law, t_it);
    exam_id = must(&c, 201, "POST", "/api/v1/exams", ex);
    client_free(&a);
    client_free(&c);
}

static void teardown(void) { server_stop(&srv); }

/* Number of audit entries with this action (admin view). */
static int count_action(const char *action)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/audit?entity=exam_question&per_page=500", NULL), 200);
    json_t *items = jget(&c, "items");
    int n = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        n += !strcmp(json_string_value(json_object_get(json_array_get(items, i), "action")), action);
    client_free(&c);
    return n;
}

START_TEST(import_is_all_or_nothing_with_row_report)
{
    struct client a;
    login(&a, "author.a");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    char *bank = bank_json(1);
    ck_assert_int_eq(client_req(&a, "POST", path, bank), 400);
    free(bank);
    ck_assert_str_eq(jerr(&a), "rows_invalid");
    ck_assert_int_eq(json_array_size(jget(&a, "error.rows")), 2);
    ck_assert_int_eq(jint(&a, "error.rows.0.row"), 4);
    ck_assert_str_eq(jstr(&a, "error.rows.0.field"), "questions.3.difficulty");
    ck_assert_str_eq(jstr(&a, "error.rows.0.code"), "out_of_range");
    ck_assert_str_eq(jstr(&a, "error.rows.1.field"), "questions.7.type");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/questions", subj);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&a, "items")), 10); /* only the setup import */
    /* The list carries no content. */
    ck_assert_ptr_null(jget(&a, "items.0.stem"));
    ck_assert(json_is_integer(jget(&a, "items.0.options"))); /* a count, not the options */
    ck_assert_ptr_null(jget(&a, "items.0.answer"));
    client_free(&a);
}
END_TEST

START_TEST(edit_keeps_drawn_version_and_forms_reproduce)
{
    struct client c, a, b;
    login(&c, "officer.a");
    char path[128], body[256];
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings", exam_id);
    long long sit = must(&c, 201, "POST", path, "{\"starts_at\":\"2025-11-20T08:00\",\"room\":\"Phòng 201\",\"capacity\":30}");
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates", exam_id);
    snprintf(body, sizeof body, "{\"person_id\":%lld,\"sitting_id\":%lld}", p_in, sit);
    long long c1 = must(&c, 201, "POST", path, body);
    snprintf(body, sizeof body, "{\"person_id\":%lld}", p_out); /* outside officer.a's subtree */
    ck_assert_int_eq(client_req(&c, "POST", path, body), 404);
    long long c2 = must(&c, 201, "POST", path,
        "{\"full_name\":\"Lò Văn Páo\",\"birth_date\":\"1998-03-04\",\"cccd\":\"011098000777\","
        "\"documents\":[{\"kind\":\"bang_tot_nghiep\",\"ref\":\"DH-2020-1234\"}],\"priority\":[\"dan_toc_thieu_so\"]}");
    ck_assert_int_eq(client_req(&c, "POST", path, "{\"full_name\":\"Lò Văn Páo\",\"birth_date\":\"1998-03-04\",\"cccd\":\"011098000777\"}"), 409);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/forms", exam_id);
    ck_assert_int_eq(client_req(&c, "POST", path, "{}"), 201);
    ck_assert_int_eq(jint(&c, "generated"), 2);
    ck_assert_int_eq(jint(&c, "forms.0.questions"), 5);
    ck_assert_int_eq(client_req(&c, "POST", path, "{}"), 201);
    ck_assert_int_eq(jint(&c, "generated"), 0); /* forms are drawn once */

    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates/%lld/form?verify=1", exam_id, c1);
    ck_assert_int_eq(client_req(&c, "GET", path, NULL), 200);
    ck_assert(json_is_true(jget(&c, "reproduced")));
    ck_assert_int_eq(json_array_size(jget(&c, "items")), 5);
    char *before = json_dumps(jget(&c, "items"), JSON_COMPACT);
    long long qid = jint(&c, "items.0.question_id"), vid = jint(&c, "items.0.version_id");
    ck_assert_int_eq(jint(&c, "items.0.version"), 1);

    /* The author edits a drawn question: a new version. */
    login(&a, "author.a");
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", qid);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    const char *type = jstr(&a, "type");
    char edit[600];
    if (!strcmp(type, "single"))
        snprintf(edit, sizeof edit, "{\"version\":1,\"topic_id\":%lld,\"type\":\"single\",\"difficulty\":1,\"stem\":\"Câu đã sửa\","
                 "\"options\":[{\"text\":\"A mới\",\"correct\":false},{\"text\":\"B mới\",\"correct\":true}]}", t_law);
    else
        snprintf(edit, sizeof edit, "{\"version\":1,\"topic_id\":%lld,\"type\":\"true_false\",\"difficulty\":2,\"stem\":\"Câu đã sửa\","
                 "\"options\":[{\"text\":\"Đúng\",\"correct\":false},{\"text\":\"Sai\",\"correct\":true}]}", t_it);
    ck_assert_int_eq(client_req(&a, "PUT", path, edit), 200);
    ck_assert_int_eq(jint(&a, "version"), 2);
    ck_assert_int_ne(jint(&a, "version_id"), vid);
    ck_assert_int_eq(client_req(&a, "PUT", path, edit), 409); /* stale version */
    ck_assert_str_eq(jerr(&a), "conflict");

    /* The form still points at version 1 and still reproduces. */
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates/%lld/form?verify=1", exam_id, c1);
    ck_assert_int_eq(client_req(&c, "GET", path, NULL), 200);
    ck_assert(json_is_true(jget(&c, "reproduced")));
    char *after = json_dumps(jget(&c, "items"), JSON_COMPACT);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates/%lld/form?verify=1", exam_id, c2);
    ck_assert_int_eq(client_req(&c, "GET", path, NULL), 200);
    ck_assert(json_is_true(jget(&c, "reproduced")));

    /* The board reads both versions. */
    login(&b, "board.a");
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld?version=1", qid);
    ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200);
    ck_assert_int_eq(jint(&b, "version_id"), vid);
    ck_assert_str_ne(jstr(&b, "stem"), "Câu đã sửa");
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", qid);
    ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200);
    ck_assert_str_eq(jstr(&b, "stem"), "Câu đã sửa");
    ck_assert_int_eq(jint(&b, "version"), 2);
    /* The blueprint is frozen once forms exist. */
    snprintf(path, sizeof path, "/api/v1/exams/%lld", exam_id);
    snprintf(body, sizeof body, "{\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", t_law);
    ck_assert_int_eq(client_req(&c, "PATCH", path, body), 409);
    ck_assert_str_eq(jerr(&c), "forms_exist");
    client_free(&a);
    client_free(&b);
    client_free(&c);
}
END_TEST

START_TEST(secrecy_404_and_nothing_in_lists)
{
    char qpath[96], lpath[96], bpath[96];
    snprintf(lpath, sizeof lpath, "/api/v1/exam/subjects/%lld/questions", subj);
    snprintf(bpath, sizeof bpath, "/api/v1/exam/subjects/%lld/bank", subj);
    struct client a;
    login(&a, "author.a");
    ck_assert_int_eq(client_req(&a, "GET", lpath, NULL), 200);
    snprintf(qpath, sizeof qpath, "/api/v1/exam/questions/%lld", jint(&a, "items.0.id"));
    client_free(&a);
    int reads = count_action("question.read");
    const char *outsiders[] = {"outsider", "officer.a", "admin"}; /* managers are not members either */
    for (int i = 0; i < 3; i++) {
        struct client c;
        login(&c, outsiders[i]);
        ck_assert_int_eq(client_req(&c, "GET", qpath, NULL), 404);
        ck_assert_str_eq(jerr(&c), "not_found");
        ck_assert_ptr_null(jget(&c, "stem"));
        ck_assert_int_eq(client_req(&c, "GET", lpath, NULL), 404);
        ck_assert_int_eq(client_req(&c, "GET", bpath, NULL), 404);
        ck_assert_int_eq(client_req(&c, "PUT", qpath, "{\"stem\":\"x\"}"), 404);
        ck_assert_ptr_null(strstr(c.body, "Luật Cán bộ"));
        client_free(&c);
    }
    struct client o;
    login(&o, "outsider");
    ck_assert_int_eq(client_req(&o, "GET", "/api/v1/exam/subjects", NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items")), 0);
    char sp[64];
    snprintf(sp, sizeof sp, "/api/v1/exam/subjects/%lld", subj);
    ck_assert_int_eq(client_req(&o, "GET", sp, NULL), 404);
    snprintf(sp, sizeof sp, "/api/v1/exams/%lld", exam_id);
    ck_assert_int_eq(client_req(&o, "GET", sp, NULL), 404);
    client_free(&o);
    /* Reviewers read but do not write. */
    struct client r;
    login(&r, "reviewer.a");
    ck_assert_int_eq(client_req(&r, "GET", qpath, NULL), 200);
    ck_assert_int_eq(client_req(&r, "PUT", qpath, "{\"stem\":\"x\"}"), 404);
    client_free(&r);
    ck_assert_int_eq(count_action("question.read"), reads + 1); /* refused reads log nothing, the reviewer's does */
}
END_TEST

START_TEST(every_read_is_audited)
{
    struct client b;
    login(&b, "board.a");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/questions", subj);
    ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200);
    long long q0 = jint(&b, "items.0.id"), q1 = jint(&b, "items.1.id");
    int before = count_action("question.read");
    ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200); /* the list shows no content: not a read */
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", i == 1 ? q1 : q0);
        ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200);
    }
    ck_assert_int_eq(count_action("question.read"), before + 3);
    /* An export reads every question: one entry each. */
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    ck_assert_int_eq(client_req(&b, "GET", path, NULL), 200);
    size_t n = json_array_size(jget(&b, "questions"));
    ck_assert_int_ge(n, 10);
    ck_assert_str_eq(jstr(&b, "questions.9.images.0.mime"), "image/png");
    ck_assert_int_eq(count_action("question.read"), before + 3 + (int)n);
    /* The audit trail names versions, never the secret content. */
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/audit?entity=exam_question&per_page=500", NULL), 200);
    ck_assert_ptr_null(strstr(c.body, "Luật Cán bộ"));
    ck_assert_ptr_null(strstr(c.body, "Phương án"));
    client_free(&c);
    client_free(&b);
}
END_TEST

START_TEST(blueprint_larger_than_pool_names_the_row)
{
    struct client c;
    login(&c, "officer.a");
    char body[512];
    snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"Quá lớn\",\"reference_date\":\"2025-11-20\","
             "\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":2},{\"topic_id\":%lld,\"difficulty\":2,\"count\":9}]}",
             subj, t_law, t_it);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/exams", body), 400);
    ck_assert_str_eq(jerr(&c), "pool_too_small");
    ck_assert_str_eq(jstr(&c, "error.field"), "blueprint.1.count");
    ck_assert_ptr_nonnull(strstr(jstr(&c, "error.message"), "Dòng 2"));
    ck_assert_ptr_nonnull(strstr(jstr(&c, "error.message"), "chỉ có 3 câu"));
    snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"Trống\",\"reference_date\":\"2025-11-20\","
             "\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":5,\"count\":1}]}", subj, t_law);
    ck_assert_int_eq(client_req(&c, "POST", "/api/v1/exams", body), 400);
    ck_assert_str_eq(jstr(&c, "error.field"), "blueprint.0.count");
    client_free(&c);
}
END_TEST

static const struct {
    const char *who, *method, *path_fmt; /* %lld: subject, exam or topic per `arg` */
    int arg;                             /* 0 subject, 1 exam */
    const char *body;
    int status;
    const char *code, *field;
} bad_cases[] = {
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"difficulty\":1,\"stem\":\"S\"}", 400, "required", "type"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"single\",\"difficulty\":9,\"stem\":\"S\"}", 400, "out_of_range", "difficulty"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"single\",\"difficulty\":\"2\",\"stem\":\"S\"}", 400, "invalid_type", "difficulty"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"single\",\"difficulty\":1,\"stem\":\"  \"}", 400, "required", "stem"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"choice\",\"difficulty\":1,\"stem\":\"S\"}", 400, "invalid_value", "type"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":999,\"type\":\"essay\",\"difficulty\":1,\"stem\":\"S\"}", 400, "unknown_code", "topic_id"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"essay\",\"difficulty\":1,\"stem\":\"S\",\"secret\":1}", 400, "unknown_field", "secret"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"single\",\"difficulty\":1,\"stem\":\"S\",\"options\":[{\"text\":\"A\",\"correct\":true},{\"text\":\"B\",\"correct\":true}]}", 400, "invalid_value", "options"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"multiple\",\"difficulty\":1,\"stem\":\"S\",\"options\":[{\"text\":\"A\",\"correct\":true},{\"text\":\"B\",\"correct\":\"yes\"}]}", 400, "invalid_type", "options.1.correct"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"short_answer\",\"difficulty\":1,\"stem\":\"S\"}", 400, "required", "answer"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"essay\",\"difficulty\":1,\"stem\":\"S\",\"images\":[{\"mime\":\"image/bmp\",\"data_base64\":\"AA==\"}]}", 400, "invalid_value", "images.0.mime"},
    {"author.a", "POST", "/api/v1/exam/subjects/%lld/questions", 0, "{\"topic_id\":1,\"type\":\"essay\",\"difficulty\":1,\"stem\":\"S\",\"images\":[{\"mime\":\"image/png\",\"data_base64\":\"@@@\"}]}", 400, "invalid_value", "images.0.data_base64"},
    {"officer.a", "POST", "/api/v1/exam/subjects/%lld/topics", 0, "{\"code\":\"Có Dấu\",\"name\":\"X\"}", 400, "invalid_value", "code"},
    {"officer.a", "POST", "/api/v1/exam/subjects/%lld/topics", 0, "{\"code\":\"luat\",\"name\":\"X\"}", 409, "duplicate_code", "code"},
    {"officer.a", "POST", "/api/v1/exam/subjects/%lld/members", 0, "{\"user_id\":1,\"role\":\"owner\"}", 400, "invalid_value", "role"},
    {"officer.a", "POST", "/api/v1/exams/%lld/sittings", 1, "{\"starts_at\":\"2025-13-01T08:00\",\"room\":\"P1\",\"capacity\":10}", 400, "invalid_date", "starts_at"},
    {"officer.a", "POST", "/api/v1/exams/%lld/sittings", 1, "{\"starts_at\":\"2025-12-01T08:00\",\"room\":\"P1\",\"capacity\":0}", 400, "out_of_range", "capacity"},
    {"officer.a", "POST", "/api/v1/exams/%lld/candidates", 1, "{\"full_name\":\"A\",\"birth_date\":\"1999-01-01\",\"cccd\":\"12345\"}", 400, "invalid_cccd", "cccd"},
    {"officer.a", "POST", "/api/v1/exams/%lld/candidates", 1, "{\"full_name\":\"A\",\"birth_date\":\"1999-02-30\",\"cccd\":\"001099000001\"}", 400, "invalid_date", "birth_date"},
    {"officer.a", "POST", "/api/v1/exams/%lld/candidates", 1, "{\"full_name\":\"A\",\"birth_date\":\"1999-01-01\",\"cccd\":\"001099000001\",\"priority\":[\"vip\"]}", 400, "unknown_code", "priority.0"},
    {"officer.a", "POST", "/api/v1/exams/%lld/candidates", 1, "{\"full_name\":\"A\",\"birth_date\":\"1999-01-01\",\"cccd\":\"001099000001\",\"documents\":[{\"kind\":\"\"}]}", 400, "invalid_value", "documents.0"},
    {"officer.a", "POST", "/api/v1/exams/%lld/candidates", 1, "{\"full_name\":\"A\",\"birth_date\":\"1999-01-01\",\"cccd\":\"001099000001\",\"sitting_id\":999}", 400, "unknown_code", "sitting_id"},
    {"officer.a", "PATCH", "/api/v1/exams/%lld", 1, "{\"duration_min\":0}", 400, "out_of_range", "duration_min"},
    {"officer.a", "PATCH", "/api/v1/exams/%lld", 1, "{\"subject_id\":2}", 400, "unknown_field", "subject_id"},
    {NULL, NULL, NULL, 0, NULL, 0, NULL, NULL},
};

START_TEST(bad_input_per_field)
{
    for (size_t i = 0; bad_cases[i].method; i++) {
        struct client c;
        login(&c, bad_cases[i].who);
        char path[128];
        snprintf(path, sizeof path, bad_cases[i].path_fmt, bad_cases[i].arg ? exam_id : subj);
        int st = client_req(&c, bad_cases[i].method, path, bad_cases[i].body);
        ck_assert_msg(st == bad_cases[i].status, "case %zu: %d %s", i, st, c.body);
        ck_assert_msg(!strcmp(jerr(&c), bad_cases[i].code), "case %zu: code %s", i, jerr(&c));
        ck_assert_msg(jstr(&c, "error.field") && !strcmp(jstr(&c, "error.field"), bad_cases[i].field), "case %zu: field %s", i, c.body);
        ck_assert_ptr_nonnull(jstr(&c, "error.message"));
        client_free(&c);
    }
}
END_TEST

static const struct {
    const char *body_fmt; /* %lld subject, %lld topic */
    const char *code, *field;
} exam_cases[] = {
    {"{\"subject_id\":%lld,\"type\":\"oral\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", "invalid_value", "type"},
    {"{\"subject_id\":%lld,\"type\":\"recruit_r1\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"pass_percent\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", "invalid_value", "pass_percent"},
    {"{\"subject_id\":%lld,\"type\":\"recruit_r2\",\"title\":\"T\",\"reference_date\":\"2019-01-01\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", "invalid_value", "reference_date"},
    {"{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":601,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", "out_of_range", "duration_min"},
    {"{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":1},{\"topic_id\":%lld,\"difficulty\":1,\"count\":1}]}", "duplicate_row", "blueprint.1"},
    {"{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":0,\"count\":1}]}", "out_of_range", "blueprint.0.difficulty"},
    {"{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1}]}", "required", "blueprint.0.count"},
    {"{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[]}%lld", "required", "blueprint"},
};

START_TEST(exam_bad_input_per_field)
{
    struct client c;
    login(&c, "officer.a");
    for (size_t i = 0; i < sizeof exam_cases / sizeof exam_cases[0]; i++) {
        char body[600];
        snprintf(body, sizeof body, exam_cases[i].body_fmt, subj, t_law, t_law);
        if (i == 7) snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"T\",\"reference_date\":\"2025-11-20\",\"duration_min\":60,\"blueprint\":[]}", subj);
        ck_assert_msg(client_req(&c, "POST", "/api/v1/exams", body) == 400, "case %zu: %s", i, c.body);
        ck_assert_msg(!strcmp(jerr(&c), exam_cases[i].code), "case %zu: %s", i, c.body);
        ck_assert_msg(!strcmp(jstr(&c, "error.field"), exam_cases[i].field), "case %zu: %s", i, c.body);
    }
    /* Leaders and staff do not manage exams. */
    struct client l;
    login(&l, "outsider");
    ck_assert_int_eq(client_req(&l, "POST", "/api/v1/exam/subjects", "{\"code\":\"x\",\"name\":\"X\"}"), 403);
    ck_assert_int_eq(client_req(&l, "GET", "/api/v1/exams", NULL), 403);
    client_free(&l);
    client_free(&c);
}
END_TEST

/* Pool size of (topic, difficulty) for a new exam: the largest count that is accepted. */
static int live_pool(struct client *c, long long topic, int difficulty)
{
    for (int n = 1; n < 50; n++) {
        char body[512];
        snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"Đo\",\"reference_date\":\"2025-11-20\","
                 "\"duration_min\":60,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":%d,\"count\":%d}]}", subj, topic, difficulty, n);
        int st = client_req(c, "POST", "/api/v1/exams", body);
        if (st == 400 && !strcmp(jerr(c), "pool_too_small")) return n - 1;
        ck_assert_int_eq(st, 201);
    }
    return -1;
}

/* Retiring a question (migration 12): withdrawn from the pool of new exams,
 * left out of the bank export, not editable, still readable; a form that
 * holds it keeps it and still reproduces; restorable; never deletable.
 * (Runs after edit_keeps_drawn_version_and_forms_reproduce drew the forms.) */
START_TEST(retired_question_leaves_future_forms_only)
{
    struct client c, a, v;
    login(&c, "officer.a");
    login(&a, "author.a");
    login(&v, "reviewer.a");
    char path[160];
    /* A question drawn into a form. */
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates", exam_id);
    ck_assert_int_eq(client_req(&c, "GET", path, NULL), 200);
    long long cand = 0;
    for (size_t i = 0; i < json_array_size(jget(&c, "items")) && !cand; i++) {
        json_t *it = json_array_get(jget(&c, "items"), i);
        if (json_is_integer(json_object_get(it, "form_id"))) cand = json_integer_value(json_object_get(it, "id"));
    }
    ck_assert_msg(cand > 0, "a candidate with a form");
    char form_path[160];
    snprintf(form_path, sizeof form_path, "/api/v1/exams/%lld/candidates/%lld/form?verify=1", exam_id, cand);
    ck_assert_int_eq(client_req(&c, "GET", form_path, NULL), 200);
    long long qid = jint(&c, "items.0.question_id");
    char *items_before = json_dumps(jget(&c, "items"), JSON_COMPACT);
    /* Its topic and difficulty, and the pool before. */
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", qid);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    long long topic = jint(&a, "topic_id");
    int diff = (int)jint(&a, "difficulty"), ver = (int)jint(&a, "current_version");
    int pool_before = live_pool(&c, topic, diff);
    ck_assert_int_ge(pool_before, 1);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    size_t bank_before = json_array_size(jget(&a, "questions"));

    /* Only the subject's authors and board retire: others get 404. */
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld/retire", qid);
    ck_assert_int_eq(client_req(&v, "POST", path, "{}"), 404);
    ck_assert_int_eq(client_req(&c, "POST", path, "{}"), 404);
    ck_assert_int_eq(client_req(&a, "POST", path, "{\"reason\":\"Đáp án không còn đúng theo luật mới\"}"), 200);
    ck_assert_int_eq(client_req(&a, "POST", path, "{}"), 409);
    ck_assert_str_eq(jerr(&a), "already_retired");

    ck_assert_int_eq(live_pool(&c, topic, diff), pool_before - 1);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    ck_assert_int_eq(json_array_size(jget(&a, "questions")), bank_before - 1);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/questions", subj);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    int listed_retired = 0;
    for (size_t i = 0; i < json_array_size(jget(&a, "items")); i++) {
        json_t *it = json_array_get(jget(&a, "items"), i);
        if (json_integer_value(json_object_get(it, "id")) == qid) listed_retired = json_is_string(json_object_get(it, "retired_at"));
    }
    ck_assert(listed_retired);
    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld", qid);
    ck_assert_int_eq(client_req(&a, "GET", path, NULL), 200);
    ck_assert(json_is_string(jget(&a, "retired_at")));
    char body[96];
    snprintf(body, sizeof body, "{\"version\":%d,\"topic_id\":%lld,\"type\":\"essay\",\"difficulty\":%d,\"stem\":\"x\"}", ver, topic, diff);
    ck_assert_int_eq(client_req(&a, "PUT", path, body), 409);
    ck_assert_str_eq(jerr(&a), "retired");

    /* The drawn form keeps the question and still reproduces from its snapshot. */
    ck_assert_int_eq(client_req(&c, "GET", form_path, NULL), 200);
    ck_assert(json_is_true(jget(&c, "reproduced")));
    char *items_after = json_dumps(jget(&c, "items"), JSON_COMPACT);
    ck_assert_str_eq(items_before, items_after);
    free(items_before);
    free(items_after);

    /* Never deleted, not even in SQL. */
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM exam_question WHERE id = %lld", qid);
    ck_assert_int_ne(db_sql(&srv, sql), 0);
    snprintf(sql, sizeof sql, "DELETE FROM exam_question_version WHERE question_id = %lld", qid);
    ck_assert_int_ne(db_sql(&srv, sql), 0);

    snprintf(path, sizeof path, "/api/v1/exam/questions/%lld/restore", qid);
    ck_assert_int_eq(client_req(&a, "POST", path, "{}"), 200);
    ck_assert_int_eq(client_req(&a, "POST", path, "{}"), 409);
    ck_assert_int_eq(live_pool(&c, topic, diff), pool_before);
    client_free(&c);
    client_free(&a);
    client_free(&v);
}
END_TEST

START_TEST(audit_chain_intact)
{
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}
END_TEST

extern Suite *suite_api_exams(void);
/* The points of a priority category (by code) in c's last body; -1 absent. */
static long long prio_points(struct client *c, const char *code)
{
    json_t *items = jget(c, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(items, i), "code")), code))
            return json_integer_value(json_object_get(json_array_get(items, i), "points"));
    return -1;
}

/* GET /exam/priorities?date= names the regime in force on the exam's
 * reference date and its legal source (rules.md §0, §4.3): NĐ 138/2020 Art.
 * 5(1) until 30/6/2025 (the 1,5-point trade-union category only from
 * 17/9/2024, NĐ 116/2024), NĐ 170/2025 from 1/7/2025. */
START_TEST(priorities_cite_the_regime_of_the_date)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities?date=2025-03-10", NULL), 200);
    ck_assert_str_eq(jstr(&c, "regime.code"), "nd138_2020");
    ck_assert_str_eq(jstr(&c, "source"), "NĐ 138/2020/NĐ-CP Điều 5 khoản 1");
    ck_assert_int_eq(prio_points(&c, "thuong_binh"), 750);
    ck_assert_int_eq(prio_points(&c, "can_bo_cong_doan"), 150);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities?date=2024-05-01", NULL), 200);
    ck_assert_str_eq(jstr(&c, "regime.code"), "nd138_2020");
    ck_assert_int_eq(prio_points(&c, "can_bo_cong_doan"), 0);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities?date=2025-11-20", NULL), 200);
    ck_assert_str_eq(jstr(&c, "regime.code"), "nd170_2025");
    ck_assert_str_eq(jstr(&c, "regime.short_name"), "NĐ 170/2025");
    ck_assert_ptr_nonnull(strstr(jstr(&c, "source"), "NĐ 170/2025/NĐ-CP"));
    ck_assert_ptr_null(strstr(c.body, "138/2020"));
    ck_assert_int_eq(prio_points(&c, "dan_toc_thieu_so"), 500);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities?date=20-11-2025", NULL), 400);
    ck_assert_str_eq(jerr(&c), "invalid_date");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities?date=2019-01-01", NULL), 400);
    ck_assert_str_eq(jerr(&c), "no_regime");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/exam/priorities", NULL), 200);
    ck_assert_ptr_null(jget(&c, "regime"));
    ck_assert_int_gt(json_array_size(jget(&c, "items")), 20);
    client_free(&c);
}
END_TEST

Suite *suite_api_exams(void)
{
    Suite *s = suite_create("api_exams");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, import_is_all_or_nothing_with_row_report);
    tcase_add_test(tc, edit_keeps_drawn_version_and_forms_reproduce);
    tcase_add_test(tc, secrecy_404_and_nothing_in_lists);
    tcase_add_test(tc, every_read_is_audited);
    tcase_add_test(tc, blueprint_larger_than_pool_names_the_row);
    tcase_add_test(tc, bad_input_per_field);
    tcase_add_test(tc, exam_bad_input_per_field);
    tcase_add_test(tc, retired_question_leaves_future_forms_only);
    tcase_add_test(tc, priorities_cite_the_regime_of_the_date);
    tcase_add_test(tc, audit_chain_intact);
    suite_add_tcase(s, tc);
    return s;
}
