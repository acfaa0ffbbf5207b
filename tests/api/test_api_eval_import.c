/* API tests for the evaluation imports from spreadsheets (issue 4,
 * docs/evaluation.md "Import layouts"): results loaded from other systems and
 * historic year ratings as .csv / .xlsx with Vietnamese headers, through the
 * same validation and insert as the JSON imports; dry run with a preview,
 * then all or nothing; the per-row / per-cell report with nothing written;
 * tasks and people outside the user's subtree read as absent; ratings of the
 * legacy years (Luật CBCC 2008 Art. 58, before 2010) recorded. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "harness.h"
#include "io/eval_sheet.h"

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static struct server srv;
static long long p_dung, p_hoa, g_task, g_task_hoa;

static const char *tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01'),(4,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','department',1),"
    " (3,'2020-01-01','Phòng Tổ chức cán bộ','division',2),"
    " (4,'2020-01-01','Sở Tài chính','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES"
    " (1,1,0),(2,2,0),(3,3,0),(4,4,0),(1,2,1),(1,3,2),(2,3,1),(1,4,1);";

/* --- a raw client for file bodies ---------------------------------------------- */

struct raw { char *body; size_t len; long status; json_t *json; };

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

static void raw_free(struct raw *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

static long upload(struct client *c, const char *path, const void *body, size_t len, const char *ctype, struct raw *out)
{
    memset(out, 0, sizeof *out);
    CURL *h = curl_easy_init();
    char url[1024], hdr[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", srv.port, path);
    struct curl_slist *hl = NULL;
    if (c->csrf[0]) {
        snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, hdr);
    }
    snprintf(hdr, sizeof hdr, "Content-Type: %s", ctype);
    hl = curl_slist_append(hl, hdr);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "POST");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, raw_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (c->cookie[0]) curl_easy_setopt(h, CURLOPT_COOKIE, c->cookie);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
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
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save)) {
        if (json_is_array(v)) v = json_array_get(v, (size_t)atol(tok));
        else v = json_object_get(v, tok);
    }
    return v;
}
static const char *rstr(struct raw *r, const char *path) { const char *s = json_string_value(rget(r, path)); return s ? s : ""; }
static long long rnum(struct raw *r, const char *path) { return json_integer_value(rget(r, path)); }

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

/* 1 when the report has an entry for `row` naming `column` with `code`. */
static int has_error(struct raw *r, long row, const char *column, const char *code)
{
    json_t *rows = rget(r, "error.rows");
    size_t i;
    json_t *e;
    json_array_foreach(rows, i, e) {
        const char *col = json_string_value(json_object_get(e, "column"));
        if (json_integer_value(json_object_get(e, "row")) == row && (!column || (col && !strcmp(col, column))) &&
            !strcmp(json_string_value(json_object_get(e, "code")), code) && json_string_length(json_object_get(e, "message")) > 0)
            return 1;
    }
    return 0;
}

/* --- fixture ------------------------------------------------------------------- */

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    ck_assert_int_eq(client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD), 200);
}

static long long post_id(struct client *c, const char *path, const char *json)
{
    int st = client_req(c, "POST", path, json);
    if (st != 201) fprintf(stderr, "POST %s: %d %s\n", path, st, c->body ? c->body : "");
    return st == 201 ? jint(c, "id") : -1;
}

