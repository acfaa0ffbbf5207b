/* Import of people from spreadsheets: header mapping, cell conversion, and
 * the all-or-nothing write through the API's own validation. */
#include "io/people_import.h"
#include "api/people.h"
#include "core/date.h"
#include "core/ident.h"
#include "core/salary.h"
#include "core/vntext.h"
#include "db/export.h"
#include "db/person.h"
#include "io/people_cols.h"
#include "io/refs.h"
#include "io/sheet.h"
#include "util/jbuf.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_EVERY 100

struct imp {
    db *d;
    const struct import_opts *o;
    struct import_result *res;
    struct io_refs refs;
    const struct people_col *cols;
    size_t ncols;
    int *file_to_col;          /* file column -> layout index, or -1 */
    size_t nfile;
    int *col_to_file;          /* layout index -> file column, or -1 */
    char **headers;            /* file header texts (valid UTF-8) */
    long header_row;
    struct scope sc;
    char today[11];
    /* CCCDs seen in the file: open addressing, key = 12-digit number + 1 */
    uint64_t *set_k;
    long *set_v;
    size_t set_cap, set_n;
    /* the row being processed */
    long row, line;
    int row_errors;
    const char **vals;         /* layout index -> trimmed cell text, NULL when the column is absent */
    char *scratch;
    size_t scratch_cap;
    int fatal;
};

void import_result_init(struct import_result *res)
{
    memset(res, 0, sizeof *res);
    res->errors = json_array();
}

void import_result_clear(struct import_result *res)
{
    json_decref(res->errors);
    res->errors = NULL;
}

json_t *import_result_json(const struct import_result *res)
{
    json_t *rows = res->errors ? json_deep_copy(res->errors) : json_array();
    /* The counts and the message appear at the top level and, for clients
     * that read everything from the report, inside it too. */
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:s,s:{s:o,s:I,s:I,s:b,s:I,s:I,s:I,s:s}}", "total", (json_int_t)res->total,
                     "processed", (json_int_t)res->processed, "created", (json_int_t)res->created, "updated",
                     (json_int_t)res->updated, "unchanged", (json_int_t)res->unchanged, "message", res->message,
                     "report", "rows", rows, "error_count", (json_int_t)res->error_count, "error_rows",
                     (json_int_t)res->error_rows, "truncated", res->error_count > (long)json_array_size(res->errors),
                     "created", (json_int_t)res->created, "updated", (json_int_t)res->updated, "unchanged",
                     (json_int_t)res->unchanged, "message", res->message);
}

/* --- reporting ------------------------------------------------------------------ */

/* Copies at most max bytes of valid UTF-8 (cut at a character boundary). */
static void clip(const char *s, char *out, size_t max)
{
    size_t n = strlen(s);
    if (n >= max) {
        n = max - 4;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        memcpy(out, s, n);
        memcpy(out + n, "…", 4);
        n += 3;
        out[n] = 0;
        return;
    }
    memcpy(out, s, n + 1);
}

static const char *colname(struct imp *m, int li)
{
    if (li < 0) return "";
    int fc = m->col_to_file[li];
    return fc >= 0 ? m->headers[fc] : m->cols[li].label;
}

static void row_error(struct imp *m, const char *column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void row_error(struct imp *m, const char *column, const char *fmt, ...)
{
    m->res->error_count++;
    if (!m->row_errors++) m->res->error_rows++;
    if (json_array_size(m->res->errors) >= IMPORT_MAX_REPORT) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!utf8_valid(msg, strlen(msg))) snprintf(msg, sizeof msg, "Giá trị không hợp lệ.");
    json_t *e = json_pack("{s:I,s:s,s:s}", "row", (json_int_t)m->row, "column", column ? column : "", "message", msg);
    if (!e) return;
    if (m->line && m->line != m->row) json_object_set_new(e, "line", json_integer(m->line));
    json_array_append_new(m->res->errors, e);
}

static int layout_of_field(struct imp *m, const char *field)
{
    if (!field) return -1;
    for (size_t i = 0; i < m->ncols; i++)
        if (!strcmp(m->cols[i].key, field)) return (int)i;
    return -1;
}

/* Column header for a validation error's field (a JSON member name). */
static const char *field_column(struct imp *m, const char *field)
{
    int li = layout_of_field(m, field);
    if (li >= 0) return colname(m, li);
    const struct person_field *f = field ? person_field_find(field) : NULL;
    return f ? f->label : "";
}

static void fatal(struct imp *m, const char *msg)
{
    if (!m->fatal) snprintf(m->res->message, sizeof m->res->message, "%s", msg);
    m->fatal = 1;
}

/* --- cell conversion ------------------------------------------------------------- */

static int is_space_at(const char *s, size_t *w)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { *w = 1; return 1; }
    if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { *w = 2; return 1; }  /* no-break space */
    return 0;
}

