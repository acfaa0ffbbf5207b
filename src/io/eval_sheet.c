/* Evaluation imports from spreadsheets: see eval_sheet.h. */
#include "io/eval_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/vntext.h"
#include "io/sheet.h"

enum ctype { C_TEXT, C_INT, C_STAMP, C_POINTS };

struct col {
    const char *field;      /* JSON member */
    const char *label;      /* header of the template */
    const char *alias[3];   /* other accepted headers (folded comparison) */
    enum ctype type;
    int required;
    size_t max;             /* text: bytes */
};

#define NCOLS 8

static const struct col results_cols[NCOLS] = {
    {"task_id", "Mã nhiệm vụ", {"task_id", "ma nv", NULL}, C_INT, 1, 0},
    {"quantity", "Số lượng", {"quantity", "so luong san pham", NULL}, C_INT, 1, 0},
    {"source", "Nguồn", {"source", "nguon du lieu", "he thong nguon"}, C_TEXT, 1, 100},
    {"extracted_at", "Thời điểm trích xuất", {"extracted_at", "thoi gian trich xuat", "ngay trich xuat"}, C_STAMP, 1, 0},
    {"external_ref", "Mã tham chiếu", {"external_ref", "ma ho so nguon", NULL}, C_TEXT, 0, 200},
    {"note", "Ghi chú", {"note", NULL, NULL}, C_TEXT, 0, 2000},
    {NULL, NULL, {NULL}, C_TEXT, 0, 0},
    {NULL, NULL, {NULL}, C_TEXT, 0, 0},
};

static const struct col ratings_cols[NCOLS] = {
    {"cccd", "Số CCCD", {"cccd", "so dinh danh ca nhan", "can cuoc cong dan"}, C_TEXT, 0, 12},
    {"person_id", "Mã hồ sơ", {"person_id", "ma can bo", NULL}, C_INT, 0, 0},
    {"year", "Năm", {"year", "nam danh gia", "nam xep loai"}, C_INT, 1, 0},
    {"level", "Mức xếp loại", {"level", "xep loai", "muc xep loai chat luong"}, C_TEXT, 1, 120},
    {"regime", "Chế độ đánh giá", {"regime", NULL, NULL}, C_TEXT, 0, 32},
    {"score_x100", "Điểm", {"score", "diem danh gia", NULL}, C_POINTS, 0, 0},
    {"decision_no", "Số quyết định", {"decision_no", "so qd", NULL}, C_TEXT, 0, 100},
    {"source", "Nguồn", {"source", "nguon du lieu", NULL}, C_TEXT, 0, 200},
};

static const struct col *cols_of(enum eval_sheet_kind kind)
{
    return kind == EVAL_SHEET_RATINGS ? ratings_cols : results_cols;
}

const char *eval_sheet_column(enum eval_sheet_kind kind, const char *field)
{
    const struct col *c = cols_of(kind);
    for (int i = 0; field && i < NCOLS && c[i].field; i++)
        if (!strcmp(c[i].field, field)) return c[i].label;
    return field;
}

void eval_sheet_init(struct eval_sheet *s)
{
    memset(s, 0, sizeof *s);
    s->rows = json_array();
    s->rownum = json_array();
    s->errors = json_array();
}

void eval_sheet_clear(struct eval_sheet *s)
{
    json_decref(s->rows);
    json_decref(s->rownum);
    json_decref(s->errors);
    memset(s, 0, sizeof *s);
}

static void add_error(struct eval_sheet *s, long row, const char *column, const char *field, const char *code,
                      const char *message, const char *value)
{
    s->error_count++;
    if (json_array_size(s->errors) >= EVAL_SHEET_MAX_REPORT) return;
    json_t *e = json_pack("{s:I,s:s?,s:s?,s:s,s:s}", "row", (json_int_t)row, "column", column, "field", field, "code", code,
                          "message", message);
    if (e && value && *value) {
        char v[121];
        size_t n = strlen(value);
        if (n > 120) {
            n = 120;
            while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80) n--; /* do not cut a UTF-8 sequence */
        }
        memcpy(v, value, n);
        v[n] = 0;
        if (utf8_valid(v, n)) json_object_set_new(e, "value", json_string(v));
    }
    if (e) json_array_append_new(s->errors, e);
}

void eval_sheet_add_error(struct eval_sheet *s, long row, enum eval_sheet_kind kind, const char *field, const char *code,
                          const char *message)
{
    add_error(s, row, field ? eval_sheet_column(kind, field) : NULL, field, code ? code : "invalid_value",
              message ? message : "Giá trị không hợp lệ.", NULL);
}

/* ---- cell conversions ---- */

