/* API tests for import and export against a live server over a demo
 * province (300 people): list exports carry exactly the people GET /people
 * lists for the same user and filters; the CV PDFs and the statistics
 * workbook respect the scope (404 outside it); sensitive reads are audited;
 * uploads run as background jobs that only their submitter can read, import
 * all rows or none, and an export uploaded again changes nothing. */
#include <check.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"
#include "io/xlsx_read.h"

extern Suite *suite_api_io(void);

static struct server srv;
static long long u_dept;      /* officer's unit: a department with people below it */
static long long u_other;     /* a unit outside it */
static long long p_in, p_out; /* a person inside / outside the officer's subtree */
static long long u_small;     /* a small unit inside u_dept with people */

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static long long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long sql_int(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h = NULL;
    long long v = -1;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 5000);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(h);
    return v;
}

/* --- a raw HTTP client for binary bodies and response headers ------------------ */

struct raw { char *body; size_t len; char headers[4096]; size_t hlen; long status; };

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

/* method GET (body NULL) or POST of len bytes with ctype; uses c's session. */
static long raw_req(struct client *c, const char *method, const char *path, const void *body, size_t len,
                    const char *ctype, struct raw *out)
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
    return out->status;
}

static const char *header(struct raw *r, const char *name)
{
    static char v[512];
    size_t n = strlen(name);
    for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncasecmp(p, name, n) && p[n] == ':') {
            const char *s = p + n + 1;
            while (*s == ' ') s++;
            size_t k = strcspn(s, "\r\n");
            snprintf(v, sizeof v, "%.*s", (int)k, s);
            return v;
        }
    return NULL;
}

/* Data rows of an .xlsx body (after the header), and the first cell of
 * column `col` on the first data row into first (may be NULL). */
static long xlsx_rows(struct raw *r, int col, char *first, size_t cap)
{
    struct xlsx_reader *x;
    char err[600];
    ck_assert_msg(xlsx_open_mem(r->body, r->len, &x, err, sizeof err) == 0, "%s", err);
    struct xlsx_row row;
    long n = -1;
    int rc;
    while ((rc = xlsx_next(x, &row)) == 1) {
        if (n == 0 && first) snprintf(first, cap, "%s", (size_t)col < row.n ? row.cell[col] : "");
        n++;
    }
    ck_assert_msg(rc == 0, "%s", xlsx_error(x));
    xlsx_close(x);
    return n;
}

static long csv_lines(const char *s)
{
    long n = 0;
    for (const char *p = s; (p = strstr(p, "\r\n")); p += 2) n++;
    return n - 1; /* header */
}

/* --- setup ------------------------------------------------------------------------ */

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

static void setup(void)
{
    if (server_start(&srv, 300) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    /* The department with the most people below it, but not the root. */
    u_dept = sql_int("SELECT c.ancestor FROM unit_closure c JOIN person p ON p.unit_id = c.descendant"
                     " JOIN unit_version v ON v.unit_id = c.ancestor AND v.valid_to IS NULL"
                     " WHERE v.parent_id IS NOT NULL AND v.type = 'department' GROUP BY c.ancestor ORDER BY count(*) DESC LIMIT 1");
    u_other = sql_int("SELECT v.unit_id FROM unit_version v WHERE v.valid_to IS NULL AND v.parent_id IS NOT NULL"
                      " AND v.unit_id NOT IN (SELECT descendant FROM unit_closure WHERE ancestor = %lld)"
                      " AND EXISTS (SELECT 1 FROM person p WHERE p.unit_id = v.unit_id) LIMIT 1", u_dept);
    p_in = sql_int("SELECT p.id FROM person p JOIN unit_closure c ON c.descendant = p.unit_id WHERE c.ancestor = %lld"
                   " ORDER BY p.id LIMIT 1", u_dept);
    p_out = sql_int("SELECT id FROM person WHERE unit_id = %lld LIMIT 1", u_other);
    u_small = sql_int("SELECT p.unit_id FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                      " WHERE c.ancestor = %lld GROUP BY p.unit_id ORDER BY count(*), p.unit_id LIMIT 1", u_dept);
    if (u_dept <= 0 || u_other <= 0 || p_in <= 0 || p_out <= 0 || u_small <= 0) { fprintf(stderr, "demo data unexpected\n"); exit(1); }
    make_user(&srv, "officer.io", "officer", u_dept, 0);
    make_user(&srv, "officer.other", "officer", u_other, 0);
    make_user(&srv, "leader.io", "leader", u_dept, 0);
    make_user(&srv, "staff.io", "staff", 0, p_in);
}

static void teardown(void) { server_stop(&srv); }

/* --- exports ---------------------------------------------------------------------- */

START_TEST(export_is_what_the_list_shows)
{
    struct client c;
    login(&c, "admin");
    static const char *const filters[] = {"", "sex=2", "q=nguyen", "age=30-39&party=1", "ethnicity=minority", "title=any",
                                          "sort=-birth_date"};
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people?per_page=500&%s", filters[i]), 200);
        long total = jint(&c, "total");
        char first_name[200];
        snprintf(first_name, sizeof first_name, "%s", total ? jstr(&c, "items.0.full_name") : "");
        char path[300];
        struct raw r;
        snprintf(path, sizeof path, "/api/v1/people/export?format=xlsx&%s", filters[i]);
        ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
        ck_assert_str_eq(header(&r, "Content-Type"), CT_XLSX);
        ck_assert_ptr_nonnull(strstr(header(&r, "Content-Disposition"), "attachment; filename=\"danh-sach-can-bo-"));
        char first[200] = "";
        ck_assert_msg(xlsx_rows(&r, 2, first, sizeof first) == total, "filter %s", filters[i]);
        ck_assert_int_eq(atol(header(&r, "X-Row-Count")), total);
        if (total) ck_assert_str_eq(first, first_name);
        free(r.body);
        snprintf(path, sizeof path, "/api/v1/people/export?format=csv&%s", filters[i]);
        ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
        ck_assert_ptr_nonnull(strstr(header(&r, "Content-Type"), "text/csv"));
        ck_assert(!memcmp(r.body, "\xEF\xBB\xBF", 3));
        ck_assert_int_eq(csv_lines(r.body), total);
        free(r.body);
    }
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people/export?format=pdf", NULL), 400);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people/export?sex=3", NULL), 400);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people/export?sort=cccd%3B", NULL), 400);
    client_free(&c);
}
END_TEST

