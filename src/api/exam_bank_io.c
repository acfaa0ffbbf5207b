/* Question banks as spreadsheets (issue 5, docs/bank-format.md):
 *   POST /api/v1/exam/subjects/{id}/bank.xlsx | bank.csv  (raw body, ?dry_run=1)
 *   GET  /api/v1/exam/subjects/{id}/bank.xlsx | bank.csv  (?sep=; for CSV)
 *
 * The sheet becomes JSON question objects (io/bank_sheet.c) that go through
 * the same validation and insert path as the JSON import (bank_import): all
 * or nothing, with a report naming every bad row and column. Access is that
 * of the JSON bank routes (docs/exams.md): import needs author or board,
 * export any member; anyone else gets 404. Every exported question is a
 * "question.read" audit entry, written before the file is sent. */
#include "api/api.h"
#include "auth/audit.h"
#include "auth/exam_access.h"
#include "core/vntext.h"
#include "db/exam_store.h"
#include "io/bank_sheet.h"
#include "io/people_export.h"
#include "io/sheet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define CT_CSV "text/csv; charset=utf-8"
#define PREVIEW_MAX 200

static void e404(struct resp *out) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy môn thi."); }
static void e500(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }

static int ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static int by_row(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t rx = json_integer_value(json_object_get(x, "row")), ry = json_integer_value(json_object_get(y, "row"));
    return rx < ry ? -1 : rx > ry;
}

/* The report rows in sheet order (stable for one row: cell errors first). */
static json_t *sorted(json_t *errors)
{
    size_t n = json_array_size(errors);
    json_t **v = calloc(n ? n : 1, sizeof *v);
    json_t *out = json_array();
    if (!v) return json_incref(errors);
    for (size_t i = 0; i < n; i++) v[i] = json_array_get(errors, i);
    /* insertion sort keeps equal rows in their order (qsort is not stable) */
    for (size_t i = 1; i < n; i++) {
        json_t *k = v[i];
        size_t j = i;
        while (j > 0 && by_row(&v[j - 1], &k) > 0) { v[j] = v[j - 1]; j--; }
        v[j] = k;
    }
    for (size_t i = 0; i < n; i++) json_array_append(out, v[i]);
    free(v);
    return out;
}

/* First `max` characters of a UTF-8 text (not bytes), with "…" when cut. */
static json_t *excerpt(const char *s, size_t max)
{
    if (!s) return json_null();
    size_t i = 0, chars = 0;
    while (s[i] && chars < max) {
        i++;
        while ((s[i] & 0xC0) == 0x80) i++;
        chars++;
    }
    if (!s[i]) return json_string(s);
    char *b = malloc(i + 4);
    if (!b) return json_null();
    memcpy(b, s, i);
    memcpy(b + i, "…", 4);
    json_t *o = json_string(b);
    free(b);
    return o;
}

static json_t *preview_of(const struct bank_sheet *s)
{
    json_t *a = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(s->questions, i, q) {
        if (i >= PREVIEW_MAX) break;
        char key[64] = "";
        size_t k, pos = 0;
        json_t *op;
        json_array_foreach(json_object_get(q, "options"), k, op)
            if (json_is_true(json_object_get(op, "correct")) && pos + 3 < sizeof key)
                pos += (size_t)snprintf(key + pos, sizeof key - pos, "%s%c", pos ? "," : "", (int)('A' + k));
        json_t *pts = json_object_get(q, "points");
        json_array_append_new(a, json_pack("{s:O,s:O,s:O,s:O,s:o,s:I,s:s,s:I}", "row", json_array_get(s->rows, i), "topic_code",
                                           json_object_get(q, "topic_code"), "type", json_object_get(q, "type"), "difficulty",
                                           json_object_get(q, "difficulty"), "stem", excerpt(json_string_value(json_object_get(q, "stem")), 120),
                                           "options", (json_int_t)json_array_size(json_object_get(q, "options")), "correct", key,
                                           "points", pts ? json_integer_value(pts) : (json_int_t)100));
    }
    return a;
}