static int two(const char *p) { return (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') ? (p[0] - '0') * 10 + p[1] - '0' : -1; }

/* "HH:MM" or "HH:MM:SS" at p, to the end of the text. */
static int parse_hms(const char *p, int *hh, int *mm, int *ss)
{
    int n = 0;
    *ss = 0;
    if (sscanf(p, "%2d:%2d%n", hh, mm, &n) != 2 || (n != 5 && n != 4)) return -1;
    p += n;
    if (*p == ':') {
        if (two(p + 1) < 0) return -1;
        *ss = two(p + 1);
        p += 3;
    }
    if (*p) return -1;
    return (*hh >= 0 && *hh <= 23 && *mm >= 0 && *mm <= 59 && *ss <= 59) ? 0 : -1;
}

int eval_sheet_stamp(const char *in, char *out, size_t cap)
{
    char s[64];
    size_t n = strlen(in);
    while (n && (unsigned char)*in <= ' ') in++, n--;
    while (n && (unsigned char)in[n - 1] <= ' ') n--;
    if (n == 0 || n >= sizeof s) return -1;
    memcpy(s, in, n);
    s[n] = 0;
    int y, m, d, hh = 0, mm = 0, ss = 0, k = 0, has_time = 0;
    cdate c;
    if (strchr(s, '/')) {
        /* dd/mm/yyyy [HH:MM[:SS]] — Vietnam time */
        if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &k) != 3 || y < 1000) return -1;
        const char *p = s + k;
        if (*p) {
            if (*p != ' ' && *p != 'T') return -1;
            while (*p == ' ') p++;
            if (*p == 'T') p++;
            if (parse_hms(p, &hh, &mm, &ss) != 0) return -1;
            has_time = 1;
        }
    } else if (n >= 10 && s[4] == '-' && s[7] == '-') {
        if (n == 10 || s[10] == 'T') {
            /* ISO 8601 text: kept as written (checked by the import). */
            if (n == 10 && date_parse_iso(s, &c) != 0) return -1;
            snprintf(out, cap, "%s", s);
            return 0;
        }
        /* "YYYY-MM-DD HH:MM:SS": an .xlsx date cell, Vietnam time */
        if (s[10] != ' ' || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
        if (parse_hms(s + 11, &hh, &mm, &ss) != 0) return -1;
        has_time = 1;
    } else {
        return -1;
    }
    if (date_from_ymd(y, m, d, &c) != 0) return -1;
    if (has_time)
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, hh, mm, ss);
    else
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return 0;
}

int eval_sheet_points(const char *in, long long *x100)
{
    const char *p = in;
    while (*p == ' ') p++;
    long long whole = 0, frac = 0;
    int digits = 0, fd = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > 6) return -1;
        whole = whole * 10 + (*p++ - '0');
    }
    if (!digits) return -1;
    if (*p == ',' || *p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 2) return -1;
            frac = frac * 10 + (*p++ - '0');
        }
        if (!fd) return -1;
        if (fd == 1) frac *= 10;
    }
    while (*p == ' ') p++;
    if (*p) return -1;
    *x100 = whole * 100 + frac;
    return 0;
}

static int parse_int(const char *v, long long *out)
{
    const char *p = v;
    while (*p == ' ') p++;
    if (!*p) return -1;
    long long x = 0;
    int nd = 0;
    while (*p >= '0' && *p <= '9') {
        if (++nd > 15) return -1;
        x = x * 10 + (*p++ - '0');
    }
    /* "12.0" from a spreadsheet that stored the number as a decimal */
    if (*p == '.' || *p == ',') {
        p++;
        while (*p == '0') p++;
    }
    while (*p == ' ') p++;
    if (*p || !nd) return -1;
    *out = x;
    return 0;
}

/* ---- header ---- */

static int header_match(const struct col *c, const char *folded)
{
    char f[160];
    if (vn_fold(c->label, strlen(c->label), f, sizeof f) != (size_t)-1 && !strcmp(f, folded)) return 1;
    for (int a = 0; a < 3 && c->alias[a]; a++)
        if (vn_fold(c->alias[a], strlen(c->alias[a]), f, sizeof f) != (size_t)-1 && !strcmp(f, folded)) return 1;
    return 0;
}

static int row_empty(const struct sheet_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (const char *p = r->cell[i]; *p; p++)
            if ((unsigned char)*p > ' ') return 0;
    return 1;
}

static void trimmed(const char *in, char *out, size_t cap)
{
    size_t n = strlen(in);
    while (n && (unsigned char)*in <= ' ') in++, n--;
    while (n && (unsigned char)in[n - 1] <= ' ') n--;
    if (n >= cap) n = cap - 1;
    memcpy(out, in, n);
    out[n] = 0;
}