START_TEST(export_respects_scope_and_sensitivity)
{
    struct client c;
    struct raw r;
    login(&c, "officer.io");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?per_page=1", NULL), 200);
    long total = jint(&c, "total");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=csv", NULL, 0, NULL, &r), 200);
    ck_assert_int_eq(csv_lines(r.body), total);
    ck_assert_ptr_null(strstr(r.body, "Nhóm máu (23)"));
    free(r.body);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/export?unit=%lld", u_other), 404);
    /* Sensitive columns on request, audited. */
    long long before = sql_int("SELECT count(*) FROM audit_log WHERE action = 'people.export_sensitive'");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=csv&sensitive=1", NULL, 0, NULL, &r), 200);
    ck_assert_ptr_nonnull(strstr(r.body, "Nhóm máu (23)"));
    free(r.body);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'people.export_sensitive'"), before + 1);
    client_free(&c);
    login(&c, "leader.io");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people/export?sensitive=1", NULL), 403);
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=csv", NULL, 0, NULL, &r), 200);
    ck_assert_int_eq(csv_lines(r.body), total);
    free(r.body);
    client_free(&c);
    login(&c, "staff.io");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=csv", NULL, 0, NULL, &r), 200);
    ck_assert_int_eq(csv_lines(r.body), 1);
    free(r.body);
    client_free(&c);
}
END_TEST

START_TEST(cv_pdf_scope_and_audit)
{
    struct client c;
    struct raw r;
    login(&c, "officer.io");
    long long before = sql_int("SELECT count(*) FROM audit_log WHERE action = 'person.read_sensitive' AND entity_id = %lld", p_in);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/people/%lld/cv.pdf", p_in);
    ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
    ck_assert_str_eq(header(&r, "Content-Type"), "application/pdf");
    ck_assert(r.len > 1000 && !memcmp(r.body, "%PDF-", 5));
    free(r.body);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'person.read_sensitive' AND entity_id = %lld"
                             " AND after LIKE '%%cv.pdf%%'", p_in), before + 1);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/cv.pdf", p_out), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/cv.pdf", 99999999LL), 404);
    client_free(&c);
    /* A leader prints without the sensitive groups: nothing to audit. */
    login(&c, "leader.io");
    ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
    free(r.body);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'person.read_sensitive' AND entity_id = %lld", p_in),
                     before + 1);
    client_free(&c);
    /* Staff: their own CV only. */
    login(&c, "staff.io");
    ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
    free(r.body);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/people/%lld/cv.pdf", p_out), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld/cv.pdf", u_small), 404);
    client_free(&c);
}
END_TEST