/* Trims white space and undoes the export's formula neutralisation ("'=..."). */
static size_t clean_cell(const char *s, size_t len, char *out)
{
    size_t a = 0, b = len, w;
    while (a < b && is_space_at(s + a, &w)) a += w;
    while (b > a) {
        if (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n') b--;
        else if (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && (unsigned char)s[b - 1] == 0xA0) b -= 2;
        else break;
    }
    if (b - a >= 2 && s[a] == '\'' && strchr("=+-@\t\r", s[a + 1])) a++;
    memcpy(out, s + a, b - a);
    out[b - a] = 0;
    return b - a;
}

/* Numeric groups of a date written with / - . or spaces. */
static int date_groups(const char *s, int g[4], int glen[4])
{
    int n = 0;
    const char *p = s;
    while (*p) {
        if (n == 4) return -1;
        if (*p < '0' || *p > '9') return -1;
        int v = 0, l = 0;
        while (*p >= '0' && *p <= '9') {
            if (++l > 4) return -1;
            v = v * 10 + (*p - '0');
            p++;
        }
        g[n] = v;
        glen[n] = l;
        n++;
        if (!*p) break;
        if (*p != '/' && *p != '-' && *p != '.' && *p != ' ') return -1;
        p++;
    }
    return n;
}

/* Date cell -> ISO. Accepts dd/mm/yyyy (also d/m/yyyy, with - or .),
 * yyyy-mm-dd (with an optional midnight time, as spreadsheets write), and,
 * when partial is set, mm/yyyy (precision 1) and yyyy (precision 2). */
static int conv_date(const char *s, int partial, char out[11], int *prec)
{
    char tmp[32];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, s, n + 1);
    if (n >= 19 && (tmp[10] == ' ' || tmp[10] == 'T') && !strcmp(tmp + 11, "00:00:00")) tmp[10] = 0;
    int g[4], gl[4];
    int k = date_groups(tmp, g, gl);
    int y, m, d, p = 0;
    if (k == 3 && gl[0] == 4) { y = g[0]; m = g[1]; d = g[2]; }
    else if (k == 3 && gl[2] == 4) { d = g[0]; m = g[1]; y = g[2]; }
    else if (partial && k == 2 && gl[1] == 4) { m = g[0]; y = g[1]; d = 1; p = 1; }
    else if (partial && k == 1 && gl[0] == 4) { y = g[0]; m = 1; d = 1; p = 2; }
    else return -1;
    cdate cd;
    if (date_from_ymd(y, m, d, &cd) != 0) return -1;
    date_format_iso(cd, out);
    if (prec) *prec = p;
    return 0;
}

static int conv_int(const char *s, long min, long max, long *out)
{
    if (!*s) return -1;
    long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        if (v > 100000000) return -1;
        p++;
    }
    /* "170.0" from a spreadsheet that stored a float */
    if (*p == '.' || *p == ',') {
        p++;
        while (*p == '0') p++;
    }
    if (*p || v < min || v > max) return -1;
    *out = v;
    return 0;
}

/* Rank codes typed into a spreadsheet become numbers: "01.003" -> 1.003 and
 * "01.030" -> 1.03 (leading and trailing zeros lost), or, where the dot is
 * the thousands separator (vi-VN), "01.002" -> 1002. Restore NN.NNN. */
static void rank_normalise(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    int digits = n >= 4 && n <= 5;
    for (const char *p = s; digits && *p; p++)
        if (*p < '0' || *p > '9') digits = 0;
    if (digits) {
        long v = atol(s);
        snprintf(out, cap, "%02ld.%03ld", v / 1000, v % 1000);
        return;
    }
    const char *dot = strchr(s, '.');
    int ok = dot && dot > s && dot - s <= 2 && strlen(dot + 1) >= 1 && strlen(dot + 1) <= 3;
    for (const char *p = s; ok && *p; p++)
        if (p != dot && (*p < '0' || *p > '9')) ok = 0;
    if (!ok) { snprintf(out, cap, "%s", s); return; }
    char frac[4] = "000";
    memcpy(frac, dot + 1, strlen(dot + 1));
    snprintf(out, cap, "%02d.%s", atoi(s), frac);
}

static void to_json_value(struct imp *m, int li, const char *v, json_t *in, int *birth_prec)
{
    const struct people_col *c = &m->cols[li];
    const struct person_field *f = c->pf;
    char vb[80];
    clip(v, vb, sizeof vb);
    if (!*v) {
        json_object_set_new(in, f->name, json_null());
        return;
    }
    switch (f->type) {
    case PF_TEXT:
        json_object_set_new(in, f->name, json_string(v));
        return;
    case PF_CCCD:
        return; /* handled by the caller */
    case PF_DATE: {
        char iso[11];
        int prec = 0;
        int partial = !strcmp(f->name, "birth_date");
        if (conv_date(v, partial, iso, &prec) != 0) {
            row_error(m, colname(m, li), partial
                ? "Ngày «%s» không hợp lệ; ghi dạng dd/mm/yyyy (ví dụ 15/03/1985), yyyy-mm-dd, hoặc chỉ mm/yyyy hay yyyy khi không rõ ngày."
                : "Ngày «%s» không hợp lệ; ghi dạng dd/mm/yyyy (ví dụ 15/03/2010) hoặc yyyy-mm-dd.", vb);
            return;
        }
        json_object_set_new(in, f->name, json_string(iso));
        if (partial && birth_prec) *birth_prec = prec;
        return;
    }
    case PF_INT: {
        long x;
        if (conv_int(v, 0, f->maxlen, &x) != 0) {
            row_error(m, colname(m, li), "«%s» phải là số nguyên từ 0 đến %d.", vb, f->maxlen);
            return;
        }
        json_object_set_new(in, f->name, json_integer(x));
        return;
    }
    case PF_PRECISION: {
        long x;
        if (conv_int(v, 0, 2, &x) != 0) {
            row_error(m, colname(m, li), "«%s» phải là 0 (đủ ngày), 1 (tháng/năm) hoặc 2 (chỉ năm).", vb);
            return;
        }
        json_object_set_new(in, f->name, json_integer(x));
        return;
    }
    case PF_SEX: {
        char fo[32];
        if (vn_fold(v, strlen(v), fo, sizeof fo) == (size_t)-1) fo[0] = 0;
        int sex = !strcmp(fo, "nam") || !strcmp(fo, "1") ? 1 : !strcmp(fo, "nu") || !strcmp(fo, "2") ? 2 : 0;
        if (!sex) {
            row_error(m, colname(m, li), "Giới tính «%s» không hợp lệ; ghi «Nam» hoặc «Nữ».", vb);
            return;
        }
        json_object_set_new(in, f->name, json_integer(sex));
        return;
    }
    case PF_ETHNICITY:
    case PF_RELIGION: {
        const struct ref_list *l = f->type == PF_ETHNICITY ? &m->refs.eth : &m->refs.rel;
        const struct ref_item *it = NULL;
        long id;
        int amb = 0;
        if (conv_int(v, 1, 100000, &id) == 0) it = ref_by_id(l, id);
        else it = ref_by_name(l, v, NULL, &amb);
        if (!it) {
            row_error(m, colname(m, li), f->type == PF_ETHNICITY
                ? "Không có dân tộc «%s» trong danh mục (ghi tên dân tộc, ví dụ «Kinh», «Tày»)."
                : "Không có tôn giáo «%s» trong danh mục (ghi tên tôn giáo, hoặc «Không»).", vb);
            return;
        }
        json_object_set_new(in, f->name, json_integer(it->id));
        return;
    }
    case PF_LEVEL: {
        const struct ref_item *it = ref_by_code(&m->refs.level, v, f->level_kind);
        int amb = 0;
        if (!it) it = ref_by_name(&m->refs.level, v, f->level_kind, &amb);
        if (!it) {
            row_error(m, colname(m, li), "«%s» không có trong danh mục «%s».", vb, f->label);
            return;
        }
        json_object_set_new(in, f->name, json_string(it->code));
        return;
    }
    }
}