int eval_sheet_read(const void *data, size_t len, enum eval_sheet_kind kind, struct eval_sheet *s)
{
    const struct col *cols = cols_of(kind);
    struct sheet *sh = NULL;
    if (sheet_open(data, len, SHEET_UNKNOWN, &sh, s->message, sizeof s->message) != 0) return -1;
    struct sheet_row r;
    int rc;
    int map[64];           /* file column -> cols index, -1 = none */
    size_t nfile = 0;
    int seen[NCOLS] = {0};
    char *buf = malloc(4096);
    if (!buf) { sheet_close(sh); snprintf(s->message, sizeof s->message, "Không đủ bộ nhớ."); return -1; }
    /* header: the first non-empty row */
    while ((rc = sheet_next(sh, &r)) == 1 && row_empty(&r)) {}
    if (rc != 1) {
        snprintf(s->message, sizeof s->message, "%s", rc < 0 ? sheet_error(sh) : "Tệp không có dòng tiêu đề.");
        goto fail;
    }
    s->header_row = r.row;
    if (r.n > 64) { snprintf(s->message, sizeof s->message, "Tệp có quá nhiều cột (tối đa 64)."); goto fail; }
    nfile = r.n;
    for (size_t i = 0; i < r.n; i++) {
        map[i] = -1;
        char f[160];
        if (vn_fold(r.cell[i], r.len[i], f, sizeof f) == (size_t)-1) f[0] = 0;
        if (!f[0]) continue; /* an unnamed column must stay empty: checked per row */
        for (int c = 0; c < NCOLS && cols[c].field; c++)
            if (header_match(&cols[c], f)) { map[i] = c; break; }
        if (map[i] < 0) {
            snprintf(s->message, sizeof s->message, "Cột «%.80s» (dòng %ld) không thuộc mẫu nhập; hãy dùng tệp mẫu.", r.cell[i], r.row);
            goto fail;
        }
        if (seen[map[i]]) {
            snprintf(s->message, sizeof s->message, "Cột «%s» xuất hiện hai lần.", cols[map[i]].label);
            goto fail;
        }
        seen[map[i]] = 1;
    }
    for (int c = 0; c < NCOLS && cols[c].field; c++)
        if (cols[c].required && !seen[c]) {
            snprintf(s->message, sizeof s->message, "Thiếu cột bắt buộc «%s».", cols[c].label);
            goto fail;
        }
    if (kind == EVAL_SHEET_RATINGS && !seen[0] && !seen[1]) {
        snprintf(s->message, sizeof s->message, "Cần cột «%s» hoặc «%s» để xác định người.", cols[0].label, cols[1].label);
        goto fail;
    }
    /* data rows */
    while ((rc = sheet_next(sh, &r)) == 1) {
        if (row_empty(&r)) continue;
        if (++s->total > EVAL_SHEET_MAX_ROWS) {
            snprintf(s->message, sizeof s->message, "Quá nhiều dòng trong một lần nạp (tối đa %d).", EVAL_SHEET_MAX_ROWS);
            goto fail;
        }
        json_t *o = json_object();
        long before = s->error_count;
        for (size_t i = 0; i < r.n; i++) {
            const char *v = r.cell[i];
            trimmed(v, buf, 4096);
            if (!buf[0]) continue;
            if (i >= nfile || map[i] < 0) {
                add_error(s, r.row, NULL, NULL, "unknown_field", "Ô có dữ liệu nằm ngoài các cột của mẫu.", buf);
                continue;
            }
            const struct col *c = &cols[map[i]];
            if (!utf8_valid(buf, strlen(buf))) {
                add_error(s, r.row, c->label, c->field, "invalid_value", "Văn bản không phải UTF-8 hợp lệ.", NULL);
                continue;
            }
            char msg[256];
            long long x;
            char st[64];
            switch (c->type) {
            case C_TEXT:
                if (c->max && strlen(buf) > c->max) {
                    snprintf(msg, sizeof msg, "«%s» dài quá %zu ký tự.", c->label, c->max);
                    add_error(s, r.row, c->label, c->field, "too_long", msg, buf);
                } else {
                    json_object_set_new(o, c->field, json_string(buf));
                }
                break;
            case C_INT:
                if (parse_int(buf, &x) != 0) {
                    snprintf(msg, sizeof msg, "«%s» phải là số nguyên.", c->label);
                    add_error(s, r.row, c->label, c->field, "invalid_type", msg, buf);
                } else {
                    json_object_set_new(o, c->field, json_integer(x));
                }
                break;
            case C_STAMP:
                if (eval_sheet_stamp(buf, st, sizeof st) != 0) {
                    snprintf(msg, sizeof msg, "«%s» phải có dạng dd/mm/yyyy HH:MM (hoặc ISO 8601, ví dụ 2026-03-31T17:00:00+07:00).",
                             c->label);
                    add_error(s, r.row, c->label, c->field, "invalid_date", msg, buf);
                } else {
                    json_object_set_new(o, c->field, json_string(st));
                }
                break;
            case C_POINTS:
                if (eval_sheet_points(buf, &x) != 0) {
                    snprintf(msg, sizeof msg, "«%s» phải là số điểm, tối đa hai chữ số thập phân (ví dụ 92,5).", c->label);
                    add_error(s, r.row, c->label, c->field, "invalid_type", msg, buf);
                } else {
                    json_object_set_new(o, c->field, json_integer(x));
                }
                break;
            }
        }
        if (s->error_count == before) {
            json_array_append_new(s->rows, o);
            json_array_append_new(s->rownum, json_integer(r.row));
        } else {
            json_decref(o);
        }
    }
    if (rc < 0) {
        snprintf(s->message, sizeof s->message, "%s", sheet_error(sh));
        goto fail;
    }
    free(buf);
    sheet_close(sh);
    if (s->total == 0) {
        snprintf(s->message, sizeof s->message, "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.");
        return -1;
    }
    return 0;
fail:
    free(buf);
    sheet_close(sh);
    return -1;
}