START_TEST(unit_cv_bulk)
{
    struct client c;
    struct raw r;
    login(&c, "officer.io");
    long long people = sql_int("SELECT count(*) FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                               " WHERE c.ancestor = %lld AND p.status = 'active'", u_small);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/units/%lld/cv.pdf", u_small);
    ck_assert_int_eq(raw_req(&c, "GET", path, NULL, 0, NULL, &r), 200);
    ck_assert(!memcmp(r.body, "%PDF-", 5));
    ck_assert_int_eq(atoll(header(&r, "X-Row-Count")), people);
    free(r.body);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/units/%lld/cv.pdf", u_other), 404);
    client_free(&c);
}
END_TEST

START_TEST(structure_statistics)
{
    struct client c;
    struct raw r;
    login(&c, "officer.io");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/stats/structure.xlsx", NULL, 0, NULL, &r), 200);
    ck_assert_str_eq(header(&r, "Content-Type"), CT_XLSX);
    /* First sheet (ranks): the total row's "Tổng số" is the subtree's active headcount. */
    struct xlsx_reader *x;
    char err[600];
    ck_assert_int_eq(xlsx_open_mem(r.body, r.len, &x, err, sizeof err), 0);
    ck_assert_str_eq(xlsx_sheet_name(x), "Ngạch");
    struct xlsx_row row;
    long total = -1;
    while (xlsx_next(x, &row) == 1)
        if (row.n > 2 && !strcmp(row.cell[1], "Tổng cộng")) total = atol(row.cell[2]);
    xlsx_close(x);
    free(r.body);
    ck_assert_int_eq(total, sql_int("SELECT count(*) FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                                    " WHERE c.ancestor = %lld AND p.status = 'active'", u_dept));
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/structure.xlsx?unit=%lld", u_other), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/structure.xlsx?unit=%lld", u_small), 200);
    client_free(&c);
    login(&c, "staff.io");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/structure.xlsx", NULL), 403);
    client_free(&c);
    login(&c, "admin");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/stats/structure.xlsx", NULL, 0, NULL, &r), 200);
    ck_assert_int_eq(xlsx_open_mem(r.body, r.len, &x, err, sizeof err), 0);
    total = -1;
    while (xlsx_next(x, &row) == 1)
        if (row.n > 2 && !strcmp(row.cell[1], "Tổng cộng")) total = atol(row.cell[2]);
    xlsx_close(x);
    free(r.body);
    ck_assert_int_eq(total, sql_int("SELECT count(*) FROM person WHERE status = 'active'"));
    client_free(&c);
}
END_TEST

START_TEST(templates)
{
    struct client c;
    struct raw r;
    login(&c, "leader.io");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/import/template.xlsx", NULL, 0, NULL, &r), 200);
    ck_assert_str_eq(header(&r, "Content-Type"), CT_XLSX);
    ck_assert_int_eq(xlsx_rows(&r, 0, NULL, 0), 1);
    free(r.body);
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/import/template.csv", NULL, 0, NULL, &r), 200);
    const char *head = "\xEF\xBB\xBF" "Số CCCD (25),";
    ck_assert(!strncmp(r.body, head, strlen(head)));
    ck_assert_int_eq(csv_lines(r.body), 1);
    free(r.body);
    client_free(&c);
}
END_TEST

/* --- imports ---------------------------------------------------------------------- */

/* Polls a job until it ends; returns its final JSON in c. */
static const char *wait_job(struct client *c, long long id)
{
    for (int i = 0; i < 1200; i++) {
        ck_assert_int_eq(client_reqf(c, "GET", NULL, "/api/v1/import/jobs/%lld", id), 200);
        const char *st = jstr(c, "status");
        if (st && strcmp(st, "running") != 0) return st;
        usleep(100000);
    }
    ck_abort_msg("job %lld did not finish", id);
    return NULL;
}

static long long upload(struct client *c, const void *data, size_t len, const char *ctype, const char *query, long want)
{
    struct raw r;
    char path[256];
    snprintf(path, sizeof path, "/api/v1/import/people%s", query ? query : "");
    long st = raw_req(c, "POST", path, data, len, ctype, &r);
    ck_assert_msg(st == want, "upload: %ld %s", st, r.body ? r.body : "");
    long long id = 0;
    if (st == 202) {
        json_t *j = json_loadb(r.body, r.len, 0, NULL);
        id = json_integer_value(json_object_get(j, "job_id"));
        ck_assert_ptr_nonnull(strstr(header(&r, "Location"), "/api/v1/import/jobs/"));
        json_decref(j);
    }
    free(r.body);
    return id;
}

static char *unit_code(long long unit)
{
    static char code[64];
    sqlite3 *h = NULL;
    code[0] = 0;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT code FROM unit_version WHERE unit_id = %lld AND valid_to IS NULL", unit);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(h);
    return code;
}