/* Placement values of one row. */
struct place {
    int has_unit, has_position, has_title, has_pfrom, has_rank, has_step, has_sfrom, has_vk;
    int64_t unit, title;
    const char *position, *decision;
    char pfrom[11], sfrom[11], rank[24];
    long step, vk;
};

static void parse_place(struct imp *m, struct place *p)
{
    memset(p, 0, sizeof *p);
    for (size_t li = 0; li < m->ncols; li++) {
        const char *v = m->vals[li];
        if (!v) continue;
        char vb[80];
        clip(v, vb, sizeof vb);
        switch (m->cols[li].kind) {
        case PC_UNIT:
            if (!*v) break;
            {
                long id;
                char buf[24];
                int64_t uid = 0;
                if (conv_int(v, 1, 100000000, &id) == 0) {
                    snprintf(buf, sizeof buf, "%ld", id);
                    if (db_ref_exists(m->d, "unit", buf) == 1) uid = id;
                }
                if (!uid) {
                    int n = db_io_unit_by_code(m->d, v, &uid);
                    if (n == 2) {
                        row_error(m, colname(m, (int)li), "Mã đơn vị «%s» trùng với nhiều đơn vị; hãy ghi mã số (id) của đơn vị.", vb);
                        break;
                    }
                    if (n != 1) {
                        row_error(m, colname(m, (int)li), "Không tìm thấy đơn vị «%s» (ghi mã số hoặc mã của đơn vị đang hoạt động).", vb);
                        break;
                    }
                }
                p->has_unit = 1;
                p->unit = uid;
            }
            break;
        case PC_POSITION:
            p->has_position = 1;
            p->position = *v ? v : NULL;
            break;
        case PC_TITLE:
            p->has_title = 1;
            if (!*v) break;
            {
                long id;
                int amb = 0;
                const struct ref_item *it = ref_by_code(&m->refs.title, v, NULL);
                if (!it && conv_int(v, 1, 100000, &id) == 0) it = ref_by_id(&m->refs.title, id);
                if (!it) it = ref_by_name(&m->refs.title, v, NULL, &amb);
                if (!it) row_error(m, colname(m, (int)li), "Không có chức vụ «%s» trong danh mục (ghi mã chức vụ, ví dụ «TP_SO»).", vb);
                else p->title = it->id;
            }
            break;
        case PC_POSTING_FROM:
        case PC_SALARY_FROM:
            if (!*v) break;
            {
                char *dst = m->cols[li].kind == PC_POSTING_FROM ? p->pfrom : p->sfrom;
                if (conv_date(v, 0, dst, NULL) != 0)
                    row_error(m, colname(m, (int)li), "Ngày «%s» không hợp lệ; ghi dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc yyyy-mm-dd.", vb);
                else if (m->cols[li].kind == PC_POSTING_FROM) p->has_pfrom = 1;
                else p->has_sfrom = 1;
            }
            break;
        case PC_RANK:
            p->has_rank = 1;
            if (!*v) break;
            {
                char code[24];
                rank_normalise(v, code, sizeof code);
                int amb = 0;
                const struct ref_item *it = ref_by_code(&m->refs.rank, code, NULL);
                if (!it) it = ref_by_name(&m->refs.rank, v, NULL, &amb);
                if (!it) row_error(m, colname(m, (int)li), "Không có mã ngạch «%s» trong danh mục (ví dụ «01.003»).", vb);
                else snprintf(p->rank, sizeof p->rank, "%s", it->code);
            }
            break;
        case PC_STEP:
            p->has_step = 1;
            if (!*v) break;
            if (conv_int(v, 1, SALARY_MAX_STEPS, &p->step) != 0)
                row_error(m, colname(m, (int)li), "Bậc lương «%s» phải là số nguyên từ 1 đến %d.", vb, SALARY_MAX_STEPS);
            break;
        case PC_VK:
            p->has_vk = 1;
            if (!*v) break;
            if (conv_int(v, 0, SALARY_VK_MAX, &p->vk) != 0)
                row_error(m, colname(m, (int)li), "«Vượt khung» «%s» phải là số phần trăm từ 0 đến %d.", vb, SALARY_VK_MAX);
            break;
        case PC_DECISION:
            p->decision = *v ? v : NULL;
            break;
        default:
            break;
        }
    }
}