static void bank_sheet_import(struct req *r, struct resp *out, int want_xlsx)
{
    int64_t sid = r->params[0];
    if (!auth_exam_can(r->db, &r->user, sid, NEED_WRITE_Q)) { e404(out); return; }
    const char *ct = req_header(r, "Content-Type");
    int says_xlsx = ctype_is(ct, CT_XLSX);
    int says_csv = ctype_is(ct, "text/csv") || ctype_is(ct, "application/csv") || ctype_is(ct, "text/plain") ||
                   ctype_is(ct, "application/vnd.ms-excel");
    if (!says_xlsx && !says_csv && !ctype_is(ct, "application/octet-stream")) {
        resp_error(out, 415, "unsupported_media_type", NULL, "Tệp nhập phải là .xlsx (" CT_XLSX ") hoặc .csv (text/csv).");
        return;
    }
    if (r->body_len == 0) { resp_error(out, 400, "required", NULL, "Tệp tải lên rỗng."); return; }
    enum sheet_format fmt = sheet_detect(r->body, r->body_len);
    if (fmt == SHEET_XLS) {
        resp_error(out, 400, "invalid_file", NULL, "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8.");
        return;
    }
    if (want_xlsx && fmt != SHEET_XLSX) { resp_error(out, 400, "invalid_file", NULL, "Nội dung tải lên không phải là tệp .xlsx."); return; }
    if (!want_xlsx && fmt != SHEET_CSV) { resp_error(out, 400, "invalid_file", NULL, "Nội dung tải lên không phải là tệp .csv (hãy dùng địa chỉ bank.xlsx cho tệp Excel)."); return; }
    const char *dq = req_query(r, "dry_run");
    int dry = dq && (!strcmp(dq, "1") || !strcmp(dq, "true"));

    struct bank_sheet s;
    bank_sheet_init(&s);
    if (bank_sheet_read(r->body, r->body_len, &s) != 0) {
        resp_error(out, 400, "invalid_file", NULL, s.message);
        bank_sheet_clear(&s);
        return;
    }
    struct actor a;
    api_actor(r, &a);
    json_t *report = json_array();
    long created = 0;
    int cell_errors = s.error_count > 0;
    int rc = 0;
    if (json_array_size(s.questions) > 0)
        rc = bank_import(r->db, &a, r->user.id, sid, s.questions, dry || cell_errors, want_xlsx ? "import.xlsx" : "import.csv",
                         report, &created);
    if (rc == -1) { json_decref(report); bank_sheet_clear(&s); e500(out); return; }
    size_t i;
    json_t *e;
    json_array_foreach(report, i, e)
        bank_sheet_add_field_error(&s, (size_t)json_integer_value(json_object_get(e, "index")),
                                   json_string_value(json_object_get(e, "field")), json_string_value(json_object_get(e, "message")));
    json_decref(report);
    if (s.error_count) {
        json_t *rows = sorted(s.errors);
        json_t *err = json_pack("{s:{s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:b}}", "error", "code", "rows_invalid", "field", "file", "message",
                                "Có dòng không hợp lệ; không câu hỏi nào được ghi.", "rows", rows, "error_count",
                                (json_int_t)s.error_count, "error_rows", (json_int_t)s.error_rows, "total", (json_int_t)s.total,
                                "truncated", s.error_count > (long)json_array_size(s.errors));
        resp_json(out, 400, err);
        bank_sheet_clear(&s);
        return;
    }
    json_t *res = json_pack("{s:b,s:I,s:I,s:o}", "dry_run", dry, "valid", (json_int_t)json_array_size(s.questions), "created",
                            (json_int_t)created, "preview", preview_of(&s));
    bank_sheet_clear(&s);
    resp_json(out, dry ? 200 : 201, res);
}

static void import_xlsx(struct req *r, struct resp *out) { bank_sheet_import(r, out, 1); }
static void import_csv(struct req *r, struct resp *out) { bank_sheet_import(r, out, 0); }

static void attach(struct resp *out, const char *code, const char *ext)
{
    char today[11];
    api_today(today);
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Content-Disposition: attachment; filename=\"ngan-hang-%.40s-%s.%s\"",
             code, today, ext);
}

static void bank_sheet_export(struct req *r, struct resp *out, int xlsx)
{
    int64_t sid = r->params[0];
    if (!auth_exam_can(r->db, &r->user, sid, NEED_READ_Q)) { e404(out); return; }
    json_t *subj = db_exam_subject_get(r->db, sid);
    if (!subj) { e404(out); return; }
    const char *code = json_string_value(json_object_get(subj, "code"));
    struct actor a;
    api_actor(r, &a);
    json_t *qs = bank_export_collect(r->db, &a, sid, xlsx ? "export.xlsx" : "export.csv");
    if (!qs) {
        json_decref(subj);
        resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không xuất ngân hàng câu hỏi.");
        return;
    }
    size_t count = json_array_size(qs);
    if (xlsx) {
        char path[512];
        char *buf = NULL;
        size_t len = 0;
        int ok = io_temp_path(path, sizeof path, ".xlsx") == 0;
        if (ok) {
            ok = bank_sheet_write_xlsx(qs, code, path) == 0 && io_read_file(path, &buf, &len) == 0;
            unlink(path);
        }
        if (!ok) { free(buf); json_decref(qs); json_decref(subj); e500(out); return; }
        free(out->body);
        out->body = buf;
        out->len = len;
        out->status = 200;
        out->content_type = CT_XLSX;
    } else {
        const char *sep = req_query(r, "sep");
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        if (!mf) { json_decref(qs); json_decref(subj); e500(out); return; }
        int rc = bank_sheet_write_csv(qs, mf, sep && (!strcmp(sep, ";") || !strcmp(sep, "semicolon")) ? ';' : ',');
        if (fclose(mf) != 0) rc = -1;
        if (rc != 0) { free(buf); json_decref(qs); json_decref(subj); e500(out); return; }
        free(out->body);
        out->body = buf;
        out->len = len;
        out->status = 200;
        out->content_type = CT_CSV;
    }
    attach(out, code ? code : "mon", xlsx ? "xlsx" : "csv");
    snprintf(out->extra_header[1], sizeof out->extra_header[1], "X-Row-Count: %zu", count);
    json_decref(qs);
    json_decref(subj);
}

static void export_xlsx(struct req *r, struct resp *out) { bank_sheet_export(r, out, 1); }
static void export_csv(struct req *r, struct resp *out) { bank_sheet_export(r, out, 0); }

const struct route api_exam_bank_io_routes[] = {
    {"POST", "/api/v1/exam/subjects/:id/bank.xlsx", import_xlsx, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"POST", "/api/v1/exam/subjects/:id/bank.csv", import_csv, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"GET", "/api/v1/exam/subjects/:id/bank.xlsx", export_xlsx, 0},
    {"GET", "/api/v1/exam/subjects/:id/bank.csv", export_csv, 0},
    {NULL, NULL, NULL, 0},
};