START_TEST(csv_upload_all_or_nothing_then_update)
{
    struct client c;
    login(&c, "officer.io");
    char csv[2048];
    const char *code = unit_code(u_small);
    char unit[80];
    if (*code) snprintf(unit, sizeof unit, "%s", code);
    else snprintf(unit, sizeof unit, "%lld", u_small);
    snprintf(csv, sizeof csv,
             "Số CCCD (25);Họ và tên khai sinh (1);Ngày sinh (3);Giới tính (3);Đơn vị;Vị trí việc làm;Mã ngạch;Bậc lương;Điện thoại\r\n"
             "096080999001;Trần Văn Nhập;01/02/1980;Nam;%s;Chuyên viên;01.003;2;0901000001\r\n"
             "096185999002;Lê Thị Tải;1985-03-04;Nữ;%s;Chuyên viên;01.003;1;0901000002\r\n"
             "096090999003;Phạm Quốc Lên;10/10/1990;Nam;%lld;;;;0901000003\r\n"
             "096090999004;Võ Văn Sai;31/09/1990;Nam;%lld;;;;\r\n", unit, unit, u_small, u_small);
    long long n0 = sql_int("SELECT count(*) FROM person");
    /* One bad row (31/09 does not exist): nothing written, the row named. */
    long long id = upload(&c, csv, strlen(csv), "text/csv", "?filename=nhap.csv", 202);
    ck_assert_str_eq(wait_job(&c, id), "failed");
    ck_assert_int_eq(jint(&c, "report.error_count"), 1);
    ck_assert_int_eq(jint(&c, "report.rows.0.row"), 5);
    ck_assert_str_eq(jstr(&c, "report.rows.0.column"), "Ngày sinh (3)");
    ck_assert_ptr_nonnull(strstr(jstr(&c, "report.rows.0.message"), "31/09/1990"));
    ck_assert_int_eq(jint(&c, "total"), 4);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0);
    /* Dry run of the fixed file: valid, still nothing written. */
    char *bad = strstr(csv, "31/09/1990");
    memcpy(bad, "30/09/1990", 10);
    id = upload(&c, csv, strlen(csv), "text/csv; charset=utf-8", "?dry_run=1", 202);
    ck_assert_str_eq(wait_job(&c, id), "done");
    ck_assert_int_eq(jint(&c, "created"), 4);
    ck_assert(json_is_true(jget(&c, "dry_run")));
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0);
    /* For real. */
    id = upload(&c, csv, strlen(csv), "text/csv", NULL, 202);
    ck_assert_str_eq(wait_job(&c, id), "done");
    ck_assert_int_eq(jint(&c, "created"), 4);
    ck_assert_int_eq(jint(&c, "processed"), 4);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0 + 4);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/people?q=tran%20van%20nhap", NULL), 200);
    ck_assert_int_eq(jint(&c, "total"), 1);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'people.import' AND username = 'officer.io'"
                             " AND after LIKE '%%nhap.csv%%'"), 0); /* the failed one wrote nothing */
    ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'person.import_create' AND username = 'officer.io'"), 4);
    /* Again with one phone changed: one update, no duplicates. */
    char *ph = strstr(csv, "0901000002");
    memcpy(ph, "0977777777", 10);
    id = upload(&c, csv, strlen(csv), "text/csv", NULL, 202);
    ck_assert_str_eq(wait_job(&c, id), "done");
    ck_assert_int_eq(jint(&c, "created"), 0);
    ck_assert_int_eq(jint(&c, "updated"), 1);
    ck_assert_int_eq(jint(&c, "unchanged"), 3);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0 + 4);
    /* Only the submitter reads a job. */
    struct client o;
    login(&o, "officer.other");
    ck_assert_int_eq(client_reqf(&o, "GET", NULL, "/api/v1/import/jobs/%lld", id), 404);
    /* ... and the other officer cannot import into this unit. */
    long long id2 = upload(&o, csv, strlen(csv), "text/csv", NULL, 202);
    ck_assert_str_eq(wait_job(&o, id2), "failed");
    ck_assert_int_ge(jint(&o, "report.error_count"), 4);
    client_free(&o);
    client_free(&c);
}
END_TEST