static void setup(void)
{
    if (server_start(&srv, 0) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    if (db_sql(&srv, tree_sql) != 0) { fprintf(stderr, "tree insert failed\n"); exit(1); }
    make_user(&srv, "officer.a", "officer", 2, 0);
    make_user(&srv, "officer.b", "officer", 4, 0);
    struct client c;
    client_init(&c, &srv);
    if (client_login(&c, "admin", TEST_ADMIN_PASSWORD) != 200) exit(1);
    p_dung = post_id(&c, "/api/v1/people",
        "{\"full_name\":\"Nguyễn Văn Dũng\",\"cccd\":\"048080000123\",\"birth_date\":\"1980-05-17\",\"sex\":1,"
        "\"ethnicity_id\":1,\"unit_id\":3}");
    p_hoa = post_id(&c, "/api/v1/people",
        "{\"full_name\":\"Đặng Thị Hoa\",\"cccd\":\"048185000456\",\"birth_date\":\"1985-02-03\",\"sex\":2,"
        "\"ethnicity_id\":1,\"unit_id\":4}");
    if (p_dung < 0 || p_hoa < 0) exit(1);
    make_user(&srv, "nhanvien.dung", "staff", 0, p_dung);
    client_free(&c);
    char buf[512];
    struct client o;
    client_init(&o, &srv);
    if (client_login(&o, "officer.a", TEST_USER_PASSWORD) != 200) exit(1);
    long long pt = post_id(&o, "/api/v1/eval/product-types", "{\"unit_id\":2,\"code\":\"HS-01\",\"name\":\"Hồ sơ thẩm định\",\"norm_x100\":100}");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"quarter\",\"year\":2026,\"number\":1,"
             "\"product_type_id\":%lld,\"target_qty\":10,\"deadline\":\"2026-03-31\"}", p_dung, pt);
    g_task = post_id(&o, "/api/v1/eval/tasks", buf);
    client_free(&o);
    client_init(&o, &srv);
    if (client_login(&o, "officer.b", TEST_USER_PASSWORD) != 200) exit(1);
    long long pb = post_id(&o, "/api/v1/eval/product-types", "{\"unit_id\":4,\"code\":\"BC\",\"name\":\"Báo cáo\",\"norm_x100\":100}");
    snprintf(buf, sizeof buf, "{\"person_id\":%lld,\"period_kind\":\"month\",\"year\":2026,\"number\":2,"
             "\"product_type_id\":%lld,\"target_qty\":4,\"deadline\":\"2026-02-28\"}", p_hoa, pb);
    g_task_hoa = post_id(&o, "/api/v1/eval/tasks", buf);
    client_free(&o);
    if (pt < 0 || pb < 0 || g_task < 0 || g_task_hoa < 0) exit(1);
}

static void teardown(void) { server_stop(&srv); }

static size_t results_of(struct client *c, long long person)
{
    ck_assert_int_eq(client_reqf(c, "GET", NULL, "/api/v1/eval/people/%lld/tasks", person), 200);
    return json_array_size(jget(c, "items.0.results"));
}

static size_t ratings_of(struct client *c, long long person)
{
    ck_assert_int_eq(client_reqf(c, "GET", NULL, "/api/v1/eval/people/%lld/ratings", person), 200);
    return json_array_size(jget(c, "items"));
}

/* --- results ------------------------------------------------------------------- */

START_TEST(results_csv_dry_run_then_import)
{
    struct client o;
    login(&o, "officer.a");
    size_t before = results_of(&o, p_dung);
    char csv[1024];
    /* semicolon separator and a BOM, as Excel writes CSV in Vietnamese locales */
    snprintf(csv, sizeof csv,
             "\xEF\xBB\xBFMã nhiệm vụ;Số lượng;Nguồn;Thời điểm trích xuất;Mã tham chiếu;Ghi chú\r\n"
             "%lld;3;Một cửa điện tử;31/03/2026 17:05;HS-0001;Quý I\r\n"
             "%lld;2;Phần mềm quản lý văn bản;2026-03-30T08:00:00Z;;\r\n"
             ";;;;;\r\n",
             g_task, g_task);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv?dry_run=1", csv, strlen(csv), "text/csv", &r), 200);
    ck_assert(json_is_true(rget(&r, "dry_run")));
    ck_assert_int_eq(rnum(&r, "valid"), 2);
    ck_assert_int_eq(rnum(&r, "total"), 2); /* the empty line is skipped */
    ck_assert_int_eq(rnum(&r, "preview.0.row"), 2);
    ck_assert_str_eq(rstr(&r, "preview.0.person_name"), "Nguyễn Văn Dũng");
    ck_assert_str_eq(rstr(&r, "preview.0.extracted_at"), "2026-03-31T17:05:00+07:00"); /* Vietnam time */
    ck_assert_str_eq(rstr(&r, "preview.1.extracted_at"), "2026-03-30T08:00:00Z");
    raw_free(&r);
    ck_assert_uint_eq(results_of(&o, p_dung), before); /* dry run: nothing written */

    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", csv, strlen(csv), "text/csv; charset=utf-8", &r), 201);
    ck_assert_int_eq(rnum(&r, "count"), 2);
    ck_assert_str_eq(rstr(&r, "status"), "unverified");
    raw_free(&r);
    ck_assert_uint_eq(results_of(&o, p_dung), before + 2);
    json_t *res = jget(&o, "items.0.results");
    size_t i;
    json_t *x;
    int found = 0;
    json_array_foreach(res, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "source")), "Một cửa điện tử")) continue;
        found = 1;
        ck_assert_str_eq(json_string_value(json_object_get(x, "origin")), "import");
        ck_assert_str_eq(json_string_value(json_object_get(x, "status")), "unverified");
        ck_assert_str_eq(json_string_value(json_object_get(x, "extracted_at")), "2026-03-31T17:05:00+07:00");
        ck_assert_str_eq(json_string_value(json_object_get(x, "external_ref")), "HS-0001");
    }
    ck_assert(found);
    ck_assert_int_eq(jint(&o, "items.0.verified_qty"), 0); /* unverified figures do not count */
    client_free(&o);
    struct client a;
    login(&a, "admin");
    ck_assert_int_eq(client_req(&a, "GET", "/api/v1/audit?action=eval.result.import&per_page=50", NULL), 200);
    ck_assert_ptr_nonnull(strstr(a.body, "csv"));
    client_free(&a);
}
END_TEST