/* --- the CCCD set (duplicates inside the file) ------------------------------------ */

static long set_put(struct imp *m, const char *cccd, long row)
{
    uint64_t k = strtoull(cccd, NULL, 10) + 1;
    if ((m->set_n + 1) * 2 > m->set_cap) {
        size_t nc = m->set_cap ? m->set_cap * 2 : 1024;
        uint64_t *nk = calloc(nc, sizeof *nk);
        long *nv = calloc(nc, sizeof *nv);
        if (!nk || !nv) { free(nk); free(nv); return -1; }
        for (size_t i = 0; i < m->set_cap; i++)
            if (m->set_k[i]) {
                size_t j = (size_t)(m->set_k[i] * 0x9E3779B97F4A7C15ull) & (nc - 1);
                while (nk[j]) j = (j + 1) & (nc - 1);
                nk[j] = m->set_k[i];
                nv[j] = m->set_v[i];
            }
        free(m->set_k);
        free(m->set_v);
        m->set_k = nk;
        m->set_v = nv;
        m->set_cap = nc;
    }
    size_t j = (size_t)(k * 0x9E3779B97F4A7C15ull) & (m->set_cap - 1);
    while (m->set_k[j]) {
        if (m->set_k[j] == k) return m->set_v[j];
        j = (j + 1) & (m->set_cap - 1);
    }
    m->set_k[j] = k;
    m->set_v[j] = row;
    m->set_n++;
    return 0;
}

/* --- writes ------------------------------------------------------------------------ */

static void audit_json(struct imp *m, const char *action, int64_t id, json_t *after)
{
    size_t len;
    char *s = json_out(after, &len);
    if (!s || audit_append(m->d, m->o->actor, action, "person", id, NULL, s) != 0)
        fatal(m, "Không ghi được nhật ký (audit); không hồ sơ nào được ghi.");
    free(s);
}

static void create_person(struct imp *m, json_t *in, int birth_prec, const struct place *p)
{
    json_t *c = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
        if (!json_is_null(v)) json_object_set(c, key, v);
    if (birth_prec > 0) json_object_set_new(c, "birth_precision", json_integer(birth_prec));
    if (p->has_unit) json_object_set_new(c, "unit_id", json_integer(p->unit));
    if (p->position) json_object_set_new(c, "position", json_string(p->position));
    if (p->title) json_object_set_new(c, "title_id", json_integer(p->title));
    if (p->has_pfrom) json_object_set_new(c, "posting_from", json_string(p->pfrom));
    if (p->rank[0]) json_object_set_new(c, "rank_code", json_string(p->rank));
    if (p->step) json_object_set_new(c, "salary_step", json_integer(p->step));
    if (p->has_sfrom) json_object_set_new(c, "salary_from", json_string(p->sfrom));
    if (p->decision) json_object_set_new(c, "decision_no", json_string(p->decision));
    struct verr e;
    int64_t id;
    if (people_create_one(m->d, m->o->user, c, &id, &e) != 0) {
        if (!strcmp(e.code, "db_error")) fatal(m, "Lỗi cơ sở dữ liệu khi ghi hồ sơ; không hồ sơ nào được ghi.");
        else if (!strcmp(e.field ? e.field : "", "unit_id") && !p->has_unit && !strcmp(e.code, "required"))
            row_error(m, colname(m, layout_of_field(m, "unit_id")), "Người mới phải có «Đơn vị» (mã số hoặc mã đơn vị).");
        else row_error(m, field_column(m, e.field), "%s", e.message);
    } else if (p->vk > 0 && !p->rank[0]) {
        row_error(m, colname(m, layout_of_field(m, "vk_percent")), "Có «Vượt khung» thì phải có «Mã ngạch» và «Bậc lương».");
    } else if (p->vk > 0 && db_io_set_vk(m->d, id, (int)p->vk) != 0) {
        fatal(m, "Lỗi cơ sở dữ liệu khi ghi diễn biến lương; không hồ sơ nào được ghi.");
    } else {
        if (p->vk > 0) json_object_set_new(c, "vk_percent", json_integer(p->vk));
        audit_json(m, "person.import_create", id, c);
        m->res->created++;
    }
    json_decref(c);
}

