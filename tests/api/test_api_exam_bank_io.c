/* API tests for question banks as spreadsheets (issue 5; docs/bank-format.md):
 * .xlsx/.csv import through the JSON import's validator (dry run with a
 * preview, then all or nothing), the report of every bad row and column with
 * nothing written, export -> import round trips (.xlsx and a semicolon CSV)
 * giving the same bank, every exported question audited as a read, and the
 * access rules of docs/exams.md (404 for anyone not a member). */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "harness.h"

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static struct server srv;
static long long s_dry, s_bad, s_src, s_xlsx, s_csv;

static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','department',1),"
    " (3,'2020-01-01','Sở Tài chính','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES (1,1,0),(2,2,0),(3,3,0),(1,2,1),(1,3,1);";

/* --- a raw client for binary bodies ------------------------------------------- */

struct raw { char *body; size_t len; char headers[4096]; size_t hlen; long status; json_t *json; };

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

static size_t raw_header(char *p, size_t sz, size_t n, void *ud)
{
    struct raw *r = ud;
    size_t k = sz * n;
    if (r->hlen + k < sizeof r->headers) {
        memcpy(r->headers + r->hlen, p, k);
        r->hlen += k;
        r->headers[r->hlen] = 0;
    }
    return k;
}

static void raw_free(struct raw *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

static long raw_req(struct client *c, const char *method, const char *path, const void *body, size_t len, const char *ctype,
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
    if (ctype) {
        snprintf(hdr, sizeof hdr, "Content-Type: %s", ctype);
        hl = curl_slist_append(hl, hdr);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, raw_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, raw_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, out);
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
    if (out->body) out->json = json_loadb(out->body, out->len, 0, NULL);
    return out->status;
}

static json_t *rget(struct raw *r, const char *path)
{
    json_t *v = r->json;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *tok = strtok(buf, "."); tok && v; tok = strtok(NULL, ".")) {
        if (json_is_array(v)) v = json_array_get(v, (size_t)atol(tok));
        else v = json_object_get(v, tok);
    }
    return v;
}

static char *read_data(const char *name, size_t *len)
{
    const char *d = getenv("CANBO_TESTDATA");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", d && *d ? d : "tests/data", name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* --- fixture ------------------------------------------------------------------- */

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

/* A subject with the topics of the test files and the members. */
static long long subject(struct client *c, const char *code, long long author, long long reviewer)
{
    char body[200], path[96];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"Môn %s\"}", code, code);
    long long id = must(c, 201, "POST", "/api/v1/exam/subjects", body);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/topics", id);
    must(c, 201, "POST", path, "{\"code\":\"luat\",\"name\":\"Pháp luật\"}");
    must(c, 201, "POST", path, "{\"code\":\"tinhoc\",\"name\":\"Tin học\"}");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/members", id);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"author\"}", author);
    must(c, 201, "POST", path, body);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"reviewer\"}", reviewer);
    must(c, 201, "POST", path, body);
    return id;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) exit(1);
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "author.a", "leader", 2, 0);
    make_user(&srv, "reviewer.a", "leader", 2, 0);
    make_user(&srv, "outsider", "leader", 3, 0);
    struct client c;
    login(&c, "admin");
    long long au = user_id(&c, "author.a"), rv = user_id(&c, "reviewer.a");
    s_dry = subject(&c, "dry", au, rv);
    s_bad = subject(&c, "bad", au, rv);
    s_src = subject(&c, "src", au, rv);
    s_xlsx = subject(&c, "via-xlsx", au, rv);
    s_csv = subject(&c, "via-csv", au, rv);
    client_free(&c);
}

static void teardown(void) { server_stop(&srv); }

static size_t question_count(struct client *c, long long sid)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/questions", sid);
    ck_assert_int_eq(client_req(c, "GET", path, NULL), 200);
    return json_array_size(jget(c, "items"));
}

/* Audit entries of an action (and via, when given) on questions. */
static int count_audit(const char *action, const char *via)
{
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/audit?entity=exam_question&per_page=500", NULL), 200);
    json_t *items = jget(&c, "items");
    int n = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *e = json_array_get(items, i);
        if (strcmp(json_string_value(json_object_get(e, "action")), action)) continue;
        json_t *after = json_object_get(e, "after");
        const char *v = json_string_value(json_object_get(after, "via"));
        if (!via || (v && !strcmp(v, via))) n++;
    }
    client_free(&c);
    return n;
}

/* --- tests ------------------------------------------------------------------------ */