START_TEST(results_csv_bad_rows_reported_nothing_written)
{
    struct client o;
    login(&o, "officer.a");
    size_t before = results_of(&o, p_dung);
    char csv[2048];
    snprintf(csv, sizeof csv,
             "Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất,Mã tham chiếu,Ghi chú\n"
             "%lld,1,Một cửa điện tử,01/03/2026 08:00,A1,\n"   /* row 2: good */
             "%lld,mười,Một cửa điện tử,01/03/2026 08:00,A2,\n" /* row 3: quantity not a number */
             "%lld,1,Một cửa điện tử,31/02/2026 10:00,A3,\n"    /* row 4: no 31 February */
             "%lld,1,,01/03/2026 08:00,A4,\n"                   /* row 5: source missing */
             "%lld,1,Một cửa điện tử,01/03/2026 08:00,A5,\n"    /* row 6: another unit's task */
             "999999,1,Một cửa điện tử,01/03/2026 08:00,A6,\n"  /* row 7: no such task */
             "%lld,-4,Một cửa điện tử,01/03/2026 08:00,A7,\n",  /* row 8: negative */
             g_task, g_task, g_task, g_task, g_task_hoa, g_task);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", csv, strlen(csv), "text/csv", &r), 400);
    ck_assert_str_eq(rstr(&r, "error.code"), "rows_invalid");
    ck_assert_int_eq(rnum(&r, "error.error_count"), 6);
    ck_assert_int_eq(rnum(&r, "error.total"), 7);
    ck_assert(has_error(&r, 3, "Số lượng", "invalid_type"));
    ck_assert(has_error(&r, 4, "Thời điểm trích xuất", "invalid_date"));
    ck_assert(has_error(&r, 5, "Nguồn", "required"));
    ck_assert(has_error(&r, 6, "Mã nhiệm vụ", "not_found"));
    ck_assert(has_error(&r, 7, "Mã nhiệm vụ", "not_found"));
    ck_assert(has_error(&r, 8, "Số lượng", "invalid_type"));
    ck_assert(!has_error(&r, 2, NULL, "invalid_type"));
    /* in row order */
    ck_assert_int_eq(rnum(&r, "error.rows.0.row"), 3);
    ck_assert_int_eq(rnum(&r, "error.rows.5.row"), 8);
    ck_assert_str_eq(rstr(&r, "error.rows.0.value"), "mười");
    raw_free(&r);
    ck_assert_uint_eq(results_of(&o, p_dung), before); /* nothing written, not even row 2 */

    /* the layout itself */
    const char *missing = "Mã nhiệm vụ,Số lượng,Nguồn\n1,1,X\n";
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", missing, strlen(missing), "text/csv", &r), 400);
    ck_assert_str_eq(rstr(&r, "error.code"), "invalid_file");
    ck_assert_ptr_nonnull(strstr(rstr(&r, "error.message"), "Thời điểm trích xuất"));
    raw_free(&r);
    const char *unknown = "Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất,Điểm thưởng\n1,1,X,01/03/2026,5\n";
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", unknown, strlen(unknown), "text/csv", &r), 400);
    ck_assert_ptr_nonnull(strstr(rstr(&r, "error.message"), "Điểm thưởng"));
    raw_free(&r);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.xlsx", missing, strlen(missing), CT_XLSX, &r), 400);
    ck_assert_str_eq(rstr(&r, "error.code"), "invalid_file");
    raw_free(&r);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", missing, strlen(missing), "image/png", &r), 415);
    raw_free(&r);
    client_free(&o);
}
END_TEST