static int text_eq(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* Effective date of a dated change: the given date when it differs from the
 * current row's start (and is after it), else today. */
static int effective(struct imp *m, int has, const char *given, const char *current, int li, const char *what,
                     char out[11])
{
    if (has && (!current || strcmp(given, current) != 0)) {
        if (current && strcmp(given, current) <= 0) {
            cdate a, b;
            char ga[11] = "", cb[11] = "";
            if (date_parse_iso(given, &a) == 0) date_format_vn(a, ga);
            if (date_parse_iso(current, &b) == 0) date_format_vn(b, cb);
            row_error(m, colname(m, li), "Ngày %s phải sau ngày bắt đầu của %s hiện tại (%s); lịch sử không được ghi đè.",
                      ga, what, cb);
            return -1;
        }
        memcpy(out, given, 11);
    } else memcpy(out, m->today, 11);
    return 0;
}

static void update_person(struct imp *m, int64_t id, json_t *in, int birth_prec, const struct place *p, const char *cccd)
{
    json_t *cur = NULL;
    int rc = db_person_get(m->d, &m->sc, id, &cur);
    if (rc == 1) {
        row_error(m, colname(m, layout_of_field(m, "cccd")),
                  "Số CCCD %s đã có trong hệ thống nhưng hồ sơ không thuộc phạm vi quản lý của bạn.", cccd);
        return;
    }
    if (rc != 0) { fatal(m, "Lỗi cơ sở dữ liệu khi đọc hồ sơ; không hồ sơ nào được ghi."); return; }
    int changed = 0;
    struct verr e;
    /* 1. Person fields: the members that differ. */
    json_t *diff = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        json_t *old = json_object_get(cur, key);
        if (!json_equal(v, old ? old : json_null()) && !(json_is_null(v) && !old)) json_object_set(diff, key, v);
    }
    if (birth_prec >= 0 && json_integer_value(json_object_get(cur, "birth_precision")) != birth_prec)
        json_object_set_new(diff, "birth_precision", json_integer(birth_prec));
    if (json_object_size(diff)) {
        json_t *out = json_object();
        if (people_validate_changes(m->d, diff, out, id, cur, &e) != 0)
            row_error(m, field_column(m, e.field), "%s", e.message);
        else if (people_apply_changes(m->d, m->o->actor, id, cur, out, "person.import") != 0)
            fatal(m, "Lỗi cơ sở dữ liệu khi cập nhật hồ sơ; không hồ sơ nào được ghi.");
        else changed = 1;
        json_decref(out);
    }
    json_decref(diff);
    if (m->row_errors || m->fatal) goto out;

    /* 2. Placement: a different unit, post or title is a new dated posting. */
    json_t *cu = json_object_get(cur, "unit_id"), *ct = json_object_get(cur, "title_id");
    int64_t cur_unit = json_is_integer(cu) ? json_integer_value(cu) : 0;
    int64_t cur_title = json_is_integer(ct) ? json_integer_value(ct) : 0;
    const char *cur_pos = json_string_value(json_object_get(cur, "position"));
    int64_t nu = p->has_unit ? p->unit : cur_unit;
    int64_t nt = p->has_title ? p->title : cur_title;
    const char *np = p->has_position ? p->position : cur_pos;
    if (nu && (nu != cur_unit || nt != cur_title || !text_eq(np, cur_pos))) {
        char start[11] = "", eff[11];
        int has_start = db_io_posting_start(m->d, id, start) == 0;
        int li = layout_of_field(m, "posting_from");
        if (people_check_placement(m->d, m->o->user, nu, nt, &e) != 0) {
            row_error(m, field_column(m, e.field), "%s", e.message);
            goto out;
        }
        if (effective(m, p->has_pfrom, p->pfrom, has_start ? start : NULL, li, "quá trình công tác", eff) != 0) goto out;
        if (db_person_has_later_rows(m->d, "posting", id, eff) == 1) {
            row_error(m, colname(m, li), "Ngày hiệu lực phải sau ngày bắt đầu của quá trình công tác hiện tại (không ghi đè lịch sử).");
            goto out;
        }
        if (db_person_new_posting(m->d, id, nu, np, nt, eff, p->decision, "Nhập từ tệp") != 0) {
            fatal(m, "Lỗi cơ sở dữ liệu khi ghi quá trình công tác; không hồ sơ nào được ghi.");
            goto out;
        }
        json_t *a = json_pack("{s:I,s:s?,s:s,s:s?,s:s}", "unit_id", (json_int_t)nu, "position", np, "effective", eff,
                              "decision_no", p->decision, "source", "import");
        if (nt) json_object_set_new(a, "title_id", json_integer(nt));
        audit_json(m, "person.posting", id, a);
        json_decref(a);
        changed = 1;
    }

    /* 3. Salary: a different rank or step is a new dated salary row. */
    const char *cur_rank = json_string_value(json_object_get(cur, "rank_code"));
    json_t *cs = json_object_get(cur, "salary_step");
    long cur_step = json_is_integer(cs) ? (long)json_integer_value(cs) : 0;
    if (p->has_rank && !p->rank[0] && cur_rank && !m->row_errors) {
        row_error(m, colname(m, layout_of_field(m, "rank_code")),
                  "Không bỏ trống «Mã ngạch» của người đã được xếp ngạch (%s); hãy ghi lại mã ngạch hiện tại.", cur_rank);
        goto out;
    }
    const char *nr = p->rank[0] ? p->rank : cur_rank;
    long ns = p->step ? p->step : (text_eq(nr, cur_rank) ? cur_step : 0);
    long cur_vk = (long)json_integer_value(json_object_get(cur, "vk_percent"));
    long nv = p->has_vk ? p->vk : cur_vk;
    if (nv > 0 && !nr) {
        row_error(m, colname(m, layout_of_field(m, "vk_percent")), "Có «Vượt khung» thì phải có «Mã ngạch» và «Bậc lương».");
        goto out;
    }
    if (nr && (!text_eq(nr, cur_rank) || ns != cur_step || nv != cur_vk)) {
        int lstep = layout_of_field(m, "salary_step");
        if (!ns) {
            row_error(m, colname(m, lstep), "Thiếu «Bậc lương» cho ngạch %s.", nr);
            goto out;
        }
        char group[16];
        int coef = 0;
        if (db_rank_salary_group(m->d, nr, group, sizeof group) != 0 || salary_coef(group, (int)ns, &coef) != 0) {
            row_error(m, colname(m, lstep), "Bậc lương %ld không có trong thang lương của ngạch %s.", ns, nr);
            goto out;
        }
        char eff[11];
        int li = layout_of_field(m, "salary_from");
        const char *since = json_string_value(json_object_get(cur, "salary_since"));
        if (effective(m, p->has_sfrom, p->sfrom, since, li, "bậc lương", eff) != 0) goto out;
        if (db_person_has_later_rows(m->d, "salary", id, eff) == 1) {
            row_error(m, colname(m, li), "Ngày hưởng phải sau ngày hưởng của bậc lương hiện tại (không ghi đè lịch sử).");
            goto out;
        }
        if (db_person_new_salary(m->d, id, nr, (int)ns, coef, (int)nv, eff, p->decision) != 0) {
            fatal(m, "Lỗi cơ sở dữ liệu khi ghi diễn biến lương; không hồ sơ nào được ghi.");
            goto out;
        }
        json_t *a = json_pack("{s:s,s:i,s:i,s:i,s:s,s:s?,s:s}", "rank_code", nr, "salary_step", (int)ns, "coef_x100", coef,
                              "vk_percent", (int)nv, "effective", eff, "decision_no", p->decision, "source", "import");
        audit_json(m, "person.salary", id, a);
        json_decref(a);
        changed = 1;
    }
out:
    if (!m->row_errors && !m->fatal) {
        if (changed) m->res->updated++;
        else m->res->unchanged++;
    }
    json_decref(cur);
}