START_TEST(xlsx_dry_run_previews_then_imports)
{
    struct client a;
    login(&a, "author.a");
    size_t len;
    char *x = read_data("bank-good.xlsx", &len);
    char path[128];
    struct raw r;
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx?dry_run=1", s_dry);
    ck_assert_int_eq(raw_req(&a, "POST", path, x, len, CT_XLSX, &r), 200);
    ck_assert(json_is_true(rget(&r, "dry_run")));
    ck_assert_int_eq(json_integer_value(rget(&r, "valid")), 12);
    ck_assert_int_eq(json_integer_value(rget(&r, "created")), 0);
    ck_assert_int_eq(json_array_size(rget(&r, "preview")), 12);
    ck_assert_int_eq(json_integer_value(rget(&r, "preview.0.row")), 2);
    ck_assert_str_eq(json_string_value(rget(&r, "preview.0.correct")), "B");
    ck_assert_str_eq(json_string_value(rget(&r, "preview.5.type")), "multiple");
    ck_assert_str_eq(json_string_value(rget(&r, "preview.5.correct")), "A,C");
    raw_free(&r);
    ck_assert_int_eq(question_count(&a, s_dry), 0); /* a dry run writes nothing */

    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_dry);
    ck_assert_int_eq(raw_req(&a, "POST", path, x, len, CT_XLSX, &r), 201);
    ck_assert_int_eq(json_integer_value(rget(&r, "created")), 12);
    raw_free(&r);
    ck_assert_int_eq(question_count(&a, s_dry), 12);
    /* The imported content, read back through the JSON API. */
    long long qid = jint(&a, "items.6.id");
    char qp[96];
    snprintf(qp, sizeof qp, "/api/v1/exam/questions/%lld", qid);
    ck_assert_int_eq(client_req(&a, "GET", qp, NULL), 200);
    ck_assert_str_eq(jstr(&a, "type"), "short_answer");
    ck_assert_str_eq(jstr(&a, "answer"), "NĐ");
    ck_assert_int_eq(jint(&a, "points"), 50);
    ck_assert_int_eq(count_audit("question.create", "import.xlsx"), 12);
    free(x);
    client_free(&a);
}
END_TEST

static int has_error(struct raw *r, long row, const char *column, const char *needle)
{
    json_t *rows = rget(r, "error.rows");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *e = json_array_get(rows, i);
        if (json_integer_value(json_object_get(e, "row")) == row && !strcmp(json_string_value(json_object_get(e, "column")), column) &&
            (!needle || strstr(json_string_value(json_object_get(e, "message")), needle)))
            return 1;
    }
    return 0;
}