/* An .xlsx written with libxlsxwriter: numbers as numbers, the extraction
 * time as a real date cell. */
static char *results_xlsx(long long task, size_t *len)
{
    char path[] = "/tmp/canbo-evalimp-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    ck_assert_int_ge(fd, 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Kết quả");
    lxw_format *dt = workbook_add_format(wb);
    format_set_num_format(dt, "dd/mm/yyyy hh:mm");
    const char *hdr[] = {"Mã nhiệm vụ", "Số lượng", "Nguồn", "Thời điểm trích xuất", "Mã tham chiếu", "Ghi chú"};
    for (int i = 0; i < 6; i++) worksheet_write_string(ws, 0, (lxw_col_t)i, hdr[i], NULL);
    worksheet_write_number(ws, 1, 0, (double)task, NULL);
    worksheet_write_number(ws, 1, 1, 4, NULL);
    worksheet_write_string(ws, 1, 2, "Hệ thống một cửa", NULL);
    lxw_datetime when = {2026, 4, 2, 8, 30, 0};
    worksheet_write_datetime(ws, 1, 3, &when, dt);
    worksheet_write_string(ws, 1, 4, "MC-778", NULL);
    worksheet_write_string(ws, 2, 0, "abc", NULL); /* row 3: bad task id, the rest missing */
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n);
    ck_assert_int_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unlink(path);
    *len = (size_t)n;
    return b;
}