/* --- rows ------------------------------------------------------------------------------ */

static int row_is_empty(const struct sheet_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->len[i]; k++) {
            char c = r->cell[i][k];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return 0;
        }
    return 1;
}

/* Copies the mapped cells of a row, cleaned, into m->vals. */
static int extract(struct imp *m, const struct sheet_row *r)
{
    size_t need = 0;
    for (size_t li = 0; li < m->ncols; li++) {
        int fc = m->col_to_file[li];
        need += (fc >= 0 && (size_t)fc < r->n ? r->len[fc] : 0) + 1;
    }
    if (need > m->scratch_cap) {
        char *nb = realloc(m->scratch, need);
        if (!nb) return -1;
        m->scratch = nb;
        m->scratch_cap = need;
    }
    size_t used = 0;
    for (size_t li = 0; li < m->ncols; li++) {
        int fc = m->col_to_file[li];
        if (fc < 0) { m->vals[li] = NULL; continue; }
        char *dst = m->scratch + used;
        size_t n = (size_t)fc < r->n ? clean_cell(r->cell[fc], r->len[fc], dst) : (dst[0] = 0, 0);
        used += n + 1;
        if (!utf8_valid(dst, n)) {
            row_error(m, colname(m, (int)li), "Ô chứa ký tự không hợp lệ (tệp phải được mã hóa UTF-8).");
            dst[0] = 0;
        }
        m->vals[li] = dst;
    }
    return 0;
}

static void process_row(struct imp *m, const struct sheet_row *r)
{
    m->row = r->row;
    m->line = r->line;
    m->row_errors = 0;
    if (extract(m, r) != 0) { fatal(m, "Không đủ bộ nhớ."); return; }
    int lc = layout_of_field(m, "cccd");
    const char *raw = m->vals[lc];
    char cccd[16];
    char vb[80];
    if (!raw || !*raw) {
        if (!m->row_errors)
            row_error(m, colname(m, lc), "Thiếu số CCCD: mỗi dòng phải có số CCCD (dùng để nhận ra người đã có trong hệ thống).");
        return;
    }
    /* Digits only; spreadsheets drop leading zeros of numbers (048... -> 48...). */
    size_t k = 0;
    int bad = 0;
    for (const char *q = raw; *q; q++) {
        if (*q == ' ' || *q == '.') continue;
        if (*q < '0' || *q > '9' || k >= 12) { bad = 1; break; }
        cccd[k++] = *q;
    }
    cccd[k] = 0;
    if (!bad && k >= 10 && k < 12) {
        memmove(cccd + (12 - k), cccd, k + 1);
        memset(cccd, '0', 12 - k);
        k = 12;
    }
    if (bad || k != 12 || cccd_check(cccd, 0, 0) == CCCD_FORMAT) {
        clip(raw, vb, sizeof vb);
        row_error(m, colname(m, lc), "Số CCCD «%s» phải gồm đúng 12 chữ số.", vb);
        return;
    }
    long prev = set_put(m, cccd, m->row);
    if (prev < 0) { fatal(m, "Không đủ bộ nhớ."); return; }
    if (prev > 0) {
        row_error(m, colname(m, lc), "Số CCCD %s trùng với dòng %ld của tệp.", cccd, prev);
        return;
    }
    json_t *in = json_object();
    json_object_set_new(in, "cccd", json_string(cccd));
    int birth_prec = -1;
    for (size_t li = 0; li < m->ncols; li++)
        if (m->cols[li].kind == PC_FIELD && m->vals[li] && (int)li != lc)
            to_json_value(m, (int)li, m->vals[li], in, &birth_prec);
    /* A precision column, when present and filled, wins over the date's form. */
    json_t *pj = json_object_get(in, "birth_precision");
    if (json_is_integer(pj)) {
        birth_prec = (int)json_integer_value(pj);
        json_object_del(in, "birth_precision");
    } else if (pj) json_object_del(in, "birth_precision");
    struct place p;
    parse_place(m, &p);
    if (m->row_errors) { json_decref(in); return; }
    int64_t id = 0;
    int rc = db_io_person_by_cccd(m->d, cccd, &id);
    if (rc < 0) fatal(m, "Lỗi cơ sở dữ liệu khi tìm hồ sơ; không hồ sơ nào được ghi.");
    else if (rc == 0) create_person(m, in, birth_prec, &p);
    else update_person(m, id, in, birth_prec, &p, cccd);
    json_decref(in);
}

