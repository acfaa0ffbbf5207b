/* People lists to .xlsx / .csv, the import template, structure statistics. */
#include "io/people_export.h"
#include "core/career.h"
#include "core/date.h"
#include "db/admin.h"
#include "db/export.h"
#include "db/unit.h"
#include "io/csv.h"
#include "io/people_cols.h"
#include "io/refs.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define PAGE 10000   /* list page size while exporting: few pages, each a bounded JSON array */

/* --- files -------------------------------------------------------------------------- */

int io_temp_path(char *out, size_t cap, const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    int n = snprintf(out, cap, "%s/canbo-XXXXXX%s", dir, suffix);
    if (n < 0 || (size_t)n >= cap) return -1;
    int fd = mkstemps(out, (int)strlen(suffix));
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

int io_read_file(const char *path, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        if (n == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = !b || ferror(f);
    fclose(f);
    if (err) { free(b); return -1; }
    b[n] = 0; /* a terminating NUL for text callers (not counted) */
    *buf = b;
    *len = n;
    return 0;
}

/* --- cell values ---------------------------------------------------------------------- */

enum otype { OT_EMPTY, OT_TEXT, OT_NUMBER, OT_DATE, OT_COEF };

struct ocell {
    enum otype t;
    const char *s;            /* text, or the ISO date */
    double num;
    char buf[40];
};

struct exp {
    db *d;
    const struct export_opts *o;
    struct io_refs refs;
    const struct people_col **cols;   /* the exported columns */
    size_t ncols;
};

static double excel_serial(const char *iso)
{
    cdate d, base;
    if (date_parse_iso(iso, &d) != 0 || date_from_ymd(1899, 12, 30, &base) != 0) return -1;
    return (double)(d - base);
}

static void cell_of(struct exp *x, const struct people_col *c, json_t *p, const char *pstart, long seq, struct ocell *o)
{
    memset(o, 0, sizeof *o);
    o->t = OT_EMPTY;
    json_t *v = NULL;
    switch (c->kind) {
    case PC_INFO_SEQ: o->t = OT_NUMBER; o->num = (double)seq; return;
    case PC_UNIT: v = json_object_get(p, "unit_id"); if (json_is_integer(v)) { o->t = OT_NUMBER; o->num = (double)json_integer_value(v); } return;
    case PC_INFO_UNIT: v = json_object_get(p, "unit_name"); break;
    case PC_POSITION: v = json_object_get(p, "position"); break;
    case PC_INFO_TITLE: v = json_object_get(p, "title_name"); break;
    case PC_INFO_RANK: v = json_object_get(p, "rank_name"); break;
    case PC_RANK: v = json_object_get(p, "rank_code"); break;
    case PC_DECISION: return;
    case PC_TITLE: {
        v = json_object_get(p, "title_id");
        const struct ref_item *it = json_is_integer(v) ? ref_by_id(&x->refs.title, json_integer_value(v)) : NULL;
        if (it && it->code) { o->t = OT_TEXT; o->s = it->code; }
        return;
    }
    case PC_POSTING_FROM:
        if (pstart && *pstart) { o->t = OT_DATE; o->s = pstart; }
        return;
    case PC_SALARY_FROM:
        v = json_object_get(p, "salary_since");
        if (json_is_string(v)) { o->t = OT_DATE; o->s = json_string_value(v); }
        return;
    case PC_STEP:
        v = json_object_get(p, "salary_step");
        if (json_is_integer(v)) { o->t = OT_NUMBER; o->num = (double)json_integer_value(v); }
        return;
    case PC_VK:
        v = json_object_get(p, "vk_percent");
        if (json_is_integer(v) && json_integer_value(v) > 0) { o->t = OT_NUMBER; o->num = (double)json_integer_value(v); }
        return;
    case PC_INFO_COEF:
        v = json_object_get(p, "coef_x100");
        if (json_is_integer(v)) { o->t = OT_COEF; o->num = (double)json_integer_value(v) / 100.0; }
        return;
    case PC_FIELD: {
        const struct person_field *f = c->pf;
        v = json_object_get(p, f->name);
        if (!v || json_is_null(v)) return;
        switch (f->type) {
        case PF_DATE: {
            const char *iso = json_string_value(v);
            if (!iso) return;
            int prec = !strcmp(f->name, "birth_date") ? (int)json_integer_value(json_object_get(p, "birth_precision")) : 0;
            if (prec == 1 && strlen(iso) >= 7) {
                snprintf(o->buf, sizeof o->buf, "%.2s/%.4s", iso + 5, iso);
                o->t = OT_TEXT;
                o->s = o->buf;
            } else if (prec == 2 && strlen(iso) >= 4) {
                snprintf(o->buf, sizeof o->buf, "%.4s", iso);
                o->t = OT_TEXT;
                o->s = o->buf;
            } else {
                o->t = OT_DATE;
                o->s = iso;
            }
            return;
        }
        case PF_INT: case PF_PRECISION:
            if (json_is_integer(v)) { o->t = OT_NUMBER; o->num = (double)json_integer_value(v); }
            return;
        case PF_SEX:
            o->t = OT_TEXT;
            o->s = json_integer_value(v) == 2 ? "Nữ" : "Nam";
            return;
        case PF_ETHNICITY: case PF_RELIGION: {
            const struct ref_item *it = ref_by_id(f->type == PF_ETHNICITY ? &x->refs.eth : &x->refs.rel, json_integer_value(v));
            if (it) { o->t = OT_TEXT; o->s = it->name; }
            return;
        }
        case PF_LEVEL: {
            const char *code = json_string_value(v);
            const struct ref_item *it = code ? ref_by_code(&x->refs.level, code, f->level_kind) : NULL;
            o->t = OT_TEXT;
            o->s = it ? it->name : code;
            return;
        }
        default: break;
        }
        break;
    }
    }
    if (json_is_string(v) && *json_string_value(v)) {
        o->t = OT_TEXT;
        o->s = json_string_value(v);
    } else if (json_is_integer(v)) {
        o->t = OT_NUMBER;
        o->num = (double)json_integer_value(v);
    }
}

static int exp_init(struct exp *x, db *d, const struct export_opts *o, int for_template)
{
    memset(x, 0, sizeof *x);
    x->d = d;
    x->o = o;
    size_t n;
    const struct people_col *all = people_cols(&n);
    x->cols = calloc(n, sizeof *x->cols);
    if (!x->cols) return -1;
    for (size_t i = 0; i < n; i++) {
        const struct people_col *c = &all[i];
        if (!c->exported) continue;
        if (for_template && people_col_is_info(c)) continue;
        if (!for_template && !o->with_sensitive && c->pf && c->pf->group != PG_BASIC) continue;
        x->cols[x->ncols++] = c;
    }
    if (d && io_refs_load(d, &x->refs) != 0) return -1;
    return 0;
}

static void exp_free(struct exp *x)
{
    io_refs_free(&x->refs);
    free(x->cols);
}

/* Calls fn for each listed person (full record) in list order. */
typedef int (*each_fn)(struct exp *x, void *ud, json_t *p, const char *pstart, long seq);

static int each_person(struct exp *x, each_fn fn, void *ud, long *count)
{
    struct scope sc;
    auth_scope(x->o->user, &sc);
    struct person_filter f;
    if (x->o->filter) f = *x->o->filter;
    else memset(&f, 0, sizeof f);
    f.per_page = PAGE;
    long seq = 0;
    /* One snapshot for the whole list (consistent pages, and no lock per
     * statement); the HTTP layer may already hold one for GET requests. */
    int own_tx = sqlite3_get_autocommit(db_handle(x->d)) && db_read_begin(x->d) == 0;
    int rc = 0;
    for (int page = 1; rc == 0; page++) {
        f.page = page;
        json_t *items = NULL;
        int64_t total;
        int capped;
        if (db_person_list(x->d, &sc, &f, &items, &total, &capped) != 0) { rc = -1; break; }
        size_t n = json_array_size(items);
        for (size_t i = 0; i < n && rc == 0; i++) {
            int64_t id = json_integer_value(json_object_get(json_array_get(items, i), "id"));
            json_t *p = NULL;
            if (db_person_get(x->d, &sc, id, &p) != 0) continue;
            char start[11] = "";
            if (db_io_posting_start(x->d, id, start) < 0) start[0] = 0;
            if (fn(x, ud, p, start, ++seq) != 0) rc = -1;
            json_decref(p);
        }
        json_decref(items);
        if (n < PAGE || seq >= EXPORT_MAX_ROWS) break;
    }
    if (own_tx) db_read_end(x->d);
    if (count) *count = seq;
    return rc;
}

/* --- xlsx ----------------------------------------------------------------------------- */

struct xw {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *hdr, *date, *coef, *text;
    lxw_row_t row;
};

static int xw_open(struct xw *w, const char *path, const char *sheet, const char *title)
{
    memset(w, 0, sizeof *w);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    w->wb = workbook_new_opt(path, &opt);
    if (!w->wb) return -1;
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)title;
    props.author = (char *)"canbo";
    props.company = (char *)"canbo";
    workbook_set_properties(w->wb, &props);
    w->ws = workbook_add_worksheet(w->wb, sheet);
    w->hdr = workbook_add_format(w->wb);
    format_set_bold(w->hdr);
    format_set_text_wrap(w->hdr);
    format_set_align(w->hdr, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(w->hdr, 0xDDEBF7);
    format_set_border(w->hdr, LXW_BORDER_THIN);
    w->date = workbook_add_format(w->wb);
    format_set_num_format(w->date, "dd/mm/yyyy");
    w->coef = workbook_add_format(w->wb);
    format_set_num_format(w->coef, "0.00");
    w->text = workbook_add_format(w->wb);
    format_set_num_format(w->text, "@");
    return w->ws ? 0 : -1;
}

static void xw_header(struct xw *w, struct exp *x)
{
    for (size_t i = 0; i < x->ncols; i++) {
        const struct people_col *c = x->cols[i];
        /* Text columns are formatted as text, so that typing "01.003" or a
         * CCCD with its leading zero keeps it. */
        int textual = c->kind == PC_RANK || c->kind == PC_TITLE || (c->pf && (c->pf->type == PF_CCCD || c->pf->type == PF_TEXT));
        worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, c->width, textual ? w->text : NULL);
    }
    worksheet_set_row(w->ws, 0, 32, NULL);
    for (size_t i = 0; i < x->ncols; i++) worksheet_write_string(w->ws, 0, (lxw_col_t)i, x->cols[i]->label, w->hdr);
    worksheet_freeze_panes(w->ws, 1, 3);
    w->row = 1;
}

static int xw_cell(struct xw *w, lxw_col_t col, const struct ocell *o)
{
    lxw_error e = LXW_NO_ERROR;
    switch (o->t) {
    case OT_EMPTY: break;
    case OT_TEXT: e = worksheet_write_string(w->ws, w->row, col, o->s, NULL); break;
    case OT_NUMBER: e = worksheet_write_number(w->ws, w->row, col, o->num, NULL); break;
    case OT_COEF: e = worksheet_write_number(w->ws, w->row, col, o->num, w->coef); break;
    case OT_DATE: {
        double s = excel_serial(o->s);
        e = s > 0 ? worksheet_write_number(w->ws, w->row, col, s, w->date) : worksheet_write_string(w->ws, w->row, col, o->s, NULL);
        break;
    }
    }
    return e == LXW_NO_ERROR ? 0 : -1;
}

static int xlsx_row(struct exp *x, void *ud, json_t *p, const char *pstart, long seq)
{
    struct xw *w = ud;
    for (size_t i = 0; i < x->ncols; i++) {
        struct ocell o;
        cell_of(x, x->cols[i], p, pstart, seq, &o);
        if (xw_cell(w, (lxw_col_t)i, &o) != 0) return -1;
    }
    w->row++;
    return 0;
}

static int xw_close(struct xw *w, struct exp *x)
{
    if (x && x->ncols && w->ws) worksheet_autofilter(w->ws, 0, 0, w->row > 1 ? w->row - 1 : 1, (lxw_col_t)(x->ncols - 1));
    lxw_error e = workbook_close(w->wb);
    w->wb = NULL;
    return e == LXW_NO_ERROR ? 0 : -1;
}

int people_export_xlsx(db *d, const struct export_opts *o, const char *path, long *count)
{
    struct exp x;
    struct xw w;
    if (exp_init(&x, d, o, 0) != 0) { exp_free(&x); return -1; }
    if (xw_open(&w, path, "Danh sách", "Danh sách cán bộ, công chức, viên chức") != 0) {
        if (w.wb) workbook_close(w.wb);
        exp_free(&x);
        return -1;
    }
    xw_header(&w, &x);
    int rc = each_person(&x, xlsx_row, &w, count);
    if (xw_close(&w, &x) != 0) rc = -1;
    exp_free(&x);
    return rc;
}

/* --- csv ------------------------------------------------------------------------------ */

static void csv_out(struct csv_writer *w, const struct ocell *o)
{
    char buf[40];
    switch (o->t) {
    case OT_EMPTY: csv_cell_raw(w, NULL); break;
    case OT_TEXT: csv_cell(w, o->s); break;
    case OT_NUMBER: snprintf(buf, sizeof buf, "%.0f", o->num); csv_cell_raw(w, buf); break;
    case OT_COEF: snprintf(buf, sizeof buf, "%.2f", o->num); csv_cell_raw(w, buf); break;
    case OT_DATE: {
        cdate cd;
        if (date_parse_iso(o->s, &cd) == 0) {
            date_format_vn(cd, buf);
            csv_cell_raw(w, buf);
        } else csv_cell(w, o->s);
        break;
    }
    }
}

static int csv_row(struct exp *x, void *ud, json_t *p, const char *pstart, long seq)
{
    struct csv_writer *w = ud;
    for (size_t i = 0; i < x->ncols; i++) {
        struct ocell o;
        cell_of(x, x->cols[i], p, pstart, seq, &o);
        csv_out(w, &o);
    }
    csv_end_row(w);
    return ferror(w->f) ? -1 : 0;
}

int people_export_csv(db *d, const struct export_opts *o, FILE *f, long *count)
{
    struct exp x;
    if (exp_init(&x, d, o, 0) != 0) { exp_free(&x); return -1; }
    struct csv_writer w;
    csv_writer_init(&w, f, o->sep);
    csv_write_bom(&w);
    for (size_t i = 0; i < x.ncols; i++) csv_cell(&w, x.cols[i]->label);
    csv_end_row(&w);
    int rc = each_person(&x, csv_row, &w, count);
    if (fflush(f) != 0 || ferror(f)) rc = -1;
    exp_free(&x);
    return rc;
}

/* --- template ------------------------------------------------------------------------- */

static const struct { const char *key, *value; } example[] = {
    {"cccd", "048085000123"}, {"full_name", "Nguyễn Văn An"}, {"birth_date", "15/03/1985"}, {"sex", "Nam"},
    {"unit_id", "T12.SNV"}, {"position", "Chuyên viên tổ chức cán bộ"}, {"posting_from", "01/07/2025"},
    {"rank_code", "01.003"}, {"salary_step", "3"}, {"salary_from", "01/01/2024"},
    {"birth_place", "Phường Hải Châu, thành phố Đà Nẵng"}, {"home_town", "Xã Điện Bàn, thành phố Đà Nẵng"},
    {"ethnicity_id", "Kinh"}, {"religion_id", "Không"}, {"phone", "0905123456"}, {"email", "an.nv@danang.gov.vn"},
    {"occupation_at_recruitment", "Sinh viên"}, {"recruitment_date", "01/09/2008"}, {"recruitment_agency", "Sở Nội vụ"},
    {"general_education", "12/12"}, {"professional_level", "Đại học"}, {"professional_major", "Luật"},
    {"theory_level", "Trung cấp lý luận chính trị"}, {"mgmt_level", "Chuyên viên"}, {"foreign_language", "Tiếng Anh bậc 3"},
    {"it_level", "Ứng dụng CNTT cơ bản"}, {"party_join_date", "19/05/2012"}, {"party_official_date", "19/05/2013"},
    {"id_issue_date", "10/08/2021"}, {NULL, NULL},
};

static const char *example_value(const char *key)
{
    for (size_t i = 0; example[i].key; i++)
        if (!strcmp(example[i].key, key)) return example[i].value;
    return NULL;
}

int people_template_xlsx(const char *path)
{
    struct exp x;
    struct export_opts o = {0};
    if (exp_init(&x, NULL, &o, 1) != 0) { exp_free(&x); return -1; }
    struct xw w;
    if (xw_open(&w, path, "Mẫu nhập", "Mẫu nhập hồ sơ cán bộ, công chức, viên chức") != 0) {
        if (w.wb) workbook_close(w.wb);
        exp_free(&x);
        return -1;
    }
    xw_header(&w, &x);
    for (size_t i = 0; i < x.ncols; i++) {
        const char *v = example_value(x.cols[i]->key);
        if (!v) continue;
        int is_date = x.cols[i]->kind == PC_POSTING_FROM || x.cols[i]->kind == PC_SALARY_FROM ||
                      (x.cols[i]->pf && x.cols[i]->pf->type == PF_DATE);
        int d, m, y;
        cdate cd, base;
        if (is_date && sscanf(v, "%d/%d/%d", &d, &m, &y) == 3 && date_from_ymd(y, m, d, &cd) == 0 &&
            date_from_ymd(1899, 12, 30, &base) == 0)
            worksheet_write_number(w.ws, 1, (lxw_col_t)i, (double)(cd - base), w.date);
        else if (x.cols[i]->kind == PC_STEP)
            worksheet_write_number(w.ws, 1, (lxw_col_t)i, atof(v), NULL);
        else worksheet_write_string(w.ws, 1, (lxw_col_t)i, v, NULL);
    }
    w.row = 2;
    int rc = xw_close(&w, &x);
    exp_free(&x);
    return rc;
}

int people_template_csv(FILE *f, char sep)
{
    struct exp x;
    struct export_opts o = {0};
    if (exp_init(&x, NULL, &o, 1) != 0) { exp_free(&x); return -1; }
    struct csv_writer w;
    csv_writer_init(&w, f, sep);
    csv_write_bom(&w);
    for (size_t i = 0; i < x.ncols; i++) csv_cell(&w, x.cols[i]->label);
    csv_end_row(&w);
    for (size_t i = 0; i < x.ncols; i++) csv_cell(&w, example_value(x.cols[i]->key));
    csv_end_row(&w);
    exp_free(&x);
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* --- statistics --------------------------------------------------------------------------- */

enum { D_RANK, D_SEX, D_AGE, D_ETH, D_PROF, D_THEORY, D_COUNT };
#define MAX_CAT 16

struct stat_row {
    char name[340];
    long total;
    long c[D_COUNT][MAX_CAT];
};

struct dim {
    const char *sheet, *title;
    int ncat;
    const char *cat_key[MAX_CAT];    /* matching value (rank group, level code...) */
    const char *cat_label[MAX_CAT];
};

struct stats {
    struct dim dims[D_COUNT];
    cdate today;
};

static const char *const rank_groups[][2] = {
    {"chuyen_gia_cao_cap", "Chuyên gia cao cấp"},
    {"chuyen_vien_cao_cap", "Chuyên viên cao cấp và tương đương"},
    {"chuyen_vien_chinh", "Chuyên viên chính và tương đương"},
    {"chuyen_vien", "Chuyên viên và tương đương"},
    {"can_su", "Cán sự và tương đương"},
    {"nhan_vien", "Nhân viên"},
};

static int cat_index(const struct dim *dm, const char *key)
{
    if (key)
        for (int i = 0; i < dm->ncat; i++)
            if (dm->cat_key[i] && !strcmp(dm->cat_key[i], key)) return i;
    return dm->ncat - 1; /* the last category collects the rest */
}

struct stat_ctx { struct stats *st; struct stat_row *row; };

static int stat_cb(void *ud, const struct io_stat_person *p)
{
    struct stat_ctx *c = ud;
    struct stat_row *r = c->row;
    struct dim *dims = c->st->dims;
    r->total++;
    r->c[D_RANK][cat_index(&dims[D_RANK], p->rank_group)]++;
    r->c[D_SEX][p->sex == 2 ? 1 : 0]++;
    cdate bd;
    const char *band = p->birth_date && date_parse_iso(p->birth_date, &bd) == 0 ? age_band(date_age_years(bd, c->st->today)) : NULL;
    r->c[D_AGE][cat_index(&dims[D_AGE], band)]++;
    r->c[D_ETH][p->ethnicity_id == 1 ? 0 : p->ethnicity_id > 1 ? 1 : 2]++;
    r->c[D_PROF][cat_index(&dims[D_PROF], p->professional_level)]++;
    r->c[D_THEORY][cat_index(&dims[D_THEORY], p->theory_level)]++;
    return 0;
}

static void stats_dims(struct stats *st, const struct io_refs *refs)
{
    struct dim *d = st->dims;
    d[D_RANK] = (struct dim){"Ngạch", "THEO NGẠCH CÔNG CHỨC (VÀ TƯƠNG ĐƯƠNG)", 0, {0}, {0}};
    for (size_t i = 0; i < sizeof rank_groups / sizeof rank_groups[0]; i++) {
        d[D_RANK].cat_key[d[D_RANK].ncat] = rank_groups[i][0];
        d[D_RANK].cat_label[d[D_RANK].ncat++] = rank_groups[i][1];
    }
    d[D_RANK].cat_label[d[D_RANK].ncat++] = "Chưa xếp ngạch";
    d[D_SEX] = (struct dim){"Giới tính", "THEO GIỚI TÍNH", 2, {"1", "2"}, {"Nam", "Nữ"}};
    d[D_AGE] = (struct dim){"Độ tuổi", "THEO ĐỘ TUỔI", 6, {"duoi30", "30-39", "40-49", "50-59", "tu60", NULL},
                            {"Dưới 30", "Từ 30 đến 39", "Từ 40 đến 49", "Từ 50 đến 59", "Từ 60 trở lên", "Không rõ"}};
    d[D_ETH] = (struct dim){"Dân tộc", "THEO DÂN TỘC", 3, {"kinh", "minority", NULL}, {"Kinh", "Dân tộc thiểu số", "Chưa khai"}};
    d[D_PROF] = (struct dim){"Chuyên môn", "THEO TRÌNH ĐỘ CHUYÊN MÔN", 0, {0}, {0}};
    d[D_THEORY] = (struct dim){"Lý luận chính trị", "THEO TRÌNH ĐỘ LÝ LUẬN CHÍNH TRỊ", 0, {0}, {0}};
    for (size_t i = 0; i < refs->level.n; i++) {
        const struct ref_item *it = &refs->level.v[i];
        struct dim *dm = !strcmp(it->kind, "professional") ? &d[D_PROF] : !strcmp(it->kind, "theory") ? &d[D_THEORY] : NULL;
        if (!dm || dm->ncat >= MAX_CAT - 1) continue;
        dm->cat_key[dm->ncat] = it->code;
        dm->cat_label[dm->ncat++] = it->name;
    }
    d[D_PROF].cat_label[d[D_PROF].ncat++] = "Chưa khai, khác";
    d[D_THEORY].cat_label[d[D_THEORY].ncat++] = "Chưa có";
}

int stats_export_xlsx(db *d, const struct user *u, int64_t unit, const char *path)
{
    struct io_refs refs;
    struct stats st;
    memset(&st, 0, sizeof st);
    st.today = date_today();
    char today[11], today_vn[11];
    date_format_iso(st.today, today);
    date_format_vn(st.today, today_vn);
    if (io_refs_load(d, &refs) != 0) { io_refs_free(&refs); return -1; }
    stats_dims(&st, &refs);

    /* Which units are the rows. */
    json_t *rows_units = NULL;
    char root_name[300] = "";
    if (!unit && u->role != ROLE_ADMIN) unit = u->unit_id;
    if (!unit) {
        json_t *roots = db_io_root_units(d);
        if (roots && json_array_size(roots) == 1) unit = json_integer_value(json_object_get(json_array_get(roots, 0), "id"));
        else rows_units = roots ? json_incref(roots) : NULL;
        json_decref(roots);
    }
    int direct_row = 0;
    if (unit) {
        if (db_unit_children(d, unit, today, &rows_units) != 0) rows_units = NULL;
        db_unit_current_name(d, unit, root_name, sizeof root_name);
        direct_row = 1;
    }
    if (!rows_units) { io_refs_free(&refs); return -1; }
    size_t nu = json_array_size(rows_units);
    struct stat_row *rows = calloc(nu + 2, sizeof *rows);
    if (!rows) { json_decref(rows_units); io_refs_free(&refs); return -1; }
    size_t nr = 0;
    int rc = 0;
    for (size_t i = 0; i < nu && rc == 0; i++) {
        json_t *o = json_array_get(rows_units, i);
        snprintf(rows[nr].name, sizeof rows[nr].name, "%s", json_string_value(json_object_get(o, "name")) ? json_string_value(json_object_get(o, "name")) : "");
        struct stat_ctx c = {&st, &rows[nr]};
        rc = db_io_stats_each(d, json_integer_value(json_object_get(o, "id")), 0, stat_cb, &c);
        nr++;
    }
    if (direct_row && rc == 0) {
        snprintf(rows[nr].name, sizeof rows[nr].name, "Trực thuộc %s", root_name);
        struct stat_ctx c = {&st, &rows[nr]};
        rc = db_io_stats_each(d, unit, 1, stat_cb, &c);
        if (rows[nr].total > 0 || nu == 0) nr++;
        else memset(&rows[nr], 0, sizeof rows[nr]);
    }
    json_decref(rows_units);
    struct stat_row total;
    memset(&total, 0, sizeof total);
    for (size_t i = 0; i < nr; i++) {
        total.total += rows[i].total;
        for (int k = 0; k < D_COUNT; k++)
            for (int c = 0; c < MAX_CAT; c++) total.c[k][c] += rows[i].c[k][c];
    }

    lxw_workbook *wb = rc == 0 ? workbook_new(path) : NULL;
    if (!wb) { free(rows); io_refs_free(&refs); return -1; }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)"Thống kê cơ cấu đội ngũ cán bộ, công chức, viên chức";
    props.author = (char *)"canbo";
    workbook_set_properties(wb, &props);
    lxw_format *title = workbook_add_format(wb), *hdr = workbook_add_format(wb), *num = workbook_add_format(wb),
               *bold = workbook_add_format(wb), *txt = workbook_add_format(wb), *note = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 13);
    format_set_bold(hdr);
    format_set_text_wrap(hdr);
    format_set_align(hdr, LXW_ALIGN_CENTER);
    format_set_align(hdr, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(hdr, 0xDDEBF7);
    format_set_border(hdr, LXW_BORDER_THIN);
    format_set_border(num, LXW_BORDER_THIN);
    format_set_border(txt, LXW_BORDER_THIN);
    format_set_text_wrap(txt);
    format_set_bold(bold);
    format_set_border(bold, LXW_BORDER_THIN);
    format_set_italic(note);
    char sub[400];
    snprintf(sub, sizeof sub, "Đơn vị: %s — số liệu ngày %s (người đang công tác)", unit ? root_name : "Toàn bộ", today_vn);
    for (int k = 0; k < D_COUNT; k++) {
        const struct dim *dm = &st.dims[k];
        lxw_worksheet *ws = workbook_add_worksheet(wb, dm->sheet);
        if (!ws) { rc = -1; break; }
        char t[200];
        snprintf(t, sizeof t, "SỐ LƯỢNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC %s", dm->title);
        worksheet_write_string(ws, 0, 0, t, title);
        worksheet_write_string(ws, 1, 0, sub, note);
        worksheet_set_column(ws, 0, 0, 6, NULL);
        worksheet_set_column(ws, 1, 1, 44, NULL);
        worksheet_set_column(ws, 2, (lxw_col_t)(2 + dm->ncat), 14, NULL);
        worksheet_set_row(ws, 3, 45, NULL);
        worksheet_write_string(ws, 3, 0, "STT", hdr);
        worksheet_write_string(ws, 3, 1, "Đơn vị", hdr);
        worksheet_write_string(ws, 3, 2, "Tổng số", hdr);
        for (int c = 0; c < dm->ncat; c++) worksheet_write_string(ws, 3, (lxw_col_t)(3 + c), dm->cat_label[c], hdr);
        lxw_row_t r = 4;
        for (size_t i = 0; i < nr; i++, r++) {
            worksheet_write_number(ws, r, 0, (double)(i + 1), num);
            worksheet_write_string(ws, r, 1, rows[i].name, txt);
            worksheet_write_number(ws, r, 2, (double)rows[i].total, num);
            for (int c = 0; c < dm->ncat; c++) worksheet_write_number(ws, r, (lxw_col_t)(3 + c), (double)rows[i].c[k][c], num);
        }
        worksheet_write_blank(ws, r, 0, bold);
        worksheet_write_string(ws, r, 1, "Tổng cộng", bold);
        worksheet_write_number(ws, r, 2, (double)total.total, bold);
        for (int c = 0; c < dm->ncat; c++) worksheet_write_number(ws, r, (lxw_col_t)(3 + c), (double)total.c[k][c], bold);
        worksheet_freeze_panes(ws, 4, 2);
    }
    if (workbook_close(wb) != LXW_NO_ERROR) rc = -1;
    free(rows);
    io_refs_free(&refs);
    return rc;
}