START_TEST(results_xlsx_round)
{
    struct client o;
    login(&o, "officer.a");
    size_t before = results_of(&o, p_dung);
    size_t len;
    char *x = results_xlsx(g_task, &len);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.xlsx", x, len, CT_XLSX, &r), 400);
    ck_assert(has_error(&r, 3, "Mã nhiệm vụ", "invalid_type"));
    ck_assert_int_eq(rnum(&r, "error.valid"), 1);
    raw_free(&r);
    ck_assert_uint_eq(results_of(&o, p_dung), before);
    free(x);

    /* the same without the bad row */
    char path[] = "/tmp/canbo-evalimp2-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *dt = workbook_add_format(wb);
    format_set_num_format(dt, "dd/mm/yyyy hh:mm");
    const char *hdr[] = {"Mã nhiệm vụ", "Số lượng", "Nguồn", "Thời điểm trích xuất", "Mã tham chiếu"};
    for (int i = 0; i < 5; i++) worksheet_write_string(ws, 0, (lxw_col_t)i, hdr[i], NULL);
    worksheet_write_number(ws, 1, 0, (double)g_task, NULL);
    worksheet_write_number(ws, 1, 1, 4, NULL);
    worksheet_write_string(ws, 1, 2, "Hệ thống một cửa", NULL);
    lxw_datetime when = {2026, 4, 2, 8, 30, 0};
    worksheet_write_datetime(ws, 1, 3, &when, dt);
    worksheet_write_string(ws, 1, 4, "MC-778", NULL);
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    x = malloc((size_t)n);
    ck_assert_int_eq(fread(x, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unlink(path);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.xlsx", x, (size_t)n, CT_XLSX, &r), 201);
    ck_assert_int_eq(rnum(&r, "count"), 1);
    ck_assert_str_eq(rstr(&r, "preview.0.extracted_at"), "2026-04-02T08:30:00+07:00");
    raw_free(&r);
    free(x);
    ck_assert_uint_eq(results_of(&o, p_dung), before + 1);
    client_free(&o);
}
END_TEST

START_TEST(scope_and_roles)
{
    /* officer.b (Sở Tài chính) cannot load figures onto a task of Sở Nội vụ:
     * the task reads as absent, as in the 404 of the single routes. */
    struct client o;
    login(&o, "officer.b");
    char csv[512];
    snprintf(csv, sizeof csv, "Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất\n%lld,5,Một cửa,01/03/2026 08:00\n", g_task);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", csv, strlen(csv), "text/csv", &r), 400);
    ck_assert(has_error(&r, 2, "Mã nhiệm vụ", "not_found"));
    raw_free(&r);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_dung), 404);
    /* a file upload is a write: no CSRF token, no import */
    char token[sizeof o.csrf];
    memcpy(token, o.csrf, sizeof token);
    o.csrf[0] = 0;
    snprintf(csv, sizeof csv, "Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất\n%lld,5,Một cửa,01/03/2026 08:00\n", g_task_hoa);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", csv, strlen(csv), "text/csv", &r), 403);
    raw_free(&r);
    memcpy(o.csrf, token, sizeof token);
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/eval/people/%lld/tasks", p_hoa), 200);
    ck_assert_int_eq(json_array_size(jget(&o, "items.0.results")), 0);
    const char *rcsv = "Số CCCD,Năm,Mức xếp loại\n048080000123,2012,htt\n";
    ck_assert_int_eq(upload(&o, "/api/v1/eval/ratings/import.csv", rcsv, strlen(rcsv), "text/csv", &r), 400);
    ck_assert(has_error(&r, 2, "Số CCCD", "not_found"));
    raw_free(&r);
    client_free(&o);
    struct client s;
    login(&s, "nhanvien.dung");
    ck_assert_int_eq(upload(&s, "/api/v1/eval/results/import.csv", csv, strlen(csv), "text/csv", &r), 403);
    raw_free(&r);
    ck_assert_int_eq(upload(&s, "/api/v1/eval/ratings/import.csv", rcsv, strlen(rcsv), "text/csv", &r), 403);
    raw_free(&r);
    client_free(&s);
    struct client a;
    login(&a, "admin");
    ck_assert_uint_eq(ratings_of(&a, p_dung), 0);
    client_free(&a);
}
END_TEST

/* --- historic ratings ---------------------------------------------------------- */

START_TEST(ratings_bad_rows_reported_nothing_written)
{
    struct client o;
    login(&o, "officer.a");
    size_t before = ratings_of(&o, p_dung);
    size_t len;
    char *csv = read_data("eval-ratings-bad.csv", &len);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/ratings/import.csv", csv, len, "text/csv", &r), 400);
    ck_assert_str_eq(rstr(&r, "error.code"), "rows_invalid");
    /* 2021 is NĐ 90/2020: the "còn hạn chế" level was dropped in 2019 (rules.md §1.1) */
    ck_assert(has_error(&r, 2, "Mức xếp loại", "unknown_code"));
    ck_assert(has_error(&r, 3, "Điểm", "invalid_value"));    /* Luật CBCC 2008: no 100-point score */
    ck_assert(has_error(&r, 4, "Số CCCD", "not_found"));
    ck_assert(has_error(&r, 5, "Năm", "out_of_range"));      /* before 1990 */
    ck_assert(has_error(&r, 6, "Số CCCD", "not_found"));     /* Sở Tài chính: outside the subtree */
    ck_assert(has_error(&r, 7, "Điểm", "invalid_type"));
    ck_assert_int_eq(rnum(&r, "error.error_count"), 6);
    ck_assert_int_eq(rnum(&r, "error.valid"), 1);            /* row 8 (2018, NĐ 56 "htnv") */
    raw_free(&r);
    free(csv);
    ck_assert_uint_eq(ratings_of(&o, p_dung), before);
    client_free(&o);
}
END_TEST