/* --- header ---------------------------------------------------------------------------- */

static int parse_header(struct imp *m, const struct sheet_row *r)
{
    m->header_row = r->row;
    m->row = r->row;
    m->line = r->line;
    m->nfile = r->n;
    m->file_to_col = malloc((r->n ? r->n : 1) * sizeof *m->file_to_col);
    m->headers = calloc(r->n ? r->n : 1, sizeof *m->headers);
    if (!m->file_to_col || !m->headers) return -1;
    for (size_t i = 0; i < m->ncols; i++) m->col_to_file[i] = -1;
    for (size_t fc = 0; fc < r->n; fc++) {
        m->file_to_col[fc] = -1;
        char *h = malloc(r->len[fc] + 1);
        if (!h) return -1;
        clean_cell(r->cell[fc], r->len[fc], h);
        for (char *q = h; *q; q++)
            if (*q == '\n' || *q == '\r' || *q == '\t') *q = ' ';
        if (!utf8_valid(h, strlen(h))) snprintf(h, r->len[fc] + 1, "?");
        m->headers[fc] = h;
        if (!*h) continue;
        int li = people_col_match(h);
        char hb[120];
        clip(h, hb, sizeof hb);
        if (li < 0) {
            row_error(m, h, "Cột «%s» không có trong mẫu nhập; hãy sửa tiêu đề theo mẫu (docs/import-format.md) hoặc xóa cột này.", hb);
            continue;
        }
        if (people_col_is_info(&m->cols[li])) continue;
        if (m->col_to_file[li] >= 0) {
            row_error(m, h, "Cột «%s» xuất hiện hai lần (trùng với cột «%s»).", hb, m->headers[m->col_to_file[li]]);
            continue;
        }
        m->col_to_file[li] = (int)fc;
        m->file_to_col[fc] = li;
    }
    int lc = layout_of_field(m, "cccd");
    if (m->col_to_file[lc] < 0)
        row_error(m, m->cols[lc].label, "Thiếu cột «%s»: mỗi dòng phải có số CCCD để nhận ra người đã có trong hệ thống.",
                  m->cols[lc].label);
    return 0;
}

static void imp_free(struct imp *m)
{
    io_refs_free(&m->refs);
    for (size_t i = 0; m->headers && i < m->nfile; i++) free(m->headers[i]);
    free(m->headers);
    free(m->file_to_col);
    free(m->col_to_file);
    free(m->vals);
    free(m->scratch);
    free(m->set_k);
    free(m->set_v);
}

/* Opens the sheet and reads up to the header row (returned in *hdr). 0, 1
 * when the file has no non-empty row, -1 with res->message. */
static int open_at_header(struct imp *m, const void *data, size_t len, struct sheet **s, struct sheet_row *hdr)
{
    char err[600];
    if (sheet_open(data, len, SHEET_UNKNOWN, s, err, sizeof err) != 0) {
        snprintf(m->res->message, sizeof m->res->message, "%s", err);
        return -1;
    }
    int rc;
    while ((rc = sheet_next(*s, hdr)) == 1)
        if (!row_is_empty(hdr)) return 0;
    if (rc < 0) {
        snprintf(m->res->message, sizeof m->res->message, "%s", sheet_error(*s));
        return -1;
    }
    snprintf(m->res->message, sizeof m->res->message, "Tệp không có dữ liệu (không tìm thấy dòng tiêu đề).");
    return 1;
}