START_TEST(bad_rows_reported_nothing_written)
{
    struct client a;
    login(&a, "author.a");
    char path[128];
    struct raw r;
    /* The bad test file: cell errors on rows 3, 5 (two) and 6. */
    size_t len;
    char *csv = read_data("bank-bad.csv", &len);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_bad);
    ck_assert_int_eq(raw_req(&a, "POST", path, csv, len, "text/csv", &r), 400);
    ck_assert_str_eq(json_string_value(rget(&r, "error.code")), "rows_invalid");
    ck_assert_int_eq(json_array_size(rget(&r, "error.rows")), 4);
    ck_assert_int_eq(json_integer_value(rget(&r, "error.error_rows")), 3);
    ck_assert(has_error(&r, 3, "Loại câu hỏi", "Ghép đôi"));
    ck_assert(has_error(&r, 5, "Độ khó", NULL));
    ck_assert(has_error(&r, 5, "Đáp án", NULL));
    ck_assert(has_error(&r, 6, "Phương án B", NULL));
    raw_free(&r);
    free(csv);
    /* The same file as .xlsx (LibreOffice): the same report. */
    char *x = read_data("bank-bad.xlsx", &len);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_bad);
    ck_assert_int_eq(raw_req(&a, "POST", path, x, len, CT_XLSX, &r), 400);
    ck_assert_int_eq(json_array_size(rget(&r, "error.rows")), 4);
    ck_assert(has_error(&r, 6, "Phương án B", NULL));
    raw_free(&r);
    free(x);
    /* Errors only the shared validator finds (a topic not in the subject),
     * next to a cell error: both reported, in row order, with their columns. */
    const char *mixed = "Mã chủ đề,Loại câu hỏi,Độ khó,Nội dung câu hỏi,Đáp án,Phương án A,Phương án B\n"
                        "luat,Một lựa chọn,1,Hợp lệ,A,x,y\n"
                        "khac,Một lựa chọn,1,Chủ đề lạ,A,x,y\n"
                        "luat,Một lựa chọn,1,Đáp án lạ,C,x,y\n";
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_bad);
    ck_assert_int_eq(raw_req(&a, "POST", path, mixed, strlen(mixed), "text/csv", &r), 400);
    ck_assert_int_eq(json_array_size(rget(&r, "error.rows")), 2);
    ck_assert_int_eq(json_integer_value(rget(&r, "error.rows.0.row")), 3);
    ck_assert_str_eq(json_string_value(rget(&r, "error.rows.0.column")), "Mã chủ đề");
    ck_assert_int_eq(json_integer_value(rget(&r, "error.rows.1.row")), 4);
    ck_assert_str_eq(json_string_value(rget(&r, "error.rows.1.column")), "Đáp án");
    raw_free(&r);
    /* A header error stops before the rows. */
    const char *hdr = "Mã chủ đề,Loại,Nội dung câu hỏi,Ghi chú\nluat,single,x,\n";
    ck_assert_int_eq(raw_req(&a, "POST", path, hdr, strlen(hdr), "text/csv", &r), 400);
    ck_assert(has_error(&r, 1, "Ghi chú", NULL));
    ck_assert(has_error(&r, 1, "Độ khó", "Thiếu cột"));
    raw_free(&r);
    /* Wrong or empty files. */
    ck_assert_int_eq(raw_req(&a, "POST", path, "", 0, "text/csv", &r), 400);
    raw_free(&r);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_bad);
    ck_assert_int_eq(raw_req(&a, "POST", path, mixed, strlen(mixed), CT_XLSX, &r), 400);
    ck_assert_str_eq(json_string_value(rget(&r, "error.code")), "invalid_file");
    raw_free(&r);
    ck_assert_int_eq(raw_req(&a, "POST", path, mixed, strlen(mixed), "application/json", &r), 415);
    raw_free(&r);
    /* Nothing was written by any of them. */
    ck_assert_int_eq(question_count(&a, s_bad), 0);
    client_free(&a);
}
END_TEST

/* The JSON export of a subject's bank, without ids and versions. */
static json_t *bank_of(struct client *c, long long sid)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", sid);
    ck_assert_int_eq(client_req(c, "GET", path, NULL), 200);
    json_t *qs = json_deep_copy(jget(c, "questions"));
    size_t i;
    json_t *q;
    json_array_foreach(qs, i, q) { json_object_del(q, "id"); json_object_del(q, "version"); }
    return qs;
}