START_TEST(ratings_legacy_years_csv_and_xlsx)
{
    struct client o;
    login(&o, "officer.a");
    size_t len;
    char *csv = read_data("eval-ratings-legacy.csv", &len);
    struct raw r;
    ck_assert_int_eq(upload(&o, "/api/v1/eval/ratings/import.csv?dry_run=1", csv, len, "text/csv", &r), 200);
    ck_assert_int_eq(rnum(&r, "valid"), 5);
    ck_assert_str_eq(rstr(&r, "preview.0.regime"), "pre_2010");
    ck_assert_str_eq(rstr(&r, "preview.0.level"), "Lao động tiên tiến");
    ck_assert_str_eq(rstr(&r, "preview.1.regime"), "luat_cbcc_2008");
    ck_assert_str_eq(rstr(&r, "preview.1.level"), "htnv_han_che");
    ck_assert_str_eq(rstr(&r, "preview.1.level_name"), "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực");
    ck_assert_str_eq(rstr(&r, "preview.2.level"), "htxs");
    ck_assert_str_eq(rstr(&r, "preview.3.regime"), "nd56_2015");
    ck_assert_str_eq(rstr(&r, "preview.4.regime"), "nd90_48_2023");
    ck_assert_str_eq(rstr(&r, "preview.4.level"), "HTT");
    ck_assert_int_eq(rnum(&r, "preview.0.person_id"), p_dung);
    raw_free(&r);
    ck_assert_uint_eq(ratings_of(&o, p_dung), 0);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/ratings/import.csv", csv, len, "text/csv", &r), 201);
    ck_assert_int_eq(rnum(&r, "count"), 5);
    raw_free(&r);
    free(csv);
    ck_assert_uint_eq(ratings_of(&o, p_dung), 5);
    ck_assert_int_eq(jint(&o, "items.0.year"), 2008);
    ck_assert_str_eq(jstr(&o, "items.1.regime"), "luat_cbcc_2008");
    ck_assert_str_eq(jstr(&o, "items.1.decision_no"), "08/QĐ-SNV");
    ck_assert_str_eq(jstr(&o, "items.1.source"), "Hồ sơ giấy lưu trữ");
    ck_assert_str_eq(jstr(&o, "items.1.level_name"), "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực");
    ck_assert_str_eq(jstr(&o, "items.1.regime_name"), "Luật CBCC 22/2008/QH12 (Điều 29, Điều 58)");
    ck_assert_str_eq(jstr(&o, "items.0.level_name"), "Lao động tiên tiến");

    /* the same file saved as .xlsx by LibreOffice (CCCD kept as text) */
    char *x = read_data("eval-ratings-legacy.xlsx", &len);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/ratings/import.xlsx", x, len, CT_XLSX, &r), 201);
    ck_assert_int_eq(rnum(&r, "count"), 5);
    raw_free(&r);
    free(x);
    ck_assert_uint_eq(ratings_of(&o, p_dung), 10); /* append-only history: a second record of each */

    /* the JSON import takes the same legacy years, by code or label */
    char buf[512];
    snprintf(buf, sizeof buf, "{\"rows\":[{\"person_id\":%lld,\"year\":2011,\"regime\":\"luat_cbcc_2008\","
             "\"level\":\"Không hoàn thành nhiệm vụ\"},{\"person_id\":%lld,\"year\":2014,\"regime\":\"nd56_2015\",\"level\":\"htt\"}]}",
             p_dung, p_dung);
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/ratings/import", buf), 400);
    ck_assert_int_eq(json_array_size(jget(&o, "error.rows")), 1);
    ck_assert_int_eq(jint(&o, "error.rows.0.row"), 2);
    ck_assert_str_eq(jstr(&o, "error.rows.0.field"), "year"); /* NĐ 56/2015 starts 1/8/2015 */
    snprintf(buf, sizeof buf, "{\"rows\":[{\"cccd\":\"048080000123\",\"year\":2011,\"level\":\"Không hoàn thành nhiệm vụ\"}]}");
    ck_assert_int_eq(client_req(&o, "POST", "/api/v1/eval/ratings/import", buf), 201);
    ck_assert_int_eq(jint(&o, "count"), 1);
    ck_assert_str_eq(jstr(&o, "preview.0.level"), "kht");
    ck_assert_str_eq(jstr(&o, "preview.0.regime"), "luat_cbcc_2008");
    client_free(&o);
}
END_TEST