int people_import(db *d, const void *data, size_t len, const struct import_opts *o, struct import_result *res)
{
    if (!res->errors) res->errors = json_array();
    struct imp m;
    memset(&m, 0, sizeof m);
    m.d = d;
    m.o = o;
    m.res = res;
    m.cols = people_cols(&m.ncols);
    m.col_to_file = malloc(m.ncols * sizeof *m.col_to_file);
    m.vals = calloc(m.ncols, sizeof *m.vals);
    auth_scope(o->user, &m.sc);
    date_format_iso(date_today(), m.today);
    res->format = sheet_detect(data, len);
    struct sheet *s = NULL;
    struct sheet_row r;
    int ret = -1, began = 0;
    if (!m.col_to_file || !m.vals) { snprintf(res->message, sizeof res->message, "Không đủ bộ nhớ."); goto out; }

    /* A CSV saved by Excel as "CSV (Comma delimited)" on Vietnamese Windows
     * is Windows-1258, not UTF-8: say so once rather than in every cell. */
    if (res->format == SHEET_CSV) {
        const char *t = data;
        size_t n = len;
        if (n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) { t += 3; n -= 3; }
        int utf16 = n >= 2 && ((unsigned char)t[0] == 0xFF || (unsigned char)t[0] == 0xFE);
        if (!utf16 && !utf8_valid(t, n)) {
            snprintf(res->message, sizeof res->message,
                     "Tệp CSV không được mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3). Trong Excel hãy chọn "
                     "«Lưu thành» → «CSV UTF-8 (Comma delimited)», hoặc tải lên tệp .xlsx.");
            goto out;
        }
    }

    /* Pass 1: header and row count (for progress), no database work. A
     * workbook that declares its size (<dimension>) is not read twice: its
     * row count is estimated from that, and made exact at the end. */
    int rc = open_at_header(&m, data, len, &s, &r);
    if (rc != 0) { ret = rc < 0 ? -1 : 1; goto out; }
    if (parse_header(&m, &r) != 0) { snprintf(res->message, sizeof res->message, "Không đủ bộ nhớ."); goto out; }
    if (res->error_count) {
        snprintf(res->message, sizeof res->message,
                 "Dòng tiêu đề có %ld lỗi; không hồ sơ nào được ghi. Hãy sửa tiêu đề theo mẫu nhập.", res->error_count);
        ret = 1;
        goto out;
    }
    long hint = sheet_row_hint(s);
    int estimated = hint > m.header_row;
    if (estimated) res->total = hint - m.header_row;
    else {
        while ((rc = sheet_next(s, &r)) == 1)
            if (!row_is_empty(&r) && ++res->total > IMPORT_MAX_ROWS) break;
        if (rc < 0) { snprintf(res->message, sizeof res->message, "%s", sheet_error(s)); goto out; }
        sheet_close(s);
        s = NULL;
        if (res->total == 0) {
            snprintf(res->message, sizeof res->message, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.");
            ret = 1;
            goto out;
        }
    }
    if (res->total > IMPORT_MAX_ROWS) {
        snprintf(res->message, sizeof res->message, "Tệp có quá %d dòng; hãy chia thành nhiều tệp.", IMPORT_MAX_ROWS);
        goto out;
    }
    if (o->progress) o->progress(o->progress_ud, 0, res->total);

    /* Pass 2: validate and write every row inside one transaction. */
    if (io_refs_load(d, &m.refs) != 0) { snprintf(res->message, sizeof res->message, "Lỗi cơ sở dữ liệu (danh mục)."); goto out; }
    if (db_begin(d) != 0) {
        snprintf(res->message, sizeof res->message, "Cơ sở dữ liệu đang bận; vui lòng thử lại sau.");
        goto out;
    }
    began = 1;
    if (!s) {
        rc = open_at_header(&m, data, len, &s, &r);
        if (rc != 0) goto out;
    }
    while (!m.fatal && (rc = sheet_next(s, &r)) == 1) {
        if (row_is_empty(&r)) continue;
        if (res->processed >= IMPORT_MAX_ROWS) {
            snprintf(res->message, sizeof res->message, "Tệp có quá %d dòng; hãy chia thành nhiều tệp.", IMPORT_MAX_ROWS);
            goto out;
        }
        process_row(&m, &r);
        res->processed++;
        if (res->processed > res->total) res->total = res->processed; /* an estimate that was short */
        if (o->progress && (res->processed % PROGRESS_EVERY == 0 || res->processed == res->total))
            o->progress(o->progress_ud, res->processed, res->total);
    }
    if (m.fatal) goto out;
    if (rc < 0) { snprintf(res->message, sizeof res->message, "%s", sheet_error(s)); goto out; }
    if (estimated) {
        /* The exact count, now that every row was read. */
        res->total = res->processed;
        if (o->progress) o->progress(o->progress_ud, res->processed, res->total);
        if (res->total == 0) {
            snprintf(res->message, sizeof res->message, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.");
            ret = 1;
            goto out;
        }
    }
    if (res->error_count) {
        snprintf(res->message, sizeof res->message,
                 "Có %ld lỗi ở %ld dòng; không hồ sơ nào được ghi. Hãy sửa các dòng được nêu rồi nhập lại cả tệp.",
                 res->error_count, res->error_rows);
        ret = 1;
        goto out;
    }
    /* The batch entry ties the per-person entries to the file. */
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(hash, data, len);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    json_t *batch = json_pack("{s:s?,s:s,s:s,s:I,s:I,s:I,s:I}", "file", o->source_name, "sha256", hex, "format",
                              res->format == SHEET_XLSX ? "xlsx" : "csv", "rows", (json_int_t)res->total, "created",
                              (json_int_t)res->created, "updated", (json_int_t)res->updated, "unchanged",
                              (json_int_t)res->unchanged);
    char *bs = batch ? json_dumps(batch, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(batch);
    int arc = bs ? audit_append(d, o->actor, "people.import", "import", 0, NULL, bs) : -1;
    free(bs);
    if (arc != 0) { snprintf(res->message, sizeof res->message, "Không ghi được nhật ký (audit); không hồ sơ nào được ghi."); goto out; }
    if (o->dry_run) {
        db_rollback(d);
        began = 0;
        snprintf(res->message, sizeof res->message,
                 "Kiểm tra xong %ld dòng, không có lỗi: sẽ tạo mới %ld, cập nhật %ld, giữ nguyên %ld hồ sơ (chưa ghi gì).",
                 res->total, res->created, res->updated, res->unchanged);
        ret = 0;
        goto out;
    }
    if (db_commit(d) != 0) {
        snprintf(res->message, sizeof res->message, "Không ghi được vào cơ sở dữ liệu; không hồ sơ nào được ghi.");
        goto out;
    }
    began = 0;
    snprintf(res->message, sizeof res->message, "Đã nhập %ld dòng: tạo mới %ld, cập nhật %ld, giữ nguyên %ld hồ sơ.",
             res->total, res->created, res->updated, res->unchanged);
    ret = 0;
out:
    if (ret != 0 && res->error_count == 0 && !res->message[0])
        snprintf(res->message, sizeof res->message, "Không nhập được tệp.");
    if (began) db_rollback(d);
    if (ret != 0) res->created = res->updated = res->unchanged = 0;
    sheet_close(s);
    imp_free(&m);
    return ret;
}