START_TEST(export_import_round_trip_and_reads_audited)
{
    struct client a;
    login(&a, "author.a");
    char path[128];
    struct raw r;
    size_t len;
    /* The source bank: the good CSV plus an API question with every optional member. */
    char *csv = read_data("bank-good.csv", &len);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_src);
    ck_assert_int_eq(raw_req(&a, "POST", path, csv, len, "text/csv; charset=utf-8", &r), 201);
    raw_free(&r);
    free(csv);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", s_src);
    ck_assert_int_eq(client_req(&a, "POST", path,
        "{\"questions\":[{\"topic_code\":\"tinhoc\",\"type\":\"multiple\",\"difficulty\":4,\"stem\":\"=Công thức, \\\"trích dẫn\\\"\\nhai dòng\","
        "\"tags\":[\"tin học\",\"nâng cao\"],\"points\":125,\"answer\":\"Giải thích\",\"options\":[{\"text\":\"a\",\"correct\":true},"
        "{\"text\":\"b\",\"correct\":false},{\"text\":\"c\",\"correct\":false},{\"text\":\"d\",\"correct\":false},{\"text\":\"e\",\"correct\":true}]},"
        "{\"topic_code\":\"tinhoc\",\"type\":\"true_false\",\"difficulty\":1,\"stem\":\"Có hay không?\",\"options\":[{\"text\":\"Có\",\"correct\":false},{\"text\":\"Không\",\"correct\":true}]}]}"),
        201);
    json_t *src = bank_of(&a, s_src);
    ck_assert_int_eq(json_array_size(src), 14);

    int reads_x = count_audit("question.read", "export.xlsx"), reads_c = count_audit("question.read", "export.csv");
    /* .xlsx */
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_src);
    ck_assert_int_eq(raw_req(&a, "GET", path, NULL, 0, NULL, &r), 200);
    ck_assert(r.len > 4 && !memcmp(r.body, "PK", 2));
    ck_assert_ptr_nonnull(strstr(r.headers, "X-Row-Count: 14"));
    ck_assert_ptr_nonnull(strstr(r.headers, "ngan-hang-src-"));
    struct raw imp;
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_xlsx);
    ck_assert_int_eq(raw_req(&a, "POST", path, r.body, r.len, CT_XLSX, &imp), 201);
    ck_assert_int_eq(json_integer_value(rget(&imp, "created")), 14);
    raw_free(&imp);
    raw_free(&r);
    /* CSV with semicolons */
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv?sep=;", s_src);
    ck_assert_int_eq(raw_req(&a, "GET", path, NULL, 0, NULL, &r), 200);
    ck_assert(r.len > 3 && !memcmp(r.body, "\xEF\xBB\xBFMã chủ đề;", 3 + strlen("Mã chủ đề;")));
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_csv);
    ck_assert_int_eq(raw_req(&a, "POST", path, r.body, r.len, "text/csv", &imp), 201);
    raw_free(&imp);
    raw_free(&r);

    json_t *vx = bank_of(&a, s_xlsx), *vc = bank_of(&a, s_csv);
    char *s1 = json_dumps(src, JSON_SORT_KEYS), *s2 = json_dumps(vx, JSON_SORT_KEYS), *s3 = json_dumps(vc, JSON_SORT_KEYS);
    ck_assert_msg(json_equal(src, vx), "xlsx round trip differs:\n%s\n%s", s1, s2);
    ck_assert_msg(json_equal(src, vc), "csv round trip differs:\n%s\n%s", s1, s3);
    free(s1);
    free(s2);
    free(s3);
    json_decref(src);
    json_decref(vx);
    json_decref(vc);
    /* One question.read per exported question and format. */
    ck_assert_int_eq(count_audit("question.read", "export.xlsx"), reads_x + 14);
    ck_assert_int_eq(count_audit("question.read", "export.csv"), reads_c + 14);
    client_free(&a);
}
END_TEST

START_TEST(access_denied_is_404_for_non_members)
{
    size_t len;
    char *x = read_data("bank-good.xlsx", &len);
    char path[128];
    struct raw r;
    const char *who[] = {"outsider", "officer.a", "admin"}; /* not members (a manager is not a member either) */
    for (size_t i = 0; i < 3; i++) {
        struct client c;
        login(&c, who[i]);
        snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_dry);
        ck_assert_msg(raw_req(&c, "GET", path, NULL, 0, NULL, &r) == 404, "%s GET xlsx", who[i]);
        raw_free(&r);
        snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_dry);
        ck_assert_msg(raw_req(&c, "GET", path, NULL, 0, NULL, &r) == 404, "%s GET csv", who[i]);
        raw_free(&r);
        snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_bad);
        ck_assert_msg(raw_req(&c, "POST", path, x, len, CT_XLSX, &r) == 404, "%s POST", who[i]);
        raw_free(&r);
        client_free(&c);
    }
    /* A reviewer reads and exports but does not import. */
    struct client v;
    login(&v, "reviewer.a");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.csv", s_dry);
    ck_assert_int_eq(raw_req(&v, "GET", path, NULL, 0, NULL, &r), 200);
    raw_free(&r);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank.xlsx", s_bad);
    ck_assert_int_eq(raw_req(&v, "POST", path, x, len, CT_XLSX, &r), 404);
    raw_free(&r);
    /* An unknown subject. */
    ck_assert_int_eq(raw_req(&v, "GET", "/api/v1/exam/subjects/99999/bank.xlsx", NULL, 0, NULL, &r), 404);
    raw_free(&r);
    client_free(&v);
    struct client a;
    login(&a, "author.a");
    ck_assert_int_eq(question_count(&a, s_bad), 0);
    client_free(&a);
    free(x);
}
END_TEST

START_TEST(audit_chain_intact)
{
    char out[512];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}
END_TEST

extern Suite *suite_api_exam_bank_io(void);
Suite *suite_api_exam_bank_io(void)
{
    Suite *s = suite_create("api_exam_bank_io");
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, xlsx_dry_run_previews_then_imports);
    tcase_add_test(tc, bad_rows_reported_nothing_written);
    tcase_add_test(tc, export_import_round_trip_and_reads_audited);
    tcase_add_test(tc, access_denied_is_404_for_non_members);
    tcase_add_test(tc, audit_chain_intact);
    suite_add_tcase(s, tc);
    return s;
}