/* The row limit, and the time of the largest file (printed). */
START_TEST(twenty_thousand_rows)
{
    struct client o;
    login(&o, "officer.a");
    size_t cap = 20001 * 80 + 200, n = 0;
    char *csv = malloc(cap);
    n += (size_t)snprintf(csv + n, cap - n, "Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất,Mã tham chiếu\n");
    for (int i = 0; i < 20000; i++)
        n += (size_t)snprintf(csv + n, cap - n, "%lld,1,Một cửa điện tử,01/03/2026 08:00,MC-%06d\n", g_task, i);
    struct raw r;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv?dry_run=1", csv, n, "text/csv", &r), 200);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(rnum(&r, "valid"), 20000);
    ck_assert_int_eq(json_array_size(rget(&r, "preview")), 200);
    raw_free(&r);
    fprintf(stderr, "results import.csv dry run, 20,000 rows: %.0f ms\n",
            (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    n += (size_t)snprintf(csv + n, cap - n, "%lld,1,Một cửa điện tử,01/03/2026 08:00,MC-LAST\n", g_task);
    ck_assert_int_eq(upload(&o, "/api/v1/eval/results/import.csv", csv, n, "text/csv", &r), 400);
    ck_assert_str_eq(rstr(&r, "error.code"), "invalid_file");
    ck_assert_ptr_nonnull(strstr(rstr(&r, "error.message"), "20000"));
    raw_free(&r);
    free(csv);
    client_free(&o);
}
END_TEST

/* --- cell conversions (pure) --------------------------------------------------- */

static const struct { const char *in, *want; } stamps[] = {
    {"31/03/2026 17:05", "2026-03-31T17:05:00+07:00"},
    {"1/4/2026 8:05:09", "2026-04-01T08:05:09+07:00"},
    {"02/04/2026", "2026-04-02"},
    {"2026-04-02 08:30:00", "2026-04-02T08:30:00+07:00"}, /* an .xlsx date cell */
    {"2026-04-02T08:30:00Z", "2026-04-02T08:30:00Z"},
    {"2026-04-02", "2026-04-02"},
    {"29/02/2025 10:00", NULL},
    {"31/03/2026 24:00", NULL},
    {"hôm qua", NULL},
    {"2026-13-01", NULL},
};
START_TEST(stamp_cells)
{
    char out[64];
    int rc = eval_sheet_stamp(stamps[_i].in, out, sizeof out);
    if (!stamps[_i].want) ck_assert_msg(rc != 0, "accepted %s as %s", stamps[_i].in, out);
    else {
        ck_assert_msg(rc == 0, "refused %s", stamps[_i].in);
        ck_assert_str_eq(out, stamps[_i].want);
    }
}
END_TEST

START_TEST(point_cells)
{
    long long x;
    ck_assert_int_eq(eval_sheet_points("92,5", &x), 0);
    ck_assert_int_eq(x, 9250);
    ck_assert_int_eq(eval_sheet_points("92.75", &x), 0);
    ck_assert_int_eq(x, 9275);
    ck_assert_int_eq(eval_sheet_points("100", &x), 0);
    ck_assert_int_eq(x, 10000);
    ck_assert_int_eq(eval_sheet_points("92,555", &x), -1);
    ck_assert_int_eq(eval_sheet_points("9x", &x), -1);
    ck_assert_int_eq(eval_sheet_points("-5", &x), -1);
}
END_TEST

extern Suite *suite_api_eval_import(void);
Suite *suite_api_eval_import(void)
{
    Suite *s = suite_create("api_eval_import");
    TCase *pure = tcase_create("cells");
    tcase_add_loop_test(pure, stamp_cells, 0, sizeof stamps / sizeof stamps[0]);
    tcase_add_test(pure, point_cells);
    suite_add_tcase(s, pure);
    TCase *tc = tcase_create("live");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, results_csv_dry_run_then_import);
    tcase_add_test(tc, results_csv_bad_rows_reported_nothing_written);
    tcase_add_test(tc, results_xlsx_round);
    tcase_add_test(tc, scope_and_roles);
    tcase_add_test(tc, ratings_bad_rows_reported_nothing_written);
    tcase_add_test(tc, ratings_legacy_years_csv_and_xlsx);
    tcase_add_test(tc, twenty_thousand_rows);
    suite_add_tcase(s, tc);
    return s;
}