START_TEST(upload_refusals)
{
    struct client c;
    login(&c, "leader.io");
    upload(&c, "a,b\n1,2\n", 8, "text/csv", NULL, 403);
    client_free(&c);
    login(&c, "officer.io");
    upload(&c, "{}", 2, "application/json", NULL, 415);
    upload(&c, "a,b\n1,2\n", 8, CT_XLSX, NULL, 400);
    upload(&c, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xxxx", 12, "application/vnd.ms-excel", NULL, 400);
    upload(&c, "", 0, "text/csv", NULL, 400);
    /* A file that is not a readable workbook: the job fails with the reason. */
    long long id = upload(&c, "PK\3\4 truncated........................", 39, CT_XLSX, NULL, 202);
    ck_assert_str_eq(wait_job(&c, id), "failed");
    ck_assert_ptr_nonnull(strstr(jstr(&c, "message"), ".xlsx"));
    /* Without the CSRF token. */
    char saved[64];
    snprintf(saved, sizeof saved, "%s", c.csrf);
    c.csrf[0] = 0;
    upload(&c, "a,b\n", 4, "text/csv", NULL, 403);
    snprintf(c.csrf, sizeof c.csrf, "%s", saved);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/import/jobs/987654", NULL), 404);
    client_free(&c);
}
END_TEST

/* The officer's export, uploaded back as it is: every row unchanged. */
START_TEST(xlsx_export_reimports_unchanged)
{
    struct client c;
    struct raw r;
    login(&c, "officer.io");
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=xlsx&sensitive=1", NULL, 0, NULL, &r), 200);
    long rows = atol(header(&r, "X-Row-Count"));
    ck_assert_int_gt(rows, 0);
    long long id = upload(&c, r.body, r.len, CT_XLSX, "?filename=xuat.xlsx", 202);
    free(r.body);
    const char *st = wait_job(&c, id);
    if (strcmp(st, "done") != 0) fprintf(stderr, "%s\n", c.body);
    ck_assert_str_eq(st, "done");
    ck_assert_int_eq(jint(&c, "total"), rows);
    ck_assert_int_eq(jint(&c, "unchanged"), rows);
    ck_assert_int_eq(jint(&c, "created") + jint(&c, "updated"), 0);
    /* And as CSV. */
    ck_assert_int_eq(raw_req(&c, "GET", "/api/v1/people/export?format=csv&sensitive=1", NULL, 0, NULL, &r), 200);
    id = upload(&c, r.body, r.len, "text/csv", NULL, 202);
    free(r.body);
    ck_assert_str_eq(wait_job(&c, id), "done");
    ck_assert_int_eq(jint(&c, "unchanged"), rows);
    client_free(&c);
}
END_TEST

/* The command line on the same database: a bad row is named, exit 1, nothing
 * written; a dry run of the template's example after fixing its unit. */
START_TEST(command_line_import)
{
    char path[] = "/tmp/canbo-cli-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    char csv[1024];
    int n = snprintf(csv, sizeof csv,
                     "Số CCCD (25),Họ và tên khai sinh (1),Ngày sinh (3),Giới tính (3),Đơn vị\n"
                     "096080999101,Đỗ Văn Dòng,01/02/1980,Nam,%lld\n"
                     "096080999102,Đỗ Văn Sai,1980-02-30,Nam,%lld\n", u_small, u_small);
    ck_assert_int_eq(write(fd, csv, (size_t)n), n);
    close(fd);
    long long n0 = sql_int("SELECT count(*) FROM person");
    char out[4096];
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "import", "people", path, "--db", srv.db, NULL), 1);
    ck_assert_msg(strstr(out, "Dòng 3, cột «Ngày sinh (3)»: ") != NULL, "%s", out);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "import", "people", path, NULL), 2); /* no --db */
    unlink(path);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "export", "template", "--to", path, NULL), 0);
    ck_assert_int_eq(canbo_run(out, sizeof out, NULL, "import", "people", path, "--db", srv.db, "--dry-run", NULL), 0);
    ck_assert_msg(strstr(out, "sẽ tạo mới 1") != NULL, "%s", out);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM person"), n0);
    unlink(path);
}
END_TEST

Suite *suite_api_io(void)
{
    Suite *s = suite_create("api_io");
    TCase *tc = tcase_create("io");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, export_is_what_the_list_shows);
    tcase_add_test(tc, export_respects_scope_and_sensitivity);
    tcase_add_test(tc, cv_pdf_scope_and_audit);
    tcase_add_test(tc, unit_cv_bulk);
    tcase_add_test(tc, structure_statistics);
    tcase_add_test(tc, templates);
    tcase_add_test(tc, csv_upload_all_or_nothing_then_update);
    tcase_add_test(tc, upload_refusals);
    tcase_add_test(tc, xlsx_export_reimports_unchanged);
    tcase_add_test(tc, command_line_import);
    suite_add_tcase(s, tc);
    return s;
}
